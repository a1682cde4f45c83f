"""The stream states of the blocking face once connected, one class per
state: connected, shut down one way or both, ended by the peer, finished,
broken; and the shutdowns that move between them.

Rules of this module:

* The rules of ``_stream`` hold here too: a class offers exactly its row of
  ``_states.TRANSITIONS`` (``_machine.Face.register`` checks it at
  definition), moves only through ``_machine``'s primitive, lets kernel
  errors pass through unchanged, and declares ``__slots__ = ()``.
* The shutdowns cannot wait: each steps (``_shut``), and a direction already
  shut makes no system call.  ``shutdown(how)`` checks ``how`` and calls the
  precise shutdown it names (``dispatch_shutdown``, which the asyncio face
  shares).
* The data calls (``_data``) settle only failures and the end of the
  stream.
* Nothing here refers to the states before a connection: ``_stream`` imports
  this module (``accept()`` makes a ``ConnectedSocket``), never the other
  way round.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count, and
# reach the primitive in _machine.

from __future__ import annotations

import socket as _stdlib

from ._common import A, _Live, _Named, _Peer
from ._data import _Files, _Receives, _Sends
from ._states import State
from ._tls import _WrapsTLS
from ._typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from typing import Any, Final, Literal

    from typing_extensions import Self

    from ._family_options import (
        BrokenIPv4Options,
        BrokenIPv6Options,
        BrokenOptions,
        ConnectedIPv4Options,
        ConnectedIPv6Options,
        ConnectedOptions,
        EndedIPv4Options,
        EndedIPv6Options,
        EndedOptions,
        FinishedIPv4Options,
        FinishedIPv6Options,
        FinishedOptions,
        ReceiveOnlyIPv4Options,
        ReceiveOnlyIPv6Options,
        ReceiveOnlyOptions,
        SendOnlyIPv4Options,
        SendOnlyIPv6Options,
        SendOnlyOptions,
        ShutDownIPv4Options,
        ShutDownIPv6Options,
        ShutDownOptions,
    )
    from ._machine import _Socket
    from ._options import OptionsProperty


def _shut(sock: _Socket, operation: str, how: int) -> Any:
    """Shut a direction of ``sock``, of either face, down (``how``) through
    the primitive.  A direction already shut (the table keeps the state)
    makes no system call; a kernel error moves the socket where the table
    says."""
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

        options: OptionsProperty[ConnectedIPv4Options, ConnectedIPv6Options, ConnectedOptions]
        """The socket's options: the view of its state and family (``ConnectedIPv4Options``,
        ``ConnectedIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``ConnectedOptions`` for either IP family)."""

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

        options: OptionsProperty[ReceiveOnlyIPv4Options, ReceiveOnlyIPv6Options, ReceiveOnlyOptions]
        """The socket's options: the view of its state and family (``ReceiveOnlyIPv4Options``,
        ``ReceiveOnlyIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``ReceiveOnlyOptions`` for either IP family)."""

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

        The stdlib's spelling, for code being ported, as on a
        ``ConnectedSocket``: ``TypeError`` or ``ValueError`` for a bad
        ``how``, before any system call.  Prefer the precise shutdowns."""
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

        options: OptionsProperty[SendOnlyIPv4Options, SendOnlyIPv6Options, SendOnlyOptions]
        """The socket's options: the view of its state and family (``SendOnlyIPv4Options``,
        ``SendOnlyIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``SendOnlyOptions`` for either IP family)."""

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

        The stdlib's spelling, for code being ported, as on a
        ``ConnectedSocket``: ``TypeError`` or ``ValueError`` for a bad
        ``how``, before any system call.  Prefer the precise shutdowns."""
        moved: Self | ShutDownSocket[A] = dispatch_shutdown(self, how)
        return moved


_S = TypeVar("_S", bound="_Socket")
"""A socket with no direction left, as its calls return it: a ``_Shut`` of
either face (the asyncio face binds these calls too; they never wait)."""


def shutdown_write(self: _S) -> _S:
    """Nothing: no direction is left.  Returns the socket."""
    return self


def shutdown_read(self: _S) -> _S:
    """Nothing: no direction is left.  Returns the socket."""
    return self


def shutdown_both(self: _S) -> _S:
    """Nothing: no direction is left.  Returns the socket."""
    return self


def shutdown(self: _S, how: int, /) -> _S:
    """Nothing, whatever ``how`` says: no direction is left.  Returns
    the socket.

    The stdlib's spelling, for code being ported, as on a
    ``ConnectedSocket``: ``TypeError`` or ``ValueError`` for a bad
    ``how``, before any system call.  Prefer the precise shutdowns."""
    moved: _S = dispatch_shutdown(self, how)
    return moved


class _Shut(_Named[A]):
    """A stream socket with no direction left: shutting down again is harmless."""

    __slots__ = ()

    shutdown_write = shutdown_write
    shutdown_read = shutdown_read
    shutdown_both = shutdown_both
    shutdown = shutdown


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

        options: OptionsProperty[ShutDownIPv4Options, ShutDownIPv6Options, ShutDownOptions]
        """The socket's options: the view of its state and family (``ShutDownIPv4Options``,
        ``ShutDownIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``ShutDownOptions`` for either IP family)."""


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

        options: OptionsProperty[EndedIPv4Options, EndedIPv6Options, EndedOptions]
        """The socket's options: the view of its state and family (``EndedIPv4Options``,
        ``EndedIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``EndedOptions`` for either IP family)."""

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

        The stdlib's spelling, for code being ported, as on a
        ``ConnectedSocket``: ``TypeError`` or ``ValueError`` for a bad
        ``how``, before any system call.  Prefer the precise shutdowns."""
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

        options: OptionsProperty[FinishedIPv4Options, FinishedIPv6Options, FinishedOptions]
        """The socket's options: the view of its state and family (``FinishedIPv4Options``,
        ``FinishedIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``FinishedOptions`` for either IP family)."""


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

        # Not generic: the checkers do not know its family, and the overloads
        # give it SocketOptions; at runtime its view is one of these.
        options: OptionsProperty[BrokenIPv4Options, BrokenIPv6Options, BrokenOptions]
        """The socket's options: the view of its state and family (``BrokenIPv4Options``,
        ``BrokenIPv6Options``, ``UnixOptions``), by its address type for the checkers
        (``BrokenOptions`` for either IP family)."""
