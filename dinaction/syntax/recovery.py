"""Turning a parse failure on one line into the diagnostic a person needs.

The grammar says *that* a line is wrong and where; this module says *what* was
meant. What the parser would have taken at the failure comes from its own
tables (:meth:`~dinaction.syntax.lalr.Parser.expected`); this module keeps only
the words for it, and looks at what stands at the failure to pick the rule
whose message and fix fit: `tranfer` → `transfer`, `--callerid=` →
`--caller=`, an unquoted or unterminated message, two actions on one line.

A fix is offered only where one reading of the line is plausible: it must
never turn a typo into another action that looks valid. Two numbers, two URLs
or two messages (which one was meant?), an option no action has, a URL with a
space in it: each is named, and left to a person.
"""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType

from dinaction.diagnostics import Diagnostic, Edit, Span
from dinaction.facts.languages import COMMON, language_facts, likely_voice
from dinaction.facts.numbers import digits, looks_like_number, possibility
from dinaction.rules import syntax as rules
from dinaction.syntax.grammar import line_parser
from dinaction.syntax.lalr import END, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

__all__ = [
    "GREETINGS",
    "KEYWORDS",
    "WANTED",
    "actions_on_one_line",
    "classify",
    "expected_after",
    "split_line",
    "split_points",
]

_DASHBOARD = re.compile(r"^(\s*)(?:voicemail\s+)?(say|playback|transfer)\s*[:：]\s*", re.IGNORECASE)
_CALLER_OPTION = re.compile(r"--caller\s*=?\s*([^\s\"]*)", re.IGNORECASE)
_DASHES = ("-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uff0d", "\u30fc")
_WORD = re.compile(r"\S+")
#: a group of digits after the first of a number written with spaces (`3`, `3604`, `(3)`, `3604-2000`)
_DIGIT_GROUP = re.compile(r"[(]?[0-9][0-9().\-/]*")
#: the quotes people enclose text in, by opening quote, with their closing one (the ASCII `"` is the language's)
#: (the full-width `＂` is what a Japanese input method types for `"`)
_QUOTES = MappingProxyType(
    {"'": "'", "\u2018": "\u2019", "\u201c": "\u201d", "「": "」", "『": "』", "＂": "＂", '"': '"'}
)
#: the double quotes one may be typed for another
_DOUBLE = frozenset('"\u201c\u201d＂')
#: what a closing `"` is mistyped as: the same key without shift (`'`, or a curly `’`, on a US keyboard, `2` on a
#: Japanese one),
#: its neighbours (`;`, `:`, `1`, `3`), the US layout's `@` where a Japanese one has `"`, a backquote, a double
#: prime; a message that ends in one of them may have lost its closing quote to it
_QUOTE_SLIPS = frozenset("'\u2018\u2019`;:@123\u2033")
#: a whole line that is one message in double quotes
_ONE_MESSAGE = re.compile(r'"[^"]*"')
_SHOWN = 40
#: the most digits a number has (E.164)
_E164_DIGITS = 15

#: what the parser wants, named after the rule it stands in and the symbol it wants there
#: (``$root_line`` is lark's rule above ``line``); a test holds every place of the tables to a name
_NAMES = MappingProxyType(
    {
        ("$root_line", "line"): "action",
        ("voicemail", "playback"): "greeting",
        ("voicemail", "say"): "greeting",
        ("playback", "url"): "url",
        ("transfer", "number"): "number",
        ("transfer", "caller"): "option",
        ("caller", "EQUAL"): "caller",
        ("caller", "number"): "caller",
        ("say", "lang"): "lang",
        ("say", "message"): "message",
    }
)

#: the words for each name :func:`expected_after` gives
WANTED = MappingProxyType(
    {
        "action": "an action (`playback`, `transfer`, `say` or `voicemail`)",
        "greeting": '`playback <url>` or `say <lang> "<text>"`',
        "url": "the URL of an mp3 file",
        "number": "the number to transfer to (`+` and the country code, e.g. `+81336042000`)",
        "caller": "the caller id number after `--caller=`",
        "lang": 'a language code and a quoted message (e.g. `en "Hello"`)',
        "message": "the message in double quotes",
        "option-or-end": "the end of the line or `--caller=`",
        "end": "the end of the line",
        "nothing": "nothing: no line begins so",
    }
)

#: what a quoted argument is, for "write … without quotes"
_UNQUOTED = MappingProxyType({"url": "the URL", "number": "the number", "caller": "the caller id number"})


def expected_after(words: list[str]) -> str:
    """What the grammar expects after ``words`` (the words a line begins with), named as in ``WANTED``.

    ``"action"``, ``"greeting"``, ``"url"``, ``"number"``, ``"caller"``, ``"lang"``,
    ``"message"``, ``"option-or-end"`` or ``"end"``; ``"nothing"`` when no line begins so.
    """
    return _expected(" ".join(words))


def _expected(prefix: str) -> str:
    try:
        found = line_parser().expected(prefix)
    except UnexpectedInput:
        return "nothing"
    names = sorted({_NAMES.get(place, place[1]) for place in found.places})
    if END in found.terminals:
        names.append("end")
    return "-or-".join(names)


def _keywords_after(prefix: str) -> tuple[str, ...]:
    """The keywords that may come after ``prefix``, in the grammar's order (a keyword's terminal is its word)."""
    parser = line_parser()
    found = parser.expected(prefix)
    return tuple(t.lower() for t in parser.terminals if t in found.terminals)


#: the words a line may begin with, and those that may follow `voicemail`
KEYWORDS = _keywords_after("")
GREETINGS = _keywords_after("voicemail")


def classify(line: str, exc: UnexpectedInput) -> Diagnostic:
    """The one diagnostic for a line the parser could not read (spans relative to the line)."""
    dashboard = _DASHBOARD.match(line)
    if dashboard:
        return _dashboard_form(line, dashboard)
    pos = _error_pos(line, exc)
    want = _expected(line[:pos])
    if pos >= len(line.rstrip()):
        return _missing(line, pos, want)
    word = _word_at(line, pos)
    return _unexpected(line, pos, word, want)


def _error_pos(line: str, exc: UnexpectedInput) -> int:
    if isinstance(exc, UnexpectedToken) and exc.token.type == END:
        return len(line)
    if isinstance(exc, UnexpectedCharacters):
        return int(exc.pos_in_stream or 0)
    if isinstance(exc, UnexpectedToken) and exc.token.start_pos is not None:
        return int(exc.token.start_pos)
    return len(line)  # pragma: no cover - lark always gives one of the above


def _word_at(line: str, pos: int) -> str:
    if line.startswith('"', pos):
        end = line.find('"', pos + 1)
        return line[pos : end + 1] if end >= 0 else line[pos:].rstrip()
    match = _WORD.match(line, pos)
    return match.group() if match else line[pos : pos + 1]


def _short(text: str) -> str:
    """``text`` fit for a one-line message: cut, and invisible characters escaped."""
    text = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _closest(word: str, choices: tuple[str, ...], cutoff: float = 0.6) -> str | None:
    """The choice ``word`` is closest to, its compatibility forms folded (`ｓａｙ` and `ſay` are `say`)."""
    import difflib  # only for a misspelt word: not on every start-up

    folded = unicodedata.normalize("NFKC", word[:_SHOWN]).lower()
    matches = difflib.get_close_matches(folded, choices, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _previous_word(line: str, pos: int) -> Span:
    """The span of the last word before ``pos`` (what a missing argument follows)."""
    matches = list(_WORD.finditer(line, 0, pos))
    if not matches:
        return Span(pos, pos)
    return Span(matches[-1].start(), matches[-1].end())


def _cut_before(line: str, pos: int) -> int:
    """Where the blanks before ``pos`` begin: removing text from there leaves no trailing blank."""
    return len(line[:pos].rstrip())


def _dashboard_form(line: str, match: re.Match[str]) -> Diagnostic:
    keyword = match.group(2).lower()
    rest = line[match.end() :].rstrip()
    voicemail = "voicemail " if match.group(0).lower().lstrip().startswith("voicemail") else ""
    span = Span(match.start(2), match.end())
    if keyword == "say":
        replacement = f'{voicemail}say {likely_voice(rest)} "{rest}"'
        fixable = bool(rest) and '"' not in rest
    else:
        replacement = f"{voicemail}{keyword} {rest}"
        fixable = bool(rest) and " " not in rest
    edits = [Edit(Span(len(match.group(1)), len(line.rstrip())), replacement)] if fixable else []
    return rules.DASHBOARD_FORM.diagnostic(span, edits=edits, keyword=keyword, replacement=_short(replacement))


def _missing(line: str, pos: int, want: str) -> Diagnostic:
    stripped = len(line.rstrip())
    span = _previous_word(line, stripped)
    action = _action_name(line)
    if want == "action":  # pragma: no cover - blank lines are never parsed
        return rules.SYNTAX_ERROR.diagnostic(span, detail="empty line")
    if want in ("option-or-end", "end"):  # pragma: no cover - a complete line parses
        return rules.SYNTAX_ERROR.diagnostic(span, detail="incomplete line")
    return rules.MISSING_ARGUMENT.diagnostic(span, action=action, what=WANTED[want], insert="")


def _action_name(line: str) -> str:
    words = line.split()
    if not words:
        return "action"
    if words[0].lower() == "voicemail" and len(words) > 1:
        return f"voicemail {words[1].lower()}"
    return words[0].lower()


def _unexpected(line: str, pos: int, word: str, want: str) -> Diagnostic:
    span = Span(pos, pos + len(word))
    if want == "action":
        return _not_an_action(line, span, word)
    if want == "greeting":
        respaced = _respaced(line, pos, GREETINGS)
        if respaced is not None:
            return respaced
        suggestion = _closest(word, GREETINGS)
        if suggestion and suggestion != word.lower():
            return _unknown_action(span, word, suggestion)
        return rules.SYNTAX_ERROR.diagnostic(
            span, detail=f"`voicemail` is followed by {WANTED['greeting']}, not `{_short(word)}`", fix_title=""
        )
    if want == "lang" and word.startswith('"'):
        lang = likely_voice(word)
        return rules.MISSING_ARGUMENT.diagnostic(
            _previous_word(line, pos),
            edits=[Edit(Span(pos, pos), f"{lang} ")] if _has_letters(word) else [],
            action=_action_name(line),
            what="a language code before the message",
            insert=f"{lang} ",
        )
    if want == "message":
        return _not_a_message(line, pos, word)
    if want == "number" and word.lower().startswith("--caller"):
        return _option_before_number(line, pos)
    if want in ("option-or-end", "end"):
        return _extra(line, pos, word)
    if word.startswith('"') and word.endswith('"') and len(word) > 1 and want in _UNQUOTED:
        inner = word[1:-1]
        written = f"--caller={inner}" if want == "caller" else inner
        return rules.SYNTAX_ERROR.diagnostic(
            span,
            edits=[Edit(span, inner)],
            detail=f"write {_UNQUOTED[want]} without quotes: `{_short(written)}`",
            fix_title="Remove the quotes",
        )
    if want == "caller" and word.startswith("="):
        extra = len(word) - len(word.lstrip("="))
        return rules.SYNTAX_ERROR.diagnostic(
            Span(pos, pos + extra),
            edits=[Edit(Span(pos, pos + extra), "")],
            detail="one `=` joins `--caller` and its number: `--caller=+81…`",
            fix_title="Remove the extra `=`",
        )
    return rules.SYNTAX_ERROR.diagnostic(
        span, detail=f"unexpected `{_short(word)}`: expected {WANTED[want]}", fix_title=""
    )


def _not_a_message(line: str, pos: int, word: str) -> Diagnostic:
    """What stands where the quoted message goes: unterminated, in other quotes, or not quoted at all."""
    end = len(line.rstrip())
    rest = line[pos:end]
    opening, closing = rest[:1], rest[-1:]
    # `'…'`, `“…”`, `「…」`; or double quotes of two kinds, `“…"`, `"…”`, `"…“` (an editor's or an input
    # method's quote for one of them); not `"…'` (an apostrophe ends many an English word) nor `"…」`
    # (a Japanese quotation ends many a message)
    quoted = opening in _QUOTES and (_QUOTES[opening] == closing or (opening in _DOUBLE and closing in _DOUBLE))
    if quoted and len(rest) > 1 and '"' not in rest[1:-1]:
        return rules.UNQUOTED_MESSAGE.diagnostic(
            Span(pos, end),
            edits=[Edit(Span(pos, end), f'"{rest[1:-1]}"')],
            detail=f", not `{opening}…{closing}`",
            fix_title=f'Replace `{opening}…{closing}` with `"…"`',
        )
    if (word.startswith('"') and not word.endswith('"')) or word == '"':
        # `"Don'` or `"ab2` ends in an apostrophe or a digit, or in a quote mistyped as one: which? no fix
        edits = [] if rest[-1] in _QUOTE_SLIPS else [Edit(Span(end, end), '"')]
        return rules.UNTERMINATED_MESSAGE.diagnostic(
            Span(pos, end), edits=edits, detail="", fix_title='Add the closing `"`'
        )
    edits = [Edit(Span(pos, end), f'"{rest}"')] if '"' not in rest else []
    return rules.UNQUOTED_MESSAGE.diagnostic(
        Span(pos, end), edits=edits, detail="", fix_title="Enclose the message in double quotes"
    )


def _option_before_number(line: str, pos: int) -> Diagnostic:
    """`transfer --caller=X N`: the option stands where the number goes."""
    option = _CALLER_OPTION.match(line, pos)
    assert option is not None  # the word at ``pos`` starts with `--caller`
    end = len(line.rstrip())
    rest = line[option.end() : end].strip()
    caller = option.group(1).lstrip("=")
    if not rest or not caller:
        return rules.MISSING_ARGUMENT.diagnostic(
            _previous_word(line, pos), action="transfer", what="the number to transfer to before `--caller`", insert=""
        )
    edits = [Edit(Span(pos, end), f"{rest} --caller={caller}")] if _WORD.fullmatch(rest) else []
    return rules.OPTION_BEFORE_NUMBER.diagnostic(Span(pos, option.end()), edits=edits)


def _is_caller(word: str) -> bool:
    name = word.split("=", 1)[0]
    return name.lower() == "--caller"


def _not_an_action(line: str, span: Span, word: str) -> Diagnostic:
    respaced = _respaced(line, span.start, KEYWORDS)
    if respaced is not None:
        return respaced
    lowered = word.lower()
    for keyword in KEYWORDS:
        if lowered.startswith(keyword) and len(word) > len(keyword) and not word[len(keyword)].isalpha():
            at = span.start + len(keyword)
            return rules.SYNTAX_ERROR.diagnostic(
                span,
                edits=[Edit(Span(at, at), " ")],
                detail=f"`{keyword}` must be followed by a space",
                fix_title=f"Insert a space after `{keyword}`",
            )
    insert = None
    if word.startswith('"'):
        if not _ONE_MESSAGE.fullmatch(line.strip()):
            return _stray_quote(line, span)
        if not _has_letters(line):
            return rules.SYNTAX_ERROR.diagnostic(
                span, detail=f"a line starts with an action; `{_short(word)}` has none before it", fix_title=""
            )
        insert = f"say {likely_voice(line)} "
    elif looks_like_number(word):
        insert = "transfer "
    elif lowered.startswith(("http://", "https://")):
        insert = "playback "
    if insert is not None:
        return rules.SYNTAX_ERROR.diagnostic(
            span,
            edits=[Edit(Span(span.start, span.start), insert)],
            detail=f"a line starts with an action; `{_short(word)}` has none before it",
            fix_title=f"Insert `{insert.strip()}`",
        )
    suggestion = _closest(word, KEYWORDS)
    return _unknown_action(span, word, suggestion)


def _respaced(line: str, start: int, keywords: tuple[str, ...]) -> Diagnostic | None:
    """A keyword whose space is missing, moved by a letter or typed inside it: `sayen`, `sa yen`, `sa y en`.

    Offered only when the line so spaced is an action whose first argument is
    what its keyword takes (a language code, a URL, a number, a greeting):
    `sayonara "…"` is no `say onara`, and `saye n` is `say en`, not `say n`.
    """
    first = _WORD.match(line, start)
    if first is None:  # pragma: no cover - the parser stopped at a word
        return None
    second = _WORD.search(line, first.end())
    joined = [(first.group(), first.end())]
    if second is not None and line[first.end() : second.start()].isspace():
        joined.append((first.group() + second.group(), second.end()))
    for index, (word, end) in enumerate(joined):
        for keyword in keywords:
            if not word.lower().startswith(keyword) or (index == 0 and len(word) == len(keyword)):
                continue
            head, tail = word[: len(keyword)], word[len(keyword) :]
            written = f"{head} {tail}" if tail else head
            respaced = line[:start] + written + line[end:]
            argument = _WORD.search(respaced, start + len(head))
            if argument is None or not _takes(keyword, argument.group()) or not _parses(respaced):
                continue
            span = Span(start, first.end())
            if index == 0:
                at = start + len(keyword)
                return rules.SYNTAX_ERROR.diagnostic(
                    span,
                    edits=[Edit(Span(at, at), " ")],
                    detail=f"`{keyword}` must be followed by a space",
                    fix_title=f"Insert a space after `{keyword}`",
                )
            return rules.UNKNOWN_ACTION.diagnostic(
                span,
                edits=[Edit(Span(start, end), written)],
                word=_short(first.group()),
                hint=f"; did you mean `{_short(written)}`?",
                suggestion=_short(written),
            )
    return None


def _takes(keyword: str, word: str) -> bool:
    """Whether ``word`` is what ``keyword`` takes first: a language code, a URL, a number, a greeting."""
    word = word.split('"', 1)[0]
    if keyword == "say":  # a language Xoxzo's voices are documented with: `sayy en` is no `say yen`
        return bool(word) and language_facts(word).language in COMMON
    if keyword == "playback":
        return word.lower().startswith(("http://", "https://"))
    if keyword == "transfer":
        return looks_like_number(word)
    return word.lower() in GREETINGS


def _parses(line: str) -> bool:
    try:
        line_parser().parse(line)
    except UnexpectedInput:
        return False
    return True


def _stray_quote(line: str, span: Span) -> Diagnostic:
    """A line that begins with a `"` and is more than one message: without the quote, is it an action?"""
    rest = line[span.start + 1 :]
    try:
        line_parser().parse(rest)
    except UnexpectedInput:
        edits = []
    else:
        edits = [Edit(Span(span.start, span.start + 1), "")]
    return rules.SYNTAX_ERROR.diagnostic(
        Span(span.start, span.start + 1),
        edits=edits,
        detail='a line starts with an action, not with `"`',
        fix_title='Remove the `"`',
    )


def _has_letters(text: str) -> bool:
    """Whether ``text`` has letters, from which the voice it is for can be told (digits alone cannot)."""
    return any(c.isalpha() for c in text)


def _unknown_action(span: Span, word: str, suggestion: str | None) -> Diagnostic:
    if suggestion is None:
        return rules.UNKNOWN_ACTION.diagnostic(
            span,
            word=_short(word),
            hint=": the actions are `playback`, `transfer`, `say` and `voicemail`",
            suggestion="",
        )
    return rules.UNKNOWN_ACTION.diagnostic(
        span,
        edits=[Edit(span, suggestion)],
        word=_short(word),
        hint=f"; did you mean `{suggestion}`?",
        suggestion=suggestion,
    )


def _unknown_option(span: Span, word: str) -> Diagnostic:
    name = word.split("=", 1)[0]
    stripped = name.lstrip("".join(_DASHES))
    suggestion = "--caller" if _closest(stripped, ("caller",), cutoff=0.5) else None
    if suggestion is None:
        return rules.UNKNOWN_OPTION.diagnostic(
            Span(span.start, span.start + len(name)),
            option=_short(name),
            hint=": `transfer` has only `--caller=`",
        )
    name_span = Span(span.start, span.start + len(name))
    return rules.UNKNOWN_OPTION.diagnostic(
        name_span,
        edits=[Edit(name_span, suggestion)],
        option=_short(name),
        hint="; did you mean `--caller`?",
    )


# --- text after a complete action --------------------------------------------------------------


def _extra(line: str, pos: int, word: str) -> Diagnostic:
    """Text after a complete action: another action, an option, a second argument, or junk."""
    end = len(line.rstrip())
    action = _action_name(line)
    rest = line[pos:end]
    starts = split_points(line, pos)
    if starts is not None:
        return actions_on_one_line(line, starts, None)
    if _is_caller(word):
        if action == "transfer":
            return _repeated_caller(line, pos)
        name = word.split("=", 1)[0]
        return rules.UNKNOWN_OPTION.diagnostic(
            Span(pos, pos + len(name)), option=_short(name), hint=f" for `{action}`: only `transfer` takes `--caller=`"
        )
    if word.startswith(_DASHES) and action == "transfer":
        return _unknown_option(Span(pos, pos + len(word)), word)
    if word.startswith(_DASHES):
        return _extra_argument(line, pos, f"`{action}` takes no option", remove=False)
    if action.endswith("say"):
        return _after_message(line, pos)
    if action == "transfer":
        return _after_number(line, pos, word)
    if action.endswith("playback"):
        url = line[_previous_word(line, pos).start : pos].strip()
        if word.lower().startswith(("http://", "https://")) or "://" in word:
            if rest == url:
                return _extra_argument(line, pos, f"the URL is written twice; `{action}` takes one", remove=True)
            return _extra_argument(line, pos, f"`{action}` takes one URL: which one was meant?", remove=False)
        if not url.lower().endswith(".mp3"):
            return _extra_argument(
                line, pos, "a URL cannot contain spaces: if the file name has one, write it as `%20`", remove=False
            )
    return _extra_argument(line, pos, _TAKES.get(action, "the action is complete"), remove=True)


_TAKES = MappingProxyType(
    {
        "playback": "`playback` takes one URL",
        "voicemail playback": "`voicemail playback` takes one URL",
        "transfer": "`transfer` takes one number and an optional `--caller=`",
        "say": "`say` takes a language code and one quoted message",
        "voicemail say": "`voicemail say` takes a language code and one quoted message",
    }
)


def _extra_argument(line: str, pos: int, detail: str, *, remove: bool) -> Diagnostic:
    """DA004 for the text from ``pos`` to the end of the line; its removal is the fix when ``remove``."""
    end = len(line.rstrip())
    edits = [Edit(Span(_cut_before(line, pos), end), "")] if remove else []
    return rules.EXTRA_ARGUMENT.diagnostic(
        Span(pos, end), edits=edits, text=_short(line[pos:end]), detail=detail, fix_title="Remove the extra text"
    )


def split_line(line: str) -> list[int] | None:
    """Where each action after the first begins, when ``line`` is two or more complete actions; else None."""
    try:
        line_parser().parse(line)
    except UnexpectedInput as exc:
        pos = _error_pos(line, exc)
        if pos < len(line.rstrip()) and _expected(line[:pos]) in ("option-or-end", "end"):
            return split_points(line, pos)
    return None


def split_points(line: str, pos: int) -> list[int] | None:
    """Where each action after the first begins, when the line from ``pos`` on is nothing but complete actions.

    ``line[:pos]`` is a complete action (the parser stopped after it). None when
    the rest is not a keyword and its arguments, each action complete.
    """
    starts: list[int] = []
    at = pos
    while True:
        if _word_at(line, at).lower() not in KEYWORDS:
            return None
        starts.append(at)
        rest = line[at:]
        try:
            line_parser().parse(rest)
        except UnexpectedInput as exc:
            stop = _error_pos(rest, exc)
            if stop >= len(rest.rstrip()) or _expected(rest[:stop]) not in ("option-or-end", "end"):
                return None
            at += stop
            continue
        return starts


def actions_on_one_line(line: str, starts: list[int], max_actions: int | None) -> Diagnostic:
    """DA012 for a line of several complete actions beginning at ``starts`` (after the first).

    The fix puts each on its own line; ``max_actions`` is the limit when the
    file would then hold more actions than may run (no fix), None when it would not.
    """
    count = len(starts) + 1
    span = Span(len(line) - len(line.lstrip()), len(line.rstrip()))
    if max_actions is not None:
        plural = "" if max_actions == 1 else "s"
        detail = f": each action is a line of its own, and at most {max_actions} action{plural} may run (`max-actions`)"
        return rules.ACTIONS_ON_ONE_LINE.diagnostic(span, count=count, detail=detail)
    edits = [Edit(Span(_cut_before(line, start), start), "\n") for start in starts]
    return rules.ACTIONS_ON_ONE_LINE.diagnostic(
        span, edits=edits, count=count, detail=": each action is a line of its own"
    )


def _repeated_caller(line: str, pos: int) -> Diagnostic:
    """A second `--caller`: removed only when it names the very number of the first."""
    second = _CALLER_OPTION.match(line, pos)
    assert second is not None  # the word at ``pos`` is `--caller`
    first = _CALLER_OPTION.search(line, 0, pos)
    same = first is not None and first.group(1).lstrip("=") == second.group(1).lstrip("=")
    edits = [Edit(Span(_cut_before(line, pos), second.end()), "")] if same else []
    detail = "" if same else ": which one was meant?"
    return rules.REPEATED_CALLER.diagnostic(Span(pos, second.end()), edits=edits, detail=detail)


def _after_message(line: str, pos: int) -> Diagnostic:
    """After a `say` message: more messages, a quote inside the message, or junk."""
    end = len(line.rstrip())
    rest = line[pos:end]
    message = line[line.find('"') : pos].rstrip()
    if re.fullmatch(r'"[^"]*"(?:\s+"[^"]*")*', rest):
        count = rest.count('"') // 2 + 1
        if all(m == message for m in re.findall(r'"[^"]*"', rest)):
            return _extra_argument(line, pos, f"the message is written {count} times; `say` reads one", remove=True)
        return _extra_argument(
            line,
            pos,
            f"{count} messages, and `say` reads one: which was meant? (one pair of quotes holds the whole text)",
            remove=False,
        )
    if '"' in rest:
        return _quote_in_message(line)
    if line[pos - 1] == '"':  # `"Hello"now`: was the quote meant after `now`? no fix
        return _extra_argument(line, pos, 'the message ended at the `"` before it', remove=False)
    return _extra_argument(line, pos, _TAKES[_action_name(line)], remove=True)


def _after_number(line: str, pos: int, word: str) -> Diagnostic:
    """After a complete `transfer`: the rest of a number written with spaces, a second number, or junk."""
    spaced = _spaced_number(line, pos)
    if spaced is not None:
        return spaced
    previous = line[_previous_word(line, pos).start : pos].strip()
    written = _CALLER_OPTION.fullmatch(previous)
    before = written.group(1).lstrip("=") if written else previous
    if looks_like_number(word) and word == before and _WORD.fullmatch(line[pos:].strip()):
        return _extra_argument(line, pos, "the number is written twice; `transfer` takes one", remove=True)
    if looks_like_number(word):
        return _extra_argument(
            line,
            pos,
            "`transfer` takes one number (a caller id is written `--caller=+81…`): which was meant?",
            remove=False,
        )
    # `3--caller=+81…`: an option glued to a stray character is not junk to drop with it
    return _extra_argument(line, pos, _TAKES["transfer"], remove="caller" not in line[pos:].lower())


def _spaced_number(line: str, pos: int) -> Diagnostic | None:
    """DA013 when the words from ``pos`` on are the digit groups of the number before them."""
    first = _previous_word(line, pos)
    head = first.slice(line)
    option = _CALLER_OPTION.fullmatch(head)
    start = first.start
    if option is not None:
        start = first.start + option.start(1) + len(option.group(1)) - len(option.group(1).lstrip("="))
        head = option.group(1).lstrip("=")
    if not head or not looks_like_number(head):
        return None
    groups = []
    for match in _WORD.finditer(line, pos):
        if match.group().lower().startswith(("--caller", "—caller")) and option is None:
            break
        if not _DIGIT_GROUP.fullmatch(match.group()):
            return None
        groups.append(match)
    joined = digits(head + "".join(g.group() for g in groups))
    if not groups or len(joined) > _E164_DIGITS or (head.startswith("+") and _possible("+" + digits(head))):
        return None  # a complete number and more: not one number with spaces
    span = Span(start, groups[-1].end())
    if head.startswith("+") and _possible("+" + joined):
        number = "+" + joined
        return rules.NUMBER_WITH_SPACES.diagnostic(
            span, edits=[Edit(span, number)], detail=f": `{number}`", number=number
        )
    return rules.NUMBER_WITH_SPACES.diagnostic(span, detail="", number="")


def _possible(e164: str) -> bool:
    return len(e164) <= _E164_DIGITS + 1 and possibility(e164) == (None, "ok")


def _quote_in_message(line: str) -> Diagnostic:
    end = len(line.rstrip())
    first = line.find('"')
    last = line.rfind('"', 0, end)
    inner = [i for i in range(first + 1, last) if line[i] == '"']
    if not inner or last != end - 1:
        # junk after the closing quote, with a quote somewhere in it
        closing = line.find('"', first + 1)
        glued = line[closing + 1 : closing + 2].strip() != ""
        return rules.EXTRA_ARGUMENT.diagnostic(
            Span(closing + 1, end),
            edits=[] if glued else [Edit(Span(closing + 1, end), "")],
            text=_short(line[closing + 1 : end].strip()),
            detail='the message ended at the previous `"`',
            fix_title="Remove the extra text",
        )
    # quotes in pairs quote words (`"Press "1" for sales"`); a lone one may be a stray key or an inch mark
    edits = [Edit(Span(i, i + 1), "'") for i in inner] if len(inner) % 2 == 0 else []
    return rules.QUOTE_IN_MESSAGE.diagnostic(Span(inner[0], inner[-1] + 1), edits=edits)
