"""Configuration files in the editor: every problem where it stands, keys completed and described."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from dinaction.config import KEYS
from dinaction.rules import ALL_RULES
from tests.lsp.session import (
    Client,
    apply_edits,
    open_document,
    position_of,
    published,
    replace_all,
    session,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")]

BROKEN = """\
max-action = 2
fail-on = "fatal"
select = ["DA002", "DA999"]

[severity]
DA102 = "info"
DA998 = "warning"
"""

PYPROJECT = """\
[project]
name = "example"
max-actions = "not ours"

[tool.dinaction]
max-actions = 3
tts-languages = ["en", "ja"]

[tool.other]
colour = "blue"
"""


def _range(text: str, needle: str) -> types.Range:
    start = text.index(needle)
    return types.Range(start=position_of(text, start), end=position_of(text, start + len(needle)))


async def test_every_problem_of_the_buffer_is_placed_on_its_key_or_value(tmp_path: Path) -> None:
    config = tmp_path / "dinaction.toml"
    async with session(root=tmp_path) as client:
        open_document(client, config.as_uri(), BROKEN, language_id="toml")
        params = await published(client, config.as_uri(), version=1)
    assert [(d.range, d.message.split(":")[0]) for d in params.diagnostics] == [
        (_range(BROKEN, "max-action"), "unknown key 'max-action' (did you mean 'max-actions'?)"),
        (_range(BROKEN, '"fatal"'), "fail-on"),
        (_range(BROKEN, '"DA999"'), "select"),
        (_range(BROKEN, "DA998"), "severity"),
    ]
    assert "unknown rule 'DA999'" in params.diagnostics[2].message
    assert all(d.severity is types.DiagnosticSeverity.Error and d.source == "dinaction" for d in params.diagnostics)
    assert all(d.code is None for d in params.diagnostics)  # no rule: the message says it all


async def test_a_pyprojects_dinaction_table_only(tmp_path: Path) -> None:
    uri = (tmp_path / "pyproject.toml").as_uri()
    other = (tmp_path / "sub" / "pyproject.toml").as_uri()
    async with session(root=tmp_path) as client:
        open_document(client, uri, PYPROJECT, language_id="toml")
        open_document(client, other, '[project]\nname = "x"\n', language_id="toml")
        params = await published(client, uri, version=1)
        none = await published(client, other, version=1)
    [problem] = params.diagnostics
    value = PYPROJECT.index("= 3") + 2
    assert problem.range == types.Range(start=position_of(PYPROJECT, value), end=position_of(PYPROJECT, value + 1))
    assert problem.message == "max-actions: expected an integer from 1 to 2, got 3"
    assert list(none.diagnostics) == []


async def test_fixing_the_buffer_clears_its_problems_and_the_broken_file_is_told_once(tmp_path: Path) -> None:
    config = tmp_path / "dinaction.toml"
    config.write_text('max-actions = "two"\n', encoding="utf-8")  # what is on disk: unusable
    action = (tmp_path / "a.din").as_uri()
    async with session(root=tmp_path) as client:
        open_document(client, config.as_uri(), 'max-actions = "two"\n', language_id="toml")
        open_document(client, action, 'say ja "こんにちは"\nsay ja "こんばんは"\n')
        first = await published(client, config.as_uri(), version=1)
        linted = await published(client, action, version=1)
        replace_all(client, config.as_uri(), "max-actions = 2\n", version=2)
        fixed = await published(client, config.as_uri(), version=2)
    assert [d.message for d in first.diagnostics] == ['max-actions: expected an integer from 1 to 2, got "two"']
    assert [d.code for d in linted.diagnostics] == ["DA101"]  # the defaults apply meanwhile
    assert list(fixed.diagnostics) == []
    warnings = [m for m in client.messages if m.type == types.MessageType.Warning]
    assert len(warnings) == 1 and "max-actions" in warnings[0].message


async def _complete(client: Client, uri: str, text: str) -> list[types.CompletionItem]:
    open_document(client, uri, text, language_id="toml")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(text, len(text))
        )
    )
    assert isinstance(result, types.CompletionList)
    return list(result.items)


async def test_completion_of_keys_values_and_rules(tmp_path: Path) -> None:
    config, pyproject = (tmp_path / "dinaction.toml").as_uri(), (tmp_path / "pyproject.toml").as_uri()
    async with session(root=tmp_path) as client:
        keys = await _complete(client, config, "max-actions = 2\n")
        severity = await _complete(client, config, 'fail-on = "')
        rules = await _complete(client, config, 'ignore = ["DA1')
        table_keys = await _complete(client, config, "[severity]\n")
        table_values = await _complete(client, config, "[severity]\nDA102 = ")
        tool = await _complete(client, pyproject, '[project]\nname = "x"\n\n[tool.dinaction]\nfail')
        project = await _complete(client, pyproject, '[project]\nname = "x"\n')
        headers = await _complete(client, pyproject, '[project]\nname = "x"\n\n[tool.d')
    assert [i.label for i in keys] == [k.name for k in KEYS if k.name != "max-actions"]
    assert keys[0].detail == KEYS[0].description
    assert [i.label for i in severity] == ["error", "warning", "info"]
    assert [i.label for i in rules] == [*(r.code for r in ALL_RULES), "ALL"]
    assert rules[0].filter_text == f"{ALL_RULES[0].code} {ALL_RULES[0].name}"
    assert [i.label for i in table_keys] == [i.label for i in rules]
    assert [i.text_edit.new_text for i in table_values if isinstance(i.text_edit, types.TextEdit)] == [
        '"error"',
        '"warning"',
        '"info"',
    ]
    fail_on = next(i for i in tool if i.label == "fail-on")
    assert isinstance(fail_on.text_edit, types.TextEdit)
    text = '[project]\nname = "x"\n\n[tool.dinaction]\nfail'
    assert apply_edits(text, [fail_on.text_edit]) == text.removesuffix("fail") + "fail-on = "
    assert project == []
    assert [i.label for i in headers] == [
        "[tool.dinaction]",
        "[tool.dinaction.per-file-ignores]",
        "[tool.dinaction.severity]",
    ]


async def test_hover_describes_the_key(tmp_path: Path) -> None:
    uri = (tmp_path / "pyproject.toml").as_uri()
    async with session(root=tmp_path) as client:
        open_document(client, uri, PYPROJECT, language_id="toml")
        await published(client, uri, version=1)

        async def hover(needle: str, occurrence: int = 0) -> str | None:
            offset = -1
            for _ in range(occurrence + 1):
                offset = PYPROJECT.index(needle, offset + 1)
            found = await client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(PYPROJECT, offset + 1)
                )
            )
            if found is None:
                return None
            assert isinstance(found.contents, types.MarkupContent)
            return found.contents.value

        ours = await hover("max-actions", 1)
        languages = await hover("tts-languages")
        theirs = await hover("max-actions")
        table = await hover("[tool.dinaction]")
    description = next(k.description for k in KEYS if k.name == "max-actions")
    assert ours == f"**max-actions**\n\n{description}\n\nDefault: `1`"
    assert languages is not None and 'Default: `["en", "ja"]`' in languages
    assert theirs is None  # [project]'s key of the same name is not dinaction's
    assert table is not None and "dinaction's configuration" in table


async def test_hover_on_a_rule_names_it(tmp_path: Path) -> None:
    uri = (tmp_path / "dinaction.toml").as_uri()
    text = 'select = ["DA002", "keyword-not-lowercase"]\n\n[severity]\nDA103 = "info"\n'
    async with session(root=tmp_path) as client:
        open_document(client, uri, text, language_id="toml")
        await published(client, uri, version=1)
        shown = []
        for needle in ("DA002", "keyword-not", "DA103", "info"):
            found = await client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(text, text.index(needle))
                )
            )
            shown.append(
                found.contents.value if found is not None and isinstance(found.contents, types.MarkupContent) else None
            )
    rules = {r.code: r for r in ALL_RULES}
    assert shown == [
        f"**DA002** `unknown-action`: {rules['DA002'].summary}",
        f"**DA102** `keyword-not-lowercase`: {rules['DA102'].summary}",
        f"**DA103** `blank-line`: {rules['DA103'].summary}",
        None,
    ]
