"""``sockstate serve --asyncio``: the echo server on the asyncio face, as a
command (Ctrl-C ends it with status 130) and in-process on each loop."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import select
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

import sockstate
from aio_support import LOOP_KINDS, Run, running
from cli_support import CLI, ctrl_c_raises
from sockstate import aio
from sockstate._aio_serve import serve_forever
from sockstate._serve_common import TCP4, TCP6, Unix
from support import ipv6_loopback_works

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TIMEOUT = 10.0


@pytest.fixture(params=LOOP_KINDS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """Each kind of loop in turn: the default one and uvloop."""
    yield from running(request.param)


def _line(stream: int, deadline: float) -> bytes:
    """One line from the descriptor ``stream``, read a byte at a time."""
    line = b""
    while not line.endswith(b"\n"):
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no whole line in time: {line!r}"
        byte = os.read(stream, 1)
        assert byte, f"the server ended: {line!r}"
        line += byte
    return line


def test_serve_asyncio_echoes_and_stops_on_ctrl_c() -> None:
    command = [sys.executable, "-m", "sockstate", "serve", "127.0.0.1:0", "--asyncio"]
    with ctrl_c_raises():  # the server starts as from a terminal, where Ctrl-C stops it
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with process:
        try:
            assert process.stdout is not None
            first = _line(process.stdout.fileno(), time.monotonic() + TIMEOUT).decode()
            assert first.startswith("listening on 127.0.0.1:")
            host, _, port = first.split()[-1].rpartition(":")
            for message in (b"hello", b"again"):
                with sockstate.tcp().connect((host, int(port))) as client:
                    client.raw_socket().settimeout(TIMEOUT)
                    client.sendall(message)
                    receiving = client.shutdown_write()
                    assert receiving.recv_exactly(len(message)) == message
                    assert receiving.recv(1) == b""
            time.sleep(0.2)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 130
    assert err == b""
    lines = out.decode().splitlines()
    assert [line.split(" from ")[0] for line in lines] == [
        "accepted connection #1",
        "closed connection #1",
        "accepted connection #2",
        "closed connection #2",
    ]


def test_serve_forever_on_each_loop_over_unix(run: Run, tmp_path: Path) -> None:
    path = str(tmp_path / "echo.sock")
    said: list[str] = []

    async def main() -> None:
        ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        server = asyncio.ensure_future(serve_forever(Unix(path), said.append, ready.set_result))
        assert await ready == path
        clients = [await aio.unix().connect(path) for _ in range(5)]
        for number, client in enumerate(clients):
            await client.sendall(bytes([number]) * 3)
            assert await client.recv_exactly(3) == bytes([number]) * 3
        clients[0].close()
        server.cancel()
        with pytest.raises(asyncio.CancelledError):
            await server
        for client in clients[1:]:
            assert await client.recv(1) == b""
            client.close()

    run(main())
    assert said[0] == f"listening on {path}"
    assert sum(line.startswith("accepted connection") for line in said) == 5
    assert sum(line.startswith("closed connection") for line in said) == 5
    assert not os.path.exists(path)


def test_serve_forever_reports_a_port_in_use(run: Run) -> None:
    async def main() -> None:
        with aio.tcp().bind(("127.0.0.1", 0)).listen() as taken:
            _, port = taken.getsockname()
            with pytest.raises(OSError, match="in use"):
                await serve_forever(TCP4("127.0.0.1", port), print)

    run(main())


def test_serve_asyncio_trace_prints_every_transition() -> None:
    command = [*CLI, "serve", "127.0.0.1:0", "--asyncio", "--trace"]
    with ctrl_c_raises():
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with process:
        try:
            assert process.stdout is not None
            stdout = process.stdout.fileno()
            deadline = time.monotonic() + TIMEOUT
            lines = [_line(stdout, deadline).decode()]
            while not lines[-1].startswith("listening on "):
                lines.append(_line(stdout, deadline).decode())
            host, _, port = lines[-1].split()[-1].rpartition(":")
            with sockstate.tcp().connect((host, int(port))) as client:
                client.raw_socket().settimeout(TIMEOUT)
                client.sendall(b"traced")
                receiving = client.shutdown_write()
                assert receiving.recv_exactly(6) == b"traced"
                assert receiving.recv(1) == b""
            while not lines[-1].startswith("closed connection #1 "):
                lines.append(_line(stdout, deadline).decode())
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert (process.returncode, err) == (130, b"")
    traced = "\n".join(lines) + "\n" + out.decode()
    for transition in (
        "socket() (new) -> fresh",
        "bound -> listening",
        "accept() ('127.0.0.1', ",
        "recv() connected -> ended",
        "close() ended -> closed",
        "close() listening -> closed",
    ):
        assert transition in traced, transition
    assert (
        "trace: <sockstate.aio.ClosedSocket AF_INET fd=-1>: close() listening -> closed" in traced
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract names are Linux's")
def test_serve_forever_names_an_abstract_address_with_an_at(run: Run) -> None:
    name = f"sockstate-test-{secrets.token_hex(8)}"
    said: list[str] = []

    async def main() -> None:
        ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        server = asyncio.ensure_future(
            serve_forever(Unix(b"\0" + name.encode()), said.append, ready.set_result)
        )
        assert await ready == f"@{name}"
        async with await aio.unix().connect(b"\0" + name.encode()) as client:
            await client.sendall(b"abstract")
            assert await client.recv_exactly(8) == b"abstract"
        server.cancel()
        with pytest.raises(asyncio.CancelledError):
            await server

    run(main())
    assert said[0] == f"listening on @{name}"


@pytest.mark.skipif(not ipv6_loopback_works(), reason="no IPv6 loopback (::1)")
def test_serve_forever_over_ipv6(run: Run) -> None:
    said: list[str] = []

    async def main() -> None:
        ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        server = asyncio.ensure_future(serve_forever(TCP6("::1", 0), said.append, ready.set_result))
        where = await ready
        assert where.startswith("[::1]:")
        async with await aio.tcp6().connect(("::1", int(where.rpartition(":")[2]))) as client:
            await client.sendall(b"six")
            assert await client.recv_exactly(3) == b"six"
        server.cancel()
        with pytest.raises(asyncio.CancelledError):
            await server

    run(main())
    assert re.fullmatch(r"accepted connection #1 from \[::1\]:\d+", said[1])


def test_serve_forever_logs_why_a_reset_connection_closed(run: Run) -> None:
    said: list[str] = []

    async def main() -> None:
        ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        server = asyncio.ensure_future(
            serve_forever(TCP4("127.0.0.1", 0), said.append, ready.set_result)
        )
        host, _, port = (await ready).rpartition(":")
        client = await aio.tcp().connect((host, int(port)))
        await client.sendall(b"ping")
        assert await client.recv_exactly(4) == b"ping"
        client.options.set_linger(0)
        client.close()  # a reset, not an end of stream
        while not any(line.startswith("closed connection #1 ") for line in said):
            await asyncio.sleep(0.01)
        server.cancel()
        with pytest.raises(asyncio.CancelledError):
            await server

    run(main())
    assert re.fullmatch(
        r"closed connection #1 from 127\.0\.0\.1:\d+ \(Connection reset by peer\)", said[2]
    )
