"""Files and descriptors on both faces: ``recvmsg``'s four items,
``send_fds``/``recv_fds`` on Unix stream sockets only and only where the
direction is open, ``sendfile`` where sending is legal and not on TLS.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.  A call refused for the family binds no ``self``
(mypy's ``misc``: "Invalid self argument"); one refused for the state is
absent from the class.
"""

import io

from typing_extensions import assert_type

import sockstate
from sockstate import IPv4Address, UnixAddress, aio


def unix(sock: sockstate.ConnectedSocket[UnixAddress]) -> None:
    assert_type(sock.recvmsg(1024), tuple[bytes, list[tuple[int, int, bytes]], int, object])
    assert_type(sock.send_fds([b"x"], [0]), int)
    assert_type(sock.recv_fds(1024, 1), tuple[bytes, list[int]])
    assert_type(sock.sendfile(io.BytesIO(b"x")), int)
    assert_type(sock.sendfile(io.BytesIO(b"x"), offset=1, count=1), int)


def tcp(sock: sockstate.ConnectedSocket[IPv4Address]) -> None:
    assert_type(sock.recvmsg(1024), tuple[bytes, list[tuple[int, int, bytes]], int, object])
    assert_type(sock.sendfile(io.BytesIO(b"x")), int)
    sock.send_fds([b"x"], [0])  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def receive_only(sock: sockstate.ReceiveOnlySocket[UnixAddress]) -> None:
    assert_type(sock.recv_fds(1024, 1), tuple[bytes, list[int]])
    sock.send_fds([b"x"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO(b"x"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def send_only(sock: sockstate.SendOnlySocket[UnixAddress]) -> None:
    assert_type(sock.send_fds([b"x"], [0]), int)
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def shut_down(sock: sockstate.ShutDownSocket[UnixAddress]) -> None:
    sock.send_fds([b"x"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO(b"x"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def listening(sock: sockstate.ListeningSocket[UnixAddress]) -> None:
    sock.sendfile(io.BytesIO(b"x"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def tls(sock: sockstate.TLSSocket[IPv4Address]) -> None:
    sock.sendfile(io.BytesIO(b"x"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def text_file(sock: sockstate.ConnectedSocket[UnixAddress]) -> None:
    sock.sendfile(io.StringIO("x"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


async def aio_unix(sock: aio.ConnectedSocket[UnixAddress]) -> None:
    assert_type(await sock.recvmsg(1024), tuple[bytes, list[tuple[int, int, bytes]], int, object])
    assert_type(await sock.send_fds([b"x"], [0]), int)
    assert_type(await sock.recv_fds(1024, 1), tuple[bytes, list[int]])
    assert_type(await sock.sendfile(io.BytesIO(b"x"), 0, 1), int)


async def aio_tcp(sock: aio.ConnectedSocket[IPv4Address]) -> None:
    await sock.send_fds([b"x"], [0])  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    await sock.recv_fds(1024, 1)  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def aio_receive_only(sock: aio.ReceiveOnlySocket[UnixAddress]) -> None:
    await sock.sendfile(io.BytesIO(b"x"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    await sock.send_fds([b"x"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def aio_send_only(sock: aio.SendOnlySocket[UnixAddress]) -> None:
    await sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
