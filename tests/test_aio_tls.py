"""TLS as states of a connection, on the asyncio face, on the default loop
and on uvloop: the handshake, data both ways (with waits for a full socket),
ALPN, ``unwrap()``, the end of stream by ``close_notify``, truncation, failed
handshakes, cancellation at each step, ``close()`` waking a TLS call, the
checks made before the handshake, and moving a TLS socket between the
faces.  Each case checks the state, the descriptors and the loop's
registrations."""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
from typing import TYPE_CHECKING, TypeVar, cast

import pytest

import sockstate
from aio_support import LOOP_KINDS, Run, open_fds, registrations, running
from sockstate import IPv4Address, OrderingError, SocketClosedError, State, aio
from support import class_of, operation, same_object, state_of, system_calls
from tls_support import (
    CLIENT,
    HOST,
    OTHER_CA,
    SERVER,
    Background,
    BioPeer,
    client_context,
    reset,
    server_context,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Iterator

T = TypeVar("T")

TLSPair = tuple[aio.TLSSocket[IPv4Address], aio.TLSSocket[IPv4Address]]


@pytest.fixture(params=LOOP_KINDS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """Each kind of loop in turn: the default one and uvloop."""
    yield from running(request.param)


async def _tcp_pair() -> tuple[aio.ConnectedSocket[IPv4Address], aio.ConnectedSocket[IPv4Address]]:
    with aio.tcp().bind(("127.0.0.1", 0)).listen() as listener:
        accepting = asyncio.ensure_future(listener.accept())
        client = await aio.tcp().connect(listener.getsockname())
        server, _ = await accepting
    for end in (client, server):
        end.options.set_no_delay(True)  # TLS writes records one after another
    return client, server


async def _tls_pair(
    server_ctx: ssl.SSLContext = SERVER, client_ctx: ssl.SSLContext = CLIENT
) -> TLSPair:
    client, server = await _tcp_pair()
    accepting = asyncio.ensure_future(server.wrap_tls(server_ctx, server_side=True))
    tls_client = await client.wrap_tls(client_ctx, server_hostname=HOST)
    return tls_client, await accepting


def _fd_open(fd: int) -> bool:
    return os.path.lexists(f"/proc/self/fd/{fd}")


async def _call(sock: object, name: str, *arguments: object, **keywords: object) -> object:
    """``await sock.<name>(*arguments, **keywords)``, for a call that the
    variable's static type says the socket lacks (it moved on since)."""
    return await cast("Awaitable[object]", operation(sock, name)(*arguments, **keywords))


def _later(
    sock: object, name: str, *arguments: object, **keywords: object
) -> asyncio.Future[object]:
    """``sock.<name>(*arguments, **keywords)``, running in a task of its own."""
    return asyncio.ensure_future(_call(sock, name, *arguments, **keywords))


async def _settled(task: asyncio.Future[T]) -> None:
    """Let ``task`` start waiting."""
    for _ in range(5):
        await asyncio.sleep(0)
    assert not task.done()


def test_a_handshake_both_ways_then_data_both_ways(run: Run) -> None:
    async def main() -> None:
        descriptors = open_fds()
        client, server = await _tcp_pair()
        numbers = [client.fileno(), server.fileno()]
        server_ctx = server_context()
        server_ctx.set_alpn_protocols(["echo/1"])
        client_ctx = client_context()
        client_ctx.set_alpn_protocols(["echo/1", "h2"])
        accepting = asyncio.ensure_future(server.wrap_tls(server_ctx, server_side=True))
        await _settled(accepting)
        assert state_of(server) is State.HANDSHAKING
        tls_client = await client.wrap_tls(client_ctx, server_hostname=HOST)
        tls_server = await accepting
        assert same_object(tls_client, client)
        assert type(tls_client) is aio.TLSSocket
        assert tls_client.state is tls_server.state is State.TLS
        assert tls_client.version() == tls_server.version() == "TLSv1.3"
        assert tls_client.cipher()[1] == "TLSv1.3"
        assert tls_client.selected_alpn_protocol() == "echo/1"
        certificate = tls_client.getpeercert()
        assert certificate is not None
        assert certificate["subjectAltName"][0] == ("DNS", HOST)
        assert isinstance(tls_client.getpeercert(binary_form=True), bytes)
        assert tls_server.getpeercert() is None
        assert isinstance(tls_client.raw_socket(), ssl.SSLSocket)
        assert tls_client.options.get_no_delay() is True

        assert await tls_client.send(b"ping") == 4
        assert await tls_server.recv(10) == b"ping"
        await tls_server.sendall(b"pong")
        buffer = bytearray(10)
        assert await tls_client.recv_into(buffer, 4) == 4
        assert buffer[:4] == b"pong"
        tls_client.close()
        tls_server.close()
        assert open_fds() == descriptors
        assert registrations(run.loop, numbers) == 0

    run(main())


def test_a_megabyte_each_way_at_once_waits_for_the_socket_as_tls_needs(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        data = os.urandom(1 << 20)
        sending = asyncio.ensure_future(tls_client.sendall(data))
        answering = asyncio.ensure_future(tls_server.sendall(data[::-1]))
        assert await tls_server.recv_exactly(len(data)) == data
        assert await tls_client.recv_exactly(len(data)) == data[::-1]
        await sending
        await answering
        assert tls_client.state is tls_server.state is State.TLS
        tls_client.close()
        tls_server.close()

    run(main())


def test_unwrap_then_plain_text_then_tls_again(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        unwrapping = asyncio.ensure_future(tls_server.unwrap())
        await _settled(unwrapping)
        assert state_of(tls_server) is State.UNWRAPPING
        plain_client = await tls_client.unwrap()
        plain_server = await unwrapping
        assert same_object(plain_client, tls_client)
        assert type(plain_client) is aio.ConnectedSocket
        assert type(plain_client.raw_socket()) is socket.socket
        assert plain_client.raw_socket().gettimeout() == 0.0  # still non-blocking
        await plain_client.sendall(b"clear")
        assert await plain_server.recv_exactly(5) == b"clear"
        with pytest.raises(OrderingError, match="needs a TLS or TLS-ended socket"):
            tls_client.getpeercert()  # typed TLSSocket: plain again
        again = asyncio.ensure_future(plain_server.wrap_tls(SERVER, server_side=True))
        tls_again = await plain_client.wrap_tls(CLIENT, server_hostname=HOST)
        await (await again).sendall(b"again")
        assert await tls_again.recv_exactly(5) == b"again"
        tls_again.close()
        plain_server.close()

    run(main())


@pytest.mark.parametrize("read", ["recv", "recv_into", "recv_exactly"])
def test_close_notify_is_the_end_of_stream_returned_once(run: Run, read: str) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        unwrapping = asyncio.ensure_future(tls_server.unwrap())
        if read == "recv":
            assert await tls_client.recv(10) == b""
        elif read == "recv_into":
            assert await tls_client.recv_into(bytearray(10)) == 0
        else:
            with pytest.raises(sockstate.IncompleteReadError):
                await tls_client.recv_exactly(2)
        assert state_of(tls_client) is State.TLS_ENDED
        assert class_of(tls_client) is aio.TLSEndedSocket
        with pytest.raises(OrderingError, match="stop reading at b''"):
            await _call(tls_client, read, 1)
        plain = await _call(tls_client, "unwrap")
        assert class_of(plain) is aio.ConnectedSocket
        assert (await unwrapping).state is State.CONNECTED
        tls_client.close()
        tls_server.close()

    run(main())


def test_a_tls_ended_socket_still_sends_to_a_half_closing_peer(run: Run) -> None:
    async def main() -> None:
        ours, theirs = socket.socketpair()
        conn = aio.adopt(ours, socket.AF_UNIX)
        assert isinstance(conn, aio.ConnectedSocket)
        peer = BioPeer(theirs, SERVER, server_side=True)
        loop = asyncio.get_running_loop()
        shaking = loop.run_in_executor(None, peer.handshake)
        tls = await conn.wrap_tls(CLIENT, server_hostname=HOST)
        await shaking
        await loop.run_in_executor(None, peer.close_notify)
        assert await tls.recv(1) == b""
        await _call(tls, "sendall", b"after")
        assert await loop.run_in_executor(None, peer.read, 100) == b"after"
        await _call(tls, "send", b"!")
        assert await loop.run_in_executor(None, peer.read, 100) == b"!"
        tls.close()
        theirs.close()

    run(main())


@pytest.mark.parametrize("read", ["recv", "recv_into", "recv_exactly"])
def test_a_cut_without_close_notify_is_a_truncation(run: Run, read: str) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        fd = tls_client.fileno()
        tls_server.close()
        arguments = {"recv": (10,), "recv_into": (bytearray(10),), "recv_exactly": (10,)}[read]
        with pytest.raises(ssl.SSLEOFError):
            await _call(tls_client, read, *arguments)
        assert state_of(tls_client) is State.BROKEN
        assert _fd_open(fd)
        tls_client.close()
        assert not _fd_open(fd)
        assert registrations(run.loop, [fd]) == 0

    run(main())


@pytest.mark.parametrize("why", ["wrong host name", "untrusted authority"])
def test_a_certificate_that_does_not_verify_fails_the_handshake(run: Run, why: str) -> None:
    async def main() -> None:
        client, server = await _tcp_pair()
        fd = client.fileno()
        accepting = asyncio.ensure_future(server.wrap_tls(SERVER, server_side=True))
        context, name = (CLIENT, "elsewhere.example")
        if why == "untrusted authority":
            context, name = (client_context(OTHER_CA), HOST)
        with pytest.raises(ssl.SSLCertVerificationError):
            await client.wrap_tls(context, server_hostname=name)
        assert state_of(client) is State.HANDSHAKE_FAILED
        assert class_of(client) is aio.HandshakeFailedSocket
        assert not _fd_open(fd)
        with pytest.raises(ssl.SSLError):
            await accepting
        assert state_of(server) is State.HANDSHAKE_FAILED
        assert registrations(run.loop, [fd]) == 0
        client.close()

    run(main())


def test_tls_to_plain_text_and_plain_text_to_tls_fail_the_handshake(run: Run) -> None:
    async def main() -> None:
        client, server = await _tcp_pair()
        await server.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
        with pytest.raises(ssl.SSLError):
            await client.wrap_tls(CLIENT, server_hostname=HOST)
        assert state_of(client) is State.HANDSHAKE_FAILED
        server.close()

        client, server = await _tcp_pair()
        await client.sendall(b"GET / HTTP/1.0\r\n\r\n")
        with pytest.raises(ssl.SSLError):
            await server.wrap_tls(SERVER, server_side=True)
        assert state_of(server) is State.HANDSHAKE_FAILED
        client.close()

    run(main())


# -- cancellation ------------------------------------------------------------------------------


def test_a_cancelled_handshake_fails_and_releases_the_descriptor(run: Run) -> None:
    async def main() -> None:
        client, server = await _tcp_pair()  # the server never answers
        fd = client.fileno()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.wrap_tls(CLIENT, server_hostname=HOST), 0.05)
        assert state_of(client) is State.HANDSHAKE_FAILED
        assert not _fd_open(fd)
        assert registrations(run.loop, [fd]) == 0
        server.close()

    run(main())


def test_a_cancelled_unwrap_breaks_the_connection(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()  # the server never answers
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(tls_client.unwrap(), 0.05)
        assert state_of(tls_client) is State.BROKEN
        tls_client.close()
        tls_server.close()

    run(main())


def test_a_cancelled_read_has_read_nothing(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        reading = asyncio.ensure_future(tls_client.recv(10))
        await _settled(reading)
        reading.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reading
        assert tls_client.state is State.TLS
        await tls_server.sendall(b"kept")
        assert await tls_client.recv_exactly(4) == b"kept"
        tls_client.close()
        tls_server.close()

    run(main())


@pytest.mark.parametrize("call", ["send", "sendall"])
def test_a_send_cancelled_while_it_waits_breaks_the_connection(run: Run, call: str) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()  # the server reads nothing
        sending = _later(tls_client, call, b"x" * (16 << 20))
        await _settled(sending)
        sending.cancel()
        with pytest.raises(asyncio.CancelledError):
            await sending
        assert state_of(tls_client) is State.BROKEN
        tls_client.close()
        tls_server.close()

    run(main())


def test_a_recv_exactly_cancelled_after_part_came_breaks_the_connection(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        reading = asyncio.ensure_future(tls_client.recv_exactly(10))
        await tls_server.sendall(b"part")
        await _settled(reading)
        reading.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reading
        assert state_of(tls_client) is State.BROKEN
        tls_client.close()
        tls_server.close()

    run(main())


def test_a_reset_while_a_send_waits_breaks_the_connection(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        sending = asyncio.ensure_future(tls_client.sendall(b"x" * (16 << 20)))
        await _settled(sending)
        tls_server.options.set_linger(0)
        tls_server.close()  # unread data and no linger: a reset
        with pytest.raises(OSError):  # noqa: PT011 - a reset, or ssl's word for it
            await sending
        assert state_of(tls_client) is State.BROKEN
        tls_client.close()

    run(main())


def test_unwrap_waits_for_room_for_its_close_notify(run: Run) -> None:
    """The socket cannot take the ``close_notify`` at once (bytes written past
    TLS fill it), so ``unwrap()`` waits until it can; the peer, handed
    bytes that are no TLS, fails, and so does the unwrap."""

    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        fd = tls_client.fileno()
        filler = b"\0" * 65536
        while True:
            try:
                os.write(fd, filler)
            except BlockingIOError:
                break
        unwrapping = asyncio.ensure_future(tls_client.unwrap())
        await _settled(unwrapping)
        with pytest.raises(ssl.SSLError):
            await tls_server.recv(1 << 20)
        tls_server.close()
        with pytest.raises(OSError):  # noqa: PT011 - EOF, or a reset
            await unwrapping
        assert state_of(tls_client) is State.BROKEN
        tls_client.close()

    run(main())


# -- close() wakes TLS calls; what is refused ----------------------------------------------------


@pytest.mark.parametrize(
    "call", ["recv", "recv_into", "recv_exactly", "send", "sendall", "wrap_tls", "unwrap"]
)
def test_close_wakes_a_waiting_tls_call(run: Run, call: str) -> None:
    async def main() -> None:
        descriptors = open_fds()
        sock: object
        server: object
        if call == "wrap_tls":
            sock, server = await _tcp_pair()
            waiting = _later(sock, "wrap_tls", CLIENT, server_hostname=HOST)
        else:
            sock, server = await _tls_pair()
            arguments = {
                "send": (b"x" * (16 << 20),),
                "sendall": (b"x" * (16 << 20),),
                "recv_into": (bytearray(1),),
                "unwrap": (),
            }.get(call, (1,))
            waiting = _later(sock, call, *arguments)
        fd = operation(sock, "fileno")()
        assert isinstance(fd, int)
        await _settled(waiting)
        operation(sock, "close")()
        with pytest.raises(SocketClosedError):
            await waiting
        assert not _fd_open(fd)
        assert registrations(run.loop, [fd]) == 0
        operation(server, "close")()
        assert open_fds() == descriptors

    run(main())


def test_close_wakes_a_recv_exactly_that_had_part_of_its_bytes(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        fd = tls_client.fileno()
        reading = asyncio.ensure_future(tls_client.recv_exactly(10))
        await tls_server.sendall(b"part")
        await _settled(reading)
        tls_client.close()
        with pytest.raises(SocketClosedError):
            await reading
        assert state_of(tls_client) is State.CLOSED
        assert not _fd_open(fd)
        assert registrations(run.loop, [fd]) == 0
        tls_server.close()

    run(main())


KEPT_CALLS: dict[str, tuple[object, ...]] = {
    "send": (b"x",),
    "sendall": (b"x",),
    "recv": (1,),
    "recv_into": (bytearray(1),),
    "recv_exactly": (1,),
}
"""Each TLS data call, with arguments that would work on a live session."""


@pytest.mark.parametrize("name", sorted(KEPT_CALLS))
def test_a_tls_call_kept_from_before_close_is_refused_before_any_system_call(
    run: Run, name: str
) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        kept = operation(tls_client, name)
        tls_client.close()
        with system_calls() as calls, pytest.raises(SocketClosedError):
            await cast("Awaitable[object]", kept(*KEPT_CALLS[name]))
        assert calls == []
        assert state_of(tls_client) is State.CLOSED
        tls_server.close()

    run(main())


def test_a_send_that_meets_a_reset_at_once_breaks_the_connection(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        fd = tls_client.fileno()
        reset(tls_server, tls_client.raw_socket())  # no linger: the kernel resets
        with pytest.raises(OSError):  # noqa: PT011 - a reset, or ssl's word for it
            await tls_client.send(b"x")
        assert state_of(tls_client) is State.BROKEN
        assert _fd_open(fd)
        tls_client.close()

    run(main())


def test_a_cut_after_part_of_a_recv_exactly_is_a_truncation(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        reading = asyncio.ensure_future(tls_client.recv_exactly(10))
        await tls_server.sendall(b"part")
        await _settled(reading)
        tls_server.close()  # no close_notify
        with pytest.raises(ssl.SSLEOFError):
            await reading
        assert state_of(tls_client) is State.BROKEN
        tls_client.close()

    run(main())


@pytest.mark.parametrize(("size", "error"), [(-1, ValueError), (1.5, TypeError)])
def test_recv_exactly_checks_its_size_before_any_system_call(
    run: Run, size: object, error: type[Exception]
) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        with system_calls() as calls, pytest.raises(error):
            await _call(tls_client, "recv_exactly", size)
        assert calls == []
        assert tls_client.state is State.TLS
        tls_client.close()
        tls_server.close()

    run(main())


def test_a_recv_exactly_cancelled_before_anything_came_leaves_the_state(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        reading = asyncio.ensure_future(tls_client.recv_exactly(4))
        await _settled(reading)
        reading.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reading
        assert tls_client.state is State.TLS
        await tls_server.sendall(b"kept")
        assert await tls_client.recv_exactly(4) == b"kept"
        tls_client.close()
        tls_server.close()

    run(main())


def test_two_tasks_reading_or_a_busy_unwrap_are_refused(run: Run) -> None:
    async def main() -> None:
        tls_client, tls_server = await _tls_pair()
        reading = asyncio.ensure_future(tls_client.recv(10))
        await _settled(reading)
        with pytest.raises(aio.BusyError):
            await tls_client.recv(10)
        with system_calls() as calls, pytest.raises(aio.BusyError, match="unwrap"):
            await tls_client.unwrap()
        assert calls == []
        assert tls_client.state is State.TLS
        await tls_server.sendall(b"x")
        assert await reading == b"x"
        tls_client.close()
        tls_server.close()

    run(main())


def test_refusals_come_before_any_system_call(run: Run) -> None:
    async def main() -> None:
        client, server = await _tcp_pair()
        with system_calls() as calls:
            with pytest.raises(sockstate.ServerHostnameError):
                await _call(client, "wrap_tls", CLIENT)
            with pytest.raises(TypeError):
                await _call(client, "wrap_tls", None, server_hostname=HOST)
        assert calls == []
        assert client.state is State.CONNECTED
        accepting = asyncio.ensure_future(server.wrap_tls(SERVER, server_side=True))
        tls = await client.wrap_tls(CLIENT, server_hostname=HOST)
        await accepting
        for name, arguments in (
            ("sendmsg", ([b"x"],)),
            ("recvmsg", (1,)),
            ("shutdown_write", ()),
            ("wrap_tls", (CLIENT,)),
            ("makefile", ("rb",)),
        ):
            with system_calls() as calls, pytest.raises(OrderingError) as caught:
                operation(tls, name)(*arguments)
            assert calls == []
            assert caught.value.state is State.TLS
        saved = tls.recv
        tls.close()
        with pytest.raises(SocketClosedError):
            await saved(1)  # a method kept from before close(): refused, not run
        server.close()

    run(main())


# -- between the faces -----------------------------------------------------------------------------


def test_a_tls_socket_moves_between_the_faces_with_its_session(run: Run) -> None:
    async def main() -> None:
        listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
        client = sockstate.tcp().connect(listener.getsockname())
        server, _ = listener.accept()
        listener.close()
        peer = Background().start(lambda: server.wrap_tls(SERVER, server_side=True))
        blocking = client.wrap_tls(CLIENT, server_hostname=HOST)
        tls_server = peer.join()
        moved = aio.from_blocking(blocking)
        assert type(moved) is aio.TLSSocket
        assert state_of(blocking) is State.DETACHED
        await moved.sendall(b"over asyncio")
        assert operation(tls_server, "recv_exactly")(12) == b"over asyncio"
        back = aio.to_blocking(moved)
        assert type(back) is sockstate.TLSSocket
        assert back.gettimeout() is None
        operation(tls_server, "sendall")(b"back")
        assert back.recv_exactly(4) == b"back"
        back.close()
        blocking.close()
        operation(tls_server, "close")()

    run(main())
