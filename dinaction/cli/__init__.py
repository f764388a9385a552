"""The ``dinaction`` command: ``main(argv) -> int``, the one front door of the command line.

Each command lives in a module of its own with its options (a dataclass,
``options``) and a ``run(options) -> int`` that does the work with plain
values; ``app`` generates the typer commands from them. A plain
``dinaction lint`` (paths and on/off flags, as pre-commit runs it) skips
typer: ``options.parse_plain`` reads it from the same declarations; so does
``dinaction --version``. Exit
codes: 0 success, 1 findings (or a refusal), 2 usage or I/O errors, with
one ``dinaction: error:`` line and never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from dinaction.cli.output import echo, error
from dinaction.usage import UsageError

__all__ = ["guarded", "main", "run"]


def main(argv: list[str] | None = None) -> int:
    """Run a command line (default: the process's arguments); its exit code.

    The console script and ``python -m dinaction`` call it; so do tests, in-process.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["--version"], ["-V"]):  # answered without loading typer
        from dinaction.version import __version__

        echo(f"dinaction {__version__}\n", sys.stdout)
        return 0
    if args[:1] == ["lint"] and "_DINACTION_COMPLETE" not in os.environ:  # not a shell asking to complete
        from dinaction.cli import lint
        from dinaction.cli.options import parse_plain

        options = parse_plain(lint.LintOptions, args[1:])
        if options is not None:
            if argv is None:  # the process's own command: it ends with the lint
                _without_cycle_collection()
            return guarded(lambda: lint.run(options))
    from dinaction.cli import app

    return guarded(lambda: app.run(args))


def _without_cycle_collection() -> None:
    """Pause the cyclic garbage collector for the rest of a lint process.

    A lint makes a few objects per file and no cycles; everything is freed
    when the process ends. Collecting meanwhile walks them all for nothing:
    once when the run ends and again at exit, a tenth of a run of many files.
    """
    import gc

    gc.disable()


#: ``main`` under the name in-process callers have long used
run = main


def guarded(command: Callable[[], int]) -> int:
    """Run ``command``; its exit code, and never a traceback."""
    try:
        return command()
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except UsageError as exc:
        return error(str(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # no traceback ever reaches a user
        echo(
            f"dinaction: internal error: {type(exc).__name__}: {exc} (please report it with the file that caused it)\n",
            sys.stderr,
        )
        return 2
