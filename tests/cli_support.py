"""What the command line's tests share: the command, SIGINT as at a
terminal, and output to a reader that has gone.

The timeouts here are a safety net against a hang, never a means of
synchronisation.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Generator
    from pathlib import Path

TIMEOUT = 30.0
"""Seconds before a test gives up on a process: a safety net only."""

CLI = [sys.executable, "-W", "error", "-m", "sockstate"]
"""The command line, as ``python -m sockstate``, with warnings as errors."""


@contextlib.contextmanager
def ctrl_c_raises() -> Generator[None, None, None]:
    """SIGINT raises ``KeyboardInterrupt`` in this process during the block,
    and a process started in the block starts with SIGINT's default action
    (exec resets a caught signal to its default, but keeps an ignored one
    ignored: POSIX execve), whatever the test run inherited: a background
    job of a non-interactive shell starts with SIGINT ignored."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def into_a_closed_pipe(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``sockstate ARGS`` writing to a pipe whose reader has gone already."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [*CLI, *args],
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            timeout=TIMEOUT,
            check=False,
        )
    finally:
        os.close(write_end)
