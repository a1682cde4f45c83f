"""Every state x every call x family x type, against the hand-written matrix.

The expectations come from ``expectations.py``, written by hand from the
documentation and sharing nothing with the implementation's table, so that
a wrong table cannot certify itself:

* the hand matrix and ``sockstate._states.TRANSITIONS`` agree exactly (the
  legal calls of each state, and where each leads on success, on a failed
  connection and at the end of stream);
* on real sockets of each family and type, in each state they can reach,
  every illegal call raises the hand matrix's error, with its attributes and
  message, before any system call and with nothing changed, and every legal
  call leads where the hand matrix says: on success, when the connection
  fails, and at the end of stream.
"""

from __future__ import annotations

import io
import select
import socket
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, cast

import pytest

import tls_support
from expectations import (
    ACCEPTED,
    DATAGRAM,
    FAMILIES,
    MATRIX,
    OPERATIONS,
    PROPERTIES,
    READS,
    SENDS,
    TERMINAL,
    TYPES,
    Legal,
    Refused,
    after,
    expect,
    reached,
)
from sockstate import (
    BoundDatagramSocket,
    ConnectedDatagramSocket,
    ConnectedSocket,
    IncompleteReadError,
    ListeningSocket,
    OrderingError,
    SockstateError,
    State,
    TLSSocket,
)
from sockstate._states import ACCEPTED_STATE, DATAGRAM_STATES, STAY, TRANSITIONS
from sockstate._states import OPERATIONS as TABLE_OPERATIONS
from sockstate._states import TERMINAL as TABLE_TERMINAL
from support import (
    SAFETY_TIMEOUT,
    Addr,
    Family,
    KernelView,
    StateSocket,
    fd_is_open,
    open_fds,
    operation,
    system_calls,
)

if TYPE_CHECKING:
    from collections.abc import Callable

FAMILY_NAMES = {socket.AF_INET: "ipv4", socket.AF_INET6: "ipv6", socket.AF_UNIX: "unix"}
"""The ``family`` fixture's name for each family."""

TYPE_NAMES = {socket.SOCK_STREAM: "stream", socket.SOCK_DGRAM: "datagram"}

SHUTDOWNS = ("shutdown_write", "shutdown_read", "shutdown_both")

CONNECTION_STATES = (
    State.CONNECTED,
    State.RECEIVE_ONLY,
    State.SEND_ONLY,
    State.SHUT_DOWN,
    State.ENDED,
    State.FINISHED,
)
"""The stream states that a connected socket reaches by its own calls and
its peer's."""


def _cases(chosen: Callable[[int, int, str, Legal | Refused], bool]) -> list[object]:
    """``(family, state, kind, name)`` for every family, state, type that can
    be in it, and call, whose hand expectation is ``chosen``."""
    cases: list[object] = []
    for family in FAMILIES:
        for state in MATRIX:
            for kind in TYPES:
                if not reached(state, family, kind):
                    continue
                for name in sorted(OPERATIONS):
                    if chosen(family, kind, name, expect(state, name, family, kind)):
                        label = f"{FAMILY_NAMES[family]}-{TYPE_NAMES[kind]}-{state}-{name}"
                        cases.append(
                            pytest.param(
                                FAMILY_NAMES[family], state, kind, name, id=label.replace(" ", "_")
                            )
                        )
    return cases


ILLEGAL = _cases(lambda _, __, ___, expected: isinstance(expected, Refused))
LEGAL = _cases(lambda _, __, ___, expected: isinstance(expected, Legal))
FAILING = _cases(
    lambda family, kind, name, expected: (
        isinstance(expected, Legal)
        and (expected.failing is not None or name == "connect")
        and not (family == socket.AF_UNIX and name in SHUTDOWNS)
        and not (family != socket.AF_UNIX and kind == socket.SOCK_DGRAM and name == "send")
    )
)
"""The legal calls that can meet a failed connection: ``connect``, and those
that the hand matrix sends somewhere when it fails.  Not a Unix socket's
shutdown (Linux accepts one whose peer has gone: ``test_halfclose.py``), nor
a UDP send (a refusal only reports an earlier datagram: ``test_datagram.py``)."""
AT_END = _cases(
    lambda _, __, ___, expected: isinstance(expected, Legal) and expected.at_end is not None
)


# -- the hand matrix against the table --------------------------------------------------------


def _differences() -> list[str]:
    """Each way the implementation's table differs from the hand matrix, as
    a sentence; ``None`` (stays) and the state itself are the same thing."""
    found: list[str] = []
    for state in State:
        hand, table = MATRIX.get(state), TRANSITIONS.get(state)
        if hand is None or table is None:
            where = "the hand matrix" if hand is None else "the table"
            found.append(f"{state}: no row in {where}")
            continue
        for name in sorted(set(hand) - set(table)):
            found.append(f"{state}: {name}() is legal by hand, illegal in the table")
        for name in sorted(set(table) - set(hand)):
            found.append(f"{state}: {name}() is illegal by hand, legal in the table")
        for name in sorted(set(hand) & set(table)):
            legal, rule = hand[name], table[name]
            for outcome, mine, theirs in (
                ("success", legal.to, rule.after),
                ("a failed connection", legal.failing, rule.on_error),
                ("the end of stream", legal.at_end, rule.at_end),
                ("the wait", legal.waiting, rule.during),
            ):
                if (mine or state) is not (theirs or state):
                    found.append(
                        f"{state}: {name}() on {outcome} leads to {mine or state} by hand, "
                        f"to {theirs or state} in the table"
                    )
    return found


def test_the_hand_matrix_and_the_implementations_table_agree() -> None:
    assert _differences() == []


def test_the_hand_matrix_has_a_row_for_every_state_and_no_other() -> None:
    assert list(MATRIX) == list(State)


def test_the_hand_matrix_and_the_table_agree_on_the_terminal_and_datagram_states() -> None:
    assert frozenset(TERMINAL) == TABLE_TERMINAL
    assert frozenset(DATAGRAM) == DATAGRAM_STATES
    assert ACCEPTED_STATE is ACCEPTED


def test_the_hand_matrix_and_the_table_know_the_same_calls() -> None:
    assert TABLE_OPERATIONS == OPERATIONS


def test_the_differences_are_told_one_per_line() -> None:
    """The comparison finds a wrong table: it is not vacuous."""
    saved = TRANSITIONS[State.BOUND]
    TRANSITIONS[State.BOUND] = {**saved, "accept": STAY}
    try:
        found = _differences()
    finally:
        TRANSITIONS[State.BOUND] = saved
    assert found == ["bound: accept() is illegal by hand, legal in the table"]


# -- sockets in each state, with what a legal call needs ---------------------------------------


@dataclass
class Built(Generic[Addr]):
    """A socket in a state, its stdlib socket (taken while it had one), and
    the other end of its connection, if it has one."""

    sock: StateSocket[Addr]
    raw: socket.socket
    peer: ConnectedSocket[Addr] | TLSSocket[Addr] | BoundDatagramSocket[Addr] | None = None


def _stream_with_peer(family: Family[Addr], state: State, *, unread: bool = False) -> Built[Addr]:
    """A connected stream socket moved into ``state`` by public calls, and
    its peer.  With ``unread``, it first sends the peer bytes the peer never
    reads (for a reset later)."""
    client, server = family.connected()
    if unread:
        client.sendall(b"unread")
    if state is State.RECEIVE_ONLY:
        client.shutdown_write()
    elif state is State.SEND_ONLY:
        client.shutdown_read()
    elif state is State.SHUT_DOWN:
        client.shutdown_both()
    elif state in (State.ENDED, State.FINISHED):
        server.shutdown_write()
        assert client.recv(1) == b""
        if state is State.FINISHED:
            client.shutdown_write()
    elif state is not State.CONNECTED:
        raise AssertionError(f"no connection reaches {state} by its own calls")
    assert client.state is state
    return Built(client, client.raw_socket(), server)


def build(family: Family[Addr], state: State, kind: int) -> Built[Addr]:
    """A socket of ``family`` and type ``kind`` in ``state``."""
    if state in tls_support.TLS_STATES:
        sock, raw, peer = tls_support.built(family, state)
        return Built(cast("StateSocket[Addr]", sock), raw, cast("TLSSocket[Addr] | None", peer))
    if kind == socket.SOCK_DGRAM and state is State.DATAGRAM_CONNECTED:
        connected, datagram_peer = family.datagram_connected()
        return Built(connected, connected.raw_socket(), datagram_peer)
    if kind == socket.SOCK_DGRAM and state is State.BROKEN:
        connected, datagram_peer = family.datagram_connected()
        datagram_peer.close()
        with pytest.raises(ConnectionRefusedError):
            connected.send(b"x")
        return Built(connected, connected.raw_socket())
    if kind == socket.SOCK_DGRAM and state is State.FAILED:
        unbound = family.datagram()
        raw = unbound.raw_socket()
        with pytest.raises(OSError):  # noqa: PT011 - whichever errno refuses the address
            family.connect_datagram(unbound, family.datagram_refusing())
        return Built(unbound, raw)
    if kind == socket.SOCK_DGRAM and state is State.DETACHED:
        unbound = family.datagram()
        raw = unbound.raw_socket()
        family.adopt(socket.socket(fileno=unbound.detach()))
        return Built(unbound, raw)
    if kind == socket.SOCK_DGRAM:
        sock, raw = family.in_state(state, datagram=state is State.CLOSED)
        return Built(sock, raw)
    if state in CONNECTION_STATES:
        return _stream_with_peer(family, state)
    if state is State.BROKEN:
        client, server = family.broken()
        return Built(client, client.raw_socket(), server)
    sock, raw = family.in_state(state)
    return Built(sock, raw)


def _arguments(name: str) -> tuple[object, ...]:
    """Arguments for a call that needs no address: one byte's worth, or a
    mode that never waits (a safety timeout, non-blocking)."""
    if name == "settimeout":
        return (SAFETY_TIMEOUT,)
    if name == "setblocking":
        return (False,)
    if name in ("send", "sendall"):
        return (b"x",)
    if name == "sendmsg":
        return ([b"x"],)
    if name == "recv_into":
        return (bytearray(1),)
    if name in ("recv", "recv_exactly", "recvmsg", "recvfrom"):
        return (1,)
    return ()


def _legal_call(family: Family[Addr], built: Built[Addr], name: str) -> object:
    """Call ``name`` on the built socket with arguments that work, having
    first given it what the call needs (a pending connection, data to read,
    the non-blocking mode, a writable connecting socket), so that nothing
    blocks.  A property (``options``) is read; the descriptor ``detach``
    hands over goes to a stdlib socket that the family closes."""
    sock, peer = built.sock, built.peer
    if name in PROPERTIES:
        return getattr(sock, name)
    if name in ("wrap_tls", "unwrap"):
        return tls_support.legal_from(family, sock, peer, name)
    if name == "detach":
        fd = operation(sock, name)()
        assert isinstance(fd, int)
        family.adopt(socket.socket(fileno=fd))
        return fd
    if name == "start_connect":
        operation(sock, "setblocking")(False)
        return operation(sock, name)(family.listening().getsockname())
    if name == "finish_connect":
        _, writable, _ = select.select([], [built.raw], [], SAFETY_TIMEOUT)
        assert writable, "the connect never finished"
    if name == "bind":
        return operation(sock, name)(family.local())
    if name == "connect" and sock.state in DATAGRAM:
        return operation(sock, name)(family.datagram_bound().getsockname())
    if name == "connect":
        return operation(sock, name)(family.listening().getsockname())
    if name == "accept":
        assert isinstance(sock, ListeningSocket)
        family.connect(family.fresh(), sock.getsockname())
        return family.accept(sock)
    if name == "sendto":
        return operation(sock, name)(b"x", family.datagram_bound().getsockname())
    if name == "recvfrom":
        assert isinstance(sock, BoundDatagramSocket)
        family.sendto(family.datagram_bound(), b"x", sock.getsockname())
    if name in READS and isinstance(peer, BoundDatagramSocket):
        assert isinstance(sock, ConnectedDatagramSocket)
        family.sendto(peer, b"x", sock.getsockname())
    elif name in READS:
        assert isinstance(peer, (ConnectedSocket, TLSSocket))
        peer.sendall(b"x")
    if name == "makefile":
        file = operation(sock, name)("rb")
        assert isinstance(file, io.BufferedIOBase)
        file.close()
        return file
    return operation(sock, name)(*_arguments(name))


# -- every illegal call ---------------------------------------------------------------------


@pytest.mark.parametrize(("family", "state", "kind", "name"), ILLEGAL, indirect=["family"])
def test_an_illegal_call_raises_the_hand_matrixs_error_before_any_system_call(
    family: Family[Addr], state: State, kind: int, name: str
) -> None:
    expected = expect(state, name, family.kind, kind)
    assert isinstance(expected, Refused)
    built = build(family, state, kind)
    sock, raw = built.sock, built.raw
    assert sock.state is state
    kernel = KernelView.of(raw)
    descriptors = open_fds()

    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(sock, name)

    error = caught.value
    assert calls == []
    assert type(error) is expected.error
    assert error.operation == name
    assert error.state is state
    assert error.allowed == expected.allowed
    assert str(error).startswith(expected.head)
    assert str(state) in str(error)
    assert sock.state is state
    assert KernelView.of(raw) == kernel
    assert open_fds() == descriptors


# -- every legal call: success, a failed connection, the end of stream ----------------------


@pytest.mark.parametrize(("family", "state", "kind", "name"), LEGAL, indirect=["family"])
def test_a_legal_call_succeeds_and_leads_where_the_hand_matrix_says(
    family: Family[Addr], state: State, kind: int, name: str
) -> None:
    expected = expect(state, name, family.kind, kind)
    assert isinstance(expected, Legal)
    built = build(family, state, kind)
    sock = built.sock
    descriptor = built.raw.fileno()

    result = _legal_call(family, built, name)

    assert sock.state is after(state, name)
    if name == "detach":
        assert result == descriptor
    elif expected.to is not None:
        assert result is sock


def _fails(family: Family[Addr], state: State, kind: int, name: str) -> Built[Addr]:
    """A socket in ``state`` on which ``name`` met a failed connection: a
    refused connect, a reset met by a stream's data call, a shutdown after a
    reset (which only TCP reports), a Unix datagram send to a closed peer, a
    non-blocking connect to an address that fails at once, the answer to
    one refused (TCP) or reset by its listener's close (Unix); and a TLS
    session that fails (``tls_support.failed``)."""
    if state in tls_support.TLS_STATES or name == "wrap_tls":
        sock, raw = tls_support.failed(family, state, name)
        return Built(cast("StateSocket[Addr]", sock), raw)
    if name == "start_connect":
        built = build(family, state, kind)
        operation(built.sock, "setblocking")(False)
        with pytest.raises(OSError) as caught:  # noqa: PT011 - whichever errno refuses it
            operation(built.sock, name)(family.datagram_refusing())
        assert not isinstance(caught.value, SockstateError)
        return built
    if name == "finish_connect":
        if family.kind == socket.AF_UNIX:
            connecting, listener = family.connecting()
            listener.close()  # the kernel resets the connection waiting in its queue
        else:
            fresh = family.fresh()
            fresh.setblocking(False)
            connecting = family.start_connect(fresh, family.refusing())
        raw = connecting.raw_socket()
        _, writable, _ = select.select([], [raw], [], SAFETY_TIMEOUT)
        assert writable, "the connect never finished"
        with pytest.raises(OSError) as caught:  # noqa: PT011 - refused, or reset
            connecting.finish_connect()
        assert not isinstance(caught.value, (SockstateError, BlockingIOError))
        return Built(connecting, raw)
    if name == "connect":
        built = build(family, state, kind)
        refusing = family.datagram_refusing() if kind == socket.SOCK_DGRAM else family.refusing()
        with pytest.raises(OSError) as caught:  # noqa: PT011 - whichever errno refuses it
            operation(built.sock, name)(refusing)
        assert not isinstance(caught.value, SockstateError)
        return built
    if kind == socket.SOCK_DGRAM and name == "send":
        built = build(family, state, kind)
        assert built.peer is not None
        built.peer.close()
        with pytest.raises(ConnectionRefusedError):
            operation(built.sock, name)(b"x")
        return built
    if name in SENDS or name in READS or name in SHUTDOWNS:
        built = _stream_with_peer(family, state, unread=True)
        assert built.peer is not None
        if family.kind != socket.AF_UNIX:
            linger_off = struct.pack("ii", 1, 0)
            built.peer.raw_socket().setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_off)
        built.peer.close()
        poller = select.poll()
        poller.register(built.raw.fileno(), select.POLLERR | select.POLLHUP)
        assert poller.poll(SAFETY_TIMEOUT * 1000), "the reset never reached the socket"
        error_type = OSError if name in SHUTDOWNS else ConnectionError
        with pytest.raises(error_type):
            operation(built.sock, name)(*_arguments(name))
        return built
    raise AssertionError(f"no way to make {name}() meet a failed connection")


@pytest.mark.parametrize(("family", "state", "kind", "name"), FAILING, indirect=["family"])
def test_a_failed_connection_leads_where_the_hand_matrix_says(
    family: Family[Addr], state: State, kind: int, name: str
) -> None:
    built = _fails(family, state, kind, name)
    assert built.sock.state is after(state, name, failing=True)
    assert fd_is_open(built.raw.fileno()) is (built.sock.state not in TERMINAL)


@pytest.mark.parametrize(("family", "state", "kind", "name"), AT_END, indirect=["family"])
def test_a_read_of_the_end_of_stream_leads_where_the_hand_matrix_says(
    family: Family[Addr], state: State, kind: int, name: str
) -> None:
    if state in tls_support.TLS_STATES:
        sock, raw, peer = tls_support.ending(family, state)
        built = Built(cast("StateSocket[Addr]", sock), raw, cast("TLSSocket[Addr]", peer))
    else:
        built = _stream_with_peer(family, state)
        assert isinstance(built.peer, ConnectedSocket)
        built.peer.shutdown_write()
    method = operation(built.sock, name)
    if name == "recv_exactly":
        with pytest.raises(IncompleteReadError):
            method(1)
    else:
        assert method(*_arguments(name)) in (b"", 0, (b"", [], 0))
    assert built.sock.state is after(state, name, at_end=True)
