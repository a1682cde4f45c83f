"""The order of socket calls: one table, the classifier beside it, and what
derives from both.

Rules of this module:

* Everything that decides which call is legal in which state lives here, in
  ``TRANSITIONS``.  Nothing else in sockstate may decide it again: each face's
  state classes are checked against this table when they are defined, the
  raising stand-ins for illegal calls are installed from it, and the
  ordering errors' ``allowed`` sets and messages (``_messages``) are computed
  from it.
* Anything not in the table is illegal.  A state lists the operations it
  permits; an operation that a state does not list raises an ordering error
  before any system call, and the socket stays in that state.
* Each entry says where a successful call leads, where a failed one leads,
  where a read of the peer's end of stream leads, and where the socket is
  while a call that waits is under way.  ``None`` means "the same state".
* What a failure *is* (which exception, from which call, on which family
  and type, counts as the connection failing) is decided in one place only,
  ``fails()``, beside the table; the table names where such a failure leads.
* Socket options follow the order too, in a second table
  (``_option_table.OPTIONS``); ``TRANSITIONS`` holds only the ``options``
  property that leads to them.

Theory of operation: a sockstate socket is one Python object whose class *is*
its state.  A transition changes the object's class in place (every state
class of a face shares one slot layout) and returns the same object, typed
as the new state.  A variable that still names the object under its old
static type therefore reaches the new state's class at runtime, where every
operation the new state forbids is a raising descriptor.  ``_machine`` holds
the one primitive that makes such a change.
"""

from __future__ import annotations

import enum
import errno
import socket
import sys

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
    HANDSHAKING = "handshaking"
    TLS = "TLS"
    TLS_ENDED = "TLS-ended"
    UNWRAPPING = "unwrapping"
    BROKEN = "broken"
    DATAGRAM = "unbound datagram"
    DATAGRAM_BOUND = "bound datagram"
    DATAGRAM_CONNECTED = "connected datagram"
    FAILED = "failed"
    HANDSHAKE_FAILED = "handshake failed"
    DETACHED = "detached"
    CLOSED = "closed"

    def __str__(self) -> str:
        return self.value


class Rule(NamedTuple):
    """Where an operation leads; ``None`` keeps the current state.

    ``after``: on success.  ``on_error``: when the call failed in a way that
    ``fails()`` says ends the connection (or the connect); any other error
    leaves the state as it was.  ``at_end``: when a read returns the peer's
    end of stream (``b""`` for a non-zero size).  ``during``: where the
    socket is while the call waits for the kernel, so that another thread
    sees the call under way (a blocking ``connect`` is ``CONNECTING`` until
    the kernel answers).
    """

    after: State | None = None
    on_error: State | None = None
    at_end: State | None = None
    during: State | None = None


STAY: Final = Rule()
"""An operation that leaves the state as it is, success or failure."""

HAS_MSG: Final = sys.platform != "win32"
"""Whether the platform's stdlib has ``sendmsg`` and ``recvmsg`` (not
Windows).  The state classes test the same expression, which type checkers
understand, so that the table and the classes agree."""


def _sending() -> dict[str, Rule]:
    """The calls that send on a plain stream whose sending side is open:
    bytes, a file (``sendfile``), and, where the stdlib has ``sendmsg``,
    messages and descriptors (``send_fds``, typed for Unix sockets only)."""
    rule = Rule(on_error=State.BROKEN)
    names = ("send", "sendall", "sendfile", *(("sendmsg", "send_fds") if HAS_MSG else ()))
    return dict.fromkeys(names, rule)


def _receiving(*, at_end: State) -> dict[str, Rule]:
    """The calls that read a plain stream whose receiving side is open, and
    where reading the peer's end of stream leads (``recv_fds`` is typed for
    Unix sockets only)."""
    rule = Rule(on_error=State.BROKEN, at_end=at_end)
    names = ("recv", "recv_into", "recv_exactly", *(("recvmsg", "recv_fds") if HAS_MSG else ()))
    return dict.fromkeys(names, rule)


def _shutting(after: State) -> Rule:
    """A shutdown that closes a direction still open."""
    return Rule(after=after, on_error=State.BROKEN)


DISPATCHES: Final = {
    "shutdown": frozenset({"shutdown_read", "shutdown_write", "shutdown_both"}),
}
"""The operations that make no move of their own: each calls one of the
listed operations, chosen by its argument (``shutdown(how)``: ``SHUT_RD``,
``SHUT_WR`` or ``SHUT_RDWR``), and that operation moves the socket as its
rule says.  A ``Rule`` cannot depend on an argument, so the table gives such
an operation ``STAY`` (its own call changes nothing) in exactly the states
where all of its targets are legal (checked below)."""


def _shutdowns(write: Rule, read: Rule, both: Rule) -> dict[str, Rule]:
    """The three precise shutdowns of a state, and ``shutdown(how)``, the
    stdlib's spelling, which dispatches to them (``DISPATCHES``)."""
    return {"shutdown_write": write, "shutdown_read": read, "shutdown_both": both, "shutdown": STAY}


_LIVE: Final = {
    "settimeout": STAY,
    "gettimeout": STAY,
    "setblocking": STAY,
    "getblocking": STAY,
    "options": STAY,
    "setsockopt": STAY,
    "getsockopt": STAY,
    "fileno": STAY,
    "raw_socket": STAY,
    "detach": Rule(after=State.DETACHED),
    "close": Rule(after=State.CLOSED),
}
"""The calls of every state that holds a descriptor: its blocking mode, its
options (a property: the socket's options as a view of its state, see
``OPTIONS``; and the raw ``setsockopt``/``getsockopt`` that the view has
too, which the option table does not check), the descriptor itself,
handing it over, and closing."""

BLOCKING_ONLY: Final = frozenset(
    {"settimeout", "gettimeout", "setblocking", "getblocking", "makefile"}
)
"""The operations that only a face whose sockets block has: the blocking
mode (``settimeout`` and the rest, legal in every live state) and a file
over the connection (``makefile``), which reads and writes by blocking.
They are in the table like every other operation, and a blocking face
offers them exactly where the table allows them.  A face whose sockets never
block (asyncio's: the event loop waits for them, and the loop's timeouts
bound a wait) offers every other operation in exactly the table's states,
and these in none: a column of the table that such a face lacks as a whole,
so that which call is legal in which state is still this table's alone."""

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

_TLS_SENDING: Final = dict.fromkeys(("send", "sendall"), Rule(on_error=State.BROKEN))
"""The calls that send on a TLS connection: no ``sendmsg`` or ``send_fds``,
whose bytes (and descriptors) would bypass TLS, and no ``sendfile``: the
stdlib's ``SSLSocket.sendfile`` only reads the file and sends it through
TLS, which a ``sendall`` of what was read says plainly."""

_TLS_RECEIVING: Final = dict.fromkeys(
    ("recv", "recv_into", "recv_exactly"), Rule(on_error=State.BROKEN, at_end=State.TLS_ENDED)
)
"""The calls that read a TLS connection: no ``recvmsg`` or ``recv_fds``.  The end of stream
is the peer's ``close_notify``; an end without it is a failure (a
truncation), which ``fails()`` says."""

_TLS: Final = {
    "getpeercert": STAY,
    "version": STAY,
    "cipher": STAY,
    "selected_alpn_protocol": STAY,
    "unwrap": Rule(after=State.CONNECTED, on_error=State.BROKEN, during=State.UNWRAPPING),
    **_CONNECTION,
}
"""The calls of a TLS connection whatever its directions: what the handshake
settled, and ``unwrap``, which exchanges ``close_notify`` and carries on in
plain text (``UNWRAPPING`` while it waits for the peer's)."""

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
        **_shutdowns(
            write=_shutting(State.RECEIVE_ONLY),
            read=_shutting(State.SEND_ONLY),
            both=_shutting(State.SHUT_DOWN),
        ),
        "wrap_tls": Rule(
            after=State.TLS, on_error=State.HANDSHAKE_FAILED, during=State.HANDSHAKING
        ),
        **_CONNECTION,
    },
    State.RECEIVE_ONLY: {
        **_receiving(at_end=State.FINISHED),
        **_shutdowns(write=STAY, read=_shutting(State.SHUT_DOWN), both=_shutting(State.SHUT_DOWN)),
        **_CONNECTION,
    },
    State.SEND_ONLY: {
        **_sending(),
        **_shutdowns(write=_shutting(State.SHUT_DOWN), read=STAY, both=_shutting(State.SHUT_DOWN)),
        **_CONNECTION,
    },
    State.SHUT_DOWN: {
        **_shutdowns(write=STAY, read=STAY, both=STAY),
        **_CONNECTION,
    },
    State.ENDED: {
        **_sending(),
        **_shutdowns(write=_shutting(State.FINISHED), read=STAY, both=_shutting(State.FINISHED)),
        **_CONNECTION,
    },
    State.FINISHED: {
        **_shutdowns(write=STAY, read=STAY, both=STAY),
        **{name: rule for name, rule in _CONNECTION.items() if name != "getpeername"},
    },
    State.HANDSHAKING: {
        **_CONNECTION,
    },
    State.TLS: {
        **_TLS_SENDING,
        **_TLS_RECEIVING,
        "makefile": STAY,
        **_TLS,
    },
    State.TLS_ENDED: {
        **_TLS_SENDING,
        **_TLS,
    },
    State.UNWRAPPING: {
        **_CONNECTION,
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
    State.HANDSHAKE_FAILED: {
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
shut is harmless and makes no system call.  ``shutdown(how)``, the stdlib's
spelling for code being ported, is legal in exactly the same states and
moves nowhere by itself (``STAY``): it dispatches ``SHUT_WR``, ``SHUT_RD``
and ``SHUT_RDWR`` to ``shutdown_write``, ``shutdown_read`` and
``shutdown_both``, whose rules make the move (``DISPATCHES``).  A read that returns the peer's
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

The plain stream's data calls are the stdlib's, in the directions still
open: ``send``, ``sendall`` and ``sendfile`` (a file, by ``os.sendfile``
where it can) while the sending side is open, ``recv``, ``recv_into`` and
``recv_exactly`` while the receiving side is.  Where the stdlib has
``sendmsg``/``recvmsg`` (not Windows: ``HAS_MSG``) they are there too, with
``send_fds``/``recv_fds``, the stdlib's ``socket.send_fds``/``recv_fds``
as calls: ``SCM_RIGHTS`` descriptors over a Unix stream (``unix(7)``),
typed for Unix sockets only and refused at runtime on any other family,
whose kernel would drop the descriptors without a word.  They fail as the
other data calls do.  A connected datagram socket has ``send`` and
``recv`` only: passing descriptors over a Unix datagram is ``sendmsg`` on
the raw socket.

A connected stream socket can carry TLS (``wrap_tls``): it is
``HANDSHAKING`` while the handshake runs, then ``TLS``, where data moves
through the TLS session and nothing may bypass it (no ``sendmsg`` or
``recvmsg``, no ``send_fds``, ``recv_fds`` or ``sendfile``, no shutdown
of one TCP direction under the session, no second ``wrap_tls``).  A failed
handshake (a certificate that does not verify, a peer that speaks no TLS, a
timeout) releases the descriptor, as a failed connect does:
``HANDSHAKE_FAILED``.  The peer's ``close_notify`` is TLS's end of stream:
a read returns it once (``TLS_ENDED``, which can still send, as TLS 1.3's
half-close allows); an end of the connection without it is a
truncation, a failure (``BROKEN``), never an end of stream.  ``unwrap``
sends this side's ``close_notify``, waits for the peer's (``UNWRAPPING``)
and leaves the plain connection ``CONNECTED``; any error on the way breaks
it, a timeout included, since this side's ``close_notify`` may be gone.
There is no ``shutdown_write`` of TLS: the stdlib's ``ssl`` sends
``close_notify`` only together with a read of the peer's, which fails on
(and loses) data the peer sent first.

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


def misplaced_dispatches() -> list[str]:
    """Each state where an operation of ``DISPATCHES`` is not a ``STAY``
    legal exactly where all of its targets are."""
    return [
        f"{state}: {operation}"
        for operation, targets in DISPATCHES.items()
        for state, rules in TRANSITIONS.items()
        if (operation in rules) is not (targets <= rules.keys())
        or rules.get(operation, STAY) is not STAY
    ]


if misplaced_dispatches():  # pragma: no cover - a check of the table, made when imported
    raise TypeError(f"dispatching operations out of place: {misplaced_dispatches()}")

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

HANDED_OVER: Final = State.DETACHED
"""The terminal state whose descriptor lives on, in the caller's hands:
entering it releases nothing."""

LIVE: Final[frozenset[State]] = frozenset(TRANSITIONS) - TERMINAL
"""States that hold a descriptor."""


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
    ``failed`` when the call failed (see ``fails()``), or with ``ended``
    when a read met the peer's end of stream, or ``during`` the call.
    Raises ``KeyError`` for an illegal pair."""
    rule = TRANSITIONS[state][operation]
    if during:
        target = rule.during
    else:
        target = rule.on_error if failed else rule.at_end if ended else rule.after
    return state if target is None else target


def successors(state: State) -> frozenset[State]:
    """The live states that calls lead to from ``state`` on success,
    ``state`` among them, counting the socket that ``accept`` makes."""
    found = {state}
    queue = [state]
    while queue:
        for operation, rule in TRANSITIONS[queue.pop()].items():
            target = ACCEPTED_STATE if operation == "accept" else rule.after
            if target is not None and target not in found and target not in TERMINAL:
                found.add(target)
                queue.append(target)
    return frozenset(found)


DATAGRAM_STATES: Final = successors(State.DATAGRAM)
"""The states of datagram sockets: those a new datagram socket can reach.
The other live states are stream states."""

STREAM_STATES: Final = LIVE - DATAGRAM_STATES
"""The live states of stream sockets."""

TLS_STATES: Final = frozenset(
    state for state, rules in TRANSITIONS.items() if "unwrap" in rules
) | frozenset(
    rule.during
    for rules in TRANSITIONS.values()
    for operation, rule in rules.items()
    if operation in ("wrap_tls", "unwrap") and rule.during is not None
)
"""The stream states of a TLS session: those that can ``unwrap``, and where
the handshake and ``unwrap`` wait.  Messages to a plain socket name the
plain states, and to a TLS socket the TLS ones, where a call has some."""


# -- what a failure means --------------------------------------------------------------

_CONNECT_CALLS: Final = frozenset({"connect", "start_connect", "finish_connect"})
_SHUTDOWNS: Final = frozenset({"shutdown_write", "shutdown_read", "shutdown_both"})
_STILL_CONNECTING: Final = frozenset({errno.EINPROGRESS, errno.EALREADY})
_ARGUMENT_ERRORS: Final = (TypeError, ValueError, OverflowError)
"""What the stdlib raises for an argument it refuses before any system call
(no ``OSError`` derives from them but ``ssl.SSLCertVerificationError``,
which only a handshake raises)."""
_TLS_WHOLE: Final = frozenset({"wrap_tls", "unwrap"})
"""The TLS calls that the stdlib cannot resume once they have started."""


def _ssl_failure(error: BaseException) -> bool | None:
    """Whether ``error``, an ``ssl.SSLError``, means the TLS session failed:
    every one but a would-block (``SSLWantReadError``,
    ``SSLWantWriteError``).  ``None`` for any other error.  Reads ``ssl``'s
    classes only where they already exist (an ``SSLError`` cannot exist
    without them): ``fails()`` must not import ``ssl``."""
    tls = sys.modules.get("_ssl")
    if tls is None or not isinstance(error, tls.SSLError):
        return None
    return not isinstance(error, (tls.SSLWantReadError, tls.SSLWantWriteError))


def fails(
    operation: str, error: BaseException, family: int, kind: int, *, partial: bool = False
) -> bool:
    """Whether ``error``, raised by ``operation`` on a socket of ``family``
    and ``kind`` (``SOCK_STREAM`` or ``SOCK_DGRAM``), ends what the socket
    had, so that it moves where the table's ``on_error`` says.  ``False``
    leaves the state as it was.  ``partial`` says that the call had moved
    part of its data when ``error`` ended it.

    The one place that decides it:

    * A ``TypeError``, ``ValueError`` or ``OverflowError`` is the stdlib
      refusing an argument before any system call: never a failure.
    * A data call that had moved part of its data (``partial``) fails on
      anything that ends it, a cancellation included: part of the data is
      gone and the stream is out of step.  Only a face that counts what
      moved says so (asyncio's cancelled ``sendall`` or ``recv_exactly``);
      the stdlib's blocking ``sendall`` does not tell.
    * A stream connect (``connect``, ``start_connect``, ``finish_connect``)
      fails on anything else, an interrupting exception included, except a
      ``BlockingIOError`` saying the connect is still in progress
      (``finish_connect`` asked too early).  POSIX leaves a socket whose
      connect failed in an unspecified state, so the table releases it.
    * A datagram ``connect`` fails on any ``OSError`` (Linux has bound an
      unbound socket by then; a bound one keeps what it had).
    * A shutdown fails on any ``OSError``: the kernel no longer has the
      connection it shuts.
    * A data call fails on a ``ConnectionError`` (reset, broken pipe,
      aborted, refused), except UDP's ``ConnectionRefusedError``, which
      reports that an earlier datagram was refused and leaves the socket
      connected; on a Unix datagram socket it says the peer has closed and
      the kernel has disconnected it.  A timeout, a would-block or an
      exception from a signal handler fails nothing.
    * ``wrap_tls`` (the handshake) and ``unwrap`` (the exchange of
      ``close_notify``) fail on anything, a timeout, a cancellation and
      ``ssl.SSLCertVerificationError`` (also a ``ValueError``) included:
      neither can be resumed, and sockstate checks their arguments before
      they start.
    * Any call fails on an ``ssl.SSLError`` but a would-block
      (``SSLWantReadError``, ``SSLWantWriteError``): the TLS session is
      corrupt, or cut without ``close_notify`` (``SSLEOFError``: a
      truncation, never an end of stream).
    """
    if operation in _TLS_WHOLE:
        return True
    tls = _ssl_failure(error)
    if tls is not None:
        return tls or partial
    if isinstance(error, _ARGUMENT_ERRORS):
        return False
    if partial:
        return True
    if operation in _CONNECT_CALLS and kind == socket.SOCK_STREAM:
        return not (isinstance(error, BlockingIOError) and error.errno in _STILL_CONNECTING)
    if not isinstance(error, OSError):
        return False
    if operation == "connect" or operation in _SHUTDOWNS:
        return True
    if isinstance(error, ConnectionRefusedError):
        return kind == socket.SOCK_STREAM or family == socket.AF_UNIX
    return isinstance(error, ConnectionError)
