"""Data on a connected socket: every send and receive call, the end of the
stream, ``recv_exactly``, ancillary data, file objects and the shutdowns.

A read that returns the peer's end of stream returns it once and leaves the
socket ``ENDED``, where reading again is an ordering error; the details, for
every state that reads, are in ``test_halfclose.py``."""

from __future__ import annotations

import array
import io
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import cast

import pytest

from sockstate import IncompleteReadError, OrderingError, SockstateError, State, UnixAddress
from support import SAFETY_TIMEOUT, Addr, Family, fd_is_open, operation, state_of, system_calls

STOP_READING = "and the peer sends nothing more: stop reading at b''"

# -- send and recv --------------------------------------------------------------------


def test_send_returns_how_many_bytes_it_sent(family: Family[Addr]) -> None:
    client, server = family.connected()
    assert client.send(b"hello") == 5
    assert server.recv_exactly(5) == b"hello"


def test_send_and_recv_take_buffers_and_flags(family: Family[Addr]) -> None:
    client, server = family.connected()
    client.sendall(memoryview(b"xpeek"), 0)
    assert server.recv_exactly(1) == b"x"
    assert server.recv(4, socket.MSG_PEEK) == b"peek"
    assert server.recv(4) == b"peek"


def test_recv_returns_empty_bytes_at_the_end_of_the_stream_and_the_socket_is_ended(
    family: Family[Addr],
) -> None:
    client, server = family.connected()
    client.sendall(b"last")
    client.close()
    assert server.recv_exactly(4) == b"last"
    assert server.recv(10) == b""
    assert state_of(server) is State.ENDED


def test_recv_after_the_end_of_the_stream_raises_instead_of_returning_it_again(
    family: Family[Addr],
) -> None:
    client, server = family.connected()
    client.close()
    assert server.recv(10) == b""
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        server.recv(10)
    assert str(caught.value) == (
        "recv() needs a connected or receive-only socket; this socket is ended "
        f"(a read has already returned the peer's end of stream, b''), {STOP_READING}"
    )
    assert calls == []
    assert state_of(server) is State.ENDED


def test_recv_into_fills_the_buffer_and_counts(family: Family[Addr]) -> None:
    client, server = family.connected()
    client.sendall(b"abc")
    buffer = bytearray(8)
    received = 0
    while received < 3:
        received += server.recv_into(memoryview(buffer)[received:])
    assert received == 3
    assert buffer == b"abc\0\0\0\0\0"


def test_recv_into_honours_nbytes(family: Family[Addr]) -> None:
    client, server = family.connected()
    client.sendall(b"abcdef")
    buffer = bytearray(8)
    assert server.recv_into(buffer, 2) == 2
    assert buffer[:2] == b"ab"
    assert server.recv_exactly(4) == b"cdef"


def test_recv_into_returns_0_at_the_end_of_the_stream_and_the_socket_is_ended(
    family: Family[Addr],
) -> None:
    client, server = family.connected()
    client.close()
    assert server.recv_into(bytearray(4)) == 0
    assert state_of(server) is State.ENDED


# -- recv_exactly ------------------------------------------------------------------------


def test_recv_exactly_gathers_bytes_from_several_sends(family: Family[Addr]) -> None:
    client, server = family.connected()
    for chunk in (b"ab", b"cd", b"ef"):
        server.sendall(chunk)
    assert client.recv_exactly(6) == b"abcdef"


def test_recv_exactly_leaves_the_rest_of_the_stream(family: Family[Addr]) -> None:
    client, server = family.connected()
    server.sendall(b"headbody")
    assert client.recv_exactly(4) == b"head"
    assert client.recv_exactly(4) == b"body"


def test_recv_exactly_gathers_a_large_payload_sent_meanwhile(family: Family[Addr]) -> None:
    client, server = family.connected()
    payload = os.urandom(4 * 1024 * 1024)
    with ThreadPoolExecutor(max_workers=1) as pool:
        sending = pool.submit(server.sendall, payload)
        received = client.recv_exactly(len(payload))
        sending.result(timeout=SAFETY_TIMEOUT)
    assert received == payload


def test_recv_exactly_raises_incomplete_read_when_the_peer_ends_early(
    family: Family[Addr],
) -> None:
    client, server = family.connected()
    server.sendall(b"abc")
    server.close()
    with pytest.raises(IncompleteReadError) as caught:
        client.recv_exactly(5)
    error = caught.value
    assert error.partial == b"abc"
    assert error.expected == 5
    assert isinstance(error, EOFError)
    assert isinstance(error, SockstateError)
    assert str(error) == "the peer ended the stream after 3 of 5 bytes"


def test_recv_exactly_meeting_the_end_of_the_stream_leaves_the_socket_ended(
    family: Family[Addr],
) -> None:
    client, server = family.connected()
    server.sendall(b"abc")
    server.close()
    with pytest.raises(IncompleteReadError):
        client.recv_exactly(5)
    assert state_of(client) is State.ENDED


def test_recv_exactly_on_an_ended_stream_has_an_empty_partial(family: Family[Addr]) -> None:
    client, server = family.connected()
    server.shutdown_write()
    with pytest.raises(IncompleteReadError) as caught:
        client.recv_exactly(1)
    assert caught.value.partial == b""
    assert caught.value.expected == 1


# -- sendmsg and recvmsg -----------------------------------------------------------------


def test_sendmsg_and_recvmsg_round_trip(family: Family[Addr]) -> None:
    client, server = family.connected()
    assert client.sendmsg([b"he", b"llo", memoryview(b" world")]) == 11
    data = b""
    while len(data) < 11:
        chunk, ancdata, flags, _ = server.recvmsg(11 - len(data))
        assert ancdata == []
        assert flags & socket.MSG_TRUNC == 0
        data += chunk
    assert data == b"hello world"


def test_recvmsg_answers_the_stdlibs_four_items(family: Family[Addr]) -> None:
    """``(data, ancdata, msg_flags, address)``: the address is what the
    kernel reports for a stream (``None`` here; a Unix peer's name, if it
    has one)."""
    client, server = family.connected()
    client.sendall(b"x")
    assert server.recvmsg(1) == (b"x", [], 0, None)


def test_recvmsg_returns_empty_data_at_the_end_of_the_stream_and_the_socket_is_ended(
    family: Family[Addr],
) -> None:
    client, server = family.connected()
    client.close()
    data, ancdata, _, _ = server.recvmsg(4)
    assert (data, ancdata) == (b"", [])
    assert state_of(server) is State.ENDED


def test_scm_rights_passes_a_descriptor_over_unix(unix: Family[UnixAddress]) -> None:
    client, server = unix.connected()
    read_end, write_end = os.pipe()
    passed: list[int] = []
    try:
        fds = array.array("i", [write_end])
        sent = client.sendmsg([b"f"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds.tobytes())])
        assert sent == 1
        data, ancdata, flags, _ = server.recvmsg(1, socket.CMSG_SPACE(fds.itemsize))
        assert data == b"f"
        assert flags & socket.MSG_CTRUNC == 0
        for level, kind, payload in ancdata:
            assert (level, kind) == (socket.SOL_SOCKET, socket.SCM_RIGHTS)
            received = array.array("i")
            received.frombytes(payload)
            passed.extend(received)
        assert len(passed) == 1
        assert passed[0] != write_end
        os.write(passed[0], b"through the passed descriptor")
        assert os.read(read_end, 100) == b"through the passed descriptor"
    finally:
        for fd in (read_end, write_end, *passed):
            os.close(fd)


# -- makefile ------------------------------------------------------------------------------


def test_makefile_rb_reads_lines(family: Family[Addr]) -> None:
    client, server = family.connected()
    server.sendall(b"one\ntwo\n")
    with client.makefile("rb") as file:
        assert isinstance(file, io.BufferedReader)
        assert file.readline() == b"one\n"
        assert file.readline() == b"two\n"


def test_makefile_wb_writes_on_flush(family: Family[Addr]) -> None:
    client, server = family.connected()
    with client.makefile("wb") as file:
        assert isinstance(file, io.BufferedWriter)
        file.write(b"written")
        file.flush()
        assert server.recv_exactly(7) == b"written"


def test_makefile_rwb_reads_and_writes(family: Family[Addr]) -> None:
    client, server = family.connected()
    with client.makefile("rwb") as file:
        assert isinstance(file, io.BufferedRWPair)
        file.write(b"ping\n")
        file.flush()
        assert server.recv_exactly(5) == b"ping\n"
        server.sendall(b"pong\n")
        assert file.readline() == b"pong\n"


def test_makefile_text_modes_encode_and_decode(family: Family[Addr]) -> None:
    client, server = family.connected()
    with client.makefile("w", encoding="utf-8", newline="\n") as writer:
        assert isinstance(writer, io.TextIOWrapper)
        writer.write("h\u00e9llo\n")
    assert server.recv_exactly(7) == "h\u00e9llo\n".encode()
    server.sendall("\u00fcber\n".encode())
    with client.makefile("r", encoding="utf-8") as reader:
        assert reader.readline() == "\u00fcber\n"
    with client.makefile("rw", encoding="utf-8") as both:
        both.write("x\n")
        both.flush()
        assert server.recv_exactly(2) == b"x\n"


def test_makefile_default_mode_is_text_reading(family: Family[Addr]) -> None:
    client, server = family.connected()
    server.sendall(b"plain\n")
    with client.makefile() as reader:
        assert isinstance(reader, io.TextIOWrapper)
        assert reader.readline() == "plain\n"


@pytest.mark.parametrize("mode", ["rb", "wb", "rwb", "r"])
def test_makefile_refuses_unbuffered_files(family: Family[Addr], mode: str) -> None:
    client, server = family.connected()
    with pytest.raises(ValueError, match="buffered only"):
        operation(client, "makefile")(mode, buffering=0)
    client.sendall(b"ok")
    assert server.recv_exactly(2) == b"ok"


@pytest.mark.parametrize(
    ("mode", "stdlib"),
    [
        ("rb", io.BufferedReader),
        ("wb", io.BufferedWriter),
        ("rwb", io.BufferedRWPair),
        ("r", io.TextIOWrapper),
        ("w", io.TextIOWrapper),
        ("rw", io.TextIOWrapper),
    ],
)
def test_makefile_returns_the_stdlibs_file_unwrapped(
    family: Family[Addr], mode: str, stdlib: type
) -> None:
    """The checkers see ``BinaryReader``, ``TextWriter``, ...; the object is
    the stdlib's own, the same class ``socket.makefile`` returns."""
    client, _ = family.connected()
    file = cast("io.IOBase", operation(client, "makefile")(mode))
    raw = cast("io.IOBase", operation(client.raw_socket(), "makefile")(mode))
    with file, raw:
        assert type(file) is stdlib
        assert type(raw) is stdlib


def test_closing_the_socket_keeps_the_descriptor_until_its_file_closes(
    family: Family[Addr],
) -> None:
    client, server = family.connected()
    fd = client.fileno()
    file = client.makefile("rb")
    client.close()
    assert state_of(client) is State.CLOSED
    assert fd_is_open(fd)
    server.sendall(b"after")
    assert file.read(5) == b"after"
    file.close()
    assert not fd_is_open(fd)


# -- shutdown ------------------------------------------------------------------------------


def test_shutdown_write_makes_the_peer_see_the_end_of_the_stream(family: Family[Addr]) -> None:
    client, server = family.connected()
    client.sendall(b"done")
    receiving = client.shutdown_write()
    assert server.recv_exactly(4) == b"done"
    assert server.recv(1) == b""
    assert receiving.state is State.RECEIVE_ONLY


def test_after_shutdown_write_the_peer_can_still_answer(family: Family[Addr]) -> None:
    client, server = family.connected()
    receiving = client.shutdown_write()
    assert server.recv(1) == b""
    server.sendall(b"answer")
    assert receiving.recv_exactly(6) == b"answer"


def test_shutdown_both_ends_the_stream_for_the_peer_and_stops_reading_here(
    family: Family[Addr],
) -> None:
    client, server = family.connected()
    shut = client.shutdown_both()
    assert server.recv(1) == b""
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(shut, "recv")(1)
    assert caught.value.state is State.SHUT_DOWN
    assert calls == []


def test_after_shutdown_read_recv_raises_instead_of_returning_the_end(
    family: Family[Addr],
) -> None:
    client, _ = family.connected()
    sending = client.shutdown_read()
    with system_calls() as calls, pytest.raises(OrderingError) as caught:
        operation(sending, "recv")(1)
    assert str(caught.value) == (
        "recv() needs a connected or receive-only socket; this socket is send-only "
        "(its receiving side is shut down) and cannot go back: make a new socket"
    )
    assert calls == []
    assert sending.state is State.SEND_ONLY
