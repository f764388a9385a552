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
from dinaction.facts.languages import language_facts, suggest_tag
from dinaction.rules.base import Check, Context, Rule, span_of

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
            edits = [Edit(Span(inner + i, inner + i + 1), " ") for i in controls] if span.end > span.start else []
            yield CONTROL.diagnostic(at, field_name="message", edits=edits, char=ascii(text[controls[0]])[1:-1])
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


#: the control characters (Unicode categories Cc, Zl and Zp: closed sets), as one pattern
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


EMPTY = Rule(
    code="DA403",
    name="empty-message",
    severity=Severity.ERROR,
    message="the message is empty: there is nothing to say",
    summary="Reports `say` with an empty or blank message.",
    why="Text-to-speech with no text gives the caller silence, and the call ends.",
    bad='say en ""\n',
    good='say en "Thank you for calling."\n',
)

CONTROL = Rule(
    code="DA404",
    name="control-character-in-message",
    severity=Severity.ERROR,
    message="the message contains the control character `{char}`",
    summary="Reports tabs, NULs and other control characters inside a message.",
    why="A message is one line of text; control characters are not spoken and can make Xoxzo reject the action.",
    bad='say en "Hello\tworld"\n',
    good='say en "Hello world"\n',
    fix_title="Replace control characters with spaces",
    fix=Applicability.UNSAFE,
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
    return f"the text is in {' and '.join(words)} script, which the {name} voice does not read", voice


SCRIPT_MISMATCH = Rule(
    code="DA406",
    name="language-script-mismatch",
    severity=Severity.WARNING,
    message="`{lang}` does not fit the message: {detail}",
    summary="Reports messages whose script does not fit the language code (Japanese text with `en`).",
    why=(
        "The voice is chosen by the language code. An English voice skips or spells out Japanese "
        "text; Xoxzo's own Japanese tutorial pairs `en` with Japanese text, so the slip is real."
    ),
    bad='say en "お電話ありがとうございます。"\n',
    good='say ja "お電話ありがとうございます。"\n',
    fix_title="Use the `{voice}` voice",
    fix=Applicability.UNSAFE,
)

RULES: tuple[Rule, ...] = (INVALID_TAG, UNSUPPORTED, LANG_CASE, EMPTY, CONTROL, TOO_LONG, SCRIPT_MISMATCH)

#: each check, and the rules it reports
CHECKS: tuple[Check, ...] = (
    Check(_tag, reports=(INVALID_TAG, UNSUPPORTED, LANG_CASE)),
    Check(_message, reports=(EMPTY, CONTROL, TOO_LONG, SCRIPT_MISMATCH)),
)
