"""The order of socket calls: one table, and everything derived from it.

Rules of this module:

* Everything that decides which call is legal in which state lives here, in
  ``TRANSITIONS``.  Nothing else in sockstate may decide it again: the state
  classes are checked against this table when they are defined, the raising
  stand-ins for illegal calls are installed from it, and the ordering errors'
  ``allowed`` sets and messages are computed from it.
* Anything not in the table is illegal.  A state lists the operations it
  permits; an operation that a state does not list raises an ordering error
  before any system call, and the socket stays in that state.
* Each entry says where a successful call leads and where a failed one
  (an ``OSError`` from the kernel) leaves the socket.  ``None`` means "the
  same state".

Theory of operation: a sockstate socket is one Python object whose class *is*
its state.  A transition changes the object's class in place (every state
class shares one slot layout) and returns the same object, typed as the new
state.  A variable that still names the object under its old static type
therefore reaches the new state's class at runtime, where every operation the
new state forbids is a raising descriptor.  Legal calls pay nothing for this:
they are ordinary methods.
"""

from __future__ import annotations

import enum
import socket
from collections import deque
from typing import Final, NamedTuple

from ._errors import OrderingError, SocketClosedError


class State(enum.Enum):
    """The states of a stream socket, in the order the socket API allows.

    Its value is the adjective that error messages use ("this socket is
    bound").
    """

    FRESH = "fresh"
    BOUND = "bound"
    LISTENING = "listening"
    CONNECTED = "connected"
    FAILED = "failed"
    CLOSED = "closed"

    def __str__(self) -> str:
        return self.value


class Rule(NamedTuple):
    """Where an operation leads: ``after`` on success, ``on_error`` when the
    kernel raises ``OSError``; ``None`` keeps the current state."""

    after: State | None = None
    on_error: State | None = None


STAY: Final = Rule()
"""An operation that leaves the state as it is, success or failure."""

TRANSITIONS: Final[dict[State, dict[str, Rule]]] = {
    State.FRESH: {
        "bind": Rule(after=State.BOUND),
        "connect": Rule(after=State.CONNECTED, on_error=State.FAILED),
        "fileno": STAY,
        "raw_socket": STAY,
        "close": Rule(after=State.CLOSED),
    },
    State.BOUND: {
        "listen": Rule(after=State.LISTENING),
        "connect": Rule(after=State.CONNECTED, on_error=State.FAILED),
        "getsockname": STAY,
        "fileno": STAY,
        "raw_socket": STAY,
        "close": Rule(after=State.CLOSED),
    },
    State.LISTENING: {
        "accept": STAY,
        "getsockname": STAY,
        "fileno": STAY,
        "raw_socket": STAY,
        "close": Rule(after=State.CLOSED),
    },
    State.CONNECTED: {
        "send": STAY,
        "sendall": STAY,
        "recv": STAY,
        "recv_into": STAY,
        "recv_exactly": STAY,
        **({"sendmsg": STAY, "recvmsg": STAY} if hasattr(socket.socket, "sendmsg") else {}),
        "makefile": STAY,
        "shutdown": STAY,
        "getsockname": STAY,
        "getpeername": STAY,
        "fileno": STAY,
        "raw_socket": STAY,
        "close": Rule(after=State.CLOSED),
    },
    State.FAILED: {
        "close": Rule(after=State.CLOSED),
    },
    State.CLOSED: {
        "close": STAY,
    },
}
"""The whole order.  Read a row as: in this state, these operations are
legal, and each leads where its rule says.

A failed ``connect`` lands in ``FAILED``: POSIX leaves a socket whose connect
failed in an unspecified state (Linux answers a retry after a timed-out
connect with ECONNABORTED), so sockstate releases its descriptor at once, as
Java and trio do.  ``accept`` leaves the listener listening and yields a new
socket that starts in ``CONNECTED``.
"""

ACCEPTED_STATE: Final = State.CONNECTED
"""The state of the socket that ``accept`` returns."""

OPERATIONS: Final[frozenset[str]] = frozenset(
    operation for rules in TRANSITIONS.values() for operation in rules
)
"""Every operation that some state permits."""

TERMINAL: Final[frozenset[State]] = frozenset(
    state for state, rules in TRANSITIONS.items() if set(rules) == {"close"}
)
"""States whose descriptor is gone: only ``close`` is left."""

_DESCRIPTIONS: Final = {State.FAILED: "closed, because its connect() failed"}


def allowed(state: State) -> frozenset[str]:
    """The operations legal in ``state``."""
    return frozenset(TRANSITIONS[state])


def next_state(state: State, operation: str, *, failed: bool = False) -> State:
    """Where ``operation`` leads from ``state``; ``failed`` picks the rule
    for a kernel error.  Raises ``KeyError`` for an illegal pair."""
    rule = TRANSITIONS[state][operation]
    target = rule.on_error if failed else rule.after
    return state if target is None else target


def _path(start: State, goals: frozenset[State]) -> list[str] | None:
    """The shortest list of operations that leads from ``start`` into one of
    ``goals`` without closing, or ``None`` when there is none."""
    queue: deque[tuple[State, list[str]]] = deque([(start, [])])
    seen = {start}
    while queue:
        state, calls = queue.popleft()
        if state in goals:
            return calls
        for operation, rule in TRANSITIONS[state].items():
            target = rule.after
            if target is None or target in seen or target in TERMINAL:
                continue
            seen.add(target)
            queue.append((target, [*calls, operation]))
    return None


def _needs(operation: str) -> str:
    states = [state.value for state, rules in TRANSITIONS.items() if operation in rules]
    words = states[0] if len(states) == 1 else ", ".join(states[:-1]) + " or " + states[-1]
    article = "an" if words[0] in "aeiou" else "a"
    return f"{article} {words} socket"


def _message(operation: str, state: State) -> str:
    described = _DESCRIPTIONS.get(state, state.value)
    head = f"{operation}() needs {_needs(operation)}; this socket is {described}"
    if state in TERMINAL:
        return f"{head}: make a new socket"
    goals = frozenset(s for s, rules in TRANSITIONS.items() if operation in rules)
    calls = _path(state, goals)
    if calls is None:
        return f"{head} and cannot go back: make a new socket"
    return head + ": call " + " and then ".join(f"{call}()" for call in calls) + " first"


def ordering_error(operation: str, state: State) -> OrderingError:
    """The error for calling ``operation`` in ``state``, where it is illegal:
    a ``SocketClosedError`` in a terminal state, else an ``OrderingError``."""
    kind = SocketClosedError if state in TERMINAL else OrderingError
    return kind(
        _message(operation, state), operation=operation, state=state, allowed=allowed(state)
    )
