"""Adoption: a socket made elsewhere, taken over in the state the kernel
says it is in.

Rules of this module:

* The state is asked of the kernel, never guessed: listening
  (``SO_ACCEPTCONN``), connected (a peer), connecting (Linux ``TCP_INFO``),
  bound (a name) or fresh; for datagram sockets connected, bound or unbound.
* A socket or descriptor that adoption refuses stays the caller's,
  untouched: the checks come before the object is made, and a descriptor
  wrapped only to ask about it is detached again.
"""

# pyright: reportPrivateUsage=false
# Adoption builds an object of a state class through its private _new.

from __future__ import annotations

import errno
import socket as _stdlib

from ._factories import state_classes
from ._machine import _family_of, _type_of
from ._states import State
from ._typing import TYPE_CHECKING, cast, overload

if not TYPE_CHECKING:
    from ._typing import GenericUnion

if TYPE_CHECKING:
    from typing import Literal

    from ._addresses import IPv4Address, IPv6Address, UnixAddress
    from ._common import A, ClosedSocket, DetachedSocket, FailedSocket
    from ._connection import (
        BrokenSocket,
        ConnectedSocket,
        EndedSocket,
        FinishedSocket,
        ReceiveOnlySocket,
        SendOnlySocket,
        ShutDownSocket,
    )
    from ._datagram import BoundDatagramSocket, ConnectedDatagramSocket, DatagramSocket
    from ._stream import (
        BoundSocket,
        ConnectingSocket,
        FreshSocket,
        ListeningSocket,
    )
    from ._tls import (
        HandshakeFailedSocket,
        HandshakingSocket,
        TLSEndedSocket,
        TLSSocket,
        UnwrappingSocket,
    )

_STREAM = _stdlib.SocketKind.SOCK_STREAM
_DGRAM = _stdlib.SocketKind.SOCK_DGRAM
_AF_UNIX = _stdlib.AF_UNIX
_SOL_SOCKET = _stdlib.SOL_SOCKET
_CLASSES = state_classes()
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
        raise  # pragma: no cover - a socket adopt() has checked has no other errno to give
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
@overload
def adopt(
    sock: _stdlib.socket | int, family: int
) -> Adopted[IPv4Address | IPv6Address | UnixAddress]: ...
def adopt(sock: _stdlib.socket | int, family: int) -> Adopted[object]:
    """Take over an existing socket, a ``socket.socket`` or a descriptor, and
    return it as the class of the state the kernel says it is in.

    ``family`` is the family the caller expects (``socket.AF_INET``,
    ``AF_INET6`` or ``AF_UNIX``), so that the result is typed for its
    addresses; a family known only at runtime (``raw.family``) types them
    as any family's.  Narrow the result by its ``state`` (``if sock.state
    is State.LISTENING:``), with ``isinstance`` or with ``match``.  The
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
    """A socket of the blocking face in any state, its addresses of type ``A``:
    the type of a name or an attribute that keeps one socket across its
    states (``self.sock: AnySocket[IPv4Address]``).  A union of the state
    classes, so that ``if sock.state is State.FRESH:`` (or ``==``, or
    ``match sock.state:``) narrows it to ``FreshSocket[A]``.  At runtime
    ``AnySocket[IPv4Address]`` is the ``types.UnionType`` of the classes."""
else:
    AnySocket = GenericUnion("sockstate.AnySocket", [_CLASSES[state] for state in State])
