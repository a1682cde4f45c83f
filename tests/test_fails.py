"""What a kernel error means for a socket's state: ``sockstate._states.fails``,
the one classifier beside the table, held against what the README and the
state classes' docstrings promise.

Each case names an operation, an exception as the stdlib raises it, and the
socket's family and type, and says whether the socket moves where the
table's ``on_error`` leads (``True``) or stays as it was (``False``).  The
tests elsewhere show the same outcomes on real sockets; these pin the
classifier itself, one rule per test.
"""

from __future__ import annotations

import errno
import socket

import pytest

from _private import fails

STREAM = socket.SOCK_STREAM
DGRAM = socket.SOCK_DGRAM
INET = socket.AF_INET
INET6 = socket.AF_INET6
UNIX = socket.AF_UNIX

DATA_CALLS = ("send", "sendall", "sendmsg", "recv", "recv_into", "recv_exactly", "recvmsg")
SHUTDOWNS = ("shutdown_write", "shutdown_read", "shutdown_both")
STREAM_CONNECTS = ("connect", "start_connect", "finish_connect")
RESETS = (
    ConnectionResetError(errno.ECONNRESET, "reset"),
    BrokenPipeError(errno.EPIPE, "broken pipe"),
    ConnectionAbortedError(errno.ECONNABORTED, "aborted"),
    ConnectionRefusedError(errno.ECONNREFUSED, "refused"),
)
NOT_FAILURES = (
    TimeoutError("timed out"),
    BlockingIOError(errno.EAGAIN, "would block"),
    InterruptedError(errno.EINTR, "interrupted"),
    OSError(errno.ENOBUFS, "no buffer space"),
    KeyboardInterrupt(),
)
ARGUMENT_ERRORS = (TypeError("not an int"), ValueError("negative size"), OverflowError("big"))


@pytest.mark.parametrize("operation", DATA_CALLS)
@pytest.mark.parametrize("error", RESETS, ids=lambda error: type(error).__name__)
@pytest.mark.parametrize("family", [INET, INET6, UNIX])
def test_a_reset_or_broken_connection_fails_a_stream_data_call(
    operation: str, error: OSError, family: int
) -> None:
    assert fails(operation, error, family, STREAM) is True


@pytest.mark.parametrize("operation", DATA_CALLS)
@pytest.mark.parametrize("error", NOT_FAILURES, ids=lambda error: type(error).__name__)
def test_a_timeout_a_would_block_or_an_interruption_fails_no_data_call(
    operation: str, error: BaseException
) -> None:
    assert fails(operation, error, INET, STREAM) is False


@pytest.mark.parametrize("operation", [*STREAM_CONNECTS, *SHUTDOWNS, *DATA_CALLS, "bind"])
@pytest.mark.parametrize("error", ARGUMENT_ERRORS, ids=lambda error: type(error).__name__)
def test_an_argument_the_stdlib_refuses_fails_nothing(operation: str, error: Exception) -> None:
    assert fails(operation, error, INET, STREAM) is False


@pytest.mark.parametrize("operation", STREAM_CONNECTS)
@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(errno.ECONNREFUSED, "refused"),
        TimeoutError(errno.ETIMEDOUT, "timed out"),
        OSError(errno.ENETUNREACH, "unreachable"),
        BlockingIOError(errno.EAGAIN, "a Unix listener's queue is full"),
        KeyboardInterrupt(),
    ],
    ids=lambda error: type(error).__name__,
)
def test_any_other_error_fails_a_stream_connect(operation: str, error: BaseException) -> None:
    assert fails(operation, error, INET, STREAM) is True


@pytest.mark.parametrize("code", [errno.EINPROGRESS, errno.EALREADY])
def test_a_stream_connect_still_in_progress_fails_nothing(code: int) -> None:
    assert fails("finish_connect", BlockingIOError(code, "in progress"), INET, STREAM) is False


@pytest.mark.parametrize("family", [INET, INET6, UNIX])
def test_any_os_error_fails_a_datagram_connect(family: int) -> None:
    assert fails("connect", OSError(errno.ENOENT, "no such file"), family, DGRAM) is True


def test_an_interruption_fails_no_datagram_connect() -> None:
    assert fails("connect", KeyboardInterrupt(), INET, DGRAM) is False


@pytest.mark.parametrize("operation", SHUTDOWNS)
@pytest.mark.parametrize(
    "error", [OSError(errno.ENOTCONN, "not connected"), ConnectionResetError()]
)
def test_any_os_error_fails_a_shutdown(operation: str, error: OSError) -> None:
    assert fails(operation, error, INET, STREAM) is True


@pytest.mark.parametrize("family", [INET, INET6])
def test_udp_refused_reports_an_earlier_datagram_and_fails_nothing(family: int) -> None:
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "refused")
    assert fails("send", refused, family, DGRAM) is False
    assert fails("recv", refused, family, DGRAM) is False


def test_unix_datagram_refused_means_the_peer_closed_and_fails_the_send() -> None:
    assert fails("send", ConnectionRefusedError(errno.ECONNREFUSED, "refused"), UNIX, DGRAM) is True


@pytest.mark.parametrize("operation", ["bind", "listen", "accept", "detach"])
def test_an_error_that_is_no_connection_failure_fails_no_other_call(operation: str) -> None:
    assert fails(operation, OSError(errno.EADDRINUSE, "in use"), INET, STREAM) is False
