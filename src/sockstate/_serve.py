"""The ``serve`` subcommand: the threaded echo server.

Rules of this module (``_serve_common``'s apply here too):

* It uses only sockstate's public API, as a user would.  A TCP server
  binds a port that an earlier server's connections are still leaving
  (``TIME_WAIT``) because sockstate's TCP sockets reuse addresses by
  default (``SO_REUSEADDR``); a port another socket listens on stays
  refused.
* Every socket opened here is closed here, whatever happens: on the client's
  end of stream, on an error, on ``KeyboardInterrupt``, which propagates
  (the command line turns it into exit status 130), and when the server is
  told to stop.  A Unix socket file is removed when the server stops, and
  only if this server created it.
* Ctrl-C is never lost: the server waits for a connection
  ``WAKE_INTERVAL`` seconds at a time (see ``serve``), and the threads of
  its connections never take it.
* The server stays up when the system runs short: out of descriptors, it
  waits and accepts again (as trio's and asyncio's servers do), and a
  client it has no thread for is closed; each shortage is one line of its
  log, not the end of the server.  It serves at most ``max_clients`` at
  once; the others wait in the listener's queue.
* Errors are the caller's to report: a bad address raises ``ValueError``;
  a kernel failure raises its ``OSError``, which names the address, and
  for a Unix path already taken says what holds it.  Nothing here prints a
  traceback, and a thread never lets an exception escape.
"""

# pyright: reportPrivateUsage=false
# _serve_common's helpers are private to the command line's modules, this one among them.

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import threading
import time
from typing import TYPE_CHECKING

import sockstate

from ._serve_common import (
    CHUNK,
    STOP_TIMEOUT,
    TCP4,
    TCP6,
    WAKE_INTERVAL,
    Unix,
    _closed_on_error,
    _ctrl_c_deferred,
    _describe,
    _is_abstract,
    _naming,
    _Output,
    _tracing,
)

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable, Generator
    from types import FrameType
    from typing import TextIO

    from sockstate import ConnectedSocket, ListeningSocket

    from ._serve_common import KernelAddress, ParsedAddress

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
