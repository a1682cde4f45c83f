"""What sockstate's tests share: the address families, sockets in every
state, and views of the kernel's side of a socket.

Rules of this module:

* Real sockets on loopback only: ``127.0.0.1``, ``::1``, Unix paths in the
  test's ``tmp_path`` and Linux abstract names with a random suffix.
* Every socket a ``Family`` makes is closed when the test ends (the fixtures
  in ``conftest.py`` call ``Family.close_all``), so a test that fails halfway
  leaks nothing.
* ``bind`` and ``connect`` take addresses whose type depends on the family;
  ``Family`` makes those two calls with the family's own types, so that one
  test body, generic in the address type, runs for every family.
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
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, Protocol, TypeVar, cast

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
    from collections.abc import Callable, Generator
    from pathlib import Path

    from sockstate._adopt import Adopted

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


def same_as_detached(sock: object) -> DetachedSocket:
    """``sock``, which ``detach()`` left ``DETACHED``, typed so (its variable
    still names the state it had)."""
    assert isinstance(sock, DetachedSocket)
    return sock


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


class Family(abc.ABC, Generic[Addr]):
    """One address family as the tests use it: its sockets, in every state,
    and addresses to bind and connect to.  Closes what it made on
    ``close_all``."""

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

    def ended(self) -> tuple[ConnectedSocket[Addr], ConnectedSocket[Addr]]:
        """``(client, server)`` where the server shut its sending side down
        and the client read the end of stream: the client is ``ENDED``,
        though its variable is still typed connected."""
        client, server = self.connected()
        server.shutdown_write()
        assert client.recv(1) == b""
        return client, server

    def reset(
        self, listener: ListeningSocket[Addr] | None = None
    ) -> tuple[ConnectedSocket[Addr], ConnectedSocket[Addr]]:
        """``(client, server)`` where the server (accepted by ``listener``, as
        in ``connected()``) closed with data unread and (TCP) no linger, so
        that the kernel reset the connection: the client is still connected,
        and its next data call meets the reset.  Waits (bounded) until the
        kernel reports the reset on the client."""
        client, server = self.connected(listener)
        client.sendall(b"unread")
        if self.kind != socket.AF_UNIX:
            linger_off = struct.pack("ii", 1, 0)
            server.raw_socket().setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_off)
        server.close()
        poller = select.poll()
        poller.register(client.fileno(), select.POLLERR | select.POLLHUP)
        assert poller.poll(SAFETY_TIMEOUT * 1000), "the reset never reached the socket"
        return client, server

    def broken(
        self, listener: ListeningSocket[Addr] | None = None
    ) -> tuple[ConnectedSocket[Addr], ConnectedSocket[Addr]]:
        """``reset(listener)``, and the client's read met the reset: the
        client is ``BROKEN``, though its variable is still typed connected."""
        client, server = self.reset(listener)
        with pytest.raises(ConnectionResetError):
            client.recv(1)
        return client, server

    def connecting(self) -> tuple[ConnectingSocket[Addr], ListeningSocket[Addr]]:
        """A non-blocking socket whose connect to a listener has started and
        not been finished: ``(connecting, listener)``.  The safety timeout
        is put back on once the connect has started."""
        listener = self.listening()
        fresh = self.fresh()
        fresh.setblocking(False)
        connecting = self.start_connect(fresh, listener.getsockname())
        connecting.settimeout(SAFETY_TIMEOUT)
        return connecting, listener

    def refusing(self) -> Addr:
        """An address where a connect is refused: a socket bound there that
        does not listen (kept open until the test ends)."""
        return self.bound().getsockname()

    def failed(self) -> FreshSocket[Addr]:
        """A socket whose connect was refused: the variable is typed fresh, as
        it was before the call, and the socket is in ``State.FAILED``."""
        sock = self.fresh()
        with pytest.raises(ConnectionRefusedError):
            self.connect(sock, self.refusing())
        return sock

    # -- datagram sockets in each state ------------------------------------------

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

    def in_state(
        self, state: State, *, datagram: bool = False
    ) -> tuple[StateSocket[Addr], socket.socket]:
        """A socket in ``state``, and its stdlib socket (taken before the
        socket lost it, for the terminal states).  ``datagram`` asks for a
        closed datagram socket rather than a stream one in ``CLOSED``."""
        if state.name.startswith(("TLS", "HANDSHAK", "UNWRAP")):
            import tls_support

            tls_sock, tls_raw = tls_support.in_tls_state(self, state)
            return cast("StateSocket[Addr]", tls_sock), tls_raw
        if state is State.DATAGRAM:
            unbound = self.datagram()
            return unbound, unbound.raw_socket()
        if state is State.DATAGRAM_BOUND:
            bound_datagram = self.datagram_bound()
            return bound_datagram, bound_datagram.raw_socket()
        if state is State.DATAGRAM_CONNECTED:
            connected, _ = self.datagram_connected()
            return connected, connected.raw_socket()
        if datagram:
            if state is not State.CLOSED:
                raise AssertionError(f"no datagram socket is ever {state}")
            unbound = self.datagram()
            raw = unbound.raw_socket()
            return unbound.close(), raw
        if state is State.FRESH:
            fresh = self.fresh()
            return fresh, fresh.raw_socket()
        if state is State.BOUND:
            bound = self.bound()
            return bound, bound.raw_socket()
        if state is State.LISTENING:
            listener = self.listening()
            return listener, listener.raw_socket()
        if state is State.CONNECTED:
            client, _ = self.connected()
            return client, client.raw_socket()
        if state is State.RECEIVE_ONLY:
            client, _ = self.connected()
            return client.shutdown_write(), client.raw_socket()
        if state is State.SEND_ONLY:
            client, _ = self.connected()
            return client.shutdown_read(), client.raw_socket()
        if state is State.SHUT_DOWN:
            client, _ = self.connected()
            return client.shutdown_both(), client.raw_socket()
        if state is State.ENDED:
            client, _ = self.ended()
            return client, client.raw_socket()
        if state is State.FINISHED:
            client, _ = self.ended()
            client.shutdown_write()
            return client, client.raw_socket()
        if state is State.BROKEN:
            client, _ = self.broken()
            return client, client.raw_socket()
        if state is State.CONNECTING:
            connecting, _ = self.connecting()
            return connecting, connecting.raw_socket()
        if state is State.DETACHED:
            fresh = self.fresh()
            raw = fresh.raw_socket()
            self.adopt(socket.socket(fileno=fresh.detach()))
            return same_as_detached(fresh), raw
        if state is State.FAILED:
            doomed = self.fresh()
            raw = doomed.raw_socket()
            with pytest.raises(ConnectionRefusedError):
                self.connect(doomed, self.refusing())
            return doomed, raw
        if state is State.CLOSED:
            fresh = self.fresh()
            raw = fresh.raw_socket()
            return fresh.close(), raw
        raise AssertionError(f"no way to make a {state} socket")


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
