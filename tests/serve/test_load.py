"""Loading a routes file: every problem found, each on the offending value; only a clean set is served."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dinaction.diagnostics import Diagnostic, LineIndex
from dinaction.serve import SCHEMA_PATH, RoutesFileError, app_from, is_routes_file, lint_routes_file, load_routes
from dinaction.usage import UsageError

from .conftest import EXAMPLE, MakeRoutes

BROKEN = """\
timezone = "Asia/Tokio"
colour = 1

[[route]]
name = "vip"
caler = "+819012345678"
action = "transfer +81312345678"

[[route]]
name = "office"
caller = ["+81 90-1234-5678", "+8180*", "+81**"]
days = ["mon-fri", "sunday"]
hours = ["9:00-12:00", "13:00-13:00", "23:00-24:00"]
dates = [2026-12-24, "2026-12-31/2026-12-01"]
holidays = ["JP", "XX"]
recipient = 815012345678
action = 'say en "Press "1" for sales"'

[[route]]
name = "office"
file = "../elsewhere.din"

[[route]]
file = "typo.din"

[[route]]
name = "both"
action = "transfer +81336042000"
file = "reception.din"

[[route]]
name = "nothing"
"""

#: (line, column, code, the text the finding points at), in order
EXPECTED = [
    (1, 12, "DA503", '"Asia/Tokio"'),
    (2, 1, "DA501", "colour"),
    (6, 1, "DA501", "caler"),
    (11, 11, "DA503", '"+81 90-1234-5678"'),
    (11, 41, "DA503", '"+81**"'),
    (12, 20, "DA503", '"sunday"'),
    (13, 10, "DA503", '"9:00-12:00"'),
    (13, 24, "DA503", '"13:00-13:00"'),
    (14, 22, "DA503", '"2026-12-31/2026-12-01"'),
    (15, 19, "DA503", '"XX"'),
    (16, 13, "DA503", "815012345678"),
    (17, 25, "DA010", '"1"'),  # inside the inline action, on the quote that ends the message
    (20, 8, "DA504", '"office"'),
    (21, 8, "DA503", '"../elsewhere.din"'),
    (23, 1, "DA502", "[[route]]"),  # no name
    (23, 1, "DA507", "[[route]]"),  # the second `office` has no condition: nothing after it is chosen
    (24, 8, "DA510", '"typo.din"'),
    (27, 8, "DA507", '"both"'),
    (29, 1, "DA505", "file"),
    (31, 1, "DA502", "[[route]]"),  # no action
    (32, 8, "DA507", '"nothing"'),
]


def _found(loaded_text: str, diagnostics: tuple[Diagnostic, ...]) -> list[tuple[int, int, str, str]]:
    lines = LineIndex(loaded_text)
    out = []
    for d in diagnostics:
        at = lines.position(d.span.start)
        out.append((at.line, at.column, d.code, d.span.slice(loaded_text)))
    return out


def test_every_problem_is_reported_on_its_value(make_routes: MakeRoutes) -> None:
    loaded = load_routes(make_routes(BROKEN))
    assert not loaded.ok and loaded.routes is None
    report = loaded.reports[0]
    assert _found(report.text, report.diagnostics) == EXPECTED
    messages = [d.message for d in report.diagnostics]
    assert "unknown key `caler`: did you mean `caller`?" in messages
    assert "route `route 4` is never chosen: every call it matches is matched first by `office` (line 19)" in messages
    assert any("(write `+819012345678`)" in m for m in messages)
    # the broken action file's own findings come in its own report
    assert [(Path(r.path).name, [d.code for d in r.diagnostics]) for r in loaded.reports[1:]] == [
        ("typo.din", ["DA002"])
    ]


def test_a_toml_syntax_error_is_placed_where_tomllib_stopped(make_routes: MakeRoutes) -> None:
    text = '[[route]]\nname = "a"\naction = "transfer +81336042000\n'
    (finding,) = lint_routes_file(make_routes(text) / "routes.toml")
    assert finding.code == "DA500"
    at = LineIndex(text).position(finding.span.start)
    assert (at.line, finding.message.startswith("not a routes file: ")) == (3, True)
    assert "(at line" not in finding.message


def test_text_that_is_not_utf8_is_one_finding(tmp_path: Path) -> None:
    path = tmp_path / "routes.toml"
    path.write_bytes(b'[[route]]\nname = "caf\xe9"\naction = "transfer +81336042000"\n')
    (finding,) = lint_routes_file(path)
    assert (finding.code, finding.span.start) == ("DA500", len('[[route]]\nname = "caf'))
    assert "UTF-8" in finding.message


def test_a_byte_order_mark_is_read_past_and_positions_stay_right(tmp_path: Path) -> None:
    path = tmp_path / "routes.toml"
    text = '\ufeff[[route]]\nname = "a"\nhours = "9-5"\naction = "transfer +81336042000"\n[[route]]\nname = "b"\naction = "transfer +81336042000"\n'
    path.write_text(text, encoding="utf-8")
    (finding,) = lint_routes_file(path)
    assert finding.span.slice(text) == '"9-5"'


def test_findings_inside_an_escaped_inline_action_land_on_its_characters(make_routes: MakeRoutes) -> None:
    text = '[[route]]\nname = "a"\naction = "say ja \\"\\u3053\\u3093\\" \\"x\\""\n'
    assert tomllib.loads(text)["route"][0]["action"] == 'say ja "こん" "x"'
    (finding,) = lint_routes_file(make_routes(text) / "routes.toml")
    assert finding.code == "DA004"  # two messages, and `say` reads one: the linter points at the second, `"x"`
    assert finding.span.slice(text) == '\\"x\\"'
    assert finding.fix is None  # fixes are for action files, not for TOML strings


def test_the_nearest_configuration_applies_to_inline_actions_and_action_files(make_routes: MakeRoutes) -> None:
    text = """\
[[route]]
name = "greeting"
caller = "withheld"
action = '''
say ja "お電話ありがとうございます。"
transfer +81336042000'''

[[route]]
name = "rest"
file = "two.din"
"""
    two = {"two.din": 'say en "Hello"\ntransfer +81336042000\n'}
    assert not load_routes(make_routes(text, two)).ok  # max-actions = 1 by default
    loaded = load_routes(make_routes(text, two, config="max-actions = 2\n"))
    assert loaded.ok, loaded.reports
    assert loaded.routes is not None
    assert loaded.routes.routes[0].text == 'say ja "お電話ありがとうございます。"\ntransfer +81336042000\n'
    assert {p.name for p in loaded.watched} == {"routes.toml", "two.din", "dinaction.toml"}


def test_warnings_are_reported_and_served(make_routes: MakeRoutes) -> None:
    loaded = load_routes(make_routes("[[route]]\nname = 'a'\naction = 'playback https://example.com/a.wav'\n"))
    assert loaded.ok
    assert [d.code for d in loaded.reports[0].diagnostics] == ["DA204"]


def test_a_missing_file_or_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"is there a routes\.toml in it"):
        load_routes(tmp_path)
    with pytest.raises(UsageError, match="cannot read the routes file"):
        load_routes(tmp_path / "nope.toml")


def test_no_routes_and_a_route_key_that_is_not_tables(make_routes: MakeRoutes) -> None:
    empty = lint_routes_file(make_routes('timezone = "UTC"\n') / "routes.toml")
    assert [d.code for d in empty] == ["DA502"]
    wrong = lint_routes_file(make_routes('route = "everyone"\n') / "routes.toml")
    assert [(d.code, d.message) for d in wrong] == [
        ("DA503", "route: routes are `[[route]]` tables, one after another")
    ]


def test_an_unreadable_condition_does_not_make_later_routes_look_unreachable(make_routes: MakeRoutes) -> None:
    text = """\
[[route]]
name = "a"
dayz = ["sat"]
action = "transfer +81336042000"

[[route]]
name = "b"
days = "sun"
action = "transfer +81336042000"

[[route]]
name = "c"
action = "transfer +81336042000"
"""
    assert [d.code for d in lint_routes_file(make_routes(text) / "routes.toml")] == ["DA501"]


def test_app_from_refuses_a_broken_set_with_every_error_positioned(make_routes: MakeRoutes) -> None:
    with pytest.raises(RoutesFileError) as caught:
        app_from(make_routes(BROKEN))
    message = str(caught.value)
    assert "routes.toml:1:12: error DA503" in message
    assert "typo.din:1:1: error DA002" in message
    assert len(caught.value.diagnostics) >= 15


def test_is_routes_file() -> None:
    assert is_routes_file(Path("a/routes.toml"))
    assert not is_routes_file(Path("a/pyproject.toml"))


# --- the schema ------------------------------------------------------------------------------------


def _as_json(value: Any) -> Any:
    """TOML → JSON as editors' schema validators see it (dates as ISO text)."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_schema_is_valid_and_accepts_the_example_and_every_good_rule_example() -> None:
    from dinaction.rules import ROUTE_RULES

    validator = _validator()
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["title"] == "dinaction-routes"
    validator.validate(_as_json(tomllib.loads((EXAMPLE / "routes.toml").read_text(encoding="utf-8"))))
    for rule in ROUTE_RULES:
        validator.validate(_as_json(tomllib.loads(rule.good)))


@pytest.mark.parametrize(
    "route",
    [
        {"name": "x", "action": "a", "file": "b.din"},
        {"name": "x"},
        {"name": "x", "action": "a", "day": "mon"},
        {"name": "x", "action": "a", "hours": "9-5"},
        {"name": "x", "action": "a", "caller": ["+81 90"]},
        {"name": "x", "action": "a", "days": []},
        {"name": "x", "file": "a.txt"},
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(route: dict[str, Any], make_routes: MakeRoutes) -> None:
    document = {"route": [route, {"name": "rest", "action": "transfer +81336042000"}]}
    assert not _validator().is_valid(document)
    text = "[[route]]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in route.items())
    text += "\n[[route]]\nname = 'rest'\naction = 'transfer +81336042000'\n"
    assert not load_routes(make_routes(text)).ok


def test_the_schema_knows_the_same_keys_as_the_loader() -> None:
    from dinaction.serve.load import ROUTE_KEYS, TOP_KEYS

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(TOP_KEYS)
    assert set(schema["$defs"]["route"]["properties"]) == set(ROUTE_KEYS)
