"""Where settings come from: configuration files and the command line's overrides.

``keys`` declares every key once; ``load`` reads a file and puts the
overrides on top; ``discovery`` finds the file that applies to a path;
``schema`` generates the JSON schema and the docs' option table; ``check``
places every problem of a configuration file's text (for editors), with the
TOML locator of ``locate``. ``check`` is loaded when first asked for: a
lint reads configuration files but never needs their problems placed, and
the locator would be a good part of a one-file lint's start-up.
"""

from typing import TYPE_CHECKING, Any

from dinaction.config.discovery import CONFIG_FILES, clear_cache, config_for_path, find_config_file, settings_for_path
from dinaction.config.keys import EXTENSIONS, KEYS, ConfigError, Key, parse_table
from dinaction.config.load import NO_OVERRIDES, Config, Overrides, glob_matches, load_config

if TYPE_CHECKING:
    from dinaction.config.check import ConfigProblem, config_problems

__all__ = [
    "CONFIG_FILES",
    "EXTENSIONS",
    "KEYS",
    "NO_OVERRIDES",
    "Config",
    "ConfigError",
    "ConfigProblem",
    "Key",
    "Overrides",
    "clear_cache",
    "config_for_path",
    "config_problems",
    "find_config_file",
    "glob_matches",
    "load_config",
    "parse_table",
    "settings_for_path",
]


def __getattr__(name: str) -> Any:
    """``ConfigProblem`` and ``config_problems``, imported from ``check`` on first use."""
    if name in ("ConfigProblem", "config_problems"):
        from dinaction.config import check

        return getattr(check, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
