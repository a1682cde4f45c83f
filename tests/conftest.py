"""Fixtures: one per address family, and ``family``, which runs a test once
for each of IPv4, IPv6 and Unix.  Each closes every socket it made when the
test ends.  Also the Hypothesis profiles: ``ci``, the default, and
``thorough``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from support import AnyFamily, Family, Inet4, Inet6, Unix, UnixAbstract, ipv6_loopback_works

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from sockstate import IPv4Address, IPv6Address, UnixAddress


# Property-based tests run a bounded number of examples each (``ci``), so
# that the whole suite stays within a few minutes, with no deadline (real
# sockets take the time they take); ``pytest --hypothesis-profile=thorough``
# runs fifty times as many.
settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile("ci")

_FAMILIES: dict[str, Callable[[Path], AnyFamily]] = {
    "ipv4": lambda _: Inet4(),
    "ipv6": lambda _: Inet6(),
    "unix": Unix,
}


@pytest.fixture(params=sorted(_FAMILIES))
def family(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnyFamily]:
    """Each address family in turn."""
    name: str = request.param
    if name == "ipv6" and not ipv6_loopback_works():
        pytest.skip("IPv6 loopback (::1) is not available")
    made = _FAMILIES[name](tmp_path)
    try:
        yield made
    finally:
        made.close_all()


@pytest.fixture
def ipv4() -> Iterator[Family[IPv4Address]]:
    made = Inet4()
    try:
        yield made
    finally:
        made.close_all()


@pytest.fixture
def ipv6() -> Iterator[Family[IPv6Address]]:
    if not ipv6_loopback_works():
        pytest.skip("IPv6 loopback (::1) is not available")
    made = Inet6()
    try:
        yield made
    finally:
        made.close_all()


@pytest.fixture
def unix(tmp_path: Path) -> Iterator[Family[UnixAddress]]:
    made = Unix(tmp_path)
    try:
        yield made
    finally:
        made.close_all()


@pytest.fixture
def unix_abstract(tmp_path: Path) -> Iterator[Family[UnixAddress]]:
    made = UnixAbstract(tmp_path)
    try:
        yield made
    finally:
        made.close_all()
