"""TLS's order of calls on the blocking face: each TLS state's class offers
its legal calls, with their types, and rejects every other operation of the
table; every other state rejects the TLS calls (``wrap_tls()`` but on a
connected socket, ``unwrap()``, ``getpeercert()``, ``version()``,
``cipher()``, ``selected_alpn_protocol()``).  No ``sendmsg()``,
``recvmsg()``, shutdown or second ``wrap_tls()`` on a TLS socket.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.  Every pair is here (checked against the table by
``tests/test_tls_typing.py`` and ``tests/test_aio_typing.py``); shown on
IPv4.

In strict mode pyright reports a missing method twice: the access itself
(reportAttributeAccessIssue) and its unknown type (reportUnknownMemberType).
"""

import io
import socket
import ssl

from typing_extensions import assert_type

import sockstate
from sockstate import IPv4Address

CONTEXT = ssl.create_default_context()


def fresh(sock: sockstate.FreshSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the fresh state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def bound(sock: sockstate.BoundSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the bound state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def listening(sock: sockstate.ListeningSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the listening state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def connecting(sock: sockstate.ConnectingSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the connecting state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def connected(sock: sockstate.ConnectedSocket[IPv4Address]) -> None:
    assert_type(
        sock.wrap_tls(CONTEXT, server_hostname="localhost"), sockstate.TLSSocket[IPv4Address]
    )
    assert_type(sock.wrap_tls(CONTEXT, server_side=True), sockstate.TLSSocket[IPv4Address])
    # The TLS calls, illegal in the connected state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def receive_only(sock: sockstate.ReceiveOnlySocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the receive-only state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def send_only(sock: sockstate.SendOnlySocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the send-only state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def shut_down(sock: sockstate.ShutDownSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the shut down state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def ended(sock: sockstate.EndedSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the ended state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def finished(sock: sockstate.FinishedSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the finished state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def handshaking(sock: sockstate.HandshakingSocket[IPv4Address]) -> None:
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.settimeout(1.0), None)
    assert_type(sock.gettimeout(), float | None)
    assert_type(sock.setblocking(False), None)
    assert_type(sock.getblocking(), bool)
    assert_type(sock.options, sockstate.HandshakingIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), sockstate.ClosedSocket)
    # Illegal in the handshaking state.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO(b"ping"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def tls(sock: sockstate.TLSSocket[IPv4Address]) -> None:
    assert_type(sock.send(b"ping"), int)
    assert_type(sock.sendall(b"ping"), None)
    assert_type(sock.recv(1024), bytes)
    assert_type(sock.recv_into(bytearray(1024)), int)
    assert_type(sock.recv_exactly(4), bytes)
    assert_type(sock.makefile("rb"), sockstate.BinaryReader)
    assert_type(
        sock.getpeercert(),
        dict[str, str | tuple[tuple[tuple[str, str], ...], ...] | tuple[tuple[str, str], ...]]
        | None,
    )
    assert_type(sock.getpeercert(binary_form=True), bytes | None)
    assert_type(sock.version(), str)
    assert_type(sock.cipher(), tuple[str, str, int])
    assert_type(sock.selected_alpn_protocol(), str | None)
    assert_type(sock.unwrap(), sockstate.ConnectedSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.settimeout(1.0), None)
    assert_type(sock.gettimeout(), float | None)
    assert_type(sock.setblocking(False), None)
    assert_type(sock.getblocking(), bool)
    assert_type(sock.options, sockstate.TLSIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), sockstate.ClosedSocket)
    # Illegal in the TLS state.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO(b"ping"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def tls_ended(sock: sockstate.TLSEndedSocket[IPv4Address]) -> None:
    assert_type(sock.send(b"ping"), int)
    assert_type(sock.sendall(b"ping"), None)
    assert_type(
        sock.getpeercert(),
        dict[str, str | tuple[tuple[tuple[str, str], ...], ...] | tuple[tuple[str, str], ...]]
        | None,
    )
    assert_type(sock.getpeercert(binary_form=True), bytes | None)
    assert_type(sock.version(), str)
    assert_type(sock.cipher(), tuple[str, str, int])
    assert_type(sock.selected_alpn_protocol(), str | None)
    assert_type(sock.unwrap(), sockstate.ConnectedSocket[IPv4Address])
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.settimeout(1.0), None)
    assert_type(sock.gettimeout(), float | None)
    assert_type(sock.setblocking(False), None)
    assert_type(sock.getblocking(), bool)
    assert_type(sock.options, sockstate.TLSEndedIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), sockstate.ClosedSocket)
    # Illegal in the TLS-ended state.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO(b"ping"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def unwrapping(sock: sockstate.UnwrappingSocket[IPv4Address]) -> None:
    assert_type(sock.getsockname(), IPv4Address)
    assert_type(sock.getpeername(), IPv4Address)
    assert_type(sock.settimeout(1.0), None)
    assert_type(sock.gettimeout(), float | None)
    assert_type(sock.setblocking(False), None)
    assert_type(sock.getblocking(), bool)
    assert_type(sock.options, sockstate.UnwrappingIPv4Options)
    assert_type(sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1), None)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), int)
    assert_type(sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    assert_type(sock.fileno(), int)
    assert_type(sock.raw_socket(), socket.socket)
    assert_type(sock.detach(), int)
    assert_type(sock.close(), sockstate.ClosedSocket)
    # Illegal in the unwrapping state.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvfrom(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO(b"ping"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def broken(sock: sockstate.BrokenSocket) -> None:
    # The TLS calls, illegal in the broken state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def datagram(sock: sockstate.DatagramSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the unbound datagram state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def datagram_bound(sock: sockstate.BoundDatagramSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the bound datagram state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def datagram_connected(sock: sockstate.ConnectedDatagramSocket[IPv4Address]) -> None:
    # The TLS calls, illegal in the connected datagram state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def failed(sock: sockstate.FailedSocket) -> None:
    # The TLS calls, illegal in the failed state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def handshake_failed(sock: sockstate.HandshakeFailedSocket) -> None:
    assert_type(sock.close(), sockstate.ClosedSocket)
    # Illegal in the handshake failed state.
    sock.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.detach()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.fileno()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getblocking()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
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
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendmsg([b"ping"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendfile(io.BytesIO(b"ping"))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.send_fds([b"ping"], [0])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.recv_fds(1024, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.sendto(b"ping", ("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setblocking(False)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.settimeout(1.0)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown(socket.SHUT_WR)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_both()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def detached(sock: sockstate.DetachedSocket) -> None:
    # The TLS calls, illegal in the detached state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def closed(sock: sockstate.ClosedSocket) -> None:
    # The TLS calls, illegal in the closed state.
    sock.cipher()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.selected_alpn_protocol()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.unwrap()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.version()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
