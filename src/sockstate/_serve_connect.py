"""The ``connect`` subcommand: a netcat, copying standard input to a
connection and the connection to standard output.

Rules of this module (``_serve_common``'s apply here too):

* It uses only sockstate's public API, as a user would.
* The socket opened here is closed here, whatever happens: at the peer's
  end of stream, on an error, and on ``KeyboardInterrupt``, which
  propagates (the command line turns it into exit status 130).
* Ctrl-C is never lost: ``connect`` waits for data ``WAKE_INTERVAL``
  seconds at a time, and the thread that reads standard input never takes
  it.
* Errors are the caller's to report: a bad address raises ``ValueError``;
  a refused or failed connection, a failure while receiving or a failure
  to read standard input raises its ``OSError``.  Nothing here prints a
  traceback, and the thread that reads standard input never lets an
  exception escape.
"""

# pyright: reportPrivateUsage=false
# _serve_common's helpers are private to the command line's modules, this one among them.

from __future__ import annotations

import contextlib
import os
import selectors
import threading
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
    _naming,
    _Output,
    _tracing,
)

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable
    from typing import BinaryIO, TextIO

    from sockstate import ConnectedSocket

    from ._serve_common import KernelAddress, ParsedAddress


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
                # A bounded wait, so that no Ctrl-C is lost (see _serve.serve()).  Not
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
