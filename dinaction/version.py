"""dinaction's version: one place, below everything that reports it (SARIF, the cache, `--version`, the server)."""

__version__ = "0.1.0"
