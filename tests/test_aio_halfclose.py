"""The shutdowns of the asyncio face, plain calls that never wait, from
every state of a connection: each returns the socket, in the state the
hand-written oracle (``expectations.py``) says, with one ``shutdown(2)``
of the direction it names, or none when nothing is left to shut."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import pytest

from expectations import WITH_SHUTDOWNS, after
from sockstate import State, aio
from support import operation, same_object, system_calls

if TYPE_CHECKING:
    from sockstate import UnixAddress
    from support import Family, Stateful

SHUTDOWNS = {
    "shutdown_write": "SHUT_WR",
    "shutdown_read": "SHUT_RD",
    "shutdown_both": "SHUT_RDWR",
}
"""Each shutdown call, and the ``how`` of its system call."""


@pytest.mark.parametrize("call", sorted(SHUTDOWNS))
@pytest.mark.parametrize("state", WITH_SHUTDOWNS, ids=str)
def test_each_shutdown_goes_where_the_table_says_and_shuts_only_what_is_open(
    unix: Family[UnixAddress], state: State, call: str
) -> None:
    from_blocking = operation(aio, "from_blocking")  # for the six classes of a connection
    sock = cast("Stateful", from_blocking(unix.build(state).sock))
    try:
        expected = after(state, call)
        with system_calls() as calls:
            moved = operation(sock, call)()
        assert same_object(moved, sock)
        assert sock.state is expected
        assert calls == ([] if expected is state else [f"socket.shutdown({SHUTDOWNS[call]})"])
    finally:
        operation(sock, "close")()
