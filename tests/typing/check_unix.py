"""Unix stream sockets: a path (``str``, ``bytes`` or ``os.PathLike``) in;
``str`` or ``bytes`` out (``bytes`` for a Linux abstract name).

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import os
import pathlib
import socket

from typing_extensions import assert_type

import sockstate
from sockstate import BoundSocket, ConnectedSocket, FreshSocket, ListeningSocket


def creating() -> None:
    assert_type(sockstate.socket(socket.AF_UNIX, socket.SOCK_STREAM), FreshSocket[str | bytes])
    assert_type(sockstate.socket(socket.AF_UNIX), FreshSocket[str | bytes])
    assert_type(sockstate.unix(), FreshSocket[str | bytes])
    assert_type(sockstate.unix(), FreshSocket[sockstate.UnixAddress])
    with sockstate.unix() as sock:
        assert_type(sock, FreshSocket[str | bytes])


def binding(path: pathlib.Path, fspath: os.PathLike[bytes]) -> None:
    assert_type(sockstate.unix().bind("/run/app.sock"), BoundSocket[str | bytes])
    assert_type(sockstate.unix().bind(b"/run/app.sock"), BoundSocket[str | bytes])
    assert_type(sockstate.unix().bind(b"\0abstract"), BoundSocket[str | bytes])
    assert_type(sockstate.unix().bind(path), BoundSocket[str | bytes])
    assert_type(sockstate.unix().bind(fspath), BoundSocket[str | bytes])


def server(path: pathlib.Path) -> None:
    listener = sockstate.socket(socket.AF_UNIX, socket.SOCK_STREAM).bind(path).listen(8)
    assert_type(listener, ListeningSocket[str | bytes])
    assert_type(listener.getsockname(), str | bytes)

    conn, peer = listener.accept()
    assert_type(conn, ConnectedSocket[str | bytes])
    assert_type(peer, str | bytes)
    assert_type(conn.getsockname(), str | bytes)
    assert_type(conn.getpeername(), str | bytes)

    bound = sockstate.unix().bind(path)
    bound.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sockstate.unix().accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sockstate.unix().listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    listener.connect(path)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    bound.recv(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.listen(8)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def client(path: pathlib.Path) -> None:
    assert_type(sockstate.unix().connect("/run/app.sock"), ConnectedSocket[str | bytes])
    assert_type(sockstate.unix().connect(path), ConnectedSocket[str | bytes])
    from_bound = sockstate.unix().bind(b"\0client").connect(path)
    assert_type(from_bound, ConnectedSocket[str | bytes])


def wrong_addresses() -> None:
    sock = sockstate.socket(socket.AF_UNIX, socket.SOCK_STREAM)

    sock.bind(("localhost", 8080))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect(("localhost", 8080))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.connect(("::1", 8080, 0, 0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(8080)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    sock.bind(None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    bound = sockstate.unix().bind("/run/client.sock")
    bound.connect(("localhost", 8080))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def addresses_out() -> None:
    listener = sockstate.unix().bind("/run/app.sock").listen()

    # A Linux abstract name comes back as bytes: narrow before using it as str.
    path: str = listener.getsockname()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(path)
    name = listener.getsockname()
    if isinstance(name, str):
        assert_type(name, str)
    else:
        assert_type(name, bytes)
