"""What `dinaction lint` prints for people: the full and concise formats with severities, colour
(on a terminal only, `--color`, NO_COLOR, FORCE_COLOR), `-q`, `--diff`'s note and `dinaction rules`."""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from dinaction.cli import run
from dinaction.cli.output import colour_wanted
from dinaction.diagnostics import Applicability, Diagnostic, Fix, Severity, Span
from dinaction.reporters import FileReport, concise, render, text
from dinaction.rules import ALL_RULES, ROUTE_RULES

SCRIPT = str(Path(sys.executable).parent / "dinaction")
ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: a keyword in capitals (a safe fix) and a typo (an unsafe one) in two files
FILES = {
    "caps.din": 'SAY en "Hello"\n',
    "typo.din": "tranfer +81336042000\n",
    "clean.din": "transfer +81336042000\n",
}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, content in FILES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _lint(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 1) -> str:
    assert run(["lint", "--no-cache", *argv]) == code
    out, err = capsys.readouterr()
    assert err == ""
    return out


CONCISE = [
    "caps.din:1:1: warning DA102 [*] write `SAY` in lowercase: `say`",
    "typo.din:1:1: error DA002 unknown action `tranfer`; did you mean `transfer`?",
]
SUMMARY = "Found 1 error, 1 warning in 3 files ([*] 1 fixable with `--fix`; 1 more with `--fix --unsafe-fixes`)."


# --- the formats ---------------------------------------------------------------------------------


def test_concise_is_one_line_per_finding_with_its_severity(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _lint(capsys, "--format", "concise", ".").splitlines() == [*CONCISE, SUMMARY]


def test_full_adds_the_rule_name_the_excerpt_and_the_fix(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _lint(capsys, ".").splitlines() == [
        f"{CONCISE[0]} [keyword-not-lowercase]",
        "  |",
        '1 | SAY en "Hello"',
        "  | ^^^ fix: Lowercase the keyword",
        "",
        f"{CONCISE[1]} [unknown-action]",
        "  |",
        "1 | tranfer +81336042000",
        "  | ^^^^^^^ fix (unsafe): Replace with `transfer`",
        "",
        SUMMARY,
    ]


@pytest.mark.parametrize("spelling", [["--format", "full"], ["--format", "text"], ["--output-format", "TEXT"], []])
def test_full_is_the_default_and_text_its_old_name(
    spelling: list[str], tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = _lint(capsys, "--format", "full", ".")
    assert _lint(capsys, *spelling, ".") == full


def test_output_format_is_ruffs_spelling_of_format(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _lint(capsys, "--output-format", "concise", ".") == _lint(capsys, "--format", "concise", ".")
    assert _lint(capsys, "--output-format=json", ".") == _lint(capsys, "--format", "json", ".")


def test_the_severity_shown_is_the_configured_one(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "dinaction.toml").write_text('[severity]\nkeyword-not-lowercase = "error"\nDA002 = "info"\n')
    out = _lint(capsys, "--format", "concise", ".").splitlines()
    assert out[0].startswith("caps.din:1:1: error DA102 [*] ")
    assert out[1].startswith("typo.din:1:1: info DA002 unknown action")
    assert out[2].startswith("Found 1 error, 1 info in 3 files")


def test_the_fix_mark_is_for_safe_fixes_only() -> None:
    report = FileReport("a.din", "abc\n", ())
    safe = Diagnostic("DA102", "keyword-not-lowercase", Severity.WARNING, "m", Span(0, 1), Fix("t", ()))
    unsafe_fix = Fix("t", (), Applicability.UNSAFE)
    unsafe = Diagnostic("DA002", "unknown-action", Severity.ERROR, "m", Span(0, 1), unsafe_fix)
    none = Diagnostic("DA100", "no-action", Severity.ERROR, "m", Span(0, 1))
    assert text.headline(report, safe) == "a.din:1:1: warning DA102 [*] m"
    assert text.headline(report, unsafe) == "a.din:1:1: error DA002 m"
    assert text.headline(report, none) == "a.din:1:1: error DA100 m"


def test_quiet_is_the_summary_only(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("full", "concise"):
        assert _lint(capsys, "-q", "--format", fmt, ".") == SUMMARY + "\n"  # the summary line, nothing else
    assert _lint(capsys, "--quiet", "clean.din", code=0) == "All checks passed (1 file).\n"
    assert _lint(capsys, "-q", "--format", "json", ".").startswith("[")  # machine formats are whole


def test_a_clean_run_says_so(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("full", "concise"):
        assert _lint(capsys, "--format", fmt, "clean.din", code=0) == "All checks passed (1 file).\n"


# --- colour --------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "environ", "terminal", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # present but empty: no-color.org says it does not count
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": ""}, False, False),
        ("auto", {"FORCE_COLOR": "0"}, False, True),  # force-color.org: any value but the empty string
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),  # NO_COLOR wins, as in CPython
        ("auto", {"TERM": "dumb"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),  # the flag wins over the environment
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_when_to_colour(choice: str, environ: dict[str, str], terminal: bool, expected: bool) -> None:
    stream = _Terminal() if terminal else io.StringIO()
    assert colour_wanted(choice, stream, environ) is expected


def test_a_file_is_coloured_only_when_asked() -> None:
    assert colour_wanted("auto", None, {"FORCE_COLOR": "1"}) is False
    assert colour_wanted("always", None, {}) is True


def test_colour_only_adds_codes(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("full", "concise"):
        plain = _lint(capsys, "--format", fmt, ".")
        coloured = _lint(capsys, "--color", "always", "--format", fmt, ".")
        assert "\x1b[" in coloured and "\x1b[" not in plain
        assert ANSI.sub("", coloured) == plain
    assert "\x1b[1;31merror\x1b[0m" in coloured  # the severity in its colour
    assert "\x1b[1;33mwarning\x1b[0m" in coloured
    assert _lint(capsys, "--color", "never", ".") == _lint(capsys, ".")


def test_colour_is_for_people_not_for_machines(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("json", "sarif", "github", "junit"):
        assert "\x1b" not in _lint(capsys, "--color", "always", "--format", fmt, ".")


def test_statistics_in_colour_only_add_codes(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = _lint(capsys, "--statistics", ".")
    coloured = _lint(capsys, "--statistics", "--color", "always", ".")
    assert ANSI.sub("", coloured) == plain != coloured


def test_render_paints_nothing_unless_asked() -> None:
    report = FileReport("a.din", 'SAY en "x"\n', ())
    assert "\x1b" not in render([report], "full") + render([report], "concise") + concise.report([report])


def _run_on_a_terminal(argv: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    """What the installed script writes to a pseudo-terminal, read until it exits."""
    main, side = os.openpty()
    try:
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=side, stderr=side)
        os.close(side)
        got = b""
        while True:
            ready, _, _ = select.select([main], [], [], 30)
            assert ready, f"no output in 30 s, got {got!r}"
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the other side closed (Linux)
                break
            if not chunk:
                break
            got += chunk
        assert process.wait(30) == 1
        return got
    finally:
        os.close(main)


def _environ(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TERM")}
    return {**env, "TERM": "xterm", **extra}


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_a_terminal_gets_colour_unless_no_color(tree: Path) -> None:
    argv = [SCRIPT, "lint", "--no-cache", "typo.din"]
    assert b"\x1b[1;31merror\x1b[0m" in _run_on_a_terminal(argv, tree, _environ())
    assert b"\x1b[" not in _run_on_a_terminal(argv, tree, _environ(NO_COLOR="1"))
    assert b"\x1b[" not in _run_on_a_terminal([*argv, "--color", "never"], tree, _environ())


def test_a_pipe_gets_no_colour_unless_forced(tree: Path) -> None:
    argv = [SCRIPT, "lint", "--no-cache", "typo.din"]
    plain = subprocess.run(argv, cwd=tree, env=_environ(), capture_output=True, check=False)
    assert plain.returncode == 1 and b"error DA002" in plain.stdout and b"\x1b" not in plain.stdout
    for forced in (_environ(FORCE_COLOR="1"), _environ()):
        extra = [] if "FORCE_COLOR" in forced else ["--color", "always"]
        done = subprocess.run([*argv, *extra], cwd=tree, env=forced, capture_output=True, check=False)
        assert b"\x1b[1;31merror\x1b[0m DA002" in done.stdout.replace(b"\x1b[1mDA002\x1b[0m", b"DA002")
        assert ANSI.sub("", done.stdout.decode()) == plain.stdout.decode()


# --- statistics, --diff, rules -------------------------------------------------------------------


def test_statistics_align_and_mark_safe_fixes(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "more.din").write_text('SAY en "a"\n\n', encoding="utf-8")
    assert _lint(capsys, "--statistics", ".").splitlines() == [
        "2  DA102  [*] keyword-not-lowercase",
        "1  DA002  [ ] unknown-action",
        "1  DA103  [*] blank-line",
        "[*] fixable with `dinaction lint --fix`",
    ]
    assert _lint(capsys, "--statistics", "--format", "concise", "typo.din").splitlines() == [
        "1  DA002  unknown-action"  # nothing --fix fixes: no mark and no legend
    ]


def test_diff_says_how_many_fixes_it_left_to_unsafe_fixes(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--diff", "caps.din", "typo.din"]) == 1
    out, err = capsys.readouterr()
    assert '+say en "Hello"' in out and "transfer" not in out
    assert err == "Would fix 1 finding (1 more fix available with `--unsafe-fixes`).\n"
    assert run(["lint", "--diff", "--unsafe-fixes", "caps.din", "typo.din"]) == 1
    out, err = capsys.readouterr()
    assert "+transfer +81336042000" in out and err == "Would fix 2 findings.\n"
    assert run(["lint", "--diff", "typo.din"]) == 0
    assert capsys.readouterr() == ("", "No findings would be fixed (1 fix available with `--unsafe-fixes`).\n")
    assert run(["lint", "--diff", "-q", "typo.din"]) == 0
    assert capsys.readouterr() == ("", "")


def test_rules_has_a_header_a_line_per_rule_and_a_legend(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rules = (*ALL_RULES, *ROUTE_RULES)
    assert lines[0].split() == ["Code", "Name", "Severity", "Fix", "What", "it", "reports"]
    body = lines[1 : 1 + len(rules)]
    assert [line.split()[0] for line in body] == [r.code for r in rules]
    starts = {line.index(r.summary) for line, r in zip(body, rules, strict=True)}
    assert len(starts) == 1  # the columns line up
    assert lines[1 + len(rules)] == ""
    assert lines[2 + len(rules)].startswith("Fix: safe = applied by `dinaction lint --fix`; unsafe = ")
    (opt_in,) = [line for line in body if line.startswith("DA306")]
    assert opt_in.count("(off by default)") == 1 and "warning (opt-in)" in opt_in
    assert re.search(r"^DA002 +unknown-action +error +unsafe +Reports", "\n".join(body), re.M)
    assert re.search(r"^DA102 +keyword-not-lowercase +warning +safe +Reports", "\n".join(body), re.M)
    assert re.search(r"^DA100 +no-action +error +- +Reports", "\n".join(body), re.M)
