"""Threads: a socket shared between threads never shows a torn state.

``close()`` from another thread wakes a thread blocked in a call on the
socket, which gets ``SocketClosedError``; a call that loses a race against
``close()`` gets it too, never a raw ``EBADF``; of two threads racing to move
one socket, one wins and the other gets the ordering error; several threads
may accept on one listener.

A blocked thread is found blocked by asking Linux which system call it is in
(``/proc/self/task/<tid>/syscall``), never by sleeping.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
import time
from functools import partial
from typing import TYPE_CHECKING

import pytest

from sockstate import (
    ConnectedSocket,
    ListeningSocket,
    OrderingError,
    SocketClosedError,
    State,
    UnixAddress,
)
from support import SAFETY_TIMEOUT, Addr, Family, fd_is_open, operation, state_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sockstate import FreshSocket

pytestmark = pytest.mark.skipif(
    not os.path.exists(f"/proc/self/task/{threading.get_native_id()}/syscall"),
    reason="finding a thread blocked in a system call needs Linux's /proc/<pid>/task/<tid>/syscall",
)

WAKE_BOUND = 1.0
"""Seconds within which ``close()`` must wake a blocked thread (the issue's
generous bound)."""

ROUNDS = 200
"""How many times each race is run."""


class Blocked:
    """A call running in a thread of its own, and what it returned or raised."""

    def __init__(self, call: Callable[[], object]) -> None:
        self.outcome: list[object] = []
        self.thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self.thread.start()

    def _run(self, call: Callable[[], object]) -> None:
        try:
            self.outcome.append(call())
        except BaseException as error:  # the test inspects it
            self.outcome.append(error)

    def wait_in_system_call(self, fd: int) -> None:
        """Return once the thread is blocked in a system call on ``fd``."""
        path = f"/proc/self/task/{self.thread.native_id}/syscall"
        deadline = time.monotonic() + SAFETY_TIMEOUT
        while time.monotonic() < deadline:
            with open(path) as proc:
                fields = proc.read().split()
            if len(fields) > 1 and fields[0] != "running" and int(fields[1], 16) == fd:
                return
            time.sleep(0.001)
        raise AssertionError("the thread never blocked on the socket")

    def result(self) -> object:
        """What the call ended with, once it has ended (within the bound)."""
        self.thread.join(WAKE_BOUND)
        assert not self.thread.is_alive(), f"close() did not wake the thread in {WAKE_BOUND} s"
        return self.outcome[0]


def _assert_closed_error(outcome: object, operation: str) -> None:
    assert isinstance(outcome, SocketClosedError), outcome
    assert outcome.operation == operation
    assert outcome.state is State.CLOSED


# -- close() wakes a blocked call -------------------------------------------------


def test_close_wakes_a_thread_blocked_in_accept(family: Family[Addr]) -> None:
    listener = family.listening()
    listener.settimeout(None)
    fd = listener.fileno()
    call = Blocked(listener.accept)
    call.wait_in_system_call(fd)
    listener.close()
    _assert_closed_error(call.result(), "accept")
    assert not fd_is_open(fd)


def test_a_listeners_address_can_be_bound_again_after_close_woke_its_accept(
    family: Family[Addr],
) -> None:
    listener = family.listening()
    listener.settimeout(None)
    address = listener.getsockname()
    call = Blocked(listener.accept)
    call.wait_in_system_call(listener.fileno())
    listener.close()
    call.result()
    if family.kind == socket.AF_UNIX:
        assert isinstance(address, str)
        os.unlink(address)
    assert family.bind(family.fresh(), address).state is State.BOUND


@pytest.mark.parametrize("name", ["recv", "recv_into", "recv_exactly", "recvmsg"])
def test_close_wakes_a_thread_blocked_in_a_read(family: Family[Addr], name: str) -> None:
    client, _server = family.connected()
    client.settimeout(None)
    fd = client.fileno()
    argument = bytearray(4) if name == "recv_into" else 4
    call = Blocked(lambda: getattr(client, name)(argument))
    call.wait_in_system_call(fd)
    client.close()
    _assert_closed_error(call.result(), name)
    assert not fd_is_open(fd)


def test_close_wakes_a_thread_blocked_in_sendall(family: Family[Addr]) -> None:
    client, _server = family.connected()
    client.settimeout(None)
    fd = client.fileno()
    call = Blocked(lambda: client.sendall(b"x" * (64 << 20)))  # more than any buffer holds
    call.wait_in_system_call(fd)
    client.close()
    _assert_closed_error(call.result(), "sendall")


def test_close_wakes_a_thread_blocked_in_recvfrom(family: Family[Addr]) -> None:
    sock = family.datagram_bound()
    sock.settimeout(None)
    fd = sock.fileno()
    call = Blocked(lambda: sock.recvfrom(16))
    call.wait_in_system_call(fd)
    sock.close()
    _assert_closed_error(call.result(), "recvfrom")


def test_close_wakes_a_thread_blocked_in_a_connected_datagram_recv(
    family: Family[Addr],
) -> None:
    sock, _peer = family.datagram_connected()
    sock.settimeout(None)
    fd = sock.fileno()
    call = Blocked(lambda: sock.recv(16))
    call.wait_in_system_call(fd)
    sock.close()
    _assert_closed_error(call.result(), "recv")


def _stalled(family: Family[Addr]) -> ListeningSocket[Addr]:
    """A TCP listener whose queue is full: a connect to it waits."""
    listener = family.bind(family.fresh(), family.local()).listen(0)
    family.connect(family.fresh(), listener.getsockname())
    return listener


def test_a_blocking_connect_is_connecting_while_it_waits_and_close_wakes_it(
    family: Family[Addr],
) -> None:
    if family.kind == socket.AF_UNIX:
        pytest.skip("a Unix connect to a full queue fails at once or waits per kernel version")
    listener = _stalled(family)
    sock = family.fresh()
    fd = sock.fileno()
    call = Blocked(lambda: family.connect(sock, listener.getsockname()))
    call.wait_in_system_call(fd)
    assert state_of(sock) is State.CONNECTING
    sock.close()
    _assert_closed_error(call.result(), "connect")
    assert not fd_is_open(fd)


# -- a call that loses the race against close() ----------------------------------


@pytest.mark.parametrize("name", ["send", "sendall", "recv", "recv_into", "recvmsg"])
def test_a_data_method_saved_before_close_raises_socket_closed_error(
    family: Family[Addr], name: str
) -> None:
    client, _server = family.connected()
    method: Callable[[object], object] = getattr(client, name)
    argument = {"send": b"x", "sendall": b"x", "recv_into": bytearray(1)}.get(name, 1)
    client.close()
    with pytest.raises(SocketClosedError) as caught:
        method(argument)
    assert caught.value.operation == name
    assert isinstance(caught.value.__cause__, OSError)
    assert caught.value.__cause__.errno == errno.EBADF


def test_an_accept_saved_before_close_raises_socket_closed_error(family: Family[Addr]) -> None:
    listener = family.listening()
    accept = listener.accept
    listener.close()
    with pytest.raises(SocketClosedError):
        accept()


def test_a_connect_saved_before_close_raises_socket_closed_error(family: Family[Addr]) -> None:
    listener = family.listening()
    sock = family.fresh()
    sock.settimeout(None)
    connect = operation(sock, "connect")  # bound before close(), as a saved method is
    sock.close()
    with pytest.raises(SocketClosedError) as caught:
        connect(listener.getsockname())
    assert (caught.value.operation, caught.value.state) == ("connect", State.CLOSED)


def test_a_connect_whose_address_closes_the_socket_is_refused_when_it_claims_it(
    unix: Family[UnixAddress],
) -> None:
    """Checking the address runs the caller's code (``__fspath__``), outside
    the lock; what closes the socket meanwhile (another thread, or this
    code) is seen when ``connect()`` claims the socket, before it waits."""
    listener = unix.listening()
    name = listener.getsockname()
    assert isinstance(name, str)
    path: str = name

    class ClosesTheSocket:
        def __init__(self, sock: FreshSocket[UnixAddress]) -> None:
            self.sock = sock

        def __fspath__(self) -> str:
            self.sock.close()
            return path

    connecting = unix.fresh()
    connecting.setblocking(False)
    with pytest.raises(SocketClosedError) as caught:
        connecting.start_connect(ClosesTheSocket(connecting))
    assert (caught.value.operation, caught.value.state) == ("start_connect", State.CLOSED)
    sock = unix.fresh()
    sock.settimeout(None)
    with pytest.raises(SocketClosedError) as caught:
        sock.connect(ClosesTheSocket(sock))
    assert (caught.value.operation, caught.value.state) == ("connect", State.CLOSED)


def test_a_detach_saved_before_close_raises_socket_closed_error(family: Family[Addr]) -> None:
    sock = family.bound()
    detach = sock.detach
    sock.close()
    with pytest.raises(SocketClosedError) as caught:
        detach()
    assert (caught.value.operation, caught.value.state) == ("detach", State.CLOSED)


def test_datagram_calls_saved_before_close_raise_socket_closed_error(
    family: Family[Addr],
) -> None:
    sock = family.datagram_bound()
    recvfrom = sock.recvfrom
    sock.close()
    with pytest.raises(SocketClosedError):
        recvfrom(1)


# -- racing transitions -------------------------------------------------------------


def _race(first: Callable[[], object], second: Callable[[], object]) -> list[object]:
    """Run both calls at once (as near as a barrier gets) and return their
    outcomes: a result or the exception raised."""
    barrier = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def run(index: int, call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            outcomes[index] = call()
        except BaseException as error:  # the test inspects it
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(SAFETY_TIMEOUT)
    return outcomes


def test_two_threads_binding_one_socket_end_with_one_success_and_one_ordering_error(
    family: Family[Addr],
) -> None:
    for _ in range(ROUNDS):
        sock = family.fresh()
        outcomes = _race(
            partial(family.bind, sock, family.local()), partial(family.bind, sock, family.local())
        )
        errors = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
        assert len(errors) == 1, outcomes
        assert isinstance(errors[0], OrderingError)
        assert errors[0].state is State.BOUND
        assert state_of(sock) is State.BOUND


def test_two_threads_listening_on_one_socket_end_with_one_success_and_one_ordering_error(
    family: Family[Addr],
) -> None:
    for _ in range(ROUNDS):
        bound = family.bound()
        outcomes = _race(bound.listen, bound.listen)
        errors = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
        assert len(errors) == 1, outcomes
        assert isinstance(errors[0], OrderingError)
        assert state_of(bound) is State.LISTENING


def test_two_threads_shutting_one_side_down_both_succeed_with_one_system_call(
    family: Family[Addr],
) -> None:
    for _ in range(ROUNDS):
        client, _server = family.connected()
        outcomes = _race(client.shutdown_write, client.shutdown_write)
        assert all(outcome is client for outcome in outcomes), outcomes
        assert state_of(client) is State.RECEIVE_ONLY


def test_close_racing_a_bind_leaves_a_closed_socket_and_no_raw_error(
    family: Family[Addr],
) -> None:
    for _ in range(ROUNDS):
        sock = family.fresh()
        bind_outcome, _ = _race(partial(family.bind, sock, family.local()), sock.close)
        assert bind_outcome is sock or isinstance(bind_outcome, SocketClosedError), bind_outcome
        assert state_of(sock) is State.CLOSED
        with pytest.raises(SocketClosedError):
            sock.fileno()


def test_close_racing_a_connect_leaves_a_closed_socket_and_no_raw_error(
    family: Family[Addr],
) -> None:
    listener = family.listening()
    for _ in range(ROUNDS // 4):
        sock = family.fresh()
        connect_outcome, _ = _race(
            partial(family.connect, sock, listener.getsockname()), sock.close
        )
        assert connect_outcome is sock or isinstance(connect_outcome, SocketClosedError), (
            connect_outcome
        )
        assert state_of(sock) is State.CLOSED


# -- several threads accepting ---------------------------------------------------------


def test_several_threads_accept_on_one_listener_each_connection_once(
    family: Family[Addr],
) -> None:
    listener = family.listening()
    listener.settimeout(SAFETY_TIMEOUT)
    accepted: list[ConnectedSocket[Addr]] = []
    lock = threading.Lock()

    def accept_one() -> None:
        conn, _ = listener.accept()
        with lock:
            accepted.append(conn)

    threads = [threading.Thread(target=accept_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    clients = [family.connect(family.fresh(), listener.getsockname()) for _ in range(4)]
    for thread in threads:
        thread.join(SAFETY_TIMEOUT)
    try:
        assert len(accepted) == 4
        assert len({id(conn) for conn in accepted}) == 4
        assert all(client.state is State.CONNECTED for client in clients)
    finally:
        for conn in accepted:
            family.adopt(conn)
