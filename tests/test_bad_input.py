"""Bad input, fuzzed: addresses of every wrong shape and type, ports out of
range, embedded NULs, over-long Unix paths, huge or negative sizes and
backlogs, flags out of range, data that is no buffer, and families, types
and protocols that are none.

Each is refused with a ``TypeError`` or ``ValueError`` (for an address,
sockstate's ``AddressTypeError`` or ``AddressValueError``, before any system
call), or with the error the stdlib documents for an argument out of its C
type's range (``OverflowError``) or a buffer it cannot use
(``BufferError``): never a crash, a hang, a leak or a changed state.

Every address case has exactly one defect, so that which of the two address
errors it gets is known.  The examples run on real sockets; each closes what
it made.  Hypothesis's example count is the profile's (``conftest.py``).
"""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sockstate
from _private import CHECKERS, MAX_UNIX_ABSTRACT, MAX_UNIX_PATH
from sockstate import (
    AddressError,
    AddressTypeError,
    AddressValueError,
    IPv4Address,
    IPv6Address,
    SockstateError,
    State,
    UnixAddress,
)
from support import (
    Addr,
    Family,
    KernelView,
    open_fds,
    operation,
    socket_calls,
    state_of,
)

if TYPE_CHECKING:
    from collections.abc import Callable

Case = tuple[object, type[Exception]]
"""A bad argument and the exception it must raise."""

fixtures_per_test = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
"""The family fixtures make sockets for the whole test; each example closes
its own (``Family.close_all``), so sharing the fixture is safe."""


class Fspath:
    """An ``os.PathLike`` whose ``__fspath__`` answers ``value``."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __fspath__(self) -> object:
        return self.value

    def __repr__(self) -> str:
        return f"Fspath({self.value!r})"


# -- strategies ------------------------------------------------------------------------------

JUNK: st.SearchStrategy[object] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.complex_numbers(),
    st.text(max_size=8),
    st.binary(max_size=8),
    st.builds(bytearray, st.binary(max_size=8)),
    st.builds(object),
    st.just(Ellipsis),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.frozensets(st.integers(), max_size=2),
)
"""Values of the wrong type for almost any argument (no tuples)."""

ANYTHING: st.SearchStrategy[object] = st.recursive(
    JUNK, lambda inner: st.lists(inner, max_size=5).map(tuple), max_leaves=8
)
"""Junk and tuples of junk, nested."""

NOT_STR = JUNK.filter(lambda value: not isinstance(value, str))
NOT_INT = JUNK.filter(lambda value: not isinstance(value, int) or isinstance(value, bool))
"""What a port or flowinfo cannot be: sockstate refuses ``bool`` too."""
NO_INT = JUNK.filter(lambda value: not isinstance(value, int))
"""What a size or flags cannot be (the stdlib takes a ``bool`` for an int)."""
NOT_BUFFER = JUNK.filter(lambda value: not isinstance(value, (bytes, bytearray)))

ASCII = st.characters(codec="ascii", exclude_characters="\0")
HOST4 = st.one_of(st.ip_addresses(v=4).map(str), st.text(ASCII.filter(lambda c: c != ":")))
"""Hosts an IPv4 socket takes (or leaves to the resolver): no NUL, no colon."""


def _is_ipv4_literal(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET, host)
    except OSError:
        return False
    return True


HOST6 = st.one_of(
    st.ip_addresses(v=6).map(str), st.text(ASCII).filter(lambda h: not _is_ipv4_literal(h))
)
"""Hosts an IPv6 socket takes: no NUL, no IPv4 literal."""

PORT = st.integers(0, 65535)
BAD_PORT = st.one_of(st.integers(max_value=-1), st.integers(min_value=65536))
FLOWINFO = st.integers(0, 0xFFFFF)
BAD_FLOWINFO = st.one_of(st.integers(max_value=-1), st.integers(min_value=0x100000))
SCOPE_ID = st.integers(0, 0xFFFFFFFF)
BAD_SCOPE_ID = st.one_of(st.integers(max_value=-1), st.integers(min_value=2**32))

NUL_HOST = st.tuples(st.text(ASCII), st.text(ASCII)).map(lambda parts: "\0".join(parts))
SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDC7F)
"""Lone surrogates that no codec encodes (``surrogateescape`` takes only
U+DC80..U+DCFF)."""
UNENCODABLE = st.tuples(st.text(ASCII), SURROGATE, st.text(ASCII)).map("".join)


def _arity(
    fields: st.SearchStrategy[object], wrong: Callable[[int], bool]
) -> st.SearchStrategy[Case]:
    """Tuples of ``fields`` of a length that ``wrong`` accepts: type errors."""
    tuples = st.lists(fields, max_size=6).filter(lambda items: wrong(len(items))).map(tuple)
    return tuples.map(lambda address: (address, AddressTypeError))


def _typed(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[Case]:
    return strategy.map(lambda address: (address, AddressTypeError))


def _valued(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[Case]:
    return strategy.map(lambda address: (address, AddressValueError))


BAD_IPV4: st.SearchStrategy[Case] = st.one_of(
    _typed(JUNK),
    _arity(st.one_of(JUNK, HOST4, PORT), lambda size: size != 2),
    _typed(st.tuples(NOT_STR, PORT)),
    _typed(st.tuples(HOST4, NOT_INT)),
    _valued(st.tuples(HOST4, BAD_PORT)),
    _valued(st.tuples(NUL_HOST, PORT)),
    _valued(st.tuples(UNENCODABLE, PORT)),
    _valued(st.tuples(st.ip_addresses(v=6).map(str), PORT)),
)
"""IPv4 addresses with one defect each."""

BAD_IPV6: st.SearchStrategy[Case] = st.one_of(
    _typed(JUNK),
    _arity(st.one_of(JUNK, HOST6, PORT), lambda size: size not in (2, 4)),
    _typed(st.tuples(NOT_STR, PORT)),
    _typed(st.tuples(HOST6, NOT_INT)),
    _typed(st.tuples(HOST6, PORT, NOT_INT, SCOPE_ID)),
    _typed(st.tuples(HOST6, PORT, FLOWINFO, NOT_INT)),
    _valued(st.tuples(HOST6, BAD_PORT)),
    _valued(st.tuples(HOST6, BAD_PORT, FLOWINFO, SCOPE_ID)),
    _valued(st.tuples(NUL_HOST, PORT)),
    _valued(st.tuples(UNENCODABLE, PORT)),
    _valued(st.tuples(st.ip_addresses(v=4).map(str), PORT)),
    _valued(st.tuples(HOST6, PORT, BAD_FLOWINFO, SCOPE_ID)),
    _valued(st.tuples(HOST6, PORT, FLOWINFO, BAD_SCOPE_ID)),
)
"""IPv6 addresses with one defect each."""

PATH_CHARS = st.characters(exclude_categories=["Cs"], exclude_characters="\0")
NAME = st.text(PATH_CHARS, min_size=1, max_size=40)
"""A Unix path that fits, whatever its characters."""


def _abstract(name: str) -> str:
    """``name`` in Linux's abstract namespace."""
    return "\0" + name


def _forms(path: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    """``path`` as ``str``, as ``bytes`` and as an ``os.PathLike``."""
    return st.one_of(path, path.map(os.fsencode), path.map(Fspath))


BAD_UNIX: st.SearchStrategy[Case] = st.one_of(
    _typed(JUNK.filter(lambda value: not isinstance(value, (str, bytes)))),
    _typed(st.lists(NAME, min_size=1, max_size=3).map(tuple)),
    _typed(NOT_STR.filter(lambda value: not isinstance(value, bytes)).map(Fspath)),
    _valued(st.sampled_from(["", b"", Fspath(""), Fspath(b"")])),
    _valued(_forms(st.tuples(NAME, st.text(PATH_CHARS)).map(lambda parts: "\0".join(parts)))),
    _valued(_forms(st.text(PATH_CHARS, min_size=MAX_UNIX_PATH + 1, max_size=300))),
    _valued(_forms(st.text(PATH_CHARS, min_size=MAX_UNIX_ABSTRACT, max_size=300).map(_abstract))),
    _valued(st.tuples(st.text(PATH_CHARS), SURROGATE, st.text(PATH_CHARS)).map("".join)),
)
"""Unix addresses with one defect each: no path at all, an empty one, a NUL
inside, too long (filesystem or abstract), or no encoding."""

CALLS = [
    (State.FRESH, "bind"),
    (State.FRESH, "connect"),
    (State.BOUND, "connect"),
    (State.DATAGRAM, "bind"),
    (State.DATAGRAM, "connect"),
    (State.DATAGRAM_BOUND, "connect"),
    (State.DATAGRAM_BOUND, "sendto"),
    (State.DATAGRAM_CONNECTED, "connect"),
]
"""Every call that takes an address, from every state that has it."""


# -- addresses ----------------------------------------------------------------------------------


def _assert_refused(family: Family[Addr], state: State, call: str, case: Case) -> None:
    """``call`` with the bad address of ``case`` raises its error before any
    system call, and the socket, its kernel side and the descriptors stay
    as they were."""
    address, kind = case
    try:
        built = family.build(state)
        sock, raw = built.sock, built.raw
        kernel = KernelView.of(raw)
        descriptors = open_fds()
        method = operation(sock, call)
        args = (b"data", address) if call == "sendto" else (address,)
        with socket_calls() as calls, pytest.raises(kind) as caught:
            method(*args)
        error = caught.value
        assert isinstance(error, AddressError)
        assert error.address is address
        assert error.family == family.kind
        assert calls == []
        assert state_of(sock) is state
        assert KernelView.of(raw) == kernel
        assert open_fds() == descriptors
    finally:
        family.close_all()


@fixtures_per_test
@given(case=BAD_IPV4, call=st.sampled_from(CALLS))
def test_ipv4_refuses_every_bad_address_before_any_system_call(
    ipv4: Family[IPv4Address], case: Case, call: tuple[State, str]
) -> None:
    _assert_refused(ipv4, *call, case)


@fixtures_per_test
@given(case=BAD_IPV6, call=st.sampled_from(CALLS))
def test_ipv6_refuses_every_bad_address_before_any_system_call(
    ipv6: Family[IPv6Address], case: Case, call: tuple[State, str]
) -> None:
    _assert_refused(ipv6, *call, case)


@fixtures_per_test
@given(case=BAD_UNIX, call=st.sampled_from(CALLS))
def test_unix_refuses_every_bad_address_before_any_system_call(
    unix: Family[UnixAddress], case: Case, call: tuple[State, str]
) -> None:
    _assert_refused(unix, *call, case)


def _checked(check: Callable[[object], object], address: object) -> object:
    """What ``check`` answers for ``address``: the address it passes on, or
    the ``AddressError`` it raises."""
    try:
        return check(address)
    except AddressError as error:
        return error


@given(address=ANYTHING)
def test_an_address_check_answers_anything_with_an_address_or_an_address_error(
    address: object,
) -> None:
    for family, check in CHECKERS.items():
        checked = _checked(check, address)
        if isinstance(checked, AddressError):
            assert isinstance(checked, (AddressTypeError, AddressValueError))
            assert checked.address is address
            assert checked.family == family
        elif family == socket.AF_UNIX:
            assert isinstance(checked, (str, bytes))
        else:
            assert isinstance(checked, tuple)
            fields = cast("tuple[object, ...]", checked)
            assert len(fields) in ((2,) if family == socket.AF_INET else (2, 4))
            host, port = fields[:2]
            assert isinstance(host, str)
            assert isinstance(port, int)
            assert 0 <= port <= 65535


# -- sizes, buffers and flags ---------------------------------------------------------------------

SSIZE_MAX = 2**63 - 1

BAD_SIZE: st.SearchStrategy[Case] = st.one_of(
    st.integers(-SSIZE_MAX - 1, -1).map(lambda size: (size, ValueError)),
    st.integers(max_value=-SSIZE_MAX - 2).map(lambda size: (size, OverflowError)),
    st.integers(min_value=SSIZE_MAX + 1).map(lambda size: (size, OverflowError)),
    NO_INT.map(lambda value: (value, TypeError)),
)
"""Sizes no read can take: negative (``ValueError``), beyond ``ssize_t``
either way (``OverflowError``), not an int (``TypeError``)."""

BAD_FLAGS: st.SearchStrategy[Case] = st.one_of(
    st.integers(max_value=-(2**31) - 1).map(lambda flags: (flags, OverflowError)),
    st.integers(min_value=2**31).map(lambda flags: (flags, OverflowError)),
    NO_INT.map(lambda value: (value, TypeError)),
)
"""Flags no call can take: beyond a C ``int``, or not an int."""

STREAM_READS = ("recv", "recvmsg", "recv_exactly")


@fixtures_per_test
@given(case=BAD_SIZE, name=st.sampled_from(STREAM_READS))
def test_a_read_refuses_a_bad_size_and_reads_nothing(
    family: Family[Addr], case: Case, name: str
) -> None:
    size, kind = case
    if name == "recv_exactly" and isinstance(size, int) and size < 0:
        kind = ValueError  # its docstring's, for any negative size
    try:
        sock, peer = family.connected()
        peer.sendall(b"kept")
        with pytest.raises(kind):
            operation(sock, name)(size)
        assert state_of(sock) is State.CONNECTED
        assert sock.recv_exactly(4) == b"kept"
    finally:
        family.close_all()


@fixtures_per_test
@given(case=BAD_FLAGS, name=st.sampled_from(("recv", "recvmsg", "send")))
def test_a_data_call_refuses_bad_flags_and_moves_nothing(
    family: Family[Addr], case: Case, name: str
) -> None:
    flags, kind = case
    try:
        sock, peer = family.connected()
        peer.sendall(b"kept")
        args = {"send": (b"lost", flags), "recvmsg": (4, 0, flags), "recv": (4, flags)}[name]
        with pytest.raises(kind):
            operation(sock, name)(*args)
        assert state_of(sock) is State.CONNECTED
        assert sock.recv_exactly(4) == b"kept"
        sock.sendall(b"mark")
        assert peer.recv_exactly(4) == b"mark"
    finally:
        family.close_all()


def _gappy(data: bytes) -> memoryview:
    """A writable view of every other byte of ``data``: not contiguous."""
    return memoryview(bytearray(data))[::2]


GAPPY = st.binary(min_size=3, max_size=8).map(_gappy)
"""Views of two or more bytes with gaps between them."""


BAD_BUFFER: st.SearchStrategy[Case] = st.one_of(
    NOT_BUFFER.map(lambda value: (value, TypeError)),
    st.binary(max_size=8).map(lambda data: (data, TypeError)),  # read-only
    st.binary(max_size=8).map(lambda data: (memoryview(data), TypeError)),
    GAPPY.map(lambda view: (view, TypeError)),
)
"""What ``recv_into`` cannot write into: no buffer, read-only, not contiguous."""

BAD_NBYTES: st.SearchStrategy[Case] = st.one_of(
    st.integers(-SSIZE_MAX - 1, -1).map(lambda size: (size, ValueError)),
    st.integers(9, SSIZE_MAX).map(lambda size: (size, ValueError)),  # more than the buffer
    st.integers(max_value=-SSIZE_MAX - 2).map(lambda size: (size, OverflowError)),
    st.integers(min_value=SSIZE_MAX + 1).map(lambda size: (size, OverflowError)),
    NO_INT.map(lambda value: (value, TypeError)),
)
"""``nbytes`` that no 8-byte buffer can take."""


BAD_RECV_INTO: st.SearchStrategy[tuple[tuple[object, ...], type[Exception]]] = st.one_of(
    BAD_BUFFER.map(lambda case: ((case[0],), case[1])),
    BAD_NBYTES.map(lambda case: ((bytearray(8), case[0]), case[1])),
)
"""Arguments of ``recv_into`` with one defect: the buffer or ``nbytes``."""


@fixtures_per_test
@given(case=BAD_RECV_INTO)
def test_recv_into_refuses_a_bad_buffer_or_size_and_reads_nothing(
    family: Family[Addr], case: tuple[tuple[object, ...], type[Exception]]
) -> None:
    args, kind = case
    try:
        sock, peer = family.connected()
        peer.sendall(b"kept")
        with pytest.raises(kind):
            operation(sock, "recv_into")(*args)
        assert state_of(sock) is State.CONNECTED
        assert sock.recv_exactly(4) == b"kept"
    finally:
        family.close_all()


NOT_DATA: st.SearchStrategy[Case] = st.one_of(
    NOT_BUFFER.map(lambda value: (value, TypeError)),
    GAPPY.map(lambda view: (view, BufferError)),
)
"""What no send can take: no buffer (``TypeError``), or a buffer that is not
contiguous (``BufferError``)."""


@fixtures_per_test
@given(case=NOT_DATA, name=st.sampled_from(("send", "sendall", "sendmsg")))
def test_a_send_refuses_what_is_no_data_and_sends_nothing(
    family: Family[Addr], case: Case, name: str
) -> None:
    data, kind = case
    try:
        sock, peer = family.connected()
        with pytest.raises(kind):
            operation(sock, name)([data] if name == "sendmsg" else data)
        assert state_of(sock) is State.CONNECTED
        sock.sendall(b"mark")
        assert peer.recv_exactly(4) == b"mark"
    finally:
        family.close_all()


NOT_BUFFERS: st.SearchStrategy[object] = st.one_of(
    st.one_of(st.none(), st.integers(), st.floats(), st.builds(object)),
    st.lists(NOT_BUFFER, min_size=1, max_size=3),
)
"""What ``sendmsg`` cannot take as its buffers: no iterable, or one of
things that are not buffers."""

NOT_ANCDATA: st.SearchStrategy[object] = st.one_of(
    st.one_of(st.none(), st.integers(), st.floats(), st.builds(object)),
    st.lists(st.lists(st.integers(), max_size=5).filter(lambda item: len(item) != 3), min_size=1),
    st.lists(st.tuples(NO_INT, st.integers(0, 255), st.binary(max_size=4)), min_size=1),
    st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255), NOT_BUFFER), min_size=1),
)
"""What ``sendmsg`` cannot take as ancillary data: no iterable, items that
are no ``(level, type, data)`` triple, or triples of the wrong types."""


@fixtures_per_test
@given(buffers=NOT_BUFFERS, ancdata=NOT_ANCDATA, bad=st.sampled_from(("buffers", "ancdata")))
def test_sendmsg_refuses_bad_buffers_or_ancillary_data_and_sends_nothing(
    family: Family[Addr], buffers: object, ancdata: object, bad: str
) -> None:
    try:
        sock, peer = family.connected()
        args = (buffers,) if bad == "buffers" else ([b"lost"], ancdata)
        with pytest.raises(TypeError):
            operation(sock, "sendmsg")(*args)
        assert state_of(sock) is State.CONNECTED
        sock.sendall(b"mark")
        assert peer.recv_exactly(4) == b"mark"
    finally:
        family.close_all()


@fixtures_per_test
@given(case=BAD_SIZE)
def test_a_datagram_read_refuses_a_bad_size_and_reads_nothing(
    family: Family[Addr], case: Case
) -> None:
    size, kind = case
    try:
        connected, peer = family.datagram_connected()
        family.sendto(peer, b"kept", connected.getsockname())
        with pytest.raises(kind):
            operation(connected, "recv")(size)
        with pytest.raises(kind):
            operation(peer, "recvfrom")(size)
        assert state_of(connected) is State.DATAGRAM_CONNECTED
        assert state_of(peer) is State.DATAGRAM_BOUND
        assert connected.recv(8) == b"kept"
    finally:
        family.close_all()


@fixtures_per_test
@given(case=NOT_DATA)
def test_a_datagram_send_refuses_what_is_no_data_and_sends_nothing(
    family: Family[Addr], case: Case
) -> None:
    data, kind = case
    try:
        connected, peer = family.datagram_connected()
        with pytest.raises(kind):
            operation(peer, "sendto")(data, connected.getsockname())
        with pytest.raises(kind):
            operation(connected, "send")(data)
        family.sendto(peer, b"mark", connected.getsockname())
        assert connected.recv(8) == b"mark"
    finally:
        family.close_all()


# -- backlogs -------------------------------------------------------------------------------


def _backlog_error(backlog: object) -> type[Exception] | None:
    """What ``listen(backlog)`` must raise, by its docstring: ``None`` (the
    stdlib's default) and ints in 0..2**31-1 are taken."""
    if backlog is None:
        return None
    if not isinstance(backlog, int):
        return TypeError
    return None if 0 <= backlog <= 2**31 - 1 else ValueError


@fixtures_per_test
@given(backlog=st.one_of(st.integers(), JUNK))
def test_listen_takes_a_backlog_in_range_and_refuses_any_other_staying_bound(
    family: Family[Addr], backlog: object
) -> None:
    kind = _backlog_error(backlog)
    try:
        bound = family.bound()
        kernel = KernelView.of(bound.raw_socket())
        if kind is None:
            assert operation(bound, "listen")(backlog) is bound
            assert state_of(bound) is State.LISTENING
            return
        with pytest.raises(kind):
            operation(bound, "listen")(backlog)
        assert state_of(bound) is State.BOUND
        assert KernelView.of(bound.raw_socket()) == kernel  # SO_ACCEPTCONN still 0
    finally:
        family.close_all()


# -- families, types and protocols ----------------------------------------------------------------

FAMILIES = (socket.AF_INET, socket.AF_INET6, socket.AF_UNIX)
TYPES = (socket.SOCK_STREAM, socket.SOCK_DGRAM)


def _supported(value: object, supported: tuple[int, ...]) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in supported


@given(
    family=st.one_of(st.sampled_from(FAMILIES), st.integers(-1, 64), JUNK),
    kind=st.one_of(st.sampled_from(TYPES), st.integers(-1, 16), st.integers(), JUNK),
)
def test_socket_refuses_any_other_family_or_type_before_making_one(
    family: object, kind: object
) -> None:
    if _supported(family, FAMILIES) and _supported(kind, TYPES):
        made = operation(sockstate, "socket")(family, kind)
        assert isinstance(made, (sockstate.FreshSocket, sockstate.DatagramSocket))
        made.close()
        return
    descriptors = open_fds()
    with socket_calls() as calls, pytest.raises((TypeError, ValueError)) as caught:
        operation(sockstate, "socket")(family, kind)
    assert not isinstance(caught.value, SockstateError)
    assert "socket.__new__" not in calls
    assert open_fds() == descriptors


def _made(make: Callable[[], object]) -> object:
    """What ``make()`` returns, or the ``Exception`` it raises."""
    try:
        return make()
    except Exception as error:
        return error


@given(
    family=st.sampled_from(FAMILIES),
    kind=st.sampled_from(TYPES),
    proto=st.one_of(st.integers(-(2**40), 2**40), JUNK),
)
def test_socket_with_any_protocol_makes_a_socket_or_raises_and_leaks_nothing(
    family: int, kind: int, proto: object
) -> None:
    """The protocol is the kernel's to judge: a socket, or its ``OSError``,
    or the stdlib's ``TypeError``/``OverflowError`` for no C ``int``."""
    descriptors = open_fds()
    made = _made(lambda: operation(sockstate, "socket")(family, kind, proto))
    if isinstance(made, (sockstate.FreshSocket, sockstate.DatagramSocket)):
        made.close()
    else:
        assert isinstance(made, (OSError, OverflowError, TypeError))
        assert not isinstance(made, SockstateError)
    assert open_fds() == descriptors


@given(
    family=st.one_of(st.integers(-1, 64), JUNK),
    kind=st.one_of(st.integers(-1, 16), JUNK),
)
def test_socketpair_refuses_any_other_family_or_type_before_making_one(
    family: object, kind: object
) -> None:
    if _supported(family, (socket.AF_UNIX,)) and _supported(kind, TYPES):
        first, second = sockstate.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        first.close()
        second.close()
        return
    descriptors = open_fds()
    with pytest.raises((TypeError, ValueError)):
        operation(sockstate, "socketpair")(family, kind)
    assert open_fds() == descriptors
