"""``wrap_tls()``'s arguments, on both faces: a client names the server it
verifies (``server_hostname``, a ``str``), a server names none
(``server_side=True``), and the context is an ``ssl.SSLContext``.  The
runtime agrees: ``ServerHostnameError`` (a ``ValueError``) or ``TypeError``
before any system call.  A ``server_side`` that is a plain ``bool`` matches
neither overload: the checkers cannot tell which side it asks for.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import ssl

from typing_extensions import assert_type

import sockstate
from sockstate import IPv4Address, IPv6Address, UnixAddress, aio

CONTEXT = ssl.create_default_context()


def client_and_server(conn: sockstate.ConnectedSocket[IPv4Address]) -> None:
    assert_type(
        conn.wrap_tls(CONTEXT, server_hostname="example.org"), sockstate.TLSSocket[IPv4Address]
    )
    assert_type(conn.wrap_tls(CONTEXT, server_side=True), sockstate.TLSSocket[IPv4Address])
    assert_type(
        conn.wrap_tls(CONTEXT, server_side=False, server_hostname="127.0.0.1"),
        sockstate.TLSSocket[IPv4Address],
    )


def families(
    v6: sockstate.ConnectedSocket[IPv6Address], local: sockstate.ConnectedSocket[UnixAddress]
) -> None:
    assert_type(v6.wrap_tls(CONTEXT, server_hostname="::1"), sockstate.TLSSocket[IPv6Address])
    assert_type(
        local.wrap_tls(CONTEXT, server_side=True).unwrap(), sockstate.ConnectedSocket[UnixAddress]
    )
    assert_type(v6.wrap_tls(CONTEXT, server_hostname="::1").getpeername(), IPv6Address)


def refused(conn: sockstate.ConnectedSocket[IPv4Address], side: bool) -> None:
    conn.wrap_tls(CONTEXT)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    conn.wrap_tls(CONTEXT, server_side=False)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    conn.wrap_tls(CONTEXT, server_hostname=None)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    conn.wrap_tls(CONTEXT, server_side=True, server_hostname="example.org")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    conn.wrap_tls(CONTEXT, server_side=side, server_hostname="example.org")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    conn.wrap_tls(None, server_hostname="example.org")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    conn.wrap_tls(CONTEXT, "example.org")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]


async def asyncio_face(conn: aio.ConnectedSocket[IPv4Address]) -> None:
    assert_type(
        await conn.wrap_tls(CONTEXT, server_hostname="example.org"), aio.TLSSocket[IPv4Address]
    )
    assert_type(await conn.wrap_tls(CONTEXT, server_side=True), aio.TLSSocket[IPv4Address])
    await conn.wrap_tls(CONTEXT)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    await conn.wrap_tls(CONTEXT, server_side=True, server_hostname="example.org")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def a_variable_keeps_its_type(conn: sockstate.ConnectedSocket[IPv4Address]) -> None:
    # The checkers cannot see that wrap_tls() moved the object: ``conn`` is still
    # typed connected (sockstate raises OrderingError for conn.recvmsg() at
    # runtime).  Name the new state instead.
    tls = conn.wrap_tls(CONTEXT, server_hostname="example.org")
    assert_type(conn, sockstate.ConnectedSocket[IPv4Address])
    tls.recvmsg(1024)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    tls.shutdown_write()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    tls.wrap_tls(CONTEXT, server_hostname="example.org")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    plain = tls.unwrap()
    assert_type(plain.recvmsg(1024), tuple[bytes, list[tuple[int, int, bytes]], int, object])
    plain.getpeercert()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
