"""The asyncio face on real loopback sockets, on the default loop and on
uvloop: its classes and factories, data both ways, many clients at once,
the end of stream, ordering errors before any system call, and what is
left behind (descriptors and loop registrations: none)."""

from __future__ import annotations

import array
import asyncio
import os
import socket
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

import sockstate
from _private import BLOCKING, BLOCKING_ONLY, OPERATIONS, TRANSITIONS, aio_state_classes, allowed
from aio_support import LOOP_KINDS, Run, open_fds, registrations, running, selector_entries
from sockstate import State, aio
from support import class_of, operation, state_of, system_calls

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from typing_extensions import Self

    from sockstate import IPv4Address


@pytest.fixture(params=LOOP_KINDS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """Each kind of loop in turn: the default one and uvloop."""
    yield from running(request.param)


async def _tcp_listener() -> aio.ListeningSocket[IPv4Address]:
    return aio.tcp().bind(("127.0.0.1", 0)).listen()


async def _tcp_pair() -> tuple[aio.ConnectedSocket[IPv4Address], aio.ConnectedSocket[IPv4Address]]:
    with await _tcp_listener() as listener:
        accepting = asyncio.ensure_future(listener.accept())
        client = await aio.tcp().connect(listener.getsockname())
        server, _ = await accepting
    return client, server


# -- the face ---------------------------------------------------------------------


def test_every_state_has_a_class_of_the_same_name_in_both_faces() -> None:
    classes = aio_state_classes()
    assert set(classes) == set(TRANSITIONS)
    for state, cls in classes.items():
        blocking = BLOCKING.classes[state]
        assert cls.__name__ == blocking.__name__
        assert getattr(aio, cls.__name__) is cls
        assert not issubclass(cls, blocking)
        assert not issubclass(blocking, cls)


def test_each_class_offers_the_tables_row_less_the_calls_of_sockets_that_block() -> None:
    for state, cls in aio_state_classes().items():
        offered = {name for name in allowed(state) if name not in BLOCKING_ONLY}
        for name in OPERATIONS:
            legal = name in offered
            assert (name in cls._allowed) is legal, (state, name)  # pyright: ignore[reportPrivateUsage]


def test_the_waiting_calls_are_coroutines_and_the_others_plain() -> None:
    waiting = {
        "connect",
        "finish_connect",
        "accept",
        "send",
        "sendall",
        "sendfile",
        "sendmsg",
        "send_fds",
        "recv",
        "recv_into",
        "recv_exactly",
        "recvmsg",
        "recv_fds",
        "sendto",
        "recvfrom",
        "wrap_tls",
        "unwrap",
    }
    for state, cls in aio_state_classes().items():
        for name in allowed(state) - BLOCKING_ONLY - {"options"}:
            method = getattr(cls, name)
            assert asyncio.iscoroutinefunction(method) is (name in waiting), (state, name)


def test_importing_sockstate_does_not_import_asyncio() -> None:
    code = "import sys, sockstate; print('asyncio' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert found.stdout.strip() == "False"


def test_the_factories_make_non_blocking_sockets_of_the_asyncio_face(tmp_path: Path) -> None:
    made: list[Any] = [
        aio.tcp(),
        aio.unix(),
        aio.udp(),
        aio.unix_datagram(),
        aio.socket(),
        aio.socket(socket.AF_INET, socket.SOCK_DGRAM),
        aio.socket(socket.AF_UNIX),
        *aio.socketpair(),
        *aio.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM),
    ]
    try:
        for sock in made:
            assert type(sock) in aio_state_classes().values()
            assert sock.raw_socket().gettimeout() == 0.0
            assert not sock.raw_socket().getblocking()
        assert [sock.state for sock in made[:7]] == [
            State.FRESH,
            State.FRESH,
            State.DATAGRAM,
            State.DATAGRAM,
            State.FRESH,
            State.DATAGRAM,
            State.FRESH,
        ]
        assert made[0].options.get_reuse_address()
    finally:
        for sock in made:
            sock.close()
    with pytest.raises(ValueError, match="AF_INET, AF_INET6 and AF_UNIX"):
        aio.socket(socket.AF_UNSPEC)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def test_socket_refuses_a_type_other_than_stream_or_datagram() -> None:
    with pytest.raises(ValueError, match="SOCK_STREAM and SOCK_DGRAM sockets, not"):
        aio.socket(socket.AF_INET, socket.SOCK_RAW)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def test_socketpair_refuses_another_family_or_type() -> None:
    with pytest.raises(ValueError, match="AF_UNIX only, not"):
        aio.socketpair(socket.AF_INET)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    with pytest.raises(ValueError, match="SOCK_STREAM or SOCK_DGRAM sockets, not"):
        aio.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


@pytest.mark.skipif(not socket.has_ipv6, reason="no IPv6 here")
def test_tcp6_and_udp6_make_non_blocking_ipv6_sockets_of_the_asyncio_face() -> None:
    with aio.tcp6() as stream, aio.udp6() as datagram:
        assert class_of(stream) is aio.FreshSocket
        assert class_of(datagram) is aio.DatagramSocket
        for sock in (stream.raw_socket(), datagram.raw_socket()):
            assert sock.family == socket.AF_INET6
            assert not sock.getblocking()


def test_adopt_takes_a_descriptor_in_the_state_the_kernel_reports() -> None:
    raw = socket.socket()
    raw.bind(("127.0.0.1", 0))
    address = raw.getsockname()
    fd = raw.detach()
    with aio.adopt(fd, socket.AF_INET) as adopted:
        assert isinstance(adopted, aio.BoundSocket)
        assert adopted.fileno() == fd
        assert adopted.getsockname() == address
        assert not adopted.raw_socket().getblocking()


def test_adopt_refuses_a_descriptor_of_another_family_and_leaves_it_the_callers() -> None:
    with socket.socket(socket.AF_UNIX) as raw:
        with pytest.raises(ValueError, match="the socket's family is AF_UNIX"):
            aio.adopt(raw.fileno(), socket.AF_INET)
        assert raw.getblocking()  # untouched, and still open
        assert raw.getsockname() == ""


def test_a_detach_saved_before_close_raises_socket_closed() -> None:
    sock = aio.tcp()
    detach = sock.detach
    sock.close()
    with pytest.raises(sockstate.SocketClosedError) as caught:
        detach()
    assert caught.value.operation == "detach"
    assert state_of(sock) is State.CLOSED


def test_options_read_from_a_class_is_the_one_documented_property_of_every_state() -> None:
    import inspect

    # Read at runtime: the checkers see each class's own declaration.
    options = inspect.getattr_static(aio.ConnectedSocket, "options")
    assert options is inspect.getattr_static(aio.FreshSocket, "options")
    assert options is inspect.getattr_static(aio.BrokenSocket, "options")
    assert (inspect.getdoc(options) or "").startswith("``sock.options``: the socket's options")


def test_the_mode_calls_and_makefile_are_absent_and_say_why() -> None:
    a, b = aio.socketpair()
    with a, b:
        for name in sorted(BLOCKING_ONLY):
            assert not hasattr(a, name)
            with pytest.raises(sockstate.OrderingError, match="never block") as caught:
                operation(a, name)
            assert caught.value.operation == name
            assert caught.value.state is State.CONNECTED
            assert not caught.value.allowed & BLOCKING_ONLY
        assert a.state is State.CONNECTED
        assert "settimeout" not in dir(a)


def test_a_call_of_blocking_sockets_says_the_event_loop_waits_instead() -> None:
    a, b = aio.socketpair()
    with a, b, pytest.raises(sockstate.OrderingError) as caught:
        operation(a, "settimeout")
    assert str(caught.value) == (
        "settimeout() is a call of sockets that block; this socket is connected, of the "
        "asyncio face, whose sockets never block: its event loop waits for them (bound a "
        "wait with the loop's timeouts)"
    )


# -- data, many clients, the end of stream ------------------------------------------


def test_an_echo_exchange_over_tcp(run: Run) -> None:
    async def main() -> None:
        client, server = await _tcp_pair()
        with client, server:
            await client.sendall(b"ping")
            assert await server.recv_exactly(4) == b"ping"
            assert await server.send(b"pong") == 4
            buffer = bytearray(8)
            assert await client.recv_into(buffer) == 4
            assert bytes(buffer[:4]) == b"pong"
            assert client.getpeername() == server.getsockname()

    run(main())


def test_two_hundred_clients_at_once_against_one_listener(run: Run) -> None:
    clients = 200

    async def main() -> None:
        before = open_fds()
        listener = aio.tcp().bind(("127.0.0.1", 0)).listen(clients)
        address = listener.getsockname()
        served: list[aio.ConnectedSocket[IPv4Address]] = []

        async def echo(conn: aio.ConnectedSocket[IPv4Address]) -> None:
            with conn:
                while data := await conn.recv(1024):
                    await conn.sendall(data)
                assert state_of(conn) is State.ENDED

        async def serve() -> None:
            async with _Group() as group:
                for _ in range(clients):
                    conn, _ = await listener.accept()
                    served.append(conn)
                    group.create_task(echo(conn))

        async def client(number: int) -> bytes:
            message = f"client {number}".encode()
            async with await aio.tcp().connect(address) as conn:
                await conn.sendall(message)
                receiving = conn.shutdown_write()
                answer = await receiving.recv_exactly(len(message))
                assert await receiving.recv(1) == b""
                assert state_of(receiving) is State.FINISHED
                return answer

        server = asyncio.ensure_future(serve())
        answers = await asyncio.gather(*(client(number) for number in range(clients)))
        await server
        listener.close()
        assert answers == [f"client {number}".encode() for number in range(clients)]
        assert len(served) == clients
        assert all(state_of(conn) is State.CLOSED for conn in served)
        assert open_fds() == before

    run(main(), limit=30.0)


class _Group:
    """``asyncio.TaskGroup`` as far as these tests need it (Python 3.10 has none)."""

    __slots__ = ("tasks",)

    def __init__(self) -> None:
        self.tasks: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.gather(*self.tasks)

    def create_task(self, coro: Any) -> None:
        self.tasks.append(asyncio.ensure_future(coro))


def test_the_end_of_stream_is_returned_once_then_reading_is_an_ordering_error(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            a.shutdown_write()
            assert await b.recv(10) == b""
            assert state_of(b) is State.ENDED
            with pytest.raises(sockstate.OrderingError, match="stop reading at b''") as caught:
                await b.recv(10)  # a variable typed ConnectedSocket meets the ended state
            assert caught.value.state is State.ENDED
            await b.sendall(b"answer")
            assert state_of(b) is State.ENDED

    run(main())


def test_recv_exactly_at_the_end_of_stream_carries_what_came(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            await a.sendall(b"abc")
            a.shutdown_write()
            with pytest.raises(sockstate.IncompleteReadError) as caught:
                await b.recv_exactly(5)
            assert caught.value.partial == b"abc"
            assert state_of(b) is State.ENDED

    run(main())


def test_a_reset_connection_is_broken(run: Run) -> None:
    async def main() -> None:
        client, server = await _tcp_pair()
        with client, server:
            server.options.set_linger(0)
            server.close()
            with pytest.raises(ConnectionResetError):
                await client.recv(10)
            assert state_of(client) is State.BROKEN

    run(main())


def test_a_refused_connect_is_failed_with_its_descriptor_released(run: Run) -> None:
    async def main() -> None:
        with aio.tcp().bind(("127.0.0.1", 0)) as unused:
            address = unused.getsockname()
            fresh = aio.tcp()
            fd = fresh.fileno()
            with pytest.raises(ConnectionRefusedError):
                await fresh.connect(address)
            assert state_of(fresh) is State.FAILED
            assert not _fd_open(fd)
            fresh.close()

    run(main())


def _fd_open(fd: int) -> bool:
    return os.path.lexists(f"/proc/self/fd/{fd}")


def test_start_connect_then_finish_connect(run: Run) -> None:
    async def main() -> None:
        with await _tcp_listener() as listener:
            connecting = aio.tcp().start_connect(listener.getsockname())
            assert connecting.state is State.CONNECTING
            conn = await connecting.finish_connect()
            server, _ = await listener.accept()
            with conn, server:
                await conn.sendall(b"x")
                assert await server.recv(1) == b"x"

    run(main())


def test_connect_resolves_a_host_name_on_the_loop(run: Run) -> None:
    async def main() -> None:
        with await _tcp_listener() as listener:
            port = listener.getsockname()[1]
            async with await aio.tcp().connect(("localhost", port)) as conn:
                server, _ = await listener.accept()
                server.close()
                assert conn.getpeername() == ("127.0.0.1", port)

    run(main())


def test_datagrams_both_ways(run: Run) -> None:
    async def main() -> None:
        receiver = aio.udp().bind(("127.0.0.1", 0))
        sender = aio.udp().bind(("127.0.0.1", 0))
        with receiver, sender:
            waiting = asyncio.ensure_future(receiver.recvfrom(16))
            await asyncio.sleep(0)
            assert await sender.sendto(b"ping", receiver.getsockname()) == 4
            assert await waiting == (b"ping", sender.getsockname())
            peer = await sender.connect(receiver.getsockname())
            assert await peer.send(b"pong") == 4
            assert (await receiver.recvfrom(16))[0] == b"pong"
            await receiver.sendto(b"too long", peer.getsockname())
            with pytest.raises(sockstate.MessageTruncatedError) as caught:
                await peer.recv(3)
            assert caught.value.data == b"too"
            assert peer.state is State.DATAGRAM_CONNECTED

    run(main())


@pytest.mark.skipif(not hasattr(socket.socket, "sendmsg"), reason="no sendmsg here")
def test_sendmsg_and_recvmsg_pass_a_descriptor(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b, open(__file__, "rb") as passed:
            fds = array.array("i", [passed.fileno()])
            await a.sendmsg([b"fd"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
            data, ancdata, _, _ = await b.recvmsg(2, socket.CMSG_SPACE(4))
            assert data == b"fd"
            level, kind, payload = ancdata[0]
            assert (level, kind) == (socket.SOL_SOCKET, socket.SCM_RIGHTS)
            received = int.from_bytes(payload[:4], sys.byteorder)
            assert os.path.sameopenfile(received, passed.fileno())
            os.close(received)

    run(main())


# -- ordering errors, before any system call ---------------------------------------------


def _every_state_sockets() -> Iterator[tuple[object, State]]:
    """A socket of the asyncio face in each state it can be brought to
    without waiting, paired with that state."""
    fresh = aio.tcp()
    yield fresh, State.FRESH
    bound = aio.tcp().bind(("127.0.0.1", 0))
    yield bound, State.BOUND
    listening = aio.tcp().bind(("127.0.0.1", 0)).listen()
    yield listening, State.LISTENING
    yield aio.tcp().start_connect(listening.getsockname()), State.CONNECTING
    a, b = aio.socketpair()
    yield a, State.CONNECTED
    yield b.shutdown_write(), State.RECEIVE_ONLY
    c, d = aio.socketpair()
    yield c.shutdown_read(), State.SEND_ONLY
    yield d.shutdown_both(), State.SHUT_DOWN
    yield aio.udp(), State.DATAGRAM
    yield aio.udp().bind(("127.0.0.1", 0)), State.DATAGRAM_BOUND
    for end in aio.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM):
        yield end, State.DATAGRAM_CONNECTED
    detached = aio.tcp()
    detached.detach()
    yield detached, State.DETACHED
    yield aio.tcp().close(), State.CLOSED


def test_every_illegal_call_is_refused_before_any_system_call_and_changes_nothing() -> None:
    made = list(_every_state_sockets())
    try:
        for sock, state in made:
            assert getattr(sock, "state", None) is state
            for name in sorted(OPERATIONS - allowed(state) | BLOCKING_ONLY):
                with system_calls() as calls:
                    with pytest.raises(sockstate.OrderingError) as caught:
                        operation(sock, name)
                    assert calls == [], (state, name)
                assert caught.value.operation == name
                assert caught.value.state is state
                assert getattr(sock, "state", None) is state
    finally:
        for sock, _ in made:
            operation(sock, "close")()


def test_the_states_reached_only_by_the_kernel_refuse_illegal_calls_too(
    run: Run, tmp_path: Path
) -> None:
    async def reached() -> list[tuple[object, State]]:
        made: list[tuple[object, State]] = []
        a, b = aio.socketpair()
        a.shutdown_write()
        assert await b.recv(1) == b""
        made += [(b, State.ENDED)]
        c, d = aio.socketpair()
        receiving = c.shutdown_write()
        d.close()
        assert await receiving.recv(1) == b""
        made += [(a, State.RECEIVE_ONLY), (receiving, State.FINISHED)]
        client, server = await _tcp_pair()
        server.options.set_linger(0)
        server.close()
        with pytest.raises(ConnectionResetError):
            await client.recv(1)
        made += [(client, State.BROKEN)]
        failed = aio.unix()
        with pytest.raises(FileNotFoundError):
            failed.start_connect(str(tmp_path / "nobody"))
        made += [(failed, State.FAILED)]
        return made

    made = run(reached())
    try:
        for sock, state in made:
            assert getattr(sock, "state", None) is state
            for name in sorted(OPERATIONS - allowed(state) | BLOCKING_ONLY):
                with system_calls() as calls:
                    with pytest.raises(sockstate.OrderingError) as caught:
                        operation(sock, name)
                    assert calls == [], (state, name)
                assert caught.value.state is state
                assert getattr(sock, "state", None) is state
    finally:
        for sock, _ in made:
            operation(sock, "close")()


def test_a_saved_coroutine_method_meets_the_state_when_it_runs(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with a, b:
            receive = b.recv
            b.close()
            with pytest.raises(sockstate.SocketClosedError):
                await receive(1)

    run(main())


# -- moving between faces, and asyncio's streams ------------------------------------------


def test_a_blocking_socket_moves_to_the_asyncio_face_in_its_state_and_back(run: Run) -> None:
    async def main() -> None:
        before = open_fds()
        blocking_a, blocking_b = sockstate.socketpair()
        receiving = blocking_a.shutdown_write()
        assert blocking_b.recv(1) == b""  # ended
        moved_a = aio.from_blocking(receiving)
        moved_b = aio.from_blocking(blocking_b)
        assert class_of(moved_a) is aio.ReceiveOnlySocket
        assert class_of(moved_b) is aio.EndedSocket
        assert state_of(receiving) is State.DETACHED
        assert state_of(blocking_b) is State.DETACHED
        with pytest.raises(sockstate.SocketClosedError):
            blocking_b.recv(1)
        with pytest.raises(sockstate.SocketClosedError):
            aio.from_blocking(blocking_b)
        await moved_b.sendall(b"answer")
        assert await moved_a.recv_exactly(6) == b"answer"
        back = aio.to_blocking(moved_a)
        assert class_of(back) is sockstate.ReceiveOnlySocket
        assert back.gettimeout() is None
        assert state_of(moved_a) is State.DETACHED
        moved_b.close()
        assert back.recv(1) == b""
        assert state_of(back) is State.FINISHED
        back.close()
        receiving.close()
        blocking_b.close()
        assert open_fds() == before

    run(main())


def test_accept_in_a_thread_serve_in_asyncio(run: Run) -> None:
    async def main() -> None:
        listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
        with listener:
            loop = asyncio.get_running_loop()
            accepting = loop.run_in_executor(None, listener.accept)
            client = await aio.tcp().connect(listener.getsockname())
            conn, _ = await accepting
            served = aio.from_blocking(conn)
            with client, served:
                await client.sendall(b"hi")
                assert await served.recv_exactly(2) == b"hi"

    run(main())


def test_moving_refuses_what_is_not_of_the_other_face() -> None:
    with sockstate.tcp() as blocking, aio.tcp() as asynchronous:
        with pytest.raises(TypeError, match="blocking sockstate socket"):
            aio.from_blocking(asynchronous)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
        with pytest.raises(TypeError, match=r"sockstate\.aio socket"):
            aio.to_blocking(blocking)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
        assert blocking.state is State.FRESH
        assert asynchronous.state is State.FRESH


def test_asyncio_streams_from_a_connected_socket(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        reader, writer = await aio.open_streams(a)
        assert state_of(a) is State.DETACHED
        with b:
            writer.write(b"line\n")
            await writer.drain()
            assert await b.recv_exactly(5) == b"line\n"
            await b.sendall(b"back\n")
            assert await reader.readline() == b"back\n"
            writer.close()
            await writer.wait_closed()
            assert await b.recv(1) == b""
        ended = aio.socketpair()
        with ended[0], ended[1]:
            receiving = ended[0].shutdown_write()
            with pytest.raises(sockstate.OrderingError, match="needs a connected socket"):
                await aio.open_streams(receiving)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            assert receiving.state is State.RECEIVE_ONLY

    run(main())


def test_open_streams_cancelled_closes_the_connection(run: Run) -> None:
    async def main() -> None:
        a, b = aio.socketpair()
        with b:
            opening = asyncio.ensure_future(aio.open_streams(a))
            await asyncio.sleep(0)  # it waits for asyncio's transport to be made
            opening.cancel()
            with pytest.raises(asyncio.CancelledError):
                await opening
            assert state_of(a) is State.DETACHED
            assert await b.recv(1) == b""  # the other end is closed

    run(main())


def test_adopt_takes_a_socket_in_the_state_the_kernel_reports(run: Run) -> None:
    async def main() -> None:
        raw = socket.create_server(("127.0.0.1", 0))
        listener = aio.adopt(raw, socket.AF_INET)
        assert isinstance(listener, aio.ListeningSocket)
        assert raw.gettimeout() == 0.0
        with listener:
            accepting = asyncio.ensure_future(listener.accept())
            client = await aio.tcp().connect(listener.getsockname())
            conn, _ = await accepting
            client.close()
            conn.close()
        with pytest.raises(TypeError):
            aio.adopt(True, socket.AF_INET)

    run(main())


def test_the_tracer_hears_the_asyncio_face(run: Run) -> None:
    heard: list[tuple[str, State | None, State]] = []

    def tracer(transition: sockstate.Transition) -> None:
        heard.append((transition.operation, transition.old, transition.new))

    async def main() -> None:
        a, b = aio.socketpair()
        b.close()
        a.shutdown_write()
        a.close()

    previous = sockstate.set_tracer(tracer)
    try:
        run(main())
    finally:
        sockstate.set_tracer(previous)
    assert heard == [
        ("socketpair", None, State.CONNECTED),
        ("socketpair", None, State.CONNECTED),
        ("close", State.CONNECTED, State.CLOSED),
        ("shutdown_write", State.CONNECTED, State.RECEIVE_ONLY),
        ("close", State.RECEIVE_ONLY, State.CLOSED),
    ]


# -- nothing left behind --------------------------------------------------------------


def test_no_descriptor_or_loop_registration_is_left_behind(run: Run) -> None:
    async def main() -> None:
        fds_before = open_fds()
        watched_before = selector_entries(run.loop)
        numbers: list[int] = []
        for _ in range(20):
            client, server = await _tcp_pair()
            numbers += [client.fileno(), server.fileno()]
            reading = asyncio.ensure_future(server.recv(1))
            await asyncio.sleep(0)
            await client.sendall(b"x")
            assert await reading == b"x"
            waiting = asyncio.ensure_future(server.recv(1))
            await asyncio.sleep(0)
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
            closing = asyncio.ensure_future(client.recv(1))
            await asyncio.sleep(0)
            client.close()
            with pytest.raises(sockstate.SocketClosedError):
                await closing
            server.close()
        assert open_fds() == fds_before
        assert selector_entries(run.loop) == watched_before
        assert registrations(run.loop, numbers) == 0

    run(main())


def test_the_aio_module_re_exports_only_with_a_sorted_tuple_all_and_docstrings() -> None:
    import inspect

    assert isinstance(aio.__all__, tuple)
    assert list(aio.__all__) == sorted(aio.__all__)
    for name in aio.__all__:
        value = getattr(aio, name)
        assert (inspect.getdoc(value) or "").strip(), name
        module = inspect.getmodule(value)
        assert module is not None
        assert module.__name__.startswith("sockstate._"), (name, module.__name__)


def test_busy_error_carries_its_operation_prints_and_pickles() -> None:
    import pickle

    error = aio.BusyError("recv() would wait ...", operation="recv")
    assert isinstance(error, sockstate.SockstateError)
    assert isinstance(error, RuntimeError)
    assert str(error) == "recv() would wait ..."
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is aio.BusyError
    assert (str(copy), copy.operation) == (str(error), "recv")
