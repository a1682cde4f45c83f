"""Moving data: only a connected socket has the calls, and they take bytes.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import array
import socket

from typing_extensions import assert_type

import sockstate


def sending() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn.send(b"ping"), int)
    assert_type(conn.send(bytearray(b"ping"), socket.MSG_DONTWAIT), int)
    assert_type(conn.send(memoryview(b"ping")), int)
    assert_type(conn.sendall(b"ping"), None)
    assert_type(conn.sendmsg([b"ping", b"pong"]), int)

    # Text must be encoded first.
    conn.send("ping")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    conn.sendall("ping")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    conn.sendmsg(["ping"])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]


def receiving() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn.recv(1024), bytes)
    assert_type(conn.recv(1024, socket.MSG_PEEK), bytes)
    assert_type(conn.recv_exactly(4), bytes)
    assert_type(conn.recv_into(bytearray(1024)), int)
    assert_type(conn.recv_into(memoryview(bytearray(1024)), 512), int)
    assert_type(conn.recvmsg(1024), tuple[bytes, list[tuple[int, int, bytes]], int, object])

    conn.recv("1024")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    conn.recv_exactly(4.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def passing_descriptors(fds: list[int]) -> None:
    conn = sockstate.unix().connect("/run/app.sock")
    ancdata = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))]
    assert_type(conn.sendmsg([b"fds"], ancdata), int)
    data, received, flags, _ = conn.recvmsg(1024, socket.CMSG_SPACE(4))
    assert_type(data, bytes)
    assert_type(received, list[tuple[int, int, bytes]])
    assert_type(flags, int)


def files() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn.makefile(), sockstate.TextReader)
    assert_type(conn.makefile("r", encoding="utf-8", newline=""), sockstate.TextReader)
    assert_type(conn.makefile("rw"), sockstate.TextReadWriter)
    assert_type(conn.makefile("rb"), sockstate.BinaryReader)
    assert_type(conn.makefile("wb", buffering=65536), sockstate.BinaryWriter)
    assert_type(conn.makefile("rwb"), sockstate.BinaryReadWriter)

    conn.makefile("a")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # A binary file has no encoding.
    conn.makefile("rb", encoding="utf-8")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def shutting_down() -> None:
    # One call per side, each returning the socket in its next state (the
    # states themselves are in check_halfclose.py).
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn.shutdown_write(), sockstate.ReceiveOnlySocket[tuple[str, int]])
    assert_type(conn.shutdown_read(), sockstate.SendOnlySocket[tuple[str, int]])
    assert_type(conn.shutdown_both(), sockstate.ShutDownSocket[tuple[str, int]])
    # The stdlib's shutdown(how) returns the union; the precise calls take no direction.
    assert_type(
        conn.shutdown(socket.SHUT_WR),
        sockstate.ReceiveOnlySocket[tuple[str, int]]
        | sockstate.SendOnlySocket[tuple[str, int]]
        | sockstate.ShutDownSocket[tuple[str, int]],
    )
    conn.shutdown_write("write")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


def in_a_with_block() -> None:
    with sockstate.tcp().connect(("127.0.0.1", 8080)) as conn:
        conn.sendall(b"GET / HTTP/1.0\r\n\r\n")
        assert_type(conn.recv(4096), bytes)
