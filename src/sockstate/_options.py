"""Socket options as typed views, one class per state.

Rules of this module:

* Which option may be set in which state, on which family, through which
  platform constant, is ``_option_table.OPTIONS``; nothing here decides it
  again.
  Each view class is checked against that table when it is defined: it
  offers exactly the calls ``option_calls`` lists for its state, and every
  other option call is a raising stand-in on it, as on the state classes.
* A view holds its socket, not a copy of its state, nor of the stdlib
  socket it wraps (``wrap_tls()`` and ``unwrap()`` replace that).  Every typed call checks
  the socket's state *now* (a view taken before ``bind()`` refuses
  ``set_reuse_address`` after it), then its family, then the platform, and
  only then makes the system call.  A refusal is an ``OptionError`` (a
  ``SocketClosedError`` once the socket is closed) or an
  ``UnsupportedOptionError``, and changes nothing.
* Values are checked before the system call (``_option_values``).
* The raw ``getsockopt`` and ``setsockopt`` of every view bypass the table:
  any option, in any live state.  Only a closed socket refuses them.  The
  socket has the same two calls (``RawOptions``, in the live states of
  ``_states.TRANSITIONS``), for code written for the stdlib; both reach
  one pair of functions (``_raw_options``).
* Sending and receiving never pass through here.
* One family of views serves every face: a view neither waits nor moves the
  socket.  ``VIEWS`` holds each state's view, and ``OptionsProperty``
  (``sock.options``, on both faces) hands out the one of the socket's state.
  For the checkers and editors, each state class declares its ``options``
  as its own view, under ``if TYPE_CHECKING:`` as it declares ``state``.
"""

# pyright: reportPrivateUsage=false
# A view reads its socket's private descriptor and state, as the state
# classes do.

from __future__ import annotations

import os
import socket as _stdlib
import sys

from ._errors import OrderingError, UnsupportedOptionError
from ._messages import option_error
from ._option_table import OPTION_CALLS, OPTIONS, option_calls
from ._option_values import (
    IFNAMSIZ,
    INT_MAX,
    RESOLVED,
    flag,
    interface_name,
    membership,
    number,
)
from ._raw_options import raw_getsockopt, raw_setsockopt
from ._states import TERMINAL, TRANSITIONS, State
from ._typing import TYPE_CHECKING, Generic, TypeVar, cast, deprecated, overload

if TYPE_CHECKING:
    from typing import ClassVar, Final

    from typing_extensions import Buffer, Self

    from ._machine import _Socket
    from ._option_table import IPOptions, IPv4Options, IPv6Options


A = TypeVar("A", covariant=True)
"""The family's address type, as on the state classes: the views of IPv4
and IPv6 sockets have the IP options, those of Unix sockets do not."""


_MAX_HOPS: Final = 255
VIEWS: dict[State, type[_Options[object]]] = {}
"""Each state's options view.  One family of views serves every face: a
view neither waits nor moves the socket, it reads the socket's state."""
_LEGAL: Final = {state: option_calls(state) for state in TRANSITIONS}


class _Refused:
    """Stands in for an option call that a view's state forbids: looking it
    up on a view raises the error, before anything else happens.  On a view
    kept from an earlier state, a call that the socket's state allows now
    is the current view's."""

    __slots__ = ("call",)

    def __init__(self, call: str) -> None:
        self.call = call

    def __get__(self, instance: object, owner: type | None = None) -> object:
        if instance is None:
            return self
        view = cast("_Options[object]", instance)
        state = view._owner._STATE
        if self.call in _LEGAL[state]:  # a view kept from an earlier state
            now: object = VIEWS[state]._of(view._owner)
            return getattr(now, self.call)
        raise view._refuse(self.call)


class _Options(Generic[A]):
    """What every options view has: the buffer sizes, the readings of the
    options set before ``bind()``, and the raw escape hatch."""

    __slots__ = ("_owner",)

    _owner: _Socket
    _STATE: ClassVar[State]
    _forbidden: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls) -> None:
        """Register a view that names a ``_STATE`` as that state's view,
        after checking that it offers exactly the option calls the table
        allows there, and install stand-ins for the others."""
        super().__init_subclass__()
        state = cls.__dict__.get("_STATE")
        if not isinstance(state, State):
            return
        offered = frozenset(name for name in dir(cls) if not name.startswith("_"))
        if offered != option_calls(state):
            raise TypeError(
                f"{cls.__name__} offers {sorted(offered)}; the table {sorted(option_calls(state))}"
            )
        cls._forbidden = frozenset(OPTION_CALLS) - offered
        for call in cls._forbidden:
            setattr(cls, call, _Refused(call))
        VIEWS[state] = cast("type[_Options[object]]", cls)

    def __init__(self) -> None:
        raise TypeError("a socket's options view is its .options")

    @classmethod
    def _of(cls, owner: _Socket) -> Self:
        view = object.__new__(cls)
        view._owner = owner
        return view

    @property
    def _sock(self) -> _stdlib.socket:
        """The stdlib socket the owner wraps now."""
        return self._owner._sock

    if TYPE_CHECKING:

        @property
        def _address_type(self) -> A:
            """The family's address type, for the checkers only (see ``IPOptions``)."""
            ...

    def _refuse(self, call: str) -> OrderingError:
        """The error for ``call``, pointless on this socket as it is now."""
        datagram = self._sock.type == _stdlib.SOCK_DGRAM
        return option_error(call, self._owner._STATE, self._sock.family, datagram=datagram)

    def _lookup(self, call: str) -> tuple[int, int]:
        """The numbers of the level and name of ``call``'s option, once
        ``call`` is known to be legal in the socket's state now, for its
        family, on this platform."""
        option = OPTION_CALLS[call][0]
        numbers = RESOLVED[option]
        family = self._sock.family
        if call not in _LEGAL[self._owner._STATE] or family not in numbers:
            raise self._refuse(call)
        found = numbers[family]
        if found is None:
            constant = OPTIONS[option].constants[family][1]
            raise UnsupportedOptionError(
                f"{option} ({constant}) is not available on {sys.platform}",
                option=option,
                platform=sys.platform,
            )
        return found

    def _get_int(self, call: str) -> int:
        level, name = self._lookup(call)
        return self._sock.getsockopt(level, name)

    def _get_flag(self, call: str) -> bool:
        return self._get_int(call) != 0

    def _set_int(self, call: str, value: object, low: int, high: int = INT_MAX) -> None:
        level, name = self._lookup(call)
        self._sock.setsockopt(level, name, number(call, value, low, high))

    def _set_flag(self, call: str, value: object) -> None:
        level, name = self._lookup(call)
        self._sock.setsockopt(level, name, flag(call, value))

    def _raw(self, call: str) -> _stdlib.socket:
        """The stdlib socket, unless this one is closed."""
        if self._owner._STATE in TERMINAL:
            raise self._refuse(call)
        return self._sock

    def __repr__(self) -> str:
        return f"<sockstate.{type(self).__name__} of {self._owner!r}>"

    def __dir__(self) -> list[str]:
        return [name for name in object.__dir__(self) if name not in self._forbidden]

    def get_send_buffer_size(self) -> int:
        """The send buffer's size in bytes (``SO_SNDBUF``), as the kernel
        keeps it (Linux reports twice what was set: the other half is its
        bookkeeping).  Raises ``SocketClosedError`` once the socket is closed."""
        return self._get_int("get_send_buffer_size")

    def set_send_buffer_size(self, size: int, /) -> None:
        """Ask for a send buffer of ``size`` bytes (``SO_SNDBUF``); the
        kernel rounds it into its limits.  Raises ``ValueError`` outside
        0..2**31-1, ``SocketClosedError`` once the socket is closed."""
        self._set_int("set_send_buffer_size", size, 0)

    def get_receive_buffer_size(self) -> int:
        """The receive buffer's size in bytes (``SO_RCVBUF``), as the kernel
        keeps it (Linux reports twice what was set).  Raises
        ``SocketClosedError`` once the socket is closed."""
        return self._get_int("get_receive_buffer_size")

    def set_receive_buffer_size(self, size: int, /) -> None:
        """Ask for a receive buffer of ``size`` bytes (``SO_RCVBUF``); the
        kernel rounds it into its limits.  Raises ``ValueError`` outside
        0..2**31-1, ``SocketClosedError`` once the socket is closed."""
        self._set_int("set_receive_buffer_size", size, 0)

    def get_reuse_address(self: IPOptions) -> bool:
        """Whether the socket may bind an address in use (``SO_REUSEADDR``).
        On by default for IPv4 and IPv6 stream sockets on POSIX."""
        return self._get_flag("get_reuse_address")

    def get_reuse_port(self: IPOptions) -> bool:
        """Whether several sockets may bind one port (``SO_REUSEPORT``).
        Raises ``UnsupportedOptionError`` where the platform lacks it."""
        return self._get_flag("get_reuse_port")

    def get_ipv6_only(self: IPv6Options) -> bool:
        """Whether this IPv6 socket refuses IPv4 peers (``IPV6_V6ONLY``)."""
        return self._get_flag("get_ipv6_only")

    def get_bind_to_device(self: IPOptions) -> str:
        """The interface the socket is bound to (``SO_BINDTODEVICE``); ``""``
        for any.  Raises ``UnsupportedOptionError`` off Linux."""
        level, name = self._lookup("get_bind_to_device")
        raw = self._sock.getsockopt(level, name, IFNAMSIZ)
        return os.fsdecode(raw.split(b"\0", 1)[0])

    @overload
    def getsockopt(self, level: int, option: int, /) -> int: ...
    @overload
    def getsockopt(self, level: int, option: int, buflen: int, /) -> bytes: ...
    def getsockopt(self, level: int, option: int, buflen: int | None = None, /) -> int | bytes:
        """The raw escape hatch: ``socket.getsockopt`` for any option, in
        any live state, unchecked by sockstate's order.  Without ``buflen``
        the value is an ``int``; with it, at most ``buflen`` raw ``bytes``.
        The kernel's ``OSError`` passes through; raises
        ``SocketClosedError`` once the socket is closed."""
        return raw_getsockopt(self._raw("getsockopt"), level, option, buflen)

    @overload
    def setsockopt(self, level: int, option: int, value: int | Buffer, /) -> None: ...
    @overload
    def setsockopt(self, level: int, option: int, value: None, optlen: int, /) -> None: ...
    def setsockopt(
        self, level: int, option: int, value: int | Buffer | None, optlen: int | None = None, /
    ) -> None:
        """The raw escape hatch: ``socket.setsockopt`` for any option, in any
        live state.  It bypasses sockstate's order: nothing stops an option
        set where it is pointless.  ``value`` is an ``int`` or a buffer, or
        ``None`` with ``optlen`` (a null pointer of that length).  Raises
        ``TypeError`` for ``optlen`` without ``None`` or the reverse,
        ``SocketClosedError`` once the socket is closed; the kernel's
        ``OSError`` passes through."""
        raw_setsockopt(self._raw("setsockopt"), level, option, value, optlen)


class _StreamGetters(_Options[A]):
    """The readings of the stream options, legal in every live stream state."""

    __slots__ = ()

    def get_no_delay(self: IPOptions) -> bool:
        """Whether small segments go out at once (``TCP_NODELAY``), Nagle's
        algorithm off."""
        return self._get_flag("get_no_delay")

    def get_cork(self: IPOptions) -> bool:
        """Whether partial segments are held back (``TCP_CORK``).  Raises
        ``UnsupportedOptionError`` off Linux."""
        return self._get_flag("get_cork")

    def get_keep_alive(self: IPOptions) -> bool:
        """Whether an idle connection is probed (``SO_KEEPALIVE``)."""
        return self._get_flag("get_keep_alive")

    def get_keep_alive_idle(self: IPOptions) -> int:
        """Seconds of idleness before the first probe (``TCP_KEEPIDLE``).
        Raises ``UnsupportedOptionError`` where the platform lacks it."""
        return self._get_int("get_keep_alive_idle")

    def get_keep_alive_interval(self: IPOptions) -> int:
        """Seconds between probes (``TCP_KEEPINTVL``).  Raises
        ``UnsupportedOptionError`` where the platform lacks it."""
        return self._get_int("get_keep_alive_interval")

    def get_keep_alive_count(self: IPOptions) -> int:
        """Probes unanswered before the connection is dropped
        (``TCP_KEEPCNT``).  Raises ``UnsupportedOptionError`` where the
        platform lacks it."""
        return self._get_int("get_keep_alive_count")

    def get_linger(self: IPOptions) -> int | None:
        """How ``close()`` treats unsent data (``SO_LINGER``): ``None`` when
        it returns at once, else the seconds it waits (0: it resets the
        connection)."""
        level, name = self._lookup("get_linger")
        raw = self._sock.getsockopt(level, name, 8)
        on = int.from_bytes(raw[:4], sys.byteorder, signed=True)
        return int.from_bytes(raw[4:8], sys.byteorder, signed=True) if on else None

    def get_quick_ack(self: IPOptions) -> bool:
        """Whether acknowledgements go out at once (``TCP_QUICKACK``); the
        kernel switches this by itself.  Raises ``UnsupportedOptionError``
        off Linux."""
        return self._get_flag("get_quick_ack")


class _DatagramGetters(_Options[A]):
    """The readings of the datagram options, legal in every datagram state."""

    __slots__ = ()

    def get_broadcast(self: IPv4Options) -> bool:
        """Whether the socket may send to a broadcast address (``SO_BROADCAST``)."""
        return self._get_flag("get_broadcast")

    def get_multicast_ttl(self: IPOptions) -> int:
        """The hops a multicast datagram may travel (``IP_MULTICAST_TTL``,
        ``IPV6_MULTICAST_HOPS``)."""
        return self._get_int("get_multicast_ttl")

    def get_multicast_loop(self: IPOptions) -> bool:
        """Whether this host's own multicast datagrams come back to it
        (``IP_MULTICAST_LOOP``, ``IPV6_MULTICAST_LOOP``)."""
        return self._get_flag("get_multicast_loop")


class _BeforeBind(_Options[A]):
    """The options that decide what ``bind()`` may take: only before it."""

    __slots__ = ()

    def set_reuse_address(self: IPOptions, on: bool, /) -> None:
        """Let ``bind()`` take an address in use (``SO_REUSEADDR``).  Only
        before ``bind()``: after it, plain ``socket`` accepts it silently
        and it does nothing.  On a datagram socket it lets another process
        bind the same port: use it for multicast receivers only."""
        self._set_flag("set_reuse_address", on)

    def set_reuse_port(self: IPOptions, on: bool, /) -> None:
        """Let several sockets bind one port and share its load
        (``SO_REUSEPORT``).  Raises ``UnsupportedOptionError`` where the
        platform lacks it."""
        self._set_flag("set_reuse_port", on)

    def set_ipv6_only(self: IPv6Options, on: bool, /) -> None:
        """Refuse IPv4 peers (mapped ``::ffff:a.b.c.d``) on this IPv6 socket
        (``IPV6_V6ONLY``).  Only before ``bind()``: Linux refuses it after."""
        self._set_flag("set_ipv6_only", on)

    def set_bind_to_device(self: IPOptions, interface: str, /) -> None:
        """Send and receive through ``interface`` only (``SO_BINDTODEVICE``,
        Linux; ``""`` for any).  Raises ``ValueError`` for a name that no
        interface can have, the kernel's ``OSError`` (EPERM on Linux before
        5.7 without CAP_NET_RAW, ENODEV for no such interface)."""
        level, name = self._lookup("set_bind_to_device")
        raw = interface_name(interface)
        self._sock.setsockopt(level, name, raw)


class _Pushes(_StreamGetters[A]):
    """The options that shape what a stream sends: while its sending side is open."""

    __slots__ = ()

    def set_no_delay(self: IPOptions, on: bool, /) -> None:
        """Send small segments at once, Nagle's algorithm off (``TCP_NODELAY``)."""
        self._set_flag("set_no_delay", on)

    def set_cork(self: IPOptions, on: bool, /) -> None:
        """Hold partial segments back until uncorked (``TCP_CORK``).  Raises
        ``UnsupportedOptionError`` off Linux."""
        self._set_flag("set_cork", on)


class _KeepsAlive(_StreamGetters[A]):
    """The keepalive options: while the connection is open, or before it."""

    __slots__ = ()

    def set_keep_alive(self: IPOptions, on: bool, /) -> None:
        """Probe an idle connection, and drop it when the peer is gone
        (``SO_KEEPALIVE``)."""
        self._set_flag("set_keep_alive", on)

    def set_keep_alive_idle(self: IPOptions, seconds: int, /) -> None:
        """Seconds of idleness before the first probe (``TCP_KEEPIDLE``).
        Raises ``ValueError`` below 1, ``UnsupportedOptionError`` where the
        platform lacks it; the kernel's ``OSError`` above its limit."""
        self._set_int("set_keep_alive_idle", seconds, 1)

    def set_keep_alive_interval(self: IPOptions, seconds: int, /) -> None:
        """Seconds between probes (``TCP_KEEPINTVL``).  Raises
        ``ValueError`` below 1, ``UnsupportedOptionError`` where the
        platform lacks it; the kernel's ``OSError`` above its limit."""
        self._set_int("set_keep_alive_interval", seconds, 1)

    def set_keep_alive_count(self: IPOptions, probes: int, /) -> None:
        """Probes unanswered before the connection is dropped
        (``TCP_KEEPCNT``).  Raises ``ValueError`` below 1,
        ``UnsupportedOptionError`` where the platform lacks it; the
        kernel's ``OSError`` above its limit."""
        self._set_int("set_keep_alive_count", probes, 1)


class _Lingers(_StreamGetters[A]):
    """``set_linger()``: until the connection is broken."""

    __slots__ = ()

    @overload
    @deprecated(
        "set_linger() takes seconds, an int (0 resets the connection) or None, not a bool: "
        "set_linger(True) would be a 1-second linger and raises TypeError"
    )
    def set_linger(self: IPOptions, seconds: bool, /) -> None: ...
    @overload
    def set_linger(self: IPOptions, seconds: int | None, /) -> None: ...
    def set_linger(self: IPOptions, seconds: int | None, /) -> None:
        """How ``close()`` treats unsent data (``SO_LINGER``): ``None``
        returns at once and lets the kernel send it; ``n`` blocks ``close()``
        up to ``n`` seconds until it is sent; 0 discards it and resets the
        connection.  Raises ``ValueError`` for a negative ``seconds`` and
        ``TypeError`` for a ``bool`` (refused by the checkers too: pyright
        in strict mode, mypy with ``--enable-error-code deprecated``)."""
        level, name = self._lookup("set_linger")
        on, wait = (0, 0) if seconds is None else (1, number("set_linger", seconds, 0))
        pair = on.to_bytes(4, sys.byteorder, signed=True) + wait.to_bytes(
            4, sys.byteorder, signed=True
        )
        self._sock.setsockopt(level, name, pair)


class _Acks(_StreamGetters[A]):
    """``set_quick_ack()``: while the stream receives."""

    __slots__ = ()

    def set_quick_ack(self: IPOptions, on: bool, /) -> None:
        """Acknowledge at once, or let the kernel delay it (``TCP_QUICKACK``).
        Not permanent: the kernel switches back by itself.  Raises
        ``UnsupportedOptionError`` off Linux."""
        self._set_flag("set_quick_ack", on)


class _Casts(_DatagramGetters[A]):
    """The options of where datagrams go: in every datagram state."""

    __slots__ = ()

    def set_broadcast(self: IPv4Options, on: bool, /) -> None:
        """Let the socket send to (or connect to) a broadcast address
        (``SO_BROADCAST``); without it the kernel answers EACCES."""
        self._set_flag("set_broadcast", on)

    def set_multicast_ttl(self: IPOptions, hops: int, /) -> None:
        """The hops a multicast datagram may travel (``IP_MULTICAST_TTL``,
        ``IPV6_MULTICAST_HOPS``); 0 keeps it on this host.  Raises
        ``ValueError`` outside 0..255."""
        self._set_int("set_multicast_ttl", hops, 0, _MAX_HOPS)

    def set_multicast_loop(self: IPOptions, on: bool, /) -> None:
        """Whether this host's own multicast datagrams come back to it
        (``IP_MULTICAST_LOOP``, ``IPV6_MULTICAST_LOOP``)."""
        self._set_flag("set_multicast_loop", on)


class _Joins(_DatagramGetters[A]):
    """Multicast membership: before ``connect()``, which would filter the
    group's datagrams out."""

    __slots__ = ()

    @overload
    def join_multicast_group(
        self: IPv4Options, group: str, interface: str = "0.0.0.0", /
    ) -> None: ...
    @overload
    def join_multicast_group(self: IPv6Options, group: str, interface: int = 0, /) -> None: ...
    def join_multicast_group(self, group: str, interface: str | int | None = None, /) -> None:
        """Receive the datagrams sent to multicast ``group``
        (``IP_ADD_MEMBERSHIP``, ``IPV6_JOIN_GROUP``), on the interface with
        the local IPv4 address ``interface``, or the IPv6 interface index
        ``interface`` (``socket.if_nametoindex()``); by default the one the
        kernel routes the group to.  Raises ``AddressTypeError`` or
        ``AddressValueError`` for a group that is not a multicast address
        of the family, and the kernel's ``OSError``."""
        self._member("join_multicast_group", group, interface)

    @overload
    def leave_multicast_group(
        self: IPv4Options, group: str, interface: str = "0.0.0.0", /
    ) -> None: ...
    @overload
    def leave_multicast_group(self: IPv6Options, group: str, interface: int = 0, /) -> None: ...
    def leave_multicast_group(self, group: str, interface: str | int | None = None, /) -> None:
        """Stop receiving multicast ``group`` on ``interface``
        (``IP_DROP_MEMBERSHIP``, ``IPV6_LEAVE_GROUP``); the arguments are
        those of ``join_multicast_group()``.  The kernel answers
        ``OSError`` (EADDRNOTAVAIL) for a group not joined."""
        self._member("leave_multicast_group", group, interface)

    def _member(self, call: str, group: object, interface: object) -> None:
        level, name = self._lookup(call)
        self._sock.setsockopt(level, name, membership(call, self._sock.family, group, interface))


class FreshOptions(_BeforeBind[A], _Pushes[A], _KeepsAlive[A], _Lingers[A]):
    """The options of a ``FreshSocket``: the ones that must come before
    ``bind()`` (address and port reuse, IPv6-only, the device), and the
    stream options a connection will have (no-delay, cork, keepalive,
    linger), with the buffer sizes and the raw escape hatch.  Every call
    checks the socket's state when it is made."""

    __slots__ = ()
    _STATE = State.FRESH


class BoundOptions(_Pushes[A], _KeepsAlive[A], _Lingers[A]):
    """The options of a ``BoundSocket``: no-delay, cork, keepalive, linger,
    the buffer sizes.  Address reuse and the rest are too late now."""

    __slots__ = ()
    _STATE = State.BOUND


class ListeningOptions(_Pushes[A], _KeepsAlive[A], _Lingers[A]):
    """The options of a ``ListeningSocket``: those of a bound one, which
    Linux hands down to the sockets it accepts."""

    __slots__ = ()
    _STATE = State.LISTENING


class ConnectingOptions(_Pushes[A], _KeepsAlive[A], _Lingers[A]):
    """The options of a ``ConnectingSocket``: those of the connection it
    is about to have (no-delay, cork, keepalive, linger), the buffer sizes."""

    __slots__ = ()
    _STATE = State.CONNECTING


class ConnectedOptions(_Pushes[A], _Acks[A], _KeepsAlive[A], _Lingers[A]):
    """The options of a ``ConnectedSocket``: no-delay, cork, quick-ack,
    keepalive, linger, the buffer sizes."""

    __slots__ = ()
    _STATE = State.CONNECTED


class ReceiveOnlyOptions(_Acks[A], _KeepsAlive[A], _Lingers[A]):
    """The options of a ``ReceiveOnlySocket``: nothing that shapes sending."""

    __slots__ = ()
    _STATE = State.RECEIVE_ONLY


class SendOnlyOptions(_Pushes[A], _KeepsAlive[A], _Lingers[A]):
    """The options of a ``SendOnlySocket``: nothing that shapes receiving."""

    __slots__ = ()
    _STATE = State.SEND_ONLY


class ShutDownOptions(_Lingers[A]):
    """The options of a ``ShutDownSocket``: linger (how ``close()`` ends
    it) and the buffer sizes."""

    __slots__ = ()
    _STATE = State.SHUT_DOWN


class EndedOptions(_Pushes[A], _KeepsAlive[A], _Lingers[A]):
    """The options of an ``EndedSocket``: those that shape what it still sends."""

    __slots__ = ()
    _STATE = State.ENDED


class FinishedOptions(_Lingers[A]):
    """The options of a ``FinishedSocket``: linger and the buffer sizes."""

    __slots__ = ()
    _STATE = State.FINISHED


class BrokenOptions(_StreamGetters[A]):
    """The options of a ``BrokenSocket``: readings only (and the buffer
    sizes); nothing set now can help the connection."""

    __slots__ = ()
    _STATE = State.BROKEN


class HandshakingOptions(_StreamGetters[A]):
    """The options of a socket whose TLS handshake is under way: readings
    only, and the buffer sizes."""

    __slots__ = ()
    _STATE = State.HANDSHAKING


class TLSOptions(_Pushes[A], _Acks[A], _KeepsAlive[A], _Lingers[A]):
    """The options of a ``TLSSocket``: those of the connection under it
    (no-delay, cork, quick-ack, keepalive, linger), the buffer sizes."""

    __slots__ = ()
    _STATE = State.TLS


class TLSEndedOptions(_Pushes[A], _KeepsAlive[A], _Lingers[A]):
    """The options of a ``TLSEndedSocket``: those that shape what it still sends."""

    __slots__ = ()
    _STATE = State.TLS_ENDED


class UnwrappingOptions(_StreamGetters[A]):
    """The options of a socket whose ``unwrap()`` is under way: readings
    only, and the buffer sizes."""

    __slots__ = ()
    _STATE = State.UNWRAPPING


class DatagramOptions(_BeforeBind[A], _Casts[A], _Joins[A]):
    """The options of a ``DatagramSocket``: those before ``bind()``
    (address and port reuse, IPv6-only, the device), broadcast, multicast,
    the buffer sizes and the raw escape hatch."""

    __slots__ = ()
    _STATE = State.DATAGRAM


class BoundDatagramOptions(_Casts[A], _Joins[A]):
    """The options of a ``BoundDatagramSocket``: broadcast, multicast, the
    buffer sizes."""

    __slots__ = ()
    _STATE = State.DATAGRAM_BOUND


class ConnectedDatagramOptions(_Casts[A]):
    """The options of a ``ConnectedDatagramSocket``: broadcast, the
    multicast TTL and loop, the buffer sizes.  No joining: its peer filters
    a group's datagrams out."""

    __slots__ = ()
    _STATE = State.DATAGRAM_CONNECTED


class OptionsProperty:
    """``sock.options``: the socket's options, as the view of its state (a
    ``FreshOptions`` on a fresh socket, ...).  A view reads the socket's
    state at each call, so one kept after the socket moved on refuses what
    the new state forbids.  The checkers read each state class's own
    declaration of ``options`` instead."""

    __slots__ = ()

    def __get__(self, instance: _Socket | None, owner: type[object] | None = None) -> object:
        if instance is None:
            return self
        return VIEWS[instance._STATE]._of(instance)


_MISSING: Final = frozenset(TRANSITIONS) - TERMINAL - set(VIEWS)
if _MISSING:  # pragma: no cover - a check of the tables, made when sockstate is imported
    raise TypeError(f"no options view for {sorted(str(state) for state in _MISSING)}")
