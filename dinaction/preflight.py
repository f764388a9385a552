"""Pre-flight: fetch an action URL the way Xoxzo will, lint what comes back.

Xoxzo sends ``GET <action_url>?caller=<E.164>&recipient=<E.164>`` when a call
comes in and executes the plain-text answer; a wrong answer is only noticed
when someone calls. This module makes that request now and says what would
happen. It returns a :class:`PreflightResult` instead of raising for anything
the URL's server does (status, content, timeouts), because those are findings,
not bugs; only a malformed argument raises ``ValueError``.

The language itself is judged by :func:`dinaction.lint` and described by
:mod:`dinaction.describe`; nothing here knows the grammar.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urljoin, urlsplit, urlunsplit

from dinaction.diagnostics import Severity
from dinaction.urls import unreachable_reason

if TYPE_CHECKING:
    import httpx

    from dinaction.diagnostics import Diagnostic

__all__ = [
    "DEFAULT_CALLER",
    "DEFAULT_RECIPIENT",
    "MAX_BODY",
    "PreflightResult",
    "call_url",
    "check_action_url",
]

#: the example numbers of Xoxzo's own DIN documentation
DEFAULT_CALLER: Final = "+8180123456789"
DEFAULT_RECIPIENT: Final = "+8150123456789"
MAX_BODY: Final = 1 << 20
MAX_REDIRECTS: Final = 3
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class PreflightResult:
    """What fetching the action URL found.

    ``ok`` is True when Xoxzo would get a 200 with action text free of
    error-level diagnostics. ``problem`` is the one-line reason otherwise.
    ``notes`` are facts worth knowing that do not fail the check (a redirect
    followed, a content type other than text/plain, lint warnings aside).
    """

    url: str
    ok: bool
    problem: str | None = None
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    redirects: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    text: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    description: str | None = None
    #: whether a request was sent at all (not when the host was refused up front)
    fetched: bool = False

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics that fail the check."""
        return tuple(d for d in self.diagnostics if d.severity >= Severity.ERROR)


def call_url(url: str, caller: str, recipient: str) -> str:
    """``url`` with ``caller`` and ``recipient`` appended to its query, as Xoxzo sends it.

    The ``+`` is left as is: Xoxzo's documentation shows ``?caller=+8180…``,
    so a server that form-decodes the query reads a space there. The
    pre-flight reproduces that rather than hide it. The fragment is dropped,
    as HTTP never sends it.
    """
    parts = urlsplit(url)
    extra = f"caller={_query_value(caller)}&recipient={_query_value(recipient)}"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def check_action_url(
    url: str,
    *,
    caller: str = DEFAULT_CALLER,
    recipient: str = DEFAULT_RECIPIENT,
    allow_private: bool = False,
    timeout: float = 10.0,
    max_redirects: int = MAX_REDIRECTS,
    max_bytes: int = MAX_BODY,
    transport: httpx.BaseTransport | None = None,
    resolve: Callable[[str], Sequence[str]] | None = None,
) -> PreflightResult:
    """Fetch ``url`` as Xoxzo would on a call from ``caller`` to ``recipient`` and judge the answer.

    ``allow_private`` skips the public-reachability check (for testing against
    a server on this machine). ``resolve`` maps a host name to addresses; it
    defaults to the system resolver, so a public name that points at a private
    address is caught too.
    """
    import httpx

    _check_url(url)
    _check_number("caller", caller, allow_empty=True)
    _check_number("recipient", recipient, allow_empty=False)
    trail = _Trail(call_url(url.strip(), caller, recipient))
    resolver = resolve or _system_resolve
    target = trail.first
    deadline = time.monotonic() + timeout
    with httpx.Client(
        transport=transport,
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": "dinaction-preflight", "Accept": "text/plain, */*;q=0.1"},
    ) as http:
        while True:
            if not allow_private:
                refusal = _unreachable(target, resolver)
                if refusal:
                    return trail.fail(refusal)
            trail.fetched = True
            try:
                with http.stream("GET", target) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        if len(trail.hops) >= max_redirects:
                            return trail.fail(f"more than {max_redirects} redirects; the last one to {target}")
                        target = urljoin(target, response.headers["location"])
                        trail.hops.append(target)
                        trail.notes.append(
                            f"{response.status_code} redirect to {target} followed; Xoxzo may not follow "
                            "redirects (undocumented), so set the final URL as the action URL"
                        )
                        continue
                    trail.final_url = target
                    return _judge(trail, response, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
            except httpx.TimeoutException:
                return trail.fail(f"timed out after {timeout:g} s fetching {target}")
            except httpx.RequestError as exc:
                return trail.fail(f"could not fetch {target}: {_network_reason(exc)}")


@dataclass(slots=True)
class _Trail:
    """What one check has seen so far; turns into the result."""

    first: str
    final_url: str | None = None
    hops: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status: int | None = None
    content_type: str | None = None
    fetched: bool = False

    def result(self, problem: str | None, **found: Any) -> PreflightResult:
        return PreflightResult(
            url=self.first,
            ok=problem is None,
            problem=problem,
            final_url=self.final_url,
            status=self.status,
            content_type=self.content_type,
            redirects=tuple(self.hops),
            notes=tuple(self.notes),
            fetched=self.fetched,
            **found,
        )

    def fail(self, problem: str) -> PreflightResult:
        return self.result(problem)


def _judge(
    trail: _Trail, response: httpx.Response, *, max_bytes: int, deadline: float, timeout: float
) -> PreflightResult:
    """Everything after the last redirect: status, content type, size, text, then lint."""
    target = trail.final_url
    status = trail.status = response.status_code
    content_type = trail.content_type = response.headers.get("content-type")
    if status != 200:
        return trail.fail(
            f"{target} answered {status} {response.reason_phrase}; Xoxzo needs 200 OK with the action text"
        )
    mime = (content_type or "").split(";")[0].strip().lower()
    if not mime:
        trail.notes.append("no Content-Type header; text/plain is what Xoxzo expects")
    elif not mime.startswith("text/"):
        return trail.fail(f"served as {mime}; Xoxzo expects plain text (text/plain)")
    elif mime != "text/plain":
        trail.notes.append(f"served as {mime}; text/plain is what Xoxzo expects")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        size = int(declared)
        return trail.fail(f"body is {size} bytes, over the {_size(max_bytes)} cap; an action is one line")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            return trail.fail(f"body is over the {_size(max_bytes)} cap; an action is one line")
        if time.monotonic() > deadline:
            return trail.fail(f"timed out after {timeout:g} s reading the body of {target}")
    charset = response.charset_encoding or "utf-8"
    try:
        text = bytes(body).decode(charset)
    except (UnicodeDecodeError, LookupError):
        return trail.fail(f"body is not valid {charset} text")
    return _lint(trail, text)


def _lint(trail: _Trail, text: str) -> PreflightResult:
    """Judge the text with the linter; describe it when it has no error."""
    from dinaction import lint, parse
    from dinaction.describe import describe_script

    diagnostics = tuple(lint(text))
    errors = [d for d in diagnostics if d.severity >= Severity.ERROR]
    problem = None
    description = None
    if errors:
        problem = f"the action text has {len(errors)} error{'s' if len(errors) != 1 else ''}"
    else:
        try:
            description = describe_script(parse(text))
        except ValueError as exc:  # ActionError: the linter and the parser disagree
            problem = f"the action text does not parse: {exc}"
    return trail.result(problem, text=text, diagnostics=diagnostics, description=description)


def _unreachable(url: str, resolve: Callable[[str], Sequence[str]]) -> str | None:
    """Why Xoxzo could not reach the host of ``url`` from the public internet, or None."""
    host = urlsplit(url).hostname or ""
    hint = " (use --allow-private to test a server on your own network)"
    reason = unreachable_reason(host)
    if reason:
        return f"Xoxzo cannot reach {host} from the public internet: {reason}{hint}"
    addresses = list(resolve(host))
    private = [(a, unreachable_reason(a)) for a in addresses]
    if addresses and all(why for _, why in private):
        why = private[0][1]
        return (
            f"Xoxzo cannot reach {host} from the public internet: it resolves only to non-public addresses: {why}{hint}"
        )
    return None


def _system_resolve(host: str) -> list[str]:
    """Addresses of ``host``; empty when it does not resolve (the fetch will then say so)."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def _check_url(url: str) -> None:
    stripped = url.strip()
    try:
        parts = urlsplit(stripped)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    bad_scheme = parts is None or parts.scheme not in ("http", "https")
    if bad_scheme or not host or any(c.isspace() for c in stripped):
        raise ValueError(f"not an http:// or https:// URL: {url!r}")


def _check_number(name: str, number: str, *, allow_empty: bool) -> None:
    if number == "" and allow_empty:
        return
    digits = number[1:]
    if not (number.startswith("+") and digits.isdigit() and digits.isascii() and 6 <= len(digits) <= 15):
        raise ValueError(f"{name} must be an E.164 number such as +818012345678, got {number!r}")


def _query_value(number: str) -> str:
    return number  # E.164 is "+" and digits: nothing to escape, and "+" stays as Xoxzo sends it


def _network_reason(exc: Exception) -> str:
    text = str(exc)
    return text if text else type(exc).__name__


def _size(n: int) -> str:
    return f"{n // (1 << 20)} MiB" if n % (1 << 20) == 0 else f"{n} bytes"
