"""``dinaction check-url``: fetch an action URL the way Xoxzo will, and say what a caller would get.

Also what the other commands of the network edge share (``din``,
``check-media``, ``simulate``): their common options, the pre-flight in words
or JSON, and the library's exceptions as one error line. The client, httpx
and mutagen are imported when a command runs, never for ``dinaction lint``.
Exit codes: 0 success, 1 a refusal or a failed check, 2 a usage error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from dinaction.cli.options import argument, flag, option
from dinaction.cli.output import error, say
from dinaction.preflight import DEFAULT_CALLER, DEFAULT_RECIPIENT

if TYPE_CHECKING:
    from dinaction.preflight import PreflightResult

__all__ = ["CheckUrlOptions", "FetchOptions", "run"]


def json_flag() -> Any:
    return flag("--json", help="Print JSON for scripts instead of a table.")


def caller_option() -> Any:
    return option(
        "--caller", default=DEFAULT_CALLER, help="The caller number sent in the query (E.164; empty: anonymous)."
    )


def skip_media_flag() -> Any:
    return flag("--skip-media", help="Do not fetch and check the mp3 files the answer plays.")


@dataclass(frozen=True, slots=True, repr=False, kw_only=True)
class FetchOptions:
    """What every command that fetches from an action server shares (keyword-only, so a command's
    own arguments may come first)."""

    allow_private: bool = flag(
        "--allow-private", help="Allow an action URL that the public internet cannot reach (local testing)."
    )
    timeout: float = option(
        "--timeout",
        type=float,
        default=10.0,
        low=0.1,
        help="Seconds the whole fetch may take, from connecting to the last byte.",
    )
    as_json: bool = json_flag()


@dataclass(frozen=True, slots=True, repr=False, kw_only=True)
class CheckUrlOptions(FetchOptions):
    """``dinaction check-url``'s options."""

    url: str = argument("The action URL, as you would give it to Xoxzo.")
    caller: str = caller_option()
    recipient: str = option("--recipient", default=DEFAULT_RECIPIENT, help="The DIN called, sent in the query (E.164).")
    skip_media: bool = skip_media_flag()


def run(options: CheckUrlOptions) -> int:
    """Fetch an action URL and lint its answer.

    The URL is fetched the way Xoxzo will fetch it; the answer is linted, and
    what a caller would experience is said in words.
    """
    from dinaction.preflight import check_action_url

    with handled():
        result = check_action_url(
            options.url,
            caller=options.caller,
            recipient=options.recipient,
            allow_private=options.allow_private,
            timeout=options.timeout,
            media=not options.skip_media,
        )
    if options.as_json:
        print_json(result.to_dict())
    else:
        show_preflight(result)
    if not result.ok:
        die(1, f"check failed: {result.problem}")
    return 0


@contextmanager
def handled(not_found: str = "") -> Iterator[None]:
    """Turn the client's exceptions into one line on stderr and an exit code."""
    from dinaction.client import ClientConfigError, NotFound, XoxzoError

    try:
        yield
    except ClientConfigError as exc:
        die(2, str(exc))
    except NotFound as exc:
        die(1, f"{exc}{not_found}")
    except XoxzoError as exc:
        die(1, str(exc))
    except ValueError as exc:
        die(2, str(exc))


def die(code: int, message: str) -> NoReturn:
    """Stop the command: one error line, exit status ``code``."""
    raise SystemExit(error(message, code))


def print_json(payload: Any) -> None:
    say(json.dumps(payload, indent=2, ensure_ascii=False))


def show_preflight(result: PreflightResult) -> None:
    """The pre-flight in human words: what was fetched, what came back, what the caller gets."""
    for line in result.lines():
        say(line)
