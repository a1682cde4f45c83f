"""A stdlib ``socket.socket`` name that sockstate does not offer raises
``NotOfferedError``, an ``AttributeError`` whose message names the sockstate
way, on every state of both faces, before anything else happens; the table
of such names (``NOT_OFFERED``) covers every stdlib name that no state
offers."""

# pyright: reportPrivateUsage=false
# The state classes' _allowed and _hidden say what each offers and hides.

from __future__ import annotations

import socket
import sys
import traceback
from typing import TYPE_CHECKING, Any

import pytest

import sockstate
from _private import (
    NOT_OFFERED,
    OPERATIONS,
    Face,
    _Socket,
    aio_state_classes,
    allowed,
    state_classes,
)
from sockstate import NotOfferedError, OrderingError, State, aio

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

_WINDOWS_ONLY = frozenset({"ioctl", "share"})
"""Stdlib socket methods that only Windows has (the socket module's docs)."""


@pytest.fixture(
    params=[
        "blocking fresh",
        "blocking datagram",
        "blocking connected",
        "asyncio fresh",
        "asyncio datagram",
        "asyncio connected",
    ]
)
def sock(request: pytest.FixtureRequest) -> Iterator[Any]:
    face_name, kind = str(request.param).split()
    face: Any = sockstate if face_name == "blocking" else aio
    made: list[Any] = []
    if kind == "fresh":
        made.append(face.tcp())
    elif kind == "datagram":
        made.append(face.udp())
    else:
        made.extend(face.socketpair())
    try:
        yield made[0]
    finally:
        for each in made:
            each.close()


@pytest.mark.parametrize("name", sorted(NOT_OFFERED))
def test_a_refused_name_raises_not_offered_error_naming_the_way(sock: Any, name: str) -> None:
    before = sock.state
    with pytest.raises(NotOfferedError) as caught:
        getattr(sock, name)
    error = caught.value
    assert (error.name, error.instead, error.state) == (name, NOT_OFFERED[name].instead, before)
    assert str(error).startswith(f"{NOT_OFFERED[name].spelled} is not offered: use ")
    assert NOT_OFFERED[name].instead in str(error)
    assert sock.state is before


@pytest.mark.parametrize("name", sorted(NOT_OFFERED))
def test_a_refused_name_is_absent_to_hasattr_and_dir(sock: Any, name: str) -> None:
    before = sock.state
    assert not hasattr(sock, name)
    assert getattr(sock, name, "absent") == "absent"
    assert name not in dir(sock)
    assert sock.state is before


def test_a_refused_name_is_caught_as_an_attribute_error() -> None:
    fresh = sockstate.tcp()
    try:
        with pytest.raises(AttributeError):
            fresh.connect_ex  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # noqa: B018
    finally:
        fresh.close()


def test_connect_ex_names_start_connect_and_finish_connect() -> None:
    fresh = sockstate.tcp()
    try:
        with pytest.raises(NotOfferedError) as caught:
            fresh.connect_ex(("127.0.0.1", 9))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
        assert str(caught.value).startswith(
            "connect_ex() is not offered: use start_connect()/finish_connect() (or connect(), "
        )
        assert fresh.state is State.FRESH
    finally:
        fresh.close()


def test_a_refused_name_prints_its_message_alone_with_no_suggestion() -> None:
    fresh = sockstate.tcp()
    try:
        for name in NOT_OFFERED:
            with pytest.raises(NotOfferedError) as caught:
                getattr(fresh, name)
            printed = traceback.format_exception_only(type(caught.value), caught.value)
            assert printed == [f"{NotOfferedError.__module__}.NotOfferedError: {caught.value}\n"]
    finally:
        fresh.close()


def test_a_refused_name_on_a_closed_socket_is_refused_too() -> None:
    closed = sockstate.tcp().close()
    with pytest.raises(NotOfferedError) as caught:
        closed.dup  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # noqa: B018
    assert caught.value.state is State.CLOSED
    assert closed.state is State.CLOSED


def test_a_legal_call_and_an_ordering_error_are_unaffected() -> None:
    fresh = sockstate.tcp()
    try:
        bound = fresh.bind(("127.0.0.1", 0))
        assert bound.state is State.BOUND
        with pytest.raises(OrderingError) as caught:
            bound.accept()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
        assert not isinstance(caught.value, NotOfferedError)
        assert bound.state is State.BOUND
    finally:
        fresh.close()


@pytest.mark.parametrize("classes", [state_classes, aio_state_classes], ids=["blocking", "asyncio"])
def test_every_state_class_of_each_face_refuses_every_name(
    classes: Callable[[], dict[State, type[_Socket]]],
) -> None:
    for cls in classes().values():
        for name in NOT_OFFERED:
            assert name not in cls._allowed
            assert name in cls._hidden


def test_no_refused_name_is_an_operation_of_the_table() -> None:
    assert NOT_OFFERED.keys().isdisjoint(OPERATIONS)


def test_every_refused_name_is_a_stdlib_socket_name() -> None:
    stdlib = set(dir(socket.socket)) | (_WINDOWS_ONLY if sys.platform != "win32" else set())
    assert set(NOT_OFFERED) <= stdlib


def _offered(name: str) -> bool:
    """Whether sockstate offers ``name`` somewhere: a call of the table, or an
    attribute that every state class of both faces has (as ``state``)."""
    classes = [*state_classes().values(), *aio_state_classes().values()]
    return name in OPERATIONS or all(
        name not in cls._hidden and hasattr(cls, name) for cls in classes
    )


def test_every_public_stdlib_socket_name_is_offered_or_refused() -> None:
    public = {name for name in dir(socket.socket) if not name.startswith("_")}
    unanswered = {name for name in public if not _offered(name) and name not in NOT_OFFERED}
    assert unanswered == set()


def test_a_class_that_defines_a_refused_name_is_refused_at_definition() -> None:
    face = Face("timed")
    fresh = state_classes()[State.FRESH]
    with pytest.raises(TypeError) as caught:
        type(
            "Timed", (fresh,), {"__slots__": (), "_STATE": State.FRESH, "_FACE": face, "timeout": 1}
        )
    assert str(caught.value) == (
        f"Timed offers {sorted(allowed(State.FRESH) | {'timeout'})}; "
        f"the table {sorted(allowed(State.FRESH))}"
    )
    assert face.classes == {}


def test_the_table_has_the_ways_for_each_name() -> None:
    for name, way in NOT_OFFERED.items():
        assert way.spelled in (name, f"{name}()")
        assert way.instead
        assert way.why
