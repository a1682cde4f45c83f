"""Watching transitions: one tracer, called after every change of state.

Rules of this module:

* There is one tracer at a time, or none.  With none (the default) a
  transition pays one ``is None`` test; send and receive pay nothing, because
  they never change the state.
* The tracer is called in the thread that made the transition, after the
  socket has moved, with a ``Transition`` describing it, under the lock
  that transitions take (``_machine``; it is reentrant, so the tracer may
  use sockets).  A tracer should not raise: its exception propagates from
  a call whose transition has already happened.  While a socket is being
  made (a factory, ``accept``, ``adopt``) the new socket is closed first,
  so that no descriptor is left to the garbage collector.
* ``set_tracer`` refuses what cannot be called, at once, rather than at the
  next transition.
* Importing it is cheap: no ``dataclasses`` (which imports ``inspect``), and
  ``logging`` only when a logging tracer is asked for.
* Logging is one tracer among others: ``logging_tracer()`` builds it.
"""

from __future__ import annotations

from ._typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import logging
    from collections.abc import Callable
    from typing import TypeAlias

    from ._states import State


class Transition(NamedTuple):
    """One change of a socket's state.

    Attributes:
        socket: the sockstate socket that moved (after the move).
        operation: the call that moved it: ``"socket"`` for a socket just
            created, ``"accept"`` for one just accepted, else the method.
        old: the state before, or ``None`` for a socket that just came to be.
        new: the state after.
        address: the address the call named (bind, connect), or the peer's
            for an accepted socket; ``None`` otherwise.
    """

    socket: object
    operation: str
    old: State | None
    new: State
    address: object

    def __str__(self) -> str:
        where = "" if self.address is None else f" {self.address!r}"
        before = "(new)" if self.old is None else self.old.value
        return f"{self.socket!r}: {self.operation}(){where} {before} -> {self.new.value}"


Tracer: TypeAlias = "Callable[[Transition], None]"
"""A function called with each ``Transition``."""

tracer: Tracer | None = None
"""The tracer in force; read on every transition."""


def set_tracer(new: Tracer | None) -> Tracer | None:
    """Call ``new`` with every transition from now on (``None``: stop
    tracing).  Returns the tracer it replaces, so a caller can restore it.
    Raises ``TypeError`` for anything that is neither callable nor ``None``,
    and leaves the tracer in force."""
    global tracer
    if new is not None and not callable(new):
        raise TypeError(f"a tracer is a function of one Transition, or None; not {new!r}")
    previous, tracer = tracer, new
    return previous


def logging_tracer(logger: logging.Logger | None = None, level: int | None = None) -> Tracer:
    """A tracer that logs each transition to ``logger`` (default: the
    ``"sockstate"`` logger) at ``level`` (default: ``logging.DEBUG``).

    Each record's message is the transition in words; the ``Transition``
    itself is in the record's ``transition`` attribute.  Use it as
    ``sockstate.set_tracer(sockstate.logging_tracer())``.
    """
    import logging

    target = logging.getLogger("sockstate") if logger is None else logger
    chosen = logging.DEBUG if level is None else level

    def log(transition: Transition) -> None:
        target.log(chosen, "%s", transition, extra={"transition": transition})

    return log
