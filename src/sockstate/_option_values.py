"""Socket option values: the platform's numbers for each option, the checks a
value passes before the system call, and the defaults sockstate sets.

Rules of this module:

* A value is checked before any system call: ``TypeError`` or
  ``ValueError`` for a value of the wrong type or outside what any platform
  takes, ``AddressTypeError``/``AddressValueError`` for a multicast group
  that cannot work.  What the kernel refuses besides arrives as its
  ``OSError``, unchanged.
* A platform whose ``socket`` module lacks an option's constant lacks the
  option: ``RESOLVED`` says ``None`` there, and the views raise
  ``UnsupportedOptionError``.
* The one default sockstate sets itself (``SO_REUSEADDR`` on new IPv4 and
  IPv6 stream sockets, on POSIX) costs one system call when the socket is
  created.
"""

from __future__ import annotations

import os
import socket as _stdlib
import sys

from ._errors import AddressTypeError, AddressValueError
from ._option_table import OPTIONS
from ._typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from typing import Final

INT_MAX: Final = 0x7FFFFFFF
IFNAMSIZ: Final = 16
_MAX_INTERFACE_INDEX: Final = 0xFFFFFFFF


def _resolve(level: str, name: str) -> tuple[int, int] | None:
    """The numbers of an option's level and name on this platform, or
    ``None`` when its ``socket`` module lacks either."""
    numbers = (
        cast("int | None", getattr(_stdlib, level, None)),
        cast("int | None", getattr(_stdlib, name, None)),
    )
    if numbers[0] is None or numbers[1] is None:  # pragma: no cover - Linux has them all
        return None
    return numbers[0], numbers[1]


RESOLVED: Final = {
    name: {family: _resolve(*names) for family, names in option.constants.items()}
    for name, option in OPTIONS.items()
}
"""For each option, each family that has it: its numbers here, or ``None``
where this platform lacks it."""

_REUSE_BY_DEFAULT: Final = sys.platform not in ("win32", "cygwin")
"""Whether new IPv4 and IPv6 stream sockets reuse addresses (asyncio's test:
Windows' SO_REUSEADDR lets another socket steal a port in use)."""


def with_defaults(sock: _stdlib.socket, family: int) -> _stdlib.socket:
    """``sock``, a stream socket just created, with sockstate's defaults.

    On POSIX an IPv4 or IPv6 one reuses addresses (``SO_REUSEADDR``), as
    asyncio and trio set on their listeners: a restarted server binds its
    port while the last run's connections linger in TIME_WAIT, and Linux
    still refuses a second listener on the port.  ``family`` is the
    socket's, as the caller knows it (``sock.family`` is slow to convert).
    If the kernel refuses, ``sock`` is closed and its ``OSError``
    propagates.
    """
    numbers = RESOLVED["reuse_address"].get(family)
    if _REUSE_BY_DEFAULT and numbers is not None:
        try:
            sock.setsockopt(numbers[0], numbers[1], 1)
        except OSError:  # pragma: no cover - on a socket just made, only for want of memory
            sock.close()
            raise
    return sock


def flag(call: str, value: object) -> int:
    if not isinstance(value, bool):
        raise TypeError(f"{call}() takes a bool, not {value!r}")
    return int(value)


def number(call: str, value: object, low: int, high: int = INT_MAX) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{call}() takes an int, not {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{call}() takes an int in {low}..{high}, not {value}")
    return value


def _packed(address: object, family: int, what: str) -> bytes:
    """``address``, an IPv4 or IPv6 address as a ``str``, packed."""
    name = _stdlib.AddressFamily(family).name
    if not isinstance(address, str):
        raise AddressTypeError(
            f"{what} is an {name} address as a str, not {address!r}",
            address=address,
            family=family,
        )
    try:
        return _stdlib.inet_pton(family, address)
    except (OSError, ValueError):
        raise AddressValueError(
            f"{what} {address!r} is not an {name} address", address=address, family=family
        ) from None


def membership(call: str, family: int, group: object, interface: object) -> bytes:
    """The request that joins or leaves ``group``: ``ip_mreq`` for IPv4 (the
    group, the interface's address), ``ipv6_mreq`` for IPv6 (the group, the
    interface's index)."""
    packed = _packed(group, family, "a multicast group")
    if family == _stdlib.AF_INET:
        if packed[0] >> 4 != 0xE:
            raise AddressValueError(
                f"{group!r} is not an IPv4 multicast group (224.0.0.0/4)",
                address=group,
                family=family,
            )
        local = "0.0.0.0" if interface is None else interface
        return packed + _packed(local, family, "an interface")
    if packed[0] != 0xFF:
        raise AddressValueError(
            f"{group!r} is not an IPv6 multicast group (ff00::/8)", address=group, family=family
        )
    index = number(call, 0 if interface is None else interface, 0, _MAX_INTERFACE_INDEX)
    return packed + index.to_bytes(4, sys.byteorder)


def interface_name(interface: object) -> bytes:
    """``interface``, an interface's name, as the kernel takes it."""
    if not isinstance(interface, str):
        raise TypeError(f"set_bind_to_device() takes an interface name, not {interface!r}")
    raw = os.fsencode(interface)
    if b"\0" in raw or len(raw) >= IFNAMSIZ:
        raise ValueError(
            f"an interface name has at most {IFNAMSIZ - 1} bytes and no NUL, not {interface!r}"
        )
    return raw
