"""The datagram states of the asyncio face, one class per state.

Rules of this module:

* As for the blocking face's datagram states (``_datagram``): each class
  offers exactly what the table allows (less ``BLOCKING_ONLY``), a datagram
  socket is never bound behind the object's back, and a read asks for one
  byte more than its size to see a truncated datagram.
* ``connect`` is a coroutine here as on the stream states, so that a host
  name is resolved by the loop; the connect itself never waits (``_step``).
  ``sendto``, ``recvfrom``, ``send`` and ``recv`` wait as ``_aio_common``'s
  rules say: a read cancelled while it waits has read nothing, and the
  datagram stays queued for the next read.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count.

from __future__ import annotations

import socket as _stdlib

from ._aio_common import _Live, _Named, _Peer
from ._aio_stream import resolved
from ._common import A
from ._errors import MessageTruncatedError
from ._options import _Addressed
from ._states import State
from ._typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from typing import Any, Literal

    from typing_extensions import Buffer

    from ._addresses import (
        IPv4Address,
        IPv6Address,
        IPv6AddressInput,
        UnixAddress,
        UnixAddressInput,
    )
    from ._family_options import (
        BoundDatagramIPv4Options,
        BoundDatagramIPv6Options,
        BoundDatagramOptions,
        ConnectedDatagramIPv4Options,
        ConnectedDatagramIPv6Options,
        ConnectedDatagramOptions,
        DatagramIPv4Options,
        DatagramIPv6Options,
        DatagramOptions,
    )
    from ._options import OptionsProperty


@overload
async def connect(
    self: _DatagramConnects[IPv4Address], address: IPv4Address, /
) -> ConnectedDatagramSocket[IPv4Address]: ...
@overload
async def connect(
    self: _DatagramConnects[IPv6Address], address: IPv6AddressInput, /
) -> ConnectedDatagramSocket[IPv6Address]: ...
@overload
async def connect(
    self: _DatagramConnects[UnixAddress], address: UnixAddressInput, /
) -> ConnectedDatagramSocket[UnixAddress]: ...
async def connect(
    self: _DatagramConnects[object], address: object, /
) -> ConnectedDatagramSocket[object]:
    """Fix the default peer to ``address`` (a host name is resolved by the
    loop first); returns the socket as a ``ConnectedDatagramSocket``
    (connecting again re-targets it).  No packet is sent and nothing
    waits but the name's resolution.

    Raises ``AddressTypeError``/``AddressValueError`` before any system
    call, with the state unchanged.  If the kernel refuses, a bound or
    connected socket stays as it was, and an unbound one is released
    and moves to ``FAILED`` (Linux has bound it by then).
    """
    checked = self._checked("connect", address)
    target = await resolved(self._sock, checked)
    moved: ConnectedDatagramSocket[object] = self._step(
        "connect", _stdlib.socket.connect, target, checked
    )
    return moved


class _DatagramConnects(_Live, _Addressed[A]):
    """``connect()`` for datagram sockets: it fixes the default peer."""

    __slots__ = ()

    connect = connect


class DatagramSocket(_DatagramConnects[A]):
    """An asyncio datagram socket just created: unbound, with no default peer.

    Legal: ``bind()`` (to a ``BoundDatagramSocket``), ``await connect()``
    (to a ``ConnectedDatagramSocket``), ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.DATAGRAM

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.DATAGRAM]:
            """``State.DATAGRAM``: typed so that a test of ``state`` narrows a union."""
            return State.DATAGRAM

        options: OptionsProperty[DatagramIPv4Options, DatagramIPv6Options, DatagramOptions]
        """The socket's options: the view of its state and family (``DatagramIPv4Options``,
        ``DatagramIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``DatagramOptions`` for either IP family)."""

    @overload
    def bind(
        self: DatagramSocket[IPv4Address], address: IPv4Address, /
    ) -> BoundDatagramSocket[IPv4Address]: ...
    @overload
    def bind(
        self: DatagramSocket[IPv6Address], address: IPv6AddressInput, /
    ) -> BoundDatagramSocket[IPv6Address]: ...
    @overload
    def bind(
        self: DatagramSocket[UnixAddress], address: UnixAddressInput, /
    ) -> BoundDatagramSocket[UnixAddress]: ...
    def bind(self: DatagramSocket[object], address: object, /) -> BoundDatagramSocket[object]:
        """Bind to a local ``address`` (a plain call); returns the socket as a
        ``BoundDatagramSocket``.  Raises ``AddressTypeError``/
        ``AddressValueError`` before any system call, and the kernel's
        ``OSError``; either way the socket stays unbound."""
        checked = self._checked("bind", address)
        moved: BoundDatagramSocket[object] = self._step(
            "bind", _stdlib.socket.bind, checked, checked
        )
        return moved


class BoundDatagramSocket(_DatagramConnects[A], _Named[A]):
    """A bound asyncio datagram socket with no default peer.

    Legal: ``await sendto()``, ``await recvfrom()``, ``await connect()`` (to
    a ``ConnectedDatagramSocket``), ``getsockname()``, ``options``,
    ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.DATAGRAM_BOUND

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.DATAGRAM_BOUND]:
            """``State.DATAGRAM_BOUND``: typed so that a test of ``state`` narrows a union."""
            return State.DATAGRAM_BOUND

        options: OptionsProperty[
            BoundDatagramIPv4Options, BoundDatagramIPv6Options, BoundDatagramOptions
        ]
        """The socket's options: the view of its state and family (``BoundDatagramIPv4Options``,
        ``BoundDatagramIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``BoundDatagramOptions`` for either IP family)."""

    @overload
    async def sendto(
        self: BoundDatagramSocket[IPv4Address], data: Buffer, address: IPv4Address, /
    ) -> int: ...
    @overload
    async def sendto(
        self: BoundDatagramSocket[IPv6Address], data: Buffer, address: IPv6AddressInput, /
    ) -> int: ...
    @overload
    async def sendto(
        self: BoundDatagramSocket[UnixAddress], data: Buffer, address: UnixAddressInput, /
    ) -> int: ...
    async def sendto(self: BoundDatagramSocket[object], data: Buffer, address: object, /) -> int:
        """Send one datagram to ``address`` (a host name is resolved by the
        loop), waiting while the socket's buffer is full; return how many
        bytes were sent.

        Raises ``AddressTypeError``/``AddressValueError`` before any system
        call, and the kernel's ``OSError`` (such as EMSGSIZE).
        """
        checked = self._checked("sendto", address)
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            target = await resolved(sock, checked)
            while True:
                try:
                    return sock.sendto(data, target)
                except BlockingIOError:
                    await self._writable("sendto")
        except OSError as error:
            self._failed("sendto", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()

    async def recvfrom(self, bufsize: int, flags: int = 0, /) -> tuple[bytes, A]:
        """Wait for one datagram of up to ``bufsize`` bytes: ``(data, sender)``.

        A datagram longer than ``bufsize`` raises ``MessageTruncatedError``
        carrying the part received and the sender.  Cancelled while it
        waits, it has read nothing.  ``close()`` meanwhile makes it raise
        ``SocketClosedError``; ``BusyError`` if it would wait while another
        task waits to read this socket.
        """
        address: Any  # the family's address, A; "" for an unnamed Unix sender
        size = bufsize + 1 if bufsize >= 0 else bufsize
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            while True:
                try:
                    data, address = sock.recvfrom(size, flags)
                    break
                except BlockingIOError:
                    await self._readable("recvfrom")
        except OSError as error:
            self._failed("recvfrom", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()
        if address is None:  # an unnamed Unix sender, on some kernels
            address = ""
        if len(data) > bufsize:
            raise MessageTruncatedError(data[:bufsize], address)
        return data, address


class ConnectedDatagramSocket(_DatagramConnects[A], _Peer[A]):
    """An asyncio datagram socket with a default peer.

    Legal: ``await send()``, ``await recv()``, ``await connect()`` (to
    another peer), ``getsockname()``, ``getpeername()``, ``options``,
    ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.  A Unix one
    whose peer has closed moves to ``BrokenSocket`` when its ``send()`` is
    refused.
    """

    __slots__ = ()
    _STATE = State.DATAGRAM_CONNECTED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.DATAGRAM_CONNECTED]:
            """``State.DATAGRAM_CONNECTED``: typed so that a test of ``state`` narrows a union."""
            return State.DATAGRAM_CONNECTED

        options: OptionsProperty[
            ConnectedDatagramIPv4Options, ConnectedDatagramIPv6Options, ConnectedDatagramOptions
        ]
        """The socket's options: the view of its state and family
        (``ConnectedDatagramIPv4Options``, ``ConnectedDatagramIPv6Options``, ``UnixOptions``),
        by its address type for the checkers (``ConnectedDatagramOptions`` for either IP
        family)."""

    async def send(self, data: Buffer, flags: int = 0, /) -> int:
        """Send one datagram to the peer, waiting while the socket's buffer
        is full; return how many bytes were sent.  On Unix, ECONNREFUSED
        (the peer has closed) moves the socket to ``BrokenSocket``."""
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

    async def recv(self, bufsize: int, flags: int = 0, /) -> bytes:
        """Wait for one datagram of up to ``bufsize`` bytes from the peer.
        A longer one raises ``MessageTruncatedError``.  Cancelled while it
        waits, it has read nothing."""
        size = bufsize + 1 if bufsize >= 0 else bufsize
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            while True:
                try:
                    data = sock.recv(size, flags)
                    break
                except BlockingIOError:
                    await self._readable("recv")
        except OSError as error:
            self._failed("recv", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()
        if len(data) > bufsize:
            raise MessageTruncatedError(data[:bufsize], sock.getpeername())
        return data
