"""Fuzz the language server's message handling: any bytes as what a client writes.

Each input runs a fresh server (sharing one converter, so an input costs
milliseconds, not a process) through the server's own loop (``run``): frames
read by ``wire.read_frame``, each handled by ``handle_frame``, push tasks and
pulled lints run to the end on one event loop. After each input:

- nothing was logged at ERROR but the one line of an unreadable frame (and
  pygls' note of params that do not fit their method, answered -32602): a
  handler that raised, a lint that failed, an exception of the loop are bugs;
- every byte the server wrote is a well-formed frame of a JSON-RPC 2.0 message;
- no future of a client's message is kept (only those of the server's own
  requests, which this client never answers), and no push task is left.

An input is read three ways, by its first byte: the raw stream; message
bodies separated by two NUL bytes, framed correctly after an initialize; or
a session drawn from the methods the server serves, with params shaped as
LSP shapes them and values from the input.

    python -m pip install -e '.[fuzz]'
    corpus=$(mktemp -d)   # what the run finds, and a crashing input (crash-*), land there
    python fuzz/lsp_messages.py -max_total_time=60 -timeout=30 -artifact_prefix="$corpus/" "$corpus" fuzz/corpus/lsp

It exits non-zero on the first failing input; a finding worth keeping goes
into ``fuzz/corpus/lsp`` (the test then replays it on every run).

``tests/lsp/test_lsp_fuzz_corpus.py`` runs every input of ``fuzz/corpus/lsp`` through
``Target`` without atheris.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pygls.exceptions import JsonRpcException, JsonRpcInternalError
from pygls.protocol import default_converter

from dinaction.lsp.server import DinactionServer, build_server
from dinaction.lsp.wire import ByteStream, read_frame

CORPUS = Path(__file__).resolve().parent / "corpus" / "lsp"
#: how long the tasks an input started may take to finish
SETTLE_TIMEOUT = 30.0
_FRAME = re.compile(rb"Content-Length: (\d+)\r\nContent-Type: [^\r\n]*\r\n\r\n")
#: ERROR records that hostile input causes by design: (logger, message prefix)
_EXPECTED = (
    ("dinaction.lsp", "unreadable input, stopping"),
    ("pygls.protocol.json_rpc", "Unable to deserialize message"),
)

URIS = ("file:///w/a.din", "file:///w/b.din", "file:///w/dinaction.toml", "untitled:c", "file:///w/x.txt")
METHODS = (
    "initialize",
    "initialized",
    "shutdown",
    "exit",
    "$/setTrace",
    "$/cancelRequest",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didSave",
    "textDocument/didClose",
    "textDocument/diagnostic",
    "textDocument/formatting",
    "textDocument/rangeFormatting",
    "textDocument/codeAction",
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/documentSymbol",
    "textDocument/semanticTokens/full",
    "workspace/didChangeWatchedFiles",
    "workspace/didChangeConfiguration",
    "workspace/executeCommand",
    "dinaction/unknown",
)
SNIPPETS = (
    "transfer +81336042000 --caller=+819012345678\n",
    'say ja "お電話ありがとうございます😀"\n',
    "playback https://example.com/a.wav\n",
    'voicemail say en "Leave a message"\n',
    "tranfer +81 3-3604-2000\r\n",
    "\ufeffsay fr x\u2028\r",
)


class _Findings(logging.Handler):
    """Keeps the ERROR records that no hostile input should cause."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if any(record.name == name and message.startswith(start) for name, start in _EXPECTED):
            return
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, JsonRpcException) and not isinstance(error, JsonRpcInternalError):
            return  # pygls logs the errors it answers a request with (an unknown command…) with a traceback
        self.records.append(record)


class _Output:
    """The server's stdout: every write must be whole frames of JSON-RPC 2.0 messages."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def write(self, data: bytes) -> None:
        at = 0
        while at < len(data):
            header = _FRAME.match(data, at)
            assert header is not None, f"not a frame header: {data[at : at + 80]!r}"
            start = header.end()
            end = start + int(header.group(1))
            assert end <= len(data), "a frame longer than what was written"
            message = json.loads(data[start:end])
            assert isinstance(message, dict) and message.get("jsonrpc") == "2.0", message
            self.messages.append(message)
            at = end

    def flush(self) -> None:
        """Written already."""

    def close(self) -> None:
        """Nothing to close."""


class _Frames:
    """The server's frame source over bytes in memory (no thread, the same ``read_frame``)."""

    def __init__(self, data: bytes) -> None:
        self._stream = ByteStream(io.BytesIO(data))

    async def next(self) -> bytearray | None:
        return read_frame(self._stream)


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def message(method: str, params: Any, request_id: int | str | None = None) -> bytes:
    """A framed JSON-RPC message: a request with an id, else a notification."""
    data: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
    if request_id is not None:
        data["id"] = request_id
    return frame(json.dumps(data).encode())


INITIALIZE = message(
    "initialize",
    {
        "processId": None,
        "rootUri": "file:///w",
        "capabilities": {
            "textDocument": {"publishDiagnostics": {"versionSupport": True}},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}},
        },
    },
    0,
) + message("initialized", {})


def _wire(data: bytes) -> bytes:
    """The bytes a client writes, read from ``data`` in one of three ways (its first byte)."""
    if not data:
        return b""
    mode, rest = data[0] % 3, data[1:]
    if mode == 0:
        return rest
    if mode == 1:
        return INITIALIZE + b"".join(frame(body) for body in rest.split(b"\0\0"))
    return INITIALIZE + _session(rest)


def _session(data: bytes) -> bytes:
    """Messages of the methods the server serves, with params of LSP's shapes and values from ``data``."""
    reader = _Reader(data)
    out: list[bytes] = []
    while reader.left() and len(out) < 64:
        method = reader.pick(METHODS)
        request_id: int | str | None = reader.pick((None, reader.integer(), str(reader.integer())))
        out.append(message(method, _params(method, reader), request_id))
    return b"".join(out)


def _params(method: str, reader: _Reader) -> Any:
    uri = reader.pick(URIS)
    document = {"uri": uri}
    position = {"line": reader.integer(), "character": reader.integer()}
    span = {"start": position, "end": {"line": reader.integer(), "character": reader.integer()}}
    if method == "textDocument/didOpen":
        item = {"uri": uri, "languageId": reader.pick(("dinaction", "toml", "")), "version": reader.integer()}
        return {"textDocument": {**item, "text": reader.text()}}
    if method == "textDocument/didChange":
        change: dict[str, Any] = {"text": reader.text()}
        if reader.pick((True, False)):
            change["range"] = span
        return {"textDocument": {**document, "version": reader.integer()}, "contentChanges": [change]}
    if method in ("textDocument/hover", "textDocument/completion"):
        return {"textDocument": document, "position": position}
    if method == "textDocument/codeAction":
        only = reader.pick((None, ["quickfix"], ["source"], ["source.fixAll.dinaction"]))
        return {"textDocument": document, "range": span, "context": {"diagnostics": [], "only": only}}
    if method == "textDocument/rangeFormatting":
        return {"textDocument": document, "range": span, "options": {"tabSize": 4, "insertSpaces": True}}
    if method == "textDocument/formatting":
        return {"textDocument": document, "options": {"tabSize": 4, "insertSpaces": True}}
    if method == "workspace/didChangeWatchedFiles":
        return {"changes": [{"uri": uri, "type": reader.pick((1, 2, 3))}]}
    if method == "$/cancelRequest":
        return {"id": reader.integer()}
    if method == "$/setTrace":
        return {"value": reader.pick(("off", "messages", "verbose", "loud"))}
    if method == "workspace/executeCommand":
        return {"command": reader.text()[:20], "arguments": [reader.integer()]}
    if method == "initialize":
        return {"processId": None, "capabilities": {}}
    if method.startswith("textDocument/"):
        return {"textDocument": document}
    return reader.pick(({}, None, [], {"settings": reader.text()}))


class _Reader:
    """Values drawn from the input's bytes, front to back (atheris' FuzzedDataProvider is not needed to replay)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._at = 0

    def left(self) -> int:
        return len(self._data) - self._at

    def byte(self) -> int:
        if self._at >= len(self._data):
            return 0
        self._at += 1
        return self._data[self._at - 1]

    def integer(self) -> int:
        """Small numbers mostly (positions in short texts), sometimes the edges of LSP's integers."""
        value = self.byte()
        if value >= 0xF0:
            return (0, 2**31 - 1, 2**31, -1, 65535, 1 << 53)[value % 6]
        return value % 24

    def pick(self, choices: tuple[Any, ...]) -> Any:
        return choices[self.byte() % len(choices)]

    def text(self) -> str:
        """Action text: snippets and raw characters mixed."""
        parts: list[str] = []
        for _ in range(self.byte() % 6):
            if self.byte() % 2:
                parts.append(self.pick(SNIPPETS))
            else:
                size = self.byte() % 16
                raw = self._data[self._at : self._at + size]
                self._at += size
                parts.append(raw.decode("utf-8", "replace"))
        return "".join(parts)


async def _one(server: DinactionServer, data: bytes) -> None:
    server.protocol.set_writer(_Output())
    await server.run(_Frames(_wire(data)))
    current = asyncio.current_task()
    while pending := [t for t in asyncio.all_tasks() if t is not current]:
        _, late = await asyncio.wait(pending, timeout=SETTLE_TIMEOUT)
        assert not late, f"tasks still running {SETTLE_TIMEOUT} s after the input: {late}"
    await asyncio.sleep(0)  # the callbacks the last of them scheduled
    protocol = server.protocol
    kept = set(protocol._request_futures) - set(protocol._result_types)
    assert not kept, f"futures of handled messages kept: {sorted(map(str, kept))[:5]}"
    for document in server.documents.values():
        assert document.push is None, f"{document.uri}: a push task left"


class Target:
    """What every input of a run shares: an event loop, an executor, a converter, a log handler.

    A new server per input: nothing an input leaves behind reaches the next.
    ``close()`` gives the loop and the logging back (the fuzzer never does: it exits).
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.set_default_executor(ThreadPoolExecutor(max_workers=2))
        converter = default_converter()  # type: ignore[no-untyped-call]
        self._converter_factory: Callable[[], Any] = lambda: converter
        self._findings = _Findings()
        root = logging.getLogger()
        self._level = root.level
        root.addHandler(self._findings)
        root.setLevel(logging.ERROR)

    def __call__(self, data: bytes) -> None:
        self._findings.records.clear()
        server = build_server(converter_factory=self._converter_factory)
        self._loop.run_until_complete(_one(server, data))
        if self._findings.records:
            record = self._findings.records[0]
            raise AssertionError(f"logged at {record.levelname} by {record.name}: {record.getMessage()}") from (
                record.exc_info[1] if record.exc_info else None
            )

    def close(self) -> None:
        root = logging.getLogger()
        root.removeHandler(self._findings)
        root.setLevel(self._level)
        self._loop.run_until_complete(self._loop.shutdown_default_executor())
        self._loop.close()


def main(argv: list[str]) -> None:
    from fuzz import fuzz

    fuzz(argv, Target())


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: `fuzz` importable
    main(sys.argv)
