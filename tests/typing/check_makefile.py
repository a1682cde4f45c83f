"""Files from ``makefile()``: the mode decides the methods, and they go where
the stdlib's files go.

Type-checked only, never run.  Each line marked ``# type: ignore[...]  #
pyright: ignore[...]`` must be rejected by mypy and pyright with exactly
those error codes.
"""

import csv
import io
import json
import pickle
import select
import shutil
import socket
import ssl

from typing_extensions import assert_type

import sockstate
from sockstate import (
    BinaryReader,
    BinaryReadWriter,
    BinaryWriter,
    SocketFile,
    TextReader,
    TextReadWriter,
    TextWriter,
)


def each_mode_has_its_type() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn.makefile(), TextReader)
    assert_type(conn.makefile("r"), TextReader)
    assert_type(conn.makefile("r", encoding="utf-8", newline=""), TextReader)
    assert_type(conn.makefile("w"), TextWriter)
    assert_type(conn.makefile("rw"), TextReadWriter)
    assert_type(conn.makefile("wr"), TextReadWriter)
    assert_type(conn.makefile("rb"), BinaryReader)
    assert_type(conn.makefile("br", 4096), BinaryReader)
    assert_type(conn.makefile("wb", buffering=65536), BinaryWriter)
    assert_type(conn.makefile("rwb"), BinaryReadWriter)
    assert_type(conn.makefile("rb", None), BinaryReader)


def a_reader_reads() -> None:
    conn = sockstate.unix().connect("/run/app.sock")
    with conn.makefile("rb") as reader:
        assert_type(reader, BinaryReader)
        assert_type(reader.readline(), bytes)
        assert_type(reader.read(4), bytes)
        assert_type(reader.read1(), bytes)
        assert_type(reader.peek(), bytes)
        assert_type(reader.readinto(bytearray(4)), int)
        assert_type(reader.readlines(), list[bytes])
        for line in reader:
            assert_type(line, bytes)
        assert_type(next(reader), bytes)
        assert_type(reader.fileno(), int)
        assert_type(reader.closed, bool)
    reader.close()


def a_reader_does_not_write() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    reader = conn.makefile("rb")
    reader.write(b"x")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    reader.flush()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    text = conn.makefile()
    text.write("x")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    conn.makefile("r").writelines(["x"])  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    print("x", file=text)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]


def a_writer_writes() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    with conn.makefile("wb") as writer:
        assert_type(writer.write(b"ping\n"), int)
        assert_type(writer.write(memoryview(b"ping\n")), int)
        writer.writelines([b"a\n", bytearray(b"b\n")])
        writer.flush()
    with conn.makefile("w", encoding="utf-8") as text:
        assert_type(text.write("ping\n"), int)
        print("pong", file=text, flush=True)
        text.flush()
        assert_type(text.encoding, str)


def a_writer_does_not_read() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    writer = conn.makefile("wb")
    writer.read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    writer.readline()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    for _ in writer:  # type: ignore[attr-defined]  # pyright: ignore[reportGeneralTypeIssues, reportUnknownVariableType]
        pass
    conn.makefile("w").read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    # Text and bytes do not mix.
    writer.write("x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    conn.makefile("w").write(b"x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def a_read_writer_does_both() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    with conn.makefile("rwb") as both:
        assert_type(both.write(b"ping\n"), int)
        both.flush()
        assert_type(both.readline(), bytes)
    with conn.makefile("rw", encoding="utf-8") as text:
        print("ping", file=text, flush=True)
        assert_type(text.readline(), str)
        assert_type(list(text), list[str])
    # A read-writer goes where a reader or a writer is wanted.
    reader: BinaryReader = conn.makefile("rwb")
    writer: TextWriter = conn.makefile("rw")
    files: list[SocketFile] = [reader, writer, conn.makefile("wb")]
    assert_type(files, list[SocketFile])


def unbuffered_is_refused() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    conn.makefile(buffering=0)  # type: ignore[deprecated]  # pyright: ignore[reportDeprecated]


def unbuffered_is_refused_in_every_mode() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    conn.makefile("rb", 0)  # type: ignore[deprecated]  # pyright: ignore[reportDeprecated]


def unbuffered_is_refused_by_keyword() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    conn.makefile(mode="wb", buffering=0)  # type: ignore[deprecated]  # pyright: ignore[reportDeprecated]


def the_raw_socket_still_makes_unbuffered_files() -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    assert_type(conn.raw_socket().makefile("rb", buffering=0), socket.SocketIO)


def files_go_where_the_stdlib_takes_them(out: io.BytesIO) -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8080))
    json.load(conn.makefile("rb"))
    json.load(conn.makefile())
    json.dump({"ping": 1}, conn.makefile("w"))
    pickle.load(conn.makefile("rb"))
    pickle.dump(1, conn.makefile("wb"))
    shutil.copyfileobj(conn.makefile("rb"), out)
    shutil.copyfileobj(io.BytesIO(b"x"), conn.makefile("wb"))
    csv.writer(conn.makefile("w", newline="")).writerow(["a", "b"])
    select.select([conn.makefile("rb")], [conn.makefile("wb")], [], 1.0)
    for row in csv.reader(conn.makefile(newline="")):
        assert_type(row, list[str])
    # A reader is not a writer's destination, nor a writer a source.
    shutil.copyfileobj(out, conn.makefile("rb"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    json.load(conn.makefile("wb"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def the_stdlib_classes_satisfy_the_protocols(
    buffered_reader: io.BufferedReader,
    buffered_writer: io.BufferedWriter,
    pair: io.BufferedRWPair,
    text: io.TextIOWrapper,
) -> None:
    # Each protocol is a subset of the class makefile() returns at runtime.
    reader: BinaryReader = buffered_reader
    writer: BinaryWriter = buffered_writer
    both: BinaryReadWriter = pair
    text_reader: TextReader = text
    text_writer: TextWriter = text
    text_both: TextReadWriter = text
    files: list[SocketFile] = [reader, writer, both, text_reader, text_writer, text_both]
    assert_type(files, list[SocketFile])


def the_tls_socket_has_the_same_files(context: ssl.SSLContext) -> None:
    conn = sockstate.tcp().connect(("127.0.0.1", 8443))
    tls = conn.wrap_tls(context, server_hostname="example.org")
    assert_type(tls.makefile(), TextReader)
    assert_type(tls.makefile("w"), TextWriter)
    assert_type(tls.makefile("rw"), TextReadWriter)
    assert_type(tls.makefile("rb"), BinaryReader)
    assert_type(tls.makefile("wb"), BinaryWriter)
    assert_type(tls.makefile("rwb"), BinaryReadWriter)
    tls.makefile("rb").write(b"x")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    tls.makefile("wb").read()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    tls.makefile(buffering=0)  # type: ignore[deprecated]  # pyright: ignore[reportDeprecated]
