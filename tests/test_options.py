"""Socket options: the hand-written options table
(``option_expectations.py``) against the implementation's (``OPTIONS``),
and, on real sockets, parametrised from the hand table: every option reads
back what was set, in every state and family where it is legal; a
misplaced one raises before any system call and changes nothing; a view
kept from an earlier state follows the socket; the raw escape hatch and
sockstate's one default."""

from __future__ import annotations

import contextlib
import errno
import functools
import inspect
import os
import re
import socket
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import sockstate
import sockstate.aio
from _private import OPTION_CALLS as TABLE_CALLS
from _private import OPTIONS as TABLE
from _private import RESOLVED
from _private import Option as TableOption
from expectations import CLASSES
from option_expectations import (
    ANY,
    CALLS,
    IPV4,
    OPTIONS,
    calls_of,
    getter,
    is_action,
    level,
    setter,
)
from sockstate import (
    AddressTypeError,
    AddressValueError,
    FreshIPv4Options,
    FreshOptions,
    IPv4Address,
    IPv6Address,
    OptionError,
    SocketClosedError,
    State,
    UnsupportedOptionError,
)
from support import Addr, Family, class_of, operation

if TYPE_CHECKING:
    from collections.abc import Callable, Generator

FAMILY_NAMES: dict[int, str] = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6"}


def view_name(state: State, family: int | None) -> str:
    """The public name of the options view of a socket of ``state`` and
    ``family`` (``None``: either IP family), as the README names them:
    ``FreshIPv4Options``, ``FreshOptions``, ``UnixOptions``."""
    if family == socket.AF_UNIX:
        return "UnixOptions"
    stem = CLASSES[state].__name__.removesuffix("Socket")
    return f"{stem}{FAMILY_NAMES.get(family, '') if family else ''}Options"


def view_class(state: State, family: int | None) -> type:
    found: type = getattr(sockstate, view_name(state, family))
    return found


LIVE = [state for state in State if state in ANY]
"""The states that hold a descriptor, in order."""

FAMILIES: dict[int, str] = {socket.AF_INET: "ipv4", socket.AF_INET6: "ipv6", socket.AF_UNIX: "unix"}
"""The ``family`` fixture's name for each address family."""

SAMPLES: dict[str, tuple[object, ...]] = {
    "reuse_address": (True, False),
    "reuse_port": (True, False),
    "ipv6_only": (True, False),
    "bind_to_device": ("lo", ""),
    "no_delay": (True, False),
    "cork": (True, False),
    "keep_alive": (True, False),
    "keep_alive_idle": (60, 1),
    "keep_alive_interval": (10, 1),
    "keep_alive_count": (3, 1),
    "linger": (5, 0, None),
    "quick_ack": (True, False),
    "broadcast": (True, False),
    "multicast_ttl": (4, 0),
    "multicast_loop": (False, True),
    "join_multicast_group": (),
    "leave_multicast_group": (),
    "send_buffer_size": (65536, 8192),
    "receive_buffer_size": (65536, 8192),
}
"""Values to set and read back, for each option (none for the actions)."""

BUFFERS = frozenset({"send_buffer_size", "receive_buffer_size"})

GROUPS: dict[int, str] = {socket.AF_INET: "239.255.42.99", socket.AF_INET6: "ff02::4242"}
"""A multicast group per family, joined on the default interface."""

VIEW = "options"


def view_of(sock: object) -> object:
    """``sock.options``, for a socket whose static type may lack it."""
    found: object = getattr(sock, VIEW)
    return found


def first_legal(states: frozenset[State]) -> State:
    return next(state for state in State if state in states)


def _arguments(name: str, family: int) -> tuple[object, ...]:
    """Arguments that work for option ``name``'s setter on ``family``."""
    if is_action(name):
        return (GROUPS.get(family, "239.255.42.99"),)
    return SAMPLES[name][:1]


def _skip_unless_supported(call: Callable[[], object]) -> object:
    """``call()``, skipping the test where the platform lacks the option or
    refuses the privilege it needs."""
    try:
        return call()
    except UnsupportedOptionError as error:
        pytest.skip(str(error))
    except PermissionError as error:
        pytest.skip(f"needs a privilege this process lacks: {error}")


@contextlib.contextmanager
def sockopt_calls() -> Generator[list[str], None, None]:
    """The ``getsockopt``/``setsockopt`` calls made on any stdlib socket
    inside the block: proof that a refused option reached no system call."""
    calls: list[str] = []

    def spy(name: str, original: Callable[..., object]) -> Callable[..., object]:
        def spied(sock: socket.socket, *args: object) -> object:
            calls.append(name)
            return original(sock, *args)

        return spied

    with pytest.MonkeyPatch.context() as patch:
        for name in ("getsockopt", "setsockopt"):
            patch.setattr(socket.socket, name, spy(name, getattr(socket.socket, name)))
        yield calls


def _read_back(name: str, value: object) -> object:
    """What the getter answers after ``value`` was set."""
    if name in BUFFERS and sys.platform.startswith("linux"):
        assert isinstance(value, int)
        return value * 2  # Linux doubles it for its bookkeeping
    return value


# -- the hand table against the implementation's ------------------------------------------


def _differences() -> list[str]:
    """Each way the implementation's options table differs from the hand
    one, as a sentence."""
    found = [f"{name}: by hand only" for name in OPTIONS if name not in TABLE]
    found += [f"{name}: in the table only" for name in TABLE if name not in OPTIONS]
    if not found and list(OPTIONS) != list(TABLE):
        found.append("the table lists the options in another order than the README")
    for name in (name for name in OPTIONS if name in TABLE):
        found += _option_differences(name, TABLE[name])
    return found


def _option_differences(name: str, table: TableOption) -> list[str]:
    """Each way the table's row ``table`` for option ``name`` differs from
    the hand one."""
    hand = OPTIONS[name]
    found: list[str] = []
    if is_action(name) is not table.action:
        found.append(f"{name}: an action {'by hand' if is_action(name) else 'in the table'} only")
    elif hand.value is not None and table.value.split(" (")[0] != hand.value:
        found.append(f"{name}: a {hand.value} by hand, a {table.value} in the table")
    read = getter(name)
    table_read_on = TABLE_CALLS[read][1] if read in TABLE_CALLS else frozenset[State]()
    for what, mine, theirs in (
        ("set on", hand.set_on, table.states),
        ("read on", hand.read_on, table_read_on),
    ):
        for state in (state for state in State if state in mine ^ theirs):
            where = "by hand only" if state in mine else "in the table only"
            found.append(f"{name}: {what} {state} {where}")
    for family in sorted(hand.constants.keys() | table.constants.keys()):
        constant = hand.constants.get(family)
        by_hand = None if constant is None else (level(constant), constant)
        in_table = table.constants.get(family)
        if by_hand != in_table:
            found.append(
                f"{name}: {socket.AddressFamily(family).name} has {by_hand} by hand, "
                f"{in_table} in the table"
            )
    return found


def test_the_hand_options_table_and_the_implementations_agree() -> None:
    assert _differences() == []


def _also_on_shut_down(option: TableOption) -> TableOption:
    return option._replace(states=option.states | {State.SHUT_DOWN})


def _also_on_ipv6(option: TableOption) -> TableOption:
    return option._replace(constants={**option.constants, socket.AF_INET6: option.constants[IPV4]})


def _ipv4_only_at_tcp_level(option: TableOption) -> TableOption:
    return option._replace(constants={IPV4: ("IPPROTO_TCP", option.constants[IPV4][1])})


@pytest.mark.parametrize(
    ("name", "change", "differences"),
    [
        pytest.param(
            "no_delay",
            _also_on_shut_down,
            ["no_delay: set on shut down in the table only"],
            id="a-state-too-many",
        ),
        pytest.param(
            "broadcast",
            _also_on_ipv6,
            ["broadcast: AF_INET6 has None by hand, ('SOL_SOCKET', 'SO_BROADCAST') in the table"],
            id="a-family-too-many",
        ),
        pytest.param(
            "linger",
            _ipv4_only_at_tcp_level,
            [
                "linger: AF_INET has ('SOL_SOCKET', 'SO_LINGER') by hand, "
                "('IPPROTO_TCP', 'SO_LINGER') in the table",
                "linger: AF_INET6 has ('SOL_SOCKET', 'SO_LINGER') by hand, None in the table",
            ],
            id="a-wrong-level-and-a-family-missing",
        ),
    ],
)
def test_the_differences_in_options_are_told_one_per_line(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    change: Callable[[TableOption], TableOption],
    differences: list[str],
) -> None:
    """The comparison finds a wrong options table: it is not vacuous."""
    monkeypatch.setitem(TABLE, name, change(TABLE[name]))
    assert _differences() == differences


def test_every_option_has_samples_to_set() -> None:
    assert set(SAMPLES) == set(OPTIONS)


def _offered(cls: type) -> set[str]:
    return {
        name
        for name in dir(cls)
        if not name.startswith("_") and callable(inspect.getattr_static(cls, name))
    }


@pytest.mark.parametrize("family", [*FAMILIES, None], ids=[*FAMILIES.values(), "ip"])
@pytest.mark.parametrize("state", LIVE, ids=str)
def test_every_live_state_and_family_has_its_view_class_offering_exactly_its_calls(
    state: State, family: int | None
) -> None:
    expected = (
        calls_of(state, family)
        if family is not None
        else calls_of(state, socket.AF_INET) & calls_of(state, socket.AF_INET6)
    )
    assert _offered(view_class(state, family)) == expected


def test_the_view_of_an_unknown_family_offers_what_every_family_has() -> None:
    every = calls_of(State.FRESH)
    for state in LIVE:
        for family in FAMILIES:
            every &= calls_of(state, family)
    assert _offered(sockstate.SocketOptions) == every


@pytest.mark.parametrize("state", LIVE, ids=str)
@pytest.mark.parametrize("family", list(FAMILIES.values()), indirect=True)
def test_a_sockets_options_are_the_view_of_its_state_and_family(
    family: Family[Addr], state: State
) -> None:
    view = view_of(family.build(state).sock)
    assert type(view).__name__ == view_name(state, family.kind)
    assert isinstance(view, sockstate.SocketOptions)
    assert {name for name in dir(view) if not name.startswith("_")} == calls_of(state, family.kind)


AIO_LIVE = [state for state in LIVE if state not in {State.HANDSHAKING, State.UNWRAPPING}]
"""The live states a blocking socket can rest in, for ``from_blocking()``
(a handshake and an unwrap are under way only inside a call)."""


@pytest.mark.parametrize("state", AIO_LIVE, ids=str)
@pytest.mark.parametrize("family", list(FAMILIES.values()), indirect=True)
def test_an_asyncio_sockets_options_are_the_same_view_of_its_state_and_family(
    family: Family[Addr], state: State
) -> None:
    from_blocking = operation(sockstate.aio, "from_blocking")  # one overload per state
    sock = from_blocking(family.build(state).sock)
    try:
        view = view_of(sock)
        assert type(view).__name__ == view_name(state, family.kind)
        assert {name for name in dir(view) if not name.startswith("_")} == calls_of(
            state, family.kind
        )
    finally:
        operation(sock, "close")()


CHECK_OPTIONS = Path(__file__).parent / "typing" / "check_options.py"


def test_the_negative_type_tests_reject_every_setter_somewhere() -> None:
    rejected = {
        match.group(1)
        for line in CHECK_OPTIONS.read_text().splitlines()
        if "# type: ignore[attr-defined]" in line
        and (match := re.search(r"\.options\.(\w+)\(", line)) is not None
    }
    setters = {setter(name) for name in OPTIONS if OPTIONS[name].set_on != ANY}
    assert setters <= rejected


def test_views_are_made_by_sockets_only() -> None:
    with pytest.raises(TypeError, match=r"\.options"):
        FreshOptions()


def test_a_view_offering_other_calls_than_the_table_is_refused_when_defined() -> None:
    def set_extra(self: object) -> None:
        """Not in the options table."""

    def body(namespace: dict[str, object]) -> None:
        namespace["_STATE"] = State.FRESH
        namespace["set_extra"] = set_extra

    with pytest.raises(TypeError, match=r"^_Extra offers \[.*'set_extra'.*\]; the table \["):
        types.new_class("_Extra", (FreshOptions,), exec_body=body)


# -- setting and reading back -------------------------------------------------------------

SETS = [
    pytest.param(name, FAMILIES[family], state, id=f"{name}-{FAMILIES[family]}-{state}")
    for name, option in OPTIONS.items()
    if not is_action(name)
    for family in option.constants
    for state in State
    if state in option.set_on
]


@pytest.mark.parametrize(("name", "family", "state"), SETS, indirect=["family"])
def test_each_option_reads_back_what_was_set(family: Family[Addr], name: str, state: State) -> None:
    sock = family.build(state).sock
    view = view_of(sock)
    read = getter(name)
    assert read is not None
    for value in SAMPLES[name]:
        _skip_unless_supported(functools.partial(operation(view, f"set_{name}"), value))
        assert operation(view, read)() == _read_back(name, value)
    assert sock.state is state


READS = [
    pytest.param(call, FAMILIES[family], state, id=f"{call}-{FAMILIES[family]}-{state}")
    for call, (name, states) in CALLS.items()
    if call.startswith("get_")
    for family in OPTIONS[name].constants
    for state in State
    if state in states
]


@pytest.mark.parametrize(("call", "family", "state"), READS, indirect=["family"])
def test_each_getter_reads_the_kernels_value_in_every_state_of_its_kind(
    family: Family[Addr], call: str, state: State
) -> None:
    sock = family.build(state).sock
    name = CALLS[call][0]
    value = _skip_unless_supported(lambda: operation(view_of(sock), call)())
    sample = SAMPLES[name][0]
    if name == "linger":
        assert value is None or type(value) is int
    else:
        assert type(value) is type(sample)
    assert sock.state is state


JOINS = [
    pytest.param(FAMILIES[family], state, id=f"{FAMILIES[family]}-{state}")
    for family in OPTIONS["join_multicast_group"].constants
    for state in State
    if state in OPTIONS["join_multicast_group"].set_on
]


@pytest.mark.parametrize(("family", "state"), JOINS, indirect=["family"])
def test_a_multicast_group_is_joined_and_left_once(family: Family[Addr], state: State) -> None:
    sock = family.build(state).sock
    view = view_of(sock)
    group = GROUPS[family.kind]
    operation(view, "join_multicast_group")(group)
    operation(view, "leave_multicast_group")(group)
    with pytest.raises(OSError, match=os.strerror(errno.EADDRNOTAVAIL)) as caught:
        operation(view, "leave_multicast_group")(group)  # the kernel: not a member
    assert caught.value.errno == errno.EADDRNOTAVAIL
    assert sock.state is state


def test_an_ipv4_group_is_joined_on_the_interface_with_that_address(
    ipv4: Family[IPv4Address],
) -> None:
    options = ipv4.datagram_bound().options
    options.join_multicast_group("239.255.42.99", "127.0.0.1")
    options.leave_multicast_group("239.255.42.99", "127.0.0.1")


def test_an_ipv6_group_is_joined_on_the_interface_with_that_index(
    ipv6: Family[IPv6Address],
) -> None:
    options = ipv6.datagram().options
    index = socket.if_nametoindex("lo")
    options.join_multicast_group("ff02::4242", index)
    options.leave_multicast_group("ff02::4242", index)


# -- misplaced options --------------------------------------------------------------------

MISPLACED = [
    pytest.param(call, FAMILIES[next(iter(OPTIONS[name].constants))], state, id=f"{call}-{state}")
    for call, (name, states) in CALLS.items()
    for state in LIVE
    if state not in states
]


@pytest.mark.parametrize(("call", "family", "state"), MISPLACED, indirect=["family"])
def test_a_misplaced_option_raises_before_any_system_call_and_changes_nothing(
    family: Family[Addr], call: str, state: State
) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    view = view_of(sock)
    with sockopt_calls() as calls, pytest.raises(OptionError) as caught:
        operation(view, call)
    error = caught.value
    assert calls == []
    assert (error.operation, error.state) == (call, state)
    assert error.allowed == calls_of(state, family.kind)
    assert call not in error.allowed
    assert f"{call}() ({OPTIONS[CALLS[call][0]].constants[family.kind]})" in str(error)
    assert str(state) in str(error)
    assert not hasattr(view, call)
    assert call not in dir(view)
    assert sock.state is state
    assert raw.fileno() != -1


def test_a_misplaced_option_names_where_it_would_be_legal(ipv4: Family[IPv4Address]) -> None:
    bound = ipv4.bound()
    with pytest.raises(OptionError) as caught:
        operation(view_of(bound), "set_reuse_address")
    assert str(caught.value) == (
        "set_reuse_address() (SO_REUSEADDR) needs a fresh socket; this socket is bound and "
        "cannot go back: set it on a new socket, before bind(), connect() or start_connect()"
    )


def test_an_option_not_yet_legal_names_the_call_that_makes_it_legal(
    ipv4: Family[IPv4Address],
) -> None:
    with pytest.raises(OptionError) as caught:
        operation(view_of(ipv4.fresh()), "set_quick_ack")
    assert str(caught.value) == (
        "set_quick_ack() (TCP_QUICKACK) needs a connected or receive-only socket; "
        "this socket is fresh: call connect() first"
    )


def test_a_stream_option_on_a_datagram_socket_says_to_use_a_stream_socket(
    ipv4: Family[IPv4Address],
) -> None:
    with pytest.raises(OptionError) as caught:
        operation(view_of(ipv4.datagram()), "set_no_delay")
    assert str(caught.value) == (
        "set_no_delay() (TCP_NODELAY) is a stream socket option; this socket is an unbound "
        "datagram socket: use a stream socket"
    )


def test_a_datagram_option_on_a_stream_socket_says_to_use_a_datagram_socket(
    ipv4: Family[IPv4Address],
) -> None:
    with pytest.raises(OptionError) as caught:
        operation(view_of(ipv4.fresh()), "set_broadcast")
    assert str(caught.value) == (
        "set_broadcast() (SO_BROADCAST) is a datagram socket option; this socket is fresh: "
        "use a datagram socket"
    )


OTHER_FAMILIES = [
    pytest.param(call, FAMILIES[family], first_legal(states), id=f"{call}-{FAMILIES[family]}")
    for call, (name, states) in CALLS.items()
    for family in FAMILIES
    if family not in OPTIONS[name].constants
]


@pytest.mark.parametrize(("call", "family", "state"), OTHER_FAMILIES, indirect=["family"])
def test_an_option_of_another_family_raises_before_any_system_call(
    family: Family[Addr], call: str, state: State
) -> None:
    sock = family.build(state).sock
    name = CALLS[call][0]
    arguments = () if call.startswith("get_") else _arguments(name, family.kind)
    method = operation(view_of(sock), call)
    with sockopt_calls() as calls, pytest.raises(OptionError) as caught:
        method(*arguments)
    error = caught.value
    assert calls == []
    assert (error.operation, error.state) == (call, state)
    assert error.allowed == calls_of(state, family.kind)
    assert f"this socket is {socket.AddressFamily(family.kind).name}" in str(error)
    assert sock.state is state


@pytest.mark.parametrize(
    ("family", "call", "message"),  # each call sets a bool
    [
        pytest.param(
            "unix",
            "set_no_delay",
            "set_no_delay() (TCP_NODELAY) is an option of AF_INET and AF_INET6 sockets; "
            "this socket is AF_UNIX",
            id="two-families",
        ),
        pytest.param(
            "ipv4",
            "set_ipv6_only",
            "set_ipv6_only() (IPV6_V6ONLY) is an option of AF_INET6 sockets; "
            "this socket is AF_INET",
            id="one-family",
        ),
    ],
    indirect=["family"],
)
def test_an_option_of_other_families_names_them_and_the_sockets_family(
    family: Family[Addr], call: str, message: str
) -> None:
    with pytest.raises(OptionError) as caught:
        operation(view_of(family.fresh()), call)(True)
    assert str(caught.value) == message


# -- a view kept from an earlier state ----------------------------------------------------


def test_a_view_kept_from_before_bind_refuses_reuse_after_it(ipv4: Family[IPv4Address]) -> None:
    fresh = ipv4.fresh()
    view = fresh.options
    view.set_reuse_address(False)
    bound = ipv4.bind(fresh, ipv4.local())
    with sockopt_calls() as calls, pytest.raises(OptionError) as caught:
        view.set_reuse_address(True)
    assert calls == []
    assert (caught.value.operation, caught.value.state) == ("set_reuse_address", State.BOUND)
    assert caught.value.allowed == calls_of(State.BOUND, socket.AF_INET)
    assert bound.state is State.BOUND
    assert view.get_reuse_address() is False  # the kernel never heard of it


def test_a_view_kept_from_before_bind_refuses_ipv6_only_after_it(ipv6: Family[IPv6Address]) -> None:
    datagram = ipv6.datagram()
    view = datagram.options
    ipv6.bind_datagram(datagram, ipv6.local())
    with sockopt_calls() as calls, pytest.raises(OptionError) as caught:
        view.set_ipv6_only(True)
    assert calls == []
    assert caught.value.state is State.DATAGRAM_BOUND


def test_a_view_kept_from_before_a_shutdown_refuses_to_shape_sending(
    ipv4: Family[IPv4Address],
) -> None:
    client, _ = ipv4.connected()
    view = client.options
    view.set_no_delay(True)
    client.shutdown_write()
    with sockopt_calls() as calls, pytest.raises(OptionError) as caught:
        view.set_no_delay(False)
    assert calls == []
    assert caught.value.state is State.RECEIVE_ONLY
    assert view.get_no_delay() is True


def test_a_view_kept_from_before_connect_refuses_to_join_a_group(ipv4: Family[IPv4Address]) -> None:
    bound = ipv4.datagram_bound()
    view = bound.options
    ipv4.connect_datagram(bound, ipv4.datagram_bound().getsockname())
    with sockopt_calls() as calls, pytest.raises(OptionError) as caught:
        view.join_multicast_group("239.255.42.99")
    assert calls == []
    assert caught.value.state is State.DATAGRAM_CONNECTED


def test_a_view_kept_from_an_earlier_state_offers_what_is_legal_now(
    ipv4: Family[IPv4Address],
) -> None:
    fresh = ipv4.fresh()
    view = view_of(fresh)
    listener = ipv4.listening()
    client = ipv4.connect(fresh, listener.getsockname())
    assert class_of(view) is FreshIPv4Options  # its class lacks set_quick_ack
    operation(view, "set_quick_ack")(True)
    assert client.options.get_quick_ack() is True


def test_every_view_call_on_a_closed_socket_raises_socket_closed_error(
    ipv4: Family[IPv4Address],
) -> None:
    fresh = ipv4.fresh()
    view = view_of(fresh)
    fresh.close()
    for call in sorted(calls_of(State.FRESH)):
        arguments: tuple[object, ...]
        if call == "getsockopt":
            arguments = (socket.SOL_SOCKET, socket.SO_TYPE)
        elif call == "setsockopt":
            arguments = (socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        elif call.startswith("get_"):
            arguments = ()
        else:
            arguments = _arguments(CALLS[call][0], socket.AF_INET)
        with sockopt_calls() as calls, pytest.raises(SocketClosedError) as caught:
            operation(view, call)(*arguments)
        assert calls == []
        assert (caught.value.operation, caught.value.state) == (call, State.CLOSED)
        assert str(caught.value).endswith("this socket is closed: make a new socket")


def test_an_option_read_on_a_closed_socket_says_it_needs_an_open_socket(
    ipv4: Family[IPv4Address],
) -> None:
    fresh = ipv4.fresh()
    view = fresh.options
    fresh.close()
    with pytest.raises(SocketClosedError) as caught:
        view.get_no_delay()
    assert str(caught.value) == (
        "get_no_delay() (TCP_NODELAY) needs an open socket; this socket is closed: "
        "make a new socket"
    )


# -- the platform -----------------------------------------------------------------------

UNSUPPORTED = [
    pytest.param(call, FAMILIES[family], first_legal(states), id=f"{call}-{FAMILIES[family]}")
    for call, (name, states) in CALLS.items()
    for family in OPTIONS[name].constants
    if family == next(iter(OPTIONS[name].constants))
]


@pytest.mark.parametrize(("call", "family", "state"), UNSUPPORTED, indirect=["family"])
def test_an_option_the_platform_lacks_raises_naming_it_before_any_system_call(
    family: Family[Addr], call: str, state: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = CALLS[call][0]
    monkeypatch.setitem(RESOLVED[name], family.kind, None)  # as if the stdlib lacked it
    sock = family.build(state).sock
    arguments = () if call.startswith("get_") else _arguments(name, family.kind)
    method = operation(view_of(sock), call)
    with sockopt_calls() as calls, pytest.raises(UnsupportedOptionError) as caught:
        method(*arguments)
    assert calls == []
    assert (caught.value.option, caught.value.platform) == (name, sys.platform)
    constant = OPTIONS[name].constants[family.kind]
    assert str(caught.value) == f"{name} ({constant}) is not available on {sys.platform}"
    assert not isinstance(caught.value, AttributeError)
    assert sock.state is state


def test_this_platform_has_the_options_the_tests_expect() -> None:
    missing = [
        name
        for name, numbers in RESOLVED.items()
        if any(found is None for found in numbers.values())
    ]
    if sys.platform.startswith("linux"):
        assert missing == []


# -- values -------------------------------------------------------------------------------

BAD_VALUES = [
    pytest.param("set_no_delay", 1, TypeError, id="flag-int"),
    pytest.param("set_keep_alive_idle", True, TypeError, id="int-bool"),
    pytest.param("set_keep_alive_idle", 1.5, TypeError, id="int-float"),
    pytest.param("set_keep_alive_idle", 0, ValueError, id="idle-zero"),
    pytest.param("set_keep_alive_count", 0, ValueError, id="count-zero"),
    pytest.param("set_linger", -1, ValueError, id="linger-negative"),
    pytest.param("set_linger", "5", TypeError, id="linger-str"),
    pytest.param("set_linger", True, TypeError, id="linger-bool"),
    pytest.param("set_send_buffer_size", -1, ValueError, id="buffer-negative"),
    pytest.param("set_receive_buffer_size", 2**31, ValueError, id="buffer-huge"),
    pytest.param("set_bind_to_device", b"lo", TypeError, id="device-bytes"),
    pytest.param("set_bind_to_device", "x" * 16, ValueError, id="device-long"),
    pytest.param("set_bind_to_device", "l\0o", ValueError, id="device-nul"),
]


@pytest.mark.parametrize(("call", "value", "kind"), BAD_VALUES)
def test_a_bad_value_raises_before_any_system_call(
    ipv4: Family[IPv4Address], call: str, value: object, kind: type[Exception]
) -> None:
    fresh = ipv4.fresh()
    with sockopt_calls() as calls, pytest.raises(kind, match=rf"^{call}\(\) takes|interface name"):
        operation(view_of(fresh), call)(value)
    assert calls == []
    assert fresh.state is State.FRESH


def test_a_multicast_ttl_goes_up_to_255_hops_and_no_further(ipv4: Family[IPv4Address]) -> None:
    """IP_MULTICAST_TTL is one byte: ip(7), "Values from 0 to 255 are allowed"."""
    datagram = ipv4.datagram()
    datagram.options.set_multicast_ttl(255)
    assert datagram.options.get_multicast_ttl() == 255
    with sockopt_calls() as calls, pytest.raises(ValueError, match=r"^set_multicast_ttl\(\) takes"):
        datagram.options.set_multicast_ttl(256)
    assert calls == []
    assert datagram.options.get_multicast_ttl() == 255


def test_no_linger_reads_back_as_none_after_a_linger_of_some_seconds(
    ipv4: Family[IPv4Address],
) -> None:
    """Linux keeps the seconds of an earlier linger when it is turned off:
    ``sk_setsockopt`` (net/core/sock.c) only clears ``SOCK_LINGER`` for an
    ``l_onoff`` of 0, and ``sk_getsockopt`` reports ``sk_lingertime``
    either way; only ``l_onoff`` says whether ``close()`` lingers."""
    fresh = ipv4.fresh()
    fresh.options.set_linger(5)
    fresh.options.set_linger(None)
    assert fresh.options.get_linger() is None
    raw = fresh.options.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)
    assert int.from_bytes(raw[4:], sys.byteorder) == 5  # what makes the test worth having


BAD_GROUPS = [
    pytest.param("ipv4", ("10.0.0.1",), AddressValueError, id="ipv4-unicast"),
    pytest.param("ipv4", ("ff02::1",), AddressValueError, id="ipv4-given-ipv6"),
    pytest.param("ipv4", ("nowhere",), AddressValueError, id="ipv4-name"),
    pytest.param("ipv4", (239,), AddressTypeError, id="ipv4-int"),
    pytest.param("ipv4", ("239.1.2.3", "lo"), AddressValueError, id="ipv4-interface-name"),
    pytest.param("ipv6", ("fe80::1",), AddressValueError, id="ipv6-unicast"),
    pytest.param("ipv6", ("239.1.2.3",), AddressValueError, id="ipv6-given-ipv4"),
    pytest.param("ipv6", ("ff02::1", -1), ValueError, id="ipv6-index-negative"),
    pytest.param("ipv6", ("ff02::1", "lo"), TypeError, id="ipv6-index-name"),
]


@pytest.mark.parametrize(("family", "arguments", "kind"), BAD_GROUPS, indirect=["family"])
def test_a_group_that_cannot_work_raises_before_any_system_call(
    family: Family[Addr], arguments: tuple[object, ...], kind: type[Exception]
) -> None:
    datagram = family.datagram()
    with sockopt_calls() as calls, pytest.raises(kind):
        operation(view_of(datagram), "join_multicast_group")(*arguments)
    assert calls == []
    assert datagram.state is State.DATAGRAM


def test_the_kernel_refusing_a_value_propagates_unchanged(ipv4: Family[IPv4Address]) -> None:
    fresh = ipv4.fresh()
    with pytest.raises(OSError, match=os.strerror(errno.EINVAL)) as caught:
        fresh.options.set_keep_alive_count(100_000)  # Linux: at most 127
    assert caught.value.errno == errno.EINVAL
    assert fresh.state is State.FRESH


def test_binding_to_a_device_that_does_not_exist_is_the_kernels_error(
    ipv4: Family[IPv4Address],
) -> None:
    fresh = ipv4.fresh()
    with pytest.raises(OSError, match=os.strerror(errno.ENODEV)) as caught:
        _skip_unless_supported(lambda: fresh.options.set_bind_to_device("nosuchdev0"))
    assert caught.value.errno == errno.ENODEV


# -- the raw escape hatch ---------------------------------------------------------------

RAW = [pytest.param(state, id=str(state)) for state in LIVE]


@pytest.mark.parametrize("state", RAW)
def test_the_raw_hatch_reads_any_option_in_any_live_state(
    family: Family[Addr], state: State
) -> None:
    built = family.build(state)
    sock, raw = built.sock, built.raw
    view = view_of(sock)
    kind = operation(view, "getsockopt")(socket.SOL_SOCKET, socket.SO_TYPE)
    assert kind == raw.type
    packed = operation(view, "getsockopt")(socket.SOL_SOCKET, socket.SO_TYPE, 4)
    assert packed == int(raw.type).to_bytes(4, sys.byteorder)


def test_the_raw_hatch_bypasses_the_order(ipv4: Family[IPv4Address]) -> None:
    bound = ipv4.bound()
    bound.options.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
    assert bound.options.get_reuse_address() is False
    linger = (1).to_bytes(4, sys.byteorder) + (7).to_bytes(4, sys.byteorder)
    bound.options.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
    assert bound.options.get_linger() == 7
    assert bound.options.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8) == linger
    assert bound.state is State.BOUND


def test_the_raw_hatch_passes_a_null_value_to_the_kernel(ipv4: Family[IPv4Address]) -> None:
    fresh = ipv4.fresh()
    with (
        sockopt_calls() as calls,
        pytest.raises(OSError, match=os.strerror(errno.EFAULT)) as caught,
    ):
        fresh.options.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, None, 4)
    assert calls == ["setsockopt"]
    assert caught.value.errno == errno.EFAULT  # the kernel read the null pointer


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param((socket.SOL_SOCKET, socket.SO_KEEPALIVE, None), id="None-without-optlen"),
        pytest.param((socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1, 4), id="optlen-with-a-value"),
    ],
)
def test_the_raw_hatch_refuses_a_value_and_optlen_that_do_not_go_together(
    ipv4: Family[IPv4Address], arguments: tuple[object, ...]
) -> None:
    fresh = ipv4.fresh()
    with sockopt_calls() as calls, pytest.raises(TypeError, match="optlen"):
        operation(fresh.options, "setsockopt")(*arguments)
    assert calls == []


# -- defaults -----------------------------------------------------------------------------

REUSING_FACTORIES: list[Callable[[], sockstate.FreshSocket[object]]] = [
    sockstate.tcp,
    sockstate.tcp6,
    lambda: sockstate.socket(socket.AF_INET),
    lambda: sockstate.socket(socket.AF_INET6, socket.SOCK_STREAM),
]


@pytest.mark.parametrize("factory", REUSING_FACTORIES, ids=["tcp", "tcp6", "ipv4", "ipv6"])
def test_new_ip_stream_sockets_reuse_addresses_on_posix(
    factory: Callable[[], sockstate.FreshSocket[object]],
) -> None:
    with factory() as sock:
        reuse = sock.options.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
    assert bool(reuse) is (sys.platform not in ("win32", "cygwin"))


@pytest.mark.parametrize(
    "factory",
    [
        sockstate.udp,
        sockstate.udp6,
        sockstate.unix,
        sockstate.unix_datagram,
        lambda: sockstate.socket(socket.AF_INET, socket.SOCK_DGRAM),
    ],
    ids=["udp", "udp6", "unix", "unix-datagram", "ipv4-datagram"],
)
def test_datagram_and_unix_sockets_do_not_reuse_addresses(
    factory: Callable[[], sockstate.FreshSocket[object] | sockstate.DatagramSocket[object]],
) -> None:
    with factory() as sock:
        assert sock.options.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 0


def _time_wait_port(family: Family[Addr]) -> Addr:
    """The address of a listener, now closed, whose server side closed a
    connection first: that connection waits in TIME_WAIT on its port."""
    listener = family.listening()
    address = listener.getsockname()
    client = family.connect(family.fresh(), address)
    server, _ = family.accept(listener)
    server.close()
    assert client.recv(1) == b""
    client.close()
    listener.close()
    return address


def test_a_restarted_server_binds_its_port_during_time_wait(ipv4: Family[IPv4Address]) -> None:
    address = _time_wait_port(ipv4)
    restarted = ipv4.bind(ipv4.fresh(), address).listen()
    assert restarted.getsockname() == address


def test_without_address_reuse_the_port_is_in_use_during_time_wait(
    ipv4: Family[IPv4Address],
) -> None:
    address = _time_wait_port(ipv4)
    fresh = ipv4.fresh()
    fresh.options.set_reuse_address(False)
    with pytest.raises(OSError, match=os.strerror(errno.EADDRINUSE)) as caught:
        ipv4.bind(fresh, address)
    assert caught.value.errno == errno.EADDRINUSE
    assert fresh.state is State.FRESH


def test_a_view_repr_names_its_socket(ipv4: Family[IPv4Address]) -> None:
    fresh = ipv4.fresh()
    assert repr(fresh.options) == f"<sockstate.FreshIPv4Options of {fresh!r}>"
