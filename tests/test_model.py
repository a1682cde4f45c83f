"""Random sequences of calls on real loopback sockets, held against a model.

Rules of this module:

* A hypothesis ``RuleBasedStateMachine`` makes sockets of each family and
  type (one at a time, as connections, as socket pairs) and makes every call
  on any of them, in any order: the legal order and every illegal one,
  closes, detaches, shutdowns, changes of blocking mode (through sockstate's
  own mode calls), connects waiting and not (``start_connect`` and
  ``finish_connect``), addresses in use, refused addresses and impossible
  ones.
* The model is independent of sockstate's table: which call is legal where,
  and where it leads, comes from the hand matrix (``expectations.py``);
  what the kernel does with a connection (bytes waiting, the peer's end of
  stream, resets, refusals) is written here, from the README and the
  kernel's behaviour.
* Ports are shared as Linux shares them (``_shares``): the IPv4 and IPv6
  stream sockets, which sockstate makes with ``SO_REUSEADDR``, may bind one
  port while none of them listens.  Then a second listener there is
  refused, so is a second connection from the port to the same place, and
  a socket that connects from the port to the listener on it connects to
  itself.
* Each step checks that sockstate allowed exactly what the model allows: an
  illegal call raises the hand matrix's error before any system call, with
  the state unchanged; a legal one reaches the kernel, and the socket lands
  where the model says for what the kernel answered.  A stream ``connect``
  on a non-blocking socket and a ``start_connect`` on a blocking one are
  legal by the order but not by the mode: they raise ``ModeError``, before
  any system call, with the state unchanged, as the README documents.  An invariant compares
  every socket's state with the model's after every step.
* Every stdlib socket call is watched (``KernelWatch``).  An ``OSError``
  whose errno says that the kernel got a call in an order it forbids
  (``ORDERING_ERRNOS``) means an illegal call got through sockstate, and
  fails the run, unless the model knows it as the kernel's word on a
  connection its peer has left, as the README documents: ``EPIPE`` from a
  send, ``ENOTCONN`` from a TCP ``getpeername`` or shutdown; or as the
  answer of a ``finish_connect`` whose connect is still in progress (it asks
  ``getpeername``, ENOTCONN, and raises ``BlockingIOError(EINPROGRESS)`` by
  design).  A non-blocking connect answers with a code instead of raising:
  its codes are watched too, ``EINPROGRESS`` being its documented "started".
* An invariant also checks after every step that each socket holds its
  descriptor exactly while the model says it is live: no failure loses one,
  and no terminal state keeps one.
* Nothing waits for long: a read that might wait is made with the socket
  non-blocking (a ``recv_exactly`` that might wait is not made); ``accept``
  in blocking mode only with a connection pending; a stream ``connect`` made
  only in blocking mode, ``start_connect`` only in non-blocking mode (the
  other mode is checked to raise ``ModeError``), ``finish_connect`` after
  waiting (bounded) until the socket is writable, or at once, where
  ``BlockingIOError`` is a documented answer; queues stay far from full.
  Every socket carries a safety timeout, and every socket is closed when an
  example ends.

``SOCKSTATE_MODEL_EXAMPLES`` sets how many examples run: 500 by default,
about 17 seconds on two CPUs; set it higher for a longer search (8000 take
about three minutes).  The test's time limit grows with it: a fifth of a
second per example, and never under the suite's 120 seconds.
"""

from __future__ import annotations

import errno
import functools
import itertools
import os
import select
import socket
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, cast

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

import sockstate
from expectations import (
    ACCEPTED,
    PROPERTIES,
    READS,
    SENDS,
    STAYS,
    TERMINAL,
    TYPES,
    Legal,
    Refused,
    after,
    expect,
)
from sockstate import (
    AddressError,
    AddressTypeError,
    AddressValueError,
    IncompleteReadError,
    MessageTruncatedError,
    ModeError,
    OrderingError,
    SockstateError,
    State,
)
from support import SAFETY_TIMEOUT, StateSocket, ipv6_loopback_works, operation, system_calls

if TYPE_CHECKING:
    import io
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from hypothesis.stateful import MultipleResults

STREAM, DGRAM = socket.SOCK_STREAM, socket.SOCK_DGRAM

FAMILIES = (
    socket.AF_INET,
    *((socket.AF_INET6,) if ipv6_loopback_works() else ()),
    socket.AF_UNIX,
)
"""The families the machine uses: IPv6 only where ``::1`` works."""

FACTORIES: dict[tuple[int, int], Callable[[], StateSocket[object]]] = {
    (socket.AF_INET, STREAM): sockstate.tcp,
    (socket.AF_INET6, STREAM): sockstate.tcp6,
    (socket.AF_UNIX, STREAM): sockstate.unix,
    (socket.AF_INET, DGRAM): sockstate.udp,
    (socket.AF_INET6, DGRAM): sockstate.udp6,
    (socket.AF_UNIX, DGRAM): sockstate.unix_datagram,
}

FAMILY_NAMES: dict[int, str] = {
    socket.AF_INET: "ipv4",
    socket.AF_INET6: "ipv6",
    socket.AF_UNIX: "unix",
}

ORDERING_ERRNOS = frozenset(
    {
        errno.EINVAL,
        errno.EISCONN,
        errno.ENOTCONN,
        errno.EPIPE,
        errno.EOPNOTSUPP,
        errno.EDESTADDRREQ,
        errno.EALREADY,
    }
)
"""What the kernel answers a call made in an order it forbids: accept before
listen (EINVAL), connect when connected (EISCONN), data before connect
(ENOTCONN, EPIPE, EDESTADDRREQ), listen on a datagram socket (EOPNOTSUPP),
connect while connecting (EALREADY)."""

BAD_ADDRESSES: dict[int, tuple[tuple[object, type[AddressError]], ...]] = {
    socket.AF_INET: (
        (("::1", 80), AddressValueError),  # an IPv6 literal on an IPv4 socket
        (("127.0.0.1", 65536), AddressValueError),  # a port outside 0..65535
        ("/tmp/socket", AddressTypeError),  # the wrong shape
        (("127.0.0.1",), AddressTypeError),
    ),
    socket.AF_INET6: (
        (("::1", -1), AddressValueError),
        (("::1", 70000, 0, 0), AddressValueError),
        ("/tmp/socket", AddressTypeError),
        (("::1", 80, 0), AddressTypeError),
    ),
    socket.AF_UNIX: (
        ("a\0b", AddressValueError),  # a NUL byte in a path
        ("/" + "x" * 200, AddressValueError),  # over 107 bytes
        (("127.0.0.1", 80), AddressTypeError),
        (42, AddressTypeError),
    ),
}
"""Addresses that can never work for each family, as the README lists them,
and the error each raises before any system call."""

PENDING_MAX = 4
"""Connections left waiting in a listener's queue at most (the backlog is far
larger): a connect to a full queue would wait."""

DATAGRAMS_MAX = 4
"""Datagrams left waiting in a socket's queue at most (a Unix socket's queue
holds 10): a send to a full one would wait."""

READS_MAX = 8
"""Reads that ``read_on`` makes at most: more than the bytes a few sends
leave waiting."""

MODEL_EXAMPLES = int(os.environ.get("SOCKSTATE_MODEL_EXAMPLES", "500"))

settings.register_profile(
    "sockstate-model",
    max_examples=MODEL_EXAMPLES,
    stateful_step_count=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
"""Bounded, so that the whole run stays within seconds; no example database
(nothing written to the worktree)."""


class KernelWatch:
    """Every ``OSError`` that a stdlib socket call raises while installed, as
    ``(call, errno)``: sockstate's calls and the test's alike."""

    WATCHED = (
        "bind",
        "connect",
        "listen",
        "_accept",
        "send",
        "sendall",
        "sendto",
        "sendmsg",
        "recv",
        "recv_into",
        "recvfrom",
        "recvmsg",
        "shutdown",
        "getsockname",
        "getpeername",
    )

    STARTED = frozenset({0, errno.EINPROGRESS})
    """What ``connect_ex`` answers when its connect has succeeded or
    started: the codes it does not record."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, int]] = []
        self._patch = pytest.MonkeyPatch()
        for name in self.WATCHED:
            self._patch.setattr(
                socket.socket, name, self._watch(name, getattr(socket.socket, name))
            )
        self._patch.setattr(socket.socket, "connect_ex", self._watch_code(socket.socket.connect_ex))

    def _watch_code(self, original: Callable[..., int]) -> Callable[..., int]:
        """``connect_ex``, which answers with an errno instead of raising."""

        def watched(sock: socket.socket, *args: object) -> int:
            code = original(sock, *args)
            if code not in self.STARTED:
                self.errors.append(("connect_ex", code))
            return code

        return watched

    def _watch(self, name: str, original: Callable[..., object]) -> Callable[..., object]:
        def watched(sock: socket.socket, *args: object) -> object:
            try:
                return original(sock, *args)
            except OSError as error:
                self.errors.append((name.lstrip("_"), error.errno or 0))
                raise

        return watched

    def take(self) -> list[tuple[str, int]]:
        """The errors recorded since the last ``take``."""
        taken, self.errors = self.errors, []
        return taken

    def remove(self) -> None:
        self._patch.undo()


@dataclass(eq=False)
class End:
    """One end of a stream connection, as the model sees it."""

    family: int
    owner: Model | None = None
    """The socket at this end; ``None`` while it waits in a listener's queue."""
    address: object = None
    """This end's local address, as ``accept`` names it (IP families)."""
    inbound: int = 0
    """Bytes the other end sent that this end has not read."""
    wrote_eof: bool = False
    """Its sending side is shut: the other end reads the end of stream."""
    read_shut: bool = False
    closed: bool = False
    reset: bool = False
    """TCP: the connection may have been reset, because bytes reached an end
    that had shut both directions (Linux resets it, as RFC 1122 asks)."""
    other: End = field(init=False)

    @property
    def troubled(self) -> bool:
        """Whether a data call here may meet a failed connection: the other
        end has closed or the connection was reset (a reset, a broken pipe),
        or, on Unix, the other end shut its receiving side (EPIPE)."""
        unix = self.family == socket.AF_UNIX
        return self.other.closed or self.reset or (unix and self.other.read_shut)

    @property
    def gone(self) -> bool:
        """Whether the kernel may have forgotten the connection (TCP only):
        the other end closed, the connection was reset, or both ends shut
        their sending sides.  Then ``getpeername`` and a shutdown may
        answer ENOTCONN, as the README says."""
        if self.family == socket.AF_UNIX:
            return False
        return self.other.closed or self.reset or (self.wrote_eof and self.other.wrote_eof)

    @property
    def readable(self) -> bool:
        """Whether a read here answers at once: bytes wait, or the other end
        has sent the end of stream."""
        return self.inbound > 0 or self.other.wrote_eof or self.other.closed


def connection(family: int) -> tuple[End, End]:
    """The two ends of a new connection."""
    first, second = End(family), End(family)
    first.other, second.other = second, first
    return first, second


@dataclass(eq=False)
class Model:
    """What the model expects of one socket."""

    sock: StateSocket[object]
    raw: socket.socket
    """Its stdlib socket, taken when it was made."""
    family: int
    kind: int
    state: State
    label: str
    blocking: bool = True
    name: object = None
    """Its address once it bound."""
    end: End | None = None
    """Its end of a stream connection."""
    queue: deque[End] = field(default_factory=deque[End])
    """A listener's connections waiting to be accepted, oldest first."""
    peer: Model | None = None
    """A connected datagram socket's peer, as the kernel has it."""
    inbound: int = 0
    """Datagrams waiting to be read, at most (the kernel may drop some)."""
    reports: bool = False
    """Whether the kernel may report an earlier datagram's fate on this
    datagram socket (ECONNREFUSED, ECONNRESET) at its next call."""
    refused: bool = False
    """A TCP socket whose non-blocking connect went to a refusing address:
    ``finish_connect`` reads the refusal."""

    @property
    def live(self) -> bool:
        """Whether it holds a descriptor."""
        return self.state not in TERMINAL

    def __repr__(self) -> str:
        return f"<{self.label}, {self.state}>"


def _reuses_address(model: Model) -> bool:
    """Whether ``model`` has ``SO_REUSEADDR``: sockstate's default for the
    IPv4 and IPv6 stream sockets it makes (the README's "Defaults"), which
    no rule turns off; accepted sockets inherit it from their listener."""
    return model.kind == STREAM and model.family != socket.AF_UNIX


def _shares(model: Model, holders: list[Model]) -> bool:
    """Whether the kernel lets ``model`` bind the address that ``holders``
    are bound to.

    Linux lets two sockets share a port when both have ``SO_REUSEADDR`` and
    neither is listening (``inet_bind_conflict``, called by
    ``inet_csk_bind_conflict`` in net/ipv4/inet_connection_sock.c: no
    conflict if ``sk->sk_reuse && sk2->sk_reuse && sk2->sk_state !=
    TCP_LISTEN``); man 7 socket, ``SO_REUSEADDR``: "a socket may bind,
    except when there is an active listening socket bound to the address".
    Otherwise it answers EADDRINUSE: to UDP sockets, which have no
    ``SO_REUSEADDR`` here, and to Unix sockets, whose path exists
    (man 7 unix).  The sockets the holders left behind (accepted ones,
    closed ones lingering in TIME_WAIT) hold the port with the same option
    and never listen, so they change nothing."""
    return _reuses_address(model) and all(
        _reuses_address(holder) and holder.state is not State.LISTENING for holder in holders
    )


def _datagram_accepts(target: Model, sender: Model) -> bool:
    """Whether the kernel queues a datagram from ``sender`` on ``target``: it
    is open and not connected to another socket."""
    return target.live and (target.state is not State.DATAGRAM_CONNECTED or target.peer is sender)


MODELLED_SENDS = tuple(name for name in SENDS if name not in ("sendfile", "send_fds"))
"""The sends the model makes: not ``sendfile`` and ``send_fds``, whose
arguments are no bytes and whose rows are the other sends' (``test_matrix``
holds them to the hand matrix; ``test_sendfile`` and ``test_fds`` test them)."""
MODELLED_READS = tuple(name for name in READS if name != "recv_fds")
"""The reads the model makes: not ``recv_fds`` (Unix only; ``test_fds``)."""


def _raw(sock: StateSocket[object]) -> socket.socket:
    """The stdlib socket of a socket that holds a descriptor."""
    raw = operation(sock, "raw_socket")()
    assert isinstance(raw, socket.socket)
    return raw


def _length(result: object) -> int:
    """How many bytes a read returned: a count, bytes, or ``recvmsg``'s
    ``(data, ancdata, flags, address)``."""
    if isinstance(result, int):
        return result
    if isinstance(result, tuple):
        data = cast("tuple[bytes, object, object, object]", result)[0]
        return len(data)
    assert isinstance(result, bytes)
    return len(result)


class SocketMachine(RuleBasedStateMachine):
    """Sockets of every family and type, every call on each, and the model."""

    directory: ClassVar[Path]
    runs: ClassVar[itertools.count[int]] = itertools.count()
    sockets: Bundle[Model] = Bundle("sockets")

    def __init__(self) -> None:
        super().__init__()
        self.models: list[Model] = []
        self.numbers = itertools.count()
        self.place = self.directory / f"run{next(self.runs)}"
        self.place.mkdir()
        self.refusers: dict[int, StateSocket[object]] = {}
        self.kernel = KernelWatch()

    def teardown(self) -> None:
        for model in self.models:
            model.sock.close()
        for refuser in self.refusers.values():
            refuser.close()
        self.kernel.remove()

    # -- helpers ------------------------------------------------------------------------------

    def _adopt(self, sock: StateSocket[object], family: int, kind: int, state: State) -> Model:
        """Track ``sock``, giving it the safety timeout."""
        raw = _raw(sock)
        raw.settimeout(SAFETY_TIMEOUT)
        label = f"{FAMILY_NAMES[family]} {'stream' if kind == STREAM else 'datagram'} socket"
        model = Model(sock, raw, family, kind, state, f"{label} #{next(self.numbers)}")
        self.models.append(model)
        return model

    def _local(self, family: int) -> object:
        """An address to bind to that no socket uses yet."""
        if family == socket.AF_INET:
            return ("127.0.0.1", 0)
        if family == socket.AF_INET6:
            return ("::1", 0, 0, 0)
        return str(self.place / f"s{next(self.numbers)}")

    def _refusing(self, family: int) -> object:
        """An address where a stream connect is refused: a socket of this
        machine bound there that never listens."""
        if family not in self.refusers:
            refuser = FACTORIES[family, STREAM]()
            operation(refuser, "bind")(self._local(family))
            self.refusers[family] = refuser
        return operation(self.refusers[family], "getsockname")()

    def _sharers(self, model: Model) -> list[Model]:
        """The machine's other sockets bound to ``model``'s address, open or
        closed (``_shares`` says when the kernel lets them)."""
        return [
            other
            for other in self.models
            if other is not model
            and (other.family, other.kind) == (model.family, model.kind)
            and other.name
            and other.name == model.name
        ]

    def _datagram_refusing(self, family: int) -> object:
        """An address to which a datagram connect fails at once, without an
        ordering errno: broadcast without SO_BROADCAST (EACCES), a Unix path
        with no socket (ENOENT)."""
        if family == socket.AF_INET:
            return ("255.255.255.255", 9)
        if family == socket.AF_INET6:
            return ("::ffff:255.255.255.255", 9)
        return str(self.place / "nobody")

    def _method(self, model: Model, name: str) -> Callable[..., object] | None:
        """``name`` on the socket if the model allows it; if the model forbids
        it, check that sockstate refuses it as the hand matrix says, before
        any system call and with nothing changed, and return ``None``."""
        expected = expect(model.state, name, model.family, model.kind)
        if isinstance(expected, Legal):
            try:
                return operation(model.sock, name)
            except OrderingError as error:
                raise AssertionError(f"{model}: the model allows {name}(); {error}") from error
        assert isinstance(expected, Refused)
        with system_calls() as calls:
            try:
                operation(model.sock, name)
            except OrderingError as error:
                refused = error
            else:
                raise AssertionError(f"{model}: sockstate allowed {name}(), which is illegal")
        assert calls == [], f"{model}: {name}() was refused after {calls}"
        assert type(refused) is expected.error, (model, name, refused)
        assert refused.operation == name
        assert refused.state is model.state
        assert refused.allowed == expected.allowed
        assert str(refused).startswith(expected.head), str(refused)
        assert model.sock.state is model.state
        return None

    def _call(
        self, method: Callable[..., object], *args: object
    ) -> tuple[object, BaseException | None]:
        """What ``method(*args)`` returned, or raised (an ``OSError`` or one of
        sockstate's errors)."""
        try:
            return method(*args), None
        except (OSError, SockstateError) as error:
            return None, error

    def _at_once(
        self, model: Model, method: Callable[..., object], *args: object
    ) -> tuple[object, BaseException | None]:
        """``_call`` with the socket non-blocking for the call, so that a call
        that would wait raises ``BlockingIOError`` instead.  (``MSG_DONTWAIT``
        would not do: the stdlib polls a socket with a timeout first.)"""
        model.raw.settimeout(0.0)
        try:
            return self._call(method, *args)
        finally:
            model.raw.settimeout(SAFETY_TIMEOUT if model.blocking else 0.0)

    def _kernel_answered(self, subject: object, *excused: int) -> None:
        """Check what the kernel answered since the last check: no ordering
        errno, unless the model ``excused`` it."""
        for call, number in self.kernel.take():
            if number in ORDERING_ERRNOS and number not in excused:
                raise AssertionError(
                    f"{subject}: the kernel answered {call}() with {errno.errorcode[number]}: "
                    "a call in an illegal order got through sockstate"
                )

    def _refuses_address(
        self, model: Model, method: Callable[..., object], index: int, *before: object
    ) -> None:
        """Call ``method(*before, address)`` with an address that can never
        work: the address error, before any system call, nothing changed."""
        address, kind = BAD_ADDRESSES[model.family][index % len(BAD_ADDRESSES[model.family])]
        with system_calls() as calls:
            _, error = self._call(method, *before, address)
        assert type(error) is kind, (model, address, error)
        assert isinstance(error, AddressError)
        assert error.address is address
        assert error.family == model.family
        assert calls == [], (model, address, calls)
        assert model.sock.state is model.state

    def _refuses_mode(
        self, model: Model, method: Callable[..., object], name: str, address: object
    ) -> None:
        """Call ``method(address)``, a connect that the socket's mode rules
        out: ``ModeError`` (not an ordering error) with its attributes,
        before any system call, nothing changed."""
        timeout = model.raw.gettimeout()
        with system_calls() as calls:
            _, error = self._call(method, address)
        assert type(error) is ModeError, (model, name, error)
        assert error.operation == name
        assert error.state is model.state
        assert error.timeout == timeout
        assert calls == [], (model, name, calls)
        assert model.sock.state is model.state
        assert model.raw.gettimeout() == timeout

    def _unexpected(self, model: Model, call: str, error: BaseException | None) -> AssertionError:
        return AssertionError(f"{model}: {call}() answered {error!r}, which the model rules out")

    def _move(
        self, model: Model, name: str, *, failing: bool = False, at_end: bool = False
    ) -> None:
        model.state = after(model.state, name, failing=failing, at_end=at_end)

    def _datagram_target(self, model: Model, target: Model) -> tuple[object, Model | None]:
        """Where a datagram ``connect`` or ``sendto`` from ``model`` aimed at
        ``target`` goes, and the model of the socket there, if any: the
        target's name if it is a named datagram socket of the same family
        (a closed one's too on Unix, whose path stays), else an address
        with no socket."""
        if (
            target.kind == DGRAM
            and target.family == model.family
            and target.name
            and (target.live or model.family == socket.AF_UNIX)
        ):
            return target.name, target
        if model.family == socket.AF_UNIX:
            return str(self.place / "nobody"), None
        return self._refusing(model.family), None

    # -- making sockets -------------------------------------------------------------------------

    def _new(self, family: int, kind: int) -> Model:
        first = State.FRESH if kind == STREAM else State.DATAGRAM
        return self._adopt(FACTORIES[family, kind](), family, kind, first)

    @rule(target=sockets, family=st.sampled_from(FAMILIES), kind=st.sampled_from(TYPES))
    def new_socket(self, family: int, kind: int) -> Model:
        return self._new(family, kind)

    @rule(target=sockets, kind=st.sampled_from(TYPES))
    def new_socket_pair(self, kind: int) -> MultipleResults[Model]:
        pair: tuple[StateSocket[object], StateSocket[object]]
        if kind == STREAM:
            pair = sockstate.socketpair()
            state = ACCEPTED
        else:
            pair = sockstate.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            state = State.DATAGRAM_CONNECTED
        first, second = pair
        one = self._adopt(first, socket.AF_UNIX, kind, state)
        two = self._adopt(second, socket.AF_UNIX, kind, state)
        if kind == STREAM:
            one.end, two.end = connection(socket.AF_UNIX)
            one.end.owner, two.end.owner = one, two
        else:
            one.peer, two.peer = two, one
            one.name = two.name = ""
        return multiple(one, two)

    @rule(target=sockets, family=st.sampled_from(FAMILIES))
    def new_connection(self, family: int) -> MultipleResults[Model]:
        """A listener, a client connected to it and the server end accepted,
        through the same steps as the rules take one at a time."""
        listener = self._new(family, STREAM)
        self.bind(listener, "free", 0)
        self.listen(listener)
        client = self._new(family, STREAM)
        self.connect(client, listener, "toward", 0)
        server = self._accept(listener)
        assert server is not None
        return multiple(listener, client, server)

    @rule(
        target=sockets,
        family=st.sampled_from(FAMILIES),
        how=st.sampled_from(["toward", "refusing"]),
        bound=st.booleans(),
    )
    def new_connecting(self, family: int, how: str, *, bound: bool) -> MultipleResults[Model]:
        """A listener and a non-blocking client, fresh or ``bound``, whose
        connect has started toward it or a refusing address (its blocking
        ``connect`` tried first, which the mode refuses), through the same
        steps as the rules take one at a time."""
        listener = self._new(family, STREAM)
        self.bind(listener, "free", 0)
        self.listen(listener)
        client = self._new(family, STREAM)
        if bound:
            self.bind(client, "free", 0)
        self.set_mode(client, "setblocking", blocking=False)
        self.connect(client, listener, how, 0)
        self.start_connect(client, listener, how, 0)
        return multiple(listener, client)

    @rule(target=sockets, family=st.sampled_from(FAMILIES))
    def new_datagram_peers(self, family: int) -> MultipleResults[Model]:
        """Two bound datagram sockets, the second connected to the first,
        through the same steps as the rules take one at a time."""
        first = self._new(family, DGRAM)
        self.bind(first, "free", 0)
        second = self._new(family, DGRAM)
        self.bind(second, "free", 0)
        self.connect(second, first, "toward", 0)
        return multiple(first, second)

    # -- setting up ------------------------------------------------------------------------------

    @rule(
        model=sockets,
        how=st.sampled_from(["free", "in use", "bad"]),
        index=st.integers(0, 3),
    )
    def bind(self, model: Model, how: str, index: int) -> None:
        method = self._method(model, "bind")
        if method is None:
            return
        if how == "bad":
            self._refuses_address(model, method, index)
            return
        holders = [
            other
            for other in self.models
            if other.family == model.family
            and other.kind == model.kind
            and other.name
            and (other.live or other.family == socket.AF_UNIX)
        ]
        in_use = how == "in use" and bool(holders)
        address = holders[0].name if in_use else self._local(model.family)
        sharing = [other for other in holders if other.name == address]
        refused = in_use and not _shares(model, sharing)
        _, error = self._call(method, address)
        self._kernel_answered(model)
        if refused:
            if not (isinstance(error, OSError) and error.errno == errno.EADDRINUSE):
                raise self._unexpected(model, "bind", error)
            return
        if error is not None:
            raise self._unexpected(model, "bind", error)
        self._move(model, "bind")
        model.name = operation(model.sock, "getsockname")()

    @rule(model=sockets)
    def listen(self, model: Model) -> None:
        method = self._method(model, "listen")
        if method is None:
            return
        # Linux checks the port again when a socket listens (inet_csk_listen_start
        # calls inet_csk_get_port), by the rule of ``_shares``: man 2 listen,
        # "EADDRINUSE Another socket is already listening on the same port".
        refused = any(other.state is State.LISTENING for other in self._sharers(model))
        _, error = self._call(method)
        self._kernel_answered(model)
        if refused:
            if not (isinstance(error, OSError) and error.errno == errno.EADDRINUSE):
                raise self._unexpected(model, "listen", error)
            return  # it stays bound, as the README says
        if error is not None:
            raise self._unexpected(model, "listen", error)
        self._move(model, "listen")

    @rule(target=sockets, model=sockets)
    def accept(self, model: Model) -> MultipleResults[Model]:
        accepted = self._accept(model)
        return multiple() if accepted is None else multiple(accepted)

    def _accept(self, model: Model) -> Model | None:
        """The connection ``accept`` returns, if it is legal and one waits."""
        method = self._method(model, "accept")
        if method is None or (model.blocking and not model.queue):
            return None
        result, error = self._call(method)
        self._kernel_answered(model)
        if isinstance(error, BlockingIOError) and not model.blocking:
            return None
        if error is not None:
            raise self._unexpected(model, "accept", error)
        sock, address = cast("tuple[StateSocket[object], object]", result)
        assert model.queue, f"{model}: accept() returned a connection the model never made"
        end = model.queue.popleft()
        if model.family != socket.AF_UNIX:
            assert address == end.other.address, "the connections came out of order"
        accepted = self._adopt(sock, model.family, STREAM, ACCEPTED)
        accepted.end, end.owner = end, accepted
        return accepted

    @rule(
        model=sockets,
        toward=sockets,
        how=st.sampled_from(["toward", "refusing", "bad"]),
        index=st.integers(0, 3),
    )
    def connect(self, model: Model, toward: Model, how: str, index: int) -> None:
        method = self._method(model, "connect")
        if method is None:
            return
        if model.kind == STREAM and not model.blocking:
            self._refuses_mode(model, method, "connect", self._stream_target(model, toward, how))
        elif how == "bad":
            self._refuses_address(model, method, index)
        elif model.kind == STREAM:
            self._connect_stream(model, method, toward, how)
        else:
            self._connect_datagram(model, method, toward, how)

    def _listens(self, model: Model, target: Model, how: str) -> bool:
        """Whether a stream connect from ``model`` aimed ``how`` at
        ``target`` reaches a listener with room in its queue."""
        return (
            how == "toward"
            and target.kind == STREAM
            and target.family == model.family
            and target.state is State.LISTENING
            and len(target.queue) < PENDING_MAX
        )

    def _stream_target(self, model: Model, target: Model, how: str) -> object:
        """Where a stream connect from ``model`` aimed ``how`` at ``target``
        goes: the listener's name, or an address that refuses."""
        return target.name if self._listens(model, target, how) else self._refusing(model.family)

    def _queue(self, model: Model, target: Model) -> None:
        """``model``'s connect reached the listener ``target``: the new
        connection waits in its queue.  Unless ``model`` shares the
        listener's port: then it connected to itself, and the queue stays
        empty.  Its SYN, from the port to the same port, finds the socket
        itself before the listener (Linux looks up established and
        connecting sockets first, ``__inet_lookup``), which answers it as a
        simultaneous open (RFC 9293, 3.5, figure 7)."""
        if model.name and model.name == target.name:
            end = End(model.family, owner=model)
            end.other = model.end = end
            return
        client, server = connection(model.family)
        client.owner = model
        if model.family != socket.AF_UNIX:
            client.address = operation(model.sock, "getsockname")()
        model.end = client
        target.queue.append(server)

    def _taken(self, model: Model, error: BaseException | None) -> bool:
        """Whether ``error`` is the kernel's EADDRNOTAVAIL to a connect from
        a port that ``model`` shares: another socket on the port may have (or,
        closed, may still hold in TIME_WAIT) a connection to the same place,
        and Linux refuses a second connection with the same four addresses
        (``__inet_check_established`` in net/ipv4/inet_hashtables.c)."""
        return (
            isinstance(error, OSError)
            and error.errno == errno.EADDRNOTAVAIL
            and bool(self._sharers(model))
        )

    def _connect_stream(
        self, model: Model, method: Callable[..., object], target: Model, how: str
    ) -> None:
        listening = self._listens(model, target, how)
        _, error = self._call(method, self._stream_target(model, target, how))
        self._kernel_answered(model)
        if listening and error is None:
            self._queue(model, target)
            self._move(model, "connect")
        elif (not listening and isinstance(error, OSError)) or self._taken(model, error):
            self._move(model, "connect", failing=True)
        else:
            raise self._unexpected(model, "connect", error)

    @rule(
        model=sockets,
        toward=sockets,
        how=st.sampled_from(["toward", "refusing", "bad"]),
        index=st.integers(0, 3),
    )
    def start_connect(self, model: Model, toward: Model, how: str, index: int) -> None:
        """A non-blocking connect: to a listener it starts (a Unix one
        succeeds at once, and is still ``connecting`` until
        ``finish_connect``); to a refusing address a TCP one starts too and
        ``finish_connect`` reads the refusal, a Unix one fails at once."""
        method = self._method(model, "start_connect")
        if method is None:
            return
        if model.blocking:
            self._refuses_mode(
                model, method, "start_connect", self._stream_target(model, toward, how)
            )
            return
        if how == "bad":
            self._refuses_address(model, method, index)
            return
        listening = self._listens(model, toward, how)
        unix = model.family == socket.AF_UNIX
        result, error = self._call(method, self._stream_target(model, toward, how))
        self._kernel_answered(model)
        if error is None and (listening or not unix):
            assert result is model.sock
            if listening:
                self._queue(model, toward)
            else:
                model.refused = True
            self._move(model, "start_connect")
        elif (not listening and unix and isinstance(error, OSError)) or self._taken(model, error):
            self._move(model, "start_connect", failing=True)
        else:
            raise self._unexpected(model, "start_connect", error)

    @rule(model=sockets, wait=st.booleans())
    def finish_connect(self, model: Model, *, wait: bool) -> None:
        """The kernel's answer to a non-blocking connect, once the socket is
        writable, or at once (``wait`` false), when ``BlockingIOError`` says
        it is still in progress and the socket stays ``connecting``."""
        method = self._method(model, "finish_connect")
        if method is None:
            return
        if wait:
            _, writable, _ = select.select([], [model.raw], [], SAFETY_TIMEOUT)
            assert writable, f"{model}: the connect never finished"
        result, error = self._call(method)
        in_progress = isinstance(error, BlockingIOError) and error.errno == errno.EINPROGRESS
        self._kernel_answered(model, *((errno.ENOTCONN,) if in_progress else ()))
        end = model.end
        failed = isinstance(error, OSError) and not isinstance(error, BlockingIOError)
        if in_progress and not wait:
            assert model.sock.state is State.CONNECTING
        elif error is None and not model.refused:
            assert result is model.sock
            self._move(model, "finish_connect")
        elif failed and (model.refused or (end is not None and end.troubled)):
            self._released(model)
            self._move(model, "finish_connect", failing=True)
        else:
            raise self._unexpected(model, "finish_connect", error)

    def _connect_datagram(
        self, model: Model, method: Callable[..., object], target: Model, how: str
    ) -> None:
        if how == "toward":
            address, there = self._datagram_target(model, target)
            if model.family == socket.AF_UNIX:
                works = there is not None and _datagram_accepts(there, model)
            else:
                works = True  # UDP: connect sends nothing, to any address
        else:
            address, there, works = self._datagram_refusing(model.family), None, False
        _, error = self._call(method, address)
        self._kernel_answered(model)
        if works and error is None:
            old = model.peer
            if model.family == socket.AF_UNIX and old is not None and old is not there:
                model.inbound = 0  # the kernel drops what the old peer sent
                if old.peer is model:
                    old.reports = True  # ECONNRESET, if anything was dropped
            model.peer = there
            self._move(model, "connect")
        elif not works and isinstance(error, OSError):
            self._move(model, "connect", failing=True)
        else:
            raise self._unexpected(model, "connect", error)

    @rule(wait=st.booleans())
    def finish_connects(self, *, wait: bool) -> None:
        """``finish_connect`` on every socket the model has connecting: the
        step ``finish_connect`` takes on one, so that the states after a
        non-blocking connect come up often."""
        for model in list(self.models):
            if model.state is State.CONNECTING:
                self.finish_connect(model, wait=wait)

    # -- data --------------------------------------------------------------------------------------

    @rule(model=sockets, name=st.sampled_from(MODELLED_SENDS), size=st.integers(1, 8))
    def send(self, model: Model, name: str, size: int) -> None:
        method = self._method(model, name)
        if method is None:
            return
        if model.kind == DGRAM:
            self._send_datagram(model, method, size)
            return
        end = model.end
        assert end is not None
        data = b"x" * size
        result, error = self._call(method, [data] if name == "sendmsg" else data)
        if end.troubled:
            self._kernel_answered(model, errno.EPIPE)
        else:
            self._kernel_answered(model)
        if error is None:
            end.other.inbound += size if result is None else _length(result)
            if model.family != socket.AF_UNIX and end.other.read_shut and end.other.wrote_eof:
                end.reset = end.other.reset = True
        elif end.troubled and isinstance(error, ConnectionError):
            self._move(model, name, failing=True)
        else:
            raise self._unexpected(model, name, error)

    def _send_datagram(self, model: Model, method: Callable[..., object], size: int) -> None:
        """A datagram to the peer: queued there if it takes it; on Unix,
        refused if the peer has closed (the kernel disconnects the socket)
        and EPERM if it is connected elsewhere; on UDP, dropped, with the
        ICMP error reported at a later call."""
        peer = model.peer
        if peer is not None and peer.inbound >= DATAGRAMS_MAX:
            return
        _, error = self._call(method, b"x" * size)
        self._kernel_answered(model)
        unix = model.family == socket.AF_UNIX
        accepted = peer is not None and _datagram_accepts(peer, model)
        if error is None and accepted:
            assert peer is not None
            peer.inbound += 1
        elif error is None and not unix:
            model.reports = True
        elif unix and isinstance(error, ConnectionRefusedError) and peer and not peer.live:
            model.peer, model.inbound = None, 0
            self._move(model, "send", failing=True)
        elif unix and isinstance(error, PermissionError) and peer and not accepted:
            pass
        elif not (isinstance(error, ConnectionError) and model.reports):
            raise self._unexpected(model, "send", error)

    @rule(model=sockets, toward=sockets, size=st.integers(1, 8), bad=st.integers(0, 7))
    def sendto(self, model: Model, toward: Model, size: int, bad: int) -> None:
        method = self._method(model, "sendto")
        if method is None:
            return
        if bad < len(BAD_ADDRESSES[model.family]):
            self._refuses_address(model, method, bad, b"x" * size)
            return
        address, there = self._datagram_target(model, toward)
        if there is not None and there.inbound >= DATAGRAMS_MAX:
            return
        _, error = self._call(method, b"x" * size, address)
        self._kernel_answered(model)
        accepted = there is not None and _datagram_accepts(there, model)
        if error is None and there is not None and accepted:
            there.inbound += 1
        elif error is None and (model.family != socket.AF_UNIX or accepted):
            pass  # UDP drops what nobody takes, silently
        elif not isinstance(error, OSError) or accepted or model.family != socket.AF_UNIX:
            raise self._unexpected(model, "sendto", error)

    @rule(model=sockets, name=st.sampled_from(MODELLED_READS), size=st.integers(1, 8))
    def read(self, model: Model, name: str, size: int) -> None:
        method = self._method(model, name)
        if method is None:
            return
        if model.kind == DGRAM:
            self._receive_datagram(model, "recv", method, size)
            return
        end = model.end
        assert end is not None
        waits = end.readable and model.blocking
        call = self._call if end.readable else functools.partial(self._at_once, model)
        if name == "recv_exactly":
            ends = end.other.wrote_eof or end.other.closed
            if not (model.blocking and (end.inbound >= size or ends)):
                return  # it would wait, or lose what it read first if it cannot wait
            result, error = call(method, size)
        elif name == "recv_into":
            result, error = call(method, bytearray(size), size, 0)
        elif name == "recvmsg":
            result, error = call(method, size, 0, 0)
        else:
            result, error = call(method, size, 0)
        self._kernel_answered(model)
        self._after_read(model, end, name, size, result, error, waits=waits)

    def _after_read(
        self,
        model: Model,
        end: End,
        name: str,
        size: int,
        result: object,
        error: BaseException | None,
        *,
        waits: bool,
    ) -> None:
        """Account for what a stream read returned, or check why it failed
        (``BlockingIOError`` only from a read that did not ``wait``)."""
        count: int | None = None
        if isinstance(error, IncompleteReadError):
            assert len(error.partial) == end.inbound < size, (model, error)
            end.inbound = 0
            count = 0
        elif error is None:
            count = _length(result)
        if count is not None and count > 0:
            assert count <= min(size, end.inbound), (
                f"{model}: read {count} bytes, model has {end.inbound}"
            )
            end.inbound -= count
        elif count == 0:
            assert end.inbound == 0, f"{model}: the end of stream with bytes unread"
            assert end.other.wrote_eof or end.other.closed, f"{model}: an end nobody sent"
            self._move(model, name, at_end=True)
        elif isinstance(error, ConnectionError) and end.troubled:
            self._move(model, name, failing=True)
        elif waits or not isinstance(error, BlockingIOError):
            raise self._unexpected(model, name, error)

    @rule(model=sockets, name=st.sampled_from(MODELLED_READS))
    def read_on(self, model: Model, name: str) -> None:
        """Reads while the model knows there is something to read: through
        the bytes waiting to the peer's end of stream, if it has ended it.
        The steps ``read`` takes one at a time, so that the states after the
        end come up often."""
        for _ in range(READS_MAX):
            legal = isinstance(expect(model.state, name, model.family, model.kind), Legal)
            if not (legal and model.end is not None and model.end.readable):
                return
            self.read(model, name, 8)

    @rule(model=sockets, size=st.integers(1, 8))
    def recvfrom(self, model: Model, size: int) -> None:
        method = self._method(model, "recvfrom")
        if method is not None:
            self._receive_datagram(model, "recvfrom", method, size)

    def _receive_datagram(
        self, model: Model, name: str, method: Callable[..., object], size: int
    ) -> None:
        """A datagram read, never waiting: a datagram, a truncated one, none."""
        _, error = self._at_once(model, method, size)
        self._kernel_answered(model)
        if error is None or isinstance(error, MessageTruncatedError):
            model.inbound = max(0, model.inbound - 1)
        elif not isinstance(error, BlockingIOError) and not (
            isinstance(error, ConnectionError) and model.reports
        ):
            raise self._unexpected(model, name, error)

    # -- shutting down and closing ---------------------------------------------------------------

    @rule(model=sockets, name=st.sampled_from(["shutdown_write", "shutdown_read", "shutdown_both"]))
    def shutdown(self, model: Model, name: str) -> None:
        method = self._method(model, name)
        if method is None:
            return
        end = model.end
        assert end is not None
        if expect(model.state, name, model.family, model.kind) == STAYS:
            with system_calls() as calls:
                result, error = self._call(method)
            assert (result, error, calls) == (model.sock, None, []), f"{model}: {name}() did work"
            return
        gone = end.gone
        result, error = self._call(method)
        if gone:
            self._kernel_answered(model, errno.ENOTCONN)
        else:
            self._kernel_answered(model)
        if error is None:
            assert result is model.sock
            end.wrote_eof = end.wrote_eof or name != "shutdown_read"
            end.read_shut = end.read_shut or name != "shutdown_write"
            self._move(model, name)
        elif gone and isinstance(error, OSError):
            self._move(model, name, failing=True)
        else:
            raise self._unexpected(model, name, error)

    @rule(model=sockets)
    def close(self, model: Model) -> None:
        method = self._method(model, "close")
        assert method is not None
        result, error = self._call(method)
        self._kernel_answered(model)
        assert (result, error) == (model.sock, None), f"{model}: close() raised {error!r}"
        self._released(model)
        self._move(model, "close")

    @rule(model=sockets)
    def detach(self, model: Model) -> None:
        """Hand the descriptor over, and close it as its new owner would: the
        object is ``detached``; the peers see a close."""
        method = self._method(model, "detach")
        if method is None:
            return
        descriptor = model.raw.fileno()
        result, error = self._call(method)
        self._kernel_answered(model)
        assert (result, error) == (descriptor, None), f"{model}: detach() answered {error!r}"
        os.close(descriptor)
        self._released(model)
        self._move(model, "detach")

    def _released(self, model: Model) -> None:
        """``model``'s descriptor is gone: its connection's other end, and the
        connections waiting in its queue, meet a closed end."""
        if model.end is not None:
            model.end.closed = model.end.wrote_eof = True
        for waiting in model.queue:
            waiting.closed = waiting.wrote_eof = True
        model.queue.clear()

    # -- the rest --------------------------------------------------------------------------------

    @rule(
        model=sockets,
        name=st.sampled_from(
            [
                "getsockname",
                "getpeername",
                "fileno",
                "raw_socket",
                "makefile",
                "gettimeout",
                "getblocking",
                "options",
            ]
        ),
    )
    def ask(self, model: Model, name: str) -> None:
        method = self._method(model, name)
        if method is None:
            return
        if name in PROPERTIES:
            assert method is not None  # the property was read: that was the call
            return
        result, error = self._call(method, *(("rb",) if name == "makefile" else ()))
        gone = name == "getpeername" and model.end is not None and model.end.gone
        if gone:
            self._kernel_answered(model, errno.ENOTCONN)
        else:
            self._kernel_answered(model)
        if error is not None and not (gone and isinstance(error, OSError)):
            raise self._unexpected(model, name, error)
        if name == "makefile":
            assert hasattr(result, "close")
            cast("io.IOBase", result).close()
        if name == "fileno":
            assert isinstance(result, int)
            assert result >= 0
        if name == "gettimeout":
            assert result == (SAFETY_TIMEOUT if model.blocking else 0.0), (model, result)
        if name == "getblocking":
            assert result is model.blocking, (model, result)

    @rule(
        model=sockets,
        action=st.sampled_from(
            ["send", "shutdown_write", "shutdown_read", "shutdown_both", "close"]
        ),
    )
    def peer_acts(self, model: Model, action: str) -> None:
        """The other end of ``model``'s connection sends, shuts a side down or
        closes: what ``model`` meets next."""
        peer = model.end.other.owner if model.end is not None else model.peer
        if peer is None:
            return
        if action == "send":
            self.send(peer, "send", 4)
        elif action == "close":
            self.close(peer)
        else:
            self.shutdown(peer, action)

    @rule(model=sockets, how=st.sampled_from(["settimeout", "setblocking"]), blocking=st.booleans())
    def set_mode(self, model: Model, how: str, *, blocking: bool) -> None:
        """Blocking (with the safety timeout) or non-blocking, through
        sockstate's mode calls: no state changes.  ``setblocking(True)``
        blocks for good, so the safety timeout follows it."""
        method = self._method(model, how)
        if method is None:
            return
        timeout = SAFETY_TIMEOUT if blocking else 0.0
        with system_calls() as calls:
            result, error = self._call(method, timeout if how == "settimeout" else blocking)
        assert (result, error, calls) == (None, None, []), f"{model}: {how}() answered {error!r}"
        if how == "setblocking" and blocking:
            assert operation(model.sock, "gettimeout")() is None
            operation(model.sock, "settimeout")(SAFETY_TIMEOUT)
        assert model.sock.state is model.state
        assert model.raw.gettimeout() == timeout
        model.blocking = blocking

    @invariant()
    def every_state_is_the_models(self) -> None:
        for model in self.models:
            assert model.sock.state is model.state, f"{model}: sockstate says {model.sock.state}"
            released = model.raw.fileno() == -1
            assert released is not model.live, f"{model}: descriptor released: {released}"
        self._kernel_answered("a call between the steps")


@pytest.mark.timeout(max(120, MODEL_EXAMPLES // 5))
def test_random_calls_on_real_sockets_keep_to_the_model(tmp_path: Path) -> None:
    SocketMachine.directory = tmp_path
    run_state_machine_as_test(SocketMachine, settings=settings.get_profile("sockstate-model"))


# The steps below are rare in random runs; each test takes them on purpose,
# so that the model's account of a shared port is held against the kernel
# every run.  A rule that disagrees with the kernel raises AssertionError.


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[SocketMachine]:
    """A machine driven by hand, rule by rule; torn down when the test ends."""
    SocketMachine.directory = tmp_path
    made = SocketMachine()
    try:
        yield made
    finally:
        made.teardown()


def _ipv4_stream(machine: SocketMachine) -> Model:
    """A new IPv4 stream socket of the machine."""
    made = machine.new_socket(socket.AF_INET, STREAM)
    assert isinstance(made, Model)  # the rule's type allows multiple() too
    return made


def _sharing(machine: SocketMachine) -> tuple[Model, Model]:
    """Two IPv4 stream sockets bound to one port: the second bound to the
    address the first holds."""
    first = _ipv4_stream(machine)
    machine.bind(first, "free", 0)
    second = _ipv4_stream(machine)
    machine.bind(second, "in use", 0)
    return first, second


def test_the_model_lets_two_sockets_bind_one_port_while_neither_listens(
    machine: SocketMachine,
) -> None:
    first, second = _sharing(machine)
    assert second.state is State.BOUND
    assert second.name == first.name
    machine.every_state_is_the_models()


def test_the_model_refuses_a_bind_to_a_port_a_socket_listens_on(machine: SocketMachine) -> None:
    listener = _ipv4_stream(machine)
    machine.bind(listener, "free", 0)
    machine.listen(listener)
    late = _ipv4_stream(machine)
    machine.bind(late, "in use", 0)  # EADDRINUSE
    assert late.state is State.FRESH
    machine.every_state_is_the_models()


def test_the_model_refuses_a_second_listener_on_a_shared_port(machine: SocketMachine) -> None:
    first, second = _sharing(machine)
    machine.listen(first)
    machine.listen(second)  # EADDRINUSE
    assert (first.state, second.state) == (State.LISTENING, State.BOUND)
    machine.every_state_is_the_models()


def test_the_model_connects_a_socket_to_itself_toward_a_listener_on_its_port(
    machine: SocketMachine,
) -> None:
    first, second = _sharing(machine)
    machine.listen(second)
    machine.connect(first, second, "toward", 0)
    machine.send(first, "send", 4)
    machine.read(first, "recv", 8)  # the 4 bytes it sent itself
    machine.set_mode(second, "setblocking", blocking=False)
    assert machine.accept(second) == multiple()  # BlockingIOError: nothing queued
    machine.every_state_is_the_models()


def test_the_model_fails_a_second_connection_from_a_shared_port_to_one_place(
    machine: SocketMachine,
) -> None:
    first, second = _sharing(machine)
    listener = _ipv4_stream(machine)
    machine.bind(listener, "free", 0)
    machine.listen(listener)
    machine.connect(first, listener, "toward", 0)
    machine.connect(second, listener, "toward", 0)  # EADDRNOTAVAIL
    assert (first.state, second.state) == (State.CONNECTED, State.FAILED)
    machine.every_state_is_the_models()


def test_the_kernel_watch_records_each_error_the_kernel_answers() -> None:
    """The watch that the machine's errno checks rely on sees a kernel call
    fail, and leaves the stdlib as it was when removed."""
    original = vars(socket.socket).get("_accept")
    watch = KernelWatch()
    try:
        with socket.socket() as raw, pytest.raises(OSError, match="Invalid argument"):
            raw.accept()  # before listen: EINVAL
        recorded = watch.take()
    finally:
        watch.remove()
    assert recorded == [("accept", errno.EINVAL)]
    assert vars(socket.socket).get("_accept") is original


def test_the_kernel_watch_records_the_code_a_non_blocking_connect_answers() -> None:
    """A ``connect_ex`` that answers with an errno, rather than raising,
    is recorded too (here an ordering one: EISCONN)."""
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())  # blocking: answers EISCONN
    watch = KernelWatch()
    try:
        with listener, client:
            assert client.connect_ex(listener.getsockname()) == errno.EISCONN
        recorded = watch.take()
    finally:
        watch.remove()
    assert recorded == [("connect_ex", errno.EISCONN)]
    assert "connect_ex" not in vars(socket.socket)
