"""What a start-up loads: the library imports nothing heavy, and a lint loads only what its actions need.

Start-up is most of a one-file run (pre-commit) and of every worker process.
lark is needed only to regenerate the parser tables; langcodes only for codes
other than `en` and `ja`; phonenumbers only once a number is seen.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("lark", "langcodes", "language_data", "phonenumbers", "typer", "pydantic", "httpx", "pygls", "rich")
PROBE = f"""
import sys
loaded = lambda: print(sorted(m for m in {HEAVY!r} if m in sys.modules))
import dinaction
loaded()
dinaction.lint('say ja "こんにちは"\\nvoicemail say en "Hi"\\nplayback https://example.com/a.mp3\\n')
loaded()
dinaction.lint("transfer +81336042000 --caller=+819012345678\\n")
loaded()
print("tempfile" in sys.modules, "difflib" in sys.modules)  # writing files, suggesting words
dinaction.lint('say fr "Bonjour"\\n')
loaded()
"""


def test_a_lint_loads_only_what_its_actions_need() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "[]",
        "[]",
        "['phonenumbers']",
        "False False",
        "['langcodes', 'language_data', 'phonenumbers']",
    ]
