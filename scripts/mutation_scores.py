"""The mutation scores of the last `scripts/mutation` run, per file and per package, equivalent mutants left out.

Reads mutmut's results (``mutants/**/*.py.meta``) and ``scripts/mutation-equivalent.toml``. The score of a file
is killed / (mutants − equivalent): a mutant no selected test runs ("no tests") counts as one that survived.
Exits 1 when a package is under ``--fail-under`` (90 by default).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path.cwd()
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # killed, or ended by a timeout (an endless loop is noticed)
NOT_RUN = {None, 34}  # not checked yet, skipped


def equivalent_mutants() -> dict[str, dict[str, str]]:
    data = tomllib.loads((ROOT / "scripts" / "mutation-equivalent.toml").read_text(encoding="utf-8"))
    return {entry["mutant"]: entry for entry in data.get("mutant", [])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fail-under", type=float, default=90.0)
    parser.add_argument("--survivors", action="store_true", help="list the mutants that survived")
    args = parser.parse_args(argv)
    equivalent = equivalent_mutants()
    rows: dict[str, Counter[str]] = {}
    survivors: list[str] = []
    for meta in sorted((ROOT / "mutants").glob("dinaction/**/*.py.meta")):
        path = str(meta.relative_to(ROOT / "mutants"))[: -len(".meta")]
        counts: Counter[str] = Counter()
        for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            if code in NOT_RUN:
                counts["not run"] += 1
            elif name in equivalent:
                counts["equivalent"] += 1
            elif code in KILLED:
                counts["killed"] += 1
            else:
                counts["survived" if code == 0 else "no tests" if code in (5, 33) else "other"] += 1
                survivors.append(f"{name} ({code})")
        if counts:
            rows[path] = counts
    packages: dict[str, Counter[str]] = {}
    for path, counts in rows.items():
        packages.setdefault(str(Path(path).parent), Counter()).update(counts)
    print(f"{'file':40} {'mutants':>8} {'killed':>7} {'survived':>9} {'no tests':>9} {'equiv.':>7} {'score':>7}")
    failing = False
    for name, counts in [*rows.items(), *(("", Counter()),), *packages.items()]:
        if not name:
            print()
            continue
        total = sum(counts.values()) - counts["not run"]
        judged = total - counts["equivalent"]
        score = 100.0 * counts["killed"] / judged if judged else 100.0
        if name in packages and score < args.fail_under:
            failing = True
        print(
            f"{name:40} {total:8} {counts['killed']:7} {counts['survived']:9} {counts['no tests']:9} "
            f"{counts['equivalent']:7} {score:6.1f}%"
        )
    if args.survivors:
        print("\n".join(["", "survivors:", *survivors]))
    unknown = sorted(
        set(equivalent)
        - {
            n
            for m in (ROOT / "mutants").glob("dinaction/**/*.py.meta")
            for n in json.loads(m.read_text(encoding="utf-8"))["exit_code_by_key"]
        }
    )
    if unknown and rows:
        print(f"\nequivalent mutants that no longer exist (update scripts/mutation-equivalent.toml): {unknown}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
