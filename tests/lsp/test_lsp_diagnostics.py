"""Diagnostics as an editor receives them: pushed, pulled, at UTF-16 positions, never stale."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

import dinaction
from dinaction.rules import BY_CODE
from tests.lsp.session import (
    EMACS,
    NEOVIM_PULL,
    NEOVIM_UTF8,
    TIMEOUT,
    Client,
    open_document,
    position_of,
    published,
    replace_all,
    session,
    utf16,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")]

URI = "file:///work/actions/main.din"


def _codes(params: types.PublishDiagnosticsParams) -> list[str]:
    return [str(d.code) for d in params.diagnostics]


def _expected(text: str) -> list[tuple[str, types.Position, types.Position]]:
    """What the library finds, placed at UTF-16 positions by the test's own conversion."""
    return [(d.code, position_of(text, d.span.start), position_of(text, d.span.end)) for d in dinaction.lint(text)]


def _seen(diagnostics: object) -> list[tuple[str, types.Position, types.Position]]:
    assert isinstance(diagnostics, list | tuple)
    return [(str(d.code), d.range.start, d.range.end) for d in diagnostics]


async def test_pushed_on_open_with_code_severity_link_and_source() -> None:
    async with session() as client:
        open_document(client, URI, "tranfer +81336042000\n")
        params = await published(client, URI, version=1)
    [found] = params.diagnostics
    assert found.code == "DA002"
    assert found.severity is types.DiagnosticSeverity.Error
    assert found.source == "dinaction"
    assert found.code_description is not None
    assert found.code_description.href == BY_CODE["DA002"].url
    assert found.message == "unknown action `tranfer`; did you mean `transfer`?"
    assert found.range == types.Range(start=types.Position(line=0, character=0), end=types.Position(0, 7))


async def test_warnings_map_to_lsp_warnings() -> None:
    async with session() as client:
        open_document(client, URI, "playback https://example.com/a.wav\n")
        params = await published(client, URI, version=1)
    assert [(d.code, d.severity) for d in params.diagnostics] == [("DA204", types.DiagnosticSeverity.Warning)]


async def test_pushed_again_on_change_and_on_save() -> None:
    async with session() as client:
        open_document(client, URI, "tranfer +81336042000\n")
        assert _codes(await published(client, URI, version=1)) == ["DA002"]
        replace_all(client, URI, "transfer +81336042000\n", version=2)
        assert _codes(await published(client, URI, version=2)) == []
        before = len(client.published)
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI))
        )

        async def pushed_again() -> None:
            while len(client.published) == before:
                await asyncio.sleep(0.01)

        await asyncio.wait_for(pushed_again(), TIMEOUT)
        assert client.published[-1].version == 2
        assert _codes(client.published[-1]) == []


async def test_closing_clears_the_documents_diagnostics() -> None:
    async with session() as client:
        open_document(client, URI, "tranfer +81336042000\n")
        await published(client, URI, version=1)
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI))
        )

        async def cleared() -> None:
            while client.published[-1].diagnostics:
                await asyncio.sleep(0.01)

        await asyncio.wait_for(cleared(), TIMEOUT)


async def test_positions_count_utf16_units_after_japanese_and_emoji() -> None:
    # 日本 are one unit each, 😀 two: `oops` starts at code point 13 but UTF-16 unit 14
    text = 'say ja "日本😀" oops\ntransfer +81336042000 --caller=+819012345678 😀x\n'
    async with session() as client:
        open_document(client, URI, text)
        params = await published(client, URI, version=1)
    first = params.diagnostics[0]
    assert first.code == "DA004"
    assert first.range.start == types.Position(line=0, character=14)
    assert first.range.end == types.Position(line=0, character=18)
    assert utf16('say ja "日本😀" ') == 14 != len('say ja "日本😀" ')
    assert _seen(params.diagnostics) == _expected(text)


async def test_incremental_edits_are_placed_by_utf16_positions() -> None:
    text = 'say ja "こんにちは𠮟" x\n'
    async with session() as client:
        open_document(client, URI, text)
        assert _codes(await published(client, URI, version=1)) == ["DA004"]
        # delete ` x`, addressed in UTF-16 units (after the emoji's surrogate pair)
        start = position_of(text, text.index(" x"))
        end = types.Position(line=0, character=start.character + 2)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text="")
                ],
            )
        )
        assert _codes(await published(client, URI, version=2)) == []
        edits = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=types.TextDocumentIdentifier(uri=URI), options=types.FormattingOptions(2, True)
            )
        )
    # the server's text is exactly `say ja "こんにちは𠮟"\n`, already canonical
    assert edits is not None and list(edits) == []


async def test_a_client_preferring_utf8_gets_utf8_columns() -> None:
    text = 'say ja "日本😀" oops\n'
    async with session(NEOVIM_UTF8) as client:
        result = client.initialize_result
        open_document(client, URI, text)
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=URI))
        )
    assert result is not None
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    [found] = report.items
    assert found.range.start.character == len('say ja "日本😀" '.encode())


async def test_a_client_preferring_utf32_gets_code_point_columns() -> None:
    async with session(EMACS) as client:
        open_document(client, URI, 'say ja "日本😀" oops\n')
        params = await published(client, URI, version=1)
    assert params.diagnostics[0].range.start.character == 13


async def test_pull_clients_get_reports_and_no_duplicate_pushes() -> None:
    async with session(NEOVIM_PULL) as client:
        open_document(client, URI, "tranfer +81336042000\n")
        identifier = types.TextDocumentIdentifier(uri=URI)
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=identifier))
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert [(d.code, d.source) for d in report.items] == [("DA002", "dinaction")]
        again = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=identifier, previous_result_id=report.result_id)
        )
        assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
        replace_all(client, URI, "transfer +81336042000\n", version=2)
        fresh = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=identifier, previous_result_id=report.result_id)
        )
        assert isinstance(fresh, types.RelatedFullDocumentDiagnosticReport)
        assert list(fresh.items) == []
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=identifier))
        await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=identifier))
        assert client.published == []
        # closed and opened again at version 1 with other text: the old result id no longer fits
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=identifier))
        open_document(client, URI, "tranfer +81336042000\nsay en\n")
        reopened = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=identifier, previous_result_id=report.result_id)
        )
        assert isinstance(reopened, types.RelatedFullDocumentDiagnosticReport)
        assert [d.code for d in reopened.items] == ["DA002", "DA003"]


async def test_only_selected_rules_are_reported(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    (tmp_path / "dinaction.toml").write_text('ignore = ["url-not-mp3"]\n', encoding="utf-8")
    uri = (tmp_path / "a.din").as_uri()
    async with session(root=tmp_path) as client:
        open_document(client, uri, "playback https://example.com/a.wav\nplayback https://example.com/b.mp3\n")
        params = await published(client, uri, version=1)
    assert _codes(params) == ["DA101"]


async def test_stale_versions_are_never_published() -> None:
    # long enough that lints take a while, so edits arrive while one is running
    body = "playback https://example.com/a.mp3\n" * 3000
    texts = [body + ("tranfer" if i % 2 else "transfer") + f" +8133604200{i % 10}\n" for i in range(40)]
    async with session() as client:
        open_document(client, URI, texts[0])
        for version, text in enumerate(texts[1:], start=2):
            replace_all(client, URI, text, version)
            await asyncio.sleep(0.005)  # let the server start linting between edits
        last = await published(client, URI, version=len(texts))
        # a request after the last push: anything queued before it has been sent
        await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI))
        )
    versions = [p.version or 0 for p in client.published]
    assert versions == sorted(versions)
    assert client.published[-1] is last
    for params in client.published:
        assert params.version is not None
        assert _seen(params.diagnostics) == _expected(texts[params.version - 1])


async def test_a_burst_of_1000_edits_then_answers() -> None:
    # typing a Japanese message with emoji, one character per didChange, positions in UTF-16
    text = 'say ja "お"\n'
    typed = ("こんにちは😀、" * 200)[:1000]
    async with session() as client:
        open_document(client, URI, text)
        at = text.index('"') + 2
        for version, char in enumerate(typed, start=2):
            where = position_of(text, at)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(range=types.Range(start=where, end=where), text=char)
                    ],
                )
            )
            text = text[:at] + char + text[at:]
            at += 1
        final = await published(client, URI, version=len(typed) + 1)
        symbols = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI))
        )
    assert _seen(final.diagnostics) == _expected(text) != []  # 1,001 characters: too long (DA405)
    assert symbols is not None
    [symbol] = symbols
    assert isinstance(symbol, types.DocumentSymbol)
    assert symbol.detail == text.rstrip("\n")
    assert len(client.published) < len(typed) / 2  # edits were coalesced, not linted one by one


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a 5 MB line", 'say en "' + "Please hold. " * 400_000 + '"\n'),
        ("50k lines", "playback https://example.com/a.mp3\n" * 50_000),
        ("5 MB of junk on one line", "x" * 5_000_000),
    ],
)
async def test_huge_documents_are_linted_and_the_server_still_answers(name: str, text: str) -> None:
    async with session() as client:
        open_document(client, URI, text)
        params = await published(client, URI, version=1)
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(0, 0))
        )
        client_ok: Client = client
    assert _seen(params.diagnostics) == _expected(text), name
    assert hover is not None
    assert client_ok.error is None
