"""Half-closing a stream: ``shutdown_write()``, ``shutdown_read()`` and
``shutdown_both()`` take a ``ConnectedSocket`` to ``ReceiveOnlySocket``,
``SendOnlySocket`` or ``ShutDownSocket``, each with only the calls its open
side allows, in the same family.

``EndedSocket``, ``FinishedSocket`` and ``BrokenSocket`` are states that no
call returns (a read of the peer's end of stream, or a kernel error, moves a
socket there at runtime); they are taken here as annotated parameters.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.

In strict mode pyright reports a missing method twice: the access itself
(reportAttributeAccessIssue) and its unknown type (reportUnknownMemberType).
"""

import socket
from typing import Literal

from typing_extensions import assert_type

import sockstate
from sockstate import (
    BoundDatagramSocket,
    BoundSocket,
    BrokenSocket,
    ClosedSocket,
    ConnectedDatagramSocket,
    ConnectedSocket,
    DatagramSocket,
    EndedSocket,
    FailedSocket,
    FinishedSocket,
    FreshSocket,
    IPv4Address,
    IPv6Address,
    ListeningSocket,
    ReceiveOnlySocket,
    SendOnlySocket,
    ShutDownSocket,
    UnixAddress,
)

# Each state's shutdown_*() results, per family.  Shutting a side that is
# shut already keeps the state (the same class comes back).


def ipv4_transitions() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn.shutdown_write(), ReceiveOnlySocket[IPv4Address])
    assert_type(conn.shutdown_read(), SendOnlySocket[IPv4Address])
    assert_type(conn.shutdown_both(), ShutDownSocket[IPv4Address])

    assert_type(conn.shutdown_write().shutdown_write(), ReceiveOnlySocket[IPv4Address])
    assert_type(conn.shutdown_write().shutdown_read(), ShutDownSocket[IPv4Address])
    assert_type(conn.shutdown_write().shutdown_both(), ShutDownSocket[IPv4Address])
    assert_type(conn.shutdown_read().shutdown_read(), SendOnlySocket[IPv4Address])
    assert_type(conn.shutdown_read().shutdown_write(), ShutDownSocket[IPv4Address])
    assert_type(conn.shutdown_read().shutdown_both(), ShutDownSocket[IPv4Address])
    assert_type(conn.shutdown_both().shutdown_write(), ShutDownSocket[IPv4Address])
    assert_type(conn.shutdown_both().shutdown_read(), ShutDownSocket[IPv4Address])
    assert_type(conn.shutdown_both().shutdown_both(), ShutDownSocket[IPv4Address])
    assert_type(
        conn.shutdown_write().shutdown_write().shutdown_read().shutdown_both(),
        ShutDownSocket[IPv4Address],
    )

    # The peer is still known on every side of a shutdown.
    assert_type(conn.shutdown_write().getpeername(), tuple[str, int])
    assert_type(conn.shutdown_read().getpeername(), tuple[str, int])
    assert_type(conn.shutdown_both().getpeername(), tuple[str, int])
    assert_type(conn.shutdown_write().shutdown_read().getpeername(), tuple[str, int])
    assert_type(conn.shutdown_both().getsockname(), tuple[str, int])

    # An accepted socket shuts down the same way.
    accepted, _ = sockstate.tcp().bind(("127.0.0.1", 0)).listen().accept()
    assert_type(accepted.shutdown_write(), ReceiveOnlySocket[IPv4Address])
    assert_type(accepted.shutdown_read().getpeername(), tuple[str, int])


def ipv6_transitions() -> None:
    conn = sockstate.tcp6().connect(("::1", 8080))
    assert_type(conn.shutdown_write(), ReceiveOnlySocket[IPv6Address])
    assert_type(conn.shutdown_read(), SendOnlySocket[IPv6Address])
    assert_type(conn.shutdown_both(), ShutDownSocket[IPv6Address])

    assert_type(conn.shutdown_write().shutdown_write(), ReceiveOnlySocket[IPv6Address])
    assert_type(conn.shutdown_write().shutdown_read(), ShutDownSocket[IPv6Address])
    assert_type(conn.shutdown_write().shutdown_both(), ShutDownSocket[IPv6Address])
    assert_type(conn.shutdown_read().shutdown_read(), SendOnlySocket[IPv6Address])
    assert_type(conn.shutdown_read().shutdown_write(), ShutDownSocket[IPv6Address])
    assert_type(conn.shutdown_read().shutdown_both(), ShutDownSocket[IPv6Address])
    assert_type(conn.shutdown_both().shutdown_write(), ShutDownSocket[IPv6Address])
    assert_type(conn.shutdown_both().shutdown_read(), ShutDownSocket[IPv6Address])
    assert_type(conn.shutdown_both().shutdown_both(), ShutDownSocket[IPv6Address])

    assert_type(conn.shutdown_write().getpeername(), tuple[str, int, int, int])
    assert_type(conn.shutdown_read().getpeername(), tuple[str, int, int, int])
    assert_type(conn.shutdown_both().getpeername(), tuple[str, int, int, int])
    assert_type(conn.shutdown_read().shutdown_write().getpeername(), tuple[str, int, int, int])
    assert_type(conn.shutdown_write().getsockname(), tuple[str, int, int, int])


def unix_transitions() -> None:
    conn = sockstate.unix().connect("/run/app.sock")
    assert_type(conn.shutdown_write(), ReceiveOnlySocket[UnixAddress])
    assert_type(conn.shutdown_read(), SendOnlySocket[UnixAddress])
    assert_type(conn.shutdown_both(), ShutDownSocket[UnixAddress])

    assert_type(conn.shutdown_write().shutdown_write(), ReceiveOnlySocket[UnixAddress])
    assert_type(conn.shutdown_write().shutdown_read(), ShutDownSocket[UnixAddress])
    assert_type(conn.shutdown_write().shutdown_both(), ShutDownSocket[UnixAddress])
    assert_type(conn.shutdown_read().shutdown_read(), SendOnlySocket[UnixAddress])
    assert_type(conn.shutdown_read().shutdown_write(), ShutDownSocket[UnixAddress])
    assert_type(conn.shutdown_read().shutdown_both(), ShutDownSocket[UnixAddress])
    assert_type(conn.shutdown_both().shutdown_write(), ShutDownSocket[UnixAddress])
    assert_type(conn.shutdown_both().shutdown_read(), ShutDownSocket[UnixAddress])
    assert_type(conn.shutdown_both().shutdown_both(), ShutDownSocket[UnixAddress])

    assert_type(conn.shutdown_write().getpeername(), str | bytes)
    assert_type(conn.shutdown_read().getpeername(), str | bytes)
    assert_type(conn.shutdown_both().getpeername(), str | bytes)

    # Both ends of a socket pair.
    left, right = sockstate.socketpair()
    assert_type(left.shutdown_write(), ReceiveOnlySocket[str | bytes])
    assert_type(right.shutdown_read(), SendOnlySocket[str | bytes])
    assert_type(left.shutdown_both(), ShutDownSocket[str | bytes])
    assert_type(right.shutdown_write().shutdown_read().getpeername(), str | bytes)


# What each half-closed state can still do, and what it cannot.


def receive_only() -> None:
    recv_only = sockstate.tcp().connect(("127.0.0.1", 8080)).shutdown_write()
    assert_type(recv_only, ReceiveOnlySocket[IPv4Address])
    assert_type(recv_only.recv(1024), bytes)
    assert_type(recv_only.recv(1024, socket.MSG_PEEK), bytes)
    assert_type(recv_only.recv_into(bytearray(1024)), int)
    assert_type(recv_only.recv_exactly(4), bytes)
    assert_type(recv_only.recvmsg(1024), tuple[bytes, list[tuple[int, int, bytes]], int, object])
    assert_type(recv_only.getsockname(), tuple[str, int])
    assert_type(recv_only.getpeername(), tuple[str, int])
    assert_type(recv_only.fileno(), int)
    assert_type(recv_only.raw_socket(), socket.socket)
    assert_type(recv_only.state, Literal[sockstate.State.RECEIVE_ONLY])

    # The sending side is shut down.
    recv_only.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    recv_only.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    recv_only.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    # No file over a half-closed stream, not even one that only reads.
    recv_only.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    recv_only.makefile()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    # Still no way back to the earlier states.
    recv_only.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    recv_only.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # Also when reached from a Unix socket, or by a no-op shutdown_write().
    unix_recv_only = sockstate.unix().connect("/run/app.sock").shutdown_write().shutdown_write()
    assert_type(unix_recv_only.recv(1024), bytes)
    unix_recv_only.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    with sockstate.tcp6().connect(("::1", 8080)).shutdown_write() as recv_only6:
        assert_type(recv_only6, ReceiveOnlySocket[IPv6Address])
        assert_type(recv_only6.recv(4096), bytes)
        recv_only6.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(recv_only.close(), ClosedSocket)


def send_only() -> None:
    send_only = sockstate.tcp().connect(("127.0.0.1", 8080)).shutdown_read()
    assert_type(send_only, SendOnlySocket[IPv4Address])
    assert_type(send_only.send(b"ping"), int)
    assert_type(send_only.sendall(b"ping"), None)
    assert_type(send_only.sendmsg([b"ping", b"pong"]), int)
    assert_type(send_only.getsockname(), tuple[str, int])
    assert_type(send_only.getpeername(), tuple[str, int])
    assert_type(send_only.fileno(), int)

    # The receiving side is shut down.
    send_only.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    send_only.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    send_only.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    send_only.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    # No file, not even one that only writes.
    send_only.makefile("wb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    send_only.makefile("w")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # Also when reached from an IPv6 socket, or by a no-op shutdown_read().
    send_only6 = sockstate.tcp6().connect(("::1", 8080)).shutdown_read().shutdown_read()
    assert_type(send_only6.send(b"ping"), int)
    send_only6.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(send_only.close(), ClosedSocket)


def shut_down() -> None:
    both = sockstate.tcp().connect(("127.0.0.1", 8080)).shutdown_both()
    assert_type(both, ShutDownSocket[IPv4Address])
    assert_type(both.getsockname(), tuple[str, int])
    assert_type(both.getpeername(), tuple[str, int])
    assert_type(both.fileno(), int)
    assert_type(both.raw_socket(), socket.socket)

    # Neither side is open: no data call and no file.
    both.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.makefile("wb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.makefile("rwb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    both.makefile()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    # The same when each side was shut in turn.
    conn = sockstate.unix().connect("/run/app.sock")
    conn.shutdown_write().shutdown_read().recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.shutdown_read().shutdown_write().send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.shutdown_write().shutdown_both().sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.shutdown_read().shutdown_both().recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(both.close(), ClosedSocket)


# The states that only a runtime event reaches.


def ended(ended: EndedSocket[IPv4Address]) -> None:
    # The peer ended the stream: this side can still answer.
    assert_type(ended.send(b"ping"), int)
    assert_type(ended.sendall(b"ping"), None)
    assert_type(ended.sendmsg([b"ping"]), int)
    assert_type(ended.getpeername(), tuple[str, int])
    assert_type(ended.getsockname(), tuple[str, int])
    assert_type(ended.shutdown_read(), EndedSocket[IPv4Address])
    assert_type(ended.shutdown_write(), FinishedSocket[IPv4Address])
    assert_type(ended.shutdown_both(), FinishedSocket[IPv4Address])
    assert_type(ended.shutdown_read().shutdown_write(), FinishedSocket[IPv4Address])

    # Nothing more to read.
    ended.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    ended.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    ended.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    ended.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    ended.makefile("wb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    ended.shutdown_write().send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(ended.close(), ClosedSocket)


def finished(finished: FinishedSocket[IPv6Address], unix: FinishedSocket[UnixAddress]) -> None:
    assert_type(finished.shutdown_write(), FinishedSocket[IPv6Address])
    assert_type(finished.shutdown_read(), FinishedSocket[IPv6Address])
    assert_type(finished.shutdown_both(), FinishedSocket[IPv6Address])
    assert_type(finished.getsockname(), tuple[str, int, int, int])
    assert_type(unix.getsockname(), str | bytes)
    # A TCP connection closed both ways is gone from the kernel: no peer name.
    finished.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    unix.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert_type(finished.fileno(), int)

    # Done both ways.
    finished.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    finished.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    finished.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    finished.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    finished.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    finished.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    finished.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    finished.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    unix.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(finished.close(), ClosedSocket)


def broken(broken: BrokenSocket) -> None:
    assert_type(broken.fileno(), int)
    assert_type(broken.raw_socket(), socket.socket)
    assert_type(broken.state, Literal[sockstate.State.BROKEN])

    # The connection is gone: no data, no file, no shutdown, no addresses.
    broken.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    broken.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    assert_type(broken.close(), ClosedSocket)


# Only a connected stream has sides to shut down.


def before_connecting() -> None:
    fresh = sockstate.tcp()
    assert_type(fresh, FreshSocket[IPv4Address])
    fresh.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    fresh.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    fresh.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    fresh.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    bound = sockstate.tcp6().bind(("::", 0))
    assert_type(bound, BoundSocket[IPv6Address])
    bound.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    listener = sockstate.unix().bind("/run/app.sock").listen()
    assert_type(listener, ListeningSocket[UnixAddress])
    listener.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def after_closing(failed: FailedSocket) -> None:
    closed = sockstate.tcp().connect(("127.0.0.1", 8080)).shutdown_write().close()
    assert_type(closed, ClosedSocket)
    closed.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    failed.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    failed.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def datagram_sockets() -> None:
    # A stream-only call: a datagram socket has no stream to half-close.
    dgram = sockstate.udp()
    assert_type(dgram, DatagramSocket[IPv4Address])
    dgram.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    dgram.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    dgram.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    dgram.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    bound = sockstate.udp6().bind(("::", 0))
    assert_type(bound, BoundDatagramSocket[IPv6Address])
    bound.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    conn = sockstate.unix_datagram().connect("/run/app.sock")
    assert_type(conn, ConnectedDatagramSocket[UnixAddress])
    conn.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]

    paired, _ = sockstate.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    paired.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    paired.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


# The stdlib's shutdown(how), for code being ported: the three precise calls
# behind one, typed as the union of where they lead (typeshed's SHUT_*
# constants are plain ints, so no overload tells them apart).  Legal exactly
# where the precise ones are (before connecting, on datagram sockets, once
# broken or closed it is rejected above; check_tls.py rejects it on TLS).


def stdlib_shutdown(ended: EndedSocket[IPv4Address], finished: FinishedSocket[IPv6Address]) -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(
        conn.shutdown(socket.SHUT_WR),
        ReceiveOnlySocket[IPv4Address] | SendOnlySocket[IPv4Address] | ShutDownSocket[IPv4Address],
    )
    assert_type(
        conn.shutdown_write().shutdown(socket.SHUT_RD),
        ReceiveOnlySocket[IPv4Address] | ShutDownSocket[IPv4Address],
    )
    assert_type(
        conn.shutdown_read().shutdown(socket.SHUT_WR),
        SendOnlySocket[IPv4Address] | ShutDownSocket[IPv4Address],
    )
    assert_type(conn.shutdown_both().shutdown(socket.SHUT_RDWR), ShutDownSocket[IPv4Address])
    assert_type(
        ended.shutdown(socket.SHUT_WR), EndedSocket[IPv4Address] | FinishedSocket[IPv4Address]
    )
    assert_type(finished.shutdown(socket.SHUT_RDWR), FinishedSocket[IPv6Address])
    unix = sockstate.unix().connect("/run/app.sock")
    assert_type(
        unix.shutdown(socket.SHUT_RDWR),
        ReceiveOnlySocket[UnixAddress] | SendOnlySocket[UnixAddress] | ShutDownSocket[UnixAddress],
    )
    # socketserver's spelling, on an accepted socket.
    request, _ = sockstate.tcp().bind(("127.0.0.1", 0)).listen().accept()
    request.shutdown(socket.SHUT_WR)
    # The union is narrowed by the state, or by the class.
    shut = conn.shutdown(socket.SHUT_WR)
    if isinstance(shut, ReceiveOnlySocket):
        assert_type(shut.recv(1024), bytes)
    # Not what sockstate spells with a name.
    conn.shutdown("write")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    conn.shutdown(how=socket.SHUT_WR)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    conn.shutdown()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # The direction is in the precise calls' names; they take no argument.
    conn.shutdown_write(socket.SHUT_WR)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    conn.shutdown_both(socket.SHUT_RDWR)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


# The half-closed classes in annotations: no way back to ConnectedSocket,
# and the family is kept.


def talk(conn: ConnectedSocket[object]) -> None:
    conn.sendall(conn.recv(4096))


def drain(sock: ReceiveOnlySocket[object]) -> bytes:
    return sock.recv(4096)


def answer(sock: SendOnlySocket[object]) -> None:
    sock.sendall(b"bye")


def finish(conn: ConnectedSocket[object]) -> ReceiveOnlySocket[object]:
    return conn.shutdown_write()


def drain_ipv4(sock: ReceiveOnlySocket[IPv4Address]) -> bytes:
    return sock.recv(4096)


def annotations() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    # Covariant in the address, as the other states are.
    assert_type(drain(conn.shutdown_write()), bytes)
    assert_type(drain(sockstate.unix().connect("/run/app.sock").shutdown_write()), bytes)
    assert_type(finish(conn), ReceiveOnlySocket[object])
    answer(conn.shutdown_read())
    talk(conn)

    # A half-closed socket is not a connected one, nor the other half.
    talk(conn.shutdown_write())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    talk(conn.shutdown_read())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    talk(conn.shutdown_both())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    drain(conn.shutdown_read())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    drain(conn.shutdown_both())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    answer(conn.shutdown_write())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # Nor is a connected socket a half-closed one.
    drain(conn)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # The family survives the shutdown.
    drain_ipv4(sockstate.tcp6().connect(("::1", 8080)).shutdown_write())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    drain_ipv4(sockstate.unix().connect("/run/app.sock").shutdown_write())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def files_before_shutting_down() -> None:
    # makefile() stays on the connected socket.
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn.makefile("rb"), sockstate.BinaryReader)
    conn.shutdown_write().makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.shutdown_read().makefile("wb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
