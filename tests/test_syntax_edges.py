"""The parser's findings where a line has invisible characters, a stray quote, or a message over two lines:
exactly where each stands, what it says, and where its fix edits.
"""

from __future__ import annotations

import pytest

from dinaction.diagnostics import Diagnostic
from dinaction.facts.urls import require_http_url
from dinaction.linter import lint_source
from dinaction.settings import Settings

Found = tuple[str, int, int, str, list[tuple[int, int, str]] | None]


def _edits(d: Diagnostic) -> list[tuple[int, int, str]] | None:
    return None if d.fix is None else [(e.span.start, e.span.end, e.content) for e in d.fix.edits]


def _found(text: str) -> list[Found]:
    return [(d.code, d.span.start, d.span.end, d.message, _edits(d)) for d in lint_source(text, Settings()).diagnostics]


STRAY = 'a line starts with an action, not with `"`'
ZWSP = "invisible character U+200B (zero width space) between the words of the action"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"voicemail say ja "はい"\n', [("DA001", 0, 1, STRAY, [(0, 1, "")])]),
        ('"playback https://a.com/a.mp3\n', [("DA001", 0, 1, STRAY, [(0, 1, "")])]),
        ('"hello there\n', [("DA001", 0, 1, STRAY, None)]),
        (
            'say\u200b "Hello"\n',
            [
                ("DA003", 0, 3, "`say` needs a language code before the message", [(5, 5, "en ")]),
                ("DA014", 3, 4, ZWSP, [(3, 4, "")]),
            ],
        ),
        (
            "transfer\u200b\n",
            [
                (
                    "DA003",
                    0,
                    8,
                    "`transfer` needs the number to transfer to (`+` and the country code, e.g. `+81336042000`)",
                    None,
                ),
                ("DA014", 8, 9, ZWSP, [(8, 9, "")]),
            ],
        ),
        (
            "voicemail\u200b say\n",
            [
                ("DA014", 9, 10, ZWSP, [(9, 10, "")]),
                (
                    "DA003",
                    11,
                    14,
                    '`voicemail say` needs a language code and a quoted message (e.g. `en "Hello"`)',
                    None,
                ),
            ],
        ),
        (
            'say en "Hello\nworld" and "more"\n',
            [
                (
                    "DA009",
                    7,
                    20,
                    'the message has no closing `"` on its line: a message cannot span lines',
                    [(13, 14, " ")],
                )
            ],
        ),
    ],
)
def test_where_a_finding_and_its_fix_stand(text: str, found: list[Found]) -> None:
    assert _found(text) == found


@pytest.mark.parametrize(
    "url", ["https://ivr.example.com/action", "  http://example.com/a  ", "HTTP://example.com/", "https://a.b:8080/x"]
)
def test_an_http_url_is_taken_without_its_blanks(url: str) -> None:
    assert require_http_url(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/a", "example.com/a", "http:///a", "https://", "http://exa mple.com/", "http://a.b:x/", ""],
)
def test_anything_else_is_refused_saying_what_to_give(url: str) -> None:
    with pytest.raises(ValueError) as caught:
        require_http_url(url)
    assert str(caught.value) == (
        f"not an http:// or https:// URL: {url!r}; give an absolute http:// or https:// URL "
        "such as https://ivr.example.com/action"
    )
