"""``sockstate.socket()``: the family and type must be the stdlib's constants,
so that the family's address type and the socket's first state are known.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import socket

from typing_extensions import assert_type

import sockstate
from sockstate import DatagramSocket, FreshSocket


def supported() -> None:
    assert_type(sockstate.socket(), FreshSocket[tuple[str, int]])
    assert_type(
        sockstate.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP),
        FreshSocket[tuple[str, int]],
    )
    assert_type(
        sockstate.socket(socket.AF_INET6, socket.SOCK_STREAM, proto=0),
        FreshSocket[tuple[str, int, int, int]],
    )
    assert_type(
        sockstate.socket(socket.AddressFamily.AF_UNIX, socket.SocketKind.SOCK_STREAM),
        FreshSocket[str | bytes],
    )


def family_not_known_statically(family: int, address_family: socket.AddressFamily) -> None:
    # Which address type would the socket take?  Only a literal constant says.
    sockstate.socket(family)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    sockstate.socket(family, socket.SOCK_STREAM)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    sockstate.socket(address_family)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    # 2 is AF_INET on Linux, but the checkers (and readers) need the name.
    sockstate.socket(2)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def unsupported_family() -> None:
    sockstate.socket(socket.AF_UNSPEC)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def datagram_sockets() -> None:
    assert_type(
        sockstate.socket(socket.AF_INET, socket.SOCK_DGRAM), DatagramSocket[tuple[str, int]]
    )
    assert_type(
        sockstate.socket(socket.AF_INET6, socket.SOCK_DGRAM),
        DatagramSocket[tuple[str, int, int, int]],
    )
    assert_type(sockstate.socket(socket.AF_UNIX, socket.SOCK_DGRAM), DatagramSocket[str | bytes])
    # The default family goes with the default type only: name AF_INET for UDP.
    sockstate.socket(type=socket.SOCK_DGRAM)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]


def unsupported_type(kind: int) -> None:
    sockstate.socket(socket.AF_INET, socket.SOCK_RAW)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    sockstate.socket(socket.AF_INET, kind)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def bad_proto() -> None:
    sockstate.socket(socket.AF_INET, socket.SOCK_STREAM, "tcp")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
