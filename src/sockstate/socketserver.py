"""The stdlib's ``socketserver`` servers over sockstate sockets.

``SockstateServer``, put first among a server's bases, makes any
``socketserver`` stream server (``http.server``'s included) listen on a
sockstate socket and hand its handlers sockstate ``ConnectedSocket``\\s;
``ThreadingTCPServer`` and ``ThreadingHTTPServer`` are the two most used,
ready made.  Importing this module imports ``socketserver`` and
``http.server``; ``import sockstate`` does not.
"""

from ._socketserver import SockstateServer as SockstateServer
from ._socketserver import ThreadingHTTPServer as ThreadingHTTPServer
from ._socketserver import ThreadingTCPServer as ThreadingTCPServer

__all__ = ("SockstateServer", "ThreadingHTTPServer", "ThreadingTCPServer")
