"""Turning a parse failure on one line into the diagnostic a person needs.

The grammar says *that* a line is wrong and where; this module says *what* was
meant. What the parser would have taken at the failure comes from its own
tables (:meth:`~dinaction.syntax.lalr.Parser.expected`); this module keeps only
the words for it, and looks at what stands at the failure to pick the rule
whose message and fix fit: `tranfer` → `transfer`, `--callerid=` →
`--caller=`, an unquoted or unterminated message, a URL with a space in it.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from dinaction.diagnostics import Diagnostic, Edit, Span
from dinaction.facts.languages import likely_voice
from dinaction.facts.numbers import looks_like_number
from dinaction.rules import syntax as rules
from dinaction.syntax.grammar import line_parser
from dinaction.syntax.lalr import END, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

__all__ = ["GREETINGS", "KEYWORDS", "WANTED", "classify", "expected_after"]

_DASHBOARD = re.compile(r"^(\s*)(?:voicemail\s+)?(say|playback|transfer)\s*[:：]\s*", re.IGNORECASE)
_CALLER_OPTION = re.compile(r"--caller\s*=?\s*[^\s\"]*", re.IGNORECASE)
_DASHES = ("-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212")
_SHOWN = 40

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
    match = re.compile(r"\S+").match(line, pos)
    return match.group() if match else line[pos : pos + 1]


def _short(text: str) -> str:
    """``text`` fit for a one-line message: cut, and invisible characters escaped."""
    text = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _closest(word: str, choices: tuple[str, ...], cutoff: float = 0.6) -> str | None:
    import difflib  # only for a misspelt word: not on every start-up

    matches = difflib.get_close_matches(word[:_SHOWN].lower(), choices, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _previous_word(line: str, pos: int) -> Span:
    """The span of the last word before ``pos`` (what a missing argument follows)."""
    matches = list(re.finditer(r"\S+", line[:pos]))
    if not matches:
        return Span(pos, pos)
    return Span(matches[-1].start(), matches[-1].end())


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
    end = len(line.rstrip())
    if want == "action":
        return _not_an_action(line, span, word)
    if want == "greeting":
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
            edits=[Edit(Span(pos, pos), f"{lang} ")],
            action=_action_name(line),
            what="a language code before the message",
            insert=f"{lang} ",
        )
    if want == "message":
        if (word.startswith('"') and not word.endswith('"')) or word == '"':
            return rules.UNTERMINATED_MESSAGE.diagnostic(
                Span(pos, end), edits=[Edit(Span(end, end), '"')], detail="", fix_title='Add the closing `"`'
            )
        rest = line[pos:end]
        edits = [Edit(Span(pos, end), f'"{rest}"')] if '"' not in rest else []
        return rules.UNQUOTED_MESSAGE.diagnostic(Span(pos, end), edits=edits)
    if want == "number" and word.lower().startswith("--caller"):
        return rules.MISSING_ARGUMENT.diagnostic(
            _previous_word(line, pos),
            action="transfer",
            what="the number to transfer to before `--caller`",
            insert="",
        )
    if want in ("option-or-end", "end") and word.lower().startswith("--caller") and _is_caller(word):
        option = _CALLER_OPTION.match(line, pos)
        assert option is not None
        cut = Span(len(line[:pos].rstrip()), option.end())
        return rules.REPEATED_CALLER.diagnostic(Span(pos, option.end()), edits=[Edit(cut, "")])
    if want in ("option-or-end", "end") and word.startswith(_DASHES) and _action_name(line) == "transfer":
        return _unknown_option(span, word)
    if want in ("option-or-end", "end"):
        return _extra(line, pos, word)
    if word.startswith('"') and word.endswith('"') and len(word) > 1 and want in ("url", "number", "caller"):
        return rules.SYNTAX_ERROR.diagnostic(
            span,
            edits=[Edit(span, word[1:-1])],
            detail=f"{WANTED[want]} is written without quotes",
            fix_title="Remove the quotes",
        )
    return rules.SYNTAX_ERROR.diagnostic(
        span, detail=f"unexpected `{_short(word)}`: expected {WANTED[want]}", fix_title=""
    )


def _is_caller(word: str) -> bool:
    name = word.split("=", 1)[0]
    return name.lower() == "--caller"


def _not_an_action(line: str, span: Span, word: str) -> Diagnostic:
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


def _extra(line: str, pos: int, word: str) -> Diagnostic:
    end = len(line.rstrip())
    action = _action_name(line)
    rest = line[pos:end]
    cut = Span(len(line[:pos].rstrip()), end)
    if action.endswith("say") and '"' in rest:
        return _quote_in_message(line)
    if action.endswith("playback") and not rest.lower().startswith(("http://", "https://")):
        url_start = _previous_word(line, pos).start
        joined = re.sub(r"\s+", "%20", line[url_start:end])
        return rules.EXTRA_ARGUMENT.diagnostic(
            Span(pos, end),
            edits=[Edit(Span(url_start, end), joined)],
            text=_short(rest),
            detail="a URL cannot contain spaces; write them as `%20`",
            fix_title="Replace the spaces with `%20`",
        )
    detail = {
        "playback": "`playback` takes one URL",
        "voicemail playback": "`voicemail playback` takes one URL",
        "transfer": "`transfer` takes one number and an optional `--caller=`",
        "say": "`say` takes a language code and one quoted message",
        "voicemail say": "`voicemail say` takes a language code and one quoted message",
    }.get(action, "the action is complete")
    return rules.EXTRA_ARGUMENT.diagnostic(
        Span(pos, end),
        edits=[Edit(cut, "")],
        text=_short(rest),
        detail=detail,
        fix_title="Remove the extra text",
    )


def _quote_in_message(line: str) -> Diagnostic:
    end = len(line.rstrip())
    first = line.find('"')
    last = line.rfind('"', 0, end)
    inner = [i for i in range(first + 1, last) if line[i] == '"']
    if not inner or last != end - 1:
        # junk after the closing quote, with a quote somewhere in it
        closing = line.find('"', first + 1)
        return rules.EXTRA_ARGUMENT.diagnostic(
            Span(closing + 1, end),
            edits=[Edit(Span(closing + 1, end), "")],
            text=_short(line[closing + 1 : end].strip()),
            detail='the message ended at the previous `"`',
            fix_title="Remove the extra text",
        )
    return rules.QUOTE_IN_MESSAGE.diagnostic(
        Span(inner[0], inner[-1] + 1),
        edits=[Edit(Span(i, i + 1), "'") for i in inner],
    )
