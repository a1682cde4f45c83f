"""TLS over a connection, on the blocking face: ``wrap_tls()`` and the TLS
states, one class per state.

Rules of this module (and of ``_aio_tls``, the asyncio face's):

* The TLS session is the stdlib's ``ssl.SSLSocket``, which the socket wraps
  in place of its plain socket from the handshake on: ``_machine``'s one
  primitive replaces the wrapped object, under the lock, as it moves the
  socket.  ``unwrap()`` puts a plain socket back the same way.  The
  ``SSLSocket`` is made with ``do_handshake_on_connect=False`` (the
  handshake is a claimed call: the socket is ``HANDSHAKING`` while it
  runs) and ``suppress_ragged_eofs=False`` (a connection cut without
  ``close_notify`` raises ``ssl.SSLEOFError``, which ``fails()`` counts as
  a failure, where the stdlib's default returns ``b""`` as if the stream
  had ended).
* Why ``SSLSocket`` rather than ``SSLObject`` with memory BIOs: OpenSSL then
  reads and writes the descriptor itself, in C, as plain ``ssl`` does.  A
  Python loop that moves the bytes between the BIOs and the socket cost
  1.7x ``ssl`` alone on 64 KiB transfers (measured), where the target is
  1.02x.  The asyncio face uses the same ``SSLSocket``, non-blocking.
* ``ssl`` is never imported when ``sockstate`` is: the caller's context
  brings it.  Names from it are annotations only (``TYPE_CHECKING``), and
  ``fails()`` reads ``ssl``'s errors where they already exist.
* Everything the stdlib would refuse after it has taken the descriptor
  (a ``server_hostname`` it cannot encode, say: it detaches the plain
  socket first) is checked here first, before any system call, so that no
  refusal leaves the socket half-wrapped.
* A TLS data call counts itself in (``_calls``), then checks that its state
  still allows it, then calls.  The SSL object keeps the descriptor's
  number in its own BIO, not in the socket object that retiring detaches,
  so a method saved before ``close()`` must be refused by that check
  rather than reach a number that another socket may have taken.  The
  check is a lookup; a TLS call's cryptography costs microseconds.
* The handshake and ``unwrap()`` need the socket to themselves
  (``BusyError`` otherwise): OpenSSL allows one call at a time in a session,
  and they replace the object other calls use.
* Slots live on ``_machine._Socket`` only; every class here declares
  ``__slots__ = ()``.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count, and
# reach the primitive in _machine.

from __future__ import annotations

import operator
import socket as _stdlib

from ._common import A, _Closes, _Live, _Peer
from ._data import _Files
from ._errors import IncompleteReadError, ModeError, ServerHostnameError
from ._machine import _family_of, _type_of
from ._options import _Addressed
from ._states import State
from ._typing import TYPE_CHECKING, cast, overload

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable
    from typing import Literal, TypeAlias

    from typing_extensions import Buffer

    from ._connection import ConnectedSocket
    from ._family_options import (
        HandshakingIPv4Options,
        HandshakingIPv6Options,
        HandshakingOptions,
        TLSEndedIPv4Options,
        TLSEndedIPv6Options,
        TLSEndedOptions,
        TLSIPv4Options,
        TLSIPv6Options,
        TLSOptions,
        UnwrappingIPv4Options,
        UnwrappingIPv6Options,
        UnwrappingOptions,
    )
    from ._machine import _Socket
    from ._options import OptionsProperty

    _Pairs: TypeAlias = tuple[tuple[str, str], ...]
    PeerCertificate: TypeAlias = dict[str, str | tuple[_Pairs, ...] | _Pairs]
    """The peer's certificate as ``ssl`` decodes it (``getpeercert()``)."""

__all__ = (
    "HandshakeFailedSocket",
    "HandshakingSocket",
    "TLSEndedSocket",
    "TLSSocket",
    "UnwrappingSocket",
    "_WrapsTLS",
)


def check_arguments(context: object, server_side: object, server_hostname: object) -> None:
    """Refuse, before any system call, what ``wrap_tls()`` cannot use:
    ``TypeError`` for a context that is no ``ssl.SSLContext``, a
    ``server_side`` that is no ``bool`` or a ``server_hostname`` that is no
    ``str``; ``ServerHostnameError`` for a client without a host name, a
    server with one, or a name that can never be a host's."""
    import ssl

    if not isinstance(context, ssl.SSLContext):
        raise TypeError(f"wrap_tls() takes an ssl.SSLContext, not {context!r}")
    if not isinstance(server_side, bool):
        raise TypeError(f"server_side must be a bool, not {server_side!r}")
    if server_hostname is not None and not isinstance(server_hostname, str):
        raise TypeError(f"server_hostname must be a str or None, not {server_hostname!r}")
    if server_side:
        if server_hostname is not None:
            raise ServerHostnameError(
                "a TLS server takes no server_hostname: the client names the server",
                server_side=True,
                server_hostname=server_hostname,
            )
        if context.check_hostname:
            raise ServerHostnameError(
                "a TLS server's context checks host names (check_hostname), which only a "
                "client can: make it with ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)",
                server_side=True,
                server_hostname=None,
            )
        return
    if server_hostname is None:
        checks = "checks host names" if context.check_hostname else "does not check host names"
        raise ServerHostnameError(
            "a TLS client names the server it talks to: pass server_hostname= (the name "
            "its certificate must carry, also sent as SNI; an IP address works too); "
            f"this context {checks}",
            server_side=False,
            server_hostname=None,
        )
    problem = None
    if not server_hostname or server_hostname.startswith("."):
        problem = "is empty or starts with a dot"
    elif "\0" in server_hostname:
        problem = "holds a NUL character"
    else:
        try:
            server_hostname.encode("idna")
        except UnicodeError as error:
            problem = f"cannot be encoded by IDNA ({error})"
    if problem is not None:
        raise ServerHostnameError(
            f"server_hostname {server_hostname!r} {problem}: it can never name a host",
            server_side=False,
            server_hostname=server_hostname,
        )


def wrapper(
    context: ssl.SSLContext, server_side: bool, server_hostname: str | None
) -> Callable[[_stdlib.socket], _stdlib.socket]:
    """What makes the ``SSLSocket`` over a plain socket, under the lock (the
    stdlib detaches the plain socket as it makes it): no handshake yet, and
    no silent end of stream."""

    def make(sock: _stdlib.socket) -> _stdlib.socket:
        return context.wrap_socket(
            sock,
            server_side=server_side,
            server_hostname=server_hostname,
            do_handshake_on_connect=False,
            suppress_ragged_eofs=False,
        )

    return make


def plain(tls: _stdlib.socket) -> _stdlib.socket:
    """A plain socket for the descriptor of ``tls``, an ``SSLSocket`` that
    ``unwrap()`` has ended, in its mode; ``tls`` is left detached."""
    timeout = tls.gettimeout()
    family, kind, proto = _family_of(tls), _type_of(tls), tls.proto
    sock = _stdlib.socket(family, kind, proto, tls.detach())
    sock.settimeout(timeout)
    return sock


def _needs_waiting(sock: _Socket, operation: str) -> None:
    """Raise ``ModeError`` unless ``sock`` waits (blocks, or has a timeout):
    the blocking face's handshake and ``unwrap()`` cannot be resumed."""
    timeout = sock._sock.gettimeout()
    if timeout == 0.0:
        raise ModeError(
            f"{operation}() needs a blocking socket or one with a timeout; this one is "
            "non-blocking: TLS without waiting is sockstate.aio's",
            operation=operation,
            state=sock._STATE,
            timeout=timeout,
        )


@overload
def wrap_tls(
    self: _WrapsTLS[A],
    context: ssl.SSLContext,
    *,
    server_side: Literal[True],
    server_hostname: None = None,
) -> TLSSocket[A]: ...
@overload
def wrap_tls(
    self: _WrapsTLS[A],
    context: ssl.SSLContext,
    *,
    server_side: Literal[False] = False,
    server_hostname: str,
) -> TLSSocket[A]: ...
def wrap_tls(
    self: _WrapsTLS[A],
    context: ssl.SSLContext,
    *,
    server_side: bool = False,
    server_hostname: str | None = None,
) -> TLSSocket[A]:
    """Make a TLS handshake over the connection, as the client (naming
    the server in ``server_hostname``) or as the server
    (``server_side=True``), waiting as the socket's mode allows; returns
    the same socket as a ``TLSSocket``.  While the handshake runs the
    socket is ``HANDSHAKING``.

    Raises, before any system call and with the state unchanged:
    ``TypeError`` for a context that is no ``ssl.SSLContext``,
    ``ServerHostnameError`` for a client without ``server_hostname``
    (whatever the context's ``check_hostname``: a client names the
    server it talks to), a server with one, or a name that can never be
    a host's, ``ModeError`` on a non-blocking socket, and ``BusyError``
    while another thread is in a call on the socket.

    If the handshake fails (``ssl.SSLCertVerificationError``, another
    ``ssl.SSLError`` such as a protocol mismatch or a peer that speaks no
    TLS, a ``TimeoutError``, any ``OSError``), the error propagates
    unchanged and the socket is ``HANDSHAKE_FAILED``, its descriptor
    released.  ``close()`` meanwhile makes it raise
    ``SocketClosedError``.
    """
    self._require("wrap_tls")
    check_arguments(context, server_side, server_hostname)
    _needs_waiting(self, "wrap_tls")
    before = self._claim("wrap_tls", wrapper(context, server_side, server_hostname), alone=True)
    calls = self._calls
    calls.append(None)
    try:
        cast("ssl.SSLSocket", self._sock).do_handshake()
    except BaseException as error:
        calls.pop()
        self._settle(before, "wrap_tls", error)
        raise
    calls.pop()
    moved: TLSSocket[A] = self._settle(before, "wrap_tls", None)
    return moved


class _WrapsTLS(_Live, _Addressed[A]):
    """``wrap_tls()``, legal on a connected stream socket."""

    __slots__ = ()

    wrap_tls = wrap_tls


def send(self: _TLSSends[A], data: Buffer, flags: int = 0, /) -> int:
    """Send some of ``data`` as TLS records; return how many bytes were
    sent.  ``flags`` must be 0 (``ssl`` raises ``ValueError``
    otherwise, before any system call)."""
    calls = self._calls
    calls.append(None)
    try:
        if "send" not in self._allowed:
            raise self._refuse("send")
        return self._sock.send(data, flags)
    except OSError as error:
        self._failed("send", error)
        raise
    finally:
        calls.pop()
        if self._deferred is not None:
            self._leave()


def sendall(self: _TLSSends[A], data: Buffer, flags: int = 0, /) -> None:
    """Send all of ``data`` as TLS records, blocking until it is sent or
    the connection fails.  ``flags`` must be 0."""
    calls = self._calls
    calls.append(None)
    try:
        if "sendall" not in self._allowed:
            raise self._refuse("sendall")
        self._sock.sendall(data, flags)
    except OSError as error:
        self._failed("sendall", error)
        raise
    finally:
        calls.pop()
        if self._deferred is not None:
            self._leave()


class _TLSSends(_Peer[A]):
    """The calls that send on a TLS connection.  An ``ssl.SSLError`` (but a
    would-block) or a ``ConnectionError`` moves the socket to
    ``BrokenSocket`` before it propagates."""

    __slots__ = ()

    send = send
    sendall = sendall


def recv(self: _TLSReceives[A], bufsize: int, flags: int = 0, /) -> bytes:
    """Receive up to ``bufsize`` bytes of TLS data.  ``b""`` means the
    peer sent ``close_notify`` (for a non-zero ``bufsize``)."""
    calls = self._calls
    calls.append(None)
    try:
        if "recv" not in self._allowed:
            raise self._refuse("recv")
        data = self._sock.recv(bufsize, flags)
    except OSError as error:
        self._failed("recv", error)
        raise
    finally:
        calls.pop()
        if self._deferred is not None:
            self._leave()
    if not data and bufsize:
        self._ended("recv")
    return data


def recv_into(self: _TLSReceives[A], buffer: Buffer, nbytes: int = 0, flags: int = 0, /) -> int:
    """Receive TLS data into ``buffer`` (up to ``nbytes``, or its size
    when 0); return the count, 0 meaning the peer sent ``close_notify``."""
    calls = self._calls
    calls.append(None)
    try:
        if "recv_into" not in self._allowed:
            raise self._refuse("recv_into")
        count = self._sock.recv_into(buffer, nbytes, flags)
    except OSError as error:
        self._failed("recv_into", error)
        raise
    finally:
        calls.pop()
        if self._deferred is not None:
            self._leave()
    if not count and (nbytes or memoryview(buffer).nbytes):
        self._ended("recv_into")
    return count


def recv_exactly(self: _TLSReceives[A], n: int, /) -> bytes:
    """Receive exactly ``n`` bytes of TLS data.

    Raises ``IncompleteReadError`` carrying the bytes already received
    when the peer sends ``close_notify`` first (moving the socket on as
    ``recv()`` does), ``TypeError`` for an ``n`` that is no int and
    ``ValueError`` for a negative one, both before any system call.
    """
    n = _index(n)
    buffer = bytearray(n)
    received = 0
    calls = self._calls
    calls.append(None)
    try:
        if "recv_exactly" not in self._allowed:
            raise self._refuse("recv_exactly")
        recv_into = self._sock.recv_into
        with memoryview(buffer) as view:
            while received < n:
                count = recv_into(view[received:])
                if count == 0:
                    self._ended("recv_exactly")
                    raise IncompleteReadError(bytes(view[:received]), n)
                received += count
    except OSError as error:
        self._failed("recv_exactly", error)
        raise
    finally:
        calls.pop()
        if self._deferred is not None:
            self._leave()
    return bytes(buffer)


class _TLSReceives(_Peer[A]):
    """The calls that read a TLS connection.

    A read that returns the peer's ``close_notify`` (``b""``, or 0 bytes,
    for a non-zero size) returns it once and moves the socket to
    ``TLSEndedSocket``, where reading again raises an ordering error naming
    the end of stream.  A connection cut without ``close_notify`` raises
    ``ssl.SSLEOFError`` and moves the socket to ``BrokenSocket``: a
    truncation is never an end of stream.  ``flags`` must be 0.
    """

    __slots__ = ()

    recv = recv
    recv_into = recv_into
    recv_exactly = recv_exactly


def _index(n: int) -> int:
    """``n`` as a size for ``recv_exactly()``: ``TypeError`` for no int,
    ``ValueError`` for a negative one."""
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"recv_exactly() needs a non-negative size, not {n}")
    return n


@overload
def getpeercert(self: _Socket, binary_form: Literal[False] = False) -> PeerCertificate | None: ...
@overload
def getpeercert(self: _Socket, binary_form: Literal[True]) -> bytes | None: ...
def getpeercert(self: _Socket, binary_form: bool = False) -> PeerCertificate | bytes | None:
    """The peer's certificate: decoded as a ``dict`` (empty when the
    context did not verify it), or in DER ``bytes`` with
    ``binary_form=True``; ``None`` when the peer sent none (a client
    that a server did not ask for one)."""
    tls = cast("ssl.SSLSocket", self._sock)
    return tls.getpeercert(binary_form)


def version(self: _Socket) -> str:
    """The TLS version the handshake settled, such as ``"TLSv1.3"``."""
    return cast("str", cast("ssl.SSLSocket", self._sock).version())


def cipher(self: _Socket) -> tuple[str, str, int]:
    """The cipher the handshake settled: ``(name, protocol, secret bits)``."""
    return cast("tuple[str, str, int]", cast("ssl.SSLSocket", self._sock).cipher())


def selected_alpn_protocol(self: _Socket) -> str | None:
    """The application protocol that ALPN settled (one of the context's
    ``set_alpn_protocols()``), or ``None`` when none was."""
    return cast("ssl.SSLSocket", self._sock).selected_alpn_protocol()


def unwrap(self: _TLSSession[A]) -> ConnectedSocket[A]:
    """End TLS and carry on in plain text: send this side's
    ``close_notify``, wait for the peer's (as the socket's mode allows),
    and return the same socket as a plain ``ConnectedSocket``.  While it
    waits the socket is ``UNWRAPPING``.

    Raises ``ModeError`` on a non-blocking socket and ``BusyError``
    while another thread is in a call on the socket, before any system
    call, with the state unchanged.  Any other error (the peer sent
    data first, or closed without ``close_notify``: an ``ssl.SSLError``;
    a ``TimeoutError``) leaves the socket ``BROKEN``: this side's
    ``close_notify`` may be gone, so TLS cannot carry on, and neither
    can plain text.  ``close()`` meanwhile makes it raise
    ``SocketClosedError``.  A file from ``makefile()`` still open reads
    and writes no more.
    """
    self._require("unwrap")
    _needs_waiting(self, "unwrap")
    before = self._claim("unwrap", alone=True)
    calls = self._calls
    calls.append(None)
    try:
        cast("ssl.SSLSocket", self._sock).unwrap()
    except BaseException as error:
        calls.pop()
        self._settle(before, "unwrap", error)
        raise
    calls.pop()
    moved: ConnectedSocket[A] = self._settle(before, "unwrap", None, make=plain)
    return moved


class _TLSSession(_Peer[A]):
    """What the handshake settled, and ``unwrap()``: in every TLS state."""

    __slots__ = ()

    getpeercert = getpeercert
    version = version
    cipher = cipher
    selected_alpn_protocol = selected_alpn_protocol
    unwrap = unwrap


class HandshakingSocket(_Peer[A]):
    """A connected stream socket whose TLS handshake is under way: what other
    threads see while ``wrap_tls()`` waits.

    Legal: ``getsockname()``, ``getpeername()``, the mode calls,
    ``fileno()``, ``raw_socket()``, ``detach()``, ``close()`` (which wakes
    the handshake: it raises ``SocketClosedError``).  No data call: the
    session is not settled.  No call returns this type.
    """

    __slots__ = ()
    _STATE = State.HANDSHAKING

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.HANDSHAKING]:
            """``State.HANDSHAKING``: typed so that a test of ``state`` narrows a union."""
            return State.HANDSHAKING

        options: OptionsProperty[HandshakingIPv4Options, HandshakingIPv6Options, HandshakingOptions]
        """The socket's options: the view of its state and family (``HandshakingIPv4Options``,
        ``HandshakingIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``HandshakingOptions`` for either IP family)."""


class TLSSocket(_TLSSends[A], _TLSReceives[A], _Files[A], _TLSSession[A]):
    """A connection whose data moves through TLS: made by ``wrap_tls()``.

    Legal: ``send()``, ``sendall()``, ``recv()``, ``recv_into()``,
    ``recv_exactly()``, ``makefile()``, ``getpeercert()``, ``version()``,
    ``cipher()``, ``selected_alpn_protocol()``, ``unwrap()`` (to a
    ``ConnectedSocket``), ``getsockname()``, ``getpeername()``, the mode
    calls, ``options``, ``fileno()``, ``raw_socket()`` (the
    ``ssl.SSLSocket``), ``detach()``, ``close()``.  Nothing that would
    bypass TLS: no ``sendmsg()``, ``recvmsg()``, ``shutdown_*()`` or second
    ``wrap_tls()``.  A read of the peer's ``close_notify`` moves it to
    ``TLSEndedSocket``; a connection cut without it, a corrupt record or a
    reset to ``BrokenSocket``.

    ``close()`` sends no ``close_notify``: the peer sees a truncation.  End
    the session with ``unwrap()`` first where the peer must tell a cut
    connection from a finished one.
    """

    __slots__ = ()
    _STATE = State.TLS

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.TLS]:
            """``State.TLS``: typed so that a test of ``state`` narrows a union."""
            return State.TLS

        options: OptionsProperty[TLSIPv4Options, TLSIPv6Options, TLSOptions]
        """The socket's options: the view of its state and family (``TLSIPv4Options``,
        ``TLSIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``TLSOptions`` for either IP family)."""


class TLSEndedSocket(_TLSSends[A], _TLSSession[A]):
    """A TLS connection whose read has returned the peer's ``close_notify``:
    it can still send (TLS 1.3 lets the peer's side close alone).

    Legal: ``send()``, ``sendall()``, ``getpeercert()``, ``version()``,
    ``cipher()``, ``selected_alpn_protocol()``, ``unwrap()`` (sends this
    side's ``close_notify``; to a ``ConnectedSocket``), ``getsockname()``,
    ``getpeername()``, the mode calls, ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  Reading raises an
    ``OrderingError`` that names the end of stream.  No call returns this
    type: a ``TLSSocket`` becomes one when a read returns ``b""``.
    """

    __slots__ = ()
    _STATE = State.TLS_ENDED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.TLS_ENDED]:
            """``State.TLS_ENDED``: typed so that a test of ``state`` narrows a union."""
            return State.TLS_ENDED

        options: OptionsProperty[TLSEndedIPv4Options, TLSEndedIPv6Options, TLSEndedOptions]
        """The socket's options: the view of its state and family (``TLSEndedIPv4Options``,
        ``TLSEndedIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``TLSEndedOptions`` for either IP family)."""


class UnwrappingSocket(_Peer[A]):
    """A TLS connection whose ``unwrap()`` waits for the peer's
    ``close_notify``: what other threads see meanwhile.

    Legal: ``getsockname()``, ``getpeername()``, the mode calls,
    ``options``, ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    No call returns this type.
    """

    __slots__ = ()
    _STATE = State.UNWRAPPING

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.UNWRAPPING]:
            """``State.UNWRAPPING``: typed so that a test of ``state`` narrows a union."""
            return State.UNWRAPPING

        options: OptionsProperty[UnwrappingIPv4Options, UnwrappingIPv6Options, UnwrappingOptions]
        """The socket's options: the view of its state and family (``UnwrappingIPv4Options``,
        ``UnwrappingIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``UnwrappingOptions`` for either IP family)."""


class HandshakeFailedSocket(_Closes):
    """A socket whose TLS handshake failed.  Its descriptor is already
    released; only ``close()`` is legal (it moves to ``ClosedSocket``).

    No call returns this type: it is what a variable still naming the
    socket finds at runtime after a failed ``wrap_tls()``.
    """

    __slots__ = ()
    _STATE = State.HANDSHAKE_FAILED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.HANDSHAKE_FAILED]:
            """``State.HANDSHAKE_FAILED``: typed so that a test of ``state`` narrows a union."""
            return State.HANDSHAKE_FAILED
