"""Another process holding a database, for tests/services/test_live_database.py; not a test.

`python lock_holder.py equitone PATH` opens the database the way the window does (through the
services) and takes the daily backup in the same process — the step that once dropped the
process's locks — then keeps it open. `python lock_holder.py exclusive PATH` is another
program holding SQLite's exclusive lock (`PRAGMA locking_mode=EXCLUSIVE`). Both print `ready`
and hold until stdin closes; `write NAME` adds a patient and prints `wrote`.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

INSERT = ("INSERT INTO patients (uuid, name, phone, email, address, notes, archived)"
          " VALUES (lower(hex(randomblob(16))), ?, '', '', '', '', 0)")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    mode, path = sys.argv[1], Path(sys.argv[2])
    if mode == "equitone":
        from equitone.domain.patients import PatientDraft
        from equitone.services.backups import ensure_daily_backup
        from equitone.services.patients import create_patient
        from equitone.services.workspace import open_workspace

        db = open_workspace(path)
        ensure_daily_backup(path)

        def write(name: str) -> None:
            create_patient(db, PatientDraft(name=name))
    else:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("COMMIT")  # an empty write transaction takes the exclusive lock
        conn.execute("SELECT count(*) FROM patients").fetchone()

        def write(name: str) -> None:
            conn.execute(INSERT, (name,))

    _say("ready")
    for line in sys.stdin:
        words = line.split(maxsplit=1)
        if words and words[0] == "write":
            write(words[1].strip())
            _say("wrote")


if __name__ == "__main__":
    main()
