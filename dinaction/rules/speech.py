"""Rules on `say` and `voicemail say`: the language code and the message.

Language facts are :mod:`dinaction.facts.languages`' (the IANA subtag registry,
through ``langcodes``, loaded only for codes other than the common ones).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from dinaction.ast import Say
from dinaction.diagnostics import Applicability, Diagnostic, Edit, Severity, Span
from dinaction.facts.characters import Emoji, describe, emoji_in, invisible_at, invisible_kind, removable
from dinaction.facts.languages import language_facts, suggest_tag
from dinaction.rules.base import Check, Context, Rule, span_of

#: where the messages' facts come from (Markdown)
_SAY = (
    'The DIN actions (<https://docs.xoxzo.com/en/din.html#available-actions>): `say en "Hello, how are you?"`, '
    '"two required parameters. The first one is language code … The second parameter is the text message. '
    'You need to enclose the text with the quotation marks"'
)
_TTS_LANG = "the language codes (`tts_lang`, <https://docs.xoxzo.com/en/utilsapi.html#tts-lang-label>)"
_SILENT = "Xoxzo documents no limit, character set or escape for the text: a warning by this project's policy."

#: ``language_facts`` is handed on for the language server, which imports it from here
__all__ = ["RULES", "language_facts"]

#: script subtag → the prefixes of Unicode character names that write it
_SCRIPT_NAMES: dict[str, tuple[str, ...]] = {
    "Latn": ("LATIN",),
    "Jpan": ("HIRAGANA", "KATAKANA", "CJK", "HALFWIDTH KATAKANA"),
    "Hans": ("CJK",),
    "Hant": ("CJK",),
    "Hani": ("CJK",),
    "Kore": ("HANGUL", "CJK"),
    "Cyrl": ("CYRILLIC",),
    "Grek": ("GREEK",),
    "Arab": ("ARABIC",),
    "Hebr": ("HEBREW",),
    "Thai": ("THAI",),
    "Deva": ("DEVANAGARI",),
}
_SCRIPT_WORDS = {
    "LATIN": "Latin",
    "HIRAGANA": "Japanese kana",
    "KATAKANA": "Japanese kana",
    "HALFWIDTH KATAKANA": "Japanese kana",
    "CJK": "Han (kanji)",
    "HANGUL": "Korean",
    "CYRILLIC": "Cyrillic",
    "GREEK": "Greek",
    "ARABIC": "Arabic",
    "HEBREW": "Hebrew",
    "THAI": "Thai",
    "DEVANAGARI": "Devanagari",
}


def _written(ctx: Context, say: Say) -> str:
    """The language code as the user wrote it (the AST holds it lowercased)."""
    if ctx.text is None or say.loc is None:
        return say.lang
    return span_of(say, "lang").slice(ctx.text)


def _tag(ctx: Context) -> Iterator[Diagnostic]:
    for say in ctx.says():
        span = span_of(say, "lang")
        written = _written(ctx, say)
        valid, language, _, _ = language_facts(say.lang)
        if not valid:
            suggestion = suggest_tag(written)
            if suggestion:
                yield INVALID_TAG.diagnostic(
                    span,
                    field_name="lang",
                    edits=[Edit(span, suggestion)],
                    lang=written,
                    hint=f"; did you mean `{suggestion}`?",
                    suggestion=suggestion,
                )
            else:
                yield INVALID_TAG.diagnostic(
                    span, field_name="lang", lang=written, hint=" (use a code such as `en` or `ja`)"
                )
            continue
        supported = ctx.settings.tts_languages
        lowered = say.lang.lower()
        if lowered in supported:
            if written != lowered:
                yield LANG_CASE.diagnostic(span, field_name="lang", edits=[Edit(span, lowered)], lang=written)
        elif language in supported:
            yield UNSUPPORTED.diagnostic(
                span,
                field_name="lang",
                edits=[Edit(span, language)],
                lang=written,
                detail=f"use `{language}`",
                supported=", ".join(supported),
                language=language,
            )
        else:
            yield UNSUPPORTED.diagnostic(
                span,
                field_name="lang",
                lang=written,
                detail=f"Xoxzo speaks {', '.join(f'`{s}`' for s in supported)}",
                supported=", ".join(supported),
                language=language,
            )


INVALID_TAG = Rule(
    code="DA400",
    name="invalid-language-code",
    severity=Severity.ERROR,
    message="`{lang}` is not a BCP 47 language code{hint}",
    summary="Reports language codes that are not valid BCP 47 tags with registered subtags.",
    why="`say` needs a language code such as `en` or `ja`; a name (`english`) or an unregistered code (`xx`) cannot pick a voice.",
    bad='say english "Hello"\n',
    good='say en "Hello"\n',
    fix_title="Replace with `{suggestion}`",
    fix=Applicability.UNSAFE,
    source=(
        _SAY + "; " + _TTS_LANG + ". Which tags are valid: BCP 47 and the IANA Language Subtag Registry "
        "(<https://www.rfc-editor.org/info/bcp47>), through `langcodes`."
    ),
)

UNSUPPORTED = Rule(
    code="DA401",
    name="unsupported-tts-language",
    severity=Severity.WARNING,
    message="`{lang}` is a valid language code, but not one Xoxzo's TTS is known to speak: {detail}",
    summary="Reports valid language codes outside the languages Xoxzo's TTS speaks (`tts-languages`).",
    why=(
        "Xoxzo documents English and Japanese voices; other languages were demoed and paused. "
        "Extend `tts-languages` when Xoxzo confirms another language for your account."
    ),
    bad='say en-US "Hello"\n',
    good='say en "Hello"\n',
    fix_title="Replace with `{language}`",
    fix=Applicability.UNSAFE,
    source=(
        "Xoxzo's announcements: Japanese TTS (<https://blog.xoxzo.com/2017/01/17/tts-ja-release/>), English TTS "
        "(<https://blog.xoxzo.com/2017/03/22/tts-en-release/>), Indonesian paused "
        "(<https://blog.xoxzo.com/2020/08/13/x4-disable-tts-id/>); " + _TTS_LANG + "."
    ),
)

LANG_CASE = Rule(
    code="DA402",
    name="language-code-case",
    severity=Severity.WARNING,
    message="write the language code `{lang}` in lowercase",
    summary="Reports language codes that are not in lowercase.",
    why="Xoxzo's documentation and examples use lowercase codes (`en`, `ja`); other spellings are untested against the live service.",
    bad='say EN "Hello"\n',
    good='say en "Hello"\n',
    fix_title="Lowercase the language code",
    fix=Applicability.SAFE,
    source=(
        "This project's policy: every example Xoxzo gives writes the code in lowercase (" + _SAY + "); "
        "whether another case works is undocumented."
    ),
)


def _message(ctx: Context) -> Iterator[Diagnostic]:
    for say in ctx.says():
        span = span_of(say, "message")
        text = say.message
        if not text.strip():
            yield EMPTY.diagnostic(span, field_name="message")
            continue
        controls = [m.start() for m in _CONTROL.finditer(text)]
        if controls:
            inner = span.start + 1 if span.end > span.start else 0
            at = Span(inner + controls[0], inner + controls[-1] + 1) if span.end > span.start else span
            # a blank (a tab) stands for a space; any other control character is a stray byte, read as nothing
            edits = [Edit(Span(inner + i, inner + i + 1), " " if text[i] in _BLANKS else "") for i in controls]
            edits = edits if span.end > span.start else []
            yield CONTROL.diagnostic(at, field_name="message", edits=edits, char=ascii(text[controls[0]])[1:-1])
        found = emoji_in(text)
        yield from _invisible(span, text, found)
        if found:
            at = _inner(span, found[0].start, found[-1].end)
            more = f" and {len(found) - 1} more" if len(found) > 1 else ""
            yield EMOJI.diagnostic(at, field_name="message", emoji=found[0].text, more=more)
        limit = ctx.settings.max_message_length
        if len(text) > limit:
            yield TOO_LONG.diagnostic(span, field_name="message", length=len(text), limit=limit)
        mismatch = _script_mismatch(say)
        if mismatch:
            detail, voice = mismatch
            lang_span = span_of(say, "lang")
            edits = [Edit(lang_span, voice)] if voice in ctx.settings.tts_languages and say.loc else []
            yield SCRIPT_MISMATCH.diagnostic(
                span, field_name="message", edits=edits, lang=_written(ctx, say), detail=detail, voice=voice
            )


def _inner(span: Span, start: int, end: int) -> Span:
    """The span of ``[start, end)`` of the text inside the quotes of a message at ``span``."""
    if span.end <= span.start:
        return span
    return Span(span.start + 1 + start, span.start + 1 + end)


_KINDS = {
    "space": "unusual space",
    "invisible": "invisible character",
    "direction-changing": "direction-changing character",
}


def _invisible(span: Span, text: str, emoji: tuple[Emoji, ...]) -> Iterator[Diagnostic]:
    """One finding for the invisible characters of ``text`` (those inside an emoji sequence are the emoji's)."""
    inside = {i for e in emoji for i in range(e.start, e.end)}
    found = [i for i in invisible_at(text) if i not in inside]
    if not found:
        return
    first = text[found[0]]
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    edits = []
    if span.end > span.start and all(removable(text[i]) is not None for i in found):
        edits = [Edit(_inner(span, i, i + 1), removable(text[i]) or "") for i in found]
    yield INVISIBLE.diagnostic(
        _inner(span, found[0], found[-1] + 1),
        field_name="message",
        edits=edits,
        kind=_KINDS[invisible_kind(first) or "invisible"],
        char=describe(first),
        more=more,
    )


#: the control characters (Unicode categories Cc, Zl and Zp: closed sets), as one pattern
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: the control characters that are blanks (a tab, a vertical tab, a form feed, the line and paragraph
#: separators): typed for a space; the others (NUL, a bell, NEL, the C1 controls of mojibake) are stray bytes
_BLANKS = frozenset("\t\x0b\x0c\u2028\u2029")


EMPTY = Rule(
    code="DA403",
    name="empty-message",
    severity=Severity.ERROR,
    message="the message is empty: there is nothing to say",
    summary="Reports `say` with an empty or blank message.",
    why="Text-to-speech with no text gives the caller silence, and the call ends.",
    bad='say en ""\n',
    good='say en "Thank you for calling."\n',
    source=_SAY + ". That an empty text gives silence is this project's reading: Xoxzo does not say.",
)

CONTROL = Rule(
    code="DA404",
    name="control-character-in-message",
    severity=Severity.ERROR,
    message="the message contains the control character `{char}`",
    summary="Reports tabs, NULs and other control characters inside a message.",
    why=(
        "A message is one line of text; control characters are not spoken and can make Xoxzo reject the action. "
        "The fix makes a tab (or another blank control character) a space and removes the others (a NUL, a bell), "
        "which are stray bytes."
    ),
    bad='say en "Hello\tworld"\n',
    good='say en "Hello world"\n',
    fix_title="Make blanks spaces and remove other control characters",
    fix=Applicability.UNSAFE,
    source=(
        '"The action server should return action in one line plain text" (the DIN tutorial, '
        "<https://blog.xoxzo.com/2017/07/01/dialinnumbers-tutorial/>). " + _SILENT.replace("a warning", "an error")
    ),
)

TOO_LONG = Rule(
    code="DA405",
    name="message-too-long",
    severity=Severity.WARNING,
    message="the message has {length} characters; keep it under {limit} (`max-message-length`)",
    summary="Reports messages longer than `max-message-length` (1000 by default).",
    why="Xoxzo documents no limit, but long TTS takes long to synthesise and to hear; callers hang up. Split it or record an mp3.",
    bad='say en "' + "Please hold. " * 80 + '"\n',
    good='say en "Please hold."\n',
    source=_SILENT + " The 1000 characters of `max-message-length` are this project's choice.",
)


INVISIBLE = Rule(
    code="DA407",
    name="invisible-character-in-message",
    severity=Severity.WARNING,
    message="the message contains the {kind} {char}{more}: how Xoxzo's voice reads it is undocumented",
    summary="Reports invisible, direction-changing and unusual space characters inside a message (U+200B, U+202E, U+00A0…).",
    why=(
        "A zero-width space, a direction override or a no-break space looks like nothing, or like a space, "
        "in an editor; what the voice does with it is undocumented, and it usually comes from a copy and "
        "paste. The fix removes zero-width and direction-changing characters and makes unusual spaces plain "
        "ones, only when every one found is such; joiners and variation selectors need a person."
    ),
    bad='say en "Thank\u200byou for calling."\n',
    good='say en "Thank you for calling."\n',
    fix_title="Remove the invisible characters",
    fix=Applicability.UNSAFE,
    source=(
        _SAY + ". " + _SILENT + " Which characters are invisible: Unicode's general categories (Cf, Zs; the "
        "ideographic space of Japanese text is left alone) and its Bidi_Control property."
    ),
)

EMOJI = Rule(
    code="DA408",
    name="emoji-in-message",
    severity=Severity.WARNING,
    message="the message contains the emoji {emoji}{more}: how Xoxzo's voice reads emoji is undocumented",
    summary="Reports emoji inside a message.",
    why=(
        "A voice may read an emoji's name, skip it or stop at it: Xoxzo does not say. Write in words what "
        "the caller should hear. There is no fix: which words is for a person to choose."
    ),
    bad='say en "Thank you for calling 😀"\n',
    good='say en "Thank you for calling"\n',
    source=(
        _SAY + ". " + _SILENT + " Which characters are emoji: the Unicode emoji data, through the `emoji` "
        "package (sequences shown as pictures; text symbols such as `©` are not reported)."
    ),
)


@functools.lru_cache(maxsize=4096)
def _script_of(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for prefix in _SCRIPT_WORDS:
        if name.startswith(prefix):
            return prefix
    return "OTHER"


#: the voice to suggest for text in a script (Xoxzo's two documented voices)
_VOICE_FOR = {"LATIN": "en", "HIRAGANA": "ja", "KATAKANA": "ja", "HALFWIDTH KATAKANA": "ja", "CJK": "ja"}


def _script_mismatch(say: Say) -> tuple[str, str] | None:
    """(why the text does not fit the voice, the voice that would fit) or None."""
    valid, _, name, script = language_facts(say.lang)
    expected = _SCRIPT_NAMES.get(script)
    if not valid or expected is None:
        return None
    if script == "Latn" and say.message.isascii():
        return None  # ASCII letters are Latin; the rest has no script
    scripts = {s for s in map(_script_of, set(say.message)) if s is not None}
    if not scripts:
        return None
    foreign = {s for s in scripts if s not in expected}
    if script == "Latn":
        bad = foreign - {"OTHER"}
        if not bad:
            return None
    elif scripts & set(expected):
        return None
    else:
        bad = foreign
    words = sorted({_SCRIPT_WORDS.get(s, "other") for s in bad})
    voices = {_VOICE_FOR.get(s, "") for s in bad}
    voice = voices.pop() if len(voices) == 1 else ""
    return f"it chooses the {name} voice, but the text is in {' and '.join(words)} script", voice


SCRIPT_MISMATCH = Rule(
    code="DA406",
    name="language-script-mismatch",
    severity=Severity.WARNING,
    message="`{lang}` may not fit the message: {detail}, and how a voice reads another script is undocumented",
    summary="Reports messages whose script does not fit the language code (Japanese text with `en`).",
    why=(
        "The voice is chosen by the language code; what a voice does with text in another script is "
        "undocumented. Xoxzo's own Japanese voicemail tutorial pairs `en` with Japanese text, so the slip "
        "is real."
    ),
    bad='say en "お電話ありがとうございます。"\n',
    good='say ja "お電話ありがとうございます。"\n',
    fix_title="Use the `{voice}` voice",
    fix=Applicability.UNSAFE,
    source=(
        _SAY + '. The tutorial\'s `voicemail say en "お電話ありがとうございます。…"` '
        "(<https://blog.xoxzo.com/ja/2020/10/23/setting-up-my-first-online-voicemail/>). Which script a "
        "language is written in: the IANA registry's likely script, through `langcodes`."
    ),
)

RULES: tuple[Rule, ...] = (
    INVALID_TAG,
    UNSUPPORTED,
    LANG_CASE,
    EMPTY,
    CONTROL,
    TOO_LONG,
    SCRIPT_MISMATCH,
    INVISIBLE,
    EMOJI,
)

#: each check, and the rules it reports
CHECKS: tuple[Check, ...] = (
    Check(_tag, reports=(INVALID_TAG, UNSUPPORTED, LANG_CASE)),
    Check(_message, reports=(EMPTY, CONTROL, TOO_LONG, SCRIPT_MISMATCH, INVISIBLE, EMOJI)),
)
