"""pytest fixtures and assertions for tests of code that uses sockstate.

Rules of this module:

* pytest loads it through the ``pytest11`` entry point named after this
  module, ``sockstate._pytest_plugin``.  That name is what lets a user also
  write ``-p sockstate._pytest_plugin`` or ``pytest_plugins =
  ["sockstate._pytest_plugin"]``: pytest finds the plugin already registered
  under that name and leaves it be, where an entry point of another name
  would make it refuse to register the module twice.  ``-p
  no:sockstate._pytest_plugin`` turns the plugin off.
* Importing it is cheap: the stdlib, ``pytest`` (already loaded when pytest
  imports plugins) and ``sockstate`` itself, nothing else.  It registers no
  marker, option or ini setting, so ``--strict-markers`` and
  ``--strict-config`` have nothing to object to.
* Fixtures make real sockets on loopback only: ``127.0.0.1``, ``::1`` (the
  IPv6 fixtures skip, saying why, when ``::1`` cannot be bound) and Unix paths
  in the test's ``tmp_path``, or, where that path is too long for a socket
  address (macOS's temporary directories make it so), in a short directory
  under ``/tmp`` that teardown removes.
* Every socket a fixture makes is closed when the test ends, whatever state
  the test left it in: ``close()`` is legal in every state, idempotent and
  never raises, so a test may move, close or keep its sockets as it likes.
  Sockets the test makes itself (by ``accept()`` on a listener fixture, say)
  are the test's to close.
* Every socket a fixture makes has a safety timeout of ``SAFETY_TIMEOUT``
  seconds (``raw_socket().settimeout()``), so a test that waits for data that
  never comes fails with ``TimeoutError`` instead of hanging the run.  It is a
  net, not a way to synchronise; a test may change it with
  ``sock.raw_socket().settimeout(...)``.
* The assertions fail with an ``AssertionError`` that says what was expected
  and what happened, with their own frames hidden from pytest's traceback.
  An expectation that can never be met (an operation no state has, or one
  that is legal in the state named) is a mistake in the test: it raises
  ``ValueError`` or ``TypeError`` at once.
* No bare ``assert`` here, so the module opts out of pytest's assertion
  rewriting (PYTEST_DONT_REWRITE).  That spares ``-W error`` runs the warning
  pytest gives when told to load, as a plugin, a module already imported: by
  an in-process pytester run, or by a test module that imported the
  assertions before its ``pytest_plugins`` named the plugin.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from typing import TYPE_CHECKING, Final, Protocol, TypeVar, cast

import pytest

import sockstate
from sockstate import OrderingError, State
from sockstate._states import OPERATIONS, allowed

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from types import TracebackType
    from typing import TypeAlias

    from typing_extensions import Self

    from sockstate import (
        BoundSocket,
        ConnectedSocket,
        IPv4Address,
        IPv6Address,
        ListeningSocket,
        UnixAddress,
    )

__all__ = [
    "SAFETY_TIMEOUT",
    "AssertOrderingError",
    "RaisesOrderingError",
    "assert_ordering_error",
    "ordering_error",
    "raises_ordering_error",
    "tcp6_listener",
    "tcp6_pair",
    "tcp_listener",
    "tcp_pair",
    "unix_listener",
    "unix_pair",
]

SAFETY_TIMEOUT: Final = 10.0
"""Seconds a blocking call on a fixture's socket may wait before it raises
``TimeoutError``: a safety net against a hung test."""

AssertOrderingError: TypeAlias = Callable[[object, str], OrderingError]
"""The type of ``assert_ordering_error``, which the ``ordering_error``
fixture gives: annotate a test's ``ordering_error`` parameter with it."""

_IPV4_LOOPBACK: Final[IPv4Address] = ("127.0.0.1", 0)
_IPV6_LOOPBACK: Final[IPv6Address] = ("::1", 0, 0, 0)
_MAX_UNIX_PATH: Final = 103
"""The longest Unix socket path in bytes that every POSIX system takes:
macOS and the BSDs have 104 bytes of ``sun_path`` with its NUL (Linux 108)."""
_SHORT_TEMP_ROOT: Final = "/tmp"


class _Live(Protocol):
    """A socket in a state that still has its descriptor."""

    def raw_socket(self) -> socket.socket: ...
    def close(self) -> object: ...


_S = TypeVar("_S", bound=_Live)
_A = TypeVar("_A")


class _Made:
    """The sockets one fixture made.  Closes all of them, in reverse order,
    on ``__exit__`` (the fixture's teardown), and then removes any short
    directory it made for Unix paths."""

    def __init__(self) -> None:
        self._stack = ExitStack()

    def __enter__(self) -> Self:
        """Start tracking; the fixture's setup runs inside."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close every socket tracked (``close()`` never raises), the newest
        first, then remove the short directories made."""
        self._stack.close()

    def track(self, sock: _S) -> _S:
        """Give ``sock`` its safety timeout and close it at teardown; return it."""
        self._stack.callback(sock.close)
        sock.raw_socket().settimeout(SAFETY_TIMEOUT)
        return sock

    def accept(self, listener: ListeningSocket[_A]) -> ConnectedSocket[_A]:
        """The server end of the next connection to ``listener``, tracked."""
        server, _ = listener.accept()
        return self.track(server)

    def unix_path(self, directory: Path, name: str) -> str:
        """A path for a Unix socket: ``directory/name``, or, when that is too
        long for a socket address, ``name`` in a new short directory under
        ``/tmp`` that teardown removes."""
        path = os.path.join(directory, name)
        if len(os.fsencode(path)) <= _MAX_UNIX_PATH:
            return path
        short = tempfile.mkdtemp(prefix="sockstate-", dir=_SHORT_TEMP_ROOT)
        self._stack.callback(shutil.rmtree, short, ignore_errors=True)
        return os.path.join(short, name)


def _ipv6_loopback(made: _Made) -> BoundSocket[IPv6Address]:
    """A tracked IPv6 socket bound to ``::1``; skips the test when IPv6 or
    its loopback is unavailable."""
    if not socket.has_ipv6:
        pytest.skip("IPv6 is unavailable: this Python was built without it")
    try:
        return made.track(sockstate.tcp6()).bind(_IPV6_LOOPBACK)
    except OSError as error:
        pytest.skip(f"IPv6 loopback (::1) is unavailable: {error}")


# -- listeners -----------------------------------------------------------------


@pytest.fixture
def tcp_listener() -> Iterator[ListeningSocket[IPv4Address]]:
    """A ``ListeningSocket[IPv4Address]`` on ``127.0.0.1``, on a port the
    kernel chose (``getsockname()`` says which).

    Connections the test accepts from it are the test's to close, and are
    blocking: give them a timeout with ``raw_socket().settimeout()`` if the
    test could wait on them.  The listener is closed at teardown, whatever its
    state.
    """
    with _Made() as made:
        yield made.track(sockstate.tcp()).bind(_IPV4_LOOPBACK).listen()


@pytest.fixture
def tcp6_listener() -> Iterator[ListeningSocket[IPv6Address]]:
    """A ``ListeningSocket[IPv6Address]`` on ``::1``, on a port the kernel
    chose.  Skips the test when IPv6 or its loopback is unavailable.

    As ``tcp_listener``: accepted connections are the test's; the listener
    is closed at teardown.
    """
    with _Made() as made:
        yield _ipv6_loopback(made).listen()


@pytest.fixture
def unix_listener(tmp_path: Path) -> Iterator[ListeningSocket[UnixAddress]]:
    """A ``ListeningSocket[UnixAddress]`` bound to a path in the test's
    ``tmp_path`` (in a short directory under ``/tmp`` instead, removed at
    teardown, when that path would be too long for a socket address).

    As ``tcp_listener``: accepted connections are the test's; the listener
    is closed at teardown.
    """
    with _Made() as made:
        address = made.unix_path(tmp_path, "sockstate-listener.sock")
        yield made.track(sockstate.unix()).bind(address).listen()


# -- connected pairs -------------------------------------------------------------


@pytest.fixture
def tcp_pair() -> Iterator[tuple[ConnectedSocket[IPv4Address], ConnectedSocket[IPv4Address]]]:
    """Both ends of one TCP connection over ``127.0.0.1``: ``(client,
    server)``, each a ``ConnectedSocket[IPv4Address]``.

    The listener that made the connection is closed before the test starts.
    Both ends are closed at teardown, whatever their state.
    """
    with _Made() as made:
        listener = made.track(sockstate.tcp()).bind(_IPV4_LOOPBACK).listen()
        client = made.track(sockstate.tcp()).connect(listener.getsockname())
        server = made.accept(listener)
        listener.close()
        yield client, server


@pytest.fixture
def tcp6_pair() -> Iterator[tuple[ConnectedSocket[IPv6Address], ConnectedSocket[IPv6Address]]]:
    """Both ends of one TCP connection over ``::1``: ``(client, server)``,
    each a ``ConnectedSocket[IPv6Address]``.  Skips the test when IPv6 or its
    loopback is unavailable.

    As ``tcp_pair``: the listener is closed before the test starts; both ends
    are closed at teardown.
    """
    with _Made() as made:
        listener = _ipv6_loopback(made).listen()
        client = made.track(sockstate.tcp6()).connect(listener.getsockname())
        server = made.accept(listener)
        listener.close()
        yield client, server


@pytest.fixture
def unix_pair(
    tmp_path: Path,
) -> Iterator[tuple[ConnectedSocket[UnixAddress], ConnectedSocket[UnixAddress]]]:
    """Both ends of one Unix stream connection: ``(client, server)``, each a
    ``ConnectedSocket[UnixAddress]``.  The listener's path is in the test's
    ``tmp_path`` (or a short directory, as for ``unix_listener``); the client
    is unnamed, so the server's ``getpeername()`` is ``""``.

    As ``tcp_pair``: the listener is closed before the test starts; both ends
    are closed at teardown.
    """
    with _Made() as made:
        address = made.unix_path(tmp_path, "sockstate-pair.sock")
        listener = made.track(sockstate.unix()).bind(address).listen()
        client = made.track(sockstate.unix()).connect(address)
        server = made.accept(listener)
        listener.close()
        yield client, server


# -- ordering errors -------------------------------------------------------------


def _check_operation(operation: str) -> None:
    """Raise ``ValueError`` unless some state has ``operation``."""
    if operation not in OPERATIONS:
        raise ValueError(
            f"{operation!r} is no sockstate socket operation; they are "
            + ", ".join(sorted(OPERATIONS))
        )


def _expected(operation: str, state: State) -> str:
    """The error expected, for a failure message."""
    return f"OrderingError for {operation}() on a {state} socket"


def _happened(error: BaseException) -> str:
    """What ``error`` says, for a failure message."""
    if isinstance(error, OrderingError):
        return f"{type(error).__name__} for {error.operation}() on a {error.state} socket: {error}"
    return f"{type(error).__name__}: {error}"


class RaisesOrderingError:
    """The context manager ``raises_ordering_error()`` returns.

    Entering gives an unfilled ``pytest.ExceptionInfo[OrderingError]``,
    filled with the error when the block raised the one expected.  On exit it
    fails the test with an ``AssertionError`` when the block raised nothing,
    an ``OrderingError`` for another operation or state, or any other
    ``Exception`` (chained as its cause).  A ``BaseException`` that is not an
    ``Exception`` (``KeyboardInterrupt``, a pytest skip) passes through.
    """

    def __init__(self, operation: str, state: State) -> None:
        if not isinstance(state, State):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"state must be a sockstate.State, not {state!r}")
        _check_operation(operation)
        if operation in allowed(state):
            raise ValueError(
                f"{operation}() is legal on a {state} socket: it never raises OrderingError there"
            )
        self.operation: Final = operation
        self.state: Final = state
        self._caught: pytest.ExceptionInfo[OrderingError] = pytest.ExceptionInfo.for_later()

    def __enter__(self) -> pytest.ExceptionInfo[OrderingError]:
        """The ``ExceptionInfo`` that holds the error once the block ends."""
        return self._caught

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        """Swallow the error expected and fill the ``ExceptionInfo`` with it;
        fail on anything else an ``Exception``, or on nothing raised."""
        __tracebackhide__ = True
        expected = _expected(self.operation, self.state)
        if exc_value is None:
            raise AssertionError(f"expected {expected}, but the block raised nothing")
        if not isinstance(exc_value, Exception):
            return False
        if not isinstance(exc_value, OrderingError):
            raise AssertionError(
                f"expected {expected}, but the block raised {_happened(exc_value)}"
            ) from exc_value
        if exc_value.operation != self.operation or exc_value.state is not self.state:
            raise AssertionError(
                f"expected {expected}, but got {_happened(exc_value)}"
            ) from exc_value
        self._caught.fill_unfilled((type(exc_value), exc_value, cast("TracebackType", traceback)))
        return True


def raises_ordering_error(operation: str, state: State) -> RaisesOrderingError:
    """Expect the block to raise ``OrderingError`` for exactly ``operation``
    in exactly ``state``, as ``pytest.raises`` expects an exception::

        with raises_ordering_error("accept", sockstate.State.BOUND) as caught:
            bound.accept()
        assert "listen()" in str(caught.value)

    The ``as`` target is a ``pytest.ExceptionInfo[OrderingError]``: its
    ``.value`` is the error (a ``SocketClosedError`` in the terminal states),
    once the block has ended.  Fails the test, saying what was expected and
    what happened, when the block raises nothing or anything else (see
    ``RaisesOrderingError``).  Raises ``ValueError`` at once for an operation
    no state has, or one that is legal in ``state``.
    """
    return RaisesOrderingError(operation, state)


def assert_ordering_error(sock: object, operation: str) -> OrderingError:
    """Look ``operation`` up on the sockstate socket ``sock``, check that it
    raises ``OrderingError`` for that operation in the socket's current
    state, and that the socket's state did not change; return the error.

    Takes ``sock`` as an ``object`` so that a test may name any socket, even
    one whose static type rightly lacks ``operation``.  Calls nothing: the
    lookup is where sockstate refuses.  Fails the test, saying what was
    expected and what happened, when the lookup succeeds (``operation`` is
    legal in that state) or raises anything else.  Raises ``TypeError`` when
    ``sock`` is no sockstate socket and ``ValueError`` for an operation no
    state has.
    """
    __tracebackhide__ = True
    _check_operation(operation)
    before: object = getattr(sock, "state", None)
    if not isinstance(before, State):
        raise TypeError(f"assert_ordering_error() needs a sockstate socket, not {sock!r}")
    expected = _expected(operation, before)
    try:
        found: object = getattr(sock, operation)
    except OrderingError as error:
        caught = error
    except Exception as error:
        raise AssertionError(
            f"expected {sock!r}.{operation} to raise {expected}, but it raised {_happened(error)}"
        ) from error
    else:
        raise AssertionError(
            f"expected {sock!r}.{operation} to raise {expected}, "
            f"but {operation}() is legal on a {before} socket: the lookup gave {found!r}"
        )
    after: object = getattr(sock, "state", None)
    if after is not before:
        raise AssertionError(
            f"looking up {sock!r}.{operation} moved the socket from {before} to {after}; "
            "an OrderingError must leave the socket's state as it was"
        )
    if caught.operation != operation or caught.state is not before:
        raise AssertionError(
            f"expected {sock!r}.{operation} to raise {expected}, but it raised {_happened(caught)}"
        ) from caught
    return caught


@pytest.fixture
def ordering_error() -> AssertOrderingError:
    """The function ``assert_ordering_error``, so that a test needs no
    import: ``ordering_error(bound, "accept")`` checks that looking ``accept``
    up on ``bound`` raises ``OrderingError`` for it in ``bound``'s state, with
    the state unchanged, and returns the error.  Makes nothing, so it cleans
    up nothing."""
    return assert_ordering_error


def pytest_configure(config: pytest.Config) -> None:
    """Register the asyncio face's fixtures (``aio_tcp_listener``,
    ``aio_unix_listener``, ``aio_tcp_pair``, ``aio_unix_pair``: the module
    ``sockstate._aio_pytest``) with this plugin, so that importing the
    plugin itself stays as cheap as importing sockstate."""
    config.pluginmanager.import_plugin("sockstate._aio_pytest")
