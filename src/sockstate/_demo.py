"""The demo: a loopback echo exchange that prints every state transition.

Rules of this module:

* It uses only sockstate's public API, as a user would.
* The transitions it prints come from sockstate's tracer, as they happen;
  the demo writes only the lines between them.  The tracer in force before
  is restored afterwards.
* It closes every socket it opens, whatever happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sockstate

if TYPE_CHECKING:
    from collections.abc import Callable


def run(say: Callable[[str], None] = print) -> None:
    """Run the demo, handing each line of its report to ``say``."""
    labels = iter(("server", "client", "server's connection"))
    names: dict[int, str] = {}

    def trace(t: sockstate.Transition) -> None:
        who = names.get(id(t.socket)) or names.setdefault(id(t.socket), next(labels))
        if t.operation == "accept":
            call = f"accept() from {t.address!r}"
        else:
            call = f"{t.operation}({'' if t.address is None else repr(t.address)})"
        say(f"  {who + ':':<21} {call:<32} {t.old or '':>12} -> {t.new}")

    previous = sockstate.set_tracer(trace)
    try:
        _exchange(say)
    finally:
        sockstate.set_tracer(previous)


def _exchange(say: Callable[[str], None]) -> None:
    say("server: make a socket, bind it to a free port on loopback, listen")
    with sockstate.tcp() as server:
        listener = server.bind(("127.0.0.1", 0)).listen(8)
        address = listener.getsockname()
        say(f"client: connect to {address}; server: accept")
        with sockstate.tcp().connect(address) as client, listener.accept()[0] as peer:
            for message in (b"hello", b"state machines", b"goodbye"):
                client.sendall(message)
                peer.sendall(peer.recv_exactly(len(message)))
                echo = client.recv_exactly(len(message))
                say(f"client: sent {message!r}, the server echoed {echo!r}")

            say("server: the variable `server` still names the socket, which is listening now:")
            for call, attempt in (
                ("server.bind(...)", lambda: server.bind(address)),
                ("server.connect(...)", lambda: server.connect(address)),
            ):
                try:
                    attempt()
                except sockstate.OrderingError as error:
                    say(f"  {call} -> {type(error).__name__}: {error}")

            client.shutdown_write()
            say(f"server: recv() after the client's shutdown_write() -> {peer.recv(1)!r}")
            try:
                peer.recv(1)
            except sockstate.OrderingError as error:
                say(f"server: recv() again -> {type(error).__name__}: {error}")
            say("both: close")
        try:
            client.send(b"late")
        except sockstate.SocketClosedError as error:
            say(f"client: send() after close -> {type(error).__name__}: {error}")
