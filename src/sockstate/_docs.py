"""Documentation generated from the transition table.

Rules of this module: nothing here is written by hand that the table already
says.  The README embeds this output, and a test fails when they differ.
"""

from __future__ import annotations

from ._sockets import state_classes
from ._states import ACCEPTED_STATE, TRANSITIONS, State


def states_markdown() -> str:
    """The table of states and their legal calls, as Markdown."""
    classes = state_classes()
    lines = [
        "| state | class | legal calls (-> next state; ! on failure) |",
        "| --- | --- | --- |",
    ]
    for state, rules in TRANSITIONS.items():
        calls: list[str] = []
        for operation, rule in rules.items():
            text = f"`{operation}()`"
            if rule.after is not None and rule.after is not state:
                text += f" -> {rule.after.value}"
            if operation == "accept":
                text += f" -> a new {ACCEPTED_STATE.value} socket"
            if rule.on_error is not None:
                text += f" ! {rule.on_error.value}"
            calls.append(text)
        lines.append(f"| {state.value} | `{classes[state].__name__}` | {', '.join(calls)} |")
    return "\n".join(lines) + "\n"


def _edges() -> list[tuple[str, str, str]]:
    """Every change of state the table allows: ``(from, to, label)``."""
    edges: list[tuple[str, str, str]] = []
    for state, rules in TRANSITIONS.items():
        for operation, rule in rules.items():
            if rule.after is not None and rule.after is not state:
                edges.append((state.value, rule.after.value, f"{operation}()"))
            if rule.on_error is not None and rule.on_error is not state:
                edges.append((state.value, rule.on_error.value, f"{operation}() fails"))
    return edges


def mermaid_diagram() -> str:
    """The state machine as a Mermaid ``stateDiagram-v2``."""
    lines = ["stateDiagram-v2", f"    [*] --> {State.FRESH.value}: socket()"]
    lines += [f"    {source} --> {target}: {label}" for source, target, label in _edges()]
    lines.append(
        f"    note right of {State.LISTENING.value}: accept() returns a new "
        f"{ACCEPTED_STATE.value} socket"
    )
    lines.append(f"    {State.CLOSED.value} --> [*]")
    return "\n".join(lines) + "\n"


def dot_diagram() -> str:
    """The state machine in Graphviz's DOT language."""
    lines = [
        "digraph sockstate {",
        "    rankdir=LR;",
        "    start [shape=point];",
        f'    start -> "{State.FRESH.value}" [label="socket()"];',
    ]
    lines += [
        f'    "{source}" -> "{target}" [label="{label}"];' for source, target, label in _edges()
    ]
    lines.append(
        f'    "{State.LISTENING.value}" -> "{ACCEPTED_STATE.value}" '
        '[label="accept() (a new socket)", style=dashed];'
    )
    lines.append("}")
    return "\n".join(lines) + "\n"
