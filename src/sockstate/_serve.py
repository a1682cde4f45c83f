"""The ``serve`` and ``connect`` subcommands: an echo server and a netcat.

Rules of this module:

* It uses only sockstate's public API, as a user would.  A TCP server
  binds a port that an earlier server's connections are still leaving
  (``TIME_WAIT``) because sockstate's TCP sockets reuse addresses by
  default (``SO_REUSEADDR``); a port another socket listens on stays
  refused.
* An address the user writes is parsed once, by ``parse_address``, into a
  ``TCP4``, ``TCP6`` or ``Unix``; each family's socket is then made and
  called with that family's own address type, so the type checkers see every
  ``bind`` and ``connect``.
* Every socket opened here is closed here, whatever happens: on the client's
  end of stream, on an error, on ``KeyboardInterrupt``, which propagates
  (the command line turns it into exit status 130), and when the server is
  told to stop.  A Unix socket file is removed when the server stops, and
  only if this server created it.
* Ctrl-C is the calling thread's alone: it is held back while a thread is
  being started and recorded, and the threads started here never take it.
  It is never lost: the server waits for a connection, and ``connect`` for
  data, ``WAKE_INTERVAL`` seconds at a time (see ``serve``).
* The server stays up when the system runs short: out of descriptors, it
  waits and accepts again (as trio's and asyncio's servers do), and a
  client it has no thread for is closed; each shortage is one line of its
  log, not the end of the server.  It serves at most ``max_clients`` at
  once; the others wait in the listener's queue.
* Errors are the caller's to report: a bad address raises ``ValueError``
  with a one-line message; a kernel failure raises its ``OSError``, which
  names the address when the kernel's message does not.  Nothing here prints
  a traceback, and a thread never lets an exception escape.
* Tracing (``sockstate.set_tracer``) lasts as long as the call that asked
  for it, and the tracer in force before is restored afterwards.  The tracer
  never raises: a failed write of a trace line is dropped.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import selectors
import signal
import stat
import sys
import threading
import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import sockstate

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable, Generator
    from types import FrameType
    from typing import BinaryIO, TextIO, TypeAlias

    from sockstate import ConnectedSocket, IPv4Address, IPv6Address, ListeningSocket, UnixAddress

CHUNK = 65536
"""The most bytes read or received in one call."""

STOP_TIMEOUT = 5.0
"""Seconds the stopping server waits for its connections' threads to finish."""

WAKE_INTERVAL = 0.2
"""Seconds the server waits for a connection, and ``connect`` for data, at
most before it looks again: the longest a Ctrl-C or a ``stop`` waits to be
seen."""

MAX_CLIENTS = 100
"""The clients a server serves at once unless told otherwise
(``--max-clients``); the next ones wait in the listener's queue."""

MAX_IDLE_TIMEOUT = 365 * 24 * 3600.0
"""The longest idle timeout ``--idle-timeout`` takes: a year, well within
what a socket's timeout can count on every platform (a 32-bit ``time_t``
counts 68 years)."""

ACCEPT_RETRY_DELAY = 0.1
"""Seconds the server waits, at most, before it accepts again when it ran
out of descriptors or threads (trio's figure; asyncio waits a second): a
connection that ends meanwhile ends the wait."""

_OUT_OF_RESOURCES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
"""The errors of ``accept()`` that say the system is short of something, not
that the listener failed (trio's ``ACCEPT_CAPACITY_ERRNOS``, asyncio's list
in ``_accept_connection``): the connection waits in the queue meanwhile."""

_PROBE_TIMEOUT = 1.0
"""Seconds ``serve`` waits, at most, for a server at a taken Unix path to
answer.  (Linux never makes it wait: a Unix connect in timeout mode to a
full queue fails at once with ``EAGAIN``, which says "too busy".  macOS and
the BSDs refuse it, ``ECONNREFUSED``, so there a server whose queue is full
is taken for a stale file.)"""

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


def serve(
    address: ParsedAddress,
    *,
    out: TextIO,
    trace: bool,
    max_clients: int = MAX_CLIENTS,
    idle_timeout: float | None = None,
    ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    tls: ssl.SSLContext | None = None,
) -> None:
    """Run an echo server on ``address`` until ``KeyboardInterrupt``, or
    until ``stop`` is set; over TLS with the server context ``tls``.

    Binds and listens, prints ``listening on ADDRESS`` (the address bound,
    so port 0 shows the port chosen) to ``out``, calls ``ready`` with that
    address, then serves each client in a thread of its own: everything the
    client sends comes back, until the client ends its stream, and then the
    server closes that connection.  Each connection accepted and closed is a
    line on ``out``; with ``trace``, so is every socket's change of state.
    Over TLS, the server ends TLS (``unwrap()``) once the client has, or
    once it has been idle for the idle timeout (``_serve_tls.echo``).

    At most ``max_clients`` are served at once; the next ones wait in the
    listener's queue until one leaves.  With ``idle_timeout``, a client that
    neither sends anything nor takes its echo for that many seconds is
    closed.  Out of descriptors, the server waits for a connection to end
    (``ACCEPT_RETRY_DELAY`` seconds at most) and accepts again; a client for
    which no thread can be started is closed at once.  Each is a line on
    ``out`` (a shortage once, until a client is served again), and the
    server goes on.

    ``KeyboardInterrupt`` propagates after the live connections and the
    listener are closed.  Setting ``stop``, from another thread or a signal
    handler (see ``stopped_by_sigterm``), ends the server the same way
    within ``WAKE_INTERVAL`` seconds, and then this returns: a way to stop
    it that no signal disposition can defeat.  A bad address raises
    ``ValueError``; a kernel failure to bind or listen raises its
    ``OSError``, which for a Unix path that exists says whether a server
    answers there, the file is a stale socket, or it is no socket at all
    (it is never removed).
    """
    output = _Output(out)
    with _tracing(output if trace else None):
        with _saying_what_is_there(address), _naming(address):
            listener = _listen(address)
        with listener, _removing_created(listener):
            where = _describe(listener.getsockname())
            output.write(f"listening on {where}")
            if ready is not None:
                ready(where)
            clients = _Clients(output, idle_timeout, tls)
            # The wait is bounded so that no Ctrl-C is lost.  CPython's C-level
            # handler only sets a flag; the Python handler, which raises
            # KeyboardInterrupt, runs when the main thread next checks the flag
            # between bytecodes, or when a system call it waits in fails with
            # EINTR (PEP 475: retried only if the handler returns).  A SIGINT
            # that lands after the last check but before accept() enters the
            # kernel, or on another thread (POSIX delivers a process's signal to
            # any thread that does not block it), interrupts nothing: a plain
            # accept(2) would sleep on until the next client.  With a timeout,
            # the stdlib waits in poll(2) instead, which ends by WAKE_INTERVAL
            # at the latest; back in Python, the flag is seen and
            # KeyboardInterrupt raised.  (An accepted socket still blocks: the
            # stdlib makes it so when the listener has a timeout, bpo-7995.)
            listener.settimeout(WAKE_INTERVAL)
            try:
                while stop is None or not stop.is_set():
                    if not clients.fewer_than(max_clients):
                        clients.delay(
                            f"{max_clients} clients connected, the most allowed: "
                            "new clients wait until one leaves",
                            WAKE_INTERVAL,
                        )
                        continue
                    try:
                        conn, peer = listener.accept()
                    except TimeoutError:
                        continue  # where a Ctrl-C that came too late for poll(2) is seen
                    # The client gave up while queued: not the server's failure.  (The
                    # BSDs and macOS say so here; Linux hands such a connection over,
                    # and its first recv() says so.)
                    except ConnectionAbortedError:  # pragma: no cover - not on Linux
                        continue
                    except OSError as error:
                        if error.errno not in _OUT_OF_RESOURCES:
                            raise
                        # Linux leaves the connection queued, and the listener
                        # readable: accepting again at once would spin.
                        clients.delay(
                            f"cannot accept a client ({error}): "
                            "new clients wait until a connection closes",
                            ACCEPT_RETRY_DELAY,
                        )
                        continue
                    with _ctrl_c_deferred():
                        served = clients.serve(conn, peer)
                    if not served:
                        clients.pause(ACCEPT_RETRY_DELAY)
            finally:
                clients.stop()


def connect(
    address: ParsedAddress,
    *,
    stdin: BinaryIO,
    stdout: BinaryIO,
    trace_out: TextIO | None,
    tls: ssl.SSLContext | None = None,
) -> None:
    """Connect to ``address`` and copy ``stdin`` to it and it to ``stdout``;
    over TLS with the client context ``tls``, verifying the host named in
    ``address``.

    The two directions run at once (standard input in a thread of its own).
    At the end of ``stdin`` the socket's sending side is shut down
    (``SHUT_WR``), telling the peer; what the peer sends is copied on, each
    chunk flushed, until the peer ends its stream.  Then the socket is
    closed and this returns.  With ``trace_out``, each change of the
    socket's state is a line there.

    Over TLS, the end of ``stdin`` sends nothing, and the copy goes on
    until the server ends TLS (``_serve_tls.copy``).

    A bad address (a Unix socket's, over TLS: it has no host name to
    verify) raises ``ValueError``; a refused or failed connection, a failed
    handshake, or a failure while receiving, its ``OSError``.
    """
    if tls is not None and isinstance(address, Unix):
        raise ValueError(
            f"--tls verifies the server's host name: connect to HOST:PORT or [IPV6]:PORT, "
            f"not {address}"
        )
    with _tracing(None if trace_out is None else _Output(trace_out)):
        with _naming(address):
            conn = _connect(address)
        with conn:
            if tls is None:
                _copy(conn, _reader(stdin), stdout)
            else:
                from . import _serve_tls  # imports ssl: only for --tls

                assert not isinstance(address, Unix)
                _serve_tls.copy(
                    conn,
                    tls,
                    address.host,
                    stdin=stdin,
                    stdout=stdout,
                    wake_interval=WAKE_INTERVAL,
                )


@contextlib.contextmanager
def stopped_by_sigterm() -> Generator[threading.Event, None, None]:
    """An event, for ``serve``'s ``stop``, that ``SIGTERM`` sets during the
    block: ``kill`` then ends the server as Ctrl-C does, closing its
    connections and removing its socket file.  The handler in force before
    is restored afterwards.  Call it in the main thread, where Python runs
    signal handlers."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        # Setting the event takes its lock.  No deadlock: serve() only ever
        # reads the event (is_set() takes no lock), so the code the handler
        # interrupts never holds that lock.
        stop.set()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGTERM, previous)


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


@contextlib.contextmanager
def _saying_what_is_there(address: ParsedAddress) -> Generator[None, None, None]:
    """Say, in an ``EADDRINUSE`` from the block for a Unix path, what holds
    the path: a server that answers, a stale socket file, or a file that is
    no socket.  Nothing is removed."""
    try:
        yield
    except OSError as error:
        if (
            error.errno == errno.EADDRINUSE
            and isinstance(address, Unix)
            and isinstance(address.path, str)  # a path, not an abstract name
        ):
            what = _what_is_at(address.path)
            if what is not None:
                raise OSError(error.errno, f"{error.strerror}: {what}") from error
        raise


def _what_is_at(path: str) -> str | None:
    """What holds the Unix socket path ``path``, as a clause for a message;
    ``None`` when that cannot be told (the file is gone, or cannot be read
    or connected to)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if not stat.S_ISSOCK(mode):
        return f"{path!r} exists and is not a socket; it is left alone"
    with sockstate.unix() as probe:
        probe.settimeout(_PROBE_TIMEOUT)
        try:
            probe.connect(path)
        except ConnectionRefusedError:
            return (
                f"{path!r} is a stale socket file (no server answers there): "
                "remove it to serve there"
            )
        except (BlockingIOError, TimeoutError):  # a server whose queue is full
            return f"a server is listening at {path!r}, too busy to answer"
        except OSError:
            return None
    return f"a server is answering at {path!r}"


def _listen(address: ParsedAddress) -> ListeningSocket[KernelAddress]:
    """A socket of ``address``'s family, bound to it and listening."""
    if isinstance(address, TCP4):
        fresh4 = sockstate.tcp()
        with _closed_on_error(fresh4):
            return fresh4.bind((address.host, address.port)).listen()
    if isinstance(address, TCP6):
        fresh6 = sockstate.tcp6()
        with _closed_on_error(fresh6):
            return fresh6.bind((address.host, address.port)).listen()
    fresh = sockstate.unix()
    with _closed_on_error(fresh):
        return fresh.bind(address.path).listen()


def _connect(address: ParsedAddress) -> ConnectedSocket[KernelAddress]:
    """A socket of ``address``'s family, connected to it."""
    if isinstance(address, TCP4):
        fresh4 = sockstate.tcp()
        with _closed_on_error(fresh4):
            return fresh4.connect((address.host, address.port))
    if isinstance(address, TCP6):
        fresh6 = sockstate.tcp6()
        with _closed_on_error(fresh6):
            return fresh6.connect((address.host, address.port))
    fresh = sockstate.unix()
    with _closed_on_error(fresh):
        return fresh.connect(address.path)


@contextlib.contextmanager
def _removing_created(listener: ListeningSocket[KernelAddress]) -> Generator[None, None, None]:
    """When the block ends, remove the socket file ``listener`` created, if it
    is a Unix socket with a path and that file is still the one it made."""
    path = listener.getsockname()
    made: os.stat_result | None = None
    if isinstance(path, (str, bytes)) and path and not _is_abstract(path):
        with contextlib.suppress(OSError):
            made = os.stat(path)
    try:
        yield
    finally:
        if made is not None and isinstance(path, (str, bytes)):
            with contextlib.suppress(OSError):
                now = os.stat(path)
                if (now.st_dev, now.st_ino) == (made.st_dev, made.st_ino):
                    os.unlink(path)


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


class _Clients:
    """The connections a server is serving, a thread each.

    A connection's socket is listed until its thread takes it off to close
    it, and its thread until the thread has logged the close; ``stop``
    shuts the listed sockets down and waits for every listed thread.  A
    thread that ends says so to whoever waits in ``pause``.
    """

    def __init__(
        self, output: _Output, idle_timeout: float | None, tls: ssl.SSLContext | None
    ) -> None:
        self._output = output
        self._idle_timeout = idle_timeout
        self._tls = tls
        self._lock = threading.Lock()
        self._ended = threading.Condition(self._lock)
        self._open: set[ConnectedSocket[KernelAddress]] = set()
        self._threads: set[threading.Thread] = set()
        self._count = 0
        self._shortage: str | None = None  # the last one logged, until a client is served

    def fewer_than(self, limit: int) -> bool:
        """Whether fewer than ``limit`` connections are being served."""
        with self._lock:
            return len(self._threads) < limit

    def pause(self, timeout: float) -> None:
        """Wait until a connection's thread ends, ``timeout`` seconds at most."""
        with self._ended:
            self._ended.wait(timeout)

    def delay(self, shortage: str, timeout: float) -> None:
        """Log ``shortage``, unless it was the last logged and no client has
        been served since; then ``pause`` for ``timeout`` seconds at most."""
        if shortage != self._shortage:
            self._shortage = shortage
            self._output.write(shortage)
        self.pause(timeout)

    def serve(self, conn: ConnectedSocket[KernelAddress], peer: KernelAddress) -> bool:
        """Log ``conn`` and echo it in a new thread, which closes it at the
        end; return ``True``.  If no thread can be started, close ``conn``
        at once, log why, and return ``False``."""
        with _closed_on_error(conn):
            self._count += 1
            label = f"#{self._count} from {_describe(peer)}"
            thread = threading.Thread(
                target=self._echo, args=(conn, label), name=f"echo {label}", daemon=True
            )
            self._output.write(f"accepted connection {label}")
            with self._lock:
                self._open.add(conn)
                self._threads.add(thread)
            try:
                thread.start()
            except BaseException as error:
                with self._lock:
                    self._open.discard(conn)
                    self._threads.discard(thread)
                # Thread.start() fails with RuntimeError ("can't start new thread"),
                # and no Ctrl-C comes meanwhile (_ctrl_c_deferred).
                if not isinstance(error, RuntimeError):  # pragma: no cover - see above
                    raise
                conn.close()
                self._output.write(f"closed connection {label} (no thread to serve it: {error})")
                return False
        self._shortage = None
        return True

    def _echo(self, conn: ConnectedSocket[KernelAddress], label: str) -> None:
        """Send back what ``conn`` receives until its end of stream, or until
        it has been idle for the idle timeout; close it and log it.  Runs in
        the connection's thread; never raises."""
        try:
            why = ""
            try:
                if self._idle_timeout is not None:
                    conn.settimeout(self._idle_timeout)
                if self._tls is not None:
                    from . import _serve_tls  # imported already, by --tls

                    _serve_tls.echo(conn, self._tls)
                else:
                    while data := conn.recv(CHUNK):
                        conn.sendall(data)
            except TimeoutError:
                why = f" (idle for {self._idle_timeout:g} s)"
            except OSError as error:
                why = f" ({error.strerror or error})"
            except sockstate.OrderingError:  # the server shut it down, waking it
                why = " (shut down by the server)"
            with self._lock:
                self._open.discard(conn)
            conn.close()
            self._output.write_quietly(f"closed connection {label}{why}")
        finally:
            with self._ended:
                self._threads.discard(threading.current_thread())
                self._ended.notify_all()

    def stop(self) -> None:
        """End every connection still open, and wait for its thread to close
        and log it (at most ``STOP_TIMEOUT`` seconds in all)."""
        with self._lock:
            for conn in self._open:
                with contextlib.suppress(OSError, sockstate.OrderingError):
                    if self._tls is None:
                        conn.shutdown_both()  # its recv() returns b"" now
                    else:
                        conn.close()  # a TLS session has no shutdown; close() wakes its call
            threads = list(self._threads)
        deadline = time.monotonic() + STOP_TIMEOUT
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))


def _reader(stdin: BinaryIO) -> Callable[[], bytes]:
    """A function returning the next chunk of ``stdin`` as soon as any is
    there (``b""`` at its end): straight from its descriptor when it has
    one, so a terminal or a pipe is not read a buffer-full at a time."""
    try:
        fd = stdin.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return lambda: stdin.read(CHUNK)
    return lambda: os.read(fd, CHUNK)


def _copy(
    conn: ConnectedSocket[KernelAddress], read: Callable[[], bytes], stdout: BinaryIO
) -> None:
    """Copy ``read()`` to ``conn`` in a thread, and ``conn`` to ``stdout`` here,
    until the peer ends its stream; then shut ``conn`` down both ways."""
    failures: list[Exception] = []
    lost: list[OSError] = []
    sender = threading.Thread(
        target=_send_input, args=(conn, read, failures, lost), name="connect stdin", daemon=True
    )
    with _ctrl_c_deferred():
        sender.start()
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(conn.fileno(), selectors.EVENT_READ)
            while True:
                # A bounded wait, so that no Ctrl-C is lost (see serve()).  Not
                # a timeout on the socket: that would bound the sender's
                # sendall() too.  Once it is readable, recv() does not wait.
                if not selector.select(WAKE_INTERVAL):
                    continue
                data = conn.recv(CHUNK)
                if not data:
                    break
                stdout.write(data)
                stdout.flush()
    except sockstate.OrderingError:
        # Only the sender moves the socket under this loop, and it ends once
        # it has: it shuts the socket down when reading the input fails, and
        # its send or shutdown that meets the connection's failure first
        # moves it to broken.  It records why, which is what to raise.
        sender.join(STOP_TIMEOUT)
        failures += lost
        if not failures:  # pragma: no cover - see above
            raise
    finally:
        # Wakes the sender if it is blocked sending, before the caller closes.
        with contextlib.suppress(OSError, sockstate.OrderingError):
            conn.shutdown_both()
    if failures:
        raise failures[0]


def _send_input(
    conn: ConnectedSocket[KernelAddress],
    read: Callable[[], bytes],
    failures: list[Exception],
    lost: list[OSError],
) -> None:
    """Send each chunk ``read()`` returns on ``conn``; at the end of input
    shut down its sending side.  Runs in a thread; never raises: a failure
    to read the input goes to ``failures`` and ends the connection; a
    failure to send means the connection failed, which the receiving side
    reports, and goes to ``lost`` for when it cannot (this thread met the
    failure first, and moved the socket to broken)."""
    try:
        while True:
            try:
                data = read()
            except (OSError, ValueError) as error:
                failures.append(error)
                conn.shutdown_both()
                return
            if not data:
                conn.shutdown_write()
                return
            conn.sendall(data)
    except OSError as error:
        lost.append(error)
    except sockstate.OrderingError:
        return
