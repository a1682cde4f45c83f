"""``sockstate serve --asyncio``: the echo server on the asyncio face, as a
command (Ctrl-C ends it with status 130) and in-process on each loop."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

import sockstate
from aio_support import LOOP_KINDS, Run, running
from cli_support import ctrl_c_raises
from sockstate import aio
from sockstate._aio_serve import serve_forever
from sockstate._serve import TCP4, Unix

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
