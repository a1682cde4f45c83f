# Local stub for the parts of pyperf that sockstate's benchmarks use;
# pyperf ships no type information.
import argparse
from collections.abc import Callable

class Benchmark:
    def get_name(self) -> str: ...
    def median(self) -> float: ...
    def stdev(self) -> float: ...
    def get_values(self) -> tuple[float, ...]: ...

class Runner:
    argparser: argparse.ArgumentParser
    args: argparse.Namespace
    metadata: dict[str, str]
    def __init__(
        self,
        values: int | None = None,
        processes: int | None = None,
        loops: int = 0,
        min_time: float = 0.1,
        warmups: int | None = None,
        show_name: bool = True,
        program_args: tuple[str, ...] | None = None,
        add_cmdline_args: Callable[[list[str], argparse.Namespace], None] | None = None,
    ) -> None: ...
    def parse_args(self, args: list[str] | None = None) -> argparse.Namespace: ...
    def bench_time_func(
        self,
        name: str,
        time_func: Callable[..., float],
        *args: object,
        inner_loops: int | None = None,
        metadata: dict[str, str] | None = None,
    ) -> Benchmark | None: ...

class BenchmarkSuite:
    @classmethod
    def load(cls, file: str) -> BenchmarkSuite: ...
    def get_benchmarks(self) -> list[Benchmark]: ...
    def get_metadata(self) -> dict[str, object]: ...
