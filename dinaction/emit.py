"""AST → canonical text: the one emitter the formatter and the builder share.

Canonical form: lowercase keywords and language codes, one space between
tokens, `--caller=` attached to its number, one action a line, LF endings and
exactly one final newline. The text inside the quotes never changes.
"""

from __future__ import annotations

from dinaction.ast import Action, Playback, Say, Script, Transfer, Voicemail


def emit_action(action: Action) -> str:
    """One action as its canonical line (no line break)."""
    match action:
        case Playback(url=url):
            return f"playback {url}"
        case Transfer(number=number, caller=None):
            return f"transfer {number}"
        case Transfer(number=number, caller=caller):
            return f"transfer {number} --caller={caller}"
        case Say(lang=lang, message=message):
            return f'say {lang.lower()} "{message}"'
        case Voicemail(greeting=greeting):
            return f"voicemail {emit_action(greeting)}"
    raise TypeError(f"not an action: {action!r}")


def emit_script(script: Script) -> str:
    """The whole file body; an empty script is an empty body."""
    return "".join(emit_action(action) + "\n" for action in script.actions)
