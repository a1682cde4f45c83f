"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import subprocess
import sys

from _private import dot_diagram, mermaid_diagram, states_markdown


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
        "connected -> receive-only",
        "connected -> ended",
        "ended -> closed",
        "receive-only -> closed",
        "listening -> closed",
    ):
        assert transition in result.stdout


def test_demo_shows_ordering_errors_refused() -> None:
    result = _run("demo")
    assert "OrderingError: bind() needs a fresh socket; this socket is listening" in result.stdout
    assert (
        "SocketClosedError: send() needs a connected, send-only or ended socket; "
        "this socket is closed" in result.stdout
    )


def test_demo_reads_the_end_of_stream_once_and_then_is_refused() -> None:
    result = _run("demo")
    assert "server: recv() after the client's shutdown_write() -> b''" in result.stdout
    assert (
        "server: recv() again -> OrderingError: recv() needs a connected or receive-only "
        "socket; this socket is ended (a read has already returned the peer's end of "
        "stream, b''), and the peer sends nothing more: stop reading at b''\n"
    ) in result.stdout


def test_states_prints_the_generated_table() -> None:
    result = _run("states")
    assert result.returncode == 0
    assert result.stdout == states_markdown()


def test_diagram_prints_mermaid_by_default_and_dot_on_request() -> None:
    assert _run("diagram").stdout == mermaid_diagram()
    assert _run("diagram", "--format", "dot").stdout == dot_diagram()


def test_diagram_refuses_an_unknown_format() -> None:
    result = _run("diagram", "--format", "svg")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_exits_zero() -> None:
    for args in (("--help",), ("demo", "--help"), ("states", "--help"), ("diagram", "--help")):
        result = _run(*args)
        assert result.returncode == 0
        assert "usage: sockstate" in result.stdout


def test_unknown_command_exits_non_zero_without_traceback() -> None:
    result = _run("no-such-command")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
