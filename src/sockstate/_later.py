"""What ``import sockstate`` leaves for later: the package's module
``__getattr__`` and ``__dir__`` (PEP 562).

Rules of this module:

* ``import sockstate`` keeps within its budget (benchmarks/README.md) by
  not loading what a program may never touch: ``__version__`` (read from
  the metadata by ``importlib.metadata``, several times the budget) and
  the options views of IP sockets (``_family_options``: a class per state
  and family, each held to the table as it is defined, about 6 ms).
* A view class is loaded by the first lookup of a public name the package
  has not loaded (``sockstate.FreshIPv4Options``) or by the first
  ``options`` of an IP socket (``_options.OptionsProperty``).  Which names
  are public is the package's ``__all__``, nothing here.
* ``dir(sockstate)`` lists every public name, loaded or not.
"""

# pyright: reportPrivateUsage=false
# The package loads its own private module here.

from __future__ import annotations

import sys

from ._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType


def package_getattr(name: str) -> object:
    """``sockstate.<name>`` for a name not loaded yet: ``__version__``,
    from the metadata, or a public options view, from ``_family_options``.
    Raises ``AttributeError`` for any other name."""
    if name == "__version__":
        from ._version import version

        return version()
    if name in sys.modules["sockstate"].__all__:
        found: object = getattr(ip_views(), name)
        return found
    raise AttributeError(f"module 'sockstate' has no attribute {name!r}")


def ip_views() -> ModuleType:
    """``_family_options``, loaded (which registers its views in
    ``_options.VIEWS``) if it was not."""
    from . import _family_options

    return _family_options


def package_dir() -> list[str]:
    """``dir(sockstate)``: the names it holds and every public one."""
    package = sys.modules["sockstate"]
    return sorted({*vars(package), *package.__all__})
