"""The exceptions sockstate raises itself.

Rules of this module:

* Every exception sockstate raises derives from ``SockstateError``.  Failures
  the kernel reports are not sockstate's: they reach the caller as the
  ``OSError`` the stdlib raised, unchanged, and are never swallowed.
* Programmer mistakes and bad input are separate families.  An
  ``OrderingError`` says a call came in an order the socket API forbids; an
  ``OptionError`` is an ordering error about a socket option: set in a state
  (or on a family or type) where it is pointless.  An
  ``UnsupportedOptionError`` names an option the platform lacks.  A
  ``ModeError`` says the call does not fit the socket's blocking mode; an
  ``AddressError`` says an argument can never be a valid address for the
  socket's family.  All are raised before any system call, and all leave
  the socket exactly as it was.  A ``NotOfferedError`` names a stdlib
  socket attribute that sockstate spells differently or lacks, and says
  what to use instead.
* Exceptions carry their facts as attributes and pass them to
  ``Exception.__init__``, so they print, compare and pickle like any other.

The tree::

    SockstateError
    +-- OrderingError (also AttributeError)
    |   +-- SocketClosedError
    |   +-- OptionError
    +-- NotOfferedError (also AttributeError)
    +-- ModeError
    +-- UnsupportedOptionError
    +-- AddressError
    |   +-- AddressTypeError (also TypeError)
    |   +-- AddressValueError (also ValueError)
    +-- ServerHostnameError (also ValueError)
    +-- IncompleteReadError (also EOFError)
    +-- MessageTruncatedError
    +-- DescriptorsTruncatedError
    +-- BusyError (also RuntimeError)
"""

from __future__ import annotations

from ._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._states import State


class SockstateError(Exception):
    """Base class of every exception that sockstate raises itself.

    Kernel failures are not in this family: they arrive as ``OSError``.
    """


class OrderingError(SockstateError, AttributeError):
    """A socket call made in a state where the socket API forbids it.

    Raised when an illegal operation is *looked up*, before any system call,
    and the socket's state is unchanged.  It is also an ``AttributeError``
    because an operation that a state forbids is absent from that state's
    class: ``hasattr(bound_socket, "accept")`` answers ``False``.

    Attributes:
        operation: the name of the call that was refused, e.g. ``"accept"``.
        state: the ``State`` the socket is in.
        allowed: the operations legal in that state.
    """

    operation: str
    state: State
    allowed: frozenset[str]

    def __init__(
        self, message: str, *, operation: str, state: State, allowed: frozenset[str]
    ) -> None:
        super().__init__(message)
        self.operation = operation
        self.state = state
        self.allowed = allowed

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), str(self), self.operation, self.state, self.allowed))


class SocketClosedError(OrderingError):
    """A call on a socket that no longer has a descriptor: it was closed
    (perhaps by another thread, during the call), its ``connect()`` failed
    and released it, or ``detach()`` handed it over.  ``close()`` itself
    never raises.
    """


class OptionError(OrderingError):
    """A socket option set (or read) where it is pointless: in a state where
    it no longer, or not yet, matters (``SO_REUSEADDR`` after ``bind()``), on
    a socket of the other kind (``TCP_NODELAY`` on a datagram socket), or of
    a family that lacks it (``TCP_NODELAY`` on a Unix socket).

    Raised before any system call, with the socket's state unchanged: when a
    view's call is looked up, or called on a view taken before the socket
    moved on.  Its message names the option, the state and where the
    option would be legal.

    Attributes (as ``OrderingError``):
        operation: the view's call, e.g. ``"set_reuse_address"``.
        state: the ``State`` the socket is in.
        allowed: the option calls legal in that state, for its family.
    """


def _rebuild(
    kind: type[OrderingError],
    message: str,
    operation: str,
    state: State,
    allowed: frozenset[str],
) -> OrderingError:
    return kind(message, operation=operation, state=state, allowed=allowed)


class NotOfferedError(SockstateError, AttributeError):
    """A stdlib ``socket.socket`` name that sockstate does not offer in any
    state, such as ``connect_ex()`` or ``dup()``: its message says what to
    use instead (``connect_ex() is not offered: use
    start_connect()/finish_connect() (...)``).

    Raised when the name is looked up on a socket of either face, before
    any system call, with the socket's state unchanged.  It is an
    ``AttributeError`` because the name is absent: ``hasattr(sock,
    "connect_ex")`` answers ``False``, and the type checkers reject it.  A
    name that some state offers but the current one forbids raises
    ``OrderingError`` instead.

    Attributes:
        name: the stdlib's name, e.g. ``"connect_ex"`` (``AttributeError``'s
            own attribute, typed ``str | None`` there; always set here).
        instead: the sockstate way, e.g. ``"start_connect()/finish_connect()"``.
        state: the ``State`` the socket is in.
    """

    instead: str
    state: State

    def __init__(self, message: str, *, name: str, instead: str, state: State) -> None:
        super().__init__(message, name=name)
        self.instead = instead
        self.state = state

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_not_offered, (str(self), self.name or "", self.instead, self.state))


def _rebuild_not_offered(message: str, name: str, instead: str, state: State) -> NotOfferedError:
    return NotOfferedError(message, name=name, instead=instead, state=state)


class ModeError(SockstateError):
    """A call that the socket's blocking mode rules out: ``connect()`` on a
    non-blocking socket (use ``start_connect()``), or ``start_connect()`` on
    one that blocks or has a timeout (use ``connect()``).

    Raised before any system call; the socket's state is unchanged.

    Attributes:
        operation: the name of the call that was refused.
        state: the ``State`` the socket is in.
        timeout: the socket's mode as a timeout (``None`` blocking, ``0.0``
            non-blocking, else seconds).
    """

    operation: str
    state: State
    timeout: float | None

    def __init__(
        self, message: str, *, operation: str, state: State, timeout: float | None
    ) -> None:
        super().__init__(message)
        self.operation = operation
        self.state = state
        self.timeout = timeout

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_mode, (str(self), self.operation, self.state, self.timeout))


def _rebuild_mode(message: str, operation: str, state: State, timeout: float | None) -> ModeError:
    return ModeError(message, operation=operation, state=state, timeout=timeout)


class AddressError(SockstateError):
    """An address that can never be valid for the socket's family.

    Raised before any system call; the socket's state is unchanged.

    Attributes:
        address: the value that was refused.
        family: the socket's address family, e.g. ``socket.AF_INET6``.
    """

    address: object
    family: int

    def __init__(self, message: str, *, address: object, family: int) -> None:
        super().__init__(message)
        self.address = address
        self.family = family

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_address, (type(self), str(self), self.address, self.family))


def _rebuild_address(
    kind: type[AddressError], message: str, address: object, family: int
) -> AddressError:
    return kind(message, address=address, family=family)


class AddressTypeError(AddressError, TypeError):
    """An address of the wrong shape or Python type for the family, such as a
    path for an IPv4 socket or a 4-tuple for an IPv4 socket."""


class AddressValueError(AddressError, ValueError):
    """An address of the right shape with a value that cannot work: a port
    outside 0..65535, an IPv6 literal on an IPv4 socket, a Unix path that is
    empty, too long or holds a NUL byte."""


class ServerHostnameError(SockstateError, ValueError):
    """A ``server_hostname`` that ``wrap_tls()`` cannot use: missing on the
    client side (a client names the server it verifies; it is also the name
    sent for SNI), given on the server side (or asked for by a server's
    context that checks host names), or one that can never be a host name
    (empty, starting with a dot, not encodable by IDNA).

    Raised before the handshake and before any system call, with the
    socket's state unchanged (where ``ssl`` would raise its ``ValueError``
    with the socket half-wrapped).  The type checkers see the first two:
    ``wrap_tls()``'s overloads ask a client for a ``str`` and a server for
    none.

    Attributes:
        server_side: whether the socket was to be the TLS server.
        server_hostname: the value that was refused (``None`` if missing).
    """

    server_side: bool
    server_hostname: str | None

    def __init__(self, message: str, *, server_side: bool, server_hostname: str | None) -> None:
        super().__init__(message)
        self.server_side = server_side
        self.server_hostname = server_hostname

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_hostname, (str(self), self.server_side, self.server_hostname))


def _rebuild_hostname(
    message: str, server_side: bool, server_hostname: str | None
) -> ServerHostnameError:
    return ServerHostnameError(message, server_side=server_side, server_hostname=server_hostname)


class IncompleteReadError(SockstateError, EOFError):
    """The peer ended the stream before ``recv_exactly(n)`` had ``n`` bytes.

    Attributes:
        partial: the bytes received before the end of the stream.
        expected: how many bytes were asked for.
    """

    partial: bytes
    expected: int

    def __init__(self, partial: bytes, expected: int) -> None:
        super().__init__(f"the peer ended the stream after {len(partial)} of {expected} bytes")
        self.partial = partial
        self.expected = expected

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.partial, self.expected))


class MessageTruncatedError(SockstateError):
    """A datagram longer than the buffer it was received into.

    The kernel keeps only what fit and discards the rest; raising makes the
    loss visible instead of silent.

    Attributes:
        data: the part of the datagram that was received.
        address: the sender (``""`` for an unnamed Unix sender).
    """

    data: bytes
    address: object

    def __init__(self, data: bytes, address: object) -> None:
        super().__init__(
            f"a datagram from {address!r} was longer than the {len(data)} bytes asked for"
        )
        self.data = data
        self.address = address

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.data, self.address))


class DescriptorsTruncatedError(SockstateError):
    """More descriptors came with a message than ``recv_fds()`` had room for.

    The kernel installs the descriptors that fit in the control buffer and
    closes the rest, setting ``MSG_CTRUNC`` (``unix(7)``, ``recvmsg(2)``):
    the peer's set is lost either way.  sockstate closes the ones that fit
    too, before raising, so that no descriptor is left in the process that
    nobody knows of; the socket's state is unchanged, and the bytes that
    came with them are here.

    Attributes:
        data: the bytes received with the descriptors (gone from the stream).
        received: how many descriptors fit (and were closed).
        maxfds: how many ``recv_fds()`` asked for.
    """

    data: bytes
    received: int
    maxfds: int

    def __init__(self, data: bytes, received: int, maxfds: int) -> None:
        super().__init__(
            f"more descriptors came than the {maxfds} asked for: the kernel dropped the "
            f"rest, and the {received} that fit were closed"
        )
        self.data = data
        self.received = received
        self.maxfds = maxfds

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.data, self.received, self.maxfds))


class UnsupportedOptionError(SockstateError):
    """A socket option that this platform does not have (its stdlib
    ``socket`` module lacks the constant, e.g. ``TCP_QUICKACK`` off Linux).

    Raised before any system call, instead of an ``AttributeError`` on the
    ``socket`` module.

    Attributes:
        option: the option's name in sockstate, e.g. ``"quick_ack"``.
        platform: the platform that lacks it, as ``sys.platform`` names it.
    """

    option: str
    platform: str

    def __init__(self, message: str, *, option: str, platform: str) -> None:
        super().__init__(message)
        self.option = option
        self.platform = platform

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_unsupported, (type(self), str(self), self.option, self.platform))


def _rebuild_unsupported(
    kind: type[UnsupportedOptionError], message: str, option: str, platform: str
) -> UnsupportedOptionError:
    return kind(message, option=option, platform=platform)


class BusyError(SockstateError, RuntimeError):
    """A call that needs what another call holds.  On the asyncio face: a
    call that would wait for a direction of a socket (reading: ``recv``,
    ``accept``, ``recvfrom``, ...; writing: ``send``, ``sendall``,
    ``connect``, ...) while another task already waits for that direction
    of the same socket, or a hand-over (``detach()``, ``to_blocking()``)
    while a task waits on it.  On both faces: ``wrap_tls()`` or ``unwrap()``
    while another call is under way on the socket (they replace what the
    socket wraps, and a TLS session takes one call at a time).

    Raised before the call waits; the socket's state is unchanged and the
    waiting task is not disturbed.  Two readers of one stream would share
    its bytes in an order nobody chose: give each socket one reader and one
    writer (a lock, or a queue in front of it), as trio insists too.

    Attributes:
        operation: the call that was refused, e.g. ``"recv"``.
    """

    operation: str

    def __init__(self, message: str, *, operation: str) -> None:
        super().__init__(message)
        self.operation = operation

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_busy, (str(self), self.operation))


def _rebuild_busy(message: str, operation: str) -> BusyError:
    return BusyError(message, operation=operation)
