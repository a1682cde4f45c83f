"""The asyncio face per family, and what links it to the blocking face:
the address type each family takes and returns, the factories' literal
constants, half-closing, datagrams, moving between faces and asyncio's
streams.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import asyncio
import pathlib
import socket

from typing_extensions import assert_type

import sockstate
from sockstate import IPv4Address, IPv6Address, UnixAddress, aio


def factories(family: int) -> None:
    assert_type(aio.socket(), aio.FreshSocket[IPv4Address])
    assert_type(aio.socket(socket.AF_INET6), aio.FreshSocket[IPv6Address])
    assert_type(aio.socket(socket.AF_UNIX), aio.FreshSocket[UnixAddress])
    assert_type(aio.socket(socket.AF_INET, socket.SOCK_DGRAM), aio.DatagramSocket[IPv4Address])
    assert_type(aio.tcp(), aio.FreshSocket[IPv4Address])
    assert_type(aio.tcp6(), aio.FreshSocket[IPv6Address])
    assert_type(aio.unix(), aio.FreshSocket[UnixAddress])
    assert_type(aio.udp(), aio.DatagramSocket[IPv4Address])
    assert_type(aio.udp6(), aio.DatagramSocket[IPv6Address])
    assert_type(aio.unix_datagram(), aio.DatagramSocket[UnixAddress])
    assert_type(
        aio.socketpair(), tuple[aio.ConnectedSocket[UnixAddress], aio.ConnectedSocket[UnixAddress]]
    )
    assert_type(
        aio.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM),
        tuple[aio.ConnectedDatagramSocket[UnixAddress], aio.ConnectedDatagramSocket[UnixAddress]],
    )
    # Which address type would the socket take?  Only a literal constant says.
    aio.socket(family)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    aio.socket(socket.AF_INET, socket.SOCK_RAW)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # The asyncio classes are not the blocking ones.
    blocking: sockstate.FreshSocket[IPv4Address] = aio.tcp()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    assert blocking


async def ipv4() -> None:
    listener = aio.tcp().bind(("127.0.0.1", 0)).listen()
    assert_type(listener, aio.ListeningSocket[IPv4Address])
    conn, peer = await listener.accept()
    assert_type(conn, aio.ConnectedSocket[IPv4Address])
    assert_type(peer, tuple[str, int])
    client = await aio.tcp().connect(("example.org", 80))
    assert_type(client, aio.ConnectedSocket[IPv4Address])
    assert_type(aio.tcp().start_connect(("127.0.0.1", 80)), aio.ConnectingSocket[IPv4Address])
    async with aio.tcp() as fresh:
        assert_type(fresh, aio.FreshSocket[IPv4Address])
    with aio.tcp() as fresh:
        assert_type(fresh, aio.FreshSocket[IPv4Address])
    await aio.tcp().connect(("::1", 80, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await aio.tcp().connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    aio.tcp().bind("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    listener.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    aio.tcp().bind(("127.0.0.1", 0)).listen("8")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


async def ipv6() -> None:
    listener = aio.tcp6().bind(("::1", 0)).listen()
    assert_type(listener.getsockname(), tuple[str, int, int, int])
    conn, peer = await listener.accept()
    assert_type(conn, aio.ConnectedSocket[IPv6Address])
    assert_type(peer, IPv6Address)
    assert_type(await aio.tcp6().connect(("::1", 80)), aio.ConnectedSocket[IPv6Address])
    assert_type(await aio.tcp6().connect(("::1", 80, 0, 0)), aio.ConnectedSocket[IPv6Address])
    await aio.tcp6().connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


async def unix(path: pathlib.Path) -> None:
    listener = aio.unix().bind(path).listen()
    assert_type(listener.getsockname(), str | bytes)
    assert_type(await aio.unix().connect(path), aio.ConnectedSocket[UnixAddress])
    assert_type(await aio.unix().connect(b"\0abstract"), aio.ConnectedSocket[UnixAddress])
    await aio.unix().connect(("127.0.0.1", 80))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


async def half_closing(conn: aio.ConnectedSocket[IPv4Address]) -> None:
    receiving = conn.shutdown_write()
    assert_type(receiving, aio.ReceiveOnlySocket[IPv4Address])
    assert_type(await receiving.recv(10), bytes)
    assert_type(receiving.shutdown_read(), aio.ShutDownSocket[IPv4Address])
    await receiving.send(b"x")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sending = conn.shutdown_read()
    assert_type(sending, aio.SendOnlySocket[IPv4Address])
    await sending.sendall(b"x")
    await sending.recv(1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert_type(conn.shutdown_both().shutdown_write(), aio.ShutDownSocket[IPv4Address])


async def runtime_only_states(
    ended: aio.EndedSocket[IPv4Address],
    finished: aio.FinishedSocket[IPv4Address],
    broken: aio.BrokenSocket,
) -> None:
    await ended.sendall(b"answer")
    assert_type(ended.shutdown_write(), aio.FinishedSocket[IPv4Address])
    await ended.recv(1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    finished.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    await broken.send(b"x")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert_type(broken.close(), aio.ClosedSocket)


async def datagrams() -> None:
    bound = aio.udp().bind(("127.0.0.1", 0))
    assert_type(bound, aio.BoundDatagramSocket[IPv4Address])
    assert_type(await bound.sendto(b"ping", ("127.0.0.1", 9)), int)
    assert_type(await bound.recvfrom(1024), tuple[bytes, IPv4Address])
    connected = await bound.connect(("127.0.0.1", 9))
    assert_type(connected, aio.ConnectedDatagramSocket[IPv4Address])
    assert_type(
        await connected.connect(("127.0.0.1", 10)), aio.ConnectedDatagramSocket[IPv4Address]
    )
    assert_type(await connected.recv(1024), bytes)
    await aio.udp().sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    await bound.sendto("ping", ("127.0.0.1", 9))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await bound.sendto(b"ping")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    await connected.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    await bound.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def between_faces(
    blocking: sockstate.ConnectedSocket[IPv4Address],
    listening: sockstate.ListeningSocket[IPv6Address],
    ended: sockstate.EndedSocket[UnixAddress],
    datagram: sockstate.BoundDatagramSocket[IPv4Address],
) -> None:
    moved = aio.from_blocking(blocking)
    assert_type(moved, aio.ConnectedSocket[IPv4Address])
    assert_type(aio.from_blocking(listening), aio.ListeningSocket[IPv6Address])
    assert_type(aio.from_blocking(ended), aio.EndedSocket[UnixAddress])
    assert_type(aio.from_blocking(datagram), aio.BoundDatagramSocket[IPv4Address])
    assert_type(aio.to_blocking(moved), sockstate.ConnectedSocket[IPv4Address])
    aio.from_blocking(moved)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    aio.to_blocking(blocking)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    aio.from_blocking(blocking.close())  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


async def streams(conn: aio.ConnectedSocket[IPv4Address]) -> None:
    reader, writer = await aio.open_streams(conn)
    assert_type(reader, asyncio.StreamReader)
    assert_type(writer, asyncio.StreamWriter)
    await aio.open_streams(conn.shutdown_write())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await aio.open_streams(aio.tcp())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


async def busy_error(error: aio.BusyError) -> None:
    assert_type(error.operation, str)
    assert isinstance(error, sockstate.SockstateError)
