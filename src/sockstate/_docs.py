"""Documentation generated from the transition table.

Rules of this module: nothing here is written by hand that the table already
says.  The README embeds this output, and a test fails when they differ.
"""

from __future__ import annotations

from ._sockets import state_classes
from ._states import ACCEPTED_STATE, TRANSITIONS


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
