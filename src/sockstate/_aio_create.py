"""``create_connection()`` and ``create_server()`` on the asyncio face:
the blocking face's two calls (``_create``), made of ``sockstate.aio``
sockets.

Rules of this module:

* The blocking face's pieces, imported, not copied: the argument checks,
  the record of failed tries (notes, the ``__context__`` chain, the last
  error raised) and ``create_server()``'s making of the socket are
  ``_create``'s, so both faces take the same arguments, refuse the same
  ones before any socket is made, and raise the same errors.
* ``create_connection()`` is a coroutine: the loop resolves the host
  (``await loop.getaddrinfo(...)``, in its executor) and each address is
  tried on a new socket with ``await sock.connect(address)``.
  ``create_server()`` is a plain call, as ``bind()`` and ``listen()`` are on
  this face: nothing in it waits.
* ``timeout`` is a bound on each try's connect (the asyncio sockets have no
  modes): ``asyncio.timeout()`` on 3.11+, ``asyncio.wait_for()`` on 3.10.  A
  try that runs out of it fails with ``TimeoutError("timed out")``, as a
  blocking socket's connect does, chained from asyncio's, and the next
  address is tried.  Without it (``None``) a try waits as long as the
  kernel's connect does.
* Whatever ends the call other than a socket returned (a failed try, an
  error, the task cancelled while the host resolves or a connect waits),
  every socket made here is closed before it propagates: no descriptor is
  left behind.
"""

from __future__ import annotations

import asyncio
import socket as _stdlib
import sys

from ._aio_factories import tcp, tcp6, unix
from ._create import connection_arguments, failed_try, listening, raise_failures
from ._errors import AddressValueError
from ._typing import TYPE_CHECKING, cast, overload

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine
    from typing import Any, Final, Literal

    from ._addresses import (
        IPv4Address,
        IPv6Address,
        IPv6AddressInput,
        StdlibAddress,
        UnixAddress,
        UnixAddressInput,
    )
    from ._aio_connection import ConnectedSocket
    from ._aio_stream import FreshSocket, ListeningSocket

_MAKERS: Final[dict[int, Callable[[], FreshSocket[Any]]]] = {
    _stdlib.AF_INET: tcp,
    _stdlib.AF_INET6: tcp6,
    _stdlib.AF_UNIX: unix,
}
"""The factory of each family's fresh asyncio stream socket (with
sockstate's defaults: ``SO_REUSEADDR`` on POSIX for IPv4 and IPv6)."""


@overload
async def create_connection(
    address: tuple[str | None, int],
    timeout: float | None = None,
    source_address: tuple[str, int] | None = None,
    *,
    family: Literal[_stdlib.AddressFamily.AF_UNSPEC] = _stdlib.AF_UNSPEC,
) -> ConnectedSocket[IPv4Address | IPv6Address]: ...
@overload
async def create_connection(
    address: tuple[str | None, int],
    timeout: float | None = None,
    source_address: IPv4Address | None = None,
    *,
    family: Literal[_stdlib.AddressFamily.AF_INET],
) -> ConnectedSocket[IPv4Address]: ...
@overload
async def create_connection(
    address: tuple[str | None, int],
    timeout: float | None = None,
    source_address: IPv6AddressInput | None = None,
    *,
    family: Literal[_stdlib.AddressFamily.AF_INET6],
) -> ConnectedSocket[IPv6Address]: ...
async def create_connection(
    address: object,
    timeout: object = None,
    source_address: object = None,
    *,
    family: int = _stdlib.AF_UNSPEC,
) -> ConnectedSocket[Any]:
    """Connect to ``address``, a ``(host, port)``, as
    ``sockstate.create_connection()`` does, without blocking the loop;
    return an asyncio ``ConnectedSocket``.

    The host (a name, an address literal, or ``None`` for the loopback
    addresses) is resolved by the loop (``await loop.getaddrinfo(host,
    port, family=family, type=SOCK_STREAM)``), and each address it gives is
    tried in its order on a new socket (a failed connect is final), until
    one connects.  ``family`` (keyword only; ``AF_UNSPEC`` by default)
    limits the resolution to ``socket.AF_INET`` or ``socket.AF_INET6`` and
    types the result for that family.  ``timeout`` bounds each try's
    connect, in seconds (``None``, the default: no bound; these sockets
    have no modes): a try that runs out of it fails with
    ``TimeoutError("timed out")`` and the next address is tried.  To bound
    the whole call, resolution included, wrap it in ``asyncio.timeout()``.
    ``source_address``, a ``(host, port)``, is bound first (``("", 0)``:
    any).

    Raises, before any socket is made, what the blocking call raises:
    ``AddressTypeError`` or ``AddressValueError`` for an address or source
    address that cannot work, ``TypeError`` or ``ValueError`` for a
    timeout that is not a finite number of seconds >= 0 or ``None``, or
    another family.  The loop's ``socket.gaierror`` propagates unchanged.
    When every try fails, the last try's error is raised (its own type:
    ``ConnectionRefusedError``, ``TimeoutError``, ...), the try before it
    its ``__context__`` and so on back to the first, each with a note
    (``__notes__``) naming the address it was for.  If the task is
    cancelled (while the host resolves or a connect waits), the
    ``CancelledError`` propagates.  Every way, no descriptor of a socket
    made here and not returned is left open.
    """
    host, port, checked_timeout, source = connection_arguments(
        address, timeout, source_address, family
    )
    bound = cast("float | None", checked_timeout)  # never _create's default: ours is None
    found = await asyncio.get_running_loop().getaddrinfo(
        host, port, family=family, type=_stdlib.SOCK_STREAM
    )
    failures: list[BaseException] = []
    for found_family, _, _, _, resolved in found:
        make = _MAKERS.get(found_family)
        if make is None:  # pragma: no cover - getaddrinfo(..., SOCK_STREAM) answers IP only
            continue
        try:
            return await _try(make, cast("StdlibAddress", resolved), bound, source)
        except (OSError, AddressValueError) as error:
            failed_try(failures, error, resolved)
    raise_failures(failures)


async def _try(
    make: Callable[[], FreshSocket[Any]],
    address: Any,
    timeout: float | None,
    source: Any,
) -> ConnectedSocket[Any]:
    """One try of ``create_connection()``: a new socket connected to
    ``address``, or the error (cancellation included), with the socket
    closed."""
    sock = make()
    try:
        # Typed as one family's socket: the address fits it (the resolver
        # gave it for the socket's family); the caller types the result.
        fresh = cast("FreshSocket[IPv4Address]", sock)
        if source is None:
            connecting = fresh.connect(address)
        else:
            connecting = fresh.bind(source).connect(address)
        if timeout is None:
            return await connecting
        return await _bounded(connecting, timeout)
    except BaseException:
        sock.close()  # a FAILED socket's descriptor is released already; this one's is not
        raise


async def _bounded(
    connecting: Coroutine[Any, Any, ConnectedSocket[Any]], timeout: float
) -> ConnectedSocket[Any]:
    """``await connecting``, within ``timeout`` seconds; past them the
    connect is cancelled (its socket ``FAILED``) and ``TimeoutError("timed
    out")`` raised, chained from asyncio's error.  A ``TimeoutError`` of the
    connect's own (the kernel's ``ETIMEDOUT``) propagates unchanged."""
    if sys.version_info < (3, 11):  # pragma: no cover - Python 3.10
        # 3.10's asyncio.TimeoutError is not the builtin (an OSError), so it
        # is never the kernel's.
        try:
            return await asyncio.wait_for(connecting, timeout)
        except asyncio.TimeoutError as error:
            raise TimeoutError("timed out") from error
    else:
        deadline = asyncio.timeout(timeout)
        try:
            async with deadline:
                return await connecting
        except TimeoutError as error:
            if not deadline.expired():
                raise
            raise TimeoutError("timed out") from error


@overload
def create_server(
    address: IPv4Address,
    *,
    family: Literal[_stdlib.AddressFamily.AF_INET] = _stdlib.AF_INET,
    backlog: int | None = None,
    reuse_port: bool = False,
    dualstack_ipv6: Literal[False] = False,
) -> ListeningSocket[IPv4Address]: ...
@overload
def create_server(
    address: IPv6AddressInput,
    *,
    family: Literal[_stdlib.AddressFamily.AF_INET6],
    backlog: int | None = None,
    reuse_port: bool = False,
    dualstack_ipv6: bool = False,
) -> ListeningSocket[IPv6Address]: ...
@overload
def create_server(
    address: UnixAddressInput,
    *,
    family: Literal[_stdlib.AddressFamily.AF_UNIX],
    backlog: int | None = None,
    reuse_port: Literal[False] = False,
    dualstack_ipv6: Literal[False] = False,
) -> ListeningSocket[UnixAddress]: ...
def create_server(
    address: object,
    *,
    family: int = _stdlib.AF_INET,
    backlog: int | None = None,
    reuse_port: object = False,
    dualstack_ipv6: object = False,
) -> ListeningSocket[Any]:
    """An asyncio stream socket bound to ``address`` and listening, as
    ``sockstate.create_server()`` makes (the same parameters, checks and
    errors), typed for ``family``.  A plain call, not a coroutine: binding
    and listening do not wait (``await listener.accept()`` does).

    ``backlog`` is ``listen()``'s (the stdlib's default when ``None``).
    An IPv4 or IPv6 socket reuses addresses on POSIX (``SO_REUSEADDR``);
    ``reuse_port=True`` sets ``SO_REUSEPORT`` (IPv4 and IPv6 only).  An
    IPv6 socket is IPv6-only unless ``dualstack_ipv6=True``.

    Raises, before any socket is made: ``AddressTypeError`` or
    ``AddressValueError`` for an address that cannot work for the family,
    ``TypeError`` for a backlog that is not an int or ``None`` or a flag
    that is not a bool, ``ValueError`` for a negative backlog, another
    family, ``reuse_port`` on a Unix socket, or ``dualstack_ipv6`` on a
    family other than ``AF_INET6`` or where the platform lacks it.  A
    failed bind closes the socket and raises an ``OSError`` of the kernel's
    ``errno`` whose message names the address, chained from the kernel's;
    an option the platform lacks raises ``UnsupportedOptionError``.
    """
    made: ListeningSocket[Any] = listening(
        _MAKERS, address, family, backlog, reuse_port, dualstack_ipv6
    )
    return made
