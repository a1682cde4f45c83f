"""``sockstate.create_connection()`` and ``sockstate.create_server()``: the
result typed per family, and the addresses each family takes.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import socket
from pathlib import Path

from typing_extensions import assert_type

import sockstate
from sockstate import ConnectedSocket, ListeningSocket


def connections() -> None:
    assert_type(
        sockstate.create_connection(("example.org", 80)),
        ConnectedSocket[tuple[str, int] | tuple[str, int, int, int]],
    )
    assert_type(
        sockstate.create_connection((None, 80), 2.5, ("", 0)),
        ConnectedSocket[tuple[str, int] | tuple[str, int, int, int]],
    )
    assert_type(
        sockstate.create_connection(("localhost", 80), None, family=socket.AF_INET),
        ConnectedSocket[tuple[str, int]],
    )
    assert_type(
        sockstate.create_connection(
            ("localhost", 80), source_address=("::1", 0, 0, 0), family=socket.AF_INET6
        ),
        ConnectedSocket[tuple[str, int, int, int]],
    )


def connection_refusals() -> None:
    # A path is not a (host, port): create_connection() is for IP.
    sockstate.create_connection("/run/app.sock")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    # The port is an int, not a service name.
    sockstate.create_connection(("localhost", "http"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # Only AF_INET or AF_INET6 narrow the resolution.
    sockstate.create_connection(("localhost", 80), family=socket.AF_UNIX)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # An IPv6 4-tuple source fits family=AF_INET6 only.
    sockstate.create_connection(("localhost", 80), None, ("::1", 0, 0, 0), family=socket.AF_INET)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def servers(path: Path) -> None:
    assert_type(sockstate.create_server(("127.0.0.1", 0)), ListeningSocket[tuple[str, int]])
    assert_type(
        sockstate.create_server(("", 8080), backlog=5, reuse_port=True),
        ListeningSocket[tuple[str, int]],
    )
    assert_type(
        sockstate.create_server(("::", 0), family=socket.AF_INET6, dualstack_ipv6=True),
        ListeningSocket[tuple[str, int, int, int]],
    )
    assert_type(
        sockstate.create_server(path, family=socket.AF_UNIX, backlog=None),
        ListeningSocket[str | bytes],
    )


def server_refusals(path: Path) -> None:
    # A path needs family=AF_UNIX.
    sockstate.create_server(path)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    # dualstack_ipv6 needs AF_INET6, as the stdlib says at runtime.
    sockstate.create_server(("", 0), dualstack_ipv6=True)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    # SO_REUSEPORT is for IP sockets.
    sockstate.create_server(path, family=socket.AF_UNIX, reuse_port=True)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # The family is keyword-only, as the stdlib's.
    sockstate.create_server(("", 0), socket.AF_INET)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
