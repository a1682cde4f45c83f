"""Blocking modes, non-blocking connects and detach, on real sockets.

Every state that holds a descriptor has the stdlib's three modes: blocking
(timeout ``None``), a timeout in seconds, and non-blocking (``0.0``).  A
call that would wait raises ``TimeoutError`` or ``BlockingIOError`` instead,
leaving the state as it was, except ``connect``, whose failure is final
(``FAILED``).  ``start_connect()`` and ``finish_connect()`` connect a
non-blocking socket through ``ConnectingSocket``; ``connect()`` and
``start_connect()`` each refuse the other's mode with ``ModeError``.
``detach()`` hands the descriptor over and leaves the object ``DETACHED``.

Waits in these tests are for the kernel's readiness (``select``), bounded by
``SAFETY_TIMEOUT``; the short timeouts given to sockets are what the test
is about, and no test asserts how long anything took.
"""

from __future__ import annotations

import errno
import math
import os
import select
import socket
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import pytest

import sockstate
from expectations import OPERATIONS, allowed
from sockstate import (
    ConnectedSocket,
    ConnectingSocket,
    DetachedSocket,
    ModeError,
    OrderingError,
    SocketClosedError,
    SockstateError,
    State,
    Transition,
)
from support import (
    LIVE_STATES,
    SAFETY_TIMEOUT,
    Addr,
    Family,
    KernelView,
    class_of,
    fd_is_open,
    full_listener,
    operation,
    same_object,
    state_of,
    system_calls,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sockstate import UnixAddress

SHORT = 0.01
"""A timeout that expires at once for a call with nothing to wait for."""

LONG = 60.0
"""A timeout longer than any test may take: a call that waited for it would
hang the suite instead of passing."""

MODES = [
    pytest.param(None, True, id="blocking"),
    pytest.param(2.5, True, id="timeout"),
    pytest.param(0.0, False, id="non-blocking"),
]
"""Each mode as ``settimeout`` takes it, and what ``getblocking`` answers."""

READS = ("recv", "recv_into", "recv_exactly", "recvmsg")
SENDS = ("send", "sendall", "sendmsg")

CONNECTION_CALLS = sorted(allowed(State.CONNECTED) - allowed(State.CONNECTING))
"""The calls a connection has and a connect under way has not yet."""


@runtime_checkable
class Moded(Protocol):
    """What every state holding a descriptor offers: its mode and its
    descriptor."""

    def settimeout(self, timeout: float | None, /) -> None: ...
    def gettimeout(self) -> float | None: ...
    def setblocking(self, flag: bool, /) -> None: ...
    def getblocking(self) -> bool: ...
    def fileno(self) -> int: ...
    def detach(self) -> int: ...


def live(sock: object) -> Moded:
    """``sock``, a socket in a live state, typed as one."""
    assert isinstance(sock, Moded)
    return sock


def writable(sock: Moded) -> None:
    """Wait (bounded) until the kernel reports ``sock`` writable."""
    _, ready, _ = select.select([], [sock], [], SAFETY_TIMEOUT)
    assert ready, "the socket never became writable"


def readable(sock: Moded) -> None:
    """Wait (bounded) until the kernel reports ``sock`` readable."""
    ready, _, _ = select.select([sock], [], [], SAFETY_TIMEOUT)
    assert ready, "the socket never became readable"


def read(sock: ConnectedSocket[Addr], name: str) -> object:
    """One read of at most one byte, by the read call ``name``."""
    match name:
        case "recv":
            return sock.recv(1)
        case "recv_into":
            return sock.recv_into(bytearray(1))
        case "recv_exactly":
            return sock.recv_exactly(1)
        case "recvmsg":
            return sock.recvmsg(1)
        case _:
            raise AssertionError(name)


def send(sock: ConnectedSocket[Addr], name: str, data: bytes) -> object:
    """``data`` sent by the send call ``name``."""
    match name:
        case "send":
            return sock.send(data)
        case "sendall":
            sock.sendall(data)
            return None
        case "sendmsg":
            return sock.sendmsg([data])
        case _:
            raise AssertionError(name)


def stream_only(family: Family[Addr]) -> None:
    """Skip on Unix sockets, whose connect never waits for an answer."""
    if family.kind == socket.AF_UNIX:
        pytest.skip("a Unix connect is answered at once: it is never in progress")


@pytest.fixture
def seen() -> Iterator[list[Transition]]:
    """The transitions traced while the test runs."""
    transitions: list[Transition] = []
    previous = sockstate.set_tracer(transitions.append)
    yield transitions
    sockstate.set_tracer(previous)


# -- setting and reading the mode -------------------------------------------------------


@pytest.mark.parametrize("state", LIVE_STATES)
@pytest.mark.parametrize(("timeout", "blocking"), MODES)
def test_settimeout_sets_each_mode_in_every_live_state(
    family: Family[Addr], state: State, timeout: float | None, blocking: bool
) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    moded = live(sock)
    moded.settimeout(timeout)
    assert moded.gettimeout() == timeout
    assert moded.getblocking() is blocking
    assert raw.gettimeout() == timeout
    assert sock.state is state


@pytest.mark.parametrize("state", LIVE_STATES)
@pytest.mark.parametrize(("flag", "timeout"), [(True, None), (False, 0.0)])
def test_setblocking_sets_blocking_or_non_blocking_in_every_live_state(
    family: Family[Addr], state: State, flag: bool, timeout: float | None
) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    moded = live(sock)
    moded.settimeout(2.5)
    moded.setblocking(flag)
    assert moded.getblocking() is flag
    assert moded.gettimeout() == timeout
    assert os.get_blocking(raw.fileno()) is flag
    assert sock.state is state


@pytest.mark.parametrize("state", LIVE_STATES)
@pytest.mark.parametrize("value", [True, False, "1"])
def test_settimeout_refuses_a_bool_or_a_non_number_with_type_error(
    family: Family[Addr], state: State, value: object
) -> None:
    sock = family.build(state).sock
    moded = live(sock)
    moded.settimeout(2.5)
    with pytest.raises(TypeError):
        operation(sock, "settimeout")(value)
    assert moded.gettimeout() == 2.5
    assert sock.state is state


@pytest.mark.parametrize("state", LIVE_STATES)
@pytest.mark.parametrize("value", [-1, -0.5, math.nan])
def test_settimeout_refuses_a_negative_or_nan_timeout_with_value_error(
    family: Family[Addr], state: State, value: float
) -> None:
    sock = family.build(state).sock
    moded = live(sock)
    moded.settimeout(2.5)
    with pytest.raises(ValueError, match="a finite number of seconds >= 0"):
        moded.settimeout(value)
    assert moded.gettimeout() == 2.5
    assert sock.state is state


@pytest.mark.parametrize("value", [-math.inf, math.inf])
def test_settimeout_refuses_an_infinite_timeout_with_value_error(
    family: Family[Addr], value: float
) -> None:
    fresh = family.fresh()
    with pytest.raises(ValueError, match="a finite number of seconds >= 0"):
        fresh.settimeout(value)
    assert fresh.gettimeout() is None
    assert fresh.state is State.FRESH


def test_the_mode_survives_the_transitions(family: Family[Addr]) -> None:
    fresh = family.fresh()
    fresh.settimeout(2.5)
    listener = family.bind(fresh, family.local()).listen()
    assert listener.gettimeout() == 2.5


# -- non-blocking: a call that would wait raises BlockingIOError ------------------------------


def test_a_non_blocking_accept_with_nothing_pending_raises_and_stays_listening(
    family: Family[Addr],
) -> None:
    listener = family.listening()
    listener.setblocking(False)
    with pytest.raises(BlockingIOError) as caught:
        listener.accept()
    assert not isinstance(caught.value, SockstateError)
    assert listener.state is State.LISTENING


def test_a_non_blocking_accept_succeeds_once_a_peer_connects(family: Family[Addr]) -> None:
    listener = family.listening()
    listener.setblocking(False)
    with pytest.raises(BlockingIOError):
        listener.accept()
    client = family.connect(family.fresh(), listener.getsockname())
    readable(listener)
    server, _ = listener.accept()
    family.adopt(server)
    client.sendall(b"hi")
    assert server.recv_exactly(2) == b"hi"


@pytest.mark.parametrize("name", READS)
def test_a_non_blocking_read_with_nothing_to_read_raises_and_stays_connected(
    family: Family[Addr], name: str
) -> None:
    client, _ = family.connected()
    client.setblocking(False)
    with pytest.raises(BlockingIOError) as caught:
        read(client, name)
    assert not isinstance(caught.value, SockstateError)
    assert client.state is State.CONNECTED


def test_a_non_blocking_recv_succeeds_once_the_peer_sends(family: Family[Addr]) -> None:
    client, server = family.connected()
    client.setblocking(False)
    with pytest.raises(BlockingIOError):
        client.recv(1)
    server.sendall(b"x")
    readable(client)
    assert client.recv(1) == b"x"


def test_a_non_blocking_recvfrom_with_nothing_to_read_raises_and_stays_bound(
    family: Family[Addr],
) -> None:
    sock = family.datagram_bound()
    sock.setblocking(False)
    with pytest.raises(BlockingIOError) as caught:
        sock.recvfrom(16)
    assert not isinstance(caught.value, SockstateError)
    assert sock.state is State.DATAGRAM_BOUND


def test_a_non_blocking_recvfrom_succeeds_once_a_datagram_arrives(family: Family[Addr]) -> None:
    sock = family.datagram_bound()
    sock.setblocking(False)
    with pytest.raises(BlockingIOError):
        sock.recvfrom(16)
    sender = family.datagram_bound()
    family.sendto(sender, b"dgram", sock.getsockname())
    readable(sock)
    data, address = sock.recvfrom(16)
    assert (data, address) == (b"dgram", sender.getsockname())


@pytest.mark.parametrize("name", SENDS)
def test_a_non_blocking_send_on_a_full_buffer_raises_and_stays_connected(
    family: Family[Addr], name: str
) -> None:
    client, _ = family.connected()
    client.setblocking(False)
    chunk = bytes(65536)
    with pytest.raises(BlockingIOError) as caught:  # noqa: PT012 - fill until it refuses
        while True:
            send(client, name, chunk)
    assert not isinstance(caught.value, SockstateError)
    assert client.state is State.CONNECTED


def test_a_non_blocking_send_succeeds_once_the_peer_reads(family: Family[Addr]) -> None:
    client, server = family.connected()
    client.setblocking(False)
    chunk = bytes(65536)
    sent = 0
    with pytest.raises(BlockingIOError):  # noqa: PT012 - fill until it refuses
        while True:
            sent += client.send(chunk)
    assert server.recv_exactly(sent) == bytes(sent)
    writable(client)
    assert client.send(b"y") == 1
    assert server.recv_exactly(1) == b"y"


# -- timeouts: a call that waits too long raises TimeoutError --------------------------------


def test_an_accept_that_times_out_raises_and_stays_listening(family: Family[Addr]) -> None:
    listener = family.listening()
    listener.settimeout(SHORT)
    with pytest.raises(TimeoutError) as caught:
        listener.accept()
    assert not isinstance(caught.value, SockstateError)
    assert listener.state is State.LISTENING
    family.connect(family.fresh(), listener.getsockname())
    readable(listener)
    server, _ = listener.accept()
    family.adopt(server)
    assert server.state is State.CONNECTED


def test_a_recv_that_times_out_raises_and_stays_connected(family: Family[Addr]) -> None:
    client, server = family.connected()
    client.settimeout(SHORT)
    with pytest.raises(TimeoutError) as caught:
        client.recv(1)
    assert not isinstance(caught.value, SockstateError)
    assert client.state is State.CONNECTED
    server.sendall(b"late")
    readable(client)
    assert client.recv_exactly(4) == b"late"


def test_a_sendall_that_times_out_raises_and_stays_connected(family: Family[Addr]) -> None:
    client, _ = family.connected()
    client.settimeout(SHORT)
    with pytest.raises(TimeoutError) as caught:  # noqa: PT012 - fill until it times out
        while True:
            client.sendall(bytes(65536))
    assert not isinstance(caught.value, SockstateError)
    assert client.state is State.CONNECTED


def test_a_recvfrom_that_times_out_raises_and_stays_bound(family: Family[Addr]) -> None:
    sock = family.datagram_bound()
    sock.settimeout(SHORT)
    with pytest.raises(TimeoutError) as caught:
        sock.recvfrom(16)
    assert not isinstance(caught.value, SockstateError)
    assert sock.state is State.DATAGRAM_BOUND
    sender = family.datagram_bound()
    family.sendto(sender, b"late", sock.getsockname())
    readable(sock)
    assert sock.recvfrom(16) == (b"late", sender.getsockname())


def test_a_connect_that_times_out_fails_and_releases_the_descriptor(
    family: Family[Addr],
) -> None:
    stream_only(family)
    listener = full_listener(family)
    fresh = family.fresh()
    fd = fresh.fileno()
    fresh.settimeout(SHORT)
    with pytest.raises(TimeoutError) as caught:
        family.connect(fresh, listener.getsockname())
    assert not isinstance(caught.value, SockstateError)
    assert state_of(fresh) is State.FAILED
    assert not fd_is_open(fd)


def test_a_unix_connect_with_a_timeout_to_a_full_listener_fails_at_once(
    unix: Family[UnixAddress],
) -> None:
    listener = full_listener(unix)
    fresh = unix.fresh()
    fd = fresh.fileno()
    fresh.settimeout(LONG)
    with pytest.raises(BlockingIOError) as caught:
        fresh.connect(listener.getsockname())
    assert caught.value.errno == errno.EAGAIN
    assert state_of(fresh) is State.FAILED
    assert not fd_is_open(fd)


@pytest.mark.parametrize(
    ("state", "name", "arguments"),
    [
        pytest.param(State.BOUND, "accept", (), id="bound-accept"),
        pytest.param(State.LISTENING, "recv", (1,), id="listening-recv"),
        pytest.param(State.CONNECTING, "recv", (1,), id="connecting-recv"),
        pytest.param(State.CONNECTED, "accept", (), id="connected-accept"),
        pytest.param(State.DATAGRAM, "recvfrom", (1,), id="datagram-recvfrom"),
        pytest.param(State.RECEIVE_ONLY, "sendall", (b"x",), id="receive-only-sendall"),
    ],
)
def test_an_illegal_call_on_a_socket_with_a_timeout_fails_before_any_wait(
    family: Family[Addr], state: State, name: str, arguments: tuple[object, ...]
) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    live(sock).settimeout(LONG)
    kernel = KernelView.of(raw)
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(sock, name)(*arguments)
    assert calls == []
    assert (caught.value.operation, caught.value.state) == (name, state)
    assert sock.state is state
    assert KernelView.of(raw) == kernel


# -- connecting without waiting -------------------------------------------------------------


@pytest.mark.parametrize("start", [State.FRESH, State.BOUND])
def test_start_connect_on_a_non_blocking_socket_returns_it_connecting(
    family: Family[Addr], start: State
) -> None:
    listener = family.listening()
    sock = family.fresh() if start is State.FRESH else family.bound()
    sock.setblocking(False)
    connecting = family.start_connect(sock, listener.getsockname())
    assert same_object(connecting, sock)
    assert type(connecting) is ConnectingSocket
    assert connecting.state is State.CONNECTING
    assert connecting.gettimeout() == 0.0


def test_finish_connect_once_writable_connects_and_data_flows(family: Family[Addr]) -> None:
    built = family.build(State.CONNECTING)
    connecting, listener = built.sock, built.listener
    assert isinstance(connecting, ConnectingSocket)
    assert listener is not None
    writable(connecting)
    connected = connecting.finish_connect()
    assert same_object(connected, connecting)
    assert type(connected) is ConnectedSocket
    assert connected.state is State.CONNECTED
    server, peer = family.accept(listener)
    assert connected.getpeername() == listener.getsockname()
    assert peer == connected.getsockname()
    connected.sendall(b"ping")
    assert server.recv_exactly(4) == b"ping"
    server.sendall(b"pong")
    assert connected.recv_exactly(4) == b"pong"


def test_finish_connect_while_in_progress_raises_and_stays_connecting(
    family: Family[Addr],
) -> None:
    stream_only(family)
    listener = full_listener(family)
    fresh = family.fresh()
    fresh.setblocking(False)
    connecting = family.start_connect(fresh, listener.getsockname())
    with pytest.raises(BlockingIOError) as caught:
        connecting.finish_connect()
    assert caught.value.errno == errno.EINPROGRESS
    assert not isinstance(caught.value, SockstateError)
    assert connecting.state is State.CONNECTING
    assert fd_is_open(connecting.fileno())


def test_finish_connect_after_the_listener_made_room_connects(family: Family[Addr]) -> None:
    stream_only(family)
    listener = full_listener(family)
    fresh = family.fresh()
    fresh.setblocking(False)
    connecting = family.start_connect(fresh, listener.getsockname())
    with pytest.raises(BlockingIOError):
        connecting.finish_connect()
    family.accept(listener)  # room in the queue: the kernel answers the next SYN
    writable(connecting)
    connected = connecting.finish_connect()
    assert connected.state is State.CONNECTED
    server, _ = family.accept(listener)
    connected.sendall(b"in")
    assert server.recv_exactly(2) == b"in"


def test_a_refused_tcp_start_connect_fails_at_finish_connect(family: Family[Addr]) -> None:
    stream_only(family)
    fresh = family.fresh()
    fresh.setblocking(False)
    connecting = family.start_connect(fresh, family.refusing())
    fd = connecting.fileno()
    writable(connecting)
    with pytest.raises(ConnectionRefusedError) as caught:
        connecting.finish_connect()
    assert caught.value.errno == errno.ECONNREFUSED
    assert state_of(connecting) is State.FAILED
    assert not fd_is_open(fd)


@pytest.mark.parametrize(
    ("listening", "error"),
    [
        pytest.param(True, ConnectionRefusedError, id="not-listening"),
        pytest.param(False, FileNotFoundError, id="no-such-path"),
    ],
)
def test_a_refused_unix_start_connect_fails_at_once(
    unix: Family[UnixAddress], listening: bool, error: type[OSError]
) -> None:
    address = unix.refusing() if listening else unix.local()
    fresh = unix.fresh()
    fresh.setblocking(False)
    fd = fresh.fileno()
    with pytest.raises(error):
        fresh.start_connect(address)
    assert state_of(fresh) is State.FAILED
    assert not fd_is_open(fd)


def test_a_unix_start_connect_to_a_full_listener_fails_at_once(
    unix: Family[UnixAddress],
) -> None:
    listener = full_listener(unix)
    fresh = unix.fresh()
    fresh.setblocking(False)
    fd = fresh.fileno()
    with pytest.raises(BlockingIOError) as caught:
        fresh.start_connect(listener.getsockname())
    assert caught.value.errno == errno.EAGAIN
    assert state_of(fresh) is State.FAILED
    assert not fd_is_open(fd)


@pytest.mark.parametrize("name", CONNECTION_CALLS)
def test_a_connection_call_on_a_connecting_socket_names_finish_connect(
    family: Family[Addr], name: str
) -> None:
    built = family.build(State.CONNECTING)
    connecting = built.sock
    kernel = KernelView.of(built.raw)
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(connecting, name)
    error = caught.value
    assert type(error) is OrderingError
    assert calls == []
    assert (error.operation, error.state, error.allowed) == (
        name,
        State.CONNECTING,
        allowed(State.CONNECTING),
    )
    assert str(error).startswith(f"{name}() needs ")
    assert str(error).endswith(
        "; this socket is connecting (the kernel has not answered its connect yet): "
        "call finish_connect() first"
    )
    assert connecting.state is State.CONNECTING
    assert KernelView.of(built.raw) == kernel


def test_start_connect_and_finish_connect_reach_the_tracer(
    family: Family[Addr], seen: list[Transition]
) -> None:
    listener = family.listening()
    fresh = family.fresh()
    fresh.setblocking(False)
    address = listener.getsockname()
    connecting = family.start_connect(fresh, address)
    writable(connecting)
    connecting.finish_connect()
    steps = [(t.operation, t.old, t.new) for t in seen if t.socket is fresh]
    assert steps == [
        ("socket", None, State.FRESH),
        ("start_connect", State.FRESH, State.CONNECTING),
        ("finish_connect", State.CONNECTING, State.CONNECTED),
    ]


# -- the wrong connect for the mode -------------------------------------------------------------


@pytest.mark.parametrize("start", [State.FRESH, State.BOUND])
def test_connect_on_a_non_blocking_socket_raises_mode_error_and_changes_nothing(
    family: Family[Addr], start: State
) -> None:
    listener = family.listening()
    sock = family.fresh() if start is State.FRESH else family.bound()
    sock.setblocking(False)
    address = listener.getsockname()
    kernel = KernelView.of(sock.raw_socket())
    with system_calls() as calls, pytest.raises(ModeError) as caught:
        family.connect(sock, address)
    error = caught.value
    assert calls == []
    assert (error.operation, error.state, error.timeout) == ("connect", start, 0.0)
    assert "start_connect()" in str(error)
    assert sock.state is start
    assert sock.gettimeout() == 0.0
    assert KernelView.of(sock.raw_socket()) == kernel


@pytest.mark.parametrize("start", [State.FRESH, State.BOUND])
@pytest.mark.parametrize("timeout", [None, 2.5], ids=["blocking", "timeout"])
def test_start_connect_on_a_waiting_socket_raises_mode_error_and_changes_nothing(
    family: Family[Addr], start: State, timeout: float | None
) -> None:
    listener = family.listening()
    sock = family.fresh() if start is State.FRESH else family.bound()
    sock.settimeout(timeout)
    address = listener.getsockname()
    kernel = KernelView.of(sock.raw_socket())
    with system_calls() as calls, pytest.raises(ModeError) as caught:
        family.start_connect(sock, address)
    error = caught.value
    assert calls == []
    assert (error.operation, error.state, error.timeout) == ("start_connect", start, timeout)
    assert "connect()" in str(error)
    assert sock.state is start
    assert sock.gettimeout() == timeout
    assert KernelView.of(sock.raw_socket()) == kernel


@pytest.mark.parametrize("timeout", [None, 2.5], ids=["blocking", "timeout"])
def test_the_mode_error_of_start_connect_asks_for_a_non_blocking_socket_only(
    family: Family[Addr], timeout: float | None
) -> None:
    listener = family.listening()
    sock = family.fresh()
    sock.settimeout(timeout)
    with pytest.raises(ModeError) as caught:
        family.start_connect(sock, listener.getsockname())
    assert "start_connect() needs a non-blocking socket" in str(caught.value)
    assert "timeout" not in str(caught.value).split(";")[0]  # a timeout is refused too


def test_a_socket_refused_for_its_mode_connects_once_the_mode_fits(family: Family[Addr]) -> None:
    listener = family.listening()
    fresh = family.fresh()
    fresh.setblocking(False)
    with pytest.raises(ModeError):
        family.connect(fresh, listener.getsockname())
    fresh.setblocking(True)
    connected = family.connect(fresh, listener.getsockname())
    assert connected.state is State.CONNECTED


def test_connect_on_a_non_blocking_listener_is_an_ordering_error_not_a_mode_error(
    family: Family[Addr],
) -> None:
    target = family.listening()
    listener = family.listening()
    listener.setblocking(False)
    with pytest.raises(OrderingError) as caught:
        operation(listener, "connect")(target.getsockname())
    assert not isinstance(caught.value, ModeError)
    assert listener.state is State.LISTENING


# -- detach ---------------------------------------------------------------------------------


@pytest.mark.parametrize("state", LIVE_STATES)
def test_detach_hands_over_the_open_descriptor_and_leaves_the_socket_detached(
    family: Family[Addr], state: State
) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    kind = raw.type
    before = live(sock).fileno()
    fd = live(sock).detach()
    adopted = socket.socket(fileno=fd)
    family.adopt(adopted)
    assert fd == before
    assert fd_is_open(fd)
    assert (adopted.family, adopted.type) == (family.kind, kind)
    assert raw.fileno() == -1
    assert sock.state is State.DETACHED
    assert class_of(sock) is DetachedSocket


def test_a_detached_connection_carries_on_in_a_stdlib_socket(family: Family[Addr]) -> None:
    client, server = family.connected()
    adopted = socket.socket(fileno=client.detach())
    family.adopt(adopted)
    adopted.sendall(b"still")
    assert server.recv_exactly(5) == b"still"
    server.sendall(b"here")
    assert adopted.recv(4) == b"here"


@pytest.mark.parametrize("state", LIVE_STATES)
def test_a_detached_socket_refuses_every_call_but_close(family: Family[Addr], state: State) -> None:
    sock = family.build(state).sock
    fd = live(sock).detach()
    family.adopt(socket.socket(fileno=fd))
    for name in sorted(OPERATIONS - {"close"}):
        with system_calls() as calls, pytest.raises(SocketClosedError) as caught:
            operation(sock, name)
        assert calls == [], name
        assert (caught.value.operation, caught.value.state) == (name, State.DETACHED)
        assert caught.value.allowed == {"close"}
    assert sock.state is State.DETACHED
    assert fd_is_open(fd)


@pytest.mark.parametrize("state", LIVE_STATES)
def test_closing_a_detached_socket_leaves_the_descriptor_open(
    family: Family[Addr], state: State
) -> None:
    sock = family.build(state).sock
    fd = live(sock).detach()
    family.adopt(socket.socket(fileno=fd))
    for _ in range(2):
        sock.close()
        assert sock.state is State.CLOSED
        assert fd_is_open(fd)


def test_detach_reaches_the_tracer(family: Family[Addr], seen: list[Transition]) -> None:
    fresh = family.fresh()
    family.adopt(socket.socket(fileno=fresh.detach()))
    steps = [(t.operation, t.old, t.new) for t in seen if t.socket is fresh]
    assert steps[-1] == ("detach", State.FRESH, State.DETACHED)
