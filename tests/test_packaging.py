"""The wheel carries the grammar: a non-editable install lints from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("dinaction-*.whl")
    return built


def test_wheel_contains_the_grammar_and_type_marker(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "dinaction/grammar/action.lark" in names
    packaged = zipfile.ZipFile(wheel).read("dinaction/grammar/action.lark")
    assert packaged == (ROOT / "grammar" / "action.lark").read_bytes()
    assert "dinaction/py.typed" in names


def test_installed_wheel_lints_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    """A fresh venv with a non-editable install of the wheel; its console script, from elsewhere."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    # The dependencies come from this interpreter's site-packages, added as a plain path: its
    # .pth files (among them the editable install of the checkout) are not processed there.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "zz_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "a.din").write_text("tranfer +81336042000\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = subprocess.run(
        [str(python), "-c", "import dinaction; print(dinaction.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip().startswith(site), "the installed copy, not the checkout, must be imported"
    proc = subprocess.run(
        [str(venv / "bin" / "dinaction"), "lint", "a.din"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "a.din:1:1: error DA002 unknown action `tranfer`; did you mean `transfer`?" in proc.stdout
