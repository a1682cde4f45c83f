"""``sendfile()`` on both faces: a file's bytes from ``offset``, ``count``
of them or up to its end, exactly those at the peer; the file's position
after the last byte sent; where sending is illegal, an ordering error and
the state unchanged; a closed peer breaks the socket, as ``send`` does."""

from __future__ import annotations

import asyncio
import io
import os
import tempfile
from typing import TYPE_CHECKING, Any

import pytest

import sockstate
from aio_support import LOOP_KINDS, Run, fill, left_waiting, running
from sockstate import OrderingError, State, aio
from support import state_of

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import IO

    from support import Family

DATA = bytes(range(256)) * 64
"""16 KiB, no two neighbouring bytes alike."""


@pytest.fixture(params=LOOP_KINDS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """Each kind of loop in turn: the default one and uvloop."""
    yield from running(request.param)


@pytest.fixture
def data_file() -> Iterator[IO[bytes]]:
    with tempfile.TemporaryFile() as file:
        file.write(DATA)
        file.seek(0)
        yield file


# -- the blocking face -------------------------------------------------------------------------


def test_sendfile_sends_the_whole_file_and_returns_the_count(
    family: Family[Any], data_file: IO[bytes]
) -> None:
    client, server = family.connected()
    assert client.sendfile(data_file) == len(DATA)
    assert server.recv_exactly(len(DATA)) == DATA
    assert data_file.tell() == len(DATA)


def test_sendfile_sends_count_bytes_from_offset(family: Family[Any], data_file: IO[bytes]) -> None:
    client, server = family.connected()
    assert client.sendfile(data_file, 100, 1000) == 1000
    assert server.recv_exactly(1000) == DATA[100:1100]
    assert data_file.tell() == 1100


def test_sendfile_of_a_file_without_a_descriptor_reads_and_sends_it(
    family: Family[Any],
) -> None:
    client, server = family.connected()
    assert client.sendfile(io.BytesIO(DATA), offset=10) == len(DATA) - 10
    assert server.recv_exactly(len(DATA) - 10) == DATA[10:]


def test_sendfile_after_shutdown_write_is_an_ordering_error_and_the_state_stays(
    family: Family[Any], data_file: IO[bytes]
) -> None:
    client, _ = family.connected()
    receiving = client.shutdown_write()
    with pytest.raises(OrderingError):
        receiving.sendfile(data_file)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert state_of(client) is State.RECEIVE_ONLY
    assert data_file.tell() == 0


def test_sendfile_on_a_non_blocking_socket_is_the_stdlibs_value_error(
    family: Family[Any], data_file: IO[bytes]
) -> None:
    client, _ = family.connected()
    client.setblocking(False)
    with pytest.raises(ValueError, match="non-blocking"):
        client.sendfile(data_file)
    assert client.state is State.CONNECTED


def test_sendfile_to_a_closed_peer_breaks_the_socket(data_file: IO[bytes]) -> None:
    client, server = sockstate.socketpair()
    server.close()
    with pytest.raises(BrokenPipeError):
        client.sendfile(data_file)
    assert state_of(client) is State.BROKEN
    client.close()


# -- the asyncio face --------------------------------------------------------------------------


def test_aio_sendfile_sends_count_bytes_from_offset(run: Run, data_file: IO[bytes]) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            assert await a.sendfile(data_file, 100, 1000) == 1000
            assert await b.recv_exactly(1000) == DATA[100:1100]
            assert data_file.tell() == 1100

    run(main())


def test_aio_sendfile_of_one_byte_sends_that_byte(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            assert await a.sendfile(io.BytesIO(b"xy"), 0, 1) == 1
            assert await b.recv(2) == b"x"

    run(main())


def test_aio_sendfile_larger_than_the_buffers_waits_and_sends_it_all(run: Run) -> None:
    """Four MiB: more than the socket buffers hold, so the call waits."""
    big = DATA * 256

    async def main() -> None:
        a, b = aio.socketpair()
        with a, b, tempfile.TemporaryFile() as file:
            file.write(big)
            file.seek(0)
            sending = asyncio.ensure_future(a.sendfile(file))
            assert await b.recv_exactly(len(big)) == big
            assert await sending == len(big)

    run(main())


def test_aio_sendfile_of_a_file_without_a_descriptor_reads_and_sends_it(run: Run) -> None:
    big = DATA * 64

    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            sending = asyncio.ensure_future(a.sendfile(io.BytesIO(big), offset=5))
            assert await b.recv_exactly(len(big) - 5) == big[5:]
            assert await sending == len(big) - 5

    run(main())


def test_aio_sendfile_of_a_pipe_falls_back_to_reading_it(run: Run) -> None:
    """``os.sendfile`` cannot read a pipe (EINVAL): the call reads and sends,
    as the stdlib's does."""

    async def main() -> None:
        a, b = aio.socketpair()
        read_end, write_end = os.pipe()
        os.write(write_end, b"piped")
        os.close(write_end)
        with a, b, open(read_end, "rb") as pipe:
            assert await a.sendfile(pipe) == 5
            assert await b.recv_exactly(5) == b"piped"

    run(main())


def test_aio_sendfile_after_shutdown_write_is_an_ordering_error(
    run: Run, data_file: IO[bytes]
) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            receiving = a.shutdown_write()
            with pytest.raises(OrderingError):
                await receiving.sendfile(data_file)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
            assert state_of(a) is State.RECEIVE_ONLY

    run(main())


def test_aio_sendfile_to_a_closed_peer_breaks_the_socket(run: Run, data_file: IO[bytes]) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        b.close()
        with a:
            with pytest.raises(BrokenPipeError):
                await a.sendfile(data_file)
            assert state_of(a) is State.BROKEN

    run(main())


def test_aio_sendfile_cut_after_part_of_the_file_breaks_the_socket(run: Run) -> None:
    """The peer closes with the buffers full: part of the file went out, the
    rest cannot, and the stream is out of step."""
    big = DATA * 256

    async def main() -> None:
        a, b = aio.socketpair()
        with a, tempfile.TemporaryFile() as file:
            file.write(big)
            file.seek(0)
            sending = asyncio.ensure_future(a.sendfile(file))
            await b.recv(1)
            b.close()
            with pytest.raises(ConnectionError):
                await sending
            assert state_of(a) is State.BROKEN
            assert 0 < file.tell() < len(big)

    run(main())


@pytest.mark.parametrize(
    ("file", "offset", "count", "error", "message"),
    [
        (io.BytesIO(b"x"), -1, None, ValueError, "offset must be non-negative"),
        (io.BytesIO(b"x"), 0, 0, ValueError, "count positive"),
        (io.BytesIO(b"x"), 0.5, None, TypeError, "offset and count must be ints"),
        (io.BytesIO(b"x"), 0, 1.5, TypeError, "offset and count must be ints"),
    ],
    ids=["negative-offset", "zero-count", "float-offset", "float-count"],
)
def test_aio_sendfile_refuses_the_stdlibs_bad_arguments_before_sending(
    run: Run, file: Any, offset: Any, count: Any, error: type[Exception], message: str
) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            with pytest.raises(error, match=message):
                await a.sendfile(file, offset, count)
            assert a.state is State.CONNECTED
            await a.sendall(b"ok")
            assert await b.recv(2) == b"ok"

    run(main())


def test_aio_sendfile_refuses_a_text_file(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b, tempfile.TemporaryFile("w+") as text:
            with pytest.raises(ValueError, match="binary mode"):
                await a.sendfile(text)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            assert a.state is State.CONNECTED

    run(main())


def test_aio_sendfile_cancelled_before_anything_went_leaves_the_state(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            fill(a)
            sending = await left_waiting(a.sendfile(io.BytesIO(b"late")))
            sending.cancel()
            with pytest.raises(asyncio.CancelledError):
                await sending
            assert a.state is State.CONNECTED

    run(main())


def test_aio_sendfile_cancelled_after_part_of_the_file_breaks_the_socket(run: Run) -> None:
    big = DATA * 256

    async def main() -> None:
        a, b = aio.socketpair()
        with a, b, tempfile.TemporaryFile() as file:
            file.write(big)
            file.seek(0)
            sending = await left_waiting(a.sendfile(file))
            sending.cancel()
            with pytest.raises(asyncio.CancelledError):
                await sending
            assert state_of(a) is State.BROKEN
            assert 0 < file.tell() < len(big)

    run(main())


def test_aio_close_while_sendfile_waits_after_part_of_the_file(run: Run) -> None:
    big = DATA * 256

    async def main() -> None:
        a, b = aio.socketpair()
        with b, tempfile.TemporaryFile() as file:
            file.write(big)
            file.seek(0)
            sending = await left_waiting(a.sendfile(file))
            a.close()
            with pytest.raises(sockstate.SocketClosedError):
                await sending
            assert state_of(a) is State.CLOSED

    run(main())
