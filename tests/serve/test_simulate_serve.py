"""The simulator against `dinaction serve`: the routes of examples/routes answer generated calls, and expectations hold."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dinaction.preflight.simulate import run_simulation
from dinaction.serve import app_from
from tests.serve.conftest import running

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "routes"
DIN = "+815012345678"
#: a Thursday at 10:00 in Tokyo, no holiday: office hours
OPEN = dt.datetime(2026, 12, 10, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
#: the same day at 20:00: after hours
CLOSED = OPEN.replace(hour=20)

CASES = """
[[case]]
name = "staff are put through"
caller = "+819012345678"
transfer = "+81312345678"

[[case]]
name = "the partner's mobile range is put through"
caller = "+817012345678"
transfer = "+81312345678"

[[case]]
name = "a withheld number is asked to call again, in Japanese"
caller = ""
action = "say"
language = "ja"

[[case]]
name = "a stranger in office hours reaches reception"
caller = "+447400123456"
text = "transfer +81336042000\\n"
"""


def simulate(clock: dt.datetime, tmp_path: Path, cases: str, generate: int) -> tuple[int, dict[str, Any]]:
    expectations = tmp_path / "cases.toml"
    expectations.write_text(cases, encoding="utf-8")
    app = app_from(EXAMPLE, reload=False, clock=lambda: clock)
    out = io.StringIO()
    with running(app) as base:
        code = run_simulation(
            base + "/",
            out,
            generate=generate,
            expect=expectations,
            recipient=DIN,
            rate=500,
            allow_private=True,
            as_json=True,
        )
    return code, json.loads(out.getvalue())


def test_generated_calls_in_office_hours_take_the_routes_the_file_says(tmp_path: Path) -> None:
    code, payload = simulate(OPEN, tmp_path, CASES, generate=40)
    assert payload["failures"] == []
    assert [case["passed"] for case in payload["cases"]] == [True, True, True, True]
    assert code == 0
    texts = {outcome["text"] for outcome in payload["outcomes"]}
    assert texts <= {
        "transfer +81312345678\n",
        "transfer +81336042000\n",
        'say ja "恐れ入りますが、番号を通知しておかけ直しください。"\n',
    }
    assert "transfer +81336042000\n" in texts  # generated strangers reach reception
    assert payload["calls"] == 44


def test_after_hours_a_stranger_reaches_the_voicemail_and_a_wrong_expectation_fails(tmp_path: Path) -> None:
    code, payload = simulate(CLOSED, tmp_path, CASES, generate=10)
    assert code == 1
    results = {case["name"]: case for case in payload["cases"]}
    assert results["staff are put through"]["passed"]
    stranger = results["a stranger in office hours reaches reception"]
    assert not stranger["passed"]
    assert "+voicemail say ja" in "\n".join(stranger["diff"])
