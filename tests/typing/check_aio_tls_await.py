"""A forgotten ``await`` on the asyncio face's TLS calls: ``wrap_tls()`` on
a connected socket, and every call of a TLS state that waits.  With
``check_aio_await.py``, every call that waits, in every state that has it.

Type-checked only, never run.  Each marked line must be rejected by mypy
(``unused-coroutine``) and pyright (``reportUnusedCoroutine``).
"""

import ssl

from sockstate import IPv4Address, aio

CONTEXT = ssl.create_default_context()


def connected(sock: aio.ConnectedSocket[IPv4Address]) -> None:
    sock.wrap_tls(CONTEXT, server_hostname="localhost")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def tls(sock: aio.TLSSocket[IPv4Address]) -> None:
    sock.recv(1024)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv_exactly(4)  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.recv_into(bytearray(1024))  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.send(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendall(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.unwrap()  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]


def tls_ended(sock: aio.TLSEndedSocket[IPv4Address]) -> None:
    sock.send(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.sendall(b"ping")  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
    sock.unwrap()  # type: ignore[unused-coroutine]  # pyright: ignore[reportUnusedCoroutine]
