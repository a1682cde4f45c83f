"""The package's public face: re-exports only, with a tuple ``__all__``."""

from __future__ import annotations

import inspect
import pydoc
import types

import sockstate


def _definitions() -> list[tuple[str, object]]:
    """The public classes and functions (the address aliases are neither,
    though Python 3.10's ``inspect.isclass`` takes ``tuple[str, int]`` for a
    class)."""
    return [
        (name, value)
        for name in sockstate.__all__
        if not isinstance(value := getattr(sockstate, name), types.GenericAlias)
        and (inspect.isclass(value) or inspect.isfunction(value))
    ]


def test_all_is_a_sorted_tuple_of_existing_names() -> None:
    assert isinstance(sockstate.__all__, tuple)
    assert list(sockstate.__all__) == sorted(sockstate.__all__)
    for name in sockstate.__all__:
        assert hasattr(sockstate, name), name


def test_every_public_class_and_function_has_a_docstring() -> None:
    for name, value in _definitions():
        assert (inspect.getdoc(value) or "").strip(), name


def test_every_public_class_can_be_inspected_and_documented() -> None:
    """``help()`` and ``inspect`` read every attribute of a class, the
    stand-ins that refuse a call on an instance and ``options`` included."""
    for name, value in _definitions():
        if inspect.isclass(value):
            assert inspect.getmembers(value), name
            assert f"class {name}" in pydoc.render_doc(value, renderer=pydoc.TextDoc()), name


def test_implementation_lives_in_private_modules() -> None:
    for name, value in _definitions():
        module = inspect.getmodule(value)
        assert module is not None
        assert module.__name__.startswith("sockstate._"), (name, module.__name__)
