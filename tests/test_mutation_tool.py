"""``tools/mutate.py``, the mutation testing of the table and the errors
(``tests/README.md``), still finds its mutants.  A smoke test: the mutation
run itself is too long for every run of the suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _listed() -> list[str]:
    return subprocess.run(
        [sys.executable, "tools/mutate.py", "--list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()


def test_the_mutation_tool_lists_mutants_of_the_machine_its_tables_messages_and_errors() -> None:
    listed = _listed()
    modules = {line.split()[1].split(":")[0] for line in listed}
    assert modules == {
        "src/sockstate/_states.py",
        "src/sockstate/_machine.py",
        "src/sockstate/_messages.py",
        "src/sockstate/_option_table.py",
        "src/sockstate/_errors.py",
    }
    assert [int(line.split()[0]) for line in listed] == list(range(len(listed)))


def test_the_mutation_tool_mutates_the_table_itself() -> None:
    listed = _listed()
    assert any("State.BOUND -> State.LISTENING" in line for line in listed)
    assert any("delete **_LIVE" in line for line in listed)
