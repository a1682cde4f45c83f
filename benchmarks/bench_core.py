"""Raw ``socket`` against sockstate on the same work, in the same run.

Rules of this file: every benchmark exists twice, ``raw`` and ``sockstate``,
doing byte for byte the same work on the same kind of connection, so that
their ratio is the wrapper's cost.  Connections are made once per worker,
outside the timed loop.

Run: ``.venv/bin/python benchmarks/bench_core.py -o results.json`` (add
``--fast`` for a quick look), then ``.venv/bin/python -m pyperf compare_to``
or ``benchmarks/ratios.py results.json``.
"""

from __future__ import annotations

import socket
import time
from typing import TYPE_CHECKING

import pyperf

import sockstate

if TYPE_CHECKING:
    from collections.abc import Callable
from typing import Protocol

CHUNK = 64 * 1024


def raw_pair(family: socket.AddressFamily) -> tuple[socket.socket, socket.socket]:
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0) if family == socket.AF_INET else "\0sockstate-bench-raw")
    listener.listen()
    client = socket.socket(family, socket.SOCK_STREAM)
    client.connect(listener.getsockname())
    server, _ = listener.accept()
    listener.close()
    return client, server


def sockstate_tcp_pair() -> tuple[
    sockstate.ConnectedSocket[sockstate.IPv4Address],
    sockstate.ConnectedSocket[sockstate.IPv4Address],
]:
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    client = sockstate.tcp().connect(listener.getsockname())
    server, _ = listener.accept()
    listener.close()
    return client, server


def sockstate_unix_pair() -> tuple[
    sockstate.ConnectedSocket[sockstate.UnixAddress],
    sockstate.ConnectedSocket[sockstate.UnixAddress],
]:
    listener = sockstate.unix().bind("\0sockstate-bench-wrapped").listen()
    client = sockstate.unix().connect(listener.getsockname())
    server, _ = listener.accept()
    listener.close()
    return client, server


class Connection(Protocol):
    """What both a raw connected ``socket.socket`` and a ``ConnectedSocket`` offer."""

    def send(self, data: bytes, /) -> int: ...
    def recv(self, bufsize: int, /) -> bytes: ...
    def sendall(self, data: bytes, /) -> None: ...
    def recv_into(self, buffer: memoryview, /) -> int: ...


class Stream:
    """The four calls a benchmark needs, bound once, for either kind."""

    def __init__(self, connection: Connection) -> None:
        self.send: Callable[[bytes], int] = connection.send
        self.recv: Callable[[int], bytes] = connection.recv
        self.sendall: Callable[[bytes], None] = connection.sendall
        self.recv_into: Callable[[memoryview], int] = connection.recv_into


def streams(pair: tuple[Connection, Connection]) -> tuple[Stream, Stream]:
    """Both ends of a connection, bound for timing."""
    return Stream(pair[0]), Stream(pair[1])


def round_trip(loops: int, a: Stream, b: Stream) -> float:
    """``loops`` one-byte round trips: a sends, b receives and answers."""
    a_send, a_recv, b_send, b_recv = a.send, a.recv, b.send, b.recv
    start = time.perf_counter()
    for _ in range(loops):
        a_send(b"x")
        b_recv(1)
        b_send(b"y")
        a_recv(1)
    return time.perf_counter() - start


def bulk(loops: int, a: Stream, b: Stream) -> float:
    """``loops`` transfers of one 64 KiB chunk from a to b."""
    data = b"\0" * CHUNK
    buffer = memoryview(bytearray(CHUNK))
    sendall, recv_into = a.sendall, b.recv_into
    start = time.perf_counter()
    for _ in range(loops):
        sendall(data)
        received = 0
        while received < CHUNK:
            received += recv_into(buffer[received:])
    return time.perf_counter() - start


def main() -> None:
    runner = pyperf.Runner()
    raw_tcp = raw_pair(socket.AF_INET)
    raw_unix = raw_pair(socket.AF_UNIX)
    ss_tcp = sockstate_tcp_pair()
    ss_unix = sockstate_unix_pair()
    pairs = {
        "tcp raw": streams(raw_tcp),
        "tcp sockstate": streams(ss_tcp),
        "unix raw": streams(raw_unix),
        "unix sockstate": streams(ss_unix),
    }
    for name, (a, b) in pairs.items():
        kind, flavour = name.split()
        runner.bench_time_func(f"round trip 1 byte {kind} {flavour}", round_trip, a, b)
    for name in ("tcp raw", "tcp sockstate"):
        a, b = pairs[name]
        runner.bench_time_func(f"bulk 64 KiB {name}", bulk, a, b)


if __name__ == "__main__":
    main()
