"""The demo: a loopback echo exchange that prints every state transition.

Rules of this module:

* It uses only sockstate's public API, as a user would.
* It prints each transition as ``who: call  old -> new``, reading the states
  from the sockets themselves.
* It closes every socket it opens, whatever happens.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import sockstate

if TYPE_CHECKING:
    from collections.abc import Callable


def run(say: Callable[[str], None] = print) -> None:
    """Run the demo, handing each line of its report to ``say``."""

    def report(who: str, call: str, before: object, after: object) -> None:
        say(f"{who:>6}: {call:<30} {before} -> {after}")

    with sockstate.tcp() as server, sockstate.tcp() as client:
        report("server", "socket(AF_INET, SOCK_STREAM)", "", server.state)
        report("client", "socket(AF_INET, SOCK_STREAM)", "", client.state)

        bound = server.bind(("127.0.0.1", 0))
        report("server", "bind(('127.0.0.1', 0))", sockstate.State.FRESH, bound.state)
        listener = bound.listen(8)
        report("server", "listen(8)", sockstate.State.BOUND, listener.state)
        address = listener.getsockname()
        connected = client.connect(address)
        report("client", f"connect({address})", sockstate.State.FRESH, connected.state)

        with listener.accept()[0] as peer:
            report("server", "accept()", "", f"{peer.state} (peer {peer.getpeername()})")
            for message in (b"hello", b"state machines", b"goodbye"):
                connected.sendall(message)
                peer.sendall(peer.recv_exactly(len(message)))
                echo = connected.recv_exactly(len(message))
                say(f"client: sent {message!r}, the server echoed {echo!r}")

            say("server: the variable `bound` still names the socket, which is listening now:")
            for call, attempt in (
                ("bound.listen(8)", lambda: bound.listen(8)),
                ("bound.connect(...)", lambda: bound.connect(address)),
            ):
                try:
                    attempt()
                except sockstate.OrderingError as error:
                    say(f"        {call} -> {type(error).__name__}: {error}")

            connected.shutdown(socket.SHUT_WR)
            say(f"server: recv() after the client's shutdown(SHUT_WR) -> {peer.recv(1)!r}")
            report("server", "close() the accepted socket", peer.state, peer.close().state)
        report("client", "close()", connected.state, connected.close().state)
        report("server", "close() the listener", listener.state, listener.close().state)
        try:
            connected.send(b"late")
        except sockstate.SocketClosedError as error:
            say(f"client: send() after close -> {type(error).__name__}: {error}")
