"""Replay calls against an action URL: what every caller would get, and whether it is what was meant.

An action server answers by caller and recipient (a known customer is put
through, a withheld number hears an apology, out of hours goes to voicemail),
so one pre-flight with one caller checks one branch. The simulator makes the
request Xoxzo makes for many calls, from a CSV file or generated (a spread of
countries, mobile and fixed lines, a withheld caller, unusual but valid
numbers from phonenumbers' examples), with bounded concurrency and rate, and
the pre-flight's rules for each (:func:`dinaction.preflight.check_call`).
Every answer is linted, every distinct playback URL is checked once
(:mod:`dinaction.preflight.media`), and the distinct answers are counted.

Expectations (``--expect cases.toml``) turn it into contract tests for an
action server: each case names a call and what must happen (an action kind,
a transfer target, a language, or the exact text), and passes or fails with
a diff.

Nothing here prints: :func:`simulate` returns a :class:`SimulationReport`,
:func:`write_report` writes it to a stream and returns the exit code.
"""

from __future__ import annotations

import csv
import difflib
import random
import shutil
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from dinaction.diagnostics import Severity
from dinaction.facts.urls import require_http_url
from dinaction.preflight.action import require_e164
from dinaction.preflight.limits import DEFAULT_RECIPIENT

if TYPE_CHECKING:
    from dinaction.ast import Action, Script
    from dinaction.preflight.action import PreflightResult
    from dinaction.preflight.fetch import Fetcher
    from dinaction.preflight.media import MediaResult

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_RATE",
    "Call",
    "Case",
    "CaseResult",
    "Failure",
    "Outcome",
    "SimulationReport",
    "generate_calls",
    "read_calls",
    "read_cases",
    "run_simulation",
    "simulate",
    "write_report",
]

#: calls per second: gentle on a server that is somebody's production
DEFAULT_RATE: Final = 5.0
DEFAULT_CONCURRENCY: Final = 4
#: what an expectation's ``action`` may name
ACTION_KINDS: Final = ("say", "playback", "transfer", "voicemail", "voicemail say", "voicemail playback")
_CASE_KEYS: Final = ("name", "caller", "recipient", "action", "transfer", "language", "text")

#: (region, number type name) of the generated callers, common ones first
_COMMON: Final = tuple(
    (region, kind)
    for region in ("JP", "US", "GB", "DE", "IN", "CN", "BR", "ID", "FR", "AU", "KR", "NG", "MX", "ZA", "SG", "PH")
    for kind in ("MOBILE", "FIXED_LINE")
)
#: valid numbers that break naive assumptions: 4- and 5-digit national numbers, an Italian leading
#: zero, 15 digits in all, an IP phone, toll-free and shared-cost numbers calling in
_UNUSUAL: Final = (
    ("NU", "FIXED_LINE"),
    ("SH", "FIXED_LINE"),
    ("IT", "FIXED_LINE"),
    ("DE", "TOLL_FREE"),
    ("JP", "VOIP"),
    ("TK", "FIXED_LINE"),
    ("GB", "UAN"),
    ("AT", "FIXED_LINE"),
    ("US", "TOLL_FREE"),
    ("KI", "MOBILE"),
)


@dataclass(frozen=True, slots=True)
class Call:
    """One call to replay: ``caller`` is empty for a withheld number."""

    caller: str
    recipient: str
    #: what kind of caller this is (``Japan mobile``, ``withheld``), for people
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Case:
    """An expectation: for this call, what must happen. Unset fields are not checked."""

    name: str
    caller: str
    recipient: str
    action: str | None = None
    transfer: str | None = None
    language: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class CaseResult:
    case: Case
    passed: bool
    #: ``- expected`` / ``+ answered`` lines; empty when the case passed
    diff: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    """One distinct answer: how many calls got it, one of them, and what the caller experiences."""

    text: str
    calls: int
    example: Call
    description: str


@dataclass(frozen=True, slots=True)
class Failure:
    """A call (or a media URL) that would fail: HTTP error, timeout, lint error, bad media."""

    kind: str
    what: str
    problem: str
    calls: int = 1


@dataclass(frozen=True, slots=True)
class SimulationReport:
    url: str
    results: tuple[tuple[Call, PreflightResult], ...]
    outcomes: tuple[Outcome, ...]
    failures: tuple[Failure, ...]
    media: tuple[MediaResult, ...] = ()
    cases: tuple[CaseResult, ...] = ()
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures and all(case.passed for case in self.cases)

    @property
    def rate(self) -> float:
        """Calls answered per second, over the whole run."""
        return len(self.results) / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "ok": self.ok,
            "calls": len(self.results),
            "elapsed": round(self.elapsed, 3),
            "outcomes": [
                {
                    "text": o.text,
                    "calls": o.calls,
                    "example_caller": o.example.caller,
                    "example_kind": o.example.kind,
                    "description": o.description,
                }
                for o in self.outcomes
            ],
            "failures": [
                {"kind": f.kind, "what": f.what, "problem": f.problem, "calls": f.calls} for f in self.failures
            ],
            "media": [m.to_dict() for m in self.media],
            "cases": [
                {
                    "name": c.case.name,
                    "caller": c.case.caller,
                    "recipient": c.case.recipient,
                    "passed": c.passed,
                    "diff": list(c.diff),
                }
                for c in self.cases
            ],
        }


# --------------------------------------------------------------------------- where calls come from


def read_calls(path: Path, *, recipient: str = DEFAULT_RECIPIENT) -> list[Call]:
    """Calls from a CSV file with a ``caller`` column and an optional ``recipient`` column.

    An empty caller is a withheld number; an empty or missing recipient is
    ``recipient``. ValueError names the file and line of anything else.
    """
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        columns = [c.strip().lower() for c in reader.fieldnames or ()]
        if "caller" not in columns:
            raise ValueError(f"{path}: the first line must name the columns: caller,recipient")
        calls = []
        for row in reader:
            values = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
            where = f"{path}:{reader.line_num}"
            try:
                caller = require_e164("caller", values.get("caller", ""), allow_empty=True)
                callee = require_e164("recipient", values.get("recipient") or recipient)
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from None
            calls.append(Call(caller, callee, "withheld" if not caller else ""))
    if not calls:
        raise ValueError(f"{path}: no calls (one line per call after the caller,recipient line)")
    return calls


def generate_calls(count: int, *, recipient: str = DEFAULT_RECIPIENT, seed: int = 0) -> list[Call]:
    """``count`` calls from a spread of callers: a withheld number, unusual but valid numbers, then
    mobile and fixed lines of many countries (phonenumbers' example numbers). Past the examples,
    numbers are varied in their last digits, kept only when still valid.
    """
    import phonenumbers

    require_e164("recipient", recipient)
    if count < 1:
        raise ValueError(f"--generate needs at least 1 call, got {count}")
    pool = [Call("", recipient, "withheld")]
    common, unusual = list(_examples(_COMMON)), list(_examples(_UNUSUAL))
    while common or unusual:  # two common callers for each unusual one
        pool += [common.pop(0) for _ in range(min(2, len(common)))]
        if unusual:
            pool.append(unusual.pop(0))
    pool = [Call(c.caller, recipient, c.kind) for c in pool]
    rng = random.Random(seed)
    calls = []
    for index in range(count):
        call = pool[index % len(pool)]
        if index >= len(pool) and call.caller:
            call = Call(_vary(call.caller, rng, phonenumbers), recipient, call.kind)
        calls.append(call)
    return calls


def _examples(kinds: Sequence[tuple[str, str]]) -> Iterator[Call]:
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType, geocoder

    for region, kind in kinds:
        number = phonenumbers.example_number_for_type(region, getattr(PhoneNumberType, kind))
        if number is None:
            continue
        country = geocoder.country_name_for_number(number, "en") or region
        words = kind.lower().replace("_", " ").replace("uan", "shared-cost (UAN)").replace("voip", "IP phone")
        yield Call(phonenumbers.format_number(number, PhoneNumberFormat.E164), "", f"{country} {words}")


def _vary(number: str, rng: random.Random, phonenumbers: Any) -> str:
    """``number`` with its last two digits changed, when that is still a valid number."""
    for _ in range(20):
        candidate = number[:-2] + f"{rng.randrange(100):02d}"
        if candidate != number and phonenumbers.is_valid_number(phonenumbers.parse(candidate)):
            return candidate
    return number


def read_cases(path: Path, *, recipient: str = DEFAULT_RECIPIENT) -> list[Case]:
    """The ``[[case]]`` tables of a TOML file; ValueError names the case and what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    unknown_top = sorted(set(data) - {"case"})
    if unknown_top or not isinstance(data.get("case"), list) or not data["case"]:
        raise ValueError(f"{path}: expected one or more [[case]] tables" + _unknown(unknown_top))
    cases = []
    for number, table in enumerate(data["case"], start=1):
        name = str(table.get("name") or f"case {number}")
        where = f"{path}: {name}"
        unknown = sorted(set(table) - set(_CASE_KEYS))
        if unknown:
            raise ValueError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} " + _unknown(unknown))
        values = {key: table.get(key) for key in _CASE_KEYS}
        for key, value in values.items():
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{where}: {key} must be a string, got {value!r}")
        if "caller" not in table:
            raise ValueError(f'{where}: every case needs a caller (caller = "" for a withheld number)')
        action = values["action"]
        if action is not None and action not in ACTION_KINDS:
            raise ValueError(f"{where}: action must be one of {', '.join(ACTION_KINDS)}, got {action!r}")
        if not any(values[key] is not None for key in ("action", "transfer", "language", "text")):
            raise ValueError(f"{where}: say what must happen: action, transfer, language or text")
        try:
            caller = require_e164("caller", values["caller"] or "", allow_empty=True)
            callee = require_e164("recipient", values["recipient"] or recipient)
            transfer = None if values["transfer"] is None else require_e164("transfer", values["transfer"])
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        cases.append(Case(name, caller, callee, action, transfer, values["language"], values["text"]))
    return cases


def _unknown(keys: Sequence[str]) -> str:
    if not keys:
        return ""
    return f"{', '.join(repr(k) for k in keys)} (known: {', '.join(_CASE_KEYS)})"


# --------------------------------------------------------------------------- the run


def simulate(
    url: str,
    calls: Sequence[Call],
    *,
    fetcher: Fetcher,
    cases: Sequence[Case] = (),
    rate: float = DEFAULT_RATE,
    concurrency: int = DEFAULT_CONCURRENCY,
    media: bool = True,
    progress: Callable[[int, int], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> SimulationReport:
    """Replay ``calls`` (then the calls of ``cases``) against ``url`` and judge every answer.

    Call ``i`` starts no earlier than ``i / rate`` seconds after the first, at
    most ``concurrency`` at a time; media URLs are checked once each after
    the calls, at the same pace. ``progress(done, total)`` is called as calls
    finish. Raises ValueError for a bad argument only.
    """
    from dinaction.preflight.action import check_call

    url = require_http_url(url)
    if not rate > 0:
        raise ValueError(f"--rate must be more than 0 calls a second, got {rate:g}")
    if concurrency < 1:
        raise ValueError(f"--concurrency must be at least 1, got {concurrency}")
    every = [*calls, *(Call(case.caller, case.recipient, f"case: {case.name}") for case in cases)]
    if not every:
        raise ValueError("no calls to simulate: give --calls, --generate or --expect")
    started = clock()

    def paced(index: int, work: Callable[[], Any]) -> Any:
        wait = started + index / rate - clock()
        if wait > 0:
            sleep(wait)
        return work()

    answers: list[PreflightResult | None] = [None] * len(every)
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="dinaction-simulate") as pool:
        futures = {
            pool.submit(paced, i, partial(check_call, fetcher, url, caller=call.caller, recipient=call.recipient)): i
            for i, call in enumerate(every)
        }
        for done, future in enumerate(as_completed(futures), start=1):
            answers[futures[future]] = future.result()
            if progress is not None:
                progress(done, len(every))
    results = [(call, answer) for call, answer in zip(every, answers, strict=True) if answer is not None]
    checked = _check_media(results, fetcher, rate, len(every), paced) if media else {}
    return SimulationReport(
        url=url,
        results=tuple(results),
        outcomes=_outcomes(results),
        failures=_failures(results, checked),
        media=tuple(checked.values()),
        cases=tuple(_judge_case(case, answer) for case, (_, answer) in zip(cases, results[len(calls) :], strict=True)),
        elapsed=clock() - started,
    )


def _check_media(
    results: Sequence[tuple[Call, PreflightResult]],
    fetcher: Fetcher,
    rate: float,
    offset: int,
    paced: Callable[[int, Callable[[], Any]], Any],
) -> dict[str, MediaResult]:
    from dinaction.preflight.media import check_media_with, playback_urls

    urls = dict.fromkeys(url for _, r in results if r.ok and r.text for url, _ in playback_urls(r.text))
    return {url: paced(offset + i, partial(check_media_with, fetcher, url)) for i, url in enumerate(urls)}


def _outcomes(results: Sequence[tuple[Call, PreflightResult]]) -> tuple[Outcome, ...]:
    """The distinct answers of the calls that passed, the most frequent first."""
    seen: dict[str, list[Call]] = {}
    descriptions: dict[str, str] = {}
    for call, result in results:
        if result.ok and result.text is not None:
            seen.setdefault(result.text, []).append(call)
            descriptions[result.text] = result.description or ""
    ordered = sorted(seen.items(), key=lambda item: -len(item[1]))  # stable: first seen first among equals
    return tuple(Outcome(text, len(calls), calls[0], descriptions[text]) for text, calls in ordered)


def _failures(results: Sequence[tuple[Call, PreflightResult]], media: dict[str, MediaResult]) -> tuple[Failure, ...]:
    from dinaction.diagnostics import LineIndex
    from dinaction.preflight.media import playback_urls

    failures = []
    for call, result in results:
        if result.ok:
            continue
        what = f"call from {_caller(call)} to {call.recipient}"
        problem = result.problem or "failed"
        if result.status is not None and result.status != 200:
            kind = "HTTP error"
        elif problem.startswith("timed out"):
            kind = "timeout"
        elif result.errors and result.text is not None:
            kind = "lint error"
            first = result.errors[0]
            pos = LineIndex(result.text).position(first.span.start)
            problem += f": {pos.line}:{pos.column} {first.code} {first.message}"
        else:
            kind = "fetch"
        failures.append(Failure(kind, what, problem))
    uses: dict[str, int] = {}
    for _, result in results:
        if result.ok and result.text:
            for url in dict.fromkeys(u for u, _ in playback_urls(result.text)):
                uses[url] = uses.get(url, 0) + 1
    for url, checked in media.items():
        if not checked.ok:
            first = checked.errors[0]
            failures.append(Failure("bad media", f"media {url}", f"{first.code} {first.message}", uses.get(url, 0)))
    return tuple(failures)


def _judge_case(case: Case, result: PreflightResult) -> CaseResult:
    """Does the answer to the case's call do what the case says? A diff when not."""
    if result.text is None or (not result.ok and not result.errors):
        return CaseResult(case, False, (f"- an answer that {_expected(case)}", f"+ no answer: {result.problem}"))
    diff: list[str] = []
    if case.text is not None and case.text.rstrip("\r\n") != result.text.rstrip("\r\n"):
        diff += difflib.unified_diff(
            case.text.rstrip("\r\n").splitlines(),
            result.text.rstrip("\r\n").splitlines(),
            "expected",
            "answered",
            lineterm="",
        )
    script = _script(result.text)
    if script is None:
        if any(value is not None for value in (case.action, case.transfer, case.language)):
            diff += [f"- an answer that {_expected(case)}", f"+ an answer with errors: {result.problem}"]
        return CaseResult(case, not diff, tuple(diff))
    actions = script.actions
    if case.action is not None:
        kinds = [_kind(a) for a in actions]
        if not any(k == case.action or (case.action == "voicemail" and k.startswith("voicemail")) for k in kinds):
            diff += [f"- action: {case.action}", f"+ action: {', '.join(kinds) or '(none)'}"]
    if case.transfer is not None:
        targets = [getattr(a, "number", "") for a in actions if _kind(a) == "transfer"]
        if case.transfer not in targets:
            diff += [f"- transfer: {case.transfer}", f"+ transfer: {', '.join(targets) or '(no transfer)'}"]
    if case.language is not None:
        languages = [lang for a in actions if (lang := _language(a)) is not None]
        if case.language.lower() not in languages:
            diff += [f"- language: {case.language}", f"+ language: {', '.join(languages) or '(no speech)'}"]
    return CaseResult(case, not diff, tuple(diff))


def _script(text: str) -> Script | None:
    from dinaction.linter import lint_source
    from dinaction.settings import Settings

    linted = lint_source(text, Settings())
    return None if any(d.severity >= Severity.ERROR for d in linted.diagnostics) else linted.script


def _kind(action: Action) -> str:
    from dinaction.ast import Playback, Say, Transfer, Voicemail

    if isinstance(action, Voicemail):
        return "voicemail say" if isinstance(action.greeting, Say) else "voicemail playback"
    if isinstance(action, Say):
        return "say"
    if isinstance(action, Playback):
        return "playback"
    assert isinstance(action, Transfer)
    return "transfer"


def _language(action: Action) -> str | None:
    from dinaction.ast import Say, Voicemail

    spoken = action.greeting if isinstance(action, Voicemail) else action
    return spoken.lang.lower() if isinstance(spoken, Say) else None


def _expected(case: Case) -> str:
    wanted = []
    if case.action is not None:
        wanted.append(f"does {case.action}")
    if case.transfer is not None:
        wanted.append(f"transfers to {case.transfer}")
    if case.language is not None:
        wanted.append(f"speaks {case.language}")
    if case.text is not None:
        wanted.append("is the exact text given")
    return " and ".join(wanted)


def _caller(call: Call) -> str:
    return call.caller or "(withheld)"


def run_simulation(
    url: str,
    out: TextIO,
    *,
    calls_file: Path | None = None,
    generate: int | None = None,
    expect: Path | None = None,
    recipient: str = DEFAULT_RECIPIENT,
    rate: float = DEFAULT_RATE,
    concurrency: int = DEFAULT_CONCURRENCY,
    seed: int = 0,
    allow_private: bool = False,
    timeout: float = 10.0,
    media: bool = True,
    as_json: bool = False,
    progress_stream: TextIO | None = None,
    fetcher: Fetcher | None = None,
) -> int:
    """``dinaction simulate``: read or generate the calls, run them, write the report; the exit code.

    Without ``calls_file``, ``generate`` or ``expect``, 20 calls are generated.
    ValueError (exit 2 at the command line) for a bad argument or file.
    """
    from dinaction.preflight.fetch import Fetcher

    url = require_http_url(url)
    require_e164("recipient", recipient)
    calls: list[Call] = []
    if calls_file is not None:
        calls += read_calls(calls_file, recipient=recipient)
    if generate is not None or (calls_file is None and expect is None):
        calls += generate_calls(20 if generate is None else generate, recipient=recipient, seed=seed)
    cases = read_cases(expect, recipient=recipient) if expect is not None else []
    if fetcher is None:
        fetcher = Fetcher(allow_private=allow_private, timeout=timeout, user_agent="dinaction-simulate")
    bar = progress_bar(progress_stream) if progress_stream is not None and not as_json else None
    try:
        report = simulate(
            url, calls, fetcher=fetcher, cases=cases, rate=rate, concurrency=concurrency, media=media, progress=bar
        )
    finally:
        if bar is not None:
            bar.close()
    return write_report(report, out, as_json=as_json)


# --------------------------------------------------------------------------- the report


@dataclass
class _Rows:
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)


def write_report(report: SimulationReport, out: TextIO, *, as_json: bool = False, width: int | None = None) -> int:
    """Write ``report`` to ``out`` (a table, or JSON); return the exit code: 1 on any failure."""
    if as_json:
        import json

        out.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return 0 if report.ok else 1
    from dinaction.describe import describe_number

    calls = len(report.results)
    out.write(
        f"{calls} call{'s' if calls != 1 else ''} to {report.url} in {report.elapsed:.1f} s "
        f"({report.rate:.1f}/s): {len(report.outcomes)} distinct answer{'s' if len(report.outcomes) != 1 else ''}, "
        f"{len(report.failures)} failure{'s' if len(report.failures) != 1 else ''}\n"
    )
    if report.outcomes:
        table = _Rows(("Calls", "Example caller", "Answer", "What the caller experiences"))
        for outcome in report.outcomes:
            caller = describe_number(outcome.example.caller) if outcome.example.caller else "(withheld)"
            table.rows.append((str(outcome.calls), caller, outcome.text.strip(), outcome.description))
        _table(table, out, width)
    if report.media:
        out.write("\nMedia:\n")
        for checked in report.media:
            heard = checked.audio.describe() if checked.audio is not None else "not playable"
            out.write(f"  {checked.url}: {heard}\n")
            for d in checked.diagnostics:
                out.write(f"    {d.code} {d.severity}: {d.message}\n")
    if report.failures:
        out.write("\nFailures:\n")
        for failure in report.failures:
            times = f" ({failure.calls} call{'s' if failure.calls != 1 else ''})" if failure.kind == "bad media" else ""
            out.write(f"  {failure.kind}: {failure.what}{times}: {failure.problem}\n")
    if report.cases:
        passed = sum(c.passed for c in report.cases)
        out.write(f"\nExpectations: {passed} passed, {len(report.cases) - passed} failed\n")
        for result in report.cases:
            call = f"{_caller(Call(result.case.caller, result.case.recipient))} → {result.case.recipient}"
            out.write(f"  {'PASS' if result.passed else 'FAIL'} {result.case.name} ({call})\n")
            for line in result.diff:
                out.write(f"      {line}\n")
    return 0 if report.ok else 1


def _table(table: _Rows, out: TextIO, width: int | None) -> None:
    """A plain table: rich lays it out (wide characters included), without markup or colour."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header in table.headers:
        grid.add_column(header, overflow="fold", justify="right" if header == "Calls" else "left")
    for row in table.rows:
        grid.add_row(*(Text(cell) for cell in row))
    if width is None:
        width = shutil.get_terminal_size().columns if out.isatty() else 160
    console = Console(highlight=False, color_system=None, width=width)
    with console.capture() as captured:
        console.print(grid)
    out.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


@dataclass
class _Bar:
    """A rich progress bar on a terminal; a no-op elsewhere."""

    stream: TextIO
    _progress: Any = None
    _task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(file=self.stream), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("calls", total=total)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def progress_bar(stream: TextIO) -> _Bar | None:
    """A progress callback drawing a bar on ``stream`` when it is a terminal (None otherwise)."""
    return _Bar(stream) if stream.isatty() else None
