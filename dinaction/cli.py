"""The ``dinaction`` command: typer wiring only.

The work is in ``batch``, the checks in ``rules``, the lint command's own in
``lint_command`` (typer-free: ``cli_fast`` runs it without this module); this
module turns flags into calls and results into output and exit codes:
0 clean, 1 findings at or above ``--fail-on``, 2 usage or I/O errors.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from dinaction import __version__, lint_command
from dinaction.lint_command import CommandLineError, run_lint, selection, stdin_bytes, stdin_paths

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
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    gitlab = "gitlab"
    junit = "junit"


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


SelectOption = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        metavar="RULES",
        help="Rules to report, replacing the configured set: codes, prefixes or names (comma-separated).",
    ),
]
IgnoreOption = Annotated[
    list[str] | None, typer.Option("--ignore", metavar="RULES", help="Rules not to report (comma-separated).")
]
ExtendSelectOption = Annotated[
    list[str] | None,
    typer.Option("--extend-select", metavar="RULES", help="Rules to report on top of the configured set."),
]
ConfigOption = Annotated[
    list[str] | None,
    typer.Option("--config", metavar="KEY=VALUE", help="Override a configuration key (TOML: 'max-actions = 2')."),
]
ConfigFileOption = Annotated[
    Path | None,
    typer.Option("--config-file", metavar="PATH", help="Use this configuration file for every file (no discovery)."),
]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Ignore every configuration file.")]
StdinFilenameOption = Annotated[
    str | None,
    typer.Option("--stdin-filename", metavar="PATH", help="The name of the stdin document, for config and messages."),
]
ForceExcludeOption = Annotated[
    bool, typer.Option("--force-exclude", help="Apply `exclude` to files named on the command line too.")
]


@app.command()
def lint(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or directories (*.din, *.dinaction); - for stdin. Default: .")
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", help="Output format (default: github under GitHub Actions, else text)."),
    ] = None,
    output_file: Annotated[
        Path | None, typer.Option("--output-file", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    fail_on: Annotated[
        Level | None, typer.Option(help="Exit 1 on findings at or above this severity (default: warning).")
    ] = None,
    max_actions: Annotated[
        int | None, typer.Option(min=1, max=2, help="Actions allowed per file (2 for dashboard-style files).")
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    extend_select: ExtendSelectOption = None,
    config: ConfigOption = None,
    config_file: ConfigFileOption = None,
    isolated: IsolatedOption = False,
    stdin_filename: StdinFilenameOption = None,
    force_exclude: ForceExcludeOption = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --fix or --diff, apply unsafe fixes too.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; show the fixes as a diff (exit 1 if there are any).")
    ] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count findings per rule instead.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Findings only: no summary, no notes.")] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write .dinaction_cache/.")] = False,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", metavar="FILE", help="Report only findings not in this baseline.")
    ] = None,
    write_baseline: Annotated[
        bool, typer.Option("--write-baseline", help="Record today's findings in the --baseline file and exit 0.")
    ] = False,
    changed_since: Annotated[
        str | None,
        typer.Option("--changed-since", metavar="REV", help="Lint only files changed since this git revision."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, metavar="N", help="Worker processes (default: one per CPU for large runs)."
        ),
    ] = None,
) -> None:
    """Check action files and report every finding with its position."""
    raise typer.Exit(
        run_lint(
            paths,
            output_format=output_format.value if output_format else None,
            output_file=output_file,
            fail_on=fail_on.value if fail_on else None,
            max_actions=max_actions,
            select=select,
            ignore=ignore,
            extend_select=extend_select,
            config=config,
            config_file=config_file,
            isolated=isolated,
            stdin_filename=stdin_filename,
            force_exclude=force_exclude,
            fix=fix,
            unsafe_fixes=unsafe_fixes,
            diff=diff,
            statistics=statistics,
            quiet=quiet,
            exit_zero=exit_zero,
            no_cache=no_cache,
            baseline=baseline,
            write_baseline=write_baseline,
            changed_since=changed_since,
            jobs=jobs,
        )
    )


@app.command("format")
def format_command(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or directories; - reads stdin, writes stdout. Default: .")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Change nothing; show the changes as a diff.")] = False,
    config: ConfigOption = None,
    config_file: ConfigFileOption = None,
    isolated: IsolatedOption = False,
    stdin_filename: StdinFilenameOption = None,
    force_exclude: ForceExcludeOption = False,
) -> None:
    """Rewrite action files in canonical form (atomically; broken files are left untouched)."""
    from dinaction import batch
    from dinaction.reporters import FileReport
    from dinaction.reporters.text import format_diagnostic

    paths = stdin_paths(paths, stdin_filename)
    try:
        chosen = selection(
            config=config,
            config_file=config_file,
            isolated=isolated,
            force_exclude=force_exclude,
        )
    except CommandLineError as exc:
        _fail(str(exc))
    sources = batch.gather(paths, stdin_bytes(paths), stdin_filename or "<stdin>", chosen)
    changed = failed = 0
    for source in sources:
        outcome = batch.format_one(source)
        if outcome.error is not None:
            failed += 1
            report = FileReport(source.display, outcome.original, outcome.error.diagnostics)
            for diagnostic in outcome.error.diagnostics:
                typer.echo(format_diagnostic(report, diagnostic, snippet=False), err=True)
            typer.echo(f"dinaction: {source.display}: not formatted: fix the errors above first", err=True)
            continue
        assert outcome.formatted is not None
        if source.path is None and not (check or diff):
            lint_command.echo(outcome.formatted, sys.stdout, verbatim=True)
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


@app.command()
def lsp(
    tcp: Annotated[
        str | None, typer.Option("--tcp", metavar="HOST:PORT", help="Listen on TCP instead of stdin/stdout.")
    ] = None,
    log_level: Annotated[str, typer.Option(help="Log to stderr from: error, warning, info, debug.")] = "warning",
) -> None:
    """Run the language server for editors (LSP over stdio; language id `dinaction`)."""
    from dinaction.lsp import LOG_LEVELS, parse_address, serve

    if log_level.lower() not in LOG_LEVELS:
        _fail(f"--log-level {log_level!r}: use one of {', '.join(LOG_LEVELS)}")
    try:
        address = parse_address(tcp) if tcp is not None else None
    except ValueError as exc:
        _fail(str(exc))
    raise typer.Exit(serve(address, log_level.lower()))  # 1 after `exit` without `shutdown` (LSP)


@app.command("serve")
def serve_command(
    directory: Annotated[Path, typer.Argument(help="A directory with a routes.toml (or the routes file itself).")],
    check: Annotated[bool, typer.Option("--check", help="Check the routes and exit: 0 servable, 1 not.")] = False,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="With --check: the report's format.")] = (
        OutputFormat.text
    ),
    host: Annotated[str, typer.Option("--host", help="Address to listen on (0.0.0.0 in a container).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: a free one).")] = 8000,
    reload_interval: Annotated[
        float, typer.Option("--reload-interval", min=0, help="Seconds between checks for changed files (0: never).")
    ] = 1.0,
    full_numbers: Annotated[
        bool, typer.Option("--log-full-numbers", help="Log callers' numbers in full (masked by default).")
    ] = False,
) -> None:
    """Serve the actions of a routes file to Xoxzo, checked before they are served."""
    from dinaction.serve import commands

    if check:
        raise typer.Exit(commands.check(directory, output_format.value, stream=sys.stdout))
    code = commands.serve(
        directory,
        host=host,
        port=port,
        reload_interval=reload_interval,
        mask_numbers=not full_numbers,
        stream=sys.stderr,
    )
    raise typer.Exit(code)


@app.command("route")
def route_command(
    directory: Annotated[Path, typer.Argument(help="A directory with a routes.toml (or the routes file itself).")],
    recipient: Annotated[str, typer.Option("--recipient", help="The DIN called (E.164).")],
    caller: Annotated[
        str | None, typer.Option("--caller", help="The caller's number (E.164; leave out for a withheld number).")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="When (ISO 8601, 2026-12-24T20:00; no offset: the routes' time zone). Default: now."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Say which route a call takes, why not the earlier ones, and what the caller hears."""
    from dinaction.serve import commands

    raise typer.Exit(
        commands.route(directory, caller=caller, recipient=recipient, at=at, as_json=as_json, stream=sys.stdout)
    )


def _mount_front_doors() -> None:
    """The DIN API commands live in their own module (httpx loads only when they run)."""
    from dinaction.din_cli import check_media, check_url, din_app, simulate

    app.add_typer(din_app, name="din")
    app.command("check-url")(check_url)
    app.command("check-media")(check_media)
    app.command("simulate")(simulate)


_mount_front_doors()


def run(argv: list[str]) -> int:
    """Run the CLI in-process; returns the exit code (tests and ``main``)."""
    return guarded(lambda: app(args=argv, prog_name="dinaction", standalone_mode=True))


def guarded(command: Callable[[], object]) -> int:
    """Run ``command``; its exit code, and never a traceback."""

    def call() -> int:
        try:
            command()
        except typer.Exit as exc:
            return exc.exit_code
        return 0

    return lint_command.guarded(call)


def main() -> None:
    """The console script's entry point before it moved to ``cli_fast.main`` (kept for callers of this one)."""
    from dinaction import cli_fast

    cli_fast.main()
