"""Plain `dinaction lint` runs without typer's parsing and answers exactly as through typer."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from dinaction import cli, cli_fast

ROOT = Path(__file__).resolve().parents[1]


def test_fast_flags_are_lint_flags_without_values() -> None:
    lint = typer.main.get_command(cli.app).commands["lint"]  # type: ignore[attr-defined]
    flags = {}
    for param in lint.params:
        if getattr(param, "is_flag", False) and not param.secondary_opts:
            flags.update(dict.fromkeys(param.opts, param.name))
    for flag, name in cli_fast.FLAGS.items():
        assert flags.get(flag) == name, flag


@pytest.mark.parametrize(
    ("argv", "kwargs"),
    [
        (["lint"], {"paths": None}),
        (["lint", "a.din", "--no-cache", "-q", "b"], {"paths": ["a.din", "b"], "no_cache": True, "quiet": True}),
        (["lint", "--force-exclude", "-"], {"paths": ["-"], "force_exclude": True}),
        (["lint", "--", "--fix", "x"], {"paths": ["--fix", "x"]}),
    ],
)
def test_plain_lint_command_lines_map_to_lint_arguments(argv: list[str], kwargs: dict[str, object]) -> None:
    assert cli_fast.plain_lint(argv) == kwargs


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
    assert cli_fast.plain_lint(argv) is None


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
    for runner in (cli.run, cli_fast.run):
        work = tmp_path / runner.__module__
        shutil.copytree(ROOT / "examples", work)
        (work / "empty").mkdir()
        monkeypatch.chdir(work)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"tranfer +81336042000\n")))
        code = runner(argv)
        out, err = capsys.readouterr()
        outcomes.append((code, out, err))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1] or outcomes[0][2]  # something was said


def test_plain_lint_loads_no_pydantic(tmp_path: Path) -> None:
    (tmp_path / "a.din").write_text('say ja "こんにちは"\n', encoding="utf-8")
    probe = "import sys\nfrom dinaction import cli_fast\ncode = cli_fast.run(sys.argv[1:])\nprint(code, 'pydantic' in sys.modules)\n"
    done = subprocess.run(
        [sys.executable, "-c", probe, "lint", "--no-cache", str(tmp_path / "a.din")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "0 False"
