"""``--format text``: `path:line:col: CODE message [name]`, the line, a caret, the fix.

Carets line up in a terminal: wide (East Asian) characters count two cells,
control characters are shown as `?`, and a very long line is cut to a window
around the finding (a long finding too: its first characters, then `…`). File
names and messages are shown with their control characters escaped
(``safe_text``): a name holding a line break prints one line, not two.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from dinaction.diagnostics import Diagnostic, Severity
from dinaction.reporters import FileReport, safe_text

#: characters of source shown around a finding on a long line, and of a long finding itself
WINDOW = 60


def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _visible(char: str) -> str:
    return char if char.isprintable() else ("→" if char == "\t" else "?")


def _snippet(report: FileReport, diagnostic: Diagnostic) -> list[str]:
    lines = report.lines
    start = lines.position(diagnostic.span.start)
    end = lines.position(diagnostic.span.end)
    source = lines.line_text(start.line)
    first = start.column - 1
    last = (end.column - 1) if end.line == start.line else len(source)
    last = max(last, first + 1)
    lo = max(0, first - WINDOW)
    hi = min(len(source), min(last, first + WINDOW) + WINDOW)
    shown = "".join(_visible(c) for c in source[lo:hi])
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(source) else ""
    pad = sum(_cells(c) for c in shown[: first - lo]) + len(prefix)
    width = max(1, sum(_cells(c) for c in shown[first - lo : min(last, hi) - lo]))
    gutter = " " * len(str(start.line))
    out = [
        f"{gutter} |",
        f"{start.line} | {prefix}{shown}{suffix}",
        f"{gutter} | {' ' * pad}{'^' * width}",
    ]
    if diagnostic.fix is not None:
        safety = "" if diagnostic.fix.is_safe else " (unsafe)"
        out[-1] += f" fix{safety}: {diagnostic.fix.title}"
    return out


def format_diagnostic(report: FileReport, diagnostic: Diagnostic, *, snippet: bool = True) -> str:
    """One finding; with ``snippet``, the source line and its caret below it."""
    pos = report.lines.position(diagnostic.span.start)
    path, message = safe_text(report.path), safe_text(diagnostic.message)
    head = f"{path}:{pos.line}:{pos.column}: {diagnostic.code} {message} [{diagnostic.name}]"
    if not snippet:
        return head
    return "\n".join([head, *_snippet(report, diagnostic)])


def summary(files: Sequence[FileReport]) -> str:
    """`Found …` or `All checks passed`, with how many fixes are available."""
    counts: Counter[Severity] = Counter(d.severity for f in files for d in f.diagnostics)
    fixed = sum(f.fixed for f in files)
    fixed_note = f"Fixed {fixed} finding{'s' if fixed != 1 else ''}. " if fixed else ""
    if not counts:
        return f"{fixed_note}All checks passed ({len(files)} file{'s' if len(files) != 1 else ''})."
    parts = [
        f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    safe = sum(1 for f in files for d in f.diagnostics if d.fix is not None and d.fix.is_safe)
    unsafe = sum(1 for f in files for d in f.diagnostics if d.fix is not None and not d.fix.is_safe)
    hints = []
    if safe:
        hints.append(f"{safe} fixable with `--fix`")
    if unsafe:
        hints.append(f"{unsafe} more with `--unsafe-fixes`")
    hint = f" ({'; '.join(hints)})" if hints else ""
    n = len(files)
    return f"{fixed_note}Found {', '.join(parts)} in {n} file{'s' if n != 1 else ''}{hint}."


def report(files: Sequence[FileReport], *, with_summary: bool = True) -> str:
    """Every finding with its snippet, then the summary (left out by ``--quiet``)."""
    blocks = [format_diagnostic(f, d) for f in files for d in f.diagnostics]
    body = "\n\n".join(blocks)
    if not with_summary:
        return body + "\n" if body else ""
    return (body + "\n\n" if body else "") + summary(files) + "\n"
