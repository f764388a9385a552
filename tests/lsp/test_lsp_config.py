"""Configuration: the nearest dinaction.toml / pyproject.toml applies, and edits to it are picked up."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import client_capabilities

from tests.lsp.session import (
    NEOVIM_PULL,
    TIMEOUT,
    Client,
    open_document,
    published,
    pushed_after,
    session,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")]

TWO_ACTIONS = 'say ja "お電話ありがとうございます𠮟"\nplayback https://example.com/a.wav\n'


def _codes(params: types.PublishDiagnosticsParams) -> list[str]:
    return [str(d.code) for d in params.diagnostics]


def _changed(client: Client, path: Path, kind: types.FileChangeType = types.FileChangeType.Changed) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=path.as_uri(), type=kind)])
    )


async def _registered(client: Client) -> list[str]:
    async def wait() -> list[types.Registration]:
        while not client.registrations:
            await asyncio.sleep(0.01)
        return client.registrations

    [registration] = await asyncio.wait_for(wait(), TIMEOUT)
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    options = registration.register_options  # as sent: JSON, not structured by the client
    assert isinstance(options, dict)
    return sorted(str(w["globPattern"]) for w in options["watchers"])


async def test_watched_config_changes_relint_open_documents(tmp_path: Path) -> None:
    uri = (tmp_path / "hours.din").as_uri()
    config = tmp_path / "dinaction.toml"
    async with session(root=tmp_path) as client:
        assert await _registered(client) == ["**/dinaction.toml", "**/pyproject.toml"]
        open_document(client, uri, TWO_ACTIONS)
        assert _codes(await published(client, uri, version=1)) == ["DA101", "DA204"]

        seen = len(client.published)
        config.write_text("max-actions = 2\n", encoding="utf-8")
        _changed(client, config, types.FileChangeType.Created)
        assert _codes(await pushed_after(client, uri, seen)) == ["DA204"]

        seen = len(client.published)
        config.write_text('max-actions = 2\nignore = ["url-not-mp3"]\n', encoding="utf-8")
        _changed(client, config)
        after = await pushed_after(client, uri, seen)
        assert _codes(after) == []
        assert after.version == 1

        seen = len(client.published)
        config.unlink()
        _changed(client, config, types.FileChangeType.Deleted)
        assert _codes(await pushed_after(client, uri, seen)) == ["DA101", "DA204"]


async def test_a_nested_pyproject_table_applies_to_the_files_below_it(tmp_path: Path) -> None:
    (tmp_path / "dinaction.toml").write_text("max-actions = 2\n", encoding="utf-8")
    nested = tmp_path / "legacy"
    nested.mkdir()
    (nested / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.dinaction]\nmax-actions = 1\nextend-select = ["DA306"]\n', encoding="utf-8"
    )
    top, below = (tmp_path / "a.din").as_uri(), (nested / "b.din").as_uri()
    async with session(root=tmp_path) as client:
        open_document(client, top, TWO_ACTIONS)
        open_document(client, below, TWO_ACTIONS + "")
        assert _codes(await published(client, top, version=1)) == ["DA204"]
        assert _codes(await published(client, below, version=1)) == ["DA101", "DA204"]


async def test_saving_a_config_file_relints_without_a_watcher(tmp_path: Path) -> None:
    uri = (tmp_path / "a.din").as_uri()
    config = tmp_path / "dinaction.toml"
    async with session("neovim@v0.9.1", root=tmp_path) as client:  # no dynamic watchers; pushes
        open_document(client, uri, TWO_ACTIONS)
        assert _codes(await published(client, uri, version=1)) == ["DA101", "DA204"]
        seen = len(client.published)
        config.write_text("max-actions = 2\n", encoding="utf-8")
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config.as_uri()))
        )
        assert _codes(await pushed_after(client, uri, seen)) == ["DA204"]
        assert client.registrations == []


async def test_an_unusable_config_is_reported_once_and_defaults_apply(tmp_path: Path) -> None:
    (tmp_path / "dinaction.toml").write_text('max-actions = "two"\n', encoding="utf-8")
    first, second = (tmp_path / "a.din").as_uri(), (tmp_path / "b.din").as_uri()
    async with session(root=tmp_path) as client:
        open_document(client, first, TWO_ACTIONS)
        open_document(client, second, TWO_ACTIONS)
        assert _codes(await published(client, first, version=1)) == ["DA101", "DA204"]
        await published(client, second, version=1)
    warnings = [m for m in client.messages if m.type == types.MessageType.Warning]
    assert len(warnings) == 1
    assert "dinaction.toml" in warnings[0].message and "max-actions" in warnings[0].message


async def test_pull_clients_are_asked_to_refresh_on_config_change(tmp_path: Path) -> None:
    capabilities = client_capabilities(NEOVIM_PULL)
    assert capabilities.workspace is not None
    capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    uri = (tmp_path / "a.din").as_uri()
    config = tmp_path / "dinaction.toml"
    identifier = types.TextDocumentIdentifier(uri=uri)
    async with session(capabilities, root=tmp_path) as client:
        open_document(client, uri, TWO_ACTIONS)
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=identifier))
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert [d.code for d in report.items] == ["DA101", "DA204"]
        config.write_text("max-actions = 2\n", encoding="utf-8")
        _changed(client, config, types.FileChangeType.Created)

        async def refreshed() -> None:
            while client.diagnostic_refresh_count == 0:
                await asyncio.sleep(0.01)

        await asyncio.wait_for(refreshed(), TIMEOUT)
        again = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=identifier, previous_result_id=report.result_id)
        )
    assert isinstance(again, types.RelatedFullDocumentDiagnosticReport)
    assert [d.code for d in again.items] == ["DA204"]
