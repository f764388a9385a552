"""Pre-flight: fetch an action URL the way Xoxzo will, lint what comes back.

Xoxzo sends ``GET <action_url>?caller=<E.164>&recipient=<E.164>`` when a call
comes in and executes the plain-text answer; a wrong answer is only noticed
when someone calls. This module makes that request now and says what would
happen. It returns a :class:`PreflightResult` instead of raising for anything
the URL's server does (status, content, timeouts), because those are findings,
not bugs; only a malformed argument raises ``ValueError``.

Severities follow the linter's policy: what is known to fail the call (no
200, a host Xoxzo cannot reach, a body that does not lint) fails the check;
what is only undocumented (a redirect, a content type other than text/plain)
is a warning shown with the result. The fetching itself, with its deadline,
size cap and address pinning, is :mod:`dinaction.preflight.fetch`'s.

The language itself is judged by :func:`dinaction.lint` and described by
:mod:`dinaction.describe`; nothing here knows the grammar.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from dinaction.diagnostics import Severity
from dinaction.facts.urls import require_http_url
from dinaction.preflight.limits import DEFAULT_CALLER, DEFAULT_RECIPIENT, GENERIC_TYPES, MAX_BODY, MAX_REDIRECTS

if TYPE_CHECKING:
    import ssl

    import httpx

    from dinaction.diagnostics import Diagnostic
    from dinaction.preflight.fetch import Answer, Fetcher, Redirect, Resolver
    from dinaction.preflight.media import MediaResult

__all__ = [
    "PreflightResult",
    "Remark",
    "call_url",
    "check_action_url",
    "check_call",
    "require_e164",
]


@dataclass(frozen=True, slots=True)
class Remark:
    """Something the check saw that does not fail the call: a warning, or a note."""

    severity: Severity
    message: str


@dataclass(frozen=True, slots=True)
class PreflightResult:
    """What fetching the action URL found.

    ``ok`` is True when Xoxzo would get a 200 with action text free of
    error-level diagnostics (and, when the media was checked, playable media).
    ``problem`` is the one-line reason otherwise. ``remarks`` are what is
    worth knowing without failing the check: warnings for what Xoxzo's
    documentation leaves open (a redirect followed, a content type other than
    text/plain), notes for the rest.
    """

    url: str
    ok: bool
    problem: str | None = None
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    redirects: tuple[str, ...] = ()
    remarks: tuple[Remark, ...] = ()
    text: str | None = None
    #: the linter's findings, and the media check's (DA6xx) when it ran, sorted by position
    diagnostics: tuple[Diagnostic, ...] = ()
    description: str | None = None
    #: whether a request was sent at all (not when the host was refused up front)
    fetched: bool = False
    #: one result per distinct playback URL, when the media was checked
    media: tuple[MediaResult, ...] = ()

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics that fail the check."""
        return tuple(d for d in self.diagnostics if d.severity >= Severity.ERROR)

    @property
    def notes(self) -> tuple[str, ...]:
        """Every remark's message, warnings and notes alike, in the order seen."""
        return tuple(remark.message for remark in self.remarks)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The remarks that are warnings."""
        return tuple(r.message for r in self.remarks if r.severity is Severity.WARNING)

    def lines(self) -> Iterator[str]:
        """The check in words, a line each: what was fetched, what came back, what the caller gets."""
        from dinaction.diagnostics import LineIndex

        if self.fetched:
            yield f"GET {self.url}"
        for remark in self.remarks:
            yield f"{'warning' if remark.severity is Severity.WARNING else 'note'}: {remark.message}"
        if self.status is not None:
            yield f"answer: {self.status}, {self.content_type or 'no content type'}"
        for media in self.media:
            heard = media.audio.describe() if media.audio is not None else "not playable"
            yield f"media: {media.url}: {heard}"
        if self.text is not None:
            index = LineIndex(self.text)
            for d in self.diagnostics:
                pos = index.position(d.span.start)
                yield f"{pos.line}:{pos.column}: {d.code} {d.severity}: {d.message}"
        if self.ok and self.description:
            yield f"ok: {self.description}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: everything found, diagnostics with 1-based line and column."""
        from dinaction.diagnostics import LineIndex

        index = LineIndex(self.text or "")
        return {
            "ok": self.ok,
            "problem": self.problem,
            "url": self.url,
            "final_url": self.final_url,
            "redirects": list(self.redirects),
            "status": self.status,
            "content_type": self.content_type,
            "notes": list(self.notes),
            "warnings": list(self.warnings),
            "text": self.text,
            "diagnostics": [
                {
                    "line": index.position(d.span.start).line,
                    "column": index.position(d.span.start).column,
                    "code": d.code,
                    "name": d.name,
                    "severity": str(d.severity),
                    "message": d.message,
                }
                for d in self.diagnostics
            ],
            "description": self.description,
            "media": [media.to_dict() for media in self.media],
        }


def call_url(url: str, caller: str, recipient: str) -> str:
    """``url`` with ``caller`` and ``recipient`` appended to its query, as Xoxzo sends it.

    The ``+`` is left as is: Xoxzo's documentation shows ``?caller=+8180…``,
    so a server that form-decodes the query reads a space there. The
    pre-flight reproduces that rather than hide it (E.164 is ``+`` and digits:
    nothing else to escape). The fragment is dropped, as HTTP never sends it.
    """
    parts = urlsplit(url)
    extra = f"caller={caller}&recipient={recipient}"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def require_e164(name: str, number: str, *, allow_empty: bool = False) -> str:
    """``number`` when it is ``+`` and 6 to 15 digits (empty too, with ``allow_empty``); ValueError otherwise."""
    if number == "" and allow_empty:
        return number
    digits = number[1:]
    if not (number.startswith("+") and digits.isdigit() and digits.isascii() and 6 <= len(digits) <= 15):
        raise ValueError(f"{name} must be an E.164 number such as +818012345678, got {number!r}")
    return number


def check_action_url(
    url: str,
    *,
    caller: str = DEFAULT_CALLER,
    recipient: str = DEFAULT_RECIPIENT,
    allow_private: bool = False,
    timeout: float = 10.0,
    max_redirects: int = MAX_REDIRECTS,
    max_bytes: int = MAX_BODY,
    media: bool = False,
    transport: httpx.BaseTransport | None = None,
    resolve: Resolver | None = None,
    verify: ssl.SSLContext | bool = True,
) -> PreflightResult:
    """Fetch ``url`` as Xoxzo would on a call from ``caller`` to ``recipient`` and judge the answer.

    ``allow_private`` skips the public-reachability check (for testing against
    a server on this machine). ``resolve`` maps a host name to addresses; it
    defaults to the system resolver, so a public name that points at a private
    address is caught too. ``timeout`` bounds the whole fetch, from connecting
    to the last byte. ``media`` also fetches every playback URL of a clean
    answer and judges it (:mod:`dinaction.preflight.media`).
    """
    from dinaction.preflight.fetch import Fetcher, system_resolve

    fetcher = Fetcher(
        allow_private=allow_private,
        timeout=timeout,
        max_redirects=max_redirects,
        resolve=resolve or system_resolve,
        verify=verify,
        transport=transport,
    )
    return check_call(fetcher, url, caller=caller, recipient=recipient, max_bytes=max_bytes, media=media)


def check_call(
    fetcher: Fetcher,
    url: str,
    *,
    caller: str = DEFAULT_CALLER,
    recipient: str = DEFAULT_RECIPIENT,
    max_bytes: int = MAX_BODY,
    media: bool = False,
) -> PreflightResult:
    """:func:`check_action_url` with a :class:`~dinaction.preflight.fetch.Fetcher` made once (the simulator's many calls)."""
    from dinaction.preflight.fetch import FetchError

    url = require_http_url(url)
    require_e164("caller", caller, allow_empty=True)
    require_e164("recipient", recipient)
    trail = _Trail(call_url(url, caller, recipient))
    try:
        with fetcher.get(trail.first) as answer:
            trail.fetched = True
            trail.redirected(answer.redirects)
            trail.final_url = answer.url
            result = _judge(trail, answer, max_bytes, allow_private=fetcher.allow_private)
    except FetchError as exc:
        trail.fetched = exc.fetched
        trail.redirected(exc.redirects)
        return trail.fail(exc.message + ("; an action is one line" if exc.message.startswith("body is") else ""))
    if media and result.ok and result.text is not None:
        from dinaction.preflight.media import check_text_media

        found, diagnostics = check_text_media(result.text, fetcher, max_bytes=max_bytes)
        return _with_media(result, found, diagnostics)
    return result


@dataclass(slots=True)
class _Trail:
    """What one check has seen so far; turns into the result."""

    first: str
    final_url: str | None = None
    hops: list[str] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)
    status: int | None = None
    content_type: str | None = None
    fetched: bool = False

    def warn(self, message: str) -> None:
        self.remarks.append(Remark(Severity.WARNING, message))

    def redirected(self, redirects: Sequence[Redirect]) -> None:
        """Remember the redirects followed (a warning each: Xoxzo may not follow them)."""
        for status, target in redirects[len(self.hops) :]:
            self.hops.append(target)
            self.warn(
                f"{status} redirect to {target} followed; Xoxzo may not follow redirects (undocumented), "
                "so set the final URL as the action URL"
            )

    def result(self, problem: str | None, **found: Any) -> PreflightResult:
        return PreflightResult(
            url=self.first,
            ok=problem is None,
            problem=problem,
            final_url=self.final_url,
            status=self.status,
            content_type=self.content_type,
            redirects=tuple(self.hops),
            remarks=tuple(self.remarks),
            fetched=self.fetched,
            **found,
        )

    def fail(self, problem: str) -> PreflightResult:
        return self.result(problem)


def _judge(trail: _Trail, answer: Answer, max_bytes: int, *, allow_private: bool) -> PreflightResult:
    """Everything after the last redirect: status, content type, size, text, then lint."""
    status = trail.status = answer.status
    content_type = trail.content_type = answer.content_type
    if status != 200:
        return trail.fail(f"{answer.url} answered {status} {answer.reason}; Xoxzo needs 200 OK with the action text")
    mime = (content_type or "").split(";")[0].strip().lower()
    if not mime:
        trail.warn("no Content-Type header; text/plain is what Xoxzo expects")
    elif mime in GENERIC_TYPES:
        trail.warn(
            f"served as {mime}, what static hosts call a file type they do not know; text/plain is what "
            "Xoxzo expects (undocumented whether it checks): serve action files as text/plain"
        )
    elif not mime.startswith("text/"):
        return trail.fail(f"served as {mime}; Xoxzo expects plain text (text/plain)")
    elif mime != "text/plain":
        trail.warn(f"served as {mime}; text/plain is what Xoxzo expects")
    body = answer.read(max_bytes)
    charset = answer.charset or "utf-8"
    try:
        text = body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return trail.fail(f"body is not valid {charset} text")
    return _lint(trail, text, allow_private=allow_private)


def _lint(trail: _Trail, text: str, *, allow_private: bool) -> PreflightResult:
    """Judge the text with the linter; describe it when it has no error.

    With ``allow_private`` (a test on one's own network) an mp3 on a private
    host is what the test is about: the linter still says so, as a warning.
    """
    from dinaction.describe import describe_script
    from dinaction.linter import lint_source
    from dinaction.rules.urls import URL_PRIVATE
    from dinaction.settings import Settings

    settings = Settings(severity_overrides={URL_PRIVATE.code: Severity.WARNING}) if allow_private else Settings()
    linted = lint_source(text, settings)
    diagnostics = linted.diagnostics
    errors = [d for d in diagnostics if d.severity >= Severity.ERROR]
    problem = None
    description = None
    if errors:
        problem = f"the action text has {len(errors)} error{'s' if len(errors) != 1 else ''}"
    else:
        description = describe_script(linted.script)
    return trail.result(problem, text=text, diagnostics=tuple(diagnostics), description=description)


def _with_media(
    result: PreflightResult, found: tuple[MediaResult, ...], diagnostics: tuple[Diagnostic, ...]
) -> PreflightResult:
    """``result`` with the media check's findings; its errors fail the check."""
    import dataclasses

    merged = tuple(sorted((*result.diagnostics, *diagnostics), key=lambda d: d.sort_key))
    errors = [d for d in diagnostics if d.severity >= Severity.ERROR]
    problem = None
    if errors:
        problem = f"the media {'is' if len(found) == 1 else 'are'} not playable: {errors[0].message}"
        if len(errors) > 1:
            problem += f" (and {len(errors) - 1} more)"
    return dataclasses.replace(result, ok=problem is None, problem=problem, diagnostics=merged, media=found)
