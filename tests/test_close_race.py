"""``close()`` while other threads are in calls on the socket: deferred close.

A thread that waits in ``recv()`` or ``accept()`` on a socket with a
timeout waits in ``poll()`` with the GIL released, and CPython looks the
socket's descriptor *number* up again when it wakes.  If ``close()``
released the number at once, a socket opened in the meantime could take it,
and the woken call would read from (or go back to sleep on) that unrelated
socket.  So ``close()`` defers: it marks the socket closed and, while calls
are under way, shuts it down to wake them but keeps the number allocated;
the last call to leave releases it.  With no call under way it releases the
number at once and does not shut down, so a connection or a listener shared
with a forked child survives the parent's ``close()``.  A ``close()`` that
waits for the lock another thread's transition holds, and is interrupted
there by a signal, raises the signal handler's exception.

A waiting thread is found waiting by asking Linux which system call it is
in (``/proc/self/task/<tid>/syscall``), never by sleeping.  A race test
runs its round many times (bounded in count and in time), then fails with
every bad round listed.  It also says how often a new socket took the freed
number, without asserting it: while the number is released at once, one
always does; with deferred close, one can only once the woken call has
left, which is harmless.
"""

from __future__ import annotations

import contextlib
import os
import platform
import select
import signal
import socket
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, cast

import pytest

import sockstate
from sockstate import (
    ConnectedSocket,
    FreshSocket,
    IPv4Address,
    ListeningSocket,
    SocketClosedError,
    State,
)
from support import SAFETY_TIMEOUT, fd_is_open, state_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import FrameType

needs_proc = pytest.mark.skipif(
    not os.path.exists(f"/proc/self/task/{threading.get_native_id()}/syscall"),
    reason="finding a thread waiting in a system call needs Linux's /proc/<pid>/task/<tid>/syscall",
)
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork()")

WAKE_BOUND = 1.0
"""Seconds within which ``close()`` must end a call waiting on the socket."""

CALL_TIMEOUT = 3.0
"""The timeout of the waiting calls: it puts the socket in timeout mode, in
which CPython waits in ``poll()``.  Longer than ``WAKE_BOUND``, so a call
that ends by timing out is caught as one that stayed blocked; short, because
a bad round of the accept race lasts until it."""

ROUNDS = 300
"""How many times each race runs, at most."""

TIME_BUDGET = 20.0
"""Seconds a race may take, at most: it stops early, after fewer rounds,
on a machine too slow (or too busy) for ``ROUNDS`` in this time."""

MINIMUM_ROUNDS = 30
"""Fewer rounds than this in ``TIME_BUDGET`` would prove too little."""

ENOUGH_BAD = 5
"""A race stops after this many bad rounds: the point is made, and each
costs up to ``WAKE_BOUND`` or more."""

INTRUDER_PAIRS = 3
"""Socket pairs (``recv`` race) or listeners (``accept`` race) opened at
once after ``close()``: more descriptors than the holes below the freed
number, so that one of them takes it whenever it is free."""

_SYSCALLS: dict[str, dict[str, int]] = {
    "x86_64": {
        "poll": 7,
        "ppoll": 271,
        "recvfrom": 45,
        "accept": 43,
        "accept4": 288,
        "futex": 202,
    },
    "aarch64": {"ppoll": 73, "recvfrom": 207, "accept": 202, "accept4": 242, "futex": 98},
}
"""System call numbers by machine: the waits of a timeout-mode call (poll,
ppoll), the calls that wait themselves (recvfrom, which ``recv(2)`` is
made of, and accept), and the wait for a lock (futex).  From the kernel's
tables: arch/x86/entry/syscalls/syscall_64.tbl and
include/uapi/asm-generic/unistd.h."""

_NUMBERS = _SYSCALLS.get(platform.machine(), {})
_POLLS = frozenset(_NUMBERS[name] for name in ("poll", "ppoll") if name in _NUMBERS)
_ON_FD = frozenset(_NUMBERS[name] for name in ("recvfrom", "accept", "accept4") if name in _NUMBERS)

_READS = frozenset({"recv", "recv_into", "recvmsg", "recvfrom", "recvfrom_into"})
"""The stdlib socket methods a receive may be made of."""


def _waiting_for_a_lock(tid: int) -> bool:
    """Whether thread ``tid`` of this process waits in ``futex(2)`` with no
    timeout (its fourth argument): for a lock acquired without one.  A wait
    for the GIL has a timeout (CPython's ``take_gil`` wakes every switch
    interval)."""
    with open(f"/proc/self/task/{tid}/syscall") as status:
        fields = status.read().split()
    return len(fields) > 4 and fields[0] == str(_NUMBERS["futex"]) and int(fields[4], 16) == 0


def _needs_syscall_numbers() -> None:
    if not _POLLS:
        pytest.skip(f"no system call numbers known for {platform.machine()}")


def _waiting_on(tid: int, fd: int) -> bool:
    """Whether thread ``tid`` of this process waits in a system call on
    ``fd``: in poll or ppoll on one descriptor (the thread makes no other
    poll), or in a receive or an accept whose first argument is ``fd``."""
    with open(f"/proc/self/task/{tid}/syscall") as status:
        fields = status.read().split()
    if len(fields) < 3 or fields[0] in ("running", "-1"):
        return False
    number, first, second = int(fields[0]), int(fields[1], 16), int(fields[2], 16)
    if number in _POLLS:
        return second == 1
    return number in _ON_FD and first == fd


class Call:
    """A call running in a thread of its own, and how it ended."""

    def __init__(self, call: Callable[[], object]) -> None:
        self._outcome: list[object] = []
        self.thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self.thread.start()

    def _run(self, call: Callable[[], object]) -> None:
        try:
            self._outcome.append(call())
        except BaseException as error:  # the test inspects it
            self._outcome.append(error)

    def wait_until_waiting_on(self, fd: int) -> None:
        """Return once the thread waits in a system call on ``fd``: polls
        ``/proc`` (bounded), the one way to know without a race."""
        tid = self.thread.native_id
        assert tid is not None
        deadline = time.monotonic() + SAFETY_TIMEOUT
        while time.monotonic() < deadline:
            if not self.thread.is_alive():
                raise AssertionError(f"the call ended before it waited: {self.outcome()!r}")
            if _waiting_on(tid, fd):
                return
            time.sleep(0.0005)
        raise AssertionError(f"the thread never waited on descriptor {fd}")

    def ended_within(self, seconds: float) -> bool:
        self.thread.join(seconds)
        return not self.thread.is_alive()

    def where(self) -> str:
        """The system call the thread is in, in words."""
        tid = self.thread.native_id
        try:
            with open(f"/proc/self/task/{tid}/syscall") as status:
                fields = status.read().split()
        except OSError:
            return "ended"
        if len(fields) < 2 or fields[0] in ("running", "-1"):
            return "running"
        names = {number: name for name, number in _NUMBERS.items()}
        name = names.get(int(fields[0]), f"system call {fields[0]}")
        return f"in {name}, first argument {int(fields[1], 16):#x}"

    def outcome(self) -> object:
        """What the call returned or raised (``None`` while it runs)."""
        return self._outcome[0] if self._outcome else None


def _is_closed_error(outcome: object, operation: str) -> bool:
    return (
        isinstance(outcome, SocketClosedError)
        and outcome.operation == operation
        and outcome.state is State.CLOSED
    )


@dataclass
class Tally:
    """What the rounds of a race saw."""

    what: str
    rounds: int = 0
    reused: int = 0
    bad: list[str] = field(default_factory=list[str])

    def check(self) -> None:
        summary = (
            f"{self.what}: {len(self.bad)} bad of {self.rounds} rounds "
            f"(a new socket took the freed number in {self.reused})"
        )
        print(summary)  # shown by pytest -rA, or on failure
        assert not self.bad, "\n".join([summary, *self.bad])
        assert self.rounds >= MINIMUM_ROUNDS, f"{summary}: too few rounds in {TIME_BUDGET} s"


def _rounds(tally: Tally) -> Iterator[int]:
    """Round numbers, counted in ``tally``: up to ``ROUNDS``, while within
    ``TIME_BUDGET`` and until ``ENOUGH_BAD`` rounds went wrong."""
    deadline = time.monotonic() + TIME_BUDGET
    for number in range(ROUNDS):
        if time.monotonic() > deadline or len(tally.bad) >= ENOUGH_BAD:
            return
        tally.rounds += 1
        yield number


# -- connections to race on -------------------------------------------------------

Stream = ConnectedSocket[object]
"""Either end of a Unix socket pair or of a TCP loopback connection."""


@pytest.fixture(params=["socketpair", "tcp"])
def connect(request: pytest.FixtureRequest) -> Iterator[Callable[[], tuple[Stream, Stream]]]:
    """A maker of connections, ``(waiting end, peer)``: Unix socket pairs, or
    TCP connections on loopback accepted by one listener."""
    if request.param == "socketpair":
        yield sockstate.socketpair
        return
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    listener.settimeout(SAFETY_TIMEOUT)

    def tcp_pair() -> tuple[Stream, Stream]:
        client = sockstate.tcp().connect(listener.getsockname())
        server, _ = listener.accept()
        return server, client

    try:
        yield tcp_pair
    finally:
        listener.close()


# -- the race: a woken recv must not find another socket under its number ----------


@needs_proc
def test_close_ends_a_waiting_recv_and_no_socket_opened_meanwhile_is_read(
    connect: Callable[[], tuple[Stream, Stream]],
) -> None:
    """Each round: a thread waits in ``recv(1)`` (timeout mode) on one end;
    once it is in the system call, this thread closes that end and at once
    opens socket pairs, then sends data into one end of each (the first
    ends in even rounds, the second in odd ones).  The recv must end within
    ``WAKE_BOUND`` with ``SocketClosedError``, and every new socket must
    hold exactly what was sent to it.

    A woken call that looks the freed number up again finds a new socket:
    one with data it reads; on one without, it goes back to sleep (Linux's
    poll sleeps on, on the old socket's wait queue) until its timeout.
    Alternating the ends makes the socket that takes the number (the first
    one opened) sometimes the one, sometimes the other."""
    _needs_syscall_numbers()
    tally = Tally("recv race")
    for number in _rounds(tally):
        waiting, peer = connect()
        intruders: list[ConnectedSocket[object]] = []
        waiting.settimeout(CALL_TIMEOUT)
        old_fd = waiting.fileno()
        call = Call(partial(waiting.recv, 1))
        try:
            call.wait_until_waiting_on(old_fd)
            waiting.close()
            for _ in range(INTRUDER_PAIRS):
                intruders.extend(sockstate.socketpair())
            receivers = range(number % 2, len(intruders), 2)
            sent = {index: b"to %d" % index for index in receivers}
            for index, data in sent.items():
                intruders[index ^ 1].sendall(data)  # from its pair's other end
            if any(intruder.fileno() == old_fd for intruder in intruders):
                tally.reused += 1
            if not call.ended_within(WAKE_BOUND):
                tally.bad.append(
                    f"round {number}: recv still waiting {WAKE_BOUND} s after close() "
                    f"({call.where()})"
                )
                continue
            if not _is_closed_error(call.outcome(), "recv"):
                tally.bad.append(f"round {number}: recv ended with {call.outcome()!r}")
            for index, intruder in enumerate(intruders):
                held = _waiting_data(intruder)
                if held != sent.get(index, b""):
                    tally.bad.append(
                        f"round {number}: new socket {index} held {held!r}, "
                        f"not {sent.get(index, b'')!r}"
                    )
        finally:
            waiting.close()
            if call.thread.is_alive():
                # It sleeps on the old socket, which lives on while it waits:
                # with the new sockets shut down, the peer's close wakes it
                # and it finds an end.
                for intruder in intruders:
                    with contextlib.suppress(OSError):
                        intruder.raw_socket().shutdown(socket.SHUT_RDWR)
            peer.close()
            call.thread.join(SAFETY_TIMEOUT)
            for intruder in intruders:
                intruder.close()
    tally.check()


def _waiting_data(sock: ConnectedSocket[object]) -> bytes:
    """What ``sock`` has to read now (it reads it)."""
    try:
        return sock.recv(64, socket.MSG_DONTWAIT)
    except BlockingIOError:
        return b""


# -- the race: a woken accept must not find another listener under its number ------


@needs_proc
def test_close_ends_a_waiting_accept_and_no_listener_opened_meanwhile_loses_a_connection() -> None:
    """Each round: a thread waits in ``accept()`` (timeout mode) on a TCP
    listener; once it is in the system call, this thread closes the
    listener and at once opens new sockets, makes them listen and connects
    to every other one (the first, third, ... in even rounds, the second,
    fourth, ... in odd ones).  The accept must end within ``WAKE_BOUND``
    with ``SocketClosedError``, and every new listener must still hold
    exactly the connection made to it.

    A woken call that looks the freed number up again finds a new
    listener: one with a connection pending it accepts; on one without, it
    goes back to sleep until its timeout."""
    _needs_syscall_numbers()
    tally = Tally("accept race")
    for number in _rounds(tally):
        listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
        listener.settimeout(CALL_TIMEOUT)
        old_fd = listener.fileno()
        call = Call(listener.accept)
        opened: list[FreshSocket[IPv4Address]] = []
        clients: list[ConnectedSocket[IPv4Address]] = []
        try:
            call.wait_until_waiting_on(old_fd)
            listener.close()
            # Every new descriptor first (one takes the number if it is
            # free), then they listen, then the connections.
            opened.extend(sockstate.tcp() for _ in range(INTRUDER_PAIRS))
            if any(fresh.fileno() == old_fd for fresh in opened):
                tally.reused += 1
            intruders = [fresh.bind(("127.0.0.1", 0)).listen() for fresh in opened]
            pending = range(number % 2, len(intruders), 2)
            clients.extend(sockstate.tcp().connect(intruders[i].getsockname()) for i in pending)
            if not call.ended_within(WAKE_BOUND):
                tally.bad.append(
                    f"round {number}: accept still waiting {WAKE_BOUND} s after close() "
                    f"({call.where()})"
                )
                continue
            if not _is_closed_error(call.outcome(), "accept"):
                tally.bad.append(f"round {number}: accept ended with {call.outcome()!r}")
            for index, intruder in enumerate(intruders):
                expected = index in pending
                if _has_a_pending_connection(intruder, expected=expected) is not expected:
                    tally.bad.append(
                        f"round {number}: new listener {index} "
                        f"{'lost its' if expected else 'had a'} pending connection"
                    )
        finally:
            listener.close()
            if call.thread.is_alive():
                _wake_a_stale_accept(opened)
            call.thread.join(SAFETY_TIMEOUT)
            for sock in [*opened, *clients]:
                sock.close()
            _close_what_it_accepted(call.outcome())
    tally.check()


def _close_what_it_accepted(outcome: object) -> None:
    """Close the socket in ``outcome`` if it is an accept's result: a
    connection the call should never have accepted."""
    if isinstance(outcome, tuple):
        accepted, _ = cast("tuple[object, object]", outcome)
        if isinstance(accepted, ConnectedSocket):
            accepted.close()


def _wake_a_stale_accept(opened: list[FreshSocket[IPv4Address]]) -> None:
    """Wake an accept that went on to one of the new sockets: shut them
    down.  A poll asleep on the old listener cannot be woken (the old
    listener was shut down and has no descriptor): it ends at its timeout."""
    for fresh in opened:
        with contextlib.suppress(OSError):
            fresh.raw_socket().shutdown(socket.SHUT_RDWR)


def _has_a_pending_connection(listener: ListeningSocket[IPv4Address], *, expected: bool) -> bool:
    """Whether ``listener`` has a connection to accept (it accepts it).
    Waits up to ``WAKE_BOUND`` for one that is ``expected``: loopback queues
    it at once, but need not have by the time ``connect()`` returned."""
    listener.settimeout(WAKE_BOUND if expected else 0.0)
    try:
        accepted, _ = listener.accept()
    except (BlockingIOError, TimeoutError):
        return False
    accepted.close()
    return True


# -- the number stays allocated while any call is inside ----------------------------


@needs_proc
def test_close_wakes_two_waiting_recvs_and_releases_the_number_only_after_both_left() -> None:
    """Two threads wait in ``recv(1)`` on one socket; a third closes it.
    Both end with ``SocketClosedError`` within ``WAKE_BOUND``, and the
    descriptor number names the same (shut-down) socket until the last of
    them has left the call; then it is free.

    To be sure a call is still inside when the number is looked at, the
    first thread runs with a profile hook that stops it on the return of
    the stdlib socket's receive method (a method of ``raw_socket()``): after
    the system call, before sockstate's own call returns.  It stays there
    until this thread has looked."""
    _needs_syscall_numbers()
    waiting, peer = sockstate.socketpair()
    raw = waiting.raw_socket()
    waiting.settimeout(CALL_TIMEOUT)
    old_fd = waiting.fileno()
    before = os.fstat(old_fd)
    held = threading.Event()
    release = threading.Event()

    def stop_after_the_system_call(frame: FrameType, event: str, arg: object) -> None:
        if (
            event in ("c_return", "c_exception")
            and getattr(arg, "__self__", None) is raw
            and getattr(arg, "__name__", None) in _READS
        ):
            sys.setprofile(None)
            held.set()
            release.wait(SAFETY_TIMEOUT)

    def held_recv() -> bytes:
        sys.setprofile(stop_after_the_system_call)
        try:
            return waiting.recv(1)
        finally:
            sys.setprofile(None)

    first = Call(held_recv)
    second = Call(lambda: waiting.recv(1))
    try:
        first.wait_until_waiting_on(old_fd)
        second.wait_until_waiting_on(old_fd)
        closer = Call(waiting.close)
        assert closer.ended_within(WAKE_BOUND), f"close() still running after {WAKE_BOUND} s"
        assert state_of(waiting) is State.CLOSED
        assert second.ended_within(WAKE_BOUND), f"a recv still waiting {WAKE_BOUND} s after close()"
        assert _is_closed_error(second.outcome(), "recv"), second.outcome()
        assert held.wait(WAKE_BOUND), (
            f"a recv's system call still running {WAKE_BOUND} s after close()"
        )
        try:
            now = os.fstat(old_fd)
        except OSError as error:
            pytest.fail(f"close() released the number while a recv was still inside: {error}")
        assert (now.st_dev, now.st_ino) == (before.st_dev, before.st_ino), (
            "the number names another file while a recv is still inside"
        )
        release.set()
        assert first.ended_within(WAKE_BOUND), "the held recv did not end once let go"
        assert _is_closed_error(first.outcome(), "recv"), first.outcome()
        assert not fd_is_open(old_fd), "the last call to leave did not release the number"
    finally:
        release.set()
        waiting.close()
        peer.close()
        for call in (first, second):
            call.thread.join(SAFETY_TIMEOUT)


# -- close() with no call under way does not shut down -------------------------------


def _fork() -> int:
    """``os.fork()``.  The child makes only system calls through ``os``,
    ``select`` and ``socket`` and leaves by ``os._exit``, so Python's warning
    about forking a process with threads (3.12 and later: a thread left by
    another test) does not apply."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        return os.fork()


def _child(body: Callable[[], int]) -> None:
    """Run ``body`` in the forked child and leave with its exit code (99
    for an exception), never returning into the test."""
    code = 99
    try:
        code = body()
    finally:
        os._exit(code)


def _exit_code(pid: int) -> int:
    """Reap the child ``pid``, waiting at most ``SAFETY_TIMEOUT`` (then
    killing it); its exit code, or ``-signal``."""
    deadline = time.monotonic() + SAFETY_TIMEOUT
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"the child was still running after {SAFETY_TIMEOUT} s")
        time.sleep(0.005)


def _readable(fd: int) -> bool:
    readable, _, _ = select.select([fd], [], [], SAFETY_TIMEOUT)
    return bool(readable)


@needs_fork
def test_close_with_no_call_under_way_leaves_a_connection_shared_with_a_forked_child_open(
    connect: Callable[[], tuple[Stream, Stream]],
) -> None:
    """The parent closes its end of a connection that a forked child shares,
    with no call under way; the child still sends and receives on it with
    the peer: ``close()`` did not shut the connection down."""
    shared, peer = connect()
    peer.settimeout(SAFETY_TIMEOUT)
    fd = shared.fileno()
    go_read, go_write = os.pipe()
    pid = _fork()
    if pid == 0:

        def body() -> int:
            os.close(go_write)
            if not _readable(go_read) or os.read(go_read, 1) != b"!":
                return 2  # the parent never said go
            if os.write(fd, b"child") != 5:
                return 3
            if not _readable(fd) or os.read(fd, 16) != b"parent":
                return 4  # no answer from the peer
            return 0

        _child(body)
    os.close(go_read)
    try:
        assert shared.close().state is State.CLOSED
        os.write(go_write, b"!")
        assert peer.recv_exactly(5) == b"child"
        peer.sendall(b"parent")
    finally:
        os.close(go_write)
        code = _exit_code(pid)
        peer.close()
    assert code == 0, f"the child failed (exit code {code}): 2 no go, 3 send, 4 receive"


@needs_fork
def test_close_with_no_call_under_way_leaves_a_listener_shared_with_a_forked_child_listening() -> (
    None
):
    """The parent closes a listener that a forked child shares, with no
    call under way; the child still accepts on it, a connection the parent
    makes afterwards."""
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    address = listener.getsockname()
    fd = listener.fileno()
    go_read, go_write = os.pipe()
    pid = _fork()
    if pid == 0:

        def body() -> int:
            os.close(go_write)
            if not _readable(go_read) or os.read(go_read, 1) != b"!":
                return 2
            if not _readable(fd):
                return 3  # no connection came
            accepted, _ = socket.socket(fileno=os.dup(fd)).accept()
            accepted.sendall(b"child")
            return 0

        _child(body)
    os.close(go_read)
    client = sockstate.tcp()
    try:
        assert listener.close().state is State.CLOSED
        os.write(go_write, b"!")
        connected = client.connect(address)
        connected.settimeout(SAFETY_TIMEOUT)
        assert connected.recv_exactly(5) == b"child"
    finally:
        os.close(go_write)
        code = _exit_code(pid)
        client.close()
    assert code == 0, f"the child failed (exit code {code}): 2 no go, 3 no connection"


# -- close() interrupted while it waits for the lock ---------------------------------


class HandlerError(Exception):
    """What the test's signal handler raises, as Python's SIGINT handler
    raises ``KeyboardInterrupt``."""


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise HandlerError


@needs_proc
def test_close_interrupted_while_it_waits_for_the_lock_raises_the_interruption() -> None:
    """Another thread's transition holds the lock that every transition
    takes (its tracer, which runs under that lock, waits), so ``close()``
    waits for the lock; a signal arrives.  A signal interrupts a wait for a
    lock on POSIX (``threading.Lock.acquire``'s documentation, since Python
    3.2): the handler's exception propagates from ``close()``, nothing in
    its place, and the socket, which never moved, is still open."""
    _needs_syscall_numbers()
    sock = sockstate.tcp()
    other = sockstate.tcp()
    main_tid = threading.get_native_id()
    held = threading.Event()
    release = threading.Event()
    closing: list[bool] = []  # no lock: the first lock the main thread waits for is close()'s

    def hold_the_lock(transition: sockstate.Transition) -> None:
        if transition.socket is other:
            held.set()
            release.wait(SAFETY_TIMEOUT)

    def interrupt_once_close_waits() -> None:
        deadline = time.monotonic() + SAFETY_TIMEOUT
        while time.monotonic() < deadline:
            if closing and _waiting_for_a_lock(main_tid):
                signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGUSR1)
                return
            time.sleep(0.0005)

    def close() -> None:
        closing.append(True)
        sock.close()

    previous_handler = signal.signal(signal.SIGUSR1, _interrupt)
    previous_tracer = sockstate.set_tracer(hold_the_lock)
    holder = Call(other.close)
    try:
        assert held.wait(SAFETY_TIMEOUT), "the tracer never ran"
        interrupter = Call(interrupt_once_close_waits)
        with pytest.raises(HandlerError):
            close()
        assert state_of(sock) is State.FRESH
    finally:
        release.set()
        holder.thread.join(SAFETY_TIMEOUT)
        sockstate.set_tracer(previous_tracer)
        signal.signal(signal.SIGUSR1, previous_handler)
    interrupter.thread.join(SAFETY_TIMEOUT)
    assert state_of(sock.close()) is State.CLOSED
