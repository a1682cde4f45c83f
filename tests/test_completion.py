"""What an editor completes after ``sock.options.``: jedi, against the options oracle.

jedi (the completion engine of IPython, Jupyter and several editors) reads
sockstate's source as an editor would: the test asks it for the completions
after ``sock.options.`` on a socket of each state of both faces, declared
as users declare it (``sock: sockstate.BoundSocket[sockstate.IPv4Address]``)
or built as they build it (``sockstate.tcp().bind(...).options.``), and
compares the public names with ``option_expectations.calls_of(state)``, the
hand-written oracle of the README's options table.

What jedi completes is a view of the state, exactly: no option of another
state (no ``set_reuse_address`` after ``bind()``, the datagram options on
datagram sockets only).  What it does not do is tell the families apart.
The checkers pick ``sock.options``'s view by the socket's address type,
through the overloads of ``OptionsProperty.__get__`` (``FreshIPv4Options``
for ``FreshSocket[IPv4Address]``, ``UnixOptions`` for a Unix socket, ...);
jedi (0.19, 0.20) matches an overload's generic argument by any overlap
of the classes it names (a tuple's items, a union's members), so
``tuple[str, int]``, ``tuple[str, int, int, int]`` and ``str | bytes`` all
match one another through ``str``, and a generic *base* class matches any
argument at all (jedi falls back to the bare class, whose type variable
matches everything).  So it takes the first overload, the IPv4 view, for
every socket whose class is generic: on IPv4 it completes exactly
``calls_of(state, AF_INET)``; on IPv6 it lacks ``get_ipv6_only`` and
``set_ipv6_only`` and offers ``set_broadcast``; on a Unix socket it offers
the IP and TCP options, which mypy and pyright then reject.
``BrokenSocket``, not generic, gets ``SocketOptions``, as in the checkers.
The cases pin that down: a change that makes jedi family-correct fails
them, to be compared with ``calls_of(state, family)`` from then on.

One jedi ``Script`` per state and face holds its cases (a function each);
the whole file takes some seconds.
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


def _jedi_view(state: State) -> frozenset[str]:
    """What jedi completes on a socket of ``state`` of any family: the IPv4
    view, or on the one live class that is not generic, what every family
    has (see the module's docstring)."""
    if state is State.BROKEN:
        return calls_of(state, socket.AF_INET) & calls_of(state, socket.AF_UNIX)
    return calls_of(state, socket.AF_INET)


@functools.cache
def _project() -> Any:
    return jedi.Project(SRC.parent, added_sys_path=[str(SRC)])


@functools.cache
def _completions(
    case: tuple[str, State] | str,
) -> dict[tuple[str, State, int] | str, frozenset[str]]:
    """jedi's public completions after ``sock.options.``, for every family of
    one state of one face, or for one built expression.  One jedi
    ``Script`` each: in one holding every case, jedi reaches its limit of
    function executions (the overloads of ``sock.options`` cost several)
    and completes nothing for the later ones."""
    lines = ["import sockstate", "import sockstate.aio", ""]
    where: dict[tuple[str, State, int] | str, int] = {}
    if isinstance(case, tuple):
        face, state = case
        for family in FAMILIES:
            lines.append(f"def case(sock: {_annotation(face, state, family)}) -> None:")
            lines.append("    sock.options.")
            where[(face, state, family)] = len(lines)
    else:
        lines.append(f"{case}.options.")
        where[case] = len(lines)
    code = "\n".join(lines) + "\n"
    script = jedi.Script(code, path=SRC.parent / "completion_case.py", project=_project())
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
    assert _completions((face, state))[(face, state, family)] == _jedi_view(state)


@pytest.mark.parametrize("expression", list(BUILT))
def test_jedi_completes_the_options_of_the_state_a_chain_of_calls_reaches(
    expression: str,
) -> None:
    state, _ = BUILT[expression]
    assert _completions(expression)[expression] == _jedi_view(state)
