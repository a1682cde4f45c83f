"""Stream sockets as one class per state.

Rules of this module:

* A class here offers exactly the operations that ``_states.TRANSITIONS``
  allows in its state, no more and no fewer; ``_Socket.__init_subclass__``
  checks that when each class is defined and installs a raising stand-in for
  every other operation, and ``_link_classes`` gives each class the classes
  its operations lead to.  To change what is legal, change the table, then
  the class.
* A transition changes the object's class in place, to the class of the
  state the table names, and returns the object.  The classes therefore share
  one slot layout: slots live on ``_Socket`` only, and every other class here
  declares ``__slots__ = ()``.
* Hot paths (send and receive) are one attribute load, the stdlib call and
  a count of the calls under way (which ``close()`` reads): no checks, locks
  or allocations.  Their legality is settled by the class.
* Every change of class happens under the socket's own lock, ``_lock``,
  after checking that the operation is still legal: of two threads racing to
  move the same socket, one wins and the other gets the ordering error.
  Calls that may block (a blocking ``connect``) hold it only to claim the
  socket and to settle it, never while they wait.  The lock is reentrant:
  the tracer runs under it and may use the socket.
* Kernel errors pass through unchanged.  Where a failure changes the state
  (a failed connect), the table says to what, and the descriptor is released
  before the error propagates.  A kernel error that only happened because
  another thread moved the socket on during the call (closed it, say) is
  replaced by the ordering error for the new state, chained from it.
"""

# pyright: reportPrivateUsage=false
# The state classes and the helpers beside them share private attributes
# (_sock, _STATE, _new) that nothing outside this module touches.

from __future__ import annotations

import _socket
import _thread
import errno
import operator
import os
import socket as _stdlib
import sys

from . import _trace
from ._addresses import (
    CHECKERS,
    IPv4Address,
    IPv6Address,
    IPv6AddressInput,
    StdlibAddress,
    UnixAddress,
    UnixAddressInput,
)
from ._errors import IncompleteReadError, MessageTruncatedError, ModeError, OrderingError
from ._options import OptionsProperty, with_defaults
from ._states import (
    ACCEPTED_STATE,
    OPERATIONS,
    TERMINAL,
    TRANSITIONS,
    State,
    allowed,
    next_state,
    ordering_error,
)
from ._typing import TYPE_CHECKING, Generic, TypeVar, cast, overload

if TYPE_CHECKING:
    import io
    from collections.abc import Callable, Iterable
    from types import TracebackType
    from typing import Any, ClassVar, Literal, NoReturn

    from typing_extensions import Buffer, Self

A = TypeVar("A", covariant=True)
"""The family's address type, as the kernel reports it.  Covariant: a
socket only hands addresses out; what it takes in is chosen by overloads."""

_CLASSES: dict[State, type[_Socket]] = {}
_MAX_BACKLOG = 0x7FFFFFFF
_MSG_TRUNC = _stdlib.MSG_TRUNC
_SHUT_RDWR = _stdlib.SHUT_RDWR
_SO_ERROR = _stdlib.SO_ERROR
_SOL_SOCKET = _stdlib.SOL_SOCKET
_IN_PROGRESS = frozenset({0, errno.EINPROGRESS, errno.EINTR})
"""What a non-blocking connect answers when it has started (``EINTR``:
interrupted, it goes on without the caller) or already succeeded (0)."""
_strerror = os.strerror
_INFINITY = float("inf")
_RLock = _thread.RLock
_AF_UNIX = _stdlib.AF_UNIX


class _Illegal:
    """Stands in for an operation that a state forbids: looking it up on an
    instance raises the ordering error, before anything else happens."""

    __slots__ = ("operation", "state")

    def __init__(self, operation: str, state: State) -> None:
        self.operation = operation
        self.state = state

    def __get__(self, instance: object, owner: type | None = None) -> object:
        if instance is None:
            return self
        raise cast("_Socket", instance)._refuse(self.operation)


_type_of = cast("Callable[[_stdlib.socket], int]", vars(_socket.socket)["type"].__get__)
"""A socket's type as a plain int (``socket.socket.type`` converts it)."""

_family_of = cast("Callable[[_stdlib.socket], int]", vars(_socket.socket)["family"].__get__)
"""A socket's family as a plain int: the C getter that ``socket.socket.family``
wraps in a slower conversion to ``AddressFamily``."""


def _connect(sock: _stdlib.socket, address: StdlibAddress) -> None:
    """``sock.connect(address)``, made again while a Unix socket is not
    connected after it.

    A signal whose handler returns ends a Unix connect(2) that waits for
    room in the listener's queue with EINTR.  CPython takes that for a TCP
    connect going on in the kernel, waits for the socket to be writable (a
    Unix one is at once) and reports success on a socket that is not
    connected.  Connecting again is the retry that PEP 475 promises.
    """
    sock.connect(address)
    if _family_of(sock) == _AF_UNIX:
        while True:
            try:
                sock.getpeername()
            except OSError:  # ENOTCONN: interrupted, as above
                sock.connect(address)
            else:
                return


def state_classes() -> dict[State, type[_Socket]]:
    """The class of each state, as registered when each class was defined."""
    return dict(_CLASSES)


class _Socket:
    """What every state has: its ``state``, ``close()`` and the context manager."""

    __slots__ = ("__weakref__", "_calls", "_lock", "_sock")

    _sock: _stdlib.socket
    _calls: int
    _lock: _thread.RLock
    _STATE: ClassVar[State]
    _forbidden: ClassVar[frozenset[str]] = frozenset()
    _allowed: ClassVar[frozenset[str]] = frozenset()
    _terminal: ClassVar[bool] = False
    _after: ClassVar[dict[str, type[_Socket]]] = {}
    _after_error: ClassVar[dict[str, type[_Socket]]] = {}
    _after_end: ClassVar[dict[str, type[_Socket]]] = {}
    _during: ClassVar[dict[str, type[_Socket]]] = {}

    def __init_subclass__(cls) -> None:
        """Register a class that names a ``_STATE`` as that state's class,
        after checking that it offers exactly what the table allows, and
        install stand-ins for the operations it does not offer."""
        super().__init_subclass__()
        state = cls.__dict__.get("_STATE")
        if not isinstance(state, State):
            return
        offered = frozenset(name for name in dir(cls) if not name.startswith("_")) - {"state"}
        if offered != allowed(state):
            raise TypeError(
                f"{cls.__name__} offers {sorted(offered)}; the table {sorted(allowed(state))}"
            )
        cls._allowed = offered
        cls._terminal = state in TERMINAL
        cls._forbidden = OPERATIONS - offered
        for operation in cls._forbidden:
            setattr(cls, operation, _Illegal(operation, state))
        _CLASSES[state] = cls

    def __init__(self) -> None:
        raise TypeError("create sockets with sockstate.socket() or its factories")

    @classmethod
    def _new(cls, sock: _stdlib.socket, operation: str, address: object = None) -> Self:
        """A new object of this class around ``sock``, made by ``operation``;
        the tracer, if there is one, hears that it came to be."""
        obj = object.__new__(cls)
        obj._sock = sock
        obj._calls = 0
        obj._lock = _RLock()
        if _trace.tracer is not None:
            _trace.tracer(_trace.Transition(obj, operation, None, cls._STATE, address))
        return obj

    def _require(self, operation: str) -> None:
        """Raise the ordering error unless ``operation`` is legal now.

        Looking an illegal operation up already raises; this catches a
        method object saved before a transition and called after it, and a
        transition that another thread made first.
        """
        if operation not in self._allowed:
            raise self._refuse(operation)

    def _checked(self, operation: str, address: object) -> StdlibAddress:
        """``address`` as the stdlib takes it, once ``operation`` is known to
        be legal now and the address to fit the socket's family."""
        if operation not in self._allowed:  # _require, inlined: bind and connect are hot
            raise self._refuse(operation)
        return CHECKERS[_family_of(self._sock)](address)

    def _refuse(self, operation: str) -> OrderingError:
        """The ordering error for ``operation`` in this socket's state."""
        datagram = _type_of(self._sock) == _stdlib.SOCK_DGRAM
        return ordering_error(operation, self._STATE, datagram=datagram)

    def _failed(self, operation: str, error: OSError) -> None:
        """Account for ``error``, raised by the kernel in a data call.

        Raises the ordering error, chained from ``error``, if ``operation``
        is no longer legal: another thread closed or shut the socket during
        the call, or the method was saved before a transition.  Moves the
        socket where the table says a failed connection leads if ``error``
        is a ``ConnectionError``; any other error leaves the state alone.
        """
        with self._lock:
            if operation not in self._allowed:
                raise self._refuse(operation) from error
            if isinstance(error, ConnectionError):
                self._move(operation, failed=True)

    def _ended(self, operation: str) -> None:
        """Move where the table says a read of the peer's end of stream
        leads.  If reading is no longer legal (another thread shut the
        socket down or closed it, which woke this read, or the method was
        saved before an earlier end), raise the ordering error instead: a
        loop that reads on must stop rather than spin on ``b""``."""
        with self._lock:
            self._require(operation)
            self._move(operation, ended=True)

    def _datagram(self, operation: str, bufsize: int, flags: int) -> tuple[bytes, object]:
        """Receive one datagram for ``operation``: ``(data, sender)``, the
        sender ``""`` when unnamed.  Raises ``MessageTruncatedError`` for a
        datagram longer than ``bufsize``, and the ordering error when
        another thread's ``close()`` woke the call.  It lives here, not on
        the datagram classes, so that a method saved before ``close()``
        still finds it."""
        self._calls += 1
        try:
            data, _, msg_flags, address = self._sock.recvmsg(bufsize, 0, flags)
        except OSError as error:
            self._failed(operation, error)
            raise
        finally:
            self._calls -= 1
        if not data:
            self._require(operation)  # woken by close(), or an empty datagram
        if address is None:
            address = ""
        if msg_flags & _MSG_TRUNC:
            raise MessageTruncatedError(data, address)
        return data, address

    def _shut(self, operation: str, how: int) -> Any:
        """Shut the socket down (``how``) and move where the table says;
        when the table keeps the state (the side is shut already), make no
        system call.

        The class changes before the system call, because the shutdown wakes
        any thread blocked on the socket, and that thread must find the new
        state.  Any ``OSError`` moves the socket where the table says a
        failed connection leads before it propagates.
        """
        with self._lock:
            self._require(operation)
            before = type(self)
            target = before._after[operation]
            if target is before:
                return self
            object.__setattr__(self, "__class__", target)
            try:
                self._sock.shutdown(how)
            except OSError:
                object.__setattr__(self, "__class__", before)
                self._move(operation, failed=True)
                raise
            self._traced(operation, before._STATE, target._STATE)
            return self

    def _move(
        self,
        operation: str,
        *,
        failed: bool = False,
        ended: bool = False,
        address: object = None,
    ) -> Any:
        """Put this socket in the state the table names for ``operation``
        (on success, or ``failed``, or ``ended`` by the peer's end of
        stream), release its descriptor if that state is terminal, then tell
        the tracer, if there is one.  The caller holds the socket's lock.

        Returns the socket typed ``Any``: the table, not the type checker,
        knows the class it has now, and each caller's declared return type
        names it.
        """
        old = self._STATE
        targets = self._after_error if failed else self._after_end if ended else self._after
        target = targets[operation]
        object.__setattr__(self, "__class__", target)
        if target._terminal:
            self._release()
        if _trace.tracer is not None:
            self._traced(operation, old, target._STATE, address)
        return self

    def _release(self) -> None:
        """Release the descriptor, first waking the threads blocked in a call
        on it (``close(2)`` alone does not wake them; a shutdown does, and is
        made only then, because it would also end a connection that another
        process shares).  Never raises: POSIX releases the descriptor even
        when ``close(2)`` reports an error, so there is nothing to act on."""
        sock = self._sock
        if self._calls:
            try:  # noqa: SIM105 - contextlib.suppress costs a microsecond per close
                sock.shutdown(_SHUT_RDWR)
            except OSError:
                pass
        try:  # noqa: SIM105
            sock.close()
        except OSError:
            pass

    def _claim(self, operation: str, address: object, *, blocking: bool) -> tuple[Any, Any]:
        """Check ``operation`` and ``address``, and the mode (``blocking``:
        whether the operation needs a socket that waits), then move the
        socket to the state the table names ``during`` the call.  Returns
        the address as the stdlib takes it and the class to settle from."""
        with self._lock:
            checked = self._checked(operation, address)
            timeout = self._sock.gettimeout()
            if (timeout != 0.0) is not blocking:
                raise ModeError(
                    f"{operation}() needs a blocking socket or one with a timeout; this one "
                    "is non-blocking: call start_connect() instead"
                    if blocking
                    else f"{operation}() needs a non-blocking socket; this one "
                    f"{'blocks' if timeout is None else f'has a timeout of {timeout} s'}: "
                    "call connect() instead",
                    operation=operation,
                    state=self._STATE,
                    timeout=timeout,
                )
            before = type(self)
            object.__setattr__(self, "__class__", before._during[operation])
        return checked, before

    def _settle(
        self, before: type[_Socket], operation: str, address: object, error: BaseException | None
    ) -> Any:
        """Move the socket claimed by ``_claim`` where the table says
        ``operation`` leads from ``before``: on success when ``error`` is
        ``None``, back to ``before`` when the stdlib refused an argument
        (``TypeError``, ``ValueError``: no system call), else to the failed
        state.  Raises the ordering error if another thread moved the
        socket since the claim."""
        with self._lock:
            if type(self) is not before._during[operation]:
                raise self._refuse(operation) from error
            object.__setattr__(self, "__class__", before)
            if error is None:
                return self._move(operation, address=address)
            if not isinstance(error, (TypeError, ValueError)):
                self._move(operation, failed=True, address=address)
            return self

    def _traced(self, operation: str, old: State, new: State, address: object = None) -> None:
        """Tell the tracer, if there is one, that ``operation`` moved this
        socket from ``old`` to ``new``, if it moved.  ``new`` is passed, not
        read: another thread may have moved the socket on since."""
        if _trace.tracer is not None and new is not old:
            _trace.tracer(_trace.Transition(self, operation, old, new, address))

    @property
    def state(self) -> State:
        """The state this socket is in now."""
        return self._STATE

    def close(self) -> ClosedSocket:
        """Close the socket and release its descriptor.

        Legal in every state, idempotent, and never raises (an error that
        close(2) reports is dropped: the descriptor is released regardless).
        A thread blocked in a call on the socket (``accept``, ``recv``,
        ``connect``, ...) wakes and gets ``SocketClosedError``.  Returns the
        socket, now a ``ClosedSocket``.
        """
        with self._lock:
            closed: ClosedSocket = self._move("close")
        return closed

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        family = _stdlib.AddressFamily(self._sock.family).name
        return f"<sockstate.{type(self).__name__} {family} fd={self._sock.fileno()}>"

    def __dir__(self) -> list[str]:
        return [name for name in object.__dir__(self) if name not in self._forbidden]

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError(
            f"cannot copy or pickle {type(self).__name__}: a socket owns a descriptor; "
            "make a new socket, or share this object"
        )


class _Live(_Socket):
    """Calls legal in every state that holds a descriptor: the blocking mode,
    the descriptor, and handing it over.

    The mode is the stdlib's and applies to every call that waits
    (``accept``, ``connect``, the sends and the reads): *blocking* (timeout
    ``None``, the default) waits as long as it takes; a *timeout* of ``t``
    seconds raises ``TimeoutError`` after ``t``; *non-blocking* (timeout
    ``0.0``) raises ``BlockingIOError`` at once instead of waiting.  Either
    exception leaves the state as it was, so the call can be retried, except
    for ``connect``, whose failure is final.  The ordering check comes
    first, in every mode: an illegal call fails at once, not after the wait.
    """

    __slots__ = ()

    def settimeout(self, timeout: float | None, /) -> None:
        """Set the mode: ``None`` blocks, ``0.0`` is non-blocking, a positive
        number of seconds is a timeout.  Raises ``ValueError`` for a negative,
        infinite or NaN timeout and ``TypeError`` for anything but a number
        or ``None`` (``True`` included); the state never changes."""
        if isinstance(timeout, bool):
            raise TypeError(f"timeout must be a number of seconds or None, not {timeout!r}")
        if timeout is not None and not 0.0 <= timeout < _INFINITY:  # NaN fails too
            raise ValueError(
                f"timeout must be a finite number of seconds >= 0 (None to block), not {timeout!r}"
            )
        self._sock.settimeout(timeout)

    def gettimeout(self) -> float | None:
        """The mode as a timeout: ``None`` when blocking, ``0.0`` when
        non-blocking, else the seconds a call may wait."""
        return self._sock.gettimeout()

    def setblocking(self, flag: bool, /) -> None:
        """``setblocking(True)`` is ``settimeout(None)``;
        ``setblocking(False)`` is ``settimeout(0.0)``."""
        self._sock.setblocking(flag)

    def getblocking(self) -> bool:
        """Whether the socket waits at all: ``False`` only when it is
        non-blocking (a timeout waits, so it counts as blocking)."""
        return self._sock.getblocking()

    options: OptionsProperty = OptionsProperty()
    """The socket's options, as a view of its state: ``sock.options.set_no_delay(True)``."""

    def fileno(self) -> int:
        """The socket's file descriptor.  Raises ``SocketClosedError`` once
        the socket is closed or its connect failed."""
        return self._sock.fileno()

    def detach(self) -> int:
        """Hand the descriptor over: return it, and leave this object
        ``DETACHED`` (terminal: only ``close()``, which does nothing to the
        descriptor, is left).  The caller owns the descriptor from then on,
        for ``socket.socket(fileno=...)``, ``os.close`` or another library.
        A thread blocked in a call on the socket stays blocked: the
        descriptor lives on."""
        with self._lock:
            self._require("detach")
            fd = self._sock.detach()
            self._move("detach")
        return fd

    def raw_socket(self) -> _stdlib.socket:
        """The underlying ``socket.socket``: the escape hatch.

        sockstate cannot see what is done through it.  A call that changes
        the socket's state there (bind, listen, connect, shutdown, close)
        leaves this object claiming a state the kernel no longer has.
        """
        return self._sock


class _Named(_Live, Generic[A]):
    """Calls legal in every state that has a local address."""

    __slots__ = ()

    def getsockname(self) -> A:
        """The local address the socket is bound to, in the family's type."""
        name: A = self._sock.getsockname()
        return name


class _Peer(_Named[A]):
    """Calls legal in every state that has a peer."""

    __slots__ = ()

    def getpeername(self) -> A:
        """The address of the peer, in the family's type.  After a shutdown,
        once the peer has closed too, the kernel may answer ``OSError``
        (ENOTCONN): the connection is gone."""
        name: A = self._sock.getpeername()
        return name


class _Connects(_Live, Generic[A]):
    """``connect()`` and ``start_connect()``, legal on fresh and bound sockets.

    Both claim the socket first (it is ``CONNECTING`` while the kernel
    works), so that another thread cannot move it meanwhile, and settle it
    when the kernel answers.  If another thread closed or detached the
    socket in the meantime, the call raises the ordering error for that
    state (``SocketClosedError``), chained from the kernel's answer.
    """

    __slots__ = ()

    @overload
    def connect(
        self: _Connects[IPv4Address], address: IPv4Address, /
    ) -> ConnectedSocket[IPv4Address]: ...
    @overload
    def connect(
        self: _Connects[IPv6Address], address: IPv6AddressInput, /
    ) -> ConnectedSocket[IPv6Address]: ...
    @overload
    def connect(
        self: _Connects[UnixAddress], address: UnixAddressInput, /
    ) -> ConnectedSocket[UnixAddress]: ...
    def connect(self: _Connects[object], address: object, /) -> ConnectedSocket[object]:
        """Connect to ``address``, waiting for the kernel's answer (as long as
        the socket's timeout allows); returns the socket as a
        ``ConnectedSocket``.  While it waits the socket is ``CONNECTING``.

        Raises ``AddressTypeError``/``AddressValueError`` for an address that
        cannot work for the family, and ``ModeError`` on a non-blocking
        socket (use ``start_connect()``), before any system call, with the
        state unchanged.  If the kernel refuses (``ConnectionRefusedError``,
        ``TimeoutError``, any ``OSError``) or the call is interrupted (a
        signal handler raises, say), the socket's descriptor is released, it
        moves to the terminal ``FAILED`` state, and the error propagates
        unchanged.  A signal whose handler returns does not end the call.
        """
        checked, before = self._claim("connect", address, blocking=True)
        self._calls += 1
        try:
            _connect(self._sock, checked)
        except BaseException as error:
            self._calls -= 1
            self._settle(before, "connect", checked, error)
            raise
        self._calls -= 1
        moved: ConnectedSocket[object] = self._settle(before, "connect", checked, None)
        return moved

    @overload
    def start_connect(
        self: _Connects[IPv4Address], address: IPv4Address, /
    ) -> ConnectingSocket[IPv4Address]: ...
    @overload
    def start_connect(
        self: _Connects[IPv6Address], address: IPv6AddressInput, /
    ) -> ConnectingSocket[IPv6Address]: ...
    @overload
    def start_connect(
        self: _Connects[UnixAddress], address: UnixAddressInput, /
    ) -> ConnectingSocket[UnixAddress]: ...
    def start_connect(self: _Connects[object], address: object, /) -> ConnectingSocket[object]:
        """Start connecting a non-blocking socket to ``address`` without
        waiting; returns the socket as a ``ConnectingSocket``.  Wait until
        it is writable (``selectors``, ``select``, an event loop), then call
        ``finish_connect()``.

        Raises ``AddressTypeError``/``AddressValueError``, and ``ModeError``
        on a socket that blocks or has a timeout (use ``connect()``), before
        any system call, with the state unchanged.  If the kernel refuses at
        once (``ConnectionRefusedError`` from a Unix socket with no
        listener, ``BlockingIOError`` from a Unix listener whose queue is
        full, any other ``OSError``), the descriptor is released, the
        socket moves to ``FAILED``, and the error propagates.
        """
        checked, before = self._claim("start_connect", address, blocking=False)
        try:
            code = self._sock.connect_ex(checked)
        except BaseException as error:
            self._settle(before, "start_connect", checked, error)
            raise
        if code in _IN_PROGRESS:
            moved: ConnectingSocket[object] = self._settle(before, "start_connect", checked, None)
            return moved
        refused = OSError(code, _strerror(code))
        self._settle(before, "start_connect", checked, refused)
        raise refused


class FreshSocket(_Connects[A]):
    """A socket just created: nothing bound, not connected.

    Legal: ``bind()`` (to a ``BoundSocket``), ``connect()`` (to a
    ``ConnectedSocket``), ``start_connect()`` (to a ``ConnectingSocket``),
    the mode calls, ``fileno()``, ``raw_socket()``, ``detach()``,
    ``close()``.
    """

    __slots__ = ()
    _STATE = State.FRESH

    @overload
    def bind(
        self: FreshSocket[IPv4Address], address: IPv4Address, /
    ) -> BoundSocket[IPv4Address]: ...
    @overload
    def bind(
        self: FreshSocket[IPv6Address], address: IPv6AddressInput, /
    ) -> BoundSocket[IPv6Address]: ...
    @overload
    def bind(
        self: FreshSocket[UnixAddress], address: UnixAddressInput, /
    ) -> BoundSocket[UnixAddress]: ...
    def bind(self: FreshSocket[object], address: object, /) -> BoundSocket[object]:
        """Bind the socket to a local ``address``; returns it as a ``BoundSocket``.

        Raises ``AddressTypeError``/``AddressValueError`` for an address that
        cannot work for the family, and the kernel's ``OSError`` (such as
        EADDRINUSE) if binding fails; either way the socket stays fresh.
        """
        with self._lock:
            checked = self._checked("bind", address)
            self._sock.bind(checked)
            moved: BoundSocket[object] = self._move("bind", address=checked)
        return moved


class BoundSocket(_Connects[A], _Named[A]):
    """A socket bound to a local address, neither listening nor connected.

    Legal: ``listen()`` (to a ``ListeningSocket``), ``connect()`` (to a
    ``ConnectedSocket``), ``start_connect()`` (to a ``ConnectingSocket``),
    ``getsockname()``, the mode calls, ``fileno()``, ``raw_socket()``,
    ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.BOUND

    def listen(self, backlog: int | None = None, /) -> ListeningSocket[A]:
        """Start accepting connections; returns the socket as a ``ListeningSocket``.

        ``backlog`` is the queue length for pending connections (the stdlib's
        default when ``None``).  Raises ``TypeError``/``ValueError`` for a
        backlog that is not a non-negative int, and the kernel's ``OSError``
        if listening fails; either way the socket stays bound.
        """
        with self._lock:
            self._require("listen")
            if backlog is None:
                self._sock.listen()
            else:
                backlog = operator.index(backlog)
                if not 0 <= backlog <= _MAX_BACKLOG:
                    raise ValueError(f"backlog must be in 0..{_MAX_BACKLOG}, not {backlog}")
                self._sock.listen(backlog)
            moved: ListeningSocket[A] = self._move("listen")
        return moved


class ListeningSocket(_Named[A]):
    """A socket accepting connections.  It can never connect.

    Legal: ``accept()``, ``getsockname()``, the mode calls, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.LISTENING

    def accept(self) -> tuple[ConnectedSocket[A], A]:
        """Wait for a connection; return ``(connected socket, peer address)``.

        The listener stays listening.  Kernel errors pass through unchanged
        and leave it listening; on a non-blocking listener with no
        connection waiting, that is ``BlockingIOError``.  Several threads
        may accept on one listener.  If another thread closes the listener,
        a thread waiting here wakes with ``SocketClosedError``.
        """
        self._require("accept")
        self._calls += 1
        try:
            sock, address = self._sock.accept()
        except OSError as error:
            self._failed("accept", error)
            raise
        finally:
            self._calls -= 1
        accepted: ConnectedSocket[A] = _ACCEPTED._new(sock, "accept", address)
        peer: A = address
        return accepted, peer


class ConnectingSocket(_Named[A]):
    """A stream socket whose connect the kernel is working on: made by
    ``start_connect()`` on a non-blocking socket, and what other threads see
    while a blocking ``connect()`` waits.

    Legal: ``finish_connect()`` (to a ``ConnectedSocket``),
    ``getsockname()``, the mode calls, ``fileno()``, ``raw_socket()``,
    ``detach()``, ``close()``.  No data call: there is no connection yet.
    """

    __slots__ = ()
    _STATE = State.CONNECTING

    def finish_connect(self) -> ConnectedSocket[A]:
        """Read the kernel's answer to the connect (``SO_ERROR``), once the
        socket is writable; returns the socket as a ``ConnectedSocket``.

        Raises ``BlockingIOError`` (EINPROGRESS) while the connect is still
        under way, leaving the socket ``CONNECTING``: wait and call again.
        If the connect failed, the descriptor is released, the socket moves
        to ``FAILED``, and the kernel's error is raised as an ``OSError``
        (``ConnectionRefusedError``, ``TimeoutError``, ...).
        """
        with self._lock:
            self._require("finish_connect")
            code = self._sock.getsockopt(_SOL_SOCKET, _SO_ERROR)
            if code:
                refused = OSError(code, _strerror(code))
                self._move("finish_connect", failed=True)
                raise refused
            try:
                self._sock.getpeername()
            except OSError as error:
                if error.errno != errno.ENOTCONN:
                    self._move("finish_connect", failed=True)
                    raise
                raise BlockingIOError(
                    errno.EINPROGRESS,
                    "the connect is still in progress: wait until the socket is writable",
                ) from None
            moved: ConnectedSocket[A] = self._move("finish_connect")
        return moved


class _Sends(_Peer[A]):
    """The calls that send on a stream, legal while its sending side is open.

    A ``ConnectionError`` (the peer reset the connection, the pipe broke)
    moves the socket to ``BrokenSocket`` before it propagates; other kernel
    errors (a timeout) leave the state as it was.
    """

    __slots__ = ()

    def send(self, data: Buffer, flags: int = 0, /) -> int:
        """Send some of ``data``; return how many bytes were sent."""
        self._calls += 1
        try:
            return self._sock.send(data, flags)
        except OSError as error:
            self._failed("send", error)
            raise
        finally:
            self._calls -= 1

    def sendall(self, data: Buffer, flags: int = 0, /) -> None:
        """Send all of ``data``, blocking until it is sent or the kernel fails
        (how much was sent before a failure is unknown)."""
        self._calls += 1
        try:
            self._sock.sendall(data, flags)
        except OSError as error:
            self._failed("sendall", error)
            raise
        finally:
            self._calls -= 1

    if sys.platform != "win32":  # the platforms whose stdlib has it

        def sendmsg(
            self,
            buffers: Iterable[Buffer],
            ancdata: Iterable[tuple[int, int, Buffer]] = (),
            flags: int = 0,
            /,
        ) -> int:
            """Send the ``buffers`` and ancillary data (``SCM_RIGHTS`` and the
            like) in one call; return how many bytes were sent."""
            self._calls += 1
            try:
                return self._sock.sendmsg(buffers, ancdata, flags)
            except OSError as error:
                self._failed("sendmsg", error)
                raise
            finally:
                self._calls -= 1


class _Receives(_Peer[A]):
    """The calls that read a stream, legal while its receiving side is open.

    A read that returns the peer's end of stream (``b""``, or 0 bytes, for a
    non-zero size) returns it once and moves the socket on, where reading
    again raises an ordering error naming the end of stream.  A
    ``ConnectionError`` moves the socket to ``BrokenSocket`` before it
    propagates; other kernel errors leave the state as it was.

    A thread blocked in a read that another thread's shutdown wakes gets
    the ordering error naming the new state, not ``b""``.  A read method
    saved before a shutdown is checked when it returns the end or fails,
    not when it returns data: the fast path has no check.
    """

    __slots__ = ()

    def recv(self, bufsize: int, flags: int = 0, /) -> bytes:
        """Receive up to ``bufsize`` bytes.  ``b""`` means the peer ended the
        stream (and only that, for a non-zero ``bufsize``)."""
        self._calls += 1
        try:
            data = self._sock.recv(bufsize, flags)
        except OSError as error:
            self._failed("recv", error)
            raise
        finally:
            self._calls -= 1
        if not data and bufsize:
            self._ended("recv")
        return data

    def recv_into(self, buffer: Buffer, nbytes: int = 0, flags: int = 0, /) -> int:
        """Receive into ``buffer`` (up to ``nbytes``, or its size when 0);
        return the count, 0 meaning the peer ended the stream."""
        self._calls += 1
        try:
            count = self._sock.recv_into(buffer, nbytes, flags)
        except OSError as error:
            self._failed("recv_into", error)
            raise
        finally:
            self._calls -= 1
        if not count and (nbytes or memoryview(buffer).nbytes):
            self._ended("recv_into")
        return count

    def recv_exactly(self, n: int, /) -> bytes:
        """Receive exactly ``n`` bytes.

        Raises ``IncompleteReadError`` carrying the bytes already received
        (``.partial``) when the peer ends the stream first, moving the
        socket on as ``recv()`` does, ``TypeError`` for an ``n`` that is no
        int and ``ValueError`` for a negative one, both before any system
        call.  A kernel error, a timeout or an exception from a signal
        handler propagates and the bytes read before it are lost, so the
        stream is out of step: close the socket.
        """
        n = operator.index(n)
        if n < 0:
            raise ValueError(f"recv_exactly() needs a non-negative size, not {n}")
        buffer = bytearray(n)
        received = 0
        recv_into = self._sock.recv_into
        self._calls += 1
        try:
            with memoryview(buffer) as view:
                while received < n:
                    count = recv_into(view[received:])
                    if count == 0:
                        self._ended("recv_exactly")
                        raise IncompleteReadError(bytes(view[:received]), n)
                    received += count
        except OSError as error:
            self._failed("recv_exactly", error)
            raise
        finally:
            self._calls -= 1
        return bytes(buffer)

    if sys.platform != "win32":  # the platforms whose stdlib has it

        def recvmsg(
            self, bufsize: int, ancbufsize: int = 0, flags: int = 0, /
        ) -> tuple[bytes, list[tuple[int, int, bytes]], int]:
            """Receive data and ancillary data: ``(data, ancdata, msg_flags)``.

            Unlike the stdlib there is no fourth item: a connected socket's peer
            is ``getpeername()``.
            """
            self._calls += 1
            try:
                data, ancdata, msg_flags, _ = self._sock.recvmsg(bufsize, ancbufsize, flags)
            except OSError as error:
                self._failed("recvmsg", error)
                raise
            finally:
                self._calls -= 1
            if not data and bufsize:
                self._ended("recvmsg")
            return data, ancdata, msg_flags


class ConnectedSocket(_Sends[A], _Receives[A]):
    """A connected stream socket: data moves both ways.

    Legal: ``send()``, ``sendall()``, ``recv()``, ``recv_into()``,
    ``recv_exactly()``, ``sendmsg()``, ``recvmsg()``, ``makefile()``,
    ``shutdown_write()``, ``shutdown_read()``, ``shutdown_both()``,
    ``getsockname()``, ``getpeername()``, the mode calls, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  A read of the peer's end
    of stream moves it to ``EndedSocket``; a reset or broken connection to
    ``BrokenSocket``.
    """

    __slots__ = ()
    _STATE = State.CONNECTED

    @overload
    def makefile(
        self,
        mode: Literal["rb", "br"],
        buffering: int | None = None,
    ) -> io.BufferedReader: ...
    @overload
    def makefile(
        self,
        mode: Literal["wb", "bw"],
        buffering: int | None = None,
    ) -> io.BufferedWriter: ...
    @overload
    def makefile(
        self,
        mode: Literal["rwb", "wrb"],
        buffering: int | None = None,
    ) -> io.BufferedRWPair: ...
    @overload
    def makefile(
        self,
        mode: Literal["r", "w", "rw", "wr"] = "r",
        buffering: int | None = None,
        *,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
    ) -> io.TextIOWrapper: ...
    def makefile(
        self,
        mode: str = "r",
        buffering: int | None = None,
        *,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
    ) -> io.IOBase:
        """A file object over the connection, as ``socket.makefile`` makes.

        Buffered only: ``buffering=0`` raises ``ValueError`` (use
        ``raw_socket().makefile()`` for raw I/O).  What the file reads and
        writes bypasses the socket's states: an end of stream or a reset
        seen through it leaves the socket connected.  Closing the socket
        while such a file is open defers the descriptor's release until the
        file is closed too, as in the stdlib.
        """
        if buffering == 0:
            raise ValueError("makefile() is buffered only; use raw_socket().makefile() for raw I/O")
        make = cast("Callable[..., io.IOBase]", _stdlib.socket.makefile)
        return make(self._sock, mode, buffering, encoding=encoding, errors=errors, newline=newline)

    def shutdown_write(self) -> ReceiveOnlySocket[A]:
        """Shut the sending side down (``SHUT_WR``): the peer reads the end of
        stream once it has read what was sent.  Returns the socket as a
        ``ReceiveOnlySocket``; a kernel error moves it to ``BrokenSocket``."""
        moved: ReceiveOnlySocket[A] = self._shut("shutdown_write", _stdlib.SHUT_WR)
        return moved

    def shutdown_read(self) -> SendOnlySocket[A]:
        """Shut the receiving side down (``SHUT_RD``).  Returns the socket as
        a ``SendOnlySocket``; a kernel error moves it to ``BrokenSocket``."""
        moved: SendOnlySocket[A] = self._shut("shutdown_read", _stdlib.SHUT_RD)
        return moved

    def shutdown_both(self) -> ShutDownSocket[A]:
        """Shut both sides down (``SHUT_RDWR``), which also wakes a thread
        blocked reading or sending on it.  Returns the socket as a
        ``ShutDownSocket``; a kernel error moves it to ``BrokenSocket``."""
        moved: ShutDownSocket[A] = self._shut("shutdown_both", _stdlib.SHUT_RDWR)
        return moved


class ReceiveOnlySocket(_Receives[A]):
    """A connected stream socket whose sending side is shut down.

    Legal: ``recv()``, ``recv_into()``, ``recv_exactly()``, ``recvmsg()``,
    ``shutdown_write()`` (does nothing), ``shutdown_read()`` and
    ``shutdown_both()`` (to a ``ShutDownSocket``), ``getsockname()``,
    ``getpeername()``, the mode calls, ``fileno()``, ``raw_socket()``,
    ``detach()``, ``close()``.  A read of the peer's end of stream moves it
    to ``FinishedSocket``.
    """

    __slots__ = ()
    _STATE = State.RECEIVE_ONLY

    def shutdown_write(self) -> Self:
        """Nothing: the sending side is shut down already.  Returns the socket."""
        return self

    def shutdown_read(self) -> ShutDownSocket[A]:
        """Shut the receiving side down too; returns the socket as a
        ``ShutDownSocket`` (a kernel error moves it to ``BrokenSocket``)."""
        moved: ShutDownSocket[A] = self._shut("shutdown_read", _stdlib.SHUT_RD)
        return moved

    def shutdown_both(self) -> ShutDownSocket[A]:
        """As ``shutdown_read()``: the sending side is shut down already."""
        moved: ShutDownSocket[A] = self._shut("shutdown_both", _stdlib.SHUT_RDWR)
        return moved


class SendOnlySocket(_Sends[A]):
    """A connected stream socket whose receiving side is shut down.

    Legal: ``send()``, ``sendall()``, ``sendmsg()``, ``shutdown_read()``
    (does nothing), ``shutdown_write()`` and ``shutdown_both()`` (to a
    ``ShutDownSocket``), ``getsockname()``, ``getpeername()``, the mode
    calls, ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.SEND_ONLY

    def shutdown_write(self) -> ShutDownSocket[A]:
        """Shut the sending side down too; returns the socket as a
        ``ShutDownSocket`` (a kernel error moves it to ``BrokenSocket``)."""
        moved: ShutDownSocket[A] = self._shut("shutdown_write", _stdlib.SHUT_WR)
        return moved

    def shutdown_read(self) -> Self:
        """Nothing: the receiving side is shut down already.  Returns the socket."""
        return self

    def shutdown_both(self) -> ShutDownSocket[A]:
        """As ``shutdown_write()``: the receiving side is shut down already."""
        moved: ShutDownSocket[A] = self._shut("shutdown_both", _stdlib.SHUT_RDWR)
        return moved


class _Shut(_Named[A]):
    """A stream socket with no direction left: shutting down again is harmless."""

    __slots__ = ()

    def shutdown_write(self) -> Self:
        """Nothing: no direction is left.  Returns the socket."""
        return self

    def shutdown_read(self) -> Self:
        """Nothing: no direction is left.  Returns the socket."""
        return self

    def shutdown_both(self) -> Self:
        """Nothing: no direction is left.  Returns the socket."""
        return self


class ShutDownSocket(_Shut[A], _Peer[A]):
    """A connected stream socket shut down in both directions.

    Legal: ``shutdown_write()``, ``shutdown_read()`` and ``shutdown_both()``
    (all do nothing), ``getsockname()``, ``getpeername()``, the mode
    calls, ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.SHUT_DOWN


class EndedSocket(_Sends[A]):
    """A connected stream socket whose read has returned the peer's end of
    stream: it can still send (the peer may be waiting for an answer).

    Legal: ``send()``, ``sendall()``, ``sendmsg()``, ``shutdown_read()``
    (does nothing), ``shutdown_write()`` and ``shutdown_both()`` (to a
    ``FinishedSocket``), ``getsockname()``, ``getpeername()``, the mode
    calls, ``fileno()``, ``raw_socket()``, ``detach()``,
    ``close()``.  Reading raises an ``OrderingError`` that names the end of
    stream.  No call returns this type: a ``ConnectedSocket`` becomes one
    when a read returns ``b""``.
    """

    __slots__ = ()
    _STATE = State.ENDED

    def shutdown_write(self) -> FinishedSocket[A]:
        """Shut the sending side down; returns the socket as a
        ``FinishedSocket`` (a kernel error moves it to ``BrokenSocket``)."""
        moved: FinishedSocket[A] = self._shut("shutdown_write", _stdlib.SHUT_WR)
        return moved

    def shutdown_read(self) -> Self:
        """Nothing: the peer has ended the stream already.  Returns the socket."""
        return self

    def shutdown_both(self) -> FinishedSocket[A]:
        """As ``shutdown_write()``: the peer has ended the stream already."""
        moved: FinishedSocket[A] = self._shut("shutdown_both", _stdlib.SHUT_RDWR)
        return moved


class FinishedSocket(_Shut[A]):
    """A stream socket done both ways: its sending side is shut down and a
    read has returned the peer's end of stream.

    Legal: ``shutdown_write()``, ``shutdown_read()`` and ``shutdown_both()``
    (all do nothing), ``getsockname()``, the mode calls, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  No ``getpeername()``: a
    TCP connection closed both ways is gone from the kernel.  No call returns this type: a
    ``ReceiveOnlySocket`` becomes one when a read returns ``b""``.
    """

    __slots__ = ()
    _STATE = State.FINISHED


class BrokenSocket(_Live):
    """A stream socket whose connection the kernel reported reset or broken
    (``ConnectionResetError``, ``BrokenPipeError``,
    ``ConnectionAbortedError`` from a data call, any ``OSError`` from a
    shutdown), or a connected Unix datagram socket whose ``send()`` was
    refused because its peer had closed (the kernel disconnected it).

    Legal: the mode calls, ``fileno()``, ``raw_socket()`` (to read
    ``SO_ERROR``, say), ``detach()`` and ``close()``, which releases the
    descriptor it keeps until then.  Every
    other call raises an ``OrderingError`` saying the socket is broken.  No
    call returns this type.
    """

    __slots__ = ()
    _STATE = State.BROKEN


class _DatagramConnects(_Live, Generic[A]):
    """``connect()`` for datagram sockets: it fixes the default peer."""

    __slots__ = ()

    @overload
    def connect(
        self: _DatagramConnects[IPv4Address], address: IPv4Address, /
    ) -> ConnectedDatagramSocket[IPv4Address]: ...
    @overload
    def connect(
        self: _DatagramConnects[IPv6Address], address: IPv6AddressInput, /
    ) -> ConnectedDatagramSocket[IPv6Address]: ...
    @overload
    def connect(
        self: _DatagramConnects[UnixAddress], address: UnixAddressInput, /
    ) -> ConnectedDatagramSocket[UnixAddress]: ...
    def connect(
        self: _DatagramConnects[object], address: object, /
    ) -> ConnectedDatagramSocket[object]:
        """Fix the default peer to ``address``; returns the socket as a
        ``ConnectedDatagramSocket`` (connecting again re-targets it).

        No packet is sent.  Raises ``AddressTypeError``/``AddressValueError``
        before any system call, with the state unchanged.  If the kernel
        refuses (an ``OSError`` such as ENOENT for a Unix path with no
        socket), a bound or connected socket stays as it was, and an unbound
        one is released and moves to ``FAILED``: Linux has bound it by then,
        behind the object's back.  The error propagates unchanged.
        """
        with self._lock:
            checked = self._checked("connect", address)
            try:
                self._sock.connect(checked)
            except OSError:
                self._move("connect", failed=True, address=checked)
                raise
            moved: ConnectedDatagramSocket[object] = self._move("connect", address=checked)
        return moved


class DatagramSocket(_DatagramConnects[A]):
    """A datagram socket just created: unbound, with no default peer.

    Legal: ``bind()`` (to a ``BoundDatagramSocket``), ``connect()`` (to a
    ``ConnectedDatagramSocket``), the mode calls, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``. It cannot ``sendto()`` or
    ``recvfrom()`` before ``bind()``: sockstate never lets the kernel bind
    it behind the object's back.
    """

    __slots__ = ()
    _STATE = State.DATAGRAM

    @overload
    def bind(
        self: DatagramSocket[IPv4Address], address: IPv4Address, /
    ) -> BoundDatagramSocket[IPv4Address]: ...
    @overload
    def bind(
        self: DatagramSocket[IPv6Address], address: IPv6AddressInput, /
    ) -> BoundDatagramSocket[IPv6Address]: ...
    @overload
    def bind(
        self: DatagramSocket[UnixAddress], address: UnixAddressInput, /
    ) -> BoundDatagramSocket[UnixAddress]: ...
    def bind(self: DatagramSocket[object], address: object, /) -> BoundDatagramSocket[object]:
        """Bind to a local ``address``; returns the socket as a
        ``BoundDatagramSocket``.  Bind to port 0 for an ephemeral port.

        Raises ``AddressTypeError``/``AddressValueError`` before any system
        call, and the kernel's ``OSError`` (such as EADDRINUSE); either way
        the socket stays unbound.
        """
        with self._lock:
            checked = self._checked("bind", address)
            self._sock.bind(checked)
            moved: BoundDatagramSocket[object] = self._move("bind", address=checked)
        return moved


class BoundDatagramSocket(_DatagramConnects[A], _Named[A]):
    """A bound datagram socket with no default peer: it sends to and receives
    from any address.

    Legal: ``sendto()``, ``recvfrom()``, ``connect()`` (to a
    ``ConnectedDatagramSocket``), ``getsockname()``, the mode calls,
    ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.DATAGRAM_BOUND

    @overload
    def sendto(
        self: BoundDatagramSocket[IPv4Address], data: Buffer, address: IPv4Address, /
    ) -> int: ...
    @overload
    def sendto(
        self: BoundDatagramSocket[IPv6Address], data: Buffer, address: IPv6AddressInput, /
    ) -> int: ...
    @overload
    def sendto(
        self: BoundDatagramSocket[UnixAddress], data: Buffer, address: UnixAddressInput, /
    ) -> int: ...
    def sendto(self: BoundDatagramSocket[object], data: Buffer, address: object, /) -> int:
        """Send one datagram to ``address``; return how many bytes were sent.

        Raises ``AddressTypeError``/``AddressValueError`` before any system
        call, and the kernel's ``OSError`` (such as EMSGSIZE for a datagram
        too large).
        """
        checked = self._checked("sendto", address)
        self._calls += 1
        try:
            return self._sock.sendto(data, checked)
        except OSError as error:
            self._failed("sendto", error)
            raise
        finally:
            self._calls -= 1

    def recvfrom(self, bufsize: int, flags: int = 0, /) -> tuple[bytes, A]:
        """Receive one datagram of up to ``bufsize`` bytes: ``(data, sender)``.

        A datagram longer than ``bufsize`` raises ``MessageTruncatedError``
        carrying the part received and the sender; the rest is gone, as the
        kernel discards it.  An unnamed Unix sender is ``""``.  If another
        thread closes the socket, a thread waiting here wakes with
        ``SocketClosedError``.
        """
        data, address = self._datagram("recvfrom", bufsize, flags)
        return data, cast("A", address)


class ConnectedDatagramSocket(_DatagramConnects[A], _Peer[A]):
    """A datagram socket with a default peer: it sends to and receives from
    that peer only.

    Legal: ``send()``, ``recv()``, ``connect()`` (to another peer),
    ``getsockname()``, ``getpeername()``, the mode calls, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  There is no ``sendto()``:
    see ``sockstate._states``.  A Unix one whose peer has closed moves to
    ``BrokenSocket`` when its ``send()`` is refused.
    """

    __slots__ = ()
    _STATE = State.DATAGRAM_CONNECTED

    def send(self, data: Buffer, flags: int = 0, /) -> int:
        """Send one datagram to the peer; return how many bytes were sent.

        The kernel's ``OSError`` passes through.  On UDP, ECONNREFUSED
        reports an earlier datagram that the peer's host refused, and the
        socket stays connected.  On Unix, it says that the peer has closed:
        the kernel has disconnected the socket, which moves to
        ``BrokenSocket`` before the error propagates.
        """
        self._calls += 1
        try:
            return self._sock.send(data, flags)
        except OSError as error:
            if not isinstance(error, ConnectionRefusedError) or _family_of(self._sock) == _AF_UNIX:
                self._failed("send", error)
            raise
        finally:
            self._calls -= 1

    def recv(self, bufsize: int, flags: int = 0, /) -> bytes:
        """Receive one datagram of up to ``bufsize`` bytes from the peer.

        A datagram longer than ``bufsize`` raises ``MessageTruncatedError``
        carrying the part received; the rest is gone.  If another thread
        closes the socket, a thread waiting here wakes with
        ``SocketClosedError``.
        """
        data, _ = self._datagram("recv", bufsize, flags)
        return data


class DetachedSocket(_Socket):
    """A socket whose descriptor ``detach()`` handed over.  Only ``close()``
    is legal (it moves to ``ClosedSocket`` and leaves the descriptor alone).

    No call returns this type: ``detach()`` returns the descriptor.
    """

    __slots__ = ()
    _STATE = State.DETACHED


class FailedSocket(_Socket):
    """A socket whose ``connect()`` failed.  Its descriptor is already
    released; only ``close()`` is legal (it moves to ``ClosedSocket``).

    No call returns this type: it is what a variable still naming the socket
    finds at runtime after a failed connect.
    """

    __slots__ = ()
    _STATE = State.FAILED


class ClosedSocket(_Socket):
    """A closed socket.  Only ``close()`` is legal, and does nothing."""

    __slots__ = ()
    _STATE = State.CLOSED


def _link_classes() -> None:
    """Give each state class, for each operation it offers, the classes of
    the states that the table says it leads to, on success and on failure."""
    for state, cls in _CLASSES.items():
        cls._after = {op: _CLASSES[next_state(state, op)] for op in TRANSITIONS[state]}
        cls._after_error = {
            op: _CLASSES[next_state(state, op, failed=True)] for op in TRANSITIONS[state]
        }
        cls._after_end = {
            op: _CLASSES[next_state(state, op, ended=True)] for op in TRANSITIONS[state]
        }
        cls._during = {
            op: _CLASSES[next_state(state, op, during=True)] for op in TRANSITIONS[state]
        }


_link_classes()
_ACCEPTED = cast("type[ConnectedSocket[Any]]", _CLASSES[ACCEPTED_STATE])
_FRESH = cast("type[FreshSocket[Any]]", FreshSocket)
_DATAGRAM = cast("type[DatagramSocket[Any]]", DatagramSocket)
_PAIRED = cast("type[ConnectedDatagramSocket[object]]", ConnectedDatagramSocket)


_STREAM = _stdlib.SocketKind.SOCK_STREAM
_DGRAM = _stdlib.SocketKind.SOCK_DGRAM


@overload
def socket(
    family: Literal[_stdlib.AddressFamily.AF_INET] = _stdlib.AF_INET,
    type: Literal[_stdlib.SocketKind.SOCK_STREAM] = _stdlib.SOCK_STREAM,
    proto: int = 0,
) -> FreshSocket[IPv4Address]: ...
@overload
def socket(
    family: Literal[_stdlib.AddressFamily.AF_INET6],
    type: Literal[_stdlib.SocketKind.SOCK_STREAM] = _stdlib.SOCK_STREAM,
    proto: int = 0,
) -> FreshSocket[IPv6Address]: ...
@overload
def socket(
    family: Literal[_stdlib.AddressFamily.AF_UNIX],
    type: Literal[_stdlib.SocketKind.SOCK_STREAM] = _stdlib.SOCK_STREAM,
    proto: int = 0,
) -> FreshSocket[UnixAddress]: ...
@overload
def socket(
    family: Literal[_stdlib.AddressFamily.AF_INET],
    type: Literal[_stdlib.SocketKind.SOCK_DGRAM],
    proto: int = 0,
) -> DatagramSocket[IPv4Address]: ...
@overload
def socket(
    family: Literal[_stdlib.AddressFamily.AF_INET6],
    type: Literal[_stdlib.SocketKind.SOCK_DGRAM],
    proto: int = 0,
) -> DatagramSocket[IPv6Address]: ...
@overload
def socket(
    family: Literal[_stdlib.AddressFamily.AF_UNIX],
    type: Literal[_stdlib.SocketKind.SOCK_DGRAM],
    proto: int = 0,
) -> DatagramSocket[UnixAddress]: ...
def socket(
    family: int = _stdlib.AF_INET, type: int = _stdlib.SOCK_STREAM, proto: int = 0
) -> FreshSocket[object] | DatagramSocket[object]:
    """Create a socket, as ``socket.socket(family, type, proto)`` does, and
    return it in its first state, typed for the family's addresses: a
    ``FreshSocket`` for ``socket.SOCK_STREAM``, a ``DatagramSocket`` for
    ``socket.SOCK_DGRAM``.

    ``family`` is ``socket.AF_INET``, ``socket.AF_INET6`` or
    ``socket.AF_UNIX``.  Raises ``ValueError`` for any other family or type,
    before any system call, and the kernel's ``OSError`` if it cannot make
    the socket.
    """
    if isinstance(family, bool) or family not in CHECKERS:
        raise ValueError(f"sockstate supports AF_INET, AF_INET6 and AF_UNIX, not {family!r}")
    if isinstance(type, bool) or type not in (_STREAM, _DGRAM):
        raise ValueError(f"sockstate supports SOCK_STREAM and SOCK_DGRAM sockets, not {type!r}")
    if type == _STREAM:
        return _FRESH._new(with_defaults(_stdlib.socket(family, type, proto), family), "socket")
    return _DATAGRAM._new(_stdlib.socket(family, type, proto), "socket")


@overload
def socketpair(
    family: Literal[_stdlib.AddressFamily.AF_UNIX] = _stdlib.AF_UNIX,
    type: Literal[_stdlib.SocketKind.SOCK_STREAM] = _stdlib.SOCK_STREAM,
) -> tuple[ConnectedSocket[UnixAddress], ConnectedSocket[UnixAddress]]: ...
@overload
def socketpair(
    family: Literal[_stdlib.AddressFamily.AF_UNIX],
    type: Literal[_stdlib.SocketKind.SOCK_DGRAM],
) -> tuple[ConnectedDatagramSocket[UnixAddress], ConnectedDatagramSocket[UnixAddress]]: ...
def socketpair(
    family: int = _stdlib.AF_UNIX, type: int = _stdlib.SOCK_STREAM
) -> (
    tuple[ConnectedSocket[object], ConnectedSocket[object]]
    | tuple[ConnectedDatagramSocket[object], ConnectedDatagramSocket[object]]
):
    """Two sockets connected to each other, as ``socket.socketpair()`` makes:
    ``ConnectedSocket``s for ``SOCK_STREAM`` (the default), or
    ``ConnectedDatagramSocket``s for ``SOCK_DGRAM``.  Both ends are unnamed
    (their addresses are ``""``).

    Raises ``ValueError`` for a family other than ``AF_UNIX`` or another
    type, before any system call.
    """
    if isinstance(family, bool) or family != _stdlib.AF_UNIX:
        raise ValueError(f"sockstate's socketpair() is AF_UNIX only, not {family!r}")
    if isinstance(type, bool) or type not in (_STREAM, _DGRAM):
        raise ValueError(f"socketpair() makes SOCK_STREAM or SOCK_DGRAM sockets, not {type!r}")
    first, second = _stdlib.socketpair(family, type)
    if type == _STREAM:
        return _ACCEPTED._new(first, "socketpair"), _ACCEPTED._new(second, "socketpair")
    return _PAIRED._new(first, "socketpair"), _PAIRED._new(second, "socketpair")


def tcp() -> FreshSocket[IPv4Address]:
    """A fresh IPv4 stream socket: ``socket(AF_INET, SOCK_STREAM)``."""
    return _FRESH._new(
        with_defaults(_stdlib.socket(_stdlib.AF_INET, _stdlib.SOCK_STREAM), _stdlib.AF_INET),
        "socket",
    )


def tcp6() -> FreshSocket[IPv6Address]:
    """A fresh IPv6 stream socket: ``socket(AF_INET6, SOCK_STREAM)``."""
    return _FRESH._new(
        with_defaults(_stdlib.socket(_stdlib.AF_INET6, _stdlib.SOCK_STREAM), _stdlib.AF_INET6),
        "socket",
    )


def unix() -> FreshSocket[UnixAddress]:
    """A fresh Unix stream socket: ``socket(AF_UNIX, SOCK_STREAM)``."""
    return _FRESH._new(_stdlib.socket(_stdlib.AF_UNIX, _stdlib.SOCK_STREAM), "socket")


def udp() -> DatagramSocket[IPv4Address]:
    """An unbound IPv4 datagram socket: ``socket(AF_INET, SOCK_DGRAM)``."""
    return _DATAGRAM._new(_stdlib.socket(_stdlib.AF_INET, _stdlib.SOCK_DGRAM), "socket")


def udp6() -> DatagramSocket[IPv6Address]:
    """An unbound IPv6 datagram socket: ``socket(AF_INET6, SOCK_DGRAM)``."""
    return _DATAGRAM._new(_stdlib.socket(_stdlib.AF_INET6, _stdlib.SOCK_DGRAM), "socket")


def unix_datagram() -> DatagramSocket[UnixAddress]:
    """An unbound Unix datagram socket: ``socket(AF_UNIX, SOCK_DGRAM)``."""
    return _DATAGRAM._new(_stdlib.socket(_stdlib.AF_UNIX, _stdlib.SOCK_DGRAM), "socket")


_TCP_INFO = getattr(_stdlib, "TCP_INFO", None)
_TCP_SYN_SENT = 2
"""``tcpi_state`` (the first byte of ``TCP_INFO``) of a connect under way."""
_UNBOUND = ("", b"", None)


def _connecting(raw: _stdlib.socket) -> bool:
    """Whether the kernel is working on a TCP connect of ``raw`` (Linux only:
    elsewhere, such a socket is found bound)."""
    if _TCP_INFO is None or _family_of(raw) == _AF_UNIX:
        return False
    info = raw.getsockopt(_stdlib.IPPROTO_TCP, _TCP_INFO, 8)
    return info[0] == _TCP_SYN_SENT


def _named(raw: _stdlib.socket) -> bool:
    """Whether ``raw`` is bound: an IPv4 or IPv6 port, or a Unix name."""
    name: object = raw.getsockname()
    if isinstance(name, tuple):
        return cast("tuple[object, int]", name)[1] != 0
    return name not in _UNBOUND


def _has_peer(raw: _stdlib.socket) -> bool:
    try:
        raw.getpeername()
    except OSError as error:
        if error.errno in (errno.ENOTCONN, errno.EINVAL):
            return False
        raise
    return True


def _found_state(raw: _stdlib.socket, family: int) -> State:
    """The state of ``raw``, asked of the kernel.  Raises ``TypeError`` or
    ``ValueError`` for a socket sockstate cannot take, before asking."""
    if type(raw) is not _stdlib.socket:
        raise TypeError(
            f"adopt() takes a plain socket.socket or a descriptor, not {type(raw).__name__}: "
            "a subclass (ssl.SSLSocket, say) has state that sockstate cannot see"
        )
    if raw.fileno() == -1:
        raise ValueError("adopt() needs an open socket; this one is closed or detached")
    found = _family_of(raw)
    if found != family or isinstance(family, bool):
        raise ValueError(
            f"adopt() was told {family!r}, but the socket's family is "
            f"{_stdlib.AddressFamily(found).name}"
        )
    kind = _type_of(raw)
    if kind == _STREAM:
        if raw.getsockopt(_SOL_SOCKET, _stdlib.SO_ACCEPTCONN):
            return State.LISTENING
        if _has_peer(raw):
            return State.CONNECTED
        if _connecting(raw):
            return State.CONNECTING
        return State.BOUND if _named(raw) else State.FRESH
    if kind == _DGRAM:
        if _has_peer(raw):
            return State.DATAGRAM_CONNECTED
        return State.DATAGRAM_BOUND if _named(raw) else State.DATAGRAM
    raise ValueError(f"sockstate supports SOCK_STREAM and SOCK_DGRAM sockets, not type {kind}")


@overload
def adopt(
    sock: _stdlib.socket | int, family: Literal[_stdlib.AddressFamily.AF_INET]
) -> Adopted[IPv4Address]: ...
@overload
def adopt(
    sock: _stdlib.socket | int, family: Literal[_stdlib.AddressFamily.AF_INET6]
) -> Adopted[IPv6Address]: ...
@overload
def adopt(
    sock: _stdlib.socket | int, family: Literal[_stdlib.AddressFamily.AF_UNIX]
) -> Adopted[UnixAddress]: ...
def adopt(sock: _stdlib.socket | int, family: int) -> Adopted[object]:
    """Take over an existing socket, a ``socket.socket`` or a descriptor, and
    return it as the class of the state the kernel says it is in.

    ``family`` is the family the caller expects (``socket.AF_INET``,
    ``AF_INET6`` or ``AF_UNIX``), so that the result is typed for its
    addresses; narrow the result with ``isinstance`` or ``match``.  The
    state is found from the kernel: listening (``SO_ACCEPTCONN``),
    connected (it has a peer), connecting (Linux, a TCP connect under way),
    bound (it has a name) or fresh; for datagram sockets, connected, bound or
    unbound.  Which directions of a connection were shut down is not visible
    to the kernel's answers: such a socket is adopted as connected.

    From then on the object owns the socket: use it only through the object
    (``raw_socket()`` is the escape hatch).  Raises ``TypeError`` for a
    subclass of ``socket.socket`` (such as ``ssl.SSLSocket``) or anything
    else, and ``ValueError`` for a closed socket, a family other than
    ``family`` or one sockstate does not support, or a type other than
    stream or datagram; the socket, or the descriptor, then stays the
    caller's, untouched.  A descriptor that is not a socket raises the
    kernel's ``OSError`` (ENOTSOCK).
    """
    if isinstance(sock, bool):
        raise TypeError("adopt() takes a socket.socket or a descriptor, not a bool")
    if isinstance(sock, int):
        raw = _stdlib.socket(fileno=sock)
        try:
            state = _found_state(raw, family)
        except BaseException:
            raw.detach()  # the descriptor stays the caller's
            raise
    else:
        raw = sock
        state = _found_state(raw, family)
    return cast("Adopted[object]", _CLASSES[state]._new(raw, "adopt"))


if TYPE_CHECKING:
    from typing import TypeAlias

    Adopted: TypeAlias = (
        FreshSocket[A]
        | BoundSocket[A]
        | ListeningSocket[A]
        | ConnectingSocket[A]
        | ConnectedSocket[A]
        | DatagramSocket[A]
        | BoundDatagramSocket[A]
        | ConnectedDatagramSocket[A]
    )
    """What ``adopt()`` returns: a socket in any state the kernel can report."""
