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
import io
import resource
import select
import signal
import socket
import threading
import time
from typing import TYPE_CHECKING

import pytest

import sockstate
from sockstate import (
    AddressError,
    FailedSocket,
    MessageTruncatedError,
    OrderingError,
    SocketClosedError,
    SockstateError,
    State,
    UnixAddress,
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
    open_fds,
    operation,
    state_of,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Generator
    from types import FrameType
    from typing import Any

    from sockstate import (
        BoundDatagramSocket,
        ConnectedDatagramSocket,
        ConnectedSocket,
        ListeningSocket,
    )

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
    unix: Family[UnixAddress],
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


# -- data calls --------------------------------------------------------------------------


def test_a_send_after_the_peer_closed_meets_a_broken_pipe_and_breaks_the_socket(
    family: Family[Addr],
) -> None:
    """The peer closed with nothing unread: its kernel answers the first
    send with a reset (TCP) and the next send meets EPIPE; a Unix send meets
    EPIPE at once."""
    sock, peer = family.connected()
    peer.close()
    fd = sock.fileno()
    if family.kind != socket.AF_UNIX:
        sock.send(b"x")
        poller = select.poll()
        poller.register(fd, select.POLLERR)
        assert poller.poll(SAFETY_TIMEOUT * 1000), "the peer's reset never came"
    with pytest.raises(BrokenPipeError) as caught:
        sock.send(b"x")
    assert caught.value.errno == errno.EPIPE
    assert not isinstance(caught.value, SockstateError)
    assert state_of(sock) is State.BROKEN
    assert fd_is_open(fd)
    assert sock.close().state is State.CLOSED
    assert not fd_is_open(fd)


BAD_SENDMSG = [
    pytest.param([b"x"], [(socket.SOL_SOCKET, 0x7FFF, b"junk")], errno.EINVAL, id="EINVAL"),
    pytest.param([b"x"] * 2048, [], errno.EMSGSIZE, id="EMSGSIZE"),  # more than IOV_MAX
]
"""``sendmsg`` arguments the kernel refuses: an unknown ancillary message,
too many buffers."""


@pytest.mark.parametrize(("buffers", "ancdata", "code"), BAD_SENDMSG)
def test_a_kernel_error_that_is_no_connection_error_leaves_the_socket_connected(
    family: Family[Addr],
    buffers: list[bytes],
    ancdata: list[tuple[int, int, bytes]],
    code: int,
) -> None:
    sock, peer = family.connected()
    with pytest.raises(OSError) as caught:  # noqa: PT011 - the errno is checked below
        sock.sendmsg(buffers, ancdata)
    assert (type(caught.value), caught.value.errno) == (OSError, code)
    assert state_of(sock) is State.CONNECTED
    sock.sendall(b"ok")
    assert peer.recv_exactly(2) == b"ok"  # nothing of the refused call arrived


def test_a_datagram_too_long_raises_emsgsize_and_leaves_the_socket_bound(
    family: Family[Addr],
) -> None:
    sock = family.datagram_bound()
    with pytest.raises(OSError, match="too long") as caught:
        family.sendto(sock, bytes(1 << 20), sock.getsockname())
    assert caught.value.errno == errno.EMSGSIZE
    assert state_of(sock) is State.DATAGRAM_BOUND
    family.sendto(sock, b"fits", sock.getsockname())
    assert sock.recvfrom(8)[0] == b"fits"


def test_a_refused_udp_datagram_leaves_the_socket_connected_and_it_can_move_on(
    family: Family[Addr],
) -> None:
    """ECONNREFUSED on IP reports, to the next call, a datagram that the
    peer's host refused (an ICMP message): the socket stays connected."""
    if family.kind == socket.AF_UNIX:
        pytest.skip("a Unix socket's refusal means its peer closed: see the next test")
    sock, peer = family.datagram_connected()
    peer.close()
    sock.send(b"x")
    with pytest.raises(ConnectionRefusedError) as caught:
        sock.recv(8)
    assert caught.value.errno == errno.ECONNREFUSED
    assert state_of(sock) is State.DATAGRAM_CONNECTED
    listener = family.datagram_bound()
    moved = family.connect_datagram(sock, listener.getsockname())
    moved.send(b"again")
    assert listener.recvfrom(8)[0] == b"again"


def test_a_unix_datagram_socket_that_met_a_closed_peer_no_longer_claims_a_peer(
    unix: Family[UnixAddress],
) -> None:
    sock, peer = unix.datagram_connected()
    peer.close()
    with pytest.raises(ConnectionRefusedError):
        sock.send(b"x")
    with pytest.raises(OSError, match="not connected"):
        sock.raw_socket().getpeername()  # the kernel's view
    assert state_of(sock) is State.BROKEN


# -- timeouts ------------------------------------------------------------------------------


def test_accept_that_times_out_leaves_the_socket_listening(family: Family[Addr]) -> None:
    listener = family.listening()
    listener.raw_socket().settimeout(0.001)
    with pytest.raises(TimeoutError):
        listener.accept()
    assert state_of(listener) is State.LISTENING
    listener.raw_socket().settimeout(SAFETY_TIMEOUT)
    client = family.connect(family.fresh(), listener.getsockname())
    server, _ = family.accept(listener)
    assert server.getpeername() == client.getsockname()


def test_recvfrom_that_times_out_leaves_the_socket_bound(family: Family[Addr]) -> None:
    sock = family.datagram_bound()
    sock.raw_socket().settimeout(0.001)
    with pytest.raises(TimeoutError):
        sock.recvfrom(8)
    assert state_of(sock) is State.DATAGRAM_BOUND
    family.sendto(sock, b"late", sock.getsockname())
    assert sock.recvfrom(8)[0] == b"late"


def test_a_datagram_recv_that_times_out_leaves_the_socket_connected(family: Family[Addr]) -> None:
    sock, peer = family.datagram_connected()
    sock.raw_socket().settimeout(0.001)
    with pytest.raises(TimeoutError):
        sock.recv(8)
    assert state_of(sock) is State.DATAGRAM_CONNECTED
    family.sendto(peer, b"late", sock.getsockname())
    sock.raw_socket().settimeout(SAFETY_TIMEOUT)
    assert sock.recv(8) == b"late"


# -- a process out of descriptors --------------------------------------------------------------


@contextlib.contextmanager
def no_descriptor_left() -> Generator[None, None, None]:
    """Inside the block, every new descriptor fails with EMFILE: the soft
    limit on descriptors is the lowest free one.  Nothing inside may open a
    file (``open_fds()`` included)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    lowest_free = next(fd for fd in range(soft) if not fd_is_open(fd))
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowest_free, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_accept_with_no_descriptor_left_raises_emfile_and_leaves_the_connection_waiting(
    family: Family[Addr],
) -> None:
    listener = family.listening()
    client = family.connect(family.fresh(), listener.getsockname())
    with no_descriptor_left(), pytest.raises(OSError, match="open files") as caught:
        listener.accept()
    assert caught.value.errno == errno.EMFILE
    assert state_of(listener) is State.LISTENING
    server, _ = family.accept(listener)
    assert server.getpeername() == client.getsockname()


@pytest.mark.parametrize(
    "make",
    [sockstate.tcp, sockstate.tcp6, sockstate.unix, sockstate.udp, sockstate.socketpair],
    ids=lambda make: make.__name__,
)
def test_a_new_socket_with_no_descriptor_left_raises_emfile_and_makes_nothing(
    make: Callable[[], object],
) -> None:
    before = open_fds()
    with no_descriptor_left(), pytest.raises(OSError, match="open files") as caught:
        make()
    assert caught.value.errno == errno.EMFILE
    assert open_fds() == before


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


def test_a_signal_handler_that_raises_ends_a_blocking_recvfrom_and_leaves_it_bound(
    family: Family[Addr],
) -> None:
    sock = family.datagram_bound()
    with signalled_in_a_call_on(sock.raw_socket(), _raise), pytest.raises(HandlerError):
        sock.recvfrom(8)
    assert state_of(sock) is State.DATAGRAM_BOUND
    family.sendto(sock, b"late", sock.getsockname())
    assert sock.recvfrom(8)[0] == b"late"


def test_a_blocking_recvfrom_goes_on_after_a_signal_handler_that_returns(
    family: Family[Addr],
) -> None:
    sock = family.datagram_bound()

    def send_one() -> None:
        family.sendto(sock, b"woke", sock.getsockname())

    with signalled_in_a_call_on(sock.raw_socket(), send_one) as handled:
        assert sock.recvfrom(8)[0] == b"woke"
    assert handled == [signal.SIGUSR1]
    assert state_of(sock) is State.DATAGRAM_BOUND


def _fill(raw: socket.socket) -> None:
    """Send on ``raw`` until the kernel holds no more: its next blocking
    send waits, with nothing sent."""
    raw.setblocking(False)
    with contextlib.suppress(BlockingIOError):
        while True:
            raw.send(bytes(64 * 1024))


_WAITING_STREAM_CALLS: dict[str, Callable[[ConnectedSocket[Any]], object]] = {
    "send": lambda sock: sock.send(b"x"),
    "sendall": lambda sock: sock.sendall(b"x"),
    "sendmsg": lambda sock: sock.sendmsg([b"x"]),
    "recv": lambda sock: sock.recv(4),
    "recv_into": lambda sock: sock.recv_into(bytearray(4)),
    "recv_exactly": lambda sock: sock.recv_exactly(4),
    "recvmsg": lambda sock: sock.recvmsg(4),
    "sendfile": lambda sock: sock.sendfile(io.BytesIO(b"x")),
}
"""Each data call of a stream, as it waits: a send on a full connection, a
read with nothing to read."""

_WAITING_UNIX_CALLS: dict[str, Callable[[ConnectedSocket[UnixAddress]], object]] = {
    "send_fds": lambda sock: sock.send_fds([b"x"], [0]),
    "recv_fds": lambda sock: sock.recv_fds(4, 1),
}
"""The data calls of Unix streams only, as they wait."""


@pytest.mark.parametrize("name", sorted(_WAITING_UNIX_CALLS))
def test_close_in_a_signal_handler_ends_a_waiting_descriptor_call(
    unix: Family[UnixAddress], name: str
) -> None:
    """As for the other data calls: the call releases the descriptor as it
    leaves, with the closed socket's error."""
    sock, _peer = unix.connected()
    if name.startswith("send"):
        _fill(sock.raw_socket())
    fd = sock.fileno()
    with (
        signalled_in_a_call_on(sock.raw_socket(), sock.close) as handled,
        pytest.raises(SocketClosedError) as caught,
    ):
        _WAITING_UNIX_CALLS[name](sock)
    assert handled == [signal.SIGUSR1]
    assert (caught.value.operation, caught.value.state) == (name, State.CLOSED)
    assert not fd_is_open(fd)


@pytest.mark.parametrize("name", sorted(_WAITING_STREAM_CALLS))
def test_close_in_a_signal_handler_ends_the_call_it_interrupts_which_releases_the_descriptor(
    family: Family[Addr], name: str
) -> None:
    """The call is under way when ``close()`` runs (in this very thread), so
    ``close()`` leaves the number to the call, which closes it as it leaves
    with the closed socket's error."""
    sock, _peer = family.connected()
    if name.startswith("send"):
        _fill(sock.raw_socket())
    fd = sock.fileno()
    with (
        signalled_in_a_call_on(sock.raw_socket(), sock.close) as handled,
        pytest.raises(SocketClosedError) as caught,
    ):
        _WAITING_STREAM_CALLS[name](sock)
    assert handled == [signal.SIGUSR1]
    assert (caught.value.operation, caught.value.state) == (name, State.CLOSED)
    assert not fd_is_open(fd)


def _closed_in_its_call(
    sock: BoundDatagramSocket[Any] | ConnectedDatagramSocket[Any], call: Callable[[], object]
) -> None:
    """``call`` on ``sock`` waits, a signal handler closes ``sock``, and the
    call raises the closed socket's error and releases the descriptor."""
    fd = sock.fileno()
    with (
        signalled_in_a_call_on(sock.raw_socket(), sock.close) as handled,
        pytest.raises(SocketClosedError),
    ):
        call()
    assert handled == [signal.SIGUSR1]
    assert not fd_is_open(fd)


def test_close_in_a_signal_handler_ends_a_waiting_datagram_recvfrom_and_recv(
    family: Family[Addr],
) -> None:
    bound = family.datagram_bound()
    _closed_in_its_call(bound, lambda: bound.recvfrom(4))
    connected, _peer = family.datagram_connected()
    _closed_in_its_call(connected, lambda: connected.recv(4))


def test_close_in_a_signal_handler_ends_a_waiting_datagram_sendto_and_send(
    unix: Family[UnixAddress],
) -> None:
    """Unix datagrams wait for room in the receiver's queue (UDP drops)."""
    receiver = unix.datagram_bound()
    bound = unix.datagram_bound()
    bound.raw_socket().setblocking(False)
    with contextlib.suppress(BlockingIOError):
        while True:
            unix.sendto(bound, b"x", receiver.getsockname())
    _closed_in_its_call(bound, lambda: unix.sendto(bound, b"x", receiver.getsockname()))
    connected = unix.connect_datagram(unix.datagram(), receiver.getsockname())
    _closed_in_its_call(connected, lambda: connected.send(b"x"))


# -- thousands of faults ---------------------------------------------------------------------

CYCLES = 2000
"""How many times each family goes through every fault."""


def _cycle(family: Family[Addr], refusing: Addr, taken: Addr) -> None:
    """One of each: a whole conversation (socket, bind, listen, connect,
    accept, send, recv, half-close, close) with a read that cannot wait, a
    reset, a refused connect, a bind to an address in use, a bad address and
    an ordering error; then datagrams: a read that cannot wait, a truncated
    datagram and a connect that fails.  Every socket is closed at the end."""
    listener = family.listening()
    client, server = family.connected(listener)
    server.raw_socket().settimeout(0)
    with pytest.raises(BlockingIOError):
        server.recv(1)
    server.raw_socket().settimeout(SAFETY_TIMEOUT)
    client.sendall(b"ping")
    assert server.recv_exactly(4) == b"ping"
    client.shutdown_write()
    assert server.recv(1) == b""
    server.sendall(b"pong")
    server.close()
    assert client.recv_exactly(4) == b"pong"
    assert client.recv(1) == b""
    client.close()
    listener.close()
    broken = family.build(State.BROKEN)
    assert broken.listener is not None
    broken.sock.close()
    broken.listener.close()

    refused = family.fresh()
    with pytest.raises(ConnectionRefusedError):
        family.connect(refused, refusing)
    refused.close()

    fresh = family.fresh()
    with pytest.raises(OSError, match="in use"):
        family.bind(fresh, taken)
    with pytest.raises(AddressError):
        operation(fresh, "bind")(object())
    with pytest.raises(OrderingError):
        operation(fresh, "accept")
    fresh.close()

    receiver, sender = family.datagram_bound(), family.datagram_bound()
    receiver.raw_socket().settimeout(0)
    with pytest.raises(BlockingIOError):
        receiver.recvfrom(1)
    receiver.raw_socket().settimeout(SAFETY_TIMEOUT)
    family.sendto(sender, b"long", receiver.getsockname())
    with pytest.raises(MessageTruncatedError):
        receiver.recvfrom(1)
    family.connect_datagram(sender, receiver.getsockname()).close()
    receiver.close()

    unbound = family.datagram()
    with pytest.raises(OSError):  # noqa: PT011 - which errno depends on the family
        family.connect_datagram(unbound, family.datagram_refusing())
    assert state_of(unbound) is State.FAILED
    unbound.close()


def test_thousands_of_cycles_through_the_faults_leave_the_descriptors_as_they_were(
    family: Family[Addr],
) -> None:
    refusing = family.refusing()
    taken = family.listening().getsockname()
    before = open_fds()
    for _ in range(CYCLES):
        _cycle(family, refusing, taken)
    assert open_fds() == before
