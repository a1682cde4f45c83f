"""What the command line's tests share: the command, SIGINT as at a
terminal, and a running ``sockstate serve`` read a line at a time.

Tests synchronise on output only: a server is ready when it has printed
``listening on ADDRESS``, and has done something when it says so.  The
timeouts here are a safety net against a hang, never a means of
synchronisation.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Generator, Mapping, Sequence
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


class Lines:
    """The lines a process writes to a pipe, read as they come."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = b""

    def next(self) -> str:
        """The next whole line, without its newline; fails if none comes
        within ``TIMEOUT`` seconds or the output ends first."""
        deadline = time.monotonic() + TIMEOUT
        while b"\n" not in self._buffer:
            left = max(0.0, deadline - time.monotonic())
            if not select.select([self._fd], [], [], left)[0]:
                raise AssertionError(f"no whole line within {TIMEOUT} s: {self._buffer!r}")
            chunk = os.read(self._fd, 65536)
            if not chunk:
                raise AssertionError(f"the output ended in the middle of a line: {self._buffer!r}")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def rest(self, more: bytes) -> list[str]:
        """The lines not read yet, with ``more`` (the output read elsewhere
        after them)."""
        return (self._buffer + more).decode().splitlines()


class Server:
    """A running ``sockstate serve``, once it has said where it listens."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.process = process
        self.lines = Lines(process.stdout.fileno())
        first = self.lines.next()
        assert first.startswith("listening on "), first
        self.address = first.removeprefix("listening on ")

    def stop(self, signum: int = signal.SIGINT) -> tuple[int, list[str], str]:
        """Send ``signum`` (Ctrl-C by default): the exit status, the lines
        of output not read yet, and all the errors."""
        self.process.send_signal(signum)
        out, err = self.process.communicate(timeout=TIMEOUT)
        return self.process.returncode, self.lines.rest(out), err.decode()


@contextlib.contextmanager
def serving(
    command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Generator[Server, None, None]:
    """Run ``command``, a ``sockstate serve`` (perhaps started another way),
    as from a terminal, where Ctrl-C stops it; the server once it listens.
    Killed if it still runs when the block ends."""
    with ctrl_c_raises():
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env
        )
    with process:
        try:
            yield Server(process)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
