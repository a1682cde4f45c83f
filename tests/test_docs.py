"""The README says what the code does: its generated parts match the table,
and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

from sockstate._docs import mermaid_diagram, states_markdown

README = Path(__file__).parent.parent / "README.md"


def _section(text: str, name: str) -> str:
    match = re.search(rf"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", text, re.DOTALL)
    assert match is not None, f"README has no {name} section"
    return match.group(1)


def test_readme_states_table_is_the_generated_one() -> None:
    assert _section(README.read_text(), "states") == states_markdown()


def test_readme_diagram_is_the_generated_one() -> None:
    assert _section(README.read_text(), "diagram") == f"```mermaid\n{mermaid_diagram()}```\n"


def test_readme_quickstart_runs() -> None:
    text = README.read_text()
    quickstart = text[text.index("## Quickstart") :]
    block = re.search(r"```python\n(.*?)```", quickstart, re.DOTALL)
    assert block is not None
    exec(compile(block.group(1), "README quickstart", "exec"), {})


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
