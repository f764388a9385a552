"""The README's quick start: `dinaction lint examples/` reports the broken examples only."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_quick_start_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme.split("## Quick start", 1)[1], re.S)[:2]
    assert blocks[0].strip() == "python3 -m pip install . && dinaction lint examples/"
    assert blocks[1].strip() == "python3 -m pip install -e '.[test]' && python3 -m pytest"


def test_lint_examples_flags_every_broken_file_and_no_good_one() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dinaction", "lint", "--format", "json", "examples/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    flagged = {Path(item["path"]).as_posix() for item in json.loads(proc.stdout)}
    broken = {p.relative_to(ROOT).as_posix() for p in (ROOT / "examples" / "broken").glob("*.din*")}
    assert flagged == broken
    good = list((ROOT / "examples" / "good").glob("*.din*"))
    assert len(good) >= 5 and len(broken) >= 8
