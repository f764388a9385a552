"""A small action URL server: the standard library and the dinaction builder, nothing else.

When a call reaches a Dial In Number, Xoxzo fetches the number's action URL as
``GET /?caller=%2B819012345678&recipient=%2B815012345678`` and runs the one line
of plain text that comes back. This server picks that line from who is calling
and which number they called:

* a caller the office knows is put through to their own contact;
* any other caller is put through to reception;
* a caller who hides their number hears why they cannot be put through;
* out of office hours, everyone reaches the voicemail.

Every answer is built with the dinaction builder, so it is valid action text by
construction. Run it, then point a DIN's action URL at it (Xoxzo must be able to
reach it from the internet)::

    python examples/server.py --port 8000
    curl 'http://127.0.0.1:8000/?caller=%2B819012345678&recipient=%2B815012345678'
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from dinaction import ActionError, Say, Script, Transfer, Voicemail

log = logging.getLogger("dinaction.example.server")

JST = timezone(timedelta(hours=9), "JST")
Clock = Callable[[], datetime]

#: what callers hear, by the office's language
WORDS: Mapping[str, Mapping[str, str]] = {
    "ja": {
        "anonymous": "恐れ入りますが、番号を通知しておかけ直しください。",
        "closed": "お電話ありがとうございます。ただいま営業時間外です。発信音の後にメッセージをお残しください。",
        "unknown_number": "この番号は現在使われておりません。",
        "trouble": "申し訳ございません。ただいま電話をおつなぎできません。",
    },
    "en": {
        "anonymous": "Sorry, we cannot take calls from withheld numbers. Please call again with your number shown.",
        "closed": "Thank you for calling. We are closed now. Please leave a message after the tone.",
        "unknown_number": "This number is not in service.",
        "trouble": "Sorry, we cannot put your call through right now.",
    },
}


@dataclass(frozen=True)
class Office:
    """What one Dial In Number leads to."""

    name: str
    #: where calls go in office hours (E.164)
    reception: str
    #: the language the office speaks to callers in (`en` or `ja`)
    lang: str
    opens: time = time(9, 0)
    closes: time = time(18, 0)
    #: Monday is 0
    open_days: frozenset[int] = frozenset(range(5))
    tz: tzinfo = JST
    #: callers the office knows (E.164) → the number of their own contact
    contacts: Mapping[str, str] = field(default_factory=dict)

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.tz)
        return local.weekday() in self.open_days and self.opens <= local.time() < self.closes


#: the DINs this server answers for (recipient → office)
OFFICES: Mapping[str, Office] = {
    "+815012345678": Office(
        name="Tokyo",
        reception="+81336042000",
        lang="ja",
        contacts={"+819012345678": "+81312345678"},
    ),
    "+12015550123": Office(
        name="New Jersey",
        reception="+12015550100",
        lang="en",
        tz=timezone(timedelta(hours=-5), "EST"),
    ),
}


def caller_number(raw: str | None) -> str | None:
    """The caller's E.164 number, or None when the caller is anonymous.

    Anonymous callers arrive without a usable ``caller``. A ``+`` that was not
    percent-encoded arrives as a space, so bare digits get their ``+`` back.
    """
    text = (raw or "").strip()
    if text.isdigit():
        text = "+" + text
    if not text.startswith("+"):
        return None
    try:
        return Transfer(text).number
    except ActionError:
        return None


def choose_action(caller: str | None, recipient: str | None, now: datetime, offices: Mapping[str, Office]) -> Script:
    """The one action for this call."""
    office = offices.get(caller_number(recipient) or "")
    if office is None:
        return Script([Say("en", WORDS["en"]["unknown_number"])])
    words = WORDS[office.lang]
    if not office.is_open(now):
        return Script([Voicemail(Say(office.lang, words["closed"]))])
    number = caller_number(caller)
    if number is None:
        return Script([Say(office.lang, words["anonymous"])])
    contact = office.contacts.get(number)
    if contact is not None and contact != number:
        # show the contact who is calling; carriers may replace the caller id
        return Script([Transfer(contact, caller=number)])
    return Script([Transfer(office.reception)])


class ActionServer(ThreadingHTTPServer):
    """An HTTP server that knows its offices and its clock (a test sets the clock)."""

    def __init__(
        self,
        address: tuple[str, int],
        offices: Mapping[str, Office] = OFFICES,
        clock: Clock = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(address, ActionHandler)
        self.offices = offices
        self.clock = clock


class ActionHandler(BaseHTTPRequestHandler):
    server: ActionServer

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        caller = query.get("caller", [None])[0]
        recipient = query.get("recipient", [None])[0]
        try:
            script = choose_action(caller, recipient, self.server.clock(), self.server.offices)
        except ActionError:
            # an office misconfigured (a bad number in OFFICES): the caller still hears something
            log.exception("no action for caller=%r recipient=%r", caller, recipient)
            script = Script([Say("en", WORDS["en"]["trouble"])])
        response = script.http_response()
        self.send_response(HTTPStatus.OK)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-store")  # each call gets its own answer
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s " + format, self.address_string(), *args)


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted; 2 (and one line on stderr) when the address cannot be listened on."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        server = ActionServer((args.host, args.port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            reason = "the port is in use: choose another with --port (0 picks a free one)"
        else:
            reason = f"{exc.strerror or exc}: check --host and --port"
        print(f"server.py: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 2
    with server:
        host, port = server.server_address[:2]
        print(f"serving action URLs on http://{host!s}:{port}/", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
