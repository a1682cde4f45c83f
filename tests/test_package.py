"""sockstate as an installed distribution: its version, read from the
metadata only when asked for, and what ``import sockstate`` costs."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import sockstate


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    # Without coverage's variables: a measured interpreter imports more.
    environment = {name: value for name, value in os.environ.items() if "COVERAGE" not in name}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, check=False, env=environment
    )


def test_the_version_is_the_installed_distributions() -> None:
    assert sockstate.__version__ == version("sockstate")
    assert "__version__" not in sockstate.__all__


def test_a_name_the_package_lacks_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"^module 'sockstate' has no attribute 'tpc'$"):
        getattr(sockstate, "tpc")  # noqa: B009 - a name the type checkers must not see
    assert not hasattr(sockstate, "version")


@pytest.mark.parametrize(
    "command",
    [
        (sys.executable, "-W", "error", "-m", "sockstate", "--version"),
        (str(Path(sys.executable).with_name("sockstate")), "--version"),
    ],
    ids=["python -m sockstate", "sockstate"],
)
def test_the_command_line_prints_its_version_and_exits_zero(command: tuple[str, ...]) -> None:
    result = _run(*command)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"sockstate {version('sockstate')}\n",
        "",
    )


def test_import_sockstate_imports_neither_typing_nor_importlib_metadata() -> None:
    """Both cost more than sockstate's import budget (see ``_typing``)."""
    code = (
        "import sys; import sockstate; "
        "print(*[name for name in ('typing', 'importlib.metadata') if name in sys.modules])"
    )
    result = _run(sys.executable, "-W", "error", "-c", code)
    assert (result.returncode, result.stdout, result.stderr) == (0, "\n", "")
