"""The command line: ``python -m sockstate COMMAND`` (or ``sockstate COMMAND``).

Rules of this module: every subcommand has ``--help``; success exits 0; a
failure prints one line to standard error, no traceback, and exits 1 (a
usage error is argparse's: the usage and one line, exit 2); Ctrl-C exits
130 without a traceback; ``serve`` told to terminate (SIGTERM) exits 143;
a reader of standard output that goes away ends the command quietly, with
141, the status of a tool that SIGPIPE ended (``sockstate states | head
-1``).  The README's table of exit statuses says the same, and a test holds
it to that.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
from typing import TYPE_CHECKING

from . import _demo, _docs, _serve, _serve_common, _serve_connect, _version

if TYPE_CHECKING:
    import ssl
    from collections.abc import Sequence

_ADDRESS_HELP = (
    "HOST:PORT (IPv4, or a host name resolved to IPv4), [IPV6]:PORT, a Unix socket path "
    "(anything containing '/'), or @NAME (a Linux abstract Unix socket)"
)


class _VersionAction(argparse.Action):
    """``--version``: print ``sockstate VERSION`` and exit 0, reading the
    version from the package metadata only when it is asked for."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(f"{parser.prog} {_version.version()}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``);
    return the exit status."""
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()  # so that a reader gone away shows here, not at exit
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """End quietly after standard output's reader went away: point standard
    output at the null device, so that the flush at exit has nothing left to
    fail on, and return 141 (128 + SIGPIPE), as a shell reports a tool that
    SIGPIPE ended.  (Python ignores SIGPIPE, so a write fails with
    ``BrokenPipeError`` instead; the recipe is the one in the documentation
    of the ``signal`` module.)"""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + signal.SIGPIPE


def _clients(text: str) -> int:
    """``--max-clients``: a whole number above 0."""
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number above 0")
    return int(text)


def _seconds(text: str) -> float:
    """``--idle-timeout``: seconds, above 0 and at most ``MAX_IDLE_TIMEOUT``."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= _serve.MAX_IDLE_TIMEOUT:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds above 0 and at most "
            f"{_serve.MAX_IDLE_TIMEOUT:.0f} (a year)"
        )
    return seconds


def _run(argv: Sequence[str] | None) -> int:
    """``main``, but for a broken pipe on standard output, which propagates."""
    parser = argparse.ArgumentParser(
        prog="sockstate", description="BSD sockets whose order of calls is part of their types."
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="print the version and exit"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "demo",
        help="run a loopback echo exchange and print every state transition",
        description="Start a loopback echo server and a client on an ephemeral port, exchange "
        "a few messages, show two ordering mistakes being refused, and close everything, "
        "printing each socket's state transitions as they happen.",
    )
    commands.add_parser(
        "states",
        help="print the table of states and their legal calls",
        description="Print the table of states and the calls legal in each, generated from "
        "sockstate's transition table.",
    )
    diagram = commands.add_parser(
        "diagram",
        help="print the state machine as a Mermaid or Graphviz diagram",
        description="Print the state machine, generated from sockstate's transition table.",
    )
    diagram.add_argument(
        "--format",
        choices=("mermaid", "dot"),
        default="mermaid",
        help="mermaid (the default; GitHub renders it) or dot (Graphviz)",
    )
    serve = commands.add_parser(
        "serve",
        help="run an echo server until Ctrl-C or SIGTERM",
        description="Listen on ADDRESS and send back everything each client sends, serving "
        "clients at once, until Ctrl-C or SIGTERM.  Prints 'listening on ADDRESS' first (with "
        "port 0, the port chosen), then a line for each connection accepted and closed.",
    )
    serve.add_argument("address", metavar="ADDRESS", help=_ADDRESS_HELP)
    serve.add_argument(
        "--trace", action="store_true", help="also print every socket state transition"
    )
    serve.add_argument(
        "--asyncio",
        action="store_true",
        help="serve on sockstate.aio, one asyncio task per client, instead of a thread each",
    )
    serve.add_argument(
        "--max-clients",
        type=_clients,
        metavar="N",
        help=f"serve at most N clients at once; the next ones wait (default: {_serve.MAX_CLIENTS};"
        " not with --asyncio)",
    )
    serve.add_argument(
        "--idle-timeout",
        type=_seconds,
        metavar="SECONDS",
        help="close a client that neither sends nor reads for SECONDS (default: never;"
        " not with --asyncio)",
    )
    serve.add_argument(
        "--tls",
        action="store_true",
        help="serve over TLS, with --certfile and --keyfile; each client's TLS ends when the"
        " client ends it",
    )
    serve.add_argument(
        "--certfile",
        metavar="CERT",
        help="with --tls: the server's certificate chain (PEM), and its key if no --keyfile",
    )
    serve.add_argument("--keyfile", metavar="KEY", help="with --tls: the certificate's key (PEM)")
    connect = commands.add_parser(
        "connect",
        help="connect to ADDRESS; copy standard input to it and it to standard output",
        description="Connect to ADDRESS, send it standard input and copy what it sends to "
        "standard output, like netcat.  At the end of standard input, shut down the sending "
        "side (SHUT_WR); exit when the peer ends its stream.",
    )
    connect.add_argument("address", metavar="ADDRESS", help=_ADDRESS_HELP)
    connect.add_argument(
        "--trace",
        action="store_true",
        help="print every socket state transition to standard error",
    )
    connect.add_argument(
        "--tls",
        action="store_true",
        help="connect over TLS, verifying the server's certificate and host name with the"
        " system's authorities; the end of input sends nothing (TLS has no half-close here):"
        " it exits when the server ends TLS",
    )
    connect.add_argument(
        "--cafile",
        metavar="FILE",
        help="with --tls: also trust the authorities in FILE (PEM)",
    )
    args = parser.parse_args(argv)
    if (
        args.command == "serve"
        and args.asyncio
        and (args.max_clients is not None or args.idle_timeout is not None)
    ):
        serve.error("--max-clients and --idle-timeout are the threaded server's, not --asyncio's")
    if args.command == "serve" and args.tls and args.certfile is None:
        serve.error("--tls needs --certfile (and --keyfile, unless the key is in it)")
    if args.command == "serve" and not args.tls and (args.certfile or args.keyfile):
        serve.error("--certfile and --keyfile are for --tls")
    if args.command == "connect" and args.cafile is not None and not args.tls:
        connect.error("--cafile is for --tls")
    try:
        tls = _tls_context(args)
        if args.command == "demo":
            _demo.run()
        elif args.command == "states":
            print(_docs.states_markdown(), end="")
        elif args.command == "diagram":
            diagram_of = {"mermaid": _docs.mermaid_diagram, "dot": _docs.dot_diagram}
            print(diagram_of[args.format](), end="")
        elif args.command == "serve" and args.asyncio:
            from . import _aio_serve  # imports asyncio: only for this command

            _aio_serve.serve(
                _serve_common.parse_address(args.address), out=sys.stdout, trace=args.trace, tls=tls
            )
        elif args.command == "serve":
            clients = _serve.MAX_CLIENTS if args.max_clients is None else args.max_clients
            with _serve.stopped_by_sigterm() as terminated:
                _serve.serve(
                    _serve_common.parse_address(args.address),
                    out=sys.stdout,
                    trace=args.trace,
                    max_clients=clients,
                    idle_timeout=args.idle_timeout,
                    stop=terminated,
                    tls=tls,
                )
            return 128 + signal.SIGTERM  # serve() returns only once SIGTERM has set the event
        elif args.command == "connect":  # pragma: no branch - argparse allows only these
            _serve_connect.connect(
                _serve_common.parse_address(args.address),
                stdin=sys.stdin.buffer,
                stdout=sys.stdout.buffer,
                trace_out=sys.stderr if args.trace else None,
                tls=tls,
            )
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # standard output's reader went away: main() ends quietly
    except (OSError, ValueError) as error:
        print(f"sockstate: {error}", file=sys.stderr)
        return 1
    return 0


def _tls_context(args: argparse.Namespace) -> ssl.SSLContext | None:
    """The context that ``serve --tls`` or ``connect --tls`` asked for, made
    from its files; ``None`` without ``--tls``.  Imports ``ssl`` only then."""
    if not getattr(args, "tls", False):
        return None
    from . import _serve_tls

    if args.command == "serve":
        return _serve_tls.server_context(args.certfile, args.keyfile)
    return _serve_tls.client_context(args.cafile)


if __name__ == "__main__":
    sys.exit(main())
