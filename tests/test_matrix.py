"""Every state x every call x type (x family where it matters), against
the hand-written matrix.

The expectations come from ``expectations.py``, written by hand from the
documentation and sharing nothing with the implementation's table, so that
a wrong table cannot certify itself:

* the hand matrix and the implementation's ``TRANSITIONS`` agree exactly (the
  legal calls of each state, and where each leads on success, on a failed
  connection and at the end of stream);
* on real sockets of each type, in each state they can reach, every illegal
  call raises the hand matrix's error, with its attributes and message,
  before any system call and with nothing changed; a socket offers exactly
  its state's calls; every error survives a pickle.  These run in one
  family: an illegal call is an attribute of the state's class, whose error
  depends on the state and the socket's type only, and a state is the same
  class in every family (which runs in each);
* on real sockets of each family and type, every legal call leads where the
  hand matrix says: on success, when the connection fails, and at the end
  of stream.
"""

from __future__ import annotations

import io
import pickle
import select
import socket
from typing import TYPE_CHECKING

import pytest

import tls_support
from _private import ACCEPTED_STATE, DATAGRAM_STATES, STAY, TRANSITIONS
from _private import OPERATIONS as TABLE_OPERATIONS
from _private import TERMINAL as TABLE_TERMINAL
from expectations import (
    ACCEPTED,
    ATTRIBUTES,
    CLASSES,
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
    after_shutdown,
    allowed,
    expect,
    reached,
)
from sockstate import (
    BoundDatagramSocket,
    ConnectedDatagramSocket,
    IncompleteReadError,
    ListeningSocket,
    OrderingError,
    SockstateError,
    State,
)
from support import (
    REFUSALS,
    SAFETY_TIMEOUT,
    Addr,
    Built,
    Family,
    KernelView,
    fd_is_open,
    open_fds,
    operation,
    system_calls,
)

if TYPE_CHECKING:
    from collections.abc import Callable

FAMILY_NAMES: dict[int, str] = {
    socket.AF_INET: "ipv4",
    socket.AF_INET6: "ipv6",
    socket.AF_UNIX: "unix",
}
"""The ``family`` fixture's name for each family."""

TYPE_NAMES: dict[int, str] = {socket.SOCK_STREAM: "stream", socket.SOCK_DGRAM: "datagram"}

SHUTDOWNS = ("shutdown_write", "shutdown_read", "shutdown_both")


def _reached(*, one_family: bool) -> list[tuple[int, State, int]]:
    """``(family, state, kind)`` for every state and type that can be in it,
    in every family that reaches it, or only in the first (``one_family``)."""
    found: list[tuple[int, State, int]] = []
    for state in MATRIX:
        for kind in TYPES:
            families = [family for family in FAMILIES if reached(state, family, kind)]
            found += [(family, state, kind) for family in families[: 1 if one_family else None]]
    return found


def _label(family: int, state: State, kind: int, *names: str, one_family: bool) -> str:
    words = [TYPE_NAMES[kind], str(state), *names]
    return "-".join(words if one_family else [FAMILY_NAMES[family], *words]).replace(" ", "_")


def _sockets(*, one_family: bool) -> list[object]:
    """``(family, state, kind)`` for every state and type that can be in it,
    in every family that reaches it, or only in the first (``one_family``)."""
    return [
        pytest.param(
            FAMILY_NAMES[family], state, kind, id=_label(family, state, kind, one_family=one_family)
        )
        for family, state, kind in _reached(one_family=one_family)
    ]


def _cases(
    chosen: Callable[[int, int, str, Legal | Refused], bool], *, one_family: bool = False
) -> list[object]:
    """``(family, state, kind, name)`` for every state, type that can be in
    it, family that reaches it (or only the first, ``one_family``), and
    call, whose hand expectation is ``chosen``."""
    return [
        pytest.param(
            FAMILY_NAMES[family],
            state,
            kind,
            name,
            id=_label(family, state, kind, name, one_family=one_family),
        )
        for family, state, kind in _reached(one_family=one_family)
        for name in sorted(OPERATIONS)
        if chosen(family, kind, name, expect(state, name, family, kind))
    ]


FDS = ("send_fds", "recv_fds")
"""The calls for Unix sockets only: typed so, and refused on another family
with ``TypeError`` before any system call (``test_fds.py``)."""
ILLEGAL = _cases(lambda _, __, ___, expected: isinstance(expected, Refused), one_family=True)
"""Each illegal call of each state and type, in one family."""
SOCKETS = _sockets(one_family=True)
"""Each state and type, in one family."""
EVERY_FAMILYS_SOCKETS = _sockets(one_family=False)
"""Each state and type, in every family."""
LEGAL = _cases(
    lambda family, _, name, expected: (
        isinstance(expected, Legal) and (family == socket.AF_UNIX or name not in FDS)
    )
)
FAILING = _cases(
    lambda family, kind, name, expected: (
        isinstance(expected, Legal)
        and (expected.failing is not None or name == "connect")
        and not (family == socket.AF_UNIX and name in SHUTDOWNS)
        and not (family != socket.AF_UNIX and kind == socket.SOCK_DGRAM and name == "send")
        and (family == socket.AF_UNIX or name not in FDS)
    )
)
"""The legal calls that can meet a failed connection: ``connect``, and those
that the hand matrix sends somewhere when it fails.  Not a Unix socket's
shutdown (Linux accepts one whose peer has gone: ``test_halfclose.py``), nor
a UDP send (a refusal only reports an earlier datagram: ``test_datagram.py``)."""
AT_END = _cases(
    lambda family, _, name, expected: (
        isinstance(expected, Legal)
        and expected.at_end is not None
        and (family == socket.AF_UNIX or name not in FDS)
    )
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


def _arguments(name: str) -> tuple[object, ...]:
    """Arguments for a call that needs no address: one byte's worth, or a
    mode that never waits (a safety timeout, non-blocking)."""
    if name == "settimeout":
        return (SAFETY_TIMEOUT,)
    if name == "setblocking":
        return (False,)
    if name == "shutdown":
        return (socket.SHUT_RDWR,)
    if name == "setsockopt":
        return (socket.SOL_SOCKET, socket.SO_KEEPALIVE, 0)
    if name == "getsockopt":
        return (socket.SOL_SOCKET, socket.SO_TYPE)
    if name in ("send", "sendall"):
        return (b"x",)
    if name == "sendmsg":
        return ([b"x"],)
    if name == "send_fds":
        return ([b"x"], [])
    if name == "sendfile":
        return (io.BytesIO(b"x"),)
    if name == "recv_fds":
        return (1, 1)
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
    sock = built.sock
    if name in PROPERTIES:
        return getattr(sock, name)
    if name in ("wrap_tls", "unwrap"):
        return tls_support.legal_from(family, built, name)
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
    if name in READS and built.datagram_peer is not None:
        assert isinstance(sock, ConnectedDatagramSocket)
        family.sendto(built.datagram_peer, b"x", sock.getsockname())
    elif name in READS:
        peer = built.tls_peer or built.peer
        assert peer is not None
        peer.sendall(b"x")
    if name == "makefile":
        file = operation(sock, name)("rb")
        assert isinstance(file, io.BufferedIOBase)
        file.close()
        return file
    return operation(sock, name)(*_arguments(name))


# -- every illegal call, once per state and type -------------------------------------------


@pytest.mark.parametrize(("family", "state", "kind"), EVERY_FAMILYS_SOCKETS, indirect=["family"])
def test_a_socket_in_a_state_is_that_states_class_in_every_family(
    family: Family[Addr], state: State, kind: int
) -> None:
    assert type(family.build(state, kind).sock) is CLASSES[state]


@pytest.mark.parametrize(("family", "state", "kind", "name"), ILLEGAL, indirect=["family"])
def test_an_illegal_call_raises_the_hand_matrixs_error_before_any_system_call(
    family: Family[Addr], state: State, kind: int, name: str
) -> None:
    expected = expect(state, name, family.kind, kind)
    assert isinstance(expected, Refused)
    built = family.build(state, kind)
    sock, raw = built.sock, built.raw
    kernel = KernelView.of(raw)
    descriptors = open_fds()

    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(sock, name)

    error = caught.value
    assert calls == []
    assert type(error) is expected.error
    assert isinstance(error, AttributeError)
    assert (error.operation, error.state, error.allowed) == (name, state, expected.allowed)
    assert str(error).startswith(expected.head)
    assert expected.tail is None or str(error).endswith(expected.tail)
    assert sock.state is state
    assert KernelView.of(raw) == kernel
    assert open_fds() == descriptors


@pytest.mark.parametrize(("family", "state", "kind"), SOCKETS, indirect=["family"])
def test_a_socket_offers_exactly_the_calls_of_its_state(
    family: Family[Addr], state: State, kind: int
) -> None:
    """``hasattr`` answers ``False`` for an illegal call, and ``dir()``
    lists the legal ones, the attributes of every state (``state``,
    ``family``, ``type``, ``proto``), and nothing else."""
    sock = family.build(state, kind).sock
    assert {name for name in dir(sock) if not name.startswith("_")} == allowed(state) | ATTRIBUTES
    for name in OPERATIONS:
        assert hasattr(sock, name) is (name in allowed(state)), name
    assert sock.state is state


@pytest.mark.parametrize(("family", "state", "kind"), SOCKETS, indirect=["family"])
def test_every_ordering_error_a_socket_raises_survives_pickle(
    family: Family[Addr], state: State, kind: int
) -> None:
    sock = family.build(state, kind).sock
    for name in sorted(OPERATIONS - allowed(state)):
        with pytest.raises(OrderingError) as caught:
            operation(sock, name)
        error = caught.value
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            restored = pickle.loads(pickle.dumps(error, protocol))
            assert type(restored) is type(error)
            assert (str(restored), restored.args) == (str(error), error.args)
            assert (restored.operation, restored.state, restored.allowed) == (
                name,
                state,
                allowed(state),
            )


# -- every legal call: success, a failed connection, the end of stream ----------------------


@pytest.mark.parametrize(("family", "state", "kind", "name"), LEGAL, indirect=["family"])
def test_a_legal_call_succeeds_and_leads_where_the_hand_matrix_says(
    family: Family[Addr], state: State, kind: int, name: str
) -> None:
    expected = expect(state, name, family.kind, kind)
    assert isinstance(expected, Legal)
    built = family.build(state, kind)
    sock = built.sock
    descriptor = built.raw.fileno()

    result = _legal_call(family, built, name)

    # shutdown(SHUT_RDWR) stays by its own entry, and moves as shutdown_both().
    to = after_shutdown(state, socket.SHUT_RDWR) if name == "shutdown" else after(state, name)
    assert sock.state is to
    assert type(sock) is CLASSES[to]
    if name == "detach":
        assert result == descriptor
    elif expected.to is not None:
        assert result is sock


def _fails(family: Family[Addr], state: State, kind: int, name: str) -> tuple[Built[Addr], int]:
    """A socket in ``state`` on which ``name`` met a failed connection, and
    the descriptor it had before: a refused connect, a reset met by a
    stream's data call, a shutdown after a reset (which only TCP reports), a
    Unix datagram send to a closed peer, a non-blocking connect to an
    address that fails at once, the answer to one refused (TCP) or reset by
    its listener's close (Unix); and a TLS session that fails
    (``tls_support.failed``)."""
    if state in tls_support.TLS_STATES or name == "wrap_tls":
        return tls_support.failed(family, state, name)
    if name == "start_connect":
        built = family.build(state, kind)
        descriptor = built.raw.fileno()
        operation(built.sock, "setblocking")(False)
        with pytest.raises(OSError) as caught:  # noqa: PT011 - EACCES, ENETUNREACH, EINVAL, ENOENT
            operation(built.sock, name)(family.datagram_refusing())
        assert not isinstance(caught.value, SockstateError)
        return built, descriptor
    if name == "finish_connect":
        if family.kind == socket.AF_UNIX:
            built = family.build(state)
            assert built.listener is not None
            built.listener.close()  # the kernel resets the connection waiting in its queue
        else:
            built = family.build(State.FRESH)
            operation(built.sock, "setblocking")(False)
            operation(built.sock, "start_connect")(family.refusing())
        descriptor = built.raw.fileno()
        _, writable, _ = select.select([], [built.raw], [], SAFETY_TIMEOUT)
        assert writable, "the connect never finished"
        with pytest.raises(OSError) as caught:  # noqa: PT011 - refused, or reset
            operation(built.sock, name)()
        assert not isinstance(caught.value, (SockstateError, BlockingIOError))
        return built, descriptor
    if name == "connect":
        built = family.build(state, kind)
        descriptor = built.raw.fileno()
        refusing = family.datagram_refusing() if kind == socket.SOCK_DGRAM else family.refusing()
        with pytest.raises(OSError, match=REFUSALS) as caught:
            operation(built.sock, name)(refusing)
        assert not isinstance(caught.value, SockstateError)
        return built, descriptor
    if kind == socket.SOCK_DGRAM and name == "send":
        built = family.build(state, kind)
        descriptor = built.raw.fileno()
        assert built.datagram_peer is not None
        built.datagram_peer.close()
        with pytest.raises(ConnectionRefusedError):
            operation(built.sock, name)(b"x")
        return built, descriptor
    if name in SENDS or name in READS or name in SHUTDOWNS:
        built = family.reset(state)
        descriptor = built.raw.fileno()
        error_type = OSError if name in SHUTDOWNS else ConnectionError
        with pytest.raises(error_type):
            operation(built.sock, name)(*_arguments(name))
        return built, descriptor
    raise AssertionError(f"no way to make {name}() meet a failed connection")


@pytest.mark.parametrize(("family", "state", "kind", "name"), FAILING, indirect=["family"])
def test_a_failed_connection_leads_where_the_hand_matrix_says(
    family: Family[Addr], state: State, kind: int, name: str
) -> None:
    """The socket's descriptor is released exactly when the state it lands
    in holds none."""
    built, descriptor = _fails(family, state, kind, name)
    assert built.sock.state is after(state, name, failing=True)
    assert fd_is_open(descriptor) is (built.sock.state not in TERMINAL)


@pytest.mark.parametrize(("family", "state", "kind", "name"), AT_END, indirect=["family"])
def test_a_read_of_the_end_of_stream_leads_where_the_hand_matrix_says(
    family: Family[Addr], state: State, kind: int, name: str
) -> None:
    if state in tls_support.TLS_STATES:
        built = tls_support.ending(family, state)
        assert built.tls_peer is not None
    else:
        built = family.build(state)
        assert built.peer is not None
        built.peer.shutdown_write()
    method = operation(built.sock, name)
    if name == "recv_exactly":
        with pytest.raises(IncompleteReadError):
            method(1)
    else:
        assert method(*_arguments(name)) in (b"", 0, (b"", []), (b"", [], 0, None))
    assert built.sock.state is after(state, name, at_end=True)
