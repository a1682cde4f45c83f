"""What the checkers' messages name: public classes only.

mypy names, in an argument error, the class whose ``def`` defines the method
called (``Argument 1 to "recv" of "_Receives"``), and for a function bound
into a class by assignment it names none.  So every public call of every
public class (the state classes of both faces and the options views) is
either defined by ``def`` in a public class, or is a module-level function
bound into a private mixin (``_machine``'s rules).  The first test checks
that on the classes; the second asks mypy itself, on a call with an unknown
keyword to every such method of every such class, and reads its messages.

Dunder methods (``__enter__``, ``__exit__``) are left out: a ``with``
statement's messages name no method's class.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import types
from typing import TYPE_CHECKING

import pytest

import sockstate
import sockstate.aio

if TYPE_CHECKING:
    from pathlib import Path

FACES = {"sockstate": sockstate, "sockstate.aio": sockstate.aio}


def _public_classes() -> list[tuple[str, type]]:
    """``(spelling, class)`` for every public class of both faces that has
    methods: the state classes and the options views (not the exceptions,
    nor ``State``)."""
    found: dict[type, str] = {}
    for spelling, module in FACES.items():
        for name in module.__all__:
            value: object = getattr(module, name)
            if isinstance(value, types.GenericAlias) or not isinstance(value, type):
                continue
            cls: type[object] = value
            if (
                not issubclass(cls, BaseException)
                and cls.__module__.startswith("sockstate.")
                and _methods(cls)
            ):
                found.setdefault(cls, f"{spelling}.{name}")
    return sorted(((spelling, cls) for cls, spelling in found.items()), key=lambda item: item[0])


def _methods(cls: type) -> list[str]:
    """The public methods of ``cls``: functions found on it, not stand-ins,
    properties or attributes."""
    return [
        name
        for name in dir(cls)
        if not name.startswith("_") and inspect.isfunction(inspect.getattr_static(cls, name))
    ]


def _generic(cls: type) -> bool:
    """Whether ``cls`` takes a type argument: one of its own bases was
    subscripted with a type variable (``_Peer[A]``)."""
    bases: tuple[object, ...] = vars(cls).get("__orig_bases__", ())
    return any(
        type(argument).__name__ == "TypeVar"
        for base in bases
        for argument in getattr(base, "__args__", ())
    )


def _holder(cls: type, name: str) -> type:
    """The first class of ``cls``'s MRO that holds ``name``."""
    return next(klass for klass in cls.__mro__ if name in vars(klass))


CLASSES = _public_classes()


@pytest.mark.parametrize("cls", [cls for _, cls in CLASSES], ids=[s for s, _ in CLASSES])
def test_every_public_call_is_defined_in_a_public_class_or_bound_from_a_function(
    cls: type,
) -> None:
    for name in _methods(cls):
        holder = _holder(cls, name)
        function = vars(holder)[name]
        bound_by_name = "." not in function.__qualname__
        assert not holder.__name__.startswith("_") or bound_by_name, (
            f"{cls.__name__}.{name} is a def in {holder.__qualname__}"
        )


def _probe() -> tuple[str, set[str]]:
    """A module calling every public method of every public class with an
    unknown keyword, and the numbers of the lines that call."""
    lines = ["import sockstate", "import sockstate.aio", ""]
    calls: set[str] = set()
    for number, (spelling, cls) in enumerate(CLASSES):
        annotation = spelling + ("[sockstate.IPv4Address]" if _generic(cls) else "")
        lines.append(f"def case{number}(sock: {annotation}) -> None:")
        for name in _methods(cls):
            lines.append(f"    sock.{name}(unknown_keyword=1)")
            calls.add(str(len(lines)))
    return "\n".join(lines) + "\n", calls


@pytest.mark.timeout(120)
def test_mypy_names_no_private_class_in_the_messages_of_a_wrong_call(tmp_path: Path) -> None:
    source, calls = _probe()
    probe = tmp_path / "probe.py"
    probe.write_text(source)
    run = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--no-incremental"),
            *("--disable-error-code", "unused-coroutine"),
            *("--cache-dir", str(tmp_path / "cache"), str(probe)),
        ],
        cwd=tmp_path,  # no project configuration: a user's plain mypy --strict
        capture_output=True,
        text=True,
        check=False,
    )
    refused = {line.split(":")[1] for line in run.stdout.splitlines() if ": error: " in line}
    # Every call is wrong, and reported: the probe reached every method.
    assert refused == calls, run.stdout[-2000:]
    private = [line for line in run.stdout.splitlines() if re.search(r'of "_', line)]
    assert private == []
