"""The work that ``run.py`` measures, each piece once for raw ``socket`` and once for sockstate.

Rules of this file:

* Every benchmark exists twice, raw and sockstate, doing byte for byte the
  same work with the same calls on the same kind of connection, so that the
  difference between the two is the wrapper's cost and nothing else.  Where
  one function serves both, it takes a ``Connection``, which either kind is.
* A timer takes ``loops`` and returns the seconds that ``loops`` operations
  took, measured with ``time.perf_counter`` around the operations only:
  connections are made beforehand, and setup inside a timer (the bytes
  ``recv_calls`` reads, the datagrams ``recvfrom_calls`` receives) stays
  outside the clock.
* Nothing here decides, repeats or judges; ``run.py`` does.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import threading
import tracemalloc
from time import perf_counter
from typing import TYPE_CHECKING, Protocol, TypeVar

import sockstate

if TYPE_CHECKING:
    from collections.abc import Callable

CHUNK = 64 * 1024
"""The bulk benchmark's unit of transfer, in bytes."""

LOOPBACK = ("127.0.0.1", 0)

T = TypeVar("T")

TLS_HOST = "localhost"
"""The name the TLS benchmark's certificate carries, and its client verifies."""


class Connection(Protocol):
    """What both a raw connected ``socket.socket`` and a ``ConnectedSocket`` offer."""

    def send(self, data: bytes, /) -> int: ...
    def sendall(self, data: bytes, /) -> None: ...
    def recv(self, bufsize: int, /) -> bytes: ...
    def recv_into(self, buffer: memoryview, /) -> int: ...
    def fileno(self) -> int: ...


class Datagrams(Protocol):
    """What both a raw bound UDP ``socket.socket`` and a ``BoundDatagramSocket`` offer."""

    def sendto(self, data: bytes, address: tuple[str, int], /) -> int: ...
    def recvfrom(self, bufsize: int, /) -> tuple[bytes, object]: ...
    def getsockname(self) -> tuple[str, int]: ...


class Closable(Protocol):
    def close(self) -> object: ...


def raw_tcp_pair() -> tuple[socket.socket, socket.socket]:
    """Both ends of a loopback TCP connection, as stdlib sockets."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(LOOPBACK)
        listener.listen()
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        client.connect(listener.getsockname())
        server, _ = listener.accept()
    return client, server


def sockstate_tcp_pair() -> tuple[
    sockstate.ConnectedSocket[sockstate.IPv4Address],
    sockstate.ConnectedSocket[sockstate.IPv4Address],
]:
    """Both ends of a loopback TCP connection, as sockstate sockets."""
    with sockstate.tcp().bind(LOOPBACK).listen() as listener:
        client = sockstate.tcp().connect(listener.getsockname())
        server, _ = listener.accept()
    return client, server


def tls_contexts() -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """``(server, client)`` contexts for the TLS benchmark: a certificate
    for ``TLS_HOST`` from a ``trustme`` authority, which the client trusts.
    Both sides of the benchmark use the same two, so they agree on the
    protocol and the cipher."""
    import trustme  # a test dependency, in the dev group: only for this benchmark

    authority = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert(TLS_HOST).configure_cert(server)  # pyright: ignore[reportUnknownMemberType] - pyOpenSSL's half
    client = ssl.create_default_context()
    authority.configure_trust(client)  # pyright: ignore[reportUnknownMemberType] - pyOpenSSL's half
    return server, client


def _handshake(server: Callable[[], T], client: Callable[[], T]) -> tuple[T, T]:
    """``(server(), client())``, the server's side in a thread: a blocking
    handshake needs its peer to answer at the same time."""
    results: list[T] = []
    thread = threading.Thread(target=lambda: results.append(server()))
    thread.start()
    try:
        tls_client = client()
    finally:
        thread.join()
    return results[0], tls_client


def raw_tls_pair(
    contexts: tuple[ssl.SSLContext, ssl.SSLContext],
) -> tuple[ssl.SSLSocket, ssl.SSLSocket]:
    """Both ends of a loopback TCP connection in TLS, through ``ssl`` alone:
    ``(client, server)``."""
    server_context, client_context = contexts
    client, server = raw_tcp_pair()
    tls_server, tls_client = _handshake(
        lambda: server_context.wrap_socket(server, server_side=True),
        lambda: client_context.wrap_socket(client, server_hostname=TLS_HOST),
    )
    return tls_client, tls_server


def sockstate_tls_pair(
    contexts: tuple[ssl.SSLContext, ssl.SSLContext],
) -> tuple[sockstate.TLSSocket[sockstate.IPv4Address], sockstate.TLSSocket[sockstate.IPv4Address]]:
    """Both ends of a loopback TCP connection in TLS, through sockstate's
    ``wrap_tls()``: ``(client, server)``."""
    server_context, client_context = contexts
    client, server = sockstate_tcp_pair()
    tls_server, tls_client = _handshake(
        lambda: server.wrap_tls(server_context, server_side=True),
        lambda: client.wrap_tls(client_context, server_hostname=TLS_HOST),
    )
    return tls_client, tls_server


def raw_udp_pair() -> tuple[socket.socket, socket.socket]:
    """Two UDP sockets bound on loopback, as stdlib sockets: the first
    receives, the second sends."""
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(LOOPBACK)
    sender.bind(LOOPBACK)
    return receiver, sender


def sockstate_udp_pair() -> tuple[
    sockstate.BoundDatagramSocket[sockstate.IPv4Address],
    sockstate.BoundDatagramSocket[sockstate.IPv4Address],
]:
    """Two UDP sockets bound on loopback, as sockstate sockets: the first
    receives, the second sends."""
    return sockstate.udp().bind(LOOPBACK), sockstate.udp().bind(LOOPBACK)


def round_trip(loops: int, a: Connection, b: Connection) -> float:
    """``loops`` one-byte round trips: ``a`` sends, ``b`` receives and answers."""
    start = perf_counter()
    for _ in range(loops):
        a.send(b"x")
        b.recv(1)
        b.send(b"y")
        a.recv(1)
    return perf_counter() - start


def bulk(loops: int, a: Connection, b: Connection) -> float:
    """``loops`` transfers of one ``CHUNK`` from ``a`` to ``b``."""
    data = b"\0" * CHUNK
    buffer = memoryview(bytearray(CHUNK))
    start = perf_counter()
    for _ in range(loops):
        a.sendall(data)
        received = 0
        while received < CHUNK:
            received += b.recv_into(buffer[received:])
    return perf_counter() - start


def send_calls(loops: int, a: Connection, b: Connection) -> float:
    """``loops`` calls of ``a.send(b"")``: a system call that queues nothing,
    so the buffer never fills and ``b`` has nothing to read."""
    start = perf_counter()
    for _ in range(loops):
        a.send(b"")
    return perf_counter() - start


def recv_calls(loops: int, a: Connection, b: Connection) -> float:
    """``loops`` calls of ``a.recv(1)``, each with a byte waiting: ``b`` sends
    the bytes beforehand, a thousand at a time, off the clock."""
    elapsed = 0.0
    for done in range(0, loops, 1000):
        count = min(1000, loops - done)
        b.sendall(b"x" * count)
        start = perf_counter()
        for _ in range(count):
            a.recv(1)
        elapsed += perf_counter() - start
    return elapsed


DATAGRAMS = 64
"""How many datagrams ``recvfrom_calls`` queues at a time: a quarter of the
256 one-byte datagrams that Linux's default receive buffer (212992 bytes)
held on the machine this was written on.  A UDP datagram that finds the
buffer full is dropped without an error, and the ``recvfrom`` waiting for
it would never return."""


def recvfrom_calls(loops: int, a: Datagrams, b: Datagrams) -> float:
    """``loops`` calls of ``a.recvfrom(1)``, each with a one-byte datagram
    waiting: ``b`` sends them to ``a`` beforehand, ``DATAGRAMS`` at a time,
    off the clock.  Loopback normally delivers a datagram before ``sendto``
    returns; were one late, its ``recvfrom`` would wait for it on the clock."""
    address = a.getsockname()
    elapsed = 0.0
    for done in range(0, loops, DATAGRAMS):
        count = min(DATAGRAMS, loops - done)
        for _ in range(count):
            b.sendto(b"x", address)
        start = perf_counter()
        for _ in range(count):
            a.recvfrom(1)
        elapsed += perf_counter() - start
    return elapsed


def fileno_calls(loops: int, a: Connection, b: Connection) -> float:
    """``loops`` calls of ``a.fileno()``: no system call at all."""
    start = perf_counter()
    for _ in range(loops):
        a.fileno()
    return perf_counter() - start


def raw_cycle(loops: int) -> float:
    """``loops`` connections on loopback TCP, each from nothing to closed."""
    start = perf_counter()
    for _ in range(loops):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(LOOPBACK)
        listener.listen()
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        client.connect(listener.getsockname())
        server, _ = listener.accept()
        client.close()
        server.close()
        listener.close()
    return perf_counter() - start


def sockstate_cycle(loops: int) -> float:
    """``raw_cycle`` with sockstate."""
    start = perf_counter()
    for _ in range(loops):
        listener = sockstate.tcp().bind(LOOPBACK).listen()
        client = sockstate.tcp().connect(listener.getsockname())
        server, _ = listener.accept()
        client.close()
        server.close()
        listener.close()
    return perf_counter() - start


def bytes_per_object(make: Callable[[], Closable], count: int) -> float:
    """What tracemalloc sees allocated, per object, to hold ``count`` objects
    from ``make()`` alive at once; they are closed afterwards."""
    made: list[Closable | None] = [None] * count  # allocated before counting starts
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for index in range(count):
            made[index] = make()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        for obj in made:
            if obj is not None:
                obj.close()
    return (after - before) / count


_IMPORT_ENV = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}
"""This environment, writing bytecode: an import time is the cached import's."""


def import_seconds(module: str) -> float:
    """How long ``import module`` takes in a fresh interpreter, as its own
    ``-X importtime`` report says: the module's cumulative time."""
    report = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        env=_IMPORT_ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    for line in report.splitlines():
        # "import time: SELF | CUMULATIVE | NAME", NAME indented by depth.
        fields = line.split("|")
        if line.startswith("import time:") and fields[-1] == f" {module}":
            return int(fields[1]) / 1e6
    raise RuntimeError(f"no -X importtime line for {module}:\n{report}")
