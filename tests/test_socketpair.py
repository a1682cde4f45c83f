"""``sockstate.socketpair()``: two Unix sockets connected to each other, born
connected (stream) or connected datagram; both ends unnamed.  Anything but
``AF_UNIX`` with ``SOCK_STREAM`` or ``SOCK_DGRAM`` is refused before a socket
is made."""

from __future__ import annotations

import socket

import pytest

import sockstate
from expectations import allowed
from sockstate import (
    ConnectedDatagramSocket,
    ConnectedSocket,
    MessageTruncatedError,
    OrderingError,
    State,
    UnixAddress,
)
from support import (
    SAFETY_TIMEOUT,
    Family,
    fd_is_open,
    open_fds,
    operation,
    same_object,
    socket_calls,
    state_of,
)


def _stream_pair(
    unix: Family[UnixAddress],
) -> tuple[ConnectedSocket[UnixAddress], ConnectedSocket[UnixAddress]]:
    first, second = sockstate.socketpair()
    for end in (first, second):
        unix.adopt(end)
        end.raw_socket().settimeout(SAFETY_TIMEOUT)
    return first, second


def _datagram_pair(
    unix: Family[UnixAddress],
) -> tuple[ConnectedDatagramSocket[UnixAddress], ConnectedDatagramSocket[UnixAddress]]:
    first, second = sockstate.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    for end in (first, second):
        unix.adopt(end)
        end.raw_socket().settimeout(SAFETY_TIMEOUT)
    return first, second


# -- stream pairs ------------------------------------------------------------------------


def test_socketpair_makes_two_connected_unix_stream_sockets(unix: Family[UnixAddress]) -> None:
    first, second = _stream_pair(unix)
    assert first is not second
    for end in (first, second):
        assert type(end) is ConnectedSocket
        assert end.state is State.CONNECTED
        assert end.raw_socket().family == socket.AF_UNIX
        assert end.raw_socket().type == socket.SOCK_STREAM


def test_socketpair_with_explicit_af_unix_and_sock_stream_is_the_default(
    unix: Family[UnixAddress],
) -> None:
    first, second = sockstate.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.adopt(first)
    unix.adopt(second)
    assert type(first) is ConnectedSocket
    assert type(second) is ConnectedSocket


def test_a_stream_pair_carries_bytes_both_ways(unix: Family[UnixAddress]) -> None:
    first, second = _stream_pair(unix)
    first.sendall(b"hello")
    assert second.recv_exactly(5) == b"hello"
    second.sendall(b"back")
    assert first.recv_exactly(4) == b"back"


def test_shutting_one_end_of_a_stream_pair_for_writing_ends_the_others_stream(
    unix: Family[UnixAddress],
) -> None:
    first, second = _stream_pair(unix)
    first.shutdown_write()
    assert second.recv(1) == b""
    assert state_of(second) is State.ENDED


def test_the_ends_of_a_stream_pair_are_unnamed(unix: Family[UnixAddress]) -> None:
    first, second = _stream_pair(unix)
    for end in (first, second):
        assert end.getsockname() == ""
        assert end.getpeername() == ""


def test_closing_one_end_of_a_stream_pair_ends_the_others_stream(
    unix: Family[UnixAddress],
) -> None:
    first, second = _stream_pair(unix)
    fd = first.fileno()
    first.close()
    assert not fd_is_open(fd)
    assert second.state is State.CONNECTED
    assert second.recv(1) == b""


@pytest.mark.parametrize("name", ["bind", "listen", "accept", "connect", "sendto", "recvfrom"])
def test_a_stream_pair_end_refuses_setup_and_datagram_calls(
    unix: Family[UnixAddress], name: str
) -> None:
    first, _ = _stream_pair(unix)
    with pytest.raises(OrderingError) as caught:
        operation(first, name)
    error = caught.value
    assert type(error) is OrderingError
    assert (error.operation, error.state, error.allowed) == (
        name,
        State.CONNECTED,
        allowed(State.CONNECTED),
    )
    assert first.state is State.CONNECTED


# -- datagram pairs ----------------------------------------------------------------------


def test_socketpair_of_sock_dgram_makes_two_connected_datagram_sockets(
    unix: Family[UnixAddress],
) -> None:
    first, second = _datagram_pair(unix)
    assert first is not second
    for end in (first, second):
        assert type(end) is ConnectedDatagramSocket
        assert end.state is State.DATAGRAM_CONNECTED
        assert end.raw_socket().family == socket.AF_UNIX
        assert end.raw_socket().type == socket.SOCK_DGRAM


def test_a_datagram_pair_carries_datagrams_both_ways_whole(unix: Family[UnixAddress]) -> None:
    first, second = _datagram_pair(unix)
    assert first.send(b"one") == 3
    assert first.send(b"two") == 3
    assert second.recv(64) == b"one"
    assert second.recv(64) == b"two"
    assert second.send(b"back") == 4
    assert first.recv(64) == b"back"


def test_the_ends_of_a_datagram_pair_are_unnamed(unix: Family[UnixAddress]) -> None:
    first, second = _datagram_pair(unix)
    for end in (first, second):
        assert end.getsockname() == ""
        assert end.getpeername() == ""


def test_a_long_datagram_on_a_pair_raises_truncated_from_an_unnamed_sender(
    unix: Family[UnixAddress],
) -> None:
    first, second = _datagram_pair(unix)
    first.send(b"much too long")
    first.send(b"next")
    with pytest.raises(MessageTruncatedError) as caught:
        second.recv(4)
    assert (caught.value.data, caught.value.address) == (b"much", "")
    assert second.state is State.DATAGRAM_CONNECTED
    assert second.recv(64) == b"next"


@pytest.mark.parametrize("name", ["bind", "sendto", "recvfrom", "listen", "accept"])
def test_a_datagram_pair_end_refuses_bind_sendto_recvfrom_and_stream_calls(
    unix: Family[UnixAddress], name: str
) -> None:
    first, second = _datagram_pair(unix)
    with pytest.raises(OrderingError) as caught:
        operation(first, name)
    error = caught.value
    assert type(error) is OrderingError
    assert (error.operation, error.state, error.allowed) == (
        name,
        State.DATAGRAM_CONNECTED,
        allowed(State.DATAGRAM_CONNECTED),
    )
    assert first.state is State.DATAGRAM_CONNECTED
    first.send(b"ok")
    assert second.recv(8) == b"ok"


def test_a_datagram_pair_end_whose_other_end_closed_breaks_at_its_next_send(
    unix: Family[UnixAddress],
) -> None:
    """The model test's failing case: the kernel disconnects the end when it
    refuses the send, and a ``getpeername()`` after it answered ENOTCONN."""
    first, second = _datagram_pair(unix)
    second.close()
    with pytest.raises(ConnectionRefusedError):
        first.send(b"x")
    assert state_of(first) is State.BROKEN
    with pytest.raises(OrderingError) as caught:
        operation(first, "getpeername")
    assert (caught.value.operation, caught.value.state) == ("getpeername", State.BROKEN)
    assert state_of(first) is State.BROKEN


def test_a_datagram_pair_end_can_be_retargeted_by_connect(unix: Family[UnixAddress]) -> None:
    first, _ = _datagram_pair(unix)
    elsewhere = unix.datagram_bound()
    moved = first.connect(elsewhere.getsockname())
    assert moved is first
    assert moved.getpeername() == elsewhere.getsockname()
    moved.send(b"moved")
    assert elsewhere.recvfrom(64) == (b"moved", "")


# -- both kinds -------------------------------------------------------------------------


def _close_thrice(
    end: ConnectedSocket[UnixAddress] | ConnectedDatagramSocket[UnixAddress],
) -> None:
    fd = end.fileno()
    for _ in range(3):
        assert same_object(end.close(), end)
        assert state_of(end) is State.CLOSED
    assert not fd_is_open(fd)


def test_closing_each_end_of_a_stream_pair_is_idempotent(unix: Family[UnixAddress]) -> None:
    for end in _stream_pair(unix):
        _close_thrice(end)


def test_closing_each_end_of_a_datagram_pair_is_idempotent(unix: Family[UnixAddress]) -> None:
    for end in _datagram_pair(unix):
        _close_thrice(end)


@pytest.mark.parametrize(
    ("family_", "kind"),
    [
        pytest.param(socket.AF_INET, socket.SOCK_STREAM, id="AF_INET"),
        pytest.param(socket.AF_INET6, socket.SOCK_DGRAM, id="AF_INET6"),
        pytest.param(True, socket.SOCK_STREAM, id="True"),
        pytest.param(socket.AF_UNIX, socket.SOCK_RAW, id="SOCK_RAW"),
        pytest.param(socket.AF_UNIX, socket.SOCK_SEQPACKET, id="SOCK_SEQPACKET"),
        pytest.param(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_NONBLOCK, id="NONBLOCK"),
        pytest.param(socket.AF_UNIX, True, id="type-True"),
    ],
)
def test_socketpair_refuses_other_families_and_types_before_making_sockets(
    family_: int, kind: int
) -> None:
    descriptors = open_fds()
    with socket_calls() as calls, pytest.raises(ValueError, match="socketpair"):
        operation(sockstate, "socketpair")(family_, kind)
    assert calls == []
    assert open_fds() == descriptors
