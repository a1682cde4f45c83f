"""The README says what the code does: its generated parts match the table,
and its examples run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from _private import mermaid_diagram, options_markdown, porting_markdown, states_markdown

README = Path(__file__).parent.parent / "README.md"


def _section(text: str, name: str) -> str:
    match = re.search(rf"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", text, re.DOTALL)
    assert match is not None, f"README has no {name} section"
    return match.group(1)


def test_readme_states_table_is_the_generated_one() -> None:
    assert _section(README.read_text(), "states") == states_markdown()


def test_readme_options_table_is_the_generated_one() -> None:
    assert _section(README.read_text(), "options") == options_markdown()


def test_readme_porting_table_is_the_generated_one() -> None:
    assert _section(README.read_text(), "porting") == porting_markdown()


def test_readme_diagram_is_the_generated_one() -> None:
    assert _section(README.read_text(), "diagram") == f"```mermaid\n{mermaid_diagram()}```\n"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), re.DOTALL)


def test_the_readme_has_python_examples() -> None:
    assert len(_python_blocks()) >= 3


@pytest.mark.parametrize("index", range(len(_python_blocks())))
def test_every_readme_python_example_runs(index: int) -> None:
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", _python_blocks()[index]],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_readme_error_tree_names_every_exception() -> None:
    import sockstate

    text = README.read_text()
    errors = [
        name
        for name in sockstate.__all__
        if isinstance(getattr(sockstate, name), type)
        and issubclass(getattr(sockstate, name), BaseException)
    ]
    assert errors
    for name in errors:
        assert name in _section_tree(text), name


def _section_tree(text: str) -> str:
    errors = text[text.index("## Errors") :]
    return errors[: errors.index("```", errors.index("```") + 3)]
