"""What the command line says to a person who wrote an address it cannot
use: a port or a file name alone, or a Unix path already taken."""

from __future__ import annotations

import errno
import io
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

import sockstate
from cli_support import CLI, TIMEOUT
from sockstate._serve import serve
from sockstate._serve_common import Unix, parse_address

if TYPE_CHECKING:
    from pathlib import Path


def test_a_port_alone_is_told_the_forms_with_a_host() -> None:
    with pytest.raises(ValueError, match="a port needs a host") as caught:
        parse_address("8765")
    for form in ("127.0.0.1:8765", "0.0.0.0:8765", "[::1]:8765"):
        assert form in str(caught.value)


def test_a_file_name_alone_is_told_to_start_with_a_directory() -> None:
    with pytest.raises(ValueError, match=re.escape("or ./echo.sock for a socket file")):
        parse_address("echo.sock")


def test_an_ipv4_address_alone_is_told_to_add_a_port() -> None:
    with pytest.raises(ValueError, match=re.escape("no port: write 127.0.0.1:PORT")):
        parse_address("127.0.0.1")


@pytest.mark.parametrize(
    ("command", "words"),
    [(["serve", "8765"], "127.0.0.1:8765"), (["connect", "echo.sock"], "./echo.sock")],
)
def test_the_command_line_says_what_form_is_expected_in_one_line(
    command: list[str], words: str
) -> None:
    result = subprocess.run(
        [*CLI, *command], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"sockstate: bad address {command[1]!r}: ")
    assert result.stderr.count("\n") == 1
    assert words in result.stderr


def _usage_error(*args: str) -> str:
    """The last line of what ``sockstate ARGS`` says, as a usage error."""
    result = subprocess.run(
        [*CLI, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("usage: sockstate serve ")
    return result.stderr.splitlines()[-1]


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "many", "\u0663"])
def test_serve_refuses_a_max_clients_that_is_not_a_whole_number_above_0(value: str) -> None:
    assert _usage_error("serve", "--max-clients", value, "./echo.sock") == (
        f"sockstate serve: error: argument --max-clients: {value!r} is not a whole number above 0"
    )


@pytest.mark.parametrize("value", ["0", "-0.5", "nan", "inf", "31536001", "soon"])
def test_serve_refuses_an_idle_timeout_that_is_not_seconds_above_0_up_to_a_year(
    value: str,
) -> None:
    assert _usage_error("serve", "--idle-timeout", value, "./echo.sock") == (
        f"sockstate serve: error: argument --idle-timeout: {value!r} is not a number of "
        "seconds above 0 and at most 31536000 (a year)"
    )


@pytest.mark.parametrize("option", [("--max-clients", "3"), ("--idle-timeout", "5")])
def test_serve_refuses_the_threaded_servers_limits_with_asyncio(option: tuple[str, str]) -> None:
    assert _usage_error("serve", *option, "--asyncio", "./echo.sock") == (
        "sockstate serve: error: --max-clients and --idle-timeout are the threaded server's, "
        "not --asyncio's"
    )


def _assert_serve_refused(path: Path, clause: str) -> None:
    """``serve`` on ``path`` fails with ``EADDRINUSE``, its message ending in ``clause``."""
    with pytest.raises(OSError, match=f"{re.escape(clause)}$") as caught:
        serve(Unix(str(path)), out=io.StringIO(), trace=False)
    assert caught.value.errno == errno.EADDRINUSE


def test_serve_on_a_stale_socket_file_says_so_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "echo.sock"
    sockstate.unix().bind(str(path)).close()  # its file left behind, as after a crash
    _assert_serve_refused(
        path,
        f"{str(path)!r} is a stale socket file (no server answers there): remove it to serve there",
    )
    assert path.is_socket()


def test_serve_where_a_server_answers_says_so(tmp_path: Path) -> None:
    path = tmp_path / "echo.sock"
    with sockstate.unix().bind(str(path)).listen():
        _assert_serve_refused(path, f"a server is answering at {str(path)!r}")


@pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="macOS and the BSDs refuse a connect to a full Unix queue, as to a stale file",
)
def test_serve_where_a_server_is_too_busy_to_answer_says_so(tmp_path: Path) -> None:
    path = tmp_path / "echo.sock"
    with (
        sockstate.unix().bind(str(path)).listen(0),
        sockstate.unix().connect(str(path)),  # the queue's one place, taken
    ):
        _assert_serve_refused(path, f"a server is listening at {str(path)!r}, too busy to answer")


def test_serve_on_a_file_that_is_no_socket_says_so_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "echo.sock"
    path.write_text("not a socket")
    _assert_serve_refused(path, f"{str(path)!r} exists and is not a socket; it is left alone")
    assert path.read_text() == "not a socket"


def test_serve_where_a_datagram_socket_is_bound_gives_the_kernels_message(
    tmp_path: Path,
) -> None:
    path = tmp_path / "echo.sock"
    with sockstate.unix_datagram().bind(str(path)):  # a stream connect to it: EPROTOTYPE
        _assert_serve_refused(path, f"Address already in use: {str(path)!r}")


def test_serve_on_a_dangling_symbolic_link_gives_the_kernels_message_and_leaves_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "echo.sock"
    path.symlink_to(tmp_path / "nowhere")
    _assert_serve_refused(path, f"Address already in use: {str(path)!r}")
    assert path.is_symlink()
