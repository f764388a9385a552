"""Usage of the command line: every mistake is one line in dinaction's words with what was meant;
`-h`, `-V`, shell completion, `lsp --stdio`; help text without type names or cut descriptions;
`format` says what it did."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dinaction.cli import run
from dinaction.cli.app import COMMANDS, Group
from dinaction.version import __version__

SCRIPT = str(Path(sys.executable).parent / "dinaction")


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.din").write_text("transfer +81336042000\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def _error(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 2) -> str:
    """The one error line of a command line that fails with ``code``."""
    assert run(argv) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("dinaction: error: "), err
    for foreign in ("Traceback", "Value error", "Input should be", "╭", "Usage:", "Possible options"):
        assert foreign not in err
    return err.removeprefix("dinaction: error: ").rstrip("\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["lint", "--selct", "DA1", "a.din"],
            "unknown option --selct (did you mean '--select'?); see `dinaction lint --help`",
        ),
        (
            ["format", "--chek", "a.din"],
            "unknown option --chek (did you mean '--check'?); see `dinaction format --help`",
        ),
        (["din", "list", "--contry", "JP"], "unknown option --contry (did you mean '--country'?)"),
        (["lint", "--bogus", "a.din"], "unknown option --bogus; see `dinaction lint --help`"),
        (["lnt", "a.din"], "unknown command 'lnt' (did you mean 'lint'?): the commands of `dinaction` are lint, "),
        (["din", "lst"], "unknown command 'lst' (did you mean 'list'?): the commands of `dinaction din` are list, "),
        (
            ["lint", "--format", "jsno", "a.din"],
            "--format: unknown format 'jsno' (did you mean 'json'?): use one of full, ",
        ),
        (
            ["lint", "--output-format", "consice", "a.din"],
            "--format: unknown format 'consice' (did you mean 'concise'?)",
        ),
        (["serve", "--check", "--format", "sarf", "."], "--format: unknown format 'sarf' (did you mean 'sarif'?)"),
        (
            ["lint", "--fail-on", "eror", "a.din"],
            "--fail-on: unknown value 'eror' (did you mean 'error'?): use one of error,",
        ),
        (["lint", "--color", "blue", "a.din"], "--color: unknown value 'blue': use one of auto, always, never"),
        (["lint", "--max-actions", "3", "a.din"], "--max-actions: expected a whole number from 1 to 2, got '3'"),
        (["lint", "--max-actions", "x", "a.din"], "--max-actions: expected a whole number from 1 to 2, got 'x'"),
        (["lint", "-j", "0", "a.din"], "--jobs: expected a whole number of at least 1, got '0'"),
        (["serve", "--port", "99999", "."], "--port: expected a whole number from 0 to 65535, got '99999'"),
        (["simulate", "--rate", "fast", "http://x"], "--rate: expected a number, got 'fast'"),
        (["lint", "--select", "DA999", "a.din"], "--select: unknown rule 'DA999': use a code (DA002)"),
        (["lint", "--select", "non-lf-line-endings", "a.din"], "(did you mean 'non-lf-line-ending'?)"),
        (["lint", "--ignore", "DA1O5", "a.din"], "--ignore: unknown rule 'DA1O5' (did you mean 'DA105'?)"),
        (["rule", "DA1O5"], "no rule 'DA1O5' (did you mean 'DA105'?): `dinaction rules` lists them all"),
        (["rule"], "missing argument RULE; see `dinaction rule --help`"),
        (["check-url"], "missing argument URL; see `dinaction check-url --help`"),
        (["lint", "--format"], "--format needs a value"),
        (["lint", "--fix=yes", "a.din"], "--fix takes no value: it is on when given"),
        (["rule", "DA001", "extra"], "unexpected argument 'extra'; see `dinaction rule --help`"),
        (["rule", "DA001", "x", "y"], "unexpected arguments 'x', 'y'; see `dinaction rule --help`"),
        (["--bogus"], "unknown option --bogus; see `dinaction --help`"),
        (["lsp", "--stdio", "--tcp", "127.0.0.1:0"], "--stdio and --tcp contradict each other: use one"),
    ],
)
def test_a_usage_error_is_one_line_saying_what_was_meant(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert message in _error(capsys, argv)


def test_an_empty_select_warns_that_nothing_will_be_reported(capsys: pytest.CaptureFixture[str]) -> None:
    Path("b.din").write_text("tranfer +81336042000\n", encoding="utf-8")
    assert run(["lint", "--select", "", "b.din"]) == 0
    out, err = capsys.readouterr()
    assert out == "All checks passed (1 file).\n"
    assert err == (
        'dinaction: warning: --select "" selects no rule, so nothing will be reported '
        "(leave --select out for the default rules)\n"
    )
    assert run(["lint", "--select", "DA0", "b.din"]) == 1
    assert "warning" not in capsys.readouterr().err


# --- help, version, completion -------------------------------------------------------------------


def test_h_is_help_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["lint"], ["format"], ["din"], ["din", "list"], ["rules"]):
        assert run([*argv, "-h"]) == 0
        short = capsys.readouterr().out
        assert run([*argv, "--help"]) == 0
        assert capsys.readouterr().out == short
        assert short.startswith("Usage: dinaction")
        assert "-h, --help" in short


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert run([*argv, "--help"]) == 0
    return capsys.readouterr().out


def _every_command() -> list[list[str]]:
    out: list[list[str]] = []
    for entry in COMMANDS:
        if isinstance(entry, Group):
            out += [[entry.name, sub.name] for sub in entry.commands]
        else:
            out.append([entry.name])
    return out


@pytest.mark.parametrize("argv", _every_command(), ids=" ".join)
def test_help_names_values_in_words_not_types(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, *argv)
    assert not re.search(r"<(list\[|int|float|str|path|text)", text), text
    assert "range>" not in text and "[default: (" not in text


def test_lint_help_shows_its_values(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "lint")
    assert "Usage: dinaction lint [OPTIONS] [PATH]..." in text
    assert "--format, --output-format [full|concise|json|jsonl|sarif|github|gitlab|junit]" in text
    assert "--color [auto|always|never]" in text and "--max-actions N" in text and "-j, --jobs N" in text
    assert "PATH...  Files or directories" in text


def test_the_command_list_has_each_command_on_a_short_uncut_line(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys)
    listed = text.split("Commands:\n", 1)[1].splitlines()
    names = [entry.name for entry in COMMANDS]
    assert [line.split()[0] for line in listed] == names  # one line each: the first line of the docstring
    assert not any(line.rstrip().endswith("...") for line in listed)
    assert all(len(line) <= 80 for line in listed)


def test_a_command_help_has_its_description(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "format")
    assert "Rewrite action files in canonical form.\n\n  Each file is rewritten atomically" in text
    assert "UsageError" not in _help(capsys, "lint")  # what follows is for the code's readers


def test_version_long_and_short(capsys: pytest.CaptureFixture[str]) -> None:
    for flag in ("--version", "-V"):
        assert run([flag]) == 0
        assert capsys.readouterr() == (f"dinaction {__version__}\n", "")


def test_version_does_not_load_typer() -> None:
    probe = "import sys\nfrom dinaction import cli\ncli.main(['-V'])\nprint('typer' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [f"dinaction {__version__}", "False"]


def test_shell_completion_is_offered(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys)
    assert "--install-completion" in text and "--show-completion" in text


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("dinaction li", ["lint"]),
        ("dinaction lint --fo", ["--format", "--force-exclude"]),
        ("dinaction lint --format c", ["concise"]),
        ("dinaction lint --color a", ["auto", "always"]),
        ("dinaction din s", ["subscribe", "subscriptions", "set-action"]),
    ],
)
def test_the_shell_completes_commands_options_and_values(words: str, expected: list[str]) -> None:
    env = {
        **os.environ,
        "_DINACTION_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
        "_TYPER_COMPLETE_ARGS": words,
    }
    done = subprocess.run([SCRIPT], env=env, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == expected


def test_show_completion_prints_a_script() -> None:
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1", "SHELL": "/bin/bash"}
    done = subprocess.run(
        [SCRIPT, "--show-completion", "bash"], env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "_DINACTION_COMPLETE=complete_bash" in done.stdout


def test_lsp_accepts_stdio_as_editors_pass_it() -> None:
    def frame(message: dict[str, object]) -> bytes:
        body = json.dumps(message).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    messages: list[dict[str, object]] = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": None, "rootUri": None, "capabilities": {}},
        },
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run(
        [SCRIPT, "lsp", "--stdio"],
        input=b"".join(frame(m) for m in messages),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert b'"capabilities"' in done.stdout and b'"id": 2' in done.stdout.replace(b'"id":2', b'"id": 2')


# --- format says what it did ---------------------------------------------------------------------


def test_format_check_says_what_is_formatted_and_what_would_change(capsys: pytest.CaptureFixture[str]) -> None:
    Path("b.din").write_text("transfer +81336042000\n", encoding="utf-8")
    assert run(["format", "--check", "a.din", "b.din"]) == 0
    assert capsys.readouterr() == ("2 files already formatted\n", "")
    Path("c.din").write_text('SAY EN "Hello"\r\n', encoding="utf-8", newline="")
    Path("d.din").write_text('\n\nsay en "x"   \n\n', encoding="utf-8")
    assert run(["format", "--check", "."]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [
        "Would reformat: c.din (line 1)",
        "Would reformat: d.din (lines 1-4)",
        "2 files would be reformatted, 2 files already formatted",
    ]
    assert Path("c.din").read_bytes() == b'SAY EN "Hello"\r\n'  # --check changes nothing


def test_format_check_counts_a_refused_file(capsys: pytest.CaptureFixture[str]) -> None:
    Path("t.din").write_text("tranfer +81336042000\n", encoding="utf-8")
    assert run(["format", "--check", "a.din", "t.din"]) == 1
    out, err = capsys.readouterr()
    assert out == "1 file already formatted, 1 file not formatted (errors)\n"
    assert "t.din:1:1: error DA002" in err and "not formatted: fix the errors above first" in err


def test_format_says_reformatted_and_already_formatted(capsys: pytest.CaptureFixture[str]) -> None:
    Path("empty.din").write_bytes(b"")
    assert run(["format", "empty.din"]) == 0
    assert capsys.readouterr() == ("", "1 file already formatted\n")
    Path("c.din").write_text('SAY EN "Hello"\n', encoding="utf-8")
    assert run(["format", "a.din", "c.din", "empty.din"]) == 0
    assert capsys.readouterr() == ("", "1 file reformatted, 2 files already formatted\n")


def test_format_diff_counts_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    Path("c.din").write_text('SAY EN "Hello"\n', encoding="utf-8")
    assert run(["format", "--diff", "a.din", "c.din"]) == 1
    out, err = capsys.readouterr()
    assert '+say en "Hello"' in out
    assert err == "1 file would be reformatted, 1 file already formatted\n"


def test_changed_lines() -> None:
    from dinaction.cli.format import changed_lines

    assert changed_lines("a\nB\nc\n", "a\nb\nc\n") == "line 2"
    assert changed_lines("A\nB\nc\nD\n", "a\nb\nc\nd\n") == "lines 1-2, 4"
    assert changed_lines("a\n\n\nb\n", "a\nb\n") == "lines 2-3"
    assert changed_lines("a", "a\n") == "line 1"
