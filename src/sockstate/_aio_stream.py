"""The stream states of the asyncio face, one class per state, and their
data calls.

Rules of this module:

* As on the blocking face (``_stream``): a class offers exactly what
  ``_states.TRANSITIONS`` allows in its state, less the calls of sockets
  that block (``BLOCKING_ONLY``), and moves only through ``_machine``'s
  primitive.  A call that cannot wait (``bind``, ``listen``,
  ``start_connect``, the shutdowns) is a plain method that steps; a call
  that may wait is a coroutine (``_aio_common``'s rules say how it waits).
* A data call is counted in ``_calls`` for its whole length, waits
  included, exactly as on the blocking face, and settles only failures and
  the end of the stream.
* Where a cancelled call leaves the socket: ``connect`` is claimed (the
  socket is ``CONNECTING`` meanwhile) and settled with the
  ``CancelledError``, which ``fails()`` counts as a failed connect:
  ``FAILED``, its descriptor released.  A read, ``accept`` or a ``send``
  cancelled while it waits has moved nothing: the state is as it was.  A
  ``sendall`` or ``recv_exactly`` cancelled after it moved part of its data
  fails (``fails(partial=True)``): ``BROKEN``.  ``finish_connect``
  cancelled while it waits leaves the socket ``CONNECTING``.
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count, and
# reach the primitive in _machine.

from __future__ import annotations

import asyncio
import operator
import socket as _stdlib
import sys

from ._aio_common import _Live, _Named, _Peer, settle_quietly
from ._aio_tls import _AioWrapsTLS
from ._common import A
from ._errors import IncompleteReadError
from ._machine import _family_of, _type_of
from ._states import ACCEPTED_STATE, State
from ._stream import _DEFAULT_BACKLOG, _MAX_BACKLOG, _finish_connect, _start_connect
from ._typing import TYPE_CHECKING, Generic, cast, overload

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from typing_extensions import Buffer, Self

    from ._addresses import (
        IPv4Address,
        IPv6Address,
        IPv6AddressInput,
        StdlibAddress,
        UnixAddress,
        UnixAddressInput,
    )

_AF_UNIX = _stdlib.AF_UNIX
_NOT_NAMES = frozenset({"", "<broadcast>"})
"""Hosts the stdlib takes as they are, without resolving them."""
_inet_pton = _stdlib.inet_pton
_get_running_loop = asyncio.get_running_loop


async def resolved(sock: _stdlib.socket, address: StdlibAddress) -> StdlibAddress:
    """``address`` as ``sock`` can use it without blocking the event loop: a
    host name resolved by the loop (``loop.getaddrinfo``, in its executor);
    a numeric host or a Unix path as it is.  Raises ``socket.gaierror``
    when the name does not resolve."""
    family = _family_of(sock)
    if family == _AF_UNIX or isinstance(address, (str, bytes)):
        return address
    host = address[0]
    if host in _NOT_NAMES:
        return address
    try:
        _inet_pton(family, host)
    except OSError:
        pass
    else:
        return address
    found = await _get_running_loop().getaddrinfo(
        host, address[1], family=family, type=_type_of(sock)
    )
    return cast("StdlibAddress", found[0][4])  # an IP family's (host, port, ...)


async def _connect(sock: _Live, address: StdlibAddress) -> None:
    """Connect ``sock`` (a claimed asyncio socket) to ``address``: start the
    kernel's connect, wait until the descriptor is writable, and read the
    kernel's answer; raise it as an ``OSError`` if the connect failed."""
    raw = sock._sock
    _start_connect(raw, await resolved(raw, address))
    while True:
        try:
            _finish_connect(raw, None)
        except BlockingIOError:
            await sock._writable("connect")
        else:
            return


class _Connects(_Live, Generic[A]):
    """``connect()`` (a coroutine) and ``start_connect()``, legal on fresh
    and bound sockets."""

    __slots__ = ()

    @overload
    async def connect(
        self: _Connects[IPv4Address], address: IPv4Address, /
    ) -> ConnectedSocket[IPv4Address]: ...
    @overload
    async def connect(
        self: _Connects[IPv6Address], address: IPv6AddressInput, /
    ) -> ConnectedSocket[IPv6Address]: ...
    @overload
    async def connect(
        self: _Connects[UnixAddress], address: UnixAddressInput, /
    ) -> ConnectedSocket[UnixAddress]: ...
    async def connect(self: _Connects[object], address: object, /) -> ConnectedSocket[object]:
        """Connect to ``address`` and wait for the kernel's answer (a host
        name is resolved by the loop first); returns the socket as a
        ``ConnectedSocket``.  While it waits the socket is ``CONNECTING``.

        Raises ``AddressTypeError``/``AddressValueError`` for an address that
        cannot work for the family, before any system call and with the
        state unchanged.  If the kernel refuses (``ConnectionRefusedError``,
        any ``OSError``), the name does not resolve, or the task is
        cancelled (``asyncio.timeout()`` included), the socket's descriptor
        is released, it moves to the terminal ``FAILED`` state (the
        kernel's connect may have half happened: make a new socket), and
        the error propagates unchanged.  ``close()`` meanwhile makes it
        raise ``SocketClosedError``.  A Unix listener whose queue is full
        refuses at once (``BlockingIOError``, EAGAIN).
        """
        checked = self._checked("connect", address)
        before = self._claim("connect")
        calls = self._calls
        calls.append(None)
        try:
            await _connect(self, checked)
        except BaseException as error:
            calls.pop()
            settle_quietly(self, before, "connect", error, checked)
            raise
        calls.pop()
        moved: ConnectedSocket[object] = self._settle(before, "connect", None, checked)
        return moved

    @overload
    def start_connect(
        self: _Connects[IPv4Address], address: IPv4Address, /
    ) -> ConnectingSocket[IPv4Address]: ...
    @overload
    def start_connect(
        self: _Connects[IPv6Address], address: IPv6AddressInput, /
    ) -> ConnectingSocket[IPv6Address]: ...
    @overload
    def start_connect(
        self: _Connects[UnixAddress], address: UnixAddressInput, /
    ) -> ConnectingSocket[UnixAddress]: ...
    def start_connect(self: _Connects[object], address: object, /) -> ConnectingSocket[object]:
        """Start connecting to ``address`` without waiting (a plain call);
        returns the socket as a ``ConnectingSocket``, whose
        ``await finish_connect()`` waits for the answer.  A host name is
        resolved here, blocking the loop meanwhile: give a numeric address.

        Raises ``AddressTypeError``/``AddressValueError`` before any system
        call, with the state unchanged.  If the kernel refuses at once, the
        descriptor is released, the socket moves to ``FAILED``, and the
        error propagates.
        """
        checked = self._checked("start_connect", address)
        moved: ConnectingSocket[object] = self._step(
            "start_connect", _start_connect, checked, checked
        )
        return moved


class _Sends(_Peer[A]):
    """The calls that send on a stream, coroutines, legal while its sending
    side is open.  A ``ConnectionError`` moves the socket to
    ``BrokenSocket`` before it propagates."""

    __slots__ = ()

    async def send(self, data: Buffer, flags: int = 0, /) -> int:
        """Send some of ``data``, waiting until the socket can take some;
        return how many bytes were sent.  Cancelled while it waits, it has
        sent nothing and the state is as it was.  Raises ``BusyError`` if
        it would wait while another task waits to send on this socket."""
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            while True:
                try:
                    return sock.send(data, flags)
                except BlockingIOError:
                    await self._writable("send")
        except OSError as error:
            self._failed("send", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()

    async def sendall(self, data: Buffer, flags: int = 0, /) -> None:
        """Send all of ``data``, waiting as often as needed.

        A kernel error propagates (a ``ConnectionError`` moves the socket to
        ``BrokenSocket``).  Cancelled once part of the data has gone out,
        the socket moves to ``BrokenSocket`` (how much the peer got is
        unknown to it, and the stream is out of step) and the
        ``CancelledError`` propagates; cancelled before anything went out,
        the state is as it was.  Raises ``BusyError`` if it would wait while
        another task waits to send on this socket.
        """
        sock = self._sock
        calls = self._calls
        sent = 0
        calls.append(None)
        try:
            try:  # noqa: SIM105 - contextlib.suppress costs a microsecond per call
                sent = sock.send(data, flags)
            except BlockingIOError:
                pass
            total = len(data) if type(data) is bytes else memoryview(data).nbytes
            if sent < total:
                with memoryview(data) as whole, whole.cast("B") as view:
                    while sent < total:
                        await self._writable("sendall")
                        try:  # noqa: SIM105 - as above
                            sent += sock.send(view[sent:], flags)
                        except BlockingIOError:
                            pass
        except OSError as error:
            if not sent:
                self._failed("sendall", error)
            elif not self._cut("sendall", error):
                raise self._refuse("sendall") from error
            raise
        except BaseException as error:
            if sent:
                self._cut("sendall", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()

    if sys.platform != "win32":  # pragma: no branch - _states.HAS_MSG: where the stdlib has it

        async def sendmsg(
            self,
            buffers: Iterable[Buffer],
            ancdata: Iterable[tuple[int, int, Buffer]] = (),
            flags: int = 0,
            /,
        ) -> int:
            """Send the ``buffers`` and ancillary data (``SCM_RIGHTS`` and the
            like) in one call, waiting until the socket can take some;
            return how many bytes were sent.  Cancelled while it waits, it
            has sent nothing."""
            buffers = list(buffers)
            ancdata = list(ancdata)
            sock = self._sock
            calls = self._calls
            calls.append(None)
            try:
                while True:
                    try:
                        return sock.sendmsg(buffers, ancdata, flags)
                    except BlockingIOError:
                        await self._writable("sendmsg")
            except OSError as error:
                self._failed("sendmsg", error)
                raise
            finally:
                calls.pop()
                if self._deferred is not None:
                    self._leave()


class _Receives(_Peer[A]):
    """The calls that read a stream, coroutines, legal while its receiving
    side is open.

    A read that returns the peer's end of stream (``b""``, or 0 bytes, for a
    non-zero size) returns it once and moves the socket on, where reading
    again raises an ordering error naming the end of stream.  A
    ``ConnectionError`` moves the socket to ``BrokenSocket``.  A read
    cancelled while it waits has read nothing: the data stays in the kernel
    for the next read.
    """

    __slots__ = ()

    async def recv(self, bufsize: int, flags: int = 0, /) -> bytes:
        """Receive up to ``bufsize`` bytes, waiting until some come.  ``b""``
        means the peer ended the stream (and only that, for a non-zero
        ``bufsize``).  Raises ``BusyError`` if it would wait while another
        task waits to read this socket."""
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            if self._wait_first:
                await self._readable("recv")
            while True:
                try:
                    data = sock.recv(bufsize, flags)
                    break
                except BlockingIOError:
                    self._wait_first = True
                    await self._readable("recv")
        except OSError as error:
            self._failed("recv", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()
        if not data and bufsize:
            self._ended("recv")
        elif len(data) == bufsize > 1:
            self._wait_first = False
        return data

    async def recv_into(self, buffer: Buffer, nbytes: int = 0, flags: int = 0, /) -> int:
        """Receive into ``buffer`` (up to ``nbytes``, or its size when 0),
        waiting until some bytes come; return the count, 0 meaning the peer
        ended the stream."""
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            if self._wait_first:
                await self._readable("recv_into")
            while True:
                try:
                    count = sock.recv_into(buffer, nbytes, flags)
                    break
                except BlockingIOError:
                    self._wait_first = True
                    await self._readable("recv_into")
        except OSError as error:
            self._failed("recv_into", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()
        if not count:
            if nbytes or memoryview(buffer).nbytes:
                self._ended("recv_into")
        elif self._wait_first and count > 1 and count == (nbytes or memoryview(buffer).nbytes):
            self._wait_first = False
        return count

    async def recv_exactly(self, n: int, /) -> bytes:
        """Receive exactly ``n`` bytes, waiting as often as needed.

        Raises ``IncompleteReadError`` carrying the bytes already received
        (``.partial``) when the peer ends the stream first, moving the
        socket on as ``recv()`` does; ``TypeError`` for an ``n`` that is no
        int and ``ValueError`` for a negative one, before any system call.
        Cancelled once part of the bytes were read, the socket moves to
        ``BrokenSocket`` (those bytes are gone and the stream is out of
        step); cancelled before any byte came, the state is as it was.
        """
        n = operator.index(n)
        if n < 0:
            raise ValueError(f"recv_exactly() needs a non-negative size, not {n}")
        buffer = bytearray(n)
        received = 0
        recv_into = self._sock.recv_into
        calls = self._calls
        calls.append(None)
        try:
            with memoryview(buffer) as view:
                while received < n:
                    try:
                        count = recv_into(view[received:])
                    except BlockingIOError:
                        await self._readable("recv_exactly")
                        continue
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

    if sys.platform != "win32":  # pragma: no branch - _states.HAS_MSG: where the stdlib has it

        async def recvmsg(
            self, bufsize: int, ancbufsize: int = 0, flags: int = 0, /
        ) -> tuple[bytes, list[tuple[int, int, bytes]], int]:
            """Receive data and ancillary data, waiting until some come:
            ``(data, ancdata, msg_flags)`` (no fourth item: a connected
            socket's peer is ``getpeername()``)."""
            sock = self._sock
            calls = self._calls
            calls.append(None)
            try:
                if self._wait_first:
                    await self._readable("recvmsg")
                while True:
                    try:
                        data, ancdata, msg_flags, _ = sock.recvmsg(bufsize, ancbufsize, flags)
                        break
                    except BlockingIOError:
                        self._wait_first = True
                        await self._readable("recvmsg")
            except OSError as error:
                self._failed("recvmsg", error)
                raise
            finally:
                calls.pop()
                if self._deferred is not None:
                    self._leave()
            if not data and bufsize:
                self._ended("recvmsg")
            elif len(data) == bufsize > 1:
                self._wait_first = False
            return data, ancdata, msg_flags


def _shut(sock: _Live, operation: str, how: int) -> Any:
    """Shut a direction of ``sock`` down (``how``) through the primitive; a
    direction already shut makes no system call."""
    return sock._step(operation, _stdlib.socket.shutdown, how, idempotent=True)


class FreshSocket(_Connects[A]):
    """An asyncio socket just created: nothing bound, not connected.

    Legal: ``bind()`` (to a ``BoundSocket``), ``await connect()`` (to a
    ``ConnectedSocket``), ``start_connect()`` (to a ``ConnectingSocket``),
    ``options``, ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.FRESH

    @overload
    def bind(
        self: FreshSocket[IPv4Address], address: IPv4Address, /
    ) -> BoundSocket[IPv4Address]: ...
    @overload
    def bind(
        self: FreshSocket[IPv6Address], address: IPv6AddressInput, /
    ) -> BoundSocket[IPv6Address]: ...
    @overload
    def bind(
        self: FreshSocket[UnixAddress], address: UnixAddressInput, /
    ) -> BoundSocket[UnixAddress]: ...
    def bind(self: FreshSocket[object], address: object, /) -> BoundSocket[object]:
        """Bind the socket to a local ``address`` (a plain call; a host name
        is resolved here, so give a numeric one); returns it as a
        ``BoundSocket``.

        Raises ``AddressTypeError``/``AddressValueError`` for an address that
        cannot work for the family, and the kernel's ``OSError`` (such as
        EADDRINUSE) if binding fails; either way the socket stays fresh.
        """
        checked = self._checked("bind", address)
        moved: BoundSocket[object] = self._step("bind", _stdlib.socket.bind, checked, checked)
        return moved


class BoundSocket(_Connects[A], _Named[A]):
    """An asyncio socket bound to a local address, neither listening nor
    connected.

    Legal: ``listen()`` (to a ``ListeningSocket``), ``await connect()`` (to
    a ``ConnectedSocket``), ``start_connect()`` (to a ``ConnectingSocket``),
    ``getsockname()``, ``options``, ``fileno()``, ``raw_socket()``,
    ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.BOUND

    def listen(self, backlog: int | None = None, /) -> ListeningSocket[A]:
        """Start accepting connections (a plain call); returns the socket as
        a ``ListeningSocket``.

        ``backlog`` is the queue length for pending connections (the stdlib's
        default when ``None``).  Raises ``TypeError``/``ValueError`` for a
        backlog that is not a non-negative int, and the kernel's ``OSError``
        if listening fails; either way the socket stays bound.
        """
        self._require("listen")
        if backlog is None:
            backlog = _DEFAULT_BACKLOG
        else:
            backlog = operator.index(backlog)
            if not 0 <= backlog <= _MAX_BACKLOG:
                raise ValueError(f"backlog must be in 0..{_MAX_BACKLOG}, not {backlog}")
        moved: ListeningSocket[A] = self._step("listen", _stdlib.socket.listen, backlog)
        return moved


class ListeningSocket(_Named[A]):
    """An asyncio socket accepting connections.  It can never connect.

    Legal: ``await accept()``, ``getsockname()``, ``options``,
    ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.LISTENING

    async def accept(self) -> tuple[ConnectedSocket[A], A]:
        """Wait for a connection; return ``(connected socket, peer
        address)``, the socket an asyncio ``ConnectedSocket``.

        The listener stays listening.  Kernel errors pass through unchanged
        and leave it listening.  Cancelled while it waits, it has accepted
        nothing: a connection that came meanwhile waits in the queue for
        the next ``accept()``.  ``close()`` meanwhile makes it raise
        ``SocketClosedError``.  Raises ``BusyError`` if it would wait while
        another task waits to accept on this listener.
        """
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            while True:
                try:
                    conn, address = sock.accept()
                    break
                except BlockingIOError:
                    await self._readable("accept")
        except OSError as error:
            self._failed("accept", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()
        # fcntl() does not fail on a descriptor just accepted: only a signal
        # handler's exception (KeyboardInterrupt) can land here.
        try:
            conn.setblocking(False)
        except BaseException:  # pragma: no cover - a signal's exception, at this one moment
            conn.close()
            raise
        accepted: ConnectedSocket[A] = _ACCEPTED._new(conn, "accept", address)
        peer: A = address
        return accepted, peer


class ConnectingSocket(_Named[A]):
    """An asyncio stream socket whose connect the kernel is working on: made
    by ``start_connect()``, and what other tasks see while
    ``await connect()`` waits.

    Legal: ``await finish_connect()`` (to a ``ConnectedSocket``),
    ``getsockname()``, ``options``, ``fileno()``, ``raw_socket()``,
    ``detach()``, ``close()``.  No data call: there is no connection yet.
    """

    __slots__ = ()
    _STATE = State.CONNECTING

    async def finish_connect(self) -> ConnectedSocket[A]:
        """Wait until the kernel has answered the connect, and read its
        answer (``SO_ERROR``); returns the socket as a ``ConnectedSocket``.

        If the connect failed, the descriptor is released, the socket moves
        to ``FAILED``, and the kernel's error is raised as an ``OSError``.
        Cancelled while it waits, the socket stays ``CONNECTING`` (the
        kernel goes on): await it again, or close it.
        """
        self._require("finish_connect")
        calls = self._calls
        calls.append(None)
        try:
            while True:
                try:
                    moved: ConnectedSocket[A] = self._step("finish_connect", _finish_connect, None)
                except BlockingIOError:
                    await self._writable("finish_connect")
                else:
                    return moved
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()


class ConnectedSocket(_Sends[A], _Receives[A], _AioWrapsTLS[A]):
    """A connected asyncio stream socket: data moves both ways.

    Legal: ``await`` ``send()``, ``sendall()``, ``recv()``, ``recv_into()``,
    ``recv_exactly()``, ``sendmsg()``, ``recvmsg()``, ``wrap_tls()`` (to a
    ``TLSSocket``); ``shutdown_write()``,
    ``shutdown_read()``, ``shutdown_both()``, ``getsockname()``,
    ``getpeername()``, ``options``, ``fileno()``, ``raw_socket()``,
    ``detach()``, ``close()``.  No ``makefile()``: for asyncio streams use
    ``sockstate.aio.open_streams()``.  A read of the peer's end of stream
    moves it to ``EndedSocket``; a reset or broken connection to
    ``BrokenSocket``.
    """

    __slots__ = ()
    _STATE = State.CONNECTED

    def shutdown_write(self) -> ReceiveOnlySocket[A]:
        """Shut the sending side down (``SHUT_WR``): the peer reads the end of
        stream once it has read what was sent.  Returns the socket as a
        ``ReceiveOnlySocket``; a kernel error moves it to ``BrokenSocket``."""
        moved: ReceiveOnlySocket[A] = _shut(self, "shutdown_write", _stdlib.SHUT_WR)
        return moved

    def shutdown_read(self) -> SendOnlySocket[A]:
        """Shut the receiving side down (``SHUT_RD``); a task waiting to read
        wakes with an ``OrderingError``.  Returns the socket as a
        ``SendOnlySocket``; a kernel error moves it to ``BrokenSocket``."""
        moved: SendOnlySocket[A] = _shut(self, "shutdown_read", _stdlib.SHUT_RD)
        return moved

    def shutdown_both(self) -> ShutDownSocket[A]:
        """Shut both sides down (``SHUT_RDWR``).  Returns the socket as a
        ``ShutDownSocket``; a kernel error moves it to ``BrokenSocket``."""
        moved: ShutDownSocket[A] = _shut(self, "shutdown_both", _stdlib.SHUT_RDWR)
        return moved


class ReceiveOnlySocket(_Receives[A]):
    """A connected asyncio stream socket whose sending side is shut down.

    Legal: the reads (coroutines), ``shutdown_write()`` (does nothing),
    ``shutdown_read()`` and ``shutdown_both()`` (to a ``ShutDownSocket``),
    ``getsockname()``, ``getpeername()``, ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  A read of the peer's end
    of stream moves it to ``FinishedSocket``.
    """

    __slots__ = ()
    _STATE = State.RECEIVE_ONLY

    def shutdown_write(self) -> Self:
        """Nothing: the sending side is shut down already.  Returns the socket."""
        return self

    def shutdown_read(self) -> ShutDownSocket[A]:
        """Shut the receiving side down too; returns the socket as a
        ``ShutDownSocket`` (a kernel error moves it to ``BrokenSocket``)."""
        moved: ShutDownSocket[A] = _shut(self, "shutdown_read", _stdlib.SHUT_RD)
        return moved

    def shutdown_both(self) -> ShutDownSocket[A]:
        """As ``shutdown_read()``: the sending side is shut down already."""
        moved: ShutDownSocket[A] = _shut(self, "shutdown_both", _stdlib.SHUT_RDWR)
        return moved


class SendOnlySocket(_Sends[A]):
    """A connected asyncio stream socket whose receiving side is shut down.

    Legal: the sends (coroutines), ``shutdown_read()`` (does nothing),
    ``shutdown_write()`` and ``shutdown_both()`` (to a ``ShutDownSocket``),
    ``getsockname()``, ``getpeername()``, ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.SEND_ONLY

    def shutdown_write(self) -> ShutDownSocket[A]:
        """Shut the sending side down too; returns the socket as a
        ``ShutDownSocket`` (a kernel error moves it to ``BrokenSocket``)."""
        moved: ShutDownSocket[A] = _shut(self, "shutdown_write", _stdlib.SHUT_WR)
        return moved

    def shutdown_read(self) -> Self:
        """Nothing: the receiving side is shut down already.  Returns the socket."""
        return self

    def shutdown_both(self) -> ShutDownSocket[A]:
        """As ``shutdown_write()``: the receiving side is shut down already."""
        moved: ShutDownSocket[A] = _shut(self, "shutdown_both", _stdlib.SHUT_RDWR)
        return moved


class _Shut(_Named[A]):
    """A stream socket with no direction left: shutting down again is harmless."""

    __slots__ = ()

    def shutdown_write(self) -> Self:
        """Nothing: no direction is left.  Returns the socket."""
        return self

    def shutdown_read(self) -> Self:
        """Nothing: no direction is left.  Returns the socket."""
        return self

    def shutdown_both(self) -> Self:
        """Nothing: no direction is left.  Returns the socket."""
        return self


class ShutDownSocket(_Shut[A], _Peer[A]):
    """A connected asyncio stream socket shut down in both directions.

    Legal: ``shutdown_write()``, ``shutdown_read()`` and ``shutdown_both()``
    (all do nothing), ``getsockname()``, ``getpeername()``, ``options``,
    ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.SHUT_DOWN


class EndedSocket(_Sends[A]):
    """A connected asyncio stream socket whose read has returned the peer's
    end of stream: it can still send (the peer may be waiting for an
    answer).

    Legal: the sends (coroutines), ``shutdown_read()`` (does nothing),
    ``shutdown_write()`` and ``shutdown_both()`` (to a ``FinishedSocket``),
    ``getsockname()``, ``getpeername()``, ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  Reading raises an
    ``OrderingError`` that names the end of stream.  No call returns this
    type: a ``ConnectedSocket`` becomes one when a read returns ``b""``.
    """

    __slots__ = ()
    _STATE = State.ENDED

    def shutdown_write(self) -> FinishedSocket[A]:
        """Shut the sending side down; returns the socket as a
        ``FinishedSocket`` (a kernel error moves it to ``BrokenSocket``)."""
        moved: FinishedSocket[A] = _shut(self, "shutdown_write", _stdlib.SHUT_WR)
        return moved

    def shutdown_read(self) -> Self:
        """Nothing: the peer has ended the stream already.  Returns the socket."""
        return self

    def shutdown_both(self) -> FinishedSocket[A]:
        """As ``shutdown_write()``: the peer has ended the stream already."""
        moved: FinishedSocket[A] = _shut(self, "shutdown_both", _stdlib.SHUT_RDWR)
        return moved


class FinishedSocket(_Shut[A]):
    """An asyncio stream socket done both ways: its sending side is shut down
    and a read has returned the peer's end of stream.

    Legal: ``shutdown_write()``, ``shutdown_read()`` and ``shutdown_both()``
    (all do nothing), ``getsockname()``, ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  No call returns this type.
    """

    __slots__ = ()
    _STATE = State.FINISHED


class BrokenSocket(_Live):
    """An asyncio socket whose connection the kernel reported reset or
    broken, or whose ``sendall()`` or ``recv_exactly()`` was cancelled
    after part of its data had moved (the stream is out of step).

    Legal: ``options``, ``fileno()``, ``raw_socket()`` (to read
    ``SO_ERROR``, say), ``detach()`` and ``close()``.  Every other call
    raises an ``OrderingError`` saying the socket is broken.  No call
    returns this type.
    """

    __slots__ = ()
    _STATE = State.BROKEN


_ACCEPTED = cast("type[ConnectedSocket[Any]]", ConnectedSocket)
if _ACCEPTED._STATE is not ACCEPTED_STATE:  # pragma: no cover - a table edit
    raise TypeError(f"accept() makes a ConnectedSocket; the table says {ACCEPTED_STATE}")
