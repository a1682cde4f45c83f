"""The stream states of the asyncio face once connected, one class per
state: connected, shut down one way or both, ended by the peer, finished,
broken; and the shutdowns that move between them.

Rules of this module:

* The rules of ``_aio_stream`` hold here too: a class offers exactly its
  row of ``_states.TRANSITIONS``, less the calls of sockets that block
  (``BLOCKING_ONLY``), and moves only through ``_machine``'s primitive.
* The shutdowns cannot wait: each is a plain method that steps (``_shut``),
  and ``shutdown(how)`` dispatches as on the blocking face
  (``_connection.dispatch_shutdown``).  The data calls are coroutines
  (``_aio_data``, whose rules say how they are counted and where a
  cancelled one leaves the socket).
* Nothing here refers to the states before a connection: ``_aio_stream``
  imports this module (``accept()`` makes a ``ConnectedSocket``), never the
  other way round.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The state classes read the socket's private descriptor and count, and
# reach the primitive in _machine.

from __future__ import annotations

import socket as _stdlib

from ._aio_common import _Live, _Named, _Peer
from ._aio_data import _Receives, _Sends
from ._aio_tls import _AioWrapsTLS
from ._common import A
from ._connection import (
    _shut,
    dispatch_shutdown,
    shutdown,
    shutdown_both,
    shutdown_read,
    shutdown_write,
)
from ._states import State
from ._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Literal

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
    from ._options import OptionsProperty


class ConnectedSocket(_Sends[A], _Receives[A], _AioWrapsTLS[A]):
    """A connected asyncio stream socket: data moves both ways.

    Legal: ``await`` ``send()``, ``sendall()``, ``recv()``, ``recv_into()``,
    ``recv_exactly()``, ``sendfile()``, ``sendmsg()``, ``recvmsg()``,
    ``send_fds()`` and ``recv_fds()`` (Unix sockets), ``wrap_tls()`` (to a
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

    def shutdown(self, how: int, /) -> ReceiveOnlySocket[A] | SendOnlySocket[A] | ShutDownSocket[A]:
        """Shut a direction down, or both: ``how`` says which; returns the
        socket as a ``ReceiveOnlySocket``, ``SendOnlySocket`` or
        ``ShutDownSocket`` (a kernel error moves it to ``BrokenSocket``).

        The stdlib's spelling, for code being ported: a plain call, like
        the precise shutdowns it dispatches to (``SHUT_WR``:
        ``shutdown_write()``, ``SHUT_RD``: ``shutdown_read()``,
        ``SHUT_RDWR``: ``shutdown_both()``), with their moves and errors.
        Prefer those: each returns its one next state.  Raises
        ``TypeError`` for a ``how`` that is not an int and ``ValueError``
        for any other int, before any system call, with the state
        unchanged."""
        moved: ReceiveOnlySocket[A] | SendOnlySocket[A] | ShutDownSocket[A] = dispatch_shutdown(
            self, how
        )
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
    """A connected asyncio stream socket whose receiving side is shut down.

    Legal: the sends (coroutines), ``shutdown_read()`` (does nothing),
    ``shutdown_write()`` and ``shutdown_both()`` (to a ``ShutDownSocket``),
    ``getsockname()``, ``getpeername()``, ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.
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


class _Shut(_Named[A]):
    """A stream socket with no direction left: shutting down again is
    harmless (the blocking face's calls, which never wait)."""

    __slots__ = ()

    shutdown_write = shutdown_write
    shutdown_read = shutdown_read
    shutdown_both = shutdown_both
    shutdown = shutdown


class ShutDownSocket(_Shut[A], _Peer[A]):
    """A connected asyncio stream socket shut down in both directions.

    Legal: ``shutdown_write()``, ``shutdown_read()`` and ``shutdown_both()``
    (all do nothing), ``getsockname()``, ``getpeername()``, ``options``,
    ``fileno()``, ``raw_socket()``, ``detach()``, ``close()``.
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
    """An asyncio stream socket done both ways: its sending side is shut down
    and a read has returned the peer's end of stream.

    Legal: ``shutdown_write()``, ``shutdown_read()`` and ``shutdown_both()``
    (all do nothing), ``getsockname()``, ``options``, ``fileno()``,
    ``raw_socket()``, ``detach()``, ``close()``.  No call returns this type.
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
