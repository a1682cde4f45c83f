"""A tracer that misbehaves: ``set_tracer`` refuses what cannot be called,
and a tracer that raises leaves no descriptor behind and no socket half-moved.

The tracer is told of a transition after it happened.  Its exception
propagates from the call that made the transition, and the transition
stands: a socket that moved stays where it moved.  A factory or an
``accept()`` whose tracer raises is different, because the caller never gets
the new socket (or pair): so that no descriptor is left open with no owner,
the call closes what it made before the exception propagates.
"""

from __future__ import annotations

import gc
import socket
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

import sockstate
from sockstate import State, Transition, aio
from support import SAFETY_TIMEOUT, fd_is_open, open_fds, operation, state_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


class TracerError(Exception):
    """What the raising tracers raise."""


class RaisingTracer:
    """Records every transition, and raises ``TracerError`` on the
    ``nth`` one made by ``operation`` (after recording it)."""

    def __init__(self, operation: str, nth: int = 1) -> None:
        self.operation = operation
        self.nth = nth
        self.seen: list[Transition] = []
        self._matched = 0

    def __call__(self, transition: Transition) -> None:
        self.seen.append(transition)
        if transition.operation == self.operation:
            self._matched += 1
            if self._matched == self.nth:
                raise TracerError(transition)

    def steps(self) -> list[tuple[str, State | None, State]]:
        return [(t.operation, t.old, t.new) for t in self.seen]


@pytest.fixture(autouse=True)
def _restore_tracer() -> Iterator[None]:
    """Put back the tracer in force before the test, whatever the test set."""
    previous = sockstate.set_tracer(None)
    try:
        yield
    finally:
        sockstate.set_tracer(previous)


# -- set_tracer refuses what cannot be called ---------------------------------------


@pytest.mark.parametrize(
    "bad", [42, "x", b"x", 1.5, object()], ids=["int", "str", "bytes", "float", "object"]
)
def test_set_tracer_refuses_what_cannot_be_called_and_keeps_the_tracer_in_force(
    bad: object,
) -> None:
    seen: list[Transition] = []
    record = seen.append
    sockstate.set_tracer(record)
    set_tracer = operation(sockstate, "set_tracer")
    with pytest.raises(TypeError):
        set_tracer(bad)
    sockstate.tcp().close()
    assert [(t.operation, t.new) for t in seen] == [
        ("socket", State.FRESH),
        ("close", State.CLOSED),
    ]
    assert sockstate.set_tracer(None) == record


# -- a tracer that raises while a socket is made ------------------------------------


@dataclass
class Aftermath:
    """What a call that made sockets left behind when its tracer raised."""

    made: list[object]
    """The sockets the tracer was told of: each should be closed."""
    descriptors: int
    """Descriptors open after the call, less those open before."""
    resource_warnings: list[str]
    """``ResourceWarning``s: sockets dropped without being closed."""


def _raising_while_making(make: Callable[[], object], tracer: RaisingTracer) -> Aftermath:
    """Call ``make`` with ``tracer`` in force, expecting its
    ``TracerError``; then count what is left open."""
    before = open_fds()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sockstate.set_tracer(tracer)
        try:
            with pytest.raises(TracerError):
                make()
        finally:
            sockstate.set_tracer(None)
        gc.collect()  # a stdlib socket dropped unclosed warns now, here
        made: list[object] = [t.socket for t in tracer.seen if t.old is None]
        descriptors = open_fds() - before
    return Aftermath(
        made=made,
        descriptors=descriptors,
        resource_warnings=[
            str(w.message) for w in caught if issubclass(w.category, ResourceWarning)
        ],
    )


def _check_nothing_left(aftermath: Aftermath, expected_made: int) -> None:
    try:
        assert len(aftermath.made) == expected_made, aftermath.made
        assert aftermath.descriptors == 0, f"{aftermath.descriptors} descriptor(s) left open"
        assert not aftermath.resource_warnings, aftermath.resource_warnings
        closed = [getattr(made, "state", None) is State.CLOSED for made in aftermath.made]
        assert all(closed), aftermath.made
    finally:
        for made in aftermath.made:  # left open by a call that failed to close them
            operation(made, "close")()


FACTORIES: dict[str, tuple[Callable[[], object], str, int, int]] = {
    "tcp": (sockstate.tcp, "socket", 1, 1),
    "udp": (sockstate.udp, "socket", 1, 1),
    "unix": (sockstate.unix, "socket", 1, 1),
    "unix_datagram": (sockstate.unix_datagram, "socket", 1, 1),
    "socket": (sockstate.socket, "socket", 1, 1),
    "socketpair, first end": (sockstate.socketpair, "socketpair", 1, 1),
    "socketpair, second end": (sockstate.socketpair, "socketpair", 2, 2),
    "datagram socketpair, first end": (
        lambda: sockstate.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM),
        "socketpair",
        1,
        1,
    ),
    "datagram socketpair, second end": (
        lambda: sockstate.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM),
        "socketpair",
        2,
        2,
    ),
    "aio.tcp": (aio.tcp, "socket", 1, 1),
    "aio.udp": (aio.udp, "socket", 1, 1),
    "aio.unix": (aio.unix, "socket", 1, 1),
    "aio.unix_datagram": (aio.unix_datagram, "socket", 1, 1),
    "aio.socket": (aio.socket, "socket", 1, 1),
    "aio.socketpair, first end": (aio.socketpair, "socketpair", 1, 1),
    "aio.socketpair, second end": (aio.socketpair, "socketpair", 2, 2),
    "aio datagram socketpair, first end": (
        lambda: aio.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM),
        "socketpair",
        1,
        1,
    ),
    "aio datagram socketpair, second end": (
        lambda: aio.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM),
        "socketpair",
        2,
        2,
    ),
}
"""Each factory, of both faces: the call, the operation its transitions
name, which of them the tracer raises on, and how many sockets it is told
of by then."""


@pytest.mark.parametrize("factory", sorted(FACTORIES))
def test_a_tracer_that_raises_while_a_factory_makes_a_socket_leaves_no_descriptor_behind(
    factory: str,
) -> None:
    """The tracer's exception propagates, and every socket the factory made
    (both ends of a pair, whichever end the tracer raised on) is closed:
    as many descriptors are open as before, and none was dropped unclosed."""
    make, operation_name, nth, told = FACTORIES[factory]
    aftermath = _raising_while_making(make, RaisingTracer(operation_name, nth))
    _check_nothing_left(aftermath, told)


def test_a_tracer_that_raises_while_accept_makes_a_socket_leaves_no_descriptor_behind() -> None:
    """The tracer's exception propagates from ``accept()``, the accepted
    socket is closed (the client reads the end of the stream), and the
    listener still listens."""
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    listener.settimeout(SAFETY_TIMEOUT)
    client = sockstate.tcp().connect(listener.getsockname())
    client.settimeout(SAFETY_TIMEOUT)
    try:
        aftermath = _raising_while_making(listener.accept, RaisingTracer("accept"))
        _check_nothing_left(aftermath, 1)
        assert client.recv(1) == b""
        assert state_of(listener) is State.LISTENING
        again = sockstate.tcp().connect(listener.getsockname())
        accepted, _ = listener.accept()
        accepted.close()
        again.close()
    finally:
        client.close()
        listener.close()


# -- a tracer that raises during a transition of an existing socket -----------------


def test_a_tracer_that_raises_during_bind_propagates_and_leaves_the_socket_bound() -> None:
    """The transition happened, then the tracer was told: the socket is
    ``BOUND``, to a port the kernel chose."""
    sock = sockstate.tcp()
    tracer = RaisingTracer("bind")
    sockstate.set_tracer(tracer)
    try:
        with pytest.raises(TracerError):
            sock.bind(("127.0.0.1", 0))
        sockstate.set_tracer(None)
        assert tracer.steps() == [("bind", State.FRESH, State.BOUND)]
        assert state_of(sock) is State.BOUND
        assert sock.raw_socket().getsockname()[1] != 0
    finally:
        sock.close()


def test_a_tracer_that_raises_during_listen_propagates_and_leaves_the_socket_listening() -> None:
    """The transition happened, then the tracer was told: the socket is
    ``LISTENING``, and a connect to it is accepted."""
    bound = sockstate.tcp().bind(("127.0.0.1", 0))
    sockstate.set_tracer(RaisingTracer("listen"))
    try:
        with pytest.raises(TracerError):
            bound.listen()
        sockstate.set_tracer(None)
        assert state_of(bound) is State.LISTENING
        with sockstate.tcp().connect(bound.getsockname()):
            raw, _ = bound.raw_socket().accept()
            raw.close()
    finally:
        bound.close()


def test_a_tracer_that_raises_during_connect_propagates_and_leaves_the_socket_connected() -> None:
    """The transition happened, then the tracer was told: the socket is
    ``CONNECTED`` (not ``FAILED``: the connect succeeded), and data flows."""
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    sock = sockstate.tcp()
    sockstate.set_tracer(RaisingTracer("connect"))
    try:
        with pytest.raises(TracerError):
            sock.connect(listener.getsockname())
        sockstate.set_tracer(None)
        assert state_of(sock) is State.CONNECTED
        server, _ = listener.accept()
        with server:
            operation(sock, "sendall")(b"ping")
            server.settimeout(SAFETY_TIMEOUT)
            assert server.recv_exactly(4) == b"ping"
    finally:
        sock.close()
        listener.close()


def test_a_tracer_that_raises_during_close_propagates_and_the_descriptor_is_released() -> None:
    """The transition happened, then the tracer was told: the socket is
    ``CLOSED`` and its descriptor released, though ``close()`` raised."""
    sock = sockstate.tcp()
    fd = sock.fileno()
    sockstate.set_tracer(RaisingTracer("close"))
    with pytest.raises(TracerError):
        sock.close()
    sockstate.set_tracer(None)
    assert state_of(sock) is State.CLOSED
    assert not fd_is_open(fd)
