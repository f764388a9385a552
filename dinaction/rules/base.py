"""The one shape every rule is declared in.

A rule's code, name, severity, message, documentation, examples and fix safety
live in its ``Rule(...)`` declaration and nowhere else: the README table,
``docs/rules.md``, ``dinaction rule``, SARIF metadata and the LSP hover are all
generated from it. A ``Check`` decides only *where*, and declares the rules it
reports; the declarations decide *what is said*.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from dinaction.ast import Action, Greeting, Playback, Say, Script, Transfer, Voicemail
from dinaction.diagnostics import NO_SPAN, Applicability, Diagnostic, Edit, Fix, Severity, Span

if TYPE_CHECKING:
    from dinaction.settings import Settings

DOCS_URL = "https://github.com/dinaction/dinaction/blob/main/docs/rules.md"


@dataclass(frozen=True, slots=True)
class Context:
    """What a check may look at: the actions, their source text, the settings, the parser's findings.

    ``text`` is None when the actions did not come from text (the builder):
    checks of the source's layout then have nothing to say.
    """

    actions: tuple[Action, ...]
    text: str | None
    settings: Settings
    #: what the parser found in ``text`` (its errors stand for lines that hold something unreadable)
    parsed: tuple[Diagnostic, ...] = ()

    @classmethod
    def of(cls, script: Script, text: str | None, settings: Settings) -> Context:
        """The context of a whole script: its actions and what its parser found."""
        return cls(script.actions, text, settings, script.diagnostics)

    def playbacks(self) -> Iterator[Playback]:
        """Every URL-bearing node, voicemail greetings included."""
        for action in self.actions:
            greeting = _greeting(action)
            if isinstance(greeting, Playback):
                yield greeting

    def says(self) -> Iterator[Say]:
        for action in self.actions:
            greeting = _greeting(action)
            if isinstance(greeting, Say):
                yield greeting

    def transfers(self) -> Iterator[Transfer]:
        for action in self.actions:
            if isinstance(action, Transfer):
                yield action


def _greeting(action: Action) -> Greeting | Transfer:
    return action.greeting if isinstance(action, Voicemail) else action


def span_of(node: Action | Greeting, part: str) -> Span:
    """The span of a node's part; NO_SPAN for nodes the builder made."""
    return NO_SPAN if node.loc is None else node.loc.part(part)


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's declaration: everything said about a finding, and how its fix is applied."""

    code: str
    name: str
    severity: Severity
    #: ``str.format`` template; the check supplies the fields
    message: str
    #: one line: what the rule checks (tables and `dinaction rules`)
    summary: str
    #: why the pattern fails a call or misleads a reader
    why: str
    #: an action file that triggers the rule, and its corrected form
    bad: str | bytes
    good: str
    #: fix title template and whether the fix is safe; None when there is no fix
    fix_title: str | None = None
    fix: Applicability | None = None
    #: rules whose answers change with outside data are opt-in
    default_enabled: bool = True
    #: the settings the examples are meant for, by field name (``{"max_file_size": 32}``)
    example_settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: where the fact behind the rule comes from (Markdown: the Xoxzo page, help article or tutorial
    #: with its address), or why it is this project's policy where Xoxzo's documentation is silent
    source: str = ""

    def example_settings_from(self, base: Settings) -> Settings:
        """``base`` with the settings the examples are meant for."""
        return dataclasses.replace(base, **self.example_settings)

    @property
    def example_max_actions(self) -> int:
        """The `max-actions` the examples are meant for."""
        return int(self.example_settings.get("max_actions", 1))

    @property
    def url(self) -> str:
        return f"{DOCS_URL}#{self.code.lower()}-{self.name}"

    def diagnostic(
        self,
        span: Span,
        *,
        edits: Iterable[Edit] = (),
        field_name: str | None = None,
        **fields: object,
    ) -> Diagnostic:
        """A finding of this rule at ``span``; ``edits`` become its fix."""
        message = self.message.format(**fields)
        fix = None
        edit_tuple = tuple(edits)
        if edit_tuple:
            if self.fix is None or self.fix_title is None:
                raise ValueError(f"{self.code} declares no fix")
            fix = Fix(self.fix_title.format(**fields), edit_tuple, self.fix)
        return Diagnostic(self.code, self.name, self.severity, message, span, fix, field_name)

    def doc(self) -> str:
        """The rule's documentation in ruff's sections, as Markdown."""
        parts = [
            f"## {self.code} {self.name}",
            "",
            f"Default severity: **{self.severity}**"
            + ("" if self.default_enabled else " (off by default: enable with `--select`)"),
            "",
            "### What it does",
            self.summary,
            "",
            "### Why is this bad?",
            self.why,
            "",
            "### Example" + _with(self.example_settings),
            "```",
            _show(self.bad),
            "```",
            "",
            "### Use instead",
            "```",
            self.good.rstrip("\n"),
            "```",
            "",
            "### Fix safety",
            _FIX_SAFETY[self.fix],
        ]
        if self.source:
            parts += ["", "### Source", self.source]
        return "\n".join(parts) + "\n"


@dataclass(frozen=True, slots=True, eq=False)
class Check:
    """A function that finds where rules are broken, and the rules it reports.

    Every rule a check can report is in ``reports``, declared beside the check:
    the linter runs a check only when one of them is selected. The syntax rules
    are reported by the parser, not by a check.
    """

    run: Callable[[Context], Iterable[Diagnostic]]
    reports: tuple[Rule, ...]

    def __call__(self, ctx: Context) -> Iterable[Diagnostic]:
        return self.run(ctx)

    @property
    def codes(self) -> frozenset[str]:
        """The codes of the rules it reports."""
        return frozenset(r.code for r in self.reports)


def _with(settings: Mapping[str, Any]) -> str:
    """`` (with `max-file-size = 32`)`` for examples that need other settings than the defaults."""
    if not settings:
        return ""
    return " (with " + ", ".join(f"`{name.replace('_', '-')} = {value!r}`" for name, value in settings.items()) + ")"


def _show(example: str | bytes) -> str:
    """An example as a person can read it (bytes that are not UTF-8 as escapes)."""
    if isinstance(example, bytes):
        return repr(example)[2:-1].replace("\\n", "")
    # invisible characters (CR, tab, BOM, bell) are the point of some examples: show them
    return "".join(c if c.isprintable() or c == "\n" else ascii(c)[1:-1] for c in example.rstrip("\n"))


_FIX_SAFETY = {
    None: "No automatic fix: the right correction needs a person.",
    Applicability.SAFE: "The fix is safe: it never changes what the caller hears or where the call goes.",
    Applicability.UNSAFE: (
        "The fix is unsafe: it is the likely correction, but it changes the action, "
        "so it is applied only with `--unsafe-fixes`."
    ),
}
