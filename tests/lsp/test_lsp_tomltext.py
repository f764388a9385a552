"""Where the cursor stands in TOML being typed: the table, key or value spot, the word, strings and arrays."""

from __future__ import annotations

import pytest

from dinaction.lsp.tomltext import cursor_at, key_parts

#: text with `|` at the cursor → (spot, table, key, word being typed, quoted) or None
CASES = [
    ("|", ("key", (), None, "", False)),
    ("time|", ("key", (), None, "time", False)),
    ("  time|zone", ("key", (), None, "time", False)),
    ('timezone = "Asia/To|', ("value", (), "timezone", "Asia/To", True)),
    ("timezone = |", ("value", (), "timezone", "", False)),
    ('timezone = "UTC" |', None),  # after a complete value
    ("# a comment|", None),
    ('[[route]]\nname = "a"\nda|', ("key", ("route",), None, "da", False)),
    ('[[route]]\ndays = ["mon", "t|', ("value", ("route",), "days", "t", True)),
    ("[[route]]\ndays = ['mon', 'tu|", ("value", ("route",), "days", "tu", True)),
    ('[[route]]\ndays = [\n  "mon",  # Monday\n  |', ("value", ("route",), "days", "", False)),
    ('[[route]]\ndays = [\n  "mon",\n]\n|', ("key", ("route",), None, "", False)),
    ('[[route]]\naction = "say \\"x|', ("value", ("route",), "action", 'say \\"x', True)),
    ("[[ro|", ("header", (), None, "[[ro", False)),
    ("[tool.dinaction]\nselect = [DA|", ("value", ("tool", "dinaction"), "select", "DA", False)),
    ('[tool . "dinaction"]\nseverity.DA102 = |', ("value", ("tool", "dinaction", "severity"), "DA102", "", False)),
    ('severity = { DA002 = "|', None),  # an inline table has keys of its own
    ('[[route]]\nname = "x"\n\n[[route]]\nna|', ("key", ("route",), None, "na", False)),
]


@pytest.mark.parametrize(("marked", "expected"), CASES)
def test_what_goes_at_the_cursor(marked: str, expected: tuple[object, ...] | None) -> None:
    text = marked.replace("|", "")
    offset = marked.index("|")
    found = cursor_at(text, offset)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.spot, found.table, found.key, found.partial, found.quoted) == expected
    assert text[found.start : offset] == found.partial


def test_the_keys_a_table_has_are_those_of_its_section_but_the_line_being_typed() -> None:
    text = 'timezone = "UTC"\n\n[[route]]\nname = "a"\nday\ncaller = "withheld"\n\n[[route]]\nname = "b"\n'
    found = cursor_at(text, text.index("day") + 3)
    assert found is not None and found.present == frozenset({"name", "caller"})


def test_a_header_answer_replaces_the_brackets_the_editor_closed() -> None:
    text = "[[ro]]\n"
    found = cursor_at(text, 4)
    assert found is not None and text[found.start : found.end] == "[[ro]]"
    assert found.line_ends is False


@pytest.mark.parametrize(
    ("raw", "parts"),
    [("tool.dinaction", ("tool", "dinaction")), ('tool . "a.b"', ("tool", "a.b")), ("'x'", ("x",))],
)
def test_key_parts(raw: str, parts: tuple[str, ...]) -> None:
    assert key_parts(raw) == parts
