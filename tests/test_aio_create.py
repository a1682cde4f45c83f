"""``sockstate.aio.create_connection()`` and ``sockstate.aio.create_server()``
on real loopback sockets, on the default loop and on uvloop: the blocking
calls' behaviour and errors, each resolved address tried on a new socket,
``timeout`` as a bound on each try, and no descriptor left behind by a
failed try, a timeout or a cancellation."""

from __future__ import annotations

import asyncio
import errno
import inspect
import select
import socket
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest

import sockstate
from aio_support import LOOP_KINDS, Run, open_fds, registrations, running
from create_support import (
    bound_pair,
    failed_connects,
    needs_both_loopbacks,
    needs_ipv6,
    notes_of,
    tracing,
)
from sockstate import AddressTypeError, AddressValueError, State, aio
from support import SAFETY_TIMEOUT

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator
    from pathlib import Path

# Calls whose arguments the overloads refuse, made at runtime to see the errors.
create_connection: Any = aio.create_connection
create_server: Any = aio.create_server
blocking_create_connection: Any = sockstate.create_connection
blocking_create_server: Any = sockstate.create_server


@pytest.fixture(params=LOOP_KINDS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """Each kind of loop in turn: the default one and uvloop."""
    yield from running(request.param)


def wait_queued(listener: socket.socket) -> None:
    """Wait until ``listener`` has a connection in its queue (it reads as
    readable), so that its queue is full before the test's connect."""
    readable, _, _ = select.select([listener], [], [], SAFETY_TIMEOUT)
    assert readable == [listener]


@contextmanager
def full_listener(family: int = socket.AF_INET) -> Generator[socket.socket, None, None]:
    """A stdlib listener on the loopback of ``family`` whose queue is full:
    a connect to it waits until the listener accepts (never, here)."""
    host = "127.0.0.1" if family == socket.AF_INET else "::1"
    with socket.socket(family) as listener, socket.socket(family) as queued:
        listener.bind((host, 0))
        listener.listen(0)
        queued.settimeout(SAFETY_TIMEOUT)
        queued.connect(listener.getsockname())
        wait_queued(listener)
        yield listener


@contextmanager
def ipv4_behind_a_full_ipv6() -> Generator[int, None, None]:
    """A port where ``::1`` never answers (a full queue) and ``127.0.0.1``
    listens."""
    four, six = bound_pair()
    with four, six, socket.socket(socket.AF_INET6) as queued:
        six.listen(0)
        queued.settimeout(SAFETY_TIMEOUT)
        queued.connect(six.getsockname())
        wait_queued(six)
        four.listen()
        yield four.getsockname()[1]


def accept_one(listener: socket.socket) -> None:
    listener.settimeout(SAFETY_TIMEOUT)
    listener.accept()[0].close()


# -- the two calls' kinds -------------------------------------------------------------


def test_create_connection_is_a_coroutine_function_and_create_server_a_plain_call() -> None:
    assert inspect.iscoroutinefunction(aio.create_connection)
    assert not inspect.iscoroutinefunction(aio.create_server)


def test_create_connection_timeout_defaults_to_no_bound() -> None:
    assert inspect.signature(aio.create_connection).parameters["timeout"].default is None


# -- create_connection: connecting ----------------------------------------------------


def test_create_connection_connects_to_an_ipv4_literal(run: Run) -> None:
    async def main() -> None:
        with aio.create_server(("127.0.0.1", 0)) as listener:
            where = listener.getsockname()
            with await aio.create_connection(where, SAFETY_TIMEOUT) as client:
                assert isinstance(client, aio.ConnectedSocket)
                assert client.state is State.CONNECTED
                assert client.getpeername() == where
                accepted, peer = await listener.accept()
                with accepted:
                    assert peer == client.getsockname()
                    await client.sendall(b"ping")
                    assert await accepted.recv_exactly(4) == b"ping"

    run(main())


@needs_ipv6
def test_create_connection_connects_to_an_ipv6_literal(run: Run) -> None:
    async def main() -> None:
        with aio.create_server(("::1", 0), family=socket.AF_INET6) as listener:
            port = listener.getsockname()[1]
            with await aio.create_connection(("::1", port)) as client:
                assert client.getpeername()[:2] == ("::1", port)
                (await listener.accept())[0].close()

    run(main())


def test_create_connection_resolves_a_name_through_the_loop(run: Run) -> None:
    async def main() -> None:
        with aio.create_server(("127.0.0.1", 0)) as listener:
            port = listener.getsockname()[1]
            client = await aio.create_connection(("localhost", port), family=socket.AF_INET)
            with client:
                assert client.getpeername() == ("127.0.0.1", port)
                (await listener.accept())[0].close()

    run(main())


def test_create_connection_with_family_resolves_for_that_family_only(run: Run) -> None:
    async def main() -> None:
        with aio.create_server(("127.0.0.1", 0)) as listener:
            port = listener.getsockname()[1]
            with tracing() as heard:
                client = await aio.create_connection((None, port), family=socket.AF_INET)
            with client:
                assert client.getpeername() == ("127.0.0.1", port)
                assert failed_connects(heard) == []
                (await listener.accept())[0].close()

    run(main())


@needs_both_loopbacks
def test_create_connection_tries_ipv6_then_ipv4_and_returns_the_ipv4_socket(run: Run) -> None:
    four, six = bound_pair()
    with four, six:
        four.listen()
        port = four.getsockname()[1]
        with tracing() as heard:
            client = run(aio.create_connection((None, port), SAFETY_TIMEOUT))
        with client:
            assert client.getpeername() == ("127.0.0.1", port)
            assert failed_connects(heard) == [("::1", port, 0, 0)]
            accept_one(four)


def test_create_connection_binds_the_source_address_first(run: Run) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        source = probe.getsockname()

    async def main() -> None:
        with aio.create_server(("127.0.0.1", 0)) as listener:
            client = await aio.create_connection(listener.getsockname(), None, source)
            with client:
                assert client.getsockname() == source
                accepted, peer = await listener.accept()
                accepted.close()
                assert peer == source

    run(main())


# -- create_connection: failing -------------------------------------------------------


@needs_both_loopbacks
def test_create_connection_raises_the_last_error_with_the_earlier_as_its_context(
    run: Run,
) -> None:
    four, six = bound_pair()
    port = four.getsockname()[1]
    with four, six, pytest.raises(ConnectionRefusedError) as caught:
        run(aio.create_connection((None, port)))
    last = caught.value
    assert notes_of(last) == [f"create_connection(): connecting to ('127.0.0.1', {port}) failed"]
    first = last.__context__
    assert isinstance(first, ConnectionRefusedError)
    assert notes_of(first) == [f"create_connection(): connecting to ('::1', {port}, 0, 0) failed"]
    assert first.__context__ is None


def test_create_connection_raises_the_error_of_a_single_try_and_leaks_nothing(
    run: Run,
) -> None:
    with socket.socket() as four:
        four.bind(("127.0.0.1", 0))
        where = four.getsockname()
        before = open_fds()
        for _ in range(5):
            with pytest.raises(ConnectionRefusedError) as caught:
                run(aio.create_connection(where))
            assert open_fds() == before
            assert caught.value.errno == errno.ECONNREFUSED
            assert notes_of(caught.value) == [
                f"create_connection(): connecting to {where!r} failed"
            ]
            assert caught.value.__context__ is None


@needs_both_loopbacks
def test_create_connection_leaks_no_descriptor_from_a_failed_try_before_success(
    run: Run,
) -> None:
    four, six = bound_pair()
    with four, six:
        four.listen()
        before = open_fds()
        client = run(aio.create_connection((None, four.getsockname()[1])))
        assert open_fds() == before + 1  # the connected socket only
        client.close()
        accept_one(four)
        assert open_fds() == before


def test_create_connection_lets_the_loops_getaddrinfo_errors_through_unchanged(
    run: Run,
) -> None:
    before = open_fds()
    with tracing() as heard, pytest.raises(socket.gaierror) as caught:
        run(aio.create_connection(("no-such-host.invalid", 80)))
    assert not hasattr(caught.value, "__notes__")
    assert heard == []
    assert open_fds() == before


@needs_ipv6
def test_create_connection_fails_the_try_whose_family_the_source_cannot_bind(
    run: Run,
) -> None:
    before = open_fds()
    with pytest.raises(AddressValueError) as caught:
        run(aio.create_connection(("::1", 1), None, ("127.0.0.1", 0)))
    assert notes_of(caught.value) == ["create_connection(): connecting to ('::1', 1, 0, 0) failed"]
    assert open_fds() == before


# -- create_connection: timeout and cancellation --------------------------------------


def test_create_connection_timeout_bounds_a_try_and_raises_timed_out(run: Run) -> None:
    with full_listener() as listener:
        where = listener.getsockname()
        before = open_fds()
        with tracing() as heard, pytest.raises(TimeoutError) as caught:
            run(aio.create_connection(where, 0.2))
        assert open_fds() == before
    assert str(caught.value) == "timed out"
    assert caught.value.__cause__ is not None  # asyncio's error, chained
    assert notes_of(caught.value) == [f"create_connection(): connecting to {where!r} failed"]
    assert failed_connects(heard) == [where]


@needs_both_loopbacks
def test_create_connection_after_a_try_times_out_tries_the_next_address(run: Run) -> None:
    with ipv4_behind_a_full_ipv6() as port, tracing() as heard:
        client = run(aio.create_connection((None, port), 0.2))
        with client:
            assert client.getpeername() == ("127.0.0.1", port)
    assert failed_connects(heard) == [("::1", port, 0, 0)]


def test_create_connection_keeps_a_timeout_error_that_is_not_its_bound(run: Run) -> None:
    kernels = TimeoutError(errno.ETIMEDOUT, "as the kernel's")

    def time_out_at_connect(transition: sockstate.Transition) -> None:
        if transition.operation == "connect":
            raise kernels

    async def main() -> None:
        with aio.create_server(("127.0.0.1", 0)) as listener:
            before = open_fds()
            previous = sockstate.set_tracer(time_out_at_connect)
            try:
                with pytest.raises(TimeoutError) as caught:
                    await aio.create_connection(listener.getsockname(), SAFETY_TIMEOUT)
            finally:
                sockstate.set_tracer(previous)
            assert caught.value is kernels
            (await listener.accept())[0].close()
            assert open_fds() == before

    run(main())


def test_a_cancelled_create_connection_closes_the_socket_whose_connect_waits(
    run: Run,
) -> None:
    async def main() -> None:
        with full_listener() as listener:
            before = open_fds()
            made: list[Any] = []
            connecting = asyncio.Event()

            def heard(transition: sockstate.Transition) -> None:
                if transition.operation == "socket":
                    made.append(transition.socket)
                    connecting.set()  # the task goes on to wait for its connect

            previous = sockstate.set_tracer(heard)
            try:
                task = asyncio.ensure_future(aio.create_connection(listener.getsockname()))
                await connecting.wait()
                assert not task.done()
                fd = made[0].fileno()
                assert made[0].state is State.CONNECTING
                assert open_fds() == before + 1
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
            finally:
                sockstate.set_tracer(previous)
            assert [sock.state for sock in made] == [State.CLOSED]
            assert open_fds() == before
            assert registrations(run.loop, [fd]) == 0

    run(main())


def test_a_create_connection_cancelled_while_it_resolves_makes_no_socket(run: Run) -> None:
    # No count of descriptors here: the resolver's thread goes on after the
    # cancel and may hold a file or netlink socket of glibc's for a moment.
    async def main() -> None:
        with tracing() as heard:
            task = asyncio.ensure_future(aio.create_connection(("localhost", 9)))
            await asyncio.sleep(0)  # the task now waits for the loop's getaddrinfo
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        assert heard == []  # no socket made, so none to close

    run(main())


# -- create_connection: arguments -----------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "keywords"),
    [
        (("/tmp/a-path",), {}),
        ((("127.0.0.1", "80"),), {}),
        ((("127.0.0.1", 80, 0),), {}),
        ((("127.0.0.1", 70000),), {}),
        ((("::1", 80),), {"family": socket.AF_INET}),
        ((("127.0.0.1", 80),), {"family": socket.AF_UNIX}),
        ((("127.0.0.1", 80),), {"family": True}),
        ((("127.0.0.1", 80), True), {}),
        ((("127.0.0.1", 80), "1"), {}),
        ((("127.0.0.1", 80), -1), {}),
        ((("127.0.0.1", 80), float("nan")), {}),
        ((("127.0.0.1", 80), 1, (None, 0)), {}),
        ((("127.0.0.1", 80), 1, ("::1", 0)), {"family": socket.AF_INET}),
    ],
)
def test_create_connection_refuses_what_the_blocking_one_refuses_before_any_socket(
    run: Run, arguments: tuple[object, ...], keywords: dict[str, object]
) -> None:
    with pytest.raises((TypeError, ValueError)) as blocking:
        blocking_create_connection(*arguments, **keywords)
    before = open_fds()
    with tracing() as heard, pytest.raises(type(blocking.value)) as caught:
        run(create_connection(*arguments, **keywords))
    assert str(caught.value) == str(blocking.value)
    assert heard == []
    assert open_fds() == before


# -- create_server --------------------------------------------------------------------


def test_create_server_listens_on_ipv4_without_a_running_loop(run: Run) -> None:
    listener = aio.create_server(("127.0.0.1", 0))
    with listener:
        assert isinstance(listener, aio.ListeningSocket)
        assert listener.state is State.LISTENING
        assert listener.options.get_reuse_address() is True

        async def main() -> None:
            client = await aio.create_connection(listener.getsockname())
            with client, (await listener.accept())[0] as accepted:
                assert accepted.getpeername() == client.getsockname()

        run(main())


@needs_ipv6
def test_create_server_listens_on_ipv6_only_by_default() -> None:
    with aio.create_server(("::1", 0), family=socket.AF_INET6) as listener:
        assert listener.state is State.LISTENING
        assert listener.options.get_ipv6_only() is True


@pytest.mark.skipif(not socket.has_dualstack_ipv6(), reason="no dual-stack IPv6 sockets here")
def test_create_server_dualstack_is_not_ipv6_only() -> None:
    with aio.create_server(
        ("::", 0), family=socket.AF_INET6, dualstack_ipv6=True, reuse_port=True
    ) as listener:
        assert listener.options.get_ipv6_only() is False
        assert listener.options.get_reuse_port() is True


def test_create_server_listens_on_a_unix_path(run: Run, tmp_path: Path) -> None:
    path = str(tmp_path / "server.sock")

    async def main() -> None:
        with aio.create_server(path, family=socket.AF_UNIX, backlog=1) as listener:
            assert listener.getsockname() == path
            client = await aio.unix().connect(path)
            with client, (await listener.accept())[0]:
                assert client.state is State.CONNECTED

    run(main())


def test_create_server_raises_eaddrinuse_naming_the_address_and_leaks_nothing() -> None:
    with aio.create_server(("127.0.0.1", 0)) as listener:
        where = listener.getsockname()
        before = open_fds()
        with tracing() as heard, pytest.raises(OSError, match="while attempting to bind") as caught:
            aio.create_server(where)
        assert open_fds() == before
    assert caught.value.errno == errno.EADDRINUSE
    assert str(where) in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)
    assert [t.new for t in heard] == [State.FRESH, State.CLOSED]


@pytest.mark.parametrize(
    ("arguments", "keywords"),
    [
        ((("127.0.0.1", 0),), {"dualstack_ipv6": True}),
        (("/tmp/a-path",), {"family": socket.AF_UNIX, "reuse_port": True}),
        ((("127.0.0.1", 0),), {"family": socket.AF_UNSPEC}),
        ((("127.0.0.1", 0),), {"backlog": -1}),
        ((("127.0.0.1", 0),), {"backlog": True}),
        ((("127.0.0.1", 0),), {"reuse_port": 1}),
        (("/tmp/a-path",), {}),
        ((("127.0.0.1", 0),), {"family": socket.AF_INET6}),
    ],
)
def test_create_server_refuses_what_the_blocking_one_refuses_before_any_socket(
    arguments: tuple[object, ...], keywords: dict[str, object]
) -> None:
    with pytest.raises((TypeError, ValueError)) as blocking:
        blocking_create_server(*arguments, **keywords)
    before = open_fds()
    with tracing() as heard, pytest.raises(type(blocking.value)) as caught:
        create_server(*arguments, **keywords)
    assert str(caught.value) == str(blocking.value)
    assert heard == []
    assert open_fds() == before


def test_the_address_errors_are_sockstates_own() -> None:
    with pytest.raises(AddressTypeError):
        create_server("/tmp/a-path")
    with pytest.raises(AddressValueError):
        create_server(("::1", 0))
