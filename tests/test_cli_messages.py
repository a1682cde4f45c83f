"""What the command line says to a person who wrote an address it cannot
use: a port or a file name alone."""

from __future__ import annotations

import re
import subprocess

import pytest

from cli_support import CLI, TIMEOUT
from sockstate._serve import parse_address


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
