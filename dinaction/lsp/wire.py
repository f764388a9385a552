"""The LSP base protocol on a byte stream: ``Content-Length`` frames, read with limits.

A client is trusted to speak the protocol, not to be free of bugs: a frame
that declares more than ``MAX_FRAME`` bytes is refused before anything is
allocated for it, a header line longer than ``MAX_HEADER_LINE`` or a header
without ``Content-Length`` is refused. After such an error the stream cannot
be trusted to be at a frame boundary again, so reading stops there
(``FramingError``) and the server exits for the client to start it again,
rather than reading garbage as headers and hearing nothing more.

Frames are read by a thread of their own (a blocking read on stdin or a
socket works the same everywhere) and handed to the event loop one at a
time, so a client that writes faster than the server handles holds at most
one frame in the server's memory besides the one being handled. The thread
reads the raw stream through ``ByteStream``, which takes no lock: Python's
buffered files do, and one held by a thread blocked on a read aborts the
interpreter at exit.
"""

from __future__ import annotations

import asyncio
import re
import threading
from typing import Protocol

__all__ = [
    "MAX_FRAME",
    "MAX_HEADER_LINE",
    "ByteStream",
    "FrameReader",
    "FrameSource",
    "FramingError",
    "RawStream",
    "read_frame",
]

#: the largest message body taken (bytes); a document is refused long before (max-file-size)
MAX_FRAME = 64 << 20
#: the longest header line taken, line break included (``Content-Type: …`` is about 50)
MAX_HEADER_LINE = 1024
#: header lines of one frame (LSP has two)
MAX_HEADERS = 16

_LENGTH = re.compile(rb"[ \t]*([0-9]{1,20})[ \t]*")


#: how much is asked of the raw stream at a time while reading headers
_CHUNK = 1 << 16


class FramingError(Exception):
    """The byte stream does not follow the base protocol: no frame boundary can be found again."""


class RawStream(Protocol):
    """What frames are read from: ``FileIO``, a socket's unbuffered file, ``BytesIO``."""

    def readinto(self, buffer: bytearray | memoryview, /) -> int | None: ...


class ByteStream:
    """Line and exact reads over a raw stream (a file descriptor's ``FileIO``, a socket's, ``BytesIO``).

    Lock-free, unlike ``io.BufferedReader``; a body is read straight into the
    one buffer it is returned in.
    """

    def __init__(self, raw: RawStream) -> None:
        self._raw = raw
        self._buffer = bytearray()

    def _fill(self) -> bool:
        """Read what the stream has (up to a chunk) into the buffer; False at its end."""
        chunk = bytearray(_CHUNK)
        count = self._raw.readinto(chunk) or 0
        self._buffer += memoryview(chunk)[:count]
        return count > 0

    def readline(self, limit: int) -> bytes:
        """Up to and including the next ``\\n``, at most ``limit`` bytes; less at the end of the stream."""
        start = 0
        while True:
            end = self._buffer.find(b"\n", start, limit)
            if end < 0 and len(self._buffer) < limit:
                start = len(self._buffer)
                if self._fill():
                    continue
            size = end + 1 if end >= 0 else min(limit, len(self._buffer))
            line = bytes(self._buffer[:size])
            del self._buffer[:size]
            return line

    def read(self, size: int) -> bytearray:
        """Exactly ``size`` bytes; fewer only at the end of the stream."""
        body = bytearray(size)
        taken = min(size, len(self._buffer))
        body[:taken] = self._buffer[:taken]
        del self._buffer[:taken]
        with memoryview(body) as view:
            while taken < size:
                count = self._raw.readinto(view[taken:]) or 0
                if count == 0:
                    break
                taken += count
        del body[taken:]
        return body


def read_frame(stream: ByteStream, max_frame: int = MAX_FRAME) -> bytearray | None:
    """The body of the next frame; None when the stream ends between frames.

    Raises FramingError for anything else: garbage, a header line without a
    line break or over the limit, no or an unreadable ``Content-Length``, a
    length over ``max_frame``, or a stream that ends inside a frame.
    """
    length: int | None = None
    for count in range(MAX_HEADERS + 1):
        line = stream.readline(MAX_HEADER_LINE)
        if not line:
            if count == 0:
                return None
            raise FramingError("the input ended inside a message header")
        if line == b"\r\n":
            if count == 0:
                raise FramingError("an empty line where a message header was expected")
            break
        if not line.endswith(b"\r\n"):
            if len(line) >= MAX_HEADER_LINE:
                raise FramingError(f"a message header line longer than {MAX_HEADER_LINE} bytes")
            raise FramingError(f"not a message header line (no CRLF): {line[:80]!r}")
        name, colon, value = line[:-2].partition(b":")
        if not colon or not name.strip():
            raise FramingError(f"not a message header line: {line[:80]!r}")
        if name.strip().lower() != b"content-length":
            continue  # Content-Type, or a header of a newer protocol: nothing to take from it
        match = _LENGTH.fullmatch(value)
        if match is None:
            raise FramingError(f"an unreadable Content-Length: {value[:40]!r}")
        if length is not None:
            raise FramingError("a message with two Content-Length headers")
        length = int(match.group(1))
        if length > max_frame:
            raise FramingError(f"a message of {length:,} bytes, over the limit of {max_frame:,}")
    else:
        raise FramingError(f"a message with more than {MAX_HEADERS} header lines")
    if length is None:
        raise FramingError("a message without Content-Length")
    body = stream.read(length)
    if len(body) != length:
        raise FramingError(f"the input ended inside a message ({len(body):,} of {length:,} bytes)")
    return body


class FrameSource(Protocol):
    """Where the server takes frames from: ``next()`` is a body, None at the end, or raises FramingError."""

    async def next(self) -> bytes | bytearray | None: ...


class FrameReader:
    """Frames of a blocking raw stream, read by a daemon thread and awaited one at a time.

    ``next()`` gives a body, None at the end of the stream, or raises
    FramingError. The thread never keeps more than one frame waiting; being a
    daemon, it does not keep the process alive when the server is done while
    it is blocked on a read.
    """

    def __init__(self, raw: RawStream, max_frame: int = MAX_FRAME) -> None:
        self._stream = ByteStream(raw)
        self._max_frame = max_frame
        self._queue: asyncio.Queue[bytearray | FramingError | None] | None = None

    async def next(self) -> bytearray | None:
        if self._queue is None:
            self._queue = asyncio.Queue(maxsize=1)
            loop = asyncio.get_running_loop()
            threading.Thread(target=self._run, args=(loop, self._queue), name="lsp-reader", daemon=True).start()
        item = await self._queue.get()
        if isinstance(item, FramingError):
            raise item
        return item

    def _run(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[bytearray | FramingError | None]) -> None:
        while True:
            item: bytearray | FramingError | None
            try:
                item = read_frame(self._stream, self._max_frame)
            except FramingError as exc:
                item = exc
            except Exception as exc:  # the stream failed: the server must hear of it, not wait forever
                item = FramingError(f"reading failed: {exc!r}")
            try:
                asyncio.run_coroutine_threadsafe(queue.put(item), loop).result()
            except RuntimeError:  # the loop is gone: the server is done
                return
            if not isinstance(item, bytearray):
                return
