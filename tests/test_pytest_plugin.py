"""The pytest plugin sockstate ships for its users' tests: its fixtures and
assertions, run in a user's test suite by pytester, their failure messages,
and how pytest finds the plugin."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from _private import ordering_error as make_ordering_error
from sockstate import OrderingError, SocketClosedError, State
from sockstate.testing import assert_ordering_error, raises_ordering_error
from support import ipv6_loopback_works

if TYPE_CHECKING:
    from sockstate import ConnectedSocket, IPv4Address, ListeningSocket

# pytester runs the users' suites below; the plugin itself gives this module's
# own tests its fixtures.  Once the entry point is installed, naming the plugin
# here again is a no-op: the entry point has its module's name.
pytest_plugins = ["pytester", "sockstate._pytest_plugin"]

PLUGIN = "sockstate._pytest_plugin"
QUICK = ("-W", "error", "-p", "no:hypothesispytest")
"""Warnings are errors in the users' suites, as in this one; and Hypothesis's
plugin, which a user's suite may well have but these need not, stays off (its
end-of-session summary takes a second each time)."""

RUN = ("-p", PLUGIN, *QUICK)
"""How the users' suites run: the plugin named explicitly, which is harmless
once the entry point loads it."""

USER_CONFIG = """\
[tool.pytest.ini_options]
addopts = ["--strict-markers", "--strict-config", "-ra"]
filterwarnings = ["error"]
xfail_strict = true
"""

README_EXAMPLE = """\
import sockstate
from sockstate import ConnectedSocket, IPv4Address, ListeningSocket, State
from sockstate.testing import AssertOrderingError, raises_ordering_error


def test_echo(
    tcp_pair: tuple[ConnectedSocket[IPv4Address], ConnectedSocket[IPv4Address]],
) -> None:
    client, server = tcp_pair
    client.sendall(b"ping")
    assert server.recv_exactly(4) == b"ping"


def test_a_listener_cannot_connect(
    tcp_listener: ListeningSocket[IPv4Address], ordering_error: AssertOrderingError
) -> None:
    error = ordering_error(tcp_listener, "connect")
    assert error.state is State.LISTENING


def test_a_stale_variable_meets_the_new_state() -> None:
    with sockstate.tcp().bind(("127.0.0.1", 0)) as bound:
        bound.listen()
        with raises_ordering_error("listen", State.LISTENING) as caught:
            bound.listen()  # typed BoundSocket, but the socket is listening now
        assert "accept" in caught.value.allowed
"""
"""The example of the README's section on the plugin, verbatim."""

USER_TESTS = '''\
"""A user's tests, with every fixture of the plugin and both assertions."""

from __future__ import annotations

import socket

import sockstate
from sockstate import (
    ConnectedSocket,
    IPv4Address,
    IPv6Address,
    ListeningSocket,
    State,
    UnixAddress,
)
from sockstate._pytest_plugin import (
    SAFETY_TIMEOUT,
    AssertOrderingError,
    assert_ordering_error,
    raises_ordering_error,
)

MADE: list[object] = []
"""Every socket the fixtures gave, for the last test to check."""


def _timed(*socks: ConnectedSocket[object] | ListeningSocket[object]) -> None:
    for sock in socks:
        assert sock.raw_socket().gettimeout() == SAFETY_TIMEOUT
        MADE.append(sock)


def test_tcp_listener(tcp_listener: ListeningSocket[IPv4Address]) -> None:
    host, port = tcp_listener.getsockname()
    assert (host, tcp_listener.raw_socket().family) == ("127.0.0.1", socket.AF_INET)
    assert port > 0
    with sockstate.tcp().connect((host, port)) as client:
        server, peer = tcp_listener.accept()
        with server:
            assert peer == client.getsockname()
    _timed(tcp_listener)


def test_tcp6_listener(tcp6_listener: ListeningSocket[IPv6Address]) -> None:
    host, port, _, _ = tcp6_listener.getsockname()
    assert host == "::1"
    with sockstate.tcp6().connect((host, port)) as client:
        server, peer = tcp6_listener.accept()
        with server:
            assert peer == client.getsockname()
    _timed(tcp6_listener)


def test_unix_listener(unix_listener: ListeningSocket[UnixAddress]) -> None:
    path = unix_listener.getsockname()
    assert isinstance(path, str)
    with sockstate.unix().connect(path) as client:
        server, _ = unix_listener.accept()
        with server:
            client.sendall(b"x")
            assert server.recv_exactly(1) == b"x"
    _timed(unix_listener)


def test_tcp_pair(
    tcp_pair: tuple[ConnectedSocket[IPv4Address], ConnectedSocket[IPv4Address]],
) -> None:
    client, server = tcp_pair
    assert client.getpeername() == server.getsockname()
    client.sendall(b"ping")
    assert server.recv_exactly(4) == b"ping"
    _timed(client, server)


def test_tcp6_pair(
    tcp6_pair: tuple[ConnectedSocket[IPv6Address], ConnectedSocket[IPv6Address]],
) -> None:
    client, server = tcp6_pair
    assert client.getpeername() == server.getsockname()
    assert client.getsockname()[0] == "::1"
    server.sendall(b"pong")
    assert client.recv_exactly(4) == b"pong"
    _timed(client, server)


def test_unix_pair(
    unix_pair: tuple[ConnectedSocket[UnixAddress], ConnectedSocket[UnixAddress]],
) -> None:
    client, server = unix_pair
    assert server.getpeername() == ""
    assert client.getpeername() == server.getsockname()
    client.sendall(b"ping")
    assert server.recv_exactly(4) == b"ping"
    _timed(client, server)


def test_a_test_may_move_or_close_what_fixtures_made(
    tcp_pair: tuple[ConnectedSocket[IPv4Address], ConnectedSocket[IPv4Address]],
    unix_listener: ListeningSocket[UnixAddress],
) -> None:
    client, server = tcp_pair
    client.close()
    server.shutdown_write()
    unix_listener.close().close()
    MADE.extend([client, server, unix_listener])


def test_the_ordering_error_fixture(
    tcp_listener: ListeningSocket[IPv4Address], ordering_error: AssertOrderingError
) -> None:
    assert ordering_error is assert_ordering_error
    error = ordering_error(tcp_listener, "connect")
    assert (error.operation, error.state) == ("connect", State.LISTENING)
    assert "connect" not in error.allowed
    assert tcp_listener.state is State.LISTENING


def test_an_ordering_error_on_a_closed_socket(
    unix_pair: tuple[ConnectedSocket[UnixAddress], ConnectedSocket[UnixAddress]],
) -> None:
    client, _ = unix_pair
    client.close()
    error = assert_ordering_error(client, "send")
    assert isinstance(error, sockstate.SocketClosedError)
    assert error.state is State.CLOSED


def test_raises_ordering_error(
    tcp_pair: tuple[ConnectedSocket[IPv4Address], ConnectedSocket[IPv4Address]],
) -> None:
    client, _ = tcp_pair
    stale = client
    client.close()
    with raises_ordering_error("recv", State.CLOSED) as caught:
        stale.recv(1)
    assert isinstance(caught.value, sockstate.SocketClosedError)
    assert caught.value.allowed == {"close"}


def test_every_socket_the_fixtures_made_was_closed() -> None:
    assert len(MADE) in (9, 12)  # 12 with IPv6
    for sock in MADE:
        assert getattr(sock, "state") is State.CLOSED, sock
'''
"""The user's suite: the README's example and a test of every fixture and
both assertions.  Its last test checks that teardown closed every socket the
fixtures gave the tests before it, whatever state each was left in."""

USER_PASSES = 3 + 11
"""How many tests of ``README_EXAMPLE`` and ``USER_TESTS`` pass."""

WRONG_EXPECTATIONS = """\
import pytest

import sockstate
from sockstate import ConnectedSocket, IPv4Address, State
from sockstate.testing import AssertOrderingError, raises_ordering_error


def test_expects_the_wrong_state() -> None:
    with sockstate.tcp().bind(("127.0.0.1", 0)) as bound:
        bound.listen()
        with raises_ordering_error("listen", State.CLOSED):
            bound.listen()  # the socket is listening, not closed


def test_expects_the_wrong_operation() -> None:
    with sockstate.tcp().bind(("127.0.0.1", 0)) as bound:
        bound.listen()
        with raises_ordering_error("connect", State.LISTENING):
            bound.listen()  # listen, not connect


def test_expects_an_error_from_a_block_that_raises_none() -> None:
    with raises_ordering_error("accept", State.BOUND):
        pass


def test_expects_an_ordering_error_but_the_kernel_fails() -> None:
    with raises_ordering_error("accept", State.BOUND):
        raise ConnectionRefusedError(111, "Connection refused")


def test_expects_an_error_for_a_legal_call(
    tcp_pair: tuple[ConnectedSocket[IPv4Address], ConnectedSocket[IPv4Address]],
    ordering_error: AssertOrderingError,
) -> None:
    client, _ = tcp_pair
    ordering_error(client, "send")


@pytest.fixture
def short_safety_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sockstate._pytest_plugin.SAFETY_TIMEOUT", 0.2)


@pytest.mark.usefixtures("short_safety_timeout")
def test_waits_for_data_that_never_comes(
    unix_pair: tuple[ConnectedSocket[object], ConnectedSocket[object]],
) -> None:
    _, server = unix_pair
    server.recv(1)
"""
"""A user's tests whose expectations are wrong: each must fail, saying so."""


def _user_suite(pytester: pytest.Pytester, **files: str) -> None:
    pytester.makepyprojecttoml(USER_CONFIG)
    pytester.makepyfile(**files)


# -- the users' suites ---------------------------------------------------------


def test_a_users_suite_passes(pytester: pytest.Pytester) -> None:
    _user_suite(pytester, test_readme=README_EXAMPLE, test_user=USER_TESTS)
    result = pytester.runpytest_subprocess(*RUN)
    if ipv6_loopback_works():
        result.assert_outcomes(passed=USER_PASSES)
    else:
        result.assert_outcomes(passed=USER_PASSES - 2, skipped=2)


def test_a_wrong_expectation_fails_saying_what_was_expected_and_what_happened(
    pytester: pytest.Pytester,
) -> None:
    _user_suite(pytester, test_wrong=WRONG_EXPECTATIONS)
    result = pytester.runpytest_subprocess(*RUN)
    result.assert_outcomes(failed=6)
    result.stdout.fnmatch_lines_random(
        [
            "E *AssertionError: expected OrderingError for listen() on a closed socket, "
            "but got OrderingError for listen() on a listening socket: listen() needs "
            "a bound socket; this socket is listening and cannot go back: make a new socket",
            "E *AssertionError: expected OrderingError for connect() on a listening socket, "
            "but got OrderingError for listen() on a listening socket: *",
            "E *AssertionError: expected OrderingError for accept() on a bound socket, "
            "but the block raised nothing",
            "E *AssertionError: expected OrderingError for accept() on a bound socket, "
            "but the block raised ConnectionRefusedError: [[]Errno 111] Connection refused",
            "E *AssertionError: expected <sockstate.ConnectedSocket AF_INET fd=*>.send "
            "to raise OrderingError for send() on a connected socket, but send() is legal "
            "on a connected socket: the lookup gave <bound method *send of "
            "<sockstate.ConnectedSocket AF_INET fd=*>>",
            "E *TimeoutError: timed out",
        ]
    )
    # The assertions' own frames are hidden; the test's lines are shown.
    result.stdout.no_fnmatch_line("*_pytest_plugin.py:*")
    result.stdout.fnmatch_lines(["*bound.listen()  # listen, not connect"])


NO_IPV6 = {
    "the kernel": """
        import errno

        import pytest
        import sockstate


        def _refuse() -> object:
            raise OSError(errno.EAFNOSUPPORT, "Address family not supported by protocol")


        @pytest.fixture(autouse=True)
        def no_ipv6(monkeypatch: pytest.MonkeyPatch) -> None:
            monkeypatch.setattr(sockstate, "tcp6", _refuse)
        """,
    "Python": """
        import socket

        import pytest


        @pytest.fixture(autouse=True)
        def no_ipv6(monkeypatch: pytest.MonkeyPatch) -> None:
            monkeypatch.setattr(socket, "has_ipv6", False)
        """,
}
"""Conftests that take IPv6 away, and what the skip then says."""


@pytest.mark.parametrize(
    ("without", "reason"),
    ids=["kernel", "python"],
    argvalues=[
        (
            "the kernel",
            "IPv6 loopback (::1) is unavailable: [[]Errno 97[]] "
            "Address family not supported by protocol",
        ),
        ("Python", "IPv6 is unavailable: this Python was built without it"),
    ],
)
def test_the_ipv6_fixtures_skip_saying_why_when_ipv6_is_unavailable(
    pytester: pytest.Pytester, without: str, reason: str
) -> None:
    pytester.makeconftest(NO_IPV6[without])
    _user_suite(
        pytester,
        test_ipv6="""
        def test_listener(tcp6_listener: object) -> None:
            raise AssertionError("not reached")

        def test_pair(tcp6_pair: object) -> None:
            raise AssertionError("not reached")
        """,
    )
    result = pytester.runpytest_inprocess(*RUN)
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines([f"SKIPPED [[]*[]] *: {reason}"])


UNIX_PATHS = """\
from pathlib import Path

from sockstate import ConnectedSocket, ListeningSocket, UnixAddress


def test_listener(unix_listener: ListeningSocket[UnixAddress], tmp_path: Path) -> None:
    with open("paths.txt", "a") as paths:
        print(tmp_path, unix_listener.getsockname(), file=paths)


def test_pair(
    unix_pair: tuple[ConnectedSocket[UnixAddress], ConnectedSocket[UnixAddress]],
    tmp_path: Path,
) -> None:
    with open("paths.txt", "a") as paths:
        print(tmp_path, unix_pair[1].getsockname(), file=paths)
"""


@pytest.mark.parametrize("length", ["short", "long"])
def test_unix_fixtures_bind_in_tmp_path_or_a_short_directory(
    pytester: pytest.Pytester, length: str
) -> None:
    """A socket path must fit in ``sun_path``; pytest's ``tmp_path`` (on
    macOS especially) may not leave room for one."""
    _user_suite(pytester, test_paths=UNIX_PATHS)
    with tempfile.TemporaryDirectory(prefix="ss-", dir="/tmp") as short:
        base = Path(short) / ("b" if length == "short" else "b" * 90)
        result = pytester.runpytest_inprocess(*RUN, f"--basetemp={base}")
        result.assert_outcomes(passed=2)
        for line in (pytester.path / "paths.txt").read_text().splitlines():
            tmp_path, address = line.split()
            assert len(os.fsencode(address)) <= 103
            if length == "short":
                assert Path(address).parent == Path(tmp_path)
            else:
                assert len(os.fsencode(Path(tmp_path) / "sockstate-pair.sock")) > 103
                assert Path(address).parent.parent == Path("/tmp")
                assert not Path(address).parent.exists(), "teardown left the directory"


# -- how pytest finds the plugin -------------------------------------------------


def _fake_entry_point(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the plugin's entry point, as ``pyproject.toml`` does, for the
    subprocesses pytester starts: a distribution of its own on PYTHONPATH."""
    site = pytester.mkdir("site")
    info = site / "sockstate_plugin_entry_point-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: sockstate-plugin-entry-point\nVersion: 0\n"
    )
    (info / "entry_points.txt").write_text(f"[pytest11]\n{PLUGIN} = {PLUGIN}\n")
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), *([path] if path else [])]))
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)


@pytest.mark.parametrize(
    ("how", "args"),
    ids=["alone", "and -p", "and pytest_plugins"],
    argvalues=[
        ("by the entry point alone", ()),
        ("by the entry point and -p", ("-p", PLUGIN)),
        ("by the entry point and pytest_plugins", ()),
    ],
)
def test_the_entry_point_loads_the_plugin_once(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, how: str, args: tuple[str, ...]
) -> None:
    _fake_entry_point(pytester, monkeypatch)
    if how.endswith("pytest_plugins"):
        pytester.makeconftest(f"pytest_plugins = [{PLUGIN!r}]")
    _user_suite(pytester, test_readme=README_EXAMPLE)
    result = pytester.runpytest_subprocess(*args, *QUICK)
    result.assert_outcomes(passed=3)


def test_the_plugin_can_be_turned_off(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_entry_point(pytester, monkeypatch)
    _user_suite(pytester, test_readme=README_EXAMPLE)
    result = pytester.runpytest_subprocess("-p", f"no:{PLUGIN}", *QUICK)
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(["E       fixture 'tcp_pair' not found"])


def test_an_installed_entry_point_is_named_after_the_module() -> None:
    """pytest registers an entry point's plugin under the entry point's name,
    and refuses to register the same module under a second name, which is
    what ``-p sockstate._pytest_plugin`` or ``pytest_plugins`` would do if
    the entry point had another."""
    names = {ep.name for ep in entry_points(group="pytest11") if ep.value == PLUGIN}
    assert names <= {PLUGIN}


def test_a_plugin_already_imported_loads_without_warnings(pytester: pytest.Pytester) -> None:
    """This process has imported the plugin (an entry point would have too),
    so pytest cannot rewrite its asserts; the module opts out, or ``-p`` would
    warn, and ``-W error`` fail."""
    assert PLUGIN in sys.modules
    _user_suite(pytester, test_readme=README_EXAMPLE)
    result = pytester.runpytest_inprocess(*RUN)
    result.assert_outcomes(passed=3)


def test_importing_the_plugin_imports_no_more_of_sockstate_than_sockstate_does() -> None:
    def modules(statement: str) -> set[str]:
        code = f"{statement}; import sys; print(*sorted(sys.modules))"
        output = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
        return {name for name in output.split() if name.split(".")[0] == "sockstate"}

    assert modules(f"import {PLUGIN}") == modules("import sockstate") | {PLUGIN}


# -- the assertions, called directly ---------------------------------------------


def test_raises_ordering_error_gives_the_error(
    tcp_listener: ListeningSocket[IPv4Address],
) -> None:
    with raises_ordering_error("connect", State.LISTENING) as caught:
        tcp_listener.connect(("127.0.0.1", 1))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert type(caught.value) is OrderingError
    assert caught.value.allowed == {
        "accept",
        "getsockname",
        "settimeout",
        "gettimeout",
        "setblocking",
        "getblocking",
        "options",
        "setsockopt",
        "getsockopt",
        "fileno",
        "raw_socket",
        "detach",
        "close",
    }
    assert tcp_listener.state is State.LISTENING


def test_raises_ordering_error_lets_a_base_exception_through() -> None:
    with pytest.raises(KeyboardInterrupt), raises_ordering_error("accept", State.BOUND):
        raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("operation", "state", "error", "message"),
    ids=["unknown operation", "legal operation", "state not a State"],
    argvalues=[
        ("acept", State.BOUND, ValueError, "'acept' is no sockstate socket operation; they are "),
        (
            "accept",
            State.LISTENING,
            ValueError,
            "accept() is legal on a listening socket: it never raises OrderingError there",
        ),
        ("accept", "bound", TypeError, "state must be a sockstate.State, not 'bound'"),
    ],
)
def test_raises_ordering_error_refuses_what_can_never_be_raised(
    operation: str, state: State, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        raises_ordering_error(operation, state)
    assert str(caught.value).startswith(message)


def test_assert_ordering_error_returns_the_error_and_keeps_the_state(
    tcp_pair: tuple[ConnectedSocket[IPv4Address], ConnectedSocket[IPv4Address]],
) -> None:
    client, server = tcp_pair
    error = assert_ordering_error(client, "accept")
    assert (error.operation, error.state) == ("accept", State.CONNECTED)
    assert client.state is State.CONNECTED
    server.close()
    assert isinstance(assert_ordering_error(server, "recv"), SocketClosedError)


def test_assert_ordering_error_refuses_what_is_no_socket_or_operation(
    tcp_listener: ListeningSocket[IPv4Address],
) -> None:
    with pytest.raises(TypeError, match="needs a sockstate socket, not 'listener'"):
        assert_ordering_error("listener", "accept")
    with pytest.raises(ValueError, match="'acept' is no sockstate socket operation"):
        assert_ordering_error(tcp_listener, "acept")


class _Misbehaving:
    """A socket that breaks sockstate's promises when ``accept`` is looked
    up: it raises the error for ``raises`` and moves to ``moves_to``."""

    def __init__(self, raises: str, moves_to: State) -> None:
        self._raises = raises
        self._moves_to = moves_to
        self.state = State.BOUND

    def __getattr__(self, name: str) -> object:
        raised = make_ordering_error(self._raises, self.state)
        self.state = self._moves_to
        raise raised

    def __repr__(self) -> str:
        return "<misbehaving>"


class _Failing:
    """A socket whose every lookup raises ``OSError``, not an ordering error."""

    state = State.BOUND

    def __getattr__(self, name: str) -> object:
        raise OSError(9, "Bad file descriptor")

    def __repr__(self) -> str:
        return "<failing>"


def test_assert_ordering_error_fails_on_another_error_and_chains_it() -> None:
    with pytest.raises(AssertionError) as caught:
        assert_ordering_error(_Failing(), "accept")
    assert str(caught.value) == (
        "expected <failing>.accept to raise OrderingError for accept() on a bound socket, "
        "but it raised OSError: [Errno 9] Bad file descriptor"
    )
    assert isinstance(caught.value.__cause__, OSError)


@pytest.mark.parametrize(
    ("raises", "moves_to", "message"),
    ids=["state moved", "another operation"],
    argvalues=[
        (
            "accept",
            State.LISTENING,
            "looking up <misbehaving>.accept moved the socket from bound to listening; "
            "an OrderingError must leave the socket's state as it was",
        ),
        (
            "send",
            State.BOUND,
            "expected <misbehaving>.accept to raise OrderingError for accept() on a bound "
            "socket, but it raised OrderingError for send() on a bound socket: send() needs "
            "a connected, send-only or ended socket; this socket is bound: call connect() first",
        ),
    ],
)
def test_assert_ordering_error_fails_on_a_broken_promise(
    raises: str, moves_to: State, message: str
) -> None:
    with pytest.raises(AssertionError) as caught:
        assert_ordering_error(_Misbehaving(raises, moves_to), "accept")
    assert str(caught.value) == message
