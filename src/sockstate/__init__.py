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
the socket's options as a view of its state and family
(``FreshIPv4Options``, ``BoundIPv6Options``, ``UnixOptions``, ...), where an
option set too late, on the wrong kind of socket or of another family is
absent too, and raises ``OptionError``.  A stdlib socket name
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
from ._options import SocketOptions as SocketOptions
from ._options import UnixOptions as UnixOptions
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
    from ._family_options import BoundDatagramIPv4Options as BoundDatagramIPv4Options
    from ._family_options import BoundDatagramIPv6Options as BoundDatagramIPv6Options
    from ._family_options import BoundDatagramOptions as BoundDatagramOptions
    from ._family_options import BoundIPv4Options as BoundIPv4Options
    from ._family_options import BoundIPv6Options as BoundIPv6Options
    from ._family_options import BoundOptions as BoundOptions
    from ._family_options import BrokenIPv4Options as BrokenIPv4Options
    from ._family_options import BrokenIPv6Options as BrokenIPv6Options
    from ._family_options import BrokenOptions as BrokenOptions
    from ._family_options import ConnectedDatagramIPv4Options as ConnectedDatagramIPv4Options
    from ._family_options import ConnectedDatagramIPv6Options as ConnectedDatagramIPv6Options
    from ._family_options import ConnectedDatagramOptions as ConnectedDatagramOptions
    from ._family_options import ConnectedIPv4Options as ConnectedIPv4Options
    from ._family_options import ConnectedIPv6Options as ConnectedIPv6Options
    from ._family_options import ConnectedOptions as ConnectedOptions
    from ._family_options import ConnectingIPv4Options as ConnectingIPv4Options
    from ._family_options import ConnectingIPv6Options as ConnectingIPv6Options
    from ._family_options import ConnectingOptions as ConnectingOptions
    from ._family_options import DatagramIPv4Options as DatagramIPv4Options
    from ._family_options import DatagramIPv6Options as DatagramIPv6Options
    from ._family_options import DatagramOptions as DatagramOptions
    from ._family_options import EndedIPv4Options as EndedIPv4Options
    from ._family_options import EndedIPv6Options as EndedIPv6Options
    from ._family_options import EndedOptions as EndedOptions
    from ._family_options import FinishedIPv4Options as FinishedIPv4Options
    from ._family_options import FinishedIPv6Options as FinishedIPv6Options
    from ._family_options import FinishedOptions as FinishedOptions
    from ._family_options import FreshIPv4Options as FreshIPv4Options
    from ._family_options import FreshIPv6Options as FreshIPv6Options
    from ._family_options import FreshOptions as FreshOptions
    from ._family_options import HandshakingIPv4Options as HandshakingIPv4Options
    from ._family_options import HandshakingIPv6Options as HandshakingIPv6Options
    from ._family_options import HandshakingOptions as HandshakingOptions
    from ._family_options import ListeningIPv4Options as ListeningIPv4Options
    from ._family_options import ListeningIPv6Options as ListeningIPv6Options
    from ._family_options import ListeningOptions as ListeningOptions
    from ._family_options import ReceiveOnlyIPv4Options as ReceiveOnlyIPv4Options
    from ._family_options import ReceiveOnlyIPv6Options as ReceiveOnlyIPv6Options
    from ._family_options import ReceiveOnlyOptions as ReceiveOnlyOptions
    from ._family_options import SendOnlyIPv4Options as SendOnlyIPv4Options
    from ._family_options import SendOnlyIPv6Options as SendOnlyIPv6Options
    from ._family_options import SendOnlyOptions as SendOnlyOptions
    from ._family_options import ShutDownIPv4Options as ShutDownIPv4Options
    from ._family_options import ShutDownIPv6Options as ShutDownIPv6Options
    from ._family_options import ShutDownOptions as ShutDownOptions
    from ._family_options import TLSEndedIPv4Options as TLSEndedIPv4Options
    from ._family_options import TLSEndedIPv6Options as TLSEndedIPv6Options
    from ._family_options import TLSEndedOptions as TLSEndedOptions
    from ._family_options import TLSIPv4Options as TLSIPv4Options
    from ._family_options import TLSIPv6Options as TLSIPv6Options
    from ._family_options import TLSOptions as TLSOptions
    from ._family_options import UnwrappingIPv4Options as UnwrappingIPv4Options
    from ._family_options import UnwrappingIPv6Options as UnwrappingIPv6Options
    from ._family_options import UnwrappingOptions as UnwrappingOptions

    __version__: str
    """The installed distribution's version, from its metadata."""
else:
    # The version and the IP sockets' options views, loaded on first use,
    # which import sockstate skips (_later).
    from ._later import package_dir as __dir__  # noqa: F401 - found by name (PEP 562)
    from ._later import package_getattr as __getattr__  # noqa: F401 - found by name (PEP 562)

__all__ = (
    "AddressError",
    "AddressTypeError",
    "AddressValueError",
    "AnySocket",
    "BinaryReadWriter",
    "BinaryReader",
    "BinaryWriter",
    "BoundDatagramIPv4Options",
    "BoundDatagramIPv6Options",
    "BoundDatagramOptions",
    "BoundDatagramSocket",
    "BoundIPv4Options",
    "BoundIPv6Options",
    "BoundOptions",
    "BoundSocket",
    "BrokenIPv4Options",
    "BrokenIPv6Options",
    "BrokenOptions",
    "BrokenSocket",
    "BusyError",
    "ClosedSocket",
    "ConnectedDatagramIPv4Options",
    "ConnectedDatagramIPv6Options",
    "ConnectedDatagramOptions",
    "ConnectedDatagramSocket",
    "ConnectedIPv4Options",
    "ConnectedIPv6Options",
    "ConnectedOptions",
    "ConnectedSocket",
    "ConnectingIPv4Options",
    "ConnectingIPv6Options",
    "ConnectingOptions",
    "ConnectingSocket",
    "DatagramIPv4Options",
    "DatagramIPv6Options",
    "DatagramOptions",
    "DatagramSocket",
    "DescriptorsTruncatedError",
    "DetachedSocket",
    "EndedIPv4Options",
    "EndedIPv6Options",
    "EndedOptions",
    "EndedSocket",
    "FailedSocket",
    "FinishedIPv4Options",
    "FinishedIPv6Options",
    "FinishedOptions",
    "FinishedSocket",
    "FreshIPv4Options",
    "FreshIPv6Options",
    "FreshOptions",
    "FreshSocket",
    "HandshakeFailedSocket",
    "HandshakingIPv4Options",
    "HandshakingIPv6Options",
    "HandshakingOptions",
    "HandshakingSocket",
    "IPv4Address",
    "IPv6Address",
    "IPv6AddressInput",
    "IncompleteReadError",
    "ListeningIPv4Options",
    "ListeningIPv6Options",
    "ListeningOptions",
    "ListeningSocket",
    "MessageTruncatedError",
    "ModeError",
    "NotOfferedError",
    "OptionError",
    "OrderingError",
    "ReceiveOnlyIPv4Options",
    "ReceiveOnlyIPv6Options",
    "ReceiveOnlyOptions",
    "ReceiveOnlySocket",
    "SendOnlyIPv4Options",
    "SendOnlyIPv6Options",
    "SendOnlyOptions",
    "SendOnlySocket",
    "ServerHostnameError",
    "ShutDownIPv4Options",
    "ShutDownIPv6Options",
    "ShutDownOptions",
    "ShutDownSocket",
    "SocketClosedError",
    "SocketFile",
    "SocketOptions",
    "SockstateError",
    "State",
    "TLSEndedIPv4Options",
    "TLSEndedIPv6Options",
    "TLSEndedOptions",
    "TLSEndedSocket",
    "TLSIPv4Options",
    "TLSIPv6Options",
    "TLSOptions",
    "TLSSocket",
    "TextReadWriter",
    "TextReader",
    "TextWriter",
    "Transition",
    "UnixAddress",
    "UnixAddressInput",
    "UnixOptions",
    "UnsupportedOptionError",
    "UnwrappingIPv4Options",
    "UnwrappingIPv6Options",
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
