"""The call path checked before a number goes live: the action URL, the media behind it, many calls.

- :mod:`~dinaction.preflight.action`: fetch an action URL the way Xoxzo will and lint the answer;
- :mod:`~dinaction.preflight.media`: fetch every playback URL and read the bytes as MPEG audio;
- :mod:`~dinaction.preflight.simulate`: replay many calls against an action URL;
- :mod:`~dinaction.preflight.fetch`: the one fetcher they share (one deadline, a size cap, the
  checked address pinned).

Importing this package is light: httpx, mutagen and rich load when a check runs.
"""

from __future__ import annotations

from dinaction.preflight.action import PreflightResult, call_url, check_action_url, check_call, require_e164
from dinaction.preflight.limits import DEFAULT_CALLER, DEFAULT_RECIPIENT

__all__ = [
    "DEFAULT_CALLER",
    "DEFAULT_RECIPIENT",
    "PreflightResult",
    "call_url",
    "check_action_url",
    "check_call",
    "require_e164",
]
