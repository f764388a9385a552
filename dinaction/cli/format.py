"""``dinaction format``: rewrite action files in canonical form, or show what would change.

Exit codes: 0 done (or nothing to change), 1 a file was refused (it has
errors) or, with ``--check``/``--diff``, would change; 2 usage or I/O errors
(a file that cannot be read or written is one line, after the others are done).
Like ruff's, ``--check`` names each file that would change (and where) and
ends with the counts on stdout; a rewrite or ``--diff`` says its counts on
stderr, where they never mix with a document written to stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from dinaction.cli.options import FileOptions, arguments, documents, flag, stdin_stream
from dinaction.cli.output import echo, error, say, unified_diff

__all__ = ["FormatOptions", "changed_lines", "run"]


@dataclass(frozen=True, slots=True, repr=False)
class FormatOptions(FileOptions):
    """``dinaction format``'s options."""

    paths: tuple[str, ...] = arguments("Files or directories; - reads stdin, writes stdout. Default: .")
    check: bool = flag("--check", help="Change nothing; say which files would change (exit 1 if any).")
    diff: bool = flag("--diff", help="Change nothing; show the changes as a diff (exit 1 if any).")


def run(options: FormatOptions) -> int:
    """Rewrite action files in canonical form.

    Each file is rewritten atomically, and a file with errors is left untouched.
    --check and --diff change nothing: they say what would change.
    """
    from dinaction.reporters import FileReport, safe_text
    from dinaction.reporters.text import format_diagnostic
    from dinaction.runner import WriteError, rewrite
    from dinaction.runner.formatting import format_paths

    paths = documents(options.paths, options.stdin_filename)
    scope = options.scope()
    done = format_paths(paths, scope=scope, stdin=stdin_stream(paths), stdin_name=options.stdin_filename or "<stdin>")
    problems = [str(problem) for problem in done.unreadable]
    dry = options.check or options.diff
    changed = failed = 0
    for item in done.files:
        source = item.source
        if item.error is not None:
            failed += 1
            report = FileReport(source.display, item.original, item.error.diagnostics)
            for diagnostic in item.error.diagnostics:
                say(format_diagnostic(report, diagnostic, snippet=False), err=True)
            say(f"dinaction: {safe_text(source.display)}: not formatted: fix the errors above first", err=True)
            continue
        assert item.formatted is not None
        if source.path is None and not dry:
            echo(item.formatted, sys.stdout, verbatim=True)
            continue
        if not item.changed:
            continue
        changed += 1
        if options.diff:
            echo(unified_diff(source.display, item.original, item.formatted), sys.stdout)
        elif options.check:
            say(f"Would reformat: {safe_text(source.display)} ({changed_lines(item.original, item.formatted)})")
        else:
            try:
                rewrite(source, item.formatted)
            except WriteError as exc:
                changed -= 1
                failed += 1
                problems.append(str(exc))
    if done.files and (dry or done.files[0].source.path is not None):
        counts = _counts(changed, len(done.files) - changed - failed, failed, dry=dry)
        say(counts, err=not options.check)
    for problem in problems:
        error(problem)
    if problems:
        return 2
    return 1 if failed or (dry and changed) else 0


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def _counts(changed: int, unchanged: int, failed: int, *, dry: bool) -> str:
    """`1 file reformatted, 2 files already formatted` (or `would be reformatted`), as ruff counts."""
    parts = []
    if changed or not unchanged:
        parts.append(f"{_files(changed)} {'would be reformatted' if dry else 'reformatted'}")
    if unchanged:
        parts.append(f"{_files(unchanged)} already formatted")
    if failed:
        parts.append(f"{_files(failed)} not formatted (errors)")
    return ", ".join(parts)


def changed_lines(before: str, after: str) -> str:
    """Which lines of ``before`` formatting changes: `line 3`, `lines 1-2, 5`."""
    import difflib  # only for --check, once a file would change

    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    lines: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            lines.update(range(i1 + 1, i2 + 1) if i2 > i1 else [min(i1 + 1, max(len(old), 1))])
    ranges = _ranges(sorted(lines))
    return f"line{'s' if len(lines) != 1 else ''} {ranges}" if lines else "the whole file"


def _ranges(numbers: Sequence[int]) -> str:
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
