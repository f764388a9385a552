"""``dinaction din …``: list, subscribe to, point and give back Xoxzo Dial In Numbers.

The commands only translate between the command line and the client
(:mod:`dinaction.client`), which is imported when one runs. Exit codes: 0
success, 1 an API refusal or a failed check, 2 a usage error (bad argument,
missing credentials, no confirmation possible), always with one line on
stderr and never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dinaction.cli.check_url import (
    FetchOptions,
    caller_option,
    die,
    handled,
    json_flag,
    print_json,
    show_preflight,
    skip_media_flag,
)
from dinaction.cli.options import argument, flag, option
from dinaction.cli.output import say
from dinaction.preflight import DEFAULT_RECIPIENT

if TYPE_CHECKING:
    from dinaction.client import DinClient

__all__ = [
    "HELP",
    "ConfirmedOptions",
    "ListOptions",
    "SetActionOptions",
    "SubscriptionsOptions",
    "list_dins",
    "set_action",
    "subscribe",
    "subscriptions",
    "unsubscribe",
]

HELP = "Manage Dial In Numbers through the Xoxzo API.\n\nList, subscribe, set the action URL, unsubscribe."

_NOT_YOURS = " (is the DIN UID among `dinaction din subscriptions`?)"


@dataclass(frozen=True, slots=True, repr=False)
class ListOptions:
    """``din list``: the numbers on offer, optionally filtered."""

    country: str | None = option("--country", help="Two-letter country code: JP.")
    prefix: str | None = option("--prefix", help="Number prefix, e.g. 813.")
    as_json: bool = json_flag()


def list_dins(options: ListOptions) -> int:
    """List the DINs available, with their costs."""
    with handled(), _client() as client:
        dins = client.list_dins(country=options.country, prefix=options.prefix)
    if options.as_json:
        print_json([din.to_dict() for din in dins])
        return 0
    if not dins:
        say("No DINs available" + (" for that filter." if options.country or options.prefix else "."))
        return 0
    from dinaction.describe import describe_number

    _table(
        ("DIN UID", "Number", "Monthly", "Per minute"),
        [(d.din_uid, describe_number(d.e164), _credits(d.monthly_cost), _credits(d.minute_cost)) for d in dins],
    )
    return 0


@dataclass(frozen=True, slots=True, repr=False)
class ConfirmedOptions:
    """``subscribe`` and ``unsubscribe``: one DIN, and a change that costs, so it is confirmed first."""

    din_uid: str = argument(
        "A DIN UID: `dinaction din list` shows those to subscribe to, `dinaction din subscriptions` those held."
    )
    yes: bool = flag("--yes", "-y", help="Do not ask for confirmation.")
    as_json: bool = json_flag()


def subscribe(options: ConfirmedOptions) -> int:
    """Subscribe to a DIN.

    The monthly cost is charged at once, so this asks first.
    """
    with handled(), _client() as client:
        _can_ask(options.yes, "subscribing charges credits")
        din = next((d for d in client.list_dins() if d.din_uid == options.din_uid.strip()), None)
        if din is None:
            die(1, f"{options.din_uid} is not among the available DINs (see `dinaction din list`)")
        from dinaction.describe import describe_number

        offer = (
            f"{describe_number(din.e164)} [{din.din_uid}]: {_credits(din.monthly_cost)} a month, "
            f"charged now, and {_credits(din.minute_cost)} a minute of incoming calls"
        )
        _confirm(options.yes, offer, "Subscribe?", declined="not subscribed; nothing was charged")
        subscription = client.subscribe(din.din_uid)
    if options.as_json:
        print_json(subscription.to_dict())
        return 0
    say(f"Subscribed to {offer}.")
    say(f"Next: dinaction din set-action {subscription.din_uid} https://your.server/action")
    return 0


@dataclass(frozen=True, slots=True, repr=False)
class SubscriptionsOptions:
    """``din subscriptions``."""

    as_json: bool = json_flag()


def subscriptions(options: SubscriptionsOptions) -> int:
    """List this account's DINs and their action URLs."""
    with handled(), _client() as client:
        subs = client.list_subscriptions()
    if options.as_json:
        print_json([sub.to_dict() for sub in subs])
        return 0
    if not subs:
        say("No subscriptions. Find a number with `dinaction din list`.")
        return 0
    from dinaction.describe import describe_number

    _table(
        ("DIN UID", "Number", "Action URL"),
        [(s.din_uid, describe_number(s.e164) if s.e164 else "?", s.action_url or "(none)") for s in subs],
    )
    return 0


@dataclass(frozen=True, slots=True, repr=False, kw_only=True)
class SetActionOptions(FetchOptions):
    """``din set-action``: the DIN, its new URL, and how to check the URL first."""

    din_uid: str = argument("A DIN UID from `dinaction din subscriptions`.")
    url: str = argument("The URL Xoxzo will GET on each incoming call.")
    skip_check: bool = flag("--skip-check", help="Set the URL without fetching and linting it first.")
    caller: str = caller_option()
    skip_media: bool = skip_media_flag()


def set_action(options: SetActionOptions) -> int:
    """Point a DIN at an action URL.

    The URL is checked first, the way Xoxzo will fetch it.
    """
    from dinaction.facts.urls import split_url, unreachable_reason
    from dinaction.preflight import check_action_url

    din_uid, url = options.din_uid, options.url
    with handled(not_found=_NOT_YOURS), _client() as client:
        result = None
        if options.skip_check:
            reason = unreachable_reason(split_url(url).host)
            if reason and not options.allow_private:
                say(f"warning: Xoxzo cannot reach this URL from the internet: {reason}", err=True)
        else:
            sub = next((s for s in client.list_subscriptions() if s.din_uid == din_uid.strip()), None)
            if sub is None:
                die(1, f"{din_uid} is not among your subscriptions (see `dinaction din subscriptions`)")
            result = check_action_url(
                url,
                caller=options.caller,
                recipient=sub.e164 or DEFAULT_RECIPIENT,
                allow_private=options.allow_private,
                timeout=options.timeout,
                media=not options.skip_media,
            )
            if not options.as_json:
                show_preflight(result)
            if not result.ok:
                if options.as_json:
                    print_json({"set": False, "check": result.to_dict()})
                die(1, f"action URL not set: {result.problem}; --skip-check sets it anyway")
        subscription = client.set_action_url(din_uid, url)
    if options.as_json:
        check = None if result is None else result.to_dict()
        print_json({"set": True, "subscription": subscription.to_dict(), "check": check})
        return 0
    say(f"Action URL of {subscription.din_uid} set to {subscription.action_url or url.strip()}")
    return 0


def unsubscribe(options: ConfirmedOptions) -> int:
    """Give a DIN back.

    The number is released; the rebate applies only within 24 hours of subscribing.
    """
    din_uid = options.din_uid
    with handled(not_found=_NOT_YOURS), _client() as client:
        _can_ask(options.yes, "unsubscribing releases the number")
        notice = f"{din_uid}: the number will be released and may not come back."
        _confirm(options.yes, notice, "Unsubscribe?", declined="still subscribed; nothing changed")
        client.unsubscribe(din_uid)
    if options.as_json:
        print_json({"unsubscribed": din_uid.strip()})
        return 0
    say(f"Unsubscribed from {din_uid.strip()}.")
    return 0


def _client() -> DinClient:
    from dinaction.client import DinClient

    return DinClient()


def _interactive() -> bool:
    """Whether a person can answer a question (patched in tests)."""
    return sys.stdin.isatty()


def _can_ask(yes: bool, what: str) -> None:
    """Stop (exit 2) when confirmation is needed and no person is there to give it."""
    if not yes and not _interactive():
        die(2, f"{what}: confirm with --yes (stdin is not a terminal to ask)")


def _confirm(yes: bool, notice: str, question: str, *, declined: str) -> None:
    """Unless ``yes``: say ``notice`` and ask ``question`` on stderr; stop (exit 1) on anything but yes."""
    if yes:
        return
    import typer  # its prompt: loaded only when a command asks

    say(notice, err=True)
    try:
        agreed = typer.confirm(question, default=False, err=True)
    except typer.Abort:  # no answer (end of input)
        agreed = False
    if not agreed:
        die(1, declined)


def _credits(amount: float) -> str:
    return f"{amount:g} credit" + ("" if amount == 1 else "s")


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
