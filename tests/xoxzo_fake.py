"""A fake Xoxzo DIN API and a fake action server, both real HTTP on loopback.

``FakeXoxzo`` follows the documented behaviour (Xoxzo's API documentation):
Basic auth, form-encoded bodies, JSON answers, the documented error bodies.
Where the docs are silent it decides, and says so here:

- A path without its trailing slash answers 404 with an HTML body (Django with
  ``APPEND_SLASH`` would redirect a GET instead; a 404 makes a client that
  forgets the slash fail loudly, which is what the tests want to see).
- Unknown routes answer 404 with an HTML page; an unknown DIN uid under
  ``/voice/dins/subscriptions/<uid>/`` answers 404 with an empty body.
- An unknown query parameter on ``GET /voice/dins/`` is a 400 for that field.
- ``subscribe`` answers 201 with the new subscription; a subscribed DIN leaves
  the available list; credits are charged at once.
- ``DELETE`` answers 200 with an empty body.

Tests script failures with :meth:`FakeXoxzo.fail` (served before anything
else, in order) and assert on :attr:`FakeXoxzo.log`. A scripted body may quote
the request's own ``Authorization`` header back (``{authorization}``), as a
careless server's debug page does.

``ActionServer`` serves action text and media for the pre-flight, the media
check and the simulator: routes with a body (or one chosen by the caller),
status, content type, extra headers, an optional delay, byte ranges, and the
hostile behaviours the fetcher must survive (a body that never ends, headers
trickled a byte at a time, a body cut short); optionally over TLS.
"""

from __future__ import annotations

import base64
import json
import ssl
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SID = "ACfakesid0123456789"
TOKEN = "tok_s3cr3t_do_not_leak_42"

DINS: tuple[dict[str, Any], ...] = (
    {
        "country_code": "81",
        "din": "815012345678",
        "din_uid": "JPafr34rafic76tf",
        "minute_cost": 1,
        "monthly_cost": 650.0,
        "prefix": "50",
    },
    {
        "country_code": "81",
        "din": "81312345678",
        "din_uid": "JPascfdrwersdf12",
        "minute_cost": 10,
        "monthly_cost": 1900.0,
        "prefix": "3",
    },
    {
        "country_code": "1",
        "din": "12025550123",
        "din_uid": "USqwe987zxc65vbn",
        "minute_cost": 2,
        "monthly_cost": 300.0,
        "prefix": "202",
    },
)
_COUNTRIES = {"JP": "81", "US": "1"}


class _Server(ThreadingHTTPServer):
    """Keeps handler errors (a client hanging up mid-answer) off stderr, where a
    CliRunner would capture them as the command's output; ``errors`` has them."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.errors: list[str] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.errors.append(traceback.format_exc())


@dataclass(frozen=True)
class Logged:
    """One request as the server saw it (the Authorization header is reduced to ok/not ok)."""

    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    authorized: bool
    raw_path: str
    headers: dict[str, str]


@dataclass
class Scripted:
    method: str
    path: str
    status: int
    body: bytes
    headers: dict[str, str]
    times: int
    delay: float = 0.0
    #: replace ``{authorization}`` in the body with the request's Authorization header
    echo: bool = False


@dataclass
class FakeXoxzo:
    """The fake API's state. ``url`` is set once :meth:`running` has started it."""

    credits: float = 5000.0
    dins: list[dict[str, Any]] = field(default_factory=lambda: [dict(d) for d in DINS])
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)
    url: str = ""
    #: tracebacks of requests the server failed to answer (normally a client that hung up)
    errors: list[str] = field(default_factory=list)
    _scripted: list[Scripted] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        body: bytes | str | dict[str, Any] | list[Any] = b"",
        *,
        headers: dict[str, str] | None = None,
        times: int = 1,
        delay: float = 0.0,
        echo: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with this response instead.

        ``echo``: ``{authorization}`` in the body (and in ``headers``' values) is
        replaced with the request's raw Authorization header.
        """
        if isinstance(body, (dict, list)):
            raw = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", **(headers or {})}
        else:
            raw = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._scripted.append(Scripted(method, path, status, raw, headers or {}, times, delay, echo))

    def subscribe_now(self, din_uid: str, action_url: str | None = None) -> None:
        """Put a subscription in place without going through the API."""
        din = next(d for d in self.dins if d["din_uid"] == din_uid)
        self.dins.remove(din)
        self.subscriptions[din_uid] = {"din_uid": din_uid, "din": din["din"], "action": {"url": action_url}}

    def requests(self, method: str | None = None, path: str | None = None) -> list[Logged]:
        """The logged requests, filtered."""
        return [r for r in self.log if (method is None or r.method == method) and (path is None or r.path == path)]

    @classmethod
    @contextmanager
    def running(cls, **kwargs: Any) -> Iterator[FakeXoxzo]:
        """Start on 127.0.0.1, an ephemeral port; stop on exit."""
        fake = cls(**kwargs)
        server = _Server(_api_handler(fake))
        fake.errors = server.errors
        fake.url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        try:
            yield fake
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)

    # ---------------------------------------------------------------- behaviour

    def answer(self, req: Logged, authorization: str = "") -> tuple[int, bytes, dict[str, str], float]:
        with self._lock:
            self.log.append(req)
            for scripted in self._scripted:
                if scripted.method == req.method and scripted.path == req.path and scripted.times > 0:
                    scripted.times -= 1
                    body, headers = scripted.body, scripted.headers
                    if scripted.echo:
                        body = body.replace(b"{authorization}", authorization.encode())
                        headers = {k: v.replace("{authorization}", authorization) for k, v in headers.items()}
                    return scripted.status, body, headers, scripted.delay
            return (*self._route(req), 0.0)

    def _route(self, req: Logged) -> tuple[int, bytes, dict[str, str]]:
        if not req.path.endswith("/"):
            return _html(404, "Not Found")
        if not req.authorized:
            return _json(401, {"detail": "Invalid sid/token"})
        parts = req.path.strip("/").split("/")
        if parts == ["voice", "dins"] and req.method == "GET":
            return self._list_dins(req)
        if parts == ["voice", "dins", "subscriptions"]:
            if req.method == "GET":
                return _json(200, list(self.subscriptions.values()))
            if req.method == "POST":
                return self._subscribe(req)
        if len(parts) == 4 and parts[:3] == ["voice", "dins", "subscriptions"]:
            uid = parts[3]
            if uid not in self.subscriptions:
                return 404, b"", {}
            if req.method == "POST":
                return self._set_action(uid, req)
            if req.method == "DELETE":
                del self.subscriptions[uid]
                return 200, b"", {}
        return _html(404, "Not Found")

    def _list_dins(self, req: Logged) -> tuple[int, bytes, dict[str, str]]:
        unknown = sorted(set(req.query) - {"country", "prefix"})
        if unknown:
            return _json(400, {key: ["Unknown filter."] for key in unknown})
        dins = self.dins
        if "country" in req.query:
            code = _COUNTRIES.get(req.query["country"][0], "-")
            dins = [d for d in dins if d["country_code"] == code]
        if "prefix" in req.query:
            dins = [d for d in dins if d["din"].startswith(req.query["prefix"][0])]
        return _json(200, dins)

    def _subscribe(self, req: Logged) -> tuple[int, bytes, dict[str, str]]:
        uid = req.form.get("din_uid", [""])[0]
        if not uid:
            return _json(400, {"din_uid": ["This field is required."]})
        din = next((d for d in self.dins if d["din_uid"] == uid), None)
        if din is None:
            return _json(400, {"din_uid": ["Invalid din_uid."]})
        if self.credits < din["monthly_cost"]:
            needed = f"Not enough credits, required: {din['monthly_cost']:g}"
            return _json(403, {"non_field_errors": [needed]})
        self.credits -= din["monthly_cost"]
        self.dins.remove(din)
        item = {"din_uid": uid, "din": din["din"], "action": {"url": None}}
        self.subscriptions[uid] = item
        return _json(201, item)

    def _set_action(self, uid: str, req: Logged) -> tuple[int, bytes, dict[str, str]]:
        url = req.form.get("action_url", [""])[0]
        if not url:
            return _json(400, {"action_url": ["This field is required."]})
        if not url.startswith(("http://", "https://")):
            return _json(400, {"action_url": ["Enter a valid URL."]})
        self.subscriptions[uid]["action"] = {"url": url}
        return _json(200, self.subscriptions[uid])


def _json(status: int, payload: Any) -> tuple[int, bytes, dict[str, str]]:
    return status, json.dumps(payload).encode(), {"Content-Type": "application/json"}


def _html(status: int, title: str) -> tuple[int, bytes, dict[str, str]]:
    return status, f"<html><body><h1>{title}</h1></body></html>".encode(), {"Content-Type": "text/html"}


def _api_handler(fake: FakeXoxzo) -> type[BaseHTTPRequestHandler]:
    expected = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output clean."""

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            req = Logged(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query, keep_blank_values=True),
                form=parse_qs(body, keep_blank_values=True),
                authorized=self.headers.get("Authorization") == expected,
                raw_path=self.path,
                headers={k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"},
            )
            status, payload, headers, delay = fake.answer(req, self.headers.get("Authorization") or "")
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                self.close_connection = True  # the client gave up waiting (timeout tests)

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def do_DELETE(self) -> None:
            self._handle()

    return Handler


# --------------------------------------------------------------------------- action server


#: an answer chosen by the request: (query, headers) → body, or (status, body)
Responder = Callable[[dict[str, list[str]], dict[str, str]], str | bytes | tuple[int, bytes]]


@dataclass
class Route:
    """What the action server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    #: send this many body bytes without a Content-Length (a body that will not end)
    stream: int = 0
    #: seconds between the bytes of the status line and headers (a server that trickles)
    trickle: float = 0.0
    #: honour ``Range: bytes=a-b`` with a 206, as static hosts do
    ranges: bool = False
    #: declare the whole body's length but send only this many bytes, then hang up
    truncate: int | None = None
    #: the body from the query and headers instead of ``body`` (a server that answers by caller)
    respond: Responder | None = None


@dataclass
class ActionServer:
    """Serves action text (and media) on loopback, as a customer's servers would.

    ``log`` has each request's path and query; ``seen`` each request's headers.
    """

    routes: dict[str, Route] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    seen: list[dict[str, str]] = field(default_factory=list)
    url: str = ""
    errors: list[str] = field(default_factory=list)
    #: how many header bytes a trickling route had sent when the client hung up
    trickled: list[int] = field(default_factory=list)

    def serve(
        self,
        path: str,
        body: str | bytes = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        stream: int = 0,
        trickle: float = 0.0,
        ranges: bool = False,
        truncate: int | None = None,
        respond: Responder | None = None,
    ) -> str:
        """Add a route; return its full URL."""
        raw = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(
            raw, status, content_type, headers or {}, delay, stream, trickle, ranges, truncate, respond
        )
        return self.url + path

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Add a redirect; ``to`` may be a path on this server or a full URL."""
        target = to if "://" in to else self.url + to
        return self.serve(path, status=status, content_type=None, headers={"Location": target})

    @classmethod
    @contextmanager
    def running(cls, tls: ssl.SSLContext | None = None, host: str | None = None) -> Iterator[ActionServer]:
        """Start on 127.0.0.1, an ephemeral port; stop on exit.

        ``tls``: serve HTTPS with this server-side context; ``host``: the name
        ``url`` uses instead of 127.0.0.1 (for a client that pins it there).
        """
        actions = cls()
        server = _Server(_action_handler(actions))
        if tls is not None:
            server.socket = tls.wrap_socket(server.socket, server_side=True)
        actions.errors = server.errors
        scheme = "https" if tls is not None else "http"
        actions.url = f"{scheme}://{host or '127.0.0.1'}:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        try:
            yield actions
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)


def _action_handler(actions: ActionServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output clean."""

        def do_GET(self) -> None:
            actions.log.append(self.path)
            actions.seen.append({k.lower(): v for k, v in self.headers.items()})
            parts = urlsplit(self.path)
            route = actions.routes.get(parts.path)
            if route is None:
                route = Route(b"not here", 404)
            if route.delay:
                time.sleep(route.delay)
            body, status = route.body, route.status
            if route.respond is not None:
                answer = route.respond(parse_qs(parts.query, keep_blank_values=True), actions.seen[-1])
                if isinstance(answer, tuple):
                    status, answer = answer
                body = answer.encode() if isinstance(answer, str) else answer
            if route.trickle:
                self._trickle(route, body)
                return
            headers = dict(route.headers)
            wanted = _byte_range(self.headers.get("Range"), len(body)) if route.ranges else None
            if route.ranges:
                headers["Accept-Ranges"] = "bytes"
            if wanted is not None:
                first, last = wanted
                status, headers["Content-Range"] = 206, f"bytes {first}-{last}/{len(body)}"
                body = body[first : last + 1]
            self.send_response(status)
            if route.content_type:
                self.send_header("Content-Type", route.content_type)
            for key, value in headers.items():
                self.send_header(key, value)
            if route.stream:
                self._stream(route.stream)
                return
            self.send_header("Content-Length", str(len(body)))
            try:
                self.end_headers()
                self.wfile.write(body if route.truncate is None else body[: route.truncate])
            except OSError:
                self.close_connection = True  # the client timed out first (the delay tests)
            if route.truncate is not None:
                self.close_connection = True

        def _stream(self, size: int) -> None:
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"a" * 65536
            sent = 0
            try:
                while sent < size:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the client stopped reading, as it should
            self.close_connection = True

        def _trickle(self, route: Route, body: bytes) -> None:
            """The status line and headers one byte at a time; a finite number of them, then the body."""
            head = (
                f"HTTP/1.1 {route.status} OK\r\nContent-Type: {route.content_type}\r\n"
                f"X-Padding: {'.' * 32}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            ).encode()
            sent = 0
            try:
                for byte in head:
                    self.wfile.write(bytes([byte]))
                    sent += 1
                    time.sleep(route.trickle)
                self.wfile.write(body)
            except OSError:
                actions.trickled.append(sent)  # the client hung up, as it should
            self.close_connection = True

    return Handler


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The (first, last) of a ``bytes=a-b`` or ``bytes=a-`` range that fits ``size``; None otherwise."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[len("bytes=") :].partition("-")
    if not first.isdigit() or int(first) >= size:
        return None
    end = min(int(last), size - 1) if last.isdigit() else size - 1
    return int(first), end


def main() -> None:
    """Run both fakes until interrupted, for trying the CLI by hand.

    ``python tests/xoxzo_fake.py`` prints the environment to export; the action
    server answers ``/hello`` (a good action) and ``/typo`` (a lint error).
    """
    with FakeXoxzo.running() as api, ActionServer.running() as actions:
        actions.serve("/hello", 'say en "Thanks for calling. Transferring you now."\n')
        actions.serve("/typo", "playbak https://example.com/a.mp3\n")
        actions.serve("/transfer", "transfer +81336042000 --caller=+815012345678\n")
        print(f"export XOXZO_API_URL={api.url} XOXZO_API_SID={SID} XOXZO_API_AUTH_TOKEN={TOKEN}")
        print(f"actions: {actions.url}/hello {actions.url}/typo {actions.url}/transfer", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
