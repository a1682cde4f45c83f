"""What an editor completes after ``sock.options.``: jedi, against the options oracle.

jedi (the completion engine of IPython, Jupyter and several editors) reads
sockstate's source as an editor would: the test asks it for the completions
after ``sock.options.`` on a socket of each state of both faces, declared
as users declare it (``sock: sockstate.BoundSocket[sockstate.IPv4Address]``)
or built as they build it (``sockstate.tcp().bind(...).options.``), and
compares the public names with ``option_expectations.calls_of(state)``, the
hand-written oracle of the README's options table.

What jedi completes is the state's view, exactly: no option of another
state (no ``set_reuse_address`` after ``bind()``, the datagram options on
datagram sockets only).  What it does not do is filter by family: the view
classes are one per state, and a call that only some families have is
restricted by its ``self`` type (``self: IPv6Options``), which jedi does
not check.  So jedi also offers, and mypy and pyright then reject, the
calls of ``calls_of(state) - calls_of(state, family)``: on a Unix socket
the IP and TCP options (``set_reuse_address``, ``set_no_delay``,
``set_keep_alive``, the multicast ones, ...), on IPv4 ``set_ipv6_only``
and ``get_ipv6_only``, on IPv6 ``set_broadcast`` and ``get_broadcast``.
The per-family cases compare with ``calls_of(state)``, every family's
calls, which pins that down: a change that makes jedi family-correct fails
them, to be compared with ``calls_of(state, family)`` from then on.

One jedi ``Script`` per face holds every case (a function each), so that
jedi reads sockstate once per face; the whole file takes a few seconds.
"""

from __future__ import annotations

import functools
import importlib
import socket
from pathlib import Path
from typing import Any

import pytest

from expectations import CLASSES, TERMINAL
from option_expectations import calls_of
from sockstate import State

jedi: Any = importlib.import_module("jedi")  # no py.typed: read as Any

SRC = Path(__file__).resolve().parent.parent / "src"

LIVE = [state for state in CLASSES if state not in TERMINAL]
FAMILIES: dict[int, str] = {
    socket.AF_INET: "IPv4Address",
    socket.AF_INET6: "IPv6Address",
    socket.AF_UNIX: "UnixAddress",
}
FACES = {"blocking": "sockstate", "asyncio": "sockstate.aio"}

BUILT = {
    "sockstate.tcp()": (State.FRESH, socket.AF_INET),
    'sockstate.tcp().bind(("127.0.0.1", 0))': (State.BOUND, socket.AF_INET),
    'sockstate.tcp().bind(("127.0.0.1", 0)).listen()': (State.LISTENING, socket.AF_INET),
    'sockstate.tcp6().connect(("::1", 80))': (State.CONNECTED, socket.AF_INET6),
    'sockstate.unix().connect("/tmp/s").shutdown_write()': (State.RECEIVE_ONLY, socket.AF_UNIX),
    "sockstate.udp()": (State.DATAGRAM, socket.AF_INET),
    'sockstate.udp6().bind(("::1", 0))': (State.DATAGRAM_BOUND, socket.AF_INET6),
    'sockstate.unix_datagram().connect("/tmp/s")': (State.DATAGRAM_CONNECTED, socket.AF_UNIX),
}
"""Sockets built as users write them, on the blocking face: the state and
family each expression makes."""


def _annotation(face: str, state: State, family: int) -> str:
    name = CLASSES[state].__name__
    if state is State.BROKEN:  # the one live class that is not generic
        return f"{FACES[face]}.{name}"
    return f"{FACES[face]}.{name}[sockstate.{FAMILIES[family]}]"


@functools.cache
def _completions(face: str) -> dict[tuple[str, State, int] | str, frozenset[str]]:
    """jedi's public completions after ``sock.options.``, for every declared
    case of ``face`` (and, on the blocking face, every built one)."""
    lines = ["import sockstate", "import sockstate.aio", ""]
    where: dict[tuple[str, State, int] | str, int] = {}
    for state in LIVE:
        for family in FAMILIES:
            lines.append(f"def case(sock: {_annotation(face, state, family)}) -> None:")
            lines.append("    sock.options.")
            where[(face, state, family)] = len(lines)
    if face == "blocking":
        for expression in BUILT:
            lines.append(f"{expression}.options.")
            where[expression] = len(lines)
    code = "\n".join(lines) + "\n"
    project = jedi.Project(SRC.parent, added_sys_path=[str(SRC)])
    script = jedi.Script(code, path=SRC.parent / "completion_case.py", project=project)
    found: dict[tuple[str, State, int] | str, frozenset[str]] = {}
    for key, line in where.items():
        column = len(lines[line - 1])
        names = {completion.name for completion in script.complete(line, column)}
        found[key] = frozenset(name for name in names if not name.startswith("_"))
    return found


@pytest.mark.parametrize("family", list(FAMILIES), ids=list(FAMILIES.values()))
@pytest.mark.parametrize("state", LIVE, ids=str)
@pytest.mark.parametrize("face", list(FACES))
def test_jedi_completes_the_options_of_the_state_declared(
    face: str, state: State, family: int
) -> None:
    assert _completions(face)[(face, state, family)] == calls_of(state)


@pytest.mark.parametrize("expression", list(BUILT))
def test_jedi_completes_the_options_of_the_state_a_chain_of_calls_reaches(
    expression: str,
) -> None:
    state, _ = BUILT[expression]
    assert _completions("blocking")[expression] == calls_of(state)
