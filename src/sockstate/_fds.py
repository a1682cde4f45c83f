"""Descriptors over a Unix stream (``SCM_RIGHTS``) and files over a stream:
what both faces' ``send_fds``, ``recv_fds`` and ``sendfile`` share.

Rules of this module:

* Nothing here waits, moves a socket or decides legality: the faces' data
  calls do, through ``_machine``'s primitive, as for every other data call.
* A descriptor that the kernel has installed in this process is the
  caller's only once ``recv_fds()`` returns it: every path that does not
  return it (a truncated control message, an end of stream, any exception
  after ``recvmsg``) closes it (``close_all``).
* The control buffers are sized as CPython's ``socket.recv_fds`` sizes them
  (``CMSG_LEN``, not ``CMSG_SPACE``: with the padding the kernel would
  install one descriptor more than asked for, ``cmsg(3)``), and parsed as
  it parses them (an ``array('i')`` of whole ints).
"""

from __future__ import annotations

import array
import os
import socket as _stdlib

from ._errors import DescriptorsTruncatedError
from ._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import IO, Final

__all__ = ("ancillary", "check_sendfile", "close_all", "fds_received", "space", "unix_only")

_ITEM: Final = array.array("i").itemsize
CLOEXEC: Final = getattr(_stdlib, "MSG_CMSG_CLOEXEC", 0)
"""``MSG_CMSG_CLOEXEC`` where the platform has it (Linux, ``recvmsg(2)``):
the received descriptors are close-on-exec from the start, non-inheritable
as PEP 446 makes every descriptor Python creates.  The stdlib's
``socket.recv_fds`` does not pass it, and its descriptors are inheritable."""
_CTRUNC: Final = getattr(_stdlib, "MSG_CTRUNC", 0)


def unix_only(sock: _stdlib.socket, operation: str) -> None:
    """Raise ``TypeError`` unless ``sock`` is a Unix socket: on any other
    family the kernel ignores ``SCM_RIGHTS`` (Linux sends the bytes and drops
    the descriptors without an error), so the call would lie."""
    if sock.family != _stdlib.AF_UNIX:
        raise TypeError(
            f"{operation}() passes descriptors over Unix sockets only; "
            f"this socket is {_stdlib.AddressFamily(sock.family).name}"
        )


def ancillary(fds: Iterable[int]) -> list[tuple[int, int, bytes]]:
    """The control message that carries ``fds`` (``SCM_RIGHTS``, ``unix(7)``)."""
    return [(_stdlib.SOL_SOCKET, _stdlib.SCM_RIGHTS, array.array("i", fds).tobytes())]


def space(maxfds: int) -> int:
    """The control buffer for up to ``maxfds`` descriptors, exactly
    (``CMSG_LEN``, as CPython's ``socket.recv_fds``; ``cmsg(3)``).  Raises
    ``ValueError`` for a negative count."""
    if maxfds < 0:
        raise ValueError(f"recv_fds() needs a non-negative maxfds, not {maxfds}")
    return _stdlib.CMSG_LEN(maxfds * _ITEM)


def close_all(fds: Iterable[int]) -> None:
    """Close each of ``fds``, which nobody but this process holds."""
    for fd in fds:
        os.close(fd)


def fds_received(
    data: bytes, ancdata: list[tuple[int, int, bytes]], msg_flags: int, maxfds: int
) -> list[int]:
    """The descriptors that ``recvmsg`` installed, from its control
    messages, each non-inheritable.

    Raises ``DescriptorsTruncatedError`` when the kernel had more than
    fitted (``MSG_CTRUNC``), having closed those that fitted.  Control
    messages other than ``SCM_RIGHTS`` (``SCM_CREDENTIALS`` on a socket
    with ``SO_PASSCRED``, say) are skipped, as the stdlib skips them; a
    payload is read in whole ints, as the stdlib reads it.  Any exception
    here closes what was parsed so far.
    """
    fds: list[int] = []
    try:
        for level, kind, payload in ancdata:
            if level == _stdlib.SOL_SOCKET and kind == _stdlib.SCM_RIGHTS:
                fds.extend(array.array("i", payload[: len(payload) - len(payload) % _ITEM]))
        if not CLOEXEC:  # pragma: no cover - Linux has MSG_CMSG_CLOEXEC
            for fd in fds:
                os.set_inheritable(fd, False)
        if msg_flags & _CTRUNC:
            raise DescriptorsTruncatedError(data, len(fds), maxfds)
    except BaseException:
        close_all(fds)
        raise
    return fds


def _is_int(value: object) -> bool:
    """Whether ``value`` is an int: the annotations are no promise at runtime."""
    return isinstance(value, int)


def check_sendfile(file: IO[bytes], offset: int, count: int | None) -> None:
    """Refuse what the stdlib's ``socket.sendfile`` refuses before it sends:
    a file not opened in binary mode (``ValueError``), an ``offset`` or
    ``count`` that is no int (``TypeError``), a ``count`` that is not
    positive or a negative ``offset`` (``ValueError``, as asyncio's
    ``sock_sendfile``)."""
    if "b" not in getattr(file, "mode", "b"):
        raise ValueError("file should be opened in binary mode")
    if not _is_int(offset) or not (count is None or _is_int(count)):
        raise TypeError(f"offset and count must be ints, not {offset!r} and {count!r}")
    if offset < 0 or (count is not None and count <= 0):
        raise ValueError(
            f"offset must be non-negative and count positive (got {offset!r} and {count!r})"
        )
