"""What the asyncio face's tests share: a loop of each kind (the default
loop and uvloop), a runner that gives every test a time limit, a call
started and left waiting, a full send buffer, and counts of the loop's
registrations and of the process's descriptors."""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pytest

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine, Iterable, Iterator

    from sockstate import aio

T = TypeVar("T")

TIME_LIMIT = 10.0
"""Seconds any one test's coroutine may take: no test hangs the run."""


def _uvloop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop factory, or ``None`` where uvloop is not installed."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - a Python that uvloop does not build for
        return None
    return uvloop.new_event_loop


_NEW_UVLOOP = _uvloop()

LOOP_KINDS = ("asyncio", "uvloop")


class Run(Protocol):
    """Runs a coroutine to its end on the test's loop, within ``limit`` seconds."""

    loop: asyncio.AbstractEventLoop
    kind: str

    def __call__(self, coro: Coroutine[Any, Any, T], limit: float = TIME_LIMIT) -> T: ...


class _Runner:
    __slots__ = ("kind", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop, kind: str) -> None:
        self.loop = loop
        self.kind = kind

    def __call__(self, coro: Coroutine[Any, Any, T], limit: float = TIME_LIMIT) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(coro, limit))


def new_loop(kind: str) -> asyncio.AbstractEventLoop:
    """A new loop of ``kind``; skips the test when uvloop is not installed."""
    if kind == "asyncio":
        return asyncio.new_event_loop()
    if _NEW_UVLOOP is None:  # pragma: no cover
        pytest.skip("uvloop is not installed (it does not build on this Python)")
    return _NEW_UVLOOP()


def running(kind: str) -> Iterator[Run]:
    """A runner on a new loop of ``kind``, closed afterwards with whatever
    tasks are left cancelled."""
    loop = new_loop(kind)
    try:
        yield _Runner(loop, kind)
    finally:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


async def left_waiting(call: Awaitable[Any]) -> asyncio.Future[Any]:
    """``call`` started as a task, once it waits."""
    task = asyncio.ensure_future(call)
    for _ in range(3):
        await asyncio.sleep(0)
    assert not task.done()
    return task


def fill(sock: aio.ConnectedSocket[Any] | aio.ConnectedDatagramSocket[Any]) -> int:
    """Fill ``sock``'s send buffer (and its peer's receive buffer) until the
    kernel takes no more; return how many bytes went."""
    raw = sock.raw_socket()
    sent = 0
    while True:
        try:
            sent += raw.send(b"\0" * 65536)
        except BlockingIOError:
            return sent


def _watched_by_the_kernel() -> set[int]:
    """The descriptor numbers that some epoll instance of this process
    watches (its ``/proc/self/fdinfo`` lists a ``tfd:`` line for each)."""
    watched: set[int] = set()
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
            if target != "anon_inode:[eventpoll]":
                continue
            with open(f"/proc/self/fdinfo/{name}") as info:
                lines = info.read().splitlines()
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
        watched.update(int(line.split()[1]) for line in lines if line.startswith("tfd:"))
    return watched


def _held_by_uvloop(loop: asyncio.AbstractEventLoop, fd: int) -> int:
    """Whether uvloop still holds a watcher for the closed number ``fd``: it
    refuses to watch a closed number (EBADF) unless it holds one already."""
    held = 0
    for add, remove in (
        (loop.add_reader, loop.remove_reader),
        (loop.add_writer, loop.remove_writer),
    ):
        try:
            add(fd, int)
        except OSError:
            continue
        remove(fd)
        held += 1
    return held


def registrations(loop: asyncio.AbstractEventLoop, fds: Iterable[int]) -> int:
    """How many reader and writer registrations are left on the descriptor
    numbers ``fds``, counted in the kernel (every epoll instance of the
    process, for the numbers still open) and in the loop's own table (the
    default loop's selector map; for uvloop, by asking it to watch each
    closed number, which it refuses unless it still holds a watcher)."""
    numbers = set(fds)
    found = len(numbers & _watched_by_the_kernel())
    selector: Any = getattr(loop, "_selector", None)
    if selector is not None:
        found += len(numbers & set(selector.get_map()))
    else:
        for fd in numbers:
            if not os.path.lexists(f"/proc/self/fd/{fd}"):
                found += _held_by_uvloop(loop, fd)
    return found


def selector_entries(loop: asyncio.AbstractEventLoop) -> int | None:
    """How many descriptors the default loop's selector watches (its own
    wake-up pipe included); ``None`` for uvloop, which does not show it."""
    selector: Any = getattr(loop, "_selector", None)
    return None if selector is None else len(selector.get_map())


def open_fds() -> int:
    """How many descriptors this process has open."""
    return len(os.listdir("/proc/self/fd"))
