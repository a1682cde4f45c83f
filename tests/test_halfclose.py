"""Half-close, the end of the stream and peer failures, as states.

A connected stream socket loses its directions one at a time:
``shutdown_write()`` leaves a ``ReceiveOnlySocket``, ``shutdown_read()`` a
``SendOnlySocket``, ``shutdown_both()`` a ``ShutDownSocket``; shutting a side
already shut does nothing, not even a system call.  A read that returns the
peer's end of stream returns it once and moves the socket on, to ``ENDED``
(it can still send) or ``FINISHED``; reading again is an ordering error
instead of a loop spinning on ``b""``.  A reset or broken connection moves it
to ``BROKEN``, where only the mode calls, ``fileno``, ``raw_socket``,
``detach`` and ``close`` are left.

Every test runs on real loopback connections of each family, but those
that only look an illegal call up, which run in one (the state's class
refuses it, whatever the family; every such call of every state is
``test_matrix.py``'s).  "No system call" is checked by ``system_calls()``,
which records the stdlib's socket calls (the audit hook of
``support.socket_calls`` sees only ``sendmsg`` among the data calls and
shutdowns, so it spies on the methods themselves too).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import functools
import queue
import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

import pytest

import sockstate
from expectations import CLASSES, DESCRIBED, OPERATIONS, allowed
from sockstate import (
    BrokenSocket,
    ConnectedSocket,
    IncompleteReadError,
    IPv4Address,
    OrderingError,
    SockstateError,
    State,
    Transition,
)
from support import (
    SAFETY_TIMEOUT,
    Addr,
    Family,
    Stateful,
    blocking_with_safety_net,
    class_of,
    fd_is_open,
    in_a_system_call_on,
    operation,
    same_object,
    state_of,
    system_calls,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator
    from concurrent.futures import Future

T = TypeVar("T")

READS = ("recv", "recv_into", "recv_exactly", "recvmsg")
"""The calls that read a stream, and so can meet its end."""

SENDS = ("send", "sendall", "sendmsg")
"""The calls that send on a stream."""

SHUTDOWNS = ("shutdown_write", "shutdown_read", "shutdown_both")

HOW = {
    "shutdown_write": "SHUT_WR",
    "shutdown_read": "SHUT_RD",
    "shutdown_both": "SHUT_RDWR",
}
"""The ``how`` of the ``shutdown(2)`` each method makes."""

_SENDS_TOO = (*SENDS, "sendfile", "send_fds")
"""The sends, with those tested in ``test_sendfile.py`` and ``test_fds.py``."""
_READS_TOO = (*READS, "recv_fds")
"""The reads, with the one tested in ``test_fds.py``."""

LOST: dict[State, frozenset[str]] = {
    State.RECEIVE_ONLY: frozenset({*_SENDS_TOO, "makefile", "wrap_tls"}),
    State.SEND_ONLY: frozenset({*_READS_TOO, "makefile", "wrap_tls"}),
    State.SHUT_DOWN: frozenset({*_SENDS_TOO, *_READS_TOO, "makefile", "wrap_tls"}),
    State.ENDED: frozenset({*_READS_TOO, "makefile", "wrap_tls"}),
    State.FINISHED: frozenset({*_SENDS_TOO, *_READS_TOO, "makefile", "wrap_tls", "getpeername"}),
    State.BROKEN: frozenset(
        {
            *_SENDS_TOO,
            *_READS_TOO,
            "makefile",
            "wrap_tls",
            *SHUTDOWNS,
            "shutdown",
            "getsockname",
            "getpeername",
        }
    ),
}
"""What each state has lost of the calls a connected socket has: the spec,
written out rather than derived from the table.  A finished TCP connection is
gone from the kernel (ENOTCONN), and so is its peer's name.  TLS needs both
directions: no half-closed, ended or broken connection starts it."""

LEADS = [
    ("shutdown_write", State.CONNECTED, State.RECEIVE_ONLY),
    ("shutdown_read", State.CONNECTED, State.SEND_ONLY),
    ("shutdown_both", State.CONNECTED, State.SHUT_DOWN),
    ("shutdown_read", State.RECEIVE_ONLY, State.SHUT_DOWN),
    ("shutdown_both", State.RECEIVE_ONLY, State.SHUT_DOWN),
    ("shutdown_write", State.SEND_ONLY, State.SHUT_DOWN),
    ("shutdown_both", State.SEND_ONLY, State.SHUT_DOWN),
    ("shutdown_write", State.ENDED, State.FINISHED),
    ("shutdown_both", State.ENDED, State.FINISHED),
]
"""Each shutdown of a side still open: ``(call, from, to)``."""

NO_OPS = [
    ("shutdown_write", State.RECEIVE_ONLY),
    ("shutdown_read", State.SEND_ONLY),
    ("shutdown_read", State.ENDED),
    *((name, State.SHUT_DOWN) for name in SHUTDOWNS),
    *((name, State.FINISHED) for name in SHUTDOWNS),
]
"""Each shutdown of sides all shut already (or ended by the peer)."""

END_OF_STREAM: dict[str, object] = {"recv": b"", "recv_into": 0, "recvmsg": (b"", [], 0, None)}
"""What each read that returns the end of stream returns for it."""

AT_END = [(State.CONNECTED, State.ENDED), (State.RECEIVE_ONLY, State.FINISHED)]
"""Where reading the peer's end of stream leads from each state that reads."""

STOP_READING = "and the peer sends nothing more: stop reading at b''"


# -- helpers ---------------------------------------------------------------------------


def read(sock: object, name: str, size: int = 4) -> object:
    """One call of the read ``name`` for ``size`` bytes, and what it returned."""
    method = operation(sock, name)
    if name == "recv_into":
        return method(bytearray(size))
    return method(size)


def send(sock: object, name: str, data: bytes) -> None:
    """Send all of ``data`` (short) with the call ``name``."""
    method = operation(sock, name)
    sent = method([data]) if name == "sendmsg" else method(data)
    assert sent in (None, len(data))


def use(sock: object, name: str) -> None:
    """One call of the data call ``name``: a read of a few bytes or a send of one."""
    if name in SENDS:
        send(sock, name, b"x")
    else:
        read(sock, name)


def refused(sock: Stateful, name: str, state: State) -> OrderingError:
    """Check that looking ``name`` up on ``sock`` raises the ordering error
    for ``state``, before any system call, and leaves ``sock`` in ``state``;
    return the error."""
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(sock, name)
    error = caught.value
    assert type(error) is OrderingError
    assert (error.operation, error.state, error.allowed) == (name, state, allowed(state))
    assert calls == []
    assert state_of(sock) is state
    return error


def open_directions(raw: socket.socket) -> set[str]:
    """What the kernel says of ``raw``'s directions: ``"read"`` while a read
    would wait for data rather than answer the end at once (call it with
    nothing pending), and ``"send"`` while a byte can still be sent (it is,
    to the peer)."""
    directions: set[str] = set()
    poller = select.poll()
    poller.register(raw.fileno(), select.POLLIN)
    if not poller.poll(0):
        directions.add("read")
    try:
        raw.send(b"k")
    except BrokenPipeError:
        pass
    else:
        directions.add("send")
    return directions


@contextlib.contextmanager
def blocked_in_kernel(
    call: Callable[[], T], raw: socket.socket
) -> Generator[Future[T], None, None]:
    """Run ``call`` in a thread of its own, wait (bounded) until that thread
    sits in a system call on ``raw``, and yield its future.

    ``raw`` is made blocking, so that the thread waits in recv or send
    itself rather than in poll, with the kernel's own timeouts as the safety
    net: a thread nothing wakes returns after ``SAFETY_TIMEOUT``.
    """
    blocking_with_safety_net(raw)
    tids: queue.Queue[int] = queue.Queue()

    def run() -> T:
        tids.put(threading.get_native_id())
        return call()

    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(run)
        tid = tids.get(timeout=SAFETY_TIMEOUT)
        deadline = time.monotonic() + SAFETY_TIMEOUT
        while not in_a_system_call_on(tid, raw.fileno()):
            assert not future.done(), f"the call returned without blocking: {future.result()!r}"
            assert time.monotonic() < deadline, "the call never blocked"
            time.sleep(0.001)
        yield future


def shutdown_returning_after(woken: Future[T]) -> Callable[[socket.socket, int], None]:
    """A ``socket.shutdown`` that returns only once the thread it woke has
    finished its call (or after a second): the schedule in which the woken
    thread runs before the socket has moved, which the kernel may choose as
    the woken thread runs while the shutdown is still in the kernel."""
    real = socket.socket.shutdown

    def shutdown(sock: socket.socket, how: int) -> None:
        real(sock, how)
        concurrent.futures.wait([woken], timeout=1.0)

    return shutdown


@pytest.fixture
def seen() -> Iterator[list[Transition]]:
    """The transitions traced while the test runs."""
    transitions: list[Transition] = []
    previous = sockstate.set_tracer(transitions.append)
    yield transitions
    sockstate.set_tracer(previous)


def steps_of(sock: object, transitions: list[Transition]) -> list[tuple[str, State | None, State]]:
    """``sock``'s traced transitions, as ``(operation, old, new)``."""
    return [(t.operation, t.old, t.new) for t in transitions if t.socket is sock]


def test_system_calls_sees_every_data_call_and_shutdown(family: Family[Addr]) -> None:
    """The recorder that the "no system call" checks rely on sees each call."""
    sock, peer = family.connected()
    with system_calls() as calls:
        sock.send(b"a")
        sock.sendall(b"b")
        sock.sendmsg([b"c"])
        peer.recv(1)
        peer.recv_into(bytearray(1))
        peer.recvmsg(1)
        sock.shutdown_write()
    assert sorted(calls) == sorted(
        [
            "socket.send",
            "socket.sendall",
            "socket.sendmsg",
            "socket.sendmsg",  # the audit event as well
            "socket.recv",
            "socket.recv_into",
            "socket.recvmsg",
            "socket.shutdown(SHUT_WR)",
        ]
    )


# -- shutting a side down ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new"), [pytest.param(*lead, id=f"{lead[1]}-{lead[0]}") for lead in LEADS]
)
def test_a_shutdown_of_an_open_side_returns_the_same_socket_in_its_next_state(
    family: Family[Addr], name: str, old: State, new: State
) -> None:
    sock = family.build(old).sock
    with system_calls() as calls:
        result = operation(sock, name)()
    assert result is sock
    assert class_of(sock) is CLASSES[new]
    assert state_of(sock) is new
    assert calls == [f"socket.shutdown({HOW[name]})"]


@pytest.mark.parametrize(
    ("state", "directions"),
    [
        (State.CONNECTED, {"read", "send"}),
        (State.RECEIVE_ONLY, {"read"}),
        (State.SEND_ONLY, {"send"}),
        (State.SHUT_DOWN, set[str]()),
    ],
)
def test_the_kernel_agrees_with_the_state_on_what_is_shut(
    family: Family[Addr], state: State, directions: set[str]
) -> None:
    assert open_directions(family.build(state).raw) == directions


def test_shutdown_write_makes_the_peer_read_the_end_of_stream(family: Family[Addr]) -> None:
    sock, peer = family.connected()
    sock.sendall(b"last")
    sock.shutdown_write()
    assert peer.recv_exactly(4) == b"last"
    assert peer.recv(1) == b""
    assert state_of(peer) is State.ENDED


def test_shutdown_both_makes_the_peer_read_the_end_of_stream(family: Family[Addr]) -> None:
    sock, peer = family.connected()
    sock.sendall(b"last")
    sock.shutdown_both()
    assert peer.recv_exactly(4) == b"last"
    assert peer.recv(1) == b""
    assert state_of(peer) is State.ENDED


def test_shutdown_how_is_the_stdlibs_spelling_of_the_precise_shutdowns(
    family: Family[Addr],
) -> None:
    """The stdlib's ``shutdown(how)`` is back, for code being ported: it
    makes the precise call's move (tests/test_stdlib_spellings.py has each
    ``how`` from each state)."""
    sock, peer = family.connected()
    assert "shutdown" in OPERATIONS
    receiving = operation(sock, "shutdown")(socket.SHUT_WR)
    assert same_object(receiving, sock)
    assert state_of(sock) is State.RECEIVE_ONLY
    assert peer.recv(1) == b""


# -- what a half-closed socket can still do ----------------------------------------------


def test_a_receive_only_socket_reads_the_peers_data_then_the_end(family: Family[Addr]) -> None:
    sock, peer = family.connected()
    receiving = sock.shutdown_write()
    peer.sendall(b"reply")
    peer.shutdown_write()
    assert receiving.recv_exactly(5) == b"reply"
    assert receiving.recv(1) == b""
    assert state_of(receiving) is State.FINISHED


@pytest.mark.parametrize("name", SENDS)
def test_a_send_only_socket_still_reaches_the_peer(family: Family[Addr], name: str) -> None:
    sock, peer = family.connected()
    sending = sock.shutdown_read()
    send(sending, name, b"still")
    assert peer.recv_exactly(5) == b"still"
    assert state_of(sending) is State.SEND_ONLY


@pytest.mark.parametrize("name", SENDS)
def test_an_ended_socket_still_reaches_the_peer(family: Family[Addr], name: str) -> None:
    built = family.build(State.ENDED)
    assert built.peer is not None
    send(built.sock, name, b"answer")
    assert built.peer.recv_exactly(6) == b"answer"
    assert state_of(built.sock) is State.ENDED


def test_an_ended_socket_shut_for_writing_is_finished_and_the_peer_reads_the_end(
    family: Family[Addr],
) -> None:
    built = family.build(State.ENDED)
    assert built.peer is not None
    finished = operation(built.sock, "shutdown_write")()
    assert finished is built.sock
    assert state_of(built.sock) is State.FINISHED
    assert built.peer.recv(1) == b""
    assert state_of(built.peer) is State.FINISHED


@pytest.mark.parametrize(
    "state",
    [State.RECEIVE_ONLY, State.SEND_ONLY, State.SHUT_DOWN, State.ENDED],
)
def test_a_half_closed_socket_still_names_both_ends(family: Family[Addr], state: State) -> None:
    built = family.build(state)
    assert built.peer is not None
    assert operation(built.sock, "getsockname")() == built.peer.getpeername()
    assert operation(built.sock, "getpeername")() == built.peer.getsockname()


# -- what a half-closed socket can no longer do ------------------------------------------


@pytest.mark.parametrize("state", list(LOST))
def test_each_state_loses_exactly_these_calls_of_a_connected_socket(state: State) -> None:
    assert allowed(State.CONNECTED) - allowed(state) == LOST[state]
    assert allowed(state) <= allowed(State.CONNECTED)


@pytest.mark.parametrize("state", [State.ENDED, State.FINISHED])
@pytest.mark.parametrize("name", READS)
def test_a_read_after_the_end_of_stream_says_to_stop_reading(
    ipv4: Family[IPv4Address], state: State, name: str
) -> None:
    sock = ipv4.build(state).sock
    error = refused(sock, name, state)
    assert str(error) == (
        f"{name}() needs a connected or receive-only socket; this socket is "
        f"{DESCRIBED[state]}, {STOP_READING}"
    )


def test_a_send_after_shutdown_write_says_the_sending_side_is_shut(
    ipv4: Family[IPv4Address],
) -> None:
    sock, _ = ipv4.connected()
    receiving = sock.shutdown_write()
    error = refused(receiving, "send", State.RECEIVE_ONLY)
    assert str(error) == (
        "send() needs a connected, send-only or ended socket; this socket is "
        "receive-only (its sending side is shut down) and cannot go back: make a new socket"
    )


@pytest.mark.parametrize(
    ("state", "described"),
    [
        (State.SHUT_DOWN, "shut down in both directions"),
        (
            State.BROKEN,
            "broken (the kernel reported the connection reset or the pipe broken, "
            "or its TLS session failed)",
        ),
    ],
)
def test_a_send_on_a_shut_down_or_broken_socket_says_so_in_full(
    ipv4: Family[IPv4Address], state: State, described: str
) -> None:
    sock = ipv4.build(state).sock
    error = refused(sock, "send", state)
    assert str(error) == (
        f"send() needs a connected, send-only or ended socket; this socket is {described} "
        "and cannot go back: make a new socket"
    )


# -- shutting a side already shut ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "state"), [pytest.param(*pair, id=f"{pair[1]}-{pair[0]}") for pair in NO_OPS]
)
def test_shutting_a_side_already_shut_does_nothing_and_makes_no_system_call(
    family: Family[Addr], name: str, state: State
) -> None:
    sock = family.build(state).sock
    with system_calls() as calls:
        result = operation(sock, name)()
    assert result is sock
    assert state_of(sock) is state
    assert calls == []


def test_shutting_the_sending_side_twice_leaves_the_receiving_side_working(
    family: Family[Addr],
) -> None:
    sock, peer = family.connected()
    receiving = sock.shutdown_write().shutdown_write()
    peer.sendall(b"more")
    assert receiving.recv_exactly(4) == b"more"
    assert state_of(receiving) is State.RECEIVE_ONLY


def test_shutting_the_receiving_side_twice_leaves_the_sending_side_working(
    family: Family[Addr],
) -> None:
    sock, peer = family.connected()
    sending = sock.shutdown_read().shutdown_read()
    sending.sendall(b"more")
    assert peer.recv_exactly(4) == b"more"
    assert state_of(sending) is State.SEND_ONLY


# -- sockets that never had a peer --------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        State.FRESH,
        State.BOUND,
        State.LISTENING,
        State.DATAGRAM,
        State.DATAGRAM_BOUND,
        State.DATAGRAM_CONNECTED,
    ],
)
@pytest.mark.parametrize("name", SHUTDOWNS)
def test_a_socket_that_never_had_a_stream_peer_has_no_shutdown(
    ipv4: Family[IPv4Address], state: State, name: str
) -> None:
    sock = ipv4.build(state).sock
    error = refused(sock, name, state)
    if state in (State.FRESH, State.BOUND):
        assert str(error).endswith(": call connect() first")
    elif state is State.LISTENING:
        assert str(error).endswith("and cannot go back: make a new socket")
    else:
        assert str(error).startswith(f"{name}() is a stream socket call;")


# -- the end of the stream ----------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), AT_END, ids=[f"{old}" for old, _ in AT_END])
@pytest.mark.parametrize("name", sorted(END_OF_STREAM))
def test_a_read_returns_the_end_of_stream_once_and_moves_on(
    family: Family[Addr], name: str, start: State, end: State
) -> None:
    built = family.build(start)
    sock, peer = built.sock, built.peer
    assert peer is not None
    peer.shutdown_write()
    assert read(sock, name) == END_OF_STREAM[name]
    assert state_of(sock) is end
    assert class_of(sock) is CLASSES[end]
    error = refused(sock, name, end)
    assert STOP_READING in str(error)


@pytest.mark.parametrize(("start", "end"), AT_END, ids=[f"{old}" for old, _ in AT_END])
@pytest.mark.parametrize("name", sorted(END_OF_STREAM))
def test_the_data_before_the_end_is_read_first(
    family: Family[Addr], name: str, start: State, end: State
) -> None:
    built = family.build(start)
    sock, peer = built.sock, built.peer
    assert peer is not None
    peer.sendall(b"ab")
    peer.shutdown_write()
    assert read(sock, "recv_exactly", 2) == b"ab"
    assert state_of(sock) is start
    assert read(sock, name) == END_OF_STREAM[name]
    assert state_of(sock) is end


@pytest.mark.parametrize(("start", "end"), AT_END, ids=[f"{old}" for old, _ in AT_END])
def test_recv_exactly_meeting_the_end_raises_incomplete_read_and_moves_on(
    family: Family[Addr], start: State, end: State
) -> None:
    built = family.build(start)
    sock, peer = built.sock, built.peer
    assert peer is not None
    peer.sendall(b"ab")
    peer.shutdown_write()
    with pytest.raises(IncompleteReadError) as caught:
        read(sock, "recv_exactly")
    assert (caught.value.partial, caught.value.expected) == (b"ab", 4)
    assert state_of(sock) is end
    error = refused(sock, "recv_exactly", end)
    assert STOP_READING in str(error)


@pytest.mark.parametrize("name", READS)
def test_any_read_after_the_end_is_refused_whichever_read_met_it(
    family: Family[Addr], name: str
) -> None:
    sock, peer = family.connected()
    peer.shutdown_write()
    assert sock.recv_into(bytearray(8)) == 0
    refused(sock, name, State.ENDED)


ZERO_READS: dict[str, Callable[[ConnectedSocket[object]], object]] = {
    "recv-0": lambda sock: sock.recv(0),
    "recv_into-empty-buffer": lambda sock: sock.recv_into(bytearray(0)),
    "recvmsg-0": lambda sock: sock.recvmsg(0),
    "recv_exactly-0": lambda sock: sock.recv_exactly(0),
}
"""Reads of zero bytes, and what each returns: an empty read, not the end."""

ZERO_READ_RESULTS: dict[str, object] = {
    "recv-0": b"",
    "recv_into-empty-buffer": 0,
    "recvmsg-0": (b"", [], 0, None),
    "recv_exactly-0": b"",
}


@pytest.mark.parametrize("call", sorted(ZERO_READS))
def test_a_read_of_zero_bytes_is_not_the_end_of_stream(family: Family[Addr], call: str) -> None:
    sock, peer = family.connected()
    peer.shutdown_write()  # the end is there to read
    assert ZERO_READS[call](sock) == ZERO_READ_RESULTS[call]
    assert state_of(sock) is State.CONNECTED
    assert sock.recv(4) == b""
    assert state_of(sock) is State.ENDED


def test_recv_into_with_nbytes_0_reads_the_whole_buffer_and_meets_the_end(
    family: Family[Addr],
) -> None:
    sock, peer = family.connected()
    peer.shutdown_write()
    assert sock.recv_into(bytearray(4), 0) == 0
    assert state_of(sock) is State.ENDED


def _read_forgetting_the_end(sock: ConnectedSocket[Addr], chunks: list[bytes]) -> None:
    """The classic bug: a read loop that never checks for ``b""`` (bounded
    here, so that a loop that spins fails instead of hanging)."""
    for _ in range(100):
        chunks.append(sock.recv(1024))
    raise AssertionError(f"still reading after {len(chunks)} reads: {chunks[-3:]!r}")


def test_a_read_loop_that_forgets_the_end_stops_with_an_ordering_error(
    family: Family[Addr],
) -> None:
    sock, peer = family.connected()
    peer.sendall(b"data")
    peer.shutdown_write()
    chunks: list[bytes] = []
    with pytest.raises(OrderingError, match="stop reading at b''") as caught:
        _read_forgetting_the_end(sock, chunks)
    assert b"".join(chunks) == b"data"
    assert chunks[-1] == b""
    assert chunks.count(b"") == 1
    assert caught.value.state is State.ENDED


# -- the peer's failures ---------------------------------------------------------------------


@pytest.mark.parametrize("name", READS)
def test_a_reset_met_by_a_read_propagates_unchanged_and_breaks_the_socket(
    family: Family[Addr], name: str
) -> None:
    sock = family.reset().sock
    with pytest.raises(ConnectionResetError) as caught:
        read(sock, name)
    error = caught.value
    assert type(error) is ConnectionResetError
    assert error.errno == errno.ECONNRESET
    assert not isinstance(error, SockstateError)
    assert (error.__cause__, error.__context__) == (None, None)
    assert state_of(sock) is State.BROKEN
    assert class_of(sock) is BrokenSocket


@pytest.mark.parametrize("name", SENDS)
def test_a_reset_or_broken_pipe_met_by_a_send_propagates_unchanged_and_breaks_the_socket(
    family: Family[Addr], name: str
) -> None:
    sock = family.reset().sock
    with pytest.raises(ConnectionError) as caught:
        send(sock, name, b"x")
    error = caught.value
    if family.kind == socket.AF_UNIX:
        assert (type(error), error.errno) == (BrokenPipeError, errno.EPIPE)
    else:
        assert (type(error), error.errno) == (ConnectionResetError, errno.ECONNRESET)
    assert not isinstance(error, SockstateError)
    assert (error.__cause__, error.__context__) == (None, None)
    assert state_of(sock) is State.BROKEN


@pytest.mark.parametrize("name", [*READS, *SENDS])
def test_the_next_call_on_a_broken_socket_says_it_is_broken(
    family: Family[Addr], name: str
) -> None:
    sock = family.reset().sock
    with pytest.raises(ConnectionError):
        use(sock, name)
    error = refused(sock, name, State.BROKEN)
    assert "broken" in str(error)
    assert error.allowed == frozenset(
        {
            "settimeout",
            "gettimeout",
            "setblocking",
            "getblocking",
            "options",
            "setsockopt",
            "getsockopt",
            "fileno",
            "raw_socket",
            "detach",
            "close",
        }
    )


def test_a_broken_socket_keeps_its_descriptor_until_close(family: Family[Addr]) -> None:
    built = family.build(State.BROKEN)
    sock, raw = built.sock, built.raw
    fd = raw.fileno()
    assert operation(sock, "fileno")() == fd
    assert fd_is_open(fd)
    assert raw.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE) == socket.SOCK_STREAM
    closed = sock.close()
    assert same_object(closed, sock)
    assert closed.state is State.CLOSED
    assert not fd_is_open(fd)


def test_closing_a_broken_socket_is_idempotent_and_never_raises(family: Family[Addr]) -> None:
    built = family.build(State.BROKEN)
    sock, fd = built.sock, built.raw.fileno()
    for _ in range(3):
        assert sock.close().state is State.CLOSED
    assert not fd_is_open(fd)


@pytest.mark.parametrize("name", SHUTDOWNS)
def test_a_tcp_shutdown_after_a_reset_raises_enotconn_and_breaks_the_socket(
    family: Family[Addr], name: str
) -> None:
    if family.kind == socket.AF_UNIX:
        pytest.skip("Linux accepts a shutdown of a Unix socket whose peer has gone")
    built = family.reset()
    sock, fd = built.sock, built.raw.fileno()
    with pytest.raises(OSError) as caught:  # noqa: PT011 - the errno is checked below
        operation(sock, name)()
    error = caught.value
    assert (type(error), error.errno) == (OSError, errno.ENOTCONN)
    assert not isinstance(error, SockstateError)
    assert state_of(sock) is State.BROKEN
    assert fd_is_open(fd)
    refused(sock, name, State.BROKEN)


# -- other errors leave the state -------------------------------------------------------------


@pytest.mark.parametrize("name", READS)
def test_a_timeout_on_a_read_leaves_the_socket_connected(family: Family[Addr], name: str) -> None:
    sock, peer = family.connected()
    sock.raw_socket().settimeout(0.01)
    with pytest.raises(TimeoutError):
        read(sock, name)
    assert state_of(sock) is State.CONNECTED
    sock.raw_socket().settimeout(SAFETY_TIMEOUT)
    peer.sendall(b"late")
    assert sock.recv_exactly(4) == b"late"


def test_a_timeout_on_sendall_leaves_the_socket_connected(family: Family[Addr]) -> None:
    sock, _ = family.connected()
    sock.raw_socket().settimeout(0.01)
    with pytest.raises(TimeoutError):
        sock.sendall(bytes(64 * 1024 * 1024))  # more than both buffers hold
    assert state_of(sock) is State.CONNECTED


# -- stale methods and other threads -------------------------------------------------------------


@pytest.mark.parametrize("name", SENDS)
def test_a_send_saved_before_shutdown_write_raises_the_ordering_error_from_epipe(
    family: Family[Addr], name: str
) -> None:
    sock, peer = family.connected()
    saved: dict[str, Callable[[], object]] = {
        "send": functools.partial(sock.send, b"late"),
        "sendall": functools.partial(sock.sendall, b"late"),
        "sendmsg": functools.partial(sock.sendmsg, [b"late"]),
    }
    sock.shutdown_write()
    with pytest.raises(OrderingError) as caught:
        saved[name]()
    error = caught.value
    assert type(error) is OrderingError
    assert (error.operation, error.state) == (name, State.RECEIVE_ONLY)
    assert isinstance(error.__cause__, BrokenPipeError)
    assert error.__cause__.errno == errno.EPIPE
    assert state_of(sock) is State.RECEIVE_ONLY
    assert peer.recv(4) == b""  # nothing was sent


@pytest.mark.parametrize("name", SHUTDOWNS)
def test_a_shutdown_saved_before_its_side_was_shut_does_nothing_the_second_time(
    family: Family[Addr], name: str
) -> None:
    sock, _ = family.connected()
    shut = operation(sock, name)
    shut()
    state = state_of(sock)
    with system_calls() as calls:
        result = shut()
    assert result is sock
    assert state_of(sock) is state
    assert calls == []


@pytest.mark.parametrize("name", SHUTDOWNS)
def test_a_shutdown_saved_before_the_socket_broke_says_it_is_broken(
    family: Family[Addr], name: str
) -> None:
    sock = family.reset().sock
    shut = operation(sock, name)
    with pytest.raises(ConnectionResetError):
        read(sock, "recv")
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        shut()
    assert (caught.value.operation, caught.value.state) == (name, State.BROKEN)
    assert "broken" in str(caught.value)
    assert calls == []
    assert state_of(sock) is State.BROKEN


def test_shutdown_both_wakes_a_thread_blocked_in_recv_within_a_second(
    family: Family[Addr],
) -> None:
    sock, _ = family.connected()
    with blocked_in_kernel(lambda: sock.recv(10), sock.raw_socket()) as reading:
        shut = sock.shutdown_both()
        with pytest.raises(OrderingError, match="shut down in both directions") as caught:
            reading.result(timeout=1.0)
    assert caught.value.state is State.SHUT_DOWN
    assert same_object(shut, sock)
    assert state_of(sock) is State.SHUT_DOWN


def test_a_read_saved_before_the_end_refuses_a_second_end(family: Family[Addr]) -> None:
    sock, peer = family.connected()
    recv = sock.recv
    peer.shutdown_write()
    assert recv(4) == b""
    assert state_of(sock) is State.ENDED
    with pytest.raises(OrderingError, match="stop reading at b''") as caught:
        recv(4)
    assert caught.value.state is State.ENDED


def test_a_sendall_woken_by_shutdown_write_before_it_returns_raises_the_ordering_error(
    family: Family[Addr],
) -> None:
    sock, _ = family.connected()
    payload = bytes(64 * 1024 * 1024)  # more than both buffers hold
    with blocked_in_kernel(lambda: sock.sendall(payload), sock.raw_socket()) as sending:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(socket.socket, "shutdown", shutdown_returning_after(sending))
            receiving = sock.shutdown_write()
        with pytest.raises(OrderingError) as caught:
            sending.result(timeout=1.0)
    assert isinstance(caught.value.__cause__, BrokenPipeError)
    assert state_of(receiving) is State.RECEIVE_ONLY


def test_a_recv_woken_by_shutdown_both_before_it_returns_raises_and_moves_nothing(
    family: Family[Addr],
) -> None:
    sock, _ = family.connected()
    with blocked_in_kernel(lambda: sock.recv(10), sock.raw_socket()) as reading:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(socket.socket, "shutdown", shutdown_returning_after(reading))
            sock.shutdown_both()
        with pytest.raises(OrderingError) as caught:
            reading.result(timeout=1.0)
    assert caught.value.state is State.SHUT_DOWN
    assert state_of(sock) is State.SHUT_DOWN


# -- tracing --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", READS)
def test_the_tracer_sees_a_read_of_the_end_move_the_socket(
    family: Family[Addr], seen: list[Transition], name: str
) -> None:
    sock, peer = family.connected()
    peer.shutdown_write()
    seen.clear()
    with contextlib.suppress(IncompleteReadError):
        read(sock, name)
    assert steps_of(sock, seen) == [(name, State.CONNECTED, State.ENDED)]
    assert seen[-1].socket is sock
    assert seen[-1].address is None


def test_the_tracer_sees_each_shutdown_and_nothing_for_a_no_op(
    family: Family[Addr], seen: list[Transition]
) -> None:
    sock, _ = family.connected()
    seen.clear()
    sock.shutdown_read().shutdown_read().shutdown_write().shutdown_both()
    assert steps_of(sock, seen) == [
        ("shutdown_read", State.CONNECTED, State.SEND_ONLY),
        ("shutdown_write", State.SEND_ONLY, State.SHUT_DOWN),
    ]


def test_the_tracer_sees_a_half_close_conversation_to_its_end(
    family: Family[Addr], seen: list[Transition]
) -> None:
    sock, peer = family.connected()
    seen.clear()
    receiving = sock.shutdown_write()
    peer.shutdown_write()
    assert receiving.recv(1) == b""
    receiving.close()
    assert steps_of(sock, seen) == [
        ("shutdown_write", State.CONNECTED, State.RECEIVE_ONLY),
        ("recv", State.RECEIVE_ONLY, State.FINISHED),
        ("close", State.FINISHED, State.CLOSED),
    ]
    assert steps_of(peer, seen) == [("shutdown_write", State.CONNECTED, State.RECEIVE_ONLY)]


@pytest.mark.parametrize("name", ["recv", "send"])
def test_the_tracer_sees_a_reset_break_the_socket(
    family: Family[Addr], seen: list[Transition], name: str
) -> None:
    sock = family.reset().sock
    with pytest.raises(ConnectionError):
        use(sock, name)
    assert steps_of(sock, seen)[-1] == (name, State.CONNECTED, State.BROKEN)


def test_the_tracer_sees_a_failed_tcp_shutdown_break_the_socket(
    family: Family[Addr], seen: list[Transition]
) -> None:
    if family.kind == socket.AF_UNIX:
        pytest.skip("Linux accepts a shutdown of a Unix socket whose peer has gone")
    sock = family.reset().sock
    with pytest.raises(OSError):  # noqa: PT011 - its errno is another test's business
        operation(sock, "shutdown_write")()
    assert steps_of(sock, seen)[-1] == ("shutdown_write", State.CONNECTED, State.BROKEN)
