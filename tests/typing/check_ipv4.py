"""IPv4 stream sockets: ``(host, port)`` addresses in and out.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import pathlib
import socket

from typing_extensions import assert_type

import sockstate
from sockstate import ConnectedSocket, FreshSocket, ListeningSocket


def creating() -> None:
    assert_type(sockstate.socket(socket.AF_INET, socket.SOCK_STREAM), FreshSocket[tuple[str, int]])
    assert_type(sockstate.socket(socket.AF_INET), FreshSocket[tuple[str, int]])
    assert_type(sockstate.socket(), FreshSocket[tuple[str, int]])
    assert_type(
        sockstate.socket(family=socket.AF_INET, type=socket.SOCK_STREAM),
        FreshSocket[tuple[str, int]],
    )
    assert_type(sockstate.tcp(), FreshSocket[tuple[str, int]])
    assert_type(sockstate.tcp(), FreshSocket[sockstate.IPv4Address])
    with sockstate.tcp() as sock:
        assert_type(sock, FreshSocket[tuple[str, int]])
    with sockstate.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        assert_type(sock, FreshSocket[tuple[str, int]])


def server() -> None:
    listener = sockstate.socket(socket.AF_INET, socket.SOCK_STREAM).bind(("0.0.0.0", 0)).listen(8)
    assert_type(listener, ListeningSocket[tuple[str, int]])
    host, port = listener.getsockname()
    assert_type(host, str)
    assert_type(port, int)
    assert_type(listener.accept(), tuple[ConnectedSocket[tuple[str, int]], tuple[str, int]])

    conn, (peer_host, peer_port) = listener.accept()
    assert_type(peer_host, str)
    assert_type(peer_port, int)
    assert_type(conn.getsockname(), tuple[str, int])
    assert_type(conn.getpeername(), tuple[str, int])

    # Not listening until listen() returns.
    bound = sockstate.tcp().bind(("0.0.0.0", 0))
    bound.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sockstate.tcp().listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def client() -> None:
    conn = sockstate.tcp().connect(("example.org", 80))
    assert_type(conn, ConnectedSocket[tuple[str, int]])
    assert_type(conn.getpeername(), tuple[str, int])

    from_bound = sockstate.tcp().bind(("0.0.0.0", 0)).connect(("example.org", 80))
    assert_type(from_bound, ConnectedSocket[tuple[str, int]])

    with sockstate.tcp().connect(("example.org", 80)) as conn:
        assert_type(conn, ConnectedSocket[tuple[str, int]])


def wrong_addresses(path: pathlib.Path, ipv6_address: tuple[str, int, int, int]) -> None:
    sock = sockstate.socket(socket.AF_INET, socket.SOCK_STREAM)

    # A Unix path.
    sock.bind("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(b"/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(path)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    # An IPv6 4-tuple.
    sock.bind(("::1", 0, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(ipv6_address)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect(("::1", 8080, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    # Not an address at all, or a mistyped one.
    sock.bind(8080)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(("0.0.0.0", "8080"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(("0.0.0.0",))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect(None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    # connect() from a bound socket checks its address the same way.
    bound = sockstate.tcp().bind(("0.0.0.0", 0))
    bound.connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.connect(("::1", 8080, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def addresses_out() -> None:
    listener = sockstate.tcp().bind(("0.0.0.0", 0)).listen()
    address: tuple[str, int] = listener.getsockname()
    assert_type(address, tuple[str, int])

    path: str = listener.getsockname()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(path)
