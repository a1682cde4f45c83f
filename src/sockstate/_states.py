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
* Socket options follow the order too, in a second table, ``OPTIONS``: which
  option may be set in which states, on which families, through which
  platform constant.  ``TRANSITIONS`` holds only the ``options`` property
  that leads to them.
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

from ._errors import OptionError, OrderingError, SocketClosedError
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
    CONNECTING = "connecting"
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
    DETACHED = "detached"
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
    for a non-zero size).  ``during``: where the socket waits while the call
    blocks, so that another thread sees the call under way (a blocking
    ``connect`` is ``CONNECTING`` until the kernel answers).
    """

    after: State | None = None
    on_error: State | None = None
    at_end: State | None = None
    during: State | None = None


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
    "settimeout": STAY,
    "gettimeout": STAY,
    "setblocking": STAY,
    "getblocking": STAY,
    "options": STAY,
    "fileno": STAY,
    "raw_socket": STAY,
    "detach": Rule(after=State.DETACHED),
    "close": Rule(after=State.CLOSED),
}
"""The calls of every state that holds a descriptor: its blocking mode, its
options (a property: the socket's options as a view of its state, see
``OPTIONS``), the descriptor itself, handing it over, and closing."""

_CONNECTS: Final = {
    "connect": Rule(after=State.CONNECTED, on_error=State.FAILED, during=State.CONNECTING),
    "start_connect": Rule(after=State.CONNECTING, on_error=State.FAILED),
}
"""The two ways a stream socket that is neither listening nor connected
starts a connection: waiting for it, or not."""

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
        **_CONNECTS,
        **_LIVE,
    },
    State.BOUND: {
        "listen": Rule(after=State.LISTENING),
        **_CONNECTS,
        "getsockname": STAY,
        **_LIVE,
    },
    State.LISTENING: {
        "accept": STAY,
        "getsockname": STAY,
        **_LIVE,
    },
    State.CONNECTING: {
        "finish_connect": Rule(after=State.CONNECTED, on_error=State.FAILED),
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
    State.DETACHED: {
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

A connection is made waiting (``connect``, on a blocking socket or one with
a timeout) or not (``start_connect``, on a non-blocking socket, then
``finish_connect`` once the socket is writable).  Either way the socket is
``CONNECTING`` while the kernel works on it, and nothing but the mode, the
descriptor, ``getsockname``, ``detach`` and ``close`` is legal until the
kernel has answered.  ``finish_connect`` reads the answer (``SO_ERROR``): it
moves on to ``CONNECTED`` or ``FAILED``, or, still in progress, leaves the
socket ``CONNECTING``.  ``detach`` hands the descriptor to the caller and
leaves the object ``DETACHED``, terminal like ``FAILED`` and ``CLOSED``.

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
those of every live state (the mode, ``fileno``, ``raw_socket``,
``detach``, ``close``) says it is broken instead of answering with a second
errno.  ``ENDED``, ``FINISHED`` and ``BROKEN`` are reached only through what
the kernel reports, so no method returns their classes; a variable still
naming the socket meets them at runtime.

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
    State.BROKEN: "broken (the kernel reported the connection reset or the pipe broken)",
    **{state: f"{_article(state.value)} {state.value} socket" for state in DATAGRAM_STATES},
}


def allowed(state: State) -> frozenset[str]:
    """The operations legal in ``state``."""
    return frozenset(TRANSITIONS[state])


def next_state(
    state: State,
    operation: str,
    *,
    failed: bool = False,
    ended: bool = False,
    during: bool = False,
) -> State:
    """Where ``operation`` leads from ``state``: on success, or with
    ``failed`` when the connection failed, or with ``ended`` when a read met
    the peer's end of stream, or ``during`` the call.  Raises ``KeyError``
    for an illegal pair."""
    rule = TRANSITIONS[state][operation]
    if during:
        target = rule.during
    else:
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
    goals = legal & _kind(state, datagram)
    if not goals:
        kind = "datagram" if _kind(state, datagram) is _STREAM_STATES else "stream"
        return (
            f"{called(operation)} is a {kind} socket call; this socket is {described}: "
            f"use a {kind} socket"
        )
    head = f"{called(operation)} needs {_needs(goals)}; this socket is {described}"
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


# -- socket options ----------------------------------------------------------------------


class Option(NamedTuple):
    """One socket option: the Python type of its value, the states where
    setting it is meaningful, and, for each family that has it, the names
    of its level and option in the stdlib's ``socket`` module (a platform
    whose ``socket`` lacks a name lacks the option).

    An ``action`` (joining a multicast group) is one call named after the
    option, with nothing to read back; any other option is a pair of calls,
    ``set_<name>`` and ``get_<name>``.
    """

    value: str
    states: frozenset[State]
    constants: dict[int, tuple[str, str]]
    default: str
    action: bool = False


_LIVE_STATES: Final = frozenset(TRANSITIONS) - TERMINAL
_BEFORE_BIND: Final = frozenset({State.FRESH, State.DATAGRAM})
_STREAM_SENDING: Final = frozenset(
    {
        State.FRESH,
        State.BOUND,
        State.LISTENING,
        State.CONNECTING,
        State.CONNECTED,
        State.SEND_ONLY,
        State.ENDED,
    }
)
_STREAM_OPEN: Final = _STREAM_SENDING | {State.RECEIVE_ONLY}
_STREAM_CLOSABLE: Final = _STREAM_OPEN | {State.SHUT_DOWN, State.FINISHED}
_STREAM_RECEIVING: Final = frozenset({State.CONNECTED, State.RECEIVE_ONLY})
_JOINING: Final = frozenset({State.DATAGRAM, State.DATAGRAM_BOUND})


def _ip(level: str, name: str) -> dict[int, tuple[str, str]]:
    """An option that IPv4 and IPv6 sockets have under the same names."""
    return {socket.AF_INET: (level, name), socket.AF_INET6: (level, name)}


def _tcp(name: str) -> dict[int, tuple[str, str]]:
    return _ip("IPPROTO_TCP", name)


def _every(name: str) -> dict[int, tuple[str, str]]:
    """A ``SOL_SOCKET`` option of every family."""
    return {
        family: ("SOL_SOCKET", name) for family in (socket.AF_INET, socket.AF_INET6, socket.AF_UNIX)
    }


def _per_ip(ipv4: tuple[str, str], ipv6: tuple[str, str]) -> dict[int, tuple[str, str]]:
    return {socket.AF_INET: ipv4, socket.AF_INET6: ipv6}


OPTIONS: Final[dict[str, Option]] = {
    "reuse_address": Option(
        "bool",
        _BEFORE_BIND,
        _ip("SOL_SOCKET", "SO_REUSEADDR"),
        "on for the stream sockets that `socket()`, `tcp()` and `tcp6()` create on POSIX; "
        "off for datagram sockets",
    ),
    "reuse_port": Option("bool", _BEFORE_BIND, _ip("SOL_SOCKET", "SO_REUSEPORT"), "off"),
    "ipv6_only": Option(
        "bool",
        _BEFORE_BIND,
        {socket.AF_INET6: ("IPPROTO_IPV6", "IPV6_V6ONLY")},
        "the system's (Linux: `net.ipv6.bindv6only`, off)",
    ),
    "bind_to_device": Option(
        'str (an interface name; `""` for any)',
        _BEFORE_BIND,
        _ip("SOL_SOCKET", "SO_BINDTODEVICE"),
        '`""`',
    ),
    "no_delay": Option("bool", _STREAM_SENDING, _tcp("TCP_NODELAY"), "off (Nagle's algorithm)"),
    "cork": Option("bool", _STREAM_SENDING, _tcp("TCP_CORK"), "off"),
    "keep_alive": Option("bool", _STREAM_OPEN, _ip("SOL_SOCKET", "SO_KEEPALIVE"), "off"),
    "keep_alive_idle": Option(
        "int (seconds)", _STREAM_OPEN, _tcp("TCP_KEEPIDLE"), "the system's (Linux: 7200)"
    ),
    "keep_alive_interval": Option(
        "int (seconds)", _STREAM_OPEN, _tcp("TCP_KEEPINTVL"), "the system's (Linux: 75)"
    ),
    "keep_alive_count": Option(
        "int (probes)", _STREAM_OPEN, _tcp("TCP_KEEPCNT"), "the system's (Linux: 9)"
    ),
    "linger": Option(
        "int | None (seconds; `None`: off, 0: reset on close)",
        _STREAM_CLOSABLE,
        _ip("SOL_SOCKET", "SO_LINGER"),
        "`None` (close() returns at once; the kernel sends what is left)",
    ),
    "quick_ack": Option(
        "bool", _STREAM_RECEIVING, _tcp("TCP_QUICKACK"), "the kernel's (it switches by itself)"
    ),
    "broadcast": Option(
        "bool", DATAGRAM_STATES, {socket.AF_INET: ("SOL_SOCKET", "SO_BROADCAST")}, "off"
    ),
    "multicast_ttl": Option(
        "int (hops, 0..255)",
        DATAGRAM_STATES,
        _per_ip(("IPPROTO_IP", "IP_MULTICAST_TTL"), ("IPPROTO_IPV6", "IPV6_MULTICAST_HOPS")),
        "1",
    ),
    "multicast_loop": Option(
        "bool",
        DATAGRAM_STATES,
        _per_ip(("IPPROTO_IP", "IP_MULTICAST_LOOP"), ("IPPROTO_IPV6", "IPV6_MULTICAST_LOOP")),
        "on",
    ),
    "join_multicast_group": Option(
        "a group address, and the interface (IPv4: its address; IPv6: its index)",
        _JOINING,
        _per_ip(("IPPROTO_IP", "IP_ADD_MEMBERSHIP"), ("IPPROTO_IPV6", "IPV6_JOIN_GROUP")),
        "no group",
        action=True,
    ),
    "leave_multicast_group": Option(
        "a group address, and the interface (IPv4: its address; IPv6: its index)",
        _JOINING,
        _per_ip(("IPPROTO_IP", "IP_DROP_MEMBERSHIP"), ("IPPROTO_IPV6", "IPV6_LEAVE_GROUP")),
        "no group",
        action=True,
    ),
    "send_buffer_size": Option(
        "int (bytes; Linux doubles it)",
        _LIVE_STATES,
        _every("SO_SNDBUF"),
        "the system's (Linux: `net.core.wmem_default`)",
    ),
    "receive_buffer_size": Option(
        "int (bytes; Linux doubles it)",
        _LIVE_STATES,
        _every("SO_RCVBUF"),
        "the system's (Linux: `net.core.rmem_default`)",
    ),
}
"""Every option that sockstate types, in the order the README lists them.

Read a row as: the option's value is of this type, setting it is
meaningful only in these states, and these families have it, under these
names.  Reading it back (``get_<name>``) is legal in every live state of
the kinds (stream, datagram) that the setting states span.  The grounds:

* Before ``bind``: address and port reuse, IPv6-only and the device decide
  what ``bind`` (or the implicit bind of ``connect``) may take; Linux
  refuses IPv6-only after it, and accepts the others silently, uselessly.
* Stream sockets: no-delay and cork shape what the socket sends, so they
  need its sending side open; keepalive needs the connection open (on a
  listener, the accepted sockets inherit it); linger shapes ``close()``,
  meaningful until the connection is broken; quick-ack shapes the
  acknowledgements of what it receives.  These are TCP's: a Unix stream
  socket has none of them.
* Datagram sockets: broadcast (IPv4 only) and the multicast options, in
  every datagram state; joining a group only before ``connect``, which
  would filter the group's datagrams out.
* Buffer sizes in every live state, for every family.

The raw ``getsockopt``/``setsockopt`` of every view bypass this table.
"""

RAW_OPTION_CALLS: Final = frozenset({"getsockopt", "setsockopt"})
"""The escape hatch of every options view: any option, in any live state."""


def setter(name: str) -> str:
    """The call that sets option ``name`` (or performs it, for an action)."""
    return name if OPTIONS[name].action else f"set_{name}"


def getter(name: str) -> str | None:
    """The call that reads option ``name`` back; ``None`` for an action."""
    return None if OPTIONS[name].action else f"get_{name}"


def _kinds(states: frozenset[State]) -> frozenset[State]:
    """The live states of every kind (stream, datagram) that ``states`` span."""
    spanned = frozenset[State]()
    for kind in (_STREAM_STATES, DATAGRAM_STATES):
        if states & kind:
            spanned |= kind
    return spanned


def _option_calls() -> dict[str, tuple[str, frozenset[State]]]:
    calls: dict[str, tuple[str, frozenset[State]]] = {}
    for name, option in OPTIONS.items():
        calls[setter(name)] = (name, option.states)
        read = getter(name)
        if read is not None:
            calls[read] = (name, _kinds(option.states))
    return calls


OPTION_CALLS: Final = _option_calls()
"""Each typed option call: the option it sets or reads, and the states where
it is legal."""


def option_calls(state: State, family: int | None = None) -> frozenset[str]:
    """The calls of ``state``'s options view: the typed ones legal there (for
    ``family``'s options only, if given) and the raw escape hatch.  Empty in
    a terminal state."""
    if state in TERMINAL:
        return frozenset()
    return RAW_OPTION_CALLS | {
        call
        for call, (name, states) in OPTION_CALLS.items()
        if state in states and (family is None or family in OPTIONS[name].constants)
    }


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
    needs = "an open socket" if goals == kind else _needs(goals)
    head = f"{head} needs {needs}; this socket is {described}"
    if state in TERMINAL:
        return f"{head}: make a new socket"
    calls = _path(state, goals)
    if calls is not None:
        return head + ": call " + " and then ".join(f"{c}()" for c in calls) + " first"
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
