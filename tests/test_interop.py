"""Interoperation: sockstate sockets under ``selectors`` and ``asyncio``, and
descriptors handed over with ``detach()``.

Readiness comes from the selector or the event loop; the calls themselves
are sockstate's (non-blocking connect, accept, send, recv), or the stdlib's
through ``raw_socket()``, the escape hatch, for ``loop.sock_*``.
"""

from __future__ import annotations

import asyncio
import selectors
import socket

import pytest

from sockstate import ConnectedSocket, SocketClosedError, State
from support import SAFETY_TIMEOUT, Addr, Family, fd_is_open, operation


def _wait(selector: selectors.BaseSelector, fileobj: int, events: int) -> None:
    selector.register(fileobj, events)
    try:
        assert selector.select(SAFETY_TIMEOUT), "the socket never became ready"
    finally:
        selector.unregister(fileobj)


def test_a_non_blocking_connection_under_a_selector(family: Family[Addr]) -> None:
    listener = family.listening()
    listener.setblocking(False)
    fresh = family.fresh()
    fresh.setblocking(False)
    with selectors.DefaultSelector() as selector:
        connecting = family.start_connect(fresh, listener.getsockname())
        _wait(selector, listener.fileno(), selectors.EVENT_READ)
        server, _ = family.accept(listener)
        _wait(selector, connecting.fileno(), selectors.EVENT_WRITE)
        client = connecting.finish_connect()
        assert client.state is State.CONNECTED
        assert client.getblocking() is False
        client.send(b"ping")
        server.setblocking(False)
        _wait(selector, server.fileno(), selectors.EVENT_READ)
        assert server.recv(16) == b"ping"
        with pytest.raises(BlockingIOError):
            server.recv(16)
        assert server.state is State.CONNECTED


def test_a_non_blocking_accept_with_nothing_waiting_says_would_block(
    family: Family[Addr],
) -> None:
    listener = family.listening()
    listener.setblocking(False)
    with pytest.raises(BlockingIOError):
        listener.accept()
    assert listener.state is State.LISTENING


def test_asyncio_sock_functions_through_the_escape_hatch(family: Family[Addr]) -> None:
    listener = family.listening()
    listener.setblocking(False)
    fresh = family.fresh()
    fresh.setblocking(False)

    async def converse() -> bytes:
        loop = asyncio.get_running_loop()
        connecting = family.start_connect(fresh, listener.getsockname())
        writable = loop.create_future()
        loop.add_writer(connecting.fileno(), writable.set_result, None)
        try:
            accepted, _ = await loop.sock_accept(listener.raw_socket())
            await writable
        finally:
            loop.remove_writer(connecting.fileno())
        server = family.take(accepted)
        assert isinstance(server, ConnectedSocket)
        client = connecting.finish_connect()
        await loop.sock_sendall(client.raw_socket(), b"hello")
        return await loop.sock_recv(server.raw_socket(), 16)

    assert asyncio.run(converse()) == b"hello"


@pytest.mark.parametrize("state", [State.FRESH, State.LISTENING, State.CONNECTED])
def test_detach_hands_the_descriptor_over_and_leaves_the_object_detached(
    family: Family[Addr], state: State
) -> None:
    sock = family.build(state).sock
    fd = operation(sock, "fileno")()
    assert isinstance(fd, int)
    assert operation(sock, "detach")() == fd
    assert sock.state is State.DETACHED
    with pytest.raises(SocketClosedError):
        operation(sock, "fileno")()
    sock.close()
    assert fd_is_open(fd)
    with socket.socket(fileno=fd) as taken:
        assert taken.fileno() == fd
