"""The words of the ordering errors, computed from the tables.

Rules of this module:

* Every message is derived from ``TRANSITIONS`` and ``OPTIONS``: what the
  call needs, what the socket is, and the shortest way there (or that there
  is none).  Nothing here decides legality; it only explains it.
* A message names the state in the words of ``State``'s values, the calls
  as the user writes them (``bind()``, but ``options``), and ends with what
  to do.
"""

from __future__ import annotations

import socket
from collections import deque

from ._errors import OptionError, OrderingError, SocketClosedError
from ._option_table import OPTION_CALLS, OPTIONS, RAW_OPTION_CALLS, option_calls
from ._states import (
    BLOCKING_ONLY,
    DATAGRAM_STATES,
    STREAM_STATES,
    TERMINAL,
    TLS_STATES,
    TRANSITIONS,
    State,
    allowed,
)
from ._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Final


_READS: Final = frozenset(
    operation for rules in TRANSITIONS.values() for operation, rule in rules.items() if rule.at_end
)
"""The operations that read a stream, and so can meet its end."""

_ENDS: Final = frozenset(
    rule.at_end for rules in TRANSITIONS.values() for rule in rules.values() if rule.at_end
)
"""The states that a read of the peer's end of stream leads to."""


def _article(words: str) -> str:
    return "an" if words[0] in "aeiou" else "a"


_DESCRIPTIONS: Final = {
    State.CONNECTING: "connecting (the kernel has not answered its connect yet)",
    State.FAILED: "closed, because its connect() failed",
    State.DETACHED: "detached (detach() handed its descriptor over)",
    State.RECEIVE_ONLY: "receive-only (its sending side is shut down)",
    State.SEND_ONLY: "send-only (its receiving side is shut down)",
    State.SHUT_DOWN: "shut down in both directions",
    State.ENDED: "ended (a read has already returned the peer's end of stream, b'')",
    State.FINISHED: (
        "finished (its sending side is shut down, and a read has already "
        "returned the peer's end of stream, b'')"
    ),
    State.HANDSHAKING: "handshaking (wrap_tls() has not finished its TLS handshake yet)",
    State.TLS: "TLS (its data moves through TLS, and nothing may bypass it)",
    State.TLS_ENDED: ("TLS-ended (a read has already returned the peer's close_notify, b'')"),
    State.UNWRAPPING: "unwrapping (unwrap() waits for the peer's close_notify)",
    State.HANDSHAKE_FAILED: "closed, because its TLS handshake failed",
    State.BROKEN: (
        "broken (the kernel reported the connection reset or the pipe broken, "
        "or its TLS session failed)"
    ),
    **{state: f"{_article(state.value)} {state.value} socket" for state in DATAGRAM_STATES},
}


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


def _kind(state: State, datagram: bool) -> frozenset[State]:
    """The live states of the socket's kind: datagram or stream."""
    return DATAGRAM_STATES if datagram or state in DATAGRAM_STATES else STREAM_STATES


_WAITS_FOR: Final = {
    rule.during: (operation, rule.after)
    for rules in TRANSITIONS.values()
    for operation, rule in rules.items()
    if rule.during is not None and rule.after is not None
}
"""Each state that a call waits in, with that call and where it leads."""


def _among(goals: frozenset[State], state: State) -> frozenset[State]:
    """The states of ``goals`` that a message names: to a TLS socket the TLS
    ones, to a plain socket the plain ones, where the call has some.  A
    socket that a call waits in counts as where that call leads."""
    anchor = _WAITS_FOR[state][1] if state in _WAITS_FOR else state
    own = goals & TLS_STATES if anchor in TLS_STATES else goals - TLS_STATES
    return own or goals


def _route(state: State, goals: frozenset[State]) -> str | None:
    """What to do to reach ``goals`` from ``state`` (``call bind() and then
    listen() first``, or ``let unwrap() return first``), or ``None`` when
    nothing leads there."""
    calls = _path(state, goals)
    if calls is not None:
        return "call " + " and then ".join(f"{call}()" for call in calls) + " first"
    if state not in _WAITS_FOR:
        return None
    waiting, then = _WAITS_FOR[state]
    after = _path(then, goals)
    if after is None:
        return None
    return f"let {waiting}() return first" + "".join(f", then call {call}()" for call in after)


def _either(words: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _needs(goals: frozenset[State]) -> str:
    words = _either([state.value for state in TRANSITIONS if state in goals])
    return f"{_article(words)} {words} socket"


PROPERTIES: Final = frozenset({"options"})
"""The operations that are properties, not methods: messages name them bare."""


def called(operation: str) -> str:
    """How messages name ``operation``: ``bind()``, but ``options``."""
    return operation if operation in PROPERTIES else f"{operation}()"


def _message(operation: str, state: State, datagram: bool) -> str:
    described = _DESCRIPTIONS.get(state, state.value)
    legal = frozenset(s for s, rules in TRANSITIONS.items() if operation in rules)
    goals = _among(legal & _kind(state, datagram), state)
    if not goals:
        kind = "datagram" if _kind(state, datagram) is STREAM_STATES else "stream"
        return (
            f"{called(operation)} is a {kind} socket call; this socket is {described}: "
            f"use a {kind} socket"
        )
    head = f"{called(operation)} needs {_needs(goals)}; this socket is {described}"
    if state in TERMINAL:
        return f"{head}: make a new socket"
    if operation in _READS and state in _ENDS:
        if state in TLS_STATES:
            return (
                f"{head}, and the peer sends no more over TLS: stop reading at b'' "
                "(unwrap() returns to plain text, where a peer carries on in it)"
            )
        return f"{head}, and the peer sends nothing more: stop reading at b''"
    route = _route(state, goals)
    if route is None:
        return f"{head} and cannot go back: make a new socket"
    return f"{head}: {route}"


def ordering_error(
    operation: str, state: State, *, datagram: bool = False, never_blocks: str | None = None
) -> OrderingError:
    """The error for calling ``operation`` in ``state``, where it is illegal:
    a ``SocketClosedError`` in a terminal state, else an ``OrderingError``.
    ``datagram`` says the socket's kind where the state does not (closed).
    ``never_blocks`` names the socket's face when its sockets never block:
    its ``allowed`` set lacks the table's ``BLOCKING_ONLY`` calls, and
    those calls are refused as such."""
    kind = SocketClosedError if state in TERMINAL else OrderingError
    legal = allowed(state)
    if never_blocks is None:
        message = _message(operation, state, datagram)
    else:
        legal -= BLOCKING_ONLY
        if operation in BLOCKING_ONLY:
            described = _DESCRIPTIONS.get(state, state.value)
            message = (
                f"{called(operation)} is a call of sockets that block; this socket is "
                f"{described}, of the {never_blocks} face, whose sockets never block: its "
                "event loop waits for them (bound a wait with the loop's timeouts)"
            )
        else:
            message = _message(operation, state, datagram)
    return kind(message, operation=operation, state=state, allowed=legal)


def _family_names(families: dict[int, tuple[str, str]]) -> str:
    names = [socket.AddressFamily(family).name for family in families]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _exits(goals: frozenset[State]) -> list[str]:
    """The calls that lead out of ``goals`` into another live state."""
    exits: list[str] = []
    for state in goals:
        for operation, rule in TRANSITIONS[state].items():
            target = rule.after
            if target is not None and target not in goals | TERMINAL and operation not in exits:
                exits.append(operation)
    return sorted(exits)


def _option_message(call: str, state: State, family: int, datagram: bool) -> str:
    if call in RAW_OPTION_CALLS:  # refused only once the socket is closed
        described = _DESCRIPTIONS.get(state, state.value)
        return f"{call}() needs an open socket; this socket is {described}: make a new socket"
    name, states = OPTION_CALLS[call]
    option = OPTIONS[name]
    level_and_name = option.constants.get(family) or next(iter(option.constants.values()))
    head = f"{call}() ({level_and_name[1]})"
    described = _DESCRIPTIONS.get(state, state.value)
    kind = _kind(state, datagram)
    goals = states & kind
    if not goals:
        other = "stream" if kind is DATAGRAM_STATES else "datagram"
        return (
            f"{head} is a {other} socket option; this socket is {described}: use a {other} socket"
        )
    if state in goals:
        return (
            f"{head} is an option of {_family_names(option.constants)} sockets; this socket "
            f"is {socket.AddressFamily(family).name}"
        )
    named = goals if goals == kind else _among(goals, state)
    needs = "an open socket" if named == kind else _needs(named)
    head = f"{head} needs {needs}; this socket is {described}"
    if state in TERMINAL:
        return f"{head}: make a new socket"
    route = _route(state, named)
    if route is not None:
        return f"{head}: {route}"
    exits = _exits(goals)
    if not exits:
        return f"{head} and cannot go back: set it on a new socket"
    before = _either([f"{exit_}()" for exit_ in exits])
    return f"{head} and cannot go back: set it on a new socket, before {before}"


def option_error(call: str, state: State, family: int, *, datagram: bool) -> OrderingError:
    """The error for the typed option call ``call`` on a socket of ``family``
    in ``state`` where it is pointless: a ``SocketClosedError`` in a terminal
    state, else an ``OptionError`` naming the option, the state (or the
    family) and where it would be legal.  ``datagram`` says the socket's
    kind where the state does not (closed)."""
    message = _option_message(call, state, family, datagram)
    if state in TERMINAL:
        return SocketClosedError(message, operation=call, state=state, allowed=allowed(state))
    return OptionError(message, operation=call, state=state, allowed=option_calls(state, family))
