"""The command line: ``python -m sockstate COMMAND`` (or ``sockstate COMMAND``).

Rules of this module: every subcommand has ``--help``; success exits 0; a
failure prints one line to standard error, no traceback, and exits non-zero;
Ctrl-C exits 130 without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from . import _demo, _docs, _serve, _version

if TYPE_CHECKING:
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
        help="run an echo server until Ctrl-C",
        description="Listen on ADDRESS and send back everything each client sends, serving "
        "clients at once, until Ctrl-C.  Prints 'listening on ADDRESS' first (with port 0, "
        "the port chosen), then a line for each connection accepted and closed.",
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
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            _demo.run()
        elif args.command == "states":
            print(_docs.states_markdown(), end="")
        elif args.command == "diagram":
            diagram_of = {"mermaid": _docs.mermaid_diagram, "dot": _docs.dot_diagram}
            print(diagram_of[args.format](), end="")
        elif args.command == "serve" and args.asyncio:
            from . import _aio_serve  # imports asyncio: only for this command

            _aio_serve.serve(_serve.parse_address(args.address), out=sys.stdout, trace=args.trace)
        elif args.command == "serve":
            _serve.serve(_serve.parse_address(args.address), out=sys.stdout, trace=args.trace)
        elif args.command == "connect":  # pragma: no branch - argparse allows only these
            _serve.connect(
                _serve.parse_address(args.address),
                stdin=sys.stdin.buffer,
                stdout=sys.stdout.buffer,
                trace_out=sys.stderr if args.trace else None,
            )
    except KeyboardInterrupt:
        return 130
    except (OSError, ValueError) as error:
        print(f"sockstate: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
