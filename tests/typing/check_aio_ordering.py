"""The asyncio face's order of calls: each state's class offers the table's
legal calls, less the calls of sockets that block, and rejects every other
operation of the table.

Every (state, operation) pair is here: each legal call with ``assert_type``
(awaited where it waits), each other operation as a line that both
checkers must reject; ``tests/test_aio_typing.py`` checks that no pair is
missing.  Shown on IPv4 (``check_aio_families.py`` has the other families).
Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.

In strict mode pyright reports a missing method twice: the access itself
(reportAttributeAccessIssue) and its unknown type (reportUnknownMemberType).
"""

import io
import socket

from typing_extensions import assert_type

import sockstate
from sockstate import IPv4Address, aio


async def detached(sock: aio.DetachedSocket) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the detached state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.detach()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.fileno()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.options.get_receive_buffer_size()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.raw_socket()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def failed(sock: aio.FailedSocket) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the failed state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.detach()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.fileno()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.options.get_receive_buffer_size()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.raw_socket()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def closed(sock: aio.ClosedSocket) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the closed state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.detach()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.fileno()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.options.get_receive_buffer_size()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.raw_socket()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def fresh(sock: aio.FreshSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(sock.bind(("127.0.0.1", 0)), aio.BoundSocket[IPv4Address])
    assert_type(await sock.connect(("127.0.0.1", 8080)), aio.ConnectedSocket[IPv4Address])
    assert_type(sock.start_connect(("127.0.0.1", 8080)), aio.ConnectingSocket[IPv4Address])
    assert_type(sock.options, sockstate.FreshIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the fresh state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def bound(sock: aio.BoundSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(sock.listen(8), aio.ListeningSocket[IPv4Address])
    assert_type(await sock.connect(("127.0.0.1", 8080)), aio.ConnectedSocket[IPv4Address])
    assert_type(sock.start_connect(("127.0.0.1", 8080)), aio.ConnectingSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.options, sockstate.BoundIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the bound state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def listening(sock: aio.ListeningSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(await sock.accept(), tuple[aio.ConnectedSocket[IPv4Address], IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.options, sockstate.ListeningIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the listening state, or on every state of the asyncio face.
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def connecting(sock: aio.ConnectingSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(await sock.finish_connect(), aio.ConnectedSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.options, sockstate.ConnectingIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the connecting state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def connected(sock: aio.ConnectedSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(await sock.send(b"ping"), int)
    assert_type(await sock.sendall(b"ping"), None)
    assert_type(await sock.sendmsg([b"ping"]), int)
    assert_type(await sock.sendfile(io.BytesIO(b"ping")), int)
    tcp = sock  # a TCP socket: no descriptors (the lines marked "sock." are the table's)
    await tcp.send_fds([b"ping"], [0])  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert_type(await sock.recv(1024), bytes)
    assert_type(await sock.recv_into(bytearray(1024)), int)
    assert_type(await sock.recv_exactly(4), bytes)
    assert_type(await sock.recvmsg(1024), tuple[bytes, list[tuple[int, int, bytes]], int, object])
    tcp = sock  # a TCP socket: no descriptors (the lines marked "sock." are the table's)
    await tcp.recv_fds(1024, 1)  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert_type(sock.shutdown_write(), aio.ReceiveOnlySocket[IPv4Address])
    assert_type(sock.shutdown_read(), aio.SendOnlySocket[IPv4Address])
    assert_type(sock.shutdown_both(), aio.ShutDownSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.options, sockstate.ConnectedIPv4Options)
    assert_type(
        sock.shutdown(socket.SHUT_WR),
        aio.ReceiveOnlySocket[IPv4Address]
        | aio.SendOnlySocket[IPv4Address]
        | aio.ShutDownSocket[IPv4Address],
    )
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the connected state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def receive_only(sock: aio.ReceiveOnlySocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(await sock.recv(1024), bytes)
    assert_type(await sock.recv_into(bytearray(1024)), int)
    assert_type(await sock.recv_exactly(4), bytes)
    assert_type(await sock.recvmsg(1024), tuple[bytes, list[tuple[int, int, bytes]], int, object])
    tcp = sock  # a TCP socket: no descriptors (the lines marked "sock." are the table's)
    await tcp.recv_fds(1024, 1)  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert_type(sock.shutdown_write(), aio.ReceiveOnlySocket[IPv4Address])
    assert_type(sock.shutdown_read(), aio.ShutDownSocket[IPv4Address])
    assert_type(sock.shutdown_both(), aio.ShutDownSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.options, sockstate.ReceiveOnlyIPv4Options)
    assert_type(
        sock.shutdown(socket.SHUT_WR),
        aio.ReceiveOnlySocket[IPv4Address] | aio.ShutDownSocket[IPv4Address],
    )
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the receive-only state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def send_only(sock: aio.SendOnlySocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(await sock.send(b"ping"), int)
    assert_type(await sock.sendall(b"ping"), None)
    assert_type(await sock.sendmsg([b"ping"]), int)
    assert_type(await sock.sendfile(io.BytesIO(b"ping")), int)
    tcp = sock  # a TCP socket: no descriptors (the lines marked "sock." are the table's)
    await tcp.send_fds([b"ping"], [0])  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert_type(sock.shutdown_write(), aio.ShutDownSocket[IPv4Address])
    assert_type(sock.shutdown_read(), aio.SendOnlySocket[IPv4Address])
    assert_type(sock.shutdown_both(), aio.ShutDownSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.options, sockstate.SendOnlyIPv4Options)
    assert_type(
        sock.shutdown(socket.SHUT_WR),
        aio.SendOnlySocket[IPv4Address] | aio.ShutDownSocket[IPv4Address],
    )
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the send-only state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def shut_down(sock: aio.ShutDownSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(sock.shutdown_write(), aio.ShutDownSocket[IPv4Address])
    assert_type(sock.shutdown_read(), aio.ShutDownSocket[IPv4Address])
    assert_type(sock.shutdown_both(), aio.ShutDownSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.options, sockstate.ShutDownIPv4Options)
    assert_type(sock.shutdown(socket.SHUT_WR), aio.ShutDownSocket[IPv4Address])
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the shut down state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def ended(sock: aio.EndedSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(await sock.send(b"ping"), int)
    assert_type(await sock.sendall(b"ping"), None)
    assert_type(await sock.sendmsg([b"ping"]), int)
    assert_type(await sock.sendfile(io.BytesIO(b"ping")), int)
    tcp = sock  # a TCP socket: no descriptors (the lines marked "sock." are the table's)
    await tcp.send_fds([b"ping"], [0])  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    assert_type(sock.shutdown_write(), aio.FinishedSocket[IPv4Address])
    assert_type(sock.shutdown_read(), aio.EndedSocket[IPv4Address])
    assert_type(sock.shutdown_both(), aio.FinishedSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.options, sockstate.EndedIPv4Options)
    assert_type(
        sock.shutdown(socket.SHUT_WR),
        aio.EndedSocket[IPv4Address] | aio.FinishedSocket[IPv4Address],
    )
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the ended state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def finished(sock: aio.FinishedSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(sock.shutdown_write(), aio.FinishedSocket[IPv4Address])
    assert_type(sock.shutdown_read(), aio.FinishedSocket[IPv4Address])
    assert_type(sock.shutdown_both(), aio.FinishedSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.options, sockstate.FinishedIPv4Options)
    assert_type(sock.shutdown(socket.SHUT_WR), aio.FinishedSocket[IPv4Address])
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the finished state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def broken(sock: aio.BrokenSocket) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(sock.options, sockstate.SocketOptions)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the broken state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def datagram(sock: aio.DatagramSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(sock.bind(("127.0.0.1", 0)), aio.BoundDatagramSocket[IPv4Address])
    assert_type(await sock.connect(("127.0.0.1", 8080)), aio.ConnectedDatagramSocket[IPv4Address])
    assert_type(sock.options, sockstate.DatagramIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the unbound datagram state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getsockname()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def datagram_bound(sock: aio.BoundDatagramSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(await sock.sendto(b"ping", ("127.0.0.1", 9)), int)
    assert_type(await sock.recvfrom(1024), tuple[bytes, IPv4Address])
    assert_type(await sock.connect(("127.0.0.1", 8080)), aio.ConnectedDatagramSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.options, sockstate.BoundDatagramIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the bound datagram state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def datagram_connected(sock: aio.ConnectedDatagramSocket[IPv4Address]) -> None:
    assert_type(sock.family, socket.AddressFamily)
    assert_type(sock.type, socket.SocketKind)
    assert_type(sock.proto, int)
    assert_type(await sock.send(b"ping"), int)
    assert_type(await sock.recv(1024), bytes)
    assert_type(await sock.connect(("127.0.0.1", 8080)), aio.ConnectedDatagramSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.options, sockstate.ConnectedDatagramIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), aio.ClosedSocket)
    # Illegal in the connected datagram state, or on every state of the asyncio face.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.gettimeout()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
