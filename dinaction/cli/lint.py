"""``dinaction lint``: the runner's ``Run`` turned into a report and an exit code.

Exit codes: 0 clean, 1 findings at or above ``fail-on`` (or, with ``--diff``,
fixes to show), 2 usage or I/O errors. A file that cannot be read (or a fix
that cannot be written) is one line on stderr after the report of every other
file, and exit status 2. Typer-free: a plain ``dinaction lint`` runs this
module without typer (``dinaction.cli.main``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dinaction.cli.options import (
    FileOptions,
    arguments,
    documents,
    flag,
    option,
    repeated,
    split,
    stdin_stream,
)
from dinaction.cli.output import COLOR_CHOICES, colour_wanted, echo, error, unified_diff, warn
from dinaction.diagnostics import Diagnostic, Severity
from dinaction.reporters import FORMATS, TEXT_FORMATS, format_name, render

if TYPE_CHECKING:
    from dinaction.runner import Run
    from dinaction.runner.baseline import Baseline

__all__ = ["LintOptions", "run"]

#: the severities, from the most severe
LEVELS = tuple(str(s) for s in sorted(Severity, reverse=True))


@dataclass(frozen=True, slots=True, repr=False)
class LintOptions(FileOptions):
    """``dinaction lint``'s options: every one declared here, once."""

    paths: tuple[str, ...] = arguments("Files or directories (*.din, *.dinaction); - for stdin. Default: .")
    output_format: str | None = option(
        "--format",
        "--output-format",
        choices=FORMATS,
        parse=format_name,
        help="Output format (default: github under GitHub Actions, else full; text is full).",
    )
    color: str = option(
        "--color",
        default="auto",
        choices=COLOR_CHOICES,
        help="Colour the report: auto (on a terminal, unless NO_COLOR is set), always or never.",
    )
    output_file: Path | None = option(  # noqa: RUF009 - a field declaration, not a shared default
        "--output-file", "-o", type=Path, help="Write the report to this file instead of stdout."
    )
    fail_on: str | None = option(
        "--fail-on", choices=LEVELS, help="Exit 1 on findings at or above this severity (default: warning)."
    )
    max_actions: int | None = option(
        "--max-actions", type=int, low=1, high=2, help="Actions allowed per file (2 for dashboard-style files)."
    )
    select: tuple[str, ...] = repeated(
        "--select",
        metavar="RULES",
        help="Rules to report, replacing the configured set: codes, prefixes or names (comma-separated).",
    )
    ignore: tuple[str, ...] = repeated("--ignore", metavar="RULES", help="Rules not to report (comma-separated).")
    extend_select: tuple[str, ...] = repeated(
        "--extend-select", metavar="RULES", help="Rules to report on top of the configured set."
    )
    fix: bool = flag("--fix", help="Apply safe fixes in place.")
    unsafe_fixes: bool = flag("--unsafe-fixes", help="With --fix or --diff, apply unsafe fixes too.")
    diff: bool = flag("--diff", help="Write nothing; show the fixes as a diff (exit 1 if there are any).")
    statistics: bool = flag("--statistics", help="Count findings per rule instead.")
    quiet: bool = flag(
        "--quiet", "-q", help="The summary line only: no finding, excerpt or note (concise: a line per finding)."
    )
    exit_zero: bool = flag("--exit-zero", help="Exit 0 even when there are findings.")
    no_cache: bool = flag("--no-cache", help="Neither read nor write .dinaction_cache/.")
    baseline: Path | None = option(  # noqa: RUF009 - a field declaration, not a shared default
        "--baseline", type=Path, metavar="FILE", help="Report only findings not in this baseline."
    )
    write_baseline: bool = flag("--write-baseline", help="Record today's findings in the --baseline file and exit 0.")
    changed_since: str | None = option(
        "--changed-since", metavar="REV", help="Lint only files changed since this git revision."
    )
    jobs: int | None = option(
        "--jobs", "-j", type=int, low=1, metavar="N", help="Worker processes (default: one per CPU for large runs)."
    )


def run(options: LintOptions) -> int:
    """Check action files and report each finding.

    Each finding has its position, severity, rule code and message, and a fix
    where one is known. Exit status 0 when clean, 1 with findings at or above
    --fail-on (default: warning), 2 on usage or I/O errors.

    Problems with the files themselves (missing, unreadable) and with the
    configuration raise UsageError, for ``guarded`` to report.
    """
    from dinaction.runner import RoutesLinter, lint_paths

    fmt = options.output_format
    if options.write_baseline and options.baseline is None:
        return error("--write-baseline needs --baseline FILE: the file to write")
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    fmt = format_name(fmt)
    if options.statistics and fmt not in (*TEXT_FORMATS, "json"):
        return error(f"--statistics prints a table (--format full or concise) or JSON (--format json), not {fmt}")
    if options.select and not split(options.select):
        warn('--select "" selects no rule, so nothing will be reported (leave --select out for the default rules)')
    paths = documents(options.paths, options.stdin_filename)
    own = [f'fail-on = "{options.fail_on}"'] if options.fail_on is not None else []
    if options.max_actions is not None:
        own.append(f"max-actions = {options.max_actions}")
    scope = options.scope(config=own, select=options.select, ignore=options.ignore, extend_select=options.extend_select)
    known = None
    if options.baseline is not None and not options.write_baseline:
        from dinaction.runner import baseline as baselines

        known = baselines.load(options.baseline)
    done = lint_paths(
        paths,
        scope=scope,
        stdin=stdin_stream(paths),
        stdin_name=options.stdin_filename or "<stdin>",
        changed_since=options.changed_since,
        fix=options.fix or options.diff,
        unsafe=options.unsafe_fixes,
        use_cache=not options.no_cache,
        jobs=options.jobs,
        routes=RoutesLinter(_is_routes_file, _lint_routes_file),
    )
    if not done.files and not done.unreadable and not options.quiet:
        what = "changed action files" if options.changed_since else "action files"
        warn(f"no {what} found (*.din, *.dinaction)")
    problems = [str(problem) for problem in done.unreadable]

    if options.diff:
        diffs = [unified_diff(item.source.display, item.original, item.fixed) for item in done.files]
        echo("".join(diffs), sys.stdout)
        if not options.quiet:
            echo(_would_fix(done, unsafe=options.unsafe_fixes) + "\n", sys.stderr)
        return _problems(problems) or (1 if any(diffs) and not options.exit_zero else 0)
    if options.fix:
        problems += _write_fixes(done)
    if options.write_baseline:
        from dinaction.runner import baseline as baselines

        assert options.baseline is not None
        if done.unreadable:  # a baseline without their findings would report them as new later
            return _problems([*problems, f"{options.baseline}: not written: some files could not be read"])
        count = baselines.write(options.baseline, done.reports)
        if not options.quiet:
            echo(f"dinaction: recorded {count} finding{'s' if count != 1 else ''} in {options.baseline}\n", sys.stderr)
        return 0
    if known is not None:
        done = _drop_known(done, known, quiet=options.quiet)
    stream = sys.stderr if options.fix and "-" in paths else sys.stdout
    colour = fmt in TEXT_FORMATS and colour_wanted(options.color, stream if options.output_file is None else None)
    report = render(
        done.reports,
        fmt,
        statistics=options.statistics,
        quiet=options.quiet,
        colour=colour,
        unread=len(done.unreadable),
    )
    if options.output_file is None:
        echo(report, stream, verbatim=colour)
    else:
        try:
            options.output_file.write_text(report, encoding="utf-8")
        except OSError as exc:
            return error(f"{options.output_file}: cannot write the report: {exc.strerror or exc}")
    return _problems(problems) or (1 if done.failed and not options.exit_zero else 0)


def _would_fix(done: Run, *, unsafe: bool) -> str:
    """What ``--diff`` showed, in words: how many findings it fixes, and how many more ``--unsafe-fixes`` would."""
    fixed = sum(item.report.fixed for item in done.files)
    more = 0
    if not unsafe:
        more = sum(1 for r in done.reports for d in r.diagnostics if d.fix is not None and not d.fix.is_safe)
    head = f"Would fix {fixed} finding{'s' if fixed != 1 else ''}" if fixed else "No findings would be fixed"
    if more:
        fixes = f"{more} {'more ' if fixed else ''}fix{'es' if more != 1 else ''}"
        head += f" ({fixes} available with `--unsafe-fixes`)"
    return head + "."


def _is_routes_file(path: Path) -> bool:
    from dinaction.serve import is_routes_file  # only for the TOML files a walk finds: serve is not light

    return is_routes_file(path)


def _lint_routes_file(path: Path, display: str) -> list[Diagnostic]:
    from dinaction.serve import lint_routes_file

    return lint_routes_file(path, display=display)


def _problems(problems: list[str]) -> int:
    """Each problem as one error line; 2 when there were any, else 0."""
    for problem in problems:
        error(problem)
    return 2 if problems else 0


def _write_fixes(done: Run) -> list[str]:
    """Each fixed file rewritten (atomically); stdin's fixed text to stdout, as it is. Returns what was not written."""
    from dinaction.runner import WriteError, rewrite

    not_written = []
    for item in done.files:
        if item.fixed is None or item.fixed_data is None:
            continue
        if item.source.path is None:
            echo(item.fixed, sys.stdout, verbatim=True)
            continue
        try:
            rewrite(item.source, item.fixed_data)
        except WriteError as exc:
            not_written.append(str(exc))
    return not_written


def _drop_known(done: Run, known: Baseline, *, quiet: bool) -> Run:
    filtered = known.filter(done.reports)
    if not quiet and (filtered.matched or filtered.stale):
        plural = "s" if filtered.matched != 1 else ""
        note = f"dinaction: {filtered.matched} finding{plural} in the baseline not shown"
        if filtered.stale:
            entries = "entries" if filtered.stale != 1 else "entry"
            note += f"; {filtered.stale} baseline {entries} no longer occur (rewrite it with --write-baseline)"
        echo(note + "\n", sys.stderr)
    return done.with_reports(filtered.reports)
