"""Code that takes a socket object, given a sockstate socket: ``asyncio``'s
streams and ``loop.sock_*`` calls, ``selectors`` and ``ssl``.  Each is the
stdlib module itself on loopback, calling the socket's stdlib spellings
(``family``, ``type``, ``proto``, ``setsockopt``, ``shutdown(how)``,
``fileno``, ``detach``).
"""

from __future__ import annotations

import asyncio
import selectors
import socket
import threading

import pytest

import sockstate
from sockstate import ConnectedSocket, IPv4Address, ModeError, State
from support import SAFETY_TIMEOUT, state_of
from tls_support import CLIENT, HOST, SERVER


def _pair() -> tuple[ConnectedSocket[IPv4Address], ConnectedSocket[IPv4Address]]:
    """A TCP connection on loopback: (client, server), both blocking with a timeout."""
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    try:
        client = sockstate.tcp()
        client.settimeout(SAFETY_TIMEOUT)
        connected = client.connect(listener.getsockname())
        server, _ = listener.accept()
    finally:
        listener.close()
    server.settimeout(SAFETY_TIMEOUT)
    return connected, server


def test_asyncio_open_connection_streams_over_a_connected_sockstate_socket() -> None:
    client, server = _pair()

    async def exchange() -> None:
        reader, writer = await asyncio.open_connection(sock=client)
        writer.write(b"ping")
        await writer.drain()
        assert server.recv(4) == b"ping"
        server.sendall(b"pong")
        assert await reader.readexactly(4) == b"pong"
        writer.write_eof()  # shutdown(SHUT_WR) on the sockstate socket
        assert state_of(client) is State.RECEIVE_ONLY
        writer.close()
        await writer.wait_closed()

    try:
        asyncio.run(exchange())
        assert server.recv(1) == b""
        assert state_of(client) is State.CLOSED
    finally:
        client.close()
        server.close()


def test_loop_sock_calls_move_data_on_a_non_blocking_sockstate_socket() -> None:
    client, server = _pair()
    client.setblocking(False)

    async def exchange() -> bytes:
        loop = asyncio.get_running_loop()
        await loop.sock_sendall(client, b"ping")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        server.sendall(b"pong")
        return await loop.sock_recv(client, 4)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    try:
        assert asyncio.run(exchange()) == b"pong"
        assert server.recv(4) == b"ping"
    finally:
        client.close()
        server.close()


def test_loop_sock_connect_on_a_blocking_face_socket_names_start_connect() -> None:
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    fresh = sockstate.tcp()
    fresh.setblocking(False)

    async def connect() -> None:
        await asyncio.get_running_loop().sock_connect(fresh, listener.getsockname())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    try:
        with pytest.raises(ModeError, match=r"start_connect\(\)"):
            asyncio.run(connect())
        assert fresh.state is State.FRESH
    finally:
        fresh.close()
        listener.close()


def test_a_selector_takes_the_sockstate_socket_itself() -> None:
    client, server = _pair()
    try:
        with selectors.DefaultSelector() as selector:
            key = selector.register(server, selectors.EVENT_READ)
            assert key.fd == server.fileno()
            client.sendall(b"x")
            ready = selector.select(SAFETY_TIMEOUT)
            assert [(found.fileobj, events) for found, events in ready] == [
                (server, selectors.EVENT_READ)
            ]
    finally:
        client.close()
        server.close()


def test_ssl_wraps_a_connected_sockstate_socket_by_taking_its_descriptor() -> None:
    client, server = _pair()
    answers: list[bytes] = []

    def serve() -> None:
        with SERVER.wrap_socket(socket.socket(fileno=server.detach()), server_side=True) as tls:
            answers.append(tls.recv(4))
            tls.sendall(b"pong")

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        with CLIENT.wrap_socket(client, server_hostname=HOST) as tls:  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            assert state_of(client) is State.DETACHED
            tls.sendall(b"ping")
            assert tls.recv(4) == b"pong"
        thread.join(SAFETY_TIMEOUT)
        assert answers == [b"ping"]
        assert state_of(server) is State.DETACHED
    finally:
        thread.join(SAFETY_TIMEOUT)
        client.close()
        server.close()
