"""What a broken or loosely written line is diagnosed as: the finding, the span it is about, its message."""

from __future__ import annotations

import pytest

from dinaction.ast import Playback, Transfer
from dinaction.linter import apply_fixes, lint_source
from dinaction.rules import syntax
from dinaction.settings import Settings
from dinaction.syntax import parse_source

SYNTAX_CODES = frozenset(r.code for r in syntax.RULES)


def findings(text: str, config: Settings | None = None) -> list[tuple[str, str, str]]:
    """(code, the text the finding's span covers, message) of every finding."""
    result = lint_source(text, config or Settings())
    return [(d.code, d.span.slice(result.text), d.message) for d in result.diagnostics]


@pytest.mark.parametrize(
    "number",
    ["0081336042000", "01181336042000", "00-81-3-3604-2000", "+81-3-3604-2000", "(03)3604-2000", "0336042000"],
)
def test_numbers_in_other_forms_are_handed_to_the_number_rules(number: str) -> None:
    parsed = parse_source(f"transfer {number}\n")
    assert [a.number for a in parsed.script.actions if isinstance(a, Transfer)] == [number]
    assert parsed.diagnostics == ()
    assert not SYNTAX_CODES & {d.code for d in lint_source(f"transfer {number}\n", Settings()).diagnostics}


def test_the_misspelt_action_keeps_the_words_the_editor_test_relies_on() -> None:
    (diagnostic,) = lint_source("tranfer +81336042000\n", Settings()).diagnostics
    assert diagnostic.message == "unknown action `tranfer`; did you mean `transfer`?"
    assert diagnostic.fix is not None and diagnostic.fix.title == "Replace with `transfer`"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "transfer +81336042000 --caller +819012345678\n",
            (
                "DA106",
                "--caller ",
                "write the option as Xoxzo documents it: `--caller=+819012345678`, not `--caller +819012345678`",
            ),
        ),
        ('say en"Hello"\n', ("DA107", 'en"', 'no space between the language code and the message: `en "…"`')),
        (
            "transfer --caller=+819012345678 +81336042000\n",
            (
                "DA011",
                "--caller=+819012345678",
                "`--caller=` comes after the number to transfer to: `transfer <number> --caller=<number>`",
            ),
        ),
        (
            "transfer +81 3 3604 2000\n",
            (
                "DA013",
                "+81 3 3604 2000",
                "the number is written with spaces: a number is one word, `+` and digits only: `+81336042000`",
            ),
        ),
        (
            "playback https://example.com/a.mp3 --caller=+819012345678\n",
            ("DA005", "--caller", "unknown option `--caller` for `playback`: only `transfer` takes `--caller=`"),
        ),
        (
            "playback https://example.com/a.mp3 --loop\n",
            ("DA004", "--loop", "unexpected `--loop`: `playback` takes no option"),
        ),
        (
            'say en "Hello" "World"\n',
            (
                "DA004",
                '"World"',
                'unexpected `"World"`: 2 messages, and `say` reads one: which was meant? '
                "(one pair of quotes holds the whole text)",
            ),
        ),
        (
            "say en 'Hello'\n",
            ("DA008", "'Hello'", "the message must be enclosed in double quotes, not `'…'`"),
        ),
        (
            'transfer +81336042000 --caller="+819012345678"\n',
            ("DA001", '"+819012345678"', "write the caller id number without quotes: `--caller=+819012345678`"),
        ),
        (
            "playback https://example.com/a.mp3 playback https://example.com/b.mp3\n",
            (
                "DA012",
                "playback https://example.com/a.mp3 playback https://example.com/b.mp3",
                "2 actions on one line: each action is a line of its own, and at most 1 action may run (`max-actions`)",
            ),
        ),
        (
            "play\u200bback https://example.com/a.mp3\n",
            (
                "DA014",
                "\u200b",
                "invisible character U+200B (zero width space) inside `playback`: it is part of the word Xoxzo reads",
            ),
        ),
        (
            "transfer +81336042000 --caller=+819012345678 --caller=+819012345679\n",
            ("DA006", "--caller=+819012345679", "`--caller` is given more than once: which one was meant?"),
        ),
    ],
)
def test_each_finding_covers_what_it_is_about_and_says_what_to_write(text: str, expected: tuple[str, str, str]) -> None:
    assert findings(text) == [expected]


def test_invisible_characters_in_a_keyword_are_the_parsers_and_in_an_argument_its_rules() -> None:
    text = "play\u200bback https://exa\ufeffmple.com/a.mp3\n"
    parsed = parse_source(text)
    (action,) = parsed.script.actions
    assert isinstance(action, Playback) and action.url == "https://exa\ufeffmple.com/a.mp3"  # as written
    assert action.loc is not None
    assert action.loc.part("keyword").slice(text) == "play\u200bback"
    assert action.loc.part("url").slice(text) == "https://exa\ufeffmple.com/a.mp3"
    assert [(d.code, d.span.slice(text)) for d in parsed.diagnostics] == [("DA014", "\u200b")]
    assert [(d.code, d.span.slice(text)) for d in lint_source(text, Settings()).diagnostics] == [
        ("DA014", "\u200b"),
        ("DA203", "\ufeff"),
    ]


def test_a_broken_line_with_an_invisible_character_is_placed_as_written() -> None:
    text = "trans\u200bfer +81336042000 +81336042001\n"
    result = lint_source(text, Settings())
    assert [(d.code, d.span.slice(text)) for d in result.diagnostics] == [
        ("DA014", "\u200b"),
        ("DA004", "+81336042001"),
    ]


def test_invisible_characters_inside_the_message_are_the_message_rules_business() -> None:
    parsed = parse_source('say en "Hel\u200blo"\n')
    assert parsed.diagnostics == ()
    assert [a.message for a in parsed.script.actions] == ["Hel\u200blo"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "transfer +81336042000 --Caller = +819012345678\n",
        "transfer +81336042000 --caller+819012345678\n",
        'voicemail say ja"はい"\n',
        "trans\u200bfer +81336042000\n",
        "\ufeffplayback https://example.com/a.mp3\n",
        'say en "Please hold."\n\ufefftransfer +81336042000 --CALLER +819012345678\n',
    ],
)
def test_a_safe_fix_never_changes_what_is_read(text: str) -> None:
    config = Settings(max_actions=2)
    before = lint_source(text, config)
    safe = [d for d in before.diagnostics if d.fix is not None and d.fix.is_safe]
    assert safe
    for diagnostic in safe:
        fixed, applied = apply_fixes(before.text, [diagnostic])
        assert applied == 1
        assert lint_source(fixed, config).script == before.script, diagnostic
