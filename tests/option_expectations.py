"""The socket options, written by hand from sockstate's documentation.

Rules of this module:

* Nothing here is read from sockstate's own options table.  It imports
  nothing private and never looks at ``OPTIONS``: it is the README's
  options table ("Options"), copied row by row, each row checked against
  the options views' docstrings (``FreshOptions``: "the ones that must come
  before ``bind()`` ... and the stream options a connection will have", the
  setters' "Only before ``bind()``", the getters' families), which are
  written by hand and agree with it.  The README's table is generated from
  sockstate's; the docstrings are not, which is what makes this copy an
  oracle.  ``test_options.py`` holds the implementation's table against it
  and takes its cases from it.
* An option is set (or, for an action such as joining a multicast group,
  performed) in the states of ``set_on``, read back in those of
  ``read_on``, by the families of ``constants``, through the constant named
  there.  The constant's level follows the sockets API's convention: an
  ``SO_`` option is the socket's own (``SOL_SOCKET``), a ``TCP_`` one TCP's,
  an ``IP_`` one IPv4's and an ``IPV6_`` one IPv6's.
* Anywhere else the call is refused (``OptionError``, before any system
  call), and a view's calls are exactly those legal for its state and
  family, and the raw escape hatch (``getsockopt``, ``setsockopt``).

How to extend it: an option is one row in ``OPTIONS``, at the place the
README lists it, with the states named as the README names them.
"""

from __future__ import annotations

import socket
from typing import NamedTuple

from expectations import DATAGRAM, STREAM
from sockstate import State

ANY = frozenset(STREAM + DATAGRAM)
"""The README's "any socket": every state that holds a descriptor."""

ANY_STREAM = frozenset(STREAM)
"""The README's "any stream socket"."""

ANY_DATAGRAM = frozenset(DATAGRAM)
"""The README's "any datagram socket"."""

IPV4, IPV6, UNIX = socket.AF_INET, socket.AF_INET6, socket.AF_UNIX

RAW_CALLS = frozenset({"getsockopt", "setsockopt"})
"""The raw escape hatch, on every view of a socket that holds a descriptor."""


class Option(NamedTuple):
    """One row of the README's options table."""

    value: str | None
    """The Python type of the value (``None``: an action, which takes a
    group and an interface)."""
    set_on: frozenset[State]
    """Where setting it (or performing it) is legal: "set on"."""
    read_on: frozenset[State]
    """Where reading it back is legal: "read on" (empty for an action)."""
    constants: dict[int, str]
    """Each family that has it, and the name of its constant there."""


def _on(*states: State) -> frozenset[State]:
    return frozenset(states)


def _ip(name: str) -> dict[int, str]:
    """An option of IPv4 and IPv6 sockets under one name."""
    return {IPV4: name, IPV6: name}


OPTIONS: dict[str, Option] = {
    "reuse_address": Option("bool", _on(State.FRESH, State.DATAGRAM), ANY, _ip("SO_REUSEADDR")),
    "reuse_port": Option("bool", _on(State.FRESH, State.DATAGRAM), ANY, _ip("SO_REUSEPORT")),
    "ipv6_only": Option("bool", _on(State.FRESH, State.DATAGRAM), ANY, {IPV6: "IPV6_V6ONLY"}),
    "bind_to_device": Option("str", _on(State.FRESH, State.DATAGRAM), ANY, _ip("SO_BINDTODEVICE")),
    "no_delay": Option(
        "bool",
        _on(
            State.FRESH,
            State.BOUND,
            State.LISTENING,
            State.CONNECTING,
            State.CONNECTED,
            State.SEND_ONLY,
            State.ENDED,
            State.TLS,
            State.TLS_ENDED,
        ),
        ANY_STREAM,
        _ip("TCP_NODELAY"),
    ),
    "cork": Option(
        "bool",
        _on(
            State.FRESH,
            State.BOUND,
            State.LISTENING,
            State.CONNECTING,
            State.CONNECTED,
            State.SEND_ONLY,
            State.ENDED,
            State.TLS,
            State.TLS_ENDED,
        ),
        ANY_STREAM,
        _ip("TCP_CORK"),
    ),
    "keep_alive": Option(
        "bool",
        _on(
            State.FRESH,
            State.BOUND,
            State.LISTENING,
            State.CONNECTING,
            State.CONNECTED,
            State.RECEIVE_ONLY,
            State.SEND_ONLY,
            State.ENDED,
            State.TLS,
            State.TLS_ENDED,
        ),
        ANY_STREAM,
        _ip("SO_KEEPALIVE"),
    ),
    "keep_alive_idle": Option(
        "int",
        _on(
            State.FRESH,
            State.BOUND,
            State.LISTENING,
            State.CONNECTING,
            State.CONNECTED,
            State.RECEIVE_ONLY,
            State.SEND_ONLY,
            State.ENDED,
            State.TLS,
            State.TLS_ENDED,
        ),
        ANY_STREAM,
        _ip("TCP_KEEPIDLE"),
    ),
    "keep_alive_interval": Option(
        "int",
        _on(
            State.FRESH,
            State.BOUND,
            State.LISTENING,
            State.CONNECTING,
            State.CONNECTED,
            State.RECEIVE_ONLY,
            State.SEND_ONLY,
            State.ENDED,
            State.TLS,
            State.TLS_ENDED,
        ),
        ANY_STREAM,
        _ip("TCP_KEEPINTVL"),
    ),
    "keep_alive_count": Option(
        "int",
        _on(
            State.FRESH,
            State.BOUND,
            State.LISTENING,
            State.CONNECTING,
            State.CONNECTED,
            State.RECEIVE_ONLY,
            State.SEND_ONLY,
            State.ENDED,
            State.TLS,
            State.TLS_ENDED,
        ),
        ANY_STREAM,
        _ip("TCP_KEEPCNT"),
    ),
    "linger": Option(
        "int | None",
        _on(
            State.FRESH,
            State.BOUND,
            State.LISTENING,
            State.CONNECTING,
            State.CONNECTED,
            State.RECEIVE_ONLY,
            State.SEND_ONLY,
            State.SHUT_DOWN,
            State.ENDED,
            State.FINISHED,
            State.TLS,
            State.TLS_ENDED,
        ),
        ANY_STREAM,
        _ip("SO_LINGER"),
    ),
    "quick_ack": Option(
        "bool", _on(State.CONNECTED, State.RECEIVE_ONLY, State.TLS), ANY_STREAM, _ip("TCP_QUICKACK")
    ),
    "broadcast": Option("bool", ANY_DATAGRAM, ANY_DATAGRAM, {IPV4: "SO_BROADCAST"}),
    "multicast_ttl": Option(
        "int", ANY_DATAGRAM, ANY_DATAGRAM, {IPV4: "IP_MULTICAST_TTL", IPV6: "IPV6_MULTICAST_HOPS"}
    ),
    "multicast_loop": Option(
        "bool",
        ANY_DATAGRAM,
        ANY_DATAGRAM,
        {IPV4: "IP_MULTICAST_LOOP", IPV6: "IPV6_MULTICAST_LOOP"},
    ),
    "join_multicast_group": Option(
        None,
        _on(State.DATAGRAM, State.DATAGRAM_BOUND),
        frozenset(),
        {IPV4: "IP_ADD_MEMBERSHIP", IPV6: "IPV6_JOIN_GROUP"},
    ),
    "leave_multicast_group": Option(
        None,
        _on(State.DATAGRAM, State.DATAGRAM_BOUND),
        frozenset(),
        {IPV4: "IP_DROP_MEMBERSHIP", IPV6: "IPV6_LEAVE_GROUP"},
    ),
    "send_buffer_size": Option(
        "int", ANY, ANY, {IPV4: "SO_SNDBUF", IPV6: "SO_SNDBUF", UNIX: "SO_SNDBUF"}
    ),
    "receive_buffer_size": Option(
        "int", ANY, ANY, {IPV4: "SO_RCVBUF", IPV6: "SO_RCVBUF", UNIX: "SO_RCVBUF"}
    ),
}
"""Every typed option, in the README's order."""

LEVELS = {"SO_": "SOL_SOCKET", "TCP_": "IPPROTO_TCP", "IP_": "IPPROTO_IP", "IPV6_": "IPPROTO_IPV6"}
"""The level of a constant, by the prefix of its name."""


def level(constant: str) -> str:
    """The name of the level of ``constant``: ``SOL_SOCKET`` for ``SO_LINGER``."""
    return next(LEVELS[prefix] for prefix in LEVELS if constant.startswith(prefix))


def is_action(name: str) -> bool:
    """Whether option ``name`` is an action (one call, nothing to read back)."""
    return OPTIONS[name].value is None


def setter(name: str) -> str:
    """The call that sets option ``name``, or performs it."""
    return name if is_action(name) else f"set_{name}"


def getter(name: str) -> str | None:
    """The call that reads option ``name`` back; ``None`` for an action."""
    return None if is_action(name) else f"get_{name}"


def _calls() -> dict[str, tuple[str, frozenset[State]]]:
    calls: dict[str, tuple[str, frozenset[State]]] = {}
    for name, option in OPTIONS.items():
        calls[setter(name)] = (name, option.set_on)
        read = getter(name)
        if read is not None:
            calls[read] = (name, option.read_on)
    return calls


CALLS = _calls()
"""Each typed call: the option it sets, performs or reads, and the states
where it is legal."""


def calls_of(state: State, family: int | None = None) -> frozenset[str]:
    """The calls of ``state``'s options view (of ``family``'s options only,
    if given): the typed calls legal there and the raw escape hatch; none
    on a socket that holds no descriptor."""
    if state not in ANY:
        return frozenset()
    return RAW_CALLS | {
        call
        for call, (name, states) in CALLS.items()
        if state in states and (family is None or family in OPTIONS[name].constants)
    }
