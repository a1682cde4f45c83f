"""The stdlib's spellings, for code being ported, on real loopback sockets:
``shutdown(how)`` (each ``how`` from each state that has it, where the
hand-written oracle's precise call leads, with the kernel's effect),
``family``/``type``/``proto`` in every state, the raw
``setsockopt()``/``getsockopt()`` on the socket, and the stdlib code that
needs them (``socketserver``'s ``shutdown_request``, ``allow_reuse_address``,
``asyncio.open_connection(sock=...)``); on both faces."""

from __future__ import annotations

import asyncio
import socket
import socketserver
from typing import TYPE_CHECKING, cast

import pytest

import sockstate
from expectations import SHUTDOWN_HOWS, WITH_SHUTDOWNS, after_shutdown
from sockstate import OrderingError, SocketClosedError, State, aio
from support import (
    KernelView,
    open_fds,
    operation,
    same_object,
    state_of,
    system_calls,
)

if TYPE_CHECKING:
    from sockstate import IPv4Address, UnixAddress
    from support import Addr, Family, Stateful


HOW_NAMES = {socket.SHUT_RD: "SHUT_RD", socket.SHUT_WR: "SHUT_WR", socket.SHUT_RDWR: "SHUT_RDWR"}

HOWS = [pytest.param(how, id=name) for how, name in HOW_NAMES.items()]

INVALID_HOWS = [
    pytest.param(3, ValueError, id="3"),
    pytest.param(-1, ValueError, id="-1"),
    pytest.param("SHUT_WR", TypeError, id="str"),
    pytest.param(True, TypeError, id="bool"),
    pytest.param(1.0, TypeError, id="float"),
    pytest.param(None, TypeError, id="None"),
]
"""What ``shutdown()`` refuses before any system call: an int that names no
direction (``ValueError``), anything else (``TypeError``; a ``bool`` too)."""

NO_SHUTDOWN = (State.FRESH, State.BOUND, State.LISTENING, State.CONNECTING, State.BROKEN)
"""Stream states without the shutdowns."""


# -- shutdown(how) ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", HOWS)
@pytest.mark.parametrize("state", WITH_SHUTDOWNS, ids=str)
def test_shutdown_how_goes_where_the_precise_call_goes_with_its_one_system_call(
    family: Family[Addr], state: State, how: int
) -> None:
    sock = family.build(state).sock
    expected = after_shutdown(state, how)
    with system_calls() as calls:
        moved = operation(sock, "shutdown")(how)
    assert same_object(moved, sock)
    assert state_of(sock) is expected
    assert calls == ([] if expected is state else [f"socket.shutdown({HOW_NAMES[how]})"])


@pytest.mark.parametrize("how", [socket.SHUT_WR, socket.SHUT_RDWR], ids=["SHUT_WR", "SHUT_RDWR"])
def test_shutdown_how_closing_the_sending_side_lets_the_peer_read_the_end(
    family: Family[Addr], how: int
) -> None:
    sock, peer = family.connected()
    sock.sendall(b"last")
    sock.shutdown(how)
    assert peer.recv_exactly(4) == b"last"
    assert peer.recv(1) == b""


def test_shutdown_rd_leaves_the_sending_side_open(family: Family[Addr]) -> None:
    sock, peer = family.connected()
    sending = sock.shutdown(socket.SHUT_RD)
    assert state_of(sending) is State.SEND_ONLY
    operation(sending, "sendall")(b"still")
    assert peer.recv_exactly(5) == b"still"


@pytest.mark.parametrize(("how", "error"), INVALID_HOWS)
@pytest.mark.parametrize("state", WITH_SHUTDOWNS, ids=str)
def test_shutdown_refuses_an_invalid_how_before_any_system_call(
    ipv4: Family[IPv4Address], state: State, how: object, error: type[Exception]
) -> None:
    built = ipv4.build(state)
    kernel = KernelView.of(built.raw)
    with system_calls() as calls, pytest.raises(error, match="SHUT_RD"):
        operation(built.sock, "shutdown")(how)
    assert calls == []
    assert state_of(built.sock) is state
    assert KernelView.of(built.raw) == kernel


def test_shutdown_with_an_invalid_how_leaves_both_directions_open(
    family: Family[Addr],
) -> None:
    sock, peer = family.connected()
    with pytest.raises(ValueError, match="not 3"):
        sock.shutdown(3)
    sock.sendall(b"up")
    assert peer.recv_exactly(2) == b"up"
    peer.sendall(b"down")
    assert sock.recv_exactly(4) == b"down"


@pytest.mark.parametrize("state", NO_SHUTDOWN, ids=str)
def test_shutdown_how_is_refused_where_the_precise_shutdowns_are(
    ipv4: Family[IPv4Address], state: State
) -> None:
    sock = ipv4.build(state).sock
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(sock, "shutdown")(socket.SHUT_WR)
    assert calls == []
    assert caught.value.operation == "shutdown"
    assert str(caught.value).startswith(
        "shutdown() needs a connected, receive-only, send-only, shut down, ended or finished socket"
    )
    assert state_of(sock) is state


@pytest.mark.parametrize("state", [State.DATAGRAM, State.DATAGRAM_BOUND, State.DATAGRAM_CONNECTED])
def test_shutdown_how_is_a_stream_call(ipv4: Family[IPv4Address], state: State) -> None:
    sock = ipv4.build(state, socket.SOCK_DGRAM).sock
    with pytest.raises(OrderingError, match=r"^shutdown\(\) is a stream socket call"):
        operation(sock, "shutdown")(socket.SHUT_RDWR)
    assert state_of(sock) is state


def test_shutdown_how_saved_before_a_close_refuses_as_shutdown(
    ipv4: Family[IPv4Address],
) -> None:
    sock, _ = ipv4.connected()
    shutdown = sock.shutdown
    sock.close()
    with system_calls() as calls, pytest.raises(SocketClosedError) as caught:
        shutdown(socket.SHUT_WR)
    assert calls == []
    assert caught.value.operation == "shutdown"
    assert state_of(sock) is State.CLOSED


@pytest.mark.parametrize("how", HOWS)
def test_shutdown_how_meeting_a_reset_breaks_the_socket_as_the_precise_call_does(
    ipv4: Family[IPv4Address], how: int
) -> None:
    """Only TCP reports a shutdown after a reset (ENOTCONN): a Unix socket
    whose peer has gone accepts one (``test_halfclose.py``)."""
    sock = ipv4.reset().sock
    with pytest.raises(OSError) as caught:  # noqa: PT011 - ENOTCONN
        operation(sock, "shutdown")(how)
    assert not isinstance(caught.value, OrderingError)
    assert state_of(sock) is after_shutdown(State.CONNECTED, how, failing=True)
    assert state_of(sock) is State.BROKEN


def test_socketservers_shutdown_request_shuts_and_closes_an_accepted_socket(
    ipv4: Family[IPv4Address],
) -> None:
    """``socketserver.TCPServer.shutdown_request`` calls
    ``request.shutdown(socket.SHUT_WR)`` and then ``close_request``."""
    listener = ipv4.listening()
    client = ipv4.connect(ipv4.fresh(), listener.getsockname())
    request, _ = ipv4.accept(listener)
    request.sendall(b"reply")
    server = socketserver.TCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler, False)
    try:
        server.shutdown_request(request)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    finally:
        server.server_close()
    assert state_of(request) is State.CLOSED
    assert client.recv_exactly(5) == b"reply"
    assert client.recv(1) == b""


# -- family, type, proto ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        (State.FRESH, socket.SOCK_STREAM),
        (State.LISTENING, socket.SOCK_STREAM),
        (State.CONNECTED, socket.SOCK_STREAM),
        (State.FINISHED, socket.SOCK_STREAM),
        (State.DATAGRAM, socket.SOCK_DGRAM),
        (State.DATAGRAM_CONNECTED, socket.SOCK_DGRAM),
    ],
    ids=str,
)
def test_family_type_and_proto_are_the_stdlib_sockets(
    family: Family[Addr], state: State, kind: int
) -> None:
    built = family.build(state, kind)
    sock = cast("socket.socket", built.sock)
    assert (sock.family, sock.type, sock.proto) == (family.kind, kind, built.raw.proto)
    assert type(sock.family) is socket.AddressFamily
    assert type(sock.type) is socket.SocketKind
    assert type(sock.proto) is int


@pytest.mark.parametrize("state", [State.CLOSED, State.DETACHED, State.FAILED], ids=str)
def test_family_type_and_proto_outlive_the_descriptor_as_on_the_stdlib_socket(
    family: Family[Addr], state: State
) -> None:
    built = family.build(state)
    sock = cast("socket.socket", built.sock)
    plain = socket.socket(family.kind, socket.SOCK_STREAM)
    plain.close()
    assert (sock.family, sock.type, sock.proto) == (plain.family, plain.type, plain.proto)
    assert state_of(built.sock) is state


def test_family_type_and_proto_are_read_only(ipv4: Family[IPv4Address]) -> None:
    sock = ipv4.fresh()
    for name in ("family", "type", "proto"):
        with pytest.raises(AttributeError):
            setattr(sock, name, 0)
    assert sock.family is socket.AF_INET


def test_the_repr_names_the_family_after_close(ipv4: Family[IPv4Address]) -> None:
    sock = ipv4.fresh()
    sock.close()
    assert repr(sock) == f"<sockstate.ClosedSocket {sock.family.name} fd=-1>"


# -- setsockopt, getsockopt -------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.FRESH, State.CONNECTED, State.SHUT_DOWN, State.BROKEN])
def test_setsockopt_and_getsockopt_round_trip_as_the_raw_hatch_of_options(
    ipv4: Family[IPv4Address], state: State
) -> None:
    sock = ipv4.build(state).sock
    operation(sock, "setsockopt")(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    assert operation(sock, "getsockopt")(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
    options = cast("sockstate.SocketOptions", getattr(sock, "options"))  # noqa: B009
    assert options.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
    operation(sock, "setsockopt")(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 0)
    assert operation(sock, "getsockopt")(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 0
    assert state_of(sock) is state


def test_setsockopt_takes_a_buffer_or_none_with_its_length(
    ipv4: Family[IPv4Address],
) -> None:
    sock = ipv4.fresh()
    linger = (1).to_bytes(4, "little") + (5).to_bytes(4, "little")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
    assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8) == linger
    with pytest.raises(TypeError, match="needs optlen"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, None)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match="only with a None"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger, 8)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]


def test_setsockopt_passes_the_kernels_error_through_and_keeps_the_state(
    ipv4: Family[IPv4Address],
) -> None:
    sock = ipv4.fresh()
    with pytest.raises(OSError) as caught:  # noqa: PT011 - ENOPROTOOPT
        sock.setsockopt(socket.SOL_SOCKET, 0x7FFF, 1)
    assert not isinstance(caught.value, OrderingError)
    assert state_of(sock) is State.FRESH


def test_a_unix_socket_has_the_raw_options_too(unix: Family[UnixAddress]) -> None:
    sock = unix.fresh()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
    assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) >= 65536


@pytest.mark.parametrize("name", ["setsockopt", "getsockopt"])
@pytest.mark.parametrize("state", [State.CLOSED, State.DETACHED, State.FAILED], ids=str)
def test_the_raw_options_are_refused_without_a_descriptor_with_the_state_unchanged(
    ipv4: Family[IPv4Address], state: State, name: str
) -> None:
    sock = ipv4.build(state).sock
    descriptors = open_fds()
    with system_calls() as calls, pytest.raises(SocketClosedError) as caught:
        operation(sock, name)
    assert calls == []
    assert caught.value.operation == name
    assert state_of(sock) is state
    assert open_fds() == descriptors


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("setsockopt", (socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)),
        ("getsockopt", (socket.SOL_SOCKET, socket.SO_KEEPALIVE)),
    ],
)
def test_a_raw_option_call_saved_before_close_is_refused_after_it(
    ipv4: Family[IPv4Address], name: str, arguments: tuple[int, ...]
) -> None:
    sock = ipv4.fresh()
    call = operation(sock, name)
    sock.close()
    with pytest.raises(SocketClosedError):
        call(*arguments)


def test_socketservers_allow_reuse_address_is_set_on_a_fresh_socket(
    ipv4: Family[IPv4Address],
) -> None:
    """What ``socketserver.TCPServer.server_bind`` does first."""
    sock = ipv4.fresh()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    assert sock.options.get_reuse_address() is True


# -- asyncio ----------------------------------------------------------------------------------


def test_asyncio_open_connection_takes_a_connected_socket(ipv4: Family[IPv4Address]) -> None:
    sock, peer = ipv4.connected()

    async def talk() -> bytes:
        reader, writer = await asyncio.open_connection(sock=sock)
        writer.write(b"ping")
        await writer.drain()
        answer = await reader.readexactly(4)
        writer.close()
        await writer.wait_closed()
        return answer

    peer.sendall(b"pong")
    assert asyncio.run(talk()) == b"pong"
    assert peer.recv_exactly(4) == b"ping"
    assert state_of(sock) is State.CLOSED


@pytest.mark.parametrize("how", HOWS)
@pytest.mark.parametrize("state", WITH_SHUTDOWNS, ids=str)
def test_the_asyncio_faces_shutdown_how_is_a_plain_call_going_where_the_precise_one_goes(
    unix: Family[UnixAddress], state: State, how: int
) -> None:
    from_blocking = operation(aio, "from_blocking")  # for the six classes of a connection
    sock = cast("Stateful", from_blocking(unix.build(state).sock))
    try:
        expected = after_shutdown(state, how)
        with system_calls() as calls:
            moved = operation(sock, "shutdown")(how)
        assert same_object(moved, sock)
        assert state_of(sock) is expected
        assert calls == ([] if expected is state else [f"socket.shutdown({HOW_NAMES[how]})"])
    finally:
        operation(sock, "close")()


def test_the_asyncio_faces_shutdown_refuses_an_invalid_how(unix: Family[UnixAddress]) -> None:
    client, _ = unix.connected()
    sock = aio.from_blocking(client)
    try:
        with pytest.raises(ValueError, match="SHUT_RDWR"):
            sock.shutdown(5)
        assert sock.state is State.CONNECTED
    finally:
        sock.close()


def test_the_asyncio_faces_attributes_and_raw_options(ipv4: Family[IPv4Address]) -> None:
    sock = aio.from_blocking(ipv4.fresh())
    assert (sock.family, sock.type, sock.proto) == (socket.AF_INET, socket.SOCK_STREAM, 0)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
    closed = sock.close()
    assert (closed.family, closed.type) == (socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(SocketClosedError):
        operation(closed, "setsockopt")


def test_every_how_has_its_precise_call() -> None:
    assert set(SHUTDOWN_HOWS) == set(HOW_NAMES)
