"""``dinaction route``'s answer: which route a call takes, why not the earlier ones, what the caller hears.

The decision is :meth:`Routes.decide`'s (``explain=True``), the very one the
server answers with; this module only puts it into words or JSON.
"""

from __future__ import annotations

from typing import Any

from dinaction.describe import describe_script
from dinaction.serve.conditions import DAYS
from dinaction.serve.routes import Decision, Routes

__all__ = ["explanation_json", "explanation_text"]


def explanation_text(routes: Routes, decision: Decision, *, caller: str | None, recipient: str | None) -> str:
    """The decision for people: the call, each route passed over with its reasons, the answer."""
    lines = [_heading(routes, decision, caller, recipient)]
    if decision.problem:
        lines.append(f"  {decision.problem}: the fallback route answers")
    width = max(len(r.name) for r in routes.routes)
    for number, (route, failed) in enumerate(decision.passed_over, start=1):
        reasons = "; ".join(reason for _, reason in failed)
        lines.append(f"  {number}. {route.name:<{width}}  no: {reasons}")
    chosen = decision.route
    source = f" (from {chosen.file})" if chosen.file else ""
    lines.append(f"→ {decision.index + 1}. {chosen.name:<{width}}  yes{source}")
    lines.append("")
    lines.append("Answer: " + chosen.text.rstrip("\n").replace("\n", "\n        "))
    lines.append(describe_script(chosen.script))
    return "\n".join(lines) + "\n"


def _heading(routes: Routes, decision: Decision, caller: str | None, recipient: str | None) -> str:
    call = decision.call
    if call is None:
        who = f"caller {caller!r}" if caller else "no caller"
        return f"Call from {who} to {recipient!r}"
    at = call.at
    when = f"{at:%Y-%m-%d %H:%M} ({DAYS[at.weekday()]}, {routes.timezone.key})"
    return f"Call from {call.caller or 'a withheld number'} to {call.recipient}, {when}"


def explanation_json(
    routes: Routes, decision: Decision, *, caller: str | None, recipient: str | None
) -> dict[str, Any]:
    """The decision for scripts."""
    call = decision.call
    chosen = decision.route
    return {
        "route": chosen.name,
        "position": decision.index + 1,
        "file": chosen.file,
        "action": chosen.text,
        "description": describe_script(chosen.script),
        "caller": call.caller if call else caller,
        "withheld": call.caller is None if call else None,
        "recipient": call.recipient if call else recipient,
        "at": call.at.isoformat() if call else None,
        "timezone": routes.timezone.key,
        "problem": decision.problem,
        "passed_over": [
            {"route": route.name, "failed": [{"condition": key, "reason": reason} for key, reason in failed]}
            for route, failed in decision.passed_over
        ],
    }
