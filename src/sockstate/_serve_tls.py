"""``--tls`` for the ``serve`` and ``connect`` subcommands: the contexts
made from the command line's files, the threaded server's echo of a TLS
client, and ``connect``'s copy over TLS.

Rules of this module:

* It uses only sockstate's public API, as a user would, and follows
  ``_serve``'s and ``_serve_connect``'s rules: its callers open and close
  every socket, and errors are theirs to report.
* ``ssl`` is imported here only, and this module only for ``--tls``: the
  other commands do not pay for loading OpenSSL.
* One call at a time on a session: OpenSSL's ``SSL`` object is not safe
  for a read in one thread while another thread writes (the README's TLS
  section), so ``connect --tls`` copies both ways in one thread, waiting on
  standard input and the socket together, where plain ``connect`` sends
  from a thread of its own.
* No half-close: ``ssl`` sends ``close_notify`` only with an attempt to
  read the peer's, which fails on data the peer sent first (OpenSSL's
  ``APPLICATION_DATA_AFTER_CLOSE_NOTIFY``; the README's TLS section).  So
  the end of ``connect --tls``'s input sends nothing, and the client copies
  on until the server ends TLS; the server ends TLS once the client has
  (``TLS-ended``), or, with an idle timeout, once the client is idle.
"""

from __future__ import annotations

import os
import selectors
import ssl
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import BinaryIO

    from sockstate import ConnectedSocket, TLSSocket

CHUNK = 65536
"""The most bytes read or received in one call: more than a TLS record
holds (2**14 bytes of data, RFC 8446 section 5.1), so that one ``recv()``
takes all that OpenSSL has decrypted."""


def server_context(certfile: str, keyfile: str | None) -> ssl.SSLContext:
    """A server's context with the certificate chain in ``certfile`` and
    its key (in ``keyfile``, or in ``certfile`` too).  Raises ``ValueError``
    with a one-line message if they cannot be loaded."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile, keyfile)
    except (OSError, ValueError) as error:  # ssl.SSLError is an OSError
        files = repr(certfile) if keyfile is None else f"{certfile!r} and {keyfile!r}"
        raise ValueError(f"cannot load the certificate and key from {files}: {error}") from error
    return context


def client_context(cafile: str | None) -> ssl.SSLContext:
    """A client's context that verifies the server's certificate and host
    name with the system's authorities, and those in ``cafile`` too.
    Raises ``ValueError`` with a one-line message if ``cafile`` cannot be
    loaded."""
    context = ssl.create_default_context()
    if cafile is not None:
        try:
            context.load_verify_locations(cafile)
        except (OSError, ValueError) as error:
            raise ValueError(f"cannot load the authorities in {cafile!r}: {error}") from error
    return context


def echo(conn: ConnectedSocket[Any], context: ssl.SSLContext) -> None:
    """The TLS server's side of ``conn``: the handshake, then everything
    the client sends back to it, until the client's ``close_notify``,
    answered with this side's (``unwrap()``).  At a timeout (the server's
    idle timeout) TLS is ended the same way, the client answering, and the
    ``TimeoutError`` raised.  Errors propagate: a failed handshake, a
    truncation (``ssl.SSLEOFError``), a reset."""
    tls = conn.wrap_tls(context, server_side=True)
    try:
        while data := tls.recv(CHUNK):
            tls.sendall(data)
    except TimeoutError:
        # A timeout leaves the session as it was, so it can still end cleanly.
        tls.unwrap()
        raise
    tls.unwrap()


def copy(
    conn: ConnectedSocket[Any],
    context: ssl.SSLContext,
    server_hostname: str,
    *,
    stdin: BinaryIO,
    stdout: BinaryIO,
    wake_interval: float,
) -> None:
    """The TLS client's side of ``conn``: the handshake, verifying
    ``server_hostname``; then ``stdin`` to the server and the server to
    ``stdout`` (each chunk flushed), in this thread, until the server ends
    TLS, whose ``close_notify`` is answered with this side's.  The end of
    ``stdin`` sends nothing (TLS through ``ssl`` has no half-close).  Each
    wait lasts ``wake_interval`` seconds at most, so that no Ctrl-C is
    lost.  Errors propagate: a failed handshake, a truncation
    (``ssl.SSLEOFError``), a reset."""
    tls = conn.wrap_tls(context, server_hostname=server_hostname)
    try:
        fd: int | None = stdin.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both: no descriptor to wait on
        fd = None
        _send(tls, stdin.read())
    # A read waits at most this long: a record that carries no data (a
    # TLS 1.3 session ticket, RFC 8446 section 4.6.1) makes the socket
    # readable, and the read then waits for a record that does.  A timeout
    # leaves the session as it was.
    tls.settimeout(wake_interval)
    session = tls.raw_socket()
    assert isinstance(session, ssl.SSLSocket)
    with selectors.DefaultSelector() as selector:
        selector.register(tls.fileno(), selectors.EVENT_READ, "socket")
        if fd is not None:
            selector.register(fd, selectors.EVENT_READ, "input")
        while True:
            # Data that OpenSSL has decrypted already is not the kernel's to report.
            ready = {
                key.data for key, _ in selector.select(0 if session.pending() else wake_interval)
            }
            if fd is not None and "input" in ready:
                data = os.read(fd, CHUNK)
                if not data:
                    selector.unregister(fd)
                    fd = None
                _send(tls, data)
            if "socket" not in ready and not session.pending():
                continue
            try:
                data = tls.recv(CHUNK)
            except TimeoutError:
                continue
            if not data:  # the server's close_notify
                tls.unwrap()
                return
            stdout.write(data)
            stdout.flush()


def _send(tls: TLSSocket[Any], data: bytes) -> None:
    """``tls.sendall(data)``, waiting as long as it takes: a send that
    timed out would leave part of ``data`` unsent, unknown how much."""
    if data:
        timeout = tls.gettimeout()
        tls.settimeout(None)
        tls.sendall(data)
        tls.settimeout(timeout)
