"""The few ``typing`` names sockstate needs at runtime, without ``typing``.

Rules of this module:

* Importing sockstate must not import ``typing``: with the ``re`` and
  ``contextlib`` it pulls in, that costs about 10 ms, twice sockstate's own
  budget for its import.  Modules that need one of these names at runtime
  (a base class, a decorator, a call) import it from here; every name used
  only in annotations stays under ``if TYPE_CHECKING:`` where it is used.
* Type checkers read the ``TYPE_CHECKING`` branch: ``typing``'s own names,
  so nothing about the types changes (``_typing.pyi`` repeats that branch
  for editors: jedi takes this module's ``TYPE_CHECKING = False`` at its
  word, the stub's ``typing.TYPE_CHECKING`` as true).  The interpreter
  reads the other branch: stand-ins that do at runtime just what sockstate relies on.
  ``overload`` records nothing (``typing.get_overloads`` finds no
  overloads of sockstate's functions), ``deprecated`` (which marks an
  overload the checkers refuse, such as ``set_linger(True)``) changes
  nothing, ``cast`` returns its value,
  ``TypeVar`` makes a named marker, ``Generic[...]`` makes a
  ``types.GenericAlias`` (so ``FreshSocket[IPv4Address]`` works in runtime
  annotations), and ``NamedTuple`` makes a ``collections.namedtuple`` with
  the class's defaults and methods.
* A union type alias generic in the address type (``AnySocket``) is a
  ``TypeAlias`` for the checkers and, at runtime, a ``GenericUnion``
  (made only in the interpreter's branch): subscripted, it is the
  ``types.UnionType`` of its classes, each generic one subscripted alike,
  so ``AnySocket[IPv4Address]`` works in runtime annotations too.
* ``Protocol`` (the files ``makefile()`` returns, as the checkers see them)
  makes, at runtime, a class that refuses what ``typing`` refuses for a
  protocol not marked ``runtime_checkable``: an instance, ``isinstance()``
  and ``issubclass()`` raise ``TypeError``, so a check that cannot hold
  fails loudly instead of answering ``False``.
"""

from __future__ import annotations

TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Generic as Generic
    from typing import NamedTuple as NamedTuple
    from typing import Protocol as Protocol
    from typing import TypeVar as TypeVar
    from typing import cast as cast
    from typing import overload as overload

    from typing_extensions import deprecated as deprecated
else:
    import collections
    import types

    def cast(typ, value):
        """``typing.cast``: the value, unchanged."""
        return value

    def overload(function):
        """``typing.overload``, without the registry: the function, unchanged."""
        return function

    def deprecated(message, /, *, category=None, stacklevel=1):
        """``typing_extensions.deprecated``, which sockstate puts only on an
        overload that the checkers should refuse: the function, unchanged
        (the implementation raises)."""
        return lambda function: function

    class TypeVar:
        """A type variable's name, as a marker in ``Generic[...]`` aliases."""

        __slots__ = ("__name__",)

        def __init__(self, name, *constraints, **options):
            self.__name__ = name

        def __repr__(self):
            return f"~{self.__name__}"

    class Generic:
        """A base whose subscription makes a ``types.GenericAlias``."""

        __slots__ = ()

        def __class_getitem__(cls, parameters):
            return types.GenericAlias(cls, parameters)

    class _NamedTupleMeta(type):
        def __new__(cls, name, bases, namespace):
            if not bases:
                return super().__new__(cls, name, bases, namespace)
            annotations = namespace.get("__annotations__")
            if annotations is None:  # pragma: no cover - Python 3.14 makes them on demand
                annotations = namespace["__annotate__"](1)
            fields = tuple(annotations)
            defaults = tuple(namespace[field] for field in fields if field in namespace)
            made = collections.namedtuple(  # noqa: PYI024 - what typing.NamedTuple makes
                name, fields, defaults=defaults, module=namespace["__module__"]
            )
            for key, value in namespace.items():
                if key not in fields and not key.startswith(("__annotat", "__module__")):
                    setattr(made, key, value)
            return made

    class NamedTuple(metaclass=_NamedTupleMeta):
        """A base that makes its subclass a ``collections.namedtuple``."""

    class _ProtocolMeta(type):
        def _refuse(cls, *args):
            raise TypeError(
                f"{cls.__qualname__} is a protocol for type checkers only, not runtime-checkable: "
                "check the object's concrete class instead"
            )

        __call__ = __instancecheck__ = __subclasscheck__ = _refuse

    class Protocol(metaclass=_ProtocolMeta):
        """``typing.Protocol``: a base for types that only the checkers read."""

        __slots__ = ()

    class GenericUnion:
        """A union type alias generic in one type variable, at runtime.

        ``alias[T]`` is the ``types.UnionType`` of its classes, each generic
        one subscripted with ``T``; ``alias | other`` is the union of the
        bare classes with ``other``.
        """

        __slots__ = ("__args__", "__name__", "_qualified")

        def __init__(self, qualified, classes):
            self._qualified = qualified
            self.__name__ = qualified.rpartition(".")[2]
            self.__args__ = tuple(classes)

        def _union(self, parameter=None):
            union = None
            for cls in self.__args__:
                if parameter is not None and issubclass(cls, Generic):
                    cls = cls[parameter]
                union = cls if union is None else union | cls
            return union

        def __getitem__(self, parameter):
            return self._union(parameter)

        def __or__(self, other):
            return self._union() | other

        def __ror__(self, other):
            return other | self._union()

        def __repr__(self):
            return self._qualified
