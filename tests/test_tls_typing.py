"""The blocking face's static TLS type tests leave out no pair: in every TLS
state, every operation of the table that the state's class lacks, and in
every other state, every TLS call it lacks, is a rejected line of
``tests/typing/check_tls.py`` (mypy and pyright fail if one stops being an
error), and every call a TLS state has is there with its type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sockstate._factories import state_classes
from sockstate._states import OPERATIONS, TERMINAL, TLS_STATES, State, allowed

_CHECK = Path(__file__).with_name("typing") / "check_tls.py"
_FUNCTION = re.compile(r"^def (\w+)\(sock: sockstate\.\w+")
_REJECTED = re.compile(r"^\s+sock\.(\w+)\b.*# type: ignore\[(\S+)\]  # pyright: ignore\[(.+)\]$")
_TYPED = re.compile(r"^\s+assert_type\(sock\.(\w+)\b")
TLS_CALLS = frozenset(
    {"wrap_tls", "unwrap", "getpeercert", "version", "cipher", "selected_alpn_protocol"}
)
"""The operations that the TLS rows brought into the table."""
SESSION = TLS_STATES | {State.HANDSHAKE_FAILED}
"""The states of a TLS session, the failed handshake's included."""


def _lines() -> dict[State, tuple[dict[str, tuple[str, str]], set[str]]]:
    """For each state's function: its rejected lines (operation: codes) and
    the operations it types."""
    found: dict[State, tuple[dict[str, tuple[str, str]], set[str]]] = {}
    rejected: dict[str, tuple[str, str]] = {}
    typed: set[str] = set()
    for line in _CHECK.read_text().splitlines():
        if function := _FUNCTION.match(line):
            rejected, typed = {}, set()
            found[State[function.group(1).upper()]] = (rejected, typed)
        elif marked := _REJECTED.match(line):
            rejected[marked.group(1)] = (marked.group(2), marked.group(3))
        elif checked := _TYPED.match(line):
            typed.add(checked.group(1))
    return found


@pytest.mark.parametrize("state", list(State), ids=str)
def test_every_tls_call_a_state_lacks_is_a_rejected_line(state: State) -> None:
    rejected, _ = _lines().get(state, ({}, set()))
    lacking = OPERATIONS - allowed(state)
    assert set(rejected) == (lacking if state in SESSION else lacking & TLS_CALLS)
    for codes in rejected.values():
        assert codes == ("attr-defined", "reportAttributeAccessIssue, reportUnknownMemberType")


@pytest.mark.parametrize(
    "state", [state for state in State if state in SESSION - TERMINAL], ids=str
)
def test_every_call_of_a_tls_state_is_typed(state: State) -> None:
    _, typed = _lines()[state]
    assert typed == allowed(state)
    assert state_classes()[state].__name__ in _CHECK.read_text()
