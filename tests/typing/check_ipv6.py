"""IPv6 stream sockets: ``(host, port)`` or the 4-tuple in, always the
4-tuple ``(host, port, flowinfo, scope_id)`` out.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import pathlib
import socket

from typing_extensions import assert_type

import sockstate
from sockstate import BoundSocket, ConnectedSocket, FreshSocket, ListeningSocket


def creating() -> None:
    assert_type(
        sockstate.socket(socket.AF_INET6, socket.SOCK_STREAM),
        FreshSocket[tuple[str, int, int, int]],
    )
    assert_type(sockstate.socket(socket.AF_INET6), FreshSocket[tuple[str, int, int, int]])
    assert_type(sockstate.socket(family=socket.AF_INET6), FreshSocket[tuple[str, int, int, int]])
    assert_type(sockstate.tcp6(), FreshSocket[tuple[str, int, int, int]])
    assert_type(sockstate.tcp6(), FreshSocket[sockstate.IPv6Address])
    with sockstate.tcp6() as sock:
        assert_type(sock, FreshSocket[tuple[str, int, int, int]])


def binding() -> None:
    # Both the 2-tuple and the 4-tuple go in.
    assert_type(sockstate.tcp6().bind(("::1", 0)), BoundSocket[tuple[str, int, int, int]])
    assert_type(sockstate.tcp6().bind(("fe80::1", 0, 0, 2)), BoundSocket[tuple[str, int, int, int]])


def server() -> None:
    listener = sockstate.socket(socket.AF_INET6, socket.SOCK_STREAM).bind(("::", 0)).listen(8)
    assert_type(listener, ListeningSocket[tuple[str, int, int, int]])
    assert_type(listener.getsockname(), tuple[str, int, int, int])
    host, port, flowinfo, scope_id = listener.getsockname()
    assert_type(host, str)
    assert_type(port, int)
    assert_type(flowinfo, int)
    assert_type(scope_id, int)

    conn, peer = listener.accept()
    assert_type(conn, ConnectedSocket[tuple[str, int, int, int]])
    assert_type(peer, tuple[str, int, int, int])
    assert_type(conn.getsockname(), tuple[str, int, int, int])
    assert_type(conn.getpeername(), tuple[str, int, int, int])

    bound = sockstate.tcp6().bind(("::", 0))
    bound.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sockstate.tcp6().accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sockstate.tcp6().listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.connect(("::1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.bind(("::", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def client() -> None:
    assert_type(sockstate.tcp6().connect(("::1", 80)), ConnectedSocket[tuple[str, int, int, int]])
    assert_type(
        sockstate.tcp6().connect(("fe80::1", 80, 0, 2)), ConnectedSocket[tuple[str, int, int, int]]
    )
    from_bound = sockstate.tcp6().bind(("::", 0)).connect(("::1", 80))
    assert_type(from_bound, ConnectedSocket[tuple[str, int, int, int]])


def wrong_addresses(path: pathlib.Path) -> None:
    sock = sockstate.socket(socket.AF_INET6, socket.SOCK_STREAM)

    sock.bind("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(path)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(8080)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(("::1", 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(("::1",))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    bound = sockstate.tcp6().bind(("::", 0))
    bound.connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def addresses_out() -> None:
    listener = sockstate.tcp6().bind(("::", 0)).listen()

    # An IPv6 address always comes out as the 4-tuple.
    host, port = listener.getsockname()  # type: ignore[misc]  # pyright: ignore[reportAssignmentType]
    print(f"listening on [{host}]:{port}")
    _, (peer_host, peer_port) = listener.accept()  # type: ignore[misc]  # pyright: ignore[reportAssignmentType]
    print(f"connection from [{peer_host}]:{peer_port}")
    address: tuple[str, int] = listener.getsockname()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(address)


def serve_ipv4(conn: ConnectedSocket[tuple[str, int]]) -> None:
    conn.sendall(b"hello\n")


def families_do_not_mix() -> None:
    conn, _ = sockstate.tcp6().bind(("::", 0)).listen().accept()
    serve_ipv4(conn)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
