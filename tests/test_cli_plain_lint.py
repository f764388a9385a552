"""Plain `dinaction lint` runs without typer's parsing and answers exactly as through typer.

Both parsers are generated from one declaration, ``LintOptions``; these tests hold them to each other.
"""

from __future__ import annotations

import io
import os
import select
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
import typer.main

from dinaction import cli
from dinaction.cli import app, output
from dinaction.cli.lint import LintOptions
from dinaction.cli.options import parse_plain, spec_of

ROOT = Path(__file__).resolve().parents[1]


def test_the_plain_flags_are_typers_lint_flags_without_values() -> None:
    lint = typer.main.get_command(app.app).commands["lint"]  # type: ignore[attr-defined]
    flags = {}
    for param in lint.params:
        if getattr(param, "is_flag", False) and not param.secondary_opts:
            flags.update(dict.fromkeys(param.opts, param.name))
    plain = {
        name: item.name for item in fields(LintOptions) for name in spec_of(item).names if spec_of(item).kind == "flag"
    }
    assert plain == flags
    assert {"--fix", "--no-cache", "-q", "--quiet", "--force-exclude", "--isolated"} <= set(plain)


@pytest.mark.parametrize(
    ("argv", "kwargs"),
    [
        (["lint"], {}),
        (["lint", "a.din", "--no-cache", "-q", "b"], {"paths": ("a.din", "b"), "no_cache": True, "quiet": True}),
        (["lint", "--force-exclude", "-"], {"paths": ("-",), "force_exclude": True}),
        (["lint", "--", "--fix", "x"], {"paths": ("--fix", "x")}),
    ],
)
def test_plain_lint_command_lines_map_to_lint_options(argv: list[str], kwargs: dict[str, object]) -> None:
    assert parse_plain(LintOptions, argv[1:]) == LintOptions(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["format", "a.din"],
        ["lint", "--format", "json", "a.din"],
        ["lint", "--format=json"],
        ["lint", "--help"],
        ["lint", "-qx"],
    ],
)
def test_anything_else_goes_through_typer(argv: list[str]) -> None:
    assert argv[:1] != ["lint"] or parse_plain(LintOptions, argv[1:]) is None


def _through_typer(argv: list[str]) -> int:
    return cli.guarded(lambda: app.run(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", "good"],
        ["lint", "broken"],
        ["lint", "--no-cache", "--quiet", "--exit-zero", "broken", "good"],
        ["lint", "--statistics", "--isolated", "."],
        ["lint", "--diff", "--unsafe-fixes", "broken"],
        ["lint", "--force-exclude", "--", "good/closed-ja.din"],
        ["lint", "no/such/file.din"],
        ["lint", "empty"],
        ["lint"],
        ["lint", "-"],
    ],
)
def test_fast_and_typer_paths_answer_alike(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outcomes = []
    for name, runner in (("typer", _through_typer), ("plain", cli.main)):
        work = tmp_path / name
        shutil.copytree(ROOT / "examples", work)
        (work / "empty").mkdir()
        monkeypatch.chdir(work)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"tranfer +81336042000\n")))
        code = runner(argv)
        out, err = capsys.readouterr()
        outcomes.append((code, out, err))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1] or outcomes[0][2]  # something was said


def test_plain_lint_loads_no_pydantic_typer_or_typer_app(tmp_path: Path) -> None:
    (tmp_path / "a.din").write_text('say ja "こんにちは"\n', encoding="utf-8")
    probe = (
        "import sys\nfrom dinaction import cli\ncode = cli.main(sys.argv[1:])\n"
        "print(code, *(m in sys.modules for m in ('pydantic', 'typer', 'dinaction.cli.app')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "lint", "--no-cache", str(tmp_path / "a.din")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "0 False False False"


ECHOED = ["", "All checks passed (1 file).\n", "a.din:1:1: \x1b[31mDA002\x1b[0m 日本語 ✓\n", "\x1b[1mbold, unclosed"]


def _typer_echo(text: str) -> None:
    typer.echo(text, nl=False)


def _our_echo(text: str) -> None:
    output.echo(text, sys.stdout)


@pytest.mark.parametrize("text", ECHOED)
@pytest.mark.parametrize("encoding", ["utf-8", "ascii", None])
def test_echo_writes_what_typer_echo_writes(text: str, encoding: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both front doors print through one of the two: the bytes must be the same (None: a StringIO)."""
    written = []
    for echo in (_typer_echo, _our_echo):
        raw = io.BytesIO()
        stream = io.StringIO() if encoding is None else io.TextIOWrapper(raw, encoding=encoding, errors="strict")
        monkeypatch.setattr(sys, "stdout", stream)
        echo(text)
        written.append(stream.getvalue().encode() if isinstance(stream, io.StringIO) else raw.getvalue())
    assert written[0] == written[1]
    if "\x1b" in text:
        assert b"\x1b" not in written[0]  # not a terminal: ANSI sequences go


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
@pytest.mark.parametrize("text", ECHOED)
def test_echo_to_a_terminal_writes_what_typer_echo_writes(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    written = []
    for echo in (_typer_echo, _our_echo):
        main, side = os.openpty()
        try:
            with open(side, "w", encoding="utf-8", closefd=False) as stream:
                monkeypatch.setattr(sys, "stdout", stream)
                echo(text)
                stream.write("<END>")
                stream.flush()
            got = b""
            while not got.endswith(b"<END>"):
                ready, _, _ = select.select([main], [], [], 10)
                assert ready, f"the terminal got only {got!r}"
                got += os.read(main, 4096)
            written.append(got)
        finally:
            os.close(main)
            os.close(side)
    assert written[0] == written[1]
    if "\x1b" in text:
        assert b"\x1b" in written[0]  # a terminal keeps them
