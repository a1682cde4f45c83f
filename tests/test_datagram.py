"""Datagram sockets: their own machine beside the stream one.  Unbound ->
bound (``sendto``/``recvfrom``) -> connected (``send``/``recv``), or unbound
-> connected; never implicitly bound; a failed connect changes nothing; a
datagram longer than the buffer raises ``MessageTruncatedError``.  Real
sockets on loopback, in every family."""

from __future__ import annotations

import errno
import select
import socket
from typing import TYPE_CHECKING

import pytest

import sockstate
from expectations import allowed
from sockstate import (
    AddressError,
    AddressTypeError,
    AddressValueError,
    BoundDatagramSocket,
    ConnectedDatagramSocket,
    DatagramSocket,
    IPv4Address,
    IPv6Address,
    MessageTruncatedError,
    OrderingError,
    SocketClosedError,
    SockstateError,
    State,
    UnixAddress,
)
from support import (
    DATAGRAM_STATES,
    REFUSALS,
    SAFETY_TIMEOUT,
    Addr,
    Family,
    KernelView,
    class_of,
    fd_is_open,
    open_fds,
    operation,
    same_object,
    socket_calls,
    state_of,
    system_calls,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def _assert_refused(error: OrderingError, name: str, state: State) -> None:
    """``error`` is the plain ordering error for ``name`` in live ``state``."""
    assert type(error) is OrderingError
    assert error.operation == name
    assert error.state is state
    assert error.allowed == allowed(state)
    assert str(error).startswith(f"{name}() ")


# -- creating ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        pytest.param(
            lambda: sockstate.socket(socket.AF_INET, socket.SOCK_DGRAM),
            socket.AF_INET,
            id="socket(AF_INET, SOCK_DGRAM)",
        ),
        pytest.param(
            lambda: sockstate.socket(socket.AF_INET6, socket.SOCK_DGRAM),
            socket.AF_INET6,
            id="socket(AF_INET6, SOCK_DGRAM)",
        ),
        pytest.param(
            lambda: sockstate.socket(socket.AF_UNIX, socket.SOCK_DGRAM),
            socket.AF_UNIX,
            id="socket(AF_UNIX, SOCK_DGRAM)",
        ),
        pytest.param(sockstate.udp, socket.AF_INET, id="udp()"),
        pytest.param(sockstate.udp6, socket.AF_INET6, id="udp6()"),
        pytest.param(sockstate.unix_datagram, socket.AF_UNIX, id="unix_datagram()"),
    ],
)
def test_a_new_datagram_socket_is_an_unbound_datagram_socket_of_its_family(
    make: Callable[[], DatagramSocket[object]], kind: socket.AddressFamily
) -> None:
    with make() as sock:
        assert type(sock) is DatagramSocket
        assert sock.state is State.DATAGRAM
        assert sock.raw_socket().family == kind
        assert sock.raw_socket().type == socket.SOCK_DGRAM


# -- bind, sendto, recvfrom ---------------------------------------------------------------


def test_bind_returns_the_same_datagram_socket_now_bound(family: Family[Addr]) -> None:
    unbound = family.datagram()
    bound = family.bind_datagram(unbound, family.local())
    assert same_object(bound, unbound)
    assert type(bound) is BoundDatagramSocket
    assert bound.state is State.DATAGRAM_BOUND
    assert class_of(unbound) is BoundDatagramSocket


def test_bind_gives_a_datagram_socket_its_local_address(family: Family[Addr]) -> None:
    bound = family.datagram_bound()
    assert family.is_address(bound.getsockname())
    assert bound.getsockname() == bound.raw_socket().getsockname()


def test_sendto_and_recvfrom_carry_datagrams_both_ways(family: Family[Addr]) -> None:
    first = family.datagram_bound()
    second = family.datagram_bound()
    assert family.sendto(first, b"ping", second.getsockname()) == 4
    assert second.recvfrom(64) == (b"ping", first.getsockname())
    assert family.sendto(second, b"pong!", first.getsockname()) == 5
    assert first.recvfrom(64) == (b"pong!", second.getsockname())
    assert first.state is State.DATAGRAM_BOUND
    assert second.state is State.DATAGRAM_BOUND


def test_each_datagram_arrives_whole_in_its_own_recvfrom(family: Family[Addr]) -> None:
    sender = family.datagram_bound()
    receiver = family.datagram_bound()
    for data in (b"one", b"two", b"three"):
        family.sendto(sender, data, receiver.getsockname())
    assert [receiver.recvfrom(64)[0] for _ in range(3)] == [b"one", b"two", b"three"]


def test_an_empty_datagram_arrives_as_empty_bytes(family: Family[Addr]) -> None:
    sender = family.datagram_bound()
    receiver = family.datagram_bound()
    assert family.sendto(sender, b"", receiver.getsockname()) == 0
    assert receiver.recvfrom(64) == (b"", sender.getsockname())


def test_a_socket_can_send_a_datagram_to_itself(family: Family[Addr]) -> None:
    bound = family.datagram_bound()
    family.sendto(bound, b"me", bound.getsockname())
    assert bound.recvfrom(8) == (b"me", bound.getsockname())


# -- connect, send, recv -------------------------------------------------------------------


def test_connect_from_unbound_returns_the_same_socket_now_connected(family: Family[Addr]) -> None:
    peer = family.datagram_bound()
    unbound = family.datagram()
    connected = family.connect_datagram(unbound, peer.getsockname())
    assert same_object(connected, unbound)
    assert type(connected) is ConnectedDatagramSocket
    assert connected.state is State.DATAGRAM_CONNECTED
    assert connected.getpeername() == peer.getsockname()


def test_connect_from_bound_returns_the_same_socket_now_connected_at_its_address(
    family: Family[Addr],
) -> None:
    peer = family.datagram_bound()
    bound = family.datagram_bound()
    address = bound.getsockname()
    connected = family.connect_datagram(bound, peer.getsockname())
    assert same_object(connected, bound)
    assert type(connected) is ConnectedDatagramSocket
    assert connected.getsockname() == address
    assert connected.getpeername() == peer.getsockname()


def test_send_and_recv_on_a_connected_socket_talk_to_its_peer(family: Family[Addr]) -> None:
    connected, peer = family.datagram_connected()
    assert connected.send(b"to peer") == 7
    assert peer.recvfrom(64) == (b"to peer", connected.getsockname())
    family.sendto(peer, b"to you", connected.getsockname())
    assert connected.recv(64) == b"to you"
    assert connected.state is State.DATAGRAM_CONNECTED


def test_connect_again_retargets_the_socket(family: Family[Addr]) -> None:
    connected, first = family.datagram_connected()
    second = family.datagram_bound()
    again = family.connect_datagram(connected, second.getsockname())
    assert same_object(again, connected)
    assert again.state is State.DATAGRAM_CONNECTED
    assert again.getpeername() == second.getsockname()
    again.send(b"moved")
    assert second.recvfrom(64) == (b"moved", again.getsockname())
    marker = family.datagram_bound()
    family.sendto(marker, b"marker", first.getsockname())
    assert first.recvfrom(64) == (b"marker", marker.getsockname())  # nothing came before


def test_a_connected_socket_names_itself_and_its_peer_in_the_familys_shape(
    family: Family[Addr],
) -> None:
    connected, peer = family.datagram_connected()
    assert family.is_address(connected.getsockname())
    assert family.is_address(connected.getpeername())
    assert connected.getpeername() == peer.getsockname()
    assert connected.getsockname() == connected.raw_socket().getsockname()
    assert connected.getpeername() == connected.raw_socket().getpeername()


def test_connect_from_unbound_ipv4_takes_an_ephemeral_port(ipv4: Family[IPv4Address]) -> None:
    peer = ipv4.datagram_bound()
    connected = ipv4.datagram().connect(peer.getsockname())
    host, port = connected.getsockname()
    assert host == "127.0.0.1"
    assert 0 < port <= 65535
    connected.send(b"x")
    assert peer.recvfrom(8) == (b"x", (host, port))


def test_connect_from_unbound_ipv6_takes_an_ephemeral_port(ipv6: Family[IPv6Address]) -> None:
    peer = ipv6.datagram_bound()
    connected = ipv6.datagram().connect(peer.getsockname())
    host, port, flowinfo, scope_id = connected.getsockname()
    assert (host, flowinfo, scope_id) == ("::1", 0, 0)
    assert 0 < port <= 65535


def test_ipv4_datagram_addresses_are_host_port_pairs(ipv4: Family[IPv4Address]) -> None:
    first = ipv4.datagram_bound()
    second = ipv4.datagram_bound()
    first.sendto(b"x", second.getsockname())
    _, sender = second.recvfrom(8)
    assert type(sender) is tuple
    assert sender == first.getsockname()
    assert len(sender) == 2


def test_ipv6_datagram_takes_a_host_port_pair_and_answers_a_four_tuple(
    ipv6: Family[IPv6Address],
) -> None:
    receiver = ipv6.datagram_bound()
    port = receiver.getsockname()[1]
    sender = ipv6.datagram().bind(("::1", 0))
    ipv6.adopt(sender)
    assert sender.sendto(b"x", ("::1", port)) == 1
    _, address = receiver.recvfrom(8)
    assert address == sender.getsockname()
    assert len(address) == 4
    connected = sender.connect(("::1", port))
    assert connected.getpeername() == ("::1", port, 0, 0)


def test_an_unnamed_unix_sender_is_reported_as_empty(unix: Family[UnixAddress]) -> None:
    receiver = unix.datagram_bound()
    connected = unix.datagram().connect(receiver.getsockname())
    assert connected.getsockname() == ""
    connected.send(b"anonymous")
    assert receiver.recvfrom(64) == (b"anonymous", "")


def test_a_unix_datagram_socket_is_named_by_its_path(
    unix: Family[UnixAddress], tmp_path: Path
) -> None:
    path = str(tmp_path / "datagram")
    receiver = unix.datagram().bind(path)
    assert receiver.getsockname() == path
    sender = unix.datagram_bound()
    sender.sendto(b"x", tmp_path / "datagram")
    assert receiver.recvfrom(8) == (b"x", sender.getsockname())


def test_unix_abstract_datagram_names_are_bytes_starting_with_nul(
    unix_abstract: Family[UnixAddress],
) -> None:
    name = unix_abstract.local()
    receiver = unix_abstract.datagram().bind(name)
    sender = unix_abstract.datagram_bound()
    sender.sendto(b"abstract", name)
    data, address = receiver.recvfrom(64)
    assert receiver.getsockname() == name
    assert data == b"abstract"
    assert address == sender.getsockname()
    assert isinstance(address, bytes)
    assert address.startswith(b"\0")


def test_a_datagram_conversation_in_the_legal_order(family: Family[Addr]) -> None:
    server = family.bind_datagram(family.datagram(), family.local())
    client = family.connect_datagram(family.datagram_bound(), server.getsockname())
    client.send(b"request")
    data, sender = server.recvfrom(64)
    assert data == b"request"
    family.sendto(server, b"reply", sender)
    assert client.recv(64) == b"reply"
    assert client.close().state is State.CLOSED
    assert server.close().state is State.CLOSED


# -- ordering errors ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sendto", "recvfrom"])
def test_sendto_and_recvfrom_on_an_unbound_socket_name_bind_and_stay_unbound(
    family: Family[Addr], name: str
) -> None:
    unbound = family.datagram()
    raw = unbound.raw_socket()
    kernel = KernelView.of(raw)
    with socket_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(unbound, name)
    _assert_refused(caught.value, name, State.DATAGRAM)
    assert str(caught.value).startswith(f"{name}() needs a bound datagram socket; ")
    assert str(caught.value).endswith("unbound datagram socket: call bind() first")
    assert calls == []
    assert unbound.state is State.DATAGRAM
    assert KernelView.of(raw) == kernel  # the kernel bound nothing behind the object's back


def test_an_unbound_datagram_socket_is_described_with_the_article_an(
    family: Family[Addr],
) -> None:
    unbound = family.datagram()
    with pytest.raises(OrderingError) as caught:
        operation(unbound, "sendto")
    assert str(caught.value) == (
        "sendto() needs a bound datagram socket; this socket is an unbound datagram socket: "
        "call bind() first"
    )


@pytest.mark.parametrize("name", ["listen", "accept"])
@pytest.mark.parametrize("state", DATAGRAM_STATES)
def test_listen_and_accept_on_a_datagram_socket_say_they_are_stream_calls(
    family: Family[Addr], state: State, name: str
) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    kernel = KernelView.of(raw)
    with pytest.raises(OrderingError) as caught:
        operation(sock, name)
    _assert_refused(caught.value, name, state)
    message = str(caught.value)
    assert message.startswith(f"{name}() is a stream socket call; this socket is ")
    assert f"{state} socket" in message
    assert message.endswith(": use a stream socket")
    assert sock.state is state
    assert KernelView.of(raw) == kernel


def test_sendto_on_a_connected_socket_is_refused_and_sends_nothing(family: Family[Addr]) -> None:
    peer = family.datagram_bound()
    other = family.datagram_bound()
    bound = family.datagram_bound()
    connected = family.connect_datagram(bound, peer.getsockname())
    kernel = KernelView.of(connected.raw_socket())
    with socket_calls() as calls, pytest.raises(OrderingError) as caught:
        family.sendto(bound, b"elsewhere", other.getsockname())  # `bound` is stale
    _assert_refused(caught.value, "sendto", State.DATAGRAM_CONNECTED)
    assert str(caught.value) == (
        "sendto() needs a bound datagram socket; this socket is a connected datagram socket "
        "and cannot go back: make a new socket"
    )
    assert calls == []
    assert connected.state is State.DATAGRAM_CONNECTED
    assert KernelView.of(connected.raw_socket()) == kernel
    marker = family.datagram_bound()
    family.sendto(marker, b"marker", other.getsockname())
    assert other.recvfrom(64) == (b"marker", marker.getsockname())


def test_recvfrom_on_a_connected_socket_is_refused(family: Family[Addr]) -> None:
    connected, peer = family.datagram_connected()
    family.sendto(peer, b"kept", connected.getsockname())
    with pytest.raises(OrderingError) as caught:
        operation(connected, "recvfrom")
    _assert_refused(caught.value, "recvfrom", State.DATAGRAM_CONNECTED)
    assert connected.state is State.DATAGRAM_CONNECTED
    assert connected.recv(64) == b"kept"


@pytest.mark.parametrize("name", ["send", "recv", "getpeername"])
def test_connected_calls_on_a_bound_socket_name_connect(family: Family[Addr], name: str) -> None:
    bound = family.datagram_bound()
    with pytest.raises(OrderingError) as caught:
        operation(bound, name)
    _assert_refused(caught.value, name, State.DATAGRAM_BOUND)
    assert str(caught.value) == (
        f"{name}() needs a connected datagram socket; this socket is a bound datagram socket: "
        "call connect() first"
    )
    assert bound.state is State.DATAGRAM_BOUND


@pytest.mark.parametrize("name", ["send", "recv", "getpeername"])
def test_connected_calls_on_an_unbound_socket_name_connect(family: Family[Addr], name: str) -> None:
    unbound = family.datagram()
    with pytest.raises(OrderingError) as caught:
        operation(unbound, name)
    _assert_refused(caught.value, name, State.DATAGRAM)
    assert str(caught.value).endswith("unbound datagram socket: call connect() first")
    assert unbound.state is State.DATAGRAM


def test_getsockname_on_an_unbound_socket_names_bind(family: Family[Addr]) -> None:
    unbound = family.datagram()
    with pytest.raises(OrderingError) as caught:
        operation(unbound, "getsockname")
    _assert_refused(caught.value, "getsockname", State.DATAGRAM)
    assert str(caught.value).endswith(": call bind() first")
    assert unbound.state is State.DATAGRAM


def test_a_stale_unbound_variable_after_bind_refuses_bind_again(family: Family[Addr]) -> None:
    unbound = family.datagram()
    bound = family.bind_datagram(unbound, family.local())
    address = bound.getsockname()
    with socket_calls() as calls, pytest.raises(OrderingError) as caught:
        family.bind_datagram(unbound, family.local())  # `unbound` is stale: it is bound now
    _assert_refused(caught.value, "bind", State.DATAGRAM_BOUND)
    assert str(caught.value) == (
        "bind() needs an unbound datagram socket; this socket is a bound datagram socket "
        "and cannot go back: make a new socket"
    )
    assert calls == []
    assert bound.state is State.DATAGRAM_BOUND
    assert bound.getsockname() == address


def test_a_stale_unbound_variable_after_connect_refuses_bind(family: Family[Addr]) -> None:
    peer = family.datagram_bound()
    unbound = family.datagram()
    connected = family.connect_datagram(unbound, peer.getsockname())
    with pytest.raises(OrderingError) as caught:
        family.bind_datagram(unbound, family.local())
    _assert_refused(caught.value, "bind", State.DATAGRAM_CONNECTED)
    assert connected.state is State.DATAGRAM_CONNECTED
    assert connected.getpeername() == peer.getsockname()


def test_a_closed_datagram_socket_names_datagram_calls(family: Family[Addr]) -> None:
    connected, _ = family.datagram_connected()
    connected.close()
    with pytest.raises(OrderingError) as caught:
        connected.send(b"late")  # `connected` is stale: it is closed
    assert str(caught.value) == (
        "send() needs a connected datagram socket; this socket is closed: make a new socket"
    )
    assert caught.value.state is State.CLOSED
    assert state_of(connected) is State.CLOSED


def test_a_closed_datagram_socket_says_listen_is_a_stream_call(family: Family[Addr]) -> None:
    sock = family.build(State.CLOSED, socket.SOCK_DGRAM).sock
    with pytest.raises(OrderingError) as caught:
        operation(sock, "listen")
    assert str(caught.value) == (
        "listen() is a stream socket call; this socket is closed: use a stream socket"
    )


def test_a_closed_stream_socket_says_sendto_is_a_datagram_call(family: Family[Addr]) -> None:
    sock = family.build(State.CLOSED).sock
    with pytest.raises(OrderingError) as caught:
        operation(sock, "sendto")
    assert str(caught.value) == (
        "sendto() is a datagram socket call; this socket is closed: use a datagram socket"
    )


@pytest.mark.parametrize("name", ["sendto", "recvfrom"])
@pytest.mark.parametrize("state", [State.FRESH, State.BOUND, State.LISTENING, State.CONNECTED])
def test_sendto_and_recvfrom_on_a_stream_socket_say_they_are_datagram_calls(
    family: Family[Addr], state: State, name: str
) -> None:
    sock = family.build(state).sock
    with pytest.raises(OrderingError) as caught:
        operation(sock, name)
    _assert_refused(caught.value, name, state)
    assert str(caught.value) == (
        f"{name}() is a datagram socket call; this socket is {state}: use a datagram socket"
    )
    assert sock.state is state


# -- truncation -----------------------------------------------------------------------------


def test_recvfrom_of_a_long_datagram_raises_with_the_part_and_the_sender(
    family: Family[Addr],
) -> None:
    sender = family.datagram_bound()
    receiver = family.datagram_bound()
    family.sendto(sender, b"0123456789", receiver.getsockname())
    family.sendto(sender, b"next", receiver.getsockname())
    with pytest.raises(MessageTruncatedError) as caught:
        receiver.recvfrom(4)
    assert isinstance(caught.value, SockstateError)
    assert caught.value.data == b"0123"
    assert caught.value.address == sender.getsockname()
    assert receiver.state is State.DATAGRAM_BOUND
    assert receiver.recvfrom(64) == (b"next", sender.getsockname())  # the rest is gone


def test_recv_of_a_long_datagram_raises_with_the_part_and_the_peer(family: Family[Addr]) -> None:
    connected, peer = family.datagram_connected()
    family.sendto(peer, b"abcdefgh", connected.getsockname())
    family.sendto(peer, b"intact", connected.getsockname())
    with pytest.raises(MessageTruncatedError) as caught:
        connected.recv(3)
    assert caught.value.data == b"abc"
    assert caught.value.address == peer.getsockname()
    assert connected.state is State.DATAGRAM_CONNECTED
    assert connected.recv(64) == b"intact"


def test_a_truncated_datagram_from_an_unnamed_unix_sender_names_it_empty(
    unix: Family[UnixAddress],
) -> None:
    receiver = unix.datagram_bound()
    sender = unix.datagram().connect(receiver.getsockname())
    sender.send(b"too long")
    with pytest.raises(MessageTruncatedError) as caught:
        receiver.recvfrom(2)
    assert (caught.value.data, caught.value.address) == (b"to", "")


def test_a_datagram_that_exactly_fits_is_not_truncated(family: Family[Addr]) -> None:
    sender = family.datagram_bound()
    receiver = family.datagram_bound()
    family.sendto(sender, b"12345", receiver.getsockname())
    assert receiver.recvfrom(5) == (b"12345", sender.getsockname())


# -- failures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.DATAGRAM_BOUND, State.DATAGRAM_CONNECTED])
def test_a_failed_unix_connect_leaves_the_state_unchanged_and_leaks_nothing(
    unix: Family[UnixAddress], state: State, tmp_path: Path
) -> None:
    built = unix.build(state)
    sock, raw = built.sock, built.raw
    kernel = KernelView.of(raw)
    fd = raw.fileno()
    descriptors = open_fds()
    with pytest.raises(FileNotFoundError) as caught:
        operation(sock, "connect")(str(tmp_path / "nobody-here"))
    assert caught.value.errno == errno.ENOENT
    assert not isinstance(caught.value, SockstateError)
    assert sock.state is state
    assert KernelView.of(raw) == kernel
    assert fd_is_open(fd)
    assert open_fds() == descriptors


def test_a_connected_unix_socket_keeps_its_peer_after_a_failed_connect(
    unix: Family[UnixAddress], tmp_path: Path
) -> None:
    connected, peer = unix.datagram_connected()
    with pytest.raises(FileNotFoundError):
        connected.connect(tmp_path / "nobody-here")
    assert connected.getpeername() == peer.getsockname()
    connected.send(b"still")
    assert peer.recvfrom(64) == (b"still", connected.getsockname())


def test_a_failed_connect_from_unbound_releases_the_socket(family: Family[Addr]) -> None:
    unbound = family.datagram()
    fd = unbound.fileno()
    with pytest.raises(OSError, match=REFUSALS) as caught:
        operation(unbound, "connect")(family.datagram_refusing())
    assert not isinstance(caught.value, SockstateError)
    assert state_of(unbound) is State.FAILED
    assert not fd_is_open(fd)
    with pytest.raises(SocketClosedError):
        operation(unbound, "bind")
    assert unbound.close().state is State.CLOSED


def test_failed_unix_connects_leak_no_descriptors(
    unix: Family[UnixAddress], tmp_path: Path
) -> None:
    before = open_fds()
    for _ in range(25):
        sock = unix.datagram()
        with pytest.raises(FileNotFoundError):
            sock.connect(tmp_path / "nobody-here")
        assert state_of(sock) is State.FAILED
        sock.close()
    assert open_fds() == before


def test_a_refused_ipv4_connect_from_bound_keeps_the_binding(
    ipv4: Family[IPv4Address],
) -> None:
    bound = ipv4.datagram_bound()
    kernel = KernelView.of(bound.raw_socket())
    with pytest.raises(PermissionError) as caught:
        bound.connect(("255.255.255.255", 9))  # no SO_BROADCAST: EACCES, nothing sent
    assert caught.value.errno == errno.EACCES
    assert bound.state is State.DATAGRAM_BOUND
    assert KernelView.of(bound.raw_socket()) == kernel


def test_a_refused_ipv6_connect_from_bound_keeps_the_binding(
    ipv6: Family[IPv6Address],
) -> None:
    bound = ipv6.datagram_bound()
    kernel = KernelView.of(bound.raw_socket())
    with pytest.raises(OSError, match="Invalid argument") as caught:
        bound.connect(("fe80::1", 9))  # link-local without a scope: EINVAL, nothing sent
    assert caught.value.errno == errno.EINVAL
    assert bound.state is State.DATAGRAM_BOUND
    assert KernelView.of(bound.raw_socket()) == kernel


def test_a_unix_send_to_a_closed_peer_is_refused_and_breaks_the_socket(
    unix: Family[UnixAddress],
) -> None:
    connected, peer = unix.datagram_connected()
    fd = connected.fileno()
    peer.close()
    with pytest.raises(ConnectionRefusedError) as caught:
        connected.send(b"late")
    assert caught.value.errno == errno.ECONNREFUSED
    assert not isinstance(caught.value, SockstateError)
    assert state_of(connected) is State.BROKEN
    assert fd_is_open(fd)
    assert connected.close().state is State.CLOSED


@pytest.mark.parametrize("name", ["send", "recv", "getpeername", "connect"])
def test_a_unix_socket_broken_by_its_closed_peer_refuses_the_calls_the_kernel_would_not_take(
    unix: Family[UnixAddress], name: str
) -> None:
    """Found by the model test: the kernel had disconnected the socket, so the
    next ``send()`` or ``getpeername()`` reached it and failed with ENOTCONN."""
    connected, peer = unix.datagram_connected()
    peer.close()
    with pytest.raises(ConnectionRefusedError):
        connected.send(b"late")
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(connected, name)
    assert calls == []
    assert type(caught.value) is OrderingError
    assert (caught.value.operation, caught.value.state) == (name, State.BROKEN)
    assert state_of(connected) is State.BROKEN


def test_a_udp_refusal_reports_an_earlier_datagram_and_leaves_the_socket_connected(
    ipv4: Family[IPv4Address],
) -> None:
    connected, peer = ipv4.datagram_connected()
    address = peer.getsockname()
    peer.close()
    connected.send(b"to nobody")  # the host answers ICMP port unreachable
    poller = select.poll()
    poller.register(connected.fileno(), select.POLLERR)
    assert poller.poll(SAFETY_TIMEOUT * 1000), "the refusal never reached the socket"
    with pytest.raises(ConnectionRefusedError):
        connected.send(b"again")
    assert connected.state is State.DATAGRAM_CONNECTED
    assert connected.getpeername() == address


def test_bind_to_a_datagram_address_in_use_raises_and_stays_unbound(
    family: Family[Addr],
) -> None:
    taken = family.datagram_bound().getsockname()
    unbound = family.datagram()
    with pytest.raises(OSError, match="in use") as caught:
        family.bind_datagram(unbound, taken)
    assert caught.value.errno == errno.EADDRINUSE
    assert unbound.state is State.DATAGRAM
    bound = family.bind_datagram(unbound, family.local())
    assert bound.getsockname() != taken


# -- bad addresses -------------------------------------------------------------------------

BAD_IPV4 = [
    pytest.param("/tmp/x", AddressTypeError, id="path"),
    pytest.param(("127.0.0.1", 1, 0, 0), AddressTypeError, id="4-tuple"),
    pytest.param(None, AddressTypeError, id="None"),
    pytest.param(("127.0.0.1", 70000), AddressValueError, id="port-70000"),
    pytest.param(("127.0.0.1", -1), AddressValueError, id="port--1"),
    pytest.param(("::1", 5), AddressValueError, id="ipv6-host"),
]
BAD_IPV6 = [
    pytest.param("/tmp/x", AddressTypeError, id="path"),
    pytest.param(None, AddressTypeError, id="None"),
    pytest.param(("::1", 70000), AddressValueError, id="port-70000"),
    pytest.param(("127.0.0.1", 5), AddressValueError, id="ipv4-host"),
]
BAD_UNIX = [
    pytest.param(("127.0.0.1", 1), AddressTypeError, id="tuple"),
    pytest.param(5, AddressTypeError, id="int"),
    pytest.param("", AddressValueError, id="empty"),
    pytest.param("a\0b", AddressValueError, id="nul"),
    pytest.param("x" * 200, AddressValueError, id="too-long"),
]


def _refuses_before_sending(
    family: Family[Addr], sender: BoundDatagramSocket[Addr], address: object, kind: type
) -> None:
    receiver = family.datagram_bound()
    kernel = KernelView.of(sender.raw_socket())
    with socket_calls() as calls, pytest.raises(AddressError) as caught:
        operation(sender, "sendto")(b"x", address)
    assert type(caught.value) is kind
    assert caught.value.address == address
    assert caught.value.family == family.kind
    assert calls == []
    assert sender.state is State.DATAGRAM_BOUND
    assert KernelView.of(sender.raw_socket()) == kernel
    family.sendto(sender, b"after", receiver.getsockname())
    assert receiver.recvfrom(64) == (b"after", sender.getsockname())  # nothing came before


@pytest.mark.parametrize(("address", "kind"), BAD_IPV4)
def test_sendto_refuses_a_bad_ipv4_address_before_any_system_call(
    ipv4: Family[IPv4Address], address: object, kind: type
) -> None:
    _refuses_before_sending(ipv4, ipv4.datagram_bound(), address, kind)


@pytest.mark.parametrize(("address", "kind"), BAD_IPV6)
def test_sendto_refuses_a_bad_ipv6_address_before_any_system_call(
    ipv6: Family[IPv6Address], address: object, kind: type
) -> None:
    _refuses_before_sending(ipv6, ipv6.datagram_bound(), address, kind)


@pytest.mark.parametrize(("address", "kind"), BAD_UNIX)
def test_sendto_refuses_a_bad_unix_address_before_any_system_call(
    unix: Family[UnixAddress], address: object, kind: type
) -> None:
    _refuses_before_sending(unix, unix.datagram_bound(), address, kind)


@pytest.mark.parametrize("call", ["bind", "connect"])
def test_bind_and_connect_refuse_a_bad_address_and_stay_unbound(
    family: Family[Addr], call: str
) -> None:
    unbound = family.datagram()
    with socket_calls() as calls, pytest.raises(AddressTypeError):
        operation(unbound, call)(object())
    assert calls == []
    assert unbound.state is State.DATAGRAM


# -- descriptors ------------------------------------------------------------------------------


def test_whole_datagram_conversations_leak_no_descriptors(family: Family[Addr]) -> None:
    server = family.datagram_bound()
    before = open_fds()
    for _ in range(25):
        client = family.connect_datagram(family.datagram_bound(), server.getsockname())
        client.send(b"x")
        data, sender = server.recvfrom(8)
        assert data == b"x"
        family.sendto(server, b"y", sender)
        assert client.recv(8) == b"y"
        client.close()
        family.forget(client)
    assert open_fds() == before


@pytest.mark.parametrize("state", DATAGRAM_STATES)
def test_closing_a_datagram_socket_releases_its_descriptor_once(
    family: Family[Addr], state: State
) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    fd = raw.fileno()
    for _ in range(3):
        assert sock.close().state is State.CLOSED
    assert raw.fileno() == -1
    assert not fd_is_open(fd)
