"""The datagram states of the blocking face, one class per state.

Rules of this module:

* As for the stream states (``_stream``): each class offers exactly what
  ``_states.TRANSITIONS`` allows in its state, and moves only through
  ``_machine``'s primitive.
* A datagram socket is never bound behind the object's back: ``sendto`` and
  ``recvfrom`` need a bound socket (see the table's notes).
* The data calls follow ``_data``'s rules: the count of calls under way, one
  check on the way out, the lock only for a failure.  A read asks for one
  byte more than its size: a datagram that fills that was longer than the
  size, and the kernel has discarded the rest (POSIX ``recvfrom``: "the
  excess bytes shall be discarded"), so it raises
  ``MessageTruncatedError`` instead of vanishing in part.  That is one
  ``recvfrom(2)``, as the stdlib makes; ``recvmsg(2)``'s ``MSG_TRUNC``
  flag would cost a list and a four-item tuple per datagram.  A negative
  size goes to the stdlib as it is, which refuses it before any system
  call.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count.

from __future__ import annotations

import socket as _stdlib

from ._common import A, _Live, _Named, _Peer
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
def connect(
    self: _DatagramConnects[IPv4Address], address: IPv4Address, /
) -> ConnectedDatagramSocket[IPv4Address]: ...
@overload
def connect(
    self: _DatagramConnects[IPv6Address], address: IPv6AddressInput, /
) -> ConnectedDatagramSocket[IPv6Address]: ...
@overload
def connect(
    self: _DatagramConnects[UnixAddress], address: UnixAddressInput, /
) -> ConnectedDatagramSocket[UnixAddress]: ...
def connect(self: _DatagramConnects[object], address: object, /) -> ConnectedDatagramSocket[object]:
    """Fix the default peer to ``address``; returns the socket as a
    ``ConnectedDatagramSocket`` (connecting again re-targets it).

    No packet is sent.  Raises ``AddressTypeError``/``AddressValueError``
    before any system call, with the state unchanged.  If the kernel
    refuses (an ``OSError`` such as ENOENT for a Unix path with no
    socket), a bound or connected socket stays as it was, and an unbound
    one is released and moves to ``FAILED``: Linux has bound it by then,
    behind the object's back.  The error propagates unchanged.
    """
    checked = self._checked("connect", address)
    moved: ConnectedDatagramSocket[object] = self._step(
        "connect", _stdlib.socket.connect, checked, checked
    )
    return moved


class _DatagramConnects(_Live, _Addressed[A]):
    """``connect()`` for datagram sockets: it fixes the default peer."""

    __slots__ = ()

    connect = connect


class DatagramSocket(_DatagramConnects[A]):
    """A datagram socket just created: unbound, with no default peer.

    Legal: ``bind()`` (to a ``BoundDatagramSocket``), ``connect()`` (to a
    ``ConnectedDatagramSocket``), the mode calls, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``. It cannot ``sendto()`` or
    ``recvfrom()`` before ``bind()``: sockstate never lets the kernel bind
    it behind the object's back.
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
        """Bind to a local ``address``; returns the socket as a
        ``BoundDatagramSocket``.  Bind to port 0 for an ephemeral port.

        Raises ``AddressTypeError``/``AddressValueError`` before any system
        call, and the kernel's ``OSError`` (such as EADDRINUSE); either way
        the socket stays unbound.
        """
        checked = self._checked("bind", address)
        moved: BoundDatagramSocket[object] = self._step(
            "bind", _stdlib.socket.bind, checked, checked
        )
        return moved


class BoundDatagramSocket(_DatagramConnects[A], _Named[A]):
    """A bound datagram socket with no default peer: it sends to and receives
    from any address.

    Legal: ``sendto()``, ``recvfrom()``, ``connect()`` (to a
    ``ConnectedDatagramSocket``), ``getsockname()``, the mode calls,
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
    def sendto(
        self: BoundDatagramSocket[IPv4Address], data: Buffer, address: IPv4Address, /
    ) -> int: ...
    @overload
    def sendto(
        self: BoundDatagramSocket[IPv6Address], data: Buffer, address: IPv6AddressInput, /
    ) -> int: ...
    @overload
    def sendto(
        self: BoundDatagramSocket[UnixAddress], data: Buffer, address: UnixAddressInput, /
    ) -> int: ...
    def sendto(self: BoundDatagramSocket[object], data: Buffer, address: object, /) -> int:
        """Send one datagram to ``address``; return how many bytes were sent.

        Raises ``AddressTypeError``/``AddressValueError`` before any system
        call, and the kernel's ``OSError`` (such as EMSGSIZE for a datagram
        too large).
        """
        checked = self._checked("sendto", address)
        calls = self._calls
        calls.append(None)
        try:
            return self._sock.sendto(data, checked)
        except OSError as error:
            self._failed("sendto", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()

    def recvfrom(self, bufsize: int, flags: int = 0, /) -> tuple[bytes, A]:
        """Receive one datagram of up to ``bufsize`` bytes: ``(data, sender)``.

        A datagram longer than ``bufsize`` raises ``MessageTruncatedError``
        carrying the part received and the sender; the rest is gone, as the
        kernel discards it.  An unnamed Unix sender is ``""``.  If another
        thread closes the socket, a thread waiting here wakes with
        ``SocketClosedError``.
        """
        address: Any  # the family's address, A; "" for an unnamed Unix sender
        calls = self._calls
        calls.append(None)
        try:
            data, address = self._sock.recvfrom(bufsize + 1 if bufsize >= 0 else bufsize, flags)
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
        if not data:
            self._require("recvfrom")  # woken by close(), or an empty datagram
        return data, address


class ConnectedDatagramSocket(_DatagramConnects[A], _Peer[A]):
    """A datagram socket with a default peer: it sends to and receives from
    that peer only.

    Legal: ``send()``, ``recv()``, ``connect()`` (to another peer),
    ``getsockname()``, ``getpeername()``, the mode calls, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  There is no ``sendto()``:
    see ``sockstate._states``.  A Unix one whose peer has closed moves to
    ``BrokenSocket`` when its ``send()`` is refused.
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

    def send(self, data: Buffer, flags: int = 0, /) -> int:
        """Send one datagram to the peer; return how many bytes were sent.

        The kernel's ``OSError`` passes through.  On UDP, ECONNREFUSED
        reports an earlier datagram that the peer's host refused, and the
        socket stays connected.  On Unix, it says that the peer has closed:
        the kernel has disconnected the socket, which moves to
        ``BrokenSocket`` before the error propagates.
        """
        calls = self._calls
        calls.append(None)
        try:
            return self._sock.send(data, flags)
        except OSError as error:
            self._failed("send", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()

    def recv(self, bufsize: int, flags: int = 0, /) -> bytes:
        """Receive one datagram of up to ``bufsize`` bytes from the peer.

        A datagram longer than ``bufsize`` raises ``MessageTruncatedError``
        carrying the part received; the rest is gone.  If another thread
        closes the socket, a thread waiting here wakes with
        ``SocketClosedError``.
        """
        calls = self._calls
        calls.append(None)
        try:
            data = self._sock.recv(bufsize + 1 if bufsize >= 0 else bufsize, flags)
        except OSError as error:
            self._failed("recv", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()
        if len(data) > bufsize:
            raise MessageTruncatedError(data[:bufsize], self._sock.getpeername())
        if not data:
            self._require("recv")  # woken by close(), or an empty datagram
        return data
