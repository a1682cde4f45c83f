"""TLS over a connection, on the asyncio face: ``await wrap_tls()`` and the
TLS states, one class per state.

Rules of this module: those of ``_tls`` (the blocking face's TLS: the same
``ssl.SSLSocket``, made and replaced through the one primitive, the same
checks before any system call, a data call that checks its state after
counting itself in), and those of ``_aio_common`` (the system call runs in
the task; it waits on the loop's readiness callbacks), with these for TLS:

* The ``SSLSocket`` is non-blocking.  Where OpenSSL needs the descriptor to
  be readable it raises ``ssl.SSLWantReadError``, and where it needs it
  writable ``ssl.SSLWantWriteError`` (a read may need to write, and a write
  to read, while the session renegotiates or updates its keys); the call
  waits for that and tries again.  A read tries before it waits, always:
  OpenSSL may hold decrypted bytes that the descriptor does not show.
* A write that had to wait has handed OpenSSL records that it has not all
  sent, and OpenSSL must be called again with the same bytes: cancelled
  then, ``send()`` and ``sendall()`` leave the socket ``BROKEN``.  A read
  cancelled while it waits has taken nothing (OpenSSL keeps what part of a
  record it has for the next read); ``recv_exactly()`` cancelled after part
  of its bytes came leaves the socket ``BROKEN``, as on a plain socket.
  The handshake and ``unwrap()`` cancelled fail (``fails()``):
  ``HANDSHAKE_FAILED``, ``BROKEN``.
* Importing ``ssl`` here costs nothing: ``asyncio`` has imported it.
* Slots live on ``_AioSocket`` and ``_machine._Socket``; every class here
  declares ``__slots__ = ()``.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count, and
# reach the primitive in _machine.

from __future__ import annotations

import operator
from functools import partial
from ssl import SSLWantReadError, SSLWantWriteError

from ._aio_common import _AioSocket, _Live, _Peer, settle_quietly
from ._common import A
from ._errors import IncompleteReadError
from ._options import _Addressed
from ._states import State
from ._tls import (
    check_arguments,
    cipher,
    getpeercert,
    plain,
    selected_alpn_protocol,
    version,
    wrapper,
)
from ._typing import TYPE_CHECKING, cast, overload

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable
    from typing import Any, Literal, TypeVar

    from typing_extensions import Buffer

    from ._aio_connection import ConnectedSocket
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
    from ._options import OptionsProperty

    R = TypeVar("R")

__all__ = (
    "HandshakeFailedSocket",
    "HandshakingSocket",
    "TLSEndedSocket",
    "TLSSocket",
    "UnwrappingSocket",
    "_AioWrapsTLS",
)


async def _until_done(sock: _AioSocket, step: Callable[[], R], operation: str) -> R:
    """``step()``, tried again each time OpenSSL has waited for the
    descriptor to be readable or writable."""
    while True:
        try:
            return step()
        except SSLWantReadError:
            await sock._readable(operation)
        except SSLWantWriteError:
            await sock._writable(operation)


@overload
async def wrap_tls(
    self: _AioWrapsTLS[A],
    context: ssl.SSLContext,
    *,
    server_side: Literal[True],
    server_hostname: None = None,
) -> TLSSocket[A]: ...
@overload
async def wrap_tls(
    self: _AioWrapsTLS[A],
    context: ssl.SSLContext,
    *,
    server_side: Literal[False] = False,
    server_hostname: str,
) -> TLSSocket[A]: ...
async def wrap_tls(
    self: _AioWrapsTLS[A],
    context: ssl.SSLContext,
    *,
    server_side: bool = False,
    server_hostname: str | None = None,
) -> TLSSocket[A]:
    """Make a TLS handshake over the connection, as the client (naming
    the server in ``server_hostname``) or as the server
    (``server_side=True``), waiting on the loop; returns the same socket
    as a ``TLSSocket``.  While the handshake runs the socket is
    ``HANDSHAKING``.

    Raises, before any system call and with the state unchanged:
    ``TypeError`` for a context that is no ``ssl.SSLContext``,
    ``ServerHostnameError`` for a client without ``server_hostname``, a
    server with one, or a name that can never be a host's, and
    ``BusyError`` while another task waits in a call on the socket.

    If the handshake fails (``ssl.SSLCertVerificationError``, another
    ``ssl.SSLError``, any ``OSError``) or the task is cancelled
    (``asyncio.timeout()`` included), the error propagates unchanged and
    the socket is ``HANDSHAKE_FAILED``, its descriptor released.
    ``close()`` meanwhile makes it raise ``SocketClosedError``.
    """
    self._require("wrap_tls")
    check_arguments(context, server_side, server_hostname)
    before = self._claim("wrap_tls", wrapper(context, server_side, server_hostname), alone=True)
    tls = cast("ssl.SSLSocket", self._sock)
    calls = self._calls
    calls.append(None)
    try:
        await _until_done(self, tls.do_handshake, "wrap_tls")
    except BaseException as error:
        calls.pop()
        settle_quietly(self, before, "wrap_tls", error, None)
        raise
    calls.pop()
    moved: TLSSocket[A] = self._settle(before, "wrap_tls", None)
    return moved


class _AioWrapsTLS(_Live, _Addressed[A]):
    """``await wrap_tls()``, legal on a connected stream socket."""

    __slots__ = ()

    wrap_tls = wrap_tls


async def send(self: _TLSSends[A], data: Buffer, flags: int = 0, /) -> int:
    """Send ``data`` as TLS records, waiting until the socket takes them;
    return how many bytes were sent (all of them: OpenSSL writes whole
    records).  ``flags`` must be 0.  Cancelled while it waits, the
    records are half sent: the socket moves to ``BrokenSocket``."""
    # A function, not a method: a method kept from before close() runs on
    # a socket whose class (ClosedSocket) has no _send, and must refuse.
    return await _send(self, "send", data, flags)


async def sendall(self: _TLSSends[A], data: Buffer, flags: int = 0, /) -> None:
    """Send all of ``data`` as TLS records, waiting as often as needed.
    ``flags`` must be 0.  Cancelled while it waits, the socket moves to
    ``BrokenSocket`` (how much the peer got is unknown)."""
    await _send(self, "sendall", data, flags)


class _TLSSends(_Peer[A]):
    """The calls that send on a TLS connection, coroutines.  An
    ``ssl.SSLError`` (but a would-block) or a ``ConnectionError`` moves the
    socket to ``BrokenSocket`` before it propagates."""

    __slots__ = ()

    send = send
    sendall = sendall


async def _send(sock: _TLSSends[Any], operation: str, data: Buffer, flags: int) -> int:
    """``send()`` or ``sendall()`` (``operation``) of ``data`` on ``sock``:
    one ``ssl`` send, which OpenSSL completes, tried again each time it
    waited for the descriptor."""
    calls = sock._calls
    waited = False
    calls.append(None)
    try:
        if operation not in sock._allowed:
            raise sock._refuse(operation)
        session = sock._sock
        while True:
            try:
                return session.send(data, flags)
            except SSLWantWriteError:
                waited = True
                await sock._writable(operation)
            # Only a TLS 1.2 renegotiation (RFC 5246, section 7.4.1.1) makes
            # a write read, and ssl has no call that starts one.
            except SSLWantReadError:  # pragma: no cover - see above
                waited = True
                await sock._readable(operation)
    except OSError as error:
        if not waited:
            sock._failed(operation, error)
        elif not sock._cut(operation, error):
            raise sock._refuse(operation) from error
        raise
    except BaseException as error:
        if waited:
            sock._cut(operation, error)
        raise
    finally:
        calls.pop()
        if sock._deferred is not None:
            sock._leave()


async def recv(self: _TLSReceives[A], bufsize: int, flags: int = 0, /) -> bytes:
    """Receive up to ``bufsize`` bytes of TLS data, waiting until some
    come.  ``b""`` means the peer sent ``close_notify``."""
    calls = self._calls
    calls.append(None)
    try:
        if "recv" not in self._allowed:
            raise self._refuse("recv")
        sock = self._sock
        data = await _until_done(self, lambda: sock.recv(bufsize, flags), "recv")
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


async def recv_into(
    self: _TLSReceives[A], buffer: Buffer, nbytes: int = 0, flags: int = 0, /
) -> int:
    """Receive TLS data into ``buffer`` (up to ``nbytes``, or its size
    when 0), waiting until some come; return the count, 0 meaning the
    peer sent ``close_notify``."""
    calls = self._calls
    calls.append(None)
    try:
        if "recv_into" not in self._allowed:
            raise self._refuse("recv_into")
        sock = self._sock
        count = await _until_done(self, lambda: sock.recv_into(buffer, nbytes, flags), "recv_into")
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


async def recv_exactly(self: _TLSReceives[A], n: int, /) -> bytes:
    """Receive exactly ``n`` bytes of TLS data, waiting as often as
    needed.

    Raises ``IncompleteReadError`` carrying the bytes already received
    when the peer sends ``close_notify`` first, ``TypeError`` for an
    ``n`` that is no int and ``ValueError`` for a negative one, before
    any system call.  Cancelled once part of the bytes were read, the
    socket moves to ``BrokenSocket``; before any came, the state is as
    it was.
    """
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"recv_exactly() needs a non-negative size, not {n}")
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
                count = await _until_done(self, partial(recv_into, view[received:]), "recv_exactly")
                if count == 0:
                    self._ended("recv_exactly")
                    raise IncompleteReadError(bytes(view[:received]), n)
                received += count
    except OSError as error:
        if not received:
            self._failed("recv_exactly", error)
        elif not self._cut("recv_exactly", error):
            raise self._refuse("recv_exactly") from error
        raise
    except IncompleteReadError:
        raise
    except BaseException as error:
        if received:
            self._cut("recv_exactly", error)
        raise
    finally:
        calls.pop()
        if self._deferred is not None:
            self._leave()
    return bytes(buffer)


class _TLSReceives(_Peer[A]):
    """The calls that read a TLS connection, coroutines.

    A read that returns the peer's ``close_notify`` (``b""``, or 0 bytes,
    for a non-zero size) returns it once and moves the socket to
    ``TLSEndedSocket``.  A connection cut without ``close_notify`` raises
    ``ssl.SSLEOFError`` and moves the socket to ``BrokenSocket``.  A read
    cancelled while it waits has read nothing.  ``flags`` must be 0.
    """

    __slots__ = ()

    recv = recv
    recv_into = recv_into
    recv_exactly = recv_exactly


async def unwrap(self: _TLSSession[A]) -> ConnectedSocket[A]:
    """End TLS and carry on in plain text: send this side's
    ``close_notify``, wait for the peer's, and return the same socket as
    a plain asyncio ``ConnectedSocket``.  While it waits the socket is
    ``UNWRAPPING``.

    Raises ``BusyError`` while another task waits in a call on the
    socket, with the state unchanged.  Any other error (the peer sent
    data first, or closed without ``close_notify``) or a cancellation
    leaves the socket ``BROKEN``.  ``close()`` meanwhile makes it raise
    ``SocketClosedError``.
    """
    self._require("unwrap")
    before = self._claim("unwrap", alone=True)
    tls = cast("ssl.SSLSocket", self._sock)
    calls = self._calls
    calls.append(None)
    try:
        await _until_done(self, tls.unwrap, "unwrap")
    except BaseException as error:
        calls.pop()
        settle_quietly(self, before, "unwrap", error, None)
        raise
    calls.pop()
    moved: ConnectedSocket[A] = self._settle(before, "unwrap", None, make=plain)
    return moved


class _TLSSession(_Peer[A]):
    """What the handshake settled (the blocking face's calls: they never
    wait), and ``await unwrap()``: in every TLS state."""

    __slots__ = ()

    getpeercert = getpeercert
    version = version
    cipher = cipher
    selected_alpn_protocol = selected_alpn_protocol
    unwrap = unwrap


class HandshakingSocket(_Peer[A]):
    """An asyncio socket whose TLS handshake is under way: what other tasks
    see while ``await wrap_tls()`` waits.

    Legal: ``getsockname()``, ``getpeername()``, ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  No call returns this type.
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


class TLSSocket(_TLSSends[A], _TLSReceives[A], _TLSSession[A]):
    """An asyncio connection whose data moves through TLS: made by
    ``await wrap_tls()``.

    Legal: ``await`` ``send()``, ``sendall()``, ``recv()``, ``recv_into()``,
    ``recv_exactly()``, ``unwrap()`` (to a ``ConnectedSocket``);
    ``getpeercert()``, ``version()``, ``cipher()``,
    ``selected_alpn_protocol()``, ``getsockname()``, ``getpeername()``,
    ``options``, ``fileno()``, ``raw_socket()`` (the non-blocking
    ``ssl.SSLSocket``), ``detach()``, ``close()``.  No ``sendmsg()``,
    ``recvmsg()``, ``shutdown_*()`` or second ``wrap_tls()``.  A read of the
    peer's ``close_notify`` moves it to ``TLSEndedSocket``; a connection cut
    without it, a corrupt record or a reset to ``BrokenSocket``.
    ``close()`` sends no ``close_notify``: ``await unwrap()`` first where the
    peer must tell a cut connection from a finished one.
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
    """An asyncio TLS connection whose read has returned the peer's
    ``close_notify``: it can still send.

    Legal: ``await`` ``send()``, ``sendall()``, ``unwrap()``;
    ``getpeercert()``, ``version()``, ``cipher()``,
    ``selected_alpn_protocol()``, ``getsockname()``, ``getpeername()``,
    ``options``, ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    No call returns this type.
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
    """An asyncio TLS connection whose ``await unwrap()`` waits for the
    peer's ``close_notify``: what other tasks see meanwhile.

    Legal: ``getsockname()``, ``getpeername()``, ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  No call returns this type.
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


class HandshakeFailedSocket(_AioSocket):
    """An asyncio socket whose TLS handshake failed or was cancelled.  Its
    descriptor is already released; only ``close()`` is legal."""

    __slots__ = ()
    _STATE = State.HANDSHAKE_FAILED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.HANDSHAKE_FAILED]:
            """``State.HANDSHAKE_FAILED``: typed so that a test of ``state`` narrows a union."""
            return State.HANDSHAKE_FAILED
