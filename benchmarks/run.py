"""Measure sockstate against raw ``socket``, side by side, and write the results table.

Rules of this file:

* Raw and sockstate are measured in pairs within one run: each round measures
  one side, then the other, alternating which goes first, so that the
  machine's drift between the two cancels.  Timed benchmarks run in this
  process, on connections made beforehand (but for the connection cycle,
  which times making them); import time launches a fresh interpreter per
  measurement.
* A timed batch's size is calibrated once, on raw, as pyperf calibrates
  (loops doubled until a batch lasts long enough), and both sides run that
  many loops; sockstate runs one batch first, dropped, to warm up as raw
  did while calibrating.
* What is reported is computed per round, from its pair: the ratio sockstate
  / raw and the difference sockstate - raw, each as the median over the
  rounds and its interquartile range.  A target is met when that median is
  within it, and so is a goal (the lower figure that some targets name).
  Every row's name and target are in ``ROWS``, and nowhere else.  The raw
  and sockstate columns are each side's own median.
* pyperf is not the driver: its runner times each benchmark in worker
  processes of its own, one benchmark after another, so two sides would
  never be interleaved.  It holds each side's values (``--json`` saves them
  for ``python -m pyperf stats``) and collects the machine's metadata.
* ``benchmarks/README.md`` is this file's output, machine and date included;
  never edit it by hand.  Timings are not tests: no result fails the run,
  and ``--quick`` only shows that every benchmark works.

Run: ``.venv/bin/python benchmarks/run.py`` (about a minute and a half, a
third or more of it the ``recvfrom`` row, whose datagrams are sent off the clock;
writes ``benchmarks/README.md``), or with ``--quick`` (seconds; prints the table,
writes nothing), or with ``--only NAME`` (a key of ``ROWS``, repeatable: those
rows alone, printed, nothing written).
"""

from __future__ import annotations

import argparse
import gc
import socket
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import pyperf

import sockstate
from aio_workloads import CLIENTS as AIO_CLIENTS
from aio_workloads import Loops
from workloads import (
    CHUNK,
    DATAGRAMS,
    Closable,
    bulk,
    bytes_per_object,
    fileno_calls,
    import_seconds,
    raw_cycle,
    raw_tcp_pair,
    raw_tls_pair,
    raw_udp_pair,
    recv_calls,
    recvfrom_calls,
    round_trip,
    send_calls,
    sockstate_cycle,
    sockstate_tcp_pair,
    sockstate_tls_pair,
    sockstate_udp_pair,
    tls_contexts,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator
    from typing import TypeAlias

    Timer: TypeAlias = Callable[[int], float]
    """Seconds that a number of loops of one benchmark's work take."""

README = Path(__file__).with_name("README.md")
S = TypeVar("S", bound=Closable)
P = TypeVar("P")


class Settings(NamedTuple):
    batch: float
    """Seconds that a timed batch lasts at least (0: one loop per batch)."""
    rounds: int
    """Pairs of batches per timed benchmark."""
    launches: int
    """Pairs of interpreters launched to time the imports."""
    counts: int
    """Pairs of memory counts (a count is deterministic; a few show it)."""
    objects: int
    """Sockets alive at once in a memory count."""


FULL = Settings(batch=0.01, rounds=201, launches=41, counts=5, objects=500)
QUICK = Settings(batch=0.0, rounds=2, launches=2, counts=2, objects=10)


def duration(seconds: float) -> str:
    if seconds < 1e-6:
        return f"{seconds * 1e9:.1f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e3:.2f} ms"


def throughput(seconds_per_chunk: float) -> str:
    return f"{CHUNK / seconds_per_chunk / 1e6:.0f} MB/s"


def size(count: float) -> str:
    return f"{count:.0f} B"


class Unit(NamedTuple):
    """How one benchmark's values read: ``pyperf`` is their unit, ``show``
    formats one side's median, ``show_extra`` a difference's magnitude."""

    pyperf: str
    show: Callable[[float], str]
    show_extra: Callable[[float], str]

    def signed(self, extra: float) -> str:
        return ("+" if extra >= 0 else "-") + self.show_extra(abs(extra))


TIME = Unit("second", duration, duration)
BULK = Unit("second", throughput, duration)
MEMORY = Unit("byte", size, size)


class Target(NamedTuple):
    """What the issue asks: at most ``limit``, of the difference sockstate -
    raw when ``of_extra``, else of the ratio sockstate / raw; where it names
    one, ``goal`` is the lower figure aimed at.  ``basis`` says where a
    limit that is a past figure comes from."""

    limit: float
    of_extra: bool = False
    goal: float | None = None
    basis: str = ""

    def bound(self, value: float, unit: Unit) -> str:
        return unit.signed(value) if self.of_extra else f"{value:.2f}x"

    def text(self, unit: Unit) -> str:
        text = f"≤ {self.bound(self.limit, unit)}"
        if self.basis:
            text += f" ({self.basis})"
        if self.goal is not None:
            text += f"; goal ≤ {self.bound(self.goal, unit)}"
        return text

    def verdict(self, ratio: float, extra: float) -> str:
        """Whether a median ratio and difference meet the limit, and the goal."""
        value = extra if self.of_extra else ratio
        if value > self.limit:
            return "**missed**"
        if self.goal is None:
            return "met"
        return "met; goal met" if value <= self.goal else "met; goal missed"


PREVIOUS_RUN = "2026-11-24"
"""The date of the full run (commit e20cf1e's table) whose per-call
differences for ``send`` and ``recv`` are now their limits: no slower."""

PER_CALL = 25e-9
"""The per-call budget of a wrapped call, over raw."""


class Row(NamedTuple):
    """One benchmark's line in the table: what it measures, how its values
    read, and its target."""

    name: str
    unit: Unit
    target: Target


ROWS: dict[str, Row] = {
    "unix-round-trip": Row("1-byte round trip, Unix socket pair", TIME, Target(1.03)),
    "tcp-round-trip": Row("1-byte round trip, loopback TCP", TIME, Target(1.03)),
    "bulk": Row("bulk in 64 KiB chunks, loopback TCP", BULK, Target(1.01)),
    "tls-bulk": Row(
        "TLS bulk in 64 KiB chunks, loopback TCP, against `ssl` alone", BULK, Target(1.02)
    ),
    "cycle": Row(
        "connection cycle, loopback TCP: create, bind, listen, connect, accept, close",
        TIME,
        Target(1.25, goal=1.15),
    ),
    "send": Row(
        'one call: `send(b"")`, Unix socket pair',
        TIME,
        Target(149.2e-9, of_extra=True, goal=PER_CALL, basis=f"run of {PREVIOUS_RUN}"),
    ),
    "recv": Row(
        "one call: `recv(1)` with a byte waiting, Unix socket pair",
        TIME,
        Target(166.4e-9, of_extra=True, goal=PER_CALL, basis=f"run of {PREVIOUS_RUN}"),
    ),
    "recvfrom": Row(
        "one call: `recvfrom(1)` with a 1-byte datagram waiting, bound loopback UDP",
        TIME,
        Target(1.3),
    ),
    "fileno": Row("one call: `fileno()`", TIME, Target(PER_CALL, of_extra=True)),
    "import": Row(
        "`import sockstate` against `import socket`, by `-X importtime`",
        TIME,
        Target(8e-3, of_extra=True, goal=5e-3),
    ),
    "memory": Row(
        "memory per live socket object, by tracemalloc", MEMORY, Target(200, of_extra=True)
    ),
    **{
        f"{kind}-{key}": Row(f"{name}, on {label}, against `loop.sock_*`", unit, target)
        for kind, label in (("asyncio", "asyncio's default loop"), ("uvloop", "uvloop"))
        for key, name, unit, target in (
            (
                "unix-round-trip",
                "`sockstate.aio`: 1-byte round trip, Unix socket pair",
                TIME,
                Target(1.10),
            ),
            (
                "tcp-round-trip",
                "`sockstate.aio`: 1-byte round trip, loopback TCP",
                TIME,
                Target(1.10),
            ),
            ("bulk", "`sockstate.aio`: bulk in 64 KiB chunks, loopback TCP", BULK, Target(1.03)),
            (
                f"echo-{AIO_CLIENTS}",
                f"`sockstate.aio`: {AIO_CLIENTS} echo connections at once, per batch, loopback TCP",
                TIME,
                Target(1.10, basis="the round trip's"),
            ),
        )
    },
}
"""Every benchmark, by a short name, in the table's order."""


class Spread(NamedTuple):
    """A median and the interquartile range around it."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        low, median, high = statistics.quantiles(values, n=4)
        return cls(median, low, high)


class Result(NamedTuple):
    of: Row
    raw: pyperf.Benchmark
    wrapped: pyperf.Benchmark
    ratio: Spread
    extra: Spread

    def row(self) -> str:
        name, unit, target = self.of
        ratio, extra, signed = self.ratio, self.extra, unit.signed
        return (
            f"| {name} | {unit.show(self.raw.median())}"
            f" | {unit.show(self.wrapped.median())}"
            f" | {ratio.median:.3f}x ({ratio.low:.3f} .. {ratio.high:.3f})"
            f" | {signed(extra.median)} ({signed(extra.low)} .. {signed(extra.high)})"
            f" | {target.text(unit)} | {target.verdict(ratio.median, extra.median)} |"
        )


HEADER = (
    "| benchmark | raw socket | sockstate | sockstate / raw (IQR) | sockstate - raw (IQR) "
    "| target | result |\n| --- | --- | --- | --- | --- | --- | --- |"
)


class Side:
    """One side of a benchmark: what measures it once, its values so far and
    the seconds they took (pyperf's ``duration``)."""

    def __init__(self, measure: Callable[[], float]) -> None:
        self.measure = measure
        self.values: list[float] = []
        self.seconds = 0.0

    def take(self) -> None:
        start = perf_counter()
        self.values.append(self.measure())
        self.seconds += perf_counter() - start

    def benchmark(self, name: str, unit: Unit, loops: int) -> pyperf.Benchmark:
        metadata = {"name": name, "unit": unit.pyperf, "loops": loops, "duration": self.seconds}
        return pyperf.Benchmark([pyperf.Run(self.values, metadata=metadata)])


def compare(
    row: Row,
    rounds: int,
    raw: Callable[[], float],
    wrapped: Callable[[], float],
    loops: int = 1,
) -> Result:
    """Measure each side ``rounds`` times, in pairs, alternating which goes first."""
    raws, wrappeds = Side(raw), Side(wrapped)
    for index in range(rounds):
        first, second = (wrappeds, raws) if index % 2 else (raws, wrappeds)
        first.take()
        second.take()
    pairs = list(zip(raws.values, wrappeds.values, strict=True))
    return Result(
        row,
        raws.benchmark(f"{row.name} [raw]", row.unit, loops),
        wrappeds.benchmark(f"{row.name} [sockstate]", row.unit, loops),
        Spread.of([w / r for r, w in pairs]),
        Spread.of([w - r for r, w in pairs]),
    )


def timed(row: Row, raw: Timer, wrapped: Timer, settings: Settings) -> Result:
    """A timed benchmark: calibrated on raw, sockstate warmed up, then in rounds."""
    gc.collect()
    loops = 1
    while raw(loops) < settings.batch:
        loops *= 2
    wrapped(loops)
    return compare(
        row,
        settings.rounds,
        lambda: raw(loops) / loops,
        lambda: wrapped(loops) / loops,
        loops,
    )


def kept(stack: ExitStack, pair: tuple[S, S]) -> tuple[S, S]:
    """``pair``, to be closed when ``stack`` is."""
    for sock in pair:
        stack.callback(sock.close)
    return pair


def on(work: Callable[[int, P, P], float], pair: tuple[P, P]) -> Timer:
    return lambda loops: work(loops, *pair)


def measure(settings: Settings, keys: Collection[str] = ROWS.keys()) -> Iterator[Result]:
    """The result of every benchmark in ``keys`` (all of them unless told), in
    the table's order."""
    with ExitStack() as stack:
        raw_unix = kept(stack, socket.socketpair())
        wrapped_unix = kept(stack, sockstate.socketpair())
        raw_tcp = kept(stack, raw_tcp_pair())
        wrapped_tcp = kept(stack, sockstate_tcp_pair())
        raw_udp = kept(stack, raw_udp_pair())
        wrapped_udp = kept(stack, sockstate_udp_pair())
        contexts = tls_contexts()
        raw_tls = kept(stack, raw_tls_pair(contexts))
        wrapped_tls = kept(stack, sockstate_tls_pair(contexts))
        timers: dict[str, tuple[Timer, Timer]] = {
            "unix-round-trip": (on(round_trip, raw_unix), on(round_trip, wrapped_unix)),
            "tcp-round-trip": (on(round_trip, raw_tcp), on(round_trip, wrapped_tcp)),
            "bulk": (on(bulk, raw_tcp), on(bulk, wrapped_tcp)),
            "tls-bulk": (on(bulk, raw_tls), on(bulk, wrapped_tls)),
            "cycle": (raw_cycle, sockstate_cycle),
            "send": (on(send_calls, raw_unix), on(send_calls, wrapped_unix)),
            "recv": (on(recv_calls, raw_unix), on(recv_calls, wrapped_unix)),
            "recvfrom": (on(recvfrom_calls, raw_udp), on(recvfrom_calls, wrapped_udp)),
            "fileno": (on(fileno_calls, raw_unix), on(fileno_calls, wrapped_unix)),
        }
        aio_rows = {key for key in ROWS if key.startswith(("asyncio-", "uvloop-"))}
        assert timers.keys() | {"import", "memory"} | aio_rows == ROWS.keys(), (
            "a row without a benchmark"
        )
        for key, row in ROWS.items():
            if key in keys and key in timers:
                yield timed(row, *timers[key], settings)
        if aio_rows & set(keys):
            loops = stack.enter_context(Loops())
            for key in ROWS:
                if key in keys and key in loops.timers:
                    # A batch of echo connections takes a tenth of a second: fewer rounds.
                    rounds = settings.rounds if "echo" not in key else min(settings.rounds, 41)
                    yield timed(ROWS[key], *loops.timers[key], settings._replace(rounds=rounds))

    if "import" in keys:
        for module in ("socket", "sockstate"):
            import_seconds(module)  # writes the bytecode that every later launch reads
        yield compare(
            ROWS["import"],
            settings.launches,
            lambda: import_seconds("socket"),
            lambda: import_seconds("sockstate"),
        )
    if "memory" in keys:
        count = settings.objects
        yield compare(
            ROWS["memory"],
            settings.counts,
            lambda: bytes_per_object(
                lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM), count
            ),
            lambda: bytes_per_object(sockstate.tcp, count),
        )


def report(results: list[Result], settings: Settings) -> str:
    """The text of ``benchmarks/README.md``."""
    metadata = results[0].raw.get_metadata()

    def meta(key: str) -> object:
        return metadata.get(key, "unknown")

    rows = "\n".join(result.row() for result in results)
    return f"""\
# Benchmarks

<!-- Written by benchmarks/run.py; do not edit, run it again. -->

sockstate against raw `socket`, measured by `.venv/bin/python benchmarks/run.py`
on {str(meta("date"))[:16]}, on {meta("cpu_model_name")} ({meta("cpu_count")} logical CPUs,
pyperf's CPU config: {meta("cpu_config")}; load average {meta("load_avg_1min")} during the run),
{meta("platform")}, {meta("python_implementation")} {meta("python_version")}.

{HEADER}
{rows}

How to read it:

- Every row measures raw `socket` and sockstate doing the same work in the
  same run, in pairs: each round measures one side, then the other,
  alternating which goes first, so that the machine's drift cancels.  The
  ratio and the difference are computed per round, from its pair, and shown
  as the median over the rounds with the interquartile range (the middle
  half of the rounds) in brackets.  The raw and sockstate columns are each
  side's own median.
- A target is met when the median (of the ratio, or of the difference) is
  within it; where a target names a goal, a lower figure aimed at, the
  result also says whether the median is within the goal.  The `send` and
  `recv` rows' limits are their differences in the full run of {PREVIOUS_RUN}:
  no slower than then; their goal, like the `fileno()` row's limit, is the
  budget of {TIME.signed(PER_CALL)} per call.
- The `sockstate.aio` rows run on an event loop (asyncio's default one, and
  uvloop), against raw non-blocking stdlib sockets driven by the same
  loop's `sock_sendall`, `sock_recv`, `sock_recv_into`, `sock_accept` and
  `sock_connect`.  A round trip is a client task and an echo task, each
  waiting on the loop for the other; bulk is a sending task and a receiving
  one; the echo row is {AIO_CLIENTS} clients at once against one listener (connect,
  one byte each way, close), timed per batch, in at most 41 rounds.
- The TLS bulk row is the bulk row over TLS 1.3, the same certificate and
  contexts on both sides: `ssl.SSLSocket`s that `SSLContext.wrap_socket()`
  made, against sockstate's `TLSSocket`s that `wrap_tls()` made, each with
  the stdlib `ssl.SSLSocket` under it.
- Ratios are of times (for bulk, of the time per chunk: the inverse of the
  throughputs' ratio) and of bytes.
- The timed rows run {settings.rounds} rounds in one process, each side a batch of
  at least {settings.batch * 1e3:g} ms, its loop count calibrated on raw; times are per
  round trip, per 64 KiB chunk (shown as throughput), per connection or per
  call.  `send(b"")` is a system call that queues nothing, so the buffer
  never fills; `fileno()` makes none, so its row is the wrapper's own cost.
- `recv(1)` and `recvfrom(1)` find their data waiting: the other socket
  sent it beforehand, off the clock (a thousand bytes, or {DATAGRAMS} datagrams
  from a second bound UDP socket, at a time).  Raw `recvfrom` makes the
  system call recvfrom(2); sockstate's makes recvmsg(2), whose flags tell it
  that a datagram was truncated.  Every other system call is the same on
  both sides.
- Import time is the module's cumulative time in `python -X importtime -c
  "import sockstate"` against `"import socket"`, in {settings.launches} pairs of fresh
  interpreters, with the bytecode cache warm.
- Memory is what tracemalloc sees allocated per object, with
  {settings.objects} fresh TCP sockets alive at once ({settings.counts} counts a side): the
  stdlib's `socket.socket`, or sockstate's object together with the
  `socket.socket` it wraps.

Running `.venv/bin/python benchmarks/run.py` again rewrites this file; `--quick`
is the smoke test that `tools/check` runs (it prints the table and writes
nothing), `--only NAME` runs one row alone (repeatable; it too prints and
writes nothing), and `--json PATH` also saves each side's values for `python
-m pyperf stats PATH`.
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Measure sockstate against raw socket and write benchmarks/README.md."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="run every benchmark briefly, print the table and write nothing (a smoke test)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=ROWS.keys(),
        metavar="NAME",
        help=f"run this benchmark alone (repeatable), print the table and write nothing;"
        f" one of: {', '.join(ROWS)}",
    )
    parser.add_argument(
        "--json",
        metavar="PATH",
        help="also save each side's values as a pyperf suite, for `python -m pyperf stats PATH`",
    )
    args = parser.parse_args()
    settings = QUICK if args.quick else FULL
    keys: Collection[str] = ROWS.keys() if args.only is None else set(args.only)
    if not args.quick:
        print(HEADER, file=sys.stderr)
    results: list[Result] = []
    for result in measure(settings, keys):
        if not args.quick:
            print(result.row(), file=sys.stderr, flush=True)
        results.append(result)
    if args.json is not None:
        sides = [bench for result in results for bench in (result.raw, result.wrapped)]
        pyperf.BenchmarkSuite(sides).dump(args.json, replace=True)
    text = report(results, settings)
    if args.quick:
        ran = "every benchmark" if args.only is None else "the benchmarks named"
        print(f"--quick: {ran} ran, {QUICK.rounds} rounds each: the numbers mean nothing.")
        print(text)
    elif args.only is not None:
        print(f"--only: {len(results)} of {len(ROWS)} benchmarks; {README.name} not written.")
        print(text)
    else:
        README.write_text(text, encoding="utf-8")
        print(f"wrote {README}", file=sys.stderr)


if __name__ == "__main__":
    main()
