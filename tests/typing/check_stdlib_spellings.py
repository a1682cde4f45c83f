"""The stdlib's spellings that sockstate offers for code being ported:
``family``, ``type`` and ``proto`` on every state (terminal ones included),
and the raw ``setsockopt()``/``getsockopt()`` on every state that holds a
descriptor, with the overloads of ``options``' raw hatch.  (``shutdown(how)``
is in ``check_halfclose.py``; the asyncio face's lines are in
``check_aio_ordering.py``.)

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.

In strict mode pyright reports a missing method twice: the access itself
(reportAttributeAccessIssue) and its unknown type (reportUnknownMemberType).
"""

import socket

from typing_extensions import assert_type

import sockstate
from sockstate import ClosedSocket, DetachedSocket, FailedSocket


def attributes(failed: FailedSocket, detached: DetachedSocket) -> None:
    fresh = sockstate.tcp()
    assert_type(fresh.family, socket.AddressFamily)
    assert_type(fresh.type, socket.SocketKind)
    assert_type(fresh.proto, int)
    listener = sockstate.tcp6().bind(("::1", 0)).listen()
    assert_type(listener.family, socket.AddressFamily)
    dgram = sockstate.unix_datagram().bind("/run/app.sock")
    assert_type(dgram.type, socket.SocketKind)
    # Kept after close, as the stdlib's socket keeps them.
    closed = sockstate.tcp().close()
    assert_type(closed.family, socket.AddressFamily)
    assert_type(closed.type, socket.SocketKind)
    assert_type(closed.proto, int)
    assert_type(failed.family, socket.AddressFamily)
    assert_type(detached.proto, int)
    # Read-only, like state.
    fresh.family = socket.AF_INET6  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    fresh.proto = 6  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


def raw_options() -> None:
    fresh = sockstate.tcp()
    assert_type(fresh.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1), None)
    assert_type(fresh.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), int)
    assert_type(fresh.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), bytes)
    fresh.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\0" * 8)
    fresh.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, None, 8)
    conn = fresh.connect(("127.0.0.1", 8080))
    assert_type(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY), int)
    assert_type(conn.shutdown_both().setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 0), None)
    dgram = sockstate.udp().bind(("127.0.0.1", 0))
    assert_type(dgram.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1), None)
    # The overloads of options' raw hatch.
    fresh.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, None)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    fresh.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"", 8)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    fresh.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, "x")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]


def raw_options_need_a_descriptor(
    failed: FailedSocket, detached: DetachedSocket, closed: ClosedSocket
) -> None:
    closed.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    closed.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    failed.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    detached.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
