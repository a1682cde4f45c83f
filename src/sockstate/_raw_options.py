"""The raw ``setsockopt``/``getsockopt``: the one pair of functions behind
the options views' raw hatch and the socket's own two calls.

Rules of this module:

* The raw calls bypass the option table (``_option_table.OPTIONS``): any
  option, in any state that holds a descriptor.  Which states have them is
  the transition table's (``_states.TRANSITIONS``, its live rows) for the
  socket's calls, and the views' ``_raw`` check for the views'.
* They check their arguments' shape only (``None`` with ``optlen``, or a
  value without it) before the system call; the kernel's ``OSError``
  passes through and changes no state.
* ``RawOptions`` serves both faces: the calls never wait.
* A call that several state classes share is a module-level function
  bound into its mixin by name (``_machine``'s rules say why).
"""

# pyright: reportPrivateUsage=false
# The socket's calls read its private descriptor, as the state classes do.

from __future__ import annotations

from ._machine import _Socket
from ._typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    import socket as _stdlib

    from typing_extensions import Buffer


def raw_getsockopt(
    sock: _stdlib.socket, level: int, option: int, buflen: int | None
) -> int | bytes:
    """``sock.getsockopt(level, option[, buflen])``: the raw hatch's reading."""
    if buflen is None:
        return sock.getsockopt(level, option)
    return sock.getsockopt(level, option, buflen)


def raw_setsockopt(
    sock: _stdlib.socket, level: int, option: int, value: int | Buffer | None, optlen: int | None
) -> None:
    """``sock.setsockopt(level, option, value)``, or with ``None`` and
    ``optlen``: the raw hatch's setting.  Raises ``TypeError`` for
    ``optlen`` without ``None`` or the reverse, before any system call."""
    if value is None:
        if optlen is None:
            raise TypeError("setsockopt(level, option, None, optlen) needs optlen")
        sock.setsockopt(level, option, None, optlen)
    elif optlen is None:
        sock.setsockopt(level, option, value)
    else:
        raise TypeError("setsockopt() takes optlen only with a None value")


@overload
def getsockopt(self: RawOptions, level: int, option: int, /) -> int: ...
@overload
def getsockopt(self: RawOptions, level: int, option: int, buflen: int, /) -> bytes: ...
def getsockopt(
    self: RawOptions, level: int, option: int, buflen: int | None = None, /
) -> int | bytes:
    """``socket.getsockopt`` for any option, unchecked by the option
    table: the same call as ``options.getsockopt()``.  Without
    ``buflen`` the value is an ``int``; with it, at most ``buflen`` raw
    ``bytes``.  The kernel's ``OSError`` passes through and leaves the
    state as it was.  Raises ``SocketClosedError`` once the socket is
    closed."""
    self._require("getsockopt")
    return raw_getsockopt(self._sock, level, option, buflen)


@overload
def setsockopt(self: RawOptions, level: int, option: int, value: int | Buffer, /) -> None: ...
@overload
def setsockopt(self: RawOptions, level: int, option: int, value: None, optlen: int, /) -> None: ...
def setsockopt(
    self: RawOptions,
    level: int,
    option: int,
    value: int | Buffer | None,
    optlen: int | None = None,
    /,
) -> None:
    """``socket.setsockopt`` for any option, unchecked by the option
    table: the same call as ``options.setsockopt()``.  Prefer the typed
    option calls of ``options`` (``options.set_reuse_address(True)``),
    which refuse an option set where it does nothing.  ``value`` is an
    ``int`` or a buffer, or ``None`` with ``optlen``.  Raises
    ``TypeError`` for ``optlen`` without ``None`` or the reverse,
    ``SocketClosedError`` once the socket is closed; the kernel's
    ``OSError`` passes through and leaves the state as it was."""
    self._require("setsockopt")
    raw_setsockopt(self._sock, level, option, value, optlen)


class RawOptions(_Socket):
    """``setsockopt()`` and ``getsockopt()`` on the socket itself, as the
    stdlib's socket has them: the raw escape hatch of ``options``, for code
    written for the stdlib (``socketserver``'s ``allow_reuse_address``).
    Legal in every state that holds a descriptor, on both faces (they never
    wait)."""

    __slots__ = ()

    getsockopt = getsockopt
    setsockopt = setsockopt
