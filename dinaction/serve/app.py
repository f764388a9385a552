"""The ASGI app: every GET is answered with the action text of the route ``Routes.decide`` picks.

Plain ASGI 3 (no framework): the answer for each route is encoded once, when
the routes are loaded, so a call costs reading two query values, one decision
and one log line. The routes in use are one immutable snapshot, replaced whole
by the reloader: a request sees the old set or the new, never a mix.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from dinaction.facts.numbers import calling_code
from dinaction.serve.routes import CONTENT_TYPE, Routes, read_number

__all__ = ["ACCESS_LOG", "LOG", "RoutesApp", "Snapshot", "mask_number"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Clock = Callable[[], dt.datetime]

#: one JSON object per call: time, caller (masked), recipient, route, status, ms
ACCESS_LOG = "dinaction.serve.access"
#: reloads, refusals and what the server is doing
LOG = "dinaction.serve"
_ALLOW = [(b"allow", b"GET, HEAD")]
_HEALTHY = b"ok\n"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The routes in use and each route's answer, encoded once (index = route index)."""

    routes: Routes
    answers: tuple[tuple[list[tuple[bytes, bytes]], bytes], ...]
    #: where the routes came from, for the logs (None when built in Python)
    source: str | None = None
    #: each route's name as a JSON string, for the access log
    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, routes: Routes, source: str | None = None) -> Snapshot:
        answers = []
        for route in routes.routes:
            body = route.body
            headers = [
                (b"content-type", CONTENT_TYPE.encode("ascii")),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"cache-control", b"no-store"),  # each call gets its own answer
            ]
            answers.append((headers, body))
        names = tuple(json.dumps(route.name, ensure_ascii=False) for route in routes.routes)
        return cls(routes, tuple(answers), source, names)


class RoutesApp:
    """An action URL server for one set of routes (see :func:`dinaction.serve.app_from`).

    ``reloader`` (optional) runs while the ASGI server's lifespan lasts and
    calls :meth:`swap` with each new set of routes that passes its checks.
    """

    def __init__(
        self,
        snapshot: Snapshot,
        *,
        clock: Clock | None = None,
        mask_numbers: bool = True,
        reloader: Callable[[RoutesApp], Coroutine[Any, Any, None]] | None = None,
    ) -> None:
        self._snapshot = snapshot
        self._clock = clock
        self._mask = mask_numbers
        self._reloader = reloader
        self._access = logging.getLogger(ACCESS_LOG)
        self._log = logging.getLogger(LOG)

    @property
    def routes(self) -> Routes:
        """The routes answering calls now."""
        return self._snapshot.routes

    def swap(self, snapshot: Snapshot) -> None:
        """Answer with ``snapshot`` from the next request on (one reference assignment: atomic)."""
        self._snapshot = snapshot

    def warm(self) -> None:
        """Pay the first call's one-time costs (imports, caches) before the first real call."""
        routes = self._snapshot.routes
        routes.decide("+819012345678", "+815012345678")
        mask_number("+819012345678")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _http(self, scope: Scope, send: Send) -> None:
        started = time.perf_counter()
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            await _respond(send, 405, [*_ALLOW, (b"content-type", b"text/plain; charset=utf-8")], b"GET or HEAD\n")
            return
        if scope["path"] == "/healthz":
            await _respond(send, 200, [(b"content-type", b"text/plain; charset=utf-8")], _HEALTHY, method == "HEAD")
            return
        caller, recipient = _query(scope["query_string"])
        snapshot = self._snapshot
        routes = snapshot.routes
        decision = routes.decide(caller, recipient, self._clock() if self._clock is not None else None)
        headers, body = snapshot.answers[decision.index]
        await _respond(send, 200, headers, body, method == "HEAD")
        if self._access.isEnabledFor(logging.INFO):
            call = decision.call
            shown = self._shown(call.caller) if call else self._raw(caller, withheld_ok=True)
            target = call.recipient if call else self._raw(recipient, withheld_ok=False)
            # numbers and the words above need no JSON escaping; names and problems are encoded
            line = (
                f'{{"time": "{_now()}", "caller": "{shown}", "recipient": "{target}", '
                f'"route": {snapshot.names[decision.index]}, "status": 200, '
                f'"ms": {round((time.perf_counter() - started) * 1000, 3)}'
            )
            if decision.problem:
                line += f', "problem": {json.dumps(decision.problem, ensure_ascii=False)}'
            self._access.info(line + "}")

    def _shown(self, caller: str | None) -> str:
        if caller is None:
            return "withheld"
        return mask_number(caller) if self._mask else caller

    def _raw(self, value: str | None, *, withheld_ok: bool) -> str:
        """A query value of a call answered by the fallback: shown as read, or `unreadable`."""
        number, problem = read_number(value, withheld_ok=withheld_ok)
        if problem is not None:
            return "unreadable"
        return self._shown(number) if withheld_ok else str(number)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        task: asyncio.Task[None] | None = None
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.warm()
                if self._reloader is not None:
                    task = asyncio.create_task(self._reloader(self))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _respond(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes, head_only: bool = False
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head_only else body})


def _query(raw: bytes) -> tuple[str | None, str | None]:
    """The first ``caller`` and ``recipient`` of a query string (None when absent).

    Only those two values are decoded (``unquote_plus``, as ``parse_qsl`` would):
    the rest of the query, whatever it holds, costs one split.
    """
    caller = recipient = None
    if raw:
        for part in raw.split(b"&"):
            name, _, value = part.partition(b"=")
            if name == b"caller":
                if caller is None:
                    caller = _value(value)
            elif name == b"recipient" and recipient is None:
                recipient = _value(value)
    return caller, recipient


def _value(raw: bytes) -> str:
    """A query value decoded; ``%2B`` and digits, what Xoxzo sends, without the general decoder."""
    if raw[:3] in (b"%2B", b"%2b") and raw[3:].isdigit():
        return "+" + raw[3:].decode("ascii")
    return unquote_plus(raw.decode("latin-1"))


def _now() -> str:
    """The time in UTC, ISO 8601 to the millisecond (``2026-12-24T11:00:00.123Z``)."""
    now = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"


@functools.lru_cache(maxsize=4096)
def mask_number(number: str) -> str:
    """``+819012345678`` → ``+81…5678``: the country calling code and the last four digits."""
    code = calling_code(number)
    return f"+{code or ''}…{number[-4:]}"
