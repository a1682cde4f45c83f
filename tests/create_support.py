"""What the tests of ``create_connection()`` and ``create_server()`` share,
on both faces (``test_create.py``, ``test_aio_create.py``): the loopback
addresses a name resolves to, a port free on both loopbacks, and a record of
the transitions (which tries failed) and of an error's notes."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest

import sockstate
from sockstate import State
from support import ipv6_loopback_works

if TYPE_CHECKING:
    from collections.abc import Generator


def loopback_order() -> list[str]:
    """The hosts ``getaddrinfo(None, ...)`` gives, in its order."""
    found = socket.getaddrinfo(None, 1, 0, socket.SOCK_STREAM)
    return [str(address[0]) for *_, address in found]


needs_ipv6 = pytest.mark.skipif(not ipv6_loopback_works(), reason="no IPv6 loopback here")

needs_both_loopbacks = pytest.mark.skipif(
    not ipv6_loopback_works() or loopback_order() != ["::1", "127.0.0.1"],
    reason="the loopback name does not resolve to ::1 then 127.0.0.1 here",
)


def bound_pair() -> tuple[socket.socket, socket.socket]:
    """A stdlib socket bound on ``127.0.0.1`` and one on ``::1``
    (IPv6-only), both on one port, neither listening: a port free on both
    loopbacks.  Tries a few ports: one free on ``127.0.0.1`` may be in use
    on ``::1``."""
    for _ in range(20):
        four = socket.socket()
        four.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        four.bind(("127.0.0.1", 0))
        six = socket.socket(socket.AF_INET6)
        six.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        six.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        try:
            six.bind(("::1", four.getsockname()[1]))
        except OSError:  # pragma: no cover - another socket holds that port on ::1
            four.close()
            six.close()
            continue
        return four, six
    raise AssertionError("no port free on both loopbacks")  # pragma: no cover


@contextmanager
def tracing() -> Generator[list[sockstate.Transition], None, None]:
    """Every transition while the block runs."""
    heard: list[sockstate.Transition] = []
    previous = sockstate.set_tracer(heard.append)
    try:
        yield heard
    finally:
        sockstate.set_tracer(previous)


def notes_of(error: BaseException) -> list[str]:
    """``error``'s notes (PEP 678), which sockstate adds on 3.10 too."""
    notes: list[str] = getattr(error, "__notes__", [])
    return notes


def failed_connects(heard: list[sockstate.Transition]) -> list[object]:
    """The addresses of the connects that ``heard`` saw fail."""
    return [t.address for t in heard if t.operation == "connect" and t.new is State.FAILED]
