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
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): the action_url "
        '"must return" one of the documented actions "in plain text format"; anything else is not an action.'
    ),
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
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html), lists four: "
        "`playback`, `transfer`, `say` and `voicemail`."
    ),
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
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): `playback` has "
        '"a required parameter" (the mp3 URL), `transfer` "a required parameter of the number", `say` '
        '"two required parameters" (the language code and the text).'
    ),
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
    bad='say en "Hello" now\n',
    good='say en "Hello"\n',
    fix_title="{fix_title}",
    fix=UNSAFE,
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): each action is "
        "shown with exactly these arguments. Whether Xoxzo ignores more is undocumented; this project reports them, "
        "and offers to remove them only where no other reading is plausible."
    ),
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
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): `--caller` is "
        '"an optional argument" of `transfer`, the only option of any action.'
    ),
)

REPEATED_CALLER = Rule(
    code="DA006",
    name="repeated-caller",
    severity=ERROR,
    message="`--caller` is given more than once{detail}",
    summary="Reports a `transfer` with two `--caller` options.",
    why="Only one caller id can be shown; which one Xoxzo would take is undocumented.",
    bad="transfer +81336042000 --caller=+819012345678 --caller=+819012345678\n",
    good="transfer +81336042000 --caller=+819012345678\n",
    fix_title="Remove the second `--caller`",
    fix=UNSAFE,
    source=(
        "Our policy: Xoxzo documents one optional `--caller`; what it does with two is undocumented, so a "
        "second one is an error. The fix removes it only when both name the same number."
    ),
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
    source=(
        "Xoxzo's dashboard shows actions as `say:…`; the API syntax is that of the Dial In Numbers API "
        "documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html)."
    ),
)

UNQUOTED_MESSAGE = Rule(
    code="DA008",
    name="unquoted-message",
    severity=ERROR,
    message="the message must be enclosed in double quotes{detail}",
    summary="Reports a `say` message without its double quotes.",
    why=(
        "Xoxzo's documentation requires the text in quotation marks; without them the words are read as extra "
        "arguments. Only the ASCII double quote `\"` encloses a message: `'…'`, `“…”` and `「…」` are part of the text."
    ),
    bad="say en Hello there\n",
    good='say en "Hello there"\n',
    fix_title="{fix_title}",
    fix=UNSAFE,
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): "
        '"You need to enclose the text with the quotation marks", shown as ASCII double quotes.'
    ),
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
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): the action is "
        '"plain text", one line, and the text is enclosed "with the quotation marks".'
    ),
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
    source=('Our policy: Xoxzo documents no escape inside the quoted text, so a `"` can only end it.'),
)

OPTION_BEFORE_NUMBER = Rule(
    code="DA011",
    name="option-before-number",
    severity=ERROR,
    message="`--caller=` comes after the number to transfer to: `transfer <number> --caller=<number>`",
    summary="Reports a `transfer` whose `--caller` option stands before the number.",
    why=(
        "Xoxzo's only form is `transfer <number> --caller=<number>`. Written the other way round, the first "
        "argument is no number and the transfer fails."
    ),
    bad="transfer --caller=+819012345678 +81336042000\n",
    good="transfer +81336042000 --caller=+819012345678\n",
    fix_title="Move `--caller=` after the number",
    fix=UNSAFE,
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): "
        "`transfer +81807181881 --caller=+8190123456789`."
    ),
)

ACTIONS_ON_ONE_LINE = Rule(
    code="DA012",
    name="actions-on-one-line",
    severity=ERROR,
    message="{count} actions on one line{detail}",
    summary="Reports two or more complete actions written on one line.",
    why=(
        "An action is one line. Two on one line are one broken action: the second keyword and its arguments "
        "are read as extra arguments of the first (a URL with `%20playback%20` in it, say)."
    ),
    bad='say en "Please hold." transfer +81336042000\n',
    good='say en "Please hold."\ntransfer +81336042000\n',
    fix_title="Put each action on its own line",
    fix=UNSAFE,
    example_settings={"max_actions": 2},
    source=(
        "Xoxzo's Dial In Numbers API documentation (https://docs.xoxzo.com/en/din.html): the action_url returns the action "
        '"in plain text format", one line; action URLs made in the dashboard hold up to two actions, one per '
        "line. The fix is offered only where `max-actions` lets every action run."
    ),
)

NUMBER_WITH_SPACES = Rule(
    code="DA013",
    name="number-with-spaces",
    severity=ERROR,
    message="the number is written with spaces: a number is one word, `+` and digits only{detail}",
    summary="Reports a phone number split by spaces (`+81 3 3604 2000`).",
    why=(
        "A space ends an argument: `transfer +81 3 3604 2000` is a transfer to `+81` with three extra "
        "arguments, and the call goes nowhere."
    ),
    bad="transfer +81 3 3604 2000\n",
    good="transfer +81336042000\n",
    fix_title="Write `{number}`",
    fix=UNSAFE,
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): numbers are written "
        "in E.164 (`+81807181881`). The fix joins the digits only when libphonenumber says the whole is a possible "
        "number and its first group alone is not."
    ),
)

INVISIBLE_CHARACTER = Rule(
    code="DA014",
    name="invisible-character",
    severity=ERROR,
    message="invisible character {name} {where}",
    summary=(
        "Reports invisible format characters (a zero-width space, a byte order mark inside the text) in a "
        "keyword, between the words of an action or in a line that does not parse."
    ),
    why=(
        "A zero-width space or a byte order mark pasted into a keyword cannot be seen in an editor, yet it is "
        "part of the word Xoxzo reads: `playback` is no longer `playback`. dinaction reads the line as if the "
        "character were not there, so that the rest of it is checked too. Inside a URL, a number or a language "
        "code the character stays part of the value, and that argument's rule reports it (DA203, DA300, DA400); "
        "inside the message, DA407 does."
    ),
    bad="play\u200bback https://example.com/a.mp3\n",
    good="playback https://example.com/a.mp3\n",
    fix_title="Remove it",
    fix=SAFE,
    source=(
        "Our policy: the characters of Unicode's category Cf (format) have no glyph; Xoxzo documents none of "
        "them as part of the language."
    ),
)

INVALID_UTF8 = Rule(
    code="DA020",
    name="invalid-utf8",
    severity=ERROR,
    message="invalid UTF-8: {detail}",
    summary="Reports bytes that are not UTF-8 in a UTF-8 file (or in a file whose encoding cannot be told).",
    why=(
        "Xoxzo reads the body as UTF-8; a stray byte (a copy from a Latin-1 page, a cut multi-byte character) "
        "turns the text around it into noise or fails the call. A file saved wholly in another encoding is "
        "DA023 instead; one in a Western single-byte encoding (Latin-1, CP1252) cannot be told from a damaged "
        "UTF-8 file, and each of its runs of such bytes is reported here."
    ),
    bad=b'say ja "\xe3\x81\x93\xe3\x82\x93\xff"\n',
    good='say ja "こんにちは"\n',
    source=(
        'Our policy: Xoxzo documents the body as "plain text" and its own examples (Japanese text included) '
        "are UTF-8; the encoding is not otherwise documented."
    ),
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
    source=(
        "Our policy: whether Xoxzo strips a byte order mark is undocumented; every reader that does not "
        "sees it as part of the first keyword."
    ),
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
    source=(
        "Our policy: Xoxzo runs one action (two for dashboard-made URLs); nothing documented needs more than a "
        "few hundred bytes."
    ),
)

NOT_UTF8 = Rule(
    code="DA023",
    name="file-not-utf8",
    severity=ERROR,
    message="the file is {encoding}, not UTF-8: Xoxzo reads UTF-8{detail}",
    summary="Reports a file saved in another encoding than UTF-8 (Shift_JIS, EUC-JP, UTF-16).",
    why=(
        "Xoxzo reads the body as UTF-8: a message saved in Shift_JIS or EUC-JP is read aloud as noise, and a "
        "UTF-16 file is not an action at all. The file's text is checked as it will read once saved as UTF-8."
    ),
    bad='say ja "留守です。"\n'.encode("cp932"),
    good='say ja "留守です。"\n',
    fix_title="Save the file as UTF-8",
    fix=UNSAFE,
    source=(
        "Our policy: Xoxzo documents the body as plain text and its own examples are UTF-8. The encoding is "
        "found by charset-normalizer; the fix re-encodes only when the bytes have one reading."
    ),
)

BINARY_FILE = Rule(
    code="DA024",
    name="binary-file",
    severity=ERROR,
    message="the file is not text ({what}): an action file is a line of UTF-8 text, and nothing in it is checked",
    summary="Reports a file that is not text at all (an mp3 linted by mistake), which is not read.",
    why=(
        "An action URL returns one line of text. A recording or an image served there (or linted by mistake) "
        "is not an action; a finding for every byte of it would say nothing more."
    ),
    bad=b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x64\x00\x00\x00\x00",
    good="playback https://example.com/welcome.mp3\n",
    source='Our policy: the action is "plain text" (Xoxzo\'s Dial In Numbers API documentation, https://docs.xoxzo.com/en/din.html).',
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
    OPTION_BEFORE_NUMBER,
    ACTIONS_ON_ONE_LINE,
    NUMBER_WITH_SPACES,
    INVISIBLE_CHARACTER,
    INVALID_UTF8,
    BYTE_ORDER_MARK,
    FILE_TOO_LARGE,
    NOT_UTF8,
    BINARY_FILE,
)
