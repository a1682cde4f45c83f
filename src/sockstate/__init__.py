"""sockstate: BSD sockets whose order of calls is part of their types.

A socket is created fresh, and each legal call returns it as the class of its
next state: ``FreshSocket`` -> ``BoundSocket`` -> ``ListeningSocket``, or
``FreshSocket``/``BoundSocket`` -> ``ConnectedSocket`` (directly, or
through ``ConnectingSocket`` without blocking), which shuts down
to ``ReceiveOnlySocket``, ``SendOnlySocket`` or ``ShutDownSocket``, or
carries TLS (``wrap_tls()``: ``TLSSocket``, and ``unwrap()`` back); for
datagrams, ``DatagramSocket`` -> ``BoundDatagramSocket`` ->
``ConnectedDatagramSocket``; ``close()`` from any state.  A call the state
forbids is absent from its class, so type checkers reject it, and raises
``OrderingError`` at runtime before any system call.  ``sock.options`` is
the socket's options as a view of its state (``FreshOptions``,
``BoundOptions``, ...), where an option set too late or on the wrong kind
of socket is absent too, and raises ``OptionError``.  A stdlib socket name
that sockstate spells differently or lacks (``connect_ex``, ``dup``, ...)
raises ``NotOfferedError``, whose message names the sockstate way.
"""

from ._addresses import IPv4Address as IPv4Address
from ._addresses import IPv6Address as IPv6Address
from ._addresses import IPv6AddressInput as IPv6AddressInput
from ._addresses import UnixAddress as UnixAddress
from ._addresses import UnixAddressInput as UnixAddressInput
from ._adopt import AnySocket as AnySocket
from ._adopt import adopt as adopt
from ._common import ClosedSocket as ClosedSocket
from ._common import DetachedSocket as DetachedSocket
from ._common import FailedSocket as FailedSocket
from ._connection import BrokenSocket as BrokenSocket
from ._connection import ConnectedSocket as ConnectedSocket
from ._connection import EndedSocket as EndedSocket
from ._connection import FinishedSocket as FinishedSocket
from ._connection import ReceiveOnlySocket as ReceiveOnlySocket
from ._connection import SendOnlySocket as SendOnlySocket
from ._connection import ShutDownSocket as ShutDownSocket
from ._create import create_connection as create_connection
from ._create import create_server as create_server
from ._datagram import BoundDatagramSocket as BoundDatagramSocket
from ._datagram import ConnectedDatagramSocket as ConnectedDatagramSocket
from ._datagram import DatagramSocket as DatagramSocket
from ._errors import AddressError as AddressError
from ._errors import AddressTypeError as AddressTypeError
from ._errors import AddressValueError as AddressValueError
from ._errors import BusyError as BusyError
from ._errors import DescriptorsTruncatedError as DescriptorsTruncatedError
from ._errors import IncompleteReadError as IncompleteReadError
from ._errors import MessageTruncatedError as MessageTruncatedError
from ._errors import ModeError as ModeError
from ._errors import NotOfferedError as NotOfferedError
from ._errors import OptionError as OptionError
from ._errors import OrderingError as OrderingError
from ._errors import ServerHostnameError as ServerHostnameError
from ._errors import SocketClosedError as SocketClosedError
from ._errors import SockstateError as SockstateError
from ._errors import UnsupportedOptionError as UnsupportedOptionError
from ._factories import socket as socket
from ._factories import socketpair as socketpair
from ._factories import tcp as tcp
from ._factories import tcp6 as tcp6
from ._factories import udp as udp
from ._factories import udp6 as udp6
from ._factories import unix as unix
from ._factories import unix_datagram as unix_datagram
from ._files import BinaryReader as BinaryReader
from ._files import BinaryReadWriter as BinaryReadWriter
from ._files import BinaryWriter as BinaryWriter
from ._files import SocketFile as SocketFile
from ._files import TextReader as TextReader
from ._files import TextReadWriter as TextReadWriter
from ._files import TextWriter as TextWriter
from ._options import BoundDatagramOptions as BoundDatagramOptions
from ._options import BoundOptions as BoundOptions
from ._options import BrokenOptions as BrokenOptions
from ._options import ConnectedDatagramOptions as ConnectedDatagramOptions
from ._options import ConnectedOptions as ConnectedOptions
from ._options import ConnectingOptions as ConnectingOptions
from ._options import DatagramOptions as DatagramOptions
from ._options import EndedOptions as EndedOptions
from ._options import FinishedOptions as FinishedOptions
from ._options import FreshOptions as FreshOptions
from ._options import HandshakingOptions as HandshakingOptions
from ._options import ListeningOptions as ListeningOptions
from ._options import ReceiveOnlyOptions as ReceiveOnlyOptions
from ._options import SendOnlyOptions as SendOnlyOptions
from ._options import ShutDownOptions as ShutDownOptions
from ._options import TLSEndedOptions as TLSEndedOptions
from ._options import TLSOptions as TLSOptions
from ._options import UnwrappingOptions as UnwrappingOptions
from ._states import State as State
from ._stream import BoundSocket as BoundSocket
from ._stream import ConnectingSocket as ConnectingSocket
from ._stream import FreshSocket as FreshSocket
from ._stream import ListeningSocket as ListeningSocket
from ._tls import HandshakeFailedSocket as HandshakeFailedSocket
from ._tls import HandshakingSocket as HandshakingSocket
from ._tls import TLSEndedSocket as TLSEndedSocket
from ._tls import TLSSocket as TLSSocket
from ._tls import UnwrappingSocket as UnwrappingSocket
from ._trace import Transition as Transition
from ._trace import logging_tracer as logging_tracer
from ._trace import set_tracer as set_tracer
from ._typing import TYPE_CHECKING

if TYPE_CHECKING:
    __version__: str
    """The installed distribution's version, from its metadata."""
else:
    # Read from the metadata on first use, which import sockstate skips.
    from ._version import package_getattr as __getattr__  # noqa: F401 - found by name (PEP 562)

__all__ = (
    "AddressError",
    "AddressTypeError",
    "AddressValueError",
    "AnySocket",
    "BinaryReadWriter",
    "BinaryReader",
    "BinaryWriter",
    "BoundDatagramOptions",
    "BoundDatagramSocket",
    "BoundOptions",
    "BoundSocket",
    "BrokenOptions",
    "BrokenSocket",
    "BusyError",
    "ClosedSocket",
    "ConnectedDatagramOptions",
    "ConnectedDatagramSocket",
    "ConnectedOptions",
    "ConnectedSocket",
    "ConnectingOptions",
    "ConnectingSocket",
    "DatagramOptions",
    "DatagramSocket",
    "DescriptorsTruncatedError",
    "DetachedSocket",
    "EndedOptions",
    "EndedSocket",
    "FailedSocket",
    "FinishedOptions",
    "FinishedSocket",
    "FreshOptions",
    "FreshSocket",
    "HandshakeFailedSocket",
    "HandshakingOptions",
    "HandshakingSocket",
    "IPv4Address",
    "IPv6Address",
    "IPv6AddressInput",
    "IncompleteReadError",
    "ListeningOptions",
    "ListeningSocket",
    "MessageTruncatedError",
    "ModeError",
    "NotOfferedError",
    "OptionError",
    "OrderingError",
    "ReceiveOnlyOptions",
    "ReceiveOnlySocket",
    "SendOnlyOptions",
    "SendOnlySocket",
    "ServerHostnameError",
    "ShutDownOptions",
    "ShutDownSocket",
    "SocketClosedError",
    "SocketFile",
    "SockstateError",
    "State",
    "TLSEndedOptions",
    "TLSEndedSocket",
    "TLSOptions",
    "TLSSocket",
    "TextReadWriter",
    "TextReader",
    "TextWriter",
    "Transition",
    "UnixAddress",
    "UnixAddressInput",
    "UnsupportedOptionError",
    "UnwrappingOptions",
    "UnwrappingSocket",
    "adopt",
    "create_connection",
    "create_server",
    "logging_tracer",
    "set_tracer",
    "socket",
    "socketpair",
    "tcp",
    "tcp6",
    "udp",
    "udp6",
    "unix",
    "unix_datagram",
)
