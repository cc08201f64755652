"""Process for the migration kill test (tests/storage/test_migration_kills.py); not a test
module.

Started once, it imports everything (Alembic and the migrations too) and says `ready`. For
each `go PATH` line on stdin it forks a child that opens the database at PATH — creating or
upgrading it — says `opened` and exits; the parent says `child PID`, waits for the child (the
test kills it at a random moment) and says `reaped PID STATUS`. Forking keeps a kill round to
the migration's own time, so the default run can afford 50 rounds.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from alembic import command  # noqa: F401 - imported once here, not in every child

from equitone.storage.database import open_database


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    _say("ready")
    for line in sys.stdin:
        words = line.split()
        if len(words) != 2 or words[0] != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                open_database(Path(words[1])).close()
                _say("opened")
            finally:
                os._exit(0)
        _say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"reaped {pid} {status}")


if __name__ == "__main__":
    main()
