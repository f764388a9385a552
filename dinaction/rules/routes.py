"""Rules on routes files (``routes.toml``, the format ``dinaction-routes``).

A routes file says which action answers which call; ``dinaction serve`` serves
it only when every route is readable, reachable and answers with action text
free of errors. These rules say what stops it. They are declared here like the
action rules (one ``Rule`` each, the single source of their documentation) but
have no check of their own: the routes loader (``dinaction.serve``) decides
where they apply, so they are not among the action rules a lint selects.
"""

from __future__ import annotations

from dinaction.diagnostics import Severity
from dinaction.rules.base import Rule

__all__ = ["RULES"]

_GOOD = """\
[[route]]
name = "everyone"
action = "transfer +81336042000"
"""

INVALID_TOML = Rule(
    code="DA500",
    name="routes-invalid-toml",
    severity=Severity.ERROR,
    message="not a routes file: {reason}",
    summary="Reports a routes file that is not valid UTF-8 TOML.",
    why="Nothing in a file that cannot be read can be served: the server refuses to start.",
    bad="""\
[[route]]
name = "everyone"
action = "transfer +81336042000
""",
    good=_GOOD,
)

UNKNOWN_KEY = Rule(
    code="DA501",
    name="routes-unknown-key",
    severity=Severity.ERROR,
    message="unknown key `{key}`{hint}",
    summary="Reports a key that routes files do not have, at the top or in a route.",
    why=(
        "A misspelt condition would otherwise be ignored, and the route would match calls it was meant to "
        'turn away (`day = ["sat"]` matching every day).'
    ),
    bad="""\
[[route]]
name = "weekend"
day = ["sat", "sun"]
action = 'say en "We are closed at weekends."'

[[route]]
name = "everyone"
action = "transfer +81336042000"
""",
    good="""\
[[route]]
name = "weekend"
days = ["sat", "sun"]
action = 'say en "We are closed at weekends."'

[[route]]
name = "everyone"
action = "transfer +81336042000"
""",
)

MISSING_KEY = Rule(
    code="DA502",
    name="routes-missing-key",
    severity=Severity.ERROR,
    message="{what}",
    summary="Reports a routes file without routes, and a route without its `name` or its action.",
    why="Every call needs a route to answer it, and every route a name (for logs) and something to say.",
    bad="""\
[[route]]
name = "everyone"
""",
    good=_GOOD,
)

INVALID_VALUE = Rule(
    code="DA503",
    name="routes-invalid-value",
    severity=Severity.ERROR,
    message="{key}: {reason}",
    summary="Reports a value of the wrong type or form: numbers, days, hours, dates, countries, the time zone.",
    why="A condition that cannot be read cannot be matched; guessing what it meant would route real calls wrongly.",
    bad="""\
[[route]]
name = "office"
hours = "9-18"
action = "transfer +81336042000"

[[route]]
name = "closed"
action = 'voicemail say en "We are closed. Please leave a message."'
""",
    good="""\
[[route]]
name = "office"
hours = "09:00-18:00"
action = "transfer +81336042000"

[[route]]
name = "closed"
action = 'voicemail say en "We are closed. Please leave a message."'
""",
)

DUPLICATE_NAME = Rule(
    code="DA504",
    name="routes-duplicate-name",
    severity=Severity.ERROR,
    message="a route named `{name}` comes earlier ({earlier}): give each route its own name",
    summary="Reports two routes with the same name.",
    why="The access log and `dinaction route` name the route that answered; two of one name cannot be told apart.",
    bad="""\
[[route]]
name = "office"
days = ["mon", "tue", "wed", "thu", "fri"]
action = "transfer +81336042000"

[[route]]
name = "office"
action = 'voicemail say en "Please leave a message."'
""",
    good="""\
[[route]]
name = "office"
days = ["mon", "tue", "wed", "thu", "fri"]
action = "transfer +81336042000"

[[route]]
name = "closed"
action = 'voicemail say en "Please leave a message."'
""",
)

ACTION_AND_FILE = Rule(
    code="DA505",
    name="routes-action-and-file",
    severity=Severity.ERROR,
    message="a route has exactly one of `action` and `file`: remove one",
    summary="Reports a route with both an inline `action` and a `file`.",
    why="Only one of them could be served, and a reader cannot tell which.",
    bad="""\
[[route]]
name = "everyone"
action = "transfer +81336042000"
file = "reception.din"
""",
    good=_GOOD,
)

MISSING_FALLBACK = Rule(
    code="DA506",
    name="routes-missing-fallback",
    severity=Severity.ERROR,
    message="the last route, `{name}`, has conditions: end with a route without any, for every other call",
    summary="Reports a routes file whose last route has conditions.",
    why=(
        "A call that no route matches would get no action at all: the caller hears nothing. The last route, "
        "without conditions, answers every call the others do not (and calls with unreadable numbers)."
    ),
    bad="""\
[[route]]
name = "office"
days = ["mon", "tue", "wed", "thu", "fri"]
action = "transfer +81336042000"
""",
    good="""\
[[route]]
name = "office"
days = ["mon", "tue", "wed", "thu", "fri"]
action = "transfer +81336042000"

[[route]]
name = "closed"
action = 'voicemail say en "Please leave a message."'
""",
)

UNREACHABLE = Rule(
    code="DA507",
    name="routes-unreachable",
    severity=Severity.ERROR,
    message="route `{name}` is never chosen: every call it matches is matched first by `{by}` ({earlier})",
    summary="Reports a route shadowed by an earlier one whose conditions match every call it matches.",
    why=(
        "The first matching route wins, so a route after a broader one never answers. It is almost always an "
        "ordering mistake: the narrower route was meant to come first."
    ),
    bad="""\
[[route]]
name = "weekdays"
days = ["mon", "tue", "wed", "thu", "fri"]
action = "transfer +81336042000"

[[route]]
name = "monday-morning"
days = ["mon"]
hours = "09:00-12:00"
action = "transfer +81312345678"

[[route]]
name = "closed"
action = 'voicemail say en "Please leave a message."'
""",
    good="""\
[[route]]
name = "monday-morning"
days = ["mon"]
hours = "09:00-12:00"
action = "transfer +81312345678"

[[route]]
name = "weekdays"
days = ["mon", "tue", "wed", "thu", "fri"]
action = "transfer +81336042000"

[[route]]
name = "closed"
action = 'voicemail say en "Please leave a message."'
""",
)

CONTRADICTORY = Rule(
    code="DA508",
    name="routes-contradictory-conditions",
    severity=Severity.ERROR,
    message="this route can never match: {reason}",
    summary="Reports a route whose conditions exclude each other.",
    why="No call satisfies them, so the route never answers; one of the conditions is not what was meant.",
    bad="""\
[[route]]
name = "holiday"
holidays = "JP"
not-holidays = "JP"
action = 'say ja "本日は休業日です。"'

[[route]]
name = "everyone"
action = "transfer +81336042000"
""",
    good="""\
[[route]]
name = "holiday"
holidays = "JP"
action = 'say ja "本日は休業日です。"'

[[route]]
name = "everyone"
action = "transfer +81336042000"
""",
)

MISSING_FILE = Rule(
    code="DA509",
    name="routes-missing-file",
    severity=Severity.ERROR,
    message="cannot read `{file}`: {reason}",
    summary="Reports a route whose action `file` does not exist or cannot be read.",
    why="The route would have nothing to answer with.",
    bad="""\
[[route]]
name = "everyone"
file = "no-such-file.din"
""",
    good="""\
[[route]]
name = "everyone"
file = "reception.din"
""",
)

INVALID_ACTION_FILE = Rule(
    code="DA510",
    name="routes-invalid-action-file",
    severity=Severity.ERROR,
    message="`{file}` has {count} error{s} ({codes}): `dinaction lint {file}` shows where",
    summary="Reports a route whose action file has error-level findings.",
    why="Xoxzo cannot run action text with errors: the caller would hear nothing, so the route cannot be served.",
    bad="""\
[[route]]
name = "everyone"
file = "typo.din"
""",
    good="""\
[[route]]
name = "everyone"
file = "reception.din"
""",
)

RULES: tuple[Rule, ...] = (
    INVALID_TOML,
    UNKNOWN_KEY,
    MISSING_KEY,
    INVALID_VALUE,
    DUPLICATE_NAME,
    ACTION_AND_FILE,
    MISSING_FALLBACK,
    UNREACHABLE,
    CONTRADICTORY,
    MISSING_FILE,
    INVALID_ACTION_FILE,
)
