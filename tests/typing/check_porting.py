"""The stdlib names that sockstate does not offer are static errors, though a
refusal stands in for each at runtime; ``NotOfferedError``'s attributes.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

from typing_extensions import assert_type

import sockstate
import sockstate.aio


def refused_names_are_unknown_attributes() -> None:
    fresh = sockstate.tcp()
    fresh.connect_ex(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    print(fresh.timeout)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]
    conn, other = sockstate.socketpair()
    conn.dup()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.recvmsg_into([bytearray(8)])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.set_inheritable(True)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    other.close()


def refused_names_on_the_asyncio_face() -> None:
    fresh = sockstate.aio.tcp()
    fresh.connect_ex(("127.0.0.1", 8080))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    dgram = sockstate.aio.udp()
    dgram.recvfrom_into(bytearray(8))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def not_offered_error() -> None:
    try:
        print(sockstate.tcp().options)
    except sockstate.NotOfferedError as error:
        assert_type(error.name, str | None)  # AttributeError's own
        assert_type(error.instead, str)
        assert_type(error.state, sockstate.State)
        as_builtin: AttributeError = error
        as_base: sockstate.SockstateError = error
        print(as_builtin, as_base)

        not_ordering: sockstate.OrderingError = error  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
        print(not_ordering)
