"""``sockstate.socketserver``: the stdlib's ``socketserver`` and
``http.server`` servers running on sockstate sockets, driven by the stdlib's
own code and reached by stdlib clients (``socket``, ``http.client``).
"""

from __future__ import annotations

import errno
import http.client
import http.server
import socket
import socketserver
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, ClassVar, cast

import pytest

from sockstate import (
    BinaryReader,
    ConnectedSocket,
    FreshSocket,
    IPv4Address,
    ListeningSocket,
    OrderingError,
    State,
)
from sockstate.socketserver import SockstateServer, ThreadingHTTPServer, ThreadingTCPServer
from support import SAFETY_TIMEOUT, open_fds, same_object, state_of

if TYPE_CHECKING:
    from collections.abc import Generator
    from pathlib import Path

_LOOPBACK = ("127.0.0.1", 0)


class _Echo(socketserver.StreamRequestHandler):
    """Echoes one line, and records the request socket it was given and the
    class the socket had then."""

    seen: ClassVar[list[tuple[object, type[object]]]]

    def handle(self) -> None:
        request: object = self.request
        self.seen.append((request, type(request)))
        self.wfile.write(self.rfile.readline())


def _echo_handler() -> type[_Echo]:
    """A handler class of its own, for one test's records."""

    class Echo(_Echo):
        seen: ClassVar[list[tuple[object, type[object]]]] = []

    return Echo


@contextmanager
def _serving(server: socketserver.BaseServer) -> Generator[None, None, None]:
    """Serve in a thread; stop and close the server on the way out."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        thread.join(SAFETY_TIMEOUT)
        server.server_close()
        assert not thread.is_alive()


def _ask(address: tuple[str, int], line: bytes) -> bytes:
    """Send ``line`` on a new TCP connection and read until the server's end of stream."""
    with socket.create_connection(address, timeout=SAFETY_TIMEOUT) as client:
        client.sendall(line)
        received = b""
        while chunk := client.recv(1024):
            received += chunk
    return received


def _address(server: socketserver.BaseServer) -> tuple[str, int]:
    """The address a TCP server listens on (typeshed's type covers every family)."""
    return cast("tuple[str, int]", server.server_address)


def test_a_threading_tcp_server_echoes_over_sockstate_sockets() -> None:
    handler = _echo_handler()
    with ThreadingTCPServer(_LOOPBACK, handler) as server, _serving(server):
        assert _ask(_address(server), b"hello\n") == b"hello\n"
    assert [kind for _, kind in handler.seen] == [ConnectedSocket]


def test_the_server_listens_on_a_sockstate_socket_until_it_is_closed() -> None:
    server = ThreadingTCPServer(_LOOPBACK, _echo_handler())
    listener = cast("ListeningSocket[IPv4Address]", server.socket)
    assert listener.state is State.LISTENING
    server.server_close()
    assert state_of(listener) is State.CLOSED


def test_a_server_made_without_binding_moves_through_the_states_in_place() -> None:
    server = ThreadingTCPServer(_LOOPBACK, _echo_handler(), bind_and_activate=False)
    listener = cast("FreshSocket[IPv4Address]", server.socket)
    try:
        assert state_of(listener) is State.FRESH
        server.server_bind()
        assert state_of(listener) is State.BOUND
        server.server_activate()
        assert state_of(listener) is State.LISTENING
        assert same_object(server.socket, listener)
    finally:
        server.server_close()


def test_each_request_is_shut_and_closed_once_its_handler_returns() -> None:
    handler = _echo_handler()
    with ThreadingTCPServer(_LOOPBACK, handler) as server, _serving(server):
        # The client reads the server's end of stream: the request was shut.
        assert _ask(_address(server), b"x\n") == b"x\n"
    ((request, _),) = handler.seen
    assert state_of(cast("ConnectedSocket[object]", request)) is State.CLOSED


class _Keeper(socketserver.BaseRequestHandler):
    """Sends a word and keeps a file of its request open past its return,
    as a handler may: closing the socket then leaves the connection open."""

    kept: ClassVar[list[BinaryReader]] = []

    def handle(self) -> None:
        request = cast("ConnectedSocket[object]", self.request)
        self.kept.append(request.makefile("rb"))
        request.sendall(b"bye")


def test_a_request_is_shut_even_while_its_handler_keeps_a_file_of_it() -> None:
    try:
        with ThreadingTCPServer(_LOOPBACK, _Keeper) as server, _serving(server):
            # The client reads the end of stream: the server shut the sending
            # side before closing, as the stdlib's shutdown_request() does.
            assert _ask(_address(server), b"") == b"bye"
    finally:
        for file in _Keeper.kept:
            file.close()


class _Misordered(socketserver.BaseRequestHandler):
    """Shuts its sending side, then sends: an ordering mistake."""

    errors: ClassVar[list[BaseException]] = []

    def handle(self) -> None:
        request = cast("ConnectedSocket[object]", self.request)
        try:
            request.shutdown_write().sendall(b"late")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
        except OrderingError as error:
            self.errors.append(error)
            raise


def test_a_handler_that_breaks_the_order_gets_an_ordering_error_and_its_request_closed() -> None:
    class Quiet(ThreadingTCPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            """The error is the test's to check: nothing printed."""

    before = open_fds()
    with Quiet(_LOOPBACK, _Misordered) as server, _serving(server):
        assert _ask(_address(server), b"") == b""
    (error,) = _Misordered.errors
    assert isinstance(error, OrderingError)
    assert error.operation == "sendall"
    assert error.state is State.RECEIVE_ONLY
    assert open_fds() == before


class _Reader(socketserver.BaseRequestHandler):
    """Reads until the connection ends or breaks, recording the state it left."""

    states: ClassVar[list[State]] = []
    done: ClassVar = threading.Event()

    def handle(self) -> None:
        request = cast("ConnectedSocket[object]", self.request)
        request.settimeout(SAFETY_TIMEOUT)
        try:
            while request.recv(1024):
                pass
        except ConnectionError:
            pass
        finally:
            self.states.append(request.state)
            self.done.set()


def test_a_request_the_client_reset_is_closed_without_a_shutdown() -> None:
    before = open_fds()
    with ThreadingTCPServer(_LOOPBACK, _Reader) as server, _serving(server):
        client = socket.create_connection(_address(server), timeout=SAFETY_TIMEOUT)
        # SO_LINGER with a zero timeout: close() sends RST (socket(7), tcp(7)).
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        client.sendall(b"data")
        client.close()
        assert _Reader.done.wait(SAFETY_TIMEOUT)
    assert _Reader.states == [State.BROKEN]
    assert open_fds() == before


class _Hello(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = f"hello {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_threading_http_server_answers_http_client_on_one_kept_connection() -> None:
    with ThreadingHTTPServer(_LOOPBACK, _Hello) as server, _serving(server):
        client = http.client.HTTPConnection(*_address(server), timeout=SAFETY_TIMEOUT)
        try:
            for path in ("/a", "/b"):
                client.request("GET", path)
                response = client.getresponse()
                assert (response.status, response.read()) == (200, f"hello {path}".encode())
        finally:
            client.close()


def test_a_unix_server_made_from_the_stdlib_class_and_sockstate_server(tmp_path: Path) -> None:
    class UnixServer(SockstateServer, socketserver.ThreadingUnixStreamServer):
        pass

    handler = _echo_handler()
    path = str(tmp_path / "server")
    with (
        UnixServer(path, handler) as server,
        _serving(server),
        socket.socket(socket.AF_UNIX) as client,
    ):
        client.settimeout(SAFETY_TIMEOUT)
        client.connect(path)
        client.sendall(b"unix\n")
        assert client.recv(1024) == b"unix\n"
    assert [kind for _, kind in handler.seen] == [ConnectedSocket]


def test_an_address_in_use_raises_the_kernels_error_and_leaves_no_descriptor() -> None:
    with ThreadingTCPServer(_LOOPBACK, _echo_handler()) as taken:
        before = open_fds()
        with pytest.raises(OSError, match="in use") as raised:
            ThreadingTCPServer(_address(taken), _echo_handler())
        assert raised.value.errno == errno.EADDRINUSE
        assert open_fds() == before
