"""Rules the parser reports: text that is not an action at all.

They have no check of their own; ``dinaction.syntax`` emits them, with the
message, fix title and safety declared here.
"""

from __future__ import annotations

from dinaction.diagnostics import Applicability, Severity
from dinaction.rules.base import Rule

SAFE = Applicability.SAFE
UNSAFE = Applicability.UNSAFE
ERROR = Severity.ERROR
WARNING = Severity.WARNING

SYNTAX_ERROR = Rule(
    code="DA001",
    name="syntax-error",
    severity=ERROR,
    message="{detail}",
    summary="Reports text that no action can start or continue with.",
    why="Xoxzo cannot run a line it cannot read: the call fails without a word to the caller.",
    bad='"Hello, how are you?"\n',
    good='say en "Hello, how are you?"\n',
    fix_title="{fix_title}",
    fix=UNSAFE,
)

UNKNOWN_ACTION = Rule(
    code="DA002",
    name="unknown-action",
    severity=ERROR,
    message="unknown action `{word}`{hint}",
    summary="Reports a line that starts with a word that is not an action.",
    why=(
        "Only `playback`, `transfer`, `say` and `voicemail` exist. A misspelt action is the most "
        "common reason Xoxzo gives for a failed DIN call."
    ),
    bad="tranfer +81336042000\n",
    good="transfer +81336042000\n",
    fix_title="Replace with `{suggestion}`",
    fix=UNSAFE,
)

MISSING_ARGUMENT = Rule(
    code="DA003",
    name="missing-argument",
    severity=ERROR,
    message="`{action}` needs {what}",
    summary="Reports an action without a required argument.",
    why="`playback` needs a URL, `transfer` a number, `say` a language and a message; without them Xoxzo rejects the action.",
    bad='say "Hello"\n',
    good='say en "Hello"\n',
    fix_title="Insert `{insert}`",
    fix=UNSAFE,
)

EXTRA_ARGUMENT = Rule(
    code="DA004",
    name="extra-argument",
    severity=ERROR,
    message="unexpected `{text}`: {detail}",
    summary="Reports text after a complete action.",
    why=(
        "Each action takes a fixed number of arguments; the rest of the line is not ignored, it makes "
        "the whole action invalid. A URL with a space in it lands here too."
    ),
    bad="transfer +81336042000 +81336042001\n",
    good="transfer +81336042000\n",
    fix_title="{fix_title}",
    fix=UNSAFE,
)

UNKNOWN_OPTION = Rule(
    code="DA005",
    name="unknown-option",
    severity=ERROR,
    message="unknown option `{option}`{hint}",
    summary="Reports an option other than `--caller` (the only one, and only on `transfer`).",
    why="An unknown option makes Xoxzo reject the transfer; a typo in `--caller` is easy to make and hard to see.",
    bad="transfer +81336042000 --callerid=+819012345678\n",
    good="transfer +81336042000 --caller=+819012345678\n",
    fix_title="Replace with `--caller`",
    fix=UNSAFE,
)

REPEATED_CALLER = Rule(
    code="DA006",
    name="repeated-caller",
    severity=ERROR,
    message="`--caller` is given more than once",
    summary="Reports a `transfer` with two `--caller` options.",
    why="Only one caller id can be shown; which one Xoxzo would take is undocumented.",
    bad="transfer +81336042000 --caller=+819012345678 --caller=+819012345679\n",
    good="transfer +81336042000 --caller=+819012345678\n",
    fix_title="Remove the second `--caller`",
    fix=UNSAFE,
)

DASHBOARD_FORM = Rule(
    code="DA007",
    name="dashboard-colon-form",
    severity=ERROR,
    message="`{keyword}:` is how the dashboard displays an action, not the API syntax",
    summary="Reports the dashboard's display form `say:text` in an action file.",
    why=(
        "The Xoxzo dashboard shows actions as `say:営業時間外です。`. Copied into an action URL it "
        'is not an action: the API wants `say <lang> "<text>"`.'
    ),
    bad="say:営業時間外です。\n",
    good='say ja "営業時間外です。"\n',
    fix_title="Rewrite as `{replacement}`",
    fix=UNSAFE,
)

UNQUOTED_MESSAGE = Rule(
    code="DA008",
    name="unquoted-message",
    severity=ERROR,
    message="the message must be enclosed in double quotes",
    summary="Reports a `say` message without its double quotes.",
    why="Xoxzo's documentation requires the text in quotation marks; without them the words are read as extra arguments.",
    bad="say en Hello there\n",
    good='say en "Hello there"\n',
    fix_title="Enclose the message in double quotes",
    fix=UNSAFE,
)

UNTERMINATED_MESSAGE = Rule(
    code="DA009",
    name="unterminated-message",
    severity=ERROR,
    message='the message has no closing `"`{detail}',
    summary="Reports a message whose closing quote is missing (or is on another line).",
    why="An action is one line; a message cannot span lines, and without its closing quote it is not a message.",
    bad='say en "Hello\n',
    good='say en "Hello"\n',
    fix_title="{fix_title}",
    fix=UNSAFE,
)

QUOTE_IN_MESSAGE = Rule(
    code="DA010",
    name="quote-in-message",
    severity=ERROR,
    message='`"` inside the message ends it: the language has no escape',
    summary="Reports a double quote inside a `say` message.",
    why='There is no escape: the first inner `"` closes the message and the rest of the line becomes junk.',
    bad='say en "Press "1" for sales"\n',
    good='say en "Press 1 for sales"\n',
    fix_title="Replace the inner quotes with `'`",
    fix=UNSAFE,
)

INVALID_UTF8 = Rule(
    code="DA020",
    name="invalid-utf8",
    severity=ERROR,
    message="invalid UTF-8: {detail}",
    summary="Reports bytes that are not UTF-8.",
    why="Xoxzo reads the body as UTF-8; other encodings (Shift_JIS, Latin-1) turn Japanese text into noise or fail the call.",
    bad=b'say ja "\x82\xb1\x82\xf1"\n',
    good='say ja "こんにちは"\n',
)

BYTE_ORDER_MARK = Rule(
    code="DA021",
    name="byte-order-mark",
    severity=WARNING,
    message="the file starts with a byte order mark",
    summary="Reports a UTF-8 byte order mark (U+FEFF) at the start of the file.",
    why="A BOM is invisible in editors but becomes part of the first keyword for a plain-text reader, so `playback` is no longer recognised.",
    bad="\ufeffplayback http://example.com/a.mp3\n",
    good="playback http://example.com/a.mp3\n",
    fix_title="Remove the byte order mark",
    fix=SAFE,
)

FILE_TOO_LARGE = Rule(
    code="DA022",
    name="file-too-large",
    severity=ERROR,
    message="the file has more than {limit:,} bytes (`max-file-size`): an action file is one or two short lines",
    summary="Reports a document larger than `max-file-size` (1 MiB by default), which is not read.",
    why=(
        "Xoxzo runs one or two short lines. A file of megabytes is a mistake (a recording, a log, a "
        "binary linted by accident); reading it whole would cost memory and time for nothing, so it is "
        "reported once and left unread."
    ),
    bad="transfer +81336042000\n" * 4,
    good="transfer +81336042000\n",
    example_settings={"max_file_size": 32},
)

RULES: tuple[Rule, ...] = (
    SYNTAX_ERROR,
    UNKNOWN_ACTION,
    MISSING_ARGUMENT,
    EXTRA_ARGUMENT,
    UNKNOWN_OPTION,
    REPEATED_CALLER,
    DASHBOARD_FORM,
    UNQUOTED_MESSAGE,
    UNTERMINATED_MESSAGE,
    QUOTE_IN_MESSAGE,
    INVALID_UTF8,
    BYTE_ORDER_MARK,
    FILE_TOO_LARGE,
)
