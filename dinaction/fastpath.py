"""The clean canonical line, recognised without parsing: most action files are one.

A file written exactly as Xoxzo documents it (lowercase keywords, one space
between the words, ``--caller=``, an http(s) URL of safe characters ending in
``.mp3``, `+` and digits, ``en`` or ``ja`` and a quoted message of plain
characters) is matched by one pattern. Such a line cannot break any rule of
the file's form: the parser would read it, and every rule about its layout
and its characters holds by construction. What the pattern cannot know, the
facts of its values (whether the number is possible, the host public, the
language spoken, the message of the right script and length), is checked here
with the same facts the rules ask, memoised per value.

``clean_text`` answers "this document has no finding with these settings" or
"ask the linter": anything else (a finding, a line of another form, a rule
this module does not account for) goes to the parser and the rules. Every
rule the linter reports is listed in ``ACCOUNTED`` with the reason a line
accepted here cannot break it; a rule added to the linter and not there turns
this path off for any run that selects it. tests/test_fastpath.py holds
``clean_text`` to the full linter on generated, mutated and broken lines and
on the benchmark corpus, for every combination of settings it serves, and
holds the pattern to the grammar.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from dinaction import rules
from dinaction.facts import numbers
from dinaction.facts.urls import unreachable_reason
from dinaction.settings import Settings

__all__ = ["ACCOUNTED", "LINE_PATTERN", "Served", "clean_text", "pattern", "served"]

#: a message of the English voice: printable ASCII but the quote (no control, invisible or emoji character)
_ENGLISH = r"[ !#-~]"
#: a message of the Japanese voice: the same, and the kana, kanji, punctuation and full-width forms of
#: Japanese text (none of them a control, invisible or emoji character; the ideographic space is a plain space)
_JAPANESE = (
    "[ !#-~\u3000-\u3003\u3005\u300c-\u300f\u3041-\u3096\u309b-\u309e"
    "\u30a1-\u30fa\u30fb-\u30fe\u4e00-\u9fff\uff01-\uff5e]"
)
#: a letter of Japanese script: text with one is never of the wrong script for the Japanese voice
_JAPANESE_LETTER = "[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]"

#: one canonical line; the groups: the URL and its host, the English message, the Japanese message,
#: the number and the caller id
LINE_PATTERN = (
    r"(?:voicemail )?"
    r"(?:playback (https?://([A-Za-z0-9.-]+)/[A-Za-z0-9_./-]*\.mp3)"
    rf'|say (?:en "({_ENGLISH}*)"|ja "({_JAPANESE}*)"))'
    r"|transfer (\+[1-9][0-9]{3,14})(?: --caller=(\+[1-9][0-9]{3,14}))?"
)


@functools.cache
def pattern() -> re.Pattern[str]:
    """``LINE_PATTERN`` compiled, when first asked for: a lint of a file or two is done sooner without it."""
    return re.compile(LINE_PATTERN)


@functools.cache
def _japanese_letter() -> re.Pattern[str]:
    return re.compile(_JAPANESE_LETTER)


_FORM = "the pattern rules it out"
_FACTS = "checked here"
#: every rule the linter reports, and why a line ``clean_text`` accepts cannot break it
ACCOUNTED: Mapping[str, str] = MappingProxyType(
    {
        # the parser's: the line is in the grammar, its bytes UTF-8 and within the size limit
        "DA001": _FORM,
        "DA002": _FORM,
        "DA003": _FORM,
        "DA004": _FORM,
        "DA005": _FORM,
        "DA006": _FORM,
        "DA007": _FORM,
        "DA008": _FORM,
        "DA009": _FORM,
        "DA010": _FORM,
        "DA011": _FORM,
        "DA012": _FORM,
        "DA013": _FORM,
        "DA014": _FORM + ": ASCII and Japanese letters only",
        "DA020": _FACTS + ": the bytes decode as UTF-8",
        "DA021": _FORM,
        "DA022": _FACTS + ": the size is within `max-file-size`",
        "DA023": _FACTS + ": the bytes decode as UTF-8",
        "DA024": _FACTS + ": the bytes decode as UTF-8",
        # the file's
        "DA100": _FACTS + ": one line at least",
        "DA101": _FACTS + ": no more lines than `max-actions`",
        "DA102": _FORM,
        "DA103": _FORM,
        "DA104": _FORM + ": one space between the words, blanks only inside the message",
        "DA105": _FORM,
        "DA106": _FORM,
        "DA107": _FORM,
        # the URL's: http(s), a host of letters, digits, dots and hyphens, a path of safe characters
        "DA200": _FORM,
        "DA201": _FORM,
        "DA202": _FACTS + ": `unreachable_reason` of the host",
        "DA203": _FORM,
        "DA204": _FORM,
        "DA205": _FORM,
        "DA206": _FORM,
        "DA207": _FORM,
        # the numbers': `+` and ASCII digits, at most 15
        "DA300": _FORM,
        "DA301": _FORM,
        "DA302": _FORM,
        "DA303": _FACTS + ": `possibility` (in `possible_as_written`)",
        "DA304": _FACTS + ": `possibility` (in `possible_as_written`)",
        "DA305": _FACTS + ": the caller id is another number",
        "DA306": _FACTS + ": `number_facts(...).valid`, when selected",
        "DA307": _FORM,
        "DA308": _FORM,
        "DA309": _FORM,
        "DA310": _FACTS + ": `without_trunk_prefix` (in `possible_as_written`)",
        # the messages': `en` or `ja`, printable characters of their script
        "DA400": _FORM,
        "DA401": _FACTS + ": the language is in `tts-languages`",
        "DA402": _FORM,
        "DA403": _FACTS + ": the message is not blank",
        "DA404": _FORM,
        "DA405": _FACTS + ": the message is within `max-message-length`",
        "DA406": _FACTS + ": an English message is ASCII, a Japanese one holds a Japanese letter",
        "DA407": _FORM,
        "DA408": _FORM,
    }
)
_UNASSIGNED = "DA306"


class Served(NamedTuple):
    """What of a run's settings the recogniser needs: the limits, the voices, whether validity is asked."""

    max_actions: int
    max_file_size: int
    max_message_length: int
    english: bool
    japanese: bool
    check_valid: bool


def served(settings: Settings) -> Served | None:
    """What ``clean_text`` checks with ``settings``; None when it cannot serve them (a rule it does not account for)."""
    try:
        return _served(settings)
    except TypeError:  # settings built by hand with a list in a field: unhashable
        return _served.__wrapped__(settings)


@functools.lru_cache(maxsize=64)
def _served(settings: Settings) -> Served | None:
    try:
        codes = rules.selected_codes(rules.Selection(settings.select, settings.extend_select, settings.ignore))
    except ValueError:  # an unknown selector: the linter says what it says
        return None
    if not codes <= ACCOUNTED.keys():
        return None
    return Served(
        max_actions=settings.max_actions,
        max_file_size=settings.max_file_size,
        max_message_length=settings.max_message_length,
        english="en" in settings.tts_languages,
        japanese="ja" in settings.tts_languages,
        check_valid=_UNASSIGNED in codes,
    )


def clean_text(data: str | bytes, settings: Settings, known: Served | None = None) -> str | None:
    """The text of ``data`` when the linter would report nothing in it with ``settings``; else None.

    None means only "ask the linter": the document may be clean all the same.
    ``known`` is ``served(settings)``, for a caller that asks for many documents.
    """
    limits = served(settings) if known is None else known
    if limits is None:
        return None
    if isinstance(data, bytes):
        if len(data) > limits.max_file_size:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    else:
        if 4 * len(data) > limits.max_file_size:  # at most 4 bytes a character: surely within the limit
            return None
        text = data
    lines = text.split("\n")
    if not lines[-1]:
        lines.pop()
    if not lines or len(lines) > limits.max_actions:
        return None
    for line in lines:
        if not _clean_line(line, limits):
            return None
    return text


def _clean_line(line: str, limits: Served) -> bool:
    found = pattern().fullmatch(line)
    if found is None:
        return False
    url, host, english, japanese, number, caller = found.groups()
    if url is not None:
        return unreachable_reason(host) is None
    if english is not None:
        return limits.english and bool(english.strip()) and len(english) <= limits.max_message_length
    if japanese is not None:
        return (
            limits.japanese
            and len(japanese) <= limits.max_message_length
            and _japanese_letter().search(japanese) is not None
        )
    if not _number_clean(number, limits.check_valid):
        return False
    return caller is None or (caller != number and _number_clean(caller, limits.check_valid))


def _number_clean(number: str, check_valid: bool) -> bool:
    """Whether the number rules have nothing to say of ``number`` (`+` and 4 to 15 ASCII digits)."""
    return numbers.possible_as_written(number) and (not check_valid or numbers.number_facts(number).valid)
