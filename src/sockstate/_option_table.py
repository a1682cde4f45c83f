"""Socket options as a table: which option may be set in which state, on
which family, through which platform constant.

Rules of this module:

* ``OPTIONS`` is the one place that says where an option is meaningful.
  The options views (``_options``, ``_family_options``: one per state and
  family) are checked against it when they are defined, and the messages,
  the README's options table and the tests' parameters come from it.
* The sets of states an option names are derived from ``TRANSITIONS``
  (where ``bind`` is legal, where a socket sends or will send, ...), never
  listed by hand: a new state takes its options from its row.
"""

from __future__ import annotations

import socket

from ._states import DATAGRAM_STATES, LIVE, STREAM_STATES, TERMINAL, TRANSITIONS, State, successors
from ._typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Final


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


def _where(operation: str, among: frozenset[State]) -> frozenset[State]:
    """The states of ``among`` where ``operation`` is legal."""
    return frozenset(state for state in among if operation in TRANSITIONS[state])


def _leading_to(operation: str, among: frozenset[State]) -> frozenset[State]:
    """The states of ``among`` from which a state where ``operation`` is
    legal can be reached (itself included; a listener reaches what it
    accepts)."""
    return frozenset(state for state in among if _where(operation, successors(state)))


_BEFORE_BIND: Final = _where("bind", LIVE)
"""Where ``bind`` is still to come: the options that shape it."""
_STREAM_SENDING: Final = _leading_to("send", STREAM_STATES)
"""Stream states that send, or will: a listener's accepted sockets do."""
_STREAM_OPEN: Final = _STREAM_SENDING | _leading_to("recv", STREAM_STATES)
"""Stream states with a direction open, now or to come."""
_STREAM_CLOSABLE: Final = _leading_to("shutdown_both", STREAM_STATES)
"""Stream states whose connection ``close()`` will end (not broken)."""
_STREAM_RECEIVING: Final = _where("recv", STREAM_STATES)
"""Stream states that receive now."""
_JOINING: Final = _leading_to("recvfrom", DATAGRAM_STATES)
"""Datagram states that receive from any address, now or once bound."""


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
        LIVE,
        _every("SO_SNDBUF"),
        "the system's (Linux: `net.core.wmem_default`)",
    ),
    "receive_buffer_size": Option(
        "int (bytes; Linux doubles it)",
        LIVE,
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
    for kind in (STREAM_STATES, DATAGRAM_STATES):
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
