"""The files ``makefile()`` returns, as the type checkers see them.

Rules of this module:

* These are protocols: types for the checkers, never a wrapper.  The object
  ``makefile()`` returns is the stdlib's own (``io.BufferedReader``,
  ``io.BufferedWriter``, ``io.BufferedRWPair`` or ``io.TextIOWrapper``),
  with nothing added on the way; each protocol is a subset of that class's
  methods, so the stdlib class satisfies it (``tests/typing/check_makefile.py``
  checks each pair).
* The mode decides the methods: a file opened for reading has no ``write()``
  and one opened for writing no ``read()`` or iteration, because typeshed's
  ``io`` classes have both directions on every file, and the wrong one raises
  ``io.UnsupportedOperation`` only at runtime.
* Each method is spelled as typeshed spells it on the stdlib class, so the
  files are accepted where the stdlib takes one by protocol (``json.load``,
  ``pickle.load``, ``shutil.copyfileobj``, ``csv``, ``print(file=...)``,
  ``select``).  A function that asks for the nominal ``IO[bytes]``,
  ``BinaryIO`` or ``TextIO`` does not accept them (the README says how).
* At runtime they are classes that refuse to be instantiated or used in
  ``isinstance()`` (``_typing.Protocol``), as ``typing`` refuses for a
  protocol that is not ``runtime_checkable``.
"""

from __future__ import annotations

from ._typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from types import TracebackType

    from typing_extensions import Buffer, Self


__all__ = (
    "BinaryReadWriter",
    "BinaryReader",
    "BinaryWriter",
    "SocketFile",
    "TextReadWriter",
    "TextReader",
    "TextWriter",
)


class SocketFile(Protocol):
    """What every file from ``makefile()`` has, whatever its mode: ``with``,
    ``close()``, ``closed``, ``fileno()`` (the socket's descriptor),
    ``readable()`` and ``writable()``."""

    __slots__ = ()

    def __enter__(self) -> Self:
        """The file itself; leaving the ``with`` block closes it."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
        /,
    ) -> None:
        """Close the file (not the socket: see ``makefile()``)."""
        ...

    def close(self) -> None:
        """Flush what is buffered for writing and close the file."""
        ...

    @property
    def closed(self) -> bool:
        """Whether the file is closed."""
        ...

    def fileno(self) -> int:
        """The socket's descriptor (for ``select`` and the like)."""
        ...

    def readable(self) -> bool:
        """Whether the file was opened for reading."""
        ...

    def writable(self) -> bool:
        """Whether the file was opened for writing."""
        ...


class BinaryReader(SocketFile, Protocol):
    """A file that reads bytes: ``makefile("rb")``, an ``io.BufferedReader``
    at runtime.  It has no ``write()``.  Reads block as the socket's
    timeout says; ``b""`` is the end of the stream."""

    __slots__ = ()

    def read(self, size: int | None = -1, /) -> bytes:
        """Up to ``size`` bytes, or all of them to the end of the stream."""
        ...

    def read1(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes, with at most one ``recv()``."""
        ...

    def readinto(self, buffer: Buffer, /) -> int:
        """Fill ``buffer``; return how many bytes were read."""
        ...

    def readinto1(self, buffer: Buffer, /) -> int:
        """Fill ``buffer`` with at most one ``recv()``; return the count."""
        ...

    def peek(self, size: int = 0, /) -> bytes:
        """Buffered bytes, without consuming them."""
        ...

    def readline(self, size: int | None = -1, /) -> bytes:
        """One line, its ``b"\\n"`` included (not at the end of the stream)."""
        ...

    def readlines(self, hint: int = -1, /) -> list[bytes]:
        """The lines to the end of the stream (or past ``hint`` bytes)."""
        ...

    def __iter__(self) -> Iterator[bytes]:
        """The lines, to the end of the stream."""
        ...

    def __next__(self) -> bytes:
        """The next line; ``StopIteration`` at the end of the stream."""
        ...


class BinaryWriter(SocketFile, Protocol):
    """A file that writes bytes: ``makefile("wb")``, an ``io.BufferedWriter``
    at runtime.  It has no ``read()`` and no lines to iterate; what it
    writes is sent when its buffer fills, at ``flush()`` or at ``close()``."""

    __slots__ = ()

    def write(self, buffer: Buffer, /) -> int:
        """Buffer ``buffer`` for sending; return its length."""
        ...

    def writelines(self, lines: Iterable[Buffer], /) -> None:
        """Write each of ``lines`` (no separator added)."""
        ...

    def flush(self) -> None:
        """Send what is buffered."""
        ...


class BinaryReadWriter(BinaryReader, BinaryWriter, Protocol):
    """A file that reads and writes bytes: ``makefile("rwb")``, an
    ``io.BufferedRWPair`` at runtime."""

    __slots__ = ()


class TextReader(SocketFile, Protocol):
    """A file that reads text: ``makefile()`` or ``makefile("r")``, an
    ``io.TextIOWrapper`` at runtime.  It has no ``write()``."""

    __slots__ = ()

    @property
    def encoding(self) -> str:
        """The encoding that decodes the bytes received."""
        ...

    @property
    def errors(self) -> str | None:
        """How decoding errors are handled."""
        ...

    def read(self, size: int | None = -1, /) -> str:
        """Up to ``size`` characters, or all of them to the end of the stream."""
        ...

    def readline(self, size: int = -1, /) -> str:
        """One line, its newline included (not at the end of the stream)."""
        ...

    def readlines(self, hint: int = -1, /) -> list[str]:
        """The lines to the end of the stream (or past ``hint`` characters)."""
        ...

    def __iter__(self) -> Iterator[str]:
        """The lines, to the end of the stream."""
        ...

    def __next__(self) -> str:
        """The next line; ``StopIteration`` at the end of the stream."""
        ...


class TextWriter(SocketFile, Protocol):
    """A file that writes text: ``makefile("w")``, an ``io.TextIOWrapper``
    at runtime.  It has no ``read()`` and no lines to iterate; what it
    writes is sent at ``flush()`` or ``close()`` (or when the buffer fills)."""

    __slots__ = ()

    @property
    def encoding(self) -> str:
        """The encoding that encodes the text written."""
        ...

    @property
    def errors(self) -> str | None:
        """How encoding errors are handled."""
        ...

    def write(self, s: str, /) -> int:
        """Buffer ``s`` for sending; return its length in characters."""
        ...

    def writelines(self, lines: Iterable[str], /) -> None:
        """Write each of ``lines`` (no separator added)."""
        ...

    def flush(self) -> None:
        """Send what is buffered."""
        ...


class TextReadWriter(TextReader, TextWriter, Protocol):
    """A file that reads and writes text: ``makefile("rw")``, an
    ``io.TextIOWrapper`` at runtime."""

    __slots__ = ()
