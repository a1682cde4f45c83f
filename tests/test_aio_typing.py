"""The asyncio face's static type tests leave out no pair: every operation
that a state's class lacks is a rejected line of ``check_aio_ordering.py``
(or, for TLS, ``check_aio_tls.py``), every call that waits, in every state
that has it, a forgotten ``await`` in ``check_aio_await.py`` (or
``check_aio_tls_await.py``) (mypy and pyright then fail if any of those
lines stops being an error)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from _private import OPERATIONS, aio_state_classes
from sockstate import State

_TYPING = Path(__file__).with_name("typing")
_FUNCTION = re.compile(r"^(?:async )?def (\w+)\(sock: aio\.\w+")
_LINE = re.compile(r"^\s+sock\.(\w+)\b.*# type: ignore\[(\S+)\]  # pyright: ignore\[(.+)\]$")


def _marked(*names: str) -> dict[State, dict[str, tuple[str, str]]]:
    """For each state's functions in ``tests/typing/<name>`` (each of
    ``names``), their marked lines: the operation, with the mypy and pyright
    codes."""
    found: dict[State, dict[str, tuple[str, str]]] = {}
    for name in names:
        state: State | None = None
        for line in (_TYPING / name).read_text().splitlines():
            if function := _FUNCTION.match(line):
                state = State[function.group(1).upper()]
                found.setdefault(state, {})
            elif (marked := _LINE.match(line)) and state is not None:
                found[state][marked.group(1)] = (marked.group(2), marked.group(3))
    return found


def test_every_operation_a_state_lacks_is_a_rejected_line() -> None:
    marked = _marked("check_aio_ordering.py", "check_aio_tls.py")
    for state, cls in aio_state_classes().items():
        lacking = OPERATIONS - cls._allowed  # pyright: ignore[reportPrivateUsage]
        assert set(marked[state]) == lacking, state
        for operation, codes in marked[state].items():
            assert codes == (
                "attr-defined",
                "reportAttributeAccessIssue, reportUnknownMemberType",
            ), (state, operation)


def test_every_call_that_waits_is_a_forgotten_await_line() -> None:
    marked = _marked("check_aio_await.py", "check_aio_tls_await.py")
    for state, cls in aio_state_classes().items():
        waiting = {
            name
            for name in cls._allowed  # pyright: ignore[reportPrivateUsage]
            if name != "options" and asyncio.iscoroutinefunction(getattr(cls, name))
        }
        assert set(marked.get(state, {})) == waiting, state
        for codes in marked.get(state, {}).values():
            assert codes == ("unused-coroutine", "reportUnusedCoroutine")
