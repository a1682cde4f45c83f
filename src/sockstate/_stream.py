"""The stream states of the blocking face, one class per state.

Rules of this module:

* A class here offers exactly the operations that ``_states.TRANSITIONS``
  allows in its state, no more and no fewer; ``_machine.Face.register``
  checks that when each class is defined and installs a raising stand-in for
  every other operation.  To change what is legal, change the table, then
  the class.
* Every transition goes through ``_machine``'s primitive: a call that cannot
  wait steps (``_step``: bind, listen, start_connect, finish_connect, the
  shutdowns); a blocking connect claims and settles around its wait; the
  data calls (``_data``) settle only failures and the end of the stream.
* Kernel errors pass through unchanged; where a failure changes the state,
  ``_states.fails()`` says whether and the table says to what.  A kernel
  error that only happened because another thread moved the socket on
  during the call (closed it, say) is replaced by the ordering error for the
  new state, chained from it.
* Slots live on ``_machine._Socket`` only; every class here declares
  ``__slots__ = ()``.
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count, and
# reach the primitive in _machine.

from __future__ import annotations

import errno
import operator
import os
import socket as _stdlib

from ._common import A, _Live, _Named, _Peer
from ._data import _Files, _Receives, _Sends
from ._errors import ModeError
from ._machine import _family_of, _Socket
from ._states import ACCEPTED_STATE, State
from ._tls import _WrapsTLS
from ._typing import TYPE_CHECKING, Generic, cast, overload

if TYPE_CHECKING:
    from typing import Any, Final, Literal

    from typing_extensions import Self

    from ._addresses import (
        IPv4Address,
        IPv6Address,
        IPv6AddressInput,
        StdlibAddress,
        UnixAddress,
        UnixAddressInput,
    )
    from ._options import (
        BoundOptions,
        BrokenOptions,
        ConnectedOptions,
        ConnectingOptions,
        EndedOptions,
        FinishedOptions,
        FreshOptions,
        ListeningOptions,
        ReceiveOnlyOptions,
        SendOnlyOptions,
        ShutDownOptions,
    )

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


def _shut(sock: _Live, operation: str, how: int) -> Any:
    """Shut a direction of ``sock`` down (``how``) through the primitive.
    A direction already shut (the table keeps the state) makes no system
    call; a kernel error moves the socket where the table says."""
    return sock._step(operation, _stdlib.socket.shutdown, how, idempotent=True)


PRECISE_SHUTDOWNS: Final = {
    _stdlib.SHUT_RD: "shutdown_read",
    _stdlib.SHUT_WR: "shutdown_write",
    _stdlib.SHUT_RDWR: "shutdown_both",
}
"""The precise shutdown that ``shutdown(how)`` calls for each ``how``
(``_states.DISPATCHES``)."""


def dispatch_shutdown(sock: _Socket, how: object) -> Any:
    """``shutdown(how)``: check that ``shutdown`` is legal now, then call
    the precise shutdown that ``how`` names, which moves the socket as its
    rule says and raises what it raises.  Raises ``TypeError`` for a
    ``how`` that is not an ``int`` (a ``bool`` included) and
    ``ValueError`` for any other int, before any system call, with the
    state unchanged."""
    sock._require("shutdown")
    if isinstance(how, bool) or not isinstance(how, int):
        raise TypeError(
            f"shutdown() takes socket.SHUT_RD, SHUT_WR or SHUT_RDWR, not {how!r}; "
            "or call shutdown_read(), shutdown_write() or shutdown_both()"
        )
    name = PRECISE_SHUTDOWNS.get(how)
    if name is None:
        raise ValueError(
            f"shutdown() takes socket.SHUT_RD ({_stdlib.SHUT_RD}), SHUT_WR "
            f"({_stdlib.SHUT_WR}) or SHUT_RDWR ({_stdlib.SHUT_RDWR}), not {how}"
        )
    return getattr(sock, name)()


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


class _Connects(_Live, Generic[A]):
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
        moved: ConnectingSocket[object] = self._step(
            "start_connect", _start_connect, checked, checked
        )
        return moved


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

        @property
        def options(self) -> FreshOptions[A]:
            """The socket's options: a ``FreshOptions``, the view of its state."""
            ...

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

        @property
        def options(self) -> BoundOptions[A]:
            """The socket's options: a ``BoundOptions``, the view of its state."""
            ...

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

        @property
        def options(self) -> ListeningOptions[A]:
            """The socket's options: a ``ListeningOptions``, the view of its state."""
            ...

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

        @property
        def options(self) -> ConnectingOptions[A]:
            """The socket's options: a ``ConnectingOptions``, the view of its state."""
            ...

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


class ConnectedSocket(_Sends[A], _Receives[A], _Files[A], _WrapsTLS[A]):
    """A connected stream socket: data moves both ways.

    Legal: ``send()``, ``sendall()``, ``recv()``, ``recv_into()``,
    ``recv_exactly()``, ``sendfile()``, ``sendmsg()``, ``recvmsg()``,
    ``send_fds()`` and ``recv_fds()`` (Unix sockets), ``makefile()``,
    ``shutdown_write()``, ``shutdown_read()``, ``shutdown_both()``,
    ``wrap_tls()`` (to a ``TLSSocket``), ``getsockname()``,
    ``getpeername()``, the mode calls, ``fileno()``, ``raw_socket()``,
    ``detach()``, ``close()``.  A read of the peer's end of stream moves it
    to ``EndedSocket``; a reset or broken connection to ``BrokenSocket``.
    """

    __slots__ = ()
    _STATE = State.CONNECTED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.CONNECTED]:
            """``State.CONNECTED``: typed so that a test of ``state`` narrows a union."""
            return State.CONNECTED

        @property
        def options(self) -> ConnectedOptions[A]:
            """The socket's options: a ``ConnectedOptions``, the view of its state."""
            ...

    def shutdown_write(self) -> ReceiveOnlySocket[A]:
        """Shut the sending side down (``SHUT_WR``): the peer reads the end of
        stream once it has read what was sent.  Returns the socket as a
        ``ReceiveOnlySocket``; a kernel error moves it to ``BrokenSocket``."""
        moved: ReceiveOnlySocket[A] = _shut(self, "shutdown_write", _stdlib.SHUT_WR)
        return moved

    def shutdown_read(self) -> SendOnlySocket[A]:
        """Shut the receiving side down (``SHUT_RD``).  Returns the socket as
        a ``SendOnlySocket``; a kernel error moves it to ``BrokenSocket``."""
        moved: SendOnlySocket[A] = _shut(self, "shutdown_read", _stdlib.SHUT_RD)
        return moved

    def shutdown_both(self) -> ShutDownSocket[A]:
        """Shut both sides down (``SHUT_RDWR``), which also wakes a thread
        blocked reading or sending on it.  Returns the socket as a
        ``ShutDownSocket``; a kernel error moves it to ``BrokenSocket``."""
        moved: ShutDownSocket[A] = _shut(self, "shutdown_both", _stdlib.SHUT_RDWR)
        return moved

    def shutdown(self, how: int, /) -> ReceiveOnlySocket[A] | SendOnlySocket[A] | ShutDownSocket[A]:
        """Shut a direction down, or both: ``how`` says which; returns the
        socket as a ``ReceiveOnlySocket``, ``SendOnlySocket`` or
        ``ShutDownSocket`` (a kernel error moves it to ``BrokenSocket``).

        The stdlib's spelling, for code being ported (``socketserver``
        calls ``request.shutdown(socket.SHUT_WR)``): ``SHUT_WR``,
        ``SHUT_RD`` and ``SHUT_RDWR`` call ``shutdown_write()``,
        ``shutdown_read()`` and ``shutdown_both()``, with their moves and
        their errors.  Prefer those: each returns its one next state, where
        this returns the union (typeshed declares the ``SHUT_*`` constants
        as plain ``int``, so no overload can tell them apart).  Raises
        ``TypeError`` for a ``how`` that is not an int and ``ValueError``
        for any other int, before any system call, with the state
        unchanged."""
        moved: ReceiveOnlySocket[A] | SendOnlySocket[A] | ShutDownSocket[A] = dispatch_shutdown(
            self, how
        )
        return moved


class ReceiveOnlySocket(_Receives[A]):
    """A connected stream socket whose sending side is shut down.

    Legal: ``recv()``, ``recv_into()``, ``recv_exactly()``, ``recvmsg()``,
    ``recv_fds()`` (Unix sockets),
    ``shutdown_write()`` (does nothing), ``shutdown_read()`` and
    ``shutdown_both()`` (to a ``ShutDownSocket``), ``getsockname()``,
    ``getpeername()``, the mode calls, ``fileno()``, ``raw_socket()``,
    ``detach()``, ``close()``.  A read of the peer's end of stream moves it
    to ``FinishedSocket``.
    """

    __slots__ = ()
    _STATE = State.RECEIVE_ONLY

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.RECEIVE_ONLY]:
            """``State.RECEIVE_ONLY``: typed so that a test of ``state`` narrows a union."""
            return State.RECEIVE_ONLY

        @property
        def options(self) -> ReceiveOnlyOptions[A]:
            """The socket's options: a ``ReceiveOnlyOptions``, the view of its state."""
            ...

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

    def shutdown(self, how: int, /) -> Self | ShutDownSocket[A]:
        """Shut the receiving side down (``SHUT_RD``, ``SHUT_RDWR``), or
        nothing (``SHUT_WR``: shut already); returns the socket, as a
        ``ShutDownSocket`` when it moved.

        The stdlib's spelling, for code being ported (``socketserver``
        calls ``request.shutdown(socket.SHUT_WR)``): ``SHUT_WR``,
        ``SHUT_RD`` and ``SHUT_RDWR`` call ``shutdown_write()``,
        ``shutdown_read()`` and ``shutdown_both()``, with their moves and
        their errors.  Prefer those: each returns its one next state, where
        this returns the union (typeshed declares the ``SHUT_*`` constants
        as plain ``int``, so no overload can tell them apart).  Raises
        ``TypeError`` for a ``how`` that is not an int and ``ValueError``
        for any other int, before any system call, with the state
        unchanged."""
        moved: Self | ShutDownSocket[A] = dispatch_shutdown(self, how)
        return moved


class SendOnlySocket(_Sends[A]):
    """A connected stream socket whose receiving side is shut down.

    Legal: ``send()``, ``sendall()``, ``sendfile()``, ``sendmsg()``,
    ``send_fds()`` (Unix sockets), ``shutdown_read()``
    (does nothing), ``shutdown_write()`` and ``shutdown_both()`` (to a
    ``ShutDownSocket``), ``getsockname()``, ``getpeername()``, the mode
    calls, ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.SEND_ONLY

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.SEND_ONLY]:
            """``State.SEND_ONLY``: typed so that a test of ``state`` narrows a union."""
            return State.SEND_ONLY

        @property
        def options(self) -> SendOnlyOptions[A]:
            """The socket's options: a ``SendOnlyOptions``, the view of its state."""
            ...

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

    def shutdown(self, how: int, /) -> Self | ShutDownSocket[A]:
        """Shut the sending side down (``SHUT_WR``, ``SHUT_RDWR``), or
        nothing (``SHUT_RD``: shut already); returns the socket, as a
        ``ShutDownSocket`` when it moved.

        The stdlib's spelling, for code being ported (``socketserver``
        calls ``request.shutdown(socket.SHUT_WR)``): ``SHUT_WR``,
        ``SHUT_RD`` and ``SHUT_RDWR`` call ``shutdown_write()``,
        ``shutdown_read()`` and ``shutdown_both()``, with their moves and
        their errors.  Prefer those: each returns its one next state, where
        this returns the union (typeshed declares the ``SHUT_*`` constants
        as plain ``int``, so no overload can tell them apart).  Raises
        ``TypeError`` for a ``how`` that is not an int and ``ValueError``
        for any other int, before any system call, with the state
        unchanged."""
        moved: Self | ShutDownSocket[A] = dispatch_shutdown(self, how)
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

    def shutdown(self, how: int, /) -> Self:
        """Nothing, whatever ``how`` says: no direction is left.  Returns
        the socket.

        The stdlib's spelling, for code being ported (``socketserver``
        calls ``request.shutdown(socket.SHUT_WR)``): ``SHUT_WR``,
        ``SHUT_RD`` and ``SHUT_RDWR`` call ``shutdown_write()``,
        ``shutdown_read()`` and ``shutdown_both()``, with their moves and
        their errors.  Prefer those: each returns its one next state, where
        this returns the union (typeshed declares the ``SHUT_*`` constants
        as plain ``int``, so no overload can tell them apart).  Raises
        ``TypeError`` for a ``how`` that is not an int and ``ValueError``
        for any other int, before any system call, with the state
        unchanged."""
        moved: Self = dispatch_shutdown(self, how)
        return moved


class ShutDownSocket(_Shut[A], _Peer[A]):
    """A connected stream socket shut down in both directions.

    Legal: ``shutdown_write()``, ``shutdown_read()`` and ``shutdown_both()``
    (all do nothing), ``getsockname()``, ``getpeername()``, the mode
    calls, ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
    """

    __slots__ = ()
    _STATE = State.SHUT_DOWN

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.SHUT_DOWN]:
            """``State.SHUT_DOWN``: typed so that a test of ``state`` narrows a union."""
            return State.SHUT_DOWN

        @property
        def options(self) -> ShutDownOptions[A]:
            """The socket's options: a ``ShutDownOptions``, the view of its state."""
            ...


class EndedSocket(_Sends[A]):
    """A connected stream socket whose read has returned the peer's end of
    stream: it can still send (the peer may be waiting for an answer).

    Legal: ``send()``, ``sendall()``, ``sendfile()``, ``sendmsg()``,
    ``send_fds()`` (Unix sockets), ``shutdown_read()``
    (does nothing), ``shutdown_write()`` and ``shutdown_both()`` (to a
    ``FinishedSocket``), ``getsockname()``, ``getpeername()``, the mode
    calls, ``fileno()``, ``raw_socket()``, ``detach()``,
    ``close()``.  Reading raises an ``OrderingError`` that names the end of
    stream.  No call returns this type: a ``ConnectedSocket`` becomes one
    when a read returns ``b""``.
    """

    __slots__ = ()
    _STATE = State.ENDED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.ENDED]:
            """``State.ENDED``: typed so that a test of ``state`` narrows a union."""
            return State.ENDED

        @property
        def options(self) -> EndedOptions[A]:
            """The socket's options: a ``EndedOptions``, the view of its state."""
            ...

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

    def shutdown(self, how: int, /) -> Self | FinishedSocket[A]:
        """Shut the sending side down (``SHUT_WR``, ``SHUT_RDWR``), or
        nothing (``SHUT_RD``: the peer has ended the stream); returns the
        socket, as a ``FinishedSocket`` when it moved.

        The stdlib's spelling, for code being ported (``socketserver``
        calls ``request.shutdown(socket.SHUT_WR)``): ``SHUT_WR``,
        ``SHUT_RD`` and ``SHUT_RDWR`` call ``shutdown_write()``,
        ``shutdown_read()`` and ``shutdown_both()``, with their moves and
        their errors.  Prefer those: each returns its one next state, where
        this returns the union (typeshed declares the ``SHUT_*`` constants
        as plain ``int``, so no overload can tell them apart).  Raises
        ``TypeError`` for a ``how`` that is not an int and ``ValueError``
        for any other int, before any system call, with the state
        unchanged."""
        moved: Self | FinishedSocket[A] = dispatch_shutdown(self, how)
        return moved


class FinishedSocket(_Shut[A]):
    """A stream socket done both ways: its sending side is shut down and a
    read has returned the peer's end of stream.

    Legal: ``shutdown_write()``, ``shutdown_read()`` and ``shutdown_both()``
    (all do nothing), ``getsockname()``, the mode calls, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  No ``getpeername()``: a
    TCP connection closed both ways is gone from the kernel.  No call returns this type: a
    ``ReceiveOnlySocket`` becomes one when a read returns ``b""``.
    """

    __slots__ = ()
    _STATE = State.FINISHED

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.FINISHED]:
            """``State.FINISHED``: typed so that a test of ``state`` narrows a union."""
            return State.FINISHED

        @property
        def options(self) -> FinishedOptions[A]:
            """The socket's options: a ``FinishedOptions``, the view of its state."""
            ...


class BrokenSocket(_Live):
    """A stream socket whose connection the kernel reported reset or broken
    (``ConnectionResetError``, ``BrokenPipeError``,
    ``ConnectionAbortedError`` from a data call, any ``OSError`` from a
    shutdown), or a connected Unix datagram socket whose ``send()`` was
    refused because its peer had closed (the kernel disconnected it).

    Legal: the mode calls, ``fileno()``, ``raw_socket()`` (to read
    ``SO_ERROR``, say), ``detach()`` and ``close()``, which releases the
    descriptor it keeps until then.  Every
    other call raises an ``OrderingError`` saying the socket is broken.  No
    call returns this type.
    """

    __slots__ = ()
    _STATE = State.BROKEN

    if TYPE_CHECKING:

        @property
        def state(self) -> Literal[State.BROKEN]:
            """``State.BROKEN``: typed so that a test of ``state`` narrows a union."""
            return State.BROKEN

        @property
        def options(self) -> BrokenOptions[object]:
            """The socket's options: a ``BrokenOptions``, the view of its state."""
            ...


_ACCEPTED = cast("type[ConnectedSocket[Any]]", ConnectedSocket)
if _ACCEPTED._STATE is not ACCEPTED_STATE:  # pragma: no cover - a table edit
    raise TypeError(f"accept() makes a ConnectedSocket; the table says {ACCEPTED_STATE}")
