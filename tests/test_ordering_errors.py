"""Ordering errors, case by case: the whole message of a refused call, for
the cases the README tells (accept before listen, listen before bind, data
before connect, a second bind, a stale variable, ...), and methods saved
before a transition.

Every illegal call of every state, with its error's attributes, no system
call and the state unchanged, is ``test_matrix.py``'s, held against the hand
matrix.  Like it, these run in one family: an illegal call is refused by
the state's class, whatever the family."""

from __future__ import annotations

import functools

import pytest

from sockstate import IPv4Address, OrderingError, SocketClosedError, State
from support import Addr, Family, KernelView, operation, state_of, system_calls

SENDS = ("send", "sendall", "sendmsg")
READS = ("recv", "recv_into", "recv_exactly", "recvmsg")
SHUTDOWNS = ("shutdown_write", "shutdown_read", "shutdown_both")

NEEDS = {
    **dict.fromkeys(SENDS, "a connected, send-only or ended socket"),
    **dict.fromkeys(READS, "a connected or receive-only socket"),
    "makefile": "a connected socket",
    **dict.fromkeys(
        SHUTDOWNS, "a connected, receive-only, send-only, shut down, ended or finished socket"
    ),
    "getpeername": "a connected, receive-only, send-only, shut down or ended socket",
}
"""What each call of a connection says it needs: the states that have it."""


@pytest.fixture
def family(ipv4: Family[IPv4Address]) -> Family[IPv4Address]:
    """One family, IPv4, for every test here (rather than each in turn)."""
    return ipv4


# -- the spec's cases, one by one -------------------------------------------------


def test_accept_on_bound_socket_raises_and_stays_bound(family: Family[Addr]) -> None:
    bound = family.bound()
    kernel = KernelView.of(bound.raw_socket())
    with pytest.raises(OrderingError) as caught:
        operation(bound, "accept")()
    assert str(caught.value) == (
        "accept() needs a listening socket; this socket is bound: call listen() first"
    )
    assert bound.state is State.BOUND
    assert KernelView.of(bound.raw_socket()) == kernel


def test_accept_on_fresh_socket_names_both_missing_calls(family: Family[Addr]) -> None:
    fresh = family.fresh()
    with pytest.raises(OrderingError) as caught:
        operation(fresh, "accept")()
    assert str(caught.value) == (
        "accept() needs a listening socket; this socket is fresh: "
        "call bind() and then listen() first"
    )
    assert fresh.state is State.FRESH


def test_listen_before_bind_raises_and_stays_fresh(family: Family[Addr]) -> None:
    fresh = family.fresh()
    raw = fresh.raw_socket()
    kernel = KernelView.of(raw)
    with pytest.raises(OrderingError) as caught:
        operation(fresh, "listen")()
    assert str(caught.value) == (
        "listen() needs a bound socket; this socket is fresh: call bind() first"
    )
    assert fresh.state is State.FRESH
    assert KernelView.of(raw) == kernel  # the kernel did not auto-bind a port


def test_connect_on_listener_raises_and_stays_listening(family: Family[Addr]) -> None:
    target = family.listening()
    bound = family.bound()
    listener = bound.listen()
    kernel = KernelView.of(listener.raw_socket())
    with pytest.raises(OrderingError) as caught:
        family.connect(bound, target.getsockname())  # `bound` is stale: it listens now
    assert str(caught.value) == (
        "connect() needs a fresh or bound socket; this socket is listening "
        "and cannot go back: make a new socket"
    )
    assert listener.state is State.LISTENING
    assert KernelView.of(listener.raw_socket()) == kernel


@pytest.mark.parametrize("name", [*SENDS, *READS])
def test_data_on_a_fresh_socket_raises_and_stays_fresh(family: Family[Addr], name: str) -> None:
    fresh = family.fresh()
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(fresh, name)
    assert str(caught.value) == (
        f"{name}() needs {NEEDS[name]}; this socket is fresh: call connect() first"
    )
    assert calls == []
    assert fresh.state is State.FRESH


@pytest.mark.parametrize("name", ["send", "recv", *SHUTDOWNS, "getpeername"])
def test_data_on_a_bound_socket_raises_and_stays_bound(family: Family[Addr], name: str) -> None:
    bound = family.bound()
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(bound, name)
    assert str(caught.value) == (
        f"{name}() needs {NEEDS[name]}; this socket is bound: call connect() first"
    )
    assert calls == []
    assert bound.state is State.BOUND


@pytest.mark.parametrize("name", ["send", "recv", "makefile"])
def test_data_on_a_listener_raises_and_stays_listening(family: Family[Addr], name: str) -> None:
    listener = family.listening()
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(listener, name)
    assert str(caught.value) == (
        f"{name}() needs {NEEDS[name]}; this socket is listening "
        "and cannot go back: make a new socket"
    )
    assert calls == []
    assert listener.state is State.LISTENING


def test_bind_twice_raises_and_stays_bound(family: Family[Addr]) -> None:
    fresh = family.fresh()
    bound = family.bind(fresh, family.local())
    address = bound.getsockname()
    with pytest.raises(OrderingError) as caught:
        family.bind(fresh, family.local())  # `fresh` is stale: the socket is bound now
    assert str(caught.value) == (
        "bind() needs a fresh socket; this socket is bound and cannot go back: make a new socket"
    )
    assert bound.state is State.BOUND
    assert bound.getsockname() == address


def test_a_stale_fresh_variable_cannot_bind_a_listener(family: Family[Addr]) -> None:
    fresh = family.fresh()
    listener = family.bind(fresh, family.local()).listen()
    address = listener.getsockname()
    with pytest.raises(OrderingError):
        family.bind(fresh, family.local())
    assert listener.state is State.LISTENING
    assert listener.getsockname() == address


def test_a_stale_bound_variable_cannot_listen_again(family: Family[Addr]) -> None:
    bound = family.bound()
    listener = bound.listen()
    with pytest.raises(OrderingError) as caught:
        bound.listen()
    assert caught.value.state is State.LISTENING
    assert listener.state is State.LISTENING


def test_bind_on_connected_socket_raises_and_stays_connected(family: Family[Addr]) -> None:
    listener = family.listening()
    fresh = family.fresh()
    connected = family.connect(fresh, listener.getsockname())
    kernel = KernelView.of(connected.raw_socket())
    with pytest.raises(OrderingError) as caught:
        family.bind(fresh, family.local())
    assert str(caught.value) == (
        "bind() needs a fresh socket; this socket is connected "
        "and cannot go back: make a new socket"
    )
    assert connected.state is State.CONNECTED
    assert KernelView.of(connected.raw_socket()) == kernel


def test_listen_on_connected_socket_raises_and_stays_connected(family: Family[Addr]) -> None:
    listener = family.listening()
    bound = family.bound()
    connected = family.connect(bound, listener.getsockname())
    kernel = KernelView.of(connected.raw_socket())
    with pytest.raises(OrderingError) as caught:
        bound.listen()
    assert str(caught.value) == (
        "listen() needs a bound socket; this socket is connected "
        "and cannot go back: make a new socket"
    )
    assert connected.state is State.CONNECTED
    assert KernelView.of(connected.raw_socket()) == kernel


def test_accept_on_connected_socket_raises_and_stays_connected(family: Family[Addr]) -> None:
    client, _ = family.connected()
    with pytest.raises(OrderingError) as caught:
        operation(client, "accept")()
    assert str(caught.value) == (
        "accept() needs a listening socket; this socket is connected "
        "and cannot go back: make a new socket"
    )
    assert client.state is State.CONNECTED


def test_connect_on_connected_socket_raises_and_stays_connected(family: Family[Addr]) -> None:
    listener = family.listening()
    fresh = family.fresh()
    connected = family.connect(fresh, listener.getsockname())
    peer = connected.getpeername()
    with pytest.raises(OrderingError) as caught:
        family.connect(fresh, listener.getsockname())
    assert str(caught.value) == (
        "connect() needs a fresh or bound socket; this socket is connected "
        "and cannot go back: make a new socket"
    )
    assert connected.state is State.CONNECTED
    assert connected.getpeername() == peer


def test_an_accepted_socket_refuses_bind_listen_accept_and_connect(family: Family[Addr]) -> None:
    _, server = family.connected()
    for name in ("bind", "listen", "accept", "connect"):
        with pytest.raises(OrderingError) as caught:
            operation(server, name)
        assert caught.value.state is State.CONNECTED
    assert server.state is State.CONNECTED


def test_a_stale_variable_after_close_raises_socket_closed_error(family: Family[Addr]) -> None:
    client, _ = family.connected()
    client.close()
    with system_calls() as calls, pytest.raises(SocketClosedError) as caught:
        client.send(b"late")  # `client` is typed connected: it is stale
    assert str(caught.value) == (
        "send() needs a connected, send-only or ended socket; this socket is closed: "
        "make a new socket"
    )
    assert calls == []
    assert state_of(client) is State.CLOSED


def test_a_stale_variable_after_a_failed_connect_raises_socket_closed_error(
    family: Family[Addr],
) -> None:
    failed = family.build(State.FAILED).sock
    with pytest.raises(SocketClosedError) as caught:
        operation(failed, "connect")(family.refusing())
    assert str(caught.value) == (
        "connect() needs a fresh or bound socket; this socket is closed, "
        "because its connect() failed: make a new socket"
    )
    assert failed.state is State.FAILED


def test_getattr_with_a_default_answers_the_default(family: Family[Addr]) -> None:
    bound = family.bound()
    assert getattr(bound, "accept", None) is None
    assert bound.state is State.BOUND


# -- found by these tests: a method captured before a transition ----------------------------


def test_retrying_a_captured_connect_after_it_failed_raises_socket_closed_error(
    ipv4: Family[IPv4Address],
) -> None:
    fresh = ipv4.fresh()
    attempt = functools.partial(fresh.connect, ipv4.refusing())
    with pytest.raises(ConnectionRefusedError):
        attempt()
    with pytest.raises(SocketClosedError):
        attempt()
    assert state_of(fresh) is State.FAILED


def test_calling_a_captured_listen_again_raises_an_ordering_error(
    ipv4: Family[IPv4Address],
) -> None:
    bound = ipv4.bound()
    listen = bound.listen
    listen()
    with pytest.raises(OrderingError) as caught:
        listen()
    assert caught.value.state is State.LISTENING
    assert state_of(bound) is State.LISTENING
