"""The legal order, in every family: what each call of the way there returns,
what a socket keeps on the way (its address, its descriptor, its stdlib
socket), and addresses in the family's shape.

Where every legal call of every state leads, on success and on failure, is
``test_matrix.py``'s, held against the hand matrix."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import sockstate
import tls_support
from expectations import WAITED_IN
from sockstate import (
    BoundSocket,
    ConnectedSocket,
    FreshSocket,
    IPv4Address,
    IPv6Address,
    ListeningSocket,
    State,
    UnixAddress,
)
from support import (
    LIVE_STATES,
    Addr,
    Family,
    class_of,
    fd_is_open,
    operation,
    same_object,
    state_of,
)

if TYPE_CHECKING:
    from collections.abc import Callable


# -- creating -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        pytest.param(sockstate.socket, socket.AF_INET, id="socket()"),
        pytest.param(
            lambda: sockstate.socket(socket.AF_INET), socket.AF_INET, id="socket(AF_INET)"
        ),
        pytest.param(
            lambda: sockstate.socket(socket.AF_INET6, socket.SOCK_STREAM),
            socket.AF_INET6,
            id="socket(AF_INET6, SOCK_STREAM)",
        ),
        pytest.param(
            lambda: sockstate.socket(socket.AF_UNIX), socket.AF_UNIX, id="socket(AF_UNIX)"
        ),
        pytest.param(sockstate.tcp, socket.AF_INET, id="tcp()"),
        pytest.param(sockstate.tcp6, socket.AF_INET6, id="tcp6()"),
        pytest.param(sockstate.unix, socket.AF_UNIX, id="unix()"),
    ],
)
def test_a_new_socket_is_a_fresh_stream_socket_of_its_family(
    make: Callable[[], FreshSocket[object]], kind: socket.AddressFamily
) -> None:
    with make() as sock:
        assert type(sock) is FreshSocket
        assert sock.state is State.FRESH
        assert sock.raw_socket().family == kind
        assert sock.raw_socket().type == socket.SOCK_STREAM


# -- bind, listen, accept, connect --------------------------------------------


def test_bind_returns_the_same_socket_now_bound(family: Family[Addr]) -> None:
    fresh = family.fresh()
    bound = family.bind(fresh, family.local())
    assert same_object(bound, fresh)
    assert type(bound) is BoundSocket
    assert bound.state is State.BOUND


def test_a_variable_from_before_a_transition_sees_the_new_state(family: Family[Addr]) -> None:
    fresh = family.fresh()
    family.bind(fresh, family.local())
    assert state_of(fresh) is State.BOUND
    assert class_of(fresh) is BoundSocket


def test_bind_gives_the_socket_its_local_address(family: Family[Addr]) -> None:
    bound = family.bound()
    assert family.is_address(bound.getsockname())
    assert bound.getsockname() == bound.raw_socket().getsockname()


def test_listen_returns_the_same_socket_now_listening(family: Family[Addr]) -> None:
    bound = family.bound()
    listener = bound.listen()
    assert same_object(listener, bound)
    assert type(listener) is ListeningSocket
    assert listener.state is State.LISTENING
    assert listener.raw_socket().getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1


@pytest.mark.parametrize("backlog", [0, 1, 128, 2**31 - 1])
def test_listen_takes_any_backlog_from_0_to_2_31_minus_1(
    family: Family[Addr], backlog: int
) -> None:
    listener = family.bound().listen(backlog)
    assert listener.state is State.LISTENING


def test_listen_keeps_the_bound_address(family: Family[Addr]) -> None:
    bound = family.bound()
    address = bound.getsockname()
    assert bound.listen().getsockname() == address


def test_accept_returns_a_new_connected_socket_and_the_peer_address(family: Family[Addr]) -> None:
    listener = family.listening()
    client = family.connect(family.fresh(), listener.getsockname())
    server, peer = family.accept(listener)
    assert not same_object(server, listener)
    assert not same_object(server, client)
    assert type(server) is ConnectedSocket
    assert server.state is State.CONNECTED
    assert peer == client.getsockname()
    assert family.is_address(peer)


def test_accept_leaves_the_listener_listening(family: Family[Addr]) -> None:
    listener = family.listening()
    for _ in range(3):
        family.connect(family.fresh(), listener.getsockname())
        family.accept(listener)
        assert listener.state is State.LISTENING
        assert class_of(listener) is ListeningSocket


def test_connect_from_fresh_returns_the_same_socket_now_connected(family: Family[Addr]) -> None:
    listener = family.listening()
    fresh = family.fresh()
    connected = family.connect(fresh, listener.getsockname())
    assert same_object(connected, fresh)
    assert type(connected) is ConnectedSocket
    assert connected.state is State.CONNECTED


def test_connect_from_bound_returns_the_same_socket_now_connected(family: Family[Addr]) -> None:
    listener = family.listening()
    bound = family.bound()
    connected = family.connect(bound, listener.getsockname())
    assert same_object(connected, bound)
    assert type(connected) is ConnectedSocket
    assert connected.state is State.CONNECTED


def test_connect_from_bound_keeps_the_bound_address(family: Family[Addr]) -> None:
    listener = family.listening()
    bound = family.bound()
    address = bound.getsockname()
    connected = family.connect(bound, listener.getsockname())
    server, peer = family.accept(listener)
    assert connected.getsockname() == address
    assert peer == address
    assert server.getpeername() == address


def test_the_ends_of_a_connection_name_each_other(family: Family[Addr]) -> None:
    listener = family.listening()
    client = family.connect(family.fresh(), listener.getsockname())
    server, _ = family.accept(listener)
    assert client.getpeername() == listener.getsockname()
    assert server.getsockname() == listener.getsockname()
    assert server.getpeername() == client.getsockname()


# -- close ----------------------------------------------------------------------


@pytest.mark.parametrize("state", LIVE_STATES)
def test_close_releases_the_descriptor(family: Family[Addr], state: State) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    fd = raw.fileno()
    sock.close()
    assert raw.fileno() == -1
    if state in WAITED_IN:  # a call waits there: it leaves, woken, and releases the number
        tls_support.wait_until(lambda: not fd_is_open(fd))
    assert not fd_is_open(fd)


# -- the calls every live state has -------------------------------------------


@pytest.mark.parametrize("state", LIVE_STATES)
def test_fileno_is_the_descriptor_of_the_stdlib_socket(family: Family[Addr], state: State) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    fileno = operation(sock, "fileno")()
    assert fileno == raw.fileno()
    assert isinstance(fileno, int)
    assert fd_is_open(fileno)


def test_raw_socket_is_the_same_stdlib_socket_in_every_live_state(family: Family[Addr]) -> None:
    listener_fresh = family.fresh()
    raw = listener_fresh.raw_socket()
    assert type(raw) is socket.socket
    bound = family.bind(listener_fresh, family.local())
    assert bound.raw_socket() is raw
    listener = bound.listen()
    assert listener.raw_socket() is raw
    client_fresh = family.fresh()
    client_raw = client_fresh.raw_socket()
    client = family.connect(client_fresh, listener.getsockname())
    assert client.raw_socket() is client_raw


# -- one whole conversation ---------------------------------------------------


def test_a_whole_conversation_in_the_legal_order(family: Family[Addr]) -> None:
    server_side = family.fresh()
    listener = family.bind(server_side, family.local()).listen(8)
    client = family.connect(family.fresh(), listener.getsockname())
    conn, _ = family.accept(listener)

    client.sendall(b"hello")
    assert conn.recv_exactly(5) == b"hello"
    assert conn.send(b"hi") == 2
    assert client.recv_exactly(2) == b"hi"
    receiving = client.shutdown_write()
    assert conn.recv(1) == b""
    assert state_of(conn) is State.ENDED
    conn.sendall(b"bye")
    conn.shutdown_write()
    assert receiving.recv_exactly(3) == b"bye"
    assert receiving.recv(1) == b""
    assert state_of(receiving) is State.FINISHED

    assert conn.close().state is State.CLOSED
    assert client.close().state is State.CLOSED
    assert listener.close().state is State.CLOSED
    assert state_of(server_side) is State.CLOSED


# -- addresses, family by family ----------------------------------------------


def test_ipv4_addresses_are_host_port_pairs(ipv4: Family[IPv4Address]) -> None:
    listener = ipv4.listening()
    host, port = listener.getsockname()
    assert (host, type(port)) == ("127.0.0.1", int)
    assert 0 < port <= 65535
    client = sockstate.tcp().connect(("127.0.0.1", port))
    ipv4.adopt(client)
    server, peer = ipv4.accept(listener)
    for address in (peer, client.getsockname(), client.getpeername(), server.getsockname()):
        assert type(address) is tuple
        assert len(address) == 2
    assert client.getpeername() == ("127.0.0.1", port)


def test_ipv6_addresses_are_four_tuples(ipv6: Family[IPv6Address]) -> None:
    listener = ipv6.listening()
    host, port, flowinfo, scope_id = listener.getsockname()
    assert (host, flowinfo, scope_id) == ("::1", 0, 0)
    assert 0 < port <= 65535
    client = ipv6.connect(ipv6.fresh(), listener.getsockname())
    server, peer = ipv6.accept(listener)
    for address in (peer, client.getsockname(), client.getpeername(), server.getpeername()):
        assert type(address) is tuple
        assert len(address) == 4
    assert client.getpeername() == ("::1", port, 0, 0)


def test_ipv6_takes_a_host_port_pair_and_answers_a_four_tuple(
    ipv6: Family[IPv6Address],
) -> None:
    server_side = sockstate.tcp6()
    ipv6.adopt(server_side)
    listener = server_side.bind(("::1", 0)).listen()
    port = listener.getsockname()[1]
    client_side = sockstate.tcp6()
    ipv6.adopt(client_side)
    client = client_side.connect(("::1", port))
    assert client.getpeername() == ("::1", port, 0, 0)
    conn, peer = ipv6.accept(listener)
    assert len(conn.getsockname()) == 4
    assert len(peer) == 4


def test_unix_listener_is_named_by_its_path(unix: Family[UnixAddress], tmp_path: Path) -> None:
    path = str(tmp_path / "listener")
    listener = unix.bind(unix.fresh(), path).listen()
    assert listener.getsockname() == path
    assert Path(path).is_socket()
    client = unix.connect(unix.fresh(), path)
    assert client.getpeername() == path


def test_unix_unbound_client_is_unnamed(unix: Family[UnixAddress]) -> None:
    listener = unix.listening()
    client = unix.connect(unix.fresh(), listener.getsockname())
    server, peer = unix.accept(listener)
    assert client.getsockname() == ""
    assert peer == ""
    assert server.getpeername() == ""
    assert server.getsockname() == listener.getsockname()


def test_unix_bound_client_is_named_by_its_path(unix: Family[UnixAddress], tmp_path: Path) -> None:
    listener = unix.listening()
    path = str(tmp_path / "client")
    client = unix.connect(unix.bind(unix.fresh(), path), listener.getsockname())
    _, peer = unix.accept(listener)
    assert client.getsockname() == path
    assert peer == path


def test_unix_takes_pathlike_and_bytes_paths_and_answers_str(tmp_path: Path) -> None:
    path = tmp_path / "pathlike"
    with sockstate.unix() as server_side, sockstate.unix() as client_side:
        listener = server_side.bind(path).listen()
        assert listener.getsockname() == str(path)
        client = client_side.connect(bytes(path))
        assert client.getpeername() == str(path)
        conn, _ = listener.accept()
        conn.close()


def test_unix_abstract_names_are_bytes_starting_with_nul(
    unix_abstract: Family[UnixAddress],
) -> None:
    name = unix_abstract.local()
    listener = unix_abstract.bind(unix_abstract.fresh(), name).listen()
    assert listener.getsockname() == name
    assert isinstance(name, bytes)
    assert name.startswith(b"\0")
    client = unix_abstract.connect(unix_abstract.fresh(), name)
    server, peer = unix_abstract.accept(listener)
    assert client.getpeername() == name
    assert server.getsockname() == name
    assert peer == ""


def test_unix_abstract_name_given_as_str_answers_bytes(tmp_path: Path) -> None:
    name = "\0sockstate-test-str-" + tmp_path.name
    with sockstate.unix() as sock:
        bound = sock.bind(name)
        assert bound.getsockname() == name.encode()
