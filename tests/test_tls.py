"""TLS as states of a connection, on the blocking face: real certificates
(``trustme``), real loopback connections, every family.

Each case checks the state and the descriptors: a handshake both ways, ALPN,
``unwrap()`` and plain text after it, the end of stream by ``close_notify``,
a truncation, a wrong host name, an untrusted authority, TLS to a plain-text
server and plain text to a TLS server, ``close()`` from another thread
during a TLS call, the checks made before the handshake, and the TLS calls
that a TLS socket refuses (before any system call, its session intact).
"""

from __future__ import annotations

import contextlib
import io
import pickle
import socket
import ssl
from typing import TYPE_CHECKING, cast

import pytest

import sockstate
from sockstate import (
    BusyError,
    ConnectedSocket,
    HandshakeFailedSocket,
    IncompleteReadError,
    IPv4Address,
    ModeError,
    OrderingError,
    ServerHostnameError,
    SocketClosedError,
    State,
    TLSEndedSocket,
    TLSSocket,
    Transition,
)
from support import (
    SAFETY_TIMEOUT,
    Addr,
    Family,
    Stateful,
    class_of,
    fd_is_open,
    open_fds,
    operation,
    same_object,
    state_of,
    system_calls,
)
from tls_support import (
    CA,
    CLIENT,
    HOST,
    OTHER_CA,
    SERVER,
    UNTRUSTED_CERT,
    Background,
    bio_pair,
    blocked,
    client_context,
    handshake,
    joiner,
    server_context,
    tls_pair,
    wait_for,
    wait_until,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Generator

_SSL_CALLS = (
    "do_handshake",
    "unwrap",
    "recv",
    "recv_into",
    "send",
    "sendall",
    "read",
    "write",
    "shutdown",
    "sendmsg",
    "recvmsg",
)
"""The ``ssl.SSLSocket`` methods that reach OpenSSL or the kernel."""


@contextlib.contextmanager
def tls_calls() -> Generator[list[str], None, None]:
    """Every stdlib socket call made in the block (``system_calls()``), and
    every call of an ``ssl.SSLSocket`` method that reaches OpenSSL."""

    def spy(name: str, original: Callable[..., object]) -> Callable[..., object]:
        def spied(sock: ssl.SSLSocket, *args: object, **kwargs: object) -> object:
            calls.append(f"ssl.{name}")
            return original(sock, *args, **kwargs)

        return spied

    with system_calls() as calls, pytest.MonkeyPatch.context() as patch:
        for name in _SSL_CALLS:
            patch.setattr(ssl.SSLSocket, name, spy(name, getattr(ssl.SSLSocket, name)))
        yield calls


# -- the handshake, both ways ----------------------------------------------------------------


def test_a_handshake_makes_both_ends_tls_sockets_of_the_same_objects(family: Family[Addr]) -> None:
    client, server = family.connected()
    descriptors = open_fds()
    tls_client, tls_server = handshake(family, client, server)
    assert same_object(tls_client, client)
    assert same_object(tls_server, server)
    for end in (tls_client, tls_server):
        assert type(end) is TLSSocket
        assert end.state is State.TLS
        assert isinstance(end.raw_socket(), ssl.SSLSocket)
        assert end.version() == "TLSv1.3"
        name, protocol, bits = end.cipher()
        assert (protocol, bits > 0, bool(name)) == ("TLSv1.3", True, True)
    assert open_fds() == descriptors  # the same descriptors, wrapped
    assert tls_client.getsockname() == tls_server.getpeername()

    certificate = tls_client.getpeercert()
    assert certificate is not None
    assert certificate["subjectAltName"][0] == ("DNS", HOST)
    assert isinstance(tls_client.getpeercert(binary_form=True), bytes)
    assert tls_server.getpeercert() is None  # the server asked for no client certificate

    tls_client.sendall(b"hello")
    assert tls_server.recv_exactly(5) == b"hello"
    assert tls_server.send(b"hi") == 2
    buffer = bytearray(8)
    assert tls_client.recv_into(buffer) == 2
    assert buffer[:2] == b"hi"


def test_alpn_settles_the_protocol_both_sides_name(ipv4: Family[Addr]) -> None:
    server_ctx = server_context()
    server_ctx.set_alpn_protocols(["h2", "echo/1"])
    client_ctx = client_context()
    client_ctx.set_alpn_protocols(["echo/1"])
    client, server = ipv4.connected()
    tls_client, tls_server = handshake(
        ipv4, client, server, client_ctx=client_ctx, server_ctx=server_ctx
    )
    assert tls_client.selected_alpn_protocol() == "echo/1"
    assert tls_server.selected_alpn_protocol() == "echo/1"

    plain_client, plain_server = tls_pair(ipv4)  # contexts without ALPN
    assert plain_client.selected_alpn_protocol() is None
    assert plain_server.selected_alpn_protocol() is None


def test_a_client_certificate_is_the_servers_peer_certificate(ipv4: Family[Addr]) -> None:
    server_ctx = server_context()
    server_ctx.verify_mode = ssl.CERT_REQUIRED
    CA.configure_trust(server_ctx)  # pyright: ignore[reportUnknownMemberType]
    client_ctx = client_context()
    CA.issue_cert("client.example").configure_cert(client_ctx)  # pyright: ignore[reportUnknownMemberType]
    client, server = ipv4.connected()
    _, tls_server = handshake(ipv4, client, server, client_ctx=client_ctx, server_ctx=server_ctx)
    certificate = tls_server.getpeercert()
    assert certificate is not None
    assert certificate["subjectAltName"] == (("DNS", "client.example"),)


def test_a_handshake_with_a_timeout_succeeds_and_keeps_the_timeout(ipv4: Family[Addr]) -> None:
    client, server = ipv4.connected()
    client.settimeout(SAFETY_TIMEOUT)
    tls, _ = handshake(ipv4, client, server)
    assert tls.gettimeout() == SAFETY_TIMEOUT


def test_the_tracer_hears_the_handshake_and_unwrap(ipv4: Family[Addr]) -> None:
    heard: list[Transition] = []
    client, server = ipv4.connected()
    previous = sockstate.set_tracer(heard.append)
    try:
        tls_client, tls_server = handshake(ipv4, client, server)
        peer = Background().start(tls_server.unwrap)
        tls_client.unwrap()
        peer.join()
    finally:
        sockstate.set_tracer(previous)
    mine = [(t.operation, t.old, t.new) for t in heard if t.socket is client]
    assert mine == [
        ("wrap_tls", State.CONNECTED, State.TLS),
        ("unwrap", State.TLS, State.CONNECTED),
    ]


# -- unwrap, and plain text after it ------------------------------------------------------------


def test_unwrap_carries_on_in_plain_text_and_tls_can_start_again(family: Family[Addr]) -> None:
    tls_client, tls_server = tls_pair(family)
    tls_client.sendall(b"secret")
    assert tls_server.recv_exactly(6) == b"secret"
    descriptors = open_fds()
    peer = Background().start(tls_server.unwrap)
    plain = tls_client.unwrap()
    other = peer.join()
    assert same_object(plain, tls_client)
    assert type(plain) is ConnectedSocket
    assert plain.state is State.CONNECTED
    assert state_of(tls_server) is State.CONNECTED
    assert same_object(other, tls_server)
    assert type(plain.raw_socket()) is socket.socket
    assert open_fds() == descriptors

    plain.sendall(b"in the clear")
    assert operation(tls_server, "recv_exactly")(12) == b"in the clear"
    if family.kind == socket.AF_UNIX:  # the plain socket has recvmsg again
        operation(tls_server, "sendall")(b"x")
        data, _, _, _ = plain.recvmsg(1)
        assert data == b"x"

    again_client, again_server = handshake(family, plain, _as_connected(tls_server, plain))
    again_client.sendall(b"again")
    assert again_server.recv_exactly(5) == b"again"


def _state(sock: object) -> State:
    """The state of ``sock``, a socket that a call returned as ``object``."""
    return state_of(cast("Stateful", sock))


def _as_connected(sock: object, like: ConnectedSocket[Addr]) -> ConnectedSocket[Addr]:
    """``sock``, a socket that ``unwrap()`` made plain again, of the family of ``like``."""
    assert class_of(sock) is ConnectedSocket
    return cast("ConnectedSocket[Addr]", sock)


def test_a_variable_that_named_one_side_meets_the_others_rules(ipv4: Family[Addr]) -> None:
    client, server = ipv4.connected()
    tls, _ = handshake(ipv4, client, server)
    with pytest.raises(OrderingError, match="call unwrap"):
        client.recvmsg(1)  # typed ConnectedSocket: it is a TLS socket now
    with pytest.raises(OrderingError):
        client.shutdown_write()
    with pytest.raises(OrderingError, match="wrap_tls"):
        client.wrap_tls(CLIENT, server_hostname=HOST)
    assert tls.state is State.TLS

    peer = Background().start(operation(server, "unwrap"))
    tls.unwrap()
    peer.join()
    with pytest.raises(OrderingError, match="needs a TLS or TLS-ended socket"):
        tls.getpeercert()  # typed TLSSocket: it is plain again
    assert client.state is State.CONNECTED


def test_unwrap_fails_and_breaks_when_the_peer_sends_data_first(ipv4: Family[Addr]) -> None:
    tls_client, tls_server = tls_pair(ipv4)
    tls_server.sendall(b"not read yet")
    wait_until(lambda: select_readable(tls_client))
    with pytest.raises(ssl.SSLError):
        tls_client.unwrap()
    assert state_of(tls_client) is State.BROKEN
    fd = operation(tls_client, "fileno")()
    assert isinstance(fd, int)
    assert fd_is_open(fd)  # broken keeps the descriptor until close()
    operation(tls_client, "close")()
    assert not fd_is_open(fd)


# -- the end of stream, and truncation -----------------------------------------------------------


@pytest.mark.parametrize("read", ["recv", "recv_into", "recv_exactly"])
def test_close_notify_is_the_end_of_stream_returned_once(family: Family[Addr], read: str) -> None:
    waiter = joiner(family)
    tls_client, tls_server = tls_pair(family)
    tls_server.sendall(b"last")
    waiter.start(tls_server.unwrap)  # close_notify, then it waits for ours
    assert tls_client.recv_exactly(4) == b"last"
    if read == "recv":
        assert tls_client.recv(10) == b""
    elif read == "recv_into":
        assert tls_client.recv_into(bytearray(10)) == 0
    else:
        with pytest.raises(IncompleteReadError) as caught:
            tls_client.recv_exactly(3)
        assert caught.value.partial == b""
    assert state_of(tls_client) is State.TLS_ENDED
    assert class_of(tls_client) is TLSEndedSocket
    with pytest.raises(OrderingError, match="stop reading at b''") as again:
        operation(tls_client, read)(1)
    assert again.value.state is State.TLS_ENDED
    assert operation(tls_client, "version")() == "TLSv1.3"  # the session is still there

    plain = operation(tls_client, "unwrap")()  # ours, answering: at once
    assert _state(plain) is State.CONNECTED
    assert _state(waiter.join()) is State.CONNECTED


def test_a_tls_ended_socket_still_sends_and_the_peer_reads_it(family: Family[Addr]) -> None:
    tls, peer = bio_pair(family)
    peer.close_notify()  # a TLS 1.3 half-close
    assert tls.recv(1) == b""
    ended = state_of(tls)
    assert ended is State.TLS_ENDED
    operation(tls, "sendall")(b"the answer")
    assert operation(tls, "send")(b"!") == 1
    assert peer.read(1024) + peer.read(1024) in (b"the answer!",)
    operation(tls, "unwrap")()
    assert peer.read(1) == b""  # our close_notify
    assert state_of(tls) is State.CONNECTED


@pytest.mark.parametrize("read", ["recv", "recv_into", "recv_exactly"])
def test_a_connection_cut_without_close_notify_is_a_truncation_not_an_end(
    family: Family[Addr], read: str
) -> None:
    tls_client, tls_server = tls_pair(family)
    tls_server.sendall(b"half")
    tls_server.close()  # no close_notify
    arguments = {"recv": (100,), "recv_into": (bytearray(100),), "recv_exactly": (100,)}[read]
    if read != "recv_exactly":  # which reads "half", then meets the cut
        assert operation(tls_client, read)(*arguments) in (b"half", 4)
    with pytest.raises(ssl.SSLEOFError):
        operation(tls_client, read)(*arguments)
    assert state_of(tls_client) is State.BROKEN
    with pytest.raises(OrderingError, match="TLS session failed"):
        operation(tls_client, "recv")(1)
    fd = operation(tls_client, "fileno")()
    assert isinstance(fd, int)
    assert fd_is_open(fd)
    operation(tls_client, "close")()
    assert not fd_is_open(fd)


def test_the_stdlibs_default_would_have_taken_the_cut_for_an_end(ipv4: Family[Addr]) -> None:
    """What ``suppress_ragged_eofs=False`` protects against, shown on plain ``ssl``."""
    client, server = ipv4.connected()
    _, tls_server = handshake(ipv4, client, server)
    raw = client.detach()
    stdlib = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # A fresh session on the same connection is impossible; make a new pair instead.
    socket.socket(fileno=raw).close()
    tls_server.close()
    left, right = socket.socketpair()
    with left, right:
        done = Background().start(lambda: SERVER.wrap_socket(right, server_side=True))
        CA.configure_trust(stdlib)  # pyright: ignore[reportUnknownMemberType]
        default = stdlib.wrap_socket(left, server_hostname=HOST)  # suppress_ragged_eofs=True
        accepted = done.join()
        assert isinstance(accepted, ssl.SSLSocket)
        accepted.close()  # no close_notify
        assert default.recv(10) == b""  # the stdlib: "the end", though it was a cut
        default.close()


# -- failed handshakes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("why", "client_ctx", "server_ctx", "hostname"),
    [
        ("wrong host name", None, None, "elsewhere.example"),
        ("untrusted authority", client_context(OTHER_CA), None, HOST),
        ("untrusted certificate", None, server_context(UNTRUSTED_CERT), HOST),
    ],
)
def test_a_certificate_that_does_not_verify_fails_the_handshake_for_good(
    family: Family[Addr],
    why: str,
    client_ctx: ssl.SSLContext | None,
    server_ctx: ssl.SSLContext | None,
    hostname: str,
) -> None:
    client, server = family.connected()
    fd, other_fd = client.fileno(), server.fileno()
    descriptors = open_fds()
    context = server_ctx or SERVER
    peer = Background().start(lambda: server.wrap_tls(context, server_side=True))
    with pytest.raises(ssl.SSLCertVerificationError) as caught:
        client.wrap_tls(client_ctx or CLIENT, server_hostname=hostname)
    peer.close()
    assert not isinstance(caught.value, sockstate.SockstateError), why
    assert state_of(client) is State.HANDSHAKE_FAILED
    assert class_of(client) is HandshakeFailedSocket
    assert not fd_is_open(fd)  # released at once
    with pytest.raises(ssl.SSLError):
        peer.join()  # the server heard the client's alert
    assert state_of(server) is State.HANDSHAKE_FAILED
    assert not fd_is_open(other_fd)
    assert open_fds() == descriptors - 2
    with pytest.raises(SocketClosedError, match="TLS handshake failed"):
        operation(client, "recv")(1)
    assert state_of(client.close()) is State.CLOSED


def test_tls_to_a_plain_text_server_fails_the_handshake(family: Family[Addr]) -> None:
    client, server = family.connected()
    fd = client.fileno()

    def plain_server() -> bytes:
        hello = server.recv(5)
        server.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
        return hello

    peer = Background().start(plain_server)
    with pytest.raises(ssl.SSLError):
        client.wrap_tls(CLIENT, server_hostname=HOST)
    hello = peer.join()
    assert isinstance(hello, bytes)
    assert hello.startswith(b"\x16\x03")  # a TLS record: the ClientHello
    assert state_of(client) is State.HANDSHAKE_FAILED
    assert not fd_is_open(fd)


def test_plain_text_to_a_tls_server_fails_its_handshake(family: Family[Addr]) -> None:
    client, server = family.connected()
    fd = server.fileno()
    peer = Background().start(lambda: server.wrap_tls(SERVER, server_side=True))
    client.sendall(b"GET / HTTP/1.0\r\n\r\n")
    with pytest.raises(ssl.SSLError):
        peer.join()
    assert state_of(server) is State.HANDSHAKE_FAILED
    assert not fd_is_open(fd)
    with contextlib.suppress(ConnectionResetError):  # an alert, or a reset
        client.recv(1024)


def test_a_handshake_that_times_out_fails_for_good(ipv4: Family[Addr]) -> None:
    client, _ = ipv4.connected()  # the server never answers
    client.settimeout(0.05)
    fd = client.fileno()
    with pytest.raises(TimeoutError):
        client.wrap_tls(CLIENT, server_hostname=HOST)
    assert state_of(client) is State.HANDSHAKE_FAILED
    assert not fd_is_open(fd)


def test_a_wrapping_the_stdlib_refuses_late_releases_the_socket(ipv4: Family[Addr]) -> None:
    """A client-only context used by a server: ``ssl`` refuses it after it
    has taken the descriptor over (and closed it): the handshake failed."""
    _, server = ipv4.connected()
    fd = server.fileno()
    context = client_context()
    context.check_hostname = False
    with pytest.raises(ssl.SSLError, match="PROTOCOL_TLS_CLIENT"):
        server.wrap_tls(context, server_side=True)
    assert state_of(server) is State.HANDSHAKE_FAILED
    assert not fd_is_open(fd)
    assert state_of(server.close()) is State.CLOSED


# -- what is refused before the handshake --------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "match", "server_side", "hostname"),
    [
        ({}, "names the server it talks to.*checks host names", False, None),
        ({"server_hostname": ""}, "is empty or starts with a dot", False, ""),
        ({"server_hostname": ".example"}, "is empty or starts with a dot", False, ".example"),
        ({"server_hostname": "a\0b"}, "holds a NUL character", False, "a\0b"),
        ({"server_hostname": "a" * 64 + ".example"}, "cannot be encoded by IDNA", False, None),
        ({"server_side": True, "server_hostname": HOST}, "takes no server_hostname", True, HOST),
        ({"server_side": True}, "context checks host names", True, None),
    ],
)
def test_a_server_hostname_that_cannot_work_is_refused_before_any_system_call(
    ipv4: Family[Addr],
    arguments: dict[str, object],
    match: str,
    server_side: bool,
    hostname: str | None,
) -> None:
    client, _ = ipv4.connected()
    descriptors = open_fds()
    with tls_calls() as calls, pytest.raises(ServerHostnameError, match=match) as caught:
        operation(client, "wrap_tls")(CLIENT, **arguments)
    assert calls == []
    assert isinstance(caught.value, ValueError)
    assert caught.value.server_side is server_side
    if hostname is not None:
        assert caught.value.server_hostname == hostname
    restored = pickle.loads(pickle.dumps(caught.value))
    assert (type(restored), str(restored)) == (ServerHostnameError, str(caught.value))
    assert (restored.server_side, restored.server_hostname) == (
        caught.value.server_side,
        caught.value.server_hostname,
    )
    assert client.state is State.CONNECTED
    assert open_fds() == descriptors
    client.sendall(b"still plain")  # nothing was wrapped


def test_a_client_without_host_name_checks_still_names_the_server(ipv4: Family[Addr]) -> None:
    context = client_context()
    context.check_hostname = False
    client, _ = ipv4.connected()
    with pytest.raises(ServerHostnameError, match="does not check host names"):
        operation(client, "wrap_tls")(context)
    assert client.state is State.CONNECTED


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ((None,), "takes an ssl.SSLContext"),
        ((CLIENT, "x"), "positional"),
    ],
)
def test_wrong_argument_types_are_refused_before_any_system_call(
    ipv4: Family[Addr], arguments: tuple[object, ...], match: str
) -> None:
    client, _ = ipv4.connected()
    with tls_calls() as calls, pytest.raises(TypeError, match=match):
        operation(client, "wrap_tls")(*arguments, server_hostname=HOST)
    with pytest.raises(TypeError, match="server_side must be a bool"):
        operation(client, "wrap_tls")(CLIENT, server_side=1)
    with pytest.raises(TypeError, match="server_hostname must be a str"):
        operation(client, "wrap_tls")(CLIENT, server_hostname=b"localhost")
    assert calls == []
    assert client.state is State.CONNECTED


def test_a_non_blocking_socket_is_refused_tls_on_this_face(ipv4: Family[Addr]) -> None:
    client, _ = ipv4.connected()
    client.setblocking(False)
    with tls_calls() as calls, pytest.raises(ModeError, match=r"sockstate\.aio") as caught:
        client.wrap_tls(CLIENT, server_hostname=HOST)
    assert calls == []
    assert (caught.value.operation, caught.value.state, caught.value.timeout) == (
        "wrap_tls",
        State.CONNECTED,
        0.0,
    )
    assert client.state is State.CONNECTED


def test_unwrap_on_a_non_blocking_socket_is_refused(ipv4: Family[Addr]) -> None:
    tls, _ = tls_pair(ipv4)
    tls.setblocking(False)
    with tls_calls() as calls, pytest.raises(ModeError, match="unwrap"):
        tls.unwrap()
    assert calls == []
    assert tls.state is State.TLS


def test_tls_data_calls_on_a_non_blocking_socket_would_block_and_stay(ipv4: Family[Addr]) -> None:
    tls, peer = tls_pair(ipv4)
    tls.setblocking(False)
    with pytest.raises(ssl.SSLWantReadError):
        tls.recv(1)
    assert tls.state is State.TLS
    peer.sendall(b"x")
    wait_until(lambda: select_readable(tls))
    assert tls.recv(1) == b"x"


def test_a_tls_send_on_a_non_blocking_socket_whose_buffer_is_full_would_block_and_stays(
    ipv4: Family[Addr],
) -> None:
    tls, _ = tls_pair(ipv4)
    tls.setblocking(False)
    with pytest.raises(ssl.SSLWantWriteError):  # the peer reads nothing: the buffers fill
        _send_until_it_raises(tls)
    assert tls.state is State.TLS


def _send_until_it_raises(tls: TLSSocket[Addr]) -> None:
    for _ in range(100_000):
        tls.send(b"x" * 65536)


def select_readable(sock: TLSSocket[Addr]) -> bool:
    import select

    readable, _, _ = select.select([sock.fileno()], [], [], 0)
    return bool(readable)


def test_a_timeout_in_a_tls_read_leaves_the_state(ipv4: Family[Addr]) -> None:
    tls, peer = tls_pair(ipv4)
    tls.settimeout(0.01)
    with pytest.raises(TimeoutError):
        tls.recv(1)
    assert tls.state is State.TLS
    peer.sendall(b"late")
    tls.settimeout(SAFETY_TIMEOUT)
    assert tls.recv_exactly(4) == b"late"


def test_flags_are_refused_by_ssl_before_any_system_call(ipv4: Family[Addr]) -> None:
    tls, _ = tls_pair(ipv4)
    for call in (
        lambda: tls.recv(1, socket.MSG_PEEK),
        lambda: tls.send(b"x", socket.MSG_DONTWAIT),
        lambda: tls.sendall(b"x", socket.MSG_DONTWAIT),
        lambda: tls.recv_into(bytearray(1), 1, socket.MSG_PEEK),
    ):
        with pytest.raises(ValueError, match="non-zero flags"):
            call()
    assert tls.state is State.TLS


@pytest.mark.parametrize("size", [-1, 1.5])
def test_recv_exactly_checks_its_size_first(ipv4: Family[Addr], size: object) -> None:
    tls, _ = tls_pair(ipv4)
    with pytest.raises((TypeError, ValueError)):
        operation(tls, "recv_exactly")(size)
    assert tls.state is State.TLS


# -- illegal calls on a TLS socket ---------------------------------------------------------------

REFUSED = {
    "sendmsg": ([b"x"],),
    "recvmsg": (1,),
    "shutdown_write": (),
    "shutdown_read": (),
    "shutdown_both": (),
    "wrap_tls": (CLIENT,),
    "accept": (),
    "bind": (("127.0.0.1", 0),),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
@pytest.mark.parametrize("state", [State.TLS, State.TLS_ENDED])
def test_what_would_bypass_tls_is_refused_and_the_session_goes_on(
    family: Family[Addr], state: State, name: str
) -> None:
    waiter = joiner(family)
    tls, peer = tls_pair(family)
    if state is State.TLS_ENDED:
        waiter.start(peer.unwrap)
        assert tls.recv(1) == b""
    descriptors = open_fds()
    with tls_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(tls, name)(*REFUSED[name])
    assert calls == []
    assert type(caught.value) is OrderingError
    assert caught.value.operation == name
    assert caught.value.state is state
    assert caught.value.allowed == sockstate._states.allowed(state)  # pyright: ignore[reportPrivateUsage]
    assert state_of(tls) is state
    assert open_fds() == descriptors
    if state is State.TLS:
        peer.sendall(b"on")
        assert tls.recv_exactly(2) == b"on"
    else:
        assert operation(tls, "version")() == "TLSv1.3"


def test_a_method_saved_before_close_is_refused_without_touching_the_number(
    ipv4: Family[Addr],
) -> None:
    """The SSL object keeps the descriptor's number; a saved method must not
    reach it once the socket is closed (another socket may have it)."""
    tls, _ = tls_pair(ipv4)
    saved: list[tuple[Callable[..., object], tuple[object, ...]]] = [
        (tls.recv, (1,)),
        (tls.recv_into, (bytearray(1),)),
        (tls.recv_exactly, (1,)),
        (tls.send, (b"x",)),
        (tls.sendall, (b"x",)),
    ]
    tls.close()
    reuse = socket.socket()  # likely takes the number
    try:
        for method, arguments in saved:
            with tls_calls() as calls, pytest.raises(SocketClosedError):
                method(*arguments)
            assert [call for call in calls if call.startswith("ssl.")] == []
    finally:
        reuse.close()


def test_makefile_reads_and_writes_through_tls(ipv4: Family[Addr]) -> None:
    tls, peer = tls_pair(ipv4)
    with tls.makefile("rwb") as file:
        assert isinstance(file, io.BufferedRWPair)
        file.write(b"line one\n")
        file.flush()
        assert peer.recv_exactly(9) == b"line one\n"
        peer.sendall(b"answer\n")
        assert file.readline() == b"answer\n"
    assert tls.state is State.TLS


def test_options_apply_to_the_connection_under_tls(ipv4: Family[IPv4Address]) -> None:
    client, server = ipv4.connected()
    kept = client.options  # a view from before the handshake
    tls, _ = handshake(ipv4, client, server)
    tls.options.set_no_delay(True)
    assert tls.options.get_no_delay() is True
    assert kept.get_no_delay() is True  # the view reads the socket the object wraps now


# -- threads: one TLS call at a time ------------------------------------------------------------


def test_unwrap_while_another_thread_reads_is_busy(ipv4: Family[Addr]) -> None:
    tls, peer = tls_pair(ipv4)
    reader = Background().start(lambda: tls.recv(10))
    wait_until(lambda: blocked(tls.fileno()))
    with tls_calls() as calls, pytest.raises(BusyError, match="one call at a time") as caught:
        tls.unwrap()
    assert calls == []
    assert caught.value.operation == "unwrap"
    assert tls.state is State.TLS
    peer.sendall(b"x")
    assert reader.join() == b"x"


def test_wrap_tls_while_another_thread_reads_is_busy(ipv4: Family[Addr]) -> None:
    client, server = ipv4.connected()
    reader = Background().start(lambda: client.recv(10))
    wait_until(lambda: blocked(client.fileno()))
    with pytest.raises(BusyError, match="wrap_tls"):
        client.wrap_tls(CLIENT, server_hostname=HOST)
    assert client.state is State.CONNECTED
    server.sendall(b"x")
    assert reader.join() == b"x"


def test_a_handshake_another_thread_is_making_refuses_calls_meanwhile(ipv4: Family[Addr]) -> None:
    client, server = ipv4.connected()
    waiting = Background().start(lambda: client.wrap_tls(CLIENT, server_hostname=HOST))
    wait_for(client, State.HANDSHAKING)
    with pytest.raises(OrderingError, match="let wrap_tls\\(\\) return first"):
        client.send(b"x")
    assert client.getpeername() == server.getsockname()  # the peer is known meanwhile
    server.wrap_tls(SERVER, server_side=True)
    assert _state(waiting.join()) is State.TLS


def test_a_second_wrap_tls_during_a_handshake_says_to_let_it_return_then_unwrap(
    ipv4: Family[Addr],
) -> None:
    client, server = ipv4.connected()
    waiting = Background().start(lambda: client.wrap_tls(CLIENT, server_hostname=HOST))
    wait_for(client, State.HANDSHAKING)
    with pytest.raises(OrderingError) as caught:
        client.wrap_tls(CLIENT, server_hostname=HOST)
    assert str(caught.value) == (
        "wrap_tls() needs a connected socket; this socket is handshaking (wrap_tls() has "
        "not finished its TLS handshake yet): let wrap_tls() return first, then call unwrap()"
    )
    server.wrap_tls(SERVER, server_side=True)
    assert _state(waiting.join()) is State.TLS
