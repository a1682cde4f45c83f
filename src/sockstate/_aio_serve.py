"""``sockstate serve --asyncio``: the echo server on the asyncio face.

Rules of this module:

* It uses only sockstate's public API (``sockstate.aio``), as a user
  would, with one task per client, and prints what the threaded server
  prints: ``listening on ADDRESS``, then a line for each connection accepted
  and closed (and each transition with ``--trace``).
* Every socket opened here is closed here, whatever happens; the
  ``KeyboardInterrupt`` of Ctrl-C propagates once they are (the command
  line makes it exit status 130).  A Unix socket file this server created
  is removed when it stops.
* It reads the address that ``_serve_common.parse_address`` parsed, and
  nothing else of that module.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from typing import TYPE_CHECKING

import sockstate
from sockstate import aio

from ._serve_common import TCP4, TCP6

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable, Generator
    from typing import TextIO, TypeAlias

    from sockstate import IPv4Address, IPv6Address, UnixAddress

    from ._serve_common import ParsedAddress

    KernelAddress: TypeAlias = IPv4Address | IPv6Address | UnixAddress

CHUNK = 65536
"""The most bytes received in one call."""


def _describe(address: KernelAddress) -> str:
    """``address`` as a user writes it."""
    if isinstance(address, tuple):
        host, port = address[0], address[1]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if isinstance(address, bytes):
        address = address.decode("utf-8", "backslashreplace")
    if not address:
        return "(unnamed)"
    return "@" + address[1:] if address.startswith("\0") else address


def _listen(address: ParsedAddress) -> aio.ListeningSocket[KernelAddress]:
    """An asyncio socket of ``address``'s family, bound to it and listening
    (TCP sockets reuse the address, sockstate's default)."""
    if isinstance(address, TCP4):
        fresh4 = aio.tcp()
        with _closed_on_error(fresh4):
            return fresh4.bind((address.host, address.port)).listen()
    if isinstance(address, TCP6):
        fresh6 = aio.tcp6()
        with _closed_on_error(fresh6):
            return fresh6.bind((address.host, address.port)).listen()
    fresh = aio.unix()
    with _closed_on_error(fresh):
        return fresh.bind(address.path).listen()


@contextlib.contextmanager
def _closed_on_error(sock: aio.FreshSocket[KernelAddress]) -> Generator[None, None, None]:
    try:
        yield
    except BaseException:
        sock.close()
        raise


async def _echo(
    conn: aio.ConnectedSocket[KernelAddress],
    label: str,
    say: Callable[[str], None],
    tls: ssl.SSLContext | None,
) -> None:
    """Send back what ``conn`` receives until its end of stream, then close
    it and say so; over TLS with the server context ``tls``, until the
    client's ``close_notify``, answered with this side's (as the threaded
    server does, ``_serve_tls.echo``).  Never raises but a cancellation."""
    why = ""
    try:
        if tls is None:
            while data := await conn.recv(CHUNK):
                await conn.sendall(data)
        else:
            session = await conn.wrap_tls(tls, server_side=True)
            while data := await session.recv(CHUNK):
                await session.sendall(data)
            await session.unwrap()
    except OSError as error:
        why = f" ({error.strerror or error})"
    finally:
        conn.close()
        say(f"closed connection {label}{why}")


def _retrieved(task: asyncio.Task[None]) -> None:
    """Mark the exception of ``task``, an echo task that has ended, as seen.
    ``_echo`` raises nothing but a cancellation, and a ``KeyboardInterrupt``
    on Python 3.10, where Ctrl-C raises it in whichever task runs (from
    3.11, ``asyncio.run`` cancels the main task instead: the asyncio docs,
    "Runners", "Handling Keyboard Interruption"): the task keeps it, and
    ``run_until_complete`` raises it too, so the task's copy would be
    reported as "never retrieved" when it is collected."""
    if not task.cancelled():
        task.exception()


async def serve_forever(
    address: ParsedAddress,
    say: Callable[[str], None],
    ready: Callable[[str], None] | None = None,
    tls: ssl.SSLContext | None = None,
) -> None:
    """Listen on ``address`` and echo every client in a task of its own
    until cancelled, over TLS with the server context ``tls``; ``say`` gets
    each line to print, ``ready`` the address bound.  Cancelling it closes
    the listener and every connection."""
    listener = _listen(address)
    path = listener.getsockname()
    created = isinstance(path, str) and path != "" and not path.startswith("\0")
    clients: set[asyncio.Task[None]] = set()
    try:
        where = _describe(path)
        say(f"listening on {where}")
        if ready is not None:
            ready(where)
        count = 0
        while True:
            try:
                conn, peer = await listener.accept()
            # The client gave up while queued (the BSDs and macOS say so here;
            # Linux hands such a connection over, and its first recv() says so).
            except ConnectionAbortedError:  # pragma: no cover - not on Linux
                continue
            count += 1
            label = f"#{count} from {_describe(peer)}"
            say(f"accepted connection {label}")
            task = asyncio.ensure_future(_echo(conn, label, say, tls))
            clients.add(task)
            task.add_done_callback(clients.discard)
            task.add_done_callback(_retrieved)
    finally:
        listener.close()
        for task in list(clients):
            task.cancel()
        await asyncio.gather(*clients, return_exceptions=True)
        if created and isinstance(path, str):
            with contextlib.suppress(OSError):
                os.unlink(path)


def serve(
    address: ParsedAddress, *, out: TextIO, trace: bool, tls: ssl.SSLContext | None = None
) -> None:
    """Run the asyncio echo server on ``address`` until ``KeyboardInterrupt``
    (which propagates once every socket is closed), over TLS with the
    server context ``tls``, printing to ``out`` what ``sockstate serve``
    prints.  A kernel failure to bind or listen raises its ``OSError``."""

    def say(line: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            out.write(line + "\n")
            out.flush()

    def tracer(transition: sockstate.Transition) -> None:
        say(f"trace: {transition}")

    previous = sockstate.set_tracer(tracer) if trace else None
    try:
        asyncio.run(serve_forever(address, say, tls=tls))
    finally:
        if trace:
            sockstate.set_tracer(previous)
