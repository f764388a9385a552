"""Baselines: record today's findings, then fail only on new ones, whatever moved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dinaction import config
from dinaction.cli import run


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "dinaction.toml").write_text("max-actions = 2\n", encoding="utf-8")
    (tmp_path / "actions").mkdir()
    (tmp_path / "actions" / "a.din").write_text("tranfer +81336042000\n", encoding="utf-8")
    (tmp_path / "actions" / "b.din").write_text("playback https://example.com/a.wav\n", encoding="utf-8")
    (tmp_path / "actions" / "ok.din").write_text("transfer +81336042000\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    config.clear_cache()
    return tmp_path


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, object]], str]:
    code = run(["lint", "--format", "json", *argv])
    captured = capsys.readouterr()
    items: list[dict[str, object]] = json.loads(captured.out)
    return code, items, captured.err


def test_write_then_pass_then_fail_only_on_new(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--baseline", "baseline.json", "--write-baseline", "actions"]) == 0
    assert capsys.readouterr().err == "dinaction: recorded 2 findings in baseline.json\n"
    recorded = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert recorded == {
        "dinaction-baseline": 1,
        "findings": [
            {"path": "actions/a.din", "code": "DA002", "source": "tranfer", "count": 1},
            {"path": "actions/b.din", "code": "DA204", "source": "https://example.com/a.wav", "count": 1},
        ],
    }
    code, items, err = _json(capsys, "--baseline", "baseline.json", "actions")
    assert (code, items) == (0, [])
    assert err == "dinaction: 2 findings in the baseline not shown\n"

    # a line added above moves the old typo down: still known. A second typo is new.
    (project / "actions" / "a.din").write_text(
        "playback https://example.com/welcome.mp3\ntranfer +81336042000\n", encoding="utf-8"
    )
    (project / "actions" / "new.din").write_text("tranfer +81336042000\n", encoding="utf-8")
    code, items, _ = _json(capsys, "--baseline", "baseline.json", "actions")
    assert code == 1
    assert [(i["path"], i["code"], i["line"]) for i in items] == [("actions/new.din", "DA002", 1)]


def test_duplicates_are_counted(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--baseline", "baseline.json", "--write-baseline", "actions"]) == 0
    (project / "actions" / "a.din").write_text("tranfer +81336042000\ntranfer +81336042000\n", encoding="utf-8")
    code, items, _ = _json(capsys, "--baseline", "baseline.json", "actions")
    assert code == 1
    assert [(i["code"], i["line"]) for i in items] == [("DA002", 2)]


def test_fixed_findings_are_reported_as_stale_entries(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--baseline", "baseline.json", "--write-baseline", "actions"]) == 0
    (project / "actions" / "a.din").write_text("transfer +81336042000\n", encoding="utf-8")
    code, items, err = _json(capsys, "--baseline", "baseline.json", "actions")
    assert (code, items) == (0, [])
    assert "1 baseline entry no longer occur" in err and "--write-baseline" in err
    assert run(["lint", "-q", "--baseline", "baseline.json", "actions"]) == 0
    assert capsys.readouterr().err == ""


def test_paths_are_relative_to_the_baseline_not_the_working_directory(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "ci").mkdir()
    assert run(["lint", "--baseline", "ci/baseline.json", "--write-baseline", "actions"]) == 0
    recorded = json.loads((project / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in recorded["findings"]} == {"../actions/a.din", "../actions/b.din"}
    monkeypatch.chdir(project / "actions")
    code, items, _ = _json(capsys, "--baseline", str(project / "ci" / "baseline.json"), ".")
    assert (code, items) == (0, [])


def test_the_baseline_works_with_every_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--baseline", "b.json", "--write-baseline", "actions"]) == 0
    capsys.readouterr()
    assert run(["lint", "--format", "sarif", "--baseline", "b.json", "actions"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"][0]["results"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline: create it with --baseline"),
        ("{oops", "not a dinaction baseline (invalid JSON"),
        ('{"findings": []}', "not a dinaction baseline: rewrite it with --write-baseline"),
        ('{"dinaction-baseline": 1, "findings": [{"path": 1}]}', "not a dinaction baseline"),
        ('{"dinaction-baseline": 7, "findings": []}', "baseline format 7 is not 1"),
    ],
)
def test_a_bad_baseline_exits_2_with_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    if content is not None:
        (project / "b.json").write_text(content, encoding="utf-8")
    assert run(["lint", "--baseline", "b.json", "actions"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


def test_write_baseline_needs_a_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--write-baseline", "actions"]) == 2
    assert "--write-baseline needs --baseline FILE" in capsys.readouterr().err
