"""What each LSP feature answers, built from the library's own results.

Pure functions of a document's ``View`` (its lint result, the index of the
text the linter read, its settings) → lsprotocol values. The checks, fixes,
formatting and the words of hovers all come from the linter, the formatter,
the rule declarations and ``describe``; this module only places them at LSP
positions. An unread document (over ``max-file-size``) has its one finding
and nothing else: no symbols, tokens, formatting or fixes.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Sequence

from lsprotocol import types

from dinaction.ast import Action, Greeting, Loc, Voicemail
from dinaction.describe import describe, describe_number, language_name
from dinaction.diagnostics import Diagnostic, Severity, Span
from dinaction.errors import ActionError
from dinaction.facts import numbers
from dinaction.formatter import format_text
from dinaction.linter import fix_source
from dinaction.lsp.documents import View
from dinaction.lsp.text import LineEdit, TextIndex, line_diff, text_edit
from dinaction.rules import BY_CODE
from dinaction.rules.speech import language_facts
from dinaction.settings import Settings
from dinaction.syntax.recovery import GREETINGS, KEYWORDS, expected_after

SOURCE = "dinaction"
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

#: semantic token legend: AST part name → (token type, modifiers)
TOKEN_TYPES = ("keyword", "parameter", "number", "enumMember", "string")
TOKEN_MODIFIERS = ("url",)
LEGEND = types.SemanticTokensLegend(token_types=list(TOKEN_TYPES), token_modifiers=list(TOKEN_MODIFIERS))
_PART_TOKENS = {
    "keyword": (0, 0),
    "caller_option": (1, 0),
    "number": (2, 0),
    "caller": (2, 0),
    "lang": (3, 0),
    "message": (4, 0),
    "url": (4, 1),
}


# --- diagnostics -------------------------------------------------------------


def lsp_diagnostic(index: TextIndex, diagnostic: Diagnostic) -> types.Diagnostic:
    """One finding at its UTF-16 range, with its code, severity and docs link."""
    rule = BY_CODE.get(diagnostic.code)
    return types.Diagnostic(
        range=index.range(diagnostic.span),
        message=diagnostic.message,
        severity=_SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        code_description=types.CodeDescription(href=rule.url) if rule is not None else None,
        source=SOURCE,
    )


def lsp_diagnostics(index: TextIndex, diagnostics: Sequence[Diagnostic]) -> list[types.Diagnostic]:
    return [lsp_diagnostic(index, d) for d in diagnostics]


# --- code actions ------------------------------------------------------------


def code_actions(view: View, wanted: types.Range, only: Sequence[str] | None) -> list[types.CodeAction]:
    """Quick fixes for the fixable findings in ``wanted``, and one "fix all" (safe fixes)."""
    uri, version, index, result = view.uri, view.version, view.index, view.result
    actions: list[types.CodeAction] = []
    span = index.span(wanted)
    if _kind_wanted(types.CodeActionKind.QuickFix.value, only):
        for diagnostic in result.diagnostics:
            fix = diagnostic.fix
            if fix is None or not _touches(diagnostic.span, span):
                continue
            edits = [types.TextEdit(range=index.range(e.span), new_text=e.content) for e in fix.edits]
            actions.append(
                types.CodeAction(
                    title=fix.title if fix.is_safe else f"{fix.title} (unsafe)",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp_diagnostic(index, diagnostic)],
                    is_preferred=fix.is_safe,
                    edit=_workspace_edit(uri, version, edits),
                )
            )
    if _kind_wanted(FIX_ALL, only) and any(d.fix is not None and d.fix.is_safe for d in result.diagnostics):
        fixed = fix_source(result.text, view.settings)
        edit = line_diff(result.text, fixed.text)
        if edit is not None:
            actions.append(
                types.CodeAction(
                    title="Fix all safely fixable dinaction problems",
                    kind=FIX_ALL,
                    edit=_workspace_edit(uri, version, [text_edit(index, edit)]),
                )
            )
    return actions


def _kind_wanted(kind: str, only: Sequence[str] | None) -> bool:
    """LSP kinds are hierarchical: asking for `source` gets `source.fixAll.dinaction`."""
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def _touches(found: Span, wanted: Span) -> bool:
    if found.start == found.end or wanted.start == wanted.end:
        return found.start <= wanted.end and wanted.start <= found.end
    return found.start < wanted.end and wanted.start < found.end


def _workspace_edit(uri: str, version: int | None, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    if version is None:
        return types.WorkspaceEdit(changes={uri: edits})
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=list(edits))])


# --- formatting --------------------------------------------------------------


def format_edits(view: View) -> list[types.TextEdit]:
    """The formatter's output as one edit of the changed lines; none when it refuses."""
    if view.unread:
        return []
    try:
        formatted = format_text(view.text, view.settings)
    except ActionError:
        return []
    edit = line_diff(view.text, formatted)
    return [] if edit is None else [text_edit(view.index, edit)]


def format_range_edits(view: View, wanted: types.Range) -> list[types.TextEdit]:
    """Format the whole lines the range touches as if they were a file of their own."""
    if view.unread:
        return []
    index, text, settings = view.index, view.text, view.settings
    first = wanted.start.line
    last = wanted.end.line + (1 if wanted.end.character > 0 or wanted.end.line == wanted.start.line else 0)
    start, end = index.line_start(first), index.line_start(last)
    block = text[start:end]
    try:
        formatted = format_text(block, settings)
    except ActionError:
        return []
    if not block.endswith(("\n", "\r")):
        formatted = formatted.removesuffix("\n")  # the last line of a file without a final break
    edit = line_diff(block, formatted)
    if edit is None:
        return []
    return [text_edit(index, LineEdit(edit.first + first, edit.last + first, edit.text))]


# --- what stands where -------------------------------------------------------


def _parts(action: Action) -> Iterator[tuple[str, Span, Action | Greeting]]:
    """(part name, span, node) of an action and of its voicemail greeting, in text order."""
    nodes: list[Action | Greeting] = [action]
    if isinstance(action, Voicemail):
        nodes.append(action.greeting)
    found: list[tuple[str, Span, Action | Greeting]] = []
    for node in nodes:
        loc: Loc | None = node.loc
        if loc is None:
            continue
        found.extend((name, span, node) for name, span in loc.parts.items() if name in _PART_TOKENS)
    yield from sorted(found, key=lambda p: (p[1].start, p[1].end))


def _contains(span: Span, offset: int) -> bool:
    return span.start <= offset < span.end or span.start == span.end == offset


# --- hover ---------------------------------------------------------------------


def hover(view: View, position: types.Position) -> types.Hover | None:
    """What the token under the cursor means, and the docs of the findings there."""
    index, result = view.index, view.result
    if view.unread and (position.line, position.character) != (0, 0):
        return None  # its one finding stands at the start; the rest was not read
    offset = index.offset(position)
    sections: list[str] = []
    where: Span | None = None
    for action in result.script.actions:
        if action.loc is None or not action.loc.span.start <= offset <= action.loc.span.end:
            continue
        for name, span, node in _parts(action):
            if not span.start <= offset < span.end:
                continue
            text = _token_hover(name, span.slice(result.text), action, node, view.settings)
            if text:
                sections.append(text)
                where = span
    codes: list[str] = []
    for diagnostic in result.diagnostics:
        if _contains(diagnostic.span, offset) and diagnostic.code not in codes:
            codes.append(diagnostic.code)
            docs = rule_docs(diagnostic.code)
            if docs is not None:
                sections.append(docs)
            where = where or diagnostic.span
    if not sections:
        return None
    value = "\n\n---\n\n".join(sections)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=value),
        range=index.range(where) if where is not None else None,
    )


def rule_docs(code: str) -> str | None:
    """The documentation of a finding's rule, for a hover, with the link to its page; None for no rule."""
    rule = BY_CODE.get(code)
    return None if rule is None else f"{rule.doc().rstrip()}\n\n[{rule.code} documentation]({rule.url})"


def _token_hover(name: str, written: str, action: Action, node: Action | Greeting, settings: Settings) -> str | None:
    if name == "keyword":
        summary = inspect.getdoc(type(node)) or ""
        return f"{summary.splitlines()[0] if summary else written}\n\nThe caller {describe(action)}."
    if name in ("number", "caller"):
        return number_hover(written)
    if name == "lang":
        return language_hover(written, settings)
    return None


def language_hover(tag: str, settings: Settings) -> str:
    """The language a code names, and whether Xoxzo's TTS speaks it (``tts-languages``)."""
    valid, language, _, script = language_facts(tag)
    if not valid:
        return f"`{tag}` is not a valid BCP 47 language code."
    name = language_name(tag)
    supported = ", ".join(f"`{s}`" for s in settings.tts_languages)
    if tag.lower() in settings.tts_languages:
        speaks = f"Xoxzo's text-to-speech speaks it (`tts-languages`: {supported})."
    else:
        speaks = f"Not a language Xoxzo's text-to-speech is known to speak (`tts-languages`: {supported})."
    details = f"language `{language}`" + (f", script `{script}`" if script else "")
    return f"**{name}** (`{tag}`: {details})\n\n{speaks}"


def number_hover(number: str) -> str:
    """The number as ``describe`` words it (international form, country), then its region and kind of line."""
    shown = f"**{describe_number(number)}**"
    found = numbers.number_type(number)
    return shown if found is None else f"{shown}\n\nregion `{found.region}`, {found.kind} number"


# --- completion ----------------------------------------------------------------


def completion(index: TextIndex, text: str, position: types.Position, settings: Settings) -> types.CompletionList:
    """Keywords at a line's start, greetings after `voicemail`, `--caller=`, language codes."""
    offset = index.offset(position)
    at = index.position(offset)  # the client's position, clamped to the document
    prefix = text[index.line_start(at.line) : offset].lstrip("\ufeff")
    words = prefix.split()
    partial = "" if not words or prefix[-1:].isspace() else words.pop()
    if any('"' in w for w in words):
        return types.CompletionList(is_incomplete=False, items=[])
    replace = types.Range(start=index.position(offset - len(partial)), end=at)
    wanted = expected_after(words)
    items: list[types.CompletionItem] = []
    if wanted in ("action", "greeting"):
        for keyword in KEYWORDS if wanted == "action" else GREETINGS:
            items.append(_item(keyword, types.CompletionItemKind.Keyword, _keyword_doc(keyword), replace))
    elif wanted == "option-or-end":
        items.append(
            _item("--caller=", types.CompletionItemKind.Property, "the caller id to show (best effort)", replace)
        )
    elif wanted == "lang":
        for code in settings.tts_languages:
            items.append(_item(code, types.CompletionItemKind.EnumMember, language_name(code), replace))
    return types.CompletionList(is_incomplete=False, items=items)


def _keyword_doc(keyword: str) -> str:
    from dinaction import ast

    node = {"playback": ast.Playback, "transfer": ast.Transfer, "say": ast.Say, "voicemail": ast.Voicemail}[keyword]
    return (inspect.getdoc(node) or keyword).splitlines()[0]


def _item(label: str, kind: types.CompletionItemKind, detail: str, replace: types.Range) -> types.CompletionItem:
    return types.CompletionItem(
        label=label, kind=kind, detail=detail, text_edit=types.TextEdit(range=replace, new_text=label)
    )


# --- symbols and semantic tokens ---------------------------------------------------


def symbols(view: View) -> list[types.DocumentSymbol]:
    """One symbol per action: the keyword, with the action's canonical line as detail."""
    index, text = view.index, view.text
    found: list[types.DocumentSymbol] = []
    for action in view.result.script.actions:
        if action.loc is None:
            continue
        keyword = action.loc.part("keyword")
        found.append(
            types.DocumentSymbol(
                name=keyword.slice(text).lower(),
                detail=str(action),
                kind=types.SymbolKind.Event,
                range=index.range(action.loc.span),
                selection_range=index.range(keyword),
            )
        )
    return found


def semantic_tokens(view: View) -> types.SemanticTokens:
    """Keywords, the option, numbers, language codes, messages and URLs, relative-encoded."""
    index, text = view.index, view.text
    data: list[int] = []
    last_line = last_char = 0
    for action in view.result.script.actions:
        for name, span, _ in _parts(action):
            token_type, modifier = _PART_TOKENS[name]
            written = span.slice(text).rstrip()
            if not written:
                continue
            start = index.position(span.start)
            end = index.position(span.start + len(written))
            if end.line != start.line:  # pragma: no cover - tokens never hold a line break
                continue
            delta_line = start.line - last_line
            delta_char = start.character - (last_char if delta_line == 0 else 0)
            data.extend((delta_line, delta_char, end.character - start.character, token_type, modifier))
            last_line, last_char = start.line, start.character
    return types.SemanticTokens(data=data)
