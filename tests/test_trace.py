"""Tracing: every change of state reaches the tracer, and only changes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest

import sockstate
from sockstate import State, Transition

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def seen() -> Iterator[list[Transition]]:
    """The transitions traced while the test runs."""
    transitions: list[Transition] = []
    previous = sockstate.set_tracer(transitions.append)
    yield transitions
    sockstate.set_tracer(previous)


def _steps(transitions: list[Transition]) -> list[tuple[str, State | None, State]]:
    return [(t.operation, t.old, t.new) for t in transitions]


def test_a_server_and_client_report_each_transition_in_order(seen: list[Transition]) -> None:
    listener = sockstate.tcp().bind(("127.0.0.1", 0)).listen()
    address = listener.getsockname()
    client = sockstate.tcp().connect(address)
    server, peer = listener.accept()
    for sock in (client, server, listener):
        sock.close()
    assert _steps(seen) == [
        ("socket", None, State.FRESH),
        ("bind", State.FRESH, State.BOUND),
        ("listen", State.BOUND, State.LISTENING),
        ("socket", None, State.FRESH),
        ("connect", State.FRESH, State.CONNECTED),
        ("accept", None, State.CONNECTED),
        ("close", State.CONNECTED, State.CLOSED),
        ("close", State.CONNECTED, State.CLOSED),
        ("close", State.LISTENING, State.CLOSED),
    ]
    assert seen[1].address == ("127.0.0.1", 0)
    assert seen[4].address == address
    assert seen[5].address == peer
    assert seen[5].socket is server


def test_the_tracer_sees_the_socket_after_it_moved(seen: list[Transition]) -> None:
    sock = sockstate.tcp()
    bound = sock.bind(("127.0.0.1", 0))
    bound.close()
    assert seen[1].socket is bound
    assert seen[1].new is State.BOUND


def test_a_failed_connect_is_traced_after_the_descriptor_is_released(
    seen: list[Transition],
) -> None:
    with sockstate.tcp().bind(("127.0.0.1", 0)) as unused:
        address = unused.getsockname()
    sock = sockstate.tcp()
    with pytest.raises(ConnectionRefusedError):
        sock.connect(address)
    failed = seen[-1]
    assert (failed.operation, failed.old, failed.new) == ("connect", State.FRESH, State.FAILED)
    assert failed.address == address
    assert "fd=-1" in repr(failed.socket)
    sock.close()


def test_closing_twice_reports_one_transition(seen: list[Transition]) -> None:
    sock = sockstate.tcp()
    sock.close()
    sock.close()
    assert _steps(seen) == [("socket", None, State.FRESH), ("close", State.FRESH, State.CLOSED)]


def test_an_illegal_call_reports_nothing(seen: list[Transition]) -> None:
    with sockstate.tcp() as sock:
        with pytest.raises(sockstate.OrderingError):
            sock.listen()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
        assert _steps(seen) == [("socket", None, State.FRESH)]


def test_set_tracer_returns_the_tracer_it_replaces() -> None:
    first: list[Transition] = []
    before = sockstate.set_tracer(first.append)
    try:
        assert sockstate.set_tracer(None) == first.append
    finally:
        sockstate.set_tracer(before)


def test_logging_tracer_logs_each_transition_with_the_transition_attached(
    caplog: pytest.LogCaptureFixture,
) -> None:
    previous = sockstate.set_tracer(sockstate.logging_tracer())
    try:
        with caplog.at_level(logging.DEBUG, logger="sockstate"):
            sockstate.tcp().close()
    finally:
        sockstate.set_tracer(previous)
    assert [record.getMessage().split(": ", 1)[1] for record in caplog.records] == [
        "socket() (new) -> fresh",
        "close() fresh -> closed",
    ]
    assert all(record.name == "sockstate" for record in caplog.records)
    transition = caplog.records[1].__dict__["transition"]
    assert isinstance(transition, Transition)
    assert transition.new is State.CLOSED


def test_logging_tracer_uses_the_given_logger_and_level(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("my.app.sockets")
    previous = sockstate.set_tracer(sockstate.logging_tracer(logger, logging.INFO))
    try:
        with caplog.at_level(logging.INFO, logger="my.app.sockets"):
            sockstate.tcp().close()
    finally:
        sockstate.set_tracer(previous)
    assert {(record.name, record.levelno) for record in caplog.records} == {
        ("my.app.sockets", logging.INFO)
    }
