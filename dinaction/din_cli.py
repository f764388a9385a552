"""``dinaction din …``, ``check-url``, ``check-media`` and ``simulate``: typer wiring for the network edge.

The commands only translate between the command line and
:mod:`dinaction.client`, :mod:`dinaction.preflight`, :mod:`dinaction.preflight.media`
and :mod:`dinaction.preflight.simulate`. httpx, mutagen, rich and the
client are imported inside the commands, so ``dinaction lint`` never pays for
them. Exit codes: 0 success, 1 an API refusal or a failed check, 2 a usage
error (bad argument, missing credentials, no confirmation possible), always
with one line on stderr and never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from dinaction.preflight import DEFAULT_CALLER, DEFAULT_RECIPIENT

if TYPE_CHECKING:
    from dinaction.client import DinClient
    from dinaction.preflight import PreflightResult

__all__ = ["check_media", "check_url", "din_app", "simulate"]

din_app = typer.Typer(
    name="din",
    help="Manage Xoxzo Dial In Numbers: list, subscribe, set the action URL, unsubscribe.",
    no_args_is_help=True,
    add_completion=False,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
AllowPrivate = Annotated[
    bool,
    typer.Option("--allow-private", help="Allow an action URL that the public internet cannot reach (local testing)."),
]
Caller = Annotated[
    str,
    typer.Option("--caller", help="The caller number sent in the query (E.164; empty: anonymous)."),
]
Timeout = Annotated[
    float,
    typer.Option("--timeout", min=0.1, help="Seconds the whole fetch may take, from connecting to the last byte."),
]
SkipMedia = Annotated[bool, typer.Option("--skip-media", help="Do not fetch and check the mp3 files the answer plays.")]


# --------------------------------------------------------------------------- commands


@din_app.command("list")
def list_dins(
    country: Annotated[str | None, typer.Option("--country", help="Two-letter country code: JP.")] = None,
    prefix: Annotated[str | None, typer.Option("--prefix", help="Number prefix, e.g. 813.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the DINs available for subscription, with their costs."""
    with _handled(), _client() as client:
        dins = client.list_dins(country=country, prefix=prefix)
    if as_json:
        _print_json([din.to_dict() for din in dins])
        return
    if not dins:
        typer.echo("No DINs available" + (" for that filter." if country or prefix else "."))
        return
    from dinaction.describe import describe_number

    _table(
        ("DIN UID", "Number", "Monthly", "Per minute"),
        [(d.din_uid, describe_number(d.e164), _credits(d.monthly_cost), _credits(d.minute_cost)) for d in dins],
    )


@din_app.command("subscribe")
def subscribe(
    din_uid: Annotated[str, typer.Argument(help="The DIN UID from `dinaction din list`.")],
    yes: YesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Subscribe to a DIN. The monthly cost is charged at once, so this asks first."""
    with _handled(), _client() as client:
        if not yes and not _interactive():
            _die(2, "subscribing charges credits: confirm with --yes (stdin is not a terminal to ask)")
        din = next((d for d in client.list_dins() if d.din_uid == din_uid.strip()), None)
        if din is None:
            _die(1, f"{din_uid} is not among the available DINs (see `dinaction din list`)")
        from dinaction.describe import describe_number

        offer = (
            f"{describe_number(din.e164)} [{din.din_uid}]: {_credits(din.monthly_cost)} a month, "
            f"charged now, and {_credits(din.minute_cost)} a minute of incoming calls"
        )
        if not yes:
            typer.echo(offer, err=True)
            if not typer.confirm("Subscribe?", default=False, err=True):
                _die(1, "not subscribed; nothing was charged")
        subscription = client.subscribe(din.din_uid)
    if as_json:
        _print_json(subscription.to_dict())
        return
    typer.echo(f"Subscribed to {offer}.")
    typer.echo(f"Next: dinaction din set-action {subscription.din_uid} https://your.server/action")


@din_app.command("subscriptions")
def subscriptions(as_json: JsonOption = False) -> None:
    """List the DINs this account holds and their action URLs."""
    with _handled(), _client() as client:
        subs = client.list_subscriptions()
    if as_json:
        _print_json([sub.to_dict() for sub in subs])
        return
    if not subs:
        typer.echo("No subscriptions. Find a number with `dinaction din list`.")
        return
    from dinaction.describe import describe_number

    _table(
        ("DIN UID", "Number", "Action URL"),
        [(s.din_uid, describe_number(s.e164) if s.e164 else "?", s.action_url or "(none)") for s in subs],
    )


@din_app.command("set-action")
def set_action(
    din_uid: Annotated[str, typer.Argument(help="A DIN UID from `dinaction din subscriptions`.")],
    url: Annotated[str, typer.Argument(help="The URL Xoxzo will GET on each incoming call.")],
    *,
    skip_check: Annotated[
        bool, typer.Option("--skip-check", help="Set the URL without fetching and linting it first.")
    ] = False,
    allow_private: AllowPrivate = False,
    caller: Caller = DEFAULT_CALLER,
    timeout: Timeout = 10.0,
    skip_media: SkipMedia = False,
    as_json: JsonOption = False,
) -> None:
    """Point a subscribed DIN at an action URL, after checking what it serves."""
    from dinaction.facts.urls import split_url, unreachable_reason
    from dinaction.preflight import check_action_url

    with _handled(not_found=_NOT_YOURS), _client() as client:
        result = None
        if skip_check:
            reason = unreachable_reason(split_url(url).host)
            if reason and not allow_private:
                typer.echo(f"warning: Xoxzo cannot reach this URL from the internet: {reason}", err=True)
        else:
            sub = next((s for s in client.list_subscriptions() if s.din_uid == din_uid.strip()), None)
            if sub is None:
                _die(1, f"{din_uid} is not among your subscriptions (see `dinaction din subscriptions`)")
            result = check_action_url(
                url,
                caller=caller,
                recipient=sub.e164 or DEFAULT_RECIPIENT,
                allow_private=allow_private,
                timeout=timeout,
                media=not skip_media,
            )
            if not as_json:
                _show_preflight(result)
            if not result.ok:
                if as_json:
                    _print_json({"set": False, "check": _preflight_json(result)})
                _die(1, f"action URL not set: {result.problem}; --skip-check sets it anyway")
        subscription = client.set_action_url(din_uid, url)
    if as_json:
        check = None if result is None else _preflight_json(result)
        _print_json({"set": True, "subscription": subscription.to_dict(), "check": check})
        return
    typer.echo(f"Action URL of {subscription.din_uid} set to {subscription.action_url or url.strip()}")


@din_app.command("unsubscribe")
def unsubscribe(
    din_uid: Annotated[str, typer.Argument(help="A DIN UID from `dinaction din subscriptions`.")],
    yes: YesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Give a DIN back. The number is released; the rebate applies only within 24 hours of subscribing."""
    with _handled(not_found=_NOT_YOURS), _client() as client:
        if not yes:
            if not _interactive():
                _die(2, "unsubscribing releases the number: confirm with --yes (stdin is not a terminal to ask)")
            typer.echo(f"{din_uid}: the number will be released and may not come back.", err=True)
            if not typer.confirm("Unsubscribe?", default=False, err=True):
                _die(1, "still subscribed; nothing changed")
        client.unsubscribe(din_uid)
    if as_json:
        _print_json({"unsubscribed": din_uid.strip()})
        return
    typer.echo(f"Unsubscribed from {din_uid.strip()}.")


def check_url(
    url: Annotated[str, typer.Argument(help="The action URL, as you would give it to Xoxzo.")],
    *,
    caller: Caller = DEFAULT_CALLER,
    recipient: Annotated[
        str, typer.Option("--recipient", help="The DIN called, sent in the query (E.164).")
    ] = DEFAULT_RECIPIENT,
    allow_private: AllowPrivate = False,
    timeout: Timeout = 10.0,
    skip_media: SkipMedia = False,
    as_json: JsonOption = False,
) -> None:
    """Fetch an action URL the way Xoxzo will, lint the answer and say what a caller would experience."""
    from dinaction.preflight import check_action_url

    with _handled():
        result = check_action_url(
            url,
            caller=caller,
            recipient=recipient,
            allow_private=allow_private,
            timeout=timeout,
            media=not skip_media,
        )
    if as_json:
        _print_json(_preflight_json(result))
    else:
        _show_preflight(result)
    if not result.ok:
        _die(1, f"check failed: {result.problem}")


def check_media(
    url: Annotated[str, typer.Argument(help="The mp3 URL, as written after `playback`.")],
    *,
    allow_private: AllowPrivate = False,
    timeout: Timeout = 10.0,
    output_format: Annotated[
        str | None, typer.Option("--format", help="Report the findings as text, json, sarif, github…")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Fetch an mp3 the way Xoxzo will for `playback` and say whether it will play, and how."""
    from dinaction.preflight.media import check_media as check
    from dinaction.preflight.media import write_media

    with _handled():
        result = check(url, allow_private=allow_private, timeout=timeout)
        code = write_media(result, sys.stdout, output_format=output_format, as_json=as_json)
    if code:
        _die(code, f"media check failed: {result.errors[0].message}")


def simulate(
    url: Annotated[str, typer.Argument(help="The action URL, as you would give it to Xoxzo.")],
    *,
    calls_file: Annotated[
        Path | None, typer.Option("--calls", help="A CSV file of calls: columns caller,recipient.")
    ] = None,
    generate: Annotated[
        int | None, typer.Option("--generate", min=1, help="Generate this many calls from a spread of callers.")
    ] = None,
    expect: Annotated[
        Path | None, typer.Option("--expect", help="A TOML file of [[case]]s: what must happen for which call.")
    ] = None,
    recipient: Annotated[
        str, typer.Option("--recipient", help="The DIN called, for calls that do not say (E.164).")
    ] = DEFAULT_RECIPIENT,
    rate: Annotated[float, typer.Option("--rate", help="Calls per second at most.")] = 5.0,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Calls in flight at most.")] = 4,
    seed: Annotated[int, typer.Option("--seed", help="Varies the generated numbers.")] = 0,
    allow_private: AllowPrivate = False,
    timeout: Timeout = 10.0,
    skip_media: SkipMedia = False,
    as_json: JsonOption = False,
) -> None:
    """Replay calls against an action URL: lint every answer, check its media, count the distinct answers."""
    from dinaction.preflight.simulate import run_simulation

    with _handled():
        code = run_simulation(
            url,
            sys.stdout,
            calls_file=calls_file,
            generate=generate,
            expect=expect,
            recipient=recipient,
            rate=rate,
            concurrency=concurrency,
            seed=seed,
            allow_private=allow_private,
            timeout=timeout,
            media=not skip_media,
            as_json=as_json,
            progress_stream=sys.stderr,
        )
    if code:
        _die(code, "simulation found failures (listed above)")


# --------------------------------------------------------------------------- plumbing

_NOT_YOURS = " (is the DIN UID among `dinaction din subscriptions`?)"


@contextmanager
def _handled(not_found: str = "") -> Iterator[None]:
    """Turn the library's exceptions into one line on stderr and an exit code."""
    from dinaction.client import ClientConfigError, NotFound, XoxzoError

    try:
        yield
    except ClientConfigError as exc:
        _die(2, str(exc))
    except NotFound as exc:
        _die(1, f"{exc}{not_found}")
    except XoxzoError as exc:
        _die(1, str(exc))
    except ValueError as exc:
        _die(2, str(exc))


def _client() -> DinClient:
    from dinaction.client import DinClient

    return DinClient()


def _interactive() -> bool:
    """Whether a person can answer a question (patched in tests)."""
    return sys.stdin.isatty()


def _credits(amount: float) -> str:
    return f"{amount:g} credit" + ("" if amount == 1 else "s")


def _die(code: int, message: str) -> NoReturn:
    typer.echo(f"dinaction: error: {message}", err=True)
    raise typer.Exit(code)


def _print_json(payload: Any) -> None:
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain table; rich renders it, without markup, so ``[x]`` in a URL stays ``[x]``."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200, file=sys.stdout)
    console.print(table)


def _show_preflight(result: PreflightResult) -> None:
    """The pre-flight in human words: what was fetched, what came back, what the caller gets."""
    for line in result.lines():
        typer.echo(line)


def _preflight_json(result: PreflightResult) -> dict[str, Any]:
    return result.to_dict()
