"""What importing costs: `import dinaction` loads nothing of serve; `import dinaction.serve` no uvicorn."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import dinaction
print(sorted(m for m in ("dinaction.serve", "uvicorn", "holidays") if m in sys.modules))
import dinaction.serve
print(sorted(m for m in ("uvicorn", "holidays") if m in sys.modules))
"""


def test_the_library_does_not_load_the_server() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[]", "[]"]
