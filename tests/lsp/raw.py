"""A raw JSON-RPC client over the server's stdio: framing and lifecycle with nothing in between to tidy them up."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tests.lsp.session import SERVER, TIMEOUT

URI = "file:///work/actions/raw.din"


class Wire:
    """Framed JSON-RPC over a pair of streams, with nothing in between to tidy it up."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter | asyncio.subprocess.Process) -> None:
        self.reader = reader
        self._writer = writer

    async def send_raw(self, body: bytes) -> None:
        stream = self._writer.stdin if isinstance(self._writer, asyncio.subprocess.Process) else self._writer
        assert stream is not None
        stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        await stream.drain()

    async def send(self, message: dict[str, Any]) -> None:
        await self.send_raw(json.dumps({"jsonrpc": "2.0", **message}).encode())

    async def receive(self) -> dict[str, Any]:
        """The next frame; every byte the server writes must be a well-formed frame."""

        async def frame() -> dict[str, Any]:
            length = None
            while True:
                header = await self.reader.readline()
                assert header.endswith(b"\r\n"), f"not a header line: {header[:200]!r}"
                if header == b"\r\n":
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            message = json.loads(await self.reader.readexactly(length))
            assert isinstance(message, dict)
            return message

        return await asyncio.wait_for(frame(), TIMEOUT)

    async def response(self, request_id: int | str | None) -> dict[str, Any]:
        """The response to ``request_id``, skipping notifications the server sends meanwhile."""
        while True:
            message = await self.receive()
            if "method" not in message and message.get("id") == request_id:
                return message


@asynccontextmanager
async def stdio_server(*args: str) -> AsyncIterator[tuple[Wire, asyncio.subprocess.Process]]:
    process = await asyncio.create_subprocess_exec(
        *SERVER,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        yield Wire(process.stdout, process), process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def initialize(wire: Wire) -> dict[str, Any]:
    await wire.send({"id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}})
    answer = await wire.response(1)
    await wire.send({"method": "initialized", "params": {}})
    return answer
