"""The pytest plugin's part for the asyncio face: its fixtures, its async
helpers, its assertions on asyncio sockets, and a user's suite written for
pytest-asyncio (run only where pytest-asyncio is installed: the plugin does
not need it)."""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING

import pytest

from aio_support import LOOP_KINDS, Run, open_fds, running
from sockstate import State, aio
from sockstate.testing import (
    aio_accept_pair,
    aio_within,
    assert_ordering_error,
    raises_ordering_error,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sockstate import IPv4Address, UnixAddress

pytest_plugins = ["pytester"]


@pytest.fixture(params=LOOP_KINDS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """Each kind of loop in turn: the default one and uvloop."""
    yield from running(request.param)


def test_the_tcp_pair_fixture(
    aio_tcp_pair: tuple[aio.ConnectedSocket[IPv4Address], aio.ConnectedSocket[IPv4Address]],
    run: Run,
) -> None:
    client, server = aio_tcp_pair

    async def main() -> None:
        await client.sendall(b"ping")
        assert await aio_within(server.recv_exactly(4)) == b"ping"

    run(main())
    assert client.getpeername() == server.getsockname()


def test_the_unix_pair_fixture_is_closed_at_teardown_whatever_its_state(
    aio_unix_pair: tuple[aio.ConnectedSocket[UnixAddress], aio.ConnectedSocket[UnixAddress]],
) -> None:
    client, server = aio_unix_pair
    client.shutdown_both()
    server.close()


def test_the_listener_fixtures_and_accept_pair(
    aio_tcp_listener: aio.ListeningSocket[IPv4Address],
    aio_unix_listener: aio.ListeningSocket[UnixAddress],
    run: Run,
) -> None:
    async def main() -> None:
        for listener in (aio_tcp_listener, aio_unix_listener):
            client, server = await aio_accept_pair(listener)
            with client, server:
                await server.sendall(b"x")
                assert await client.recv(1) == b"x"

    run(main())


def test_accept_pair_whose_connect_fails_leaves_nothing_it_made_open(
    aio_unix_listener: aio.ListeningSocket[UnixAddress], run: Run
) -> None:
    """The listener's file is gone, so the pair's connect() fails (ENOENT,
    connect(2)): the error propagates, its client closed, and the task
    waiting to accept is cancelled."""
    path = aio_unix_listener.getsockname()
    assert isinstance(path, str)
    os.unlink(path)

    async def main() -> None:
        before = open_fds()
        with pytest.raises(FileNotFoundError):
            await aio_accept_pair(aio_unix_listener)
        await asyncio.sleep(0)  # the cancelled accept ends
        assert open_fds() == before

    run(main())
    assert aio_unix_listener.state is State.LISTENING


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_accept_pair_cancelled_leaves_nothing_it_made_open(
    aio_tcp_listener: aio.ListeningSocket[IPv4Address], run: Run, turns: int
) -> None:
    """Cancelled at a wait, the pair closes its client and any
    server it accepted (whether accept() has returned by then depends on
    the Python: 3.12's ``wait_for`` no longer starts a task of its own)."""

    async def main() -> None:
        before = open_fds()
        pairing = asyncio.ensure_future(aio_accept_pair(aio_tcp_listener))
        for _ in range(turns):  # the pair runs to a wait: two turns on 3.12 find it accepted
            await asyncio.sleep(0)
        pairing.cancel()
        try:
            client, server = await pairing
        except asyncio.CancelledError:
            pass
        else:  # wait_for() before 3.12 can finish a wait it was told to cancel (CPython gh-86296)
            client.close()
            server.close()
        for _ in range(3):  # the accepting task ends, cancelled or done
            await asyncio.sleep(0)
        assert open_fds() == before

    run(main())
    assert aio_tcp_listener.state is State.LISTENING


def test_aio_within_cancels_a_wait_that_takes_too_long(
    aio_unix_pair: tuple[aio.ConnectedSocket[UnixAddress], aio.ConnectedSocket[UnixAddress]],
    run: Run,
) -> None:
    _, server = aio_unix_pair

    async def main() -> None:
        with pytest.raises(asyncio.TimeoutError):
            await aio_within(server.recv(1), 0.05)

    run(main())
    assert server.state is State.CONNECTED


def test_the_assertions_take_asyncio_sockets(
    aio_unix_pair: tuple[aio.ConnectedSocket[UnixAddress], aio.ConnectedSocket[UnixAddress]],
    run: Run,
) -> None:
    client, server = aio_unix_pair
    assert assert_ordering_error(client, "accept").state is State.CONNECTED
    assert "never block" in str(assert_ordering_error(client, "settimeout"))
    client.shutdown_write()

    async def main() -> None:
        assert await server.recv(1) == b""
        with raises_ordering_error("recv", State.ENDED):
            await server.recv(1)

    run(main())


USER_SUITE = """
import pytest

from sockstate import State, aio
from sockstate.testing import aio_within


@pytest.mark.asyncio
async def test_echo(aio_tcp_pair):
    client, server = aio_tcp_pair
    await client.sendall(b"ping")
    assert await aio_within(server.recv_exactly(4)) == b"ping"


@pytest.mark.asyncio
async def test_end_of_stream(aio_unix_pair):
    client, server = aio_unix_pair
    client.shutdown_write()
    assert await server.recv(1) == b""
    assert server.state is State.ENDED
"""


def test_a_users_pytest_asyncio_suite(pytester: pytest.Pytester) -> None:
    pytest.importorskip("pytest_asyncio", reason="pytest-asyncio is not installed here")
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_user=USER_SUITE)
    result = pytester.runpytest_subprocess("-p", "asyncio", "-W", "error")
    result.assert_outcomes(passed=2)


def test_the_plugin_does_not_import_asyncio() -> None:
    import subprocess
    import sys

    code = "import sys, sockstate._pytest_plugin; print('asyncio' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert found.stdout.strip() == "False"
