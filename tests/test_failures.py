"""When the kernel says no: its ``OSError`` reaches the caller unchanged, and
the socket lands where the table says (a failed connect in ``FAILED``, with
its descriptor released; everything else where it was)."""

from __future__ import annotations

import errno
import socket
from typing import TYPE_CHECKING

import pytest

from sockstate import (
    ClosedSocket,
    FailedSocket,
    SocketClosedError,
    SockstateError,
    State,
    UnixAddress,
)
from support import (
    SAFETY_TIMEOUT,
    Addr,
    Family,
    KernelView,
    class_of,
    fd_is_open,
    operation,
    same_object,
    state_of,
)

if TYPE_CHECKING:
    from pathlib import Path

# -- bind -------------------------------------------------------------------------


def test_bind_to_an_address_in_use_raises_eaddrinuse_and_stays_fresh(family: Family[Addr]) -> None:
    taken = family.listening().getsockname()
    fresh = family.fresh()
    kernel = KernelView.of(fresh.raw_socket())
    with pytest.raises(OSError, match="in use") as caught:
        family.bind(fresh, taken)
    assert type(caught.value) is OSError
    assert caught.value.errno == errno.EADDRINUSE
    assert not isinstance(caught.value, SockstateError)
    assert fresh.state is State.FRESH
    assert KernelView.of(fresh.raw_socket()) == kernel


def test_a_socket_whose_bind_failed_can_bind_elsewhere(family: Family[Addr]) -> None:
    taken = family.listening().getsockname()
    fresh = family.fresh()
    with pytest.raises(OSError, match="in use"):
        family.bind(fresh, taken)
    bound = family.bind(fresh, family.local())
    assert bound.state is State.BOUND
    assert bound.getsockname() != taken


# -- connect ------------------------------------------------------------------------


def test_connect_refused_raises_connection_refused_and_fails(family: Family[Addr]) -> None:
    fresh = family.fresh()
    raw = fresh.raw_socket()
    fd = raw.fileno()
    with pytest.raises(ConnectionRefusedError) as caught:
        family.connect(fresh, family.refusing())
    assert caught.value.errno == errno.ECONNREFUSED
    assert not isinstance(caught.value, SockstateError)
    assert state_of(fresh) is State.FAILED
    assert class_of(fresh) is FailedSocket
    assert raw.fileno() == -1
    assert not fd_is_open(fd)


def test_connect_refused_from_bound_fails_too(family: Family[Addr]) -> None:
    bound = family.bound()
    fd = bound.fileno()
    with pytest.raises(ConnectionRefusedError):
        family.connect(bound, family.refusing())
    assert state_of(bound) is State.FAILED
    assert not fd_is_open(fd)


@pytest.mark.parametrize("name", ["fileno", "raw_socket", "getsockname"])
def test_a_failed_socket_raises_socket_closed_error_for_anything_but_close(
    family: Family[Addr], name: str
) -> None:
    failed = family.build(State.FAILED).sock
    with pytest.raises(SocketClosedError) as caught:
        getattr(failed, name)
    assert caught.value.state is State.FAILED
    assert caught.value.allowed == frozenset({"close"})
    assert failed.state is State.FAILED


def test_a_failed_socket_refuses_a_second_connect(family: Family[Addr]) -> None:
    target = family.listening().getsockname()
    failed = family.build(State.FAILED).sock
    with pytest.raises(SocketClosedError):
        operation(failed, "connect")(target)
    assert failed.state is State.FAILED


def test_close_after_a_failed_connect_moves_to_closed(family: Family[Addr]) -> None:
    failed = family.build(State.FAILED).sock
    closed = failed.close()
    assert same_object(closed, failed)
    assert class_of(closed) is ClosedSocket
    assert closed.state is State.CLOSED
    assert closed.close().state is State.CLOSED


def test_a_with_block_around_a_failed_connect_closes_it(family: Family[Addr]) -> None:
    refusing = family.refusing()
    with family.fresh() as sock, pytest.raises(ConnectionRefusedError):
        family.connect(sock, refusing)
    assert state_of(sock) is State.CLOSED


def test_unix_connect_to_a_missing_path_raises_file_not_found_and_fails(
    unix: Family[UnixAddress], tmp_path: Path
) -> None:
    fresh = unix.fresh()
    fd = fresh.fileno()
    with pytest.raises(FileNotFoundError) as caught:
        unix.connect(fresh, str(tmp_path / "nobody-here"))
    assert caught.value.errno == errno.ENOENT
    assert state_of(fresh) is State.FAILED
    assert not fd_is_open(fd)


def test_unix_connect_to_a_missing_abstract_name_is_refused_and_fails(
    unix_abstract: Family[UnixAddress],
) -> None:
    fresh = unix_abstract.fresh()
    with pytest.raises(ConnectionRefusedError):
        unix_abstract.connect(fresh, unix_abstract.local())
    assert state_of(fresh) is State.FAILED


def test_unix_connect_to_a_path_that_is_no_socket_fails(
    unix: Family[UnixAddress], tmp_path: Path
) -> None:
    path = tmp_path / "plain-file"
    path.write_bytes(b"")
    fresh = unix.fresh()
    with pytest.raises(ConnectionRefusedError):
        unix.connect(fresh, str(path))
    assert state_of(fresh) is State.FAILED


# -- accept ---------------------------------------------------------------------------


def test_accept_with_nothing_pending_raises_the_kernels_error_and_keeps_listening(
    family: Family[Addr],
) -> None:
    listener = family.listening()
    listener.raw_socket().setblocking(False)
    with pytest.raises(BlockingIOError):
        listener.accept()
    assert listener.state is State.LISTENING
    assert listener.raw_socket().getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
    listener.raw_socket().settimeout(SAFETY_TIMEOUT)
    family.connect(family.fresh(), listener.getsockname())
    server, _ = family.accept(listener)
    assert server.state is State.CONNECTED
