"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import subprocess
import sys


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-m", "sockstate", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_demo_prints_every_transition_and_exits_zero() -> None:
    result = _run("demo")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for transition in (
        "fresh -> bound",
        "bound -> listening",
        "fresh -> connected",
        "connected -> closed",
        "listening -> closed",
    ):
        assert transition in result.stdout


def test_demo_shows_ordering_errors_refused() -> None:
    result = _run("demo")
    assert "OrderingError: listen() needs a bound socket; this socket is listening" in result.stdout
    assert (
        "SocketClosedError: send() needs a connected socket; this socket is closed" in result.stdout
    )


def test_help_exits_zero() -> None:
    for args in (("--help",), ("demo", "--help")):
        result = _run(*args)
        assert result.returncode == 0
        assert "usage: sockstate" in result.stdout


def test_unknown_command_exits_non_zero_without_traceback() -> None:
    result = _run("no-such-command")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
