"""The TOML locator puts every value, key and header where tomllib read it from."""

from __future__ import annotations

import datetime
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dinaction.config.locate import Path, decode_error, locate, string_offsets
from dinaction.diagnostics import Span

ROUTES = """\
# the office
timezone = "Asia/Tokyo"  # JST

[[route]]
name = 'vip'
caller = ["+819012345678",   # the boss
          "+8190*"]
action = 'say ja "どうぞ"'

[[route]]
"name" = "office"
hours = [ "09:00-12:00" , "13:00-18:00" ]
when.days = ["mon"]
file = "reception.din"

[[route]]
name = \"\"\"fallback\"\"\"
dates = {from = 2026-12-29, to = 1979-05-27 07:32:00}
"""


def slice_(text: str, span: Span | None) -> str:
    assert span is not None
    return span.slice(text)


def test_values_keys_and_headers_of_a_routes_file() -> None:
    found = locate(ROUTES)
    assert slice_(ROUTES, found.values[("timezone",)]) == '"Asia/Tokyo"'
    assert slice_(ROUTES, found.values[("route", 0, "caller", 1)]) == '"+8190*"'
    assert slice_(ROUTES, found.values[("route", 0, "caller")]).startswith('["+819012345678",   # the boss')
    assert slice_(ROUTES, found.values[("route", 0, "action")]) == "'say ja \"どうぞ\"'"
    assert slice_(ROUTES, found.values[("route", 1, "name")]) == '"office"'
    assert slice_(ROUTES, found.keys[("route", 1, "name")]) == '"name"'
    assert slice_(ROUTES, found.values[("route", 1, "hours", 1)]) == '"13:00-18:00"'
    assert slice_(ROUTES, found.values[("route", 1, "when", "days", 0)]) == '"mon"'
    assert slice_(ROUTES, found.keys[("route", 1, "when", "days")]) == "when.days"
    assert slice_(ROUTES, found.values[("route", 2, "name")]) == '"""fallback"""'
    assert slice_(ROUTES, found.values[("route", 2, "dates", "to")]) == "1979-05-27 07:32:00"
    assert slice_(ROUTES, found.tables[("route", 2)]) == "[[route]]"
    assert found.value(("route", 1, "days")) == found.tables[("route", 1)]  # falls back to the table
    assert found.value(("nowhere",)) is None


def test_nested_arrays_of_tables_count_per_parent() -> None:
    text = "[[a]]\n[[a.b]]\nx = 1\n[[a.b]]\nx = 2\n[[a]]\n[[a.b]]\nx = 3\n[a.c]\ny = 4\n"
    found = locate(text)
    assert tomllib.loads(text)["a"][1]["b"][0]["x"] == 3
    assert slice_(text, found.values[("a", 0, "b", 1, "x")]) == "2"
    assert slice_(text, found.values[("a", 1, "b", 0, "x")]) == "3"
    assert slice_(text, found.values[("a", 1, "c", "y")]) == "4"


def test_text_it_does_not_understand_gives_what_was_found_so_far() -> None:
    found = locate('a = 1\nb = "unterminated\nc = 3\n')
    assert list(found.values) == [("a",)]


def test_the_first_key_value_or_header_below_a_path() -> None:
    text = "x = 1\n\n[tool.dinaction]\nmax-actions = 2\n[tool.other]\n"
    found = locate(text)
    first = found.first(("tool",))
    assert first is not None and slice_(text, first) == "[tool.dinaction]"
    assert found.first(("nothing",)) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "reason"),
    [
        ("a = 1\r\nb = [1,, 2]\r\n", 14, 15, "Invalid value"),  # the second `,`; CRLF counted as tomllib counts
        ("a = 1\nb = 1\nb = 2\n", 17, 17, "Cannot overwrite a value"),  # the end of line 3: nothing to underline
        ("a = [1,\n", 8, 8, "Invalid value"),  # at the end of the document
        ('a = "é😀\x01"\n', 7, 8, "Illegal character '\\x01'"),
    ],
)
def test_decode_errors_are_placed_where_tomllib_says(text: str, start: int, end: int, reason: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as raised:
        tomllib.loads(text)
    assert decode_error(text, str(raised.value)) == (Span(start, end), reason)


def test_a_decode_error_without_a_position_stands_at_the_start() -> None:
    assert decode_error("a = 1", "something odd") == (Span(0, 0), "something odd")


def test_string_offsets_map_escapes_and_literal_strings() -> None:
    text = 'a = "x\\u00e9\\"y"\nb = \'say "hi"\'\nc = """\nline\\\n   more"""\n'
    found = locate(text)
    value = tomllib.loads(text)
    for key in ("a", "b", "c"):
        span = found.values[(key,)]
        offsets = string_offsets(text, span)
        assert offsets is not None and len(offsets) == len(value[key]) + 1
    a = string_offsets(text, found.values[("a",)])
    assert a is not None and text[a[1] : a[2]] == "\\u00e9" and text[a[2] : a[3]] == '\\"'
    b = string_offsets(text, found.values[("b",)])
    assert b is not None and text[b[4] : b[8]] == '"hi"'
    c = string_offsets(text, found.values[("c",)])
    assert c is not None and text[c[4]] == "m"  # "line" then, past the backslash-newline, "more"
    assert string_offsets(text, Span(0, 1)) is None


# --- property: a document written in random styles is located exactly -----------------------------

keys = st.from_regex(r"[a-z][a-z0-9_-]{0,6}", fullmatch=True)
texts = st.text(st.characters(codec="utf-8"), max_size=12)
scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.booleans(),
    texts,
    st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1)),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


def _values(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return scalars
    inner = _values(depth - 1)
    return st.one_of(
        scalars,
        st.lists(inner, max_size=3),
        st.dictionaries(keys, inner, max_size=3),
    )


documents = st.dictionaries(
    keys,
    st.one_of(_values(2), st.lists(st.dictionaries(keys, _values(1), max_size=3), min_size=1, max_size=3)),
    max_size=5,
)


def _string(value: str, draw: st.DrawFn) -> str:
    basic = '"' + "".join(_escape(c, draw) for c in value) + '"'
    if "'" not in value and "\n" not in value and "\r" not in value and value.isprintable():
        return draw(st.sampled_from([basic, f"'{value}'"]))
    return basic


def _escape(char: str, draw: st.DrawFn) -> str:
    if char in '"\\':
        return "\\" + char
    if not char.isprintable() or char in "\n\r\t":
        return f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"
    return draw(st.sampled_from([char, f"\\u{ord(char):04x}"])) if ord(char) < 0x10000 else char


def _inline(value: Any, draw: st.DrawFn, *, multiline: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value, draw)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int | datetime.date):
        return str(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        sep = draw(st.sampled_from([", ", ",", " , ", ",\n  # note\n  "] if multiline else [", ", ","]))
        items = sep.join(_inline(v, draw, multiline=multiline) for v in value)
        trailing = draw(st.sampled_from(["", ","])) if multiline else ""
        return f"[{draw(st.sampled_from(['', ' ']))}{items}{trailing}]"
    pairs = ", ".join(f"{_key(k, draw)} = {_inline(v, draw, multiline=False)}" for k, v in value.items())
    return "{" + pairs + "}" if pairs else "{}"


def _key(key: str, draw: st.DrawFn) -> str:
    return draw(st.sampled_from([key, f'"{key}"', f"'{key}'"]))


@st.composite
def written(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    document = draw(documents)
    scalars_first = sorted(document.items(), key=lambda kv: _is_array_of_tables(kv[1]))
    lines = [draw(st.sampled_from(["", "# header", "\n"]))]
    for key, value in scalars_first:
        if _is_array_of_tables(value):
            for table in value:
                lines.append(f"\n[[{_key(key, draw)}]]{draw(st.sampled_from(['', '  # element']))}")
                for inner_key, inner in table.items():
                    lines.append(f"{_key(inner_key, draw)} = {_inline(inner, draw, multiline=True)}")
        else:
            comment = draw(st.sampled_from(["", "  # c", "\t"]))
            lines.append(
                f"{_key(key, draw)}{draw(st.sampled_from([' = ', '=']))}{_inline(value, draw, multiline=True)}{comment}"
            )
    return "\n".join(lines) + "\n", document


def _is_array_of_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _leaves(value: Any, path: Path) -> list[tuple[Path, Any]]:
    out = [(path, value)]
    if isinstance(value, dict):
        for key, inner in value.items():
            out.extend(_leaves(inner, (*path, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out.extend(_leaves(inner, (*path, index)))
    return out


@settings(max_examples=300, deadline=None)
@given(written())
def test_every_value_of_a_random_document_is_located_exactly(case: tuple[str, dict[str, Any]]) -> None:
    text, document = case
    assert tomllib.loads(text) == document  # the writer writes what it was given
    found = locate(text)
    for path, value in _leaves(document, ())[1:]:
        if len(path) == 1 and _is_array_of_tables(value):
            continue
        if len(path) == 2 and _is_array_of_tables(document[str(path[0])]):  # an element: a table, found by its header
            assert found.tables[path].slice(text).startswith("[["), path
            continue
        span = found.values.get(path)
        assert span is not None, (path, text)
        assert tomllib.loads("v = " + span.slice(text))["v"] == value, (path, span.slice(text))
        if isinstance(value, str):
            offsets = string_offsets(text, span)
            assert offsets is not None and len(offsets) == len(value) + 1
