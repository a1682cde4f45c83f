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
* Each entry says where a successful call leads, where a failure of the
  connection leaves the socket, and, for reads, where the peer's end of
  stream leads.  ``None`` means "the same state".

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

from ._errors import OrderingError, SocketClosedError
from ._typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Final


class State(enum.Enum):
    """The states of a socket, stream or datagram, in the order the socket API allows.

    Its value is the adjective that error messages use ("this socket is
    bound").
    """

    FRESH = "fresh"
    BOUND = "bound"
    LISTENING = "listening"
    CONNECTED = "connected"
    RECEIVE_ONLY = "receive-only"
    SEND_ONLY = "send-only"
    SHUT_DOWN = "shut down"
    ENDED = "ended"
    FINISHED = "finished"
    BROKEN = "broken"
    DATAGRAM = "unbound datagram"
    DATAGRAM_BOUND = "bound datagram"
    DATAGRAM_CONNECTED = "connected datagram"
    FAILED = "failed"
    CLOSED = "closed"

    def __str__(self) -> str:
        return self.value


class Rule(NamedTuple):
    """Where an operation leads; ``None`` keeps the current state.

    ``after``: on success.  ``on_error``: when the kernel reports that the
    connection failed: any ``OSError`` from ``connect`` or a shutdown, a
    ``ConnectionError`` (reset, broken pipe, aborted) from a stream's data
    call, and a ``ConnectionRefusedError`` from a connected Unix datagram
    socket's ``send`` (its peer has closed); other errors (a timeout, or
    UDP's report of an earlier datagram refused) leave the state as it
    was.  ``at_end``: when a read returns the peer's end of stream (``b""``
    for a non-zero size).
    """

    after: State | None = None
    on_error: State | None = None
    at_end: State | None = None


STAY: Final = Rule()
"""An operation that leaves the state as it is, success or failure."""

_HAS_MSG: Final = hasattr(socket.socket, "sendmsg")
"""Whether the platform's stdlib has ``sendmsg`` and ``recvmsg`` (not Windows)."""


def _sending() -> dict[str, Rule]:
    """The calls that send on a stream whose sending side is open."""
    rule = Rule(on_error=State.BROKEN)
    return {"send": rule, "sendall": rule, **({"sendmsg": rule} if _HAS_MSG else {})}


def _receiving(*, at_end: State) -> dict[str, Rule]:
    """The calls that read a stream whose receiving side is open, and where
    reading the peer's end of stream leads."""
    rule = Rule(on_error=State.BROKEN, at_end=at_end)
    names = ("recv", "recv_into", "recv_exactly", *(("recvmsg",) if _HAS_MSG else ()))
    return dict.fromkeys(names, rule)


def _shutting(after: State) -> Rule:
    """A shutdown that closes a direction still open."""
    return Rule(after=after, on_error=State.BROKEN)


_LIVE: Final = {
    "fileno": STAY,
    "raw_socket": STAY,
    "close": Rule(after=State.CLOSED),
}
"""The calls of every state that holds a descriptor."""

_CONNECTION: Final = {
    "getsockname": STAY,
    "getpeername": STAY,
    **_LIVE,
}
"""The calls of a stream socket that has a peer, whatever its directions.
Once the peer has closed too, the kernel may answer ``getpeername`` with
ENOTCONN."""

TRANSITIONS: Final[dict[State, dict[str, Rule]]] = {
    State.FRESH: {
        "bind": Rule(after=State.BOUND),
        "connect": Rule(after=State.CONNECTED, on_error=State.FAILED),
        **_LIVE,
    },
    State.BOUND: {
        "listen": Rule(after=State.LISTENING),
        "connect": Rule(after=State.CONNECTED, on_error=State.FAILED),
        "getsockname": STAY,
        **_LIVE,
    },
    State.LISTENING: {
        "accept": STAY,
        "getsockname": STAY,
        **_LIVE,
    },
    State.CONNECTED: {
        **_sending(),
        **_receiving(at_end=State.ENDED),
        "makefile": STAY,
        "shutdown_write": _shutting(State.RECEIVE_ONLY),
        "shutdown_read": _shutting(State.SEND_ONLY),
        "shutdown_both": _shutting(State.SHUT_DOWN),
        **_CONNECTION,
    },
    State.RECEIVE_ONLY: {
        **_receiving(at_end=State.FINISHED),
        "shutdown_write": STAY,
        "shutdown_read": _shutting(State.SHUT_DOWN),
        "shutdown_both": _shutting(State.SHUT_DOWN),
        **_CONNECTION,
    },
    State.SEND_ONLY: {
        **_sending(),
        "shutdown_write": _shutting(State.SHUT_DOWN),
        "shutdown_read": STAY,
        "shutdown_both": _shutting(State.SHUT_DOWN),
        **_CONNECTION,
    },
    State.SHUT_DOWN: {
        "shutdown_write": STAY,
        "shutdown_read": STAY,
        "shutdown_both": STAY,
        **_CONNECTION,
    },
    State.ENDED: {
        **_sending(),
        "shutdown_write": _shutting(State.FINISHED),
        "shutdown_read": STAY,
        "shutdown_both": _shutting(State.FINISHED),
        **_CONNECTION,
    },
    State.FINISHED: {
        "shutdown_write": STAY,
        "shutdown_read": STAY,
        "shutdown_both": STAY,
        **{name: rule for name, rule in _CONNECTION.items() if name != "getpeername"},
    },
    State.BROKEN: {
        **_LIVE,
    },
    State.DATAGRAM: {
        "bind": Rule(after=State.DATAGRAM_BOUND),
        "connect": Rule(after=State.DATAGRAM_CONNECTED, on_error=State.FAILED),
        **_LIVE,
    },
    State.DATAGRAM_BOUND: {
        "sendto": STAY,
        "recvfrom": STAY,
        "connect": Rule(after=State.DATAGRAM_CONNECTED),
        "getsockname": STAY,
        **_LIVE,
    },
    State.DATAGRAM_CONNECTED: {
        "send": Rule(on_error=State.BROKEN),
        "recv": STAY,
        "connect": STAY,
        "getsockname": STAY,
        "getpeername": STAY,
        **_LIVE,
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

A connected stream socket loses its directions one at a time.  Shutting a
side (``shutdown_write``, ``shutdown_read``, ``shutdown_both``) leaves a
socket that can only receive, only send, or neither; shutting a side already
shut is harmless and makes no system call.  A read that returns the peer's
end of stream moves the socket on too, to ``ENDED`` (it can still send) or
``FINISHED`` (nothing is left, not even the peer's name: a TCP connection
closed both ways is gone from the kernel, which answers ENOTCONN): ``b""`` is
returned once, and reading again
is an ordering error naming the end of stream, instead of a loop that spins
on ``b""``.  A connection that the kernel reports reset or broken (a
``ConnectionError`` from a data call, an ``OSError`` from a shutdown) is
``BROKEN``: it keeps its descriptor until ``close()``, and every call but
``close``, ``fileno`` and ``raw_socket`` says it is broken instead of
answering with a second errno.  ``ENDED``, ``FINISHED`` and ``BROKEN`` are
reached only through what the kernel reports, so no method returns their
classes; a variable still naming the socket meets them at runtime.

Datagram sockets are a second machine beside the stream one, sharing only
the terminal states and ``BROKEN``.  A datagram socket is never bound
implicitly: the kernel would bind an unbound socket on its first ``sendto``
(an IPv4 or IPv6 one; a Unix one stays unnamed), so ``sendto`` and
``recvfrom`` need a bound socket, and what the object claims is always what
the kernel has.  For the
same reason a failed ``connect`` on an unbound datagram socket releases it:
Linux binds an IPv4 or IPv6 socket before it tries, and keeps the binding
when the connect fails.  A failed ``connect`` on a bound or connected one
leaves it as it was (no packet is sent, and the binding was there before).
A connected datagram socket has ``send`` and ``recv`` but no ``sendto``: the
kernel would send elsewhere while receiving only from the peer; use an
unconnected socket to talk to several peers, as Java insists too.  When a
connected Unix datagram socket's peer has closed, its next ``send`` is
refused (ECONNREFUSED) and Linux disconnects it, so it is ``BROKEN``: it
no longer has the peer it claims.  UDP's ECONNREFUSED only reports that the
peer's host refused an earlier datagram, and the socket stays connected.
"""

DATAGRAM_STATES: Final = frozenset({State.DATAGRAM, State.DATAGRAM_BOUND, State.DATAGRAM_CONNECTED})
"""The states of datagram sockets; the others but the terminal ones are
stream states."""

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
    State.FAILED: "closed, because its connect() failed",
    State.RECEIVE_ONLY: "receive-only (its sending side is shut down)",
    State.SEND_ONLY: "send-only (its receiving side is shut down)",
    State.SHUT_DOWN: "shut down in both directions",
    State.ENDED: "ended (a read has already returned the peer's end of stream, b'')",
    State.FINISHED: (
        "finished (its sending side is shut down, and a read has already "
        "returned the peer's end of stream, b'')"
    ),
    State.BROKEN: "broken (the kernel reported the connection reset or the pipe broken)",
    **{state: f"{_article(state.value)} {state.value} socket" for state in DATAGRAM_STATES},
}


def allowed(state: State) -> frozenset[str]:
    """The operations legal in ``state``."""
    return frozenset(TRANSITIONS[state])


def next_state(state: State, operation: str, *, failed: bool = False, ended: bool = False) -> State:
    """Where ``operation`` leads from ``state``: on success, or with
    ``failed`` when the connection failed, or with ``ended`` when a read met
    the peer's end of stream.  Raises ``KeyError`` for an illegal pair."""
    rule = TRANSITIONS[state][operation]
    target = rule.on_error if failed else rule.at_end if ended else rule.after
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


_STREAM_STATES: Final = frozenset(TRANSITIONS) - DATAGRAM_STATES - TERMINAL


def _kind(state: State, datagram: bool) -> frozenset[State]:
    """The live states of the socket's kind: datagram or stream."""
    return DATAGRAM_STATES if datagram or state in DATAGRAM_STATES else _STREAM_STATES


def _needs(goals: frozenset[State]) -> str:
    states = [state.value for state in TRANSITIONS if state in goals]
    words = states[0] if len(states) == 1 else ", ".join(states[:-1]) + " or " + states[-1]
    return f"{_article(words)} {words} socket"


def _message(operation: str, state: State, datagram: bool) -> str:
    described = _DESCRIPTIONS.get(state, state.value)
    legal = frozenset(s for s, rules in TRANSITIONS.items() if operation in rules)
    goals = legal & _kind(state, datagram)
    if not goals:
        kind = "datagram" if _kind(state, datagram) is _STREAM_STATES else "stream"
        return (
            f"{operation}() is a {kind} socket call; this socket is {described}: "
            f"use a {kind} socket"
        )
    head = f"{operation}() needs {_needs(goals)}; this socket is {described}"
    if state in TERMINAL:
        return f"{head}: make a new socket"
    calls = _path(state, goals)
    if calls is None:
        if operation in _READS and state in _ENDS:
            return f"{head}, and the peer sends nothing more: stop reading at b''"
        return f"{head} and cannot go back: make a new socket"
    return head + ": call " + " and then ".join(f"{call}()" for call in calls) + " first"


def ordering_error(operation: str, state: State, *, datagram: bool = False) -> OrderingError:
    """The error for calling ``operation`` in ``state``, where it is illegal:
    a ``SocketClosedError`` in a terminal state, else an ``OrderingError``.
    ``datagram`` says the socket's kind where the state does not (closed)."""
    kind = SocketClosedError if state in TERMINAL else OrderingError
    message = _message(operation, state, datagram)
    return kind(message, operation=operation, state=state, allowed=allowed(state))
