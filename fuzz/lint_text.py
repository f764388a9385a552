"""Fuzz the parser, the linter, the fixer and the formatter: any bytes as an action file.

Each input is linted, fixed (safe fixes, then unsafe ones too) and formatted
with settings its first byte picks, as bytes or, for some first bytes, as the
text an editor would hold (what the language server lints). After each:

- nothing raised, except ``ActionError`` from ``format_text`` (its refusal);
- every finding's span, and every edit of its fix, lies inside the text it is about;
- the text report of the findings renders (positions, excerpts, escapes);
- formatting what ``format_text`` returned returns it unchanged (a second format is a no-op);
- the fixed text lints again without raising, and its findings are ``remaining``'s.

    python -m pip install -e '.[fuzz]'
    corpus=$(mktemp -d)   # what the run finds, and a crashing input (crash-*), land there
    python fuzz/lint_text.py -max_total_time=60 -timeout=30 -artifact_prefix="$corpus/" "$corpus" fuzz/corpus/lint

It exits non-zero on the first failing input; a finding worth keeping goes into
``fuzz/corpus/lint`` (``tests/test_fuzz_lint_corpus.py`` replays every input of
it through ``Target`` on every run, without atheris).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from dinaction.diagnostics import Diagnostic
from dinaction.errors import ActionError
from dinaction.formatter import format_text
from dinaction.linter import fix_source, lint_source
from dinaction.reporters import FileReport
from dinaction.reporters.text import report
from dinaction.settings import Settings

CORPUS = Path(__file__).resolve().parent / "corpus" / "lint"

#: what the first byte of an input picks (its low bits), besides bytes or text (its high bit)
SETTINGS = (
    Settings(),
    Settings(max_actions=2),
    Settings(max_file_size=64),
    Settings(default_region="JP"),
    Settings(extend_select=("ALL",)),
    Settings(max_message_length=8, tts_languages=("en",)),
)


def _in_bounds(diagnostics: Sequence[Diagnostic], text: str, what: str) -> None:
    size = len(text)
    for d in diagnostics:
        assert 0 <= d.span.start <= d.span.end <= size, f"{what}: {d.code} {d.span} outside 0..{size}"
        if d.fix is not None:
            for edit in d.fix.edits:
                assert 0 <= edit.span.start <= edit.span.end <= size, f"{what}: {d.code} fix edit {edit.span}"


class Target:
    """One input through the linter, the fixer (safe and unsafe) and the formatter; AssertionError on a failure."""

    def __call__(self, data: bytes) -> None:
        if not data:
            return
        settings = SETTINGS[(data[0] & 0x7F) % len(SETTINGS)]
        document: str | bytes = data[1:]
        if data[0] & 0x80:  # as an editor holds it: text, with what is not UTF-8 replaced
            document = data[1:].decode("utf-8", "replace")

        linted = lint_source(document, settings)
        _in_bounds(linted.diagnostics, linted.text, "lint")
        report([FileReport("fuzz.din", linted.text, linted.diagnostics)])

        for unsafe in (False, True):
            fixed = fix_source(document, settings, unsafe=unsafe)
            _in_bounds(fixed.remaining.diagnostics, fixed.remaining.text, f"fix (unsafe={unsafe}) remaining")
            again = lint_source(fixed.data, settings)
            _in_bounds(again.diagnostics, again.text, f"lint after fix (unsafe={unsafe})")
            assert again.diagnostics == fixed.remaining.diagnostics, (
                f"fix (unsafe={unsafe}): `remaining` is not what the written bytes lint to"
            )

        try:
            formatted = format_text(document, settings)
        except ActionError:
            return
        assert format_text(formatted, settings) == formatted, "a second format changed the text"


def main(argv: list[str]) -> None:
    from fuzz import fuzz

    fuzz(argv, Target())


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: `fuzz` importable
    main(sys.argv)
