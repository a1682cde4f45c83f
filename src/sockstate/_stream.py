"""The stream states of the blocking face before a connection, one class per
state: fresh, bound, listening, connecting; and the connect helpers.  The
states of a connection are in ``_connection``.

Rules of this module:

* A class here offers exactly the operations that ``_states.TRANSITIONS``
  allows in its state, no more and no fewer; ``_machine.Face.register``
  checks that when each class is defined and installs a raising stand-in for
  every other operation.  To change what is legal, change the table, then
  the class.
* Every transition goes through ``_machine``'s primitive: a call that cannot
  wait steps (``_step``: bind, listen, start_connect, finish_connect, and
  the shutdowns in ``_connection``); a blocking connect claims and settles
  around its wait.
* Kernel errors pass through unchanged; where a failure changes the state,
  ``_states.fails()`` says whether and the table says to what.  A kernel
  error that only happened because another thread moved the socket on
  during the call (closed it, say) is replaced by the ordering error for the
  new state, chained from it.
* Slots live on ``_machine._Socket`` only; every class here declares
  ``__slots__ = ()``.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count, and
# reach the primitive in _machine.

from __future__ import annotations

import errno
import operator
import os
import socket as _stdlib

from ._common import A, _Live, _Named
from ._connection import ConnectedSocket
from ._errors import ModeError
from ._machine import _family_of
from ._options import _Addressed
from ._states import ACCEPTED_STATE, State
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

_MAX_BACKLOG = 0x7FFFFFFF
_DEFAULT_BACKLOG = min(_stdlib.SOMAXCONN, 128)
"""What ``socket.listen()`` passes without an argument (CPython's
``sock_listen``)."""
_AF_UNIX = _stdlib.AF_UNIX
_SO_ERROR = _stdlib.SO_ERROR
_SOL_SOCKET = _stdlib.SOL_SOCKET
_IN_PROGRESS = frozenset({0, errno.EINPROGRESS, errno.EINTR})
"""What a non-blocking connect answers when it has started (``EINTR``:
interrupted, it goes on without the caller) or already succeeded (0)."""


def _connect(sock: _stdlib.socket, address: StdlibAddress) -> None:
    """``sock.connect(address)``, made again while a Unix socket is not
    connected after it.

    A signal whose handler returns ends a Unix connect(2) that waits for
    room in the listener's queue with EINTR.  CPython takes that for a TCP
    connect going on in the kernel, waits for the socket to be writable (a
    Unix one is at once) and reports success on a socket that is not
    connected.  Connecting again is the retry that PEP 475 promises.
    """
    sock.connect(address)
    if _family_of(sock) == _AF_UNIX:
        while True:
            try:
                sock.getpeername()
            except OSError:  # ENOTCONN: interrupted, as above
                sock.connect(address)
            else:
                return


def _start_connect(sock: _stdlib.socket, address: StdlibAddress) -> None:
    """Start connecting the non-blocking ``sock`` to ``address``; raise the
    kernel's error, as an ``OSError``, unless it started or succeeded."""
    code = sock.connect_ex(address)
    if code not in _IN_PROGRESS:
        raise OSError(code, os.strerror(code))


def _finish_connect(sock: _stdlib.socket, _: object) -> None:
    """Read the kernel's answer to ``sock``'s connect: raise it as an
    ``OSError`` if the connect failed, or ``BlockingIOError`` (EINPROGRESS)
    while it is still under way (no peer yet)."""
    code = sock.getsockopt(_SOL_SOCKET, _SO_ERROR)
    if code:
        raise OSError(code, os.strerror(code))
    try:
        sock.getpeername()
    except OSError as error:
        if error.errno != errno.ENOTCONN:
            raise  # pragma: no cover - SO_ERROR was 0: no peer yet is the only other answer
        raise BlockingIOError(
            errno.EINPROGRESS,
            "the connect is still in progress: wait until the socket is writable",
        ) from None


def _needs_mode(timeout: float | None, state: State, operation: str, *, blocking: bool) -> None:
    """Raise ``ModeError`` unless a socket with ``timeout`` fits
    ``operation``: ``blocking`` says whether it needs a socket that waits.

    A function, not a method: checking the address before it may have run
    the caller's code (an ``os.PathLike``'s ``__fspath__``), which may have
    closed the socket, and a closed socket's class has no such method;
    the claim that follows refuses it."""
    if (timeout != 0.0) is not blocking:
        raise ModeError(
            f"{operation}() needs a blocking socket or one with a timeout; this one "
            "is non-blocking: call start_connect() instead"
            if blocking
            else f"{operation}() needs a non-blocking socket; this one "
            f"{'blocks' if timeout is None else f'has a timeout of {timeout} s'}: "
            "call connect() instead",
            operation=operation,
            state=state,
            timeout=timeout,
        )


@overload
def connect(
    self: _Connects[IPv4Address], address: IPv4Address, /
) -> ConnectedSocket[IPv4Address]: ...
@overload
def connect(
    self: _Connects[IPv6Address], address: IPv6AddressInput, /
) -> ConnectedSocket[IPv6Address]: ...
@overload
def connect(
    self: _Connects[UnixAddress], address: UnixAddressInput, /
) -> ConnectedSocket[UnixAddress]: ...
def connect(self: _Connects[object], address: object, /) -> ConnectedSocket[object]:
    """Connect to ``address``, waiting for the kernel's answer (as long as
    the socket's timeout allows); returns the socket as a
    ``ConnectedSocket``.  While it waits the socket is ``CONNECTING``.

    Raises ``AddressTypeError``/``AddressValueError`` for an address that
    cannot work for the family, and ``ModeError`` on a non-blocking
    socket (use ``start_connect()``), before any system call, with the
    state unchanged.  If the kernel refuses (``ConnectionRefusedError``,
    ``TimeoutError``, any ``OSError``) or the call is interrupted (a
    signal handler raises, say), the socket's descriptor is released, it
    moves to the terminal ``FAILED`` state, and the error propagates
    unchanged.  A signal whose handler returns does not end the call.
    """
    checked = self._checked("connect", address)
    _needs_mode(self._sock.gettimeout(), self._STATE, "connect", blocking=True)
    before = self._claim("connect")
    calls = self._calls
    calls.append(None)
    try:
        _connect(self._sock, checked)
    except BaseException as error:
        calls.pop()
        self._settle(before, "connect", error, checked)
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
    """Start connecting a non-blocking socket to ``address`` without
    waiting; returns the socket as a ``ConnectingSocket``.  Wait until
    it is writable (``selectors``, ``select``, an event loop), then call
    ``finish_connect()``.

    Raises ``AddressTypeError``/``AddressValueError``, and ``ModeError``
    on a socket that blocks or has a timeout (use ``connect()``), before
    any system call, with the state unchanged.  If the kernel refuses at
    once (``ConnectionRefusedError`` from a Unix socket with no
    listener, ``BlockingIOError`` from a Unix listener whose queue is
    full, any other ``OSError``), the descriptor is released, the
    socket moves to ``FAILED``, and the error propagates.
    """
    checked = self._checked("start_connect", address)
    _needs_mode(self._sock.gettimeout(), self._STATE, "start_connect", blocking=False)
    moved: ConnectingSocket[object] = self._step("start_connect", _start_connect, checked, checked)
    return moved


class _Connects(_Live, _Addressed[A]):
    """``connect()`` and ``start_connect()``, legal on fresh and bound sockets.

    ``connect()`` claims the socket first (it is ``CONNECTING`` while the
    kernel works), so that another thread cannot move it meanwhile, and
    settles it when the kernel answers; if another thread closed or
    detached the socket in the meantime, it raises the ordering error for
    that state (``SocketClosedError``), chained from the kernel's answer.
    ``start_connect()`` cannot wait, so it makes its system call in one
    step under the lock.
    """

    __slots__ = ()

    connect = connect
    start_connect = start_connect


class FreshSocket(_Connects[A]):
    """A socket just created: nothing bound, not connected.

    Legal: ``bind()`` (to a ``BoundSocket``), ``connect()`` (to a
    ``ConnectedSocket``), ``start_connect()`` (to a ``ConnectingSocket``),
    the mode calls, ``fileno()``, ``raw_socket()``, ``detach()``,
    ``close()``.
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
        """Bind the socket to a local ``address``; returns it as a ``BoundSocket``.

        Raises ``AddressTypeError``/``AddressValueError`` for an address that
        cannot work for the family, and the kernel's ``OSError`` (such as
        EADDRINUSE) if binding fails; either way the socket stays fresh.
        """
        checked = self._checked("bind", address)
        moved: BoundSocket[object] = self._step("bind", _stdlib.socket.bind, checked, checked)
        return moved


class BoundSocket(_Connects[A], _Named[A]):
    """A socket bound to a local address, neither listening nor connected.

    Legal: ``listen()`` (to a ``ListeningSocket``), ``connect()`` (to a
    ``ConnectedSocket``), ``start_connect()`` (to a ``ConnectingSocket``),
    ``getsockname()``, the mode calls, ``fileno()``, ``raw_socket()``,
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
        """Start accepting connections; returns the socket as a ``ListeningSocket``.

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
    """A socket accepting connections.  It can never connect.

    Legal: ``accept()``, ``getsockname()``, the mode calls, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.
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

    def accept(self) -> tuple[ConnectedSocket[A], A]:
        """Wait for a connection; return ``(connected socket, peer address)``.

        The listener stays listening.  Kernel errors pass through unchanged
        and leave it listening; on a non-blocking listener with no
        connection waiting, that is ``BlockingIOError``.  Several threads
        may accept on one listener.  If another thread closes the listener,
        a thread waiting here wakes with ``SocketClosedError``.
        """
        self._require("accept")
        calls = self._calls
        calls.append(None)
        try:
            sock, address = self._sock.accept()
        except OSError as error:
            self._failed("accept", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()
        accepted: ConnectedSocket[A] = _ACCEPTED._new(sock, "accept", address)
        peer: A = address
        return accepted, peer


class ConnectingSocket(_Named[A]):
    """A stream socket whose connect the kernel is working on: made by
    ``start_connect()`` on a non-blocking socket, and what other threads see
    while a blocking ``connect()`` waits.

    Legal: ``finish_connect()`` (to a ``ConnectedSocket``),
    ``getsockname()``, the mode calls, ``fileno()``, ``raw_socket()``,
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

    def finish_connect(self) -> ConnectedSocket[A]:
        """Read the kernel's answer to the connect (``SO_ERROR``), once the
        socket is writable; returns the socket as a ``ConnectedSocket``.

        Raises ``BlockingIOError`` (EINPROGRESS) while the connect is still
        under way, leaving the socket ``CONNECTING``: wait and call again.
        If the connect failed, the descriptor is released, the socket moves
        to ``FAILED``, and the kernel's error is raised as an ``OSError``
        (``ConnectionRefusedError``, ``TimeoutError``, ...).
        """
        moved: ConnectedSocket[A] = self._step("finish_connect", _finish_connect, None)
        return moved


_ACCEPTED = cast("type[ConnectedSocket[Any]]", ConnectedSocket)
if _ACCEPTED._STATE is not ACCEPTED_STATE:  # pragma: no cover - a table edit
    raise TypeError(f"accept() makes a ConnectedSocket; the table says {ACCEPTED_STATE}")
