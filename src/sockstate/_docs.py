"""Documentation generated from the transition table.

Rules of this module: nothing here is written by hand that the table already
says.  The README embeds this output, and a test fails when they differ.
"""

from __future__ import annotations

import socket
from typing import Final

from ._factories import state_classes
from ._messages import called
from ._option_table import OPTION_CALLS, OPTIONS, getter, setter
from ._porting import NOT_OFFERED
from ._states import (
    ACCEPTED_STATE,
    DATAGRAM_STATES,
    DISPATCHES,
    TERMINAL,
    TLS_STATES,
    TRANSITIONS,
    State,
)


def states_markdown() -> str:
    """The table of states and their legal calls, as Markdown."""
    classes = state_classes()
    lines = [
        "| state | class | legal calls (-> next state; ! when the connection fails; "
        "at b'' -> at the peer's end of stream; meanwhile: while the call waits; "
        "= one of: makes the move of the call its argument picks) |",
        "| --- | --- | --- |",
    ]
    for state, rules in TRANSITIONS.items():
        calls: list[str] = []
        for operation, rule in rules.items():
            text = f"`{called(operation)}`"
            if rule.after is not None and rule.after is not state:
                text += f" -> {rule.after.value}"
            if operation == "accept":
                text += f" -> a new {ACCEPTED_STATE.value} socket"
            if rule.on_error is not None:
                text += f" ! {rule.on_error.value}"
            if rule.at_end is not None:
                text += f" at b'' -> {rule.at_end.value}"
            if rule.during is not None:
                text += f" meanwhile {rule.during.value}"
            if operation in DISPATCHES:
                targets = [name for name in rules if name in DISPATCHES[operation]]
                text += " = one of " + "/".join(f"`{called(name)}`" for name in targets)
            calls.append(text)
        lines.append(f"| {state.value} | `{classes[state].__name__}` | {', '.join(calls)} |")
    return "\n".join(lines) + "\n"


_FAMILY_NAMES: Final[dict[int, str]] = {
    socket.AF_INET: "IPv4",
    socket.AF_INET6: "IPv6",
    socket.AF_UNIX: "Unix",
}


def _where(states: frozenset[State]) -> str:
    """The states where an option can be set or read: listed, or named by
    the kind of socket when they are every live one of it."""
    live = frozenset(TRANSITIONS) - TERMINAL
    for kind, words in (
        (live, "any socket"),
        (DATAGRAM_STATES, "any datagram socket"),
        (live - DATAGRAM_STATES, "any stream socket"),
    ):
        if states == kind:
            return words
    return ", ".join(state.value for state in TRANSITIONS if state in states)


def _constants(names: dict[int, tuple[str, str]]) -> str:
    """Which families have an option, under which constants."""
    by_constant: dict[str, list[str]] = {}
    for family, (_, constant) in names.items():
        by_constant.setdefault(constant, []).append(_FAMILY_NAMES[family])
    return "; ".join(
        f"{', '.join(families)}: `{constant}`" for constant, families in by_constant.items()
    )


def options_markdown() -> str:
    """The table of typed socket options, as Markdown."""
    lines = [
        "| calls | value | set on | read on | families: constant | default |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, option in OPTIONS.items():
        read = getter(name)
        calls = f"`{setter(name)}()`" + ("" if read is None else f", `{read}()`")
        read_on = "-" if read is None else _where(OPTION_CALLS[read][1])
        cells = (
            calls,
            option.value,
            _where(option.states),
            read_on,
            _constants(option.constants),
            option.default,
        )
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def porting_markdown() -> str:
    """The stdlib socket names that sockstate does not offer, each with the
    way to use instead and why, as Markdown."""
    lines = [
        "| stdlib | instead (raises `NotOfferedError` naming it) | why |",
        "| --- | --- | --- |",
    ]
    for name in sorted(NOT_OFFERED):
        way = NOT_OFFERED[name]
        cells = (f"`sock.{way.spelled}`", f"`{way.instead}`", way.why)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


_ENTRIES: Final = (
    (State.FRESH, "socket(SOCK_STREAM)"),
    (State.DATAGRAM, "socket(SOCK_DGRAM)"),
)
"""Where sockets start, and the call that starts them there."""


def _edges() -> list[tuple[State, State, str]]:
    """Every change of state the table allows: ``(from, to, label)``, one
    edge for each pair of states, naming the calls that make it."""
    labels: dict[tuple[State, State], list[str]] = {}
    for state, rules in TRANSITIONS.items():
        for operation, rule in rules.items():
            for target, label in (
                (rule.after, f"{operation}()"),
                (rule.on_error, f"{operation}() fails"),
                (rule.at_end, "close_notify read" if state in TLS_STATES else "end of stream read"),
                (rule.during, f"while {operation}() waits"),
            ):
                if target is not None and target is not state:
                    edge = labels.setdefault((state, target), [])
                    if label not in edge:
                        edge.append(label)
    return [(a, b, _label(a, b, names)) for (a, b), names in labels.items()]


def _label(source: State, target: State, names: list[str]) -> str:
    """One edge's label: its calls.  Several calls that fail into one state
    are named together (``connect() or start_connect() fails``), and the
    many calls that a broken connection can fail say what they have in
    common."""
    failures = [name.removesuffix(" fails") for name in names if name.endswith(" fails")]
    if len(failures) > 1:
        if target is not State.BROKEN:
            said = " or ".join(failures) + " fails"
        elif source in TLS_STATES:
            said = "TLS fails, cut or reset"
        else:
            said = "connection reset or broken"
        names = [name for name in names if not name.endswith(" fails")] + [said]
    return ", ".join(names)


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
