"""Addresses that can never work for the family are refused before any system
call, with an ``AddressTypeError`` (wrong shape or type) or an
``AddressValueError`` (impossible value), and the socket stays as it was."""

from __future__ import annotations

import contextlib
import os
import pickle
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import sockstate
from sockstate import (
    AddressError,
    AddressTypeError,
    AddressValueError,
    BoundSocket,
    FreshSocket,
    IPv4Address,
    IPv6Address,
    State,
    UnixAddress,
)
from support import Addr, Family, KernelView, open_fds, operation

if TYPE_CHECKING:
    from collections.abc import Callable


class _Fspath:
    """An ``os.PathLike`` whose ``__fspath__`` answers ``value``."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __fspath__(self) -> object:
        return self.value

    def __repr__(self) -> str:
        return f"_Fspath({self.value!r})"


BAD_IPV4 = [
    pytest.param("127.0.0.1", AddressTypeError, id="str"),
    pytest.param(b"127.0.0.1", AddressTypeError, id="bytes"),
    pytest.param(None, AddressTypeError, id="None"),
    pytest.param(("127.0.0.1",), AddressTypeError, id="1-tuple"),
    pytest.param(("127.0.0.1", 0, 0), AddressTypeError, id="3-tuple"),
    pytest.param(("127.0.0.1", 0, 0, 0), AddressTypeError, id="ipv6-shape"),
    pytest.param(["127.0.0.1", 0], AddressTypeError, id="list"),
    pytest.param((b"127.0.0.1", 0), AddressTypeError, id="bytes-host"),
    pytest.param((None, 0), AddressTypeError, id="None-host"),
    pytest.param(("127.0.0.1", "80"), AddressTypeError, id="str-port"),
    pytest.param(("127.0.0.1", 80.0), AddressTypeError, id="float-port"),
    pytest.param(("127.0.0.1", True), AddressTypeError, id="bool-port"),
    pytest.param(("127.0.0.1", None), AddressTypeError, id="None-port"),
    pytest.param(("::1", 0), AddressValueError, id="ipv6-literal"),
    pytest.param(("127.0.0.1", -1), AddressValueError, id="port-1"),
    pytest.param(("127.0.0.1", 65536), AddressValueError, id="port-65536"),
    pytest.param(("127.0.0.1\0", 0), AddressValueError, id="nul-in-host"),
]

BAD_IPV6 = [
    pytest.param("::1", AddressTypeError, id="str"),
    pytest.param(None, AddressTypeError, id="None"),
    pytest.param(("::1",), AddressTypeError, id="1-tuple"),
    pytest.param(("::1", 0, 0), AddressTypeError, id="3-tuple"),
    pytest.param(("::1", 0, 0, 0, 0), AddressTypeError, id="5-tuple"),
    pytest.param(["::1", 0], AddressTypeError, id="list"),
    pytest.param((b"::1", 0), AddressTypeError, id="bytes-host"),
    pytest.param(("::1", "80"), AddressTypeError, id="str-port"),
    pytest.param(("::1", True), AddressTypeError, id="bool-port"),
    pytest.param(("::1", 0, True, 0), AddressTypeError, id="bool-flowinfo"),
    pytest.param(("::1", 0, 0, "0"), AddressTypeError, id="str-scope_id"),
    pytest.param(("127.0.0.1", 0), AddressValueError, id="ipv4-literal"),
    pytest.param(("127.0.0.1", 0, 0, 0), AddressValueError, id="ipv4-literal-4-tuple"),
    pytest.param(("::1", -1), AddressValueError, id="port-1"),
    pytest.param(("::1", 65536), AddressValueError, id="port-65536"),
    pytest.param(("::1", 0, -1, 0), AddressValueError, id="flowinfo-1"),
    pytest.param(("::1", 0, 0x100000, 0), AddressValueError, id="flowinfo-2**20"),
    pytest.param(("::1", 0, 0, -1), AddressValueError, id="scope_id-1"),
    pytest.param(("::1", 0, 0, 2**32), AddressValueError, id="scope_id-2**32"),
    pytest.param(("::1\0", 0), AddressValueError, id="nul-in-host"),
]

BAD_UNIX = [
    pytest.param(42, AddressTypeError, id="int"),
    pytest.param(None, AddressTypeError, id="None"),
    pytest.param(3.5, AddressTypeError, id="float"),
    pytest.param(("/tmp/sockstate-never",), AddressTypeError, id="tuple"),
    pytest.param(["/tmp/sockstate-never"], AddressTypeError, id="list"),
    pytest.param(bytearray(b"/tmp/sockstate-never"), AddressTypeError, id="bytearray"),
    pytest.param(("127.0.0.1", 0), AddressTypeError, id="ipv4-shape"),
    pytest.param("", AddressValueError, id="empty-str"),
    pytest.param(b"", AddressValueError, id="empty-bytes"),
    pytest.param(_Fspath(""), AddressValueError, id="empty-pathlike"),
    pytest.param("/tmp/sockstate\0never", AddressValueError, id="nul-in-str"),
    pytest.param(b"/tmp/sockstate\0never", AddressValueError, id="nul-in-bytes"),
    pytest.param(Path("/tmp/sockstate\0never"), AddressValueError, id="nul-in-path"),
    pytest.param("/tmp/" + "a" * 103, AddressValueError, id="path-108-bytes"),
    pytest.param(b"/tmp/" + b"a" * 200, AddressValueError, id="path-205-bytes"),
    pytest.param("/tmp/" + "\u00e9" * 52, AddressValueError, id="path-57-chars-109-bytes"),
    pytest.param(b"\0" + b"a" * 108, AddressValueError, id="abstract-109-bytes"),
    pytest.param("\0" + "a" * 108, AddressValueError, id="abstract-str-109-bytes"),
    pytest.param("/tmp/\ud800", AddressValueError, id="unencodable"),
]


def _assert_refused_before_any_system_call(
    family: Family[Addr],
    sock: FreshSocket[Addr] | BoundSocket[Addr],
    call: str,
    address: object,
    kind: type[AddressError],
) -> None:
    raw = sock.raw_socket()
    state = sock.state
    kernel = KernelView.of(raw)
    descriptors = open_fds()

    with pytest.raises(kind) as caught:
        operation(sock, call)(address)
    error = caught.value

    assert isinstance(error, TypeError if kind is AddressTypeError else ValueError)
    assert error.address is address
    assert error.family == family.kind
    assert repr(address) in str(error)
    assert socket.AddressFamily(family.kind).name in str(error)
    assert sock.state is state
    assert KernelView.of(raw) == kernel
    assert open_fds() == descriptors
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is kind
    assert str(restored) == str(error)
    assert restored.family == error.family


# -- IPv4 ---------------------------------------------------------------------


BAD_ADDRESSES = [
    pytest.param(name, *case.values, id=f"{name}-{case.id}")
    for name, cases in (("ipv4", BAD_IPV4), ("ipv6", BAD_IPV6), ("unix", BAD_UNIX))
    for case in cases
]
"""Every bad address above, with the fixture name of its family."""


def _family(request: pytest.FixtureRequest, name: str) -> Family[object]:
    family: Family[object] = request.getfixturevalue(name)
    return family


@pytest.mark.parametrize(("name", "address", "kind"), BAD_ADDRESSES)
def test_bind_refuses_a_bad_address(
    request: pytest.FixtureRequest, name: str, address: object, kind: type[AddressError]
) -> None:
    family = _family(request, name)
    _assert_refused_before_any_system_call(family, family.fresh(), "bind", address, kind)


@pytest.mark.parametrize(("name", "address", "kind"), BAD_ADDRESSES)
def test_connect_from_fresh_refuses_a_bad_address(
    request: pytest.FixtureRequest, name: str, address: object, kind: type[AddressError]
) -> None:
    family = _family(request, name)
    _assert_refused_before_any_system_call(family, family.fresh(), "connect", address, kind)


@pytest.mark.parametrize(("name", "address", "kind"), BAD_ADDRESSES)
def test_connect_from_bound_refuses_a_bad_address(
    request: pytest.FixtureRequest, name: str, address: object, kind: type[AddressError]
) -> None:
    family = _family(request, name)
    _assert_refused_before_any_system_call(family, family.bound(), "connect", address, kind)


def test_ipv4_takes_ports_0_and_65535(ipv4: Family[IPv4Address]) -> None:
    assert ipv4.bind(ipv4.fresh(), ("127.0.0.1", 0)).state is State.BOUND
    fresh = ipv4.fresh()
    with contextlib.suppress(OSError):  # the port may be taken: that is the kernel's to say
        fresh.bind(("127.0.0.1", 65535))


# -- IPv6 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [("::1", 0, 0xFFFFF, 0), ("::1", 0, 0, 2**32 - 1), ("::ffff:127.0.0.1", 0, 0, 0)],
    ids=["flowinfo-2**20-1", "scope_id-2**32-1", "ipv4-mapped"],
)
def test_ipv6_takes_the_largest_flowinfo_and_scope_id_and_mapped_ipv4(
    ipv6: Family[IPv6Address], address: IPv6Address
) -> None:
    assert ipv6.bind(ipv6.fresh(), address).state is State.BOUND


# -- Unix -----------------------------------------------------------------------


def _path_of(size: int, directory: Path, fill: str = "a") -> str:
    """A path in ``directory`` whose encoding is ``size`` bytes long."""
    head = f"{directory}/"
    room = size - len(os.fsencode(head))
    assert room >= len(os.fsencode(fill)), f"tmp_path {directory} is too long for this test"
    count, rest = divmod(room, len(os.fsencode(fill)))
    path = head + fill * count + "a" * rest
    assert len(os.fsencode(path)) == size
    return path


def test_unix_path_of_107_bytes_binds_on_the_kernel(
    unix: Family[UnixAddress], tmp_path: Path
) -> None:
    path = _path_of(107, tmp_path)
    listener = unix.bind(unix.fresh(), path).listen()
    assert listener.getsockname() == path
    assert Path(path).is_socket()
    client = unix.connect(unix.fresh(), path)
    assert client.getpeername() == path


def test_unix_path_of_108_bytes_is_refused_and_creates_nothing(
    unix: Family[UnixAddress], tmp_path: Path
) -> None:
    path = _path_of(108, tmp_path)
    _assert_refused_before_any_system_call(unix, unix.fresh(), "bind", path, AddressValueError)
    assert not os.path.lexists(path)
    with socket.socket(socket.AF_UNIX) as plain, pytest.raises(OSError, match="too long"):
        plain.bind(path)  # the kernel's limit too, as the stdlib reports it


def test_unix_path_length_counts_bytes_not_characters(
    unix: Family[UnixAddress], tmp_path: Path
) -> None:
    fits = _path_of(107, tmp_path, fill="\u00e9")
    assert unix.bind(unix.fresh(), fits).getsockname() == fits
    too_long = _path_of(108, tmp_path, fill="\u00e9")
    assert len(too_long) < 108
    _assert_refused_before_any_system_call(unix, unix.fresh(), "bind", too_long, AddressValueError)


def test_unix_abstract_name_of_108_bytes_binds_on_the_kernel(
    unix_abstract: Family[UnixAddress],
) -> None:
    name = unix_abstract.local()
    assert isinstance(name, bytes)
    name = name + b"x" * (108 - len(name))
    listener = unix_abstract.bind(unix_abstract.fresh(), name).listen()
    assert listener.getsockname() == name
    client = unix_abstract.connect(unix_abstract.fresh(), name)
    assert client.getpeername() == name


def test_unix_abstract_name_of_109_bytes_is_refused(
    unix_abstract: Family[UnixAddress],
) -> None:
    name = unix_abstract.local()
    assert isinstance(name, bytes)
    name = name + b"x" * (109 - len(name))
    sock = unix_abstract.fresh()
    _assert_refused_before_any_system_call(unix_abstract, sock, "bind", name, AddressValueError)
    with socket.socket(socket.AF_UNIX) as plain, pytest.raises(OSError, match="too long"):
        plain.bind(name)  # the kernel's limit too, as the stdlib reports it


# -- found by these tests: errors that escape the address checks ---------------


@pytest.mark.parametrize(
    ("make", "host"),
    [
        pytest.param(sockstate.tcp, "\ud800", id="ipv4-lone-surrogate"),
        pytest.param(sockstate.tcp, "\u00fc" * 64, id="ipv4-idna-label-too-long"),
        pytest.param(sockstate.tcp6, "\ud800", id="ipv6-lone-surrogate"),
        pytest.param(sockstate.tcp6, "\u00fc" * 64, id="ipv6-idna-label-too-long"),
    ],
)
def test_bind_refuses_a_host_that_cannot_be_encoded(
    make: Callable[[], FreshSocket[object]], host: str
) -> None:
    with make() as sock:
        with pytest.raises(AddressValueError):
            operation(sock, "bind")((host, 0))
        assert sock.state is State.FRESH


@pytest.mark.parametrize(
    ("make", "host"),
    [
        pytest.param(sockstate.tcp, "\ud800", id="ipv4-lone-surrogate"),
        pytest.param(sockstate.tcp, "\u00fc" * 64, id="ipv4-idna-label-too-long"),
        pytest.param(sockstate.tcp6, "\ud800", id="ipv6-lone-surrogate"),
        pytest.param(sockstate.tcp6, "\u00fc" * 64, id="ipv6-idna-label-too-long"),
    ],
)
def test_connect_to_a_host_that_cannot_be_encoded_is_refused_and_stays_fresh(
    make: Callable[[], FreshSocket[object]], host: str
) -> None:
    with make() as sock:
        raw = sock.raw_socket()
        with pytest.raises(AddressValueError):
            operation(sock, "connect")((host, 80))
        assert sock.state is State.FRESH
        assert raw.fileno() != -1


def test_a_host_that_idna_encodes_binds_as_the_stdlib_binds_it() -> None:
    """Fullwidth digits and ideographic full stops: IDNA maps them to
    ``127.0.0.1``, with no name to look up."""
    host = "\uff11\uff12\uff17\u3002\uff10\u3002\uff10\u3002\uff11"
    with sockstate.tcp().bind((host, 0)) as sock, socket.socket() as plain:
        plain.bind((host, 0))
        assert sock.getsockname()[0] == plain.getsockname()[0] == "127.0.0.1"


def test_a_pathlike_that_answers_no_path_is_an_address_type_error(
    unix: Family[UnixAddress],
) -> None:
    _assert_refused_before_any_system_call(
        unix, unix.fresh(), "bind", _Fspath(42), AddressTypeError
    )
