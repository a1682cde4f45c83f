"""The private names of sockstate that the tests need, in one place.

Only ``sockstate`` and ``sockstate.testing`` are public; the layout of the
modules behind them changes.  A test that truly needs a private name imports
it from here, never from ``sockstate._...``, so that a change of layout
touches this file only.  What needs them:

* the implementation's tables, held against the hand-written ones in
  ``test_matrix.py`` (``TRANSITIONS``, its constants and ``STAY``, to show
  that the comparison finds a wrong row) and ``test_options.py``
  (``OPTIONS``, ``Option``, ``OPTION_CALLS``); ``test_table.py`` checks
  the classes and their annotations against them (``allowed``,
  ``next_state``, ``successors``, ``state_classes``, ``OptionsProperty``);
* ``RESOLVED``, to make an option look missing on this platform
  (``test_options.py``);
* the address checks and the Unix path limits (``test_bad_input.py``);
* what generates the README's tables and diagrams (``test_docs.py``,
  ``test_cli.py``);
* ``ordering_error``, for a fake socket that raises a real error in the
  wrong place (``test_pytest_plugin.py``);
* ``Adopted``, the type ``adopt()`` returns (``support.py``);
* the machinery of faces and the failure classifier, which their own tests
  drive directly (``test_faces.py``, ``test_fails.py``), and the asyncio
  face's classes (``test_aio.py``, ``test_aio_typing.py``);
* ``NOT_OFFERED``, the table of stdlib names sockstate refuses, whose
  entries ``test_porting.py`` holds against real sockets and the stdlib, and
  what generates the README's porting table (``test_docs.py``);
* ``fds_received``, the parser of ``recv_fds``'s control messages, given
  one the kernel never sends (``test_fds.py``).
"""

from typing import TYPE_CHECKING

from sockstate._addresses import CHECKERS as CHECKERS
from sockstate._addresses import MAX_UNIX_ABSTRACT as MAX_UNIX_ABSTRACT
from sockstate._addresses import MAX_UNIX_PATH as MAX_UNIX_PATH
from sockstate._aio_factories import aio_state_classes as aio_state_classes
from sockstate._docs import dot_diagram as dot_diagram
from sockstate._docs import mermaid_diagram as mermaid_diagram
from sockstate._docs import options_markdown as options_markdown
from sockstate._docs import porting_markdown as porting_markdown
from sockstate._docs import states_markdown as states_markdown
from sockstate._factories import state_classes as state_classes
from sockstate._fds import fds_received as fds_received
from sockstate._machine import BLOCKING as BLOCKING
from sockstate._machine import Face as Face
from sockstate._machine import _Socket as _Socket  # pyright: ignore[reportPrivateUsage]
from sockstate._messages import PROPERTIES as PROPERTIES
from sockstate._messages import called as called
from sockstate._messages import ordering_error as ordering_error
from sockstate._option_table import OPTION_CALLS as OPTION_CALLS
from sockstate._option_table import OPTIONS as OPTIONS
from sockstate._option_table import Option as Option
from sockstate._option_table import getter as getter
from sockstate._option_table import option_calls as option_calls
from sockstate._option_table import setter as setter
from sockstate._option_values import RESOLVED as RESOLVED
from sockstate._options import OptionsProperty as OptionsProperty
from sockstate._porting import NOT_OFFERED as NOT_OFFERED
from sockstate._states import ACCEPTED_STATE as ACCEPTED_STATE
from sockstate._states import BLOCKING_ONLY as BLOCKING_ONLY
from sockstate._states import DATAGRAM_STATES as DATAGRAM_STATES
from sockstate._states import DISPATCHES as DISPATCHES
from sockstate._states import OPERATIONS as OPERATIONS
from sockstate._states import STAY as STAY
from sockstate._states import TERMINAL as TERMINAL
from sockstate._states import TRANSITIONS as TRANSITIONS
from sockstate._states import allowed as allowed
from sockstate._states import fails as fails
from sockstate._states import misplaced_dispatches as misplaced_dispatches
from sockstate._states import next_state as next_state
from sockstate._states import successors as successors

if TYPE_CHECKING:
    from sockstate._adopt import Adopted as Adopted
