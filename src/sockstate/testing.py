"""Assertions for tests of code that uses sockstate (they need pytest).

The fixtures (``tcp_listener``, ``tcp_pair``, ``ordering_error`` and the
rest) come with the pytest plugin, which pytest loads by itself; this module
is where a test imports the assertions and their types from, and the
async helpers for tests of asyncio code (``aio_within``,
``aio_accept_pair``; the plugin's ``aio_*`` fixtures give
``sockstate.aio`` sockets).
"""

from ._aio_pytest import aio_accept_pair as aio_accept_pair
from ._aio_pytest import aio_within as aio_within
from ._pytest_plugin import AssertOrderingError as AssertOrderingError
from ._pytest_plugin import RaisesOrderingError as RaisesOrderingError
from ._pytest_plugin import assert_ordering_error as assert_ordering_error
from ._pytest_plugin import raises_ordering_error as raises_ordering_error

__all__ = (
    "AssertOrderingError",
    "RaisesOrderingError",
    "aio_accept_pair",
    "aio_within",
    "assert_ordering_error",
    "raises_ordering_error",
)
