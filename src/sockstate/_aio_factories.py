"""The asyncio face assembled: the calls that make its sockets, adoption,
moving a socket between the faces, and asyncio's streams.

Rules of this module:

* Importing it links the asyncio face (``_aio_common.ASYNCIO``): every state
  of the table has its class by then, or the import fails.
* Every socket of the asyncio face is non-blocking from its first moment
  (``SOCK_NONBLOCK`` where the platform has it).  The factories check their
  arguments as the blocking face's do, before any system call.
* Moving a socket to the other face keeps its state: the old object moves
  to ``DETACHED`` through the primitive, as ``detach()`` would leave it, and
  a new object of the other face's class of that state takes the
  descriptor, in a new ``socket.socket`` (a TLS socket's ``ssl.SSLSocket``
  moves itself, with its session).  Only a socket with no call under
  way moves (``BusyError`` otherwise), so no waiting call and no loop
  registration is left on the descriptor.
"""

# pyright: reportPrivateUsage=false
# The factories build objects of the state classes through their private _new.

from __future__ import annotations

import asyncio
import socket as _stdlib

from . import _aio_connection, _aio_datagram, _aio_stream
from ._addresses import CHECKERS
from ._adopt import _found_state
from ._aio_common import ASYNCIO
from ._errors import BusyError, OrderingError
from ._factories import state_classes
from ._machine import _AFTER, _IDLE, _LOCK, _family_of, _Socket, _type_of
from ._option_values import with_defaults
from ._states import BLOCKING_ONLY, State, allowed
from ._typing import TYPE_CHECKING, cast, overload

if not TYPE_CHECKING:
    from ._typing import GenericUnion

if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

    import sockstate

    from ._addresses import IPv4Address, IPv6Address, UnixAddress
    from ._aio_common import ClosedSocket, DetachedSocket, FailedSocket
    from ._aio_connection import (
        BrokenSocket,
        ConnectedSocket,
        EndedSocket,
        FinishedSocket,
        ReceiveOnlySocket,
        SendOnlySocket,
        ShutDownSocket,
    )
    from ._aio_datagram import BoundDatagramSocket, ConnectedDatagramSocket, DatagramSocket
    from ._aio_stream import (
        BoundSocket,
        ConnectingSocket,
        FreshSocket,
        ListeningSocket,
    )
    from ._aio_tls import (
        HandshakeFailedSocket,
        HandshakingSocket,
        TLSEndedSocket,
        TLSSocket,
        UnwrappingSocket,
    )
    from ._common import A
    from ._typing import TypeVar

    B = TypeVar("B")

ASYNCIO.link()

_FRESH = cast("type[FreshSocket[Any]]", _aio_stream.FreshSocket)
_DATAGRAM = cast("type[DatagramSocket[Any]]", _aio_datagram.DatagramSocket)
_PAIR = cast("type[ConnectedSocket[Any]]", _aio_connection.ConnectedSocket)
_DATAGRAM_PAIR = cast("type[ConnectedDatagramSocket[Any]]", _aio_datagram.ConnectedDatagramSocket)
_BLOCKING_CLASSES = state_classes()

_STREAM = _stdlib.SocketKind.SOCK_STREAM
_DGRAM = _stdlib.SocketKind.SOCK_DGRAM
_NONBLOCK: int = getattr(_stdlib, "SOCK_NONBLOCK", 0)


def _made(family: int, kind: int, proto: int = 0) -> _stdlib.socket:
    """A new non-blocking stdlib socket."""
    sock = _stdlib.socket(family, kind | _NONBLOCK, proto)
    if not _NONBLOCK:  # pragma: no cover - platforms without SOCK_NONBLOCK
        sock.setblocking(False)
    return sock


def _stream(family: int, proto: int = 0) -> _stdlib.socket:
    return with_defaults(_made(family, _STREAM, proto), family)


def aio_state_classes() -> dict[State, type[_Socket]]:
    """The asyncio face's class of each state."""
    return dict(ASYNCIO.classes)


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
    """Create a non-blocking socket, as ``socket.socket(family, type,
    proto)`` does, and return it in its first state of the asyncio face,
    typed for the family's addresses: a ``FreshSocket`` for
    ``socket.SOCK_STREAM``, a ``DatagramSocket`` for ``socket.SOCK_DGRAM``.

    ``family`` is ``socket.AF_INET``, ``socket.AF_INET6`` or
    ``socket.AF_UNIX``.  Raises ``ValueError`` for any other family or type,
    before any system call, and the kernel's ``OSError`` if it cannot make
    the socket.  Needs no running loop: only the calls that wait do.
    """
    if isinstance(family, bool) or family not in CHECKERS:
        raise ValueError(f"sockstate supports AF_INET, AF_INET6 and AF_UNIX, not {family!r}")
    if isinstance(type, bool) or type not in (_STREAM, _DGRAM):
        raise ValueError(f"sockstate supports SOCK_STREAM and SOCK_DGRAM sockets, not {type!r}")
    if type == _STREAM:
        return _FRESH._new(_stream(family, proto), "socket")
    return _DATAGRAM._new(_made(family, type, proto), "socket")


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
    """Two non-blocking sockets connected to each other, as
    ``socket.socketpair()`` makes: asyncio ``ConnectedSocket``\\ s for
    ``SOCK_STREAM`` (the default), or ``ConnectedDatagramSocket``\\ s for
    ``SOCK_DGRAM``.  Raises ``ValueError`` for a family other than
    ``AF_UNIX`` or another type, before any system call."""
    if isinstance(family, bool) or family != _stdlib.AF_UNIX:
        raise ValueError(f"sockstate's socketpair() is AF_UNIX only, not {family!r}")
    if isinstance(type, bool) or type not in (_STREAM, _DGRAM):
        raise ValueError(f"socketpair() makes SOCK_STREAM or SOCK_DGRAM sockets, not {type!r}")
    first, second = _stdlib.socketpair(family, type)
    try:
        first.setblocking(False)
        second.setblocking(False)
    except BaseException:  # pragma: no cover - the kernel refusing O_NONBLOCK
        first.close()
        second.close()
        raise
    cls = _PAIR if type == _STREAM else _DATAGRAM_PAIR
    try:
        one = cls._new(first, "socketpair")
    except BaseException:
        second.close()
        raise
    try:
        other = cls._new(second, "socketpair")
    except BaseException:
        one.close()
        raise
    return cast("tuple[ConnectedSocket[object], ConnectedSocket[object]]", (one, other))


def tcp() -> FreshSocket[IPv4Address]:
    """A fresh non-blocking IPv4 stream socket of the asyncio face:
    ``socket(AF_INET, SOCK_STREAM)``."""
    return _FRESH._new(_stream(_stdlib.AF_INET), "socket")


def tcp6() -> FreshSocket[IPv6Address]:
    """A fresh non-blocking IPv6 stream socket of the asyncio face:
    ``socket(AF_INET6, SOCK_STREAM)``."""
    return _FRESH._new(_stream(_stdlib.AF_INET6), "socket")


def unix() -> FreshSocket[UnixAddress]:
    """A fresh non-blocking Unix stream socket of the asyncio face:
    ``socket(AF_UNIX, SOCK_STREAM)``."""
    return _FRESH._new(_made(_stdlib.AF_UNIX, _STREAM), "socket")


def udp() -> DatagramSocket[IPv4Address]:
    """An unbound non-blocking IPv4 datagram socket of the asyncio face:
    ``socket(AF_INET, SOCK_DGRAM)``."""
    return _DATAGRAM._new(_made(_stdlib.AF_INET, _DGRAM), "socket")


def udp6() -> DatagramSocket[IPv6Address]:
    """An unbound non-blocking IPv6 datagram socket of the asyncio face:
    ``socket(AF_INET6, SOCK_DGRAM)``."""
    return _DATAGRAM._new(_made(_stdlib.AF_INET6, _DGRAM), "socket")


def unix_datagram() -> DatagramSocket[UnixAddress]:
    """An unbound non-blocking Unix datagram socket of the asyncio face:
    ``socket(AF_UNIX, SOCK_DGRAM)``."""
    return _DATAGRAM._new(_made(_stdlib.AF_UNIX, _DGRAM), "socket")


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
@overload
def adopt(
    sock: _stdlib.socket | int, family: int
) -> Adopted[IPv4Address | IPv6Address | UnixAddress]: ...
def adopt(sock: _stdlib.socket | int, family: int) -> Adopted[object]:
    """Take over an existing socket, a ``socket.socket`` or a descriptor, as
    ``sockstate.adopt()`` does, and return it as the asyncio face's class of
    the state the kernel says it is in, made non-blocking.

    Raises ``TypeError`` for a subclass of ``socket.socket`` or anything
    else, and ``ValueError`` for a closed socket, another family, or a type
    other than stream or datagram; the socket or descriptor then stays the
    caller's, untouched (its blocking mode too).
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
    raw.setblocking(False)
    return cast("Adopted[object]", ASYNCIO.classes[state]._new(raw, "adopt"))


def _handed(sock: _Socket, operation: str) -> _stdlib.socket:
    """Move ``sock`` to ``DETACHED`` through the primitive, as ``detach()``
    does, and return a new stdlib socket that holds its descriptor (or the
    ``ssl.SSLSocket`` itself, whose TLS session cannot move).  Raises
    the ordering error (``SocketClosedError``) where ``detach`` is illegal,
    and ``BusyError`` while a call is under way on it; either way nothing
    changes."""
    with _LOCK:
        before = type(sock)
        if "detach" not in before._allowed:
            raise sock._refuse("detach")
        if len(sock._calls) > _IDLE:
            raise BusyError(
                f"{operation}() while a call is under way on the socket: let it end first",
                operation=operation,
            )
        raw = sock._sock
        if type(raw) is not _stdlib.socket:  # an ssl.SSLSocket
            sock._move(before, "detach", _AFTER)
            return raw
        family, kind, proto = _family_of(raw), _type_of(raw), raw.proto
        fd = raw.detach()
        sock._move(before, "detach", _AFTER)
    return _stdlib.socket(family, kind, proto, fd)


@overload
def from_blocking(sock: sockstate.FreshSocket[B]) -> FreshSocket[B]: ...
@overload
def from_blocking(sock: sockstate.BoundSocket[B]) -> BoundSocket[B]: ...
@overload
def from_blocking(sock: sockstate.ListeningSocket[B]) -> ListeningSocket[B]: ...
@overload
def from_blocking(sock: sockstate.ConnectingSocket[B]) -> ConnectingSocket[B]: ...
@overload
def from_blocking(sock: sockstate.ConnectedSocket[B]) -> ConnectedSocket[B]: ...
@overload
def from_blocking(sock: sockstate.ReceiveOnlySocket[B]) -> ReceiveOnlySocket[B]: ...
@overload
def from_blocking(sock: sockstate.SendOnlySocket[B]) -> SendOnlySocket[B]: ...
@overload
def from_blocking(sock: sockstate.ShutDownSocket[B]) -> ShutDownSocket[B]: ...
@overload
def from_blocking(sock: sockstate.EndedSocket[B]) -> EndedSocket[B]: ...
@overload
def from_blocking(sock: sockstate.FinishedSocket[B]) -> FinishedSocket[B]: ...
@overload
def from_blocking(sock: sockstate.TLSSocket[B]) -> TLSSocket[B]: ...
@overload
def from_blocking(sock: sockstate.TLSEndedSocket[B]) -> TLSEndedSocket[B]: ...
@overload
def from_blocking(sock: sockstate.BrokenSocket) -> BrokenSocket: ...
@overload
def from_blocking(sock: sockstate.DatagramSocket[B]) -> DatagramSocket[B]: ...
@overload
def from_blocking(sock: sockstate.BoundDatagramSocket[B]) -> BoundDatagramSocket[B]: ...
@overload
def from_blocking(sock: sockstate.ConnectedDatagramSocket[B]) -> ConnectedDatagramSocket[B]: ...
def from_blocking(sock: object) -> object:
    """Hand a socket of the blocking face over to the asyncio face, in the
    state it is in (half-closed, ended and broken included); return the
    asyncio object of that state, its descriptor made non-blocking.

    The blocking object is left ``DETACHED``, as after ``detach()``: only
    ``close()`` (which does nothing) is left on it.  Raises
    ``SocketClosedError`` for a socket that no longer has its descriptor,
    ``BusyError`` while another thread is in a call on it, and
    ``TypeError`` for anything but a blocking sockstate socket; either way
    nothing changes.
    """
    if not isinstance(sock, _Socket) or type(sock) not in _BLOCKING_CLASSES.values():
        raise TypeError(f"from_blocking() takes a blocking sockstate socket, not {sock!r}")
    state = sock._STATE
    raw = _handed(sock, "from_blocking")
    raw.setblocking(False)
    return ASYNCIO.classes[state]._new(raw, "from_blocking")


@overload
def to_blocking(sock: FreshSocket[B]) -> sockstate.FreshSocket[B]: ...
@overload
def to_blocking(sock: BoundSocket[B]) -> sockstate.BoundSocket[B]: ...
@overload
def to_blocking(sock: ListeningSocket[B]) -> sockstate.ListeningSocket[B]: ...
@overload
def to_blocking(sock: ConnectingSocket[B]) -> sockstate.ConnectingSocket[B]: ...
@overload
def to_blocking(sock: ConnectedSocket[B]) -> sockstate.ConnectedSocket[B]: ...
@overload
def to_blocking(sock: ReceiveOnlySocket[B]) -> sockstate.ReceiveOnlySocket[B]: ...
@overload
def to_blocking(sock: SendOnlySocket[B]) -> sockstate.SendOnlySocket[B]: ...
@overload
def to_blocking(sock: ShutDownSocket[B]) -> sockstate.ShutDownSocket[B]: ...
@overload
def to_blocking(sock: EndedSocket[B]) -> sockstate.EndedSocket[B]: ...
@overload
def to_blocking(sock: FinishedSocket[B]) -> sockstate.FinishedSocket[B]: ...
@overload
def to_blocking(sock: TLSSocket[B]) -> sockstate.TLSSocket[B]: ...
@overload
def to_blocking(sock: TLSEndedSocket[B]) -> sockstate.TLSEndedSocket[B]: ...
@overload
def to_blocking(sock: BrokenSocket) -> sockstate.BrokenSocket: ...
@overload
def to_blocking(sock: DatagramSocket[B]) -> sockstate.DatagramSocket[B]: ...
@overload
def to_blocking(sock: BoundDatagramSocket[B]) -> sockstate.BoundDatagramSocket[B]: ...
@overload
def to_blocking(sock: ConnectedDatagramSocket[B]) -> sockstate.ConnectedDatagramSocket[B]: ...
def to_blocking(sock: object) -> object:
    """Hand a socket of the asyncio face back to the blocking face, in the
    state it is in; return the blocking object of that state, its
    descriptor blocking again (timeout ``None``).

    The asyncio object is left ``DETACHED``.  Raises ``SocketClosedError``
    for a socket that no longer has its descriptor, ``BusyError`` while a
    task waits in a call on it, and ``TypeError`` for anything but an
    asyncio sockstate socket; either way nothing changes.
    """
    if not isinstance(sock, _Socket) or type(sock) not in ASYNCIO.classes.values():
        raise TypeError(f"to_blocking() takes a sockstate.aio socket, not {sock!r}")
    state = sock._STATE
    raw = _handed(sock, "to_blocking")
    raw.setblocking(True)
    return _BLOCKING_CLASSES[state]._new(raw, "to_blocking")


async def open_streams(
    sock: ConnectedSocket[Any], *, limit: int = 2**16
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Hand a connected asyncio socket over to asyncio's streams: return the
    ``(StreamReader, StreamWriter)`` pair of ``asyncio.open_connection(sock=...)``
    over its descriptor.  The sockstate object is left ``DETACHED`` (the
    streams' transport owns the descriptor and closes it), so sockstate
    no longer sees the connection's states.

    Legal where the table allows a file over the connection (``makefile``
    on the blocking face): on a ``ConnectedSocket`` only.  Raises
    ``OrderingError`` in any other state, and ``BusyError`` while a task
    waits in a call on the socket, with nothing changed.  ``limit`` is the
    reader's buffer limit, as for ``open_connection``.
    """
    state = sock.state
    if "makefile" not in allowed(state):
        raise OrderingError(
            f"open_streams() needs a connected socket; this socket is {state}",
            operation="open_streams",
            state=state,
            allowed=allowed(state) - BLOCKING_ONLY,
        )
    raw = _handed(sock, "open_streams")
    try:
        return await asyncio.open_connection(sock=raw, limit=limit)
    except BaseException:
        raw.close()
        raise


if TYPE_CHECKING:
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
    """What ``sockstate.aio.adopt()`` returns: an asyncio socket in any state
    the kernel can report."""

    AnySocket: TypeAlias = (
        FreshSocket[A]
        | BoundSocket[A]
        | ListeningSocket[A]
        | ConnectingSocket[A]
        | ConnectedSocket[A]
        | ReceiveOnlySocket[A]
        | SendOnlySocket[A]
        | ShutDownSocket[A]
        | EndedSocket[A]
        | FinishedSocket[A]
        | HandshakingSocket[A]
        | TLSSocket[A]
        | TLSEndedSocket[A]
        | UnwrappingSocket[A]
        | BrokenSocket
        | DatagramSocket[A]
        | BoundDatagramSocket[A]
        | ConnectedDatagramSocket[A]
        | FailedSocket
        | HandshakeFailedSocket
        | DetachedSocket
        | ClosedSocket
    )
    """An asyncio socket in any state, its addresses of type ``A``: the type
    of a name or an attribute that keeps one socket across its states
    (``self.sock: AnySocket[IPv4Address]``).  A union of the state classes,
    so that ``if sock.state is State.FRESH:`` (or ``==``, or ``match
    sock.state:``) narrows it to ``FreshSocket[A]``.  At runtime
    ``AnySocket[IPv4Address]`` is the ``types.UnionType`` of the classes."""
else:
    AnySocket = GenericUnion("sockstate.aio.AnySocket", [ASYNCIO.classes[state] for state in State])
