"""Which configuration applies to a file: the nearest file above it, or the command line's choice.

The CLI, the runner and the language server all ask here, so a file is linted
with the same settings everywhere. Files are parsed once and read again only
when their modification time or size changes; ``clear_cache`` forgets them.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from dinaction.config.keys import ConfigError
from dinaction.config.load import NO_OVERRIDES, Config, Overrides, build, clear_loaded, load_config
from dinaction.settings import Settings

__all__ = ["CONFIG_FILES", "clear_cache", "config_for_path", "find_config_file", "settings_for_path"]

#: configuration files, in the order they win when several sit in one directory
CONFIG_FILES = ("dinaction.toml", "pyproject.toml")


def find_config_file(directory: Path) -> Path | None:
    """The nearest configuration file at or above ``directory``.

    A pyproject.toml counts only when it has a [tool.dinaction] table.
    """
    here = Path(os.path.abspath(directory))
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and load_config(candidate) is None:
                continue
            return candidate
    return None


@functools.lru_cache(maxsize=64)
def _defaults(root: Path, overrides: Overrides) -> Config:
    return build(None, root, {}, overrides)


def config_for_path(path: Path, *, isolated: bool = False, overrides: Overrides = NO_OVERRIDES) -> Config:
    """The configuration that applies to ``path`` (a file, or a directory for the files in it)."""
    if overrides.config_file is not None:
        config = load_config(overrides.config_file, overrides)
        if config is None:
            raise ConfigError(f"{overrides.config_file}: has no [tool.dinaction] table")
        return config
    if isolated:
        return _defaults(Path.cwd(), overrides)
    absolute = Path(os.path.abspath(path))
    found = find_config_file(absolute if absolute.is_dir() else absolute.parent)
    if found is None:
        return _defaults(Path.cwd(), overrides)
    config = load_config(found, overrides)
    assert config is not None
    return config


def settings_for_path(path: Path, *, isolated: bool = False, overrides: Overrides = NO_OVERRIDES) -> Settings:
    """The settings to lint ``path`` with: nearest config, overrides, per-file ignores.

    Cheap to call per document: files are parsed once and read again only
    when their mtime or size changes (``clear_cache`` forgets everything).
    Raises ConfigError (one line) for a configuration that cannot be used.
    """
    return config_for_path(path, isolated=isolated, overrides=overrides).settings_for(path)


def clear_cache() -> None:
    """Forget every loaded configuration (for a long-running process such as the language server)."""
    clear_loaded()
    _defaults.cache_clear()
