"""The README's command line and tracing sections say what the code does:
their examples run and print what the README shows, and the exit statuses
it lists are the ones the command line gives."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cli_support import CLI, TIMEOUT, into_a_closed_pipe, serving

if TYPE_CHECKING:
    from collections.abc import Callable

README = Path(__file__).parent.parent / "README.md"


def _section(name: str) -> str:
    match = re.search(rf"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", README.read_text(), re.S)
    assert match is not None, f"README has no {name} section"
    return match.group(1)


def _block(section: str, language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert match is not None, f"no {language} block in {section!r}"
    return match.group(1)


def test_readme_tracing_example_prints_what_the_readme_shows() -> None:
    section = _section("tracing-example")
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", _block(section, "python")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == _block(section, "text")


def test_readme_serve_then_connect_script_runs_as_pasted(tmp_path: Path) -> None:
    scripts = tmp_path / "bin"
    scripts.mkdir()
    (scripts / "sockstate").write_text(f'#!/bin/sh\nexec {shlex.join(CLI)} "$@"\n')
    (scripts / "sockstate").chmod(0o755)
    result = subprocess.run(
        ["sh", "-c", _block(_section("serve-connect"), "sh")],
        cwd=tmp_path,
        env={**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ['PATH']}"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (143, "hello\n", "")
    log = (tmp_path / "serve.log").read_text().splitlines()
    assert log[0] == "listening on ./echo.sock"
    assert not (tmp_path / "echo.sock").exists()


def _exit_statuses() -> dict[int, str]:
    """The README's table of exit statuses: each status, and what it says
    standard error holds then."""
    rows = re.findall(r"^\| (\d+) \| .* \| (.*) \|$", _section("exit-statuses"), re.M)
    return {int(status): stderr for status, stderr in rows}


def _run(*args: str) -> tuple[int, str]:
    result = subprocess.run(
        [*CLI, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    return result.returncode, result.stderr


def _serve_until(signum: int) -> tuple[int, str]:
    with serving([*CLI, "serve", "127.0.0.1:0"]) as server:
        status, _, err = server.stop(signum)
    return status, err


def _reader_gone() -> tuple[int, str]:
    result = into_a_closed_pipe("states")
    return result.returncode, result.stderr


_PROVOKED: dict[int, Callable[[], tuple[int, str]]] = {
    0: lambda: _run("states"),
    1: lambda: _run("connect", "nonsense"),
    2: lambda: _run("serve"),  # no ADDRESS
    130: lambda: _serve_until(signal.SIGINT),
    141: _reader_gone,
    143: lambda: _serve_until(signal.SIGTERM),
}
"""How each status is brought about: its exit status and standard error."""


def _is_usage_error(err: str) -> bool:
    *usage, last = err.splitlines(keepends=True)
    return (
        usage[0].startswith("usage: sockstate")
        and re.fullmatch(r"sockstate( \w+)?: error: .*\n", last) is not None
    )


_STANDARD_ERROR: dict[str, Callable[[str], bool]] = {
    "nothing": lambda err: err == "",
    "one line: `sockstate: ...`": lambda err: (
        err.startswith("sockstate: ") and err.count("\n") == 1 and err.endswith("\n")
    ),
    "argparse's usage, then one line: `sockstate ...: error: ...`": _is_usage_error,
}
"""What the README's words for standard error mean."""


def test_readme_lists_every_exit_status_and_no_other() -> None:
    assert sorted(_exit_statuses()) == sorted(_PROVOKED)


@pytest.mark.parametrize("status", sorted(_PROVOKED))
def test_readme_exit_status_is_the_command_lines(status: int) -> None:
    says = _exit_statuses()[status]
    assert says in _STANDARD_ERROR, f"the README's words {says!r} have no meaning here yet"
    actual, err = _PROVOKED[status]()
    assert actual == status, err
    assert _STANDARD_ERROR[says](err), err
