"""The parser's findings where a line has invisible characters, a stray quote, or a message over two lines:
exactly where each stands, what it says, and where its fix edits.
"""

from __future__ import annotations

import pytest

from dinaction.diagnostics import Diagnostic, Span
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


#: a finding as a person sees it: code, span, message, the fix's title and its edits (None: no fix)
Worded = tuple[str, int, int, str, str | None, list[tuple[int, int, str]] | None]


def _worded(text: str, settings: Settings | None = None) -> list[Worded]:
    return [
        (d.code, d.span.start, d.span.end, d.message, None if d.fix is None else d.fix.title, _edits(d))
        for d in lint_source(text, settings or Settings()).diagnostics
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "say: Hello there\n",
            [
                (
                    "DA007",
                    0,
                    5,
                    "`say:` is how the dashboard displays an action, not the API syntax",
                    'Rewrite as `say en "Hello there"`',
                    [(0, 16, 'say en "Hello there"')],
                )
            ],
        ),
        (
            "  voicemail say: Hello\n",
            [
                ("DA104", 0, 2, "leading whitespace before the action", "Remove it", [(0, 2, "")]),
                (
                    "DA007",
                    12,
                    17,
                    "`say:` is how the dashboard displays an action, not the API syntax",
                    'Rewrite as `voicemail say en "Hello"`',
                    [(2, 22, 'voicemail say en "Hello"')],
                ),
            ],
        ),
        (
            'say: He said "hi"\n',
            [("DA007", 0, 5, "`say:` is how the dashboard displays an action, not the API syntax", None, None)],
        ),
        (
            "say:   \n",
            [
                ("DA007", 0, 7, "`say:` is how the dashboard displays an action, not the API syntax", None, None),
                ("DA104", 4, 7, "trailing whitespace", "Remove it", [(4, 7, "")]),
            ],
        ),
        (
            "transfer: +81336042000\n",
            [
                (
                    "DA007",
                    0,
                    10,
                    "`transfer:` is how the dashboard displays an action, not the API syntax",
                    "Rewrite as `transfer +81336042000`",
                    [(0, 22, "transfer +81336042000")],
                )
            ],
        ),
        (
            "transfer: +81 3 3604 2000\n",
            [("DA007", 0, 10, "`transfer:` is how the dashboard displays an action, not the API syntax", None, None)],
        ),
        (
            "voicemail playback: https://example.com/a.mp3   \n",
            [
                (
                    "DA007",
                    10,
                    20,
                    "`playback:` is how the dashboard displays an action, not the API syntax",
                    "Rewrite as `voicemail playback https://example.com/…`",
                    [(0, 45, "voicemail playback https://example.com/a.mp3")],
                ),
                ("DA104", 45, 48, "trailing whitespace", "Remove it", [(45, 48, "")]),
            ],
        ),
        (
            "playback： https://example.com/a.mp3\n",
            [
                (
                    "DA007",
                    0,
                    10,
                    "`playback:` is how the dashboard displays an action, not the API syntax",
                    "Rewrite as `playback https://example.com/a.mp3`",
                    [(0, 35, "playback https://example.com/a.mp3")],
                )
            ],
        ),
        (
            "transfer --caller=+819012345678 +81336042000\n",
            [
                (
                    "DA011",
                    9,
                    31,
                    "`--caller=` comes after the number to transfer to: `transfer <number> --caller=<number>`",
                    "Move `--caller=` after the number",
                    [(9, 44, "+81336042000 --caller=+819012345678")],
                )
            ],
        ),
        (
            "transfer --caller==+819012345678 +81336042000\n",
            [
                (
                    "DA011",
                    9,
                    32,
                    "`--caller=` comes after the number to transfer to: `transfer <number> --caller=<number>`",
                    "Move `--caller=` after the number",
                    [(9, 45, "+81336042000 --caller=+819012345678")],
                )
            ],
        ),
        (
            "transfer --caller=+819012345678\n",
            [("DA003", 0, 8, "`transfer` needs the number to transfer to before `--caller`", None, None)],
        ),
        (
            "transfer --caller= +81336042000\n",
            [("DA003", 0, 8, "`transfer` needs the number to transfer to before `--caller`", None, None)],
        ),
        (
            "transfer --caller=+819012345678 +81 3 3604 2000\n",
            [
                (
                    "DA011",
                    9,
                    31,
                    "`--caller=` comes after the number to transfer to: `transfer <number> --caller=<number>`",
                    None,
                    None,
                )
            ],
        ),
        (
            '"playback https://example.com/a.mp3\n',
            [("DA001", 0, 1, 'a line starts with an action, not with `"`', 'Remove the `"`', [(0, 1, "")])],
        ),
        (
            "transfer +81336042000 --callr=+819012345678\n",
            [
                (
                    "DA005",
                    22,
                    29,
                    "unknown option `--callr`; did you mean `--caller`?",
                    "Replace with `--caller`",
                    [(22, 29, "--caller")],
                )
            ],
        ),
        (
            "transfer +81336042000 --callr=+81=9012345678\n",
            [
                (
                    "DA005",
                    22,
                    29,
                    "unknown option `--callr`; did you mean `--caller`?",
                    "Replace with `--caller`",
                    [(22, 29, "--caller")],
                )
            ],
        ),
        (
            "transfer +81336042000 —callr=+819012345678\n",
            [
                (
                    "DA005",
                    22,
                    28,
                    "unknown option `—callr`; did you mean `--caller`?",
                    "Replace with `--caller`",
                    [(22, 28, "--caller")],
                )
            ],
        ),
        (
            "transfer +81336042000 --foo=a=b\n",
            [("DA005", 22, 27, "unknown option `--foo`: `transfer` has only `--caller=`", None, None)],
        ),
        (
            "transfer +81336042000 ---caller-=+819012345678\n",
            [
                (
                    "DA005",
                    22,
                    32,
                    "unknown option `---caller-`; did you mean `--caller`?",
                    "Replace with `--caller`",
                    [(22, 32, "--caller")],
                )
            ],
        ),
        (
            'say en "a" say en "b"\n',
            [
                (
                    "DA012",
                    0,
                    21,
                    "2 actions on one line: each action is a line of its own, and at most 1 action may run (`max-actions`)",
                    None,
                    None,
                )
            ],
        ),
        (
            'say en "a" say en "b" say en "c"\n',
            [
                (
                    "DA012",
                    0,
                    32,
                    "3 actions on one line: each action is a line of its own, and at most 1 action may run (`max-actions`)",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=+819012345678 --caller==+819012345678\n",
            [("DA006", 45, 68, "`--caller` is given more than once", "Remove the second `--caller`", [(44, 68, "")])],
        ),
        (
            "transfer +81336042000 --caller==+819012345678 --caller=+819012345678\n",
            [
                (
                    "DA001",
                    31,
                    32,
                    "one `=` joins `--caller` and its number: `--caller=+81…`",
                    "Remove the extra `=`",
                    [(31, 32, "")],
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=+819012345678 --caller=+819012345679\n",
            [("DA006", 45, 67, "`--caller` is given more than once: which one was meant?", None, None)],
        ),
        (
            'say en "Hello" "Hello"   \n',
            [
                (
                    "DA004",
                    15,
                    22,
                    'unexpected `"Hello"`: the message is written 2 times; `say` reads one',
                    "Remove the extra text",
                    [(14, 22, "")],
                ),
                ("DA104", 22, 25, "trailing whitespace", "Remove it", [(22, 25, "")]),
            ],
        ),
        (
            'say en "Hello" "Hello" "Hello"\n',
            [
                (
                    "DA004",
                    15,
                    30,
                    'unexpected `"Hello" "Hello"`: the message is written 3 times; `say` reads one',
                    "Remove the extra text",
                    [(14, 30, "")],
                )
            ],
        ),
        (
            'say en "a" "b"\n',
            [
                (
                    "DA004",
                    11,
                    14,
                    'unexpected `"b"`: 2 messages, and `say` reads one: which was meant? (one pair of quotes holds the whole text)',
                    None,
                    None,
                )
            ],
        ),
        (
            'say en "Hello"now\n',
            [("DA004", 14, 17, 'unexpected `now`: the message ended at the `"` before it', None, None)],
        ),
        (
            'say en "Hello" now\n',
            [
                (
                    "DA004",
                    15,
                    18,
                    "unexpected `now`: `say` takes a language code and one quoted message",
                    "Remove the extra text",
                    [(14, 18, "")],
                )
            ],
        ),
        (
            'say en "Hello" a"b c\n',
            [
                (
                    "DA004",
                    14,
                    20,
                    'unexpected `a"b c`: the message ended at the previous `"`',
                    "Remove the extra text",
                    [(14, 20, "")],
                )
            ],
        ),
        (
            'say en "Hello"a"b c\n',
            [("DA004", 14, 19, 'unexpected `a"b c`: the message ended at the previous `"`', None, None)],
        ),
        (
            'say en "Hello" world"\n',
            [("DA010", 13, 14, '`"` inside the message ends it: the language has no escape', None, None)],
        ),
        (
            'say en "a "b" c"\n',
            [
                (
                    "DA010",
                    10,
                    13,
                    '`"` inside the message ends it: the language has no escape',
                    "Replace the inner quotes with `'`",
                    [(10, 11, "'"), (12, 13, "'")],
                )
            ],
        ),
        (
            'say en "a "b" "c" d"\n',
            [
                (
                    "DA010",
                    10,
                    17,
                    '`"` inside the message ends it: the language has no escape',
                    "Replace the inner quotes with `'`",
                    [(10, 11, "'"), (12, 13, "'"), (14, 15, "'"), (16, 17, "'")],
                )
            ],
        ),
        (
            'sayen"Hello"\n',
            [("DA001", 0, 12, "`say` must be followed by a space", "Insert a space after `say`", [(3, 3, " ")])],
        ),
        (
            'sayy en"Hello"\n',
            [("DA002", 0, 4, "unknown action `sayy`; did you mean `say`?", "Replace with `say`", [(0, 4, "say")])],
        ),
        (
            'sa yen"Hello"\n',
            [
                (
                    "DA002",
                    0,
                    2,
                    'unknown action `sa`; did you mean `say en"Hello"`?',
                    'Replace with `say en"Hello"`',
                    [(0, 13, 'say en"Hello"')],
                )
            ],
        ),
        # a number written with spaces: fixed up to E.164's 15 digits, not past them
        (
            "transfer +81 1111 1111 1111 1\n",
            [
                (
                    "DA013",
                    9,
                    29,
                    "the number is written with spaces: a number is one word, `+` and digits only: `+811111111111111`",
                    "Write `+811111111111111`",
                    [(9, 29, "+811111111111111")],
                )
            ],
        ),
        (
            "transfer +81 1111 1111 1111 11\n",
            [
                (
                    "DA004",
                    13,
                    30,
                    "unexpected `1111 1111 1111 11`: `transfer` takes one number (a caller id is written `--caller=+81…`): which was meant?",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81 3 3604 2000\n",
            [
                (
                    "DA013",
                    9,
                    24,
                    "the number is written with spaces: a number is one word, `+` and digits only: `+81336042000`",
                    "Write `+81336042000`",
                    [(9, 24, "+81336042000")],
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=+81 90 1234 5678\n",
            [
                (
                    "DA013",
                    31,
                    47,
                    "the number is written with spaces: a number is one word, `+` and digits only: `+819012345678`",
                    "Write `+819012345678`",
                    [(31, 47, "+819012345678")],
                )
            ],
        ),
        # a message in other quotes, unterminated or unquoted; a number twice, or with spaces
        (
            "say en '\n",
            [
                (
                    "DA008",
                    7,
                    8,
                    "the message must be enclosed in double quotes",
                    "Enclose the message in double quotes",
                    [(7, 8, '"\'"')],
                )
            ],
        ),
        (
            "say en ''\n",
            [("DA008", 7, 9, "the message must be enclosed in double quotes, not `'…'`", None, None)],
        ),
        (
            "say en 'a'\n",
            [
                (
                    "DA008",
                    7,
                    10,
                    "the message must be enclosed in double quotes, not `'…'`",
                    "Replace `'…'` with `\"…\"`",
                    [(7, 10, '"a"')],
                )
            ],
        ),
        ("say en '\"a'\n", [("DA008", 7, 11, "the message must be enclosed in double quotes", None, None)]),
        ("say en 'a\"'\n", [("DA008", 7, 11, "the message must be enclosed in double quotes", None, None)]),
        ('say en "\n', [("DA009", 7, 8, 'the message has no closing `"`', 'Add the closing `"`', [(8, 8, '"')])]),
        (
            'say en "Hello\n',
            [("DA009", 7, 13, 'the message has no closing `"`', 'Add the closing `"`', [(13, 13, '"')])],
        ),
        ("say en \"Don'\n", [("DA009", 7, 12, 'the message has no closing `"`', None, None)]),
        (
            "say en Hello there\n",
            [
                (
                    "DA008",
                    7,
                    18,
                    "the message must be enclosed in double quotes",
                    "Enclose the message in double quotes",
                    [(7, 18, '"Hello there"')],
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=+819012345678 +819012345678\n",
            [
                (
                    "DA004",
                    45,
                    58,
                    "unexpected `+819012345678`: the number is written twice; `transfer` takes one",
                    "Remove the extra text",
                    [(44, 58, "")],
                )
            ],
        ),
        (
            "transfer +81336042000 +81336042000\n",
            [
                (
                    "DA004",
                    22,
                    34,
                    "unexpected `+81336042000`: the number is written twice; `transfer` takes one",
                    "Remove the extra text",
                    [(21, 34, "")],
                )
            ],
        ),
        (
            "transfer +81336042000 +819012345678\n",
            [
                (
                    "DA004",
                    22,
                    35,
                    "unexpected `+819012345678`: `transfer` takes one number (a caller id is written `--caller=+81…`): which was meant?",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81336042000 abc\n",
            [
                (
                    "DA004",
                    22,
                    25,
                    "unexpected `abc`: `transfer` takes one number and an optional `--caller=`",
                    "Remove the extra text",
                    [(21, 25, "")],
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=abc 12\n",
            [
                (
                    "DA004",
                    35,
                    37,
                    "unexpected `12`: `transfer` takes one number (a caller id is written `--caller=+81…`): which was meant?",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81 3 3604 2000 —caller=+819012345678\n",
            [
                (
                    "DA013",
                    9,
                    24,
                    "the number is written with spaces: a number is one word, `+` and digits only: `+81336042000`",
                    "Write `+81336042000`",
                    [(9, 24, "+81336042000")],
                )
            ],
        ),
        (
            "transfer +8133 —caller=+819012345678\n",
            [
                (
                    "DA005",
                    15,
                    22,
                    "unknown option `—caller`; did you mean `--caller`?",
                    "Replace with `--caller`",
                    [(15, 22, "--caller")],
                )
            ],
        ),
        (
            "transfer +81336042000 12\n",
            [
                (
                    "DA004",
                    22,
                    24,
                    "unexpected `12`: `transfer` takes one number (a caller id is written `--caller=+81…`): which was meant?",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer 03 3604 2000\n",
            [
                (
                    "DA013",
                    9,
                    21,
                    "the number is written with spaces: a number is one word, `+` and digits only",
                    None,
                    None,
                )
            ],
        ),
        # a caller id that is no number (`+81=`, `X+81`) is not read as one
        (
            "transfer +81336042000 --caller=+81= 90 1234 5678\n",
            [
                (
                    "DA004",
                    36,
                    48,
                    "unexpected `90 1234 5678`: `transfer` takes one number (a caller id is written `--caller=+81…`): which was meant?",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=X+81 90 1234 5678\n",
            [
                (
                    "DA004",
                    36,
                    48,
                    "unexpected `90 1234 5678`: `transfer` takes one number (a caller id is written `--caller=+81…`): which was meant?",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=+819012345678= +819012345678\n",
            [
                (
                    "DA004",
                    46,
                    59,
                    "unexpected `+819012345678`: `transfer` takes one number (a caller id is written `--caller=+81…`): which was meant?",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=+819012345678= --caller=+819012345678\n",
            [("DA006", 46, 68, "`--caller` is given more than once: which one was meant?", None, None)],
        ),
        (
            "transfer +81336042000 --caller=X+819012345678 --caller=+819012345678\n",
            [("DA006", 46, 68, "`--caller` is given more than once: which one was meant?", None, None)],
        ),
        (
            "transfer +81336042000 --caller=X+819012345678 +819012345678\n",
            [
                (
                    "DA004",
                    46,
                    59,
                    "unexpected `+819012345678`: `transfer` takes one number (a caller id is written `--caller=+81…`): which was meant?",
                    None,
                    None,
                )
            ],
        ),
        # an unknown option is `--caller` misspelt when its letters, dashes left aside, are close to it
        (
            "transfer +81336042000 --cr=+819012345678\n",
            [
                (
                    "DA005",
                    22,
                    26,
                    "unknown option `--cr`; did you mean `--caller`?",
                    "Replace with `--caller`",
                    [(22, 26, "--caller")],
                )
            ],
        ),
        (
            "transfer +81336042000 --------ler=+819012345678\n",
            [
                (
                    "DA005",
                    22,
                    33,
                    "unknown option `--------ler`; did you mean `--caller`?",
                    "Replace with `--caller`",
                    [(22, 33, "--caller")],
                )
            ],
        ),
        (
            "transfer +81336042000 --ler--------=+819012345678\n",
            [("DA005", 22, 35, "unknown option `--ler--------`: `transfer` has only `--caller=`", None, None)],
        ),
        (
            "transfer +81336042000 --Xcr=+819012345678\n",
            [("DA005", 22, 27, "unknown option `--Xcr`: `transfer` has only `--caller=`", None, None)],
        ),
        # blanks: inside the message they are the user's, around `--caller`'s `=` the option's (DA106)
        ('say en "a  b"   \n', [("DA104", 13, 16, "trailing whitespace", "Remove it", [(13, 16, "")])]),
        (
            'say en "a  b\n',
            [("DA009", 7, 12, 'the message has no closing `"`', 'Add the closing `"`', [(12, 12, '"')])],
        ),
        (
            '"  say en "a"\n',
            [("DA001", 0, 1, 'a line starts with an action, not with `"`', 'Remove the `"`', [(0, 1, "")])],
        ),
        (
            "transfer +81336042000 --caller = +819012345678   \n",
            [
                (
                    "DA106",
                    22,
                    33,
                    "write the option as Xoxzo documents it: `--caller=+819012345678`, not `--caller = +819012345678`",
                    "Write `--caller=`",
                    [(22, 33, "--caller=")],
                ),
                ("DA104", 46, 49, "trailing whitespace", "Remove it", [(46, 49, "")]),
            ],
        ),
        (
            "transfer +81336042000  --caller = +819012345678\n",
            [
                (
                    "DA104",
                    21,
                    23,
                    "2 spaces between arguments: separate arguments with one space",
                    "Use one space",
                    [(21, 23, " ")],
                ),
                (
                    "DA106",
                    23,
                    34,
                    "write the option as Xoxzo documents it: `--caller=+819012345678`, not `--caller = +819012345678`",
                    "Write `--caller=`",
                    [(23, 34, "--caller=")],
                ),
            ],
        ),
        # after a complete action: a second URL (the same, another, not http), a URL with a space, junk, an option
        (
            "playback https://example.com/a.mp3 https://example.com/a.mp3\n",
            [
                (
                    "DA004",
                    35,
                    60,
                    "unexpected `https://example.com/a.mp3`: the URL is written twice; `playback` takes one",
                    "Remove the extra text",
                    [(34, 60, "")],
                )
            ],
        ),
        (
            "playback https://example.com/a.mp3 https://example.com/a.mp3   \n",
            [
                (
                    "DA004",
                    35,
                    60,
                    "unexpected `https://example.com/a.mp3`: the URL is written twice; `playback` takes one",
                    "Remove the extra text",
                    [(34, 60, "")],
                ),
                ("DA104", 60, 63, "trailing whitespace", "Remove it", [(60, 63, "")]),
            ],
        ),
        (
            "playback https://example.com/a.mp3 https://example.com/b.mp3\n",
            [
                (
                    "DA004",
                    35,
                    60,
                    "unexpected `https://example.com/b.mp3`: `playback` takes one URL: which one was meant?",
                    None,
                    None,
                )
            ],
        ),
        (
            "playback https://example.com/a.mp3 ftp://example.com/b.mp3\n",
            [
                (
                    "DA004",
                    35,
                    58,
                    "unexpected `ftp://example.com/b.mp3`: `playback` takes one URL: which one was meant?",
                    None,
                    None,
                )
            ],
        ),
        (
            "playback https://example.com/my file.mp3\n",
            [
                (
                    "DA004",
                    32,
                    40,
                    "unexpected `file.mp3`: a URL cannot contain spaces: if the file name has one, write it as `%20`",
                    None,
                    None,
                )
            ],
        ),
        (
            "playback https://example.com/a.mp3 extra\n",
            [
                (
                    "DA004",
                    35,
                    40,
                    "unexpected `extra`: `playback` takes one URL",
                    "Remove the extra text",
                    [(34, 40, "")],
                )
            ],
        ),
        (
            "voicemail playback https://example.com/a.mp3 extra\n",
            [
                (
                    "DA004",
                    45,
                    50,
                    "unexpected `extra`: `voicemail playback` takes one URL",
                    "Remove the extra text",
                    [(44, 50, "")],
                )
            ],
        ),
        (
            'voicemail say en "a" extra\n',
            [
                (
                    "DA004",
                    21,
                    26,
                    "unexpected `extra`: `voicemail say` takes a language code and one quoted message",
                    "Remove the extra text",
                    [(20, 26, "")],
                )
            ],
        ),
        (
            'say en "a" --caller=+819012345678\n',
            [("DA005", 11, 19, "unknown option `--caller` for `say`: only `transfer` takes `--caller=`", None, None)],
        ),
        (
            'say en "a" --caller=+81=9\n',
            [("DA005", 11, 19, "unknown option `--caller` for `say`: only `transfer` takes `--caller=`", None, None)],
        ),
        ('say en "a" --foo\n', [("DA004", 11, 16, "unexpected `--foo`: `say` takes no option", None, None)]),
        # no action at all; an action after a complete transfer
        (
            'xyzzy "a"\n',
            [
                (
                    "DA002",
                    0,
                    5,
                    "unknown action `xyzzy`: the actions are `playback`, `transfer`, `say` and `voicemail`",
                    None,
                    None,
                )
            ],
        ),
        (
            'transfer +81336042000 say en "a"\n',
            [
                (
                    "DA012",
                    0,
                    32,
                    "2 actions on one line: each action is a line of its own, and at most 1 action may run (`max-actions`)",
                    None,
                    None,
                )
            ],
        ),
        (
            'transfer +81336042000 say en "a" junk\n',
            [
                (
                    "DA004",
                    22,
                    37,
                    'unexpected `say en "a" junk`: `transfer` takes one number and an optional `--caller=`',
                    "Remove the extra text",
                    [(21, 37, "")],
                )
            ],
        ),
        # a line that starts with no action: a keyword glued to a quote, a message, a URL, a number
        (
            'say"Hello"\n',
            [("DA001", 0, 10, "`say` must be followed by a space", "Insert a space after `say`", [(3, 3, " ")])],
        ),
        ('"123"\n', [("DA001", 0, 5, 'a line starts with an action; `"123"` has none before it', None, None)]),
        (
            "http://example.com/a.mp3\n",
            [
                (
                    "DA001",
                    0,
                    24,
                    "a line starts with an action; `http://example.com/a.mp3` has none before it",
                    "Insert `playback`",
                    [(0, 0, "playback ")],
                )
            ],
        ),
        (
            "HTTPS://example.com/a.mp3\n",
            [
                (
                    "DA001",
                    0,
                    25,
                    "a line starts with an action; `HTTPS://example.com/a.mp3` has none before it",
                    "Insert `playback`",
                    [(0, 0, "playback ")],
                )
            ],
        ),
        (
            "+81336042000\n",
            [
                (
                    "DA001",
                    0,
                    12,
                    "a line starts with an action; `+81336042000` has none before it",
                    "Insert `transfer`",
                    [(0, 0, "transfer ")],
                )
            ],
        ),
        (
            '"Hello there"\n',
            [
                (
                    "DA001",
                    0,
                    13,
                    'a line starts with an action; `"Hello there"` has none before it',
                    "Insert `say en`",
                    [(0, 0, "say en ")],
                )
            ],
        ),
        (
            'sa y en "a"\n',
            [("DA002", 0, 2, "unknown action `sa`; did you mean `say`?", "Replace with `say`", [(0, 4, "say")])],
        ),
        # what `voicemail` is followed by; a word where an argument goes; quotes where they do not belong
        (
            "voicemail xyz\n",
            [
                (
                    "DA001",
                    10,
                    13,
                    '`voicemail` is followed by `playback <url>` or `say <lang> "<text>"`, not `xyz`',
                    None,
                    None,
                )
            ],
        ),
        (
            'voicemail sayy en "a"\n',
            [("DA002", 10, 14, "unknown action `sayy`; did you mean `say`?", "Replace with `say`", [(10, 14, "say")])],
        ),
        (
            "voicemail Say\n",
            [
                (
                    "DA003",
                    10,
                    13,
                    '`voicemail say` needs a language code and a quoted message (e.g. `en "Hello"`)',
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer =+81336042000\n",
            [
                (
                    "DA001",
                    9,
                    22,
                    "unexpected `=+81336042000`: expected the number to transfer to (`+` and the country code, e.g. `+81336042000`)",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81336042000 --caller =+819012345678\n",
            [
                (
                    "DA106",
                    22,
                    32,
                    "write the option as Xoxzo documents it: `--caller=+819012345678`, not `--caller =+819012345678`",
                    "Write `--caller=`",
                    [(22, 32, "--caller=")],
                )
            ],
        ),
        ('say en ""\n', [("DA403", 7, 9, "the message is empty: there is nothing to say", None, None)]),
        ('say ""\n', [("DA003", 0, 3, "`say` needs a language code before the message", None, None)]),
        (
            'say "a" "b"\n',
            [("DA003", 0, 3, "`say` needs a language code before the message", "Insert `en `", [(4, 4, "en ")])],
        ),
        (
            'say en "a" "b\n',
            [
                (
                    "DA004",
                    10,
                    13,
                    'unexpected `"b`: the message ended at the previous `"`',
                    "Remove the extra text",
                    [(10, 13, "")],
                )
            ],
        ),
        (
            'say "Hello\n',
            [("DA003", 0, 3, "`say` needs a language code before the message", "Insert `en `", [(4, 4, "en ")])],
        ),
        (
            'playback "https://example.com/a.mp3"\n',
            [
                (
                    "DA001",
                    9,
                    36,
                    "write the URL without quotes: `https://example.com/a.mp3`",
                    "Remove the quotes",
                    [(9, 36, "https://example.com/a.mp3")],
                )
            ],
        ),
        (
            'playback "https://example.com/a.mp3\n',
            [("DA001", 9, 35, 'unexpected `"https://example.com/a.mp3`: expected the URL of an mp3 file', None, None)],
        ),
        # a quoted word where a number or a greeting goes; a quote right after the opening one
        (
            'say en ""Hi" she said"\n',
            [
                (
                    "DA010",
                    8,
                    12,
                    '`"` inside the message ends it: the language has no escape',
                    "Replace the inner quotes with `'`",
                    [(8, 9, "'"), (11, 12, "'")],
                )
            ],
        ),
        (
            'transfer "abc" x\n',
            [("DA001", 9, 14, "write the number without quotes: `abc`", "Remove the quotes", [(9, 14, "abc")])],
        ),
        (
            'transfer "abc\n',
            [
                (
                    "DA001",
                    9,
                    13,
                    'unexpected `"abc`: expected the number to transfer to (`+` and the country code, e.g. `+81336042000`)',
                    None,
                    None,
                )
            ],
        ),
        (
            'playback "https://example.com/a.mp3" "x"\n',
            [
                (
                    "DA001",
                    9,
                    36,
                    "write the URL without quotes: `https://example.com/a.mp3`",
                    "Remove the quotes",
                    [(9, 36, "https://example.com/a.mp3")],
                )
            ],
        ),
        (
            'voicemail "Hello"\n',
            [
                (
                    "DA001",
                    10,
                    17,
                    '`voicemail` is followed by `playback <url>` or `say <lang> "<text>"`, not `"Hello"`',
                    None,
                    None,
                )
            ],
        ),
    ],
)
def test_each_way_a_line_goes_wrong_is_named_word_for_word_with_its_fix(text: str, found: list[Worded]) -> None:
    """The dashboard's `say:`, the option before the number, an unknown or repeated option, two actions on a
    line, more than one message, a quote inside the message: what is said, where, and what the fix writes."""
    assert _worded(text) == found


def test_actions_on_one_line_that_may_all_run_are_split() -> None:
    assert _worded('say en "a" say en "b"\n', Settings(max_actions=2)) == [
        (
            "DA012",
            0,
            21,
            "2 actions on one line: each action is a line of its own",
            "Put each action on its own line",
            [(10, 11, "\n")],
        )
    ]


def test_actions_on_one_line_say_how_many_may_run() -> None:
    (found,) = _worded('say en "a" say en "b" say en "c"\n', Settings(max_actions=2))
    assert found[:4] == (
        "DA012",
        0,
        32,
        "3 actions on one line: each action is a line of its own, and at most 2 actions may run (`max-actions`)",
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            'say en "a"\u200b\n',
            [
                (
                    "DA014",
                    10,
                    11,
                    "invisible character U+200B (zero width space) between the words of the action",
                    "Remove it",
                    [(10, 11, "")],
                )
            ],
        ),
        (
            'say\u200b en "a\n',
            [
                (
                    "DA014",
                    3,
                    4,
                    "invisible character U+200B (zero width space) between the words of the action",
                    "Remove it",
                    [(3, 4, "")],
                ),
                ("DA009", 8, 10, 'the message has no closing `"`', 'Add the closing `"`', [(10, 10, '"')]),
            ],
        ),
        (
            'say\u200b\u200d en "a"\n',
            [
                (
                    "DA014",
                    3,
                    5,
                    "invisible character U+200B (zero width space), U+200D (zero width joiner) between the words of the action",
                    "Remove it",
                    [(3, 5, "")],
                )
            ],
        ),
        (
            'say \u200ben "a"\n',
            [
                (
                    "DA014",
                    4,
                    5,
                    "invisible character U+200B (zero width space) between the words of the action",
                    "Remove it",
                    [(4, 5, "")],
                )
            ],
        ),
        (
            '\u200bsay en "a"\n',
            [
                (
                    "DA014",
                    0,
                    1,
                    "invisible character U+200B (zero width space) before the action: it is part of the first word Xoxzo reads",
                    "Remove it",
                    [(0, 1, "")],
                )
            ],
        ),
        (
            " \ufeffplayback https://example.com/a.mp3\n",
            [
                ("DA104", 0, 1, "leading whitespace before the action", "Remove it", [(0, 1, "")]),
                (
                    "DA014",
                    1,
                    2,
                    "invisible character U+FEFF (byte order mark) before the action: it is part of the first word Xoxzo reads (a byte order mark belongs only at the very start of a file)",
                    "Remove it",
                    [(1, 2, "")],
                ),
            ],
        ),
        (
            'voicemail say\u200b en "a"\n',
            [
                (
                    "DA014",
                    13,
                    14,
                    "invisible character U+200B (zero width space) between the words of the action",
                    "Remove it",
                    [(13, 14, "")],
                )
            ],
        ),
        (
            "voicemail playback https://example.com/a\u200b.mp3\n",
            [("DA203", 40, 41, "the mp3 URL contains the invisible character U+200B ZERO WIDTH SPACE", None, None)],
        ),
        (
            'sa\u200by en "a"\n',
            [
                (
                    "DA014",
                    2,
                    3,
                    "invisible character U+200B (zero width space) inside `say`: it is part of the word Xoxzo reads",
                    "Remove it",
                    [(2, 3, "")],
                )
            ],
        ),
        # after a message that a stray quote opens: inside quotes, as far as the line can tell
        ('"say en "a"\u200b\n', [("DA001", 0, 1, 'a line starts with an action, not with `"`', None, None)]),
    ],
)
def test_an_invisible_character_is_named_with_where_it_stands(text: str, found: list[Worded]) -> None:
    """Outside the message it is DA014 (inside a word, before the action, between words; a byte order mark
    says where it belongs); inside an argument, the argument's rule reports it (DA203 in a voicemail's URL)."""
    assert _worded(text) == found


def test_a_voicemail_knows_where_its_greeting_stands() -> None:
    (voicemail,) = lint_source('voicemail say en "a"\n', Settings()).script.actions
    assert voicemail.loc is not None
    assert voicemail.loc.parts == {"keyword": Span(0, 9), "greeting": Span(10, 20)}


@pytest.mark.parametrize(
    ("word", "shown"),
    [
        ("q" * 40, "q" * 40),  # forty characters are shown whole
        ("q" * 41, "q" * 39 + "…"),
        ("qq\x07q", "qq\\x07q"),  # a control character by its escape
    ],
)
def test_an_unknown_word_is_shown_short_and_readable(word: str, shown: str) -> None:
    assert _worded(f"{word}\n") == [
        (
            "DA002",
            0,
            len(word),
            f"unknown action `{shown}`: the actions are `playback`, `transfer`, `say` and `voicemail`",
            None,
            None,
        )
    ]
