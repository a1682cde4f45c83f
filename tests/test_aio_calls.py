"""The asyncio face's calls where the kernel does not answer at once, on
the default loop and on uvloop: each waits and then finds what came, meets
the end of stream, a reset or a broken pipe (and moves the socket where the
table says), or passes the kernel's error through, the socket as it was;
and the calls' own checks of their arguments, before any system call."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import resource
import socket
from typing import TYPE_CHECKING, Any

import pytest

import sockstate
from aio_support import LOOP_KINDS, Run, fill, left_waiting, running
from sockstate import State, aio
from support import state_of

if TYPE_CHECKING:
    from collections.abc import Coroutine, Iterator
    from pathlib import Path

    from sockstate import UnixAddress


@pytest.fixture(params=LOOP_KINDS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """Each kind of loop in turn: the default one and uvloop."""
    yield from running(request.param)


def _drain(sock: aio.ConnectedSocket[Any]) -> bytes:
    """What ``sock``'s kernel holds for it now, read without waiting."""
    raw = sock.raw_socket()
    got = b""
    while True:
        try:
            chunk = raw.recv(1 << 20)
        except BlockingIOError:
            return got
        if not chunk:
            return got
        got += chunk


def _at_once(coro: Coroutine[Any, Any, Any]) -> Any:
    """What ``coro`` returns if it returns without waiting on the loop;
    fails (and closes it, having read nothing) if it waits."""
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
    coro.close()
    raise AssertionError("it waited on the loop")


# -- sending on a stream ------------------------------------------------------------


def test_send_to_a_peer_that_closed_raises_broken_pipe_and_breaks_the_socket(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        b.close()
        with a:
            with pytest.raises(BrokenPipeError):
                await a.send(b"x")
            assert state_of(a) is State.BROKEN

    run(main())


def test_sendall_of_more_than_the_buffers_hold_waits_while_the_peer_reads(run: Run) -> None:
    data = os.urandom(8 << 20)

    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            sent, received = await asyncio.gather(a.sendall(data), b.recv_exactly(len(data)))
            assert sent is None
            assert received == data
            assert a.state is State.CONNECTED

    run(main())


def test_sendall_woken_to_room_that_another_writer_took_waits_again(run: Run) -> None:
    """The loop says the socket can take more, and another writer on it (the
    escape hatch here) fills it before the sendall runs again: its send
    would block, and it waits again rather than fail.  (The default loop
    runs a task that was ready before the wake-up first; uvloop may not
    wake the sendall at all until the room is there.)"""

    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            filler = fill(a)
            sending = await left_waiting(a.sendall(b"a" * 100_000))
            got = _drain(b)
            await asyncio.sleep(0)  # the loop sees the room now, and wakes the sendall
            filler += fill(a)  # ... after this task has taken the room again
            await asyncio.sleep(0)  # the sendall finds no room, and waits again
            assert not sending.done()
            while not sending.done():
                got += _drain(b)
                await asyncio.sleep(0)
            await sending
            got += _drain(b)
            assert len(got) == filler + 100_000
            assert got.count(b"a") == 100_000

    run(main())


def test_sendall_whose_peer_closes_after_part_went_out_breaks_the_socket(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a:
            sending = await left_waiting(a.sendall(b"x" * (8 << 20)))
            b.close()  # with what went out unread
            with pytest.raises(ConnectionError):
                await sending
            assert state_of(a) is State.BROKEN

    run(main())


@pytest.mark.skipif(not hasattr(socket.socket, "sendmsg"), reason="no sendmsg here")
def test_sendmsg_waits_while_the_buffer_is_full(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            filled = fill(a)
            sending = await left_waiting(a.sendmsg([b"m", b"sg"]))
            assert len(await b.recv_exactly(filled)) == filled
            assert await sending == 3
            assert await b.recv_exactly(3) == b"msg"

    run(main())


@pytest.mark.skipif(not hasattr(socket.socket, "sendmsg"), reason="no sendmsg here")
def test_sendmsg_to_a_peer_that_closed_raises_broken_pipe_and_breaks_the_socket(
    run: Run,
) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        b.close()
        with a:
            with pytest.raises(BrokenPipeError):
                await a.sendmsg([b"x"])
            assert state_of(a) is State.BROKEN

    run(main())


# -- reading a stream ---------------------------------------------------------------


async def _reset_pair() -> tuple[
    aio.ConnectedSocket[UnixAddress], aio.ConnectedSocket[UnixAddress]
]:
    """A pair whose second end has unread bytes, so that its close resets
    the connection."""
    a, b = aio.socketpair()
    await a.sendall(b"unread")
    return a, b


def test_recv_into_at_the_end_of_stream_returns_0_and_ends_the_socket(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            a.shutdown_write()
            assert await b.recv_into(bytearray(4)) == 0
            assert state_of(b) is State.ENDED

    run(main())


def test_recv_into_an_empty_buffer_returns_0_and_the_stream_goes_on(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            assert await b.recv_into(bytearray(0)) == 0
            assert b.state is State.CONNECTED
            await a.sendall(b"x")
            assert await b.recv(1) == b"x"

    run(main())


def test_recv_into_a_reset_connection_raises_and_breaks_the_socket(run: Run) -> None:
    async def main() -> None:
        a, b = await _reset_pair()
        b.close()
        with a:
            with pytest.raises(ConnectionResetError):
                await a.recv_into(bytearray(4))
            assert state_of(a) is State.BROKEN

    run(main())


def test_a_recv_into_that_fills_its_buffer_lets_the_next_read_try_at_once(run: Run) -> None:
    """A read that waited makes the next one wait for the loop first, even
    with bytes there; one that fills its buffer makes the next one try the
    system call first, and return without waiting when bytes are there."""

    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            reading = await left_waiting(b.recv(4))
            await a.sendall(b"one")
            assert await reading == b"one"
            await a.sendall(b"four")
            with pytest.raises(AssertionError, match="it waited"):
                _at_once(b.recv_into(bytearray(4)))  # waits first: reads nothing
            buffer = bytearray(4)
            assert await b.recv_into(buffer) == 4
            assert buffer == b"four"
            await a.sendall(b"more")
            assert _at_once(b.recv(4)) == b"more"

    run(main())


def test_recv_exactly_refuses_a_negative_size_before_any_system_call(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            with pytest.raises(ValueError, match="non-negative size, not -1"):
                await b.recv_exactly(-1)
            assert b.state is State.CONNECTED

    run(main())


def test_recv_exactly_reset_after_part_came_raises_and_breaks_the_socket(run: Run) -> None:
    async def main() -> None:
        a, b = await _reset_pair()
        with a, b:
            await b.sendall(b"ab")
            reading = await left_waiting(a.recv_exactly(4))  # takes "ab", then waits
            b.close()
            with pytest.raises(ConnectionResetError):
                await reading
            assert state_of(a) is State.BROKEN

    run(main())


@pytest.mark.skipif(not hasattr(socket.socket, "recvmsg"), reason="no recvmsg here")
def test_recvmsg_waits_for_data_and_returns_what_came(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            reading = await left_waiting(b.recvmsg(10))
            await a.sendall(b"msg")
            assert await reading == (b"msg", [], 0, None)
            assert b.state is State.CONNECTED

    run(main())


@pytest.mark.skipif(not hasattr(socket.socket, "recvmsg"), reason="no recvmsg here")
def test_recvmsg_at_the_end_of_stream_returns_nothing_and_ends_the_socket(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            a.shutdown_write()
            assert await b.recvmsg(10) == (b"", [], 0, None)
            assert state_of(b) is State.ENDED

    run(main())


@pytest.mark.skipif(not hasattr(socket.socket, "recvmsg"), reason="no recvmsg here")
def test_recvmsg_on_a_reset_connection_raises_and_breaks_the_socket(run: Run) -> None:
    async def main() -> None:
        a, b = await _reset_pair()
        b.close()
        with a:
            with pytest.raises(ConnectionResetError):
                await a.recvmsg(10)
            assert state_of(a) is State.BROKEN

    run(main())


# -- connecting, listening, accepting -------------------------------------------------


def test_connect_takes_the_empty_host_as_this_host_without_resolving_it(run: Run) -> None:
    async def main() -> None:
        with aio.tcp().bind(("127.0.0.1", 0)).listen() as listener:
            port = listener.getsockname()[1]
            async with await aio.tcp().connect(("", port)) as conn:
                server, _ = await listener.accept()
                server.close()
                assert conn.getpeername() == ("127.0.0.1", port)

    run(main())


def test_listen_refuses_a_backlog_out_of_range_and_stays_bound() -> None:
    with aio.tcp().bind(("127.0.0.1", 0)) as bound:
        with pytest.raises(ValueError, match=r"backlog must be in 0\.\.\d+, not -1"):
            bound.listen(-1)
        assert bound.state is State.BOUND


def test_accept_short_of_descriptors_raises_emfile_and_leaves_the_connection_queued(
    run: Run,
) -> None:
    async def main() -> None:
        with (
            aio.tcp().bind(("127.0.0.1", 0)).listen() as listener,
            sockstate.tcp().connect(listener.getsockname()) as client,
        ):
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            lowest_free = os.dup(listener.fileno())
            os.close(lowest_free)
            resource.setrlimit(resource.RLIMIT_NOFILE, (lowest_free, hard))  # none to spare
            try:
                with pytest.raises(OSError, match="Too many open files") as caught:
                    await listener.accept()
            finally:
                resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
            assert caught.value.errno == errno.EMFILE
            assert listener.state is State.LISTENING
            conn, peer = await listener.accept()
            with conn:
                assert peer == client.getsockname()

    run(main())


# -- datagrams ------------------------------------------------------------------------


def _unix_receiver(tmp_path: Path) -> aio.BoundDatagramSocket[UnixAddress]:
    return aio.unix_datagram().bind(str(tmp_path / "receiver.sock"))


def test_sendto_a_full_unix_datagram_receiver_waits_until_it_reads(
    run: Run, tmp_path: Path
) -> None:
    async def main() -> None:
        receiver = _unix_receiver(tmp_path)
        sender = aio.unix_datagram().bind(str(tmp_path / "sender.sock"))
        with receiver, sender:
            address = receiver.getsockname()
            queued = 0
            with contextlib.suppress(BlockingIOError):  # until its queue is full
                while True:
                    sender.raw_socket().sendto(b"q", address)
                    queued += 1
            assert queued
            sending = await left_waiting(sender.sendto(b"last", address))
            for _ in range(queued):
                assert await receiver.recvfrom(10) == (b"q", sender.getsockname())
            assert await sending == 4
            assert await receiver.recvfrom(10) == (b"last", sender.getsockname())

    run(main())


def test_sendto_a_datagram_too_long_raises_the_kernels_error_and_stays_bound(run: Run) -> None:
    async def main() -> None:
        with aio.udp().bind(("127.0.0.1", 0)) as sock:
            with pytest.raises(OSError, match="Message too long") as caught:
                await sock.sendto(b"x" * 70_000, sock.getsockname())
            assert caught.value.errno == errno.EMSGSIZE
            assert sock.state is State.DATAGRAM_BOUND

    run(main())


def test_recvfrom_a_longer_datagram_raises_message_truncated_with_the_sender(run: Run) -> None:
    async def main() -> None:
        receiver = aio.udp().bind(("127.0.0.1", 0))
        sender = aio.udp().bind(("127.0.0.1", 0))
        with receiver, sender:
            await sender.sendto(b"too long", receiver.getsockname())
            with pytest.raises(sockstate.MessageTruncatedError) as caught:
                await receiver.recvfrom(3)
            assert (caught.value.data, caught.value.address) == (b"too", sender.getsockname())
            assert receiver.state is State.DATAGRAM_BOUND

    run(main())


def test_recvfrom_gives_an_unnamed_unix_sender_as_the_empty_string(
    run: Run, tmp_path: Path
) -> None:
    async def main() -> None:
        receiver = _unix_receiver(tmp_path)
        with receiver, await aio.unix_datagram().connect(receiver.getsockname()) as sender:
            await sender.send(b"anonymous")
            assert await receiver.recvfrom(16) == (b"anonymous", "")

    run(main())


def test_recvfrom_passes_the_kernels_error_through_and_stays_bound(
    run: Run, tmp_path: Path
) -> None:
    async def main() -> None:
        with _unix_receiver(tmp_path) as receiver:
            with pytest.raises(OSError, match="Operation not supported") as caught:
                await receiver.recvfrom(10, socket.MSG_OOB)  # no such thing for a datagram
            assert caught.value.errno == errno.EOPNOTSUPP
            assert receiver.state is State.DATAGRAM_BOUND

    run(main())


def test_send_on_a_connected_datagram_socket_waits_while_its_peer_is_full(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        with a, b:
            fill(a)
            sending = await left_waiting(a.send(b"last"))
            while (datagram := await b.recv(65536)) != b"last":
                assert datagram == b"\0" * 65536
            assert await sending == 4

    run(main())


def test_send_to_a_unix_datagram_peer_that_closed_is_refused_and_breaks_the_socket(
    run: Run,
) -> None:
    async def main() -> None:
        a, b = aio.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        b.close()
        with a:
            with pytest.raises(ConnectionRefusedError):
                await a.send(b"x")
            assert state_of(a) is State.BROKEN

    run(main())


def test_recv_on_a_connected_datagram_socket_waits_for_a_datagram(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        with a, b:
            reading = await left_waiting(b.recv(10))
            await a.send(b"datagram")
            assert await reading == b"datagram"
            assert b.state is State.DATAGRAM_CONNECTED

    run(main())


def test_recv_on_a_connected_udp_socket_raises_a_refusal_and_stays_connected(run: Run) -> None:
    async def main() -> None:
        with aio.udp().bind(("127.0.0.1", 0)) as gone:
            nobody = gone.getsockname()  # a port that nobody will be bound to
        async with await aio.udp().connect(nobody) as sock:
            await sock.send(b"anyone?")
            with pytest.raises(ConnectionRefusedError):
                await sock.recv(10)  # the kernel's answer to the datagram
            assert sock.state is State.DATAGRAM_CONNECTED

    run(main())
