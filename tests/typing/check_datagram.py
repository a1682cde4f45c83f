"""Datagram sockets and socket pairs: ``DatagramSocket`` -> ``BoundDatagramSocket``
(``sendto()``/``recvfrom()``) or ``ConnectedDatagramSocket`` (``send()``/``recv()``).

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.

In strict mode pyright reports a missing method twice: the access itself
(reportAttributeAccessIssue) and its unknown type (reportUnknownMemberType).
"""

import os
import pathlib
import socket
from typing import Literal

from typing_extensions import assert_type

import sockstate
from sockstate import (
    BoundDatagramSocket,
    ClosedSocket,
    ConnectedDatagramSocket,
    ConnectedSocket,
    DatagramSocket,
)


def creating() -> None:
    assert_type(
        sockstate.socket(socket.AF_INET, socket.SOCK_DGRAM), DatagramSocket[tuple[str, int]]
    )
    assert_type(
        sockstate.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP),
        DatagramSocket[tuple[str, int]],
    )
    assert_type(
        sockstate.socket(socket.AF_INET6, socket.SOCK_DGRAM, proto=0),
        DatagramSocket[tuple[str, int, int, int]],
    )
    assert_type(
        sockstate.socket(socket.AddressFamily.AF_UNIX, socket.SocketKind.SOCK_DGRAM),
        DatagramSocket[str | bytes],
    )
    assert_type(sockstate.udp(), DatagramSocket[tuple[str, int]])
    assert_type(sockstate.udp(), DatagramSocket[sockstate.IPv4Address])
    assert_type(sockstate.udp6(), DatagramSocket[tuple[str, int, int, int]])
    assert_type(sockstate.udp6(), DatagramSocket[sockstate.IPv6Address])
    assert_type(sockstate.unix_datagram(), DatagramSocket[str | bytes])
    assert_type(sockstate.unix_datagram(), DatagramSocket[sockstate.UnixAddress])
    with sockstate.udp() as sock:
        assert_type(sock, DatagramSocket[tuple[str, int]])


def unbound_datagram_socket() -> None:
    sock = sockstate.udp()
    assert_type(sock.state, Literal[sockstate.State.DATAGRAM])
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)

    # Nothing to send from or receive on before bind(): sockstate never lets
    # the kernel bind it implicitly.
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # No listening or accepting on a datagram socket.
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # Stream-only calls.
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(sock.close(), ClosedSocket)


def bound_datagram_socket() -> None:
    bound = sockstate.udp().bind(("127.0.0.1", 0))
    assert_type(bound, BoundDatagramSocket[tuple[str, int]])
    assert_type(bound.getsockname(), tuple[str, int])
    assert_type(bound.sendto(b"ping", ("127.0.0.1", 9)), int)
    assert_type(bound.sendto(bytearray(b"ping"), ("127.0.0.1", 9)), int)
    assert_type(bound.recvfrom(1024), tuple[bytes, tuple[str, int]])
    data, sender = bound.recvfrom(1024, socket.MSG_PEEK)
    assert_type(data, bytes)
    assert_type(sender, tuple[str, int])
    assert_type(bound.connect(("127.0.0.1", 9)), ConnectedDatagramSocket[tuple[str, int]])

    # Bound once; no peer, so no send()/recv()/getpeername().
    bound.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    bound.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    bound.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # Arguments.
    bound.sendto("ping", ("127.0.0.1", 9))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.sendto(b"ping")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    bound.recvfrom("1024")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    assert_type(bound.close(), ClosedSocket)


def connected_datagram_socket() -> None:
    conn = sockstate.udp().connect(("127.0.0.1", 9))
    assert_type(conn, ConnectedDatagramSocket[tuple[str, int]])
    assert_type(conn.getsockname(), tuple[str, int])
    assert_type(conn.getpeername(), tuple[str, int])
    assert_type(conn.send(b"ping"), int)
    assert_type(conn.recv(1024), bytes)
    # connect() again re-targets it.
    assert_type(conn.connect(("127.0.0.1", 10)), ConnectedDatagramSocket[tuple[str, int]])

    # The peer is fixed: send() and recv(), not sendto() and recvfrom().
    conn.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    conn.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    conn.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    conn.send("ping")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    conn.recv("1024")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    assert_type(conn.close(), ClosedSocket)


def chained() -> None:
    assert_type(
        sockstate.udp().bind(("127.0.0.1", 0)).connect(("127.0.0.1", 9)),
        ConnectedDatagramSocket[tuple[str, int]],
    )
    assert_type(
        sockstate.udp6().bind(("::1", 0)).connect(("::1", 9, 0, 0)),
        ConnectedDatagramSocket[tuple[str, int, int, int]],
    )
    assert_type(
        sockstate.unix_datagram().bind("/run/a.sock").connect(b"/run/b.sock"),
        ConnectedDatagramSocket[str | bytes],
    )
    assert_type(sockstate.udp().bind(("127.0.0.1", 0)).recvfrom(1024)[1], tuple[str, int])
    # Closed: only close() is left.
    closed = sockstate.udp().bind(("127.0.0.1", 0)).close()
    closed.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.connect(("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def ipv4() -> None:
    sock = sockstate.udp()
    assert_type(sock.bind(("0.0.0.0", 0)), BoundDatagramSocket[tuple[str, int]])
    assert_type(sock.connect(("127.0.0.1", 9)), ConnectedDatagramSocket[tuple[str, int]])

    # A path or an IPv6 4-tuple is not an IPv4 address.
    sock.bind("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(("::1", 0, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect(("::1", 9, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    bound = sock.bind(("0.0.0.0", 0))
    bound.sendto(b"ping", "/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.sendto(b"ping", ("::1", 9, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.sendto(b"ping", ("127.0.0.1", "9"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def ipv6() -> None:
    sock = sockstate.udp6()
    assert_type(sock.bind(("::", 0)), BoundDatagramSocket[tuple[str, int, int, int]])
    assert_type(sock.bind(("::", 0, 0, 0)), BoundDatagramSocket[tuple[str, int, int, int]])
    assert_type(sock.connect(("::1", 9)), ConnectedDatagramSocket[tuple[str, int, int, int]])

    bound = sock.bind(("::", 0))
    assert_type(bound.getsockname(), tuple[str, int, int, int])
    assert_type(bound.sendto(b"ping", ("::1", 9)), int)
    assert_type(bound.sendto(b"ping", ("::1", 9, 0, 0)), int)
    assert_type(bound.recvfrom(1024), tuple[bytes, tuple[str, int, int, int]])
    conn = bound.connect(("::1", 9, 0, 0))
    assert_type(conn.getsockname(), tuple[str, int, int, int])
    assert_type(conn.getpeername(), tuple[str, int, int, int])

    # A path, or a 3-tuple, is not an IPv6 address.
    sock.bind("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.sendto(b"ping", "/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.sendto(b"ping", ("::1", 9, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # The states are the same for every family.
    bound.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.sendto(b"ping", ("::1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def unix(path: pathlib.Path, fspath: os.PathLike[bytes]) -> None:
    sock = sockstate.unix_datagram()
    assert_type(sock.bind("/run/app.sock"), BoundDatagramSocket[str | bytes])
    assert_type(sock.bind(b"\0abstract"), BoundDatagramSocket[str | bytes])
    assert_type(sock.bind(path), BoundDatagramSocket[str | bytes])
    assert_type(sock.connect(fspath), ConnectedDatagramSocket[str | bytes])

    bound = sock.bind(path)
    assert_type(bound.getsockname(), str | bytes)
    assert_type(bound.sendto(b"ping", "/run/peer.sock"), int)
    assert_type(bound.sendto(b"ping", path), int)
    assert_type(bound.recvfrom(1024), tuple[bytes, str | bytes])
    conn = bound.connect(path)
    assert_type(conn.getsockname(), str | bytes)
    assert_type(conn.getpeername(), str | bytes)

    # A (host, port) or IPv6 tuple is not a Unix path.
    sock.bind(("localhost", 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect(("localhost", 9))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.sendto(b"ping", ("localhost", 9))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.sendto(b"ping", ("::1", 9, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound.connect(("localhost", 9))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # The states are the same for every family.
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.sendto(b"ping", path)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def socket_pairs() -> None:
    assert_type(
        sockstate.socketpair(),
        tuple[ConnectedSocket[str | bytes], ConnectedSocket[str | bytes]],
    )
    assert_type(
        sockstate.socketpair(socket.AF_UNIX),
        tuple[ConnectedSocket[str | bytes], ConnectedSocket[str | bytes]],
    )
    assert_type(
        sockstate.socketpair(socket.AF_UNIX, socket.SOCK_STREAM),
        tuple[ConnectedSocket[str | bytes], ConnectedSocket[str | bytes]],
    )
    assert_type(
        sockstate.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM),
        tuple[ConnectedDatagramSocket[str | bytes], ConnectedDatagramSocket[str | bytes]],
    )

    left, right = sockstate.socketpair()
    assert_type(left.recv(1024), bytes)
    assert_type(right.getpeername(), str | bytes)
    # A stream socket has no datagram calls.
    left.sendto(b"ping", "/run/app.sock")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    left.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    dleft, dright = sockstate.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    assert_type(dleft.send(b"ping"), int)
    assert_type(dright.recv(1024), bytes)
    dleft.sendto(b"ping", "/run/app.sock")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    dleft.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    dleft.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    dleft.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # AF_UNIX only.
    sockstate.socketpair(socket.AF_INET)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    sockstate.socketpair(socket.AF_INET6, socket.SOCK_DGRAM)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    sockstate.socketpair(socket.AF_UNIX, socket.SOCK_RAW)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def stream_sockets_have_no_datagram_calls() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    conn.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound = sockstate.tcp().bind(("127.0.0.1", 0))
    bound.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def truncated(err: sockstate.MessageTruncatedError) -> None:
    # The part received, and the sender in no particular family.
    assert_type(err.data, bytes)
    assert_type(err.address, object)
