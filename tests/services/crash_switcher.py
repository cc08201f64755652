"""Worker for the kill tests of restores and backups (tests/services/test_crash_backups.py);
not a test module.

Started with the database and the two backups to alternate between, it imports everything
once; for each `go MODE SEED` line it forks a child that restores A, B, A, … (MODE restore)
or takes backups of every kind with made-up, advancing dates (MODE backup) until it is
killed, printing a line after each one returns. The parent prints `child PID`, reaps it and
prints `reaped PID`.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

from equitone.services import backups

KINDS = ("daily", "manual", "pre-migration")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def child(database: Path, mode: str, seed: int, candidates: list[Path]) -> None:
    n = 0
    while True:
        n += 1
        if mode == "restore":
            source = candidates[n % 2]
            backups.restore(database, source)
            _say(f"restored {source.name}")
        else:
            when = datetime(2026, 1, 1, 8) + timedelta(days=seed % 97, hours=n)
            written = backups.backup_now(database, kind=KINDS[n % 3], now=when)
            _say(f"backup {written.name}")


def main() -> None:
    database, candidates = Path(sys.argv[1]), [Path(a) for a in sys.argv[2:]]
    _say("ready")
    for line in sys.stdin:
        words = line.split()
        if len(words) != 3 or words[0] != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                child(database, words[1], int(words[2]), candidates)
            finally:
                os._exit(3)
        _say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"reaped {pid} {status}")


if __name__ == "__main__":
    main()
