"""How a socket moves: the one transition primitive, the lock it runs under,
the count of calls under way, and the faces that state classes belong to.

Rules of this module:

* ``_Socket._move`` is the only code in sockstate that changes a socket's
  class, or the stdlib object it wraps (``wrap_tls`` puts an
  ``ssl.SSLSocket`` in place of the plain socket, ``unwrap`` a plain socket
  in place of that).  Every transition (bind, listen, a connect's claim and
  settle, shutdowns, end of stream, a broken connection, the TLS handshake
  and unwrap, detach, close) ends there, and the tracer is told there.
* One lock, ``_LOCK``, module-wide and reentrant.  ``_move`` runs with it
  held, right after its caller checked, under that same hold, that the
  operation is legal in the class the socket has now.  Of two threads racing
  to move one socket, one wins and the other gets the ordering error for the
  state the winner left.  A call that cannot wait (bind, listen, a shutdown,
  ``finish_connect``, a datagram connect, detach) makes its system call
  under the lock too; a call that may wait (a blocking connect) claims the
  socket under the lock (it moves to the ``during`` state of its rule),
  calls the kernel unlocked, and settles under the lock.  A claim that
  replaces the wrapped object (the TLS handshake, unwrap) makes its new
  object under the lock too, and needs the socket to itself: with another
  call under way it raises ``BusyError`` and changes nothing.  Sending and
  receiving take no lock: they settle under it only when they fail or meet
  the end of the stream.  The tracer runs under the lock (it may use the
  socket: the lock is reentrant).
* What a failure means for the state is ``_states.fails()``; where it leads
  is the table's.  Every settle asks both, nothing else.
* A descriptor number is never released while a call may still look it up
  (CPython reads it with the GIL released, and in timeout mode again after
  every wake-up).  Every call that reaches the kernel outside the lock is
  counted in ``_calls``, a list that only grows and shrinks by ``append`` and
  ``pop``, which are atomic (under the GIL, and under the list's own lock on
  free-threaded builds).  Entering a terminal state detaches the number from
  the stdlib socket (a call that starts later finds no descriptor: EBADF),
  then, if calls are under way, shuts the socket down to wake them and
  leaves the number allocated: the last call to leave closes it
  (``_leave``).  A call counts itself in before it reads the number and
  ``_retire`` detaches the number before it reads the count, so either the
  call finds no number or ``_retire`` finds the call.  With no call under
  way nothing is shut down (a connection shared with a forked child
  survives), and the number is closed at once, outside the lock
  (``close(2)`` may linger).

  Sources: CPython's ``sock_call_ex`` (``Modules/socketmodule.c``) reads
  ``sock_fd`` inside ``Py_BEGIN_ALLOW_THREADS`` and again after each
  ``poll()``; close(2) on Linux: "it is probably unwise to close file
  descriptors while they may be in use by system calls in other threads",
  and it does not wake a thread blocked on the descriptor, where
  shutdown(2) does; Go's ``internal/poll/fd_mutex.go`` counts the calls
  under way and lets the last one close.
* Classes belong to a face (``Face``): the blocking one here, and any other
  built over the same table.  A face registers its class of each state,
  installs the raising stand-ins (for the operations the state forbids, and
  for the stdlib names sockstate does not offer at all), and links each class to the classes its
  operations lead to; two faces never share a registry.
* A call that several state classes share is a module-level function, bound
  into the private mixin that hands it on by its own name (``recv = recv``
  in the class body), never a ``def`` in a private class.  The binding is
  for the checkers' messages: mypy names the class that defines a method
  by ``def`` (``Argument 1 to "recv" of "_Receives"``, a class the user
  never wrote) and no class for a function bound by assignment; pyright
  names the function either way.  The function's ``self`` is annotated
  with the mixin, which keeps the signature, the overloads, ``@deprecated``
  and the address type for both checkers, and ``pyright --verifytypes``
  sees a declared function.  ``tests/test_public_api.py`` holds every
  public class to it.
"""

# pyright: reportPrivateUsage=false
# The state classes and the machinery beside them share private attributes
# (_sock, _calls, _STATE, _next) that nothing outside sockstate touches.

from __future__ import annotations

import _socket
import _thread
import os
import socket as _stdlib

from . import _trace
from ._addresses import CHECKERS
from ._errors import BusyError
from ._messages import ordering_error
from ._porting import NOT_OFFERED, not_offered
from ._states import (
    BLOCKING_ONLY,
    HANDED_OVER,
    OPERATIONS,
    TERMINAL,
    TRANSITIONS,
    State,
    allowed,
    fails,
)
from ._typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar, Final, NoReturn

    from typing_extensions import Self

    from ._addresses import StdlibAddress
    from ._errors import OrderingError

_LOCK: Final = _thread.RLock()
"""The lock under which every socket changes class (see the rules above)."""

_AFTER: Final = 0
_ON_ERROR: Final = 1
_AT_END: Final = 2
_DURING: Final = 3
_STAYS: Final = 4
"""Where a move goes, as an index into a class's ``_next``: the table's
``after``, ``on_error``, ``at_end`` or ``during``, or back to the state
itself (a claim undone)."""

_IDLE: Final = 1
"""The length of ``_calls`` with no call under way.  It holds one
placeholder, so that it never becomes empty: CPython's ``list_resize``
frees an emptied list's buffer, and then every call would allocate one
again; with one item left it keeps a buffer of four."""

_SHUT_RDWR: Final = _stdlib.SHUT_RDWR

_type_of = cast("Callable[[_stdlib.socket], int]", vars(_socket.socket)["type"].__get__)
"""A socket's type as a plain int (``socket.socket.type`` converts it)."""

_family_of = cast("Callable[[_stdlib.socket], int]", vars(_socket.socket)["family"].__get__)
"""A socket's family as a plain int: the C getter that ``socket.socket.family``
wraps in a slower conversion to ``AddressFamily``."""

ATTRIBUTES: Final = frozenset({"state", "family", "type", "proto"})
"""What every state of every face has, terminal ones included, beside the
table's operations: ``state``, and the socket's ``family``, ``type`` and
``proto`` (the stdlib's socket keeps them after ``close()``, and code that
takes a socket object reads them).  They are no operations: no state
forbids them, so the table does not list them."""


def _close_number(fd: int) -> None:
    """Release descriptor number ``fd``.  Never raises: POSIX releases the
    number even when ``close(2)`` reports an error, so there is nothing to
    act on."""
    try:  # noqa: SIM105 - contextlib.suppress costs a microsecond per close
        os.close(fd)
    except OSError:
        pass


def _shut_number(fd: int, family: int, kind: int) -> None:
    """Shut down both directions of the socket behind ``fd``, which wakes
    every thread blocked on it (``close(2)`` alone does not, on Linux).
    Never raises: a socket that was never connected answers ENOTCONN, and
    then nothing is blocked in a read or a send on it."""
    waker = _stdlib.socket(family, kind, 0, fd)
    try:
        waker.shutdown(_SHUT_RDWR)
    except OSError:
        pass
    finally:
        waker.detach()


def _busy(operation: str) -> BusyError:
    """The error for a call that needs the socket to itself, while another
    call is under way on it."""
    return BusyError(
        f"{operation}() while another call is under way on the socket: let it end first "
        "(a TLS session takes one call at a time)",
        operation=operation,
    )


def _static(cls: type, name: str) -> object:
    """``name`` as ``cls`` or its nearest base defines it, without calling a
    descriptor (``inspect.getattr_static``, without importing ``inspect``)."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    raise AttributeError(name)  # pragma: no cover - callers pass names that dir(cls) gave


class Face:
    """A family of state classes over the one table: one class per state.

    The blocking face is ``BLOCKING``; another face (asyncio's, say) makes
    its own ``Face`` and classes, and shares the table, the classifier, the
    errors and this machinery.  A face whose sockets never block
    (``blocks=False``) lacks the table's ``BLOCKING_ONLY`` operations in
    every state, and offers exactly the rest of each row.
    """

    __slots__ = ("blocks", "classes", "lacks", "name")

    def __init__(self, name: str, *, blocks: bool = True) -> None:
        self.name = name
        self.blocks = blocks
        self.lacks: frozenset[str] = frozenset() if blocks else BLOCKING_ONLY
        self.classes: dict[State, type[_Socket]] = {}

    def register(self, cls: type[_Socket], state: State) -> None:
        """Make ``cls`` this face's class of ``state``, after checking that it
        offers exactly what the table allows there, and install a raising
        stand-in for every other operation, and a refusal for every stdlib
        name that sockstate does not offer (``_porting.NOT_OFFERED``)."""
        offered = (
            frozenset(
                name
                for name in dir(cls)
                if not name.startswith("_")
                and not isinstance(_static(cls, name), (_Illegal, _Refused))
            )
            - ATTRIBUTES
        )
        expected = allowed(state) - self.lacks
        if offered != expected:
            raise TypeError(
                f"{cls.__name__} offers {sorted(offered)}; the table {sorted(expected)}"
            )
        if state in self.classes:
            raise TypeError(f"the {self.name} face has a class for {state} already")
        cls._allowed = offered
        cls._holds = state not in TERMINAL
        cls._forbidden = OPERATIONS - offered
        for operation in cls._forbidden:
            setattr(cls, operation, _Illegal(operation))
        for name in NOT_OFFERED:
            setattr(cls, name, _Refused(name))
        cls._hidden = cls._forbidden | NOT_OFFERED.keys()
        self.classes[state] = cls

    def link(self) -> None:
        """Give each class, for each operation it offers, the classes the
        table says it leads to: after success, on error, at the end of the
        stream and during the call.  Raises ``TypeError`` if a state of the
        table has no class in this face."""
        missing = set(TRANSITIONS) - set(self.classes)
        if missing:
            raise TypeError(f"the {self.name} face has no class for {sorted(map(str, missing))}")
        for state, cls in self.classes.items():
            rules = TRANSITIONS[state]
            cls._next = (
                *(
                    {
                        operation: self.classes[rule[where] or state]
                        for operation, rule in rules.items()
                    }
                    for where in (_AFTER, _ON_ERROR, _AT_END, _DURING)
                ),
                dict.fromkeys(rules, cls),
            )


BLOCKING: Final = Face("blocking")
"""The blocking face: the classes ``import sockstate`` offers."""


class _Illegal:
    """Stands in for an operation that a state forbids: looking it up on an
    instance raises the ordering error, before anything else happens."""

    __slots__ = ("operation",)

    def __init__(self, operation: str) -> None:
        self.operation = operation

    def __get__(self, instance: object, owner: type | None = None) -> object:
        if instance is None:
            return self
        raise cast("_Socket", instance)._refuse(self.operation)


class _Refused:
    """Stands in for a stdlib name that sockstate does not offer in any state
    (``_porting.NOT_OFFERED``): looking it up on an instance raises
    ``NotOfferedError``, before anything else happens."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> object:
        if instance is None:
            return self
        raise not_offered(self.name, cast("_Socket", instance)._STATE)


class _Socket:
    """What every state of every face has: its ``state``, and the machinery
    that moves it.  Each face adds ``close()`` and its context manager."""

    __slots__ = ("__weakref__", "_calls", "_deferred", "_sock")

    _sock: _stdlib.socket
    _calls: list[None]
    _deferred: int | None
    _STATE: ClassVar[State]
    _FACE: ClassVar[Face] = BLOCKING
    _forbidden: ClassVar[frozenset[str]] = frozenset()
    _allowed: ClassVar[frozenset[str]] = frozenset()
    _hidden: ClassVar[frozenset[str]] = frozenset()
    _holds: ClassVar[bool] = True
    _next: ClassVar[tuple[dict[str, type[_Socket]], ...]] = ()

    def __init_subclass__(cls) -> None:
        """Register a class that names a ``_STATE`` as its face's class of
        that state (see ``Face.register``)."""
        super().__init_subclass__()
        state = cls.__dict__.get("_STATE")
        if isinstance(state, State):
            cls._FACE.register(cls, state)

    def __init__(self) -> None:
        raise TypeError("create sockets with sockstate.socket() or its factories")

    @classmethod
    def _new(cls, sock: _stdlib.socket, operation: str, address: object = None) -> Self:
        """A new object of this class around ``sock``, made by ``operation``;
        the tracer, if there is one, hears that it came to be.  If the tracer
        raises, ``sock`` is closed and the exception propagates: no
        descriptor is left to the garbage collector."""
        obj = object.__new__(cls)
        obj._sock = sock
        obj._calls = [None]
        obj._deferred = None
        tracer = _trace.tracer
        if tracer is not None:
            try:
                tracer(_trace.Transition(obj, operation, None, cls._STATE, address))
            except BaseException:
                obj._close()
                raise
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
        face = self._FACE
        never_blocks = None if face.blocks else face.name
        return ordering_error(operation, self._STATE, datagram=datagram, never_blocks=never_blocks)

    # -- the one primitive, and the ways to reach it ---------------------------------

    def _move(
        self,
        rules: type[_Socket],
        operation: str,
        where: int,
        address: object = None,
        wraps: _stdlib.socket | None = None,
    ) -> Any:
        """Put this socket in the state that ``rules``' row of the table names
        for ``operation`` (``where``: after success, on error, at the end of
        the stream, or during the call), wrapping ``wraps`` from now on if
        given (an ``ssl.SSLSocket``, or the plain socket it was), retire its
        descriptor if that state no longer holds one, and tell the tracer,
        if there is one.  The caller holds ``_LOCK`` and has checked, under
        that hold, that the operation is legal in ``rules``' state.  A claim
        (``_DURING``) is not told: the tracer hears where the call ends.

        Returns the socket typed ``Any``: the table, not the type checker,
        knows the class it has now, and each caller's declared return type
        names it.
        """
        target = rules._next[where][operation]
        held = type(self)._holds
        if wraps is not None:
            self._sock = wraps
        object.__setattr__(self, "__class__", target)
        if held and not target._holds and target._STATE is not HANDED_OVER:
            self._retire()
        tracer = _trace.tracer
        if tracer is not None and target is not rules and where != _DURING:
            tracer(_trace.Transition(self, operation, rules._STATE, target._STATE, address))
        return self

    def _retire(self) -> None:
        """Take the descriptor out of use, under ``_LOCK``: detach its number
        from the stdlib socket, so that no call started from now on can find
        it, then either leave the number to ``_leave`` to close (no call
        under way) or, with calls under way, shut the socket down to wake
        them and let the last of them close it.

        A socket with files from ``makefile()`` still open is closed the
        stdlib's way instead: the files keep the descriptor until they
        close, as in the stdlib."""
        sock = self._sock
        if getattr(sock, "_io_refs", 0):
            sock.close()
            return
        fd = sock.detach()
        if fd < 0:  # released already: the stdlib's ssl closes what it failed to wrap
            return
        if len(self._calls) > _IDLE:
            _shut_number(fd, _family_of(sock), _type_of(sock))  # a detached socket keeps both
        self._deferred = fd

    def _take(self) -> int | None:
        """The number that ``_retire`` kept, now the caller's to close, if no
        call is under way any more; else ``None``.  Under ``_LOCK``, so that
        exactly one caller takes it."""
        fd = self._deferred
        if fd is None or len(self._calls) > _IDLE:
            return None
        self._deferred = None
        return fd

    def _leave(self) -> None:
        """Close the number that ``_retire`` kept, if no call is under way
        any more; the caller has just left its call (or retired the
        socket).  The number is closed outside ``_LOCK``: ``close(2)`` may
        linger (SO_LINGER)."""
        with _LOCK:
            fd = self._take()
        if fd is not None:
            _close_number(fd)

    def _step(
        self,
        operation: str,
        call: Callable[[_stdlib.socket, Any], object],
        argument: object,
        address: object = None,
        *,
        idempotent: bool = False,
    ) -> Any:
        """Make a transition whose system call cannot wait: under ``_LOCK``,
        check ``operation``, ``call(socket, argument)`` (an unbound method of
        the stdlib socket, or a function like one), then move where the table
        says, on success or (if ``fails()`` says so) on error; an error
        propagates either way.  ``address`` is what the tracer hears.  An
        ``idempotent`` call (a shutdown) that the table says keeps the state
        as it is (its side is shut already) makes no system call."""
        try:
            with _LOCK:
                before = type(self)
                if operation not in before._allowed:
                    raise self._refuse(operation)
                if idempotent and before._next[_AFTER][operation] is before:
                    return self
                try:
                    call(self._sock, argument)
                except BaseException as error:
                    if fails(operation, error, _family_of(self._sock), _type_of(self._sock)):
                        self._move(before, operation, _ON_ERROR, address)
                    raise
                return self._move(before, operation, _AFTER, address)
        finally:
            if self._deferred is not None:
                self._leave()

    def _claim(
        self,
        operation: str,
        make: Callable[[_stdlib.socket], _stdlib.socket] | None = None,
        *,
        alone: bool = False,
    ) -> type[_Socket]:
        """Check ``operation`` and move to the state the table names
        ``during`` it, under ``_LOCK``, before a call that may wait.
        Returns the class to settle from.

        ``alone``: the call needs the socket to itself; with another call
        under way, raise ``BusyError`` and change nothing.  Without
        ``make``, the count is read after the move, so that a call that
        counts itself in and then checks its state (a TLS data call) either
        finds the new state or is found.  ``make``: wrap ``make(socket)``
        from the move on (``wrap_tls`` makes its ``ssl.SSLSocket``), so that
        whoever sees the new state sees the new object; if ``make`` raises,
        the socket moves where ``fails()`` says and the error propagates."""
        with _LOCK:
            before = type(self)
            if operation not in before._allowed:
                raise self._refuse(operation)
            if make is None:
                self._move(before, operation, _DURING)
                if alone and len(self._calls) > _IDLE:
                    self._move(before, operation, _STAYS)
                    raise _busy(operation)
                return before
            if alone and len(self._calls) > _IDLE:
                raise _busy(operation)
            try:
                wraps = make(self._sock)
            except BaseException as error:
                sock = self._sock
                failed = fails(operation, error, _family_of(sock), _type_of(sock))
                self._move(before, operation, _ON_ERROR if failed else _STAYS)
                raise
            self._move(before, operation, _DURING, address=None, wraps=wraps)
        return before

    def _settle(
        self,
        before: type[_Socket],
        operation: str,
        error: BaseException | None,
        address: object = None,
        make: Callable[[_stdlib.socket], _stdlib.socket] | None = None,
    ) -> Any:
        """End a call claimed by ``_claim``: move where the table says
        ``operation`` leads from ``before``, on success when ``error`` is
        ``None`` (wrapping ``make(socket)`` from then on, if given: ``unwrap``
        puts the plain socket back), else on error if ``fails()`` says so,
        else back to ``before``.  Raises the ordering error, chained from
        ``error``, if another thread moved the socket since the claim
        (closed it, say)."""
        try:
            with _LOCK:
                during = before._next[_DURING][operation]
                if type(self) is not during:
                    raise self._refuse(operation) from error
                if error is None:
                    wraps = None if make is None else make(self._sock)
                    return self._move(before, operation, _AFTER, address, wraps)
                if fails(operation, error, _family_of(self._sock), _type_of(self._sock)):
                    return self._move(before, operation, _ON_ERROR, address)
                # The claimed calls (a blocking connect(), the TLS handshake and
                # unwrap) fail on every error but the stdlib's refusal of an
                # argument, which sockstate's checks come before.
                return self._move(before, operation, _STAYS)  # pragma: no cover
        finally:
            if self._deferred is not None:
                self._leave()

    def _failed(self, operation: str, error: OSError) -> None:
        """Account for ``error``, raised by the kernel in a call that took no
        lock (a send, a read, accept): move where the table says if
        ``fails()`` says the connection failed.  Raises the ordering error
        instead, chained from ``error``, if ``operation`` is no longer
        legal: another thread closed or shut the socket during the call
        (which woke it), or the method was saved before a transition."""
        with _LOCK:
            before = type(self)
            if operation not in before._allowed:
                raise self._refuse(operation) from error
            if fails(operation, error, _family_of(self._sock), _type_of(self._sock)):
                self._move(before, operation, _ON_ERROR)

    def _ended(self, operation: str) -> None:
        """Move where the table says a read of the peer's end of stream
        leads.  If reading is no longer legal (another thread shut the
        socket down or closed it, which woke this read, or the method was
        saved before an earlier end), raise the ordering error instead: a
        loop that reads on must stop rather than spin on ``b""``."""
        with _LOCK:
            before = type(self)
            if operation not in before._allowed:
                raise self._refuse(operation)
            self._move(before, operation, _AT_END)

    def _close(self) -> Any:
        """Move to the closed state and release the descriptor (now, or by
        the last call under way), the number outside ``_LOCK``.  The number
        is released even if the tracer raises, and then the tracer's
        exception propagates.  Each face's ``close()`` is this."""
        fd = None
        try:
            with _LOCK:
                try:
                    return self._move(type(self), "close", _AFTER)
                finally:
                    fd = self._take()
        finally:
            if fd is not None:
                _close_number(fd)

    # -- what every state has ----------------------------------------------------------

    @property
    def state(self) -> State:
        """The state this socket is in now."""
        return self._STATE

    @property
    def family(self) -> _stdlib.AddressFamily:
        """The socket's address family (``socket.AF_INET``, ``AF_INET6``,
        ``AF_UNIX``), as ``socket.socket.family`` says it.  In every state,
        terminal ones included: a closed stdlib socket keeps it too."""
        return self._sock.family

    @property
    def type(self) -> _stdlib.SocketKind:
        """The socket's type (``socket.SOCK_STREAM`` or ``SOCK_DGRAM``),
        without the ``SOCK_NONBLOCK`` and ``SOCK_CLOEXEC`` flags, as
        ``socket.socket.type`` says it.  In every state, terminal ones
        included."""
        return self._sock.type

    @property
    def proto(self) -> int:
        """The socket's protocol number, as ``socket.socket.proto`` says it
        (0 for the family's default).  In every state, terminal ones
        included."""
        return self._sock.proto

    def __repr__(self) -> str:
        family = self.family.name
        return f"<sockstate.{type(self).__name__} {family} fd={self._sock.fileno()}>"

    def __dir__(self) -> list[str]:
        return [name for name in object.__dir__(self) if name not in self._hidden]

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError(
            f"cannot copy or pickle {type(self).__name__}: a socket owns a descriptor; "
            "make a new socket, or share this object"
        )
