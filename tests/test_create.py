"""``sockstate.create_connection()`` and ``sockstate.create_server()`` on
real loopback sockets: the stdlib's convenience calls, each resolved address
tried on a new socket, every error raised and no descriptor left behind."""

from __future__ import annotations

import errno
import inspect
import socket
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

import pytest

import sockstate
from create_support import (
    bound_pair,
    failed_connects,
    needs_both_loopbacks,
    needs_ipv6,
    notes_of,
    tracing,
)
from sockstate import (
    AddressTypeError,
    AddressValueError,
    ConnectedSocket,
    ListeningSocket,
    State,
)
from support import SAFETY_TIMEOUT, ipv6_loopback_works, open_fds

if TYPE_CHECKING:
    from collections.abc import Generator
    from pathlib import Path

    from sockstate import IPv4Address

# Calls whose arguments the overloads refuse, made at runtime to see the errors.
create_connection: Any = sockstate.create_connection
create_server: Any = sockstate.create_server


@contextmanager
def ipv4_listener() -> Generator[ListeningSocket[IPv4Address], None, None]:
    with sockstate.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(SAFETY_TIMEOUT)
        yield listener


@contextmanager
def refused_on_both() -> Generator[int, None, None]:
    """A port where a connect is refused on ``::1`` and on ``127.0.0.1``:
    bound on both, listening on neither."""
    four, six = bound_pair()
    with four, six:
        yield four.getsockname()[1]


@contextmanager
def ipv4_only_listener() -> Generator[socket.socket, None, None]:
    """A (stdlib) listener on ``127.0.0.1`` whose port refuses on ``::1``
    (bound there by a socket that does not listen)."""
    four, six = bound_pair()
    with four, six:
        four.listen()
        four.settimeout(SAFETY_TIMEOUT)
        yield four


# -- create_connection: connecting ----------------------------------------------------


def test_create_connection_connects_to_an_ipv4_literal() -> None:
    with ipv4_listener() as listener:
        where = listener.getsockname()
        with sockstate.create_connection(where, SAFETY_TIMEOUT) as client:
            assert isinstance(client, ConnectedSocket)
            assert client.state is State.CONNECTED
            assert client.getpeername() == where
            accepted, peer = listener.accept()
            with accepted:
                assert peer == client.getsockname()


@needs_ipv6
def test_create_connection_connects_to_an_ipv6_literal() -> None:
    with sockstate.create_server(("::1", 0), family=socket.AF_INET6) as listener:
        port = listener.getsockname()[1]
        with sockstate.create_connection(("::1", port), SAFETY_TIMEOUT) as client:
            assert client.state is State.CONNECTED
            assert client.getpeername()[:2] == ("::1", port)
            listener.accept()[0].close()


def test_create_connection_with_family_resolves_for_that_family_only() -> None:
    with ipv4_listener() as listener:
        port = listener.getsockname()[1]
        with tracing() as heard:
            client = sockstate.create_connection(
                (None, port), SAFETY_TIMEOUT, family=socket.AF_INET
            )
        with client:
            assert client.getpeername() == ("127.0.0.1", port)
            assert failed_connects(heard) == []
            listener.accept()[0].close()


@needs_both_loopbacks
def test_create_connection_tries_ipv6_then_ipv4_and_returns_the_ipv4_socket() -> None:
    with ipv4_only_listener() as listener:
        port = listener.getsockname()[1]
        with tracing() as heard:
            client = sockstate.create_connection((None, port), SAFETY_TIMEOUT)
        with client:
            assert client.getpeername() == ("127.0.0.1", port)  # an IPv4 2-tuple
            assert failed_connects(heard) == [("::1", port, 0, 0)]
            listener.accept()[0].close()


def test_create_connection_to_localhost_tries_ipv6_then_ipv4() -> None:
    found = socket.getaddrinfo("localhost", 1, 0, socket.SOCK_STREAM)
    hosts = [str(address[0]) for *_, address in found]
    if not ipv6_loopback_works() or hosts != ["::1", "127.0.0.1"]:
        pytest.skip(f"localhost resolves to {hosts} here, not ['::1', '127.0.0.1']")
    with ipv4_only_listener() as listener:  # pragma: no cover - the machine's hosts file decides
        port = listener.getsockname()[1]
        with tracing() as heard:
            client = sockstate.create_connection(("localhost", port), SAFETY_TIMEOUT)
        with client:
            assert client.getpeername() == ("127.0.0.1", port)
            assert failed_connects(heard) == [("::1", port, 0, 0)]
            listener.accept()[0].close()


def test_create_connection_signature_names_the_default_timeout() -> None:
    timeout = inspect.signature(sockstate.create_connection).parameters["timeout"]
    assert repr(timeout.default) == "<the socket's default timeout>"


def test_create_connection_sets_the_timeout_between_socket_and_connect() -> None:
    seen: list[tuple[str, float | None]] = []

    def watch(transition: sockstate.Transition) -> None:
        timeout = cast("sockstate.FreshSocket[object]", transition.socket).gettimeout()
        seen.append((transition.operation, timeout))

    with ipv4_listener() as listener:
        previous = sockstate.set_tracer(watch)
        try:
            client = sockstate.create_connection(listener.getsockname(), 2)
        finally:
            sockstate.set_tracer(previous)
        with client:
            assert seen == [("socket", socket.getdefaulttimeout()), ("connect", 2.0)]
            assert client.gettimeout() == 2.0
            listener.accept()[0].close()


def test_create_connection_without_timeout_leaves_the_new_sockets_mode() -> None:
    """The new socket keeps what ``socket.setdefaulttimeout()`` gave it, as
    the stdlib's ``create_connection`` leaves it."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(SAFETY_TIMEOUT)
    try:
        with (
            ipv4_listener() as listener,
            sockstate.create_connection(listener.getsockname()) as client,
        ):
            assert client.gettimeout() == SAFETY_TIMEOUT
            listener.accept()[0].close()
    finally:
        socket.setdefaulttimeout(previous)


def test_create_connection_binds_the_source_address_first() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        source = probe.getsockname()
    with ipv4_listener() as listener:
        client = sockstate.create_connection(listener.getsockname(), 2.5, source)
        with client:
            assert client.getsockname() == source
            accepted, peer = listener.accept()
            accepted.close()
            assert peer == source


@needs_both_loopbacks
def test_create_connection_fails_a_try_whose_family_the_source_cannot_bind() -> None:
    with ipv4_only_listener() as listener:
        port = listener.getsockname()[1]
        with sockstate.create_connection((None, port), 2.5, ("127.0.0.1", 0)) as client:
            assert client.getpeername() == ("127.0.0.1", port)
            listener.accept()[0].close()


@needs_ipv6
def test_create_connection_raises_the_source_address_error_of_its_only_try() -> None:
    before = open_fds()
    with pytest.raises(AddressValueError) as caught:
        sockstate.create_connection(("::1", 1), 2.5, ("127.0.0.1", 0))
    assert notes_of(caught.value) == ["create_connection(): connecting to ('::1', 1, 0, 0) failed"]
    assert open_fds() == before


# -- create_connection: failing -------------------------------------------------------


@needs_both_loopbacks
def test_create_connection_raises_the_last_error_with_the_earlier_as_its_context() -> None:
    with refused_on_both() as port, pytest.raises(ConnectionRefusedError) as caught:
        sockstate.create_connection((None, port), SAFETY_TIMEOUT)
    last = caught.value
    assert notes_of(last) == [f"create_connection(): connecting to ('127.0.0.1', {port}) failed"]
    first = last.__context__
    assert isinstance(first, ConnectionRefusedError)
    assert notes_of(first) == [f"create_connection(): connecting to ('::1', {port}, 0, 0) failed"]
    assert first.__context__ is None


def test_create_connection_raises_the_error_of_a_single_try_with_its_address() -> None:
    with socket.socket() as four:
        four.bind(("127.0.0.1", 0))
        where = four.getsockname()
        with pytest.raises(ConnectionRefusedError) as caught:
            sockstate.create_connection(where, SAFETY_TIMEOUT)
    assert caught.value.errno == errno.ECONNREFUSED
    assert notes_of(caught.value) == [f"create_connection(): connecting to {where!r} failed"]
    assert caught.value.__context__ is None


@needs_both_loopbacks
def test_create_connection_leaks_no_descriptor_from_failed_tries() -> None:
    with refused_on_both() as port:
        before = open_fds()
        for _ in range(10):
            with pytest.raises(ConnectionRefusedError):
                sockstate.create_connection((None, port), SAFETY_TIMEOUT)
        assert open_fds() == before


@needs_both_loopbacks
def test_create_connection_leaks_no_descriptor_from_a_failed_try_before_success() -> None:
    with ipv4_only_listener() as listener:
        before = open_fds()
        client = sockstate.create_connection((None, listener.getsockname()[1]), SAFETY_TIMEOUT)
        assert open_fds() == before + 1  # the connected socket only
        client.close()
        listener.accept()[0].close()
        assert open_fds() == before


def test_create_connection_lets_getaddrinfo_errors_through_unchanged() -> None:
    before = open_fds()
    with pytest.raises(socket.gaierror) as caught:
        sockstate.create_connection(("no-such-host.invalid", 80), SAFETY_TIMEOUT)
    assert not hasattr(caught.value, "__notes__")
    assert open_fds() == before


@pytest.mark.parametrize(
    ("arguments", "keywords", "error"),
    [
        (("/tmp/a-path",), {}, AddressTypeError),
        ((("127.0.0.1", "80"),), {}, AddressTypeError),
        ((("127.0.0.1", 80, 0),), {}, AddressTypeError),
        (((b"127.0.0.1", 80),), {}, AddressTypeError),
        ((("127.0.0.1", 70000),), {}, AddressValueError),
        (((None, -1),), {}, AddressValueError),
        ((("::1", 80),), {"family": socket.AF_INET}, AddressValueError),
        ((("127.0.0.1", 80),), {"family": socket.AF_INET6}, AddressValueError),
        ((("127.0.0.1", 80),), {"family": socket.AF_UNIX}, ValueError),
        ((("127.0.0.1", 80),), {"family": True}, ValueError),
        ((("127.0.0.1", 80), True), {}, TypeError),
        ((("127.0.0.1", 80), "1"), {}, TypeError),
        ((("127.0.0.1", 80), -1), {}, ValueError),
        ((("127.0.0.1", 80), float("nan")), {}, ValueError),
        ((("127.0.0.1", 80), float("inf")), {}, ValueError),
        ((("127.0.0.1", 80), 1, (None, 0)), {}, AddressTypeError),
        ((("127.0.0.1", 80), 1, "/tmp/a-path"), {}, AddressTypeError),
        ((("127.0.0.1", 80), 1, ("::1", 0)), {"family": socket.AF_INET}, AddressValueError),
    ],
)
def test_create_connection_refuses_bad_arguments_before_any_socket(
    arguments: tuple[object, ...], keywords: dict[str, object], error: type[Exception]
) -> None:
    before = open_fds()
    with tracing() as heard, pytest.raises(error):
        create_connection(*arguments, **keywords)
    assert heard == []
    assert open_fds() == before


def test_create_connection_family_ipv6_takes_a_four_tuple_source() -> None:
    if not ipv6_loopback_works():
        pytest.skip("no IPv6 loopback here")
    with sockstate.create_server(("::1", 0), family=socket.AF_INET6) as listener:
        port = listener.getsockname()[1]
        client = sockstate.create_connection(
            ("::1", port), SAFETY_TIMEOUT, ("::1", 0, 0, 0), family=socket.AF_INET6
        )
        with client:
            assert client.getsockname()[0] == "::1"
            listener.accept()[0].close()


# -- create_server --------------------------------------------------------------------


def reach(where: Any, family: int) -> None:
    """Connect a stdlib client to ``where`` and close it."""
    with socket.socket(family) as client:
        client.settimeout(SAFETY_TIMEOUT)
        client.connect(where)


def test_create_server_listens_on_ipv4() -> None:
    with sockstate.create_server(("127.0.0.1", 0)) as listener:
        assert isinstance(listener, ListeningSocket)
        assert listener.state is State.LISTENING
        assert listener.options.get_reuse_address() is True
        assert listener.options.get_reuse_port() is False
        listener.settimeout(SAFETY_TIMEOUT)
        reach(listener.getsockname(), socket.AF_INET)
        listener.accept()[0].close()


@needs_ipv6
def test_create_server_listens_on_ipv6_only_by_default() -> None:
    # On the wildcard address, where IPV6_V6ONLY decides whether IPv4
    # clients reach the socket too (ipv6(7)); Linux's default is to let them.
    with sockstate.create_server(("::", 0), family=socket.AF_INET6) as listener:
        assert listener.state is State.LISTENING
        assert listener.options.get_ipv6_only() is True
        listener.settimeout(SAFETY_TIMEOUT)
        reach(("::1", listener.getsockname()[1]), socket.AF_INET6)
        listener.accept()[0].close()


def test_create_server_listens_on_a_unix_path(tmp_path: Path) -> None:
    path = str(tmp_path / "server.sock")
    with sockstate.create_server(path, family=socket.AF_UNIX, backlog=1) as listener:
        assert listener.state is State.LISTENING
        assert listener.getsockname() == path
        listener.settimeout(SAFETY_TIMEOUT)
        reach(path, socket.AF_UNIX)
        listener.accept()[0].close()


def test_create_server_listens_with_the_given_backlog() -> None:
    with sockstate.create_server(("127.0.0.1", 0), backlog=0) as listener:
        listener.settimeout(SAFETY_TIMEOUT)
        reach(listener.getsockname(), socket.AF_INET)  # a backlog of 0 still takes one
        listener.accept()[0].close()


def test_create_server_takes_the_largest_backlog_listen_takes() -> None:
    """``listen(2)`` takes any int up to ``INT_MAX``; the kernel caps it at
    ``somaxconn``."""
    with sockstate.create_server(("127.0.0.1", 0), backlog=2**31 - 1) as listener:
        assert listener.state is State.LISTENING


def test_create_server_sets_reuse_port() -> None:
    with sockstate.create_server(("127.0.0.1", 0), reuse_port=True) as listener:
        assert listener.options.get_reuse_port() is True
        port = listener.getsockname()[1]
        with sockstate.create_server(("127.0.0.1", port), reuse_port=True) as second:
            assert second.getsockname() == ("127.0.0.1", port)


@pytest.mark.skipif(not socket.has_dualstack_ipv6(), reason="no dual-stack IPv6 sockets here")
def test_create_server_dualstack_accepts_an_ipv4_client() -> None:
    listener = sockstate.create_server(("::", 0), family=socket.AF_INET6, dualstack_ipv6=True)
    with listener:
        assert listener.options.get_ipv6_only() is False
        listener.settimeout(SAFETY_TIMEOUT)
        reach(("127.0.0.1", listener.getsockname()[1]), socket.AF_INET)
        accepted, peer = listener.accept()
        accepted.close()
        assert peer[0] == "::ffff:127.0.0.1"


def test_create_server_raises_eaddrinuse_naming_the_address_and_leaks_nothing() -> None:
    with ipv4_listener() as listener:
        where = listener.getsockname()
        before = open_fds()
        with tracing() as heard, pytest.raises(OSError, match="while attempting to bind") as caught:
            sockstate.create_server(where)
        assert open_fds() == before
    assert caught.value.errno == errno.EADDRINUSE
    assert str(where) in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)
    assert caught.value.__cause__.errno == errno.EADDRINUSE
    assert [t.new for t in heard] == [State.FRESH, State.CLOSED]


def test_create_server_closes_the_socket_when_listen_is_interrupted() -> None:
    class StopError(Exception):
        pass

    def stop_at_listen(transition: sockstate.Transition) -> None:
        if transition.operation == "bind":
            raise StopError

    before = open_fds()
    previous = sockstate.set_tracer(stop_at_listen)
    try:
        with pytest.raises(StopError):
            sockstate.create_server(("127.0.0.1", 0))
    finally:
        sockstate.set_tracer(previous)
    assert open_fds() == before


def test_create_connection_closes_the_socket_when_a_try_is_interrupted() -> None:
    class StopError(Exception):
        pass

    def stop_at_connect(transition: sockstate.Transition) -> None:
        if transition.operation == "connect":
            raise StopError

    with ipv4_listener() as listener:
        before = open_fds()
        previous = sockstate.set_tracer(stop_at_connect)
        try:
            with pytest.raises(StopError):
                sockstate.create_connection(listener.getsockname(), SAFETY_TIMEOUT)
        finally:
            sockstate.set_tracer(previous)
        assert open_fds() == before


@pytest.mark.parametrize(
    ("arguments", "keywords", "error"),
    [
        ((("127.0.0.1", 0),), {"dualstack_ipv6": True}, ValueError),
        (("/tmp/a-path",), {"family": socket.AF_UNIX, "reuse_port": True}, ValueError),
        ((("127.0.0.1", 0),), {"family": socket.AF_UNSPEC}, ValueError),
        ((("127.0.0.1", 0),), {"family": True}, ValueError),
        ((("127.0.0.1", 0),), {"backlog": -1}, ValueError),
        ((("127.0.0.1", 0),), {"backlog": 2**31}, ValueError),
        ((("127.0.0.1", 0),), {"backlog": True}, TypeError),
        ((("127.0.0.1", 0),), {"backlog": "5"}, TypeError),
        ((("127.0.0.1", 0),), {"backlog": 1.5}, TypeError),
        ((("127.0.0.1", 0),), {"reuse_port": 1}, TypeError),
        ((("127.0.0.1", 0),), {"dualstack_ipv6": None}, TypeError),
        (("/tmp/a-path",), {}, AddressTypeError),
        ((("::1", 0),), {}, AddressValueError),
        ((("127.0.0.1", 0),), {"family": socket.AF_INET6}, AddressValueError),
        ((("127.0.0.1", 0),), {"family": socket.AF_UNIX}, AddressTypeError),
    ],
)
def test_create_server_refuses_bad_arguments_before_any_socket(
    arguments: tuple[object, ...], keywords: dict[str, object], error: type[Exception]
) -> None:
    before = open_fds()
    with tracing() as heard, pytest.raises(error):
        create_server(*arguments, **keywords)
    assert heard == []
    assert open_fds() == before


def test_create_server_refuses_dualstack_with_af_inet_in_the_stdlib_words() -> None:
    with pytest.raises(ValueError, match="dualstack_ipv6 requires AF_INET6 family"):
        create_server(("127.0.0.1", 0), dualstack_ipv6=True)
