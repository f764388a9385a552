"""Facts about language codes: whether a BCP 47 tag is valid, its language, name and script.

They come from ``langcodes`` (the IANA subtag registry), imported on first use
only; the codes nearly every `say` uses are answered from a table, so most runs
never load it and its name data.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["COMMON", "NAMES", "LanguageFacts", "display_name", "language_facts", "likely_voice", "suggest_tag"]


class LanguageFacts(NamedTuple):
    """What the registry says of a tag: valid, its language subtag, display name and likely script."""

    valid: bool
    language: str
    name: str
    script: str


_INVALID = LanguageFacts(False, "", "", "")

#: the facts of the codes Xoxzo's TTS is documented with (English and Japanese; Indonesian was
#: demoed), by lowercase code; a test holds each to langcodes' answer
COMMON: Mapping[str, LanguageFacts] = MappingProxyType(
    {
        "en": LanguageFacts(True, "en", "English", "Latn"),
        "ja": LanguageFacts(True, "ja", "Japanese", "Jpan"),
        "id": LanguageFacts(True, "id", "Indonesian", "Latn"),
    }
)


#: the English names of those languages, which people write for the code (`say english "…"`): no tag, and the
#: tag they mean, by lowercase name; a test holds each, in any case, to langcodes' answers
NAMES: Mapping[str, str] = MappingProxyType({"english": "en", "japanese": "ja", "indonesian": "id"})


def language_facts(tag: str) -> LanguageFacts:
    """The facts of a BCP 47 tag as written (``ja_JP`` is not one: BCP 47 and Xoxzo use `-`)."""
    known = COMMON.get(tag)
    if known is not None:
        return known
    return _INVALID if tag.lower() in NAMES else _language_facts(tag)


@functools.lru_cache(maxsize=1024)
def _language_facts(tag: str) -> LanguageFacts:
    import langcodes

    # langcodes reads `ja_JP` as `ja-JP`; BCP 47 (and Xoxzo) do not
    if "_" in tag or not langcodes.tag_is_valid(tag):
        return _INVALID
    language = langcodes.Language.get(tag)
    try:
        name = language.display_name()
    except LookupError:  # pragma: no cover - language_data missing
        name = tag
    script = language.maximize().script or ""
    return LanguageFacts(True, (language.language or "").lower(), name, script)


@functools.lru_cache(maxsize=256)
def display_name(code: str) -> str | None:
    """``en`` → ``English``, in any case; None when the registry has no name for ``code``."""
    known = COMMON.get(code.lower())
    if known is not None:
        return known.name
    try:
        import langcodes

        language = langcodes.Language.get(code)
        if language.is_valid():
            name = language.display_name("en")
            if name and not name.startswith("Unknown"):
                return str(name)
    except (ImportError, ValueError, LookupError):
        pass
    return None


#: the most letters a language subtag has (ISO 639-2 and 639-3 codes)
_CODE_LENGTH = 3


@functools.lru_cache(maxsize=256)
def suggest_tag(written: str) -> str | None:
    """The tag someone likely meant by ``written`` (``ja_JP`` → ``ja-jp``, ``english`` → ``en``), or None."""
    named = NAMES.get(written.lower())
    if named is not None:
        return named
    import langcodes

    candidate = written.replace("_", "-")
    if candidate != written and langcodes.tag_is_valid(candidate):
        return candidate.lower()
    if "\x00" in written:  # language_data's name index fails on NUL (UnicodeDecodeError), and no name has one
        return None
    if written.isascii() and len(written) <= _CODE_LENGTH:
        # a word as short as a code is a mistyped code (`jp`, `e`), not a name: `a` names Abau, `e` Ese
        return None
    try:
        return str(langcodes.find(written)).lower()
    except LookupError:
        return None


#: kana, kanji and half-width katakana: text only the Japanese voice reads
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


def likely_voice(text: str) -> str:
    """The voice of Xoxzo's two that ``text`` is likely for: ``ja`` when it has Japanese letters, else ``en``."""
    return "ja" if _JAPANESE.search(text) else "en"
