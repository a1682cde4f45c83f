"""``create_connection()`` and ``create_server()``: the stdlib's two
convenience calls, made of sockstate sockets and their legal calls.

Rules of this module:

* Module functions only: they use the sockets' own calls (``bind``,
  ``connect``, ``listen``, the option views), so every state change goes
  through the primitive and the table, as a user's code would.
* Every argument is checked before any socket is made: an address that
  cannot work (``AddressTypeError``/``AddressValueError``), a timeout or
  backlog of the wrong type (``TypeError``) or value (``ValueError``), a
  combination the stdlib refuses (``ValueError``).
* A connect that fails is final (the socket is ``FAILED``, its descriptor
  released), so each address ``getaddrinfo`` gives is tried on a new
  socket.  Whatever fails, every socket made here and not returned is
  closed before the error propagates: no descriptor is left behind.
* Errors are never swallowed: ``create_connection()`` raises the last try's
  error with the earlier ones chained to it as its ``__context__`` (what
  Python itself records for an error raised while handling another; the
  same on every Python, and printed by every traceback), each with a note
  naming the address it was for.  ``create_server()`` raises a bind error
  as the stdlib does (the same ``errno``, the address in the message),
  chained from the kernel's.
* The asyncio face's two calls (``_aio_create``) are these, awaited: they
  import the argument checks (``connection_arguments()``, ``listening()``'s
  own), the record of failed tries (``failed_try()``,
  ``raise_failures()``) and ``listening()`` itself, so the two faces check,
  chain and raise alike.
"""

from __future__ import annotations

import operator
import socket as _stdlib

from ._addresses import CHECKERS, check_to_resolve
from ._common import checked_timeout
from ._errors import AddressTypeError, AddressValueError
from ._factories import tcp, tcp6, unix
from ._typing import TYPE_CHECKING, cast, overload

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any, Final, Literal, NoReturn

    from ._addresses import (
        IPv4Address,
        IPv6Address,
        IPv6AddressInput,
        StdlibAddress,
        UnixAddress,
        UnixAddressInput,
    )
    from ._connection import ConnectedSocket
    from ._stream import FreshSocket, ListeningSocket

_AF_INET = _stdlib.AF_INET
_AF_INET6 = _stdlib.AF_INET6
_AF_UNIX = _stdlib.AF_UNIX
_AF_UNSPEC = _stdlib.AF_UNSPEC
_MAX_BACKLOG = 0x7FFFFFFF

_MAKERS: Final[dict[int, Callable[[], FreshSocket[Any]]]] = {
    _AF_INET: tcp,
    _AF_INET6: tcp6,
    _AF_UNIX: unix,
}
"""The factory of each family's fresh stream socket (with sockstate's
defaults: ``SO_REUSEADDR`` on POSIX for IPv4 and IPv6)."""


class _Default:
    """The stdlib's ``socket._GLOBAL_DEFAULT_TIMEOUT``: leave the mode alone."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<the socket's default timeout>"


_DEFAULT: Final = _Default()


def _checked_timeout(timeout: object) -> float | _Default | None:
    """``timeout`` if ``settimeout()`` takes it, checked as it checks it."""
    if isinstance(timeout, _Default):
        return timeout
    return checked_timeout(timeout)


def _note(error: BaseException, note: str) -> None:
    """Add ``note`` to ``error``'s ``__notes__`` (PEP 678): what
    ``add_note()`` does on 3.11+, done by hand so that 3.10 keeps the
    notes too (its tracebacks do not print them)."""
    notes: list[str] = getattr(error, "__notes__", None) or []
    notes.append(note)
    error.__notes__ = notes  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]


@overload
def create_connection(
    address: tuple[str | None, int],
    timeout: float | None = ...,
    source_address: tuple[str, int] | None = None,
    *,
    family: Literal[_stdlib.AddressFamily.AF_UNSPEC] = _stdlib.AF_UNSPEC,
) -> ConnectedSocket[IPv4Address | IPv6Address]: ...
@overload
def create_connection(
    address: tuple[str | None, int],
    timeout: float | None = ...,
    source_address: IPv4Address | None = None,
    *,
    family: Literal[_stdlib.AddressFamily.AF_INET],
) -> ConnectedSocket[IPv4Address]: ...
@overload
def create_connection(
    address: tuple[str | None, int],
    timeout: float | None = ...,
    source_address: IPv6AddressInput | None = None,
    *,
    family: Literal[_stdlib.AddressFamily.AF_INET6],
) -> ConnectedSocket[IPv6Address]: ...
def create_connection(
    address: object,
    timeout: object = _DEFAULT,
    source_address: object = None,
    *,
    family: int = _AF_UNSPEC,
) -> ConnectedSocket[Any]:
    """Connect to ``address``, a ``(host, port)``, as
    ``socket.create_connection()`` does; return a ``ConnectedSocket``.

    The host is a name, an address literal, or ``None`` for the loopback
    addresses; ``socket.getaddrinfo(host, port, family, SOCK_STREAM)``
    resolves it, and each address it gives is tried in its order on a new
    socket (a failed connect is final), until one connects.  ``family``
    (keyword only; ``AF_UNSPEC`` by default) limits the resolution to
    ``socket.AF_INET`` or ``socket.AF_INET6``, and types the result for
    that family; without it the result is typed for either.  ``timeout``
    is set on each socket before it connects (``None`` blocks); without
    it the socket keeps the mode a new socket has (the stdlib's
    ``socket.getdefaulttimeout()``).  ``source_address``, a ``(host,
    port)``, is bound first (``("", 0)``: any).  The stdlib's
    ``all_errors`` is not offered: every error is reachable on every Python,
    as below.

    Raises, before any socket is made: ``AddressTypeError`` or
    ``AddressValueError`` for an address or source address that cannot
    work (an IPv6 literal with ``family=AF_INET``, say), ``TypeError`` or
    ``ValueError`` for a timeout that ``settimeout()`` refuses or another
    family.  ``getaddrinfo``'s ``socket.gaierror`` propagates unchanged;
    an empty resolution raises ``OSError("getaddrinfo returns an empty
    list")``.  When every try fails, the last try's error is raised (its own
    type: ``ConnectionRefusedError``, ``TimeoutError``, ...); the try before
    it is its ``__context__``, and so on back to the first, and each error
    has a note (``__notes__``) naming the address it was for.  A source
    address that cannot work for one resolved family (an IPv4 source for an
    IPv6 address) fails that try with ``AddressValueError``, as the stdlib's
    bind fails it with an ``OSError``.  No descriptor of a failed try is
    left open.
    """
    host, port, checked_timeout, source = connection_arguments(
        address, timeout, source_address, family
    )
    failures: list[BaseException] = []
    for found_family, _, _, _, resolved in _stdlib.getaddrinfo(
        host, port, family, _stdlib.SOCK_STREAM
    ):
        make = _MAKERS.get(found_family)
        if make is None:  # pragma: no cover - getaddrinfo(..., SOCK_STREAM) answers IP only
            continue
        try:
            return _try(make, cast("StdlibAddress", resolved), checked_timeout, source)
        except (OSError, AddressValueError) as error:
            failed_try(failures, error, resolved)
    raise_failures(failures)


def connection_arguments(
    address: object, timeout: object, source_address: object, family: int
) -> tuple[str | None, int, float | _Default | None, StdlibAddress | None]:
    """``create_connection()``'s arguments checked (both faces'): the host
    and port to resolve, the timeout, and the source address to bind, if
    any.  Raises as ``create_connection()`` says, before any socket."""
    if isinstance(family, bool) or family not in (_AF_UNSPEC, _AF_INET, _AF_INET6):
        raise ValueError(
            f"create_connection() resolves for AF_UNSPEC, AF_INET or AF_INET6, not {family!r}"
        )
    host, port = check_to_resolve(address, family)
    checked_timeout = _checked_timeout(timeout)
    source: StdlibAddress | None = None
    if source_address is not None:
        if family == _AF_UNSPEC:
            host_port = check_to_resolve(source_address, family)
            if host_port[0] is None:
                raise AddressTypeError(
                    f"a source address is a (host, port) tuple, the host a str, "
                    f"not {source_address!r}",
                    address=source_address,
                    family=family,
                )
            source = cast("tuple[str, int]", host_port)
        else:
            source = CHECKERS[family](source_address)
    return host, port, checked_timeout, source


def failed_try(failures: list[BaseException], error: BaseException, address: object) -> None:
    """Record ``error``, a try's failure to connect to ``address``: a note
    naming the address, and the try before it as its ``__context__``."""
    _note(error, f"create_connection(): connecting to {address!r} failed")
    if failures:
        error.__context__ = failures[-1]
    failures.append(error)


def raise_failures(failures: list[BaseException]) -> NoReturn:
    """Raise the last try's error (the others chained to it), emptying
    ``failures`` so that no cycle runs through the caller's frame (as the
    stdlib's ``clear()``)."""
    if failures:
        last = failures.pop()
        failures.clear()
        try:
            raise last
        finally:
            del last
    # glibc's getaddrinfo(3) answers EAI_NONAME rather than no address;
    # the stdlib keeps this error for resolvers that do not.
    raise OSError("getaddrinfo returns an empty list")  # pragma: no cover - see above


def _try(
    make: Callable[[], FreshSocket[Any]],
    address: Any,
    timeout: float | _Default | None,
    source: Any,
) -> ConnectedSocket[Any]:
    """One try of ``create_connection()``: a new socket connected to
    ``address``, or the error, with the socket closed."""
    sock = make()
    try:
        if not isinstance(timeout, _Default):
            sock.settimeout(timeout)
        # Typed as one family's socket: the address fits it (the resolver
        # gave it for the socket's family); the caller types the result.
        fresh = cast("FreshSocket[IPv4Address]", sock)
        if source is None:
            return fresh.connect(address)
        return fresh.bind(source).connect(address)
    except BaseException:
        sock.close()  # a FAILED socket's descriptor is released already; this one's is not
        raise


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
    family: int = _AF_INET,
    backlog: int | None = None,
    reuse_port: object = False,
    dualstack_ipv6: object = False,
) -> ListeningSocket[Any]:
    """A stream socket bound to ``address`` and listening, as
    ``socket.create_server()`` makes: a ``ListeningSocket`` typed for
    ``family`` (keyword only: ``socket.AF_INET``, the default,
    ``socket.AF_INET6`` or ``socket.AF_UNIX`` with a path).

    ``backlog`` is ``listen()``'s (the stdlib's default when ``None``).
    An IPv4 or IPv6 socket reuses addresses on POSIX (``SO_REUSEADDR``, as
    every sockstate stream socket does); ``reuse_port=True`` sets
    ``SO_REUSEPORT`` (IPv4 and IPv6 only).  An IPv6 socket is IPv6-only
    (``IPV6_V6ONLY``), unless ``dualstack_ipv6=True``, which lets it accept
    IPv4 peers too (as ``::ffff:a.b.c.d``).

    Raises, before any socket is made: ``AddressTypeError`` or
    ``AddressValueError`` for an address that cannot work for the family,
    ``TypeError`` for a backlog that is not an int or ``None`` (a bool
    included) or a flag that is not a bool, ``ValueError`` for a negative
    backlog, another family, ``reuse_port`` on a Unix socket, or
    ``dualstack_ipv6`` on a family other than ``AF_INET6`` or on a
    platform without dual-stack sockets (``socket.has_dualstack_ipv6()``).
    The kernel's errors close the socket and propagate: a failed bind as
    the stdlib raises it, an ``OSError`` of the same ``errno`` (and class)
    whose message names the address, chained from the kernel's; an option
    the platform lacks as ``UnsupportedOptionError``.
    """
    made: ListeningSocket[Any] = listening(
        _MAKERS, address, family, backlog, reuse_port, dualstack_ipv6
    )
    return made


def listening(
    makers: Mapping[int, Callable[[], Any]],
    address: object,
    family: int,
    backlog: int | None,
    reuse_port: object,
    dualstack_ipv6: object,
) -> Any:
    """``create_server()`` on either face: the arguments checked, then a
    socket of the family from ``makers`` (the face's fresh stream socket),
    bound and listening, or closed and the error raised."""
    make = None if isinstance(family, bool) else makers.get(family)
    if make is None:
        raise ValueError(
            f"create_server() makes AF_INET, AF_INET6 or AF_UNIX sockets, not {family!r}"
        )
    checked = CHECKERS[family](address)
    if backlog is not None:
        if isinstance(backlog, bool):
            raise TypeError(f"backlog must be an int or None, not {backlog!r}")
        backlog = operator.index(backlog)
        if not 0 <= backlog <= _MAX_BACKLOG:
            raise ValueError(f"backlog must be in 0..{_MAX_BACKLOG}, not {backlog}")
    for name, flag in (("reuse_port", reuse_port), ("dualstack_ipv6", dualstack_ipv6)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be a bool, not {flag!r}")
    if reuse_port and family == _AF_UNIX:
        raise ValueError("reuse_port (SO_REUSEPORT) is for AF_INET and AF_INET6 sockets")
    if dualstack_ipv6:
        if family != _AF_INET6:
            raise ValueError("dualstack_ipv6 requires AF_INET6 family")
        if not _stdlib.has_dualstack_ipv6():  # pragma: no cover - Linux has it
            raise ValueError("dualstack_ipv6 not supported on this platform")
    sock = make()
    try:
        if reuse_port:
            sock.options.set_reuse_port(True)
        if family == _AF_INET6:
            sock.options.set_ipv6_only(not dualstack_ipv6)
        try:
            bound = sock.bind(checked)
        except OSError as error:
            raise OSError(
                error.errno, f"{error.strerror} (while attempting to bind on address {address!r})"
            ) from error
        return bound.listen(backlog)
    except BaseException:
        sock.close()
        raise
