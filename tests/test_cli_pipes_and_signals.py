"""The command line as a person meets it: a Ctrl-C that lands at the wrong
moment."""

from __future__ import annotations

import io
import signal
import threading

import pytest

import sockstate
from cli_support import TIMEOUT, ctrl_c_raises
from sockstate._serve import TCP4, connect


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
