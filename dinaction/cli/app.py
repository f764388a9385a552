"""The typer application: every command, generated from its options class.

Each command module declares its options as a dataclass (``options``) and a
``run(options) -> int``; here each becomes a typer command whose parameters
are built from the fields (typer reads ``inspect.signature``, so the function
it is given carries a ``__signature__`` made from the fields) and whose body
builds the options and calls ``run``. Nothing else happens here: no command
has logic of its own in this module. Usage errors typer finds are reported
as one line, like every other error.

A new command: a module with an options class and a ``run(options) -> int``,
and one ``Command`` line in ``COMMANDS`` below (a ``Group`` for subcommands).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from dataclasses import MISSING, fields
from typing import Annotated, Any, Literal, NamedTuple, cast

import typer

from dinaction.cli import check_media, check_url, din, lint, lsp, route, rules, serve, simulate
from dinaction.cli import format as format_command
from dinaction.cli.options import Spec, spec_of
from dinaction.cli.output import echo, error, say
from dinaction.version import __version__

__all__ = ["COMMANDS", "Command", "Group", "app", "run"]


class Command(NamedTuple):
    """A command: its name, its options class and the function that does its work with them."""

    name: str
    options: type[Any]
    run: Callable[[Any], int]

    @property
    def help(self) -> str:
        """The first paragraph of ``run``'s docstring: what ``--help`` and the command list show."""
        doc = (self.run.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())


class Group(NamedTuple):
    """Commands under one name (``dinaction din list``)."""

    name: str
    help: str
    commands: tuple[Command, ...]


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


def _annotation(spec: Spec, default: Any) -> Any:
    """The annotated type typer reads for one field."""
    if spec.kind == "flag":
        return Annotated[bool, typer.Option(*spec.names, help=spec.help)]
    if spec.kind == "argument":
        return Annotated[str, typer.Argument(help=spec.help)]
    if spec.kind == "arguments":
        return Annotated[list[str] | None, typer.Argument(help=spec.help)]
    if spec.kind == "repeated":
        return Annotated[list[str] | None, typer.Option(*spec.names, metavar=spec.metavar, help=spec.help)]
    value: Any = cast(Any, Literal)[spec.choices] if spec.choices else spec.type
    if default is None:
        value = value | None
    info = typer.Option(*spec.names, metavar=spec.metavar, min=spec.low, max=spec.high, help=spec.help)
    return Annotated[value, info]


def command(options: type[Any], run: Callable[[Any], int]) -> Callable[..., None]:
    """A typer command for ``run``: its parameters are the fields of ``options``."""
    parameters = []
    defaults: dict[str, Any] = {}
    own = inspect.get_annotations(options)
    # the command's own options first, those it shares (``FileOptions``) after them
    for item in sorted(fields(options), key=lambda f: f.name not in own):
        spec = spec_of(item)
        default = item.default
        defaults[item.name] = default
        typer_default = inspect.Parameter.empty if default is MISSING else (None if default == () else default)
        parameters.append(
            inspect.Parameter(
                item.name, inspect.Parameter.KEYWORD_ONLY, default=typer_default, annotation=_annotation(spec, default)
            )
        )

    def call(**values: Any) -> None:
        plain = {
            name: tuple(value) if isinstance(value, list) else (defaults[name] if value is None else value)
            for name, value in values.items()
        }
        raise typer.Exit(run(options(**plain)))

    call.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    call.__name__ = run.__name__
    return call


def _mount(on: typer.Typer, entry: Command | Group) -> None:
    if isinstance(entry, Group):
        group = typer.Typer(name=entry.name, help=entry.help, no_args_is_help=True, add_completion=False)
        for sub in entry.commands:
            _mount(group, sub)
        on.add_typer(group, name=entry.name)
        return
    on.command(entry.name, help=entry.help)(command(entry.options, entry.run))


def _version(value: bool) -> None:
    if value:
        say(f"dinaction {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="dinaction",
    help="Check, format and deploy Xoxzo Dial In Number actions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check, format and deploy Xoxzo Dial In Number actions."""


for _entry in COMMANDS:
    _mount(app, _entry)


def run(argv: list[str]) -> int:
    """Parse ``argv`` with typer and run the command; its exit code.

    Typer's own usage errors (an unknown option, a bad value) become one
    ``dinaction: error:`` line; exceptions of the commands propagate, for
    ``dinaction.cli.guarded``.
    """
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


def _one_line(exc: typer.TyperException) -> str:
    message = " ".join(exc.format_message().split())
    context = getattr(exc, "ctx", None)
    if context is None:
        return message
    return f"{message} (see `{context.command_path} --help`)"
