"""``sockstate serve`` as a service that stays up: short of descriptors or
threads it delays or refuses clients and says so in one line, and it ends
only when told to; ``--max-clients`` and ``--idle-timeout`` bound what
clients can hold.

Each server runs in a child process whose limits are lowered (the
descriptor limit always, the address space for the thread test), on
loopback, with a bounded number of clients.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from typing import TYPE_CHECKING

import pytest

import sockstate
from cli_support import TIMEOUT, serving
from sockstate._serve import ACCEPT_RETRY_DELAY
from sockstate._serve_common import WAKE_INTERVAL

if TYPE_CHECKING:
    from collections.abc import Generator

    from cli_support import Server
    from sockstate import ConnectedSocket, IPv4Address

_LIMITED = """\
import os, resource, sys, threading

from sockstate.__main__ import main

descriptors, threads, stack, slack = map(int, sys.argv[1:5])
resource.setrlimit(
    resource.RLIMIT_NOFILE, (descriptors, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
)
if threads:
    threading.stack_size(stack)
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = size + threads * stack + slack
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
sys.exit(main(["serve", *sys.argv[5:]]))
"""
"""A child that lowers its descriptor limit and, given a number of threads,
its address space to what that many threads' stacks need besides what it
uses now, then runs ``sockstate serve`` with the rest of its arguments."""

_STACK = 256 << 20
"""The stack of each thread of the thread test: large, so that the address
space limit counts threads and little else."""

_SLACK = 64 << 20
"""What the thread test's address space has besides the threads' stacks."""

_MAX_CLIENTS = 20
"""The most clients a test connects."""

_ROOMY = 64
"""A descriptor limit that the tests below it never reach."""


@contextlib.contextmanager
def _limited_server(
    *args: str, descriptors: int = _ROOMY, threads: int = 0
) -> Generator[Server, None, None]:
    """``sockstate serve 127.0.0.1:0 ARGS`` in a child whose descriptor
    limit is ``descriptors`` and, if ``threads``, whose address space has
    room for that many more threads."""
    command = [sys.executable, "-W", "error", "-c", _LIMITED]
    command += [str(n) for n in (descriptors, threads, _STACK, _SLACK)]
    # glibc gives a thread that allocates an arena of its own, 64 MiB of
    # address space: one arena keeps the limit counting stacks alone.
    env = {**os.environ, "MALLOC_ARENA_MAX": "1"}
    with serving([*command, "127.0.0.1:0", *args], env=env) as server:
        yield server


def _client(server: Server) -> ConnectedSocket[IPv4Address]:
    """A client of ``server``, whose calls fail after the safety timeout
    rather than hang."""
    host, _, port = server.address.rpartition(":")
    client = sockstate.tcp()
    client.settimeout(TIMEOUT)
    return client.connect((host, int(port)))


def _assert_echoes(client: ConnectedSocket[IPv4Address]) -> None:
    client.sendall(b"ping")
    assert client.recv_exactly(4) == b"ping"


def _echoed(client: ConnectedSocket[IPv4Address]) -> bool:
    """Whether ``client`` was served, rather than closed by the server."""
    try:
        client.sendall(b"ping")
        return client.recv(4) == b"ping"
    except ConnectionError:  # the server's close found the ping unread: a reset
        return False


def _assert_stops_cleanly(server: Server) -> list[str]:
    """Ctrl-C ``server``: it exits 130 with no error; the rest of its output."""
    status, rest, err = server.stop()
    assert (status, err) == (130, "")
    return rest


def test_serve_short_of_descriptors_delays_new_clients_and_says_so_once() -> None:
    with contextlib.ExitStack() as clients, _limited_server(descriptors=12) as server:
        served: list[ConnectedSocket[IPv4Address]] = []
        for number in range(1, _MAX_CLIENTS + 1):
            waiting = clients.enter_context(_client(server))
            line = server.lines.next()
            if not line.startswith("accepted connection "):
                break
            assert line.startswith(f"accepted connection #{number} from 127.0.0.1:")
            served.append(waiting)
        else:
            pytest.fail(f"{_MAX_CLIENTS} clients and still descriptors to spare")
        assert served
        assert line == (
            "cannot accept a client ([Errno 24] Too many open files): "
            "new clients wait until a connection closes"
        )
        # It tries again every ACCEPT_RETRY_DELAY seconds meanwhile: a few
        # tries, to show that it says so once.
        time.sleep(5 * ACCEPT_RETRY_DELAY)
        served[0].close()
        assert server.lines.next().startswith("closed connection #1 from 127.0.0.1:")
        assert server.lines.next().startswith(f"accepted connection #{number} from 127.0.0.1:")
        _assert_echoes(waiting)
        rest = _assert_stops_cleanly(server)
    assert not any("cannot accept" in line for line in rest)


def test_serve_at_max_clients_delays_the_next_client_until_one_leaves() -> None:
    with _limited_server("--max-clients", "2") as server:
        first = _client(server)
        assert server.lines.next().startswith("accepted connection #1 ")
        with _client(server) as second:
            assert server.lines.next().startswith("accepted connection #2 ")
            assert server.lines.next() == (
                "2 clients connected, the most allowed: new clients wait until one leaves"
            )
            with _client(server) as third:  # connected: the kernel queues it
                third.sendall(b"ping")
                _assert_echoes(second)
                # It looks again every WAKE_INTERVAL seconds meanwhile: a few
                # looks, to show that it says so once.
                time.sleep(3 * WAKE_INTERVAL)
                first.close()
                assert server.lines.next().startswith("closed connection #1 ")
                assert server.lines.next().startswith("accepted connection #3 ")
                assert third.recv_exactly(4) == b"ping"
        _assert_stops_cleanly(server)


def test_serve_closes_a_client_idle_for_the_idle_timeout() -> None:
    with _limited_server("--idle-timeout", "0.5") as server:
        with _client(server) as client:
            assert server.lines.next().startswith("accepted connection #1 ")
            _assert_echoes(client)
            assert client.recv(1) == b""  # the server closed it
        assert re.fullmatch(
            r"closed connection #1 from 127\.0\.0\.1:\d+ \(idle for 0\.5 s\)", server.lines.next()
        )
        _assert_stops_cleanly(server)


def test_serve_keeps_a_client_that_is_never_idle_for_the_idle_timeout() -> None:
    with _limited_server("--idle-timeout", "2") as server:
        with _client(server) as client:
            assert server.lines.next().startswith("accepted connection #1 ")
            for _ in range(5):  # 2.5 s in all, more than the idle timeout
                _assert_echoes(client)
                time.sleep(0.5)
            _assert_echoes(client)
        assert re.fullmatch(r"closed connection #1 from 127\.0\.0\.1:\d+", server.lines.next())
        _assert_stops_cleanly(server)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_serve_without_a_thread_for_a_client_closes_it_and_serves_on() -> None:
    with _limited_server(threads=2) as server:
        first = _client(server)
        assert server.lines.next().startswith("accepted connection #1 ")
        with _client(server) as second:
            assert server.lines.next().startswith("accepted connection #2 ")
            with _client(server) as third:
                assert server.lines.next().startswith("accepted connection #3 ")
                assert re.fullmatch(
                    r"closed connection #3 from 127\.0\.0\.1:\d+ "
                    r"\(no thread to serve it: can't start new thread\)",
                    server.lines.next(),
                )
                assert third.recv(1) == b""
            _assert_echoes(second)
            first.close()
            assert server.lines.next().startswith("closed connection #1 ")
            # A thread frees its stack a moment after it says it closed: a
            # client may be closed meanwhile too, never the server.
            for number in range(4, _MAX_CLIENTS + 1):
                with _client(server) as later:
                    assert server.lines.next().startswith(f"accepted connection #{number} ")
                    if _echoed(later):
                        break
                    assert "(no thread to serve it: " in server.lines.next()
            else:
                pytest.fail("no thread for a client even after one left")
        _assert_stops_cleanly(server)
