"""``socketserver``'s servers over sockstate sockets.

Rules of this module:

* A server here is the stdlib's server with one change: its listening
  socket, and so every request socket it accepts, is a sockstate socket.
  The stdlib's own code drives them (``setsockopt``, ``bind``,
  ``getsockname``, ``listen``, ``accept``, ``fileno``, ``close``), through
  the spellings sockstate offers for porting; a sockstate socket changes
  state in place, so ``self.socket`` stays the one object from fresh to
  listening.  Nothing here decides what is legal: an illegal order in a
  subclass raises ``OrderingError`` as anywhere else.
* ``__init__`` is ``socketserver.TCPServer.__init__`` (CPython's
  ``Lib/socketserver.py``) with the socket made by sockstate: the stdlib's
  would be made and thrown away otherwise.
* Ending a request is the stdlib's ``shutdown_request`` (shut the sending
  side, then close), except that the sending side is shut only in the states
  where it is still open (the table's ``shutdown_write`` that moves): a
  request whose connection the handler found broken, or shut, is closed
  without a call the state forbids.  As in the stdlib, an ``OSError`` from
  that shutdown is ignored (the connection may be gone, ENOTCONN; sockstate
  has recorded it as ``BROKEN``): the request is closed either way.
* Importing ``sockstate`` does not import this module (it imports
  ``socketserver`` and ``http.server``): ``sockstate.socketserver`` does.
"""

from __future__ import annotations

import contextlib
import http.server
import socketserver

from ._factories import socket as _socket
from ._states import TRANSITIONS, State
from ._typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import socket as _stdlib
    from collections.abc import Callable
    from typing import Any

    from ._connection import ConnectedSocket

    _Request = _stdlib.socket | tuple[bytes, _stdlib.socket]

__all__ = ("SockstateServer", "ThreadingHTTPServer", "ThreadingTCPServer")

_SHUTS: frozenset[State] = frozenset(
    state
    for state, rules in TRANSITIONS.items()
    if "shutdown_write" in rules and rules["shutdown_write"].after is not None
)
"""The states whose sending side is still open: those where
``shutdown_write`` moves the socket on."""


class SockstateServer(socketserver.TCPServer):
    """A ``socketserver`` stream server whose sockets are sockstate sockets.

    Put it first among a server's bases, before the stdlib server it changes::

        class Server(SockstateServer, http.server.ThreadingHTTPServer): ...
        class UnixServer(SockstateServer, socketserver.ThreadingUnixStreamServer): ...

    The server listens on a ``sockstate`` socket of its ``address_family``
    (``self.socket``: a ``FreshSocket`` until ``server_bind()``, then a
    ``BoundSocket``, then, after ``server_activate()``, a
    ``ListeningSocket``), so each request its handler gets (``self.request``)
    is a ``ConnectedSocket``.  typeshed types both as ``socket.socket``:
    ``cast`` them to the sockstate class to use what only sockstate has.
    A handler's call that the connection's state forbids raises
    ``OrderingError``; the server still shuts and closes the request.

    Raises what ``sockstate.socket()`` raises for a family or type it does
    not support (``ValueError``), and the kernel's ``OSError`` from binding
    or listening, after closing the socket (as the stdlib does).
    """

    socket: _stdlib.socket
    """The server's socket: a sockstate socket (see above), which typeshed's
    servers type as a ``socket.socket``."""

    def __init__(
        self,
        server_address: Any,
        RequestHandlerClass: Any,  # noqa: N803 - the stdlib's name for the keyword
        bind_and_activate: bool = True,
    ) -> None:
        socketserver.BaseServer.__init__(self, server_address, RequestHandlerClass)
        # A sockstate socket has the calls the stdlib's servers make on theirs.
        make = cast("Callable[[int, int], _stdlib.socket]", _socket)
        self.socket = make(self.address_family, self.socket_type)
        if bind_and_activate:
            try:
                self.server_bind()
                self.server_activate()
            except BaseException:
                self.server_close()
                raise

    def shutdown_request(self, request: _Request) -> None:
        """Shut the request's sending side if it is still open, then close
        it (``close_request``).  An ``OSError`` from the shutdown is
        ignored, as the stdlib ignores it: the request is closed either
        way."""
        connection = cast("ConnectedSocket[object]", request)
        if connection.state in _SHUTS:
            # The stdlib's "some platforms may raise ENOTCONN here".
            with contextlib.suppress(OSError):
                connection.shutdown_write()
        self.close_request(request)


class ThreadingTCPServer(SockstateServer, socketserver.ThreadingTCPServer):
    """``socketserver.ThreadingTCPServer`` over sockstate sockets: a thread
    per request (see ``SockstateServer``)."""


class ThreadingHTTPServer(SockstateServer, http.server.ThreadingHTTPServer):
    """``http.server.ThreadingHTTPServer`` over sockstate sockets: a thread
    per request (see ``SockstateServer``)."""
