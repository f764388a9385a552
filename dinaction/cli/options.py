"""Command-line options, declared once: a command's options are a frozen dataclass of plain values.

Each field says how it appears on the command line (``flag``, ``option``,
``repeated``, ``argument``, ``arguments``: the ``Spec`` in its metadata), and
a command is its options class and a function ``run(options) -> int``.
Two parsers are generated from these declarations, so they cannot disagree:

- ``dinaction.cli.app`` builds each typer command from the fields: typer reads
  a function's ``inspect.signature``, and the function it is given carries a
  ``__signature__`` made of one annotated parameter per field;
- ``parse_plain`` reads, without typer, a command line made only of on/off
  flags and positional arguments: a plain ``dinaction lint`` as pre-commit
  runs it, where typer's parsing would cost more than linting the file.

Adding an option to a command is adding a field to its options class; an
on/off flag is then understood by both parsers. (Options classes are declared
``repr=False``: a generated ``__repr__`` is a third of what declaring a large
dataclass costs at start-up, and nothing prints options.)
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TypeVar

from dinaction.usage import UsageError

if TYPE_CHECKING:
    from dinaction.runner import Scope

__all__ = [
    "FileOptions",
    "Spec",
    "argument",
    "arguments",
    "documents",
    "flag",
    "option",
    "parse_plain",
    "repeated",
    "spec_of",
    "split",
    "stdin_stream",
]

OptionsT = TypeVar("OptionsT")


class Spec(NamedTuple):
    """How one field appears on the command line (a named tuple: cheaper to declare than a dataclass)."""

    #: "flag" (on/off), "option" (one value), "repeated" (a value per use), "argument", "arguments"
    kind: str
    #: the option's names (``--output-file``, ``-o``); none for an argument
    names: tuple[str, ...]
    help: str
    #: the type of an option's value: str, int, float or Path
    type: type = str
    metavar: str | None = None
    #: the values allowed, when there is a fixed list (help and shell completion show them;
    #: ``parse``, when given, may take more: a format's alias)
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    #: reads the value instead of ``type``/``choices`` (ValueError saying what is allowed)
    parse: Callable[[str], Any] | None = None

    @property
    def name(self) -> str:
        """The name an error message calls the option by: its first."""
        return self.names[0] if self.names else ""


def _field(default: Any, spec: Spec) -> Any:
    if default is MISSING:
        return field(metadata={"cli": spec})
    return field(default=default, metadata={"cli": spec})


def flag(*names: str, help: str) -> Any:
    """An on/off option, off by default."""
    return _field(False, Spec("flag", names, help))


def option(
    *names: str,
    help: str,
    type: type = str,
    default: Any = None,
    metavar: str | None = None,
    choices: tuple[str, ...] = (),
    low: float | None = None,
    high: float | None = None,
    parse: Callable[[str], Any] | None = None,
) -> Any:
    """An option that takes one value (None when it is not given, unless there is a default).

    The value is read by ``parse`` when given, else as ``type`` (one of
    ``choices``, between ``low`` and ``high``): ``values.value_of``.
    """
    return _field(default, Spec("option", names, help, type, metavar, choices, low, high, parse))


def repeated(*names: str, help: str, metavar: str | None = None) -> Any:
    """An option that may be given several times: a tuple of its values."""
    return _field((), Spec("repeated", names, help, metavar=metavar))


def argument(help: str, *, metavar: str | None = None) -> Any:
    """A required positional argument."""
    return _field(MISSING, Spec("argument", (), help, metavar=metavar))


def arguments(help: str, *, metavar: str = "PATH") -> Any:
    """Any number of positional arguments: a tuple."""
    return _field((), Spec("arguments", (), help, metavar=metavar))


def spec_of(item: Any) -> Spec:
    """The ``Spec`` of a dataclass field of an options class."""
    spec: Spec = item.metadata["cli"]
    return spec


def parse_plain(options: type[OptionsT], args: Sequence[str]) -> OptionsT | None:
    """The options of a command line of on/off flags and positional arguments only; None otherwise.

    None means "let typer read it": an option with a value, ``--help``, an
    unknown flag, anything this parser would have to guess about.
    """
    flags: dict[str, str] = {}
    positional: str | None = None
    for item in fields(options):  # type: ignore[arg-type]
        spec = spec_of(item)
        if spec.kind == "flag":
            flags.update(dict.fromkeys(spec.names, item.name))
        elif spec.kind == "arguments":
            positional = item.name
    values: dict[str, Any] = {}
    rest: list[str] = []
    args_left = iter(args)
    for arg in args_left:
        if arg == "--":
            rest.extend(args_left)
        elif arg.startswith("-") and arg != "-":
            if arg not in flags:
                return None
            values[flags[arg]] = True
        else:
            rest.append(arg)
    if rest:
        if positional is None:
            return None
        values[positional] = tuple(rest)
    return options(**values)


# --- the options of the commands that read action files ------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class FileOptions:
    """What every command that reads action files shares: how the files are found and configured."""

    config: tuple[str, ...] = repeated(
        "--config", metavar="KEY=VALUE", help="Override a configuration key (TOML: 'max-actions = 2')."
    )
    config_file: Path | None = option(  # noqa: RUF009 - a field declaration, not a shared default
        "--config-file", type=Path, metavar="PATH", help="Use this configuration file for every file (no discovery)."
    )
    isolated: bool = flag("--isolated", help="Ignore every configuration file.")
    stdin_filename: str | None = option(
        "--stdin-filename", metavar="PATH", help="The name of the stdin document, for config and messages."
    )
    force_exclude: bool = flag(
        "--force-exclude", help="Apply `exclude` and ignore files to files named on the command line too."
    )
    no_respect_gitignore: bool = flag(
        "--no-respect-gitignore", help="Walk what .gitignore and .ignore files ignore too (respect-gitignore = false)."
    )

    def scope(
        self,
        *,
        config: Sequence[str] = (),
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        extend_select: Sequence[str] = (),
    ) -> Scope:
        """The runner's ``Scope``: the configuration files, with the command line's overrides on top.

        ``config`` adds ``--config`` pairs of the command's own flags. Every
        override is validated here, before any file is read (UsageError).
        """
        from dinaction.config import Overrides
        from dinaction.runner import Scope

        if self.config_file is not None and self.isolated:
            raise UsageError("--config-file and --isolated contradict each other: use one")
        overrides = Overrides(
            select=split(select) if select else None,
            ignore=split(ignore),
            extend_select=split(extend_select),
            config=(*self.config, *config, *(["respect-gitignore = false"] if self.no_respect_gitignore else [])),
            config_file=self.config_file,
        )
        overrides.check()
        return Scope(isolated=self.isolated, overrides=overrides, force_exclude=self.force_exclude)


def split(values: Sequence[str]) -> tuple[str, ...]:
    """`--select A,B --select C` → (A, B, C)."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def documents(paths: Sequence[str], stdin_filename: str | None) -> list[str]:
    """The paths to read: ``.`` by default, ``-`` (stdin) when only a stdin file name is given."""
    if not paths:
        return ["-"] if stdin_filename is not None else ["."]
    return list(paths)


def stdin_stream(paths: Sequence[str]) -> BinaryIO | None:
    """Standard input's bytes when a path is ``-`` (the runner reads it, no further than it may), else None."""
    if "-" not in paths:
        return None
    return getattr(sys.stdin, "buffer", None) or io.BytesIO()
