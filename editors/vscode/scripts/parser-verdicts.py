"""Records what dinaction's own parser says of the lines the grammar tests use.

Writes test/samples/parser-verdicts.json: for every source line of
test/grammar/*.din and every line of test/samples/parser-lines.txt, whether
`dinaction.syntax.parser.parse_line` accepts it (an action and no finding) and,
if not, the code of the rule it reports (a line read with an invisible character
in it has an action and a finding: the code is DA014).
test/unit/grammar.test.ts then checks the TextMate grammar against it: no
invalid.illegal on a line the parser accepts, and none on a line the parser
rejects for a reason the highlighting cannot see (see the test).

`python -m dinaction.dev regen` (from the checkout's root) rewrites it with
every other generated file; this script alone still does the same:

    ../../.venv/bin/python scripts/parser-verdicts.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE.parent.parent))  # the repository root, for `dinaction`

from dinaction.syntax.parser import parse_line  # noqa: E402

ASSERTION = re.compile(r"^#\s*(\^|<[~]*-)")


def corpus() -> list[str]:
    lines: list[str] = []
    for test in sorted((HERE / "test" / "grammar").glob("*.din")):
        for line in test.read_text(encoding="utf-8").split("\n")[1:]:
            if not ASSERTION.match(line):
                lines.append(line)
    extra = HERE / "test" / "samples" / "parser-lines.txt"
    lines += extra.read_text(encoding="utf-8").split("\n")
    return [line for line in dict.fromkeys(lines) if line.strip()]


def verdicts() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for line in corpus():
        _action, problems = parse_line(line, 0)
        # the finding that says why the line has no action comes last
        code = problems[-1].code if problems else None
        out.append({"line": line, "ok": not problems, "code": code})
    return out


def render() -> str:
    """The text of test/samples/parser-verdicts.json (`python -m dinaction.dev check` compares it)."""
    return json.dumps(verdicts(), ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    out = HERE / "test" / "samples" / "parser-verdicts.json"
    text = render()
    out.write_text(text, encoding="utf-8")
    found = json.loads(text)
    print(f"{out.relative_to(HERE)}: {len(found)} lines, {sum(v['ok'] for v in found)} accepted")


if __name__ == "__main__":
    main()
