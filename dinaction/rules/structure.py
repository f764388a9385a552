"""Rules on the file as a whole: how many actions, and how they are written."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from dinaction.ast import Action, Voicemail
from dinaction.diagnostics import Applicability, Diagnostic, Edit, Severity, Span
from dinaction.rules.base import Check, Context, Rule, span_of

_BLANK_RUN = re.compile(r"[^\S\r\n]+")
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def _no_action(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.actions or any(d.severity is Severity.ERROR for d in ctx.parsed):
        return  # something is there, and the parser has said what is wrong with it
    if ctx.text is not None and ctx.text.replace("\ufeff", "").strip():
        return
    yield NO_ACTION.diagnostic(Span(0, len(ctx.text or "")), field_name="actions")


NO_ACTION = Rule(
    code="DA100",
    name="no-action",
    severity=Severity.ERROR,
    message="the file holds no action: Xoxzo would have nothing to do with the call",
    summary="Reports an empty action file (or one of blank lines only).",
    why="An empty body gives Xoxzo no instruction: the caller hears nothing and the call drops.",
    bad="\n",
    good="playback http://example.com/welcome.mp3\n",
    source=(
        "Xoxzo's Dial In Numbers API documentation (https://docs.xoxzo.com/en/din.html): the action_url "
        '"must return" an action; an empty body returns none.'
    ),
)


def _too_many(ctx: Context) -> Iterator[Diagnostic]:
    limit = ctx.settings.max_actions
    extra = ctx.actions[limit:]
    if not extra:
        return
    first = extra[0].loc
    span = first.span if first is not None else span_of(extra[0], "keyword")
    yield TOO_MANY_ACTIONS.diagnostic(
        span,
        field_name="actions",
        count=len(ctx.actions),
        limit=limit,
        plural="" if limit == 1 else "s",
    )


TOO_MANY_ACTIONS = Rule(
    code="DA101",
    name="too-many-actions",
    severity=Severity.ERROR,
    message="{count} actions, but at most {limit} action{plural} may run: this one and any after it would not (`max-actions`)",
    summary="Reports more actions than Xoxzo runs for one call.",
    why=(
        "The API runs one action per call (dashboard-made action URLs two, one per line). "
        "Extra lines are not run, or make the whole body invalid. Set `max-actions = 2` for "
        "dashboard-style files."
    ),
    bad='say en "Welcome."\ntransfer +81336042000\n',
    good="transfer +81336042000\n",
    source=(
        "Xoxzo's Dial In Numbers API documentation (https://docs.xoxzo.com/en/din.html) shows one action per action_url; "
        "action URLs made in the Xoxzo dashboard (2025) hold up to two, one per line. Our policy: `max-actions` is 1 "
        "unless the file is dashboard-style."
    ),
)


def _keywords(action: Action) -> Iterator[Span]:
    if action.loc is not None:
        yield action.loc.part("keyword")
    if isinstance(action, Voicemail) and action.greeting.loc is not None:
        yield action.greeting.loc.part("keyword")


def _keyword_case(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.text is None:
        return
    for action in ctx.actions:
        for span in _keywords(action):
            written = span.slice(ctx.text)
            if written != written.lower():
                yield KEYWORD_NOT_LOWERCASE.diagnostic(
                    span, edits=[Edit(span, written.lower())], written=written, lower=written.lower()
                )


KEYWORD_NOT_LOWERCASE = Rule(
    code="DA102",
    name="keyword-not-lowercase",
    severity=Severity.WARNING,
    message="write `{written}` in lowercase: `{lower}`",
    summary="Reports action keywords that are not in lowercase.",
    why=(
        "Every example Xoxzo publishes is lowercase and case sensitivity is undocumented: "
        "`Playback` may be rejected by the live service even though it reads the same to a person."
    ),
    bad="Playback http://example.com/a.mp3\n",
    good="playback http://example.com/a.mp3\n",
    fix_title="Lowercase the keyword",
    fix=Applicability.SAFE,
    source=(
        "Our policy: every action in Xoxzo's documentation (https://docs.xoxzo.com/en/din.html) is lowercase, and case "
        "sensitivity is undocumented. Only ASCII letters count: `ſay` is no `say`."
    ),
)


@functools.lru_cache(maxsize=4)  # three checks read the lines of the same text
def _lines(text: str) -> tuple[tuple[int, str, str], ...]:
    """(offset, content, line break) for every line of ``text``."""
    lines = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and not match.group(0):
            break
        lines.append((match.start(), match.group(1), match.group(2)))
    return tuple(lines)


#: a line the parser skips: blanks of any kind (a full-width U+3000 too) and byte order marks
_BLANK = re.compile(r"[\s\ufeff]*")


def _blank_lines(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.text is None or not ctx.actions:
        return
    text = ctx.text
    for offset, content, newline in _lines(text):
        if not _BLANK.fullmatch(content):
            continue
        if content.strip(" \t") == "\ufeff":
            continue
        end = offset + len(content) + len(newline)
        yield BLANK_LINE.diagnostic(Span(offset, end), edits=[Edit(Span(offset, end), "")])


BLANK_LINE = Rule(
    code="DA103",
    name="blank-line",
    severity=Severity.WARNING,
    message="blank line",
    summary="Reports blank lines before, between or after actions.",
    why=(
        "Xoxzo expects the action on one line of plain text; how it treats an empty first line "
        "is undocumented, and a blank line between dashboard actions may end the list early."
    ),
    bad="\nplayback http://example.com/a.mp3\n",
    good="playback http://example.com/a.mp3\n",
    fix_title="Remove the blank line",
    fix=Applicability.SAFE,
    source=(
        'Our policy: Xoxzo\'s blog (*How to use DIN*, https://blog.xoxzo.com/) wants the action "in one line plain text"; '
        "what it does with "
        "blank lines is undocumented."
    ),
)


#: a blank other than the ASCII space (a tab, U+3000…): one character class, scanned fast
_ODD_BLANK = re.compile(r"[^\S \r\n]")


def _maybe_stray(text: str) -> bool:
    """Whether ``text`` has a blank that may be stray: not a space, first or last on a line, or doubled.

    Most text has none, and saying so takes a few substring searches instead of
    the walk over every line and every run of blanks.
    """
    if _ODD_BLANK.search(text) is not None:
        return True
    # every blank is a space from here on
    return (
        "  " in text
        or " \n" in text
        or " \r" in text
        or "\n " in text
        or "\r " in text
        or text.startswith(" ")
        or text.endswith(" ")
    )


def _stray_whitespace(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.text is None or not _maybe_stray(ctx.text):
        return
    # the blanks around a `--caller` option's `=` are the option's form (DA106), not stray
    options = [n.loc.parts["caller_option"] for n in ctx.transfers() if n.loc and "caller_option" in n.loc.parts]
    yield from _stray_runs(ctx.text, options)


def _stray_runs(text: str, options: Sequence[Span] = ()) -> Iterator[Diagnostic]:
    for offset, content, _ in _lines(text):
        if not content.strip():
            continue
        for match in _BLANK_RUN.finditer(content):
            start, end = offset + match.start(), offset + match.end()
            if content.count('"', 0, match.start()) % 2:
                continue  # inside the quotes, the text is the user's
            if any(o.start <= start and end <= o.end for o in options):
                continue
            run = match.group()
            leading = match.start() == 0
            trailing = match.end() == len(content)
            if leading or trailing:
                what = "leading whitespace before the action" if leading else "trailing whitespace"
                yield STRAY_WHITESPACE.diagnostic(
                    Span(start, end), edits=[Edit(Span(start, end), "")], what=what, fix_title="Remove it"
                )
            elif run != " ":
                yield STRAY_WHITESPACE.diagnostic(
                    Span(start, end),
                    edits=[Edit(Span(start, end), " ")],
                    what=f"{_describe(run)}: separate arguments with one space",
                    fix_title="Use one space",
                )


def _describe(run: str) -> str:
    if set(run) == {" "}:
        return f"{len(run)} spaces between arguments"
    odd = next(c for c in run if c != " ")
    names = {"\t": "a tab", "\u3000": "an ideographic space (U+3000)", "\xa0": "a no-break space (U+00A0)"}
    return f"{names.get(odd, f'U+{ord(odd):04X}')} between arguments"


STRAY_WHITESPACE = Rule(
    code="DA104",
    name="stray-whitespace",
    severity=Severity.WARNING,
    message="{what}",
    summary="Reports leading and trailing whitespace, tabs, runs of spaces and non-ASCII spaces.",
    why=(
        "Xoxzo's tolerance for extra blanks is undocumented: a reader that splits on single spaces "
        "sees an empty argument. A full-width space (U+3000), easy to type with a Japanese input "
        "method, looks like a space and is not one."
    ),
    bad="transfer  +81336042000 \n",
    good="transfer +81336042000\n",
    fix_title="{fix_title}",
    fix=Applicability.SAFE,
    source=(
        "Our policy: Xoxzo's examples separate arguments with one space; its tolerance for other blanks is "
        "undocumented."
    ),
)


def _line_endings(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.text is None or "\r" not in ctx.text:
        return
    for offset, content, newline in _lines(ctx.text):
        if newline in ("\r\n", "\r"):
            at = offset + len(content)
            yield LINE_ENDING.diagnostic(
                Span(at, at + len(newline)),
                edits=[Edit(Span(at, at + len(newline)), "\n")],
                ending="CRLF" if newline == "\r\n" else "CR",
            )


LINE_ENDING = Rule(
    code="DA105",
    name="non-lf-line-ending",
    severity=Severity.WARNING,
    message="{ending} line ending: use LF",
    summary="Reports CRLF and CR line endings.",
    why=(
        "A server that splits the body on `\\n` keeps the `\\r`: it ends up at the end of the URL "
        "or number (`+81336042000\\r`), which is then not valid."
    ),
    bad="transfer +81336042000\r\n",
    good="transfer +81336042000\n",
    fix_title="Use LF",
    fix=Applicability.SAFE,
    source=("Our policy: the line ending Xoxzo splits on is undocumented; LF is what every reader takes."),
)


def _caller_form(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.text is None:
        return
    for node in ctx.transfers():
        if node.loc is None or "caller_option" not in node.loc.parts:
            continue
        span = node.loc.parts["caller_option"]
        written = span.slice(ctx.text)
        if written == CALLER:
            continue
        caller = span_of(node, "caller")
        yield CALLER_OPTION_FORM.diagnostic(
            span,
            edits=[Edit(span, CALLER)],
            field_name="caller",
            written=_visible(Span(span.start, caller.end).slice(ctx.text)),
            caller=node.caller,
        )


#: the option as Xoxzo documents it, right before its number
CALLER = "--caller="

CALLER_OPTION_FORM = Rule(
    code="DA106",
    name="caller-option-form",
    severity=Severity.WARNING,
    message="write the option as Xoxzo documents it: `--caller={caller}`, not `{written}`",
    summary="Reports a `--caller` option written another way than `--caller=` right before its number.",
    why=(
        "Xoxzo documents one form, `--caller=+8190…`. dinaction also reads `--caller +8190…`, `--caller = +8190…` "
        "and `--CALLER=+8190…` as that option, but whether Xoxzo does is undocumented: a reader that looks for "
        "`--caller=` takes the number for an extra argument, and the transfer fails or loses its caller id."
    ),
    bad="transfer +81336042000 --caller +819012345678\n",
    good="transfer +81336042000 --caller=+819012345678\n",
    fix_title="Write `--caller=`",
    fix=Applicability.SAFE,
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): "
        "`transfer +81807181881 --caller=+8190123456789` is the only form shown. Our policy: the other spellings "
        "mean the same option, so the fix (to the documented one) is safe."
    ),
)


def _message_spacing(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.text is None:
        return
    for say in ctx.says():
        if say.loc is None or "lang" not in say.loc.parts:
            continue
        lang, message = say.loc.parts["lang"], say.loc.part("message")
        if lang.end == message.start:
            yield MESSAGE_NOT_SEPARATED.diagnostic(
                Span(lang.start, message.start + 1),
                edits=[Edit(Span(lang.end, lang.end), " ")],
                field_name="message",
                lang=lang.slice(ctx.text),
            )


MESSAGE_NOT_SEPARATED = Rule(
    code="DA107",
    name="missing-space-before-message",
    severity=Severity.WARNING,
    message='no space between the language code and the message: `{lang} "…"`',
    summary='Reports a message glued to its language code (`say en"Hello"`).',
    why=(
        'Xoxzo documents `say <lang> "<text>"`, its two arguments separated by a space. `en"Hello"` reads as one '
        "word to a reader that splits on spaces: a language code that is no language, and no message."
    ),
    bad='say en"Hello"\n',
    good='say en "Hello"\n',
    fix_title="Insert a space",
    fix=Applicability.SAFE,
    source=(
        "Xoxzo's Dial In Numbers API documentation, *Available Actions* (https://docs.xoxzo.com/en/din.html): "
        '`say en "Hello, how are you?"`. Our policy: the space changes nothing dinaction reads, so the fix is safe.'
    ),
)


def _visible(text: str) -> str:
    """``text`` with its blanks shown, for a message about them."""
    return "".join(c if c.isprintable() and c != "\u3000" else ascii(c)[1:-1] for c in text)


#: the rules about the actions a file holds, not about any one of them
SCRIPT_RULES: tuple[Rule, ...] = (NO_ACTION, TOO_MANY_ACTIONS)

RULES: tuple[Rule, ...] = (
    NO_ACTION,
    TOO_MANY_ACTIONS,
    KEYWORD_NOT_LOWERCASE,
    BLANK_LINE,
    STRAY_WHITESPACE,
    LINE_ENDING,
    CALLER_OPTION_FORM,
    MESSAGE_NOT_SEPARATED,
)

#: each check, and the rules it reports
CHECKS: tuple[Check, ...] = (
    Check(_no_action, reports=(NO_ACTION,)),
    Check(_too_many, reports=(TOO_MANY_ACTIONS,)),
    Check(_keyword_case, reports=(KEYWORD_NOT_LOWERCASE,)),
    Check(_blank_lines, reports=(BLANK_LINE,)),
    Check(_stray_whitespace, reports=(STRAY_WHITESPACE,)),
    Check(_line_endings, reports=(LINE_ENDING,)),
    Check(_caller_form, reports=(CALLER_OPTION_FORM,)),
    Check(_message_spacing, reports=(MESSAGE_NOT_SEPARATED,)),
)
