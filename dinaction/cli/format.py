"""``dinaction format``: rewrite action files in canonical form, or show what would change.

Exit codes: 0 done (or nothing to change), 1 a file was refused (it has
errors) or, with ``--check``/``--diff``, would change; 2 usage or I/O errors
(a file that cannot be read or written is one line, after the others are done).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from dinaction.cli.options import FileOptions, arguments, documents, flag, stdin_stream
from dinaction.cli.output import echo, error, say, unified_diff

__all__ = ["FormatOptions", "run"]


@dataclass(frozen=True, slots=True, repr=False)
class FormatOptions(FileOptions):
    """``dinaction format``'s options."""

    paths: tuple[str, ...] = arguments("Files or directories; - reads stdin, writes stdout. Default: .")
    check: bool = flag("--check", help="Change nothing; exit 1 if a file would change.")
    diff: bool = flag("--diff", help="Change nothing; show the changes as a diff.")


def run(options: FormatOptions) -> int:
    """Rewrite action files in canonical form (atomically; broken files are left untouched)."""
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
            say(f"Would reformat: {safe_text(source.display)}")
        else:
            try:
                rewrite(source, item.formatted)
            except WriteError as exc:
                changed -= 1
                failed += 1
                problems.append(str(exc))
    if not dry and done.files and done.files[0].source.path is not None:
        unchanged = len(done.files) - changed - failed
        say(f"{changed} file{'s' if changed != 1 else ''} reformatted, {unchanged} left unchanged", err=True)
    for problem in problems:
        error(problem)
    if problems:
        return 2
    return 1 if failed or (dry and changed) else 0
