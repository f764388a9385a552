"""Plain words for what a caller experiences when an action runs.

Pure functions of the AST, so the pre-flight, the CLI and the language
server's hover all say the same thing. This is the one place of that wording;
the facts behind it (a number's country, a language's name) are
:mod:`dinaction.facts`', which load their libraries on first use only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dinaction.ast import Playback, Say, Script, Transfer, Voicemail
from dinaction.facts import languages, numbers

if TYPE_CHECKING:
    from dinaction.ast import Action

__all__ = ["describe", "describe_number", "describe_script", "language_name"]


def describe(action: Action) -> str:
    """What the caller experiences, as a predicate: ``hears TTS in English: “Hi”``."""
    if isinstance(action, Say):
        return f"hears TTS in {language_name(action.lang)}: “{action.message}”"
    if isinstance(action, Playback):
        return f"hears the mp3 at {action.url}"
    if isinstance(action, Transfer):
        text = f"is transferred to {describe_number(action.number)}"
        if action.caller:
            text += f", shown as calling from {describe_number(action.caller)} if the carriers allow it"
        return text
    if isinstance(action, Voicemail):
        greeting = action.greeting
        if isinstance(greeting, Say):
            heard = f"hears the greeting in {language_name(greeting.lang)} TTS: “{greeting.message}”"
        else:
            heard = f"hears the greeting mp3 at {greeting.url}"
        return f"{heard}, then can leave a voicemail (heard in the Xoxzo dashboard)"
    raise TypeError(f"not an action: {action!r}")


def describe_script(script: Script) -> str:
    """One sentence for the whole file: ``The caller hears …, then is transferred to ….``"""
    if not script.actions:
        return "Nothing: the action text has no action, so the call cannot be handled."
    sentence = "The caller " + ", then ".join(describe(action) for action in script.actions)
    return sentence if sentence.endswith((".”", "?”", "!”", "。”", "？”", "！”")) else sentence + "."


def describe_number(number: str) -> str:
    """``+81336042000`` → ``+81 3-3604-2000 (Japan)``; the raw text when it is no phone number."""
    seen = numbers.shown(number)
    if seen is None:
        return f"{number} (not a phone number)"
    if not seen.valid:
        return f"{seen.formatted} (not a valid number)"
    return f"{seen.formatted} ({seen.country})" if seen.country else seen.formatted


def language_name(code: str) -> str:
    """``en`` → ``English``; unknown codes come back as given, quoted."""
    return languages.display_name(code) or f"“{code}”"
