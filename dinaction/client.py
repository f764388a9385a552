"""The Xoxzo Dial In Numbers (DIN) API client.

Typed results, one exception family whose messages quote the server, and
retries only where a repeat cannot cost money: GET and DELETE (and the
idempotent ``set_action_url``) are retried on 429/502/503/504 and on transport
errors; ``subscribe`` charges credits and is never retried. The sync and async
clients share everything but their I/O loop (:class:`_Core` and the request
and parse helpers), so their behaviour cannot drift apart.

Credentials never leave this module except inside the ``Authorization``
header: every string the client hands out (exception messages and reprs,
``server_said``, ``field_errors``, parsed results, log lines) passes through
one redactor that blanks the SID and token in every form a server might echo
them in: raw, percent-encoded, and base64 of ``sid:token`` as sent in the
``Authorization: Basic`` header.
"""

from __future__ import annotations

import base64
import email.utils
import ipaddress
import json
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import quote, urlsplit

import httpx

from dinaction.facts.urls import require_http_url

__all__ = [
    "AUTH_TOKEN_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "SID_ENV",
    "AsyncDinClient",
    "AuthError",
    "ClientConfigError",
    "Din",
    "DinClient",
    "Forbidden",
    "InsufficientCredits",
    "MissingCredentialsError",
    "NetworkError",
    "NotFound",
    "RateLimited",
    "RetryPolicy",
    "ServerError",
    "Subscription",
    "UnexpectedResponseError",
    "ValidationError",
    "XoxzoError",
]

SID_ENV: Final = "XOXZO_API_SID"
AUTH_TOKEN_ENV: Final = "XOXZO_API_AUTH_TOKEN"
BASE_URL_ENV: Final = "XOXZO_API_URL"
DEFAULT_BASE_URL: Final = "https://api.xoxzo.com"

_DINS_PATH: Final = "/voice/dins/"
_SUBSCRIPTIONS_PATH: Final = "/voice/dins/subscriptions/"
_RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
_MAX_QUOTE: Final = 300

_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- errors


class XoxzoError(Exception):
    """Base of every error this client raises; the message quotes the server.

    ``status`` is the HTTP status (None when no response came back) and
    ``server_said`` the server's own words, already condensed to one line.
    No request or response object is kept, so nothing secret can leak through
    an attribute, a repr or a chained traceback.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        server_said: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.server_said = server_said
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r})"


class ClientConfigError(XoxzoError):
    """The client cannot be built: a missing credential or an unsafe base URL.

    Not :class:`dinaction.config.ConfigError`, which is about configuration files.
    """


class MissingCredentialsError(ClientConfigError):
    """No SID or auth token; ``missing`` names the environment variables to set."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        self.missing = missing
        names = " and ".join(missing)
        super().__init__(f"missing Xoxzo credentials: set {names}")


class AuthError(XoxzoError):
    """401: the SID/auth token pair was refused."""


class ValidationError(XoxzoError):
    """400: the server rejected a field; ``field_errors`` maps field → messages."""

    def __init__(self, message: str, *, field_errors: Mapping[str, list[str]], **kw: Any) -> None:
        super().__init__(message, **kw)
        self.field_errors = dict(field_errors)


class Forbidden(XoxzoError):  # noqa: N818 - the names the API's statuses go by
    """403: the account may not do this."""


class InsufficientCredits(Forbidden):
    """403 because the account lacks credits; ``required`` when the server said how many."""

    def __init__(self, message: str, *, required: int | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.required = required


class NotFound(XoxzoError):  # noqa: N818
    """404: unknown DIN uid or subscription (the body is often empty)."""


class RateLimited(XoxzoError):  # noqa: N818
    """429 that outlasted the retries; ``retry_after`` is the server's wish in seconds."""


class ServerError(XoxzoError):
    """5xx: the server failed; not the caller's fault."""


class NetworkError(XoxzoError):
    """No usable response: connection refused, DNS failure, timeout, broken stream."""


class UnexpectedResponseError(XoxzoError):
    """A status or body this client does not know how to read (e.g. a redirect)."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Din:
    """A Dial In Number offered for subscription (an item of ``GET /voice/dins/``)."""

    din_uid: str
    #: E.164 without the leading "+", as the API sends it
    din: str
    country_code: str
    #: the local area prefix, without the leading 0
    prefix: str
    minute_cost: float
    monthly_cost: float

    @property
    def e164(self) -> str:
        """The number with its "+", ready for ``transfer`` or ``describe``."""
        return "+" + self.din.lstrip("+")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields, plus ``e164`` for convenience."""
        return {
            "din_uid": self.din_uid,
            "din": self.din,
            "e164": self.e164,
            "country_code": self.country_code,
            "prefix": self.prefix,
            "minute_cost": self.minute_cost,
            "monthly_cost": self.monthly_cost,
        }


@dataclass(frozen=True, slots=True)
class Subscription:
    """A DIN the account holds; ``action_url`` is None until one is set."""

    din_uid: str
    din: str | None = None
    action_url: str | None = None

    @property
    def e164(self) -> str | None:
        """The number with its "+", when the server said which number it is."""
        return None if self.din is None else "+" + self.din.lstrip("+")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "din_uid": self.din_uid,
            "din": self.din,
            "e164": self.e164,
            "action_url": self.action_url,
        }


# --------------------------------------------------------------------------- retry policy


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try again before giving up.

    ``attempts`` counts the first try. A wait is ``backoff * 2**n`` unless the
    server sent ``Retry-After``; a wait longer than ``max_delay``, or one that
    would end past ``total`` seconds since the first try, gives up at once
    (a command-line user would rather read "retry after 120 s" than stare).
    """

    attempts: int = 4
    backoff: float = 0.5
    max_delay: float = 10.0
    total: float = 30.0


# --------------------------------------------------------------------------- redaction


class _Redactor:
    """Blanks the credentials out of any text, in every form a server might echo them in.

    The forms: the SID and the token themselves; base64 of ``sid:token`` (what
    ``Authorization: Basic`` carries; standard and URL-safe alphabets, with or
    without padding) and of each alone. Each form is matched with any of its
    characters percent-encoded (either case of hex), so ``quote(token)`` and a
    percent-encoded base64 are caught too, whatever the server chose to escape.
    """

    __slots__ = ("_pattern",)

    def __init__(self, sid: str, token: str) -> None:
        forms: set[str] = {sid, token}
        for raw in (f"{sid}:{token}", sid, token):
            data = raw.encode("utf-8")
            for encoded in (base64.b64encode(data), base64.urlsafe_b64encode(data)):
                text = encoded.decode("ascii")
                forms.update((text, text.rstrip("=")))
        alternatives = [_loose(form) for form in sorted(filter(None, forms), key=len, reverse=True)]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    def __call__(self, text: str) -> str:
        return text if self._pattern is None else self._pattern.sub("***", text)

    def tree(self, value: Any) -> Any:
        """A decoded JSON value with every string in it (keys too) redacted."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, list):
            return [self.tree(item) for item in value]
        if isinstance(value, Mapping):
            return {self(str(key)): self.tree(item) for key, item in value.items()}
        return value


def _loose(form: str) -> str:
    """A pattern for ``form`` with any character either as itself or percent-encoded (``+`` for a space too)."""
    parts = []
    for char in form:
        encoded = "".join(
            "%" + "".join(f"[{h}{h.lower()}]" if h.isalpha() else h for h in f"{b:02X}") for b in char.encode()
        )
        literal = re.escape(char) + ("|\\+" if char == " " else "")
        parts.append(f"(?:{literal}|{encoded})")
    return "".join(parts)


# --------------------------------------------------------------------------- shared core


@dataclass(frozen=True, slots=True)
class _Request:
    method: str
    path: str
    params: Mapping[str, str] | None = None
    data: Mapping[str, str] | None = None
    retryable: bool = True


class _Core:
    """Configuration, error mapping and retry decisions: the I/O-free half of a client."""

    __slots__ = ("auth", "base_url", "redact", "retry")

    def __init__(
        self,
        sid: str | None,
        auth_token: str | None,
        base_url: str | None,
        retry: RetryPolicy,
    ) -> None:
        sid = (sid if sid is not None else os.environ.get(SID_ENV, "")).strip()
        token = (auth_token if auth_token is not None else os.environ.get(AUTH_TOKEN_ENV, "")).strip()
        missing = tuple(name for name, value in ((SID_ENV, sid), (AUTH_TOKEN_ENV, token)) if not value)
        if missing:
            raise MissingCredentialsError(missing)
        self.base_url = _check_base_url(base_url or os.environ.get(BASE_URL_ENV, "") or DEFAULT_BASE_URL)
        self.auth = httpx.BasicAuth(sid, token)
        self.retry = retry
        self.redact = _Redactor(sid, token)

    def client_kwargs(self, timeout: float | httpx.Timeout) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "auth": self.auth,
            "timeout": timeout,
            "follow_redirects": False,
            "headers": {"Accept": "application/json", "User-Agent": "dinaction"},
        }

    def handle(self, request: _Request, response: httpx.Response, now: float) -> Any:
        """Return the decoded JSON of a 2xx (None when empty); raise the mapped error otherwise."""
        status = response.status_code
        content = response.content
        where = f"{request.method} {request.path}"
        if 200 <= status < 300:
            if not content.strip():
                return None
            try:
                payload = json.loads(content)
            except ValueError:
                said = _quote_body(content, response.headers.get("content-type", ""), self.redact)
                raise UnexpectedResponseError(
                    self.redact(f"{where}: {status} but the body is not JSON: {said}"),
                    status=status,
                    server_said=said,
                ) from None
            return self.redact.tree(payload)
        raise self.error_for(where, response, now)

    def error_for(self, where: str, response: httpx.Response, now: float) -> XoxzoError:
        """Map a non-2xx response to the exception family."""
        status = response.status_code
        reason = response.reason_phrase or httpx.codes.get_reason_phrase(status)
        said, payload = _server_words(response.content, response.headers.get("content-type", ""), self.redact)
        head = self.redact(f"{where}: {status} {reason}".rstrip())
        message = f"{head}: {said}"
        retry_after = _retry_after(response.headers.get("retry-after"), now)
        kw: dict[str, Any] = {"status": status, "server_said": said, "retry_after": retry_after}
        if status == 400:
            return ValidationError(message, field_errors=_field_errors(payload), **kw)
        if status == 401:
            return AuthError(f"{message} (check {SID_ENV} and {AUTH_TOKEN_ENV})", **kw)
        if status == 403:
            if "credit" in said.lower():
                match = re.search(r"required:?\s*(\d+)", said)
                return InsufficientCredits(message, required=int(match[1]) if match else None, **kw)
            return Forbidden(message, **kw)
        if status == 404:
            return NotFound(message, **kw)
        if status == 429:
            return RateLimited(message, **kw)
        if status >= 500:
            return ServerError(message, **kw)
        if 300 <= status < 400:
            location = self.redact(response.headers.get("location", "?"))
            return UnexpectedResponseError(f"{head}: redirected to {location}; check {BASE_URL_ENV}", **kw)
        return XoxzoError(message, **kw)

    def network_error(self, request: _Request, exc: httpx.RequestError) -> NetworkError:
        detail = str(exc) or type(exc).__name__
        return NetworkError(
            self.redact(f"{request.method} {request.path}: no response from the API: {detail}"),
            server_said="",
        )

    def delay(self, request: _Request, attempt: int, elapsed: float, error: XoxzoError) -> float | None:
        """Seconds to wait before trying ``request`` again, or None to give up."""
        if not request.retryable or attempt >= self.retry.attempts:
            return None
        if not (isinstance(error, NetworkError) or error.status in _RETRY_STATUSES):
            return None
        wait = error.retry_after
        if wait is None:
            wait = self.retry.backoff * 2 ** (attempt - 1)
        if wait > self.retry.max_delay or elapsed + wait > self.retry.total:
            return None
        return wait


# --------------------------------------------------------------------------- requests and results


def _req_list_dins(country: str | None, prefix: str | None) -> _Request:
    params: dict[str, str] = {}
    if country is not None:
        if not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
            raise ValueError(f"country must be a two-letter code such as JP, got {country!r}")
        params["country"] = country.strip().upper()
    if prefix is not None:
        digits = prefix.strip().removeprefix("+")
        if not re.fullmatch(r"\d{1,15}", digits):
            raise ValueError(f"prefix must be digits such as 813, got {prefix!r}")
        params["prefix"] = digits
    return _Request("GET", _DINS_PATH, params=params)


def _req_subscribe(din_uid: str) -> _Request:
    return _Request("POST", _SUBSCRIPTIONS_PATH, data={"din_uid": _check_uid(din_uid)}, retryable=False)


def _req_set_action_url(din_uid: str, url: str) -> _Request:
    path = _subscription_path(din_uid)
    return _Request("POST", path, data={"action_url": require_http_url(url)}, retryable=True)


def _req_list_subscriptions() -> _Request:
    return _Request("GET", _SUBSCRIPTIONS_PATH)


def _req_unsubscribe(din_uid: str) -> _Request:
    return _Request("DELETE", _subscription_path(din_uid))


def _subscription_path(din_uid: str) -> str:
    return f"{_SUBSCRIPTIONS_PATH}{quote(_check_uid(din_uid), safe='')}/"


def _check_uid(din_uid: str) -> str:
    uid = din_uid.strip()
    if not uid or any(c.isspace() or c in "/?#%" for c in uid):
        raise ValueError(f"not a DIN uid: {din_uid!r} (expected something like JPafr34rafic76tf)")
    return uid


def _parse_dins(data: Any, where: str) -> list[Din]:
    return [_din(item, where) for item in _as_list(data, where)]


def _din(item: Any, where: str) -> Din:
    try:
        if not item["din_uid"] or not item["din"]:
            raise ValueError("empty")
        return Din(
            din_uid=str(item["din_uid"]),
            din=str(item["din"]),
            country_code=str(item.get("country_code") or ""),
            prefix=str(item.get("prefix") or ""),
            minute_cost=float(item["minute_cost"]),
            monthly_cost=float(item["monthly_cost"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise UnexpectedResponseError(f"{where}: not a DIN: {_short(json.dumps(item))}") from None


def _parse_subscriptions(data: Any, where: str) -> list[Subscription]:
    result = []
    for item in _as_list(data, where):
        sub = _read_subscription(item)
        if sub is None:
            raise UnexpectedResponseError(f"{where}: a subscription without din_uid: {_short(json.dumps(item))}")
        result.append(sub)
    return result


def _read_subscription(item: Any) -> Subscription | None:
    """Read one subscription; the documented shape has ``din_uid`` and ``action.url``."""
    if not isinstance(item, Mapping) or not item.get("din_uid"):
        return None
    action = item.get("action")
    url = action.get("url") if isinstance(action, Mapping) else item.get("action_url")
    din = item.get("din")
    return Subscription(
        din_uid=str(item["din_uid"]), din=str(din) if din else None, action_url=str(url) if url else None
    )


def _result_subscription(body: Any, din_uid: str, action_url: str | None = None) -> Subscription:
    """What a write call returns: the server's account, else what we asked for (the body is undocumented)."""
    sub = _read_subscription(body)
    if sub is None:
        return Subscription(din_uid.strip(), action_url=action_url)
    if action_url is not None and sub.action_url is None:
        return Subscription(sub.din_uid, sub.din, action_url)
    return sub


def _as_list(data: Any, where: str) -> list[Any]:
    if isinstance(data, Mapping) and isinstance(data.get("results"), list):
        return list(data["results"])  # a paginated shape, should the API ever grow one
    if not isinstance(data, list):
        raise UnexpectedResponseError(f"{where}: expected a JSON list, got {_short(json.dumps(data))}")
    return data


# --------------------------------------------------------------------------- helpers


def _check_base_url(url: str) -> str:
    """Refuse base URLs that would send the credentials in clear or in the URL itself."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        raise ClientConfigError(f"{BASE_URL_ENV} is not a URL") from None
    if parts.username is not None or parts.password is not None:
        raise ClientConfigError(f"{BASE_URL_ENV} must not carry credentials; set {SID_ENV} and {AUTH_TOKEN_ENV}")
    if parts.scheme not in ("https", "http") or not host:
        raise ClientConfigError(f"API base URL must look like https://api.xoxzo.com, got {url!r}")
    if parts.scheme == "http" and not _is_loopback(host):
        raise ClientConfigError(
            f"refusing plain http:// API base URL {url!r}: the credentials would travel in clear "
            "(http:// is allowed only for loopback hosts)"
        )
    return url.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds from ``Retry-After`` (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


def _server_words(content: bytes, content_type: str, redact: _Redactor) -> tuple[str, Any]:
    """The server's message in one line, and the decoded JSON payload (or None), both redacted.

    Redacted before shortening, so a cut can never leave the start of a secret.
    """
    if not content.strip():
        return "(empty body)", None
    try:
        payload = redact.tree(json.loads(content))
    except ValueError:
        return _quote_body(content, content_type, redact), None
    return _short(_flatten(payload)), payload


def _flatten(payload: Any) -> str:
    if isinstance(payload, str):
        return payload
    if isinstance(payload, list):
        return "; ".join(_flatten(item) for item in payload)
    if isinstance(payload, Mapping):
        parts = []
        for key, value in payload.items():
            text = _flatten(value)
            plain = key in ("detail", "non_field_errors", "message", "error")
            parts.append(text if plain else f"{key}: {text}")
        return "; ".join(parts)
    return json.dumps(payload)


def _field_errors(payload: Any) -> dict[str, list[str]]:
    if not isinstance(payload, Mapping):
        return {}
    errors: dict[str, list[str]] = {}
    for key, value in payload.items():
        items = value if isinstance(value, list) else [value]
        errors[str(key)] = [_flatten(item) for item in items]
    return errors


def _quote_body(content: bytes, content_type: str, redact: _Redactor) -> str:
    if "html" in content_type.lower():
        return f"(an HTML page, {len(content)} bytes)"
    text = redact(content.decode("utf-8", errors="replace"))
    return f"“{_short(text)}”"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


# --------------------------------------------------------------------------- clients


class DinClient:
    """Blocking client. Use as a context manager so the connection pool is closed.

    ``sleep``, ``clock`` (monotonic) and ``wall_clock`` (epoch seconds, for
    ``Retry-After`` dates) are injectable so tests need not wait.
    """

    def __init__(
        self,
        sid: str | None = None,
        auth_token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = 10.0,
        retry: RetryPolicy = RetryPolicy(),
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._core = _Core(sid, auth_token, base_url, retry)
        self._http = httpx.Client(transport=transport, **self._core.client_kwargs(timeout))
        self._sleep = sleep
        self._clock = clock
        self._wall_clock = wall_clock

    @property
    def base_url(self) -> str:
        return self._core.base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._core.base_url!r}, credentials=<hidden>)"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def list_dins(self, country: str | None = None, prefix: str | None = None) -> list[Din]:
        """DINs available for subscription, optionally filtered by ISO country or number prefix."""
        request = _req_list_dins(country, prefix)
        return _parse_dins(self._send(request), _where(request))

    def subscribe(self, din_uid: str) -> Subscription:
        """Subscribe to a DIN. Charges the monthly cost at once; never retried."""
        request = _req_subscribe(din_uid)
        return _result_subscription(self._send(request), din_uid)

    def set_action_url(self, din_uid: str, url: str) -> Subscription:
        """Point a subscribed DIN at the URL Xoxzo will GET on each call."""
        request = _req_set_action_url(din_uid, url)
        return _result_subscription(self._send(request), din_uid, url.strip())

    def list_subscriptions(self) -> list[Subscription]:
        """The DINs this account holds, with their action URLs."""
        request = _req_list_subscriptions()
        return _parse_subscriptions(self._send(request), _where(request))

    def unsubscribe(self, din_uid: str) -> None:
        """Release a DIN (a rebate applies only within 24 hours of subscribing)."""
        self._send(_req_unsubscribe(din_uid))

    def _send(self, request: _Request) -> Any:
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._http.request(request.method, request.path, params=request.params, data=request.data)
            except httpx.RequestError as exc:
                error: XoxzoError = self._core.network_error(request, exc)
                if not isinstance(exc, httpx.TransportError):
                    raise error from None
            else:
                _log.debug("%s -> %d (attempt %d)", _where(request), response.status_code, attempt)
                try:
                    return self._core.handle(request, response, self._wall_clock())
                except XoxzoError as exc:
                    error = exc
            wait = self._core.delay(request, attempt, self._clock() - started, error)
            if wait is None:
                raise error from None
            _log.info("%s %s: %s; retrying in %.1fs", request.method, request.path, _reason(error), wait)
            self._sleep(wait)


class AsyncDinClient:
    """The asyncio twin of :class:`DinClient`: same arguments, same results, same errors."""

    def __init__(
        self,
        sid: str | None = None,
        auth_token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = 10.0,
        retry: RetryPolicy = RetryPolicy(),
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._core = _Core(sid, auth_token, base_url, retry)
        self._http = httpx.AsyncClient(transport=transport, **self._core.client_kwargs(timeout))
        self._sleep = sleep or _asyncio_sleep
        self._clock = clock
        self._wall_clock = wall_clock

    @property
    def base_url(self) -> str:
        return self._core.base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._core.base_url!r}, credentials=<hidden>)"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def list_dins(self, country: str | None = None, prefix: str | None = None) -> list[Din]:
        """See :meth:`DinClient.list_dins`."""
        request = _req_list_dins(country, prefix)
        return _parse_dins(await self._send(request), _where(request))

    async def subscribe(self, din_uid: str) -> Subscription:
        """See :meth:`DinClient.subscribe` (charges credits; never retried)."""
        return _result_subscription(await self._send(_req_subscribe(din_uid)), din_uid)

    async def set_action_url(self, din_uid: str, url: str) -> Subscription:
        """See :meth:`DinClient.set_action_url`."""
        return _result_subscription(await self._send(_req_set_action_url(din_uid, url)), din_uid, url.strip())

    async def list_subscriptions(self) -> list[Subscription]:
        """See :meth:`DinClient.list_subscriptions`."""
        request = _req_list_subscriptions()
        return _parse_subscriptions(await self._send(request), _where(request))

    async def unsubscribe(self, din_uid: str) -> None:
        """See :meth:`DinClient.unsubscribe`."""
        await self._send(_req_unsubscribe(din_uid))

    async def _send(self, request: _Request) -> Any:
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._http.request(
                    request.method, request.path, params=request.params, data=request.data
                )
            except httpx.RequestError as exc:
                error: XoxzoError = self._core.network_error(request, exc)
                if not isinstance(exc, httpx.TransportError):
                    raise error from None
            else:
                _log.debug("%s -> %d (attempt %d)", _where(request), response.status_code, attempt)
                try:
                    return self._core.handle(request, response, self._wall_clock())
                except XoxzoError as exc:
                    error = exc
            wait = self._core.delay(request, attempt, self._clock() - started, error)
            if wait is None:
                raise error from None
            _log.info("%s %s: %s; retrying in %.1fs", request.method, request.path, _reason(error), wait)
            await self._sleep(wait)


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def _where(request: _Request) -> str:
    return f"{request.method} {request.path}"


def _reason(error: XoxzoError) -> str:
    return "no response" if error.status is None else f"status {error.status}"
