"""An action as an HTTP response: the body Xoxzo fetches from an action URL.

Kept free of any web framework: the body, its content type and ready-made
headers are enough for Flask, Django, WSGI and ``http.server`` alike.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CONTENT_TYPE", "ActionBody"]

#: what Xoxzo reads: plain text, in UTF-8 (Japanese messages included)
CONTENT_TYPE = "text/plain; charset=utf-8"


@dataclass(frozen=True, slots=True)
class ActionBody:
    """The bytes to send and how to label them.

    Flask: ``return r.body, r.headers``; Django: ``HttpResponse(r.body,
    content_type=r.content_type)``; ``http.server``: ``send_header`` for each
    of ``r.headers``, then ``wfile.write(r.body)``.
    """

    body: bytes
    content_type: str = CONTENT_TYPE

    @classmethod
    def of(cls, text: str) -> ActionBody:
        """The UTF-8 body of an action file's text."""
        return cls(text.encode("utf-8"))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def headers(self) -> dict[str, str]:
        """``Content-Type`` and ``Content-Length``, a fresh dict each time."""
        return {"Content-Type": self.content_type, "Content-Length": str(len(self.body))}
