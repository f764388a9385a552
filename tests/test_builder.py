"""The builder: typed, immutable nodes that normalise, and judge themselves with the linter's own checks."""

from __future__ import annotations

import dataclasses
import pickle
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import dinaction
from dinaction import (
    ActionBody,
    ActionError,
    Playback,
    Say,
    Script,
    Severity,
    Transfer,
    Voicemail,
    builder,
    format_text,
    lint,
    parse,
)
from dinaction.diagnostics import Diagnostic
from dinaction.linter import check_script, run_checks
from dinaction.rules import CHECKS, Context, Rule
from dinaction.settings import Settings
from dinaction.syntax import Parsed, parse_source

URL = "https://example.com/welcome.mp3"
loose: Any = dinaction
JA = "お電話ありがとうございます。"


# --- the examples ---------------------------------------------------------------------------------


def test_the_examples_render_their_canonical_lines() -> None:
    assert str(Say("en", "Hello, how are you?")) == 'say en "Hello, how are you?"'
    assert str(Playback(URL)) == f"playback {URL}"
    assert str(Transfer("+81336042000", caller="+819012345678")) == "transfer +81336042000 --caller=+819012345678"
    assert str(Voicemail(Say("en", "Please leave a message."))) == 'voicemail say en "Please leave a message."'
    assert str(Voicemail(Playback(URL))) == f"voicemail playback {URL}"
    script = Script([Say("ja", JA), Transfer("+81336042000")], max_actions=2)
    assert script.render() == f'say ja "{JA}"\ntransfer +81336042000\n'
    assert str(script) == script.render()


def test_nodes_are_the_parsers_nodes() -> None:
    script = parse(f'say ja "{JA}"\ntransfer +81336042000 --caller=+819012345678\n', max_actions=2)
    assert script == Script([Say("ja", JA), Transfer("+81336042000", caller="+819012345678")], max_actions=2)
    assert type(script.actions[0]) is Say


# --- immutability, slots, signatures -----------------------------------------------------------------------

NODES: list[Any] = [
    Playback(URL),
    Transfer("+81336042000", caller="+819012345678"),
    Say("en", "Hello"),
    Voicemail(Say("en", "Please leave a message.")),
    Script([Say("en", "Hello")]),
]


@pytest.mark.parametrize("node", NODES, ids=lambda n: type(n).__name__)
def test_nodes_are_frozen_slotted_dataclasses(node: Any) -> None:
    assert dataclasses.is_dataclass(node)
    assert not hasattr(node, "__dict__")
    first = dataclasses.fields(node)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(node, first, getattr(node, first))
    assert hash(node) == hash(pickle.loads(pickle.dumps(node)))
    assert pickle.loads(pickle.dumps(node)) == node


def test_options_are_keyword_only_and_unknown_keywords_are_refused() -> None:
    with pytest.raises(TypeError):
        Transfer("+81336042000", "+819012345678")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Script([Say("en", "Hi")], 2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Say("en", "Hi", voice="female")  # type: ignore[call-arg]


def test_replace_runs_the_checks_again() -> None:
    say = Say("en", "Hello")
    assert dataclasses.replace(say, message="Goodbye") == Say("en", "Goodbye")
    with pytest.raises(ActionError) as caught:
        dataclasses.replace(say, message='Press "1"')
    assert [d.field for d in caught.value.diagnostics] == ["message"]


# --- normalisation -----------------------------------------------------------------------------------------


def test_language_codes_are_lowercased() -> None:
    assert Say("EN", "Hello").lang == "en"
    assert Say("Ja", JA) == Say("ja", JA)
    assert str(Say("JA", JA)) == f'say ja "{JA}"'


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("+81336042000", "+81336042000"),
        ("+81 3-3604-2000", "+81336042000"),
        ("+81 (3) 3604 2000", "+81336042000"),
        ("+81-3-3604-2000", "+81336042000"),
        ("+81.3.3604.2000", "+81336042000"),
        (" +81 3 3604 2000 ", "+81336042000"),
        ("＋８１ ３‐３６０４‐２０００", "+81336042000"),  # full-width, as a Japanese IME types it
        ("+44 (0)20 7946 0000", "+442079460000"),  # the UK's bracketed trunk prefix goes
        ("+1 (212) 555-0123", "+12125550123"),
        ("+49 30 123456", "+4930123456"),
    ],
)
def test_international_forms_become_e164(written: str, e164: str) -> None:
    transfer = Transfer(written, caller=written)
    assert transfer.number == e164
    assert transfer.caller == e164
    assert transfer == Transfer(e164, caller=e164)


@pytest.mark.parametrize(
    ("written", "region", "e164"),
    [
        ("03-3604-2000", "JP", "+81336042000"),
        ("03 3604 2000", "jp", "+81336042000"),
        ("(03) 3604-2000", "JP", "+81336042000"),
        ("090-1234-5678", "JP", "+819012345678"),
        ("020 7946 0000", "GB", "+442079460000"),
        ("+81 3-3604-2000", "GB", "+81336042000"),  # an international number ignores the region
    ],
)
def test_national_numbers_need_a_region(written: str, region: str, e164: str) -> None:
    assert Transfer(written, region=region).number == e164
    assert Transfer("+81336042000", caller=written, region=region).caller == e164
    assert Transfer(written, region=region) == Transfer(e164)  # the region is not part of the node
    assert "region" not in repr(Transfer(written, region=region))
    assert "region" not in {f.name for f in dataclasses.fields(Transfer)}
    assert dataclasses.replace(Transfer(written, region=region), caller=written, region=region).caller == e164


@pytest.mark.parametrize("written", ["03-3604-2000", "0336042000", "03 3604 2000"])
def test_a_national_number_without_region_is_rejected_with_the_way_out(written: str) -> None:
    with pytest.raises(ActionError) as caught:
        Transfer(written)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.field) == ("DA301", "number")
    assert "region=" in diagnostic.message
    assert str(caught.value).startswith("number: ")


def test_an_unknown_region_is_a_value_error_naming_it() -> None:
    with pytest.raises(ValueError, match="'XX'"):
        Transfer("+81336042000", region="XX")


# --- validation: the linter's checks, naming the field -------------------------------------------------------

#: (builder call, the same action as text, the rule both must report, the field the builder names);
#: no text where writing the value out loses what was wrong with it
REJECTED: list[tuple[str, Callable[[], object], str | None, str, str]] = [
    ("relative-url", lambda: Playback("/media/welcome.mp3"), "playback /media/welcome.mp3", "DA200", "url"),
    (
        "private-host",
        lambda: Playback("http://192.168.1.20/a.mp3"),
        "playback http://192.168.1.20/a.mp3",
        "DA202",
        "url",
    ),
    ("no-host", lambda: Playback("http:///a.mp3"), "playback http:///a.mp3", "DA201", "url"),
    (
        "url-control",
        lambda: Playback("http://example.com/a\x07.mp3"),
        "playback http://example.com/a\x07.mp3",
        "DA203",
        "url",
    ),
    (
        "url-space",
        lambda: Playback("http://example.com/a b.mp3"),
        "playback http://example.com/a b.mp3",
        "DA004",
        "url",
    ),
    (
        "url-quote",
        lambda: Playback('http://example.com/"a".mp3'),
        'playback http://example.com/"a".mp3',
        "DA004",
        "url",
    ),
    ("number-letters", lambda: Transfer("+81 3 FLOWERS"), "transfer +813FLOWERS", "DA300", "number"),
    ("number-no-plus", lambda: Transfer("81336042000"), "transfer 81336042000", "DA300", "number"),
    ("number-too-long", lambda: Transfer("+8133604200012345678"), "transfer +8133604200012345678", "DA302", "number"),
    ("number-country", lambda: Transfer("+80336042000"), "transfer +80336042000", "DA303", "number"),
    ("number-length", lambda: Transfer("+8133604"), "transfer +8133604", "DA304", "number"),
    (
        "caller-national",
        lambda: Transfer("+81336042000", caller="0312345678"),
        "transfer +81336042000 --caller=0312345678",
        "DA301",
        "caller",
    ),
    # as text the caller would be missing (DA003); the builder knows it was given, empty
    ("caller-empty", lambda: Transfer("+81336042000", caller=""), None, "DA300", "caller"),
    ("lang-name", lambda: Say("english", "Hello"), 'say english "Hello"', "DA400", "lang"),
    ("lang-underscore", lambda: Say("ja_JP", JA), f'say ja_JP "{JA}"', "DA400", "lang"),
    ("lang-space", lambda: Say("en x", "Hello"), None, "DA400", "lang"),
    ("lang-nul", lambda: Say("\x00en", "Hello"), 'say \x00en "Hello"', "DA400", "lang"),  # as text: an unquoted message
    ("message-empty", lambda: Say("en", ""), 'say en ""', "DA403", "message"),
    ("message-blank", lambda: Say("en", "   "), 'say en "   "', "DA403", "message"),
    ("message-tab", lambda: Say("en", "Hello\tworld"), 'say en "Hello\tworld"', "DA404", "message"),
    ("message-quote", lambda: Say("en", 'Press "1" for sales'), 'say en "Press "1" for sales"', "DA010", "message"),
    ("message-quote-end", lambda: Say("en", 'Hello"'), 'say en "Hello""', "DA010", "message"),
    ("voicemail-quote", lambda: Voicemail(Say("en", 'a "b" c')), 'voicemail say en "a "b" c"', "DA010", "message"),
]


@pytest.mark.parametrize(("build", "text", "code", "field"), [r[1:] for r in REJECTED], ids=[r[0] for r in REJECTED])
def test_errors_raise_action_error_naming_field_and_rule(
    build: Callable[[], object], text: str | None, code: str, field: str
) -> None:
    with pytest.raises(ActionError) as caught:
        build()
    error = caught.value
    assert isinstance(error, ValueError)
    assert code in {d.code for d in error.diagnostics}, error.diagnostics
    assert all(d.severity is Severity.ERROR for d in error.diagnostics)
    assert {d.field for d in error.diagnostics} == {field}
    assert f"{field}: " in str(error) and code in str(error)
    # the linter says the same of the same action written as text: one implementation
    if text is not None:
        assert code in {d.code for d in lint(text)}


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Say("en", "Hello\nWorld"), "message"),
        (lambda: Say("en", "Hello\r\nWorld"), "message"),
        (lambda: Say("en", "a\u2028b"), "message"),
        (lambda: Playback("http://example.com/a.mp3\nplayback http://example.com/b.mp3"), "url"),
        (lambda: Playback(f" {URL}"), "url"),
        (lambda: Playback(f"{URL}\u3000"), "url"),
        (lambda: Transfer("+81336042000 --caller=+819012345678"), "number"),
        (lambda: Say(" en", "Hello"), "lang"),
    ],
)
def test_what_cannot_be_written_faithfully_is_refused(build: Callable[[], object], field: str) -> None:
    with pytest.raises(ActionError) as caught:
        build()
    assert {d.field for d in caught.value.diagnostics} == {field}, caught.value.diagnostics


def test_a_line_break_is_reported_once_by_its_rule_not_by_the_parse_back() -> None:
    with pytest.raises(ActionError) as caught:
        Say("en", "Hello\nWorld")
    assert [d.code for d in caught.value.diagnostics] == ["DA404"]


def test_whitespace_around_a_url_says_what_it_would_become() -> None:
    with pytest.raises(ActionError, match=r"would be read back as 'https://example\.com/welcome\.mp3'") as caught:
        Playback(f" {URL}")
    assert [d.code for d in caught.value.diagnostics] == ["DA001"]


@pytest.mark.parametrize(
    ("build", "code", "field"),
    [
        (lambda: Playback("https://example.com/welcome.wav"), "DA204", "url"),
        (lambda: Playback("https://example.com/audio/%E3%81%82.mp3"), "DA205", "url"),
        (lambda: Transfer("+81336042000", caller="+81 3-3604-2000"), "DA305", "caller"),
        (lambda: Say("fr", "Bonjour"), "DA401", "lang"),
        (lambda: Say("en-US", "Hello"), "DA401", "lang"),
        (lambda: Say("en", JA), "DA406", "message"),
        (lambda: Say("en", "Please hold. " * 80), "DA405", "message"),
        (lambda: Voicemail(Playback("https://example.com/greeting.wav")), "DA204", "url"),
    ],
)
def test_warnings_do_not_raise_and_stay_on_the_node(build: Callable[[], Any], code: str, field: str) -> None:
    node = build()
    assert [(d.code, d.field, d.severity) for d in node.diagnostics] == [(code, field, Severity.WARNING)]
    again = parse_source(str(node)).script.actions[0]
    assert node == again  # diagnostics take no part in equality
    assert "diagnostics" not in repr(node)


def test_clean_nodes_have_no_diagnostics() -> None:
    for node in NODES:
        assert node.diagnostics == ()


def test_action_error_with_a_plain_message_is_the_value_error_it_is() -> None:
    # how code that wraps or re-raises builds it
    error = ActionError("no contact for this caller")
    assert isinstance(error, ValueError)
    assert str(error) == "no contact for this caller"
    assert repr(error) == "ActionError('no contact for this caller')"
    assert error.args == ("no contact for this caller",)
    assert error.diagnostics == ()
    assert (str(ActionError()), ActionError().diagnostics) == ("", ())
    assert str(ActionError("a", 2)) == "('a', 2)"
    with pytest.raises(ActionError, match=r"^no number for 'sales'$") as caught:
        try:
            Transfer("03-3604-2000")
        except ActionError as exc:
            raise ActionError("no number for 'sales'") from exc
    assert caught.value.diagnostics == ()
    assert [d.code for d in caught.value.__cause__.diagnostics] == ["DA301"]  # type: ignore[union-attr]
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.diagnostics) == (ActionError, str(error), ())


def test_action_error_keeps_its_diagnostics_through_pickling() -> None:
    with pytest.raises(ActionError) as caught:
        Say("en", 'Press "1"')
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.diagnostics == caught.value.diagnostics
    assert [d.field for d in again.diagnostics] == ["message"]
    assert str(again) == str(caught.value)


# --- type errors (through an untyped handle: mypy would refuse these calls) --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: loose.Playback(42), "Playback url must be a str, not int"),
        (lambda: loose.Playback(URL.encode()), "Playback url must be a str, not bytes"),
        (lambda: loose.Playback(None), "Playback url must be a str, not NoneType"),
        (lambda: loose.Transfer(81336042000), "Transfer number must be a str, not int"),
        (lambda: loose.Transfer("+81336042000", caller=819012345678), "Transfer caller must be a str or None, not int"),
        (lambda: loose.Transfer("03-3604-2000", region=81), "Transfer region must be a str or None, not int"),
        (lambda: loose.Say("en", None), "Say message must be a str, not NoneType"),
        (lambda: loose.Say(None, "Hello"), "Say lang must be a str, not NoneType"),
        (
            lambda: loose.Voicemail(Transfer("+81336042000")),
            "Voicemail greeting must be a Playback or a Say, not Transfer",
        ),
        (lambda: loose.Voicemail("say en hi"), "Voicemail greeting must be a Playback or a Say, not str"),
        (lambda: loose.Script(Say("en", "Hi")), "Script actions must be a list of actions, not Say"),
        (lambda: loose.Script('say en "Hi"'), "Script actions must be a list of actions, not str"),
        (lambda: loose.Script(42), "Script actions must be a list of actions, not int"),
        (lambda: loose.Script([Say("en", "Hi"), "transfer +81336042000"]), r"Script actions\[1\] must be a Playback"),
        (lambda: loose.Script([Say("en", "Hi")], max_actions="2"), "Script max_actions must be an int, not str"),
        (lambda: loose.Script([Say("en", "Hi")], max_actions=True), "Script max_actions must be an int, not bool"),
    ],
)
def test_wrong_types_are_type_errors(build: Callable[[], object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        build()


def test_max_actions_below_one_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Script([Say("en", "Hi")], max_actions=0)


# --- Script -------------------------------------------------------------------------------------------------


def test_script_too_many_actions_names_the_argument() -> None:
    with pytest.raises(ActionError) as caught:
        Script([Say("en", "Hi"), Transfer("+81336042000")])
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.field) == ("DA101", "actions")


def test_an_empty_script_is_refused() -> None:
    with pytest.raises(ActionError) as caught:
        Script([])
    assert [(d.code, d.field) for d in caught.value.diagnostics] == [("DA100", "actions")]


def test_script_with_max_actions_and_a_generator() -> None:
    script = Script((a for a in (Say("en", "Hi"), Transfer("+81336042000"))), max_actions=2)
    assert isinstance(script.actions, tuple) and len(script.actions) == 2
    assert script.max_actions == 2
    assert script == Script([Say("en", "Hi"), Transfer("+81336042000")], max_actions=3)  # a setting, not content


def test_script_replace_runs_the_checks_again() -> None:
    script = Script([Say("en", "Hi")])
    two = dataclasses.replace(script, actions=(Say("en", "Hi"), Transfer("+81336042000")), max_actions=2)
    assert two.actions == (Say("en", "Hi"), Transfer("+81336042000")) and two.max_actions == 2
    with pytest.raises(ActionError, match="DA101"):
        dataclasses.replace(two, max_actions=1)


def test_script_collects_the_warnings_of_its_actions() -> None:
    script = Script([Say("fr", "Bonjour"), Playback("https://example.com/a.wav")], max_actions=2)
    assert sorted(d.code for d in script.diagnostics) == ["DA204", "DA401"]


def test_script_judges_parsed_nodes_too() -> None:
    # a parsed node is not judged by its constructor (the linter judges it with its text);
    # a Script built from code with it still runs every check
    (empty,) = parse_source('say en ""\n').script.actions
    with pytest.raises(ActionError) as caught:
        Script([empty])
    assert [(d.code, d.field) for d in caught.value.diagnostics] == [("DA403", "message")]


def test_nested_nodes_are_judged_once(monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[tuple[tuple[str, ...], bool]] = []
    lines: list[str | bytes] = []

    def counted_run(ctx: Context, codes: frozenset[str]) -> list[Diagnostic]:
        runs.append((tuple(type(a).__name__ for a in ctx.actions), codes <= builder._SCRIPT_CODES))
        return run_checks(ctx, codes)

    def counted_parse(data: str | bytes, **options: Any) -> Parsed:
        lines.append(data)
        return parse_source(data, **options)

    monkeypatch.setattr("dinaction.builder.run_checks", counted_run)
    monkeypatch.setattr("dinaction.builder.parse_source", counted_parse)
    script = Script([Voicemail(Say("fr", "Bonjour"))])
    # the Say's checks and its parse-back once; the voicemail adds nothing; the script its own rules only
    assert runs == [(("Say",), False), (("Voicemail",), True)]
    assert lines == ['say fr "Bonjour"']
    (voicemail,) = script.actions
    assert isinstance(voicemail, Voicemail)
    assert [d.code for d in voicemail.greeting.diagnostics] == ["DA401"]
    assert voicemail.diagnostics == voicemail.greeting.diagnostics == script.diagnostics


# --- bodies for web handlers --------------------------------------------------------------------------------


def test_http_response_is_the_utf8_body_with_its_content_type() -> None:
    script = Script([Say("ja", JA), Transfer("+81336042000")], max_actions=2)
    response = script.http_response()
    assert isinstance(response, ActionBody)
    assert response.body == script.render().encode("utf-8")
    assert response.content_type == "text/plain; charset=utf-8"
    assert response.headers == {"Content-Type": "text/plain; charset=utf-8", "Content-Length": str(len(response.body))}
    assert response.text == script.render()
    assert lint(response.body, Settings(max_actions=2)) == []


def test_a_single_action_is_a_body_too() -> None:
    say = Say("en", "Hello")
    assert say.render() == 'say en "Hello"\n'
    assert say.http_response() == Script([say]).http_response()
    assert lint(say.http_response().body) == []


# --- parse, lint, format_text ---------------------------------------------------------------------------------


def test_parse_raises_on_errors_and_keeps_warnings() -> None:
    with pytest.raises(ActionError) as caught:
        parse("tranfer +81336042000\n")
    assert [d.code for d in caught.value.diagnostics] == ["DA002"]
    script = parse("playback https://example.com/a.wav\n")
    assert [d.code for d in script.diagnostics] == ["DA204"]
    with pytest.raises(ActionError):
        parse('say en "Hi"\ntransfer +81336042000\n')
    assert len(parse('say en "Hi"\ntransfer +81336042000\n', max_actions=2).actions) == 2


def test_lint_never_raises_and_format_text_is_canonical() -> None:
    assert "DA020" in {d.code for d in lint(b'say ja "\x82\xb1"\n')}
    assert format_text('SAY EN  "Hi"\r\n') == 'say en "Hi"\n'


# --- every check names the field it judges --------------------------------------------------------------------

FIELDS = {"url", "number", "caller", "lang", "message", "actions"}


@pytest.mark.parametrize("rule", [r for check in CHECKS for r in check.reports], ids=lambda r: r.code)
def test_every_check_names_the_field_when_it_judges_a_node(rule: Rule) -> None:
    settings = rule.example_settings_from(Settings(select=("ALL",)))
    parsed = parse_source(rule.bad, max_actions=rule.example_max_actions)
    with_text = [d for d in check_script(parsed.script, parsed.text, settings) if d.code == rule.code]
    without_text = [d for d in check_script(parsed.script, None, settings) if d.code == rule.code]
    for diagnostic in without_text:  # what a builder-made node can be told: always about an argument
        assert diagnostic.field in FIELDS, diagnostic
    for diagnostic in with_text:  # the layout rules (case, blanks, line endings) are about text, not arguments
        assert diagnostic.field in FIELDS or rule.code in {"DA102", "DA103", "DA104", "DA105"}, diagnostic


# --- imports ----------------------------------------------------------------------------------------------------


def test_import_dinaction_pulls_in_neither_hypothesis_nor_phonenumbers() -> None:
    code = (
        "import sys, dinaction\n"
        "dinaction.Say('en', 'Hello'); dinaction.Playback('https://example.com/a.mp3')\n"
        "print(sorted(m for m in ('hypothesis', 'phonenumbers') if m in sys.modules))\n"
        "import dinaction.strategies\n"
        "print('hypothesis' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "True"]


# --- the README's builder section runs ----------------------------------------------------------------------------


def _readme_python_blocks() -> list[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```$", readme, re.DOTALL | re.MULTILINE)


def _readme_builder_blocks() -> list[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section:builder -->", 1)[1].split("<!-- /section:builder -->", 1)[0]
    return re.findall(r"^```python\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)


def test_the_readme_builder_section_has_its_examples() -> None:
    assert len(_readme_builder_blocks()) >= 6, "the builder section lost its examples"


@pytest.mark.parametrize("number", range(1, len(_readme_python_blocks()) + 1))
def test_every_python_block_of_the_readme_runs_alone(number: int) -> None:
    """Each block is what a reader copies: it runs in a fresh namespace, with its own imports."""
    block = _readme_python_blocks()[number - 1]
    namespace: dict[str, object] = {"__name__": f"readme_block_{number}"}
    exec(compile(block, f"README.md python block {number}", "exec"), namespace)
