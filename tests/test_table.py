"""The classes, their annotations and the runtime agree with the one
transition table (``TRANSITIONS``)."""

from __future__ import annotations

import ast
import inspect
import ssl
import sys
import textwrap
import typing

import pytest

import sockstate
from _private import (
    ACCEPTED_STATE,
    DISPATCHES,
    OPERATIONS,
    STAY,
    TERMINAL,
    TRANSITIONS,
    OptionsProperty,
    aio_state_classes,
    allowed,
    misplaced_dispatches,
    next_state,
    state_classes,
    successors,
)
from expectations import CLASSES, STREAM
from sockstate import ListeningSocket, State

if typing.TYPE_CHECKING:
    from collections.abc import Callable

NAMES = {"ssl": ssl, **vars(sockstate)}
"""What the annotations name: sockstate's classes (a module may import one
only for type checkers, to break a cycle) and the stdlib's ``ssl``, which
sockstate never imports at runtime (it costs milliseconds)."""

HANDOVERS = frozenset({"detach"})
"""The transitions that return something other than the socket: ``detach()``
hands the descriptor over and returns it."""

MOVES = [
    pytest.param(state, name, id=f"{state}-{name}")
    for state, rules in TRANSITIONS.items()
    for name, rule in rules.items()
    if rule.after not in (None, state) and name not in HANDOVERS
]

DETACHES = [
    pytest.param(state, id=str(state)) for state in TRANSITIONS if "detach" in allowed(state)
]


# -- the table itself ---------------------------------------------------------------------


def test_the_table_has_a_row_for_every_state() -> None:
    assert set(TRANSITIONS) == set(State)


def test_operations_are_every_call_some_state_allows() -> None:
    assert set().union(*TRANSITIONS.values()) == OPERATIONS


def test_the_terminal_states_are_failed_detached_and_closed() -> None:
    assert (
        frozenset({State.FAILED, State.HANDSHAKE_FAILED, State.DETACHED, State.CLOSED}) == TERMINAL
    )
    for state in TERMINAL:
        assert allowed(state) == frozenset({"close"})


def test_close_is_legal_everywhere_and_leads_to_closed() -> None:
    for state in State:
        assert next_state(state, "close") is State.CLOSED


def test_next_state_during_a_call_is_the_rules_during_state_or_the_same() -> None:
    assert next_state(State.FRESH, "connect", during=True) is State.CONNECTING
    assert next_state(State.BOUND, "connect", during=True) is State.CONNECTING
    assert next_state(State.CONNECTED, "recv", during=True) is State.CONNECTED


def test_every_rule_leads_to_a_state_with_a_row() -> None:
    for rules in TRANSITIONS.values():
        for rule in rules.values():
            assert rule.after is None or rule.after in TRANSITIONS
            assert rule.on_error is None or rule.on_error in TRANSITIONS
            assert rule.at_end is None or rule.at_end in TRANSITIONS
            assert rule.during is None or rule.during in TRANSITIONS


def test_only_reads_lead_anywhere_at_the_end_of_the_stream() -> None:
    reads = {"recv", "recv_into", "recv_exactly", "recvmsg", "recv_fds"}
    for state, rules in TRANSITIONS.items():
        for name, rule in rules.items():
            if rule.at_end is not None:
                assert name in reads, (state, name)


def test_a_reset_or_broken_connection_leads_to_broken_from_every_data_state() -> None:
    data = {
        *("send", "sendall", "sendfile", "sendmsg", "send_fds"),
        *("recv", "recv_into", "recv_exactly", "recvmsg", "recv_fds"),
    }
    stream = set(State) - {State.DATAGRAM, State.DATAGRAM_BOUND, State.DATAGRAM_CONNECTED}
    for state in stream:
        for name in data & allowed(state):
            assert next_state(state, name, failed=True) is State.BROKEN, (state, name)


def test_only_connect_and_tls_wait_in_another_state() -> None:
    waits = {
        (state, name): rule.during
        for state, rules in TRANSITIONS.items()
        for name, rule in rules.items()
        if rule.during is not None
    }
    assert waits == {
        (State.FRESH, "connect"): State.CONNECTING,
        (State.BOUND, "connect"): State.CONNECTING,
        (State.CONNECTED, "wrap_tls"): State.HANDSHAKING,
        (State.TLS, "unwrap"): State.UNWRAPPING,
        (State.TLS_ENDED, "unwrap"): State.UNWRAPPING,
    }


def test_next_state_refuses_an_illegal_pair() -> None:
    with pytest.raises(KeyError):
        next_state(State.BOUND, "accept")


def test_from_fresh_every_stream_state_is_reached_but_ends_failures_and_waits() -> None:
    # A socket is only in the middle of a handshake or of an unwrap while
    # wrap_tls() or unwrap() waits: no call returns it there.
    assert successors(State.FRESH) == frozenset(STREAM) - {
        State.ENDED,
        State.FINISHED,
        State.TLS_ENDED,
        State.BROKEN,
        State.HANDSHAKING,
        State.UNWRAPPING,
    }


def test_accepted_sockets_start_connected() -> None:
    assert ACCEPTED_STATE is State.CONNECTED


def test_a_state_prints_as_its_adjective() -> None:
    assert [str(state) for state in State] == [
        "fresh",
        "bound",
        "listening",
        "connecting",
        "connected",
        "receive-only",
        "send-only",
        "shut down",
        "ended",
        "finished",
        "handshaking",
        "TLS",
        "TLS-ended",
        "unwrapping",
        "broken",
        "unbound datagram",
        "bound datagram",
        "connected datagram",
        "failed",
        "handshake failed",
        "detached",
        "closed",
    ]


# -- the classes ------------------------------------------------------------------------------


def test_every_state_has_its_public_class() -> None:
    assert state_classes() == CLASSES


@pytest.mark.parametrize("state", list(State))
def test_each_class_offers_exactly_the_calls_the_table_allows(state: State) -> None:
    cls = CLASSES[state]
    offered = {
        name
        for name in dir(cls)
        if not name.startswith("_")
        and (
            callable(attribute := inspect.getattr_static(cls, name))
            or isinstance(attribute, OptionsProperty)
        )
    }
    assert offered == allowed(state)
    assert isinstance(inspect.getattr_static(cls, "state"), property)


@pytest.mark.parametrize("state", list(State))
def test_a_call_a_state_forbids_is_on_its_class_as_a_stand_in_that_cannot_be_called(
    state: State,
) -> None:
    cls = CLASSES[state]
    for name in OPERATIONS - allowed(state):
        stand_in = getattr(cls, name)
        assert stand_in is inspect.getattr_static(cls, name), name
        assert not callable(stand_in), name


# -- the annotations ----------------------------------------------------------------------------


def _class_named_by(hint: object) -> object:
    """The class an annotation names: ``C`` for ``C`` and for ``C[X]``."""
    return typing.get_origin(hint) or hint


@pytest.mark.parametrize(("state", "name"), MOVES)
def test_each_transition_is_annotated_to_return_the_next_states_class(
    state: State, name: str
) -> None:
    method = getattr(CLASSES[state], name)
    returned = typing.get_type_hints(method, localns=NAMES)["return"]
    assert _class_named_by(returned) is CLASSES[next_state(state, name)]


def _overload_returns(method: object) -> list[str]:
    """The return annotations of ``method``'s ``@overload``s, read from the
    source of its class, or of its module for a call that several classes
    share (a function there): sockstate's runtime ``overload`` keeps no
    registry (it does not import ``typing``), so ``typing.get_overloads``
    finds none."""
    function = typing.cast("Callable[..., object]", method)
    module = sys.modules[function.__module__]
    owner, _, _ = function.__qualname__.rpartition(".")
    source = inspect.getsource(getattr(module, owner) if owner else module)
    tree = ast.parse(textwrap.dedent(source))
    return [
        ast.unparse(node.returns)
        for node in (ast.walk(tree) if owner else tree.body)
        if isinstance(node, ast.FunctionDef)
        and node.name == method.__name__  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
        and node.returns is not None
        and any(ast.unparse(decorator) == "overload" for decorator in node.decorator_list)
    ]


@pytest.mark.parametrize(("state", "name"), MOVES)
def test_each_overload_of_a_transition_returns_the_next_states_class(
    state: State, name: str
) -> None:
    returns = _overload_returns(getattr(CLASSES[state], name))
    if name in {"bind", "connect", "start_connect"}:
        assert len(returns) == 3  # one per family
    for returned in returns:
        assert returned.split("[")[0] == CLASSES[next_state(state, name)].__name__


DISPATCHING = [
    (state, name) for state in State for name in DISPATCHES if name in TRANSITIONS[state]
]
"""Each state with an operation that dispatches (``shutdown(how)``)."""


def test_a_dispatching_operation_stays_and_is_legal_exactly_where_its_targets_are() -> None:
    for name, targets in DISPATCHES.items():
        for state, rules in TRANSITIONS.items():
            assert (name in rules) is (targets <= rules.keys()), (state, name)
            assert rules.get(name, STAY) is STAY, (state, name)
    assert misplaced_dispatches() == []


def test_a_misplaced_dispatching_operation_is_found() -> None:
    saved = TRANSITIONS[State.BOUND]
    TRANSITIONS[State.BOUND] = {**saved, "shutdown": STAY}
    try:
        assert misplaced_dispatches() == ["bound: shutdown"]
    finally:
        TRANSITIONS[State.BOUND] = saved


@pytest.mark.parametrize(("state", "name"), DISPATCHING)
def test_a_dispatching_operation_is_annotated_to_return_where_its_targets_lead(
    state: State, name: str
) -> None:
    cls = CLASSES[state]
    annotations = inspect.getattr_static(cls, name).__annotations__
    returned = annotations["return"]
    named = {part.strip().split("[")[0] for part in returned.split("|")}
    # The socket itself: Self, or a type variable that self is annotated with.
    itself = {"Self", annotations.get("self")}
    named = {cls.__name__ if part in itself else part for part in named}
    assert named == {CLASSES[next_state(state, target)].__name__ for target in DISPATCHES[name]}


@pytest.mark.parametrize("state", DETACHES)
def test_detach_is_annotated_to_return_the_descriptor(state: State) -> None:
    returned = typing.get_type_hints(inspect.getattr_static(CLASSES[state], "detach"))["return"]
    assert returned is int
    assert next_state(state, "detach") is State.DETACHED


def test_accept_is_annotated_to_return_a_socket_of_the_accepted_state() -> None:
    returned = typing.get_type_hints(inspect.getattr_static(ListeningSocket, "accept"))["return"]
    assert typing.get_origin(returned) is tuple
    connection, _ = typing.get_args(returned)
    assert _class_named_by(connection) is CLASSES[ACCEPTED_STATE]


# -- the options views and the faces --------------------------------------------------------


def _declared_view(cls: type) -> str | None:
    """The IP view class that ``cls`` declares its ``options`` with, for the
    checkers and editors (under ``if TYPE_CHECKING:``, as ``state``): the
    last of ``OptionsProperty[<IPv4 view>, <IPv6 view>, <IP view>]``."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "options"
        ):
            views = ast.unparse(node.annotation).split("[", 1)[1].rstrip("]").split(", ")
            stem = views[2].removesuffix("Options")
            assert views == [f"{stem}IPv4Options", f"{stem}IPv6Options", f"{stem}Options"]
            return views[2]
    return None


_FACES = {"blocking": CLASSES, "asyncio": aio_state_classes()}


@pytest.mark.parametrize("face", list(_FACES))
@pytest.mark.parametrize("state", [state for state in State if state not in TERMINAL])
def test_each_live_state_declares_its_options_view(face: str, state: State) -> None:
    cls = _FACES[face][state]
    assert isinstance(inspect.getattr_static(cls, "options"), OptionsProperty)
    assert _declared_view(cls) == cls.__name__.replace("Socket", "Options")


@pytest.mark.parametrize("face", list(_FACES))
@pytest.mark.parametrize("state", sorted(TERMINAL, key=str))
def test_a_terminal_state_declares_no_options_view(face: str, state: State) -> None:
    assert _declared_view(_FACES[face][state]) is None


def test_the_blocking_face_has_one_class_per_state_and_no_other() -> None:
    assert state_classes() == CLASSES
