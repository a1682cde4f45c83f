"""``close()`` from another thread wakes a thread blocked in a TLS call, on
the blocking face, in every family: the handshake, ``unwrap()``, and each
data call, blocking or with a timeout.  The woken call raises
``SocketClosedError``, and the descriptor's number is released once it has
left (the deferred close of a plain socket)."""

from __future__ import annotations

import ssl

import pytest

from sockstate import SocketClosedError, State
from support import SAFETY_TIMEOUT, Addr, Family, fd_is_open, operation, state_of
from tls_support import CLIENT, HOST, Background, blocked, tls_pair, wait_for, wait_until

pytestmark = pytest.mark.timeout(60)

BLOCKING_CALLS: dict[str, tuple[object, ...]] = {
    "recv": (10,),
    "recv_into": (bytearray(10),),
    "recv_exactly": (10,),
    "send": (b"x" * (16 << 20),),
    "sendall": (b"x" * (16 << 20),),
}
"""Each TLS data call, with arguments that make it wait: a read of a peer
that sends nothing, a send of more than the peer, which reads nothing, and
the kernel's buffers hold (OpenSSL writes all of a send's records before it
returns, unless partial writes are asked for, which ``ssl`` does not)."""


@pytest.mark.parametrize("timeout", [None, SAFETY_TIMEOUT], ids=["blocking", "timeout"])
@pytest.mark.parametrize("name", sorted(BLOCKING_CALLS))
def test_close_from_another_thread_wakes_a_tls_data_call(
    family: Family[Addr], name: str, timeout: float | None
) -> None:
    tls, _ = tls_pair(family)
    tls.settimeout(timeout)
    fd = tls.fileno()
    waiting = Background().start(lambda: operation(tls, name)(*BLOCKING_CALLS[name]))
    wait_until(lambda: blocked(fd))
    tls.close()
    with pytest.raises(SocketClosedError) as caught:
        waiting.join()
    assert isinstance(caught.value.__cause__, (ssl.SSLError, OSError))
    assert state_of(tls) is State.CLOSED
    wait_until(lambda: not fd_is_open(fd))  # the woken call, leaving, released it


def test_close_from_another_thread_wakes_a_handshake(family: Family[Addr]) -> None:
    client, _ = family.connected()  # the server never answers
    fd = client.fileno()
    waiting = Background().start(lambda: client.wrap_tls(CLIENT, server_hostname=HOST))
    wait_for(client, State.HANDSHAKING)
    client.close()
    with pytest.raises(SocketClosedError):
        waiting.join()
    assert state_of(client) is State.CLOSED
    wait_until(lambda: not fd_is_open(fd))


def test_close_from_another_thread_wakes_an_unwrap(family: Family[Addr]) -> None:
    tls, _ = tls_pair(family)  # the server never answers with close_notify
    fd = tls.fileno()
    waiting = Background().start(tls.unwrap)
    wait_for(tls, State.UNWRAPPING)
    tls.close()
    with pytest.raises(SocketClosedError):
        waiting.join()
    assert state_of(tls) is State.CLOSED
    wait_until(lambda: not fd_is_open(fd))
