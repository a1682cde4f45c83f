"""The asyncio rows' work: raw ``loop.sock_*`` calls on plain non-blocking
stdlib sockets, or ``sockstate.aio``, on the same event loop.

Rules of this file (as ``workloads.py``'s):

* Every benchmark exists twice, raw and sockstate, doing the same work on
  the same kind of connection with the same tasks: a round trip is a client
  task and an echo task, each waiting for the other, so that the time
  includes the waits on the loop, which is where an asyncio socket spends
  its calls.  Raw is what asyncio code writes without sockstate:
  ``loop.sock_sendall``, ``loop.sock_recv``, ``loop.sock_recv_into``,
  ``loop.sock_accept``, ``loop.sock_connect``.
* A timer takes ``loops`` and returns the seconds that ``loops`` operations
  took on its loop, measured inside the loop around the operations only.
* ``Loops`` makes a loop of each kind (the default one, and uvloop where it
  is installed) and the connections on it, and closes them all.
"""

from __future__ import annotations

import asyncio
import socket
from time import perf_counter
from typing import TYPE_CHECKING, Any

from sockstate import aio

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine
    from types import TracebackType

    from typing_extensions import Self

    from sockstate import IPv4Address

    Timer = Callable[[int], float]

CHUNK = 64 * 1024
"""The bulk benchmark's unit of transfer, in bytes (as ``workloads.CHUNK``)."""

CLIENTS = 1000
"""Connections at once in the echo benchmark."""

LOOPBACK = ("127.0.0.1", 0)

RawPair = tuple[socket.socket, socket.socket]
WrappedPair = tuple["aio.ConnectedSocket[Any]", "aio.ConnectedSocket[Any]"]


def _raw_nonblocking(pair: RawPair) -> RawPair:
    for sock in pair:
        sock.setblocking(False)
    return pair


def raw_tcp_pair() -> RawPair:
    """Both ends of a loopback TCP connection, non-blocking stdlib sockets."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(LOOPBACK)
        listener.listen()
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
    return _raw_nonblocking((client, server))


def wrapped_tcp_pair() -> WrappedPair:
    """Both ends of a loopback TCP connection, on sockstate's asyncio face."""
    import sockstate

    with sockstate.tcp().bind(LOOPBACK).listen() as listener:
        client = sockstate.tcp().connect(listener.getsockname())
        server, _ = listener.accept()
    return aio.from_blocking(client), aio.from_blocking(server)


# -- round trips ------------------------------------------------------------------------


async def raw_round_trip(loops: int, a: socket.socket, b: socket.socket) -> float:
    """``loops`` one-byte round trips: a client task sends on ``a`` and waits
    for the answer; an echo task on ``b`` waits for each byte and answers."""
    loop = asyncio.get_running_loop()

    async def echo() -> None:
        for _ in range(loops):
            data = await loop.sock_recv(b, 1)
            await loop.sock_sendall(b, data)

    server = asyncio.ensure_future(echo())
    start = perf_counter()
    for _ in range(loops):
        await loop.sock_sendall(a, b"x")
        await loop.sock_recv(a, 1)
    elapsed = perf_counter() - start
    await server
    return elapsed


async def wrapped_round_trip(
    loops: int, a: aio.ConnectedSocket[Any], b: aio.ConnectedSocket[Any]
) -> float:
    """``raw_round_trip`` with sockstate."""

    async def echo() -> None:
        for _ in range(loops):
            data = await b.recv(1)
            await b.sendall(data)

    server = asyncio.ensure_future(echo())
    start = perf_counter()
    for _ in range(loops):
        await a.sendall(b"x")
        await a.recv(1)
    elapsed = perf_counter() - start
    await server
    return elapsed


# -- bulk ----------------------------------------------------------------------------


async def raw_bulk(loops: int, a: socket.socket, b: socket.socket) -> float:
    """``loops`` chunks of ``CHUNK`` bytes: a task sends them on ``a`` while
    another receives them on ``b`` into one buffer."""
    loop = asyncio.get_running_loop()
    data = b"\0" * CHUNK
    buffer = bytearray(CHUNK)

    async def send() -> None:
        for _ in range(loops):
            await loop.sock_sendall(a, data)

    start = perf_counter()
    sender = asyncio.ensure_future(send())
    remaining = loops * CHUNK
    while remaining:
        remaining -= await loop.sock_recv_into(b, buffer)
    await sender
    return perf_counter() - start


async def wrapped_bulk(
    loops: int, a: aio.ConnectedSocket[Any], b: aio.ConnectedSocket[Any]
) -> float:
    """``raw_bulk`` with sockstate."""
    data = b"\0" * CHUNK
    buffer = bytearray(CHUNK)

    async def send() -> None:
        for _ in range(loops):
            await a.sendall(data)

    start = perf_counter()
    sender = asyncio.ensure_future(send())
    remaining = loops * CHUNK
    while remaining:
        remaining -= await b.recv_into(buffer)
    await sender
    return perf_counter() - start


# -- many connections at once ------------------------------------------------------------


async def raw_echo_clients(loops: int, listener: socket.socket) -> float:
    """``loops`` rounds of ``CLIENTS`` clients at once, each connecting to
    ``listener``, sending one byte, reading its echo and closing, while the
    server accepts each and echoes it in a task of its own."""
    loop = asyncio.get_running_loop()
    address = listener.getsockname()

    async def serve_one(conn: socket.socket) -> None:
        await loop.sock_sendall(conn, await loop.sock_recv(conn, 1))
        conn.close()

    async def serve() -> None:
        served: list[asyncio.Future[None]] = []
        for _ in range(CLIENTS):
            conn, _ = await loop.sock_accept(listener)
            served.append(asyncio.ensure_future(serve_one(conn)))
        await asyncio.gather(*served)

    async def client() -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        await loop.sock_connect(sock, address)
        await loop.sock_sendall(sock, b"x")
        await loop.sock_recv(sock, 1)
        sock.close()

    start = perf_counter()
    for _ in range(loops):
        server = asyncio.ensure_future(serve())
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        await server
    return perf_counter() - start


async def wrapped_echo_clients(loops: int, listener: aio.ListeningSocket[IPv4Address]) -> float:
    """``raw_echo_clients`` with sockstate."""
    address = listener.getsockname()

    async def serve_one(conn: aio.ConnectedSocket[IPv4Address]) -> None:
        await conn.sendall(await conn.recv(1))
        conn.close()

    async def serve() -> None:
        served: list[asyncio.Future[None]] = []
        for _ in range(CLIENTS):
            conn, _ = await listener.accept()
            served.append(asyncio.ensure_future(serve_one(conn)))
        await asyncio.gather(*served)

    async def client() -> None:
        sock = await aio.tcp().connect(address)
        await sock.sendall(b"x")
        await sock.recv(1)
        sock.close()

    start = perf_counter()
    for _ in range(loops):
        server = asyncio.ensure_future(serve())
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        await server
    return perf_counter() - start


# -- the loops ---------------------------------------------------------------------------


def _uvloop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - a Python that uvloop does not build for
        return None
    return uvloop.new_event_loop


class Loops:
    """A loop of each kind with its connections, and the timers of every
    asyncio row on it, by the row's key in ``run.ROWS``: ``asyncio-...`` on
    the default loop, ``uvloop-...`` on uvloop (absent where uvloop is not
    installed)."""

    def __init__(self) -> None:
        self._loops: list[asyncio.AbstractEventLoop] = []
        self._closing: list[Any] = []
        self.timers: dict[str, tuple[Timer, Timer]] = {}
        makers: dict[str, Callable[[], asyncio.AbstractEventLoop] | None] = {
            "asyncio": asyncio.new_event_loop,
            "uvloop": _uvloop(),
        }
        for kind, make in makers.items():
            if make is not None:
                self._add(kind, make())

    def _kept(self, *socks: Any) -> None:
        self._closing.extend(socks)

    def _add(self, kind: str, loop: asyncio.AbstractEventLoop) -> None:
        self._loops.append(loop)

        def on(work: Callable[..., Coroutine[Any, Any, float]], *args: Any) -> Timer:
            return lambda loops: loop.run_until_complete(work(loops, *args))

        raw_unix = _raw_nonblocking(socket.socketpair())
        wrapped_unix = aio.socketpair()
        raw_tcp = raw_tcp_pair()
        wrapped_tcp = wrapped_tcp_pair()
        raw_listener = socket.create_server(LOOPBACK, backlog=CLIENTS)
        raw_listener.setblocking(False)
        wrapped_listener = aio.tcp().bind(LOOPBACK).listen(CLIENTS)
        self._kept(*raw_unix, *wrapped_unix, *raw_tcp, *wrapped_tcp, raw_listener, wrapped_listener)
        self.timers.update(
            {
                f"{kind}-unix-round-trip": (
                    on(raw_round_trip, *raw_unix),
                    on(wrapped_round_trip, *wrapped_unix),
                ),
                f"{kind}-tcp-round-trip": (
                    on(raw_round_trip, *raw_tcp),
                    on(wrapped_round_trip, *wrapped_tcp),
                ),
                f"{kind}-bulk": (on(raw_bulk, *raw_tcp), on(wrapped_bulk, *wrapped_tcp)),
                f"{kind}-echo-{CLIENTS}": (
                    on(raw_echo_clients, raw_listener),
                    on(wrapped_echo_clients, wrapped_listener),
                ),
            }
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for sock in self._closing:
            sock.close()
        for loop in self._loops:
            loop.close()
