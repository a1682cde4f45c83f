"""``sockstate.aio.create_connection()`` (awaited) and
``sockstate.aio.create_server()`` (a plain call): the result typed per
family, the addresses and flags each family refuses, and a forgotten
``await``.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import socket
from pathlib import Path

from typing_extensions import assert_type

import sockstate
from sockstate import IPv4Address, aio


async def connections() -> None:
    assert_type(
        await aio.create_connection(("example.org", 80)),
        aio.ConnectedSocket[tuple[str, int] | tuple[str, int, int, int]],
    )
    assert_type(
        await aio.create_connection((None, 80), 2.5, ("", 0)),
        aio.ConnectedSocket[tuple[str, int] | tuple[str, int, int, int]],
    )
    assert_type(
        await aio.create_connection(("localhost", 80), None, family=socket.AF_INET),
        aio.ConnectedSocket[tuple[str, int]],
    )
    assert_type(
        await aio.create_connection(
            ("localhost", 80), source_address=("::1", 0, 0, 0), family=socket.AF_INET6
        ),
        aio.ConnectedSocket[tuple[str, int, int, int]],
    )


async def connection_refusals() -> None:
    # A path is not a (host, port): create_connection() is for IP.
    await aio.create_connection("/run/app.sock")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    # The port is an int, not a service name.
    await aio.create_connection(("localhost", "http"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # Only AF_INET or AF_INET6 narrow the resolution.
    await aio.create_connection(("localhost", 80), family=socket.AF_UNIX)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # An IPv6 4-tuple source fits family=AF_INET6 only.
    await aio.create_connection(("localhost", 80), None, ("::1", 0, 0, 0), family=socket.AF_INET)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


async def forgotten_await() -> None:
    aio.create_connection(("localhost", 80))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    conn: aio.ConnectedSocket[IPv4Address] = aio.create_connection(("localhost", 80))  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    del conn


def servers(path: Path) -> None:
    assert_type(aio.create_server(("127.0.0.1", 0)), aio.ListeningSocket[tuple[str, int]])
    assert_type(
        aio.create_server(("", 8080), backlog=5, reuse_port=True),
        aio.ListeningSocket[tuple[str, int]],
    )
    assert_type(
        aio.create_server(("::", 0), family=socket.AF_INET6, dualstack_ipv6=True),
        aio.ListeningSocket[tuple[str, int, int, int]],
    )
    assert_type(
        aio.create_server(path, family=socket.AF_UNIX, backlog=None),
        aio.ListeningSocket[str | bytes],
    )


async def server_refusals(path: Path) -> None:
    # A path needs family=AF_UNIX.
    aio.create_server(path)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    # dualstack_ipv6 needs AF_INET6, as the stdlib says at runtime.
    aio.create_server(("", 0), dualstack_ipv6=True)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    # SO_REUSEPORT is for IP sockets.
    aio.create_server(path, family=socket.AF_UNIX, reuse_port=True)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # The family is keyword-only, as the stdlib's.
    aio.create_server(("", 0), socket.AF_INET)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    # A plain call: nothing to await.
    await aio.create_server(("127.0.0.1", 0))  # type: ignore[misc]  # pyright: ignore[reportGeneralTypeIssues]
    # The blocking face's listener is not the asyncio face's, nor the reverse.
    listener: aio.ListeningSocket[tuple[str, int]] = sockstate.create_server(("", 0))  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    blocking: sockstate.ListeningSocket[tuple[str, int]] = aio.create_server(("", 0))  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    del listener, blocking
