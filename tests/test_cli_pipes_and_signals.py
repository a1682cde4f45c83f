"""The command line as a person meets it: a reader of its output that goes
away, a server told to terminate, and a Ctrl-C that lands at the wrong
moment."""

from __future__ import annotations

import io
import signal
import threading
from typing import TYPE_CHECKING

import pytest

import sockstate
from cli_support import CLI, TIMEOUT, ctrl_c_raises, into_a_closed_pipe, serving
from sockstate._serve_common import TCP4
from sockstate._serve_connect import connect

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("command", ["states", "diagram", "demo"])
def test_output_to_a_reader_gone_ends_quietly_with_141(command: str) -> None:
    result = into_a_closed_pipe(command)
    assert (result.returncode, result.stderr) == (141, "")


def test_help_to_a_reader_gone_ends_quietly() -> None:
    result = into_a_closed_pipe("serve", "--help")
    assert result.stderr == ""  # argparse drops help it cannot write, and exits 0


def test_serve_to_a_reader_gone_ends_quietly_and_removes_its_socket_file(tmp_path: Path) -> None:
    result = into_a_closed_pipe("serve", "./echo.sock", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (141, "")
    assert not (tmp_path / "echo.sock").exists()


def test_connect_to_a_reader_gone_ends_quietly_with_141() -> None:
    with sockstate.tcp().bind(("127.0.0.1", 0)).listen() as listener:
        host, port = listener.getsockname()
        sent: list[int] = []

        def peer() -> None:
            conn, _ = listener.accept()
            with conn:
                sent.append(conn.send(b"hello\n"))

        helper = threading.Thread(target=peer, daemon=True)
        helper.start()
        result = into_a_closed_pipe("connect", f"{host}:{port}")
        helper.join(TIMEOUT)
    assert sent == [6]
    assert (result.returncode, result.stderr) == (141, "")


def test_serve_at_sigterm_closes_everything_removes_its_socket_file_and_exits_143(
    tmp_path: Path,
) -> None:
    with serving([*CLI, "serve", "./echo.sock"], cwd=tmp_path) as server:
        assert (tmp_path / "echo.sock").exists()
        with sockstate.unix().connect(str(tmp_path / "echo.sock")) as client:
            assert server.lines.next().startswith("accepted connection #1 ")
            status, rest, err = server.stop(signal.SIGTERM)
            assert client.recv(1) == b""  # the server closed it
    assert (status, err) == (143, "")
    assert rest == ["closed connection #1 from (unnamed) (shut down by the server)"]
    assert not (tmp_path / "echo.sock").exists()


class _Flushes(io.BytesIO):
    """Standard output for ``connect``, which says when it is flushed: the
    last thing ``connect`` does before it waits for more data."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed = threading.Event()

    def flush(self) -> None:
        super().flush()
        self.flushed.set()


def test_connect_in_process_ends_at_a_ctrl_c_that_another_thread_receives() -> None:
    """A SIGINT that lands on a thread other than the main one only sets a
    flag there (CPython runs the Python handler in the main thread, between
    two bytecodes) and interrupts no system call of the main thread: the
    case of a Ctrl-C that lands just before the wait for data begins.
    connect() sees it anyway."""
    stdout = _Flushes()
    ended = threading.Event()
    missed: list[bool] = []

    with sockstate.tcp().bind(("127.0.0.1", 0)).listen() as listener:
        host, port = listener.getsockname()

        def peer() -> None:
            conn, _ = listener.accept()
            with conn:
                conn.sendall(b"x")
                stdout.flushed.wait(TIMEOUT)
                # The main thread holds the GIL from the flush until it waits
                # in the kernel (or for the switch interval, 5 ms, at most):
                # only then does this thread run on.
                signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # Ctrl-C, here
                if not ended.wait(5.0):  # connect() looks every WAKE_INTERVAL (0.2 s)
                    missed.append(True)  # and it did not: end it anyway, and fail below

        helper = threading.Thread(target=peer, daemon=True)
        with ctrl_c_raises():
            helper.start()
            try:
                with pytest.raises(KeyboardInterrupt):
                    connect(TCP4(host, port), stdin=io.BytesIO(), stdout=stdout, trace_out=None)
            finally:
                ended.set()
            helper.join(TIMEOUT)
    assert stdout.getvalue() == b"x"
    assert not missed
