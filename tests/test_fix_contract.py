"""The fix-safety contract, over generated near misses (tests/near_miss.py).

"Lint is clean" must mean "Xoxzo runs this as written", and a fix must never
turn a typo into another action that looks valid. For a valid file with one
realistic mistake in it, every finding that offers a fix is held to this:

- a **safe** fix never changes what is read: the actions are the same, numbers
  compared by their NFKC form (a full-width `８` is the digit 8, as the number
  rules decided), and its finding is gone;
- an **unsafe** fix (a) leaves fewer findings of its rule, (b) brings no error
  the file did not have, (c) keeps every digit, letter and URL character typed
  except those its rule is precisely about (``ABOUT``, one row per rule with a
  fix), and (d) when its result lints clean, that result is the actions that
  were meant: the one reading a person most plausibly meant, or no fix at all.

The whole of ``--fix --unsafe-fixes`` is held to (d) as soon as it leaves no
error: fixes in a chain (`en_US` → `en-us` → `en`) must end on what was meant. How many examples
each class runs depends on the profile (tests/conftest.py): a few hundred
locally, 5,000 in CI.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings

from dinaction.ast import Action, Playback, Say, Script, Transfer, Voicemail
from dinaction.diagnostics import Diagnostic, Severity
from dinaction.linter import LintResult, apply_fixes, fix_source, lint_source
from dinaction.rules import ALL_RULES
from dinaction.settings import Settings
from tests.near_miss import CLASSES, NearMiss, near_misses
from tests.profile import examples

CONTRACT = settings(
    max_examples=examples(dev=150, ci=5000, mutation=10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# --- what a document means ------------------------------------------------------------------------

Meaning = tuple[tuple[str, ...], ...]


def _nfkc(value: str | None) -> str:
    return "" if value is None else unicodedata.normalize("NFKC", value)


_SPACES = re.compile(" +")
_PORT = re.compile(r"(https?)://([^/:]*):([0-9]*)(.*)", re.DOTALL)


def _without_default_port(url: str) -> str:
    """A default or empty port names the same resource as none (RFC 3986, 6.2.3), as DA206 decided."""
    found = _PORT.fullmatch(url)
    if found is None or found[3] not in ("", {"http": "80", "https": "443"}[found[1]]):
        return url
    return f"{found[1]}://{found[2]}{found[4]}"


def _action_meaning(action: Action) -> tuple[str, ...]:
    if isinstance(action, Voicemail):
        return ("voicemail", *_action_meaning(action.greeting))
    if isinstance(action, Playback):
        return ("playback", _without_default_port(action.url))
    if isinstance(action, Transfer):
        return ("transfer", _nfkc(action.number), _nfkc(action.caller))
    assert isinstance(action, Say)
    return ("say", action.lang.lower(), _SPACES.sub(" ", action.message).strip())


def meaning(actions: tuple[Action, ...] | Script) -> Meaning:
    """What the caller gets: the actions, numbers by their NFKC form (``＋８１`` is ``+81``), messages by what
    is read (a run of spaces is read as one, and blanks at the ends as none)."""
    found = actions.actions if isinstance(actions, Script) else actions
    return tuple(_action_meaning(a) for a in found)


def _errors(result: LintResult) -> Counter[str]:
    return Counter(d.code for d in result.diagnostics if d.severity is Severity.ERROR)


def _count(result: LintResult, code: str) -> int:
    return sum(1 for d in result.diagnostics if d.code == code)


# --- what a fix keeps: the characters typed, and those each rule is precisely about ---------------

#: a URL as typed: what the quotes or angle brackets around it enclose
_URL = re.compile(r'[^\s"<>]*://[^\s"<>]*')


def typed(text: str) -> Counter[str]:
    """The characters that carry what a person typed: letters and digits (width and case folded), and
    every character of a URL."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    found = Counter(c for c in folded if c.isalnum())
    for url in _URL.findall(folded):
        found.update(c for c in url if not c.isalnum())
    return found


def _span_text(d: Diagnostic, text: str) -> Counter[str]:
    return typed(d.span.slice(text))


def _nothing(d: Diagnostic, text: str) -> Counter[str]:
    return Counter()


def _enclosing_quotes(d: Diagnostic, text: str) -> Counter[str]:
    """The characters at both ends of the message as typed, where they are its quotes (`'://'`: a message
    that looks like a URL's piece still loses only its quotes)."""
    found = unicodedata.normalize("NFKC", d.span.slice(text)).casefold()
    return Counter(c for c in (found[:1] + found[-1:]) if not c.isalnum()) if len(found) > 1 else Counter()


def _language_code(d: Diagnostic, text: str) -> Counter[str]:
    """The word before the message: DA406's finding stands on the message, its fix on the code."""
    line_start = text.rfind("\n", 0, d.span.start) + 1
    words = text[line_start : d.span.start].split()
    return typed(words[-1]) if words else Counter()


def _prefix_digits(d: Diagnostic, text: str) -> Counter[str]:
    """An international or trunk prefix: at most the first four digits of the number as typed."""
    digits = [c for c in unicodedata.normalize("NFKC", d.span.slice(text)) if c.isdigit()]
    return Counter(digits[:4])


def _trunk_after_country(d: Diagnostic, text: str) -> Counter[str]:
    """The trunk prefix after the country code: the rule's message names it (`the trunk prefix `0``)."""
    named = re.search(r"trunk prefix `([0-9]+)`", d.message)
    assert named is not None, d.message
    return Counter(named.group(1))


@dataclass(frozen=True)
class About:
    """What a rule's fix may take away of what was typed, in words and as a function of its finding."""

    words: str
    allowed: Callable[[Diagnostic, str], Counter[str]]


#: every rule with a fix, and what its fix is precisely about (what it may remove of what was typed);
#: reviewed against each rule's declaration (`dinaction rule CODE`), and a test holds it to them
ABOUT: dict[str, About] = {
    "DA001": About("nothing typed: it removes quotes or a stray `=`, inserts a space or a keyword", _nothing),
    "DA002": About("the letters of the unknown word it replaces", _span_text),
    "DA003": About("nothing: it inserts the missing argument", _nothing),
    "DA004": About("the extra text after a complete action (only where it repeats or is junk)", _span_text),
    "DA005": About("the letters of the unknown option's name", _span_text),
    "DA006": About("the second `--caller`, which names the same number as the first", _span_text),
    "DA007": About("nothing typed: the colon becomes the API's syntax", _nothing),
    "DA008": About("nothing typed: only the quote characters around the message", _enclosing_quotes),
    "DA009": About("nothing: it adds the closing quote, or joins the lines", _nothing),
    "DA010": About("nothing typed: the inner `\"` become `'`", _nothing),
    "DA011": About("nothing: the option moves after the number", _nothing),
    "DA012": About("nothing: a line break between the actions", _nothing),
    "DA013": About("nothing: the spaces between the digits", _nothing),
    "DA014": About("nothing typed: the invisible characters", _nothing),
    "DA021": About("nothing typed: the byte order mark", _nothing),
    "DA023": About("nothing: the same text, saved as UTF-8", _nothing),
    "DA102": About("nothing: the keyword's case", _nothing),
    "DA103": About("nothing: a blank line", _nothing),
    "DA104": About("nothing: blanks", _nothing),
    "DA105": About("nothing: the line ending", _nothing),
    "DA106": About("nothing: the blanks and case of `--caller=`", _nothing),
    "DA107": About("nothing: a space is inserted", _nothing),
    "DA206": About("the default port (`:80`, `:443`) or the empty `:`", _span_text),
    "DA300": About("nothing typed: the separators go, or a `+` is added", _nothing),
    "DA301": About("the trunk prefix of the national number (at most its first four digits)", _prefix_digits),
    "DA307": About("the international prefix (`00`, `011`, a region's own: at most four digits)", _prefix_digits),
    "DA309": About("nothing: full-width characters become ASCII (the same under NFKC)", _nothing),
    "DA310": About("the trunk prefix after the country code, as the finding names it", _trunk_after_country),
    "DA400": About("the letters of the language code it replaces", _span_text),
    "DA401": About("the letters of the language code it replaces", _span_text),
    "DA402": About("nothing: the language code's case", _nothing),
    "DA404": About("nothing typed: control characters become spaces", _nothing),
    "DA406": About("the letters of the language code it replaces", _language_code),
    "DA407": About("nothing typed: invisible characters go, unusual spaces become plain", _nothing),
}


def test_the_table_names_every_rule_with_a_fix_and_no_other() -> None:
    with_fix = {r.code for r in ALL_RULES if r.fix is not None}
    assert set(ABOUT) == with_fix


# --- where one text is two mistakes ---------------------------------------------------------------


def _drops_one_trunk_zero(text: str, fixed: str) -> bool:
    """``fixed`` is ``text`` without one `0` that stands right after a `+` and a country code."""
    for i, char in enumerate(text):
        if char == "0" and text[:i] + text[i + 1 :] == fixed and re.search(r"\+[0-9]{1,3}\Z", text[:i]):
            return True
    return False


def _single_quotes_made_double(text: str, fixed: str) -> bool:
    """``fixed`` is ``text`` with exactly two `'` turned into `"` (the quotes around a message)."""
    if len(text) != len(fixed):
        return False
    changed = [(a, b) for a, b in zip(text, fixed, strict=True) if a != b]
    return changed == [("'", '"'), ("'", '"')]


#: Where one text is two mistakes at once, the issue that set this contract prescribes the reading a fix
#: gives, and a near miss made by the other mistake is not a wrong fix. Only these rules, and only this
#: exact edit: a trunk `0` kept after the country code is dropped (`+430123456` → `+43123456`, though
#: `+4930123456` with its `9` dropped reads the same), and a message in single quotes is that message
#: (`say en '0'` → `say en "0"`, though `say en "'0'"` with its double quotes left out reads the same).
PRESCRIBED: dict[str, Callable[[str, str], bool]] = {
    "DA310": _drops_one_trunk_zero,
    "DA008": _single_quotes_made_double,
}


def _prescribed(diagnostic: Diagnostic, text: str, fixed: str) -> bool:
    edit = PRESCRIBED.get(diagnostic.code)
    return edit is not None and edit(text, fixed)


# --- the contract ---------------------------------------------------------------------------------


def check(near: NearMiss) -> None:
    """Hold every fix offered for ``near`` to the contract (the module's docstring)."""
    config = near.settings
    before = lint_source(near.data, config)
    meant = meaning(near.meant)
    assert meaning(Script(near.meant, max_actions=config.max_actions)) == meant
    readings = {meant}
    # one fix at a time on the text, where the text is the file (bytes in another encoding: the whole run below)
    if isinstance(near.data, str):
        for diagnostic in before.diagnostics:
            if diagnostic.fix is not None:
                fixed = _check_fix(near, before, diagnostic, meant)
                if _prescribed(diagnostic, before.text, fixed):
                    readings.add(meaning(fix_source(fixed, config, unsafe=True).remaining.script))
    safe = fix_source(near.data, config)
    unsafe = fix_source(near.data, config, unsafe=True)
    assert meaning(safe.remaining.script) == meaning(before.script), ("--fix changed what is read", safe.text)
    if unsafe.text != safe.text and not _errors(unsafe.remaining):
        assert meaning(unsafe.remaining.script) in readings, ("--unsafe-fixes gave another action", unsafe.text)


def _check_fix(near: NearMiss, before: LintResult, diagnostic: Diagnostic, meant: Meaning) -> str:
    """Hold one fix to the contract; the text it gives."""
    config = near.settings
    text = before.text
    assert diagnostic.fix is not None
    fixed, applied = apply_fixes(text, [diagnostic], unsafe=True)
    assert applied == 1
    after = lint_source(fixed, config)
    where = (diagnostic.code, diagnostic.message, fixed)
    assert _count(after, diagnostic.code) < _count(before, diagnostic.code), ("the finding stays", *where)
    if diagnostic.fix.is_safe:
        assert meaning(after.script) == meaning(before.script), ("a safe fix changed what is read", *where)
        return fixed
    new = set(_errors(after)) - set(_errors(before))
    assert not new, (f"the fix brought {sorted(new)}", *where)
    lost = typed(text) - typed(fixed)
    allowed = ABOUT[diagnostic.code].allowed(diagnostic, text)
    assert not lost - allowed, (f"the fix took away {sorted((lost - allowed).elements())}", *where)
    if not after.diagnostics and not _prescribed(diagnostic, text, fixed):
        assert meaning(after.script) == meant, ("the fix gave another valid action", *where)
    return fixed


def _near(cls: str, mistake: str, meant: Action, text: str | bytes, **config: object) -> NearMiss:
    return NearMiss(cls, mistake, (meant,), text, Settings(**config))  # type: ignore[arg-type]


_HELLO = Say("en", "Hello")
_HAI = Say("ja", "はい")

#: near misses the contract found wrong fixes for, by class: each is also a case of tests/fixes/near-misses.toml
FOUND: dict[str, tuple[NearMiss, ...]] = {
    "keywords": (
        _near("keywords", "a space inside a keyword", _HELLO, 'sa y en "Hello"\n'),
        _near("keywords", "the space moved", _HELLO, 'sa yen "Hello"\n'),
        _near("keywords", "the space moved", _HELLO, 'saye n "Hello"\n'),
        _near("keywords", "a letter doubled", _HELLO, 'sayy en "Hello"\n'),
        _near("keywords", "the space moved", Transfer("+81336042000"), "transfer+ 81336042000\n"),
        _near("keywords", "the space moved", Voicemail(_HAI), 'voicemail sa yja "はい"\n'),
    ),
    "layout": (_near("layout", "no space", Say("ja", "こんにちは"), 'sayja "こんにちは"\n'),),
    "encodings": (
        # EUC-JP's accented letters read as Shift_JIS too: half-width katakana and kanji, then `en` → `ja`
        _near("encodings", "euc_jp", Say("en", "àà"), 'say en "àà"\n'.encode("euc_jp")),
    ),
    "messages": (
        _near("messages", "the closing quote typed `1`", Say("en", "ab"), 'say en "ab1\n'),
        _near("messages", "the closing quote typed `2`", _HAI, 'say ja "はい2\n'),
        _near("messages", "the closing quote left out", Say("ja", "はい」"), 'say ja "はい」\n'),
        _near("messages", "full-width quotes", _HAI, "say ja ＂はい＂\n"),
        _near("messages", "a stray control character", _HELLO, 'say en "Hel\x07lo"\n'),
        _near("messages", "a stray control character", _HELLO, 'say en "Hello\x85"\n'),
        _near("messages", "the closing quote left out", Say("ja", "0\u3000"), 'say ja "0\u3000\n'),
        _near("messages", "no quotes around the message", Say("en", "''"), "say en ''\n"),
        # a message that looks like a piece of a URL: its quotes are still only its quotes
        _near("messages", "the message in `'…'`", Say("en", "://"), "say en '://'\n"),
        # the same text as `"0"` in single quotes, which is prescribed to become `"0"` (``PRESCRIBED``)
        _near("messages", "no quotes around the message", Say("en", "'0'"), "say en '0'\n"),
    ),
    "numbers": (
        # the same text as `+43123456` with its trunk 0 kept, which is prescribed to lose it (``PRESCRIBED``)
        _near("numbers", "a digit dropped", Transfer("+4930123456"), "transfer +430123456\n"),
    ),
    "languages": (
        _near("languages", "a letter dropped", _HELLO, 'say a "Hello"\n'),
        _near("languages", "written another way", _HELLO, 'say en_US "Hello"\n'),
    ),
    "urls": (
        _near(
            "urls", "a port added", Playback("https://example.com/a.mp3"), "playback https://example.com:443/a.mp3\n"
        ),
        _near("urls", "in quotes", Playback("https://example.com/a.mp3"), 'playback "https://example.com/a.mp3"\n'),
    ),
}


def _contract(cls: str) -> Callable[[], None]:
    def run(near: NearMiss) -> None:
        check(near)

    test = given(near_misses(cls))(run)
    for found in FOUND.get(cls, ()):
        test = example(found)(test)
    return CONTRACT(test)


@pytest.mark.parametrize("cls", sorted(CLASSES))
def test_every_fix_of_a_near_miss_keeps_the_contract(cls: str) -> None:
    _contract(cls)()


def test_the_examples_are_near_misses_of_their_class() -> None:
    assert set(FOUND) <= set(CLASSES)
    for cls, found in FOUND.items():
        assert all(near.cls == cls and lint_source(near.data).diagnostics for near in found), cls


def test_bytes_that_read_in_two_japanese_encodings_are_not_re_encoded() -> None:
    data = 'say en "àà"\n'.encode("euc_jp")
    (not_utf8, *_) = lint_source(data).diagnostics
    assert not_utf8.code == "DA023" and not_utf8.fix is None
    assert not_utf8.message.endswith(
        "(it reads as EUC-JP too: open it in that encoding to be sure before saving it as UTF-8)"
    )
    assert fix_source(data, unsafe=True).changed is False


def test_the_prescribed_readings_are_only_their_exact_edit() -> None:
    assert _drops_one_trunk_zero("transfer +430123456\n", "transfer +43123456\n")
    assert not _drops_one_trunk_zero("transfer +81336042000\n", "transfer +8133604200\n")  # a 0 inside the number
    assert not _drops_one_trunk_zero("transfer +4930123456\n", "transfer +493123456\n".replace("3", "7", 1))
    assert not _drops_one_trunk_zero("transfer +430123456\n", "transfer +430123456\n")
    assert _single_quotes_made_double("say en '0'\n", 'say en "0"\n')
    assert not _single_quotes_made_double("say en 'a'b'\n", 'say en "a"b"\n')  # three quotes changed
    assert not _single_quotes_made_double("say en '0'\n", "say en \"0'\n")  # one quote changed
    assert not _single_quotes_made_double("say en ‘0’\n", 'say en "0"\n')  # other quotes: not this edit
