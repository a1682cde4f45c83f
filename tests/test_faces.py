"""State classes are built per face: a second family of classes over the same
table (the asyncio face, one day) gets its own registry and links, and
leaves the blocking face's alone.

The second face here is made of subclasses of the blocking classes, one per
state, each naming the new face: the smallest face the machinery accepts.
"""

# pyright: reportPrivateUsage=false
# The face machinery is private: this test is its client.

from __future__ import annotations

import socket
from typing import Any, cast

import pytest

import sockstate
from _private import BLOCKING, TRANSITIONS, Face, _Socket, state_classes
from expectations import allowed
from sockstate import State


def _second_face() -> Face:
    """A face with a subclass of each blocking class, linked."""
    face = Face("second")
    for state, blocking in state_classes().items():
        namespace: dict[str, Any] = {"__slots__": (), "_STATE": state, "_FACE": face}
        type(f"Second{blocking.__name__}", (blocking,), namespace)
    face.link()
    return face


def test_a_second_face_registers_a_class_for_every_state() -> None:
    second = _second_face()
    assert set(second.classes) == set(TRANSITIONS)
    assert all(second.classes[state] is not state_classes()[state] for state in TRANSITIONS)


def test_a_second_face_leaves_the_blocking_faces_classes_and_links_alone() -> None:
    _second_face()
    assert BLOCKING.classes == state_classes()
    fresh = sockstate.tcp()
    try:
        assert type(fresh.bind(("127.0.0.1", 0))) is state_classes()[State.BOUND]
    finally:
        fresh.close()


def test_a_socket_of_the_second_face_moves_between_its_faces_classes() -> None:
    second = _second_face()
    made = second.classes[State.FRESH]._new(socket.socket(), "socket")
    fresh = cast("sockstate.FreshSocket[sockstate.IPv4Address]", made)
    try:
        bound = fresh.bind(("127.0.0.1", 0))
        assert type(bound) is second.classes[State.BOUND]
        listening = bound.listen()
        assert type(listening) is second.classes[State.LISTENING]
    finally:
        closed = fresh.close()
    assert type(closed) is second.classes[State.CLOSED]


def test_a_face_refuses_a_second_class_for_one_state_naming_the_face() -> None:
    fresh = state_classes()[State.FRESH]
    with pytest.raises(TypeError) as caught:
        type("Another", (fresh,), {"__slots__": (), "_STATE": State.FRESH})
    assert str(caught.value) == "the blocking face has a class for fresh already"
    assert BLOCKING.classes[State.FRESH] is fresh


def test_a_face_refuses_to_link_while_a_state_has_no_class() -> None:
    face = Face("partial")
    partial = type(
        "Partial",
        (state_classes()[State.CLOSED],),
        {"__slots__": (), "_STATE": State.CLOSED, "_FACE": face},
    )
    assert face.classes == {State.CLOSED: partial}
    with pytest.raises(TypeError) as caught:
        face.link()
    missing = sorted(state.value for state in State if state is not State.CLOSED)
    assert str(caught.value) == f"the partial face has no class for {missing}"


def test_a_class_offering_other_calls_than_its_row_is_refused() -> None:
    face = Face("wrong")
    with pytest.raises(TypeError) as caught:
        type(
            "Wrong",
            (state_classes()[State.BOUND],),
            {"__slots__": (), "_STATE": State.FRESH, "_FACE": face},
        )
    assert str(caught.value) == (
        f"Wrong offers {sorted(allowed(State.BOUND))}; the table {sorted(allowed(State.FRESH))}"
    )
    assert face.classes == {}


def test_socket_is_the_root_of_every_face() -> None:
    assert all(issubclass(cls, _Socket) for cls in state_classes().values())


def test_a_subclass_of_a_state_class_runs_its_other_bases_init_subclass() -> None:
    hooked: list[str] = []

    class Hooked:
        __slots__ = ()

        def __init_subclass__(cls) -> None:
            super().__init_subclass__()
            hooked.append(cls.__name__)

    type("Both", (state_classes()[State.FRESH], Hooked), {"__slots__": ()})
    assert hooked == ["Both"]
