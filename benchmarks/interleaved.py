"""Raw ``socket`` and sockstate timed in alternating batches, in one process.

Rules of this file: the same connections and loops as ``bench_core.py``; each
round times one batch of raw and one of sockstate, alternating which goes
first, and keeps their ratio, so that drift of the machine between the two
(which separate pyperf benchmarks cannot rule out) cancels.  Prints the median
ratio with its interquartile range.

Run: ``.venv/bin/python benchmarks/interleaved.py [ROUNDS]``
"""

from __future__ import annotations

import socket
import statistics
import sys
from typing import TYPE_CHECKING

from bench_core import (
    Stream,
    bulk,
    raw_pair,
    round_trip,
    sockstate_tcp_pair,
    sockstate_unix_pair,
    streams,
)

if TYPE_CHECKING:
    from collections.abc import Callable


def compare(
    name: str,
    timer: Callable[[int, Stream, Stream], float],
    raw: tuple[Stream, Stream],
    wrapped: tuple[Stream, Stream],
    loops: int,
    rounds: int,
) -> None:
    ratios: list[float] = []
    for index in range(rounds):
        if index % 2:
            wrapped_time = timer(loops, *wrapped)
            raw_time = timer(loops, *raw)
        else:
            raw_time = timer(loops, *raw)
            wrapped_time = timer(loops, *wrapped)
        ratios.append(wrapped_time / raw_time)
    quartiles = statistics.quantiles(ratios, n=4)
    print(
        f"| {name} | {statistics.median(ratios):.3f} | {quartiles[0]:.3f} .. {quartiles[2]:.3f} "
        f"| {rounds} x {loops} |"
    )


def main(rounds: int) -> None:
    raw_tcp, raw_unix = raw_pair(socket.AF_INET), raw_pair(socket.AF_UNIX)
    ss_tcp, ss_unix = sockstate_tcp_pair(), sockstate_unix_pair()
    print("| benchmark | median ratio sockstate/raw | interquartile range | rounds x loops |")
    print("| --- | --- | --- | --- |")
    compare("round trip 1 byte tcp", round_trip, streams(raw_tcp), streams(ss_tcp), 2000, rounds)
    compare("round trip 1 byte unix", round_trip, streams(raw_unix), streams(ss_unix), 2000, rounds)
    compare("bulk 64 KiB tcp", bulk, streams(raw_tcp), streams(ss_tcp), 500, rounds)
    for sock in (*raw_tcp, *raw_unix, *ss_tcp, *ss_unix):
        sock.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
