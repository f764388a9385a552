"""``dinaction check-url``: fetch an action URL the way Xoxzo will, and say what a caller would get.

Also what ``din set-action`` shows before it sets a URL: the pre-flight in
words or JSON, and the client's exceptions as one error line. The client and
httpx are imported when a command runs, never for ``dinaction lint``. Exit
codes: 0 success, 1 a refusal or a failed check, 2 a usage error.
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

__all__ = ["CheckUrlOptions", "run"]


def json_flag() -> Any:
    return flag("--json", help="Print JSON for scripts instead of a table.")


def allow_private_flag() -> Any:
    return flag("--allow-private", help="Allow an action URL that the public internet cannot reach (local testing).")


def caller_option() -> Any:
    return option(
        "--caller", default=DEFAULT_CALLER, help="The caller number sent in the query (E.164; empty: anonymous)."
    )


def timeout_option() -> Any:
    return option("--timeout", type=float, default=10.0, low=0.1, help="Seconds to wait for the action server.")


@dataclass(frozen=True, slots=True, repr=False)
class CheckUrlOptions:
    """``dinaction check-url``'s options."""

    url: str = argument("The action URL, as you would give it to Xoxzo.")
    caller: str = caller_option()
    recipient: str = option("--recipient", default=DEFAULT_RECIPIENT, help="The DIN called, sent in the query (E.164).")
    allow_private: bool = allow_private_flag()
    timeout: float = timeout_option()
    as_json: bool = json_flag()


def run(options: CheckUrlOptions) -> int:
    """Fetch an action URL the way Xoxzo will, lint the answer and say what a caller would experience."""
    from dinaction.preflight import check_action_url

    with handled():
        result = check_action_url(
            options.url,
            caller=options.caller,
            recipient=options.recipient,
            allow_private=options.allow_private,
            timeout=options.timeout,
        )
    if options.as_json:
        print_json(preflight_json(result))
    else:
        show_preflight(result)
    if not result.ok:
        die(1, f"check failed: {result.problem}")
    return 0


@contextmanager
def handled(not_found: str = "") -> Iterator[None]:
    """Turn the client's exceptions into one line on stderr and an exit code."""
    from dinaction.client import ConfigError, NotFound, XoxzoError

    try:
        yield
    except ConfigError as exc:
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
    from dinaction.diagnostics import LineIndex

    if result.fetched:
        say(f"GET {result.url}")
    for note in result.notes:
        say(f"note: {note}")
    if result.status is not None:
        say(f"answer: {result.status}, {result.content_type or 'no content type'}")
    if result.text is not None:
        index = LineIndex(result.text)
        for d in result.diagnostics:
            pos = index.position(d.span.start)
            say(f"{pos.line}:{pos.column}: {d.code} {d.severity}: {d.message}")
    if result.ok and result.description:
        say(f"ok: {result.description}")


def preflight_json(result: PreflightResult) -> dict[str, Any]:
    from dinaction.diagnostics import LineIndex

    index = LineIndex(result.text or "")
    return {
        "ok": result.ok,
        "problem": result.problem,
        "url": result.url,
        "final_url": result.final_url,
        "redirects": list(result.redirects),
        "status": result.status,
        "content_type": result.content_type,
        "notes": list(result.notes),
        "text": result.text,
        "diagnostics": [
            {
                "line": index.position(d.span.start).line,
                "column": index.position(d.span.start).column,
                "code": d.code,
                "name": d.name,
                "severity": str(d.severity),
                "message": d.message,
            }
            for d in result.diagnostics
        ],
        "description": result.description,
    }
