"""The README's editor setups name the command and files the server really serves."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- section:editors -->")
    return text[start : text.index("<!-- /section:editors -->", start)]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _section(), flags=re.DOTALL)


def test_helix_config_is_valid_toml_starting_the_server_for_both_extensions() -> None:
    [block] = _blocks("toml")
    config = tomllib.loads(block)
    server = config["language-server"]["dinaction"]
    assert [server["command"], *server["args"]] == ["dinaction", "lsp"]
    [language] = config["language"]
    assert language["name"] == "dinaction"
    assert sorted(language["file-types"]) == ["din", "dinaction"]
    assert language["language-servers"] == ["dinaction"]


def test_neovim_configs_use_the_language_id_and_command() -> None:
    blocks = _blocks("lua")
    assert len(blocks) == 2
    for block in blocks:
        assert 'cmd = { "dinaction", "lsp" }' in block
        assert 'extension = { din = "dinaction", dinaction = "dinaction" }' in block


def test_emacs_mode_matches_both_extensions_and_only_them() -> None:
    [block] = _blocks("elisp")
    assert '(dinaction-mode . ("dinaction" "lsp"))' in block
    elisp = re.search(r'auto-mode-alist \'\("(.*?)"', block)
    assert elisp is not None
    regexp = elisp.group(1).replace("\\\\", "\\")  # the elisp string's escapes: \\ is one backslash
    # Emacs regexp → Python: \( \) group, \' is the end of the name
    pattern = regexp.replace("\\(", "(").replace("\\)", ")").replace("\\'", r"\Z")
    for name, matches in [("a.din", True), ("a.dinaction", True), ("a.dina", False), ("din.txt", False)]:
        assert bool(re.search(pattern, name)) is matches, name


def test_the_vscode_pointer_leads_to_the_extension() -> None:
    assert "(editors/vscode/)" in _section()
    assert (README.parent / "editors" / "vscode" / "package.json").is_file()
