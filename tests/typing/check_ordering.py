"""The order of calls: each state's class offers its legal calls and no others.

Shown on IPv4 stream sockets; the state classes are the same for every family
(the per-family files repeat the central rejections).  Type-checked only,
never run.  Each line marked ``# type: ignore[...]  # pyright: ignore[...]``
must be rejected by mypy and pyright with exactly those error codes.

In strict mode pyright reports a missing method twice: the access itself
(reportAttributeAccessIssue) and its unknown type (reportUnknownMemberType).
"""

import socket
from typing import Literal

from typing_extensions import assert_type

import sockstate
from sockstate import BoundSocket, ClosedSocket, ConnectedSocket, FreshSocket, ListeningSocket


def fresh_socket() -> None:
    sock = sockstate.tcp()
    assert_type(sock, FreshSocket[tuple[str, int]])
    assert_type(sock.state, Literal[sockstate.State.FRESH])
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)

    # Nothing to listen on or accept from before bind() and listen().
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # No data moves before connect().
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(sock.close(), ClosedSocket)


def fresh_socket_transitions() -> None:
    assert_type(sockstate.tcp().bind(("127.0.0.1", 0)), BoundSocket[tuple[str, int]])
    assert_type(sockstate.tcp().connect(("127.0.0.1", 8080)), ConnectedSocket[tuple[str, int]])
    with sockstate.tcp() as sock:
        assert_type(sock, FreshSocket[tuple[str, int]])


def bound_socket() -> None:
    bound = sockstate.tcp().bind(("127.0.0.1", 0))
    assert_type(bound, BoundSocket[tuple[str, int]])
    assert_type(bound.getsockname(), tuple[str, int])
    assert_type(bound.fileno(), int)
    assert_type(bound.raw_socket(), socket.socket)

    bound.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(bound.close(), ClosedSocket)


def bound_socket_transitions() -> None:
    bound = sockstate.tcp().bind(("127.0.0.1", 0))
    assert_type(bound.listen(), ListeningSocket[tuple[str, int]])
    assert_type(bound.listen(None), ListeningSocket[tuple[str, int]])
    assert_type(bound.listen(8), ListeningSocket[tuple[str, int]])
    assert_type(bound.connect(("127.0.0.1", 8080)), ConnectedSocket[tuple[str, int]])

    bound.listen("8")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def listening_socket() -> None:
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen(8)
    assert_type(listener, ListeningSocket[tuple[str, int]])
    assert_type(listener.getsockname(), tuple[str, int])
    assert_type(listener.fileno(), int)
    assert_type(listener.raw_socket(), socket.socket)

    conn, peer = listener.accept()
    assert_type(conn, ConnectedSocket[tuple[str, int]])
    assert_type(peer, tuple[str, int])

    # A listener accepts; it never connects, and it is already bound and listening.
    listener.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # Data moves on the accepted socket, not on the listener.
    listener.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(listener.close(), ClosedSocket)


def connected_socket() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn, ConnectedSocket[tuple[str, int]])
    assert_type(conn.getsockname(), tuple[str, int])
    assert_type(conn.getpeername(), tuple[str, int])

    # Connected is as far as a socket goes: no binding, listening or reconnecting.
    conn.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(conn.close(), ClosedSocket)


def accepted_socket() -> None:
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    conn, _ = listener.accept()
    assert_type(conn.recv(1024), bytes)

    conn.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def closed_socket() -> None:
    closed = sockstate.tcp().connect(("127.0.0.1", 8080)).close()
    assert_type(closed, ClosedSocket)
    assert_type(closed.close(), ClosedSocket)
    assert_type(closed.state, Literal[sockstate.State.CLOSED])

    # Only close() is left.
    closed.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.fileno()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.raw_socket()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def state_is_read_only() -> None:
    sock = sockstate.tcp()
    sock.state = sockstate.State.FRESH  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
