"""Faults: the kernel's refusals, timeouts, a process out of descriptors and
a signal in the middle of a blocking call, each leaving the socket in the
state the docs name; and thousands of them leaving the descriptors as they
were.

What the docs (``sockstate._states``, the README) say, and these tests hold
the code to:

* A failed ``bind`` or ``listen`` (EADDRINUSE, EADDRNOTAVAIL) leaves the
  socket as it was: fresh, bound or unbound.
* A failed stream ``connect`` (ECONNREFUSED, a timeout, an exception that a
  signal handler raised) moves the socket to ``FAILED``, its descriptor
  released.
* A ``ConnectionError`` from a stream's data call (ECONNRESET, EPIPE) moves
  it to ``BROKEN``; any other error (a timeout, EINVAL, EMSGSIZE, an
  exception from a signal handler) leaves it where it was, and so does every
  error of a datagram's data call and of ``accept``.
* A signal whose handler returns does not end the call: it goes on
  (PEP 475) and returns what it would have returned.

Timeouts here inject a fault; nothing asserts how long anything took.
"""

from __future__ import annotations

import contextlib
import errno
import signal
import socket
import threading
import time
from typing import TYPE_CHECKING

import pytest

from sockstate import (
    FailedSocket,
    SockstateError,
    State,
)
from support import (
    SAFETY_TIMEOUT,
    Addr,
    Family,
    KernelView,
    blocking_with_safety_net,
    class_of,
    fd_is_open,
    in_a_system_call_on,
    state_of,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Generator
    from types import FrameType

    from sockstate import ConnectedSocket, ListeningSocket

INET = ["ipv4", "ipv6"]
"""The fixtures of the families with ports and interfaces."""

NO_INTERFACE: dict[str, object] = {
    "ipv4": ("192.0.2.1", 0),  # TEST-NET-1 (RFC 5737)
    "ipv6": ("2001:db8::1", 0, 0, 0),  # the documentation prefix (RFC 3849)
}
"""An address of each IP family that no interface of this machine has."""


def _family(request: pytest.FixtureRequest, name: str) -> Family[object]:
    family: Family[object] = request.getfixturevalue(name)
    return family


def _full_listener(family: Family[Addr]) -> ListeningSocket[Addr]:
    """A listener whose queue is full: backlog 0 and one connection waiting
    in it.  A blocking connect to it waits (TCP: the kernel drops the SYN and
    retries it a second later; Unix: connect(2) sleeps until there is room),
    and one with a timeout fails."""
    listener = family.bound().listen(0)
    listener.raw_socket().settimeout(SAFETY_TIMEOUT)
    family.connect(family.fresh(), listener.getsockname())
    return listener


# -- bind and listen -----------------------------------------------------------------------


@pytest.mark.parametrize("name", INET)
def test_bind_to_an_address_of_no_interface_raises_eaddrnotavail_and_stays_fresh(
    request: pytest.FixtureRequest, name: str
) -> None:
    family = _family(request, name)
    fresh = family.fresh()
    kernel = KernelView.of(fresh.raw_socket())
    with pytest.raises(OSError, match="assign") as caught:
        family.bind(fresh, NO_INTERFACE[name])
    assert (type(caught.value), caught.value.errno) == (OSError, errno.EADDRNOTAVAIL)
    assert not isinstance(caught.value, SockstateError)
    assert state_of(fresh) is State.FRESH
    assert KernelView.of(fresh.raw_socket()) == kernel
    assert family.bind(fresh, family.local()).state is State.BOUND


@pytest.mark.parametrize("name", INET)
def test_a_datagram_bind_to_an_address_of_no_interface_raises_eaddrnotavail_and_stays_unbound(
    request: pytest.FixtureRequest, name: str
) -> None:
    family = _family(request, name)
    unbound = family.datagram()
    with pytest.raises(OSError, match="assign") as caught:
        family.bind_datagram(unbound, NO_INTERFACE[name])
    assert caught.value.errno == errno.EADDRNOTAVAIL
    assert state_of(unbound) is State.DATAGRAM
    assert family.bind_datagram(unbound, family.local()).state is State.DATAGRAM_BOUND


@pytest.mark.parametrize("name", INET)
def test_listen_on_a_port_another_socket_listens_on_raises_eaddrinuse_and_stays_bound(
    request: pytest.FixtureRequest, name: str
) -> None:
    family = _family(request, name)
    first, second = family.fresh(), family.fresh()
    for sock in (first, second):  # both may bind the port; only one may listen
        sock.raw_socket().setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    taken = family.bind(first, family.local())
    bound = family.bind(second, taken.getsockname())
    listening = taken.listen()
    kernel = KernelView.of(bound.raw_socket())
    with pytest.raises(OSError, match="in use") as caught:
        bound.listen()
    assert (type(caught.value), caught.value.errno) == (OSError, errno.EADDRINUSE)
    assert state_of(bound) is State.BOUND
    assert KernelView.of(bound.raw_socket()) == kernel  # SO_ACCEPTCONN still 0
    listening.close()
    assert bound.listen().state is State.LISTENING


# -- connect -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", INET)
def test_a_connect_that_times_out_fails_and_releases_the_descriptor(
    request: pytest.FixtureRequest, name: str
) -> None:
    family = _family(request, name)
    target = _full_listener(family).getsockname()
    fresh = family.fresh()
    fd = fresh.fileno()
    fresh.raw_socket().settimeout(0.01)
    with pytest.raises(TimeoutError) as caught:
        family.connect(fresh, target)
    assert not isinstance(caught.value, SockstateError)
    assert state_of(fresh) is State.FAILED
    assert class_of(fresh) is FailedSocket
    assert not fd_is_open(fd)


def test_a_unix_connect_with_a_timeout_to_a_full_listener_fails_at_once(
    unix: Family[Addr],
) -> None:
    """CPython answers EAGAIN, where a TCP connect waits for the timeout
    (python/cpython#117208): an ``OSError`` like any other, so ``FAILED``."""
    target = _full_listener(unix).getsockname()
    fresh = unix.fresh()
    fd = fresh.fileno()
    fresh.raw_socket().settimeout(SAFETY_TIMEOUT)
    with pytest.raises((BlockingIOError, TimeoutError)):
        unix.connect(fresh, target)
    assert state_of(fresh) is State.FAILED
    assert not fd_is_open(fd)


# -- signals ---------------------------------------------------------------------------------


class HandlerError(Exception):
    """What the signal handlers that raise raise."""


@contextlib.contextmanager
def signalled_in_a_call_on(
    raw: socket.socket, handler: Callable[[], object]
) -> Generator[list[int], None, None]:
    """Inside the block, a thread of its own sends SIGUSR1 to this (the main)
    thread once this thread sits in a system call on ``raw``, and the signal
    runs ``handler``.  Yields the list of signals handled.

    ``raw`` is made blocking, so that the call waits in the system call
    itself, with the kernel's own timeouts as the safety net.
    """
    main = threading.main_thread()
    assert threading.current_thread() is main, "signal handlers run in the main thread"
    main_tid, main_ident = main.native_id, main.ident
    assert main_tid is not None
    assert main_ident is not None
    blocking_with_safety_net(raw)
    fd = raw.fileno()
    handled: list[int] = []
    finished = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        handled.append(signum)
        handler()

    def watch() -> None:
        deadline = time.monotonic() + SAFETY_TIMEOUT
        while not finished.is_set() and time.monotonic() < deadline:
            if in_a_system_call_on(main_tid, fd):
                signal.pthread_kill(main_ident, signal.SIGUSR1)
                return
            time.sleep(0.001)

    previous = signal.signal(signal.SIGUSR1, on_signal)
    watcher = threading.Thread(target=watch, name="signaller")
    watcher.start()
    try:
        yield handled
    finally:
        finished.set()
        watcher.join()
        signal.signal(signal.SIGUSR1, previous)


def _raise() -> None:
    raise HandlerError


def test_a_signal_handler_that_raises_ends_a_blocking_recv_and_leaves_it_connected(
    family: Family[Addr],
) -> None:
    sock, peer = family.connected()
    with signalled_in_a_call_on(sock.raw_socket(), _raise) as handled, pytest.raises(HandlerError):
        sock.recv(4)
    assert handled == [signal.SIGUSR1]
    assert state_of(sock) is State.CONNECTED
    peer.sendall(b"late")
    assert sock.recv_exactly(4) == b"late"


def test_a_blocking_recv_goes_on_after_a_signal_handler_that_returns(
    family: Family[Addr],
) -> None:
    sock, peer = family.connected()
    with signalled_in_a_call_on(sock.raw_socket(), lambda: peer.sendall(b"woke")) as handled:
        assert sock.recv(4) == b"woke"
    assert handled == [signal.SIGUSR1]
    assert state_of(sock) is State.CONNECTED


def test_a_signal_handler_that_raises_ends_recv_exactly_and_leaves_it_connected(
    family: Family[Addr],
) -> None:
    """What ``recv_exactly`` read before the exception is lost, as its
    docstring says."""
    sock, peer = family.connected()
    peer.sendall(b"ha")
    with signalled_in_a_call_on(sock.raw_socket(), _raise), pytest.raises(HandlerError):
        sock.recv_exactly(4)
    assert state_of(sock) is State.CONNECTED
    peer.sendall(b"next")
    assert sock.recv_exactly(4) == b"next"


def test_recv_exactly_goes_on_after_a_signal_handler_that_returns(family: Family[Addr]) -> None:
    sock, peer = family.connected()
    peer.sendall(b"ha")
    with signalled_in_a_call_on(sock.raw_socket(), lambda: peer.sendall(b"lf")) as handled:
        assert sock.recv_exactly(4) == b"half"
    assert handled == [signal.SIGUSR1]


def test_a_signal_handler_that_raises_ends_a_blocking_sendall_and_leaves_it_connected(
    family: Family[Addr],
) -> None:
    sock, _ = family.connected()
    with signalled_in_a_call_on(sock.raw_socket(), _raise), pytest.raises(HandlerError):
        sock.sendall(bytes(64 * 1024 * 1024))  # more than both buffers hold
    assert state_of(sock) is State.CONNECTED
    assert fd_is_open(sock.fileno())


def test_a_signal_handler_that_raises_ends_a_blocking_accept_and_leaves_it_listening(
    family: Family[Addr],
) -> None:
    listener = family.listening()
    with signalled_in_a_call_on(listener.raw_socket(), _raise), pytest.raises(HandlerError):
        listener.accept()
    assert state_of(listener) is State.LISTENING
    listener.raw_socket().settimeout(SAFETY_TIMEOUT)
    client = family.connect(family.fresh(), listener.getsockname())
    server, _ = family.accept(listener)
    assert server.getpeername() == client.getsockname()


def test_a_blocking_accept_goes_on_after_a_signal_handler_that_returns(
    family: Family[Addr],
) -> None:
    listener = family.listening()
    clients: list[ConnectedSocket[Addr]] = []

    def connect() -> None:
        clients.append(family.connect(family.fresh(), listener.getsockname()))

    with signalled_in_a_call_on(listener.raw_socket(), connect) as handled:
        server, _ = listener.accept()
    family.adopt(server)
    assert handled == [signal.SIGUSR1]
    assert server.getpeername() == clients[0].getsockname()
    assert state_of(listener) is State.LISTENING


def test_a_signal_handler_that_raises_ends_a_blocking_connect_which_fails(
    family: Family[Addr],
) -> None:
    target = _full_listener(family).getsockname()
    fresh = family.fresh()
    fd = fresh.fileno()
    with signalled_in_a_call_on(fresh.raw_socket(), _raise), pytest.raises(HandlerError):
        family.connect(fresh, target)
    assert state_of(fresh) is State.FAILED
    assert not fd_is_open(fd)


def test_a_blocking_connect_goes_on_after_a_signal_handler_that_returns(
    family: Family[Addr],
) -> None:
    """The handler makes room in the listener's queue.  TCP's connect goes on
    in the kernel and completes when the SYN is sent again, a second later;
    a Unix connect(2) ends with EINTR, and CPython, taking it for TCP's,
    reported success on a socket that was not connected (found by this
    test): sockstate connects it again."""
    listener = _full_listener(family)
    fresh = family.fresh()

    def make_room() -> None:
        family.accept(listener)

    with signalled_in_a_call_on(fresh.raw_socket(), make_room) as handled:
        connected = family.connect(fresh, listener.getsockname())
    assert handled == [signal.SIGUSR1]
    assert state_of(connected) is State.CONNECTED
    assert connected.getpeername() == listener.getsockname()
    server, _ = family.accept(listener)
    connected.sendall(b"in")
    assert server.recv_exactly(2) == b"in"
