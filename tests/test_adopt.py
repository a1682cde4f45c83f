"""Adoption: ``sockstate.adopt()`` takes over a socket made elsewhere and
returns it as the class of the state the kernel reports; anything it cannot
take is refused with a clear error, and stays the caller's, untouched."""

from __future__ import annotations

import os
import socket
import ssl
from typing import TYPE_CHECKING

import pytest

import sockstate
from sockstate import State
from support import LIVE_STATES, Addr, Family, fd_is_open, operation

if TYPE_CHECKING:
    from collections.abc import Iterator

FOUND = [
    State.FRESH,
    State.BOUND,
    State.LISTENING,
    State.CONNECTING,
    State.CONNECTED,
    State.DATAGRAM,
    State.DATAGRAM_BOUND,
    State.DATAGRAM_CONNECTED,
]
"""The states the kernel can report, and so the states ``adopt()`` finds."""

SEEN_AS = {
    State.RECEIVE_ONLY: State.CONNECTED,
    State.SEND_ONLY: State.CONNECTED,
    State.SHUT_DOWN: State.CONNECTED,
    State.ENDED: State.CONNECTED,
}
"""What ``adopt()`` finds for the states the kernel does not tell apart from
another (which directions are shut is not in its answers)."""


def _handed_over(family: Family[Addr], state: State) -> socket.socket:
    """The stdlib socket of a sockstate socket in ``state``, detached from
    it: a socket made elsewhere, in that state."""
    sock = family.build(state).sock
    fd = operation(sock, "detach")()
    assert isinstance(fd, int)
    raw = socket.socket(fileno=fd)
    family.adopt(raw)
    return raw


@pytest.mark.parametrize(
    "state", [s for s in LIVE_STATES if (s in FOUND or s in SEEN_AS) and s is not State.CONNECTING]
)
def test_adopting_a_socket_finds_its_state_from_the_kernel(
    family: Family[Addr], state: State
) -> None:
    raw = _handed_over(family, state)
    adopted = family.take(raw)
    assert adopted.state is SEEN_AS.get(state, state)
    assert adopted.raw_socket() is raw


def test_adopting_a_tcp_socket_whose_connect_is_under_way_finds_it_connecting(
    family: Family[Addr],
) -> None:
    if family.kind == socket.AF_UNIX:
        pytest.skip("a Unix connect never stays under way: it succeeds or fails at once")
    listener = family.bind(family.fresh(), family.local()).listen(0)
    family.connect(family.fresh(), listener.getsockname())  # fills the queue
    fresh = family.fresh()
    fresh.setblocking(False)
    connecting = family.start_connect(fresh, listener.getsockname())
    raw = socket.socket(fileno=connecting.detach())
    adopted = family.take(raw)
    assert adopted.state is State.CONNECTING


def test_adopting_a_descriptor_finds_its_state_and_owns_it(family: Family[Addr]) -> None:
    listener = family.listening()
    fd = listener.detach()
    adopted = family.take(fd)
    assert adopted.state is State.LISTENING
    assert adopted.fileno() == fd
    adopted.close()
    assert not fd_is_open(fd)


def test_an_adopted_listener_accepts(family: Family[Addr]) -> None:
    raw = _handed_over(family, State.LISTENING)
    adopted = family.take(raw)
    assert isinstance(adopted, sockstate.ListeningSocket)
    client = family.connect(family.fresh(), raw.getsockname())
    server, _ = adopted.accept()
    family.adopt(server)
    client.sendall(b"hi")
    assert server.recv_exactly(2) == b"hi"


def test_adopting_an_ipv4_socket_is_typed_for_ipv4_addresses() -> None:
    raw = socket.socket()
    adopted = sockstate.adopt(raw, socket.AF_INET)
    try:
        assert isinstance(adopted, sockstate.FreshSocket)
        bound = adopted.bind(("127.0.0.1", 0))
        host, port = bound.getsockname()
        assert (host, port > 0) == ("127.0.0.1", True)
    finally:
        adopted.close()


def test_adopting_with_the_sockets_own_family_narrows_by_state() -> None:
    """``adopt(raw, raw.family)``: the family is known only at runtime, and
    a test of ``state`` narrows the result (``check_narrowing.py`` pins
    the types)."""
    raw = socket.socket()
    raw.bind(("127.0.0.1", 0))
    raw.listen()
    adopted = sockstate.adopt(raw, raw.family)
    try:
        assert adopted.state is State.LISTENING
        assert adopted.getsockname() == raw.getsockname()
    finally:
        adopted.close()


def test_adopting_an_ssl_socket_is_refused_and_leaves_it_open() -> None:
    context = ssl.create_default_context()
    with context.wrap_socket(
        socket.socket(), server_hostname="example.org", do_handshake_on_connect=False
    ) as wrapped:
        with pytest.raises(TypeError, match="SSLSocket"):
            sockstate.adopt(wrapped, socket.AF_INET)
        assert wrapped.fileno() != -1


def test_adopting_a_socket_of_another_family_is_refused_and_leaves_it_open() -> None:
    with socket.socket(socket.AF_INET6) as raw:
        with pytest.raises(ValueError, match="AF_INET6"):
            sockstate.adopt(raw, socket.AF_INET)
        assert raw.fileno() != -1


def test_adopting_a_raw_type_socket_is_refused_and_leaves_it_open() -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as raw:
        with pytest.raises(ValueError, match="SOCK_STREAM and SOCK_DGRAM"):
            sockstate.adopt(raw, socket.AF_UNIX)
        assert raw.fileno() != -1


def test_adopting_a_closed_socket_is_refused() -> None:
    raw = socket.socket()
    raw.close()
    with pytest.raises(ValueError, match="closed"):
        sockstate.adopt(raw, socket.AF_INET)


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read, write = os.pipe()
    try:
        yield read, write
    finally:
        os.close(read)
        os.close(write)


def test_adopting_a_descriptor_that_is_not_a_socket_raises_the_kernels_error(
    pipe: tuple[int, int],
) -> None:
    with pytest.raises(OSError, match="non-socket") as caught:
        sockstate.adopt(pipe[0], socket.AF_INET)
    assert not isinstance(caught.value, sockstate.SockstateError)
    assert fd_is_open(pipe[0])


def test_a_refused_descriptor_stays_open_and_the_callers() -> None:
    with socket.socket(socket.AF_INET6) as raw:
        with pytest.raises(ValueError, match="AF_INET6"):
            sockstate.adopt(raw.fileno(), socket.AF_INET)
        assert fd_is_open(raw.fileno())
        raw.getsockname()  # still a working socket


def test_adopting_a_bool_is_refused() -> None:
    with pytest.raises(TypeError, match="bool"):
        sockstate.adopt(True, socket.AF_INET)
