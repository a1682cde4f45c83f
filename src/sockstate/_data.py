"""The data path of a connection: sending and receiving on a stream.

Rules of this module:

* A data call is one attribute load, the stdlib call, and the count of calls
  under way (``_machine``'s rules say why it exists): no check, lock or
  allocation on the way in.  Its legality is settled by the class that the
  method was looked up on.
* The way out has one cheap check: whether the socket was retired during the
  call, in which case the call may be the last one to leave and release the
  descriptor's number.
* Only failures and the end of the stream reach the lock: ``_failed`` and
  ``_ended`` settle them through the one primitive, and turn a call that
  stopped being legal during the call (closed or shut by another thread, or
  a method saved before a transition) into the ordering error, chained from
  the kernel's answer.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The data calls read the socket's private descriptor and count.

from __future__ import annotations

import operator
import socket as _stdlib
import sys

from ._common import A, _Peer
from ._errors import IncompleteReadError
from ._fds import CLOEXEC, ancillary, close_all, fds_received, space, unix_only
from ._typing import TYPE_CHECKING, cast, deprecated, overload

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import IO, Literal, NoReturn

    from typing_extensions import Buffer

    from ._addresses import UnixAddress
    from ._files import (
        BinaryReader,
        BinaryReadWriter,
        BinaryWriter,
        SocketFile,
        TextReader,
        TextReadWriter,
        TextWriter,
    )


__all__ = ("_Files", "_Receives", "_Sends")


def send(self: _Sends[A], data: Buffer, flags: int = 0, /) -> int:
    """Send some of ``data``; return how many bytes were sent."""
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


def sendall(self: _Sends[A], data: Buffer, flags: int = 0, /) -> None:
    """Send all of ``data``, blocking until it is sent or the kernel fails
    (how much was sent before a failure is unknown)."""
    calls = self._calls
    calls.append(None)
    try:
        self._sock.sendall(data, flags)
    except OSError as error:
        self._failed("sendall", error)
        raise
    finally:
        calls.pop()
        if self._deferred is not None:
            self._leave()


def sendfile(self: _Sends[A], file: IO[bytes], /, offset: int = 0, count: int | None = None) -> int:
    """Send ``file`` from ``offset``, ``count`` bytes or up to its end,
    as the stdlib's ``socket.sendfile`` (``os.sendfile`` where it can,
    reading and sending otherwise); return how many bytes were sent.
    The file's position is left after the last byte sent, on an error
    too.

    Raises ``ValueError`` (the stdlib's) on a non-blocking socket or a
    file not opened in binary mode, before anything is sent, with the
    state unchanged.  A ``ConnectionError`` moves the socket to
    ``BrokenSocket``, as ``send()`` does.
    """
    calls = self._calls
    calls.append(None)
    try:
        return self._sock.sendfile(file, offset, count)
    except OSError as error:
        self._failed("sendfile", error)
        raise
    finally:
        calls.pop()
        if self._deferred is not None:
            self._leave()


if sys.platform != "win32":  # pragma: no branch - _states.HAS_MSG: where the stdlib has it

    def sendmsg(
        self: _Sends[A],
        buffers: Iterable[Buffer],
        ancdata: Iterable[tuple[int, int, Buffer]] = (),
        flags: int = 0,
        /,
    ) -> int:
        """Send the ``buffers`` and ancillary data (``SCM_RIGHTS`` and the
        like) in one call; return how many bytes were sent."""
        calls = self._calls
        calls.append(None)
        try:
            return self._sock.sendmsg(buffers, ancdata, flags)
        except OSError as error:
            self._failed("sendmsg", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()

    def send_fds(
        self: _Sends[UnixAddress], buffers: Iterable[Buffer], fds: Iterable[int], /
    ) -> int:
        """Send the ``buffers`` with the descriptors ``fds`` attached
        (``SCM_RIGHTS``, ``unix(7)``), as the stdlib's
        ``socket.send_fds(sock, buffers, fds)``; return how many bytes
        were sent (the descriptors go with the first of them).  The
        caller keeps its own copies of ``fds``: close them when done.

        Unix sockets only: on another family it raises ``TypeError``
        before any system call (the kernel would send the bytes and drop
        the descriptors).  Fails as ``sendmsg()`` does.
        """
        unix_only(self._sock, "send_fds")
        control = ancillary(fds)
        calls = self._calls
        calls.append(None)
        try:
            return self._sock.sendmsg(buffers, control)
        except OSError as error:
            self._failed("send_fds", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()


class _Sends(_Peer[A]):
    """The calls that send on a stream, legal while its sending side is open.

    A ``ConnectionError`` (the peer reset the connection, the pipe broke)
    moves the socket to ``BrokenSocket`` before it propagates; other kernel
    errors (a timeout) leave the state as it was.
    """

    __slots__ = ()

    send = send
    sendall = sendall
    sendfile = sendfile

    if sys.platform != "win32":  # pragma: no branch - _states.HAS_MSG: where the stdlib has it
        sendmsg = sendmsg
        send_fds = send_fds


def recv(self: _Receives[A], bufsize: int, flags: int = 0, /) -> bytes:
    """Receive up to ``bufsize`` bytes.  ``b""`` means the peer ended the
    stream (and only that, for a non-zero ``bufsize``)."""
    calls = self._calls
    calls.append(None)
    try:
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


def recv_into(self: _Receives[A], buffer: Buffer, nbytes: int = 0, flags: int = 0, /) -> int:
    """Receive into ``buffer`` (up to ``nbytes``, or its size when 0);
    return the count, 0 meaning the peer ended the stream."""
    calls = self._calls
    calls.append(None)
    try:
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


def recv_exactly(self: _Receives[A], n: int, /) -> bytes:
    """Receive exactly ``n`` bytes.

    Raises ``IncompleteReadError`` carrying the bytes already received
    (``.partial``) when the peer ends the stream first, moving the
    socket on as ``recv()`` does, ``TypeError`` for an ``n`` that is no
    int and ``ValueError`` for a negative one, both before any system
    call.  A kernel error, a timeout or an exception from a signal
    handler propagates and the bytes read before it are lost, so the
    stream is out of step: close the socket.
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


if sys.platform != "win32":  # pragma: no branch - _states.HAS_MSG: where the stdlib has it

    def recvmsg(
        self: _Receives[A], bufsize: int, ancbufsize: int = 0, flags: int = 0, /
    ) -> tuple[bytes, list[tuple[int, int, bytes]], int, object]:
        """Receive data and ancillary data: ``(data, ancdata, msg_flags,
        address)``, the stdlib's four items, so that ``socket.recv_fds``
        and ``multiprocessing.reduction.recvfds`` take this socket.
        ``address`` is what the kernel reports for a stream (``None``,
        or an empty name): the peer is ``getpeername()``.

        Descriptors in ``ancdata`` are the caller's to close, as with the
        stdlib; ``recv_fds()`` parses them and never leaks one.
        """
        calls = self._calls
        calls.append(None)
        try:
            data, ancdata, msg_flags, address = self._sock.recvmsg(bufsize, ancbufsize, flags)
        except OSError as error:
            self._failed("recvmsg", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()
        if not data and bufsize:
            self._ended("recvmsg")
        return data, ancdata, msg_flags, address

    def recv_fds(
        self: _Receives[UnixAddress], bufsize: int, maxfds: int, flags: int = 0, /
    ) -> tuple[bytes, list[int]]:
        """Receive up to ``bufsize`` bytes and up to ``maxfds`` descriptors
        sent with them (``SCM_RIGHTS``, ``unix(7)``): ``(data, fds)``, as
        the stdlib's ``socket.recv_fds`` without its flags and address.
        The descriptors are new in this process, non-inheritable
        (``MSG_CMSG_CLOEXEC`` where the platform has it; the stdlib's
        ``recv_fds`` leaves them inheritable), and the caller's to close.
        ``b""`` means the peer ended the stream, as for ``recv()``.

        Never leaks a descriptor: when more came than ``maxfds`` (the
        kernel drops the rest, ``MSG_CTRUNC``) it closes those that fit
        and raises ``DescriptorsTruncatedError`` carrying the bytes, with
        the state unchanged; any other exception after the kernel
        handed descriptors over closes them too.  Unix sockets only: on
        another family it raises ``TypeError`` before any system call.
        Fails as ``recvmsg()`` does.
        """
        unix_only(self._sock, "recv_fds")
        ancbufsize = space(maxfds)
        calls = self._calls
        calls.append(None)
        try:
            data, ancdata, msg_flags, _ = self._sock.recvmsg(bufsize, ancbufsize, flags | CLOEXEC)
        except OSError as error:
            self._failed("recv_fds", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()
        fds = fds_received(data, ancdata, msg_flags, maxfds)
        if not data and bufsize:
            close_all(fds)  # none comes with the end of stream; none is left if one did
            self._ended("recv_fds")
            return data, []
        return data, fds


class _Receives(_Peer[A]):
    """The calls that read a stream, legal while its receiving side is open.

    A read that returns the peer's end of stream (``b""``, or 0 bytes, for a
    non-zero size) returns it once and moves the socket on, where reading
    again raises an ordering error naming the end of stream.  A
    ``ConnectionError`` moves the socket to ``BrokenSocket`` before it
    propagates; other kernel errors leave the state as it was.

    A thread blocked in a read that another thread's shutdown wakes gets
    the ordering error naming the new state, not ``b""``.  A read method
    saved before a shutdown is checked when it returns the end or fails,
    not when it returns data: the fast path has no check.
    """

    __slots__ = ()

    recv = recv
    recv_into = recv_into
    recv_exactly = recv_exactly

    if sys.platform != "win32":  # pragma: no branch - _states.HAS_MSG: where the stdlib has it
        recvmsg = recvmsg
        recv_fds = recv_fds


@overload
@deprecated(
    "makefile() is buffered only: buffering=0 raises ValueError; "
    "use raw_socket().makefile(mode, buffering=0) for raw I/O"
)
def makefile(
    self: _Files[A],
    mode: str,
    buffering: Literal[0],
    *,
    encoding: str | None = None,
    errors: str | None = None,
    newline: str | None = None,
) -> NoReturn: ...
@overload
@deprecated(
    "makefile() is buffered only: buffering=0 raises ValueError; "
    "use raw_socket().makefile(mode, buffering=0) for raw I/O"
)
def makefile(
    self: _Files[A],
    *,
    buffering: Literal[0],
    encoding: str | None = None,
    errors: str | None = None,
    newline: str | None = None,
) -> NoReturn: ...
@overload
def makefile(
    self: _Files[A], mode: Literal["rb", "br"], buffering: int | None = None
) -> BinaryReader: ...
@overload
def makefile(
    self: _Files[A], mode: Literal["wb", "bw"], buffering: int | None = None
) -> BinaryWriter: ...
@overload
def makefile(
    self: _Files[A], mode: Literal["rwb", "wrb"], buffering: int | None = None
) -> BinaryReadWriter: ...
@overload
def makefile(
    self: _Files[A],
    mode: Literal["r"] = "r",
    buffering: int | None = None,
    *,
    encoding: str | None = None,
    errors: str | None = None,
    newline: str | None = None,
) -> TextReader: ...
@overload
def makefile(
    self: _Files[A],
    mode: Literal["w"],
    buffering: int | None = None,
    *,
    encoding: str | None = None,
    errors: str | None = None,
    newline: str | None = None,
) -> TextWriter: ...
@overload
def makefile(
    self: _Files[A],
    mode: Literal["rw", "wr"],
    buffering: int | None = None,
    *,
    encoding: str | None = None,
    errors: str | None = None,
    newline: str | None = None,
) -> TextReadWriter: ...
def makefile(
    self: _Files[A],
    mode: str = "r",
    buffering: int | None = None,
    *,
    encoding: str | None = None,
    errors: str | None = None,
    newline: str | None = None,
) -> SocketFile:
    """A file object over the connection, as ``socket.makefile`` makes.

    The mode decides the file's methods for the checkers: ``"rb"`` a
    ``BinaryReader`` (no ``write()``), ``"wb"`` a ``BinaryWriter`` (no
    ``read()``), ``"rwb"`` a ``BinaryReadWriter``, ``"r"`` (the default)
    a ``TextReader``, ``"w"`` a ``TextWriter``, ``"rw"`` a
    ``TextReadWriter``.  At runtime the file is the stdlib's own
    (``io.BufferedReader``, ``io.BufferedWriter``, ``io.BufferedRWPair``,
    ``io.TextIOWrapper``).

    Buffered only: ``buffering=0`` raises ``ValueError`` (use
    ``raw_socket().makefile()`` for raw I/O), and a literal 0 is refused
    by the checkers too (a deprecated overload: pyright in strict mode,
    mypy with ``--enable-error-code deprecated``).  What the file reads and
    writes bypasses the socket's states: an end of stream or a reset
    seen through it leaves the socket connected.  Closing the socket
    while such a file is open defers the descriptor's release until the
    file is closed too, as in the stdlib.
    """
    if buffering == 0:
        raise ValueError("makefile() is buffered only; use raw_socket().makefile() for raw I/O")
    make = cast("Callable[..., SocketFile]", _stdlib.socket.makefile)
    return make(self._sock, mode, buffering, encoding=encoding, errors=errors, newline=newline)


class _Files(_Peer[A]):
    """``makefile()``: a file over the connection, while both directions are
    open (plain or TLS)."""

    __slots__ = ()

    makefile = makefile
