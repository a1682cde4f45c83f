"""The order of socket calls, written by hand from sockstate's documentation.

Rules of this module:

* Nothing here is read from sockstate's own table.  This module imports
  nothing private (``_private``) and never looks at ``TRANSITIONS``: it
  is the specification, copied line by line from the README ("States and
  their legal calls", "Half-close, end of stream and broken connections",
  "Datagrams", "Modes, non-blocking connect, threads and other
  libraries", "Options") and the state classes' docstrings.  ``test_matrix.py`` holds
  the implementation's table against it, so that a wrong table cannot
  certify itself, and ``test_model.py`` uses it as its model.
* A state lists the calls it permits (``MATRIX``), and is one class
  (``CLASSES``, the README's table).  A call it does not list is illegal:
  it raises ``SocketClosedError`` in a state that holds no descriptor
  (``TERMINAL``) and ``OrderingError`` in any other, before any system
  call, with the state unchanged, and the error's ``allowed`` is the
  state's row.  Its message names the call, the states that have it, and
  this one as ``DESCRIBED`` says (``Refused``).
* Each legal call says where it leads (``Legal``): on success, when the
  kernel reports that the connection failed, and, for a read, when it
  returns the peer's end of stream.  ``None`` means "stays where it is".
* The rules are the same for every address family.  Which states a socket
  can reach depends on its type (the stream and the datagram machines share
  the terminal states) and, for one state, on its family: a Unix datagram
  socket can break (``ELSEWHERE``, ``reached``).

The documented rules, and the rows that say them:

* bind before listen, listen before accept: ``fresh`` has ``bind``,
  ``bound`` has ``listen``, only ``listening`` has ``accept`` (which leaves
  the listener listening; the new socket starts ``connected``).
* a listener never connects, sends or receives; ``connect`` needs a fresh or
  bound socket, and a failed ``connect`` releases the socket (``failed``).
* a connection is made waiting (``connect``, which is ``connecting`` while
  it waits) or not: ``start_connect`` on a fresh or bound stream socket
  leads to ``connecting``, where ``finish_connect`` leads to ``connected``
  (or, failing, ``failed``), and where nothing but ``getsockname``, the
  mode, the options, the descriptor, ``detach`` and ``close`` is legal.
  Which of the two a socket may use is its mode's business, not the
  order's (``ModeError``): both are in the rows.
* every state that holds a descriptor has the mode calls (``settimeout``,
  ``gettimeout``, ``setblocking``, ``getblocking``), the ``options``
  property, ``fileno``, ``raw_socket``, ``detach`` (to ``detached``, which
  holds no descriptor, like ``failed`` and ``closed``) and ``close``.
* data only when connected, and only in the directions still open: a
  shutdown closes a direction (shutting one already shut stays, with no
  system call), a read of the end of stream ends the reading direction
  (``ended``, or ``finished`` once the sending side is shut too), and a
  reset or broken connection leaves ``broken``, where only the calls of
  every state that holds a descriptor are left.  ``shutdown(how)`` is the
  stdlib's spelling of the three: legal where they are, moving as the one
  ``how`` names (``SHUTDOWN_HOWS``).  ``finished`` has no
  ``getpeername``: the connection is gone from the kernel.
* datagrams: ``sendto``/``recvfrom`` need a bound socket (no implicit
  binding), a connected one has ``send``/``recv`` and ``connect`` again but
  no ``sendto``, a failed ``connect`` releases an unbound socket and leaves a
  bound or connected one as it was; no datagram state has ``listen`` or
  ``accept``.  A connected Unix datagram socket whose ``send`` is refused
  (its peer has closed, and Linux disconnects it) is ``broken``; UDP's
  refusals only report an earlier datagram's fate, and change nothing.
* close from anywhere: ``close`` is legal in every state and leads to
  ``closed``, where it is all that is left (and does nothing).
* TLS (README "TLS"): a connected socket's ``wrap_tls`` makes the handshake
  (``handshaking`` while it waits) and leads to ``TLS``, or, failing, to
  ``handshake-failed``, which holds no descriptor.  A TLS socket sends
  (``send``, ``sendall``) and reads (``recv``, ``recv_into``,
  ``recv_exactly``), has ``makefile``, what the handshake settled
  (``getpeercert``, ``version``, ``cipher``, ``selected_alpn_protocol``),
  its names, and ``unwrap``, which leads back to ``connected``
  (``unwrapping`` while it waits; ``broken`` on any failure).  Nothing that
  bypasses TLS: no ``sendmsg``, ``recvmsg``, ``send_fds``, ``recv_fds``,
  ``sendfile``, shutdowns or second ``wrap_tls``.  A read of the peer's ``close_notify`` leads to
  ``TLS-ended``, which still sends and unwraps but reads no more; a TLS
  failure or a truncation of the stream to ``broken``.  A message to a TLS
  socket names the TLS states that have the call, and to a plain socket the
  plain ones, where the call has some (a socket a call waits in counts as
  where the call leads).

How to extend it:

* A call legal in every state that holds a descriptor (``settimeout``, say):
  add it to ``LIVE``.  If it leads elsewhere (``detach`` to ``DETACHED``),
  give it its ``Legal(...)``.
* A call of one state: add it to that state's row in ``MATRIX``.
* A state: add its row to ``MATRIX`` at the place of its ``State`` member
  (error messages list states in that order), and add the state to
  ``STREAM``, ``DATAGRAM`` (the live states of each machine, in the same
  order) or, if it holds no descriptor, ``TERMINAL``; if some family or
  type of the other machine reaches it too, say so in ``ELSEWHERE``.  Give
  its class in ``CLASSES``, and, if error messages describe it beyond its
  name, the description in ``DESCRIBED``.  ``support.RECIPES`` needs a way
  to it too.
"""

from __future__ import annotations

import socket
from typing import NamedTuple

from sockstate import (
    BoundDatagramSocket,
    BoundSocket,
    BrokenSocket,
    ClosedSocket,
    ConnectedDatagramSocket,
    ConnectedSocket,
    ConnectingSocket,
    DatagramSocket,
    DetachedSocket,
    EndedSocket,
    FailedSocket,
    FinishedSocket,
    FreshSocket,
    HandshakeFailedSocket,
    HandshakingSocket,
    ListeningSocket,
    OrderingError,
    ReceiveOnlySocket,
    SendOnlySocket,
    ShutDownSocket,
    SocketClosedError,
    State,
    TLSEndedSocket,
    TLSSocket,
    UnwrappingSocket,
)


class Legal(NamedTuple):
    """A legal call, and where it leads; ``None`` stays where it is.

    ``to``: on success.  ``failing``: when the kernel reports that the
    connection failed (any ``OSError`` from ``connect`` or a shutdown, a
    ``ConnectionError`` from a stream's data call, a refused ``send`` on a
    connected Unix datagram socket, the kernel's answer to a non-blocking
    connect).  ``at_end``: when a read returns the peer's end of stream.
    ``waiting``: where the socket is while the call waits for the kernel
    (a blocking stream ``connect`` is ``connecting``).
    """

    to: State | None = None
    failing: State | None = None
    at_end: State | None = None
    waiting: State | None = None


STAYS = Legal()
"""A legal call that leaves the state as it is, whatever happens."""

SENDS = ("send", "sendall", "sendfile", "sendmsg", "send_fds")
"""The calls that send on a plain stream (POSIX: the stdlib has ``sendmsg``,
and ``send_fds`` is ``sendmsg`` with descriptors, typed for Unix sockets);
``sendfile`` sends a file, as ``socket.sendfile``."""

READS = ("recv", "recv_into", "recv_exactly", "recvmsg", "recv_fds")
"""The calls that read a plain stream (POSIX: the stdlib has ``recvmsg``,
and ``recv_fds`` is ``recvmsg`` for descriptors, typed for Unix sockets)."""


def each(calls: tuple[str, ...], legal: Legal) -> dict[str, Legal]:
    """The same ``legal`` for each of ``calls``."""
    return dict.fromkeys(calls, legal)


LIVE: dict[str, Legal] = {
    "settimeout": STAYS,
    "gettimeout": STAYS,
    "setblocking": STAYS,
    "getblocking": STAYS,
    "options": STAYS,
    "setsockopt": STAYS,
    "getsockopt": STAYS,
    "fileno": STAYS,
    "raw_socket": STAYS,
    "detach": Legal(to=State.DETACHED),
    "close": Legal(to=State.CLOSED),
}
"""The calls of every state that holds a descriptor: the mode, the options
(a property, read as the call) and the raw ``setsockopt``/``getsockopt`` on
the socket itself (README "Options": "the same raw hatch ``.options``
has", in every state that holds a descriptor), the descriptor, handing it
over, closing."""

SHUTDOWN_HOWS: dict[int, str] = {
    socket.SHUT_RD: "shutdown_read",
    socket.SHUT_WR: "shutdown_write",
    socket.SHUT_RDWR: "shutdown_both",
}
"""``shutdown(how)``, the stdlib's spelling (README "Half-close"): legal
exactly where the three precise shutdowns are, and each ``how`` is the
precise call of that direction, with its move and its errors.  The call
itself moves nothing (its row entry stays); where a socket goes is where the
precise call's entry says (``after_shutdown``)."""

WITH_SHUTDOWNS = (
    State.CONNECTED,
    State.RECEIVE_ONLY,
    State.SEND_ONLY,
    State.SHUT_DOWN,
    State.ENDED,
    State.FINISHED,
)
"""The states that have the shutdowns (README "Half-close"): every plain
stream state with a peer, whatever directions are left open; not the TLS
ones, nor a broken connection."""

ATTRIBUTES = frozenset({"state", "family", "type", "proto"})
"""What every state has beside its calls, terminal states included: the
state, and the stdlib socket's ``family``, ``type`` and ``proto`` (a closed
stdlib socket keeps them too)."""

TLS_SENDS = ("send", "sendall")
"""The calls that send on a TLS connection."""

TLS_READS = ("recv", "recv_into", "recv_exactly")
"""The calls that read a TLS connection."""

SESSION: dict[str, Legal] = {
    "getpeercert": STAYS,
    "version": STAYS,
    "cipher": STAYS,
    "selected_alpn_protocol": STAYS,
    "unwrap": Legal(to=State.CONNECTED, failing=State.BROKEN, waiting=State.UNWRAPPING),
}
"""The calls of every TLS state that has a session: what the handshake
settled, and ``unwrap``."""

CONNECTS: dict[str, Legal] = {
    "connect": Legal(to=State.CONNECTED, failing=State.FAILED, waiting=State.CONNECTING),
    "start_connect": Legal(to=State.CONNECTING, failing=State.FAILED),
}
"""How a fresh or bound stream socket connects: waiting (``connecting``
meanwhile), or not."""

# To extend: a call legal in every state with a descriptor goes in LIVE above;
# a call of one state is one line in its row; a state is one row here, at the
# place of its State member, and one entry in STREAM, DATAGRAM or TERMINAL
# below (and in ELSEWHERE if the other machine reaches it too), CLASSES and
# perhaps DESCRIBED.
MATRIX: dict[State, dict[str, Legal]] = {
    State.FRESH: {
        "bind": Legal(to=State.BOUND),
        **CONNECTS,
        **LIVE,
    },
    State.BOUND: {
        "listen": Legal(to=State.LISTENING),
        **CONNECTS,
        "getsockname": STAYS,
        **LIVE,
    },
    State.LISTENING: {
        "accept": STAYS,
        "getsockname": STAYS,
        **LIVE,
    },
    State.CONNECTING: {
        "finish_connect": Legal(to=State.CONNECTED, failing=State.FAILED),
        "getsockname": STAYS,
        **LIVE,
    },
    State.CONNECTED: {
        **each(SENDS, Legal(failing=State.BROKEN)),
        **each(READS, Legal(failing=State.BROKEN, at_end=State.ENDED)),
        "makefile": STAYS,
        "shutdown_write": Legal(to=State.RECEIVE_ONLY, failing=State.BROKEN),
        "shutdown_read": Legal(to=State.SEND_ONLY, failing=State.BROKEN),
        "shutdown_both": Legal(to=State.SHUT_DOWN, failing=State.BROKEN),
        "shutdown": STAYS,
        "wrap_tls": Legal(to=State.TLS, failing=State.HANDSHAKE_FAILED, waiting=State.HANDSHAKING),
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.RECEIVE_ONLY: {
        **each(READS, Legal(failing=State.BROKEN, at_end=State.FINISHED)),
        "shutdown_write": STAYS,
        "shutdown_read": Legal(to=State.SHUT_DOWN, failing=State.BROKEN),
        "shutdown_both": Legal(to=State.SHUT_DOWN, failing=State.BROKEN),
        "shutdown": STAYS,
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.SEND_ONLY: {
        **each(SENDS, Legal(failing=State.BROKEN)),
        "shutdown_write": Legal(to=State.SHUT_DOWN, failing=State.BROKEN),
        "shutdown_read": STAYS,
        "shutdown_both": Legal(to=State.SHUT_DOWN, failing=State.BROKEN),
        "shutdown": STAYS,
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.SHUT_DOWN: {
        "shutdown_write": STAYS,
        "shutdown_read": STAYS,
        "shutdown_both": STAYS,
        "shutdown": STAYS,
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.ENDED: {
        **each(SENDS, Legal(failing=State.BROKEN)),
        "shutdown_write": Legal(to=State.FINISHED, failing=State.BROKEN),
        "shutdown_read": STAYS,
        "shutdown_both": Legal(to=State.FINISHED, failing=State.BROKEN),
        "shutdown": STAYS,
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.FINISHED: {
        "shutdown_write": STAYS,
        "shutdown_read": STAYS,
        "shutdown_both": STAYS,
        "shutdown": STAYS,
        "getsockname": STAYS,
        **LIVE,
    },
    State.HANDSHAKING: {
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.TLS: {
        **each(TLS_SENDS, Legal(failing=State.BROKEN)),
        **each(TLS_READS, Legal(failing=State.BROKEN, at_end=State.TLS_ENDED)),
        "makefile": STAYS,
        **SESSION,
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.TLS_ENDED: {
        **each(TLS_SENDS, Legal(failing=State.BROKEN)),
        **SESSION,
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.UNWRAPPING: {
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.BROKEN: {
        **LIVE,
    },
    State.DATAGRAM: {
        "bind": Legal(to=State.DATAGRAM_BOUND),
        "connect": Legal(to=State.DATAGRAM_CONNECTED, failing=State.FAILED),
        **LIVE,
    },
    State.DATAGRAM_BOUND: {
        "sendto": STAYS,
        "recvfrom": STAYS,
        "connect": Legal(to=State.DATAGRAM_CONNECTED),
        "getsockname": STAYS,
        **LIVE,
    },
    State.DATAGRAM_CONNECTED: {
        "send": Legal(failing=State.BROKEN),
        "recv": STAYS,
        "connect": STAYS,
        "getsockname": STAYS,
        "getpeername": STAYS,
        **LIVE,
    },
    State.FAILED: {
        "close": Legal(to=State.CLOSED),
    },
    State.HANDSHAKE_FAILED: {
        "close": Legal(to=State.CLOSED),
    },
    State.DETACHED: {
        "close": Legal(to=State.CLOSED),
    },
    State.CLOSED: {
        "close": STAYS,
    },
}
"""Every state's legal calls, and where each leads.  Anything not here is
illegal."""

CLASSES: dict[State, type] = {
    State.FRESH: FreshSocket,
    State.BOUND: BoundSocket,
    State.LISTENING: ListeningSocket,
    State.CONNECTING: ConnectingSocket,
    State.CONNECTED: ConnectedSocket,
    State.RECEIVE_ONLY: ReceiveOnlySocket,
    State.SEND_ONLY: SendOnlySocket,
    State.SHUT_DOWN: ShutDownSocket,
    State.ENDED: EndedSocket,
    State.FINISHED: FinishedSocket,
    State.HANDSHAKING: HandshakingSocket,
    State.TLS: TLSSocket,
    State.TLS_ENDED: TLSEndedSocket,
    State.UNWRAPPING: UnwrappingSocket,
    State.BROKEN: BrokenSocket,
    State.DATAGRAM: DatagramSocket,
    State.DATAGRAM_BOUND: BoundDatagramSocket,
    State.DATAGRAM_CONNECTED: ConnectedDatagramSocket,
    State.FAILED: FailedSocket,
    State.HANDSHAKE_FAILED: HandshakeFailedSocket,
    State.DETACHED: DetachedSocket,
    State.CLOSED: ClosedSocket,
}
"""The class of each state (the README's table): a socket in the state is
an instance of exactly this class, whatever its family."""

DESCRIBED: dict[State, str] = {
    State.CONNECTING: "connecting (the kernel has not answered its connect yet)",
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
    State.TLS_ENDED: "TLS-ended (a read has already returned the peer's close_notify, b'')",
    State.UNWRAPPING: "unwrapping (unwrap() waits for the peer's close_notify)",
    State.BROKEN: (
        "broken (the kernel reported the connection reset or the pipe broken, "
        "or its TLS session failed)"
    ),
    State.DATAGRAM: "an unbound datagram socket",
    State.DATAGRAM_BOUND: "a bound datagram socket",
    State.DATAGRAM_CONNECTED: "a connected datagram socket",
    State.FAILED: "closed, because its connect() failed",
    State.HANDSHAKE_FAILED: "closed, because its TLS handshake failed",
    State.DETACHED: "detached (detach() handed its descriptor over)",
}
"""How an error's message describes a state where it says more than the
state's name ("this socket is receive-only (its sending side is shut
down)", "detached" as ``DetachedSocket``'s docstring puts it); any other
state it names."""


STREAM = (
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
    State.HANDSHAKING,
    State.TLS,
    State.TLS_ENDED,
    State.UNWRAPPING,
    State.BROKEN,
)
"""The live states of the stream machine (``SOCK_STREAM``), in order."""

TLS = (State.HANDSHAKING, State.TLS, State.TLS_ENDED, State.UNWRAPPING)
"""The live states of a TLS session."""

WAITED_IN: dict[State, State] = {
    State.CONNECTING: State.CONNECTED,
    State.HANDSHAKING: State.TLS,
    State.UNWRAPPING: State.CONNECTED,
}
"""The states a call waits in, and where that call leads."""

DATAGRAM = (State.DATAGRAM, State.DATAGRAM_BOUND, State.DATAGRAM_CONNECTED)
"""The live states of the datagram machine (``SOCK_DGRAM``), in order."""

TERMINAL = (State.FAILED, State.HANDSHAKE_FAILED, State.DETACHED, State.CLOSED)
"""The states that hold no descriptor, where only ``close`` is left: shared
by both machines, but ``handshake failed`` (only a stream makes a TLS
handshake)."""

STREAM_TERMINAL = (State.HANDSHAKE_FAILED,)
"""The terminal states that only the stream machine reaches."""

ELSEWHERE: dict[State, frozenset[tuple[int, int]]] = {
    State.BROKEN: frozenset({(socket.AF_UNIX, socket.SOCK_DGRAM)}),
}
"""The live states that a socket outside their machine reaches too, by
``(family, type)``: a connected Unix datagram socket whose peer has closed
breaks."""

FAMILIES = (socket.AF_INET, socket.AF_INET6, socket.AF_UNIX)
"""The address families sockstate supports; the rules are the same for each."""

TYPES = (socket.SOCK_STREAM, socket.SOCK_DGRAM)
"""The socket types sockstate supports, one machine each."""

ACCEPTED = State.CONNECTED
"""The state of the socket that ``accept`` returns."""

PROPERTIES = frozenset({"options"})
"""The calls that are properties (reading one is the call): a message names
them bare, ``options`` rather than ``options()``."""

OPERATIONS = frozenset(name for row in MATRIX.values() for name in row)
"""Every call that some state permits."""


def reached(state: State, family: int, kind: int) -> bool:
    """Whether a socket of ``family`` and type ``kind`` can be in ``state``."""
    if state in STREAM_TERMINAL:
        return kind == socket.SOCK_STREAM
    if state in TERMINAL or (family, kind) in ELSEWHERE.get(state, ()):
        return True
    return state in (STREAM if kind == socket.SOCK_STREAM else DATAGRAM)


def allowed(state: State) -> frozenset[str]:
    """The calls legal in ``state``: its row."""
    return frozenset(MATRIX[state])


def after_shutdown(state: State, how: int, *, failing: bool = False) -> State:
    """Where ``shutdown(how)`` leads from ``state``: where the precise
    shutdown that ``how`` names leads."""
    return after(state, SHUTDOWN_HOWS[how], failing=failing)


def after(state: State, operation: str, *, failing: bool = False, at_end: bool = False) -> State:
    """Where the legal ``operation`` leads from ``state``: on success, or when
    the connection failed (``failing``), or at the end of stream (``at_end``)."""
    legal = MATRIX[state][operation]
    target = legal.failing if failing else legal.at_end if at_end else legal.to
    return state if target is None else target


class Refused(NamedTuple):
    """What an illegal call raises: ``error`` (the exact class), with
    ``allowed`` as its attribute, and a message that starts with ``head``
    (the call, the states of the socket's machine that have it, and this
    state as ``DESCRIBED``) and, where the rule is simple, ends with
    ``tail``: a call of the other machine says to use a socket of that
    type, and a socket that holds no descriptor says to make a new one
    (what a live socket says depends on the way forward: the focused tests
    pin it, case by case)."""

    error: type[OrderingError]
    allowed: frozenset[str]
    head: str
    tail: str | None


def _listed(states: list[State]) -> str:
    """ "a fresh or bound socket": ``states`` as an error message names them."""
    words = [state.value for state in states]
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return ("an " if joined[0] in "aeiou" else "a ") + joined + " socket"


def _refused(state: State, operation: str, kind: int) -> Refused:
    """What ``operation`` raises in ``state`` on a socket of type ``kind``,
    where it is illegal: which states of its machine have the call, or that
    the call belongs to the other machine."""
    machine, other = (STREAM, "datagram") if kind == socket.SOCK_STREAM else (DATAGRAM, "stream")
    having = [candidate for candidate in machine if operation in MATRIX[candidate]]
    in_tls = WAITED_IN.get(state, state) in TLS
    own = [candidate for candidate in having if (candidate in TLS) is in_tls]
    having = own or having
    named = operation if operation in PROPERTIES else f"{operation}()"
    described = DESCRIBED.get(state, state.value)
    error = SocketClosedError if state in TERMINAL else OrderingError
    row = frozenset(MATRIX[state])
    if not having:
        head = f"{named} is a {other} socket call; this socket is {described}"
        return Refused(error, row, head, f": use a {other} socket")
    head = f"{named} needs {_listed(having)}; this socket is {described}"
    return Refused(error, row, head, ": make a new socket" if state in TERMINAL else None)


def expect(state: State, operation: str, family: int, kind: int) -> Legal | Refused:
    """What ``operation`` does on a socket of ``family`` and type ``kind`` in
    ``state``: where it leads if it is legal, else what it raises.  Raises
    ``ValueError`` if no such socket can be in ``state``."""
    if not reached(state, family, kind):
        raise ValueError(f"no socket of family {family} and type {kind} is ever {state}")
    row = MATRIX[state]
    if operation in row:
        return row[operation]
    return _refused(state, operation, kind)
