"""The ``dinaction`` command: typer wiring only.

The work is in ``batch``, the checks in ``rules``; this module turns flags
into calls and results into output and exit codes:
0 clean, 1 findings at or above ``--fail-on``, 2 usage or I/O errors.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, NoReturn

import typer

from dinaction import __version__
from dinaction.config import Settings
from dinaction.diagnostics import Severity
from dinaction.files import UsageError

app = typer.Typer(
    name="dinaction",
    help="Check, format and deploy Xoxzo Dial In Number actions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class Level(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def _fail(message: str) -> NoReturn:
    typer.echo(f"dinaction: error: {message}", err=True)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dinaction {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check, format and deploy Xoxzo Dial In Number actions."""


def _stdin_bytes(paths: list[str]) -> bytes | None:
    return sys.stdin.buffer.read() if "-" in paths else None


@app.command()
def lint(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (*.din, *.dinaction); - for stdin.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.text,
    fail_on: Annotated[Level, typer.Option(help="Exit 1 on findings at or above this severity.")] = Level.warning,
    max_actions: Annotated[
        int | None, typer.Option(min=1, max=2, help="Actions allowed per file (2 for dashboard-style files).")
    ] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place.")] = False,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="With --fix, apply unsafe fixes too.")] = False,
) -> None:
    """Check action files and report every finding with its position."""
    from dinaction import batch
    from dinaction.reporters import get_reporter

    settings = Settings(fail_on=Severity.parse(fail_on.value))
    if max_actions is not None:
        settings = Settings(max_actions=max_actions, fail_on=settings.fail_on)
    try:
        sources = batch.gather(paths, _stdin_bytes(paths))
    except UsageError as exc:
        _fail(str(exc))
    reports = []
    for source in sources:
        report, fixed = batch.lint_one(source, settings, fix=fix, unsafe=unsafe_fixes)
        if fixed is not None:
            if source.path is None:
                typer.echo(fixed, nl=False)
            else:
                batch.write_fixed(source, fixed)
        reports.append(report)
    if not sources:
        typer.echo("dinaction: warning: no action files found (*.din, *.dinaction)", err=True)
    output = get_reporter(output_format.value)(reports)
    typer.echo(output, nl=False, err=fix and "-" in paths)
    worst = max((d.severity for r in reports for d in r.diagnostics), default=None)
    raise typer.Exit(1 if worst is not None and worst >= settings.fail_on else 0)


@app.command("format")
def format_command(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; - reads stdin, writes stdout.")],
    check: Annotated[bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Change nothing; show the changes as a diff.")] = False,
) -> None:
    """Rewrite action files in canonical form (atomically; broken files are left untouched)."""
    from dinaction import batch
    from dinaction.reporters import FileReport
    from dinaction.reporters.text import format_diagnostic

    try:
        sources = batch.gather(paths, _stdin_bytes(paths))
    except UsageError as exc:
        _fail(str(exc))
    settings = Settings()
    changed = failed = 0
    for source in sources:
        outcome = batch.format_one(source, settings)
        if outcome.error is not None:
            failed += 1
            report = FileReport(source.display, outcome.original, outcome.error.diagnostics)
            for diagnostic in outcome.error.diagnostics:
                typer.echo(format_diagnostic(report, diagnostic, snippet=False), err=True)
            typer.echo(f"dinaction: {source.display}: not formatted: fix the errors above first", err=True)
            continue
        assert outcome.formatted is not None
        if source.path is None and not (check or diff):
            typer.echo(outcome.formatted, nl=False)
            continue
        if not outcome.changed:
            continue
        changed += 1
        if diff:
            typer.echo(outcome.diff(), nl=False)
        elif check:
            typer.echo(f"Would reformat: {source.display}")
        else:
            batch.write_fixed(source, outcome.formatted)
    if not (check or diff) and sources and sources[0].path is not None:
        verb = "reformatted"
        typer.echo(
            f"{changed} file{'s' if changed != 1 else ''} {verb}, {len(sources) - changed - failed} left unchanged",
            err=True,
        )
    if failed or ((check or diff) and changed):
        raise typer.Exit(1)


@app.command()
def rule(code_or_name: Annotated[str, typer.Argument(help="A rule code (DA002) or name (unknown-action).")]) -> None:
    """Show a rule's documentation."""
    from dinaction.rules import find_rule

    found = find_rule(code_or_name)
    if found is None:
        _fail(f"no rule {code_or_name!r}: `dinaction rules` lists them all")
    typer.echo(found.doc(), nl=False)


@app.command()
def rules() -> None:
    """List every rule: code, name, default severity, fix, summary."""
    from dinaction.rules import ALL_RULES

    for r in ALL_RULES:
        fix = {None: "-", "safe": "fix", "unsafe": "fix*"}[r.fix.value if r.fix else None]
        state = "" if r.default_enabled else " (off by default)"
        typer.echo(f"{r.code}  {r.name:<30} {r.severity!s:<8} {fix:<5} {r.summary}{state}")


def _mount_front_doors() -> None:
    """The DIN API commands live in their own module (httpx loads only when they run)."""
    from dinaction.din_cli import check_url, din_app

    app.add_typer(din_app, name="din")
    app.command("check-url")(check_url)


_mount_front_doors()


def run(argv: list[str]) -> int:
    """Run the CLI in-process; returns the exit code (tests and ``main``)."""
    try:
        app(args=argv, prog_name="dinaction", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except UsageError as exc:
        typer.echo(f"dinaction: error: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # no traceback ever reaches a user
        typer.echo(
            f"dinaction: internal error: {type(exc).__name__}: {exc} (please report it with the file that caused it)",
            err=True,
        )
        return 2
    return 0


def main() -> None:
    """Console script entry point."""
    sys.exit(run(sys.argv[1:]))
