"""The console script: `dinaction lint` as pre-commit and CI call it, without typer.

typer builds a pydantic validator for every parameter of a command each time
it parses a command line: that costs more than linting a file (about 55 ms
against 50 ms for starting Python and importing lark, on the benchmark
machine), and importing it another ~22 ms. A command line of ``lint``, paths
and on/off flags needs none of it: it maps to keyword arguments of
``lint_command.run_lint``, the very function typer's ``cli.lint`` calls, and
neither ``cli`` nor typer is imported. Anything else (another command, an
option with a value, ``--help``) goes through typer.
"""

from __future__ import annotations

import sys

#: lint's on/off flags → the parameters of ``cli.lint`` (a test holds this to typer's own table)
FLAGS: dict[str, str] = {
    "--fix": "fix",
    "--unsafe-fixes": "unsafe_fixes",
    "--diff": "diff",
    "--no-cache": "no_cache",
    "--force-exclude": "force_exclude",
    "--isolated": "isolated",
    "--exit-zero": "exit_zero",
    "--quiet": "quiet",
    "-q": "quiet",
    "--statistics": "statistics",
}


def plain_lint(argv: list[str]) -> dict[str, object] | None:
    """The keyword arguments of ``run_lint`` (and ``cli.lint``) for ``lint`` + paths + on/off flags, else None."""
    if not argv or argv[0] != "lint":
        return None
    kwargs: dict[str, object] = {}
    paths: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "--":
            paths.extend(rest)
        elif arg.startswith("-") and arg != "-":
            if arg not in FLAGS:
                return None
            kwargs[FLAGS[arg]] = True
        else:
            paths.append(arg)
    kwargs["paths"] = paths or None
    return kwargs


def run(argv: list[str]) -> int:
    """Run the command line: plain ``lint`` directly, anything else through typer."""
    kwargs = plain_lint(argv)
    if kwargs is None:
        from dinaction import cli

        return cli.run(argv)
    from dinaction.lint_command import guarded, run_lint

    return guarded(lambda: run_lint(**kwargs))  # type: ignore[arg-type]


def main() -> None:
    """The console script's entry point (``dinaction``, ``python -m dinaction``)."""
    sys.exit(run(sys.argv[1:]))
