"""Routes files in the editor: the buffer's findings where they stand, completion and hover from the schema."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from lsprotocol import types

from dinaction.rules import BY_CODE
from dinaction.serve import SCHEMA_PATH, lint_routes_text
from dinaction.serve.conditions import DAYS
from tests.lsp.session import (
    NEOVIM_PULL,
    Client,
    apply_edits,
    open_document,
    position_of,
    published,
    pushed_after,
    replace_all,
    session,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")]

ROUTES = """\
timezone = "Asia/Tokyo"
timzone = "UTC"

[[route]]
name = "weekdays"
days = ["mon", "tue", "wed", "thu", "fri"]
action = 'say ja "お電話𠮟ありがとう" x'

[[route]]
name = "monday"
days = "mon"
action = 'tranfer +81336042000'

[[route]]
name = "everyone"
recipient = "+81120123456"
action = "transfer +81336042000"
"""

FIXED = """\
timezone = "Asia/Tokyo"

[[route]]
name = "weekdays"
days = ["mon", "tue", "wed", "thu", "fri"]
action = 'say ja "お電話𠮟ありがとう"'

[[route]]
name = "everyone"
action = "transfer +81336042000"
"""


def _at(text: str, needle: str, occurrence: int = 0) -> tuple[types.Position, types.Position]:
    """The range of ``needle`` (its ``occurrence``-th), less a closing quote it ends with."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return position_of(text, start), position_of(text, start + len(needle.removesuffix("'")))


def _seen(diagnostics: object) -> list[tuple[str, types.Position, types.Position, str]]:
    assert isinstance(diagnostics, list | tuple)
    return [(str(d.code), d.range.start, d.range.end, d.message) for d in diagnostics]


async def test_the_buffers_findings_are_placed_on_the_toml_text(tmp_path: Path) -> None:
    routes = tmp_path / "routes.toml"  # never written: the buffer is what is checked
    async with session(root=tmp_path) as client:
        open_document(client, routes.as_uri(), ROUTES, language_id="toml")
        params = await published(client, routes.as_uri(), version=1)
    assert not routes.exists()
    assert _seen(params.diagnostics) == [
        ("DA501", *_at(ROUTES, "timzone"), "unknown key `timzone`: did you mean `timezone`?"),
        ("DA004", *_at(ROUTES, "x'"), "unexpected `x`: `say` takes a language code and one quoted message"),
        (
            "DA507",
            *_at(ROUTES, '"monday"'),
            "route `monday` is never chosen: every call it matches is matched first by `weekdays` (line 4)",
        ),
        ("DA002", *_at(ROUTES, "tranfer"), "unknown action `tranfer`; did you mean `transfer`?"),
        (
            "DA506",
            *_at(ROUTES, "[[route]]", 2),
            "the last route, `everyone`, has conditions: end with a route without any, for every other call",
        ),
    ]
    found = params.diagnostics[2]
    assert found.source == "dinaction" and found.severity is types.DiagnosticSeverity.Error
    assert found.code_description is not None and found.code_description.href == BY_CODE["DA507"].url
    # the library's own findings for the same text, at the same places
    library = lint_routes_text(ROUTES, routes)
    assert [(d.code, position_of(ROUTES, d.span.start)) for d in library] == [
        (str(d.code), d.range.start) for d in params.diagnostics
    ]


async def test_a_routes_file_edited_from_broken_to_fixed_clears_its_findings(tmp_path: Path) -> None:
    uri = (tmp_path / "routes.toml").as_uri()
    broken = '[[route]]\nname = "everyone\naction = "transfer +81336042000"\n'
    async with session(root=tmp_path) as client:
        open_document(client, uri, broken, language_id="toml")
        first = await published(client, uri, version=1)
        [finding] = first.diagnostics
        assert finding.code == "DA500"
        assert finding.range.start == position_of(broken, broken.index("\n", 10))  # the unclosed string's line end
        replace_all(client, uri, FIXED, version=2)
        second = await published(client, uri, version=2)
    assert list(second.diagnostics) == []


async def test_pulled_by_clients_that_pull(tmp_path: Path) -> None:
    uri = (tmp_path / "routes.toml").as_uri()
    identifier = types.TextDocumentIdentifier(uri=uri)
    async with session(NEOVIM_PULL, root=tmp_path) as client:
        open_document(client, uri, ROUTES, language_id="toml")
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=identifier))
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        again = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=identifier, previous_result_id=report.result_id)
        )
        replace_all(client, uri, FIXED, version=2)
        fixed = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=identifier, previous_result_id=report.result_id)
        )
    assert [d.code for d in report.items] == ["DA501", "DA004", "DA507", "DA002", "DA506"]
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert isinstance(fixed, types.RelatedFullDocumentDiagnosticReport) and list(fixed.items) == []
    assert client.published == []


async def test_an_action_file_saved_beside_the_routes_file_is_read_again(tmp_path: Path) -> None:
    uri = (tmp_path / "routes.toml").as_uri()
    action = tmp_path / "reception.din"
    text = '[[route]]\nname = "everyone"\nfile = "reception.din"\n'
    async with session(root=tmp_path) as client:
        open_document(client, uri, text, language_id="toml")
        missing = await published(client, uri, version=1)
        assert [(d.code, d.range.start) for d in missing.diagnostics] == [
            ("DA509", position_of(text, text.index('"reception')))
        ]
        seen = len(client.published)
        action.write_text("tranfer +81336042000\n", encoding="utf-8")
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=action.as_uri()))
        )
        broken = await pushed_after(client, uri, seen)
        assert [d.code for d in broken.diagnostics] == ["DA510"]
        assert "DA002" in broken.diagnostics[0].message
        seen = len(client.published)
        action.write_text("transfer +81336042000\n", encoding="utf-8")
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=action.as_uri()))
        )
        fixed = await pushed_after(client, uri, seen)
    assert list(fixed.diagnostics) == []


async def test_another_name_is_a_routes_file_by_its_language_id_and_other_toml_is_left_alone(tmp_path: Path) -> None:
    weekend, cargo = (tmp_path / "weekend.toml").as_uri(), (tmp_path / "Cargo.toml").as_uri()
    async with session(root=tmp_path) as client:
        open_document(client, cargo, '[package]\nname = "x"\ntimzone = 1\n', language_id="toml")
        open_document(client, weekend, ROUTES, language_id="dinaction-routes")
        params = await published(client, weekend, version=1)
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=cargo), position=types.Position(1, 1))
        )
        items = await client.text_document_completion_async(
            types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=cargo), position=types.Position(3, 0))
        )
        await asyncio.sleep(0.2)  # a push for Cargo.toml would have come with the other one
    assert [d.code for d in params.diagnostics][:1] == ["DA501"]
    assert hover is None
    assert isinstance(items, types.CompletionList) and list(items.items) == []
    assert [p.uri for p in client.published] == [weekend]


# --- completion ------------------------------------------------------------------------------------


async def _complete(client: Client, uri: str, text: str, offset: int | None = None) -> list[types.CompletionItem]:
    open_document(client, uri, text, language_id="toml")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, len(text) if offset is None else offset),
        )
    )
    assert isinstance(result, types.CompletionList)
    return list(result.items)


async def test_completion_offers_the_schemas_keys_where_keys_go(tmp_path: Path) -> None:
    uri = (tmp_path / "routes.toml").as_uri()
    route_keys = list(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["$defs"]["route"]["properties"])
    async with session(root=tmp_path) as client:
        top = await _complete(client, uri, "")
        route = await _complete(client, uri, '[[route]]\nname = "vip"\n')
        typed = await _complete(client, uri, '[[route]]\nname = "vip"\nho')
        header = await _complete(client, uri, "timezone = 'UTC'\n\n[[ro")
    assert [i.label for i in top] == ["timezone", "[[route]]"]
    assert top[0].detail == "The IANA time zone in which days, hours and dates are read."
    assert [i.label for i in route] == [*(k for k in route_keys if k != "name"), "[[route]]"]
    holidays = next(i for i in typed if i.label == "holidays")
    assert isinstance(holidays.text_edit, types.TextEdit)
    text = '[[route]]\nname = "vip"\nho'
    assert apply_edits(text, [holidays.text_edit]) == '[[route]]\nname = "vip"\nholidays = '
    [table] = header
    assert isinstance(table.text_edit, types.TextEdit)
    assert apply_edits("timezone = 'UTC'\n\n[[ro", [table.text_edit]) == "timezone = 'UTC'\n\n[[route]]"


async def test_completion_offers_the_values_the_checks_accept(tmp_path: Path) -> None:
    uri = (tmp_path / "routes.toml").as_uri()
    async with session(root=tmp_path) as client:
        days = await _complete(client, uri, '[[route]]\nname = "vip"\ndays = ["mon", "')
        bare = await _complete(client, uri, '[[route]]\nname = "vip"\ndays = ')
        multiline = await _complete(client, uri, '[[route]]\nname = "x"\nholidays = [\n  "JP",\n  ')
        subdivisions = await _complete(client, uri, '[[route]]\nname = "x"\nholidays = "US-')
        zones = await _complete(client, uri, 'timezone = "Asia/To')
        caller = await _complete(client, uri, '[[route]]\ncaller = "')
        none = await _complete(client, uri, '[[route]]\nname = "')
    assert [i.label for i in days] == list(DAYS)
    assert [i.text_edit.new_text for i in days if isinstance(i.text_edit, types.TextEdit)] == list(DAYS)
    assert [i.text_edit.new_text for i in bare if isinstance(i.text_edit, types.TextEdit)] == [f'"{d}"' for d in DAYS]
    labels = [i.label for i in multiline]
    assert "JP" in labels and "US" in labels and all(len(label) == 2 for label in labels)
    assert "US-CA" in [i.label for i in subdivisions]
    text = 'timezone = "Asia/To'
    tokyo = next(i for i in zones if i.label == "Asia/Tokyo")
    assert isinstance(tokyo.text_edit, types.TextEdit)
    assert apply_edits(text, [tokyo.text_edit]) == 'timezone = "Asia/Tokyo'
    assert [i.label for i in caller] == ["withheld"]
    assert none == []


# --- hover -------------------------------------------------------------------------------------------


async def _hover(client: Client, uri: str, text: str, offset: int) -> str | None:
    found = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(text, offset))
    )
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def test_hover_on_keys_numbers_and_findings(tmp_path: Path) -> None:
    uri = (tmp_path / "routes.toml").as_uri()
    async with session(root=tmp_path) as client:
        open_document(client, uri, ROUTES, language_id="toml")
        await published(client, uri, version=1)
        days = await _hover(client, uri, ROUTES, ROUTES.index("\ndays") + 2)
        zone = await _hover(client, uri, ROUTES, 2)
        header = await _hover(client, uri, ROUTES, ROUTES.index("[[route]]") + 3)
        number = await _hover(client, uri, ROUTES, ROUTES.index("+81120") + 4)
        shadowed = await _hover(client, uri, ROUTES, ROUTES.index('"monday"') + 2)
        name = await _hover(client, uri, ROUTES, ROUTES.index('name = "monday"') + 1)
        inline = await _hover(client, uri, ROUTES, ROUTES.index("tranfer") + 2)
        blank = await _hover(client, uri, ROUTES, ROUTES.index("\n\n") + 1)
    assert days is not None and "Days of the week, in the routes' time zone." in days
    assert "A day of the week (mon … sun) or a range of days (mon-fri)." in days
    assert zone is not None and "The IANA time zone" in zone and "Default: `Asia/Tokyo`" in zone
    assert header is not None and "The routes, in order" in header
    assert number is not None and "Japan" in number and "region `JP`" in number and "toll free" in number
    assert shadowed is not None and BY_CODE["DA507"].doc().strip() in shadowed and BY_CODE["DA507"].url in shadowed
    assert name is not None and name.startswith("**name**") and "The route's name" in name
    assert "DA507" not in name  # the finding stands on the value, not on the key
    assert inline is not None and BY_CODE["DA002"].doc().strip() in inline
    assert blank is None


async def test_an_untitled_routes_file_stands_in_the_workspace(tmp_path: Path) -> None:
    (tmp_path / "reception.din").write_text("transfer +81336042000\n", encoding="utf-8")
    uri = "untitled:Untitled-1"
    text = '[[route]]\nname = "everyone"\nfile = "reception.din"\n'
    async with session(root=tmp_path) as client:
        open_document(client, uri, text, language_id="dinaction-routes")
        found = await published(client, uri, version=1)
        replace_all(client, uri, text.replace("reception", "missing"), version=2)
        missing = await published(client, uri, version=2)
    assert list(found.diagnostics) == []
    assert [d.code for d in missing.diagnostics] == ["DA509"]


async def test_routes_files_are_served_as_the_routes_package_knows_them() -> None:
    """The server reads routes files only through what `dinaction lsp` gives it; without that, it leaves them."""
    from dinaction.lsp.server import build_server
    from dinaction.serve.editor import ROUTES_FILES

    uri = "file:///srv/routes/routes.toml"
    assert build_server(routes=ROUTES_FILES).kind_of(uri, "toml") == "routes"
    assert build_server(routes=ROUTES_FILES).kind_of("untitled:Untitled-1", "dinaction-routes") == "routes"
    assert build_server().kind_of(uri, "toml") is None
    assert build_server().kind_of("file:///srv/routes/dinaction.toml", "toml") == "config"
    assert ROUTES_FILES.days() == tuple(DAYS) and ROUTES_FILES.schema()["title"]
