"""The stdlib's socket names that sockstate does not offer, and what to use
instead: one table, and the refusal it raises.

Rules of this module:

* ``NOT_OFFERED`` is the one list of such names: each public attribute of
  the stdlib's ``socket.socket`` (on any platform, on any Python sockstate
  supports) that no state of sockstate offers, with the sockstate way.
  Nothing else in sockstate names them; the README's porting table is
  generated from it (``_docs``).
* No name here is an operation of the transition table
  (``_states.OPERATIONS``): a name some state offers but the current one
  forbids is an ordering error, decided by the table, not a refusal.
  When sockstate starts to offer a name, it leaves this table.
* A refusal is a raising descriptor (``_machine._Refused``) that each face installs
  on each of its state classes when it registers the class
  (``_machine.Face.register``), as it installs the table's forbidden
  operations: never a class-level ``__getattr__``, so that a legal call
  costs nothing more.  Refusals are not operations: they are installed at
  runtime only (the type checkers reject ``sock.connect_ex`` as an unknown
  attribute), left out of ``dir()``, and ``hasattr()`` answers ``False``.
* Looking a refused name up raises ``NotOfferedError`` (an
  ``AttributeError``) before anything else happens; the socket's state is
  unchanged.  Its message says what to use, and why sockstate does not
  offer the name where that is not plain from the way.
"""

from __future__ import annotations

from ._errors import NotOfferedError
from ._typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Final

    from ._states import State


class Way(NamedTuple):
    """What to use instead of a stdlib name, and why it is not offered."""

    spelled: str
    """How the stdlib's users write the name: ``connect_ex()``, ``timeout``."""
    instead: str
    """The sockstate way, as code: ``start_connect()/finish_connect()``."""
    why: str
    """Why sockstate does not offer the name (or what else to know)."""


NOT_OFFERED: Final[dict[str, Way]] = {
    "connect_ex": Way(
        "connect_ex()",
        "start_connect()/finish_connect()",
        "or connect(), which raises the OSError whose errno connect_ex() returns: "
        "a failed connect is final, and leaves the socket failed",
    ),
    "dup": Way(
        "dup()",
        "raw_socket().dup()",
        "a stdlib socket over the same kernel socket; a second sockstate object would "
        "claim its state too, and a close or shutdown through one would leave the "
        "other wrong: to share the socket, share this object",
    ),
    "get_inheritable": Way(
        "get_inheritable()",
        "os.get_inheritable(sock.fileno())",
        "what the stdlib's method does: the flag is the descriptor's, not a state's",
    ),
    "set_inheritable": Way(
        "set_inheritable()",
        "os.set_inheritable(sock.fileno(), inheritable)",
        "what the stdlib's method does: the flag is the descriptor's, not a state's",
    ),
    "ioctl": Way(
        "ioctl()",
        "fcntl.ioctl(sock.fileno(), request, arg)",
        "the stdlib's socket has ioctl() on Windows only; on POSIX fcntl reaches "
        "the descriptor, beside the states sockstate tracks",
    ),
    "recvfrom_into": Way(
        "recvfrom_into()",
        "recvfrom(bufsize)",
        "on a datagram socket, recv_into(buffer) on a stream; recvfrom() raises "
        "MessageTruncatedError for a datagram longer than bufsize, which "
        "raw_socket().recvfrom_into(buffer) would cut silently",
    ),
    "recvmsg_into": Way(
        "recvmsg_into()",
        "recvmsg(bufsize, ancbufsize)",
        "or raw_socket().recvmsg_into(buffers), whose end of stream sockstate does not see",
    ),
    "sendmsg_afalg": Way(
        "sendmsg_afalg()",
        "socket.socket(socket.AF_ALG, ...)",
        "it is for Linux's AF_ALG sockets, and sockstate wraps IPv4, IPv6 and Unix sockets only",
    ),
    "share": Way(
        "share()",
        "send_fds()",
        "the stdlib's socket has share() on Windows only; on POSIX a descriptor goes "
        "to another process over a connected Unix socket, or by inheritance",
    ),
    "timeout": Way(
        "timeout",
        "gettimeout()",
        "a call, like the mode's other calls; sockstate.aio's sockets never block: "
        "bound a wait with asyncio.timeout()",
    ),
}
"""Each stdlib ``socket.socket`` name that sockstate does not offer in any
state, with the sockstate way."""


def not_offered(name: str, state: State) -> NotOfferedError:
    """The error for looking ``name``, a name of ``NOT_OFFERED``, up on a
    socket in ``state``."""
    way = NOT_OFFERED[name]
    return NotOfferedError(
        f"{way.spelled} is not offered: use {way.instead} ({way.why})",
        name=name,
        instead=way.instead,
        state=state,
    )
