"""What sockstate's tests share: the address families, sockets in every
state (one table of recipes, ``RECIPES``, and ``Family.build``), and views
of the kernel's side of a socket.

Rules of this module:

* Real sockets on loopback only: ``127.0.0.1``, ``::1``, Unix paths in the
  test's ``tmp_path`` and Linux abstract names with a random suffix.
* Every socket a ``Family`` makes is closed when the test ends (the fixtures
  in ``conftest.py`` call ``Family.close_all``), so a test that fails halfway
  leaks nothing.
* ``bind`` and ``connect`` take addresses whose type depends on the family;
  ``Family`` makes those two calls with the family's own types, so that one
  test body, generic in the address type, runs for every family.
* A test that needs a socket in a state asks ``Family.build(state)``; the
  one way to each state is its recipe in ``RECIPES``, through sockstate's
  public calls (and a peer's, for the states a peer brings about).
"""

from __future__ import annotations

import abc
import contextlib
import errno
import itertools
import os
import secrets
import select
import socket
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

import pytest

import sockstate
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
    IPv4Address,
    IPv6Address,
    ListeningSocket,
    ReceiveOnlySocket,
    SendOnlySocket,
    ShutDownSocket,
    State,
    TLSEndedSocket,
    TLSSocket,
    UnixAddress,
    UnwrappingSocket,
)

if TYPE_CHECKING:
    from collections.abc import Generator
    from pathlib import Path

    from _private import Adopted

Addr = TypeVar("Addr")
"""The address type of the family a test runs with."""

REFUSALS = "refused|denied|Invalid argument|No such file"
"""What the kernel says when a connect to ``refusing()`` or
``datagram_refusing()`` fails: ECONNREFUSED, EACCES, EINVAL or ENOENT."""

SAFETY_TIMEOUT = 5.0
"""Seconds before a blocking call in a test gives up: a safety net against a
hang, never a means of synchronisation."""

StateSocket = (
    FreshSocket[Addr]
    | BoundSocket[Addr]
    | ListeningSocket[Addr]
    | ConnectingSocket[Addr]
    | ConnectedSocket[Addr]
    | ReceiveOnlySocket[Addr]
    | SendOnlySocket[Addr]
    | ShutDownSocket[Addr]
    | EndedSocket[Addr]
    | FinishedSocket[Addr]
    | HandshakingSocket[Addr]
    | TLSSocket[Addr]
    | TLSEndedSocket[Addr]
    | UnwrappingSocket[Addr]
    | BrokenSocket
    | DatagramSocket[Addr]
    | BoundDatagramSocket[Addr]
    | ConnectedDatagramSocket[Addr]
    | FailedSocket
    | HandshakeFailedSocket
    | DetachedSocket
    | ClosedSocket
)
"""A socket in any state, as a variable may name it."""

DatagramConnectable = (
    DatagramSocket[Addr] | BoundDatagramSocket[Addr] | ConnectedDatagramSocket[Addr]
)
"""A datagram socket in any state that has ``connect()``: every live one."""

DATAGRAM_STATES = (State.DATAGRAM, State.DATAGRAM_BOUND, State.DATAGRAM_CONNECTED)
"""The datagram states, in the table's order."""

STREAM_STATES = (
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
"""The live stream states, in the table's order."""

LIVE_STATES = STREAM_STATES + DATAGRAM_STATES
"""Every state that holds a descriptor."""


class _Closable(Protocol):
    def close(self) -> object: ...


class Stateful(Protocol):
    """Anything with a ``state``: a socket in any state."""

    @property
    def state(self) -> State: ...


def state_of(sock: Stateful) -> State:
    """``sock.state``, read afresh: a socket's state changes under a variable
    whose static type does not, and a type checker would narrow
    ``sock.state`` after a first check."""
    return sock.state


def ipv6_loopback_works() -> bool:
    """Whether this machine can bind ``::1``: the IPv6 tests skip otherwise."""
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


def open_fds() -> int:
    """How many descriptors this process has open (the listing's own included,
    so two counts compare equal when nothing else changed)."""
    return len(os.listdir("/proc/self/fd"))


def fd_is_open(fd: int) -> bool:
    """Whether ``fd`` is an open descriptor of this process.  Uses ``lstat``,
    which opens nothing, so it cannot reuse the number it asks about."""
    return os.path.lexists(f"/proc/self/fd/{fd}")


def in_a_system_call_on(tid: int, fd: int) -> bool:
    """Whether thread ``tid`` of this process sits in a system call whose
    first argument is ``fd`` (a recv, send, accept or connect on it, not the
    GIL's futex)."""
    with open(f"/proc/self/task/{tid}/syscall") as status:
        fields = status.read().split()
    return len(fields) > 1 and fields[0] not in ("running", "-1") and int(fields[1], 16) == fd


def blocking_with_safety_net(raw: socket.socket) -> None:
    """Make ``raw`` blocking, so that a call on it waits in the system call
    itself rather than in poll, with the kernel's own timeouts
    (``SO_RCVTIMEO``, ``SO_SNDTIMEO``) as the safety net: a call that
    nothing wakes fails after ``SAFETY_TIMEOUT``."""
    raw.settimeout(None)
    timeval = struct.pack("ll", int(SAFETY_TIMEOUT), 0)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval)


_RECORDERS: list[list[str]] = []
_HOOKED: list[bool] = []


def _record_socket_calls(event: str, args: tuple[object, ...]) -> None:
    if _RECORDERS and event.startswith("socket."):
        _RECORDERS[-1].append(event)


@contextlib.contextmanager
def socket_calls() -> Generator[list[str], None, None]:
    """The stdlib socket calls made inside the block, as the names of the
    audit events they raise (``socket.__new__``, ``socket.bind``,
    ``socket.connect``, ``socket.sendto``, ...): proof that a refused call
    never reached the stdlib.  The audit hook, once added, stays (audit
    hooks cannot be removed) but records nothing outside this block."""
    if not _HOOKED:
        sys.addaudithook(_record_socket_calls)
        _HOOKED.append(True)
    calls: list[str] = []
    _RECORDERS.append(calls)
    try:
        yield calls
    finally:
        _RECORDERS.pop()


_SPIED = (
    "listen",
    "_accept",
    "send",
    "sendall",
    "sendmsg",
    "recv",
    "recv_into",
    "recvmsg",
    "recvfrom",
    "shutdown",
    "getsockname",
    "getpeername",
)
"""The stdlib socket methods that raise no audit event (but ``sendmsg``),
which ``system_calls()`` spies on: every call a sockstate socket makes but
``bind``, ``connect`` and ``sendto``, which the audit hook sees."""

_HOW_NAMES: dict[object, str] = {
    socket.SHUT_RD: "SHUT_RD",
    socket.SHUT_WR: "SHUT_WR",
    socket.SHUT_RDWR: "SHUT_RDWR",
}
"""The name of each ``how`` of ``shutdown(2)``, by its value."""


def _spy(name: str, original: Callable[..., object], calls: list[str]) -> Callable[..., object]:
    def spied(sock: socket.socket, *args: object) -> object:
        calls.append(
            f"socket.shutdown({_HOW_NAMES[args[0]]})"
            if name == "shutdown"
            else f"socket.{name.lstrip('_')}"
        )
        return original(sock, *args)

    return spied


@contextlib.contextmanager
def system_calls() -> Generator[list[str], None, None]:
    """The stdlib socket calls made inside the block: those that raise no
    audit event (listen, accept, the data calls, shutdowns, getsockname and
    getpeername) as ``socket.<name>`` (a shutdown with its ``how``), and
    then every audit event ``socket_calls()`` saw.

    The one way to show that a call made no system call: ``socket_calls()``
    alone cannot see a listen, an accept, a send, a receive or a shutdown.
    """
    calls: list[str] = []
    with pytest.MonkeyPatch.context() as patch, socket_calls() as audited:
        for name in _SPIED:
            patch.setattr(socket.socket, name, _spy(name, getattr(socket.socket, name), calls))
        yield calls
    calls.extend(audited)


def operation(sock: object, name: str) -> Callable[..., object]:
    """``sock.<name>``, looked up at runtime.

    The way a test reaches a call that mypy and pyright rightly reject, such
    as ``accept`` on a ``BoundSocket``: the lookup is where sockstate refuses.
    """
    method: Callable[..., object] = getattr(sock, name)
    return method


def class_of(sock: object) -> type:
    """``type(sock)``, for comparing with a class that the variable's static
    type says the socket cannot have (it moved on since)."""
    return type(sock)


def same_object(first: object, second: object) -> bool:
    """``first is second``, for two variables whose static types (two state
    classes) say they cannot be the same object."""
    return first is second


def _answer(question: Callable[[], object]) -> object:
    try:
        return question()
    except OSError as error:
        return ("error", errno.errorcode.get(error.errno or 0, error.errno))


@dataclass(frozen=True)
class KernelView:
    """What the kernel (and the stdlib socket) says about a socket: enough to
    tell whether a call reached it."""

    fileno: int
    name: object
    peer: object
    accepting: object

    @classmethod
    def of(cls, raw: socket.socket) -> KernelView:
        return cls(
            fileno=raw.fileno(),
            name=_answer(raw.getsockname),
            peer=_answer(raw.getpeername),
            accepting=_answer(lambda: raw.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)),
        )


@dataclass
class Built(Generic[Addr]):
    """A socket that ``Family.build`` put in a state, and what a test needs
    with it.  The sockets are as the recipe's variables name them: a peer
    typed connected may have moved on since (to receive-only, once it shut
    its sending side for the socket to read the end)."""

    sock: StateSocket[Addr]
    raw: socket.socket
    """Its stdlib socket, taken while it had one: the kernel's side of a
    socket that has let it go (failed, detached, closed) too."""
    peer: ConnectedSocket[Addr] | None = None
    """The other end of its stream connection, accepted by ``listener``."""
    listener: ListeningSocket[Addr] | None = None
    """The listener its connection went (or goes, while connecting) through."""
    datagram_peer: BoundDatagramSocket[Addr] | None = None
    """The bound datagram socket it is connected to, for a connected (or
    broken) datagram socket."""
    tls_peer: TLSSocket[Addr] | None = None
    """The other end of its TLS session, for a ``TLS`` or ``TLS_ENDED``
    socket."""


class Family(abc.ABC, Generic[Addr]):
    """One address family as the tests use it: its sockets, in every state
    (``build``), and addresses to bind and connect to.  Closes what it made
    on ``close_all``."""

    name: ClassVar[str]
    kind: ClassVar[socket.AddressFamily]

    def __init__(self) -> None:
        self._opened: list[_Closable] = []

    # -- the family's own types ---------------------------------------------

    @abc.abstractmethod
    def _create(self) -> FreshSocket[Addr]:
        """A new socket of this family, from a sockstate factory."""

    @abc.abstractmethod
    def local(self) -> Addr:
        """An address to bind to that no socket of this test uses yet."""

    @abc.abstractmethod
    def datagram_refusing(self) -> Addr:
        """An address to which a datagram ``connect`` fails at once, sending
        nothing."""

    @abc.abstractmethod
    def bind(self, sock: FreshSocket[Addr], address: Addr, /) -> BoundSocket[Addr]:
        """``sock.bind(address)``."""

    @abc.abstractmethod
    def connect(
        self, sock: FreshSocket[Addr] | BoundSocket[Addr], address: Addr, /
    ) -> ConnectedSocket[Addr]:
        """``sock.connect(address)``."""

    @abc.abstractmethod
    def start_connect(
        self, sock: FreshSocket[Addr] | BoundSocket[Addr], address: Addr, /
    ) -> ConnectingSocket[Addr]:
        """``sock.start_connect(address)``."""

    @abc.abstractmethod
    def take(self, sock: socket.socket | int, /) -> Adopted[Addr]:
        """``sockstate.adopt(sock, <this family>)``, tracking the result."""

    @abc.abstractmethod
    def is_address(self, value: object) -> bool:
        """Whether ``value`` has the shape of this family's addresses."""

    @abc.abstractmethod
    def _create_datagram(self) -> DatagramSocket[Addr]:
        """A new datagram socket of this family, from a sockstate factory."""

    @abc.abstractmethod
    def bind_datagram(
        self, sock: DatagramSocket[Addr], address: Addr, /
    ) -> BoundDatagramSocket[Addr]:
        """``sock.bind(address)`` for a datagram socket."""

    @abc.abstractmethod
    def connect_datagram(
        self, sock: DatagramConnectable[Addr], address: Addr, /
    ) -> ConnectedDatagramSocket[Addr]:
        """``sock.connect(address)`` for a datagram socket."""

    @abc.abstractmethod
    def sendto(self, sock: BoundDatagramSocket[Addr], data: bytes, address: Addr, /) -> int:
        """``sock.sendto(data, address)``."""

    # -- sockets in each state ------------------------------------------------

    def adopt(self, sock: _Closable) -> None:
        """Close ``sock`` when the test ends."""
        self._opened.append(sock)

    def forget(self, sock: object) -> None:
        """Stop tracking ``sock``: the test takes care of it (or drops it)."""
        self._opened = [opened for opened in self._opened if opened is not sock]

    def close_all(self) -> None:
        while self._opened:
            self._opened.pop().close()

    def fresh(self) -> FreshSocket[Addr]:
        sock = self._create()
        self.adopt(sock)
        return sock

    def bound(self) -> BoundSocket[Addr]:
        return self.bind(self.fresh(), self.local())

    def listening(self) -> ListeningSocket[Addr]:
        listener = self.bound().listen()
        listener.raw_socket().settimeout(SAFETY_TIMEOUT)
        return listener

    def accept(self, listener: ListeningSocket[Addr]) -> tuple[ConnectedSocket[Addr], Addr]:
        """``listener.accept()``, tracking the new socket."""
        server, peer = listener.accept()
        self.adopt(server)
        server.raw_socket().settimeout(SAFETY_TIMEOUT)
        return server, peer

    def connected(
        self, listener: ListeningSocket[Addr] | None = None
    ) -> tuple[ConnectedSocket[Addr], ConnectedSocket[Addr]]:
        """Two ends of one connection: ``(client, server)``, the server
        accepted by ``listener`` (by a new listener when ``None``)."""
        if listener is None:
            listener = self.listening()
        client = self.connect(self.fresh(), listener.getsockname())
        client.raw_socket().settimeout(SAFETY_TIMEOUT)
        server, _ = self.accept(listener)
        return client, server

    def refusing(self) -> Addr:
        """An address where a connect is refused: a socket bound there that
        does not listen (kept open until the test ends)."""
        return self.bound().getsockname()

    # -- datagram sockets ----------------------------------------------------------

    def datagram(self) -> DatagramSocket[Addr]:
        """A new unbound datagram socket, with the safety timeout."""
        sock = self._create_datagram()
        self.adopt(sock)
        sock.raw_socket().settimeout(SAFETY_TIMEOUT)
        return sock

    def datagram_bound(self) -> BoundDatagramSocket[Addr]:
        return self.bind_datagram(self.datagram(), self.local())

    def datagram_connected(
        self,
    ) -> tuple[ConnectedDatagramSocket[Addr], BoundDatagramSocket[Addr]]:
        """A bound datagram socket connected to another bound one:
        ``(connected, peer)``.  The peer can ``sendto`` the connected socket's
        name (bound first, so that a Unix one has a name)."""
        peer = self.datagram_bound()
        connected = self.connect_datagram(self.datagram_bound(), peer.getsockname())
        return connected, peer

    # -- a socket in any state -------------------------------------------------------

    def build(self, state: State, kind: int | None = None, *, unread: bool = False) -> Built[Addr]:
        """A socket of this family and of type ``kind`` in ``state``, made by
        its recipe in ``RECIPES``.  ``kind`` is by default the type whose
        machine ``state`` belongs to: datagram for the datagram states,
        stream for the others (the terminal states and ``BROKEN`` too).

        With ``unread``, a connection's socket first sends its peer a few
        bytes that the peer never reads, so that the peer's close resets the
        connection (a Unix socket's close resets it only then)."""
        if kind is None:
            kind = socket.SOCK_DGRAM if state in DATAGRAM_STATES else socket.SOCK_STREAM
        recipe = RECIPES.get((state, kind))
        if recipe is None:
            raise AssertionError(f"no {socket.SocketKind(kind).name} socket is ever {state}")
        if callable(recipe):
            built = recipe(self)
            if unread:
                assert state is State.CONNECTED, f"a {state} socket has no peer to leave bytes"
                operation(built.sock, "sendall")(b"unread")
        else:
            start, step = recipe
            built = self.build(start, kind, unread=unread)
            step(self, built)
        assert built.sock.state is state, f"the recipe for {state} reached {built.sock.state}"
        return built

    def reset(self, state: State = State.CONNECTED) -> Built[Addr]:
        """A stream socket in ``state``, a state of a connection, whose peer
        closed with bytes unread (and, TCP, no linger), so that the kernel
        reset the connection: the socket is still in ``state``, and its next
        data call meets the reset.  Waits (bounded) until the kernel reports
        the reset on the socket."""
        built = self.build(state, unread=True)
        _peer_resets(built)
        return built


class Inet4(Family[IPv4Address]):
    name = "ipv4"
    kind = socket.AF_INET

    def _create(self) -> FreshSocket[IPv4Address]:
        return sockstate.tcp()

    def local(self) -> IPv4Address:
        return ("127.0.0.1", 0)

    def datagram_refusing(self) -> IPv4Address:
        return ("255.255.255.255", 9)  # broadcast without SO_BROADCAST: EACCES

    def bind(
        self, sock: FreshSocket[IPv4Address], address: IPv4Address, /
    ) -> BoundSocket[IPv4Address]:
        return sock.bind(address)

    def connect(
        self, sock: FreshSocket[IPv4Address] | BoundSocket[IPv4Address], address: IPv4Address, /
    ) -> ConnectedSocket[IPv4Address]:
        return sock.connect(address)

    def start_connect(
        self, sock: FreshSocket[IPv4Address] | BoundSocket[IPv4Address], address: IPv4Address, /
    ) -> ConnectingSocket[IPv4Address]:
        return sock.start_connect(address)

    def take(self, sock: socket.socket | int, /) -> Adopted[IPv4Address]:
        adopted = sockstate.adopt(sock, socket.AF_INET)
        self.adopt(adopted)
        return adopted

    def is_address(self, value: object) -> bool:
        match value:
            case (str() as host, int() as port) if isinstance(value, tuple):
                return host == "127.0.0.1" and type(port) is int and 0 < port <= 65535
            case _:
                return False

    def _create_datagram(self) -> DatagramSocket[IPv4Address]:
        return sockstate.udp()

    def bind_datagram(
        self, sock: DatagramSocket[IPv4Address], address: IPv4Address, /
    ) -> BoundDatagramSocket[IPv4Address]:
        return sock.bind(address)

    def connect_datagram(
        self, sock: DatagramConnectable[IPv4Address], address: IPv4Address, /
    ) -> ConnectedDatagramSocket[IPv4Address]:
        return sock.connect(address)

    def sendto(
        self, sock: BoundDatagramSocket[IPv4Address], data: bytes, address: IPv4Address, /
    ) -> int:
        return sock.sendto(data, address)


class Inet6(Family[IPv6Address]):
    name = "ipv6"
    kind = socket.AF_INET6

    def _create(self) -> FreshSocket[IPv6Address]:
        return sockstate.tcp6()

    def local(self) -> IPv6Address:
        return ("::1", 0, 0, 0)

    def datagram_refusing(self) -> IPv6Address:
        return ("fe80::1", 9, 0, 0)  # link-local without a scope: EINVAL

    def bind(
        self, sock: FreshSocket[IPv6Address], address: IPv6Address, /
    ) -> BoundSocket[IPv6Address]:
        return sock.bind(address)

    def connect(
        self, sock: FreshSocket[IPv6Address] | BoundSocket[IPv6Address], address: IPv6Address, /
    ) -> ConnectedSocket[IPv6Address]:
        return sock.connect(address)

    def start_connect(
        self, sock: FreshSocket[IPv6Address] | BoundSocket[IPv6Address], address: IPv6Address, /
    ) -> ConnectingSocket[IPv6Address]:
        return sock.start_connect(address)

    def take(self, sock: socket.socket | int, /) -> Adopted[IPv6Address]:
        adopted = sockstate.adopt(sock, socket.AF_INET6)
        self.adopt(adopted)
        return adopted

    def is_address(self, value: object) -> bool:
        match value:
            case (str() as host, int() as port, 0, 0) if isinstance(value, tuple):
                return host == "::1" and type(port) is int and 0 < port <= 65535
            case _:
                return False

    def _create_datagram(self) -> DatagramSocket[IPv6Address]:
        return sockstate.udp6()

    def bind_datagram(
        self, sock: DatagramSocket[IPv6Address], address: IPv6Address, /
    ) -> BoundDatagramSocket[IPv6Address]:
        return sock.bind(address)

    def connect_datagram(
        self, sock: DatagramConnectable[IPv6Address], address: IPv6Address, /
    ) -> ConnectedDatagramSocket[IPv6Address]:
        return sock.connect(address)

    def sendto(
        self, sock: BoundDatagramSocket[IPv6Address], data: bytes, address: IPv6Address, /
    ) -> int:
        return sock.sendto(data, address)


class Unix(Family[UnixAddress]):
    """Unix sockets named by paths in a directory of the test's own."""

    name = "unix"
    kind = socket.AF_UNIX

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self._directory = directory
        self._names = itertools.count()

    def _create(self) -> FreshSocket[UnixAddress]:
        return sockstate.unix()

    def local(self) -> UnixAddress:
        return str(self._directory / f"s{next(self._names)}")

    def datagram_refusing(self) -> UnixAddress:
        return str(self._directory / "nobody-here")  # ENOENT

    def bind(
        self, sock: FreshSocket[UnixAddress], address: UnixAddress, /
    ) -> BoundSocket[UnixAddress]:
        return sock.bind(address)

    def connect(
        self, sock: FreshSocket[UnixAddress] | BoundSocket[UnixAddress], address: UnixAddress, /
    ) -> ConnectedSocket[UnixAddress]:
        return sock.connect(address)

    def start_connect(
        self, sock: FreshSocket[UnixAddress] | BoundSocket[UnixAddress], address: UnixAddress, /
    ) -> ConnectingSocket[UnixAddress]:
        return sock.start_connect(address)

    def take(self, sock: socket.socket | int, /) -> Adopted[UnixAddress]:
        adopted = sockstate.adopt(sock, socket.AF_UNIX)
        self.adopt(adopted)
        return adopted

    def is_address(self, value: object) -> bool:
        return isinstance(value, (str, bytes))

    def _create_datagram(self) -> DatagramSocket[UnixAddress]:
        return sockstate.unix_datagram()

    def bind_datagram(
        self, sock: DatagramSocket[UnixAddress], address: UnixAddress, /
    ) -> BoundDatagramSocket[UnixAddress]:
        return sock.bind(address)

    def connect_datagram(
        self, sock: DatagramConnectable[UnixAddress], address: UnixAddress, /
    ) -> ConnectedDatagramSocket[UnixAddress]:
        return sock.connect(address)

    def sendto(
        self, sock: BoundDatagramSocket[UnixAddress], data: bytes, address: UnixAddress, /
    ) -> int:
        return sock.sendto(data, address)


class UnixAbstract(Unix):
    """Unix sockets named in Linux's abstract namespace."""

    name = "unix-abstract"

    def local(self) -> UnixAddress:
        return b"\0sockstate-test-" + secrets.token_hex(8).encode()


AnyFamily = Family[IPv4Address] | Family[IPv6Address] | Family[UnixAddress]


# -- the recipes: a socket in each state -------------------------------------------------


Make = Callable[[Family[Any]], Built[Any]]
"""A recipe that makes a socket anew, in a state."""

Step = Callable[[Family[Any], Built[Any]], None]
"""A recipe's step from an earlier state: sockstate's public calls on the
socket, or its peer's."""


def _fresh(family: Family[Addr]) -> Built[Addr]:
    fresh = family.fresh()
    return Built(fresh, fresh.raw_socket())


def _bound(family: Family[Addr]) -> Built[Addr]:
    bound = family.bound()
    return Built(bound, bound.raw_socket())


def _listening(family: Family[Addr]) -> Built[Addr]:
    listener = family.listening()
    return Built(listener, listener.raw_socket())


def _connection(family: Family[Addr]) -> Built[Addr]:
    listener = family.listening()
    client, server = family.connected(listener)
    return Built(client, client.raw_socket(), peer=server, listener=listener)


def _datagram(family: Family[Addr]) -> Built[Addr]:
    unbound = family.datagram()
    return Built(unbound, unbound.raw_socket())


def _datagram_bound(family: Family[Addr]) -> Built[Addr]:
    bound = family.datagram_bound()
    return Built(bound, bound.raw_socket())


def _datagram_connection(family: Family[Addr]) -> Built[Addr]:
    connected, peer = family.datagram_connected()
    return Built(connected, connected.raw_socket(), datagram_peer=peer)


def _start_connect(family: Family[Addr], built: Built[Addr]) -> None:
    """Non-blocking, start a connect to a new listener, which the test may
    accept or close; the safety timeout goes back on once it has started."""
    fresh = built.sock
    assert isinstance(fresh, FreshSocket)
    listener = family.listening()
    fresh.setblocking(False)
    family.start_connect(fresh, listener.getsockname()).settimeout(SAFETY_TIMEOUT)
    built.listener = listener


def _shut(name: str) -> Step:
    """The step that shuts a side of the connection down: ``name`` is
    ``shutdown_write``, ``shutdown_read`` or ``shutdown_both``."""

    def step(_: Family[Any], built: Built[Any]) -> None:
        operation(built.sock, name)()

    return step


def _read_the_peers_end(_: Family[Addr], built: Built[Addr]) -> None:
    """The peer shuts its sending side, and a read returns its end of stream."""
    assert built.peer is not None
    built.peer.shutdown_write()
    assert operation(built.sock, "recv")(1) == b""


def _peer_resets(built: Built[Addr]) -> None:
    """The peer closes, with no linger (TCP), so that the kernel resets the
    connection (a Unix one only if the peer left bytes unread); waits
    (bounded) until the kernel reports it on the socket."""
    assert built.peer is not None
    if built.raw.family != socket.AF_UNIX:
        linger_off = struct.pack("ii", 1, 0)
        built.peer.raw_socket().setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_off)
    built.peer.close()
    poller = select.poll()
    poller.register(built.raw.fileno(), select.POLLERR | select.POLLHUP)
    assert poller.poll(SAFETY_TIMEOUT * 1000), "the reset never reached the socket"


def _meet_a_reset(_: Family[Addr], built: Built[Addr]) -> None:
    """Send the peer bytes it never reads; the peer closes, which resets
    the connection; a read meets the reset."""
    operation(built.sock, "sendall")(b"unread")
    _peer_resets(built)
    with pytest.raises(ConnectionResetError):
        operation(built.sock, "recv")(1)


def _send_to_a_closed_peer(_: Family[Addr], built: Built[Addr]) -> None:
    """The datagram peer closes, and a send is refused (Unix only: Linux
    disconnects the socket; UDP's refusals change nothing)."""
    assert built.datagram_peer is not None
    built.datagram_peer.close()
    with pytest.raises(ConnectionRefusedError):
        operation(built.sock, "send")(b"x")


def _connect_to_a_refusing_address(family: Family[Addr], built: Built[Addr]) -> None:
    """A stream socket's connect to a socket that does not listen, a
    datagram socket's to an address that cannot take one: refused."""
    sock = built.sock
    if isinstance(sock, FreshSocket):
        with pytest.raises(ConnectionRefusedError):
            family.connect(sock, family.refusing())
        return
    assert isinstance(sock, DatagramSocket)
    with pytest.raises(OSError, match=REFUSALS) as caught:  # EACCES, EINVAL or ENOENT
        family.connect_datagram(sock, family.datagram_refusing())
    assert not isinstance(caught.value, sockstate.SockstateError)


def _detach(family: Family[Addr], built: Built[Addr]) -> None:
    """Hand the descriptor over, to a stdlib socket that the family closes."""
    fd = operation(built.sock, "detach")()
    assert isinstance(fd, int)
    family.adopt(socket.socket(fileno=fd))


def _close(_: Family[Addr], built: Built[Addr]) -> None:
    built.sock.close()


def _tls(state: State) -> Make:
    """The recipe for a TLS state, in ``tls_support`` (which imports this
    module, so it is imported when the recipe runs).  Each is made anew: a
    thread that waits in a TLS call must be joined after the sockets close,
    so it is made before them."""

    def make(family: Family[Any]) -> Built[Any]:
        import tls_support

        return tls_support.build(family, state)

    return make


STREAM, DGRAM = socket.SOCK_STREAM, socket.SOCK_DGRAM

RECIPES: dict[tuple[State, int], Make | tuple[State, Step]] = {
    (State.FRESH, STREAM): _fresh,
    (State.BOUND, STREAM): _bound,
    (State.LISTENING, STREAM): _listening,
    (State.CONNECTING, STREAM): (State.FRESH, _start_connect),
    (State.CONNECTED, STREAM): _connection,
    (State.RECEIVE_ONLY, STREAM): (State.CONNECTED, _shut("shutdown_write")),
    (State.SEND_ONLY, STREAM): (State.CONNECTED, _shut("shutdown_read")),
    (State.SHUT_DOWN, STREAM): (State.CONNECTED, _shut("shutdown_both")),
    (State.ENDED, STREAM): (State.CONNECTED, _read_the_peers_end),
    (State.FINISHED, STREAM): (State.ENDED, _shut("shutdown_write")),
    (State.HANDSHAKING, STREAM): _tls(State.HANDSHAKING),
    (State.TLS, STREAM): _tls(State.TLS),
    (State.TLS_ENDED, STREAM): _tls(State.TLS_ENDED),
    (State.UNWRAPPING, STREAM): _tls(State.UNWRAPPING),
    (State.BROKEN, STREAM): (State.CONNECTED, _meet_a_reset),
    (State.FAILED, STREAM): (State.FRESH, _connect_to_a_refusing_address),
    (State.HANDSHAKE_FAILED, STREAM): _tls(State.HANDSHAKE_FAILED),
    (State.DETACHED, STREAM): (State.FRESH, _detach),
    (State.CLOSED, STREAM): (State.FRESH, _close),
    (State.DATAGRAM, DGRAM): _datagram,
    (State.DATAGRAM_BOUND, DGRAM): _datagram_bound,
    (State.DATAGRAM_CONNECTED, DGRAM): _datagram_connection,
    (State.BROKEN, DGRAM): (State.DATAGRAM_CONNECTED, _send_to_a_closed_peer),
    (State.FAILED, DGRAM): (State.DATAGRAM, _connect_to_a_refusing_address),
    (State.DETACHED, DGRAM): (State.DATAGRAM, _detach),
    (State.CLOSED, DGRAM): (State.DATAGRAM, _close),
}
"""How ``Family.build`` puts a socket of each type in each state: made
anew by the family (the first states, a connection and a datagram socket
connected to a peer), or one step on from an earlier state.  Every step is
sockstate's public calls, on the socket or by its peer.  A datagram socket
is ``BROKEN`` on Unix only: on UDP the step's send is not refused."""


def full_listener(family: Family[Addr]) -> ListeningSocket[Addr]:
    """A listener whose queue is full: ``listen(0)`` and one connection
    waiting in the queue, unaccepted (the kernel reports the listener
    readable once it is there).  Linux drops a TCP SYN to it, so a TCP
    connect stays in progress until the listener accepts; a non-blocking
    Unix connect to it fails at once with EAGAIN."""
    listener = family.bound().listen(0)
    waiting = family.connect(family.fresh(), listener.getsockname())
    readable, _, _ = select.select([listener], [], [], SAFETY_TIMEOUT)
    assert readable, "the first connection never reached the listener's queue"
    assert waiting.state is State.CONNECTED
    return listener
