# Local stub for the parts of pyperf that sockstate's benchmarks use;
# pyperf ships no type information.
from collections.abc import Iterable, Mapping, Sequence

class Run:
    def __init__(
        self,
        values: Sequence[float],
        warmups: Sequence[tuple[int, float]] | None = None,
        metadata: Mapping[str, object] | None = None,
        collect_metadata: bool = True,
    ) -> None: ...

class Benchmark:
    def __init__(self, runs: Iterable[Run]) -> None: ...
    def get_metadata(self) -> dict[str, object]: ...
    def median(self) -> float: ...

class BenchmarkSuite:
    def __init__(self, benchmarks: Iterable[Benchmark], filename: str | None = None) -> None: ...
    def dump(self, file: str, compact: bool = True, replace: bool = False) -> None: ...
