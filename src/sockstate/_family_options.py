"""Socket options as typed views, one class per live state and family, and
``sock.options``, which hands out the one of the socket's.

Rules of this module:

* Per live state ``S`` of an IP socket there are three views: ``SOptions``,
  the options both IP families have in ``S`` (the view of
  ``S[IPv4Address | IPv6Address]``, which ``create_connection()`` returns),
  and its subclasses ``SIPv4Options`` and ``SIPv6Options``, which add their
  family's (broadcast; IPv6-only; the interface of a multicast group).  A
  Unix socket's view is ``UnixOptions`` in every state; one whose family
  the checkers do not know gets ``SocketOptions`` (``_options``).
* Which class has which call is the table's: each class here names its
  state and families, and ``_options._check`` holds it to
  ``option_calls(state, family)`` when it is defined.  A view class adds
  calls by inheriting the classes of ``_option_calls``, and defines none
  but the multicast ones, whose interface each family names its own way:
  a ``def`` on each public view (the checkers would refuse a subclass
  changing a shared call's signature).
* The runtime hands out the view of the socket's state and family
  (``_options.VIEWS``); the checkers pick it by the socket's address type,
  through ``_options.OptionsProperty``'s overloads, which each state class
  declares with its three views under ``if TYPE_CHECKING:``.  So a call of another family is
  an unknown attribute of a class named for the family
  (``"FreshIPv4Options" has no attribute "set_ipv6_only"``), in mypy,
  pyright and every editor that reads the overloads by the address type.
"""

from __future__ import annotations

import socket as _stdlib

from ._option_calls import (
    _Acks,
    _BeforeBind,
    _Broadcasts,
    _Casts,
    _KeepsAlive,
    _Lingers,
    _member,
    _Pushes,
    _ReadsIPv6Only,
    _SetsIPv6Only,
    _StreamReadings,
)
from ._options import FAMILIES, IP, VIEWS
from ._states import LIVE, State
from ._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Final


_IPV4: Final[tuple[int, ...]] = (_stdlib.AF_INET,)
_IPV6: Final[tuple[int, ...]] = (_stdlib.AF_INET6,)


class FreshOptions(_BeforeBind, _Pushes, _KeepsAlive, _Lingers):
    """The options of a ``FreshSocket`` of either IP family
    (``FreshSocket[IPv4Address | IPv6Address]``): the ones that must come
    before ``bind()`` (address and port reuse, the device), and the stream
    options a connection will have (no-delay, cork, keepalive, linger), with
    the buffer sizes and the raw escape hatch.  Every call checks the
    socket's state when it is made.  ``FreshIPv4Options`` and
    ``FreshIPv6Options`` are those of one family."""

    __slots__ = ()
    _STATE = State.FRESH
    _FAMILIES = IP


class FreshIPv4Options(FreshOptions):
    """The options of a ``FreshSocket[IPv4Address]``: those of
    ``FreshOptions`` (nothing more: it exists so that the checkers name its
    family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class FreshIPv6Options(_SetsIPv6Only, FreshOptions):
    """The options of a ``FreshSocket[IPv6Address]``: those of
    ``FreshOptions``, and IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class BoundOptions(_Pushes, _KeepsAlive, _Lingers):
    """The options of a ``BoundSocket`` of either IP family
    (``BoundSocket[IPv4Address | IPv6Address]``): no-delay, cork, keepalive,
    linger, the buffer sizes.  Address reuse and the rest are too late now.
    ``BoundIPv4Options`` and ``BoundIPv6Options`` are those of one family."""

    __slots__ = ()
    _STATE = State.BOUND
    _FAMILIES = IP


class BoundIPv4Options(BoundOptions):
    """The options of a ``BoundSocket[IPv4Address]``: those of
    ``BoundOptions`` (nothing more: it exists so that the checkers name its
    family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class BoundIPv6Options(_ReadsIPv6Only, BoundOptions):
    """The options of a ``BoundSocket[IPv6Address]``: those of
    ``BoundOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class ListeningOptions(_Pushes, _KeepsAlive, _Lingers):
    """The options of a ``ListeningSocket`` of either IP family
    (``ListeningSocket[IPv4Address | IPv6Address]``): those of a bound one,
    which Linux hands down to the sockets it accepts.
    ``ListeningIPv4Options`` and ``ListeningIPv6Options`` are those of one
    family."""

    __slots__ = ()
    _STATE = State.LISTENING
    _FAMILIES = IP


class ListeningIPv4Options(ListeningOptions):
    """The options of a ``ListeningSocket[IPv4Address]``: those of
    ``ListeningOptions`` (nothing more: it exists so that the checkers name
    its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class ListeningIPv6Options(_ReadsIPv6Only, ListeningOptions):
    """The options of a ``ListeningSocket[IPv6Address]``: those of
    ``ListeningOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class ConnectingOptions(_Pushes, _KeepsAlive, _Lingers):
    """The options of a ``ConnectingSocket`` of either IP family
    (``ConnectingSocket[IPv4Address | IPv6Address]``): those of the
    connection it is about to have (no-delay, cork, keepalive, linger), the
    buffer sizes.  ``ConnectingIPv4Options`` and ``ConnectingIPv6Options``
    are those of one family."""

    __slots__ = ()
    _STATE = State.CONNECTING
    _FAMILIES = IP


class ConnectingIPv4Options(ConnectingOptions):
    """The options of a ``ConnectingSocket[IPv4Address]``: those of
    ``ConnectingOptions`` (nothing more: it exists so that the checkers name
    its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class ConnectingIPv6Options(_ReadsIPv6Only, ConnectingOptions):
    """The options of a ``ConnectingSocket[IPv6Address]``: those of
    ``ConnectingOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class ConnectedOptions(_Pushes, _Acks, _KeepsAlive, _Lingers):
    """The options of a ``ConnectedSocket`` of either IP family
    (``ConnectedSocket[IPv4Address | IPv6Address]``): no-delay, cork, quick-
    ack, keepalive, linger, the buffer sizes.  ``ConnectedIPv4Options`` and
    ``ConnectedIPv6Options`` are those of one family."""

    __slots__ = ()
    _STATE = State.CONNECTED
    _FAMILIES = IP


class ConnectedIPv4Options(ConnectedOptions):
    """The options of a ``ConnectedSocket[IPv4Address]``: those of
    ``ConnectedOptions`` (nothing more: it exists so that the checkers name
    its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class ConnectedIPv6Options(_ReadsIPv6Only, ConnectedOptions):
    """The options of a ``ConnectedSocket[IPv6Address]``: those of
    ``ConnectedOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class ReceiveOnlyOptions(_Acks, _KeepsAlive, _Lingers):
    """The options of a ``ReceiveOnlySocket`` of either IP family
    (``ReceiveOnlySocket[IPv4Address | IPv6Address]``): nothing that shapes
    sending.  ``ReceiveOnlyIPv4Options`` and ``ReceiveOnlyIPv6Options`` are
    those of one family."""

    __slots__ = ()
    _STATE = State.RECEIVE_ONLY
    _FAMILIES = IP


class ReceiveOnlyIPv4Options(ReceiveOnlyOptions):
    """The options of a ``ReceiveOnlySocket[IPv4Address]``: those of
    ``ReceiveOnlyOptions`` (nothing more: it exists so that the checkers
    name its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class ReceiveOnlyIPv6Options(_ReadsIPv6Only, ReceiveOnlyOptions):
    """The options of a ``ReceiveOnlySocket[IPv6Address]``: those of
    ``ReceiveOnlyOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class SendOnlyOptions(_Pushes, _KeepsAlive, _Lingers):
    """The options of a ``SendOnlySocket`` of either IP family
    (``SendOnlySocket[IPv4Address | IPv6Address]``): nothing that shapes
    receiving.  ``SendOnlyIPv4Options`` and ``SendOnlyIPv6Options`` are
    those of one family."""

    __slots__ = ()
    _STATE = State.SEND_ONLY
    _FAMILIES = IP


class SendOnlyIPv4Options(SendOnlyOptions):
    """The options of a ``SendOnlySocket[IPv4Address]``: those of
    ``SendOnlyOptions`` (nothing more: it exists so that the checkers name
    its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class SendOnlyIPv6Options(_ReadsIPv6Only, SendOnlyOptions):
    """The options of a ``SendOnlySocket[IPv6Address]``: those of
    ``SendOnlyOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class ShutDownOptions(_Lingers):
    """The options of a ``ShutDownSocket`` of either IP family
    (``ShutDownSocket[IPv4Address | IPv6Address]``): linger (how ``close()``
    ends it) and the buffer sizes.  ``ShutDownIPv4Options`` and
    ``ShutDownIPv6Options`` are those of one family."""

    __slots__ = ()
    _STATE = State.SHUT_DOWN
    _FAMILIES = IP


class ShutDownIPv4Options(ShutDownOptions):
    """The options of a ``ShutDownSocket[IPv4Address]``: those of
    ``ShutDownOptions`` (nothing more: it exists so that the checkers name
    its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class ShutDownIPv6Options(_ReadsIPv6Only, ShutDownOptions):
    """The options of a ``ShutDownSocket[IPv6Address]``: those of
    ``ShutDownOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class EndedOptions(_Pushes, _KeepsAlive, _Lingers):
    """The options of an ``EndedSocket`` of either IP family
    (``EndedSocket[IPv4Address | IPv6Address]``): those that shape what it
    still sends.  ``EndedIPv4Options`` and ``EndedIPv6Options`` are those of
    one family."""

    __slots__ = ()
    _STATE = State.ENDED
    _FAMILIES = IP


class EndedIPv4Options(EndedOptions):
    """The options of an ``EndedSocket[IPv4Address]``: those of
    ``EndedOptions`` (nothing more: it exists so that the checkers name its
    family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class EndedIPv6Options(_ReadsIPv6Only, EndedOptions):
    """The options of an ``EndedSocket[IPv6Address]``: those of
    ``EndedOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class FinishedOptions(_Lingers):
    """The options of a ``FinishedSocket`` of either IP family
    (``FinishedSocket[IPv4Address | IPv6Address]``): linger and the buffer
    sizes.  ``FinishedIPv4Options`` and ``FinishedIPv6Options`` are those of
    one family."""

    __slots__ = ()
    _STATE = State.FINISHED
    _FAMILIES = IP


class FinishedIPv4Options(FinishedOptions):
    """The options of a ``FinishedSocket[IPv4Address]``: those of
    ``FinishedOptions`` (nothing more: it exists so that the checkers name
    its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class FinishedIPv6Options(_ReadsIPv6Only, FinishedOptions):
    """The options of a ``FinishedSocket[IPv6Address]``: those of
    ``FinishedOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class BrokenOptions(_StreamReadings):
    """The options of a ``BrokenSocket`` of either IP family
    (``BrokenSocket[IPv4Address | IPv6Address]``): readings only (and the
    buffer sizes); nothing set now can help the connection.
    ``BrokenIPv4Options`` and ``BrokenIPv6Options`` are those of one family."""

    __slots__ = ()
    _STATE = State.BROKEN
    _FAMILIES = IP


class BrokenIPv4Options(BrokenOptions):
    """The options of a ``BrokenSocket[IPv4Address]``: those of
    ``BrokenOptions`` (nothing more: it exists so that the checkers name its
    family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class BrokenIPv6Options(_ReadsIPv6Only, BrokenOptions):
    """The options of a ``BrokenSocket[IPv6Address]``: those of
    ``BrokenOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class HandshakingOptions(_StreamReadings):
    """The options of a ``HandshakingSocket`` of either IP family
    (``HandshakingSocket[IPv4Address | IPv6Address]``): readings only, and
    the buffer sizes.  ``HandshakingIPv4Options`` and
    ``HandshakingIPv6Options`` are those of one family."""

    __slots__ = ()
    _STATE = State.HANDSHAKING
    _FAMILIES = IP


class HandshakingIPv4Options(HandshakingOptions):
    """The options of a ``HandshakingSocket[IPv4Address]``: those of
    ``HandshakingOptions`` (nothing more: it exists so that the checkers
    name its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class HandshakingIPv6Options(_ReadsIPv6Only, HandshakingOptions):
    """The options of a ``HandshakingSocket[IPv6Address]``: those of
    ``HandshakingOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class TLSOptions(_Pushes, _Acks, _KeepsAlive, _Lingers):
    """The options of a ``TLSSocket`` of either IP family
    (``TLSSocket[IPv4Address | IPv6Address]``): those of the connection
    under it (no-delay, cork, quick-ack, keepalive, linger), the buffer
    sizes.  ``TLSIPv4Options`` and ``TLSIPv6Options`` are those of one
    family."""

    __slots__ = ()
    _STATE = State.TLS
    _FAMILIES = IP


class TLSIPv4Options(TLSOptions):
    """The options of a ``TLSSocket[IPv4Address]``: those of ``TLSOptions``
    (nothing more: it exists so that the checkers name its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class TLSIPv6Options(_ReadsIPv6Only, TLSOptions):
    """The options of a ``TLSSocket[IPv6Address]``: those of ``TLSOptions``,
    and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class TLSEndedOptions(_Pushes, _KeepsAlive, _Lingers):
    """The options of a ``TLSEndedSocket`` of either IP family
    (``TLSEndedSocket[IPv4Address | IPv6Address]``): those that shape what
    it still sends.  ``TLSEndedIPv4Options`` and ``TLSEndedIPv6Options`` are
    those of one family."""

    __slots__ = ()
    _STATE = State.TLS_ENDED
    _FAMILIES = IP


class TLSEndedIPv4Options(TLSEndedOptions):
    """The options of a ``TLSEndedSocket[IPv4Address]``: those of
    ``TLSEndedOptions`` (nothing more: it exists so that the checkers name
    its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class TLSEndedIPv6Options(_ReadsIPv6Only, TLSEndedOptions):
    """The options of a ``TLSEndedSocket[IPv6Address]``: those of
    ``TLSEndedOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class UnwrappingOptions(_StreamReadings):
    """The options of an ``UnwrappingSocket`` of either IP family
    (``UnwrappingSocket[IPv4Address | IPv6Address]``): readings only, and
    the buffer sizes.  ``UnwrappingIPv4Options`` and
    ``UnwrappingIPv6Options`` are those of one family."""

    __slots__ = ()
    _STATE = State.UNWRAPPING
    _FAMILIES = IP


class UnwrappingIPv4Options(UnwrappingOptions):
    """The options of an ``UnwrappingSocket[IPv4Address]``: those of
    ``UnwrappingOptions`` (nothing more: it exists so that the checkers name
    its family)."""

    __slots__ = ()
    _FAMILIES = _IPV4


class UnwrappingIPv6Options(_ReadsIPv6Only, UnwrappingOptions):
    """The options of an ``UnwrappingSocket[IPv6Address]``: those of
    ``UnwrappingOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


class DatagramOptions(_BeforeBind, _Casts):
    """The options of a ``DatagramSocket`` of either IP family
    (``DatagramSocket[IPv4Address | IPv6Address]``): those before ``bind()``
    (address and port reuse, the device), the multicast TTL and loop,
    joining a group on the default interface, the buffer sizes and the raw
    escape hatch.  ``DatagramIPv4Options`` and ``DatagramIPv6Options`` are
    those of one family."""

    __slots__ = ()
    _STATE = State.DATAGRAM
    _FAMILIES = IP

    # Never run: the checkers' call for a socket of either IP family; at
    # runtime a socket's view is its family's, whose call takes the interface.
    def join_multicast_group(self, group: str, /) -> None:  # pragma: no cover
        """Receive the datagrams sent to multicast ``group``
        (``IP_ADD_MEMBERSHIP``, ``IPV6_JOIN_GROUP``) on the interface the
        kernel routes it to; the view of one family also takes the
        interface.  Raises ``AddressTypeError`` or ``AddressValueError`` for
        a group that is not a multicast address of the family, and the
        kernel's ``OSError``."""
        _member(self, "join_multicast_group", group, None)

    # Never run: the checkers' call for a socket of either IP family; at
    # runtime a socket's view is its family's, whose call takes the interface.
    def leave_multicast_group(self, group: str, /) -> None:  # pragma: no cover
        """Stop receiving multicast ``group``; the kernel answers ``OSError``
        (EADDRNOTAVAIL) for a group not joined."""
        _member(self, "leave_multicast_group", group, None)


class DatagramIPv4Options(_Broadcasts, DatagramOptions):
    """The options of a ``DatagramSocket[IPv4Address]``: those of
    ``DatagramOptions``, and broadcast, and the interface of a multicast
    group by its address."""

    __slots__ = ()
    _FAMILIES = _IPV4

    def join_multicast_group(self, group: str, interface: str = "0.0.0.0", /) -> None:
        """Receive the datagrams sent to multicast ``group``
        (``IP_ADD_MEMBERSHIP``) on the interface with the local IPv4 address
        ``interface``; by default the one the kernel routes the group to.
        Raises ``AddressTypeError`` or ``AddressValueError`` for a group that
        is not an IPv4 multicast address, and the kernel's ``OSError``."""
        _member(self, "join_multicast_group", group, interface)

    def leave_multicast_group(self, group: str, interface: str = "0.0.0.0", /) -> None:
        """Stop receiving multicast ``group`` on ``interface``
        (``IP_DROP_MEMBERSHIP``); the kernel answers ``OSError``
        (EADDRNOTAVAIL) for a group not joined."""
        _member(self, "leave_multicast_group", group, interface)


class DatagramIPv6Options(_SetsIPv6Only, DatagramOptions):
    """The options of a ``DatagramSocket[IPv6Address]``: those of
    ``DatagramOptions``, and IPv6-only, and the interface of a multicast
    group by its index."""

    __slots__ = ()
    _FAMILIES = _IPV6

    def join_multicast_group(self, group: str, interface: int = 0, /) -> None:
        """Receive the datagrams sent to multicast ``group``
        (``IPV6_JOIN_GROUP``) on the interface of index ``interface``
        (``socket.if_nametoindex()``); by default (0) the one the kernel
        routes the group to.  Raises ``AddressTypeError`` or
        ``AddressValueError`` for a group that is not an IPv6 multicast
        address, and the kernel's ``OSError``."""
        _member(self, "join_multicast_group", group, interface)

    def leave_multicast_group(self, group: str, interface: int = 0, /) -> None:
        """Stop receiving multicast ``group`` on ``interface``
        (``IPV6_LEAVE_GROUP``); the kernel answers ``OSError``
        (EADDRNOTAVAIL) for a group not joined."""
        _member(self, "leave_multicast_group", group, interface)


class BoundDatagramOptions(_Casts):
    """The options of a ``BoundDatagramSocket`` of either IP family
    (``BoundDatagramSocket[IPv4Address | IPv6Address]``): the multicast TTL
    and loop, joining a group on the default interface, the buffer sizes.
    ``BoundDatagramIPv4Options`` and ``BoundDatagramIPv6Options`` are those
    of one family."""

    __slots__ = ()
    _STATE = State.DATAGRAM_BOUND
    _FAMILIES = IP

    # Never run: the checkers' call for a socket of either IP family; at
    # runtime a socket's view is its family's, whose call takes the interface.
    def join_multicast_group(self, group: str, /) -> None:  # pragma: no cover
        """Receive the datagrams sent to multicast ``group``
        (``IP_ADD_MEMBERSHIP``, ``IPV6_JOIN_GROUP``) on the interface the
        kernel routes it to; the view of one family also takes the
        interface.  Raises ``AddressTypeError`` or ``AddressValueError`` for
        a group that is not a multicast address of the family, and the
        kernel's ``OSError``."""
        _member(self, "join_multicast_group", group, None)

    # Never run: the checkers' call for a socket of either IP family; at
    # runtime a socket's view is its family's, whose call takes the interface.
    def leave_multicast_group(self, group: str, /) -> None:  # pragma: no cover
        """Stop receiving multicast ``group``; the kernel answers ``OSError``
        (EADDRNOTAVAIL) for a group not joined."""
        _member(self, "leave_multicast_group", group, None)


class BoundDatagramIPv4Options(_Broadcasts, BoundDatagramOptions):
    """The options of a ``BoundDatagramSocket[IPv4Address]``: those of
    ``BoundDatagramOptions``, and broadcast, and the interface of a
    multicast group by its address."""

    __slots__ = ()
    _FAMILIES = _IPV4

    def join_multicast_group(self, group: str, interface: str = "0.0.0.0", /) -> None:
        """Receive the datagrams sent to multicast ``group``
        (``IP_ADD_MEMBERSHIP``) on the interface with the local IPv4 address
        ``interface``; by default the one the kernel routes the group to.
        Raises ``AddressTypeError`` or ``AddressValueError`` for a group that
        is not an IPv4 multicast address, and the kernel's ``OSError``."""
        _member(self, "join_multicast_group", group, interface)

    def leave_multicast_group(self, group: str, interface: str = "0.0.0.0", /) -> None:
        """Stop receiving multicast ``group`` on ``interface``
        (``IP_DROP_MEMBERSHIP``); the kernel answers ``OSError``
        (EADDRNOTAVAIL) for a group not joined."""
        _member(self, "leave_multicast_group", group, interface)


class BoundDatagramIPv6Options(_ReadsIPv6Only, BoundDatagramOptions):
    """The options of a ``BoundDatagramSocket[IPv6Address]``: those of
    ``BoundDatagramOptions``, and the reading of IPv6-only, and the
    interface of a multicast group by its index."""

    __slots__ = ()
    _FAMILIES = _IPV6

    def join_multicast_group(self, group: str, interface: int = 0, /) -> None:
        """Receive the datagrams sent to multicast ``group``
        (``IPV6_JOIN_GROUP``) on the interface of index ``interface``
        (``socket.if_nametoindex()``); by default (0) the one the kernel
        routes the group to.  Raises ``AddressTypeError`` or
        ``AddressValueError`` for a group that is not an IPv6 multicast
        address, and the kernel's ``OSError``."""
        _member(self, "join_multicast_group", group, interface)

    def leave_multicast_group(self, group: str, interface: int = 0, /) -> None:
        """Stop receiving multicast ``group`` on ``interface``
        (``IPV6_LEAVE_GROUP``); the kernel answers ``OSError``
        (EADDRNOTAVAIL) for a group not joined."""
        _member(self, "leave_multicast_group", group, interface)


class ConnectedDatagramOptions(_Casts):
    """The options of a ``ConnectedDatagramSocket`` of either IP family
    (``ConnectedDatagramSocket[IPv4Address | IPv6Address]``): the multicast
    TTL and loop, the buffer sizes.  No joining: its peer filters a group's
    datagrams out.  ``ConnectedDatagramIPv4Options`` and
    ``ConnectedDatagramIPv6Options`` are those of one family."""

    __slots__ = ()
    _STATE = State.DATAGRAM_CONNECTED
    _FAMILIES = IP


class ConnectedDatagramIPv4Options(_Broadcasts, ConnectedDatagramOptions):
    """The options of a ``ConnectedDatagramSocket[IPv4Address]``: those of
    ``ConnectedDatagramOptions``, and broadcast."""

    __slots__ = ()
    _FAMILIES = _IPV4


class ConnectedDatagramIPv6Options(_ReadsIPv6Only, ConnectedDatagramOptions):
    """The options of a ``ConnectedDatagramSocket[IPv6Address]``: those of
    ``ConnectedDatagramOptions``, and the reading of IPv6-only."""

    __slots__ = ()
    _FAMILIES = _IPV6


_MISSING: Final = {(state, family) for state in LIVE for family in FAMILIES} - set(VIEWS)
if _MISSING:  # pragma: no cover - a check of the tables, made when sockstate is imported
    raise TypeError(f"no options view for {sorted((str(s), f) for s, f in _MISSING)}")
