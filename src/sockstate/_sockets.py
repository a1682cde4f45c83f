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
* Hot paths (send and receive) are one attribute load and the stdlib call:
  no checks, locks or allocations.  Their legality is settled by the class.
* Kernel errors pass through unchanged.  Where a failure changes the state
  (a failed connect), the table says to what, and the descriptor is released
  before the error propagates.
"""

# pyright: reportPrivateUsage=false
# The state classes and the helpers beside them share private attributes
# (_sock, _STATE, _new) that nothing outside this module touches.

from __future__ import annotations

import _socket
import operator
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
from ._errors import IncompleteReadError, MessageTruncatedError, OrderingError
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

    __slots__ = ("__weakref__", "_sock")

    _sock: _stdlib.socket
    _STATE: ClassVar[State]
    _forbidden: ClassVar[frozenset[str]] = frozenset()
    _allowed: ClassVar[frozenset[str]] = frozenset()
    _terminal: ClassVar[bool] = False
    _after: ClassVar[dict[str, type[_Socket]]] = {}
    _after_error: ClassVar[dict[str, type[_Socket]]] = {}
    _after_end: ClassVar[dict[str, type[_Socket]]] = {}

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
        if _trace.tracer is not None:
            _trace.tracer(_trace.Transition(obj, operation, None, cls._STATE, address))
        return obj

    def _require(self, operation: str) -> None:
        """Raise the ordering error unless ``operation`` is legal now.

        Looking an illegal operation up already raises; this catches a
        method object saved before a transition and called after it.
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
        if operation not in self._allowed:
            raise self._refuse(operation) from error
        if isinstance(error, ConnectionError):
            self._move(operation, failed=True)

    def _ended(self, operation: str) -> None:
        """Move where the table says a read of the peer's end of stream
        leads.  If reading is no longer legal (another thread shut the
        socket down, which woke this read, or the method was saved before
        an earlier end), raise the ordering error instead: a loop that reads
        on must stop rather than spin on ``b""``."""
        self._require(operation)
        self._move(operation, ended=True)

    def _shut(self, operation: str, how: int) -> Any:
        """Shut the socket down (``how``) and move where the table says;
        when the table keeps the state (the side is shut already), make no
        system call.

        The class changes before the system call, because the shutdown wakes
        any thread blocked on the socket, and that thread must find the new
        state.  Any ``OSError`` moves the socket where the table says a
        failed connection leads before it propagates.
        """
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
        the tracer, if there is one.  The class changes first, so that no
        thread can start a call the new state forbids while the descriptor
        is being released.

        Returns the socket typed ``Any``: the table, not the type checker,
        knows the class it has now, and each caller's declared return type
        names it.
        """
        old = self._STATE
        targets = self._after_error if failed else self._after_end if ended else self._after
        target = targets[operation]
        object.__setattr__(self, "__class__", target)
        if target._terminal:
            # POSIX releases the descriptor even when close(2) reports an
            # error, so there is nothing for the caller to act on.
            try:  # noqa: SIM105 - contextlib.suppress costs a microsecond per close
                self._sock.close()
            except OSError:
                pass
        if _trace.tracer is not None:
            self._traced(operation, old, target._STATE, address)
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
        Returns the socket, now a ``ClosedSocket``.
        """
        if _trace.tracer is not None:
            traced: ClosedSocket = self._move("close")
            return traced
        # _move without a tracer, inlined: every socket's last call is this.
        object.__setattr__(self, "__class__", self._after["close"])
        try:  # noqa: SIM105 - contextlib.suppress costs a microsecond per close
            self._sock.close()
        except OSError:
            pass
        this: Any = self  # a ClosedSocket now, which the type checker cannot see
        closed: ClosedSocket = this
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
    """Calls legal in every state that holds a descriptor."""

    __slots__ = ()

    def fileno(self) -> int:
        """The socket's file descriptor.  Raises ``SocketClosedError`` once
        the socket is closed or its connect failed."""
        return self._sock.fileno()

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
    """``connect()``, legal on fresh and bound sockets."""

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
        """Connect to ``address``; returns the socket as a ``ConnectedSocket``.

        Raises ``AddressTypeError``/``AddressValueError`` for an address that
        cannot work for the family, before any system call, with the state
        unchanged.  If the kernel refuses (``ConnectionRefusedError``,
        ``TimeoutError``, any ``OSError``) or the call is interrupted (a
        signal handler raises, say), the socket's descriptor is released, it
        moves to the terminal ``FAILED`` state, and the error propagates
        unchanged.  A signal whose handler returns does not end the call.
        """
        checked = self._checked("connect", address)
        try:
            _connect(self._sock, checked)
        except (TypeError, ValueError):
            raise  # the stdlib refused an argument before any system call
        except BaseException:
            self._move("connect", failed=True, address=checked)
            raise
        moved: ConnectedSocket[object] = self._move("connect", address=checked)
        return moved


class FreshSocket(_Connects[A]):
    """A socket just created: nothing bound, not connected.

    Legal: ``bind()`` (to a ``BoundSocket``), ``connect()`` (to a
    ``ConnectedSocket``), ``fileno()``, ``raw_socket()``, ``close()``.
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
        checked = self._checked("bind", address)
        self._sock.bind(checked)
        moved: BoundSocket[object] = self._move("bind", address=checked)
        return moved


class BoundSocket(_Connects[A], _Named[A]):
    """A socket bound to a local address, neither listening nor connected.

    Legal: ``listen()`` (to a ``ListeningSocket``), ``connect()`` (to a
    ``ConnectedSocket``), ``getsockname()``, ``fileno()``, ``raw_socket()``,
    ``close()``.
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

    Legal: ``accept()``, ``getsockname()``, ``fileno()``, ``raw_socket()``,
    ``close()``.
    """

    __slots__ = ()
    _STATE = State.LISTENING

    def accept(self) -> tuple[ConnectedSocket[A], A]:
        """Wait for a connection; return ``(connected socket, peer address)``.

        The listener stays listening.  Kernel errors pass through unchanged
        and leave it listening.
        """
        self._require("accept")
        sock, address = self._sock.accept()
        accepted: ConnectedSocket[A] = _ACCEPTED._new(sock, "accept", address)
        peer: A = address
        return accepted, peer


class _Sends(_Peer[A]):
    """The calls that send on a stream, legal while its sending side is open.

    A ``ConnectionError`` (the peer reset the connection, the pipe broke)
    moves the socket to ``BrokenSocket`` before it propagates; other kernel
    errors (a timeout) leave the state as it was.
    """

    __slots__ = ()

    def send(self, data: Buffer, flags: int = 0, /) -> int:
        """Send some of ``data``; return how many bytes were sent."""
        try:
            return self._sock.send(data, flags)
        except OSError as error:
            self._failed("send", error)
            raise

    def sendall(self, data: Buffer, flags: int = 0, /) -> None:
        """Send all of ``data``, blocking until it is sent or the kernel fails
        (how much was sent before a failure is unknown)."""
        try:
            self._sock.sendall(data, flags)
        except OSError as error:
            self._failed("sendall", error)
            raise

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
            try:
                return self._sock.sendmsg(buffers, ancdata, flags)
            except OSError as error:
                self._failed("sendmsg", error)
                raise


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
        try:
            data = self._sock.recv(bufsize, flags)
        except OSError as error:
            self._failed("recv", error)
            raise
        if not data and bufsize:
            self._ended("recv")
        return data

    def recv_into(self, buffer: Buffer, nbytes: int = 0, flags: int = 0, /) -> int:
        """Receive into ``buffer`` (up to ``nbytes``, or its size when 0);
        return the count, 0 meaning the peer ended the stream."""
        try:
            count = self._sock.recv_into(buffer, nbytes, flags)
        except OSError as error:
            self._failed("recv_into", error)
            raise
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
        return bytes(buffer)

    if sys.platform != "win32":  # the platforms whose stdlib has it

        def recvmsg(
            self, bufsize: int, ancbufsize: int = 0, flags: int = 0, /
        ) -> tuple[bytes, list[tuple[int, int, bytes]], int]:
            """Receive data and ancillary data: ``(data, ancdata, msg_flags)``.

            Unlike the stdlib there is no fourth item: a connected socket's peer
            is ``getpeername()``.
            """
            try:
                data, ancdata, msg_flags, _ = self._sock.recvmsg(bufsize, ancbufsize, flags)
            except OSError as error:
                self._failed("recvmsg", error)
                raise
            if not data and bufsize:
                self._ended("recvmsg")
            return data, ancdata, msg_flags


class ConnectedSocket(_Sends[A], _Receives[A]):
    """A connected stream socket: data moves both ways.

    Legal: ``send()``, ``sendall()``, ``recv()``, ``recv_into()``,
    ``recv_exactly()``, ``sendmsg()``, ``recvmsg()``, ``makefile()``,
    ``shutdown_write()``, ``shutdown_read()``, ``shutdown_both()``,
    ``getsockname()``, ``getpeername()``, ``fileno()``, ``raw_socket()``,
    ``close()``.  A read of the peer's end of stream moves it to
    ``EndedSocket``; a reset or broken connection to ``BrokenSocket``.
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
    ``getpeername()``, ``fileno()``, ``raw_socket()``, ``close()``.  A read
    of the peer's end of stream moves it to ``FinishedSocket``.
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
    ``ShutDownSocket``), ``getsockname()``, ``getpeername()``, ``fileno()``,
    ``raw_socket()``, ``close()``.
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
    (all do nothing), ``getsockname()``, ``getpeername()``, ``fileno()``,
    ``raw_socket()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.SHUT_DOWN


class EndedSocket(_Sends[A]):
    """A connected stream socket whose read has returned the peer's end of
    stream: it can still send (the peer may be waiting for an answer).

    Legal: ``send()``, ``sendall()``, ``sendmsg()``, ``shutdown_read()``
    (does nothing), ``shutdown_write()`` and ``shutdown_both()`` (to a
    ``FinishedSocket``), ``getsockname()``, ``getpeername()``, ``fileno()``,
    ``raw_socket()``, ``close()``.  Reading raises an ``OrderingError`` that
    names the end of stream.  No call returns this type: a
    ``ConnectedSocket`` becomes one when a read returns ``b""``.
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
    (all do nothing), ``getsockname()``, ``fileno()``, ``raw_socket()``,
    ``close()``.  No ``getpeername()``: a TCP connection closed both ways is
    gone from the kernel.  No call returns this type: a
    ``ReceiveOnlySocket`` becomes one when a read returns ``b""``.
    """

    __slots__ = ()
    _STATE = State.FINISHED


class BrokenSocket(_Live):
    """A stream socket whose connection the kernel reported reset or broken
    (``ConnectionResetError``, ``BrokenPipeError``,
    ``ConnectionAbortedError`` from a data call, any ``OSError`` from a
    shutdown).

    Legal: ``fileno()``, ``raw_socket()`` (to read ``SO_ERROR``, say) and
    ``close()``, which releases the descriptor it keeps until then.  Every
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
    ``ConnectedDatagramSocket``), ``fileno()``, ``raw_socket()``, ``close()``.
    It cannot ``sendto()`` or ``recvfrom()`` before ``bind()``: sockstate
    never lets the kernel bind it behind the object's back.
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
        checked = self._checked("bind", address)
        self._sock.bind(checked)
        moved: BoundDatagramSocket[object] = self._move("bind", address=checked)
        return moved


class BoundDatagramSocket(_DatagramConnects[A], _Named[A]):
    """A bound datagram socket with no default peer: it sends to and receives
    from any address.

    Legal: ``sendto()``, ``recvfrom()``, ``connect()`` (to a
    ``ConnectedDatagramSocket``), ``getsockname()``, ``fileno()``,
    ``raw_socket()``, ``close()``.
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
        return self._sock.sendto(data, self._checked("sendto", address))

    def recvfrom(self, bufsize: int, flags: int = 0, /) -> tuple[bytes, A]:
        """Receive one datagram of up to ``bufsize`` bytes: ``(data, sender)``.

        A datagram longer than ``bufsize`` raises ``MessageTruncatedError``
        carrying the part received and the sender; the rest is gone, as the
        kernel discards it.  An unnamed Unix sender is ``""``.
        """
        data, _, msg_flags, address = self._sock.recvmsg(bufsize, 0, flags)
        if address is None:
            address = ""
        if msg_flags & _MSG_TRUNC:
            raise MessageTruncatedError(data, address)
        return data, cast("A", address)


class ConnectedDatagramSocket(_DatagramConnects[A], _Peer[A]):
    """A datagram socket with a default peer: it sends to and receives from
    that peer only.

    Legal: ``send()``, ``recv()``, ``connect()`` (to another peer),
    ``getsockname()``, ``getpeername()``, ``fileno()``, ``raw_socket()``,
    ``close()``.  There is no ``sendto()``: see ``sockstate._states``.
    """

    __slots__ = ()
    _STATE = State.DATAGRAM_CONNECTED

    def send(self, data: Buffer, flags: int = 0, /) -> int:
        """Send one datagram to the peer; return how many bytes were sent.
        The kernel's ``OSError`` passes through (ECONNREFUSED reports an
        earlier datagram that the peer's host refused)."""
        return self._sock.send(data, flags)

    def recv(self, bufsize: int, flags: int = 0, /) -> bytes:
        """Receive one datagram of up to ``bufsize`` bytes from the peer.

        A datagram longer than ``bufsize`` raises ``MessageTruncatedError``
        carrying the part received; the rest is gone.
        """
        data, _, msg_flags, address = self._sock.recvmsg(bufsize, 0, flags)
        if msg_flags & _MSG_TRUNC:
            raise MessageTruncatedError(data, "" if address is None else address)
        return data


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
    first = _FRESH if type == _STREAM else _DATAGRAM
    return first._new(_stdlib.socket(family, type, proto), "socket")


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
    return _FRESH._new(_stdlib.socket(_stdlib.AF_INET, _stdlib.SOCK_STREAM), "socket")


def tcp6() -> FreshSocket[IPv6Address]:
    """A fresh IPv6 stream socket: ``socket(AF_INET6, SOCK_STREAM)``."""
    return _FRESH._new(_stdlib.socket(_stdlib.AF_INET6, _stdlib.SOCK_STREAM), "socket")


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
