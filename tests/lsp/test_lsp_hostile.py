"""Hostile input and faults: long sessions, broken frames, huge documents, the lifecycle out of order.

Each runs the real server over stdio: the raw client where framing or the
lifecycle is the point, pytest-lsp's where a real editor's session is.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from dinaction.rules import BY_CODE
from tests.lsp.raw import URI, Wire, initialize, stdio_server
from tests.lsp.session import TIMEOUT, open_document, published, session

pytestmark = pytest.mark.asyncio

LINUX = Path("/proc/self/status").exists()


def _memory(pid: int, field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (the peak) of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field} in /proc/{pid}/status")


# --- a long editing session ------------------------------------------------------------


async def _edit(wire: Wire, edits: int, start_version: int) -> int:
    """Type and erase a character ``edits`` times, as an editor sends it; the last version.

    Every tenth edit also sets the trace level (a notification pygls handles
    itself), every 500th closes and reopens the document; after every 500 a
    request is answered, so everything before it has been handled.
    """
    line = "transfer +81336042000 --caller=+819012345678"
    at = {"line": 0, "character": len(line)}
    after = {"line": 0, "character": len(line) + 1}
    version = start_version
    for i in range(edits):
        version += 1
        if i % 500 == 499:
            await wire.send({"method": "textDocument/didClose", "params": {"textDocument": {"uri": URI}}})
            item = {"uri": URI, "languageId": "dinaction", "version": version, "text": line + "\n"}
            await wire.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
            hover = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}}
            await wire.send({"id": version, "method": "textDocument/hover", "params": hover})
            assert "forward the call" in (await wire.response(version))["result"]["contents"]["value"]
            continue
        change: dict[str, Any] = {"range": {"start": at, "end": at}, "text": "0"}
        if i % 2:
            change = {"range": {"start": at, "end": after}, "text": ""}
        identifier = {"uri": URI, "version": version}
        await wire.send(
            {"method": "textDocument/didChange", "params": {"textDocument": identifier, "contentChanges": [change]}}
        )
        if i % 10 == 0:
            await wire.send({"method": "$/setTrace", "params": {"value": "off"}})
    return version


@pytest.mark.skipif(not LINUX, reason="reads the server's resident set from /proc")
async def test_memory_stays_flat_over_a_long_editing_session() -> None:
    async with stdio_server() as (wire, process):
        await initialize(wire)
        item = {"uri": URI, "languageId": "dinaction", "version": 1, "text": "transfer +81336042000\n"}
        await wire.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        version = await _edit(wire, 2_000, 1)  # warm: every code path taken, the allocator's pools in use
        before = _memory(process.pid, "VmRSS")
        await _edit(wire, 10_000, version)
        after = _memory(process.pid, "VmRSS")
    # a message kept per notification (~2 KB each) would be 20 MB here
    assert after - before < 6, f"{before:.1f} MiB → {after:.1f} MiB over 10,000 edits"


# --- frames that cannot be read ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "said"),
    [
        (b"Content-Length: 99999999999\r\n\r\n{}", "over the limit"),
        (b"Content-Length: %d\r\n\r\n" % (64 * 2**20 + 1), "over the limit"),
        (b'Content-Type: application/vscode-jsonrpc\r\n\r\n{"jsonrpc": "2.0"}', "without Content-Length"),
        (b"Content-Length: abc\r\n\r\n", "unreadable Content-Length"),
        (b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", "two Content-Length"),
        (b"hello, server\r\n\r\n", "not a message header line"),
        (b"Content-Length: 2\n\n{}", "no CRLF"),
        (b"X-Padding: " + b"x" * 5000 + b"\r\n", "longer than"),
    ],
)
async def test_an_unreadable_frame_ends_the_server_with_one_line(sent: bytes, said: str) -> None:
    async with stdio_server("--log-level", "error") as (wire, process):
        await initialize(wire)
        assert process.stdin is not None and process.stderr is not None
        process.stdin.write(sent)
        # a well-formed request after it: no server may go on as if the stream were still framed
        await wire.send({"id": 2, "method": "shutdown"})
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 1
        logs = (await process.stderr.read()).decode().splitlines()
    assert len(logs) == 1 and said in logs[0], logs
    assert "MemoryError" not in logs[0]


async def test_a_short_content_length_is_a_parse_error_then_the_end() -> None:
    async with stdio_server("--log-level", "error") as (wire, process):
        await initialize(wire)
        assert process.stdin is not None and process.stderr is not None
        body = b'{"jsonrpc": "2.0", "id": 2, "method": "shutdown"}'
        process.stdin.write(b"Content-Length: 10\r\n\r\n" + body)  # the rest of the body is read as a header
        await wire.send({"id": 3, "method": "shutdown"})
        assert (await wire.response(None))["error"]["code"] == -32700
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 1
        logs = (await process.stderr.read()).decode().splitlines()
    assert len(logs) == 1 and "not a message header line" in logs[0], logs


async def test_a_frame_at_the_end_of_the_input_is_an_error_and_a_clean_end_is_not() -> None:
    async with stdio_server("--log-level", "error") as (wire, process):
        await initialize(wire)
        assert process.stdin is not None and process.stderr is not None
        process.stdin.write(b"Content-Length: 100\r\n\r\n{}")
        process.stdin.close()
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 1
        logs = (await process.stderr.read()).decode().splitlines()
    assert len(logs) == 1 and "ended inside a message (2 of 100 bytes)" in logs[0], logs

    async with stdio_server("--log-level", "error") as (wire, process):
        await initialize(wire)
        await wire.send({"id": 2, "method": "shutdown"})
        await wire.response(2)
        assert process.stdin is not None and process.stderr is not None
        process.stdin.close()  # shut down, then gone without exit: nothing went wrong
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 0
        assert await process.stderr.read() == b""


# --- the lifecycle out of order -----------------------------------------------------------------


async def test_requests_before_initialize_are_refused_and_exit_without_shutdown_is_1() -> None:
    async with stdio_server() as (wire, process):
        hover = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}}
        await wire.send({"id": "early", "method": "textDocument/hover", "params": hover})
        refused = await wire.response("early")
        assert refused["error"]["code"] == -32002  # ServerNotInitialized
        assert "initialize" in refused["error"]["message"]
        item = {"uri": URI, "languageId": "dinaction", "version": 1, "text": "transfer +81336042000\n"}
        await wire.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})  # dropped

        answer = await initialize(wire)
        assert answer["result"]["serverInfo"]["name"] == "dinaction"
        await wire.send({"id": 2, "method": "textDocument/hover", "params": hover})
        assert (await wire.response(2))["result"] is None  # the early didOpen was not taken

        await wire.send({"method": "exit"})
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 1


async def test_requests_after_shutdown_are_invalid_and_exit_after_it_is_0() -> None:
    async with stdio_server() as (wire, process):
        await initialize(wire)
        await wire.send({"id": 2, "method": "shutdown"})
        assert (await wire.response(2))["result"] is None
        hover = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}}
        await wire.send({"id": 3, "method": "textDocument/hover", "params": hover})
        assert (await wire.response(3))["error"]["code"] == -32600  # InvalidRequest
        await wire.send({"method": "exit"})
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 0


async def test_a_request_with_an_id_no_answer_can_name_is_invalid() -> None:
    async with stdio_server() as (wire, process):
        await initialize(wire)
        for unusable in ([7], {"n": 7}, 1.5, True, None):
            await wire.send({"id": unusable, "method": "shutdown"})
            answer = await wire.response(None)
            assert answer["error"]["code"] == -32600, unusable
        await wire.send({"id": 2, "method": "shutdown"})  # not taken as a shutdown before
        assert (await wire.response(2))["result"] is None
        await wire.send({"method": "exit"})
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 0


# --- a document over max-file-size --------------------------------------------------------------


async def test_a_document_over_max_file_size_gets_its_finding_and_nothing_walks_it() -> None:
    # 20 MB in 10 million lines: whatever indexed its lines would take hundreds of MB
    lines = 10_000_000
    text = "x\n" * lines + "tranfer +81336042000\n"
    identifier = types.TextDocumentIdentifier(uri=URI)
    async with session() as client:
        assert client._server is not None
        pid = client._server.pid
        open_document(client, URI, text)
        del text
        pushed = await published(client, URI, version=1)
        assert [(d.code, d.range) for d in pushed.diagnostics] == [
            ("DA022", types.Range(types.Position(0, 0), types.Position(0, 0)))
        ]

        start = types.Position(line=0, character=0)
        symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=identifier))
        assert symbols is not None and list(symbols) == []
        tokens = await client.text_document_semantic_tokens_full_async(
            types.SemanticTokensParams(text_document=identifier)
        )
        assert tokens is not None and list(tokens.data) == []
        options = types.FormattingOptions(tab_size=4, insert_spaces=True)
        formatted = await client.text_document_formatting_async(types.DocumentFormattingParams(identifier, options))
        assert formatted is not None and list(formatted) == []
        everything = types.Range(start=start, end=types.Position(line=lines, character=0))
        context = types.CodeActionContext(diagnostics=list(pushed.diagnostics))
        actions = await client.text_document_code_action_async(types.CodeActionParams(identifier, everything, context))
        assert actions is not None and list(actions) == []
        completion = await client.text_document_completion_async(
            types.CompletionParams(identifier, types.Position(line=lines // 2, character=0))
        )
        assert isinstance(completion, types.CompletionList) and list(completion.items) == []
        at_start = await client.text_document_hover_async(types.HoverParams(identifier, start))
        assert at_start is not None and isinstance(at_start.contents, types.MarkupContent)
        assert BY_CODE["DA022"].url in at_start.contents.value
        assert await client.text_document_hover_async(types.HoverParams(identifier, types.Position(5, 0))) is None

        # an edit far down is placed where it belongs: all but the last line removed, it is read again
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
                content_changes=[types.TextDocumentContentChangePartial(range=everything, text="")],
            )
        )
        edited = await published(client, URI, version=2)
        assert [(d.code, d.range.start) for d in edited.diagnostics] == [("DA002", start)]
        peak = _memory(pid, "VmHWM") if LINUX else 0.0
    assert peak < 300, f"peak resident set {peak:.0f} MiB"
