"""Where cancellation and closing leave an asyncio socket, on the default
loop and on uvloop: each cancelled call's state and data, ``close()`` from
another task or thread waking every waiting call, two tasks waiting on one
direction, and no registration or descriptor left behind."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
from typing import TYPE_CHECKING, Any

import pytest

import sockstate
from aio_support import (
    LOOP_KINDS,
    Run,
    fill,
    left_waiting,
    open_fds,
    registrations,
    running,
    selector_entries,
)
from sockstate import State, aio
from support import class_of, state_of

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterator
    from pathlib import Path

    from sockstate import IPv4Address, UnixAddress

WAKE_LIMIT = 1.0
"""Seconds within which ``close()`` must wake a waiting call."""


@pytest.fixture(params=LOOP_KINDS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """Each kind of loop in turn: the default one and uvloop."""
    yield from running(request.param)


def _fd_open(fd: int) -> bool:
    return os.path.lexists(f"/proc/self/fd/{fd}")


async def _cancelled(task: asyncio.Future[Any]) -> None:
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def _set(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


async def _full_listener() -> tuple[
    aio.ListeningSocket[IPv4Address], sockstate.ConnectedSocket[IPv4Address]
]:
    """A TCP listener whose queue is full (``listen(0)`` and one connection
    waiting unaccepted): Linux drops a SYN to it, so a connect to it stays
    in progress until the listener accepts."""
    listener = aio.tcp().bind(("127.0.0.1", 0)).listen(0)
    waiting = sockstate.tcp().connect(listener.getsockname())
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    loop.add_reader(listener.fileno(), _set, ready)
    try:
        await asyncio.wait_for(ready, 5.0)
    finally:
        loop.remove_reader(listener.fileno())
    return listener, waiting


# -- cancellation -------------------------------------------------------------------


def test_a_cancelled_connect_leaves_the_socket_failed_with_its_descriptor_released(
    run: Run,
) -> None:
    async def main() -> None:
        listener, queued = await _full_listener()
        with listener, queued:
            fresh = aio.tcp()
            fd = fresh.fileno()
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(fresh.connect(listener.getsockname()), 0.2)
            assert state_of(fresh) is State.FAILED
            assert not _fd_open(fd)
            assert registrations(run.loop, [fd]) == 0
            with pytest.raises(sockstate.SocketClosedError):
                fresh.fileno()
            fresh.close()

    run(main())


def test_a_cancelled_finish_connect_leaves_the_socket_connecting(run: Run) -> None:
    async def main() -> None:
        listener, queued = await _full_listener()
        with listener, queued:
            connecting = aio.tcp().start_connect(listener.getsockname())
            with connecting:
                waiting = await left_waiting(connecting.finish_connect())
                await _cancelled(waiting)
                assert connecting.state is State.CONNECTING
                queued.close()
                first, _ = await listener.accept()
                first.close()
                conn = await connecting.finish_connect()
                assert conn.state is State.CONNECTED

    run(main())


def test_a_cancelled_recv_loses_no_data_even_when_the_data_came_meanwhile(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            for number in range(50):
                waiting = await left_waiting(b.recv(10))
                a.raw_socket().send(bytes([number]))  # ready at the loop's next turn
                waiting.cancel()
                try:
                    got = await waiting
                except asyncio.CancelledError:
                    got = await b.recv(10)
                assert got == bytes([number])
                assert b.state is State.CONNECTED

    run(main())


def test_a_read_that_waited_waits_first_next_time_and_finds_what_came(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            waiting = await left_waiting(b.recv(4))  # nothing there: it waits
            await a.sendall(b"one")
            assert await waiting == b"one"
            await a.sendall(b"two!")  # there already: the wait ends at once
            assert await b.recv(4) == b"two!"  # a full buffer: try first again
            await a.sendall(b"3")
            assert await b.recv_into(bytearray(4)) == 1
            await _cancelled(await left_waiting(b.recv(4)))
            await a.sendall(b"four")
            assert await b.recv(4) == b"four"

    run(main())


def test_a_cancelled_recv_into_and_recvmsg_read_nothing(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            await _cancelled(await left_waiting(b.recv_into(bytearray(4))))
            await _cancelled(await left_waiting(b.recvmsg(4)))
            await a.sendall(b"data")
            assert await b.recv(10) == b"data"
            assert b.state is State.CONNECTED

    run(main())


def test_a_cancelled_accept_leaves_the_connection_in_the_queue(run: Run) -> None:
    async def main() -> None:
        with aio.tcp().bind(("127.0.0.1", 0)).listen() as listener:
            clients: list[sockstate.ConnectedSocket[IPv4Address]] = []
            try:
                for _ in range(20):
                    waiting = await left_waiting(listener.accept())
                    clients.append(sockstate.tcp().connect(listener.getsockname()))
                    waiting.cancel()
                    try:
                        conn, peer = await waiting
                    except asyncio.CancelledError:
                        conn, peer = await listener.accept()
                    assert peer == clients[-1].getsockname()
                    conn.close()
                    assert listener.state is State.LISTENING
            finally:
                for client in clients:
                    client.close()

    run(main())


def test_a_cancelled_recvfrom_leaves_the_datagram_queued(run: Run) -> None:
    async def main() -> None:
        receiver = aio.udp().bind(("127.0.0.1", 0))
        sender = aio.udp().bind(("127.0.0.1", 0))
        with receiver, sender:
            for number in range(20):
                waiting = await left_waiting(receiver.recvfrom(10))
                sender.raw_socket().sendto(bytes([number]), receiver.getsockname())
                waiting.cancel()
                try:
                    got = await waiting
                except asyncio.CancelledError:
                    got = await receiver.recvfrom(10)
                assert got == (bytes([number]), sender.getsockname())
                assert receiver.state is State.DATAGRAM_BOUND

    run(main())


def test_a_cancelled_send_of_nothing_yet_leaves_the_socket_as_it_was(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            filled = fill(a)
            await _cancelled(await left_waiting(a.send(b"x")))
            assert a.state is State.CONNECTED
            await _cancelled(await left_waiting(a.sendall(b"y" * 10)))
            assert a.state is State.CONNECTED  # nothing of it went out
            assert len(await b.recv_exactly(filled)) == filled
            assert await a.send(b"z") == 1
            assert await b.recv(1) == b"z"

    run(main())


def test_a_cancelled_sendall_after_part_went_out_leaves_the_socket_broken(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            waiting = await left_waiting(a.sendall(b"x" * (8 << 20)))
            await _cancelled(waiting)
            assert state_of(a) is State.BROKEN
            with pytest.raises(sockstate.OrderingError, match="broken"):
                await a.send(b"more")
            assert b.state is State.CONNECTED
            assert await b.recv(1) == b"x"  # part of it went out: the peer has it

    run(main())


def test_a_cancelled_recv_exactly_after_part_came_leaves_the_socket_broken(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            await _cancelled(await left_waiting(b.recv_exactly(4)))
            assert state_of(b) is State.CONNECTED  # nothing came: as it was
            await a.sendall(b"ab")
            waiting = await left_waiting(b.recv_exactly(4))
            await _cancelled(waiting)
            assert state_of(b) is State.BROKEN

    run(main())


def test_asyncio_timeout_is_a_cancellation(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(b.recv(1), 0.05)
            assert b.state is State.CONNECTED

    run(main())


# -- close() wakes every waiting call -----------------------------------------------


def _waiting_calls(
    stack: list[Any], where: Path
) -> Iterator[tuple[str, Callable[[], Awaitable[Any]], Any]]:
    """Calls that wait, each with the socket to close under it (a Unix
    datagram receiver's file in ``where``)."""

    def pair(kind: int = socket.SOCK_STREAM) -> tuple[Any, Any]:
        made: tuple[Any, Any] = (
            aio.socketpair()
            if kind == socket.SOCK_STREAM
            else aio.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        )
        stack.extend(made)
        return made

    a, b = aio.socketpair()
    stack += [a, b]
    yield "recv", lambda: b.recv(1), b
    c, d = aio.socketpair()
    stack += [c, d]
    fill(c)
    yield "sendall", lambda: c.sendall(b"x" * 1000), c
    e, f = aio.socketpair()
    stack += [e, f]
    yield "recv_exactly", lambda: f.recv_exactly(2), f
    listener = aio.tcp().bind(("127.0.0.1", 0)).listen()
    stack.append(listener)
    yield "accept", listener.accept, listener
    receiver = aio.udp().bind(("127.0.0.1", 0))
    stack.append(receiver)
    yield "recvfrom", lambda: receiver.recvfrom(1), receiver
    full_sender, _ = pair()
    fill(full_sender)
    yield "send", lambda: full_sender.send(b"x"), full_sender
    full_sender, _ = pair()
    fill(full_sender)
    yield "sendmsg", lambda: full_sender.sendmsg([b"x"]), full_sender
    _, reader = pair()
    yield "recv_into", lambda: reader.recv_into(bytearray(1)), reader
    _, reader = pair()
    yield "recvmsg", lambda: reader.recvmsg(1), reader
    sender, _ = pair()
    yield "sendall", lambda: sender.sendall(b"x" * (8 << 20)), sender  # after part went out
    writer, reader = pair()
    writer.raw_socket().send(b"y")
    yield "recv_exactly", lambda: reader.recv_exactly(2), reader  # after part came
    full_sender, _ = pair(socket.SOCK_DGRAM)
    fill(full_sender)
    yield "send", lambda: full_sender.send(b"x"), full_sender  # a datagram
    _, reader = pair(socket.SOCK_DGRAM)
    yield "recv", lambda: reader.recv(1), reader  # a datagram
    full = aio.unix_datagram().bind(str(where / "full.sock"))
    unix_sender = aio.unix_datagram().bind(str(where / "sender.sock"))
    stack += [full, unix_sender]
    with contextlib.suppress(BlockingIOError):  # until the receiver's queue is full
        while True:
            unix_sender.raw_socket().sendto(b"q", full.getsockname())
    yield "sendto", lambda: unix_sender.sendto(b"x", full.getsockname()), unix_sender


def test_close_from_another_task_wakes_every_waiting_call(run: Run, tmp_path: Path) -> None:
    async def main() -> None:
        fds_before = open_fds()
        watched_before = selector_entries(run.loop)
        stack: list[Any] = []
        numbers: list[int] = []
        try:
            for name, call, sock in _waiting_calls(stack, tmp_path):
                numbers.append(sock.fileno())
                waiting = await left_waiting(call())
                started = run.loop.time()
                sock.close()
                with pytest.raises(sockstate.SocketClosedError) as caught:
                    await asyncio.wait_for(waiting, WAKE_LIMIT)
                assert run.loop.time() - started < WAKE_LIMIT
                assert caught.value.operation == name
                assert sock.state is State.CLOSED
                assert not _fd_open(numbers[-1]), name
        finally:
            for sock in stack:
                sock.close()
        assert registrations(run.loop, numbers) == 0
        assert selector_entries(run.loop) == watched_before
        assert open_fds() == fds_before

    run(main())


def test_close_wakes_a_waiting_finish_connect(run: Run) -> None:
    async def main() -> None:
        listener, queued = await _full_listener()
        with listener, queued:
            connecting = aio.tcp().start_connect(listener.getsockname())
            fd = connecting.fileno()
            waiting = await left_waiting(connecting.finish_connect())
            connecting.close()
            with pytest.raises(sockstate.SocketClosedError) as caught:
                await asyncio.wait_for(waiting, WAKE_LIMIT)
            assert caught.value.operation == "finish_connect"
            assert not _fd_open(fd)
            assert registrations(run.loop, [fd]) == 0

    run(main())


def test_a_connect_cancelled_as_it_is_closed_raises_the_cancellation(run: Run) -> None:
    """The cancellation and the close both end the waiting connect; the
    cancellation propagates (a cancelled task must see its cancellation),
    not the ordering error of the closed socket."""

    async def main() -> None:
        listener, queued = await _full_listener()
        with listener, queued:
            fresh = aio.tcp()
            fd = fresh.fileno()
            connecting = await left_waiting(fresh.connect(listener.getsockname()))
            fresh.close()
            connecting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await connecting
            assert state_of(fresh) is State.CLOSED
            assert not _fd_open(fd)

    run(main())


def test_a_read_scheduled_before_close_that_waits_first_raises_socket_closed(
    run: Run,
) -> None:
    """A read whose last try found nothing waits for the descriptor first;
    started before ``close()`` and run after it, it finds no descriptor to
    wait for and raises ``SocketClosedError``."""

    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            reading = await left_waiting(b.recv(4))  # the next read waits first
            await a.sendall(b"one")
            assert await reading == b"one"
            scheduled = asyncio.ensure_future(b.recv(4))
            b.close()
            with pytest.raises(sockstate.SocketClosedError) as caught:
                await scheduled
            assert caught.value.operation == "recv"

    run(main())


def test_close_wakes_a_waiting_connect(run: Run) -> None:
    async def main() -> None:
        listener, queued = await _full_listener()
        with listener, queued:
            fresh = aio.tcp()
            fd = fresh.fileno()
            waiting = await left_waiting(fresh.connect(listener.getsockname()))
            assert state_of(fresh) is State.CONNECTING
            fresh.close()
            with pytest.raises(sockstate.SocketClosedError):
                await asyncio.wait_for(waiting, WAKE_LIMIT)
            assert class_of(fresh) is aio.ClosedSocket
            assert not _fd_open(fd)
            assert registrations(run.loop, [fd]) == 0

    run(main())


def test_close_from_another_thread_wakes_recv_and_accept(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        listener = aio.tcp().bind(("127.0.0.1", 0)).listen()
        numbers = [b.fileno(), listener.fileno()]
        with a, b, listener:
            reading = await left_waiting(b.recv(1))
            accepting = await left_waiting(listener.accept())
            closer = threading.Thread(target=lambda: (b.close(), listener.close()))
            closer.start()
            for waiting in (reading, accepting):
                with pytest.raises(sockstate.SocketClosedError):
                    await asyncio.wait_for(waiting, WAKE_LIMIT)
            closer.join(WAKE_LIMIT)
        assert registrations(run.loop, numbers) == 0
        assert not any(_fd_open(fd) for fd in numbers)

    run(main())


def test_the_registration_count_sees_a_registration_left_behind(run: Run) -> None:
    async def main() -> None:
        a, b = socket.socketpair()
        with a, b:
            run.loop.add_reader(a.fileno(), int)
            await asyncio.sleep(0)
            assert registrations(run.loop, [a.fileno()]) >= 1
            run.loop.remove_reader(a.fileno())
            assert registrations(run.loop, [a.fileno()]) == 0

    run(main())


# -- two tasks, one direction --------------------------------------------------------


def test_a_second_task_waiting_to_read_gets_busy_error_and_the_first_goes_on(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            first = await left_waiting(b.recv(10))
            with pytest.raises(aio.BusyError) as caught:
                await b.recv(10)
            assert caught.value.operation == "recv"
            assert b.state is State.CONNECTED
            await a.sendall(b"data")
            assert await first == b"data"

    run(main())


def test_a_second_task_waiting_to_write_gets_busy_error_and_the_first_goes_on(
    run: Run,
) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            fill(a)
            first = await left_waiting(a.send(b"first"))
            with pytest.raises(aio.BusyError, match="would wait to write to") as caught:
                await a.sendall(b"second")
            assert caught.value.operation == "sendall"
            assert a.state is State.CONNECTED
            while not first.done():
                await b.recv(65536)
            assert await first == 5

    run(main())


def test_a_second_accepting_task_gets_busy_error(run: Run) -> None:
    async def main() -> None:
        with aio.tcp().bind(("127.0.0.1", 0)).listen() as listener:
            first = await left_waiting(listener.accept())
            with pytest.raises(aio.BusyError, match="another task waits"):
                await listener.accept()
            with sockstate.tcp().connect(listener.getsockname()):
                conn, _ = await first
                conn.close()

    run(main())


def test_one_task_reads_while_another_writes(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            fill(a)
            reading = await left_waiting(a.recv(1))
            writing = await left_waiting(a.send(b"x"))
            await b.sendall(b"y")
            assert await reading == b"y"
            while not writing.done():
                await b.recv(65536)
            assert await writing == 1

    run(main())


def test_detach_and_to_blocking_refuse_while_a_task_waits(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            waiting = await left_waiting(b.recv(1))
            with pytest.raises(aio.BusyError):
                b.detach()
            with pytest.raises(aio.BusyError):
                aio.to_blocking(b)
            assert b.state is State.CONNECTED
            await a.sendall(b"x")
            assert await waiting == b"x"

    run(main())


def test_the_ends_of_a_socket_pair_are_unnamed(run: Run) -> None:
    async def main() -> None:
        pair: tuple[aio.ConnectedSocket[UnixAddress], aio.ConnectedSocket[UnixAddress]]
        pair = aio.socketpair()
        with pair[0], pair[1]:
            assert pair[0].getpeername() == ""

    run(main())
