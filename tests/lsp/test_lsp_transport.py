"""The wire: malformed input over a raw pipe, stdout kept for the protocol, TCP, and CLI errors."""

from __future__ import annotations

import asyncio
import json
import socket
import sys

import pytest

from dinaction.cli import run
from tests.lsp.raw import URI, Wire, initialize, stdio_server
from tests.lsp.session import SERVER, TIMEOUT


@pytest.mark.asyncio
async def test_malformed_input_is_answered_or_ignored_and_the_server_goes_on() -> None:
    async with stdio_server("--log-level", "info") as (wire, process):
        await initialize(wire)

        await wire.send_raw(b'{"jsonrpc": "2.0", "id": 2, "method": ')  # not JSON
        assert (await wire.response(None))["error"]["code"] == -32700

        await wire.send({"id": 3, "method": "textDocument/hover", "params": {"textDocument": 5}})
        assert (await wire.response(3))["error"]["code"] == -32602  # invalid params

        await wire.send_raw(b"[1, 2, 3]")  # a batch: LSP has none
        await wire.send_raw(b'{"id": 4, "method": "textDocument/hover"}')  # no "jsonrpc"
        assert (await wire.response(4))["error"]["code"] == -32600  # invalid request

        await wire.send({"id": 5, "method": "dinaction/noSuchMethod", "params": {}})
        assert (await wire.response(5))["error"]["code"] == -32601  # method not found

        await wire.send({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": URI}}})
        await wire.send({"method": "textDocument/didChange", "params": {"contentChanges": "x"}})
        hover = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 3}}
        await wire.send({"id": 6, "method": "textDocument/hover", "params": hover})
        assert (await wire.response(6))["result"] is None  # an unknown document: nothing to say

        # a position far beyond the end of a line and of the document
        item = {"uri": URI, "languageId": "dinaction", "version": 1, "text": "transfer +81336042000\n"}
        await wire.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        far = {"textDocument": {"uri": URI}, "position": {"line": 9999, "character": 9999}}
        await wire.send({"id": 7, "method": "textDocument/completion", "params": far})
        items = (await wire.response(7))["result"]["items"]  # clamped to the (empty) last line
        assert [i["label"] for i in items] == ["playback", "transfer", "say", "voicemail"]
        end = {"line": 1, "character": 0}
        assert {json.dumps(i["textEdit"]["range"]) for i in items} == {json.dumps({"start": end, "end": end})}
        await wire.send({"id": 8, "method": "textDocument/hover", "params": hover})
        shown = (await wire.response(8))["result"]["contents"]["value"]
        assert "forward the call" in shown

        await wire.send({"id": 9, "method": "shutdown"})
        assert (await wire.response(9))["result"] is None
        await wire.send({"method": "exit"})
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 0
        assert process.stderr is not None
        logs = (await process.stderr.read()).decode()
    assert "invalid params" in logs  # logs go to stderr; stdout held only frames (checked by receive)


@pytest.mark.asyncio
async def test_a_client_that_goes_away_ends_the_server() -> None:
    async with stdio_server() as (wire, process):
        await initialize(wire)
        assert process.stdin is not None
        process.stdin.close()
        assert await asyncio.wait_for(process.wait(), TIMEOUT) in (0, 1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.asyncio
async def test_tcp_serves_the_same_protocol() -> None:
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        *SERVER, "--tcp", f"127.0.0.1:{port}", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:

        async def connect() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
            while True:
                try:
                    return await asyncio.open_connection("127.0.0.1", port)
                except OSError:
                    assert process.returncode is None, "the server exited instead of listening"
                    await asyncio.sleep(0.05)

        reader, writer = await asyncio.wait_for(connect(), TIMEOUT)
        wire = Wire(reader, writer)
        answer = await initialize(wire)
        assert answer["result"]["serverInfo"]["name"] == "dinaction"
        assert answer["result"]["capabilities"]["hoverProvider"]
        item = {"uri": URI, "languageId": "dinaction", "version": 1, "text": "tranfer +81336042000\n"}
        await wire.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        pushed = await wire.receive()
        assert pushed["method"] == "textDocument/publishDiagnostics"
        assert [d["code"] for d in pushed["params"]["diagnostics"]] == ["DA002"]
        await wire.send({"id": 2, "method": "shutdown"})
        await wire.response(2)
        await wire.send({"method": "exit"})
        writer.close()
        await asyncio.wait_for(process.wait(), TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--tcp", "localhost"], "expected HOST:PORT"),
        (["--tcp", "127.0.0.1:http"], "expected HOST:PORT"),
        (["--log-level", "loud"], "use one of error, warning, info, debug"),
    ],
)
def test_bad_options_exit_2_with_one_line(args: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lsp", *args]) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1


def test_importing_dinaction_does_not_import_pygls() -> None:
    import subprocess

    code = "import sys, dinaction, dinaction.lsp; print('pygls' in sys.modules, 'lsprotocol' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
