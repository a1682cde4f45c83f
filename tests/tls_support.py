"""What the TLS tests share: a certificate authority and a server certificate
made by ``trustme`` (real certificates, in memory), contexts that trust
them, and sockets in each TLS state.

Rules of this module:

* Real TLS over real loopback connections, made by a ``support.Family``:
  every socket it makes is closed when the test ends.
* A blocking handshake (or ``unwrap()``) needs its peer to answer at the
  same time, so the peer's side runs in a thread.  Every thread started
  here is joined when the test ends, after the sockets are closed (which
  wakes it): ``Family.close_all`` closes what was adopted last first, and
  the joiner is adopted before the sockets.  A thread's own error is kept,
  never raised in the thread (pytest would report it as unhandled).
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import ssl
import struct
import threading
import time
from typing import TYPE_CHECKING, TypeVar, cast

import pytest
import trustme

from sockstate import (
    ConnectedSocket,
    OrderingError,
    SockstateError,
    State,
    TLSEndedSocket,
    TLSSocket,
)
from support import (
    SAFETY_TIMEOUT,
    Addr,
    Built,
    Family,
    Stateful,
    class_of,
    in_a_system_call_on,
    operation,
    state_of,
)

if TYPE_CHECKING:
    from collections.abc import Callable


T = TypeVar("T")

HOST = "localhost"
"""The name the server's certificate carries, and clients verify."""

CA = trustme.CA()
"""The authority every test trusts (made once: a key takes milliseconds)."""

OTHER_CA = trustme.CA()
"""An authority no test context trusts."""

CERT = CA.issue_cert(HOST, "127.0.0.1", "::1")
"""The server's certificate: for ``localhost`` and the loopback addresses."""

UNTRUSTED_CERT = OTHER_CA.issue_cert(HOST)
"""A certificate for ``localhost`` from the authority nobody trusts."""

TLS_STATES = (
    State.HANDSHAKING,
    State.TLS,
    State.TLS_ENDED,
    State.UNWRAPPING,
    State.HANDSHAKE_FAILED,
)
"""The states of a TLS session, in the table's order, the terminal one last."""


def server_context(cert: trustme.LeafCert = CERT) -> ssl.SSLContext:
    """A new server's context with ``cert`` and its key."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)  # pyright: ignore[reportUnknownMemberType] - pyOpenSSL's half
    return context


def client_context(ca: trustme.CA = CA) -> ssl.SSLContext:
    """A new client's context that verifies servers against ``ca`` only (and
    host names): not the system's authorities, whose loading costs more
    than a handshake."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ca.configure_trust(context)  # pyright: ignore[reportUnknownMemberType] - pyOpenSSL's half
    return context


SERVER = server_context()
"""The server's context that most tests share (a context serves many
connections at once)."""

CLIENT = client_context()
"""The client's context that most tests share."""


class Background:
    """A call running in a thread, joined when the test ends (``close``):
    its result or its error, kept for the test to look at."""

    __slots__ = ("_thread", "error", "result")

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self.result: object = None
        self.error: BaseException | None = None

    def start(self, call: Callable[[], object]) -> Background:
        def run() -> None:
            try:
                self.result = call()
            except BaseException as error:  # kept for the test
                self.error = error

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        return self

    def join(self) -> object:
        """Wait (bounded) for the call; its result, or raise its error."""
        assert self._thread is not None
        self._thread.join(SAFETY_TIMEOUT * 2)
        assert not self._thread.is_alive(), "a background call never returned"
        if self.error is not None:
            raise self.error
        return self.result

    def close(self) -> None:
        if self._thread is not None:
            self._thread.join(SAFETY_TIMEOUT * 2)


def joiner(family: Family[Addr]) -> Background:
    """A ``Background`` that the test's end joins, after closing every
    socket made after it (which wakes its call).  Make it before the
    sockets its call uses, then ``start()`` it."""
    background = Background()
    family.adopt(background)
    return background


def handshake(
    family: Family[Addr],
    client: ConnectedSocket[Addr],
    server: ConnectedSocket[Addr],
    *,
    client_ctx: ssl.SSLContext | None = None,
    server_ctx: ssl.SSLContext | None = None,
    hostname: str = HOST,
) -> tuple[TLSSocket[Addr], TLSSocket[Addr]]:
    """Both ends of ``client``-``server`` through their handshake, the
    server's in a thread: ``(client, server)`` as ``TLSSocket``.  A TCP
    connection sends at once (``TCP_NODELAY``): the records that TLS writes
    one after another (a handshake's, its session tickets, a
    ``close_notify``) would otherwise wait for the delayed acknowledgement
    of the first."""
    for end in (client, server):
        if end.raw_socket().family != socket.AF_UNIX:
            end.raw_socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    context = server_ctx or SERVER
    peer = Background().start(lambda: server.wrap_tls(context, server_side=True))
    try:
        tls = client.wrap_tls(client_ctx or CLIENT, server_hostname=hostname)
    finally:
        peer.close()
    accepted = peer.join()
    assert isinstance(accepted, TLSSocket)
    return tls, cast("TLSSocket[Addr]", accepted)


def tls_pair(family: Family[Addr]) -> tuple[TLSSocket[Addr], TLSSocket[Addr]]:
    """``(client, server)``: a new connection of ``family``, in TLS."""
    client, server = family.connected()
    return handshake(family, client, server)


def wait_until(condition: Callable[[], bool]) -> None:
    """Wait (bounded) until ``condition()``: what another thread does."""
    deadline = time.monotonic() + SAFETY_TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.001)


def blocked(fd: int) -> bool:
    """Whether another thread of this process waits in a system call on
    ``fd``: a read or write on it (a blocking socket), or a poll of one
    descriptor (a socket with a timeout: CPython polls it, and the pollfd's
    number is not in the call's arguments, so any one-descriptor poll
    counts)."""
    me = threading.get_native_id()
    for tid in map(int, os.listdir("/proc/self/task")):
        if tid == me:
            continue
        if in_a_system_call_on(tid, fd):
            return True
        with open(f"/proc/self/task/{tid}/syscall") as status:
            fields = status.read().split()
        if len(fields) > 2 and fields[0] not in ("running", "-1") and fields[2] == "0x1":
            return True
    return False


def wait_for(sock: Stateful, state: State) -> None:
    """Wait (bounded) until another thread has moved ``sock`` to ``state``."""
    wait_until(lambda: state_of(sock) is state)


def build(family: Family[Addr], state: State) -> Built[Addr]:
    """A socket in the TLS state ``state``, as ``support.RECIPES`` makes it
    for ``Family.build``.  ``TLS``: a new session, its peer in
    ``tls_peer``.  ``TLS_ENDED``: its peer (``tls_peer``) is in
    ``unwrap()`` in a thread, waiting for this side's ``close_notify``.
    ``HANDSHAKING`` and ``UNWRAPPING``: a thread waits in ``wrap_tls()`` or
    ``unwrap()`` for a peer that does not answer until the test ends.
    ``HANDSHAKE_FAILED``: a handshake with a peer that closed."""
    if state is State.TLS:
        client, server = tls_pair(family)
        return Built(client, client.raw_socket(), tls_peer=server)
    if state is State.TLS_ENDED:
        waiter = joiner(family)
        client, server = tls_pair(family)
        waiter.start(server.unwrap)
        assert client.recv(1) == b""
        return Built(client, client.raw_socket(), tls_peer=server)
    if state is State.UNWRAPPING:
        waiter = joiner(family)
        client, _ = tls_pair(family)
        waiter.start(client.unwrap)
        wait_for(client, State.UNWRAPPING)
        return Built(client, client.raw_socket())
    if state is State.HANDSHAKING:
        waiter = joiner(family)
        plain, _ = family.connected()
        waiter.start(lambda: plain.wrap_tls(CLIENT, server_hostname=HOST))
        wait_for(plain, State.HANDSHAKING)
        return Built(plain, plain.raw_socket())
    if state is State.HANDSHAKE_FAILED:
        doomed, gone = family.connected()
        raw = doomed.raw_socket()
        gone.close()
        with pytest.raises(OSError):  # noqa: PT011 - EOF or reset, as it comes
            doomed.wrap_tls(CLIENT, server_hostname=HOST)
        return Built(doomed, raw)
    raise AssertionError(f"{state} is no TLS state")


def refused(call: Callable[[], T]) -> OrderingError:
    """The ordering error that ``call()`` raises."""
    try:
        call()
    except OrderingError as error:
        return error
    raise AssertionError("no ordering error")


def legal_from(family: Family[Addr], built: Built[Addr], name: str) -> object:
    """``wrap_tls()`` (as the client, from ``CONNECTED``) or ``unwrap()``
    (from ``TLS`` or ``TLS_ENDED``) on the built socket, its peer answering
    in a thread where it must (a ``TLS_ENDED`` socket's is in ``unwrap()``
    already)."""
    if name == "wrap_tls":
        plain = cast("ConnectedSocket[Addr]", built.sock)
        assert class_of(plain) is ConnectedSocket
        assert built.peer is not None
        return handshake(family, plain, built.peer)[0]
    assert name == "unwrap"
    assert class_of(built.sock) in (TLSSocket, TLSEndedSocket)
    peer = built.tls_peer
    if peer is not None and class_of(peer) is TLSSocket:
        waiter = Background().start(peer.unwrap)
        try:
            return operation(built.sock, "unwrap")()
        finally:
            waiter.close()
    return operation(built.sock, "unwrap")()


def failed(family: Family[Addr], state: State, name: str) -> tuple[Built[Addr], int]:
    """A socket on which ``name``, legal in ``state``, met a failed TLS
    session, and the descriptor it had before: a handshake with a peer
    that closed, a read
    of a connection cut without ``close_notify``, a send or an ``unwrap()``
    after the peer reset the connection (or, a Unix one, closed it)."""
    if name == "wrap_tls":
        plain, gone = family.connected()
        stdlib = plain.raw_socket()
        descriptor = stdlib.fileno()
        gone.close()
        with pytest.raises(OSError) as refusal:  # noqa: PT011 - EOF or reset, as it comes
            plain.wrap_tls(CLIENT, server_hostname=HOST)
        assert not isinstance(refusal.value, SockstateError)
        return Built(plain, stdlib), descriptor
    waiter = joiner(family)
    client, server = tls_pair(family)
    if state is State.TLS_ENDED:
        waiter.start(server.unwrap)
        assert client.recv(1) == b""
        wait_for(server, State.UNWRAPPING)
    raw = client.raw_socket()
    descriptor = raw.fileno()
    if name in ("recv", "recv_into", "recv_exactly") or (name == "unwrap" and state is State.TLS):
        server.close()  # no close_notify: a truncation
    else:
        reset(server, raw)
    arguments: tuple[object, ...] = {
        "send": (b"x",),
        "sendall": (b"x" * 65536,),
        "recv": (1,),
        "recv_exactly": (1,),
        "recv_into": (bytearray(1),),
    }.get(name, ())
    with pytest.raises(OSError) as caught:  # noqa: PT011 - an ssl.SSLError or the kernel's
        _until_it_fails(operation(client, name), arguments)
    assert not isinstance(caught.value, SockstateError)
    return Built(client, raw), descriptor


def _until_it_fails(call: Callable[..., object], arguments: tuple[object, ...]) -> None:
    """``call(*arguments)`` until it raises (a send may go out before the
    reset is seen), a hundred times at most."""
    for _ in range(100):
        call(*arguments)


def reset(peer: object, raw: socket.socket) -> None:
    """Close ``peer`` abortively (TCP: ``SO_LINGER`` 0, a reset; Unix: the
    peer gone), and wait (bounded) until the kernel tells ``raw``."""
    stdlib = operation(peer, "raw_socket")()
    assert isinstance(stdlib, socket.socket)
    if stdlib.family != socket.AF_UNIX:
        stdlib.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    operation(peer, "close")()
    poller = select.poll()
    poller.register(raw.fileno(), select.POLLERR | select.POLLHUP)
    assert poller.poll(SAFETY_TIMEOUT * 1000), "the reset never reached the socket"


def ending(family: Family[Addr], state: State) -> Built[Addr]:
    """A socket in ``state`` (``TLS``) whose peer (``tls_peer``) has sent
    its ``close_notify`` (in ``unwrap()``, in a thread): the socket's next
    read returns the end of stream."""
    assert state is State.TLS
    waiter = joiner(family)
    client, server = tls_pair(family)
    waiter.start(server.unwrap)
    return Built(client, client.raw_socket(), tls_peer=server)


class BioPeer:
    """A TLS peer made of ``ssl.SSLObject`` and memory BIOs over a plain
    stdlib socket.  Unlike an ``ssl.SSLSocket`` it can send ``close_notify``
    and go on reading (TLS 1.3's half-close): its ``unwrap()`` finds nothing
    to read in a BIO that nobody has filled."""

    __slots__ = ("_incoming", "_outgoing", "_tls", "sock")

    def __init__(self, sock: socket.socket, context: ssl.SSLContext, *, server_side: bool) -> None:
        self.sock = sock
        self._incoming = ssl.MemoryBIO()
        self._outgoing = ssl.MemoryBIO()
        self._tls = context.wrap_bio(
            self._incoming,
            self._outgoing,
            server_side=server_side,
            server_hostname=None if server_side else HOST,
        )

    def _flush(self) -> None:
        if self._outgoing.pending:
            self.sock.sendall(self._outgoing.read())

    def _fill(self) -> None:
        data = self.sock.recv(65536)
        if data:
            self._incoming.write(data)
        else:
            self._incoming.write_eof()

    def handshake(self) -> None:
        while True:
            try:
                self._tls.do_handshake()
            except ssl.SSLWantReadError:
                self._flush()
                self._fill()
            else:
                self._flush()
                return

    def send(self, data: bytes) -> None:
        self._tls.write(data)
        self._flush()

    def close_notify(self) -> None:
        """Send ``close_notify``, and nothing else."""
        with contextlib.suppress(ssl.SSLWantReadError):
            self._tls.unwrap()
        self._flush()

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes of TLS data, ``b""`` at the peer's ``close_notify``."""
        while True:
            try:
                return self._tls.read(size)
            except ssl.SSLWantReadError:
                self._flush()
                self._fill()
            except ssl.SSLZeroReturnError:
                return b""


def bio_pair(family: Family[Addr]) -> tuple[TLSSocket[Addr], BioPeer]:
    """``(client, server)``: a sockstate TLS client and a ``BioPeer`` server."""
    client, server = family.connected()
    peer = BioPeer(server.raw_socket(), SERVER, server_side=True)
    waiter = Background().start(peer.handshake)
    try:
        tls = client.wrap_tls(CLIENT, server_hostname=HOST)
    finally:
        waiter.close()
    waiter.join()
    return tls, peer
