"""The typer application: every command, generated from its options class.

Each command module declares its options as a dataclass (``options``) and a
``run(options) -> int``; here each becomes a typer command whose parameters
are built from the fields (typer reads ``inspect.signature``, so the function
it is given carries a ``__signature__`` made from the fields) and whose body
builds the options and calls ``run``. Nothing else happens here: no command
has logic of its own in this module.

Typer passes every value as the text typed; ``values.value_of`` reads it
from the option's declaration, so a bad value gets dinaction's own one-line
message. The
usage errors typer finds itself (an unknown option, a missing argument)
become one line too, with the option or command that was probably meant.

A new command: a module with an options class and a ``run(options) -> int``,
and one ``Command`` line in ``COMMANDS`` below (a ``Group`` for subcommands).
The first line of ``run``'s docstring is the command's line in
``dinaction --help``; the next paragraph, when there is one, is added to its
own ``--help``; what follows is for the code's readers only.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from dataclasses import MISSING, fields
from typing import Annotated, Any, NamedTuple

import typer
from typer.core import TyperCommand

from dinaction.cli import check_media, check_url, din, lint, lsp, route, rules, serve, simulate
from dinaction.cli import format as format_command
from dinaction.cli.options import Spec, spec_of
from dinaction.cli.output import echo, error, say
from dinaction.cli.values import did_you_mean, value_of
from dinaction.version import __version__

__all__ = ["COMMANDS", "Command", "Group", "app", "run"]

#: the help options of every command: `-h` as ruff and most tools have it
HELP_OPTIONS = ["-h", "--help"]


def _paragraphs(doc: str | None) -> list[str]:
    return [" ".join(p.split()) for p in inspect.cleandoc(doc or "").split("\n\n") if p.strip()]


class Command(NamedTuple):
    """A command: its name, its options class and the function that does its work with them."""

    name: str
    options: type[Any]
    run: Callable[[Any], int]

    @property
    def short_help(self) -> str:
        """The first line of ``run``'s docstring: the command's line in the command list."""
        return (_paragraphs(self.run.__doc__) or [""])[0]

    @property
    def help(self) -> str:
        """What ``--help`` shows: the first line and the paragraph after it."""
        return "\n\n".join(_paragraphs(self.run.__doc__)[:2])


class Group(NamedTuple):
    """Commands under one name (``dinaction din list``)."""

    name: str
    help: str
    commands: tuple[Command, ...]

    @property
    def short_help(self) -> str:
        return (_paragraphs(self.help) or [""])[0]


#: every command, in the order ``dinaction --help`` lists them
COMMANDS: tuple[Command | Group, ...] = (
    Command("lint", lint.LintOptions, lint.run),
    Command("format", format_command.FormatOptions, format_command.run),
    Command("rule", rules.RuleOptions, rules.show_rule),
    Command("rules", rules.RulesOptions, rules.list_rules),
    Command("lsp", lsp.LspOptions, lsp.run),
    Command("check-url", check_url.CheckUrlOptions, check_url.run),
    Command("check-media", check_media.CheckMediaOptions, check_media.run),
    Command("simulate", simulate.SimulateOptions, simulate.run),
    Command("serve", serve.ServeOptions, serve.run),
    Command("route", route.RouteOptions, route.run),
    Group(
        "din",
        din.HELP,
        (
            Command("list", din.ListOptions, din.list_dins),
            Command("subscribe", din.ConfirmedOptions, din.subscribe),
            Command("subscriptions", din.SubscriptionsOptions, din.subscriptions),
            Command("set-action", din.SetActionOptions, din.set_action),
            Command("unsubscribe", din.ConfirmedOptions, din.unsubscribe),
        ),
    ),
)


def _metavar(spec: Spec, name: str) -> str:
    """What stands for an option's value in the help: its choices, or a word for it (never a type name)."""
    if spec.metavar is not None:
        return spec.metavar
    if spec.choices:
        return "[" + "|".join(spec.choices) + "]"
    if spec.type is int:
        return "N"
    if spec.type is float:
        return "NUMBER"
    return "PATH" if spec.type.__name__ == "Path" else name.upper()


def _shown_default(default: Any) -> str:
    if default is None or default is MISSING or isinstance(default, bool) or default == ():
        return ""
    return f"{default:g}" if isinstance(default, float) else str(default)


def _completer(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    return complete


def _annotation(spec: Spec, name: str, default: Any) -> Any:
    """The annotated type typer reads for one field: text, for ``value_of`` to read."""
    if spec.kind == "flag":
        return Annotated[bool, typer.Option(*spec.names, help=spec.help)]
    if spec.kind == "argument":
        return Annotated[str, typer.Argument(help=spec.help, metavar=spec.metavar or name.upper())]
    if spec.kind == "arguments":
        return Annotated[list[str] | None, typer.Argument(help=spec.help, metavar=spec.metavar, show_default=False)]
    if spec.kind == "repeated":
        return Annotated[list[str] | None, typer.Option(*spec.names, metavar=spec.metavar, help=spec.help)]
    shown = _shown_default(default)
    info = typer.Option(
        *spec.names,
        metavar=_metavar(spec, name),
        help=f"{spec.help}  [default: {shown}]" if shown else spec.help,
        show_default=False,
        autocompletion=_completer(spec.choices) if spec.choices else None,
    )
    return Annotated[str | None, info]


def _argument_name(param: Any, *, usage: bool = False) -> str:
    """`PATH...` in the help; `[PATH]...` in the usage line when it may be left out."""
    name = param.metavar or (param.name or "").upper()
    if usage and not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


class _Command(TyperCommand):
    """A typer command whose help names arguments by their metavar, without a type (``PATH...``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_name(param, usage=True))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                if not getattr(param, "hidden", False):
                    arguments.append((_argument_name(param), getattr(param, "help", None) or ""))
            else:
                record = param.get_help_record(ctx)
                if record is not None:
                    options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


def command(options: type[Any], run: Callable[[Any], int]) -> Callable[..., None]:
    """A typer command for ``run``: its parameters are the fields of ``options``."""
    parameters = []
    specs: dict[str, tuple[Spec, Any]] = {}
    own = inspect.get_annotations(options)
    # the command's own options first, those it shares (``FileOptions``) after them
    for item in sorted(fields(options), key=lambda f: f.name not in own):
        spec = spec_of(item)
        default = item.default
        specs[item.name] = (spec, default)
        typer_default: Any
        if default is MISSING:
            typer_default = inspect.Parameter.empty
        elif spec.kind == "flag":
            typer_default = default
        else:
            typer_default = None
        parameters.append(
            inspect.Parameter(
                item.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=typer_default,
                annotation=_annotation(spec, item.name, default),
            )
        )

    def call(**values: Any) -> None:
        plain: dict[str, Any] = {}
        for name, value in values.items():
            spec, default = specs[name]
            if value is None:
                plain[name] = default
            elif spec.kind in ("repeated", "arguments"):
                plain[name] = tuple(value)
            elif spec.kind == "option":
                plain[name] = value_of(spec, value)
            else:
                plain[name] = value
        raise typer.Exit(run(options(**plain)))

    call.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    call.__name__ = run.__name__
    return call


def _mount(on: typer.Typer, entry: Command | Group) -> None:
    if isinstance(entry, Group):
        group = typer.Typer(
            name=entry.name,
            help=entry.help,
            short_help=entry.short_help,
            no_args_is_help=True,
            add_completion=False,
            context_settings={"help_option_names": HELP_OPTIONS},
        )
        for sub in entry.commands:
            _mount(group, sub)
        on.add_typer(group, name=entry.name)
        return
    on.command(entry.name, help=entry.help, short_help=entry.short_help, cls=_Command)(
        command(entry.options, entry.run)
    )


def _version(value: bool) -> None:
    if value:
        say(f"dinaction {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="dinaction",
    help="Check, format and deploy Xoxzo Dial In Number actions.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": HELP_OPTIONS},
)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check, format and deploy Xoxzo Dial In Number actions."""


for _entry in COMMANDS:
    _mount(app, _entry)


def run(argv: list[str]) -> int:
    """Parse ``argv`` with typer and run the command; its exit code.

    Typer's own usage errors (an unknown option, a missing argument) become
    one ``dinaction: error:`` line; exceptions of the commands propagate, for
    ``dinaction.cli.guarded``.
    """
    unknown = _unknown_command(argv)
    if unknown is not None:
        return error(unknown)
    try:
        code = app(args=argv, prog_name="dinaction", standalone_mode=False)
    except typer.Abort:
        echo("Aborted!\n", sys.stderr)
        return 1
    except typer.TyperException as exc:  # click's errors, as typer raises them
        if type(exc).__name__ == "NoArgsIsHelpError":  # `dinaction`, `dinaction din`: the help
            exc.show()  # type: ignore[attr-defined]
            return int(exc.exit_code)
        return error(_one_line(exc), int(exc.exit_code))
    return code if isinstance(code, int) else 0


def _unknown_command(argv: list[str]) -> str | None:
    """The message for a command name that is none of ours (with the one probably meant), else None."""
    entries: tuple[Command | Group, ...] = COMMANDS
    path = "dinaction"
    for word in argv:
        if word.startswith("-"):
            return None  # options first: typer reads them (`--version`, `--help`)
        found = next((e for e in entries if e.name == word), None)
        if found is None:
            names = [e.name for e in entries]
            return (
                f"unknown command {word!r}{did_you_mean(word, names)}: the commands of `{path}` are {', '.join(names)}"
            )
        if isinstance(found, Command):
            return None
        entries, path = found.commands, f"{path} {word}"
    return None


def _one_line(exc: typer.TyperException) -> str:
    """A usage error typer found, in dinaction's words, with the command's ``--help`` to read."""
    context = getattr(exc, "ctx", None)
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        option: str = exc.option_name  # type: ignore[attr-defined]
        known = [] if context is None else [o for p in context.command.params for o in getattr(p, "opts", [])]
        message = f"unknown option {option}{did_you_mean(option, known, cutoff=0.75)}"
    elif kind == "MissingParameter" and getattr(exc, "param", None) is not None:
        param = exc.param  # type: ignore[attr-defined]
        if param.param_type_name == "argument":
            message = f"missing argument {param.metavar or param.name.upper()}"
        else:
            message = f"missing option {param.opts[0]}"
    elif kind == "BadOptionUsage" and "requires an argument" in exc.format_message():
        message = f"{exc.option_name} needs a value"  # type: ignore[attr-defined]
    elif kind == "BadOptionUsage" and "does not take a value" in exc.format_message():
        message = f"{exc.option_name} takes no value: it is on when given"  # type: ignore[attr-defined]
    elif extra := re.search(r"unexpected extra argument(?:s|\(s\))? \((.*)\)", exc.format_message()):
        words = extra.group(1).split()
        message = f"unexpected argument{'s' if len(words) != 1 else ''} {', '.join(map(repr, words))}"
    else:
        text = " ".join(exc.format_message().split()).rstrip(".")
        message = text[:1].lower() + text[1:]
    if context is None:
        return message
    return f"{message}; see `{context.command_path} --help`"
