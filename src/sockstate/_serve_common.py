"""What the command line's server and client (``_serve``, ``_serve_connect``)
share: the addresses a user writes, the lines they print, and the guards
around their sockets.

Rules of this module:

* It uses only sockstate's public API, as a user would.
* An address the user writes is parsed once, by ``parse_address``, into a
  ``TCP4``, ``TCP6`` or ``Unix``; each family's socket is then made and
  called with that family's own address type, so the type checkers see every
  ``bind`` and ``connect``.  ``_describe`` writes an address that a socket
  reports as a user writes it.
* Errors are the caller's to report: a bad address raises ``ValueError``
  with a one-line message; ``_naming`` adds the address to a kernel
  failure's ``OSError`` when the kernel's message does not name it.
* Ctrl-C is the calling thread's alone: ``_ctrl_c_deferred`` holds it back
  while a thread is being started and recorded, and the threads started
  there never take it.  A wait lasts ``WAKE_INTERVAL`` seconds at most, so
  that no Ctrl-C is lost.
* ``_Output`` writes each line whole and flushed, from any thread.
  Tracing (``sockstate.set_tracer``) lasts as long as the ``_tracing``
  block that asked for it, and the tracer in force before is restored
  afterwards.  The tracer never raises: a failed write of a trace line is
  dropped.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import sys
import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import sockstate

if TYPE_CHECKING:
    from collections.abc import Generator
    from typing import TextIO, TypeAlias

    from sockstate import IPv4Address, IPv6Address, UnixAddress

CHUNK = 65536
"""The most bytes read or received in one call."""

STOP_TIMEOUT = 5.0
"""Seconds the stopping server waits for its connections' threads to finish."""

WAKE_INTERVAL = 0.2
"""Seconds the server waits for a connection, and ``connect`` for data, at
most before it looks again: the longest a Ctrl-C or a ``stop`` waits to be
seen."""

_EXPECTED = "expected HOST:PORT, [IPV6]:PORT, a Unix socket path containing '/', or @NAME"


@dataclass(frozen=True)
class TCP4:
    """An IPv4 address, or a host name to resolve to one: ``host:port``."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class TCP6:
    """An IPv6 address (its scope too, as in ``fe80::1%eth0``): ``[host]:port``."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}"


@dataclass(frozen=True)
class Unix:
    """A Unix socket: a filesystem path (``str``), or on Linux an abstract
    name (``bytes`` starting with a NUL byte), written ``@name``."""

    path: str | bytes

    def __str__(self) -> str:
        return _describe(self.path)


ParsedAddress: TypeAlias = "TCP4 | TCP6 | Unix"
"""An address as ``parse_address`` reads it: which family, and its address."""

KernelAddress: TypeAlias = "IPv4Address | IPv6Address | UnixAddress"
"""An address as a socket of any of the three families reports it."""


def parse_address(text: str) -> ParsedAddress:
    """Read an address as a user writes it on the command line.

    * ``HOST:PORT``: IPv4, as in ``127.0.0.1:8000``; a host name such as
      ``localhost:8000`` is resolved to an IPv4 address.
    * ``[IPV6]:PORT``: IPv6, as in ``[::1]:8000``.
    * Anything containing a ``/``: a Unix socket path (``./echo.sock``).
    * ``@NAME``: a Linux abstract Unix socket name.

    A port is a decimal number in 0..65535 (0: any free port, when
    listening).  Raises ``ValueError`` with a one-line message for anything
    else.
    """
    if not text:
        raise ValueError(f"empty address: {_EXPECTED}")
    if "/" in text:
        return Unix(text)
    if text.startswith("@"):
        name = text[1:]
        if not name:
            raise ValueError(f"bad address {text!r}: the abstract name after '@' is empty")
        if not sys.platform.startswith("linux"):  # pragma: no cover - the tests run on Linux
            raise ValueError(f"bad address {text!r}: abstract Unix names exist only on Linux")
        return Unix(b"\0" + os.fsencode(name))
    if text.startswith("["):
        close = text.find("]")
        if close == -1 or not text.startswith(":", close + 1):
            raise ValueError(f"bad address {text!r}: expected [IPV6]:PORT, as in [::1]:8000")
        host = text[1:close]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(
                f"bad address {text!r}: {host!r} is not an IPv6 address "
                "(brackets are for IPv6 only)"
            ) from None
        return TCP6(host, _port(text, text[close + 2 :]))
    host, colon, port = text.rpartition(":")
    if not colon:
        raise ValueError(f"bad address {text!r}: {_without_colon(text)}")
    if ":" in host:
        raise ValueError(
            f"bad address {text!r}: write an IPv6 address in brackets, as in [::1]:8000"
        )
    if not host:
        raise ValueError(
            f"bad address {text!r}: the host is missing (0.0.0.0:PORT means every IPv4 interface)"
        )
    return TCP4(host, _port(text, port))


def _without_colon(text: str) -> str:
    """What is wrong with ``text``, an address with no ':' and no '/', and
    what to write instead: a port alone, a host alone, or a file name."""
    if text.isascii() and text.isdigit():
        return (
            f"a port needs a host: write 127.0.0.1:{text} (this machine only), "
            f"0.0.0.0:{text} (every IPv4 interface) or [::1]:{text}"
        )
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return (
            f"no port, and no '/' for a Unix socket path: write {text}:PORT for a host, "
            f"or ./{text} for a socket file in this directory"
        )
    return f"no port: write {text}:PORT"


def _port(text: str, port: str) -> int:
    """The port ``port`` names, in the address ``text``; or ``ValueError``."""
    if not port:
        raise ValueError(f"bad address {text!r}: the port is missing")
    if not (port.isascii() and port.isdigit()):
        raise ValueError(f"bad address {text!r}: the port {port!r} is not a number")
    number = int(port)
    if number > 65535:
        raise ValueError(f"bad address {text!r}: port {number} is outside 0..65535")
    return number


@contextlib.contextmanager
def _ctrl_c_deferred() -> Generator[None, None, None]:
    """Hold ``SIGINT`` back from this thread during the block, delivering it
    after, where its ``KeyboardInterrupt`` cannot split starting a thread
    from recording it (``Thread.start()`` waits, and the wait is where the
    interrupt would land).  A thread started here inherits the mask, so
    Ctrl-C always reaches the thread that can act on it."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX, untested
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _Closable(Protocol):
    def close(self) -> object: ...


@contextlib.contextmanager
def _closed_on_error(sock: _Closable) -> Generator[None, None, None]:
    """Close ``sock`` if the block raises anything, then let it propagate."""
    try:
        yield
    except BaseException:
        sock.close()
        raise


@contextlib.contextmanager
def _naming(address: ParsedAddress) -> Generator[None, None, None]:
    """Add ``address`` to an ``OSError`` from the block whose message does not
    say which address failed (the kernel's never does)."""
    try:
        yield
    except OSError as error:
        # The kernel's and the resolver's errors all have an errno, a message and
        # no file name; any other error would be left as it is.
        named = error.errno is not None and error.strerror is not None
        if named and error.filename is None:  # pragma: no branch - see above
            error.filename = str(address)
        raise


def _is_abstract(path: str | bytes) -> bool:
    """Whether the Unix address ``path`` is a Linux abstract name."""
    return path[:1] in ("\0", b"\0")


def _describe(address: KernelAddress) -> str:
    """``address`` as a user writes it: ``host:port``, ``[host]:port``, a
    path, ``@name``, or ``(unnamed)`` for a Unix socket bound to nothing."""
    if isinstance(address, tuple):
        host, port = address[0], address[1]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if isinstance(address, bytes):  # what the kernel reports for an abstract name
        address = address.decode("utf-8", "backslashreplace")
    if not address:
        return "(unnamed)"
    if _is_abstract(address):
        address = "@" + address[1:]
    # A path the file system decoded with surrogate escapes would not print.
    return address.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _describe_transition(transition: sockstate.Transition, number: int) -> str:
    """A trace line: the socket (``number`` tells sockets apart, since the
    descriptor in its repr is -1 once closed), the call with its address, and
    ``old -> new``."""
    before = "(new)" if transition.old is None else str(transition.old)
    where = "" if transition.address is None else f" {transition.address!r}"
    call = f"{transition.operation}(){where}"
    return f"trace: socket {number} {transition.socket!r}: {call} {before} -> {transition.new}"


class _Output:
    """Lines to one text stream from several threads, each written whole and
    flushed at once."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._numbers: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()
        self._count = 0

    def write(self, line: str) -> None:
        """Write ``line`` and flush; the stream's errors propagate."""
        with self._lock:
            self._emit(line)

    def _emit(self, line: str) -> None:
        self._stream.write(line + "\n")
        self._stream.flush()

    def write_quietly(self, line: str) -> None:
        """Write ``line`` and flush, dropping it if the stream fails (closed,
        or a broken pipe): for threads and tracers, which must not raise."""
        with contextlib.suppress(OSError, ValueError):
            self.write(line)

    def trace(self, transition: sockstate.Transition) -> None:
        """The tracer: one line per transition, each socket numbered in the
        order this output first saw it."""
        with contextlib.suppress(OSError, ValueError), self._lock:
            number = self._numbers.get(transition.socket)
            if number is None:
                self._count += 1
                number = self._numbers[transition.socket] = self._count
            self._emit(_describe_transition(transition, number))


@contextlib.contextmanager
def _tracing(output: _Output | None) -> Generator[None, None, None]:
    """Trace every transition to ``output`` during the block (nothing changes
    when it is ``None``), then restore the tracer in force before."""
    if output is None:
        yield
        return
    previous = sockstate.set_tracer(output.trace)
    try:
        yield
    finally:
        sockstate.set_tracer(previous)
