"""Descriptors over Unix streams on both faces: ``send_fds``/``recv_fds``,
and ``recvmsg``'s four items with the stdlib's own ``socket.recv_fds`` and
``multiprocessing.reduction.recvfds``.  Every test counts the process's
descriptors (``/proc/self/fd``): none may be left behind, on success, on a
truncated control message or at the end of stream."""

from __future__ import annotations

import array
import multiprocessing.reduction
import os
import socket
import sys
from typing import TYPE_CHECKING

import pytest

import sockstate
from _private import fds_received
from aio_support import LOOP_KINDS, Run, fill, left_waiting, running
from sockstate import DescriptorsTruncatedError, State, aio
from support import open_fds, state_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sockstate import IPv4Address
    from support import Family

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="counts /proc/self/fd; MSG_CMSG_CLOEXEC"
)


@pytest.fixture(params=LOOP_KINDS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """Each kind of loop in turn: the default one and uvloop."""
    yield from running(request.param)


def _close(*fds: int) -> None:
    for fd in fds:
        os.close(fd)


# -- the blocking face -------------------------------------------------------------------------


def test_a_passed_pipe_end_writes_into_the_pipe() -> None:
    a, b = sockstate.socketpair()
    read_end, write_end = os.pipe()
    with a, b:
        assert a.send_fds([b"fd"], [write_end]) == 2
        data, fds = b.recv_fds(2, 1)
        assert data == b"fd"
        assert len(fds) == 1
        assert fds[0] != write_end
        os.write(fds[0], b"through it")
        assert os.read(read_end, 100) == b"through it"
        _close(read_end, write_end, *fds)


def test_received_descriptors_are_not_inheritable() -> None:
    """Unlike the stdlib's ``socket.recv_fds``, which leaves them inheritable."""
    a, b = sockstate.socketpair()
    read_end, write_end = os.pipe()
    with a, b:
        a.send_fds([b"x"], [write_end])
        _, fds = b.recv_fds(1, 1)
        assert not os.get_inheritable(fds[0])
        _close(read_end, write_end, *fds)


def test_send_and_receive_leave_only_the_received_descriptors_open() -> None:
    a, b = sockstate.socketpair()
    read_end, write_end = os.pipe()
    with a, b:
        before = open_fds()
        a.send_fds([b"x"], [read_end, write_end])
        _, fds = b.recv_fds(1, 2)
        assert open_fds() == before + 2
        _close(*fds)
        assert open_fds() == before
    _close(read_end, write_end)


def test_more_descriptors_than_maxfds_close_those_that_fit_and_raise() -> None:
    a, b = sockstate.socketpair()
    pipes = [os.pipe(), os.pipe()]
    sent = [pipes[0][0], pipes[0][1], pipes[1][0]]
    with a, b:
        a.send_fds([b"three"], sent)
        before = open_fds()
        with pytest.raises(DescriptorsTruncatedError) as caught:
            b.recv_fds(5, 1)
        assert open_fds() == before
        assert (caught.value.data, caught.value.received, caught.value.maxfds) == (b"three", 1, 1)
        assert b.state is State.CONNECTED
    _close(*pipes[0], *pipes[1])


def test_maxfds_zero_drops_every_descriptor_and_raises() -> None:
    a, b = sockstate.socketpair()
    read_end, write_end = os.pipe()
    with a, b:
        a.send_fds([b"x"], [write_end])
        before = open_fds()
        with pytest.raises(DescriptorsTruncatedError) as caught:
            b.recv_fds(1, 0)
        assert caught.value.received == 0
        assert open_fds() == before
    _close(read_end, write_end)


def test_recv_fds_at_the_end_of_stream_returns_nothing_and_ends_the_socket() -> None:
    a, b = sockstate.socketpair()
    before = open_fds()
    a.close()
    assert b.recv_fds(4, 1) == (b"", [])
    assert state_of(b) is State.ENDED
    assert open_fds() == before - 1
    b.close()


def test_recv_fds_without_descriptors_returns_the_data() -> None:
    a, b = sockstate.socketpair()
    with a, b:
        a.sendall(b"plain")
        assert b.recv_fds(5, 1) == (b"plain", [])


def test_other_control_messages_are_skipped() -> None:
    """With ``SO_PASSCRED`` the kernel adds ``SCM_CREDENTIALS`` (``unix(7)``)
    before the descriptors: only ``SCM_RIGHTS`` holds them."""
    a, b = sockstate.socketpair()
    read_end, write_end = os.pipe()
    with a, b:
        b.raw_socket().setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        a.send_fds([b"x"], [write_end])
        before = open_fds()
        data, fds = b.recv_fds(1, 10)
        assert (data, len(fds)) == (b"x", 1)
        assert open_fds() == before + 1
        _close(*fds)
    _close(read_end, write_end)


def test_a_negative_maxfds_is_a_value_error_before_any_system_call() -> None:
    a, b = sockstate.socketpair()
    with a, b:
        a.sendall(b"kept")
        with pytest.raises(ValueError, match="maxfds"):
            b.recv_fds(4, -1)
        assert b.recv(4) == b"kept"


def test_send_fds_to_a_closed_peer_breaks_the_socket() -> None:
    a, b = sockstate.socketpair()
    read_end, write_end = os.pipe()
    b.close()
    with pytest.raises(BrokenPipeError):
        a.send_fds([b"x"], [write_end])
    assert state_of(a) is State.BROKEN
    a.close()
    _close(read_end, write_end)


def test_recv_fds_on_a_non_blocking_socket_with_nothing_waiting_raises_and_stays() -> None:
    a, b = sockstate.socketpair()
    with a, b:
        b.setblocking(False)
        with pytest.raises(BlockingIOError):
            b.recv_fds(1, 1)
        assert b.state is State.CONNECTED


@pytest.mark.parametrize("name", ["send_fds", "recv_fds"])
def test_descriptors_over_tcp_are_a_type_error_before_any_system_call(
    ipv4: Family[IPv4Address], name: str
) -> None:
    client, server = ipv4.connected()
    arguments = {"send_fds": ([b"x"], [0]), "recv_fds": (1, 1)}[name]
    with pytest.raises(TypeError, match="Unix sockets only"):
        getattr(client, name)(*arguments)
    assert client.state is State.CONNECTED
    client.sendall(b"y")
    assert server.recv(2) == b"y"


def test_send_fds_after_shutdown_write_is_an_ordering_error() -> None:
    a, b = sockstate.socketpair()
    with a, b:
        receiving = a.shutdown_write()
        with pytest.raises(sockstate.OrderingError):
            receiving.send_fds([b"x"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
        assert state_of(a) is State.RECEIVE_ONLY


# -- recvmsg's four items and the stdlib's helpers ---------------------------------------------


def test_the_stdlibs_recv_fds_takes_a_sockstate_socket() -> None:
    a, b = sockstate.socketpair()
    read_end, write_end = os.pipe()
    with a, b:
        before = open_fds()
        socket.send_fds(a.raw_socket(), [b"x"], [write_end])
        data, fds, flags, _ = socket.recv_fds(b, 1, 1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        assert (data, len(fds), flags) == (b"x", 1, 0)
        assert open_fds() == before + 1
        _close(*fds)
    _close(read_end, write_end)


def test_the_stdlibs_multiprocessing_recvfds_takes_a_sockstate_socket() -> None:
    a, b = sockstate.socketpair()
    read_end, write_end = os.pipe()
    with a, b:
        before = open_fds()
        multiprocessing.reduction.sendfds(a, [read_end, write_end])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        fds = multiprocessing.reduction.recvfds(b, 2)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        assert len(fds) == 2
        assert open_fds() == before + 2
        _close(*fds)
    _close(read_end, write_end)


# -- the asyncio face --------------------------------------------------------------------------


def test_aio_a_passed_pipe_end_writes_into_the_pipe(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        read_end, write_end = os.pipe()
        with a, b:
            before = open_fds()
            reading = await left_waiting(b.recv_fds(2, 1))
            assert await a.send_fds([b"fd"], [write_end]) == 2
            data, fds = await reading
            assert data == b"fd"
            assert open_fds() == before + 1
            assert not os.get_inheritable(fds[0])
            os.write(fds[0], b"through it")
            assert os.read(read_end, 100) == b"through it"
            _close(*fds)
        _close(read_end, write_end)

    run(main())


def test_aio_more_descriptors_than_maxfds_close_those_that_fit_and_raise(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        read_end, write_end = os.pipe()
        with a, b:
            await a.send_fds([b"two"], [read_end, write_end, read_end])
            before = open_fds()
            with pytest.raises(DescriptorsTruncatedError) as caught:
                await b.recv_fds(3, 1)
            assert caught.value.data == b"two"
            assert open_fds() == before
            assert b.state is State.CONNECTED
        _close(read_end, write_end)

    run(main())


def test_aio_recv_fds_at_the_end_of_stream_returns_nothing_and_ends_the_socket(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with b:
            before = open_fds()
            a.close()
            assert await b.recv_fds(4, 1) == (b"", [])
            assert state_of(b) is State.ENDED
            assert open_fds() == before - 1

    run(main())


def test_aio_recv_fds_on_a_reset_connection_raises_and_breaks_the_socket(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            await a.send(b"unread")
            b.close()  # with data unread: the kernel resets a (unix(7) on Linux: ECONNRESET)
            with pytest.raises(ConnectionResetError):
                await a.recv_fds(1, 1)
            assert state_of(a) is State.BROKEN

    run(main())


def test_aio_send_fds_waits_while_the_buffer_is_full_and_breaks_on_a_closed_peer(
    run: Run,
) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        read_end, write_end = os.pipe()
        with a:
            fill(a)
            sending = await left_waiting(a.send_fds([b"x"], [write_end]))
            b.close()
            with pytest.raises(OSError):  # noqa: PT011 - EPIPE or ECONNRESET
                await sending
            assert state_of(a) is State.BROKEN
        _close(read_end, write_end)

    run(main())


def test_aio_descriptors_over_tcp_are_a_type_error(run: Run) -> None:
    async def main() -> None:
        listener = aio.tcp().bind(("127.0.0.1", 0)).listen()
        with listener:
            client = await aio.tcp().connect(listener.getsockname())
            server, _ = await listener.accept()
            with client, server:
                with pytest.raises(TypeError, match="Unix sockets only"):
                    await client.send_fds([b"x"], [0])  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
                with pytest.raises(TypeError, match="Unix sockets only"):
                    await server.recv_fds(1, 1)  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
                assert client.state is server.state is State.CONNECTED

    run(main())


def test_aio_the_stdlibs_recv_fds_unpacks_recvmsgs_four_items(run: Run) -> None:
    """The asyncio face's ``recvmsg`` is a coroutine: its four items are the
    stdlib's once awaited."""

    async def main() -> None:
        a, b = aio.socketpair()
        read_end, write_end = os.pipe()
        with a, b:
            await a.send_fds([b"x"], [write_end])
            data, ancdata, flags, _ = await b.recvmsg(1, socket.CMSG_LEN(4))
            assert (data, flags) == (b"x", 0)
            ((_, _, payload),) = ancdata
            _close(int.from_bytes(payload, sys.byteorder))
        _close(read_end, write_end)

    run(main())


def test_aio_a_second_recv_fds_after_a_wait_waits_first_and_gets_what_came(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            reading = await left_waiting(b.recv_fds(1, 1))
            await a.sendall(b"12")
            assert await reading == (b"1", [])
            assert await b.recv_fds(1, 1) == (b"2", [])

    run(main())


@pytest.mark.parametrize("name", ["send_fds", "recv_fds"])
def test_aio_close_while_a_descriptor_call_waits_raises_socket_closed_error(
    run: Run, name: str
) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with b:
            if name == "send_fds":
                fill(a)
                waiting = await left_waiting(a.send_fds([b"x"], [0]))
            else:
                waiting = await left_waiting(a.recv_fds(1, 1))
            before = open_fds()
            a.close()
            with pytest.raises(sockstate.SocketClosedError):
                await waiting
            assert open_fds() == before - 1

    run(main())


def test_a_control_message_is_read_in_whole_ints_as_the_stdlib_reads_it() -> None:
    """``SCM_RIGHTS`` carries whole ints; a payload that ends in part of one
    (which Linux never sends) yields the whole ones, as ``socket.recv_fds``
    reads it."""
    read_end, write_end = os.pipe()
    try:
        payload = array.array("i", [read_end]).tobytes() + b"\0\0"
        control = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, payload)]
        assert fds_received(b"x", control, 0, 1) == [read_end]
    finally:
        os.close(read_end)
        os.close(write_end)
