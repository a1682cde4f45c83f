"""The blocking face assembled, and the calls that make its sockets.

Rules of this module:

* Importing it links the blocking face (``_machine.BLOCKING``): every state
  of the table has its class by then, or the import fails.
* A factory checks its arguments before any system call (``ValueError``
  for a family or type sockstate does not support), makes the stdlib socket,
  applies sockstate's defaults (``with_defaults``) and wraps it in the class
  of its first state.  If anything after the stdlib call fails (the kernel
  refuses a default, the tracer raises), the socket is closed before the
  error propagates.
"""

# pyright: reportPrivateUsage=false
# The factories build objects of the state classes through their private _new.

from __future__ import annotations

import socket as _stdlib

from . import _connection, _datagram, _stream
from ._addresses import CHECKERS
from ._machine import BLOCKING
from ._option_values import with_defaults
from ._typing import TYPE_CHECKING, cast, overload

if TYPE_CHECKING:
    from typing import Any, Literal

    from ._addresses import IPv4Address, IPv6Address, UnixAddress
    from ._connection import ConnectedSocket
    from ._datagram import ConnectedDatagramSocket, DatagramSocket
    from ._machine import _Socket
    from ._states import State
    from ._stream import FreshSocket

BLOCKING.link()

_FRESH = cast("type[FreshSocket[Any]]", _stream.FreshSocket)
_DATAGRAM = cast("type[DatagramSocket[Any]]", _datagram.DatagramSocket)
_PAIR = cast("type[ConnectedSocket[Any]]", _connection.ConnectedSocket)
_DATAGRAM_PAIR = cast("type[ConnectedDatagramSocket[Any]]", _datagram.ConnectedDatagramSocket)


def state_classes() -> dict[State, type[_Socket]]:
    """The blocking face's class of each state."""
    return dict(BLOCKING.classes)


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
