"""The package's own attributes: ``sockstate.__version__`` is a ``str``,
and a name the package lacks is an error, though the package has a module
``__getattr__`` at runtime (for ``__version__``, read on demand).

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

from typing_extensions import assert_type

import sockstate


def version() -> None:
    assert_type(sockstate.__version__, str)


def a_misspelt_name() -> None:
    sockstate.tpc()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
