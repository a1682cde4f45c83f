"""The typed option calls, each written once, and the private classes that
hand them to the views (``_family_options``).

Rules of this module:

* A call is written once, as a module-level function on
  ``_options.SocketOptions``'s checked helpers (``_lookup``, ``_get_flag``,
  ...): the state and family checks are theirs, not the calls'.
* The private classes below hand the calls to the views by binding them by
  name (``set_no_delay = set_no_delay``), as the state classes' shared calls
  are (``_machine``'s rules say why: mypy's messages name no private class).
* A class here names no state and no family: which view has which call is
  the table's, checked when each view is defined (``_options._check``).
"""

# pyright: reportPrivateUsage=false
# The calls use the view's checked helpers, private to the views.

from __future__ import annotations

import os
import sys

from ._option_values import IFNAMSIZ, interface_name, membership, number
from ._options import SocketOptions
from ._typing import TYPE_CHECKING, deprecated, overload

if TYPE_CHECKING:
    from typing import Final

__all__ = (
    "_Acks",
    "_BeforeBind",
    "_Broadcasts",
    "_Casts",
    "_KeepsAlive",
    "_Lingers",
    "_Pushes",
    "_ReadsIPv6Only",
    "_SetsIPv6Only",
    "_StreamReadings",
    "_member",
)

_MAX_HOPS: Final = 255


def get_reuse_address(self: SocketOptions) -> bool:
    """Whether the socket may bind an address in use (``SO_REUSEADDR``).
    On by default for IPv4 and IPv6 stream sockets on POSIX."""
    return self._get_flag("get_reuse_address")


def get_reuse_port(self: SocketOptions) -> bool:
    """Whether several sockets may bind one port (``SO_REUSEPORT``).
    Raises ``UnsupportedOptionError`` where the platform lacks it."""
    return self._get_flag("get_reuse_port")


def get_bind_to_device(self: SocketOptions) -> str:
    """The interface the socket is bound to (``SO_BINDTODEVICE``); ``""``
    for any.  Raises ``UnsupportedOptionError`` off Linux."""
    level, name = self._lookup("get_bind_to_device")
    raw = self._sock.getsockopt(level, name, IFNAMSIZ)
    return os.fsdecode(raw.split(b"\0", 1)[0])


def get_ipv6_only(self: SocketOptions) -> bool:
    """Whether this IPv6 socket refuses IPv4 peers (``IPV6_V6ONLY``)."""
    return self._get_flag("get_ipv6_only")


def set_ipv6_only(self: SocketOptions, on: bool, /) -> None:
    """Refuse IPv4 peers (mapped ``::ffff:a.b.c.d``) on this IPv6 socket
    (``IPV6_V6ONLY``).  Only before ``bind()``: Linux refuses it after."""
    self._set_flag("set_ipv6_only", on)


def set_reuse_address(self: SocketOptions, on: bool, /) -> None:
    """Let ``bind()`` take an address in use (``SO_REUSEADDR``).  Only
    before ``bind()``: after it, plain ``socket`` accepts it silently
    and it does nothing.  On a datagram socket it lets another process
    bind the same port: use it for multicast receivers only."""
    self._set_flag("set_reuse_address", on)


def set_reuse_port(self: SocketOptions, on: bool, /) -> None:
    """Let several sockets bind one port and share its load
    (``SO_REUSEPORT``).  Raises ``UnsupportedOptionError`` where the
    platform lacks it."""
    self._set_flag("set_reuse_port", on)


def set_bind_to_device(self: SocketOptions, interface: str, /) -> None:
    """Send and receive through ``interface`` only (``SO_BINDTODEVICE``,
    Linux; ``""`` for any).  Raises ``ValueError`` for a name that no
    interface can have, the kernel's ``OSError`` (EPERM on Linux before
    5.7 without CAP_NET_RAW, ENODEV for no such interface)."""
    level, name = self._lookup("set_bind_to_device")
    raw = interface_name(interface)
    self._sock.setsockopt(level, name, raw)


def get_no_delay(self: SocketOptions) -> bool:
    """Whether small segments go out at once (``TCP_NODELAY``), Nagle's
    algorithm off."""
    return self._get_flag("get_no_delay")


def get_cork(self: SocketOptions) -> bool:
    """Whether partial segments are held back (``TCP_CORK``).  Raises
    ``UnsupportedOptionError`` off Linux."""
    return self._get_flag("get_cork")


def get_keep_alive(self: SocketOptions) -> bool:
    """Whether an idle connection is probed (``SO_KEEPALIVE``)."""
    return self._get_flag("get_keep_alive")


def get_keep_alive_idle(self: SocketOptions) -> int:
    """Seconds of idleness before the first probe (``TCP_KEEPIDLE``).
    Raises ``UnsupportedOptionError`` where the platform lacks it."""
    return self._get_int("get_keep_alive_idle")


def get_keep_alive_interval(self: SocketOptions) -> int:
    """Seconds between probes (``TCP_KEEPINTVL``).  Raises
    ``UnsupportedOptionError`` where the platform lacks it."""
    return self._get_int("get_keep_alive_interval")


def get_keep_alive_count(self: SocketOptions) -> int:
    """Probes unanswered before the connection is dropped
    (``TCP_KEEPCNT``).  Raises ``UnsupportedOptionError`` where the
    platform lacks it."""
    return self._get_int("get_keep_alive_count")


def get_linger(self: SocketOptions) -> int | None:
    """How ``close()`` treats unsent data (``SO_LINGER``): ``None`` when
    it returns at once, else the seconds it waits (0: it resets the
    connection)."""
    level, name = self._lookup("get_linger")
    raw = self._sock.getsockopt(level, name, 8)
    on = int.from_bytes(raw[:4], sys.byteorder, signed=True)
    return int.from_bytes(raw[4:8], sys.byteorder, signed=True) if on else None


def get_quick_ack(self: SocketOptions) -> bool:
    """Whether acknowledgements go out at once (``TCP_QUICKACK``); the
    kernel switches this by itself.  Raises ``UnsupportedOptionError``
    off Linux."""
    return self._get_flag("get_quick_ack")


def get_multicast_ttl(self: SocketOptions) -> int:
    """The hops a multicast datagram may travel (``IP_MULTICAST_TTL``,
    ``IPV6_MULTICAST_HOPS``)."""
    return self._get_int("get_multicast_ttl")


def get_multicast_loop(self: SocketOptions) -> bool:
    """Whether this host's own multicast datagrams come back to it
    (``IP_MULTICAST_LOOP``, ``IPV6_MULTICAST_LOOP``)."""
    return self._get_flag("get_multicast_loop")


def get_broadcast(self: SocketOptions) -> bool:
    """Whether the socket may send to a broadcast address (``SO_BROADCAST``)."""
    return self._get_flag("get_broadcast")


def set_broadcast(self: SocketOptions, on: bool, /) -> None:
    """Let the socket send to (or connect to) a broadcast address
    (``SO_BROADCAST``); without it the kernel answers EACCES."""
    self._set_flag("set_broadcast", on)


def set_no_delay(self: SocketOptions, on: bool, /) -> None:
    """Send small segments at once, Nagle's algorithm off (``TCP_NODELAY``)."""
    self._set_flag("set_no_delay", on)


def set_cork(self: SocketOptions, on: bool, /) -> None:
    """Hold partial segments back until uncorked (``TCP_CORK``).  Raises
    ``UnsupportedOptionError`` off Linux."""
    self._set_flag("set_cork", on)


def set_keep_alive(self: SocketOptions, on: bool, /) -> None:
    """Probe an idle connection, and drop it when the peer is gone
    (``SO_KEEPALIVE``)."""
    self._set_flag("set_keep_alive", on)


def set_keep_alive_idle(self: SocketOptions, seconds: int, /) -> None:
    """Seconds of idleness before the first probe (``TCP_KEEPIDLE``).
    Raises ``ValueError`` below 1, ``UnsupportedOptionError`` where the
    platform lacks it; the kernel's ``OSError`` above its limit."""
    self._set_int("set_keep_alive_idle", seconds, 1)


def set_keep_alive_interval(self: SocketOptions, seconds: int, /) -> None:
    """Seconds between probes (``TCP_KEEPINTVL``).  Raises
    ``ValueError`` below 1, ``UnsupportedOptionError`` where the
    platform lacks it; the kernel's ``OSError`` above its limit."""
    self._set_int("set_keep_alive_interval", seconds, 1)


def set_keep_alive_count(self: SocketOptions, probes: int, /) -> None:
    """Probes unanswered before the connection is dropped
    (``TCP_KEEPCNT``).  Raises ``ValueError`` below 1,
    ``UnsupportedOptionError`` where the platform lacks it; the
    kernel's ``OSError`` above its limit."""
    self._set_int("set_keep_alive_count", probes, 1)


@overload
@deprecated(
    "set_linger() takes seconds, an int (0 resets the connection) or None, not a bool: "
    "set_linger(True) would be a 1-second linger and raises TypeError"
)
def set_linger(self: SocketOptions, seconds: bool, /) -> None: ...
@overload
def set_linger(self: SocketOptions, seconds: int | None, /) -> None: ...
def set_linger(self: SocketOptions, seconds: int | None, /) -> None:
    """How ``close()`` treats unsent data (``SO_LINGER``): ``None``
    returns at once and lets the kernel send it; ``n`` blocks ``close()``
    up to ``n`` seconds until it is sent; 0 discards it and resets the
    connection.  Raises ``ValueError`` for a negative ``seconds`` and
    ``TypeError`` for a ``bool`` (refused by the checkers too: pyright
    in strict mode, mypy with ``--enable-error-code deprecated``)."""
    level, name = self._lookup("set_linger")
    on, wait = (0, 0) if seconds is None else (1, number("set_linger", seconds, 0))
    pair = on.to_bytes(4, sys.byteorder, signed=True) + wait.to_bytes(4, sys.byteorder, signed=True)
    self._sock.setsockopt(level, name, pair)


def set_quick_ack(self: SocketOptions, on: bool, /) -> None:
    """Acknowledge at once, or let the kernel delay it (``TCP_QUICKACK``).
    Not permanent: the kernel switches back by itself.  Raises
    ``UnsupportedOptionError`` off Linux."""
    self._set_flag("set_quick_ack", on)


def set_multicast_ttl(self: SocketOptions, hops: int, /) -> None:
    """The hops a multicast datagram may travel (``IP_MULTICAST_TTL``,
    ``IPV6_MULTICAST_HOPS``); 0 keeps it on this host.  Raises
    ``ValueError`` outside 0..255."""
    self._set_int("set_multicast_ttl", hops, 0, _MAX_HOPS)


def set_multicast_loop(self: SocketOptions, on: bool, /) -> None:
    """Whether this host's own multicast datagrams come back to it
    (``IP_MULTICAST_LOOP``, ``IPV6_MULTICAST_LOOP``)."""
    self._set_flag("set_multicast_loop", on)


def _member(view: SocketOptions, call: str, group: object, interface: object) -> None:
    """Join or leave ``group`` on ``interface`` (``None``: the default)."""
    level, name = view._lookup(call)
    family = view._sock.family
    view._sock.setsockopt(level, name, membership(call, family, group, interface))


# -- the calls, handed to the views ------------------------------------------------------


class _IPReadings(SocketOptions):
    """The readings of the options set before ``bind()``: in every live state."""

    __slots__ = ()
    get_reuse_address = get_reuse_address
    get_reuse_port = get_reuse_port
    get_bind_to_device = get_bind_to_device


class _ReadsIPv6Only(SocketOptions):
    """``get_ipv6_only()``, in every live state of an IPv6 socket."""

    __slots__ = ()
    get_ipv6_only = get_ipv6_only


class _SetsIPv6Only(_ReadsIPv6Only):
    """``set_ipv6_only()``: before ``bind()``."""

    __slots__ = ()
    set_ipv6_only = set_ipv6_only


class _BeforeBind(_IPReadings):
    """The options that decide what ``bind()`` may take: only before it."""

    __slots__ = ()
    set_reuse_address = set_reuse_address
    set_reuse_port = set_reuse_port
    set_bind_to_device = set_bind_to_device


class _StreamReadings(_IPReadings):
    """The readings of a stream socket."""

    __slots__ = ()
    get_no_delay = get_no_delay
    get_cork = get_cork
    get_keep_alive = get_keep_alive
    get_keep_alive_idle = get_keep_alive_idle
    get_keep_alive_interval = get_keep_alive_interval
    get_keep_alive_count = get_keep_alive_count
    get_linger = get_linger
    get_quick_ack = get_quick_ack


class _Pushes(_StreamReadings):
    """The views' no-delay and cork."""

    __slots__ = ()
    set_no_delay = set_no_delay
    set_cork = set_cork


class _KeepsAlive(_StreamReadings):
    """The views' keepalive setters."""

    __slots__ = ()
    set_keep_alive = set_keep_alive
    set_keep_alive_idle = set_keep_alive_idle
    set_keep_alive_interval = set_keep_alive_interval
    set_keep_alive_count = set_keep_alive_count


class _Lingers(_StreamReadings):
    """The views' ``set_linger()``."""

    __slots__ = ()
    set_linger = set_linger


class _Acks(_StreamReadings):
    """The views' ``set_quick_ack()``."""

    __slots__ = ()
    set_quick_ack = set_quick_ack


class _DatagramReadings(_IPReadings):
    """The readings of a datagram socket."""

    __slots__ = ()
    get_multicast_ttl = get_multicast_ttl
    get_multicast_loop = get_multicast_loop


class _Casts(_DatagramReadings):
    """The views' multicast TTL and loop setters."""

    __slots__ = ()
    set_multicast_ttl = set_multicast_ttl
    set_multicast_loop = set_multicast_loop


class _Broadcasts(SocketOptions):
    """The views' broadcast (IPv4)."""

    __slots__ = ()
    get_broadcast = get_broadcast
    set_broadcast = set_broadcast
