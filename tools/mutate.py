"""Mutation testing of sockstate's state machine: its table, its machinery,
its messages and its errors.

Usage (from the repository's root, in the dev environment):

    python tools/mutate.py [--jobs N] [--list] [--mutant ID ...] [MODULE ...]

Makes every mutant of ``MODULE`` (by default the modules in ``MODULES``:
the table and its classifier, the transition machinery, the messages, the
option table and the errors), runs the test suite against each, and
prints the mutation score and every mutant that survived, with its diff.

Rules of this tool:

* A mutant is one small change to one node of the module's syntax tree: a
  comparison, boolean or arithmetic operator swapped, a condition negated, a
  constant changed, a ``State`` member replaced by the next one, an entry
  deleted from a dict, set, list or tuple literal, a keyword argument
  dropped, a returned value replaced by ``None``, a statement deleted.
  Docstrings, annotations, imports, ``__slots__`` and ``if TYPE_CHECKING:``
  blocks are never mutated.
* Each mutant runs in a fresh interpreter, with a copy of the package that
  holds the mutant first on ``PYTHONPATH``: code that runs at import time
  (the table, and everything derived from it when the state classes are
  defined) is mutated too.  That is why this is not mutmut 3, which mutates
  only function bodies and switches mutants on after the import.
* A mutant is killed when pytest fails (a test, or the import itself) or
  runs past the time limit; it survives when the whole suite passes.  The
  unmutated copy must pass first.

A mutant's ID is its index in the list that ``--list`` prints; it is stable
while the module does not change.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import copy
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "sockstate"
MODULES = (
    "src/sockstate/_states.py",
    "src/sockstate/_machine.py",
    "src/sockstate/_messages.py",
    "src/sockstate/_option_table.py",
    "src/sockstate/_errors.py",
)
FIRST_TESTS = (
    "tests/test_table.py",
    "tests/test_fails.py",
    "tests/test_faces.py",
    "tests/test_errors.py",
    "tests/test_ordering_errors.py",
    "tests/test_docs.py",
    "tests/test_transitions.py",
)
"""Run first: they are quick and see most mutants (``-x`` stops at the first
failure)."""

PYTEST = ("-m", "pytest", "-x", "-q", "--no-header", "-p", "no:cacheprovider", "-W", "error")

COMPARISONS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
"""Each comparison and the one a mutant puts in its place."""

BOOLEANS: dict[type[ast.boolop], type[ast.boolop]] = {ast.And: ast.Or, ast.Or: ast.And}

ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
}

Located = ast.expr | ast.stmt | ast.keyword
"""A node with a place in the source."""


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One change to one module: replace ``source[start:end]`` (bytes) with
    ``replacement``."""

    module: str
    line: int
    start: int
    end: int
    replacement: bytes
    description: str

    def apply(self, source: bytes) -> bytes:
        return source[: self.start] + self.replacement + source[self.end :]

    def diff(self, source: bytes) -> list[str]:
        """The lines the mutant changes: ``-`` before, ``+`` after."""
        first = source.rfind(b"\n", 0, self.start) + 1
        last = source.find(b"\n", self.end)
        last = len(source) if last == -1 else last
        before = source[first:last].decode().splitlines()
        after = (source[first : self.start] + self.replacement + source[self.end : last]).decode()
        return [f"- {line}" for line in before] + [f"+ {line}" for line in after.splitlines()]


class _Finder:
    """Walks a module's syntax tree and lists its mutants."""

    def __init__(self, module: str, source: bytes) -> None:
        self.module = module
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.mutants: list[Mutant] = []
        self.states: list[str] = []

    # -- positions ------------------------------------------------------------------------

    def offset(self, line: int, column: int) -> int:
        """The byte offset of ``column`` (a byte offset too) on ``line``."""
        return self.starts[line - 1] + column

    def span(self, node: Located) -> tuple[int, int]:
        assert node.end_lineno is not None
        assert node.end_col_offset is not None
        start = self.offset(node.lineno, node.col_offset)
        end = self.offset(node.end_lineno, node.end_col_offset)
        return start, end

    def add(self, node: Located, start: int, end: int, replacement: str, what: str) -> None:
        self.mutants.append(
            Mutant(
                self.module, node.lineno, start, end, replacement.encode(), " ".join(what.split())
            )
        )

    def replace(self, node: Located, replacement: str, what: str) -> None:
        start, end = self.span(node)
        self.add(node, start, end, replacement, what)

    def delete(self, container: Located, node: Located, start: int, end: int, what: str) -> None:
        """Delete the item ``source[start:end]`` of a comma-separated list,
        with the comma after it (or, for the last item, before it)."""
        after = end
        while after < len(self.source) and self.source[after : after + 1] in b" \t\r\n":
            after += 1
        if self.source[after : after + 1] == b",":
            self.add(node, start, after + 1, "", what)
            return
        before = self.source.rfind(b",", self.span(container)[0], start)
        if before != -1:
            self.add(node, before, end, "", what)

    # -- the walk ------------------------------------------------------------------------

    def visit_module(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name == "State":
                self.states = [
                    target.id
                    for statement in node.body
                    if isinstance(statement, ast.Assign)
                    for target in statement.targets
                    if isinstance(target, ast.Name) and target.id.isupper()
                ]
        self.statements(tree.body, in_function=False)

    def statements(self, body: Sequence[ast.stmt], *, in_function: bool) -> None:
        for statement in body:
            self.statement(statement, in_function=in_function)

    def statement(self, node: ast.stmt, *, in_function: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass)):
            return
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return  # a docstring
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    self.expression(default)
            self.statements(node.body, in_function=True)
            return
        if isinstance(node, ast.ClassDef):
            self.statements(node.body, in_function=False)
            return
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.expression(node.value)
            return
        if isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == "__slots__" for t in node.targets):
                return
            if in_function:
                self.replace(node, "pass", "delete the assignment")
            self.expression(node.value)
            return
        if isinstance(node, ast.Return):
            if node.value is not None:
                if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                    self.replace(node.value, "None", "return None")
                self.expression(node.value)
            return
        if isinstance(node, ast.Expr):
            if in_function:
                self.replace(node, "pass", "delete the call")
            self.expression(node.value)
            return
        if isinstance(node, (ast.If, ast.While)):
            self.condition(node.test)
            self.expression(node.test)
            self.statements(node.body, in_function=in_function)
            self.statements(node.orelse, in_function=in_function)
            return
        if isinstance(node, ast.For):
            self.expression(node.iter)
            self.statements(node.body, in_function=in_function)
            return
        if isinstance(node, ast.Try):
            self.statements(node.body, in_function=in_function)
            for handler in node.handlers:
                self.statements(handler.body, in_function=in_function)
            self.statements(node.orelse, in_function=in_function)
            self.statements(node.finalbody, in_function=in_function)
            return
        if isinstance(node, ast.Raise) and node.exc is not None:
            self.expression(node.exc)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expression(child)

    def condition(self, test: ast.expr) -> None:
        source = self.segment(test)
        self.replace(test, f"not ({source})", "negate the condition")

    def segment(self, node: Located) -> str:
        start, end = self.span(node)
        return self.source[start:end].decode()

    def expression(self, root: ast.expr) -> None:
        for node in ast.walk(root):
            if isinstance(node, ast.JoinedStr):
                continue
            if isinstance(node, (ast.Compare, ast.BoolOp, ast.BinOp)):
                self.operators(node)
            elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                self.replace(node, self.segment(node.operand), "drop the not")
            elif isinstance(node, ast.IfExp):
                self.condition(node.test)
            elif isinstance(node, ast.Constant):
                self.constant(node)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "State"
                and node.attr in self.states
            ):
                following = self.states[(self.states.index(node.attr) + 1) % len(self.states)]
                self.replace(node, f"State.{following}", f"State.{node.attr} -> State.{following}")
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    start = self.span(value)[0] if key is None else self.span(key)[0]
                    if key is None:
                        start = self.source.rfind(b"**", 0, start)
                    label = self.segment(key) if key is not None else "**" + self.segment(value)
                    self.delete(node, value, start, self.span(value)[1], f"delete {label}")
            elif isinstance(node, (ast.Set, ast.List, ast.Tuple)) and len(node.elts) > 1:
                for element in node.elts:
                    start, end = self.span(element)
                    self.delete(node, element, start, end, f"delete {self.segment(element)}")
            elif isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg is not None:
                        start, end = self.span(keyword)
                        self.delete(node, keyword, start, end, f"drop {keyword.arg}=")

    def operators(self, node: ast.Compare | ast.BoolOp | ast.BinOp) -> None:
        if isinstance(node, ast.Compare):
            for index, comparison in enumerate(node.ops):
                swapped = COMPARISONS.get(type(comparison))
                if swapped is not None:
                    mutated = copy.deepcopy(node)
                    mutated.ops[index] = swapped()
                    self.swap(node, mutated, type(comparison), swapped)
        elif isinstance(node, ast.BoolOp):
            boolean = BOOLEANS.get(type(node.op))
            if boolean is not None:
                mutated_bool = copy.deepcopy(node)
                mutated_bool.op = boolean()
                self.swap(node, mutated_bool, type(node.op), boolean)
        else:
            arithmetic = ARITHMETIC.get(type(node.op))
            if arithmetic is not None:
                mutated_binary = copy.deepcopy(node)
                mutated_binary.op = arithmetic()
                self.swap(node, mutated_binary, type(node.op), arithmetic)

    def swap(self, node: ast.expr, mutated: ast.expr, old: type, new: type) -> None:
        self.replace(node, ast.unparse(mutated), f"{old.__name__} -> {new.__name__}")

    def constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self.replace(node, repr(not value), f"{value} -> {not value}")
        elif isinstance(value, int):
            self.replace(node, repr(value + 1), f"{value} -> {value + 1}")
        elif isinstance(value, str):
            self.replace(node, repr(f"XX{value}XX"), f"{value!r} -> 'XX...XX'")


def _is_type_checking(test: ast.expr) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def mutants_of(module: str) -> list[Mutant]:
    """Every mutant of ``module`` that compiles and changes something."""
    source = (ROOT / module).read_bytes()
    finder = _Finder(module, source)
    finder.visit_module(ast.parse(source))
    kept: list[Mutant] = []
    seen: set[bytes] = set()
    for mutant in finder.mutants:
        mutated = mutant.apply(source)
        if mutated == source or mutated in seen:
            continue
        try:
            compile(mutated, module, "exec", dont_inherit=True)
        except SyntaxError:
            continue
        seen.add(mutated)
        kept.append(mutant)
    return kept


# -- running ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Outcome:
    mutant: Mutant | None
    verdict: str  # "killed", "survived" or "timeout"
    seconds: float


class _Workspace:
    """A copy of the package, first on ``PYTHONPATH``, for one mutant at a time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        shutil.copytree(
            PACKAGE, directory / "sockstate", ignore=shutil.ignore_patterns("__pycache__")
        )

    def run(self, mutant: Mutant | None, timeout: float, pytest_args: Sequence[str]) -> Outcome:
        target = None if mutant is None else self.directory / "sockstate" / Path(mutant.module).name
        original = None if target is None else target.read_bytes()
        if mutant is not None and target is not None and original is not None:
            target.write_bytes(mutant.apply(original))
        env = {**os.environ, "PYTHONPATH": str(self.directory), "PYTHONDONTWRITEBYTECODE": "1"}
        # A temporary directory of its own: pytest sessions that share theirs
        # (/tmp/pytest-of-USER) can race to prune it as they end, and fail.
        basetemp = ("--basetemp", str(self.directory / "tmp"))
        command = [sys.executable, *PYTEST, *basetemp, *pytest_args, *FIRST_TESTS, "tests"]
        began = time.monotonic()
        try:
            finished = subprocess.run(
                command, cwd=ROOT, env=env, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            verdict = "timeout"
        else:
            verdict = "survived" if finished.returncode == 0 else "killed"
            if finished.returncode == 5:
                raise RuntimeError(f"pytest collected no tests: {finished.stdout.decode()}")
        finally:
            if target is not None and original is not None:
                target.write_bytes(original)
        return Outcome(mutant, verdict, time.monotonic() - began)


def _check_the_copy_is_imported(directory: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(directory)}
    found = subprocess.run(
        [sys.executable, "-c", "import sockstate; print(sockstate.__file__)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not found.startswith(str(directory)):
        raise RuntimeError(f"the tests would import {found}, not the mutated copy")


def run_all(mutants: Sequence[Mutant], jobs: int, pytest_args: Sequence[str]) -> Iterator[Outcome]:
    """Run the unmutated copy, then each mutant; yield each outcome as it comes."""
    with tempfile.TemporaryDirectory(prefix="sockstate-mutants-") as scratch:
        workspaces = [_Workspace(Path(scratch) / f"w{index}") for index in range(jobs)]
        _check_the_copy_is_imported(workspaces[0].directory)
        baseline = workspaces[0].run(None, timeout=3600, pytest_args=pytest_args)
        if baseline.verdict != "survived":
            raise RuntimeError("the unmutated suite fails: fix that first")
        yield baseline
        timeout = 3 * baseline.seconds + 30
        free = list(workspaces)
        lock = threading.Lock()

        def run(mutant: Mutant) -> Outcome:
            with lock:
                workspace = free.pop()
            try:
                return workspace.run(mutant, timeout, pytest_args)
            finally:
                with lock:
                    free.append(workspace)

        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(run, mutants)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES), metavar="MODULE")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--list", action="store_true", help="list the mutants; run nothing")
    parser.add_argument("--mutant", type=int, action="append", metavar="ID", help="run only these")
    parser.add_argument(
        "--pytest", action="append", default=[], metavar="ARG", help="an extra argument for pytest"
    )
    options = parser.parse_args(argv)

    mutants = [mutant for module in options.modules for mutant in mutants_of(module)]
    sources = {module: (ROOT / module).read_bytes() for module in options.modules}
    if options.list:
        for index, mutant in enumerate(mutants):
            print(f"{index:4} {mutant.module}:{mutant.line}: {mutant.description}")
        return 0
    ids: list[int] | None = options.mutant
    chosen = mutants if ids is None else [mutants[i] for i in ids]

    print(f"{len(chosen)} mutants of {', '.join(options.modules)}", flush=True)
    survivors: list[Outcome] = []
    counts = {"killed": 0, "survived": 0, "timeout": 0}
    began = time.monotonic()
    for outcome in run_all(chosen, options.jobs, options.pytest):
        if outcome.mutant is None:
            print(f"unmutated suite: passed in {outcome.seconds:.0f} s", flush=True)
            continue
        counts[outcome.verdict] += 1
        done = sum(counts.values())
        mark = {"killed": ".", "survived": "S", "timeout": "T"}[outcome.verdict]
        print(mark, end="\n" if done % 50 == 0 else "", flush=True)
        if outcome.verdict == "survived":
            survivors.append(outcome)

    killed = counts["killed"] + counts["timeout"]
    total = sum(counts.values())
    print(
        f"\n\nkilled {killed} of {total} mutants ({100 * killed / max(total, 1):.1f}%): "
        f"{counts['killed']} by a failing test, {counts['timeout']} by the time limit; "
        f"{counts['survived']} survived; {time.monotonic() - began:.0f} s"
    )
    for outcome in survivors:
        survivor = outcome.mutant
        assert survivor is not None
        where = f"{survivor.module}:{survivor.line}"
        print(f"\nsurvived #{mutants.index(survivor)} {where}: {survivor.description}")
        for line in survivor.diff(sources[survivor.module]):
            print(f"    {line}")
    return 0 if not survivors else 1


if __name__ == "__main__":
    sys.exit(main())
