"""Documentation generated from the transition table.

Rules of this module: nothing here is written by hand that the table already
says.  The README embeds this output, and a test fails when they differ.
"""

from __future__ import annotations

from typing import Final

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


_ENTRIES: Final = (
    (State.FRESH, "socket(SOCK_STREAM)"),
    (State.DATAGRAM, "socket(SOCK_DGRAM)"),
)
"""Where sockets start, and the call that starts them there."""


def _edges() -> list[tuple[State, State, str]]:
    """Every change of state the table allows: ``(from, to, label)``."""
    edges: list[tuple[State, State, str]] = []
    for state, rules in TRANSITIONS.items():
        for operation, rule in rules.items():
            if rule.after is not None and rule.after is not state:
                edges.append((state, rule.after, f"{operation}()"))
            if rule.on_error is not None and rule.on_error is not state:
                edges.append((state, rule.on_error, f"{operation}() fails"))
    return edges


def _id(state: State) -> str:
    return state.name.lower()


def mermaid_diagram() -> str:
    """The state machine as a Mermaid ``stateDiagram-v2``."""
    lines = ["stateDiagram-v2"]
    lines += [f'    state "{state.value}" as {_id(state)}' for state in TRANSITIONS]
    lines += [f"    [*] --> {_id(state)}: {label}" for state, label in _ENTRIES]
    lines += [f"    {_id(a)} --> {_id(b)}: {label}" for a, b, label in _edges()]
    lines.append(
        f"    note right of {_id(State.LISTENING)}: accept() returns a new "
        f"{ACCEPTED_STATE.value} socket"
    )
    lines.append(f"    {_id(State.CLOSED)} --> [*]")
    return "\n".join(lines) + "\n"


def dot_diagram() -> str:
    """The state machine in Graphviz's DOT language."""
    lines = ["digraph sockstate {", "    rankdir=LR;"]
    for number, (state, label) in enumerate(_ENTRIES):
        lines.append(f"    start{number} [shape=point];")
        lines.append(f'    start{number} -> "{state.value}" [label="{label}"];')
    lines += [f'    "{a.value}" -> "{b.value}" [label="{label}"];' for a, b, label in _edges()]
    lines.append(
        f'    "{State.LISTENING.value}" -> "{ACCEPTED_STATE.value}" '
        '[label="accept() (a new socket)", style=dashed];'
    )
    lines.append("}")
    return "\n".join(lines) + "\n"
