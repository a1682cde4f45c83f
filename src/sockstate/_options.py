"""Socket options as typed views: the base every view shares, the view of
a Unix socket, and the check that holds every view to the table.

Rules of this module:

* Which option may be set in which state, on which family, through which
  platform constant, is ``_option_table.OPTIONS``; nothing here decides it
  again.
  Each view class is checked against that table when it is defined: it
  offers exactly the calls ``option_calls`` lists for its states and
  families (for several, those they all have), and every other option call
  is a stand-in on it (``_Refused``), as on the state classes.
* A view is one class per state and family (``_family_options``):
  ``OptionsProperty`` (``sock.options``, on both faces) hands out the one
  of the socket's state and family, and the checkers pick it by the
  socket's address type (its overloads).  ``SocketOptions``, the
  base of every view, has what every family has in every live state;
  ``UnixOptions`` is the view of a Unix socket in every live state (its
  options never change with the state).
* A view holds its socket, not a copy of its state, nor of the stdlib
  socket it wraps (``wrap_tls()`` and ``unwrap()`` replace that).  Every typed call checks
  the socket's state *now* (a view taken before ``bind()`` refuses
  ``set_reuse_address`` after it), then its family, then the platform, and
  only then makes the system call.  A refusal is an ``OptionError`` (a
  ``SocketClosedError`` once the socket is closed) or an
  ``UnsupportedOptionError``, and changes nothing.
* Values are checked before the system call (``_option_values``).
* The raw ``getsockopt`` and ``setsockopt`` of every view bypass the table:
  any option, in any live state.  Only a closed socket refuses them.  The
  socket has the same two calls (``RawOptions``, in the live states of
  ``_states.TRANSITIONS``), for code written for the stdlib; both reach
  one pair of functions (``_raw_options``).
* Sending and receiving never pass through here.
* The typed calls of the IP views are written in ``_option_calls`` and
  handed to the views as its rules say.
"""

# pyright: reportPrivateUsage=false
# A view reads its socket's private descriptor and state, as the state
# classes do.

from __future__ import annotations

import socket as _stdlib
import sys

from ._errors import OrderingError, UnsupportedOptionError
from ._machine import _family_of
from ._messages import option_error
from ._option_table import OPTION_CALLS, OPTIONS, RAW_OPTION_CALLS, option_calls
from ._option_values import INT_MAX, RESOLVED, flag, number
from ._raw_options import raw_getsockopt, raw_setsockopt
from ._states import LIVE, TERMINAL, TRANSITIONS, State
from ._typing import TYPE_CHECKING, Generic, TypeVar, cast, overload

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import ClassVar, Final, NoReturn

    from typing_extensions import Buffer, Self

    from ._addresses import IPv4Address, IPv6Address, UnixAddress
    from ._machine import _Socket


__all__ = (
    "FAMILIES",
    "IP",
    "VIEWS",
    "OptionsProperty",
    "SocketOptions",
    "UnixOptions",
    "_Addressed",
)

A = TypeVar("A", covariant=True)
"""The family's address type, as on the state classes."""

IP: Final[tuple[int, ...]] = (_stdlib.AF_INET, _stdlib.AF_INET6)
"""The families of the views of an IP socket of either family."""
FAMILIES: Final[tuple[int, ...]] = (*IP, _stdlib.AF_UNIX)
"""Every family sockstate types."""

VIEWS: dict[tuple[State, int], type[SocketOptions]] = {}
"""Each state's options view, per family.  One family of views serves
every face: a view neither waits nor moves the socket, it reads the
socket's state."""
_LEGAL: Final = {state: option_calls(state) for state in TRANSITIONS}
"""The calls legal in each state, for some family."""


class _Addressed(Generic[A]):
    """The generic root of every state class that knows its family's
    address type ``A``: what the checkers read to pick ``options``'s view
    (``OptionsProperty``).  Nothing at runtime."""

    __slots__ = ()


class _Refused:
    """Stands in for an option call that a view's state or family forbids.
    Looking it up on a view raises the error, before anything else happens,
    when the socket's state forbids it for every family; a call of another
    family is found, and raises when called (as the stdlib's call would
    fail: the family is the socket's, not the state's).  On a view kept
    from an earlier state, a call that the socket's state allows now is the
    current view's."""

    __slots__ = ("call",)

    def __init__(self, call: str) -> None:
        self.call = call

    def __get__(self, instance: object, owner: type | None = None) -> object:
        if instance is None:
            return self
        view = cast("SocketOptions", instance)
        state = view._owner._STATE
        if self.call not in _LEGAL[state]:
            raise view._refuse(self.call)
        now = VIEWS[state, _family_of(view._sock)]
        if self.call in now._offered:  # a view kept from an earlier state
            return getattr(now._of(view._owner), self.call)
        return _refusing(view, self.call)


def _refusing(view: SocketOptions, call: str) -> Callable[..., NoReturn]:
    """A call of another family than ``view``'s socket: it raises, whatever
    its arguments, before any system call."""

    def refused(*arguments: object) -> NoReturn:
        raise view._refuse(call)

    refused.__name__ = refused.__qualname__ = call
    return refused


def _offered(cls: type) -> frozenset[str]:
    """The public calls of a view class, stand-ins left out."""
    return frozenset(
        name
        for name in dir(cls)
        if not name.startswith("_") and not isinstance(_static(cls, name), _Refused)
    )


def _static(cls: type, name: str) -> object:
    """``name`` on ``cls`` as its MRO holds it, no descriptor called."""
    return next(klass.__dict__[name] for klass in cls.__mro__ if name in klass.__dict__)


class SocketOptions:
    """The options of a socket of any family, in any live state: the buffer
    sizes and the raw escape hatch.  The base of every options view, and
    the checkers' view of a socket whose family they do not know (a
    ``FreshSocket[object]``, a ``BrokenSocket``); at runtime ``sock.options``
    is always the view of the socket's own state and family
    (``FreshIPv4Options``, ``UnixOptions``, ...)."""

    __slots__ = ("_owner",)

    _owner: _Socket
    _STATE: ClassVar[State]
    _STATES: ClassVar[frozenset[State]] = LIVE
    _FAMILIES: ClassVar[tuple[int, ...]] = FAMILIES
    _offered: ClassVar[frozenset[str]] = frozenset()
    _forbidden: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls) -> None:
        """Check a view that names its states (``_STATE`` or ``_STATES``) or
        its families (``_FAMILIES``): it offers exactly the option calls the
        table allows in all of them; install stand-ins for the others, and
        register a view of one family as the view of its states there."""
        super().__init_subclass__()
        if not {"_STATE", "_STATES", "_FAMILIES"} & cls.__dict__.keys():
            return
        _check(cls)

    def __init__(self) -> None:
        raise TypeError("a socket's options view is its .options")

    @classmethod
    def _of(cls, owner: _Socket) -> Self:
        view = object.__new__(cls)
        view._owner = owner
        return view

    @property
    def _sock(self) -> _stdlib.socket:
        """The stdlib socket the owner wraps now."""
        return self._owner._sock

    def _refuse(self, call: str) -> OrderingError:
        """The error for ``call``, pointless on this socket as it is now."""
        datagram = self._sock.type == _stdlib.SOCK_DGRAM
        return option_error(call, self._owner._STATE, self._sock.family, datagram=datagram)

    def _lookup(self, call: str) -> tuple[int, int]:
        """The numbers of the level and name of ``call``'s option, once
        ``call`` is known to be legal in the socket's state now, for its
        family, on this platform."""
        option = OPTION_CALLS[call][0]
        numbers = RESOLVED[option]
        family = self._sock.family
        if call not in _LEGAL[self._owner._STATE] or family not in numbers:
            raise self._refuse(call)
        found = numbers[family]
        if found is None:
            constant = OPTIONS[option].constants[family][1]
            raise UnsupportedOptionError(
                f"{option} ({constant}) is not available on {sys.platform}",
                option=option,
                platform=sys.platform,
            )
        return found

    def _get_int(self, call: str) -> int:
        level, name = self._lookup(call)
        return self._sock.getsockopt(level, name)

    def _get_flag(self, call: str) -> bool:
        return self._get_int(call) != 0

    def _set_int(self, call: str, value: object, low: int, high: int = INT_MAX) -> None:
        level, name = self._lookup(call)
        self._sock.setsockopt(level, name, number(call, value, low, high))

    def _set_flag(self, call: str, value: object) -> None:
        level, name = self._lookup(call)
        self._sock.setsockopt(level, name, flag(call, value))

    def _raw(self, call: str) -> _stdlib.socket:
        """The stdlib socket, unless this one is closed."""
        if self._owner._STATE in TERMINAL:
            raise self._refuse(call)
        return self._sock

    def __repr__(self) -> str:
        return f"<sockstate.{type(self).__name__} of {self._owner!r}>"

    def __dir__(self) -> list[str]:
        return [name for name in object.__dir__(self) if name not in self._forbidden]

    def get_send_buffer_size(self) -> int:
        """The send buffer's size in bytes (``SO_SNDBUF``), as the kernel
        keeps it (Linux reports twice what was set: the other half is its
        bookkeeping).  Raises ``SocketClosedError`` once the socket is closed."""
        return self._get_int("get_send_buffer_size")

    def set_send_buffer_size(self, size: int, /) -> None:
        """Ask for a send buffer of ``size`` bytes (``SO_SNDBUF``); the
        kernel rounds it into its limits.  Raises ``ValueError`` outside
        0..2**31-1, ``SocketClosedError`` once the socket is closed."""
        self._set_int("set_send_buffer_size", size, 0)

    def get_receive_buffer_size(self) -> int:
        """The receive buffer's size in bytes (``SO_RCVBUF``), as the kernel
        keeps it (Linux reports twice what was set).  Raises
        ``SocketClosedError`` once the socket is closed."""
        return self._get_int("get_receive_buffer_size")

    def set_receive_buffer_size(self, size: int, /) -> None:
        """Ask for a receive buffer of ``size`` bytes (``SO_RCVBUF``); the
        kernel rounds it into its limits.  Raises ``ValueError`` outside
        0..2**31-1, ``SocketClosedError`` once the socket is closed."""
        self._set_int("set_receive_buffer_size", size, 0)

    @overload
    def getsockopt(self, level: int, option: int, /) -> int: ...
    @overload
    def getsockopt(self, level: int, option: int, buflen: int, /) -> bytes: ...
    def getsockopt(self, level: int, option: int, buflen: int | None = None, /) -> int | bytes:
        """The raw escape hatch: ``socket.getsockopt`` for any option, in
        any live state, unchecked by sockstate's order.  Without ``buflen``
        the value is an ``int``; with it, at most ``buflen`` raw ``bytes``.
        The kernel's ``OSError`` passes through; raises
        ``SocketClosedError`` once the socket is closed."""
        return raw_getsockopt(self._raw("getsockopt"), level, option, buflen)

    @overload
    def setsockopt(self, level: int, option: int, value: int | Buffer, /) -> None: ...
    @overload
    def setsockopt(self, level: int, option: int, value: None, optlen: int, /) -> None: ...
    def setsockopt(
        self, level: int, option: int, value: int | Buffer | None, optlen: int | None = None, /
    ) -> None:
        """The raw escape hatch: ``socket.setsockopt`` for any option, in any
        live state.  It bypasses sockstate's order: nothing stops an option
        set where it is pointless.  ``value`` is an ``int`` or a buffer, or
        ``None`` with ``optlen`` (a null pointer of that length).  Raises
        ``TypeError`` for ``optlen`` without ``None`` or the reverse,
        ``SocketClosedError`` once the socket is closed; the kernel's
        ``OSError`` passes through."""
        raw_setsockopt(self._raw("setsockopt"), level, option, value, optlen)


def _check(cls: type[SocketOptions]) -> None:
    """Hold view class ``cls`` to the table (see ``SocketOptions.__init_subclass__``)."""
    states = frozenset({cls._STATE}) if hasattr(cls, "_STATE") else cls._STATES
    legal = {
        (state, family): option_calls(state, family) for state in states for family in cls._FAMILIES
    }
    common = frozenset(OPTION_CALLS) | RAW_OPTION_CALLS  # narrowed to what all have
    for calls in legal.values():
        common &= calls
    offered = _offered(cls)
    if offered != common or (len(cls._FAMILIES) == 1 and len(set(legal.values())) > 1):
        raise TypeError(f"{cls.__name__} offers {sorted(offered)}; the table {sorted(common)}")
    cls._offered = offered
    cls._forbidden = frozenset(OPTION_CALLS) - offered
    for call in cls._forbidden:
        setattr(cls, call, _Refused(call))
    if len(cls._FAMILIES) == 1:
        for state, family in legal:
            VIEWS[state, family] = cls


class UnixOptions(SocketOptions):
    """The options of a Unix socket, in every live state: the buffer sizes
    and the raw escape hatch.  The IP and TCP options (address reuse,
    no-delay, keepalive, multicast, ...) mean nothing to it."""

    __slots__ = ()
    _STATES = LIVE
    _FAMILIES: ClassVar[tuple[int, ...]] = (_stdlib.AF_UNIX,)


V4 = TypeVar("V4", covariant=True)
V6 = TypeVar("V6", covariant=True)
VIP = TypeVar("VIP", covariant=True)


class OptionsProperty(Generic[V4, V6, VIP]):
    """``sock.options``: the socket's options, as the view of its state and
    family (a ``FreshIPv4Options`` on a fresh IPv4 socket, ...).  A view
    reads the socket's state at each call, so one kept after the socket
    moved on refuses what the new state forbids.

    For the checkers, each state class declares its ``options`` as an
    ``OptionsProperty`` of its IPv4, IPv6 and IP views (``FreshIPv4Options``,
    ``FreshIPv6Options``, ``FreshOptions``), and the overloads of
    ``__get__`` pick one by the socket's address type: ``UnixOptions`` for
    ``UnixAddress``, ``SocketOptions`` for any other (``object``, a type
    variable)."""

    __slots__ = ()

    @overload
    def __get__(self, instance: None, owner: type[object] | None = None) -> Self: ...
    @overload
    def __get__(
        self, instance: _Addressed[IPv4Address], owner: type[object] | None = None
    ) -> V4: ...
    @overload
    def __get__(
        self, instance: _Addressed[IPv6Address], owner: type[object] | None = None
    ) -> V6: ...
    @overload
    def __get__(
        self, instance: _Addressed[IPv4Address | IPv6Address], owner: type[object] | None = None
    ) -> VIP: ...
    @overload
    def __get__(
        self, instance: _Addressed[UnixAddress], owner: type[object] | None = None
    ) -> UnixOptions: ...
    @overload
    def __get__(self, instance: object, owner: type[object] | None = None) -> SocketOptions: ...
    def __get__(self, instance: object, owner: type[object] | None = None) -> object:
        if instance is None:
            return self
        sock = cast("_Socket", instance)
        key = (sock._STATE, _family_of(sock._sock))
        view = VIEWS.get(key)
        if view is None:  # an IP socket's, on the first use of one (_later's rules)
            from ._later import ip_views

            ip_views()
            view = VIEWS[key]
        return view._of(sock)
