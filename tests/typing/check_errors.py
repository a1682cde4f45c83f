"""The exceptions' attributes, and where they sit in the builtin hierarchy.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

from typing import Literal

from typing_extensions import assert_type

import sockstate


def ordering_error() -> None:
    try:
        sockstate.tcp().connect(("127.0.0.1", 8080)).close()
    except sockstate.OrderingError as error:
        assert_type(error.operation, str)
        assert_type(error.state, sockstate.State)
        assert_type(error.allowed, frozenset[str])
        as_builtin: AttributeError = error
        as_base: sockstate.SockstateError = error
        print(as_builtin, as_base)

        error.allowed.add("accept")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def socket_closed_error() -> None:
    try:
        sockstate.tcp().close()
    except sockstate.SocketClosedError as error:
        as_ordering: sockstate.OrderingError = error
        assert_type(error.state, sockstate.State)
        print(as_ordering)


def address_errors() -> None:
    try:
        sockstate.tcp().bind(("::1", 0))
    except sockstate.AddressTypeError as error:
        assert_type(error.address, object)
        assert_type(error.family, int)
        as_type_error: TypeError = error
        print(as_type_error)
    except sockstate.AddressValueError as error:
        as_value_error: ValueError = error
        as_address_error: sockstate.AddressError = error
        print(as_value_error, as_address_error)

        not_a_type_error: TypeError = error  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
        print(not_a_type_error)


def incomplete_read_error() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    try:
        header = conn.recv_exactly(8)
    except sockstate.IncompleteReadError as error:
        assert_type(error.partial, bytes)
        assert_type(error.expected, int)
        as_eof: EOFError = error
        print(as_eof)
        partial: str = error.partial  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
        print(partial)
    else:
        assert_type(header, bytes)


def states() -> None:
    state = sockstate.tcp().state
    assert_type(state, Literal[sockstate.State.FRESH])
    assert_type(str(state), str)
