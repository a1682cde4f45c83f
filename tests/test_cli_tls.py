"""``sockstate serve --tls`` and ``sockstate connect --tls``: real
certificates from ``trustme`` (written to files, as the command line reads
them) over real loopback connections, in-process and as a user runs them.

The subprocess tests synchronise on output only: a server is ready when it
has printed ``listening on ADDRESS``, and has served a client when it logs
the connection closed.  Timeouts are a safety net against a hang, never a
means of synchronisation.
"""

from __future__ import annotations

import io
import os
import signal
import ssl
import subprocess
import threading
from typing import TYPE_CHECKING

import pytest

import sockstate
from cli_support import CLI, TIMEOUT, serving
from sockstate import State
from sockstate._serve import serve
from sockstate._serve_common import TCP4, Unix
from sockstate._serve_connect import connect
from sockstate._serve_tls import client_context, copy, server_context
from tls_support import (
    CA,
    CERT,
    HOST,
    OTHER_CA,
    SERVER,
    Background,
    blocked,
    wait_for,
    wait_until,
)
from tls_support import client_context as trusting

if TYPE_CHECKING:
    from collections.abc import Generator
    from pathlib import Path

    from cli_support import Server

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """The authority's certificate, the server's chain and its key, as PEM
    files: ``ca``, ``cert``, ``key``."""
    paths = {name: tmp_path / f"{name}.pem" for name in ("ca", "cert", "key")}
    CA.cert_pem.write_to_path(str(paths["ca"]))
    CERT.cert_chain_pems[0].write_to_path(str(paths["cert"]))
    CERT.private_key_pem.write_to_path(str(paths["key"]))
    return {name: str(path) for name, path in paths.items()}


def _tls_server(answer: bytes) -> tuple[int, threading.Thread, list[object]]:
    """A one-client TLS server on a loopback port, in a thread: it reads
    what the client sends until ``answer``'s length has come, sends
    ``answer``, and ends TLS with ``unwrap()``.  ``(port, thread, results)``:
    the results are what it read, then the state its socket ended in, or
    its error."""
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    results: list[object] = []

    def run() -> None:
        try:
            with listener:
                listener.settimeout(TIMEOUT)
                conn, _ = listener.accept()
            with conn:
                tls = conn.wrap_tls(SERVER, server_side=True)
                results.append(tls.recv_exactly(len(answer)))
                tls.sendall(answer)
                results.append(tls.unwrap().state)
        except BaseException as error:  # kept for the test
            results.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread, results


@pytest.fixture
def joined() -> Generator[list[threading.Thread], None, None]:
    """Threads that the test's end joins."""
    threads: list[threading.Thread] = []
    yield threads
    for thread in threads:
        thread.join(TIMEOUT)


# -- connect --tls, in-process ----------------------------------------------------------


def test_connect_tls_copies_until_the_servers_close_notify_and_answers_it(
    files: dict[str, str], joined: list[threading.Thread]
) -> None:
    port, thread, results = _tls_server(b"pong")
    joined.append(thread)
    stdout = io.BytesIO()
    trace = io.StringIO()
    connect(
        TCP4(HOST, port),
        stdin=io.BytesIO(b"ping"),
        stdout=stdout,
        trace_out=trace,
        tls=client_context(files["ca"]),
    )
    thread.join(TIMEOUT)
    assert stdout.getvalue() == b"pong"
    assert results == [b"ping", State.CONNECTED]  # both sides' close_notify exchanged
    for transition in (
        "wrap_tls() connected -> TLS",
        "recv() TLS -> TLS-ended",
        "unwrap() TLS-ended -> connected",
    ):
        assert transition in trace.getvalue(), transition


def test_connect_tls_sends_input_that_comes_while_it_reads_a_record_without_data(
    files: dict[str, str], joined: list[threading.Thread]
) -> None:
    """TLS 1.3's session tickets (RFC 8446, section 4.6.1) make the
    client's socket readable after the handshake with no data behind them;
    the read waits the wake interval at most, so input that comes meanwhile
    goes out, and the server, which answers only once it has it, answers."""
    port, thread, results = _tls_server(b"pong")
    joined.append(thread)
    conn = sockstate.tcp().connect((HOST, port))
    fd = conn.fileno()
    read_end, write_end = os.pipe()
    stdout = io.BytesIO()
    with conn, open(read_end, "rb", buffering=0) as stdin:
        copying = Background().start(
            lambda: copy(
                conn,
                client_context(files["ca"]),
                HOST,
                stdin=stdin,
                stdout=stdout,
                wake_interval=0.05,
            )
        )
        wait_for(conn, State.TLS)
        wait_until(lambda: blocked(fd))  # in the read that the tickets woke
        os.write(write_end, b"ping")
        os.close(write_end)
        copying.join()
    thread.join(TIMEOUT)
    assert stdout.getvalue() == b"pong"
    assert results == [b"ping", State.CONNECTED]


def test_connect_tls_without_the_servers_authority_fails_the_handshake(
    joined: list[threading.Thread],
) -> None:
    port, thread, _ = _tls_server(b"")
    joined.append(thread)
    with pytest.raises(ssl.SSLCertVerificationError):
        connect(
            TCP4(HOST, port),
            stdin=io.BytesIO(),
            stdout=io.BytesIO(),
            trace_out=None,
            tls=client_context(None),  # the system's authorities only
        )


def test_connect_tls_to_a_unix_path_is_refused_before_connecting(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="verifies the server's host name"):
        connect(
            Unix(str(tmp_path / "none.sock")),
            stdin=io.BytesIO(),
            stdout=io.BytesIO(),
            trace_out=None,
            tls=client_context(None),
        )


def test_unloadable_files_are_a_one_line_value_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.pem")
    with pytest.raises(ValueError, match="cannot load the certificate and key from"):
        server_context(missing, None)
    with pytest.raises(ValueError, match="cannot load the authorities in"):
        client_context(missing)


# -- serve --tls, in-process -------------------------------------------------------------


def test_serve_tls_echoes_and_ends_tls_when_the_client_does(files: dict[str, str]) -> None:
    out = io.StringIO()
    stop = threading.Event()
    results: list[object] = []

    def talk(where: str) -> None:
        try:
            host, port = where.rsplit(":", 1)
            with sockstate.tcp().connect((host, int(port))) as conn:
                tls = conn.wrap_tls(trusting(CA), server_hostname=HOST)
                tls.sendall(b"ping")
                results.append(tls.recv_exactly(4))
                results.append(tls.unwrap().state)  # the server answers our close_notify
        except BaseException as error:  # kept for the test
            results.append(error)
        finally:
            stop.set()

    threads: list[threading.Thread] = []

    def ready(where: str) -> None:
        threads.append(threading.Thread(target=talk, args=(where,), daemon=True))
        threads[0].start()

    serve(
        TCP4("127.0.0.1", 0),
        out=out,
        trace=False,
        ready=ready,
        stop=stop,
        tls=server_context(files["cert"], files["key"]),
    )
    threads[0].join(TIMEOUT)
    assert results == [b"ping", State.CONNECTED]
    assert any(
        line.startswith("closed connection #1 from ") for line in out.getvalue().splitlines()
    )


# -- the command line ----------------------------------------------------------------------


def _serve_tls(files: dict[str, str], *options: str) -> list[str]:
    """``sockstate serve --tls`` with the test's certificate and key."""
    return [
        *CLI,
        "serve",
        "--tls",
        "--certfile",
        files["cert"],
        "--keyfile",
        files["key"],
        *options,
        "127.0.0.1:0",
    ]


def _connect_tls(server: Server, data: bytes, *options: str) -> subprocess.CompletedProcess[bytes]:
    """``sockstate connect --tls localhost:PORT`` to ``server``, ``data`` on
    its standard input."""
    port = server.address.rsplit(":", 1)[1]
    return subprocess.run(
        [*CLI, "connect", "--tls", *options, f"{HOST}:{port}"],
        input=data,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_connect_tls_to_serve_tls_echoes_and_ends_at_the_servers_idle_timeout(
    files: dict[str, str],
) -> None:
    with serving(_serve_tls(files, "--idle-timeout", "0.5")) as server:
        done = _connect_tls(server, b"hello over TLS\n", "--cafile", files["ca"])
        assert (done.returncode, done.stdout, done.stderr) == (0, b"hello over TLS\n", b"")
        assert server.lines.next().startswith("accepted connection #1 from ")
        assert server.lines.next().endswith(" (idle for 0.5 s)")
        status, rest, err = server.stop()
    assert (status, rest, err) == (130, [], "")


def test_connect_tls_without_cafile_fails_in_one_line(files: dict[str, str]) -> None:
    with serving(_serve_tls(files)) as server:
        done = _connect_tls(server, b"")
        server.stop()
    assert done.returncode == 1
    assert done.stdout == b""
    error = done.stderr.decode()
    assert error.startswith("sockstate: [SSL: CERTIFICATE_VERIFY_FAILED]")
    assert error.count("\n") == 1


def test_serve_tls_asyncio_echoes_and_ends_tls_when_the_client_does(files: dict[str, str]) -> None:
    with serving(_serve_tls(files, "--asyncio")) as server:
        host, port = server.address.rsplit(":", 1)
        with sockstate.tcp().connect((host, int(port))) as conn:
            conn.settimeout(TIMEOUT)
            tls = conn.wrap_tls(trusting(CA), server_hostname=HOST)
            tls.sendall(b"ping")
            assert tls.recv_exactly(4) == b"ping"
            assert tls.unwrap().state is State.CONNECTED
        assert server.lines.next().startswith("accepted connection #1 from ")
        assert server.lines.next().startswith("closed connection #1 from ")
        status, rest, err = server.stop()
    assert (status, rest, err) == (130, [], "")


@pytest.mark.parametrize("asyncio", [False, True], ids=["threads", "asyncio"])
def test_serve_tls_logs_a_client_that_does_not_trust_it(
    files: dict[str, str], *, asyncio: bool
) -> None:
    with serving(_serve_tls(files, *(["--asyncio"] if asyncio else []))) as server:
        host, port = server.address.rsplit(":", 1)
        with sockstate.tcp().connect((host, int(port))) as conn:
            conn.settimeout(TIMEOUT)
            with pytest.raises(ssl.SSLCertVerificationError):
                conn.wrap_tls(trusting(OTHER_CA), server_hostname=HOST)
        assert server.lines.next().startswith("accepted connection #1 from ")
        closed = server.lines.next()
        status, _, err = server.stop()
    assert closed.startswith("closed connection #1 from ")
    assert "unknown ca" in closed
    assert (status, err) == (130, "")


def test_ctrl_c_closes_a_live_tls_connection(files: dict[str, str]) -> None:
    with serving(_serve_tls(files)) as server:
        host, port = server.address.rsplit(":", 1)
        with sockstate.tcp().connect((host, int(port))) as conn:
            conn.settimeout(TIMEOUT)
            tls = conn.wrap_tls(trusting(CA), server_hostname=HOST)
            tls.sendall(b"ping")
            assert tls.recv_exactly(4) == b"ping"  # the server's thread waits in a TLS read
            status, rest, err = server.stop(signal.SIGINT)
            with pytest.raises(ssl.SSLEOFError):  # closed, without close_notify
                tls.recv(1)
    assert (status, err) == (130, "")
    assert rest[-1].endswith(" (shut down by the server)")


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["serve", "--tls", "127.0.0.1:0"], "--tls needs --certfile"),
        (["serve", "--certfile", "cert.pem", "127.0.0.1:0"], "--certfile and --keyfile are for"),
        (["connect", "--cafile", "ca.pem", "127.0.0.1:1"], "--cafile is for --tls"),
    ],
)
def test_a_tls_option_without_its_partner_is_a_usage_error(command: list[str], words: str) -> None:
    done = subprocess.run(
        [*CLI, *command], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT
    )
    assert done.returncode == 2
    assert words in done.stderr.splitlines()[-1]


def test_a_certfile_that_does_not_load_fails_in_one_line(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.pem")
    done = subprocess.run(
        [*CLI, "serve", "--tls", "--certfile", missing, "127.0.0.1:0"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"sockstate: cannot load the certificate and key from {missing!r}: "
        "[Errno 2] No such file or directory\n"
    )
