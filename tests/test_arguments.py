"""Arguments other than addresses that can never work: refused with
``ValueError``/``TypeError`` before any system call, the socket unchanged."""

from __future__ import annotations

import socket

import pytest

import sockstate
from sockstate import State
from support import Addr, Family, KernelView, open_fds, operation


@pytest.mark.parametrize(
    ("backlog", "kind"),
    [
        pytest.param(-1, ValueError, id="-1"),
        pytest.param(2**31, ValueError, id="2**31"),
        pytest.param(-(2**40), ValueError, id="-2**40"),
        pytest.param("x", TypeError, id="str"),
        pytest.param(1.5, TypeError, id="float"),
        pytest.param(b"1", TypeError, id="bytes"),
    ],
)
def test_listen_refuses_a_bad_backlog_and_stays_bound(
    family: Family[Addr], backlog: object, kind: type[Exception]
) -> None:
    bound = family.bound()
    kernel = KernelView.of(bound.raw_socket())
    with pytest.raises(kind):
        operation(bound, "listen")(backlog)
    assert bound.state is State.BOUND
    assert KernelView.of(bound.raw_socket()) == kernel  # SO_ACCEPTCONN still 0
    assert bound.listen(0).state is State.LISTENING


@pytest.mark.parametrize(
    ("how", "kind"),
    [
        pytest.param(99, ValueError, id="99"),
        pytest.param(-1, ValueError, id="-1"),
        pytest.param(3, ValueError, id="3"),
        pytest.param("x", ValueError, id="str"),
        pytest.param(None, ValueError, id="None"),
        pytest.param(1.0, TypeError, id="float"),
    ],
)
def test_shutdown_refuses_a_bad_how_and_leaves_both_directions_open(
    family: Family[Addr], how: object, kind: type[Exception]
) -> None:
    client, server = family.connected()
    with pytest.raises(kind):
        operation(client, "shutdown")(how)
    assert client.state is State.CONNECTED
    client.sendall(b"up")
    assert server.recv_exactly(2) == b"up"
    server.sendall(b"down")
    assert client.recv_exactly(4) == b"down"


def test_recv_exactly_refuses_a_negative_size(family: Family[Addr]) -> None:
    client, server = family.connected()
    server.sendall(b"kept")
    with pytest.raises(ValueError, match="non-negative"):
        client.recv_exactly(-1)
    assert client.recv_exactly(4) == b"kept"


def test_recv_exactly_of_zero_bytes_is_empty(family: Family[Addr]) -> None:
    client, server = family.connected()
    assert client.recv_exactly(0) == b""
    server.sendall(b"x")
    assert client.recv_exactly(1) == b"x"


@pytest.mark.parametrize(
    ("family_", "kind"),
    [
        pytest.param(socket.AF_PACKET, socket.SOCK_STREAM, id="AF_PACKET"),
        pytest.param(socket.AF_NETLINK, socket.SOCK_STREAM, id="AF_NETLINK"),
        pytest.param(socket.AF_INET, socket.SOCK_RAW, id="SOCK_RAW"),
        pytest.param(socket.AF_UNIX, socket.SOCK_SEQPACKET, id="SOCK_SEQPACKET"),
        pytest.param(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK, id="NONBLOCK"),
        pytest.param(socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK, id="DGRAM-NONBLOCK"),
        pytest.param(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC, id="DGRAM-CLOEXEC"),
    ],
)
def test_socket_refuses_other_families_and_types_before_making_one(family_: int, kind: int) -> None:
    descriptors = open_fds()
    with pytest.raises(ValueError, match="sockstate supports"):
        operation(sockstate, "socket")(family_, kind)
    assert open_fds() == descriptors
