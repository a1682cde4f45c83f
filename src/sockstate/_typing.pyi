# What type checkers and editors read for ``_typing``: ``typing``'s own names.
#
# Rules of this stub (a comment: stubs hold no docstrings):
#
# * It holds exactly the names of ``_typing.py``'s ``TYPE_CHECKING`` branch,
#   re-exported from ``typing`` (``TYPE_CHECKING`` included).  mypy and
#   pyright read the same names from either file; jedi reads the stub, and
#   with it ``typing.TYPE_CHECKING``, which it takes as true.  Without it,
#   jedi evaluates ``_typing``'s ``TYPE_CHECKING = False`` and skips every
#   ``if TYPE_CHECKING:`` block, so that it knows no annotation sockstate
#   imports there: ``sockstate.tcp()`` would be an ``object`` to it, and
#   ``sock.options.`` would complete nothing (``tests/test_completion.py``).
# * ``GenericUnion``, made only at runtime, has no place here.
from typing import TYPE_CHECKING as TYPE_CHECKING
from typing import Generic as Generic
from typing import NamedTuple as NamedTuple
from typing import Protocol as Protocol
from typing import TypeVar as TypeVar
from typing import cast as cast
from typing import overload as overload

from typing_extensions import deprecated as deprecated
