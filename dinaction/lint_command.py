"""The ``lint`` command without typer: plain arguments in; output on streams and an exit code out.

Importing typer takes ~22 ms, a fifth of a one-file run (pre-commit runs one
per commit). So the command's work lives here, typer-free: ``cli.lint`` (typer's
wiring, for every command line) and ``cli_fast`` (plain ``lint`` command lines,
without importing ``cli``) both call ``run_lint``. Exit codes: 0 clean, 1
findings at or above ``fail-on``, 2 usage or I/O errors.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from dinaction.files import UsageError

if TYPE_CHECKING:
    from dinaction import baseline as baseline_types
    from dinaction import batch as batch_types
    from dinaction import reporters as reporters_types

#: what typer's echo strips from output that is not a terminal
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


class CommandLineError(Exception):
    """The command line asks for something that cannot be done: one line, exit 2."""


def echo(text: str, stream: TextIO | None, *, verbatim: bool = False) -> None:
    """Write ``text`` as typer's ``echo(text, nl=False)`` would, so both front doors print alike.

    That is: nothing without a stream (pythonw), ANSI sequences stripped
    unless the stream is a terminal, UTF-8 to a stream that claims ASCII, a
    flush after each write. ``verbatim`` is for a document's own text (a file
    fixed or formatted to stdout): nothing of it is stripped, whatever it holds.
    """
    if stream is None:
        return
    if text:
        if not verbatim and "\033" in text and not _isatty(stream):
            text = _ANSI.sub("", text)
        buffer = getattr(stream, "buffer", None)
        if buffer is not None and _is_ascii(getattr(stream, "encoding", None) or "ascii"):
            stream.flush()
            wrapper = io.TextIOWrapper(buffer, "utf-8", "replace", line_buffering=True)
            wrapper.write(text)
            wrapper.flush()
            wrapper.detach()  # the stream stays open
            return
        stream.write(text)
    stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except Exception:
        return False


def _is_ascii(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False


def guarded(command: Callable[[], int]) -> int:
    """Run ``command``; its exit code, and never a traceback."""
    try:
        return command()
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except UsageError as exc:
        echo(f"dinaction: error: {exc}\n", sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # no traceback ever reaches a user
        echo(
            f"dinaction: internal error: {type(exc).__name__}: {exc} (please report it with the file that caused it)\n",
            sys.stderr,
        )
        return 2


def split(values: list[str] | None) -> tuple[str, ...]:
    """`--select A,B --select C` → (A, B, C)."""
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def selection(
    *,
    config: list[str] | None,
    config_file: Path | None,
    isolated: bool,
    force_exclude: bool,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
    fail_on: str | None = None,
    max_actions: int | None = None,
) -> batch_types.Selection:
    """The command line's say over the configuration files, validated before any file is read."""
    from dinaction.batch import Selection
    from dinaction.config import Overrides

    pairs = list(config or ())
    if fail_on is not None:
        pairs.append(f'fail-on = "{fail_on}"')
    if max_actions is not None:
        pairs.append(f"max-actions = {max_actions}")
    if config_file is not None and isolated:
        raise CommandLineError("--config-file and --isolated contradict each other: use one")
    overrides = Overrides(
        select=split(select) if select else None,
        ignore=split(ignore),
        extend_select=split(extend_select),
        config=tuple(pairs),
        config_file=config_file,
    )
    overrides.check()
    return Selection(isolated=isolated, overrides=overrides, force_exclude=force_exclude)


def stdin_paths(paths: list[str] | None, stdin_filename: str | None) -> list[str]:
    """The paths to read: ``.`` by default, ``-`` (stdin) when only a stdin file name is given."""
    if not paths:
        return ["-"] if stdin_filename is not None else ["."]
    return paths


def stdin_bytes(paths: list[str], stdin: BinaryIO | None = None) -> bytes | None:
    """What stdin holds when a path is ``-`` (read once, whole), else None."""
    if "-" not in paths:
        return None
    return (stdin if stdin is not None else sys.stdin.buffer).read()


def run_lint(
    paths: list[str] | None = None,
    *,
    output_format: str | None = None,
    output_file: Path | None = None,
    fail_on: str | None = None,
    max_actions: int | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
    config: list[str] | None = None,
    config_file: Path | None = None,
    isolated: bool = False,
    stdin_filename: str | None = None,
    force_exclude: bool = False,
    fix: bool = False,
    unsafe_fixes: bool = False,
    diff: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    exit_zero: bool = False,
    no_cache: bool = False,
    baseline: Path | None = None,
    write_baseline: bool = False,
    changed_since: str | None = None,
    jobs: int | None = None,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Check action files and report every finding with its position; the exit code.

    The parameters are ``dinaction lint``'s options (see ``cli.lint``); the
    streams default to the process's own, looked up when called. Problems
    with the files themselves (missing, unreadable) raise ``UsageError``,
    for ``guarded`` to report.
    """
    from dinaction import batch

    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    fmt = output_format

    if write_baseline and baseline is None:
        return _refuse("--write-baseline needs --baseline FILE: the file to write", err)
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if statistics and fmt not in ("text", "json"):
        return _refuse("--statistics prints a table (--format text) or JSON (--format json), not " + fmt, err)
    paths = stdin_paths(paths, stdin_filename)
    if "-" in paths and stdin_filename is None:
        stdin_filename = "<stdin>"
    try:
        chosen = selection(
            select=select,
            ignore=ignore,
            extend_select=extend_select,
            config=config,
            config_file=config_file,
            isolated=isolated,
            force_exclude=force_exclude,
            fail_on=fail_on,
            max_actions=max_actions,
        )
    except CommandLineError as exc:
        return _refuse(str(exc), err)
    known = None
    if baseline is not None and not write_baseline:
        from dinaction import baseline as baselines

        known = baselines.load(baseline)
    if changed_since is not None:
        from dataclasses import replace

        chosen = replace(chosen, only=batch.changed_since(changed_since))
    sources = batch.gather(paths, stdin_bytes(paths, stdin), stdin_filename or "<stdin>", chosen)
    if not sources and not quiet:
        what = "changed action files" if changed_since else "action files"
        echo(f"dinaction: warning: no {what} found (*.din, *.dinaction)\n", err)
    linted = batch.lint_many(sources, fix=fix or diff, unsafe=unsafe_fixes, use_cache=not no_cache, jobs=jobs)

    if diff:
        diffs = [item.diff() for item in linted]
        echo("".join(diffs), out)
        return 1 if any(diffs) and not exit_zero else 0
    if fix:
        _write_fixes(linted, out)
    if write_baseline:
        from dinaction import baseline as baselines

        assert baseline is not None
        count = baselines.write(baseline, batch.reports_of(linted))
        if not quiet:
            echo(f"dinaction: recorded {count} finding{'s' if count != 1 else ''} in {baseline}\n", err)
        return 0
    if known is not None:
        linted = _drop_known(linted, known, quiet=quiet, err=err)
    report = _render(batch.reports_of(linted), fmt, statistics=statistics, quiet=quiet)
    if output_file is None:
        echo(report, err if fix and "-" in paths else out)
    else:
        try:
            output_file.write_text(report, encoding="utf-8")
        except OSError as exc:
            return _refuse(f"{output_file}: cannot write the report: {exc.strerror or exc}", err)
    failed = any(item.failed for item in linted)
    return 1 if failed and not exit_zero else 0


def _refuse(message: str, err: TextIO) -> int:
    """A command line that cannot be done: one line, exit 2."""
    echo(f"dinaction: error: {message}\n", err)
    return 2


def _write_fixes(linted: list[batch_types.Linted], out: TextIO) -> None:
    from dinaction import batch

    for item in linted:
        if item.fixed is None:
            continue
        if item.source.path is None:
            echo(item.fixed, out, verbatim=True)
        else:
            batch.write_fixed(item.source, item.fixed)


def _drop_known(
    linted: list[batch_types.Linted], known: baseline_types.Baseline, *, quiet: bool, err: TextIO
) -> list[batch_types.Linted]:
    from dinaction import batch

    filtered = known.filter(batch.reports_of(linted))
    if not quiet and (filtered.matched or filtered.stale):
        plural = "s" if filtered.matched != 1 else ""
        note = f"dinaction: {filtered.matched} finding{plural} in the baseline not shown"
        if filtered.stale:
            entries = "entries" if filtered.stale != 1 else "entry"
            note += f"; {filtered.stale} baseline {entries} no longer occur (rewrite it with --write-baseline)"
        echo(note + "\n", err)
    return batch.with_reports(linted, filtered.reports)


def _render(reports: list[reporters_types.FileReport], fmt: str, *, statistics: bool, quiet: bool) -> str:
    from dinaction.reporters import get_reporter, text

    if statistics:
        from dinaction.reporters import statistics as stats

        return stats.json_report(reports) if fmt == "json" else stats.text(reports)
    if fmt == "text" and quiet:
        return text.report(reports, with_summary=False)
    return get_reporter(fmt)(reports)
