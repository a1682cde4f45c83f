"""Connecting without waiting, the blocking mode and detach.

``start_connect()`` (fresh and bound stream sockets only) returns a
``ConnectingSocket``, which has no data calls: only ``finish_connect()``
leads on, to a ``ConnectedSocket``.  The mode calls and ``detach()`` are on
every live state.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.  A ``settimeout(True)`` type-checks (``bool`` is an
``int``); sockstate refuses it at runtime with ``TypeError``.
"""

import pathlib
import socket

from typing_extensions import assert_type

import sockstate
from sockstate import (
    BoundSocket,
    ConnectedSocket,
    ConnectingSocket,
    FreshSocket,
    ListeningSocket,
)


def starting_per_family(path: pathlib.Path) -> None:
    assert_type(
        sockstate.tcp().start_connect(("127.0.0.1", 8080)), ConnectingSocket[tuple[str, int]]
    )
    assert_type(
        sockstate.tcp6().start_connect(("::1", 8080, 0, 0)),
        ConnectingSocket[tuple[str, int, int, int]],
    )
    assert_type(
        sockstate.tcp6().start_connect(("::1", 8080)), ConnectingSocket[sockstate.IPv6Address]
    )
    assert_type(sockstate.unix().start_connect("/run/app.sock"), ConnectingSocket[str | bytes])
    assert_type(sockstate.unix().start_connect(b"\0abstract"), ConnectingSocket[str | bytes])
    assert_type(sockstate.unix().start_connect(path), ConnectingSocket[sockstate.UnixAddress])


def starting_from_bound() -> None:
    bound = sockstate.tcp().bind(("127.0.0.1", 0))
    assert_type(bound, BoundSocket[tuple[str, int]])
    assert_type(bound.start_connect(("127.0.0.1", 8080)), ConnectingSocket[tuple[str, int]])
    bound6 = sockstate.tcp6().bind(("::1", 0))
    assert_type(bound6.start_connect(("::1", 8080)), ConnectingSocket[sockstate.IPv6Address])
    bound_unix = sockstate.unix().bind("/run/client.sock")
    assert_type(bound_unix.start_connect("/run/app.sock"), ConnectingSocket[str | bytes])


def finishing() -> None:
    connecting = sockstate.tcp().start_connect(("127.0.0.1", 8080))
    assert_type(connecting.finish_connect(), ConnectedSocket[tuple[str, int]])
    assert_type(connecting.getsockname(), tuple[str, int])
    connecting6 = sockstate.tcp6().start_connect(("::1", 8080))
    assert_type(connecting6.finish_connect(), ConnectedSocket[sockstate.IPv6Address])
    connecting_unix = sockstate.unix().start_connect("/run/app.sock")
    assert_type(connecting_unix.finish_connect(), ConnectedSocket[sockstate.UnixAddress])


def nothing_moves_while_connecting() -> None:
    connecting = sockstate.tcp().start_connect(("127.0.0.1", 8080))
    assert_type(connecting, ConnectingSocket[tuple[str, int]])
    connecting.send(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.sendall(b"ping")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.recv_into(bytearray(1024))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.recv_exactly(4)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.makefile("rb")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.getpeername()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.listen()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.bind(("127.0.0.1", 0))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connecting.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def finish_connect_only_while_connecting() -> None:
    fresh = sockstate.tcp()
    assert_type(fresh, FreshSocket[tuple[str, int]])
    fresh.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound = sockstate.tcp().bind(("127.0.0.1", 0))
    bound.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connected = sockstate.tcp().connect(("127.0.0.1", 8080))
    connected.finish_connect()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def start_connect_only_before_connecting() -> None:
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    assert_type(listener, ListeningSocket[tuple[str, int]])
    listener.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connected = sockstate.tcp().connect(("127.0.0.1", 8080))
    connected.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    # Datagram sockets connect without waiting anyway: no start_connect().
    sockstate.udp().start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound_datagram = sockstate.udp().bind(("127.0.0.1", 0))
    bound_datagram.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    connected_datagram = sockstate.udp().connect(("127.0.0.1", 8080))
    connected_datagram.start_connect(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def the_family_decides_the_address() -> None:
    sockstate.tcp().start_connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sockstate.tcp().start_connect(("::1", 8080, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sockstate.tcp6().start_connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sockstate.unix().start_connect(("127.0.0.1", 8080))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bound = sockstate.tcp().bind(("127.0.0.1", 0))
    bound.start_connect("/run/app.sock")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def modes() -> None:
    fresh = sockstate.tcp()
    assert_type(fresh.settimeout(2.5), None)
    assert_type(fresh.settimeout(None), None)
    assert_type(fresh.settimeout(0), None)
    assert_type(fresh.setblocking(False), None)
    assert_type(fresh.gettimeout(), float | None)
    assert_type(fresh.getblocking(), bool)
    fresh.settimeout("2.5")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    fresh.settimeout()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    fresh.setblocking()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]

    connecting = sockstate.tcp().start_connect(("127.0.0.1", 8080))
    assert_type(connecting.gettimeout(), float | None)
    assert_type(connecting.getblocking(), bool)
    listener = sockstate.unix().bind("/run/app.sock").listen()
    assert_type(listener.gettimeout(), float | None)
    datagram = sockstate.udp6().bind(("::1", 0))
    assert_type(datagram.getblocking(), bool)


def detaching() -> None:
    assert_type(sockstate.tcp().detach(), int)
    assert_type(sockstate.tcp().bind(("127.0.0.1", 0)).listen().detach(), int)
    assert_type(sockstate.tcp().start_connect(("127.0.0.1", 8080)).detach(), int)
    assert_type(sockstate.unix().connect("/run/app.sock").detach(), int)
    assert_type(sockstate.udp().detach(), int)
    assert_type(socket.socket(fileno=sockstate.tcp6().detach()), socket.socket)
    sockstate.tcp().close().detach()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
