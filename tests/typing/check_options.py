"""Socket options: each state's ``options`` view offers the options that are
meaningful there for the socket's family, and no others: one view class
per state and family (``FreshIPv4Options``, ``FreshIPv6Options``,
``UnixOptions``), ``FreshOptions`` for either IP family, ``SocketOptions``
for a family the checkers do not know.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.  An option a state or family lacks is a missing
attribute of a class named for them (mypy ``attr-defined``: ``"FreshIPv4Options"
has no attribute "set_ipv6_only"``); pyright reports it as
reportAttributeAccessIssue, and the unknown type that follows as
reportUnknownMemberType.
"""

import socket
from typing import TypeVar

from typing_extensions import assert_type

import sockstate
from sockstate import (
    BoundDatagramIPv6Options,
    BoundIPv4Options,
    BrokenSocket,
    ConnectedDatagramIPv6Options,
    ConnectedIPv4Options,
    ConnectedOptions,
    DatagramIPv4Options,
    DatagramIPv6Options,
    EndedIPv4Options,
    EndedSocket,
    FinishedIPv4Options,
    FinishedSocket,
    FreshIPv4Options,
    FreshIPv6Options,
    FreshOptions,
    FreshSocket,
    ListeningIPv4Options,
    ReceiveOnlyIPv4Options,
    SendOnlyIPv4Options,
    ShutDownIPv4Options,
    SocketOptions,
    UnixOptions,
)

IPv4 = tuple[str, int]
IPv6 = tuple[str, int, int, int]
A = TypeVar("A")


def each_state_has_its_view(
    ended: EndedSocket[IPv4], finished: FinishedSocket[IPv4], broken: BrokenSocket
) -> None:
    fresh = sockstate.tcp()
    assert_type(fresh.options, FreshIPv4Options)
    bound = fresh.bind(("127.0.0.1", 0))
    assert_type(bound.options, BoundIPv4Options)
    listener = bound.listen()
    assert_type(listener.options, ListeningIPv4Options)
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn.options, ConnectedIPv4Options)
    assert_type(conn.shutdown_write().options, ReceiveOnlyIPv4Options)
    assert_type(conn.shutdown_read().options, SendOnlyIPv4Options)
    assert_type(conn.shutdown_both().options, ShutDownIPv4Options)
    assert_type(ended.options, EndedIPv4Options)
    assert_type(finished.options, FinishedIPv4Options)
    # BrokenSocket is not generic: the checkers do not know its family.
    assert_type(broken.options, SocketOptions)
    datagram = sockstate.udp6()
    assert_type(datagram.options, DatagramIPv6Options)
    bound_datagram = datagram.bind(("::1", 0))
    assert_type(bound_datagram.options, BoundDatagramIPv6Options)
    assert_type(bound_datagram.connect(("::1", 9)).options, ConnectedDatagramIPv6Options)
    assert_type(sockstate.unix().options, UnixOptions)
    assert_type(sockstate.udp().options, DatagramIPv4Options)
    assert_type(sockstate.unix_datagram().options, UnixOptions)
    assert_type(sockstate.tcp6().options, FreshIPv6Options)


def closed_sockets_have_no_options() -> None:
    closed = sockstate.tcp().close()
    closed.options.get_send_buffer_size()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def values_have_their_types() -> None:
    fresh = sockstate.tcp6().options
    assert_type(fresh.set_reuse_address(True), None)
    assert_type(fresh.get_reuse_address(), bool)
    assert_type(fresh.get_reuse_port(), bool)
    assert_type(fresh.get_ipv6_only(), bool)
    assert_type(fresh.get_bind_to_device(), str)
    fresh.set_bind_to_device("lo")
    assert_type(fresh.get_no_delay(), bool)
    assert_type(fresh.get_cork(), bool)
    assert_type(fresh.get_keep_alive(), bool)
    assert_type(fresh.get_keep_alive_idle(), int)
    assert_type(fresh.get_keep_alive_interval(), int)
    assert_type(fresh.get_keep_alive_count(), int)
    assert_type(fresh.get_linger(), int | None)
    assert_type(fresh.get_quick_ack(), bool)
    assert_type(fresh.get_send_buffer_size(), int)
    assert_type(fresh.get_receive_buffer_size(), int)
    fresh.set_linger(None)
    fresh.set_linger(5)
    fresh.set_keep_alive_idle(60)
    fresh.set_send_buffer_size(65536)

    fresh.set_no_delay(1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    fresh.set_linger(1.5)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # A bool is an int to the checkers; set_linger's overload for it is
    # deprecated, which mypy reports with --enable-error-code deprecated
    # (pyproject.toml enables it) and pyright in strict mode.
    fresh.set_linger(True)  # type: ignore[deprecated]  # pyright: ignore[reportDeprecated]
    assert_type(fresh.set_linger(False), None)  # type: ignore[deprecated]  # pyright: ignore[reportDeprecated]
    fresh.set_keep_alive_idle(1.5)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    fresh.set_bind_to_device(b"lo")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    datagram = sockstate.udp().options
    assert_type(datagram.get_broadcast(), bool)
    assert_type(datagram.get_multicast_ttl(), int)
    assert_type(datagram.get_multicast_loop(), bool)
    datagram.set_multicast_ttl(4)
    datagram.join_multicast_group("239.1.2.3")
    datagram.join_multicast_group("239.1.2.3", "127.0.0.1")
    datagram.leave_multicast_group("239.1.2.3", "127.0.0.1")
    datagram.join_multicast_group("239.1.2.3", 1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    datagram6 = sockstate.udp6().options
    datagram6.join_multicast_group("ff02::1:3")
    datagram6.join_multicast_group("ff02::1:3", socket.if_nametoindex("lo"))
    datagram6.leave_multicast_group("ff02::1:3", 1)
    datagram6.join_multicast_group("ff02::1:3", "lo")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def the_raw_hatch_is_typed_by_its_arguments() -> None:
    options = sockstate.tcp().options
    assert_type(options.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE), int)
    assert_type(options.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(options.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    options.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\0" * 8)
    options.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, bytearray(8))
    options.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, None, 8)

    options.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, None)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    options.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"", 8)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    options.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, "x")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    options.getsockopt(socket.SOL_SOCKET)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]


def before_bind_only() -> None:
    fresh = sockstate.tcp6()
    fresh.options.set_reuse_address(True)
    fresh.options.set_reuse_port(True)
    fresh.options.set_ipv6_only(True)
    fresh.options.set_bind_to_device("lo")
    bound = fresh.bind(("::1", 0))
    # Too late after bind(): plain socket takes them silently, Linux refuses IPv6-only.
    bound.options.set_reuse_address(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.options.set_reuse_port(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.options.set_ipv6_only(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.options.set_bind_to_device("lo")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener = bound.listen()
    listener.options.set_bind_to_device("lo")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.options.set_reuse_address(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn = sockstate.tcp6().connect(("::1", 8080))
    conn.options.set_reuse_address(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    # Reading them back is fine anywhere.
    assert_type(conn.options.get_reuse_address(), bool)
    assert_type(listener.options.get_ipv6_only(), bool)

    datagram = sockstate.udp6()
    datagram.options.set_reuse_address(True)
    datagram.options.set_ipv6_only(True)
    bound_datagram = datagram.bind(("::1", 0))
    bound_datagram.options.set_reuse_address(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound_datagram.options.set_ipv6_only(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound_datagram.connect(("::1", 9)).options.set_reuse_port(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def stream_options_follow_the_connection(
    ended: EndedSocket[IPv4], finished: FinishedSocket[IPv4], broken: BrokenSocket
) -> None:
    fresh = sockstate.tcp()
    fresh.options.set_no_delay(True)
    fresh.options.set_cork(True)
    fresh.options.set_keep_alive(True)
    fresh.options.set_linger(0)
    # Quick-ack shapes the acknowledgements of what a connection receives.
    fresh.options.set_quick_ack(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener = fresh.bind(("127.0.0.1", 0)).listen()
    listener.options.set_no_delay(True)
    listener.options.set_keep_alive_count(3)
    listener.options.set_quick_ack(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    conn.options.set_no_delay(True)
    conn.options.set_quick_ack(True)
    conn.options.set_keep_alive_interval(10)
    receiving = conn.shutdown_write()
    receiving.options.set_quick_ack(True)
    receiving.options.set_keep_alive(True)
    receiving.options.set_linger(None)
    # Its sending side is shut: nothing left to push or cork.
    receiving.options.set_no_delay(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    receiving.options.set_cork(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert_type(receiving.options.get_no_delay(), bool)

    sending = sockstate.tcp().connect(("127.0.0.1", 8080)).shutdown_read()
    sending.options.set_cork(False)
    sending.options.set_quick_ack(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    shut = sockstate.tcp().connect(("127.0.0.1", 8080)).shutdown_both()
    shut.options.set_linger(5)
    shut.options.set_no_delay(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    shut.options.set_keep_alive(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    shut.options.set_quick_ack(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    shut.options.set_cork(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    shut.options.set_keep_alive_idle(60)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    shut.options.set_keep_alive_interval(10)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    shut.options.set_keep_alive_count(3)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    ended.options.set_no_delay(True)
    ended.options.set_quick_ack(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    finished.options.set_linger(0)
    finished.options.set_keep_alive(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.options.set_receive_buffer_size(4096)
    assert_type(broken.options.get_send_buffer_size(), int)
    broken.options.set_linger(0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def stream_and_datagram_options_stay_apart() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    conn.options.set_broadcast(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.options.set_multicast_ttl(2)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.options.set_multicast_loop(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.options.get_multicast_loop()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sockstate.tcp().options.join_multicast_group("239.1.2.3")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sockstate.tcp().options.leave_multicast_group("239.1.2.3")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    datagram = sockstate.udp()
    datagram.options.set_broadcast(True)
    datagram.options.set_multicast_loop(False)
    datagram.options.set_no_delay(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    datagram.options.set_keep_alive(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    datagram.options.set_linger(0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    datagram.options.get_no_delay()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    datagram.options.set_cork(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    datagram.options.set_quick_ack(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    datagram.options.set_keep_alive_idle(60)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound = datagram.bind(("0.0.0.0", 0))
    bound.options.join_multicast_group("239.1.2.3")
    bound.options.set_broadcast(True)
    connected = bound.connect(("127.0.0.1", 9))
    connected.options.set_multicast_ttl(1)
    # A connected datagram socket filters a group's datagrams out.
    connected.options.join_multicast_group("239.1.2.3")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connected.options.leave_multicast_group("239.1.2.3")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def options_of_other_families() -> None:
    # TCP's options and IP's address reuse mean nothing on a Unix socket.
    unix = sockstate.unix()
    unix.options.set_send_buffer_size(65536)
    unix.options.set_no_delay(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    unix.options.set_keep_alive(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    unix.options.set_linger(0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    unix.options.set_reuse_address(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    unix.options.get_no_delay()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    left, _ = sockstate.socketpair()
    left.options.set_quick_ack(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # IPv6-only is IPv6's; broadcast is IPv4's.
    sockstate.tcp().options.set_ipv6_only(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sockstate.udp().options.get_ipv6_only()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sockstate.udp6().options.set_broadcast(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    datagram = sockstate.unix_datagram()
    datagram.options.set_receive_buffer_size(65536)
    datagram.options.set_multicast_ttl(1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    datagram.options.join_multicast_group("239.1.2.3")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def code_for_any_family(sock: FreshSocket[object]) -> None:
    # Code written for any family gets the options every family has.
    assert_type(sock.options, SocketOptions)
    sock.options.set_send_buffer_size(65536)
    assert_type(sock.options.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE), int)
    sock.options.set_no_delay(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def code_generic_in_the_family(sock: FreshSocket[A]) -> None:
    assert_type(sock.options, SocketOptions)
    sock.options.set_reuse_address(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def code_for_ip(
    either: FreshSocket[IPv4 | IPv6], one: FreshSocket[IPv4] | FreshSocket[IPv6]
) -> None:
    # Either IP family: the options both have; a union of sockets: a union of views.
    assert_type(either.options, FreshOptions)
    assert_type(one.options, FreshIPv4Options | FreshIPv6Options)
    either.options.set_no_delay(True)
    either.options.set_reuse_address(False)
    either.options.set_ipv6_only(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    one.options.set_no_delay(True)


def connections_of_either_ip_family() -> None:
    conn = sockstate.create_connection(("localhost", 80))
    assert_type(conn.options, ConnectedOptions)
    conn.options.set_no_delay(True)


def the_view_is_read_only() -> None:
    fresh = sockstate.tcp()
    fresh.options = fresh.options  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


def option_errors() -> None:
    try:
        sockstate.tcp().options.set_no_delay(True)
    except sockstate.OptionError as error:
        assert_type(error.operation, str)
        assert_type(error.state, sockstate.State)
        assert_type(error.allowed, frozenset[str])
        as_ordering: sockstate.OrderingError = error
        print(as_ordering)
    except sockstate.UnsupportedOptionError as error:
        assert_type(error.option, str)
        assert_type(error.platform, str)
        as_base: sockstate.SockstateError = error
        print(as_base)
