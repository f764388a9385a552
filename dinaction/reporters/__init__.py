"""Reporters: each a function of the linted files → the text to print.

What several formats share lives here: the report of one file, the evidence a
finding is recognised by when lines move (the baseline and the stable
fingerprints of SARIF and GitLab), how a file name is made safe to print
(``safe_text``), and the registry behind ``--format``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from dinaction.diagnostics import Diagnostic, LineIndex


@dataclass(frozen=True)
class FileReport:
    """One linted document: its display path, decoded text and findings."""

    path: str
    text: str
    diagnostics: tuple[Diagnostic, ...]
    #: what the run fixed in this file, for the summary
    fixed: int = field(default=0)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)


Reporter = Callable[[Sequence[FileReport]], str]

#: every ``--format``, in the order the help lists them
FORMATS = ("full", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit")
#: other names a format is known by: ``text``, the name ``full`` had first
ALIASES = {"text": "full"}
#: the formats for people, which colour, ``--quiet`` and ``--statistics`` apply to
TEXT_FORMATS = ("full", "concise")
#: the module of a format, where its name is not the format's (``json`` would shadow the standard library's)
_MODULES = {"json": "json_", "full": "text"}


def format_name(name: str) -> str:
    """The format ``name`` means (an alias gives its format); ValueError with the closest name and the list."""
    wanted = name.strip().lower()
    wanted = ALIASES.get(wanted, wanted)
    if wanted in FORMATS:
        return wanted
    import difflib  # only to say what was meant

    close = difflib.get_close_matches(wanted, [*FORMATS, *ALIASES], n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(f"unknown format {name!r}{hint}: use one of {', '.join(FORMATS)}")


def get_reporter(name: str) -> Reporter:
    """The reporter for ``--format NAME`` (or an alias); ValueError names the known formats.

    Only that format's module is imported (junit's loads xml.etree; a run prints one format).
    """
    import importlib

    name = format_name(name)
    module = importlib.import_module(f"dinaction.reporters.{_MODULES.get(name, name)}")
    reporter: Reporter = module.report
    return reporter


def render(
    reports: Sequence[FileReport],
    fmt: str,
    *,
    statistics: bool = False,
    quiet: bool = False,
    colour: bool = False,
    unread: int = 0,
) -> str:
    """The report of a run in format ``fmt``.

    ``statistics``: counts per rule (a table for the text formats, or json).
    ``quiet``: the text formats print their summary line and nothing else (``concise`` is a line per finding).
    ``colour``: the text formats are painted with ANSI codes (``reporters.style``).
    ``unread``: how many files could not be read (the text formats' summary says so).
    """
    from dinaction.reporters.style import Style

    fmt = format_name(fmt)
    style = Style(colour)
    if statistics:
        from dinaction.reporters import statistics as stats

        return stats.json_report(reports) if fmt == "json" else stats.text(reports, style)
    if quiet and fmt in TEXT_FORMATS:
        from dinaction.reporters import text

        return text.summary(reports, style, unread=unread) + "\n"
    if fmt == "concise":
        from dinaction.reporters import concise

        return concise.report(reports, style=style, unread=unread)
    if fmt == "full":
        from dinaction.reporters import text

        return text.report(reports, style=style, unread=unread)
    return get_reporter(fmt)(reports)


#: what a name (or a message quoting one) must not carry raw into a report: C0 and C1 controls and
#: DEL (a line break starts a new line, and in a GitHub Actions log a line starting with `::` is a
#: workflow command), line and paragraph separators, bidirectional controls (they reorder what a
#: terminal shows), and lone surrogates (bytes of a name that are not UTF-8, as Python decodes them)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
#: lone surrogates only: what no UTF-8 output can hold
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, carried by surrogateescape: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe_text(text: str, *, controls: bool = True) -> str:
    """A file name (or a message quoting one) as a report may hold it: valid UTF-8, one line.

    With ``controls`` (the formats people read: text, github, junit, gitlab's
    description) bytes of a name that are not UTF-8 are shown as ``\\xNN``, and
    control, line-separator and bidirectional characters escaped (``\\n``,
    ``\\x1b``, ``\\u202e``). Machine formats (json, jsonl, gitlab's path) pass
    ``controls=False``: JSON escapes controls itself and keeps them exactly, and
    bytes that are not UTF-8 become U+FFFD (a backslash would read as a Windows
    separator); SARIF's URIs carry the bytes themselves, percent-encoded.
    """
    if controls:
        return text if _UNSAFE.search(text) is None else _UNSAFE.sub(lambda match: _escaped(match.group()), text)
    return text if _SURROGATE.search(text) is None else _SURROGATE.sub("\ufffd", text)


def evidence(report: FileReport, diagnostic: Diagnostic) -> str:
    """The source text a finding is about: its span, or its line when the span is empty.

    Unlike a line number it survives lines being added above, which is what
    baselines and fingerprints need.
    """
    text = diagnostic.span.slice(report.text).strip()
    if text:
        return text
    line = report.lines.position(diagnostic.span.start).line
    return report.lines.line_text(line).strip()


def fingerprints(report: FileReport, path: str | None = None) -> list[str]:
    """A stable, unique fingerprint per finding of ``report`` (same order).

    Path, code and evidence, plus how many identical findings came before in
    the file: moving lines keeps it, editing the offending text changes it.
    """
    import hashlib  # only for the formats with fingerprints (OpenSSL's load: ~2 ms of a start-up)

    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for diagnostic in report.diagnostics:
        key = (diagnostic.code, evidence(report, diagnostic))
        occurrence = seen[key]
        seen[key] += 1
        material = "\0".join((path or report.path, *key, str(occurrence)))
        out.append(hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest())
    return out


__all__ = [
    "ALIASES",
    "FORMATS",
    "TEXT_FORMATS",
    "FileReport",
    "Reporter",
    "evidence",
    "fingerprints",
    "format_name",
    "get_reporter",
    "render",
    "safe_text",
]
