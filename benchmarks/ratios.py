"""Print each raw/sockstate pair of a pyperf result file side by side.

Rules: reads what pyperf measured and prints it; computes nothing but the
median ratio and its spread (the ratio of medians plus or minus the two
relative standard deviations added).

Run: ``.venv/bin/python benchmarks/ratios.py results.json``
"""

from __future__ import annotations

import sys

import pyperf


def main(path: str) -> None:
    suite = pyperf.BenchmarkSuite.load(path)
    by_name = {bench.get_name(): bench for bench in suite.get_benchmarks()}
    print("| benchmark | raw socket (median +- stdev) | sockstate (median +- stdev) | ratio |")
    print("| --- | --- | --- | --- |")
    for name, raw in by_name.items():
        if not name.endswith(" raw"):
            continue
        wrapped = by_name.get(name[: -len(" raw")] + " sockstate")
        if wrapped is None:
            continue
        ratio = wrapped.median() / raw.median()
        spread = ratio * (raw.stdev() / raw.median() + wrapped.stdev() / wrapped.median())
        print(
            f"| {name[: -len(' raw')]} | {raw.median() * 1e6:.3f} +- {raw.stdev() * 1e6:.3f} us"
            f" | {wrapped.median() * 1e6:.3f} +- {wrapped.stdev() * 1e6:.3f} us"
            f" | {ratio:.3f} +- {spread:.3f} |"
        )


if __name__ == "__main__":
    main(sys.argv[1])
