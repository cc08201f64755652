"""Worker for the kill tests of restores and backups (tests/services/test_crash_backups.py);
not a test module.

Started with the database and the two backups to alternate between; for each
`go MODE SEED` line (tests/services/fork_worker.py) a child restores A, B, A, … (MODE
restore) or takes backups of every kind with made-up, advancing dates (MODE backup) until it
is killed, printing a line after each one returns.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

from equitone.services import backups
from tests.services.fork_worker import say, serve

KINDS = ("daily", "manual", "pre-migration")


def child(database: Path, mode: str, seed: int, candidates: list[Path]) -> None:
    n = 0
    while True:
        n += 1
        if mode == "restore":
            source = candidates[n % 2]
            backups.restore(database, source)
            say(f"restored {source.name}")
        else:
            when = datetime(2026, 1, 1, 8) + timedelta(days=seed % 97, hours=n)
            written = backups.backup_now(database, kind=KINDS[n % 3], now=when)
            say(f"backup {written.name}")


def main() -> None:
    database, candidates = Path(sys.argv[1]), [Path(a) for a in sys.argv[2:]]
    serve(lambda args: child(database, args[0], int(args[1]), candidates))


if __name__ == "__main__":
    main()
