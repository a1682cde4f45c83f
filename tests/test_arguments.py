"""Arguments other than addresses that can never work: refused with
``ValueError``/``TypeError`` before any system call, the socket unchanged."""

from __future__ import annotations

import socket

import pytest

import sockstate
from expectations import WITH_SHUTDOWNS
from sockstate import State
from support import Addr, Family, KernelView, open_fds, operation, system_calls


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


SHUTDOWNS = ("shutdown_write", "shutdown_read", "shutdown_both")


OLD_HOWS = [
    pytest.param((socket.SHUT_RD,), {}, id="SHUT_RD"),
    pytest.param((socket.SHUT_WR,), {}, id="SHUT_WR"),
    pytest.param((socket.SHUT_RDWR,), {}, id="SHUT_RDWR"),
    pytest.param((), {"how": socket.SHUT_WR}, id="how=SHUT_WR"),
]
"""What a caller of the old ``shutdown(how)`` might still pass: the side is
the method's name now, so each is a ``TypeError``."""


@pytest.mark.parametrize(("args", "kwargs"), OLD_HOWS)
@pytest.mark.parametrize("name", SHUTDOWNS)
@pytest.mark.parametrize("state", WITH_SHUTDOWNS)
def test_a_shutdown_takes_no_arguments_and_refuses_one_before_any_system_call(
    family: Family[Addr],
    state: State,
    name: str,
    args: tuple[object, ...],
    kwargs: dict[str, object],
) -> None:
    sock = family.build(state).sock
    shut = operation(sock, name)
    with system_calls() as calls, pytest.raises(TypeError):
        shut(*args, **kwargs)
    assert calls == []
    assert sock.state is state


@pytest.mark.parametrize(("args", "kwargs"), OLD_HOWS)
@pytest.mark.parametrize("name", SHUTDOWNS)
def test_a_shutdown_given_an_argument_leaves_both_directions_open(
    family: Family[Addr], name: str, args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    client, server = family.connected()
    with pytest.raises(TypeError):
        operation(client, name)(*args, **kwargs)
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


@pytest.mark.parametrize("size", [-1.0, 1.5, "4", None], ids=repr)
def test_recv_exactly_refuses_a_size_that_is_no_int_whatever_its_sign(
    family: Family[Addr], size: object
) -> None:
    """Found by fuzzing: ``-1.0`` was a ``ValueError`` (a negative size),
    ``1.5`` a ``TypeError``."""
    client, server = family.connected()
    server.sendall(b"kept")
    with pytest.raises(TypeError, match="integer"):
        operation(client, "recv_exactly")(size)
    assert client.state is State.CONNECTED
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
