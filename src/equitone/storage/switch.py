"""Putting a verified copy in place of the database file, atomically.

Why the order matters: SQLite keeps recent commits in `<db>-wal` and replays that file onto
whatever main file has the database's name. Renaming a new main file over the old one while
the old `-wal` is still beside it would replay the old commits onto the new file and corrupt
it. So the old database is first taken out of WAL mode (`journal_mode=DELETE` checkpoints
every commit into the main file and deletes `-wal`/`-shm`, and fails while any other
connection is open: then nothing is switched), and only then is the copy renamed over it with
`os.replace` — one atomic step; a crash leaves either the old or the new database, whole.

A damaged database is never opened with SQLite here: its files are set aside byte for byte
(hard link when possible, else a copy, else a rename) before the copy replaces them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from equitone.errors import DatabaseBusyError, DatabaseError
from equitone.storage.backup import PRIVATE_FILE
from equitone.storage.failures import is_busy
from equitone.storage.file_lock import locked_against_others

SIDECARS = ("-wal", "-shm", "-journal")
BUSY_TIMEOUT_S = 2.0


def busy(database: Path) -> DatabaseBusyError:
    return DatabaseBusyError(
        f"The database is busy: another program (an Equitone window or command) is using "
        f"{database}. Close it and try again; nothing was changed."
    )


def refuse_if_in_use(database: Path) -> None:
    """DatabaseBusyError when another process has the database open (storage/file_lock.py);
    only for a database this process does not have open itself."""
    with locked_against_others(database) as free:
        if not free:
            raise busy(database)


@contextlib.contextmanager
def others_kept_out(database: Path) -> Iterator[None]:
    """Hold the database's SQLite locks inside the block, so no other Equitone opens it while
    it is being replaced; DatabaseBusyError if another process already has it open."""
    with locked_against_others(database) as free:
        if not free:
            raise busy(database)
        yield


def quiesce(database: Path) -> None:
    """Fold the WAL into the main file and leave no sidecar files (healthy databases only)."""
    try:
        conn = sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise busy(database) from None
        raise DatabaseError(f"Cannot prepare {database} for the switch: {exc}.") from None
    if str(mode).lower() != "delete":
        raise busy(database)


def set_aside(database: Path, keep_as: Path) -> list[Path]:
    """Preserve the database's files unchanged as `keep_as` (+ sidecar suffixes).

    Returns the paths written. Nothing is ever written to the original files.
    """
    kept = []
    for suffix in ("", *SIDECARS):
        source = Path(f"{database}{suffix}")
        if not source.exists():
            continue
        target = Path(f"{keep_as}{suffix}")
        try:
            os.link(source, target)  # same inode, same bytes and mode: nothing is touched
        except OSError:
            try:
                shutil.copyfile(source, target)
                with contextlib.suppress(OSError):
                    target.chmod(PRIVATE_FILE)
            except OSError:
                # Unreadable and no hard links on this file system: move it (the copy that
                # replaces it follows at once).
                source.replace(target)
        kept.append(target)
    return kept


def replace_database(copy: Path, database: Path) -> None:
    """Rename `copy` over `database` after removing the old sidecar files."""
    for suffix in SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{database}{suffix}").unlink()
    copy.replace(database)
    with contextlib.suppress(OSError):
        fd = os.open(database.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
