"""Every generated file is what the code generates: one check, `python -m dinaction.dev check`.

It covers the README's rules section and docs/rules.md (rule declarations), the
parser tables (the grammar), config.schema.json and the option table of
docs/configuration.md (the configuration keys) and the VS Code extension's
parser verdicts (the parser).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dinaction import dev

ROOT = Path(__file__).resolve().parents[1]


def test_every_generated_file_is_current() -> None:
    assert dev.stale() == [], "run `python -m dinaction.dev regen` and commit the result"


def test_the_check_command_passes_on_this_checkout() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dinaction.dev", "check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def _checkout(tmp_path: Path) -> Path:
    """The hand-written files a generated section lives in, copied; the generated files left out."""
    for name in ("README.md", "docs/configuration.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_check_names_each_stale_file_and_regen_rewrites_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _checkout(tmp_path)
    readme = (root / "README.md").read_text(encoding="utf-8")
    stale_readme = readme.replace("| `unknown-action` |", "| `unknown-actn` |", 1)
    assert stale_readme != readme
    (root / "README.md").write_text(stale_readme, encoding="utf-8")
    docs = (root / "docs" / "configuration.md").read_text(encoding="utf-8")
    (root / "docs" / "configuration.md").write_text(docs.replace("| `select` |", "| `slect` |"), encoding="utf-8")

    assert dev.main(["check"], root=root) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [*(f"stale: {item.path}" for item in dev.GENERATED), out.splitlines()[-1]]
    assert "python -m dinaction.dev regen" in out.splitlines()[-1]

    assert dev.main(["regen"], root=root) == 0
    assert capsys.readouterr().out.splitlines() == [f"rewrote {item.path}" for item in dev.GENERATED]
    assert dev.main(["check"], root=root) == 0
    assert capsys.readouterr().out == ""
    for item in dev.GENERATED:  # what regen wrote is what this checkout holds
        assert (root / item.path).read_bytes() == (ROOT / item.path).read_bytes(), item.path


def test_a_file_without_its_generated_section_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _checkout(tmp_path)
    (root / "README.md").write_text("# dinaction\n", encoding="utf-8")
    assert dev.main(["check"], root=root) == 1
    assert capsys.readouterr().err == (
        "error: README.md: no <!-- section:rules --> … <!-- /section:rules --> section to fill\n"
    )
    assert dev.main(["regen"], root=root) == 1
    assert (root / "README.md").read_text(encoding="utf-8") == "# dinaction\n"


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert dev.main(["regenerate"]) == 2
    assert capsys.readouterr().err == "usage: python -m dinaction.dev regen|check\n"
