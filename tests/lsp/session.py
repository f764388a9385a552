"""A real LSP client (pytest-lsp's) talking to ``python -m dinaction lsp`` over stdio.

The helpers on the test side convert UTF-16 positions on their own, with
Python's codec, so that the server's conversion is checked against an
independent one rather than against itself.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "dinaction", "lsp"]
#: an upper bound for an answer to arrive; a hang fails the test instead of blocking CI
TIMEOUT = 60.0

VSCODE = "visual-studio-code"  # pushes are read; registers file watchers dynamically
NEOVIM_PULL = "neovim@v0.10.0"  # pulls diagnostics; UTF-16 only
NEOVIM_UTF8 = "neovim@v0.11.0"  # pulls; prefers UTF-8 positions
EMACS = "emacs"  # prefers UTF-32 positions


class Client(LanguageClient):
    """pytest-lsp's client, keeping every push and registration (not just the last)."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.Registration] = []
        self.initialize_result: types.InitializeResult | None = None


def _make_client() -> Client:
    client = Client()
    defaults = {k: v for k, v in DEFAULT_CLIENT_FEATURES.items() if k != types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS}
    register_lsp_features(client, defaults)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # type: ignore[untyped-decorator]
    def publish(params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)  # type: ignore[untyped-decorator]
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    return client


@asynccontextmanager
async def session(
    client_spec: str | types.ClientCapabilities = VSCODE, root: Path | None = None
) -> AsyncIterator[Client]:
    """An initialized session with the capabilities of a real client; shut down cleanly after."""
    capabilities = client_capabilities(client_spec) if isinstance(client_spec, str) else client_spec
    config = ClientServerConfig(server_command=SERVER, client_factory=_make_client)
    client = await config.start()
    assert isinstance(client, Client)
    try:
        params = types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri() if root is not None else None,
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)] if root else None,
        )
        client.initialize_result = await asyncio.wait_for(client.initialize_session(params), TIMEOUT)
        yield client
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    finally:
        server = client._server
        if server is not None and server.returncode is None:  # a failed test: no clean shutdown
            server.kill()
        await client.stop()  # type: ignore[no-untyped-call]


async def pushed_after(client: Client, uri: str, count: int) -> types.PublishDiagnosticsParams:
    """The first push for ``uri`` after the first ``count`` pushes of the session."""

    async def wait() -> types.PublishDiagnosticsParams:
        while True:
            for params in client.published[count:]:
                if params.uri == uri:
                    return params
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(wait(), TIMEOUT)


def open_document(client: Client, uri: str, text: str, version: int = 1, language_id: str = "dinaction") -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=version, text=text)
        )
    )


def replace_all(client: Client, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def published(client: Client, uri: str, version: int | None = None) -> types.PublishDiagnosticsParams:
    """The first push for ``uri`` (at ``version``) that has arrived or arrives."""

    def find() -> types.PublishDiagnosticsParams | None:
        for params in client.published:
            if params.uri == uri and (version is None or params.version == version):
                return params
        return None

    async def wait() -> types.PublishDiagnosticsParams:
        while (found := find()) is None:
            server = client._server
            assert server is None or server.returncode is None, f"the server exited ({server.returncode})"
            await asyncio.sleep(0.01)
        return found

    return await asyncio.wait_for(wait(), TIMEOUT)


def utf16(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, by the codec (not by the server's code)."""
    return len(text.encode("utf-16-le")) // 2


def position_of(text: str, offset: int) -> types.Position:
    """The UTF-16 LSP position of a code-point offset (test-side, for texts with LF only)."""
    before = text[:offset]
    line = before.count("\n")
    column = utf16(before[before.rfind("\n") + 1 :])
    return types.Position(line=line, character=column)


def offset_of(text: str, position: types.Position) -> int:
    """The code-point offset of a UTF-16 position (test-side; LF or CRLF)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    encoded = lines[position.line].encode("utf-16-le")[: position.character * 2]
    return start + len(encoded.decode("utf-16-le"))


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """What a client does with text edits: apply them back to front."""
    spans = [(offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def workspace_edits(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    """The text edits a workspace edit makes to ``uri``, whichever form the server chose."""
    assert edit is not None
    found: list[types.TextEdit] = []
    if edit.changes:
        found.extend(edit.changes.get(uri, []))
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        if change.text_document.uri == uri:
            found.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    return found
