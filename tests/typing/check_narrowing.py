"""Narrowing by ``state``, and one socket kept across its states.

Every state class types its ``state`` as that one ``State`` member
(``ListeningSocket.state`` is ``Literal[State.LISTENING]``), so a test of
``sock.state`` narrows a union of state classes in both checkers:
``is``, ``==`` and ``match sock.state: case State.X:``.  The unions are
``adopt()``'s result and ``AnySocket[A]``, the type of a name or an
attribute that holds one socket in any state, on both faces.

The three ways to keep a socket across its states (README, "Keeping a
socket across states"): chained calls, a name per state, and a name or an
attribute typed ``AnySocket[A]`` and narrowed by ``state``.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import socket
from typing import Literal

from typing_extensions import assert_type

import sockstate
import sockstate.aio
from sockstate import (
    AnySocket,
    BoundSocket,
    ClosedSocket,
    ConnectedDatagramSocket,
    ConnectedSocket,
    FreshSocket,
    IPv4Address,
    IPv6Address,
    ListeningSocket,
    State,
    UnixAddress,
)


def narrow_adopted_with_is(raw: socket.socket) -> None:
    sock = sockstate.adopt(raw, socket.AF_INET)
    if sock.state is State.LISTENING:
        assert_type(sock, ListeningSocket[IPv4Address])
        conn, peer = sock.accept()
        assert_type(conn, ConnectedSocket[IPv4Address])
        assert_type(peer, IPv4Address)
    elif sock.state is State.CONNECTED:
        assert_type(sock, ConnectedSocket[IPv4Address])
        sock.sendall(b"hello")
    elif sock.state is State.DATAGRAM_CONNECTED:
        assert_type(sock, ConnectedDatagramSocket[IPv4Address])
    else:
        assert_type(
            sock,
            FreshSocket[IPv4Address]
            | BoundSocket[IPv4Address]
            | sockstate.ConnectingSocket[IPv4Address]
            | sockstate.DatagramSocket[IPv4Address]
            | sockstate.BoundDatagramSocket[IPv4Address],
        )


def narrow_adopted_with_is_not(raw: socket.socket) -> None:
    sock = sockstate.adopt(raw, socket.AF_INET6)
    if sock.state is not State.LISTENING:
        return
    assert_type(sock, ListeningSocket[IPv6Address])


def narrow_adopted_with_equality(raw: socket.socket) -> None:
    sock = sockstate.adopt(raw, socket.AF_UNIX)
    if sock.state == State.CONNECTED:
        assert_type(sock, ConnectedSocket[UnixAddress])
    if sock.state != State.FRESH:
        return
    assert_type(sock, FreshSocket[UnixAddress])


def narrow_adopted_with_match(raw: socket.socket) -> None:
    sock = sockstate.adopt(raw, socket.AF_INET)
    match sock.state:
        case State.LISTENING:
            assert_type(sock, ListeningSocket[IPv4Address])
        case State.CONNECTED:
            assert_type(sock, ConnectedSocket[IPv4Address])
        case State.FRESH | State.BOUND:
            assert_type(sock, FreshSocket[IPv4Address] | BoundSocket[IPv4Address])
        case _:
            pass


def union_without_narrowing_is_rejected(raw: socket.socket) -> None:
    sock = sockstate.adopt(raw, socket.AF_INET)
    sock.accept()  # type: ignore[union-attr]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def state_of_each_class(
    fresh: FreshSocket[IPv4Address],
    listening: ListeningSocket[IPv4Address],
    closed: ClosedSocket,
    aio_fresh: sockstate.aio.FreshSocket[IPv4Address],
) -> None:
    assert_type(fresh.state, Literal[State.FRESH])
    assert_type(listening.state, Literal[State.LISTENING])
    assert_type(closed.state, Literal[State.CLOSED])
    assert_type(aio_fresh.state, Literal[State.FRESH])


def narrowing_an_impossible_state_leaves_nothing(fresh: FreshSocket[IPv4Address]) -> None:
    if fresh.state is State.LISTENING:  # type: ignore[comparison-overlap]  # pyright: ignore[reportUnnecessaryComparison]
        return


# -- one socket kept across its states ---------------------------------------------------


def chained_calls(address: IPv4Address) -> None:
    listener = sockstate.tcp().bind(address).listen()
    assert_type(listener, ListeningSocket[IPv4Address])


def a_name_per_state(address: IPv4Address) -> None:
    fresh = sockstate.tcp()
    bound = fresh.bind(address)
    listener = bound.listen()
    assert_type(listener, ListeningSocket[IPv4Address])


def one_name_typed_as_the_union(address: IPv4Address) -> None:
    sock: AnySocket[IPv4Address]
    sock = sockstate.tcp()
    assert_type(sock, FreshSocket[IPv4Address])
    sock = sock.bind(address)
    assert_type(sock, BoundSocket[IPv4Address])
    sock = sock.listen()
    assert_type(sock, ListeningSocket[IPv4Address])
    sock = sock.close()
    assert_type(sock, ClosedSocket)


def one_name_not_typed_as_the_union_is_rejected_by_mypy(address: IPv4Address) -> None:
    sock = sockstate.tcp()
    # mypy only: pyright widens the name's type to what is assigned to it.
    sock = sock.bind(address)  # type: ignore[assignment]


class Client:
    """An attribute that holds the socket in whichever state it is in."""

    def __init__(self) -> None:
        self.sock: AnySocket[IPv4Address] = sockstate.tcp()

    def connect(self, address: IPv4Address) -> None:
        if self.sock.state is State.FRESH:
            assert_type(self.sock, FreshSocket[IPv4Address])
            self.sock = self.sock.connect(address)
            assert_type(self.sock, ConnectedSocket[IPv4Address])

    def send(self, data: bytes) -> int:
        if self.sock.state is not State.CONNECTED:
            raise RuntimeError(f"not connected: {self.sock.state}")
        assert_type(self.sock, ConnectedSocket[IPv4Address])
        return self.sock.send(data)

    def finish(self) -> None:
        match self.sock.state:
            case State.CONNECTED:
                self.sock = self.sock.shutdown_write()
                assert_type(self.sock, sockstate.ReceiveOnlySocket[IPv4Address])
            case _:
                self.sock = self.sock.close()
        assert_type(self.sock.state, Literal[State.RECEIVE_ONLY, State.CLOSED])

    def send_unnarrowed_is_rejected(self, data: bytes) -> None:
        self.sock.send(data)  # type: ignore[union-attr]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


class Server:
    """The asyncio face: the same patterns."""

    def __init__(self) -> None:
        self.sock: sockstate.aio.AnySocket[IPv6Address] = sockstate.aio.tcp6()

    async def serve(self, address: IPv6Address) -> None:
        if self.sock.state is State.FRESH:
            self.sock = self.sock.bind(address)
            assert_type(self.sock, sockstate.aio.BoundSocket[IPv6Address])
        if self.sock.state == State.BOUND:
            self.sock = self.sock.listen()
        match self.sock.state:
            case State.LISTENING:
                conn, _ = await self.sock.accept()
                assert_type(conn, sockstate.aio.ConnectedSocket[IPv6Address])
            case _:
                pass


async def aio_adopted(raw: socket.socket) -> None:
    sock = sockstate.aio.adopt(raw, socket.AF_INET)
    if sock.state is State.CONNECTED:
        assert_type(sock, sockstate.aio.ConnectedSocket[IPv4Address])
        await sock.sendall(b"hello")
    kept: sockstate.aio.AnySocket[IPv4Address]
    kept = sock
    if kept.state is State.LISTENING:
        assert_type(kept, sockstate.aio.ListeningSocket[IPv4Address])


# -- adopt() with a family known only at runtime ------------------------------------------

AnyAddress = IPv4Address | IPv6Address | UnixAddress


def adopt_with_the_sockets_own_family(raw: socket.socket) -> None:
    sock = sockstate.adopt(raw, raw.family)
    if sock.state is State.LISTENING:
        assert_type(sock, ListeningSocket[AnyAddress])
        conn, peer = sock.accept()
        assert_type(conn, ConnectedSocket[AnyAddress])
        assert_type(peer, AnyAddress)
    kept: AnySocket[object]
    kept = sock
    assert_type(
        kept.state,
        Literal[
            State.FRESH,
            State.BOUND,
            State.LISTENING,
            State.CONNECTING,
            State.CONNECTED,
            State.DATAGRAM,
            State.DATAGRAM_BOUND,
            State.DATAGRAM_CONNECTED,
        ],
    )


def adopt_a_descriptor_with_a_plain_int(fd: int, family: int) -> None:
    sock = sockstate.adopt(fd, family)
    if sock.state == State.CONNECTED:
        assert_type(sock.getpeername(), AnyAddress)


async def aio_adopt_with_the_sockets_own_family(raw: socket.socket) -> None:
    sock = sockstate.aio.adopt(raw, raw.family)
    if sock.state is State.LISTENING:
        conn, _ = await sock.accept()
        assert_type(conn, sockstate.aio.ConnectedSocket[AnyAddress])


def adopt_refuses_a_family_that_is_no_int(raw: socket.socket) -> None:
    sockstate.adopt(raw, "AF_INET")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
