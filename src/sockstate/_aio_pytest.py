"""The pytest plugin's part for the asyncio face: fixtures that give
``sockstate.aio`` sockets, and an async helper.

Rules of this module:

* The plugin (``_pytest_plugin``) registers this module as a plugin of its
  own when pytest configures it, so its fixtures come and go with the
  plugin's.  Importing this module imports neither asyncio nor
  ``sockstate.aio``: a fixture imports them when it runs, so a suite that
  never asks for one pays nothing.
* The fixtures are plain (not async) fixtures: an asyncio socket needs no
  running loop until a call waits, so they work with pytest-asyncio, with
  anyio's pytest plugin, or with a test that runs its own loop, and require
  none of them.  A connected pair is made on the blocking face (connect and
  accept on loopback do not wait for long) and handed to the asyncio face
  with ``from_blocking()``.
* Every socket a fixture makes is closed at teardown, whatever its state.
  An asyncio socket cannot have a safety timeout (it never blocks): bound
  the test's waits with ``asyncio.timeout()``, ``asyncio.wait_for()`` or
  ``aio_within()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import pytest

import sockstate

if TYPE_CHECKING:
    from collections.abc import Awaitable, Iterator
    from pathlib import Path

    from sockstate import IPv4Address, UnixAddress, aio

__all__ = [
    "aio_accept_pair",
    "aio_tcp_listener",
    "aio_tcp_pair",
    "aio_unix_listener",
    "aio_unix_pair",
    "aio_within",
]

_T = TypeVar("_T")
_A = TypeVar("_A")

AIO_SAFETY_TIMEOUT: Final = 10.0
"""Seconds ``aio_within()`` and ``aio_accept_pair()`` wait at most."""

_IPV4_LOOPBACK: Final[IPv4Address] = ("127.0.0.1", 0)


async def aio_within(awaitable: Awaitable[_T], seconds: float = AIO_SAFETY_TIMEOUT) -> _T:
    """Await ``awaitable``, at most ``seconds`` (10 by default): the safety
    net of an asyncio test, which a socket's timeout cannot be.  Raises
    ``TimeoutError`` (``asyncio.TimeoutError`` before Python 3.11) when the
    time is up, having cancelled the wait (see ``sockstate.aio`` for where
    a cancelled call leaves its socket)."""
    import asyncio

    return await asyncio.wait_for(awaitable, seconds)


async def aio_accept_pair(
    listener: aio.ListeningSocket[_A],
) -> tuple[aio.ConnectedSocket[_A], aio.ConnectedSocket[_A]]:
    """Connect a new asyncio socket of ``listener``'s family to it and accept
    the connection: ``(client, server)``, both the caller's to close.  Waits
    at most ``AIO_SAFETY_TIMEOUT`` seconds; on any failure, nothing it made
    is left open."""
    import asyncio
    import socket

    from sockstate import aio

    family = listener.raw_socket().family
    fresh: Any = (
        aio.tcp()
        if family == socket.AF_INET
        else aio.tcp6()
        if family == socket.AF_INET6
        else aio.unix()
    )
    accepting = asyncio.ensure_future(listener.accept())
    try:
        client = await aio_within(fresh.connect(listener.getsockname()))
        server, _ = await aio_within(accepting)
    except BaseException:
        fresh.close()
        accepting.cancel()
        # Cancelled after its accept() returned (a loopback connection is
        # queued as connect() starts), the task holds a socket to close.
        # Reached on 3.12 and later (test_aio_plugin's two-turn case), where
        # wait_for() starts no task; coverage is measured on 3.11.
        accepted = accepting.done() and not accepting.cancelled()
        if accepted and accepting.exception() is None:  # pragma: no cover - see above
            accepting.result()[0].close()
        raise
    return cast("aio.ConnectedSocket[_A]", client), server


@pytest.fixture
def aio_tcp_listener() -> Iterator[aio.ListeningSocket[IPv4Address]]:
    """A ``sockstate.aio.ListeningSocket[IPv4Address]`` on ``127.0.0.1``, on
    a port the kernel chose.  Connections the test accepts are the test's to
    close; the listener is closed at teardown, whatever its state."""
    from sockstate import aio

    listener = aio.tcp().bind(_IPV4_LOOPBACK).listen()
    try:
        yield listener
    finally:
        listener.close()


@pytest.fixture
def aio_unix_listener(tmp_path: Path) -> Iterator[aio.ListeningSocket[UnixAddress]]:
    """A ``sockstate.aio.ListeningSocket[UnixAddress]`` bound to a path in
    the test's ``tmp_path`` (under ``/tmp`` when that path is too long);
    closed at teardown."""
    from sockstate import aio

    from ._pytest_plugin import _Made  # pyright: ignore[reportPrivateUsage]

    with _Made() as made:
        path = made.unix_path(tmp_path, "sockstate-aio-listener.sock")
        listener = aio.unix().bind(path).listen()
        try:
            yield listener
        finally:
            listener.close()


@pytest.fixture
def aio_tcp_pair() -> Iterator[
    tuple[aio.ConnectedSocket[IPv4Address], aio.ConnectedSocket[IPv4Address]]
]:
    """Both ends of one TCP connection over ``127.0.0.1``, on the asyncio
    face: ``(client, server)``, each a ``sockstate.aio.ConnectedSocket``.
    Both are closed at teardown, whatever their state."""
    from sockstate import aio

    made: list[Any] = []
    try:
        with sockstate.tcp().bind(_IPV4_LOOPBACK).listen() as listener:
            blocking_client = sockstate.tcp().connect(listener.getsockname())
            made.append(blocking_client)
            blocking_server, _ = listener.accept()
            made.append(blocking_server)
        client = aio.from_blocking(blocking_client)
        made.append(client)
        server = aio.from_blocking(blocking_server)
        made.append(server)
        yield client, server
    finally:
        for sock in reversed(made):
            sock.close()


@pytest.fixture
def aio_unix_pair() -> Iterator[
    tuple[aio.ConnectedSocket[UnixAddress], aio.ConnectedSocket[UnixAddress]]
]:
    """Both ends of one Unix stream connection on the asyncio face (a socket
    pair: both unnamed): ``(client, server)``.  Both are closed at
    teardown."""
    from sockstate import aio

    client, server = aio.socketpair()
    try:
        yield client, server
    finally:
        client.close()
        server.close()
