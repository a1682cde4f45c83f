"""The stream states of the asyncio face before a connection, one class per
state: fresh, bound, listening, connecting; and the connect helpers.  The
states of a connection are in ``_aio_connection``.

Rules of this module:

* As on the blocking face (``_stream``): a class offers exactly what
  ``_states.TRANSITIONS`` allows in its state, less the calls of sockets
  that block (``BLOCKING_ONLY``), and moves only through ``_machine``'s
  primitive.  A call that cannot wait (``bind``, ``listen``,
  ``start_connect``, and the shutdowns in ``_aio_connection``) is a plain
  method that steps; a call that may wait is a coroutine (``_aio_common``'s
  rules say how it waits).
* ``connect``, ``accept`` and ``finish_connect`` are counted in ``_calls``
  for their whole length, waits included, as are the data calls
  (``_aio_data``).
* Where a cancelled call leaves the socket: ``connect`` is claimed (the
  socket is ``CONNECTING`` meanwhile) and settled with the
  ``CancelledError``, which ``fails()`` counts as a failed connect:
  ``FAILED``, its descriptor released.  An ``accept`` cancelled while it
  waits has moved nothing: the state is as it was.  ``finish_connect``
  cancelled while it waits leaves the socket ``CONNECTING``.  (A cancelled
  data call: ``_aio_data``.)
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""
# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count, and
# reach the primitive in _machine.

from __future__ import annotations

import asyncio
import operator
import socket as _stdlib

from ._aio_common import _Live, _Named, settle_quietly
from ._aio_connection import ConnectedSocket
from ._common import A
from ._machine import _family_of, _type_of
from ._options import _Addressed
from ._states import ACCEPTED_STATE, State
from ._stream import (
    _DEFAULT_BACKLOG,
    _MAX_BACKLOG,
    _finish_connect,
    _start_connect,
)
from ._typing import TYPE_CHECKING, cast, overload

if TYPE_CHECKING:
    from typing import Any, Literal

    from ._addresses import (
        IPv4Address,
        IPv6Address,
        IPv6AddressInput,
        StdlibAddress,
        UnixAddress,
        UnixAddressInput,
    )
    from ._family_options import (
        BoundIPv4Options,
        BoundIPv6Options,
        BoundOptions,
        ConnectingIPv4Options,
        ConnectingIPv6Options,
        ConnectingOptions,
        FreshIPv4Options,
        FreshIPv6Options,
        FreshOptions,
        ListeningIPv4Options,
        ListeningIPv6Options,
        ListeningOptions,
    )
    from ._options import OptionsProperty

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
    moved: ConnectingSocket[object] = self._step("start_connect", _start_connect, checked, checked)
    return moved


class _Connects(_Live, _Addressed[A]):
    """``connect()`` (a coroutine) and ``start_connect()``, legal on fresh
    and bound sockets."""

    __slots__ = ()

    connect = connect
    start_connect = start_connect


class FreshSocket(_Connects[A]):
    """An asyncio socket just created: nothing bound, not connected.

    Legal: ``bind()`` (to a ``BoundSocket``), ``await connect()`` (to a
    ``ConnectedSocket``), ``start_connect()`` (to a ``ConnectingSocket``),
    ``options``, ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.FRESH

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.FRESH]:
            """``State.FRESH``: typed so that a test of ``state`` narrows a union."""
            return State.FRESH

        options: OptionsProperty[FreshIPv4Options, FreshIPv6Options, FreshOptions]
        """The socket's options: the view of its state and family (``FreshIPv4Options``,
        ``FreshIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``FreshOptions`` for either IP family)."""

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

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.BOUND]:
            """``State.BOUND``: typed so that a test of ``state`` narrows a union."""
            return State.BOUND

        options: OptionsProperty[BoundIPv4Options, BoundIPv6Options, BoundOptions]
        """The socket's options: the view of its state and family (``BoundIPv4Options``,
        ``BoundIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``BoundOptions`` for either IP family)."""

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

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.LISTENING]:
            """``State.LISTENING``: typed so that a test of ``state`` narrows a union."""
            return State.LISTENING

        options: OptionsProperty[ListeningIPv4Options, ListeningIPv6Options, ListeningOptions]
        """The socket's options: the view of its state and family (``ListeningIPv4Options``,
        ``ListeningIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``ListeningOptions`` for either IP family)."""

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

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.CONNECTING]:
            """``State.CONNECTING``: typed so that a test of ``state`` narrows a union."""
            return State.CONNECTING

        options: OptionsProperty[ConnectingIPv4Options, ConnectingIPv6Options, ConnectingOptions]
        """The socket's options: the view of its state and family (``ConnectingIPv4Options``,
        ``ConnectingIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``ConnectingOptions`` for either IP family)."""

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


_ACCEPTED = cast("type[ConnectedSocket[Any]]", ConnectedSocket)
if _ACCEPTED._STATE is not ACCEPTED_STATE:  # pragma: no cover - a table edit
    raise TypeError(f"accept() makes a ConnectedSocket; the table says {ACCEPTED_STATE}")
