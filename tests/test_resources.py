"""Descriptors: released on close, on a failed connect and on nothing else;
handed over, not released, by detach; never leaked by a failure; warned
about when dropped open.  A socket cannot be copied or built by hand."""

from __future__ import annotations

import copy
import gc
import os
import pickle
import select
import subprocess
import sys
import warnings
from typing import TYPE_CHECKING

import pytest

import sockstate
from expectations import WAITED_IN
from sockstate import (
    AddressError,
    BoundDatagramSocket,
    BoundSocket,
    ClosedSocket,
    ConnectedDatagramSocket,
    ConnectedSocket,
    ConnectingSocket,
    DatagramSocket,
    DetachedSocket,
    FailedSocket,
    FreshSocket,
    ListeningSocket,
    OrderingError,
    State,
)
from support import (
    LIVE_STATES,
    SAFETY_TIMEOUT,
    Addr,
    Family,
    KernelView,
    fd_is_open,
    open_fds,
    operation,
    same_object,
    state_of,
)

if TYPE_CHECKING:
    from collections.abc import Callable

ROUNDS = 25

# -- no failure leaks a descriptor ------------------------------------------------------


def test_refused_connects_leak_no_descriptors(family: Family[Addr]) -> None:
    refusing = family.refusing()
    before = open_fds()
    for _ in range(ROUNDS):
        sock = family.fresh()
        with pytest.raises(ConnectionRefusedError):
            family.connect(sock, refusing)
        sock.close()
    assert open_fds() == before


def test_refused_start_connects_leak_no_descriptors(family: Family[Addr]) -> None:
    refusing = family.refusing()
    before = open_fds()
    for _ in range(ROUNDS):
        sock = family.fresh()
        sock.setblocking(False)
        with pytest.raises(ConnectionRefusedError):  # noqa: PT012 - at start (Unix) or finish (TCP)
            connecting = family.start_connect(sock, refusing)
            select.select([], [connecting], [], SAFETY_TIMEOUT)
            connecting.finish_connect()
        assert state_of(sock) is State.FAILED
        sock.close()
    assert open_fds() == before


def test_binds_to_an_address_in_use_leak_no_descriptors(family: Family[Addr]) -> None:
    taken = family.listening().getsockname()
    before = open_fds()
    for _ in range(ROUNDS):
        sock = family.fresh()
        with pytest.raises(OSError, match="in use"):
            family.bind(sock, taken)
        sock.close()
    assert open_fds() == before


@pytest.mark.parametrize("call", ["bind", "connect"])
def test_bad_addresses_leak_no_descriptors(family: Family[Addr], call: str) -> None:
    before = open_fds()
    for _ in range(ROUNDS):
        sock = family.fresh()
        with pytest.raises(AddressError):
            operation(sock, call)(object())
        sock.close()
    assert open_fds() == before


def test_ordering_errors_leak_no_descriptors(family: Family[Addr]) -> None:
    before = open_fds()
    for _ in range(ROUNDS):
        sock = family.fresh()
        with pytest.raises(OrderingError):
            operation(sock, "accept")()
        sock.close()
    assert open_fds() == before


def test_whole_conversations_leak_no_descriptors(family: Family[Addr]) -> None:
    listener = family.listening()
    before = open_fds()
    for _ in range(ROUNDS):
        client = family.connect(family.fresh(), listener.getsockname())
        server, _ = family.accept(listener)
        client.sendall(b"x")
        assert server.recv_exactly(1) == b"x"
        client.close()
        server.close()
    assert open_fds() == before


# -- close --------------------------------------------------------------------------


@pytest.mark.parametrize("state", list(State))
def test_close_is_idempotent_and_never_raises(family: Family[Addr], state: State) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    for _ in range(3):
        assert same_object(sock.close(), sock)
        assert sock.state is State.CLOSED
        assert raw.fileno() == -1


def test_close_never_raises_even_when_the_descriptor_was_closed_behind_its_back(
    family: Family[Addr],
) -> None:
    sock = family.bound()
    os.close(sock.fileno())  # close(2) on the number: sockstate's close() then meets EBADF
    assert same_object(sock.close(), sock)
    assert state_of(sock) is State.CLOSED


def test_close_releases_only_its_own_descriptor(family: Family[Addr]) -> None:
    client, server = family.connected()
    kernel = KernelView.of(server.raw_socket())
    client.close()
    assert KernelView.of(server.raw_socket()).fileno == kernel.fileno
    assert server.recv(1) == b""


def test_close_releases_descriptor_0_too() -> None:
    # A process started with its standard input closed (a daemon) gets 0 for
    # its first socket: 0 is a descriptor like any other.
    script = (
        "import os, socket, sockstate\n"
        "os.close(0)\n"
        "sock = sockstate.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        "print(sock.fileno())\n"
        "sock.close()\n"
        "print(os.path.lexists('/proc/self/fd/0'))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SAFETY_TIMEOUT,
        check=True,
    )
    assert finished.stdout == "0\nFalse\n"


# -- context managers -------------------------------------------------------------------


@pytest.mark.parametrize("state", list(State))
def test_every_state_is_a_context_manager_that_closes(family: Family[Addr], state: State) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    with sock as entered:
        assert same_object(entered, sock)
    assert sock.state is State.CLOSED
    assert raw.fileno() == -1


def test_with_closes_the_socket_it_moved_on_to() -> None:
    with sockstate.tcp() as sock:
        listener = sock.bind(("127.0.0.1", 0)).listen()
        fd = listener.fileno()
    assert state_of(listener) is State.CLOSED
    assert not fd_is_open(fd)


def test_with_closes_a_connected_socket_that_started_fresh(family: Family[Addr]) -> None:
    listener = family.listening()
    with family.fresh() as sock:
        connected = family.connect(sock, listener.getsockname())
        fd = connected.fileno()
    assert state_of(connected) is State.CLOSED
    assert not fd_is_open(fd)


def test_with_closes_on_an_exception_and_lets_it_through(family: Family[Addr]) -> None:
    with pytest.raises(KeyError, match="inside"), family.fresh() as sock:
        raise KeyError("inside")
    assert state_of(sock) is State.CLOSED


# -- dropping an open socket --------------------------------------------------------------


def _drop(family: Family[Addr], state: State) -> int:
    """Make a socket in ``state``, drop every reference to it, collect it,
    and return the descriptor it had."""
    sock = family.build(state).sock
    family.forget(sock)
    fd = operation(sock, "fileno")()
    assert isinstance(fd, int)
    del sock
    gc.collect()
    return fd


@pytest.mark.parametrize(
    "state", [state for state in LIVE_STATES if state not in WAITED_IN]
)  # a socket that a call waits in is that call's until it returns
def test_dropping_an_open_socket_warns_and_releases_it(family: Family[Addr], state: State) -> None:
    with pytest.warns(ResourceWarning, match="unclosed"):
        fd = _drop(family, state)
    assert not fd_is_open(fd)


def _drop_finished(family: Family[Addr], state: State) -> None:
    sock = family.build(state).sock
    family.forget(sock)
    del sock
    gc.collect()


@pytest.mark.parametrize(
    "state", [State.FAILED, State.HANDSHAKE_FAILED, State.DETACHED, State.CLOSED]
)
def test_dropping_a_closed_failed_or_detached_socket_is_silent(
    family: Family[Addr], state: State
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _drop_finished(family, state)
    assert [warning for warning in caught if warning.category is ResourceWarning] == []


# -- no copies ------------------------------------------------------------------------------

COPIERS = [
    pytest.param(copy.copy, id="copy.copy"),
    pytest.param(copy.deepcopy, id="copy.deepcopy"),
    pytest.param(pickle.dumps, id="pickle.dumps"),
]


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("copier", COPIERS)
def test_a_socket_cannot_be_copied_or_pickled_and_stays_as_it_was(
    family: Family[Addr], state: State, copier: Callable[[object], object]
) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    kernel = KernelView.of(raw)
    with pytest.raises(TypeError, match="cannot copy or pickle"):
        copier(sock)
    assert sock.state is state
    assert KernelView.of(raw) == kernel


def test_no_pickle_protocol_can_pickle_a_socket(family: Family[Addr]) -> None:
    client, _ = family.connected()
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError, match="cannot copy or pickle"):
            pickle.dumps(client, protocol)
    assert client.state is State.CONNECTED


def test_a_refused_copy_says_why_and_what_to_do_instead(family: Family[Addr]) -> None:
    client, _ = family.connected()
    with pytest.raises(TypeError) as caught:
        copy.copy(client)
    assert str(caught.value) == (
        "cannot copy or pickle ConnectedSocket: a socket owns a descriptor; "
        "make a new socket, or share this object"
    )


def test_a_connected_socket_still_works_after_a_refused_copy(family: Family[Addr]) -> None:
    client, server = family.connected()
    with pytest.raises(TypeError):
        copy.deepcopy(client)
    client.sendall(b"still here")
    assert server.recv_exactly(10) == b"still here"


# -- no sockets by hand -------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls",
    [
        FreshSocket,
        BoundSocket,
        ListeningSocket,
        ConnectingSocket,
        ConnectedSocket,
        DatagramSocket,
        BoundDatagramSocket,
        ConnectedDatagramSocket,
        FailedSocket,
        DetachedSocket,
        ClosedSocket,
    ],
    ids=lambda cls: cls.__name__,
)
def test_a_state_class_cannot_be_constructed_directly(cls: Callable[[], object]) -> None:
    before = open_fds()
    with pytest.raises(TypeError) as caught:
        cls()
    assert str(caught.value) == "create sockets with sockstate.socket() or its factories"
    assert open_fds() == before
