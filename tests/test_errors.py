"""The exceptions sockstate raises: one family under ``SockstateError``, each
also the builtin it resembles, each carrying its facts as attributes, each
printing its message and surviving a pickle round trip and a copy."""

from __future__ import annotations

import copy
import inspect
import pickle
import socket
from typing import TYPE_CHECKING

import pytest

import sockstate
from expectations import allowed
from sockstate import (
    AddressError,
    AddressTypeError,
    AddressValueError,
    DescriptorsTruncatedError,
    IncompleteReadError,
    MessageTruncatedError,
    ModeError,
    NotOfferedError,
    OptionError,
    OrderingError,
    SocketClosedError,
    SockstateError,
    State,
    UnsupportedOptionError,
)
from sockstate.aio import BusyError

if TYPE_CHECKING:
    from collections.abc import Callable

PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)


def _exceptions() -> list[type[BaseException]]:
    return [
        value
        for name in sockstate.__all__
        if inspect.isclass(value := getattr(sockstate, name)) and issubclass(value, BaseException)
    ]


def test_every_exported_exception_derives_from_sockstate_error() -> None:
    exceptions = _exceptions()
    assert {exception.__name__ for exception in exceptions} == {
        "SockstateError",
        "OrderingError",
        "SocketClosedError",
        "ModeError",
        "NotOfferedError",
        "AddressError",
        "AddressTypeError",
        "AddressValueError",
        "IncompleteReadError",
        "MessageTruncatedError",
        "DescriptorsTruncatedError",
        "OptionError",
        "UnsupportedOptionError",
        "ServerHostnameError",
        "BusyError",
    }
    for exception in exceptions:
        assert issubclass(exception, SockstateError), exception


@pytest.mark.parametrize(
    ("error", "bases"),
    [
        pytest.param(OrderingError, (SockstateError, AttributeError), id="OrderingError"),
        pytest.param(SocketClosedError, (OrderingError,), id="SocketClosedError"),
        pytest.param(ModeError, (SockstateError,), id="ModeError"),
        pytest.param(NotOfferedError, (SockstateError, AttributeError), id="NotOfferedError"),
        pytest.param(AddressError, (SockstateError,), id="AddressError"),
        pytest.param(AddressTypeError, (AddressError, TypeError), id="AddressTypeError"),
        pytest.param(AddressValueError, (AddressError, ValueError), id="AddressValueError"),
        pytest.param(IncompleteReadError, (SockstateError, EOFError), id="IncompleteReadError"),
        pytest.param(MessageTruncatedError, (SockstateError,), id="MessageTruncatedError"),
        pytest.param(DescriptorsTruncatedError, (SockstateError,), id="DescriptorsTruncatedError"),
        pytest.param(OptionError, (OrderingError,), id="OptionError"),
        pytest.param(UnsupportedOptionError, (SockstateError,), id="UnsupportedOptionError"),
    ],
)
def test_each_exception_is_also_the_builtin_it_resembles(
    error: type[SockstateError], bases: tuple[type[BaseException], ...]
) -> None:
    for base in bases:
        assert issubclass(error, base)


def test_kernel_errors_are_not_sockstate_errors() -> None:
    assert not issubclass(OSError, SockstateError)
    assert not issubclass(SockstateError, OSError)


MESSAGE_ERRORS = [
    OrderingError("the message", operation="accept", state=State.BOUND, allowed=frozenset()),
    SocketClosedError("the message", operation="send", state=State.CLOSED, allowed=frozenset()),
    OptionError("the message", operation="set_no_delay", state=State.FRESH, allowed=frozenset()),
    ModeError("the message", operation="connect", state=State.FRESH, timeout=0.0),
    NotOfferedError("the message", name="dup", instead="raw_socket().dup()", state=State.BOUND),
    AddressTypeError("the message", address=b"x", family=socket.AF_INET),
    AddressValueError("the message", address=("", -1), family=socket.AF_INET),
    UnsupportedOptionError("the message", option="quick_ack", platform="darwin"),
    BusyError("the message", operation="recv"),
]
"""One of each exception made from a message and its facts."""


@pytest.mark.parametrize("copier", [copy.copy, copy.deepcopy])
@pytest.mark.parametrize("error", MESSAGE_ERRORS, ids=lambda error: type(error).__name__)
def test_every_exception_copies_as_itself_with_its_message_and_facts(
    error: SockstateError, copier: Callable[[SockstateError], SockstateError]
) -> None:
    copied = copier(error)
    assert type(copied) is type(error)
    assert (copied.args, str(copied)) == (("the message",), "the message")
    assert vars(copied) == vars(error)


# -- ordering errors -------------------------------------------------------------------------


def test_an_ordering_errors_str_is_its_message() -> None:
    error = OrderingError(
        "the message", operation="accept", state=State.BOUND, allowed=allowed(State.BOUND)
    )
    assert str(error) == "the message"
    assert error.args == ("the message",)
    assert (error.operation, error.state, error.allowed) == (
        "accept",
        State.BOUND,
        allowed(State.BOUND),
    )


def test_a_socket_closed_error_survives_pickle_as_itself() -> None:
    error = SocketClosedError(
        "gone", operation="send", state=State.CLOSED, allowed=frozenset({"close"})
    )
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is SocketClosedError
    assert (str(restored), restored.operation, restored.state, restored.allowed) == (
        "gone",
        "send",
        State.CLOSED,
        frozenset({"close"}),
    )


# -- mode errors -----------------------------------------------------------------------------


def test_a_mode_error_is_not_an_ordering_error() -> None:
    assert not issubclass(ModeError, OrderingError)
    assert not issubclass(OrderingError, ModeError)
    assert not issubclass(ModeError, AttributeError)


@pytest.mark.parametrize("timeout", [None, 0.0, 2.5])
def test_every_mode_error_survives_pickle(timeout: float | None) -> None:
    error = ModeError("wrong mode", operation="connect", state=State.FRESH, timeout=timeout)
    assert str(error) == "wrong mode"
    assert error.args == ("wrong mode",)
    for protocol in PROTOCOLS:
        restored = pickle.loads(pickle.dumps(error, protocol))
        assert type(restored) is ModeError
        assert str(restored) == "wrong mode"
        assert restored.args == error.args
        assert (restored.operation, restored.state, restored.timeout) == (
            "connect",
            State.FRESH,
            timeout,
        )


def test_a_mode_error_from_a_real_socket_names_operation_state_and_timeout() -> None:
    with sockstate.tcp() as sock:
        sock.setblocking(False)
        with pytest.raises(ModeError) as caught:
            sock.connect(("127.0.0.1", 1))
        error = caught.value
        assert sock.state is State.FRESH
    assert (error.operation, error.state, error.timeout) == ("connect", State.FRESH, 0.0)
    assert "connect()" in str(error)
    assert "start_connect()" in str(error)
    restored = pickle.loads(pickle.dumps(error))
    assert (type(restored), str(restored), restored.operation, restored.state) == (
        ModeError,
        str(error),
        "connect",
        State.FRESH,
    )


# -- refusals of stdlib names -----------------------------------------------------------------


def test_a_not_offered_error_survives_pickle_with_its_name() -> None:
    error = NotOfferedError(
        "dup() is not offered", name="dup", instead="raw_socket().dup()", state=State.BOUND
    )
    for protocol in PROTOCOLS:
        restored = pickle.loads(pickle.dumps(error, protocol))
        assert type(restored) is NotOfferedError
        assert (str(restored), restored.name, restored.instead, restored.state) == (
            "dup() is not offered",
            "dup",
            "raw_socket().dup()",
            State.BOUND,
        )


# -- option errors ---------------------------------------------------------------------------


def test_an_option_error_survives_pickle_as_itself() -> None:
    error = OptionError(
        "too late", operation="set_reuse_address", state=State.BOUND, allowed=frozenset({"x"})
    )
    for protocol in PROTOCOLS:
        restored = pickle.loads(pickle.dumps(error, protocol))
        assert type(restored) is OptionError
        assert (str(restored), restored.operation, restored.state, restored.allowed) == (
            "too late",
            "set_reuse_address",
            State.BOUND,
            frozenset({"x"}),
        )


def test_an_unsupported_option_error_carries_the_option_and_platform() -> None:
    error = UnsupportedOptionError("missing", option="quick_ack", platform="darwin")
    assert (str(error), error.option, error.platform) == ("missing", "quick_ack", "darwin")
    for protocol in PROTOCOLS:
        restored = pickle.loads(pickle.dumps(error, protocol))
        assert type(restored) is UnsupportedOptionError
        assert (str(restored), restored.option, restored.platform) == (
            "missing",
            "quick_ack",
            "darwin",
        )


# -- address errors -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", [AddressError, AddressTypeError, AddressValueError])
@pytest.mark.parametrize(
    ("address", "family"),
    [
        pytest.param(("::1", 0), socket.AF_INET, id="ipv4"),
        pytest.param(("127.0.0.1", 0, 0, 0), socket.AF_INET6, id="ipv6"),
        pytest.param(b"/tmp/x\0y", socket.AF_UNIX, id="unix"),
        pytest.param(None, socket.AF_UNIX, id="None"),
    ],
)
def test_every_address_error_survives_pickle(
    kind: type[AddressError], address: object, family: int
) -> None:
    error = kind("bad address", address=address, family=family)
    assert str(error) == "bad address"
    for protocol in PROTOCOLS:
        restored = pickle.loads(pickle.dumps(error, protocol))
        assert type(restored) is kind
        assert str(restored) == "bad address"
        assert restored.args == error.args
        assert restored.address == address
        assert restored.family == family


def test_an_address_error_from_a_real_socket_names_address_and_family() -> None:
    with sockstate.tcp6() as sock:
        with pytest.raises(AddressValueError) as caught:
            sock.bind(("127.0.0.1", 0))
        error = caught.value
    assert error.address == ("127.0.0.1", 0)
    assert error.family == socket.AF_INET6
    assert str(error) == (
        "bad AF_INET6 address ('127.0.0.1', 0): that host is an IPv4 address (write ::ffff:a.b.c.d)"
    )
    restored = pickle.loads(pickle.dumps(error))
    assert (type(restored), str(restored), restored.address, restored.family) == (
        AddressValueError,
        str(error),
        ("127.0.0.1", 0),
        socket.AF_INET6,
    )


# -- incomplete reads ------------------------------------------------------------------------


def test_an_incomplete_read_error_names_what_arrived() -> None:
    error = IncompleteReadError(b"ab", 5)
    assert str(error) == "the peer ended the stream after 2 of 5 bytes"
    assert error.args == (str(error),)
    assert (error.partial, error.expected) == (b"ab", 5)


def test_an_incomplete_read_error_survives_pickle() -> None:
    error = IncompleteReadError(b"\0partial", 100)
    for protocol in PROTOCOLS:
        restored = pickle.loads(pickle.dumps(error, protocol))
        assert type(restored) is IncompleteReadError
        assert str(restored) == str(error)
        assert (restored.partial, restored.expected) == (b"\0partial", 100)


# -- truncated datagrams -----------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        pytest.param(("127.0.0.1", 9), id="ipv4"),
        pytest.param(("::1", 9, 0, 0), id="ipv6"),
        pytest.param("/tmp/sender", id="unix"),
        pytest.param(b"\0abstract", id="unix-abstract"),
        pytest.param("", id="unnamed"),
    ],
)
def test_a_message_truncated_error_names_the_part_and_the_sender(address: object) -> None:
    error = MessageTruncatedError(b"par", address)
    assert str(error) == f"a datagram from {address!r} was longer than the 3 bytes asked for"
    assert (error.data, error.address) == (b"par", address)
    assert error.args == (str(error),)


def test_a_message_truncated_error_survives_pickle() -> None:
    error = MessageTruncatedError(b"\0part", ("127.0.0.1", 4000))
    for protocol in PROTOCOLS:
        restored = pickle.loads(pickle.dumps(error, protocol))
        assert type(restored) is MessageTruncatedError
        assert str(restored) == str(error)
        assert (restored.data, restored.address) == (b"\0part", ("127.0.0.1", 4000))


def test_a_descriptors_truncated_error_names_the_counts_and_survives_pickle() -> None:
    error = DescriptorsTruncatedError(b"three", 1, 1)
    assert str(error) == (
        "more descriptors came than the 1 asked for: the kernel dropped the rest, "
        "and the 1 that fit were closed"
    )
    for protocol in PROTOCOLS:
        restored = pickle.loads(pickle.dumps(error, protocol))
        assert type(restored) is DescriptorsTruncatedError
        assert str(restored) == str(error)
        assert (restored.data, restored.received, restored.maxfds) == (b"three", 1, 1)
