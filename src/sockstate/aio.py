"""sockstate's asyncio face: the same typed states, awaited.

``sockstate.aio`` has the blocking face's factories (``socket()``,
``tcp()``, ``tcp6()``, ``unix()``, ``udp()``, ``udp6()``,
``unix_datagram()``, ``socketpair()``, ``adopt()``, ``await
create_connection()`` and ``create_server()``) and a class of the same
name for each state (``FreshSocket``, ``BoundSocket``, ``ListeningSocket``,
``ConnectingSocket``, ``ConnectedSocket``, ...), over the same transition
table, with the same ``State`` values, errors, tracer and options views as
``sockstate``.  The calls that wait are coroutines: ``await
sock.connect(address)``, ``await listener.accept()``, ``await
conn.recv(n)``, ``recv_into``, ``recv_exactly``, ``send``, ``sendall``,
``sendmsg``, ``recvmsg``, ``await dgram.sendto(data, address)``,
``recvfrom``, ``finish_connect``, and TLS's ``await conn.wrap_tls(...)``
and ``await tls.unwrap()``.  ``bind``, ``listen``,
``start_connect``, the shutdowns, ``getsockname``, ``getpeername``,
``options``, ``fileno``, ``raw_socket``, ``close`` and ``detach`` stay plain
calls.  A call the state forbids is absent from the class (mypy and
pyright reject it) and raises ``OrderingError`` when looked up, before any
system call; a forgotten ``await`` is an error in both checkers' strict
modes.

There are no mode calls (``settimeout``, ``setblocking`` and their
getters) and no ``makefile()``: the sockets are always non-blocking, the
event loop waits for them, and ``asyncio.timeout()`` or
``asyncio.wait_for()`` bounds a wait.  The table lists those calls as the
calls of sockets that block (``BLOCKING_ONLY``), and this face lacks them in
every state; every other call is legal in exactly the states the table
says.  For asyncio's streams, ``open_streams(conn)``.

Waiting uses the event loop's readiness callbacks (``add_reader`` and
``add_writer`` on the descriptor), on the default loop and on uvloop, and
the system call runs in the task itself, so that cancellation has defined
results:

* a cancelled ``connect`` leaves the socket ``FAILED``, its descriptor
  released (make a new socket);
* a cancelled ``recv``, ``accept``, ``recvfrom`` (any read) or ``send`` has
  moved nothing, and the state is as it was;
* a cancelled ``sendall`` or ``recv_exactly`` that had moved part of its
  data leaves the socket ``BROKEN`` (the stream is out of step);
* ``close()`` from any task or thread wakes every waiting call, which
  raises ``SocketClosedError``, and no loop registration outlives the call
  that made it;
* a second task that would wait for the same direction of a socket raises
  ``BusyError`` (one reader and one writer at a time).

``from_blocking(sock)`` and ``to_blocking(sock)`` move a socket between the
faces in the state it is in, leaving the old object ``DETACHED``.
"""

from ._aio_common import ClosedSocket as ClosedSocket
from ._aio_common import DetachedSocket as DetachedSocket
from ._aio_common import FailedSocket as FailedSocket
from ._aio_connection import BrokenSocket as BrokenSocket
from ._aio_connection import ConnectedSocket as ConnectedSocket
from ._aio_connection import EndedSocket as EndedSocket
from ._aio_connection import FinishedSocket as FinishedSocket
from ._aio_connection import ReceiveOnlySocket as ReceiveOnlySocket
from ._aio_connection import SendOnlySocket as SendOnlySocket
from ._aio_connection import ShutDownSocket as ShutDownSocket
from ._aio_create import create_connection as create_connection
from ._aio_create import create_server as create_server
from ._aio_datagram import BoundDatagramSocket as BoundDatagramSocket
from ._aio_datagram import ConnectedDatagramSocket as ConnectedDatagramSocket
from ._aio_datagram import DatagramSocket as DatagramSocket
from ._aio_factories import AnySocket as AnySocket
from ._aio_factories import adopt as adopt
from ._aio_factories import from_blocking as from_blocking
from ._aio_factories import open_streams as open_streams
from ._aio_factories import socket as socket
from ._aio_factories import socketpair as socketpair
from ._aio_factories import tcp as tcp
from ._aio_factories import tcp6 as tcp6
from ._aio_factories import to_blocking as to_blocking
from ._aio_factories import udp as udp
from ._aio_factories import udp6 as udp6
from ._aio_factories import unix as unix
from ._aio_factories import unix_datagram as unix_datagram
from ._aio_stream import BoundSocket as BoundSocket
from ._aio_stream import ConnectingSocket as ConnectingSocket
from ._aio_stream import FreshSocket as FreshSocket
from ._aio_stream import ListeningSocket as ListeningSocket
from ._aio_tls import HandshakeFailedSocket as HandshakeFailedSocket
from ._aio_tls import HandshakingSocket as HandshakingSocket
from ._aio_tls import TLSEndedSocket as TLSEndedSocket
from ._aio_tls import TLSSocket as TLSSocket
from ._aio_tls import UnwrappingSocket as UnwrappingSocket
from ._errors import BusyError as BusyError

__all__ = (
    "AnySocket",
    "BoundDatagramSocket",
    "BoundSocket",
    "BrokenSocket",
    "BusyError",
    "ClosedSocket",
    "ConnectedDatagramSocket",
    "ConnectedSocket",
    "ConnectingSocket",
    "DatagramSocket",
    "DetachedSocket",
    "EndedSocket",
    "FailedSocket",
    "FinishedSocket",
    "FreshSocket",
    "HandshakeFailedSocket",
    "HandshakingSocket",
    "ListeningSocket",
    "ReceiveOnlySocket",
    "SendOnlySocket",
    "ShutDownSocket",
    "TLSEndedSocket",
    "TLSSocket",
    "UnwrappingSocket",
    "adopt",
    "create_connection",
    "create_server",
    "from_blocking",
    "open_streams",
    "socket",
    "socketpair",
    "tcp",
    "tcp6",
    "to_blocking",
    "udp",
    "udp6",
    "unix",
    "unix_datagram",
)
