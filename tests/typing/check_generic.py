"""Code written for any family, or for one: the address type parameter.

The state classes are covariant in the address type, so a function that
only reads addresses can take every family as ``...[object]``; one that
passes addresses in must name its family.  Type-checked only, never run.
Each line marked ``# type: ignore[...]  # pyright: ignore[...]`` must be
rejected by mypy and pyright with exactly those error codes.
"""

from typing_extensions import assert_type

import sockstate
from sockstate import BoundSocket, ConnectedSocket, FreshSocket, ListeningSocket


def log_listener(listener: ListeningSocket[object]) -> None:
    print("listening on", listener.getsockname())


def echo_once(conn: ConnectedSocket[object]) -> None:
    conn.sendall(conn.recv(4096))


def serve_ipv4(listener: ListeningSocket[tuple[str, int]]) -> None:
    conn, (host, port) = listener.accept()
    print(host, port)
    echo_once(conn)


def any_family() -> None:
    ipv4 = sockstate.tcp().bind(("0.0.0.0", 0)).listen()
    ipv6 = sockstate.tcp6().bind(("::", 0)).listen()
    unix = sockstate.unix().bind("/run/app.sock").listen()
    log_listener(ipv4)
    log_listener(ipv6)
    log_listener(unix)
    echo_once(unix.accept()[0])
    serve_ipv4(ipv4)

    # One family only.
    serve_ipv4(ipv6)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    serve_ipv4(unix)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # And one state only.
    serve_ipv4(sockstate.tcp().bind(("0.0.0.0", 0)))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    log_listener(sockstate.tcp().connect(("127.0.0.1", 8080)))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def reading_any_family(sock: BoundSocket[object]) -> None:
    assert_type(sock.getsockname(), object)
    assert_type(sock.listen(), ListeningSocket[object])


def binding_any_family(sock: FreshSocket[object]) -> None:
    # Which address would fit?  The family is not known.
    sock.bind(("0.0.0.0", 0))  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    sock.connect(("127.0.0.1", 8080))  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
