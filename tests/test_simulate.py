"""The simulator against real servers on loopback: one that answers by caller, and examples/server.py."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import phonenumbers
import pytest
from typer.testing import CliRunner

from dinaction.cli.app import app as dinaction_app
from dinaction.preflight import require_e164
from dinaction.preflight.fetch import Fetcher
from dinaction.preflight.simulate import (
    Call,
    generate_calls,
    progress_bar,
    read_calls,
    read_cases,
    run_simulation,
    write_report,
)
from dinaction.preflight.simulate import simulate as run
from tests import media_files as mf
from tests.xoxzo_fake import ActionServer

DIN = "+815012345678"
KNOWN = "+819012345678"
MP3 = mf.frames(40)
SERVER_PY = Path(__file__).resolve().parents[1] / "examples" / "server.py"
#: a Wednesday, 11:00 in Tokyo: the example office is open
OPEN = datetime(2025, 6, 4, 2, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[ActionServer]:
    with ActionServer.running() as actions:
        yield actions


def fetcher() -> Fetcher:
    return Fetcher(allow_private=True, timeout=5)


def by_caller(server: ActionServer, answers: dict[str, str | tuple[int, bytes]], default: str) -> str:
    """A route answering by the caller in the query (the `+` arrives as a space, as Xoxzo sends it)."""

    def respond(query: dict[str, list[str]], _headers: dict[str, str]) -> str | tuple[int, bytes]:
        caller = query.get("caller", [""])[0].replace(" ", "+")
        return answers.get(caller, default)

    return server.serve("/action", respond=respond)


# --------------------------------------------------------------------------- where calls come from


def test_generated_calls_are_a_valid_spread() -> None:
    calls = generate_calls(60, recipient=DIN)
    assert calls == generate_calls(60, recipient=DIN)  # reproducible
    assert calls[0] == Call("", DIN, "withheld")
    numbers = [c.caller for c in calls if c.caller]
    for number in numbers:
        require_e164("caller", number)
        assert phonenumbers.is_valid_number(phonenumbers.parse(number)), number
    regions = {phonenumbers.region_code_for_number(phonenumbers.parse(n)) for n in numbers}
    assert len(regions) >= 15
    kinds = " ".join(c.kind for c in calls)
    assert "mobile" in kinds and "fixed line" in kinds and "toll free" in kinds and "IP phone" in kinds
    assert min(len(n) for n in numbers) <= 9  # Niue's and Saint Helena's short numbers
    assert any(n.startswith("+390") for n in numbers)  # an Italian fixed line keeps its 0
    assert all(c.recipient == DIN for c in calls)


def test_past_the_examples_numbers_are_varied() -> None:
    calls = generate_calls(200, seed=3)
    numbers = [c.caller for c in calls if c.caller]
    assert len(set(numbers)) > len(numbers) * 0.8
    assert generate_calls(200, seed=3) == calls != generate_calls(200, seed=4)


def test_calls_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("caller,recipient\n+819012345678,+815012345678\n,\n+447400123456,+81312345678\n", encoding="utf-8")
    assert read_calls(path, recipient=DIN) == [
        Call("+819012345678", DIN),
        Call("", DIN, "withheld"),
        Call("+447400123456", "+81312345678"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("number\n+819012345678\n", "the first line must name the columns: caller,recipient"),
        ("caller\n+819012345678\n090-1234-5678\n", "calls.csv:3: caller must be an E.164 number"),
        ("caller,recipient\n+819012345678,81312345678\n", "calls.csv:2: recipient must be an E.164 number"),
        ("caller\n", "no calls"),
    ],
)
def test_bad_csv_says_where(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_calls(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[case]]\ncaller = "+819012345678"\ntrasnfer = "+81312345678"\n', r"unknown key 'trasnfer' \(known: name"),
        ('[[case]]\ncaller = "+819012345678"\naction = "hangup"\n', "action must be one of say, playback"),
        ('[[case]]\naction = "say"\n', "every case needs a caller"),
        ('[[case]]\ncaller = "+819012345678"\n', "say what must happen"),
        ('[[case]]\nname = "x"\ncaller = "+819012345678"\ntransfer = "03-1234"\n', "x: transfer must be an E.164"),
        ("caller = 1\n", r"expected one or more \[\[case\]\] tables"),
        ("[[case]\n", "not valid TOML"),
    ],
)
def test_bad_expectations_say_where(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "cases.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_cases(path)


# --------------------------------------------------------------------------- a server that answers by caller


def test_outcomes_failures_and_media_once_per_url(server: ActionServer) -> None:
    good = server.serve("/hello.mp3", MP3, content_type="audio/mpeg", ranges=True)
    bad = server.serve("/hello.wav.mp3", mf.wav(), content_type="audio/wav")
    url = by_caller(
        server,
        {
            "": 'say ja "番号を通知してください"\n',
            KNOWN: "transfer +81312345678\n",
            "+447400123456": f"playback {bad}\n",
            "+14155550123": (500, b"boom"),
            "+33612345678": "playbak https://example.com/a.mp3\n",
        },
        default=f"playback {good}\n",
    )
    callers = ["", KNOWN, "+447400123456", "+14155550123", "+33612345678", *(f"+8190123400{i:02d}" for i in range(6))]
    report = run(url, [Call(c, DIN) for c in callers], fetcher=fetcher(), rate=100)
    assert [(o.calls, o.example.caller) for o in report.outcomes] == [
        (6, "+819012340000"),
        (1, ""),
        (1, KNOWN),
        (1, "+447400123456"),
    ]
    assert report.outcomes[0].description == f"The caller hears the mp3 at {good}."
    assert [(f.kind, f.what) for f in report.failures] == [
        ("HTTP error", f"call from +14155550123 to {DIN}"),
        ("lint error", f"call from +33612345678 to {DIN}"),
        ("bad media", f"media {bad}"),
    ]
    assert report.failures[1].problem == (
        "the action text has 1 error: 1:1 DA002 unknown action `playbak`; did you mean `playback`?"
    )
    assert report.failures[2].problem == "DA605 the file is not MPEG audio: it is a WAV file"
    assert report.failures[2].calls == 1
    assert sorted(m.url for m in report.media) == sorted([good, bad])
    assert sum(entry.startswith("/hello.mp3") for entry in server.log) == 1  # once, for six calls
    assert not report.ok

    out = io.StringIO()
    assert write_report(report, out) == 1
    text = out.getvalue()
    assert text.startswith(f"11 calls to {url} in ")
    assert "4 distinct answers, 3 failures" in text
    assert "+81 90-1234-0000 (Japan)" in text and "(withheld)" in text
    assert "  bad media: media " in text and "(1 call): DA605" in text

    out = io.StringIO()
    assert write_report(report, out, as_json=True) == 1
    payload = json.loads(out.getvalue())
    assert payload["calls"] == 11 and payload["ok"] is False
    assert [o["calls"] for o in payload["outcomes"]] == [6, 1, 1, 1]
    assert [f["kind"] for f in payload["failures"]] == ["HTTP error", "lint error", "bad media"]


def test_a_clean_run_exits_0(server: ActionServer) -> None:
    url = server.serve("/action", 'say en "Hello"\n')
    report = run(url, generate_calls(8), fetcher=fetcher(), rate=100, media=False)
    assert report.ok and len(report.outcomes) == 1 and report.outcomes[0].calls == 8
    assert write_report(report, io.StringIO()) == 0


def test_timeouts_are_failures(server: ActionServer) -> None:
    url = server.serve("/action", 'say en "late"\n', delay=1.0)
    report = run(url, [Call(KNOWN, DIN)], fetcher=Fetcher(allow_private=True, timeout=0.2), rate=100)
    assert [f.kind for f in report.failures] == ["timeout"]


def test_private_hosts_need_allow_private(server: ActionServer) -> None:
    url = server.serve("/action", 'say en "Hello"\n')
    report = run(url, [Call(KNOWN, DIN)], fetcher=Fetcher(), rate=100)
    assert [f.kind for f in report.failures] == ["fetch"]
    assert "--allow-private" in report.failures[0].problem
    assert server.log == []


def test_rate_and_concurrency_are_bounds(server: ActionServer) -> None:
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def slow(_query: dict[str, list[str]], _headers: dict[str, str]) -> str:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return 'say en "hi"\n'

    url = server.serve("/action", respond=slow)
    started = time.monotonic()
    report = run(url, generate_calls(12), fetcher=fetcher(), rate=40, concurrency=2, media=False)
    assert report.ok
    assert state["most"] <= 2
    assert time.monotonic() - started >= 11 / 40  # the 12th call may not start before 11/40 s


def test_progress_is_reported_for_every_call(server: ActionServer) -> None:
    url = server.serve("/action", 'say en "hi"\n')
    seen: list[tuple[int, int]] = []
    run(url, generate_calls(5), fetcher=fetcher(), rate=100, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_a_terminal() -> None:
    assert progress_bar(io.StringIO()) is None
    terminal = Terminal()
    bar = progress_bar(terminal)
    assert bar is not None
    bar(1, 2)
    bar(2, 2)
    bar.close()
    assert "calls" in terminal.getvalue()


@pytest.mark.parametrize(("rate", "concurrency"), [(0, 1), (-1, 1), (5, 0)])
def test_bad_pacing_is_a_value_error(rate: float, concurrency: int) -> None:
    with pytest.raises(ValueError, match=r"--rate|--concurrency"):
        run("https://example.com/a", generate_calls(1), fetcher=Fetcher(), rate=rate, concurrency=concurrency)


# --------------------------------------------------------------------------- against examples/server.py


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dinaction_example_server_sim", SERVER_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def example_url() -> Iterator[str]:
    example: Any = load_example()
    server = example.ActionServer(("127.0.0.1", 0), clock=lambda: OPEN)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


CASES = """
[[case]]
name = "a known caller reaches their contact"
caller = "+819012345678"
action = "transfer"
transfer = "+81312345678"

[[case]]
name = "a stranger reaches reception"
caller = "+447400123456"
transfer = "+81336042000"

[[case]]
name = "a withheld number hears why, in Japanese"
caller = ""
action = "say"
language = "ja"

[[case]]
name = "exact text"
caller = "+447400123456"
text = "transfer +81336042000\\n"

[[case]]
name = "a wrong expectation"
caller = ""
language = "en"
text = "say en \\"Hello\\""
"""


def test_the_example_server_against_generated_calls_and_expectations(example_url: str, tmp_path: Path) -> None:
    cases = tmp_path / "cases.toml"
    cases.write_text(CASES, encoding="utf-8")
    out = io.StringIO()
    code = run_simulation(
        example_url,
        out,
        generate=30,
        expect=cases,
        recipient=DIN,
        rate=200,
        allow_private=True,
        as_json=True,
    )
    payload = json.loads(out.getvalue())
    assert code == 1  # the wrong expectation
    assert payload["failures"] == []
    assert payload["calls"] == 35
    texts = {o["text"] for o in payload["outcomes"]}
    assert "transfer +81336042000\n" in texts  # reception
    assert 'say ja "恐れ入りますが、番号を通知しておかけ直しください。"\n' in texts  # withheld
    results = {c["name"]: c for c in payload["cases"]}
    assert [c["passed"] for c in payload["cases"]] == [True, True, True, True, False]
    assert results["a wrong expectation"]["diff"] == [
        "--- expected",
        "+++ answered",
        "@@ -1 +1 @@",
        '-say en "Hello"',
        '+say ja "恐れ入りますが、番号を通知しておかけ直しください。"',
        "- language: en",
        "+ language: ja",
    ]


def test_expectations_alone_make_a_contract_test(example_url: str, tmp_path: Path) -> None:
    cases = tmp_path / "cases.toml"
    cases.write_text(CASES.split('[[case]]\nname = "a wrong', maxsplit=1)[0], encoding="utf-8")
    out = io.StringIO()
    assert run_simulation(example_url, out, expect=cases, recipient=DIN, rate=200, allow_private=True) == 0
    text = out.getvalue()
    assert text.startswith(f"4 calls to {example_url} in ")
    assert "Expectations: 4 passed, 0 failed" in text
    assert "  PASS a known caller reaches their contact (+819012345678 → +815012345678)" in text


# --------------------------------------------------------------------------- the commands


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(dinaction_app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def test_simulate_command(server: ActionServer, tmp_path: Path) -> None:
    url = by_caller(server, {"": 'say en "withheld"\n'}, default='say en "hi"\n')
    calls = tmp_path / "calls.csv"
    calls.write_text('caller\n+819012345678\n""\n', encoding="utf-8")  # "" is a withheld number
    result = invoke("simulate", url, "--calls", str(calls), "--allow-private", "--rate", "100")
    assert result.exit_code == 0, result.output
    assert "2 calls to" in result.stdout and "2 distinct answers, 0 failures" in result.stdout
    result = invoke("simulate", url, "--generate", "3", "--allow-private", "--rate", "100", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["calls"] == 3


def test_simulate_command_failures_and_usage_errors(server: ActionServer, tmp_path: Path) -> None:
    url = server.serve("/action", "playbak https://example.com/a.mp3\n")
    result = invoke("simulate", url, "--generate", "2", "--allow-private", "--rate", "100")
    assert result.exit_code == 1
    assert result.stderr.strip() == "dinaction: error: simulation found failures (listed above)"
    bad = tmp_path / "calls.csv"
    bad.write_text("caller\n0312345678\n", encoding="utf-8")
    result = invoke("simulate", url, "--calls", str(bad))
    assert result.exit_code == 2
    assert "calls.csv:2: caller must be an E.164 number" in result.stderr


def test_the_network_modules_load_nothing_heavy_at_import() -> None:
    code = (
        "import sys, dinaction.preflight.simulate, dinaction.preflight.media, dinaction.preflight; "
        "print(sorted(m for m in ('httpx', 'mutagen', 'rich', 'phonenumbers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
