"""``python -m dinaction``."""

from dinaction.cli_fast import main

if __name__ == "__main__":
    main()
