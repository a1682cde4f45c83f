"""Address types per family, and the checks every address passes first.

Rules of this module:

* Addresses are the stdlib's own values, typed precisely: what goes in is what
  ``socket.socket`` accepts for that family, what comes out is what it
  returns.  No wrapper objects, so nothing is allocated on the way out.
* A checker runs before any system call.  It refuses what can never work for
  the family with ``AddressTypeError`` (wrong shape or Python type) or
  ``AddressValueError`` (right shape, impossible value), and hands back the
  value to pass to the stdlib.  Whether a well-formed address *works* (a host
  that resolves, a port that is free) is the kernel's to say, with an
  ``OSError``.

The families:

* IPv4 (``AF_INET``): ``(host, port)`` in and out.
* IPv6 (``AF_INET6``): ``(host, port)`` or ``(host, port, flowinfo,
  scope_id)`` in; always the 4-tuple out.
* Unix (``AF_UNIX``): a path as ``str``, ``bytes`` or ``os.PathLike`` in.
  Out: a ``str`` path; ``""`` for an unnamed socket (an unbound peer); on
  Linux, ``bytes`` starting with a NUL byte for the abstract namespace.
"""

from __future__ import annotations

import os
import socket
import sys

from ._errors import AddressTypeError, AddressValueError
from ._typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Final, TypeAlias, TypeGuard

IPv4Address: TypeAlias = tuple[str, int]
"""An IPv4 socket address: ``(host, port)``."""

IPv6Address: TypeAlias = tuple[str, int, int, int]
"""An IPv6 socket address as the kernel reports it: ``(host, port, flowinfo,
scope_id)``."""

IPv6AddressInput: TypeAlias = tuple[str, int] | tuple[str, int, int, int]
"""What an IPv6 socket accepts: ``(host, port)`` or the full 4-tuple."""

UnixAddress: TypeAlias = str | bytes
"""A Unix socket address as the kernel reports it: a ``str`` path, ``""``
for an unnamed socket, or (Linux) ``bytes`` starting with ``b"\\0"`` for a
name in the abstract namespace."""

UnixAddressInput: TypeAlias = str | bytes | os.PathLike[str] | os.PathLike[bytes]
"""What a Unix socket accepts: a filesystem path, or (Linux) a name starting
with a NUL byte for the abstract namespace."""

MAX_UNIX_PATH: Final = 107
"""The longest Unix filesystem path in bytes (``sun_path`` less its NUL)."""

MAX_UNIX_ABSTRACT: Final = 108
"""The longest abstract Unix name in bytes, its leading NUL included."""

_MAX_FLOWINFO: Final = 0xFFFFF
_MAX_SCOPE_ID: Final = 0xFFFFFFFF


def _refuse_type(address: object, family: int, shape: str) -> AddressTypeError:
    name = socket.AddressFamily(family).name
    return AddressTypeError(
        f"an {name} address is {shape}, not {address!r}", address=address, family=family
    )


def _refuse_value(address: object, family: int, why: str) -> AddressValueError:
    name = socket.AddressFamily(family).name
    return AddressValueError(
        f"bad {name} address {address!r}: {why}", address=address, family=family
    )


def _is_ipv4_literal(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET, host)
    except OSError:
        return False
    return True


def _as_tuple(address: object) -> tuple[object, ...]:
    """``address`` as a tuple, or ``()`` when it is none."""
    return cast("tuple[object, ...]", address) if isinstance(address, tuple) else ()


def _as_path(address: object) -> str | bytes | None:
    """``address`` as the stdlib passes a Unix path, or ``None`` when it is none."""
    if isinstance(address, (str, bytes)):
        return address
    if isinstance(address, os.PathLike):
        try:
            return os.fspath(cast("os.PathLike[str] | os.PathLike[bytes]", address))
        except TypeError:
            return None
    return None


def _encodes(host: str) -> bool:
    """Whether the stdlib can encode ``host``: ASCII as it is, else IDNA."""
    if host.isascii():
        return True
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_host_port(
    address: object, fields: tuple[object, ...], family: int, shape: str
) -> tuple[str, int]:
    host, port = fields[0], fields[1]
    if not isinstance(host, str) or not _is_int(port):
        raise _refuse_type(address, family, shape)
    if "\0" in host:
        raise _refuse_value(address, family, "the host holds a NUL character")
    if not _encodes(host):
        raise _refuse_value(address, family, "the host cannot be encoded (ASCII or IDNA)")
    if not 0 <= port <= 65535:
        raise _refuse_value(address, family, f"port {port} is outside 0..65535")
    return host, port


def check_ipv4(address: object) -> IPv4Address:
    """Check an ``AF_INET`` address; return it as the stdlib takes it."""
    # The common case, decided without the calls below: a plain ASCII host
    # and an int port in range pass every check they make.
    pair = address  # tested in place of ``address``, which stays unnarrowed below
    if type(pair) is tuple and len(pair) == 2:  # pyright: ignore[reportUnknownArgumentType]
        name, number = pair  # pyright: ignore[reportUnknownVariableType]
        if (
            type(name) is str  # pyright: ignore[reportUnknownArgumentType]
            and type(number) is int  # pyright: ignore[reportUnknownArgumentType]
            and 0 <= number <= 65535
            and name.isascii()
            and "\0" not in name
            and ":" not in name
        ):
            return name, number
    shape = "a (host, port) tuple"
    fields = _as_tuple(address)
    if len(fields) != 2:
        raise _refuse_type(address, socket.AF_INET, shape)
    host, port = _check_host_port(address, fields, socket.AF_INET, shape)
    if ":" in host:
        raise _refuse_value(address, socket.AF_INET, "that host is an IPv6 address")
    return host, port


def check_ipv6(address: object) -> IPv6AddressInput:
    """Check an ``AF_INET6`` address; return it as the stdlib takes it."""
    shape = "a (host, port) or (host, port, flowinfo, scope_id) tuple"
    fields = _as_tuple(address)
    if len(fields) not in (2, 4):
        raise _refuse_type(address, socket.AF_INET6, shape)
    host, port = _check_host_port(address, fields, socket.AF_INET6, shape)
    if _is_ipv4_literal(host):
        raise _refuse_value(
            address, socket.AF_INET6, "that host is an IPv4 address (write ::ffff:a.b.c.d)"
        )
    if len(fields) == 2:
        return host, port
    flowinfo, scope_id = fields[2], fields[3]
    if not _is_int(flowinfo) or not _is_int(scope_id):
        raise _refuse_type(address, socket.AF_INET6, shape)
    if not 0 <= flowinfo <= _MAX_FLOWINFO:
        raise _refuse_value(address, socket.AF_INET6, f"flowinfo is outside 0..{_MAX_FLOWINFO}")
    if not 0 <= scope_id <= _MAX_SCOPE_ID:
        raise _refuse_value(address, socket.AF_INET6, f"scope_id is outside 0..{_MAX_SCOPE_ID}")
    return host, port, flowinfo, scope_id


def check_unix(address: object) -> str | bytes:
    """Check an ``AF_UNIX`` address; return it as the stdlib takes it."""
    family = socket.AF_UNIX
    path = _as_path(address)
    if path is None:
        raise _refuse_type(address, family, "a path (str, bytes or os.PathLike)")
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:
        raise _refuse_value(address, family, "the path cannot be encoded") from None
    if not raw:
        raise _refuse_value(address, family, "an empty path names no socket")
    if raw.startswith(b"\0"):
        if not sys.platform.startswith("linux"):  # pragma: no cover - the tests run on Linux
            raise _refuse_value(address, family, "the abstract namespace exists only on Linux")
        if len(raw) > MAX_UNIX_ABSTRACT:
            raise _refuse_value(address, family, f"longer than {MAX_UNIX_ABSTRACT} bytes")
        return path
    if b"\0" in raw:
        raise _refuse_value(address, family, "the path holds a NUL byte")
    if len(raw) > MAX_UNIX_PATH:
        raise _refuse_value(address, family, f"the path is longer than {MAX_UNIX_PATH} bytes")
    return path


def check_to_resolve(address: object, family: int) -> tuple[str | None, int]:
    """Check a ``(host, port)`` to resolve with ``getaddrinfo`` for
    ``family`` (``AF_UNSPEC``: either IP family); return it.  The host is a
    name, an address literal of the family, or ``None`` (the loopback
    addresses)."""
    shape = "a (host, port) tuple, the host a str or None"
    fields = _as_tuple(address)
    if len(fields) != 2:
        raise AddressTypeError(
            f"a host and port to connect to is {shape}, not {address!r}",
            address=address,
            family=family,
        )
    if fields[0] is None:
        return None, check_ipv4(("", fields[1]))[1]
    if family == socket.AF_INET:
        return check_ipv4(address)
    if family == socket.AF_INET6:
        return check_ipv6(address)[:2]
    return _check_host_port(address, fields, family, shape)


StdlibAddress: TypeAlias = tuple[str, int] | tuple[str, int, int, int] | str | bytes
"""Any address the checkers hand to the stdlib."""

CHECKERS: Final[dict[int, Callable[[object], StdlibAddress]]] = {
    socket.AF_INET: check_ipv4,
    socket.AF_INET6: check_ipv6,
    socket.AF_UNIX: check_unix,
}
"""The checker for each supported family."""
