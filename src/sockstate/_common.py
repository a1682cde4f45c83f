"""What every state of the blocking face shares: the mode, the options, the
descriptor, the local and peer names; and the terminal states.

Rules of this module:

* A mixin here holds calls that some state classes share; it names no
  ``_STATE`` and so is no state.  Which classes use it is the table's
  business: each state class is checked against ``TRANSITIONS`` when it is
  defined (``_machine.Face.register``).
* Nothing here changes a socket's class except through ``_machine``'s
  primitive (``detach`` steps there).
* Slots live on ``_machine._Socket`` only; every class here declares
  ``__slots__ = ()``.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The mixins read the socket's private descriptor and reach the primitive, as _machine does.

from __future__ import annotations

from ._machine import _AFTER, _LOCK, _Socket
from ._options import OptionsProperty, _Addressed
from ._raw_options import RawOptions
from ._states import State
from ._typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import socket as _stdlib
    from types import TracebackType
    from typing import Literal

    from typing_extensions import Self


__all__ = (
    "A",
    "ClosedSocket",
    "DetachedSocket",
    "FailedSocket",
    "_Live",
    "_Named",
    "_Peer",
    "checked_timeout",
)

A = TypeVar("A", covariant=True)
"""The family's address type, as the kernel reports it.  Covariant: a
socket only hands addresses out; what it takes in is chosen by overloads."""

B = TypeVar("B")

_INFINITY = float("inf")


def checked_timeout(timeout: object) -> float | None:
    """``timeout`` as ``settimeout()`` takes it: ``None``, or a finite
    number of seconds >= 0 as a ``float``.  Raises ``TypeError`` for
    anything else that is not a number (``True`` included) and
    ``ValueError`` for a negative, infinite or NaN number."""
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds or None, not {timeout!r}")
    if not 0.0 <= timeout < _INFINITY:  # NaN fails too
        raise ValueError(
            f"timeout must be a finite number of seconds >= 0 (None to block), not {timeout!r}"
        )
    return float(timeout)


def close(self: _Closes) -> ClosedSocket:
    """Close the socket and release its descriptor.

    Legal in every state, idempotent, and never raises (an error that
    close(2) reports is dropped: the descriptor is released regardless;
    only a tracer's own exception propagates, once the socket is
    closed).
    A thread blocked in a call on the socket (``accept``, ``recv``,
    ``connect``, ...) wakes and gets ``SocketClosedError``; the
    descriptor's number stays allocated until the last such call has
    left, so that no call can reach a socket that reuses it.  With no
    call under way the connection is not shut down: a forked child that
    shares it keeps it.  Returns the socket, now a ``ClosedSocket``.
    """
    closed: ClosedSocket = self._close()
    return closed


class _Closes(_Socket):
    """``close()`` and the context manager, in every state of the blocking face."""

    __slots__ = ()

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


def settimeout(self: _Live, timeout: float | None, /) -> None:
    """Set the mode: ``None`` blocks, ``0.0`` is non-blocking, a positive
    number of seconds is a timeout.  Raises ``ValueError`` for a negative,
    infinite or NaN timeout and ``TypeError`` for anything but a number
    or ``None`` (``True`` included); the state never changes."""
    self._sock.settimeout(checked_timeout(timeout))


def gettimeout(self: _Live) -> float | None:
    """The mode as a timeout: ``None`` when blocking, ``0.0`` when
    non-blocking, else the seconds a call may wait."""
    return self._sock.gettimeout()


def setblocking(self: _Live, flag: bool, /) -> None:
    """``setblocking(True)`` is ``settimeout(None)``;
    ``setblocking(False)`` is ``settimeout(0.0)``."""
    self._sock.setblocking(flag)


def getblocking(self: _Live) -> bool:
    """Whether the socket waits at all: ``False`` only when it is
    non-blocking (a timeout waits, so it counts as blocking)."""
    return self._sock.getblocking()


def fileno(self: _Live) -> int:
    """The socket's file descriptor.  Raises ``SocketClosedError`` once
    the socket is closed or its connect failed."""
    return self._sock.fileno()


def detach(self: _Live) -> int:
    """Hand the descriptor over: return it, and leave this object
    ``DETACHED`` (terminal: only ``close()``, which does nothing to the
    descriptor, is left).  The caller owns the descriptor from then on,
    for ``socket.socket(fileno=...)``, ``os.close`` or another library.
    A thread blocked in a call on the socket stays blocked: the
    descriptor lives on."""
    with _LOCK:
        before = type(self)
        if "detach" not in before._allowed:
            raise self._refuse("detach")
        fd = self._sock.detach()
        self._move(before, "detach", _AFTER)
    return fd


def raw_socket(self: _Live) -> _stdlib.socket:
    """The underlying ``socket.socket``: the escape hatch.

    sockstate cannot see what is done through it.  A call that changes
    the socket's state there (bind, listen, connect, shutdown, close)
    leaves this object claiming a state the kernel no longer has.
    """
    return self._sock


class _Live(_Closes, RawOptions):
    """Calls legal in every state that holds a descriptor: the blocking mode,
    the options (and their raw ``setsockopt``/``getsockopt``), the
    descriptor, and handing it over.

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

    settimeout = settimeout
    gettimeout = gettimeout
    setblocking = setblocking
    getblocking = getblocking
    fileno = fileno
    detach = detach
    raw_socket = raw_socket

    if not TYPE_CHECKING:  # pragma: no branch - the other branch is the checkers'
        # sock.options, in every live state; for the checkers each state class
        # declares its own (an OptionsProperty of its views), which a declaration
        # here would pin: a mutable attribute's type cannot narrow in a subclass.
        options = OptionsProperty()


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


class DetachedSocket(_Closes):
    """A socket whose descriptor ``detach()`` handed over.  Only ``close()``
    is legal (it moves to ``ClosedSocket`` and leaves the descriptor alone).

    No call returns this type: ``detach()`` returns the descriptor.
    """

    __slots__ = ()
    _STATE = State.DETACHED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.DETACHED]:
            """``State.DETACHED``: typed so that a test of ``state`` narrows a union."""
            return State.DETACHED


class FailedSocket(_Closes):
    """A socket whose ``connect()`` failed.  Its descriptor is already
    released; only ``close()`` is legal (it moves to ``ClosedSocket``).

    No call returns this type: it is what a variable still naming the socket
    finds at runtime after a failed connect.
    """

    __slots__ = ()
    _STATE = State.FAILED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.FAILED]:
            """``State.FAILED``: typed so that a test of ``state`` narrows a union."""
            return State.FAILED


class ClosedSocket(_Closes):
    """A closed socket.  Only ``close()`` is legal, and does nothing."""

    __slots__ = ()
    _STATE = State.CLOSED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.CLOSED]:
            """``State.CLOSED``: typed so that a test of ``state`` narrows a union."""
            return State.CLOSED
