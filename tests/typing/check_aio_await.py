"""A forgotten ``await`` on the asyncio face is an error in both checkers'
strict modes: mypy's ``unused-coroutine`` (on by default) and pyright's
``reportUnusedCoroutine``.  Every call that waits, in every state that has
it, is here without its ``await``; ``tests/test_aio_typing.py`` checks that
none is missing.  A coroutine used as its result is an error too.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import io

from sockstate import IPv4Address, UnixAddress, aio


def fresh(sock: aio.FreshSocket[IPv4Address]) -> None:
    sock.connect(("127.0.0.1", 8080))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def bound(sock: aio.BoundSocket[IPv4Address]) -> None:
    sock.connect(("127.0.0.1", 8080))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def listening(sock: aio.ListeningSocket[IPv4Address]) -> None:
    sock.accept()  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def connecting(sock: aio.ConnectingSocket[IPv4Address]) -> None:
    sock.finish_connect()  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def connected(sock: aio.ConnectedSocket[UnixAddress]) -> None:
    sock.send(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendall(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendmsg([b"ping"])  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendfile(io.BytesIO())  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.send_fds([b"ping"], [0])  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv(1024)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv_into(bytearray(1024))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv_exactly(4)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recvmsg(1024)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv_fds(1024, 1)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def receive_only(sock: aio.ReceiveOnlySocket[UnixAddress]) -> None:
    sock.recv(1024)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv_into(bytearray(1024))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv_exactly(4)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recvmsg(1024)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv_fds(1024, 1)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def send_only(sock: aio.SendOnlySocket[UnixAddress]) -> None:
    sock.send(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendall(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendmsg([b"ping"])  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendfile(io.BytesIO())  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.send_fds([b"ping"], [0])  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def ended(sock: aio.EndedSocket[UnixAddress]) -> None:
    sock.send(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendall(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendmsg([b"ping"])  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendfile(io.BytesIO())  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.send_fds([b"ping"], [0])  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def datagram(sock: aio.DatagramSocket[IPv4Address]) -> None:
    sock.connect(("127.0.0.1", 8080))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def datagram_bound(sock: aio.BoundDatagramSocket[IPv4Address]) -> None:
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recvfrom(1024)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def datagram_connected(sock: aio.ConnectedDatagramSocket[IPv4Address]) -> None:
    sock.send(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv(1024)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


async def a_coroutine_is_not_its_result(conn: aio.ConnectedSocket[IPv4Address]) -> None:
    data: bytes = conn.recv(1024)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    count: int = conn.send(b"ping")  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    listener = aio.tcp().bind(("127.0.0.1", 0)).listen()
    accepted: tuple[object, object] = listener.accept()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    assert (data, count, accepted) == (b"", 0, accepted)
