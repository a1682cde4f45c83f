"""``sockstate serve`` and ``sockstate connect``: the addresses they read, the
two functions in-process, and the command line as a user runs it.

The subprocess tests synchronise on output only: a server is ready when it
has printed ``listening on ADDRESS``, and a client has been served when its
echo has come back.  Timeouts are a safety net against a hang, never a means
of synchronisation.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import secrets
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING, cast

import pytest

import sockstate
from cli_support import CLI, TIMEOUT, ctrl_c_raises
from sockstate._serve import serve
from sockstate._serve_common import TCP4, TCP6, WAKE_INTERVAL, Unix, parse_address
from sockstate._serve_connect import connect
from support import in_a_system_call_on, ipv6_loopback_works, state_of

if TYPE_CHECKING:
    from collections.abc import Callable, Generator
    from pathlib import Path

    from sockstate import ConnectedSocket, IPv4Address
    from sockstate._serve_common import ParsedAddress

_IS_LINUX = sys.platform.startswith("linux")


needs_ipv6 = pytest.mark.skipif(not ipv6_loopback_works(), reason="no IPv6 loopback (::1)")
needs_linux = pytest.mark.skipif(not _IS_LINUX, reason="abstract Unix names are Linux only")

# -- parse_address --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:8000", TCP4("127.0.0.1", 8000)),
        ("0.0.0.0:0", TCP4("0.0.0.0", 0)),
        ("localhost:8000", TCP4("localhost", 8000)),
        ("example.org:65535", TCP4("example.org", 65535)),
        ("127.0.0.1:080", TCP4("127.0.0.1", 80)),
        ("[::1]:8000", TCP6("::1", 8000)),
        ("[::]:0", TCP6("::", 0)),
        ("[fe80::1%lo]:80", TCP6("fe80::1%lo", 80)),
        ("[::ffff:127.0.0.1]:1", TCP6("::ffff:127.0.0.1", 1)),
        ("./echo.sock", Unix("./echo.sock")),
        ("/tmp/x.sock", Unix("/tmp/x.sock")),
        ("run/a:b.sock", Unix("run/a:b.sock")),
        pytest.param("@echo", Unix(b"\0echo"), marks=needs_linux),
    ],
)
def test_parse_address_reads_each_form(text: str, expected: ParsedAddress) -> None:
    parsed = parse_address(text)
    assert parsed == expected
    assert type(parsed) is type(expected)
    assert str(parsed) == str(expected)
    assert parse_address(str(parsed)) == parsed


def test_parse_address_gives_the_family_types_that_sockstate_takes() -> None:
    parsed = parse_address("127.0.0.1:0")
    assert isinstance(parsed, TCP4)
    with sockstate.tcp().bind((parsed.host, parsed.port)) as bound:
        assert bound.getsockname()[0] == "127.0.0.1"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty address"),
        ("nonsense", "no port"),
        ("127.0.0.1", "no port"),
        ("127.0.0.1:", "the port is missing"),
        ("127.0.0.1:http", "the port 'http' is not a number"),
        ("127.0.0.1:-1", "the port '-1' is not a number"),
        ("127.0.0.1:+80", "the port '+80' is not a number"),
        ("127.0.0.1: 80", "the port ' 80' is not a number"),
        ("127.0.0.1:\u0663", "is not a number"),
        ("127.0.0.1:99999", "port 99999 is outside 0..65535"),
        ("127.0.0.1:65536", "port 65536 is outside 0..65535"),
        (":8000", "the host is missing"),
        ("::1:8000", "write an IPv6 address in brackets"),
        ("[::1]", "expected [IPV6]:PORT"),
        ("[::1]8000", "expected [IPV6]:PORT"),
        ("[::1", "expected [IPV6]:PORT"),
        ("[::1]:", "the port is missing"),
        ("[::1]:70000", "port 70000 is outside 0..65535"),
        ("[127.0.0.1]:80", "'127.0.0.1' is not an IPv6 address"),
        ("[localhost]:80", "'localhost' is not an IPv6 address"),
        ("@", "the abstract name after '@' is empty"),
        ("host\n:x", "is not a number"),
    ],
)
def test_parse_address_refuses_with_a_one_line_message(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)) as caught:
        parse_address(text)
    message = str(caught.value)
    assert "\n" not in message
    if text:
        assert repr(text) in message


# -- in-process -----------------------------------------------------------------


@contextlib.contextmanager
def _echo_server() -> Generator[int, None, None]:
    """A one-client echo server made in the test, on an ephemeral IPv4 port."""
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    failures: list[BaseException] = []

    def echo() -> None:
        try:
            with listener.accept()[0] as conn:
                while data := conn.recv(65536):
                    conn.sendall(data)
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)

    thread = threading.Thread(target=echo, daemon=True)
    with listener:
        thread.start()
        yield listener.getsockname()[1]
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert not failures


def test_connect_copies_stdin_to_the_peer_and_the_peer_to_stdout() -> None:
    data = bytes(range(256)) * 4096  # 1 MiB: both directions must run at once
    stdout = io.BytesIO()
    trace = io.StringIO()
    before = sockstate.set_tracer(None)
    try:
        with _echo_server() as port:
            connect(TCP4("127.0.0.1", port), stdin=io.BytesIO(data), stdout=stdout, trace_out=trace)
        assert sockstate.set_tracer(None) is None  # the tracer in force before is back
    finally:
        sockstate.set_tracer(before)
    assert stdout.getvalue() == data
    # The end of stdin shut the sending side, so the peer's end finished the socket.
    for transition in (
        "fresh -> connected",
        "recv() receive-only -> finished",
        "close() finished -> closed",
    ):
        assert transition in trace.getvalue()


def test_connect_refused_raises_oserror_naming_the_address() -> None:
    with sockstate.tcp().bind(("127.0.0.1", 0)) as bound:  # bound, never listening
        port = bound.getsockname()[1]
        with pytest.raises(ConnectionRefusedError) as caught:
            connect(
                TCP4("127.0.0.1", port), stdin=io.BytesIO(), stdout=io.BytesIO(), trace_out=None
            )
    assert f"127.0.0.1:{port}" in str(caught.value)


def test_serve_in_process_echoes_logs_and_cleans_up(tmp_path: Path) -> None:
    path = tmp_path / "echo.sock"
    out = io.StringIO()
    stop = threading.Event()
    echoed: list[bytes] = []
    failures: list[BaseException] = []
    client: list[threading.Thread] = []

    def talk(where: str) -> None:
        try:
            with sockstate.unix().connect(where) as conn:
                conn.sendall(b"ping")
                receiving = conn.shutdown_write()
                echoed.append(receiving.recv_exactly(4))
                assert receiving.recv(1) == b""  # the server closes after our end of stream
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)
        finally:
            stop.set()  # serve() ends as at Ctrl-C, but returns

    def ready(where: str) -> None:
        client.append(threading.Thread(target=talk, args=(where,), daemon=True))
        client[0].start()

    def previous(transition: sockstate.Transition) -> None:
        raise AssertionError(f"the tracer in force before serve() was called: {transition}")

    before = sockstate.set_tracer(previous)
    try:
        serve(Unix(str(path)), out=out, trace=True, ready=ready, stop=stop)
        assert sockstate.set_tracer(before) is previous
    finally:
        sockstate.set_tracer(before)
    client[0].join(TIMEOUT)
    assert not failures
    assert echoed == [b"ping"]
    assert not path.exists()  # the server removed the socket file it created
    lines = out.getvalue().splitlines()
    assert f"listening on {path}" in lines
    assert any(line.startswith("accepted connection #1 from ") for line in lines)
    assert any(line.startswith("closed connection #1 from ") for line in lines)
    for transition in (
        "fresh -> bound",
        "bound -> listening",
        "recv() connected -> ended",
        "close() ended -> closed",
        "listening -> closed",
    ):
        assert any(transition in line for line in lines), transition


class _Watched(threading.Event):
    """A ``stop`` event that tells when serve() first reads it: just before
    it waits for a connection."""

    def __init__(self) -> None:
        super().__init__()
        self.read = threading.Event()

    def is_set(self) -> bool:
        self.read.set()
        return super().is_set()


def test_serve_in_process_ends_at_a_ctrl_c_that_another_thread_receives(tmp_path: Path) -> None:
    """A SIGINT that lands on a thread other than the main one only sets a
    flag there (CPython runs the Python handler in the main thread, between
    two bytecodes) and interrupts no system call of the main thread: the
    case of a Ctrl-C that lands just before the wait for a connection
    begins.  serve() sees it anyway."""
    path = tmp_path / "echo.sock"
    stop = _Watched()
    ended = threading.Event()

    def interrupt() -> None:
        stop.read.wait(TIMEOUT)
        # The main thread holds the GIL from its read of ``stop`` until it
        # enters the kernel to wait (or for the switch interval, 5 ms, at
        # most): only then does this thread run on.
        if ended.is_set():
            return  # serve() failed before it waited: the test fails below
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # Ctrl-C, received here
        if not ended.wait(TIMEOUT):
            stop.set()  # serve() missed it: end it anyway, and fail below

    helper = threading.Thread(target=interrupt, daemon=True)
    with ctrl_c_raises():
        helper.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                serve(Unix(str(path)), out=io.StringIO(), trace=False, stop=stop)
        finally:
            ended.set()
            stop.read.set()
        helper.join(TIMEOUT)
    assert not path.exists()  # the listener was closed and its file removed


def test_serve_in_process_leaves_a_socket_file_it_did_not_create(tmp_path: Path) -> None:
    path = tmp_path / "taken.sock"
    with sockstate.unix().bind(str(path)).listen():
        with pytest.raises(OSError, match=r"taken\.sock"):
            serve(Unix(str(path)), out=io.StringIO(), trace=False)
        assert path.exists()


def test_serve_in_process_leaves_a_file_that_replaced_its_socket_file(tmp_path: Path) -> None:
    path = tmp_path / "echo.sock"
    stop = threading.Event()

    def replace(where: str) -> None:
        os.unlink(where)
        path.write_text("not the server's")
        stop.set()

    serve(Unix(str(path)), out=io.StringIO(), trace=False, ready=replace, stop=stop)
    assert path.read_text() == "not the server's"


def test_serve_in_process_logs_why_a_reset_connection_closed() -> None:
    out = io.StringIO()
    stop = threading.Event()
    failures: list[BaseException] = []
    client: list[threading.Thread] = []

    def reset(where: str) -> None:
        try:
            host, _, port = where.rpartition(":")
            conn = sockstate.tcp().connect((host, int(port)))
            conn.settimeout(TIMEOUT)
            conn.sendall(b"ping")
            assert conn.recv_exactly(4) == b"ping"
            conn.options.set_linger(0)
            conn.close()  # a reset, not an end of stream
            deadline = time.monotonic() + TIMEOUT
            while "closed connection #1" not in out.getvalue():
                assert time.monotonic() < deadline, out.getvalue()
                time.sleep(0.01)
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)
        finally:
            stop.set()

    def ready(where: str) -> None:
        client.append(threading.Thread(target=reset, args=(where,), daemon=True))
        client[0].start()

    serve(TCP4("127.0.0.1", 0), out=out, trace=False, ready=ready, stop=stop)
    client[0].join(TIMEOUT)
    assert not failures
    closed = [line for line in out.getvalue().splitlines() if line.startswith("closed")]
    assert len(closed) == 1
    assert re.fullmatch(
        r"closed connection #1 from 127\.0\.0\.1:\d+ \(Connection reset by peer\)", closed[0]
    )


def test_serve_in_process_raises_a_listener_failure_that_is_no_shortage() -> None:
    """A listener the kernel no longer lets accept (shut down, here through
    the escape hatch) fails ``accept()`` with ``EINVAL``: the server ends
    with that error rather than retry, its listener closed."""
    listeners: list[sockstate.ListeningSocket[IPv4Address]] = []

    def tracer(transition: sockstate.Transition) -> None:
        if transition.operation == "listen":
            listeners.append(cast("sockstate.ListeningSocket[IPv4Address]", transition.socket))

    def shut(where: str) -> None:
        listeners[0].raw_socket().shutdown(socket.SHUT_RD)

    out = io.StringIO()
    previous = sockstate.set_tracer(tracer)  # serve() without --trace leaves it in force
    try:
        with pytest.raises(OSError, match="Invalid argument") as caught:
            serve(TCP4("127.0.0.1", 0), out=out, trace=False, ready=shut)
    finally:
        sockstate.set_tracer(previous)
    assert caught.value.errno == errno.EINVAL
    assert state_of(listeners[0]) is sockstate.State.CLOSED
    assert out.getvalue().startswith("listening on 127.0.0.1:")


@contextlib.contextmanager
def _one_client(
    answer: Callable[[ConnectedSocket[IPv4Address]], object],
) -> Generator[int, None, None]:
    """A server made in the test, on an ephemeral IPv4 port, that accepts
    one client and calls ``answer`` with its connection (closed after)."""
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    failures: list[BaseException] = []

    def serve_one() -> None:
        try:
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(TIMEOUT)
                answer(conn)
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)

    thread = threading.Thread(target=serve_one, daemon=True)
    with listener:
        thread.start()
        yield listener.getsockname()[1]
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert not failures


def test_connect_waits_for_a_peer_slower_than_the_wake_interval() -> None:
    def late(conn: ConnectedSocket[IPv4Address]) -> None:
        time.sleep(3 * WAKE_INTERVAL)
        conn.sendall(b"late")

    stdout = io.BytesIO()
    with _one_client(late) as port:
        connect(TCP4("127.0.0.1", port), stdin=io.BytesIO(), stdout=stdout, trace_out=None)
    assert stdout.getvalue() == b"late"


def test_connect_with_an_unreadable_input_raises_its_error_and_ends_the_connection(
    tmp_path: Path,
) -> None:
    def ends(conn: ConnectedSocket[IPv4Address]) -> None:
        assert conn.recv(1) == b""  # the client shut its side down

    with (
        open(tmp_path / "input", "wb") as write_only,
        _one_client(ends) as port,
        pytest.raises(OSError, match="Bad file descriptor") as caught,
    ):
        connect(TCP4("127.0.0.1", port), stdin=write_only, stdout=io.BytesIO(), trace_out=None)
    assert caught.value.errno == errno.EBADF


def _full_pipe() -> tuple[int, int]:
    """A pipe whose buffer is full: a write to its (blocking) write end waits."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    for size in (65536, 1):
        with contextlib.suppress(BlockingIOError):
            while True:
                os.write(write_end, b"\0" * size)
    os.set_blocking(write_end, True)
    return read_end, write_end


def _stdin_sender_ended(deadline: float) -> None:
    """Wait until connect()'s thread that sends standard input has ended."""
    while any(thread.name == "connect stdin" for thread in threading.enumerate()):
        assert time.monotonic() < deadline, "connect()'s sender goes on"
        time.sleep(0.01)


def test_connect_returns_at_the_peers_end_of_stream_with_input_left_to_send() -> None:
    def answers_and_ends(conn: ConnectedSocket[IPv4Address]) -> None:
        assert conn.recv(1) == b"\0"  # the sender is under way
        conn.sendall(b"bye")
        receiving = conn.shutdown_write()  # the end of stream, while input is still coming
        while receiving.recv(65536):  # until connect() shuts its side down
            pass

    stdout = io.BytesIO()
    with _one_client(answers_and_ends) as port:
        connect(
            TCP4("127.0.0.1", port),
            stdin=io.BytesIO(b"\0" * (64 << 20)),
            stdout=stdout,
            trace_out=None,
        )
        _stdin_sender_ended(time.monotonic() + TIMEOUT)
    assert stdout.getvalue() == b"bye"


def test_connect_raises_a_reset_that_its_sender_met_first() -> None:
    """The peer resets the connection while standard input is still being
    sent, and the thread that sends it meets the reset first, while the
    receiving side is held in a write to a full pipe: connect() raises the
    reset, as when the receiving side meets it (not an ordering error, which
    the command line would print as a traceback)."""
    read_end, write_end = _full_pipe()
    receiving = threading.get_native_id()

    def reset(conn: ConnectedSocket[IPv4Address]) -> None:
        conn.sendall(b"x")  # the receiving side writes it to the full pipe, and waits there
        assert conn.recv(1) == b"\0"  # the sender is under way
        deadline = time.monotonic() + TIMEOUT
        while not in_a_system_call_on(receiving, write_end):
            assert time.monotonic() < deadline, "the receiving side is not held"
            time.sleep(0.01)
        conn.close()  # with input unread: a reset, which the sender meets
        _stdin_sender_ended(deadline)
        os.set_blocking(read_end, False)
        with contextlib.suppress(BlockingIOError):
            while os.read(read_end, 65536):
                pass

    stdin = io.BytesIO(b"\0" * (64 << 20))  # far more than the connection's buffers hold
    try:
        with (
            open(write_end, "wb", closefd=False) as stdout,
            _one_client(reset) as port,
            pytest.raises(ConnectionError),
        ):
            connect(TCP4("127.0.0.1", port), stdin=stdin, stdout=stdout, trace_out=None)
    finally:
        os.close(read_end)
        os.close(write_end)


# -- the command line -----------------------------------------------------------


def _read_some(fd: int, deadline: float) -> bytes:
    """What ``fd`` has to read, waiting until ``deadline`` at most."""
    ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
    if not ready:
        raise TimeoutError("no output before the deadline")
    return os.read(fd, 65536)


def _read_exactly(fd: int, n: int) -> bytes:
    """``n`` bytes from ``fd``, as they come; fails at the safety timeout."""
    deadline = time.monotonic() + TIMEOUT
    data = b""
    while len(data) < n:
        chunk = _read_some(fd, deadline)
        if not chunk:
            break
        data += chunk
    return data


class _Server:
    """A running ``sockstate serve``: what it printed up to its ``listening
    on`` line, and the address it names."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self._seen = b""
        deadline = time.monotonic() + TIMEOUT
        assert process.stdout is not None
        while not self._seen.endswith(b"\n") or b"listening on " not in self._seen:
            chunk = _read_some(process.stdout.fileno(), deadline)
            if not chunk:
                raise AssertionError(f"serve ended early: {process.communicate()}")
            self._seen += chunk
        self.before = self._seen.decode().splitlines()
        while not self.before[-1].startswith("listening on "):
            self.before.pop()
        self.address = self.before.pop().removeprefix("listening on ")

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C the server: its exit status, all its output and its errors."""
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=TIMEOUT)
        return self.process.returncode, (self._seen + out).decode(), err.decode()


@contextlib.contextmanager
def _serving(*args: str, cwd: Path | None = None) -> Generator[_Server, None, None]:
    """``sockstate serve ARGS``, once it listens; killed if the test fails.
    It starts as from a terminal, where Ctrl-C stops it."""
    with ctrl_c_raises():
        process = subprocess.Popen(
            [*CLI, "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd
        )
    with process:
        try:
            yield _Server(process)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()


def _connect(address: str, data: bytes, *options: str) -> subprocess.CompletedProcess[bytes]:
    """``sockstate connect ADDRESS`` with ``data`` on its standard input."""
    return subprocess.run(
        [*CLI, "connect", *options, address],
        input=data,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


def _assert_stopped_cleanly(server: _Server, connections: int) -> str:
    """Stop ``server``; check its exit and its log of ``connections``; return its output."""
    status, out, err = server.stop()
    assert status == 130
    assert err == ""
    accepted = [line for line in out.splitlines() if line.startswith("accepted connection #")]
    closed = [line for line in out.splitlines() if line.startswith("closed connection #")]
    assert len(accepted) == connections
    assert len(closed) == connections
    return out


_DATA = b"hello\n" + bytes(range(256)) * 4096  # binary, and more than the socket buffers hold


def test_tcp4_round_trip() -> None:
    with _serving("127.0.0.1:0") as server:
        assert server.before == []  # "listening on" is the first line
        host, _, port = server.address.rpartition(":")
        assert host == "127.0.0.1"
        assert int(port) > 0
        result = _connect(server.address, _DATA)
        assert result.returncode == 0
        assert result.stderr == b""
        assert result.stdout == _DATA
        out = _assert_stopped_cleanly(server, 1)
    assert "accepted connection #1 from 127.0.0.1:" in out


@needs_ipv6
def test_tcp6_round_trip() -> None:
    with _serving("[::1]:0") as server:
        assert server.address.startswith("[::1]:")
        result = _connect(server.address, _DATA)
        assert (result.returncode, result.stderr) == (0, b"")
        assert result.stdout == _DATA
        _assert_stopped_cleanly(server, 1)


def test_unix_path_round_trip_removes_the_socket_file(tmp_path: Path) -> None:
    with _serving("./echo.sock", cwd=tmp_path) as server:
        assert server.address == "./echo.sock"
        assert (tmp_path / "echo.sock").exists()
        result = _connect(str(tmp_path / "echo.sock"), _DATA)
        assert (result.returncode, result.stderr) == (0, b"")
        assert result.stdout == _DATA
        _assert_stopped_cleanly(server, 1)
    assert not (tmp_path / "echo.sock").exists()


@needs_linux
def test_abstract_unix_round_trip() -> None:
    name = f"@sockstate-test-{secrets.token_hex(8)}"
    with _serving(name) as server:
        assert server.address == name
        result = _connect(name, b"abstract")
        assert (result.returncode, result.stderr) == (0, b"")
        assert result.stdout == b"abstract"
        _assert_stopped_cleanly(server, 1)


def test_empty_input_gets_an_empty_echo() -> None:
    with _serving("127.0.0.1:0") as server:
        result = _connect(server.address, b"")
        assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
        _assert_stopped_cleanly(server, 1)


def test_two_clients_are_served_at_once() -> None:
    with _serving("127.0.0.1:0") as server:
        with subprocess.Popen(
            [*CLI, "connect", server.address],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as first:
            assert first.stdin is not None
            assert first.stdout is not None
            first.stdin.write(b"first\n")
            first.stdin.flush()
            assert _read_exactly(first.stdout.fileno(), 6) == b"first\n"
            # The first client is connected and waiting; the second is served anyway.
            second = _connect(server.address, b"second\n")
            assert (second.returncode, second.stdout, second.stderr) == (0, b"second\n", b"")
            rest, err = first.communicate(b"again\n", timeout=TIMEOUT)
            assert (first.returncode, rest, err) == (0, b"again\n", b"")
        _assert_stopped_cleanly(server, 2)


def test_ctrl_c_closes_live_connections() -> None:
    with (
        _serving("127.0.0.1:0") as server,
        subprocess.Popen(
            [*CLI, "connect", server.address],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as client,
    ):
        assert client.stdin is not None
        assert client.stdout is not None
        client.stdin.write(b"still here\n")
        client.stdin.flush()
        assert _read_exactly(client.stdout.fileno(), 11) == b"still here\n"
        _assert_stopped_cleanly(server, 1)
        # The server's close ends the client's stream: it exits by itself.
        rest, err = client.communicate(timeout=TIMEOUT)
        assert (client.returncode, rest, err) == (0, b"", b"")


def test_ctrl_c_logs_a_live_connection_as_shut_down_by_the_server() -> None:
    with (
        _serving("127.0.0.1:0") as server,
        subprocess.Popen(
            [*CLI, "connect", server.address],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as client,
    ):
        assert client.stdin is not None
        assert client.stdout is not None
        client.stdin.write(b"idle\n")
        client.stdin.flush()
        assert _read_exactly(client.stdout.fileno(), 5) == b"idle\n"
        out = _assert_stopped_cleanly(server, 1)
        client.communicate(timeout=TIMEOUT)
    closed = [line for line in out.splitlines() if line.startswith("closed connection #1 ")]
    assert len(closed) == 1
    assert re.fullmatch(
        r"closed connection #1 from 127\.0\.0\.1:\d+ \(shut down by the server\)", closed[0]
    )


def test_serve_trace_prints_transitions() -> None:
    with _serving("--trace", "127.0.0.1:0") as server:
        assert any("fresh -> bound" in line for line in server.before)
        assert any("bound -> listening" in line for line in server.before)
        result = _connect(server.address, b"traced")
        assert (result.returncode, result.stdout, result.stderr) == (0, b"traced", b"")
        out = _assert_stopped_cleanly(server, 1)
    for transition in (
        "(new) -> connected",
        "recv() connected -> ended",
        "close() ended -> closed",
        "listening -> closed",
    ):
        assert transition in out


def test_connect_trace_prints_transitions_to_stderr() -> None:
    with _serving("127.0.0.1:0") as server:
        result = _connect(server.address, b"traced", "--trace")
        assert (result.returncode, result.stdout) == (0, b"traced")
        err = result.stderr.decode()
        for transition in (
            "(new) -> fresh",
            "fresh -> connected",
            "recv() receive-only -> finished",
            "close() finished -> closed",
        ):
            assert transition in err
        _assert_stopped_cleanly(server, 1)


def _assert_fails_in_one_line(result: subprocess.CompletedProcess[bytes], words: str) -> None:
    err = result.stderr.decode()
    assert result.returncode == 1
    assert result.stdout == b""
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert err.startswith("sockstate: ")
    assert words in err


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["serve", "nonsense"], "no port"),
        (["serve", "127.0.0.1:99999"], "outside 0..65535"),
        (["connect", "127.0.0.1:99999"], "outside 0..65535"),
        (["connect", "[::1]"], "expected [IPV6]:PORT"),
        (["connect", ""], "empty address"),
    ],
)
def test_a_bad_address_fails_in_one_line(command: list[str], words: str) -> None:
    result = subprocess.run(
        [*CLI, *command], capture_output=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT
    )
    _assert_fails_in_one_line(result, words)


def test_a_port_in_use_fails_in_one_line() -> None:
    with sockstate.tcp().bind(("127.0.0.1", 0)).listen() as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*CLI, "serve", f"127.0.0.1:{port}"], capture_output=True, timeout=TIMEOUT
        )
    _assert_fails_in_one_line(result, f"127.0.0.1:{port}")


def test_a_refused_connection_fails_in_one_line() -> None:
    with sockstate.tcp().bind(("127.0.0.1", 0)) as bound:  # bound, never listening
        port = bound.getsockname()[1]
        result = _connect(f"127.0.0.1:{port}", b"")
    _assert_fails_in_one_line(result, f"127.0.0.1:{port}")


def test_help_names_both_commands() -> None:
    for command in ("serve", "connect"):
        result = subprocess.run(
            [*CLI, command, "--help"], capture_output=True, text=True, timeout=TIMEOUT
        )
        assert result.returncode == 0
        assert "ADDRESS" in result.stdout
        assert "--trace" in result.stdout
