"""The layers of docs/architecture.md hold: no module imports upward, nor across its own layer.

The table in docs/architecture.md is the rule: each room of ``dinaction/`` (a
module, or a package) has a layer, and a room may import only rooms of lower
layers (and the modules of its own package). Every import counts: those inside
functions (how heavy modules load late) and under ``if TYPE_CHECKING:`` too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dinaction"
ROW = re.compile(r"^\| (\d+) \| `([\w.]+)` \|", re.MULTILINE)


def layers() -> dict[str, int]:
    """Room → layer, read from docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = {room: int(layer) for layer, room in ROW.findall(text)}
    assert table, "docs/architecture.md has no layer table"
    return table


def room_of(module: str) -> str:
    """``dinaction.rules.base`` → ``rules``; ``dinaction`` (the package itself) → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every dinaction module ``path`` imports, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "dinaction"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "dinaction":
                continue
            if target == "dinaction":  # `from dinaction import x`: x is a room (a module) or a name of the face
                found |= {
                    f"dinaction.{a.name}"
                    if (PACKAGE / a.name).exists() or (PACKAGE / f"{a.name}.py").exists()
                    else "dinaction"
                    for a in node.names
                }
            else:
                found.add(target)
    return found


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_room_of_the_package_has_a_layer() -> None:
    table = layers()
    rooms = {room_of(module_name(path)) for path in sources()}
    assert sorted(rooms - table.keys()) == [], "rooms missing from docs/architecture.md's table"
    assert sorted(table.keys() - rooms) == [], "rooms in docs/architecture.md that no longer exist"


def test_no_room_imports_upward_or_across_its_layer() -> None:
    table = layers()
    wrong = []
    for path in sources():
        source = room_of(module_name(path))
        for target in sorted(imports(path)):
            other = room_of(target)
            if other == source:
                continue
            if table[other] >= table[source]:
                wrong.append(f"{module_name(path)} (layer {table[source]}) imports {target} (layer {table[other]})")
    assert wrong == []


def test_the_check_sees_imports_inside_functions_and_relative_ones() -> None:
    """The checker itself: an import hidden in a function, a relative one and a face import are all seen."""
    probe = PACKAGE / "rules" / "base.py"
    assert "dinaction.ast" in imports(probe)
    hidden = PACKAGE / "preflight" / "action.py"
    assert "dinaction.linter" in imports(hidden)  # imported inside a function, on purpose late
    assert room_of("dinaction") == "__init__" and room_of("dinaction.rules.base") == "rules"
