"""What every state of the asyncio face shares: waiting on the event loop,
the options, the descriptor, the local and peer names; and the terminal
states.

Rules of this module (and of the other ``_aio_*`` modules):

* The asyncio face is a second family of classes over the one table
  (``_machine.Face("asyncio", blocks=False)``): the same states, the same
  rules, the same primitive (``_Socket._move`` and the ways to it), the
  same count of calls under way and deferred close.  Nothing here decides
  which call is legal where; each class is checked against the table when
  it is defined.  Its sockets never block, so the table's
  ``BLOCKING_ONLY`` calls (the mode, ``makefile``) are absent from every
  state.
* The descriptor is always non-blocking.  A call that may wait tries the
  system call first; on ``BlockingIOError`` it waits until the descriptor
  is readable or writable (``loop.add_reader``/``add_writer`` on its
  number, with a future), removes that registration, and tries again.  So
  the system call itself runs in the calling task, never in a loop
  callback: a task cancelled while it waits has read, accepted or sent
  nothing, and what the kernel holds stays there for the next call.
* A stream read whose last try found nothing waits for the descriptor
  first next time (``_wait_first``) instead of trying a system call that
  would fail: a peer that answers requests is usually behind its reader,
  and a failed try costs a system call and an exception.  A read that fills
  its buffer (of more than one byte) says more may be waiting: the next one
  tries first again.  Which comes first changes nothing but the time: the
  system call still runs in the task, after the wait.
* One waiting task per direction: a second task that would wait to read
  (or to write) on a socket on which another task already waits raises
  ``BusyError`` instead (asyncio would replace the first task's reader
  callback and leave that task waiting forever).
* A registration is removed before the call that made it leaves the count
  of calls under way, and so before the descriptor's number can be closed
  (``_machine``'s deferred close): no callback is left on a closed or
  reused number.  ``close()`` from any task or thread retires the number
  and shuts the socket down while calls wait (the machine's rule), which
  makes the descriptor readable and writable: every waiting task wakes,
  finds no descriptor, and raises ``SocketClosedError``.
* Slots live on ``_AioSocket`` (its two waiting flags) and on
  ``_machine._Socket``; every other class declares ``__slots__ = ()``.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count, and
# reach the primitive in _machine.

from __future__ import annotations

import asyncio

from ._common import A
from ._errors import BusyError, OrderingError
from ._machine import _AFTER, _IDLE, _LOCK, _ON_ERROR, Face, _family_of, _Socket, _type_of
from ._options import OptionsProperty, _Addressed
from ._raw_options import RawOptions
from ._states import State, fails
from ._typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import socket as _stdlib
    from types import TracebackType
    from typing import Final, Literal

    from typing_extensions import Self


__all__ = (
    "ASYNCIO",
    "ClosedSocket",
    "DetachedSocket",
    "FailedSocket",
    "_AioSocket",
    "_Live",
    "_Named",
    "_Peer",
)

ASYNCIO: Final = Face("asyncio", blocks=False)
"""The asyncio face: the classes ``sockstate.aio`` offers."""

B = TypeVar("B")

_get_running_loop = asyncio.get_running_loop


def _wake(waiter: asyncio.Future[None]) -> None:
    """The loop's callback when a descriptor is ready: wake the task."""
    if not waiter.done():
        waiter.set_result(None)


def close(self: _AioSocket) -> ClosedSocket:
    """Close the socket and release its descriptor: a plain call.

    Legal in every state, idempotent, and never raises (only a tracer's
    own exception propagates, once the socket is closed).  Every task
    waiting in a call on the socket (``accept``, ``recv``, ``connect``,
    ...), in this loop or from another thread, wakes at the loop's next
    turn and raises ``SocketClosedError``; the loop's registrations on
    the descriptor are removed before its number is released.  With no
    call waiting the connection is not shut down.  Returns the socket,
    now a ``ClosedSocket``.
    """
    closed: ClosedSocket = self._close()
    return closed


class _AioSocket(_Socket):
    """What every state of the asyncio face has: waiting for the descriptor,
    ``close()``, and both context managers."""

    __slots__ = ("_reading", "_wait_first", "_writing")

    _reading: bool
    _writing: bool
    _wait_first: bool
    _FACE = ASYNCIO

    @classmethod
    def _new(cls, sock: _stdlib.socket, operation: str, address: object = None) -> Self:
        """As ``_Socket._new``, with no task waiting on the new socket."""
        obj = super()._new(sock, operation, address)
        obj._reading = obj._writing = obj._wait_first = False
        return obj

    async def _readable(self, operation: str) -> None:
        """Wait until the descriptor is readable (or closed, or shut down).
        The caller is counted in ``_calls``.  Raises ``BusyError`` if
        another task waits to read already; returns at once if the socket
        lost its descriptor, so that the caller's next try raises."""
        fd = self._sock.fileno()
        if fd < 0:
            return
        if self._reading:
            raise _busy(operation, "read from")
        loop = _get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        loop.add_reader(fd, _wake, waiter)
        self._reading = True
        try:
            await waiter
        finally:
            self._reading = False
            loop.remove_reader(fd)

    async def _writable(self, operation: str) -> None:
        """Wait until the descriptor is writable, as ``_readable`` waits for
        reading (``BusyError`` if another task waits to write)."""
        fd = self._sock.fileno()
        # Every caller waits right after a try that found the descriptor open,
        # with no await between (a read may wait first: ``_readable``), so only
        # another thread's close() in that instant lands here.
        if fd < 0:  # pragma: no cover - another thread's close() at that instant
            return
        if self._writing:
            raise _busy(operation, "write to")
        loop = _get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        loop.add_writer(fd, _wake, waiter)
        self._writing = True
        try:
            await waiter
        finally:
            self._writing = False
            loop.remove_writer(fd)

    def _cut(self, operation: str, error: BaseException) -> bool:
        """Account for ``error`` ending ``operation`` after it had moved part
        of its data: move where the table says a failure leads
        (``fails(partial=True)``).  Returns ``False``, moving nothing, when
        the operation is no longer legal (another task closed or shut the
        socket meanwhile)."""
        with _LOCK:
            before = type(self)
            if operation not in before._allowed:
                return False
            sock = self._sock
            # Only an argument error fails nothing, and the first try raises it,
            # before any data moved.
            failed = fails(operation, error, _family_of(sock), _type_of(sock), partial=True)
            if failed:  # pragma: no branch - see above
                self._move(before, operation, _ON_ERROR)
            return True

    close = close

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<sockstate.aio." + super().__repr__().removeprefix("<sockstate.")


def _busy(operation: str, direction: str) -> BusyError:
    return BusyError(
        f"{operation}() would wait to {direction} a socket on which another task waits "
        "already: give each direction of a socket one task (a lock or a queue in front of it)",
        operation=operation,
    )


def settle_quietly(
    sock: _Socket, before: type[_Socket], operation: str, error: BaseException, address: object
) -> None:
    """``_settle`` a claimed call that ``error`` ended; an ordering error
    from the settle (the socket was closed meanwhile) replaces ``error``
    only when ``error`` is an ``Exception``: a cancellation stays one."""
    try:
        sock._settle(before, operation, error, address)
    except OrderingError:
        if isinstance(error, Exception):
            raise


def fileno(self: _Live) -> int:
    """The socket's file descriptor (non-blocking).  Register it with
    another loop or selector only while no call of this object waits."""
    return self._sock.fileno()


def detach(self: _Live) -> int:
    """Hand the descriptor over: return it (still non-blocking), and
    leave this object ``DETACHED`` (terminal: only ``close()``, which
    does nothing to the descriptor, is left).

    Raises ``BusyError``, with the state unchanged, while a task waits
    in a call on the socket: its loop registration would outlive the
    object's claim on the descriptor.  Close the socket instead, or
    let the call end first.
    """
    with _LOCK:
        before = type(self)
        if "detach" not in before._allowed:
            raise self._refuse("detach")
        if len(self._calls) > _IDLE:
            raise BusyError(
                "detach() while a task waits in a call on the socket: close() it "
                "instead, or let the call end first",
                operation="detach",
            )
        fd = self._sock.detach()
        self._move(before, "detach", _AFTER)
    return fd


def raw_socket(self: _Live) -> _stdlib.socket:
    """The underlying ``socket.socket`` (non-blocking): the escape hatch.

    sockstate cannot see what is done through it.  Keep it
    non-blocking: a blocking descriptor would stall the event loop.
    """
    return self._sock


class _Live(_AioSocket, RawOptions):
    """Calls legal in every state of the asyncio face that holds a
    descriptor: the options (and their raw ``setsockopt``/``getsockopt``,
    plain calls: they never wait), the descriptor, and handing it over.  No mode
    calls: the descriptor is always non-blocking, the event loop waits for
    it, and ``asyncio.timeout()`` or ``asyncio.wait_for()`` bounds a wait."""

    __slots__ = ()

    if not TYPE_CHECKING:  # pragma: no branch - the other branch is the checkers'
        # sock.options, in every live state; for the checkers each state class
        # declares its own (an OptionsProperty of its views), which a declaration
        # here would pin: a mutable attribute's type cannot narrow in a subclass.
        options = OptionsProperty()

    fileno = fileno
    detach = detach
    raw_socket = raw_socket


def getsockname(self: _Named[A]) -> A:
    """The local address the socket is bound to, in the family's type."""
    name: A = self._sock.getsockname()
    return name


class _Named(_Live, _Addressed[A]):
    """Calls legal in every state that has a local address."""

    __slots__ = ()

    getsockname = getsockname


def getpeername(self: _Peer[A]) -> A:
    """The address of the peer, in the family's type.  After a shutdown,
    once the peer has closed too, the kernel may answer ``OSError``
    (ENOTCONN): the connection is gone."""
    name: A = self._sock.getpeername()
    return name


class _Peer(_Named[A]):
    """Calls legal in every state that has a peer."""

    __slots__ = ()

    getpeername = getpeername


class DetachedSocket(_AioSocket):
    """An asyncio socket whose descriptor ``detach()``, ``to_blocking()`` or
    ``open_streams()`` handed over.  Only ``close()`` is legal (it moves to
    ``ClosedSocket`` and leaves the descriptor alone)."""

    __slots__ = ()
    _STATE = State.DETACHED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.DETACHED]:
            """``State.DETACHED``: typed so that a test of ``state`` narrows a union."""
            return State.DETACHED


class FailedSocket(_AioSocket):
    """An asyncio socket whose ``connect()`` failed or was cancelled.  Its
    descriptor is already released; only ``close()`` is legal."""

    __slots__ = ()
    _STATE = State.FAILED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.FAILED]:
            """``State.FAILED``: typed so that a test of ``state`` narrows a union."""
            return State.FAILED


class ClosedSocket(_AioSocket):
    """A closed asyncio socket.  Only ``close()`` is legal, and does nothing."""

    __slots__ = ()
    _STATE = State.CLOSED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.CLOSED]:
            """``State.CLOSED``: typed so that a test of ``state`` narrows a union."""
            return State.CLOSED
