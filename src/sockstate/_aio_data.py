"""The data path of the asyncio face: the awaited sends and receives on a
stream.

Rules of this module:

* As on the blocking face (``_data``): a data call is counted in
  ``_calls`` for its whole length, waits included, and settles only
  failures and the end of the stream (``_failed``, ``_ended``, ``_cut``),
  through ``_machine``'s primitive; its legality is settled by the class
  that the method was looked up on.  The states that offer these calls are
  in ``_aio_connection``.
* A call tries the system call first and waits on ``BlockingIOError``
  (``_aio_common``'s rules say how, and when a read waits first).
* Where a cancelled call leaves the socket: a read or a ``send`` cancelled
  while it waits has moved nothing, and the state is as it was.  A
  ``sendall`` or ``recv_exactly`` cancelled after it moved part of its data
  fails (``fails(partial=True)``): ``BROKEN``.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The data calls read the socket's private descriptor and count.

from __future__ import annotations

import io
import operator
import os
import sys

from ._aio_common import _Peer
from ._common import A
from ._errors import IncompleteReadError
from ._fds import CLOEXEC, ancillary, check_sendfile, close_all, fds_received, space, unix_only
from ._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import IO, Final

    from typing_extensions import Buffer

    from ._addresses import UnixAddress

_BLOCK: Final = 2**30
"""The most one ``os.sendfile`` is asked for (the stdlib's own bound)."""
_CHUNK: Final = 8192
"""What the fallback of ``sendfile`` reads at a time (the stdlib's)."""


def _file_number(file: IO[bytes]) -> int | None:
    """``file``'s descriptor for ``os.sendfile``, or ``None`` where it has
    none (an ``io.BytesIO``) or the platform has no ``os.sendfile``."""
    if not hasattr(os, "sendfile"):  # pragma: no cover - every POSIX platform has it
        return None
    try:
        return file.fileno()
    except (AttributeError, io.UnsupportedOperation):
        return None


__all__ = ("_Receives", "_Sends")


async def send(self: _Sends[A], data: Buffer, flags: int = 0, /) -> int:
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


async def sendall(self: _Sends[A], data: Buffer, flags: int = 0, /) -> None:
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


async def sendfile(
    self: _Sends[A], file: IO[bytes], /, offset: int = 0, count: int | None = None
) -> int:
    """Send ``file`` from ``offset``, ``count`` bytes or up to its end,
    waiting as often as needed; return how many bytes were sent.  As
    the stdlib's ``socket.sendfile``: ``os.sendfile`` where the file
    has a descriptor it takes, reading and sending otherwise, and the
    file's position left after the last byte sent (where the file can
    seek).  The system calls run in this task, as every other call's
    (not in ``loop.sock_sendfile``'s callbacks).

    Raises ``ValueError`` for a file not opened in binary mode, a
    negative ``offset`` or a ``count`` that is not positive, and
    ``TypeError`` for ones that are no ints, before anything is sent.
    Fails and is cancelled as ``sendall()``: a ``ConnectionError``
    moves the socket to ``BrokenSocket``, and so does anything that
    ends it once part of the file has gone out.  Raises ``BusyError``
    if it would wait while another task waits to send on this socket.
    """
    check_sendfile(file, offset, count)
    sock = self._sock
    calls = self._calls
    sent = 0
    calls.append(None)
    try:
        number = _file_number(file)
        seek_first = bool(offset)  # before the first read, if reading and sending
        while count is None or sent < count:
            size = _BLOCK if count is None else min(count - sent, _BLOCK)
            if number is not None:
                try:
                    moved = os.sendfile(sock.fileno(), number, offset + sent, size)
                except BlockingIOError:
                    await self._writable("sendfile")
                    continue
                except OSError as error:
                    if sent or isinstance(error, ConnectionError):
                        raise
                    number = None  # a file os.sendfile cannot read (a pipe): as the stdlib
                    continue
                if not moved:
                    break
                sent += moved
                continue
            if seek_first:
                file.seek(offset)
                seek_first = False
            chunk = file.read(min(size, _CHUNK))
            if not chunk:
                break
            with memoryview(chunk) as view:
                done = 0
                while done < len(chunk):
                    try:
                        moved = sock.send(view[done:])
                    except BlockingIOError:
                        await self._writable("sendfile")
                        continue
                    done += moved
                    sent += moved
    except OSError as error:
        if not sent:
            self._failed("sendfile", error)
        elif not self._cut("sendfile", error):
            raise self._refuse("sendfile") from error
        raise
    except BaseException as error:
        if sent:
            self._cut("sendfile", error)
        raise
    finally:
        calls.pop()
        if self._deferred is not None:
            self._leave()
        if sent and file.seekable():
            file.seek(offset + sent)
    return sent


if sys.platform != "win32":  # pragma: no branch - _states.HAS_MSG: where the stdlib has it

    async def sendmsg(
        self: _Sends[A],
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

    async def send_fds(
        self: _Sends[UnixAddress], buffers: Iterable[Buffer], fds: Iterable[int], /
    ) -> int:
        """Send the ``buffers`` with the descriptors ``fds`` attached
        (``SCM_RIGHTS``, ``unix(7)``), waiting until the socket can take
        some, as the stdlib's ``socket.send_fds``; return how many bytes
        were sent (the descriptors go with the first of them).  The
        caller keeps its own copies of ``fds``.  Unix sockets only: on
        another family it raises ``TypeError`` before any system call.
        Fails, and is cancelled, as ``sendmsg()``."""
        unix_only(self._sock, "send_fds")
        buffers = list(buffers)
        control = ancillary(fds)
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            while True:
                try:
                    return sock.sendmsg(buffers, control)
                except BlockingIOError:
                    await self._writable("send_fds")
        except OSError as error:
            self._failed("send_fds", error)
            raise
        finally:
            calls.pop()
            if self._deferred is not None:
                self._leave()


class _Sends(_Peer[A]):
    """The calls that send on a stream, coroutines, legal while its sending
    side is open.  A ``ConnectionError`` moves the socket to
    ``BrokenSocket`` before it propagates."""

    __slots__ = ()

    send = send
    sendall = sendall
    sendfile = sendfile

    if sys.platform != "win32":  # pragma: no branch - _states.HAS_MSG: where the stdlib has it
        sendmsg = sendmsg
        send_fds = send_fds


async def recv(self: _Receives[A], bufsize: int, flags: int = 0, /) -> bytes:
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


async def recv_into(self: _Receives[A], buffer: Buffer, nbytes: int = 0, flags: int = 0, /) -> int:
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


async def recv_exactly(self: _Receives[A], n: int, /) -> bytes:
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
        self: _Receives[A], bufsize: int, ancbufsize: int = 0, flags: int = 0, /
    ) -> tuple[bytes, list[tuple[int, int, bytes]], int, object]:
        """Receive data and ancillary data, waiting until some come:
        ``(data, ancdata, msg_flags, address)``, the stdlib's four items
        (``address`` is what the kernel reports for a stream: the peer
        is ``getpeername()``).  Descriptors in ``ancdata`` are the
        caller's to close; ``recv_fds()`` never leaks one."""
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            if self._wait_first:
                await self._readable("recvmsg")
            while True:
                try:
                    data, ancdata, msg_flags, address = sock.recvmsg(bufsize, ancbufsize, flags)
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
        return data, ancdata, msg_flags, address

    async def recv_fds(
        self: _Receives[UnixAddress], bufsize: int, maxfds: int, flags: int = 0, /
    ) -> tuple[bytes, list[int]]:
        """Receive up to ``bufsize`` bytes and up to ``maxfds`` descriptors
        sent with them (``SCM_RIGHTS``, ``unix(7)``), waiting until some
        come: ``(data, fds)``, as the stdlib's ``socket.recv_fds``
        without its flags and address.  The descriptors are new,
        non-inheritable (``MSG_CMSG_CLOEXEC`` where the platform has it)
        and the caller's to close; ``b""`` means the peer ended the
        stream.

        Never leaks a descriptor: when more came than ``maxfds`` it
        closes those that fit and raises ``DescriptorsTruncatedError``
        carrying the bytes, with the state unchanged; any other
        exception after the kernel handed descriptors over closes them.
        A cancellation cannot come between the two: nothing is awaited
        after ``recvmsg`` returns, and a read cancelled while it waits
        has received nothing.  Unix sockets only: on another family it
        raises ``TypeError`` before any system call.
        """
        unix_only(self._sock, "recv_fds")
        ancbufsize = space(maxfds)
        sock = self._sock
        calls = self._calls
        calls.append(None)
        try:
            if self._wait_first:
                await self._readable("recv_fds")
            while True:
                try:
                    data, ancdata, msg_flags, _ = sock.recvmsg(bufsize, ancbufsize, flags | CLOEXEC)
                    break
                except BlockingIOError:
                    self._wait_first = True
                    await self._readable("recv_fds")
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

    recv = recv
    recv_into = recv_into
    recv_exactly = recv_exactly

    if sys.platform != "win32":  # pragma: no branch - _states.HAS_MSG: where the stdlib has it
        recvmsg = recvmsg
        recv_fds = recv_fds
