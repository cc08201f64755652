"""`python -m equitone` and the `equitone` console script.

A plain launch (no sub-command) goes straight to the window without building the CLI parser:
start-up time is measured against a bare Qt window, and argparse plus every command module
would cost a noticeable share of it. The cyclic garbage collector is paused from here until the
database is open (equitone/app.py says why).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def plain_gui_database(argv: Sequence[str]) -> tuple[bool, str | None]:
    """(True, db) when argv only opens the window, optionally with `--db PATH`."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return True, argv[0][5:]
    return False, None


def main() -> int:
    plain, database = plain_gui_database(sys.argv[1:])
    if plain:
        gc.disable()
        from equitone.app import launch

        return launch(database)
    from equitone.cli.main import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
