"""``--format full`` (alias ``text``): each finding's line, its source excerpt and caret, its fix.

    a.din:1:1: error DA002 unknown action `tranfer`; did you mean `transfer`? [unknown-action]
      |
    1 | tranfer +81336042000
      | ^^^^^^^ fix (unsafe): Replace with `transfer`

The first line is what ``concise`` prints alone: position, severity (after any
override of the configuration), code, ``[*]`` when ``--fix`` can fix it, and
the message. Carets line up in a terminal: wide (East Asian) characters count
two cells, control characters are shown as `?`, and a very long line is cut
to a window around the finding (a long finding too: its first characters, then
`…`). File names and messages are shown with their control characters escaped
(``safe_text``): a name holding a line break prints one line, not two. Colour
comes from the ``Style`` the caller passes (``reporters.style``): none unless asked.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from dinaction.diagnostics import Diagnostic, Severity
from dinaction.reporters import FileReport, safe_text
from dinaction.reporters.style import BLUE, BOLD, CYAN, DIM, GREEN, PLAIN, RED, YELLOW, Style

__all__ = ["FIXABLE", "format_diagnostic", "headline", "path_text", "report", "summary"]

#: characters of source shown around a finding on a long line, and of a long finding itself
WINDOW = 60
#: the mark of a finding that ``--fix`` fixes (a safe fix), as ruff marks it
FIXABLE = "[*]"


def path_text(path: str) -> str:
    """A report's path as the text reports show it: the one place a path becomes display text.

    Undecodable bytes and control characters are escaped: a name holding a line break prints one line.
    """
    return safe_text(path)


def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _visible(char: str) -> str:
    return char if char.isprintable() else ("→" if char == "\t" else "?")


def _snippet(report: FileReport, diagnostic: Diagnostic, style: Style) -> list[str]:
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
    number = str(start.line)
    bar = style.paint("|", BOLD, BLUE)
    gutter = " " * len(number)
    caret = f"{gutter} {bar} {' ' * pad}{style.severity(diagnostic.severity, '^' * width)}"
    fix = diagnostic.fix
    if fix is not None:
        safety = "" if fix.is_safe else style.paint(" (unsafe)", YELLOW)
        caret += f" {style.paint('fix', BOLD, CYAN)}{safety}: {fix.title}"
    return [f"{gutter} {bar}", f"{style.paint(number, BOLD, BLUE)} {bar} {prefix}{shown}{suffix}", caret]


def headline(report: FileReport, diagnostic: Diagnostic, style: Style = PLAIN) -> str:
    """`path:line:col: severity CODE [*] message`: a finding on one line (``concise``)."""
    pos = report.lines.position(diagnostic.span.start)
    fix = diagnostic.fix
    mark = f"{style.paint(FIXABLE, CYAN)} " if fix is not None and fix.is_safe else ""
    return (
        f"{style.paint(path_text(report.path), BOLD)}:{pos.line}:{pos.column}: "
        f"{style.severity(diagnostic.severity)} {style.paint(diagnostic.code, BOLD)} {mark}{safe_text(diagnostic.message)}"
    )


def format_diagnostic(report: FileReport, diagnostic: Diagnostic, *, snippet: bool = True, style: Style = PLAIN) -> str:
    """One finding: its headline and rule name; with ``snippet``, the source line and its caret below."""
    head = f"{headline(report, diagnostic, style)} {style.paint(f'[{diagnostic.name}]', DIM)}"
    if not snippet:
        return head
    return "\n".join([head, *_snippet(report, diagnostic, style)])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def summary(files: Sequence[FileReport], style: Style = PLAIN, *, unread: int = 0) -> str:
    """`Found …` or `All checks passed`, with how many findings `--fix` (and `--unsafe-fixes`) would fix.

    ``unread`` files could not be read: then nothing can be said to have passed, and the summary says so.
    """
    counts: Counter[Severity] = Counter(d.severity for f in files for d in f.diagnostics)
    fixed = sum(f.fixed for f in files)
    fixed_note = f"Fixed {_plural(fixed, 'finding')}. " if fixed else ""
    not_read = f"; {style.paint(_plural(unread, 'file'), BOLD, RED)} could not be read" if unread else ""
    if not counts and unread:
        return f"{fixed_note}No findings in {_plural(len(files), 'file')}{not_read}."
    if not counts:
        return f"{fixed_note}{style.paint('All checks passed', BOLD, GREEN)} ({_plural(len(files), 'file')})."
    parts = [
        style.severity(s, _plural(counts[s], str(s)))
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    safe = sum(1 for f in files for d in f.diagnostics if d.fix is not None and d.fix.is_safe)
    unsafe = sum(1 for f in files for d in f.diagnostics if d.fix is not None and not d.fix.is_safe)
    hints = []
    if safe:
        hints.append(f"{style.paint(FIXABLE, CYAN)} {safe} fixable with `--fix`")
    if unsafe:
        hints.append(f"{unsafe} {'more' if safe else 'fixable'} with `--fix --unsafe-fixes`")
    hint = f" ({'; '.join(hints)})" if hints else ""
    return f"{fixed_note}Found {', '.join(parts)} in {_plural(len(files), 'file')}{hint}{not_read}."


def report(files: Sequence[FileReport], *, with_summary: bool = True, style: Style = PLAIN, unread: int = 0) -> str:
    """Every finding with its excerpt, then the summary (``with_summary``; ``unread``: files that could not be read)."""
    blocks = [format_diagnostic(f, d, style=style) for f in files for d in f.diagnostics]
    body = "\n\n".join(blocks)
    if not with_summary:
        return body + "\n" if body else ""
    return (body + "\n\n" if body else "") + summary(files, style, unread=unread) + "\n"
