"""scripts/mutation_scores.py: the scores it prints from mutmut's results, and what it does not claim.

A file whose mutants were not tried has no score: "not run", never 100 %.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "mutation_scores.py"


def _scores(root: Path, results: dict[str, dict[str, int | None]], equivalent: str = "") -> tuple[int, list[str]]:
    (root / "scripts").mkdir()
    (root / "scripts" / "mutation-equivalent.toml").write_text(equivalent, encoding="utf-8")
    for path, codes in results.items():
        meta = root / "mutants" / f"{path}.meta"
        meta.parent.mkdir(parents=True, exist_ok=True)
        meta.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT)], cwd=root, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout.splitlines()


def _row(lines: list[str], name: str) -> list[str]:
    (row,) = [line for line in lines if line.split(" ")[0] == name]
    return row.split()


def test_a_file_with_no_mutant_tried_is_not_run_not_a_hundred_percent(tmp_path: Path) -> None:
    status, lines = _scores(
        tmp_path,
        {
            "dinaction/rules/urls.py": {"a__mutmut_1": None, "a__mutmut_2": None},
            "dinaction/rules/numbers.py": {"b__mutmut_1": 1, "b__mutmut_2": 0, "b__mutmut_3": None},
        },
    )
    assert _row(lines, "dinaction/rules/urls.py")[1:] == ["0", "0", "0", "0", "0", "not", "run", "(2", "not", "run)"]
    assert _row(lines, "dinaction/rules/numbers.py")[1:] == ["2", "1", "1", "0", "0", "50.0%", "(1", "not", "run)"]
    assert _row(lines, "dinaction/rules")[1:7] == ["2", "1", "1", "0", "0", "50.0%"]
    assert not any("100.0%" in line for line in lines)
    assert status == 1  # dinaction/rules is under 90 %


def test_equivalent_mutants_are_left_out_of_the_score(tmp_path: Path) -> None:
    equivalent = '[[mutant]]\nmutant = "b__mutmut_2"\nwhere = "x"\nmutation = "y"\nwhy = "z"\n'
    status, lines = _scores(
        tmp_path, {"dinaction/syntax/lalr.py": {"b__mutmut_1": 1, "b__mutmut_2": 0, "b__mutmut_3": -24}}, equivalent
    )
    assert _row(lines, "dinaction/syntax/lalr.py")[1:] == ["3", "2", "0", "0", "1", "100.0%"]
    assert status == 0
