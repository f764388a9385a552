"""Formatting, code actions, hover, completion, symbols and semantic tokens, end to end."""

from __future__ import annotations

import pytest
from lsprotocol import types

import dinaction
from dinaction.formatter import format_text
from dinaction.rules import BY_CODE
from tests.lsp.session import (
    Client,
    apply_edits,
    open_document,
    position_of,
    published,
    session,
    utf16,
    workspace_edits,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")]

URI = "file:///work/actions/feature.din"
DOC = types.TextDocumentIdentifier(uri=URI)
OPTIONS = types.FormattingOptions(tab_size=4, insert_spaces=True)


def _range(text: str, start: int, end: int) -> types.Range:
    return types.Range(start=position_of(text, start), end=position_of(text, end))


async def _opened(client: Client, text: str) -> None:
    open_document(client, URI, text)
    await published(client, URI, version=1)


async def test_capabilities_declare_every_feature() -> None:
    async with session() as client:
        result = client.initialize_result
    assert result is not None and result.server_info is not None
    assert result.server_info.name == "dinaction"
    caps = result.capabilities
    assert caps.position_encoding in (None, types.PositionEncodingKind.Utf16)
    assert isinstance(caps.diagnostic_provider, types.DiagnosticOptions)
    assert caps.document_formatting_provider and caps.document_range_formatting_provider
    assert isinstance(caps.code_action_provider, types.CodeActionOptions)
    assert "source.fixAll.dinaction" in (caps.code_action_provider.code_action_kinds or [])
    assert caps.hover_provider and caps.document_symbol_provider
    assert caps.completion_provider is not None
    assert isinstance(caps.semantic_tokens_provider, types.SemanticTokensOptions)
    assert list(caps.semantic_tokens_provider.legend.token_types) == [
        "keyword",
        "parameter",
        "number",
        "enumMember",
        "string",
    ]


# --- formatting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "TRANSFER  +81336042000   --caller=+819012345678  \n",
        'say  ja "こんにちは😀"\r\n\r\n',
        '\n\nvoicemail   say JA "ただいま😀留守にしております"',
    ],
)
async def test_formatting_gives_the_formatters_output(text: str) -> None:
    async with session() as client:
        await _opened(client, text)
        edits = await client.text_document_formatting_async(
            types.DocumentFormattingParams(text_document=DOC, options=OPTIONS)
        )
    assert edits
    assert apply_edits(text, edits) == format_text(text)


async def test_formatting_refuses_a_broken_document_with_no_edits() -> None:
    async with session() as client:
        await _opened(client, "tranfer  +81336042000\n")
        edits = await client.text_document_formatting_async(
            types.DocumentFormattingParams(text_document=DOC, options=OPTIONS)
        )
    assert edits is not None and list(edits) == []


async def test_range_formatting_touches_only_the_lines_in_range() -> None:
    text = 'SAY  en "日本😀"\nTRANSFER   +81336042000\n'
    async with session() as client:
        await _opened(client, text)
        second = text.index("TRANSFER")
        edits = await client.text_document_range_formatting_async(
            types.DocumentRangeFormattingParams(
                text_document=DOC, range=_range(text, second + 2, second + 4), options=OPTIONS
            )
        )
    assert edits
    assert apply_edits(text, edits) == 'SAY  en "日本😀"\ntransfer +81336042000\n'


# --- code actions ----------------------------------------------------------------------


async def _actions(
    client: Client, text: str, start: int, end: int, only: list[str] | None = None
) -> list[types.CodeAction]:
    pushed = client.diagnostics.get(URI, [])
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=DOC,
            range=_range(text, start, end),
            context=types.CodeActionContext(diagnostics=list(pushed), only=only),
        )
    )
    assert result is not None
    return [a for a in result if isinstance(a, types.CodeAction)]


async def test_quick_fix_for_a_safe_fix_is_preferred_and_applies() -> None:
    text = '日本😀\nSay en "Hello"\n'  # the line before holds a broken, non-BMP line
    async with session() as client:
        await _opened(client, text)
        at = text.index("Say")
        actions = await _actions(client, text, at, at + 1, only=[types.CodeActionKind.QuickFix])
    [action] = [a for a in actions if a.diagnostics and a.diagnostics[0].code == "DA102"]
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.title == BY_CODE["DA102"].fix_title
    assert action.is_preferred is True
    assert apply_edits(text, workspace_edits(action.edit, URI)) == '日本😀\nsay en "Hello"\n'


async def test_quick_fix_for_an_unsafe_fix_is_offered_but_not_preferred() -> None:
    text = "tranfer +81336042000\n"
    async with session() as client:
        await _opened(client, text)
        actions = await _actions(client, text, 0, 0)
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    [action] = quick
    assert action.title.startswith("Replace with `transfer`")
    assert not action.is_preferred
    assert apply_edits(text, workspace_edits(action.edit, URI)) == "transfer +81336042000\n"


async def test_fix_all_applies_every_safe_fix_until_clean() -> None:
    text = 'SAY  EN "こんにちは𠮟"  \n'
    async with session() as client:
        await _opened(client, text)
        actions = await _actions(client, text, 0, 0, only=["source.fixAll"])
    [action] = actions
    assert action.kind == "source.fixAll.dinaction"
    fixed = apply_edits(text, workspace_edits(action.edit, URI))
    assert fixed == 'say en "こんにちは𠮟"\n'
    assert [d.code for d in dinaction.lint(fixed)] == ["DA406"]  # the language is still wrong: no safe fix


async def test_no_fix_all_when_nothing_is_safely_fixable() -> None:
    text = "tranfer +81336042000\n"
    async with session() as client:
        await _opened(client, text)
        actions = await _actions(client, text, 0, 0, only=["source.fixAll.dinaction"])
    assert actions == []


# --- hover -------------------------------------------------------------------------------


async def _hover(client: Client, text: str, offset: int) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(text_document=DOC, position=position_of(text, offset))
    )
    assert found is not None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def test_hover_on_a_keyword_says_what_the_action_does() -> None:
    text = "transfer +81336042000 --caller=+819012345678\n"
    async with session() as client:
        await _opened(client, text)
        shown = await _hover(client, text, 3)
    assert "forward the call to another number" in shown
    assert "The caller is transferred to +81 3-3604-2000 (Japan)" in shown


async def test_hover_on_numbers_gives_country_and_kind() -> None:
    text = "transfer +81120123456 --caller=+819012345678\n"
    async with session() as client:
        await _opened(client, text)
        target = await _hover(client, text, text.index("+8112") + 4)
        caller = await _hover(client, text, text.index("+8190") + 4)
    assert "Japan" in target and "region `JP`" in target and "toll free" in target
    assert "+81 90-1234-5678" in caller and "mobile" in caller


async def test_hover_on_language_codes_says_whether_xoxzo_speaks_them() -> None:
    text = 'say 日本 "x"\nsay ja "日本語😀"\nvoicemail say fr "Bonjour"\n'
    async with session() as client:
        await _opened(client, text)
        ja = await _hover(client, text, text.index("ja "))
        fr = await _hover(client, text, text.index("fr ") + 1)
    assert "Japanese" in ja and "speaks it" in ja
    assert "French" in fr and "Not a language Xoxzo's text-to-speech is known to speak" in fr
    assert "DA401" in fr  # the finding there, with its rule's documentation


async def test_hover_on_a_diagnostic_shows_the_rules_documentation() -> None:
    text = "😀 say\ntranfer +81336042000\n"
    async with session() as client:
        await _opened(client, text)
        shown = await _hover(client, text, text.index("tranfer") + 2)
    assert BY_CODE["DA002"].doc().strip() in shown
    assert BY_CODE["DA002"].url in shown


# --- completion --------------------------------------------------------------------------


async def _complete(client: Client, text: str, offset: int) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=DOC, position=position_of(text, offset))
    )
    assert isinstance(result, types.CompletionList)
    return list(result.items)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["playback", "transfer", "say", "voicemail"]),
        ("tra", ["playback", "transfer", "say", "voicemail"]),
        ("voicemail ", ["playback", "say"]),
        ("say ", ["en", "ja"]),
        ("voicemail say ", ["en", "ja"]),
        ("transfer +81336042000 ", ["--caller="]),
        ("transfer +81336042000 --c", ["--caller="]),
        ("playback ", []),
        ('say en "', []),
    ],
)
async def test_completion_offers_what_may_come_next(text: str, expected: list[str]) -> None:
    async with session() as client:
        open_document(client, URI, text)
        items = await _complete(client, text, len(text))
    assert [i.label for i in items] == expected


async def test_completion_replaces_the_word_being_typed_in_utf16() -> None:
    text = 'say ja "日本😀"\ntransfer +81336042000 --ca'
    async with session() as client:
        open_document(client, URI, text)
        [item] = await _complete(client, text, len(text))
    assert isinstance(item.text_edit, types.TextEdit)
    assert apply_edits(text, [item.text_edit]) == 'say ja "日本😀"\ntransfer +81336042000 --caller='


# --- symbols and semantic tokens -----------------------------------------------------------------


async def test_document_symbols_are_one_per_action() -> None:
    text = 'SAY  en "日本😀"\ntransfer +81336042000   --caller=+819012345678\n'
    async with session() as client:
        await _opened(client, text)
        found = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=DOC))
    assert found is not None
    symbols = [s for s in found if isinstance(s, types.DocumentSymbol)]
    assert [(s.name, s.detail) for s in symbols] == [
        ("say", 'say en "日本😀"'),
        ("transfer", "transfer +81336042000 --caller=+819012345678"),
    ]
    assert symbols[0].range.end == position_of(text, text.index("\n"))


async def test_semantic_tokens_mark_keywords_numbers_codes_messages_and_urls() -> None:
    text = (
        'voicemail say ja "日本😀"\ntransfer +81336042000 --caller=+819012345678\nplayback https://example.com/a.mp3\n'
    )
    async with session() as client:
        await _opened(client, text)
        legend = client.initialize_result and client.initialize_result.capabilities.semantic_tokens_provider
        tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=DOC))
    assert isinstance(legend, types.SemanticTokensOptions)
    assert tokens is not None
    decoded = []
    line = char = 0
    data = list(tokens.data)
    for i in range(0, len(data), 5):
        delta_line, delta_char, length, kind, modifiers = data[i : i + 5]
        line += delta_line
        char = char + delta_char if delta_line == 0 else delta_char
        names = [m for bit, m in enumerate(legend.legend.token_modifiers) if modifiers & (1 << bit)]
        decoded.append((line, char, length, legend.legend.token_types[kind], names))
    message = '"日本😀"'
    assert decoded == [
        (0, 0, 9, "keyword", []),
        (0, 10, 3, "keyword", []),
        (0, 14, 2, "enumMember", []),
        (0, 17, utf16(message), "string", []),
        (1, 0, 8, "keyword", []),
        (1, 9, 12, "number", []),
        (1, 22, 9, "parameter", []),
        (1, 31, 13, "number", []),
        (2, 0, 8, "keyword", []),
        (2, 9, len("https://example.com/a.mp3"), "string", ["url"]),
    ]
