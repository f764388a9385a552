"""``python -m dinaction``: the ``dinaction`` command."""

from dinaction.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
