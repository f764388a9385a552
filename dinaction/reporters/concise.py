"""``--format concise``: one line per finding, `path:line:col: severity CODE [*] message`.

The first line of ``full`` alone: for a terminal with many findings, for
grep, and for editors that read `path:line:col:` locations. ``--quiet``
prints these lines and nothing else, whichever of the two formats is asked.
"""

from __future__ import annotations

from collections.abc import Sequence

from dinaction.reporters import FileReport
from dinaction.reporters.style import PLAIN, Style
from dinaction.reporters.text import headline, summary

__all__ = ["report"]


def report(files: Sequence[FileReport], *, with_summary: bool = True, style: Style = PLAIN, unread: int = 0) -> str:
    """Every finding on its line, then the summary (``with_summary``; ``unread``: files that could not be read)."""
    lines = [headline(f, d, style) + "\n" for f in files for d in f.diagnostics]
    if with_summary:
        lines.append(summary(files, style, unread=unread) + "\n")
    return "".join(lines)
