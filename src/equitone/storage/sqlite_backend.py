"""SQLite: one file, diagnosed read-only before SQLAlchemy or Alembic touch it.

A damaged or foreign file is recognised with the standard library's sqlite3 opened
*read-only*: such a file is never written to. The file itself is looked at with `stat` and
SQLite only (storage/file_lock.py says why never with plain `open()`). Connections run with
foreign keys, WAL, a busy timeout and FULL sync; a file that cannot be written is opened for
reading only (listing and checking still work, a save says the file is read-only).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from equitone.errors import DatabaseError, NewerSchemaError
from equitone.storage.backup import open_read_only
from equitone.storage.engines import Backend, Probe
from equitone.storage.failures import (
    DAMAGE_CODES,
    DamagedDatabaseError,
    EmptyDatabaseError,
    busy_error,
    is_busy,
    sqlite_code,
    translate,
)
from equitone.storage.files import FileProblemError, folder_problem, regular_file
from equitone.storage.header import NOT_SQLITE, describe_damage
from equitone.storage.location import DatabaseLocation
from equitone.storage.schema import HEAD_REVISION, REVISIONS
from equitone.storage.sqlite_migration import (
    create_whole,
    remove_abandoned,
    unfinished_creation,
)

SIDECARS = ("-wal", "-shm", "-journal")
PRIVATE_FILE = 0o600

log = logging.getLogger(__name__)


def _fail(path: Path, problem: str) -> DatabaseError:
    return DatabaseError(f"Cannot open the database {path}: {problem}.")


def has_journal(path: Path) -> bool:
    """A non-empty -wal or -journal beside `path` (looked at with stat only)."""
    for suffix in ("-wal", "-journal"):
        with contextlib.suppress(OSError):
            if Path(f"{path}{suffix}").stat().st_size:
                return True
    return False


def probe(path: Path) -> Probe:
    """Check a database file without writing to it; raise DatabaseError with a clear message.

    Only `stat` and SQLite look at the file (never plain `open()`: see storage/file_lock.py);
    a lock held by another program is DatabaseBusyError, never damage. A file that can be read
    but not written is reported in `Probe.read_only` (it can still be listed and checked)."""
    try:
        if (missing := folder_problem(path.parent)) is not None:
            raise _fail(path, missing)
        info = regular_file(path)
    except FileProblemError as problem:
        raise _fail(path, str(problem)) from None
    folder_writable = os.access(path.parent, os.W_OK)
    if info is None:
        if not folder_writable:
            raise _fail(path, f"the folder {path.parent} is not writable")
        return Probe(exists=False, revision=None)
    if not os.access(path, os.R_OK):
        raise _fail(path, "the file cannot be read (permission denied)")
    if info.st_size == 0:
        raise EmptyDatabaseError(
            f"Cannot open the database {path}: the file is empty (0 bytes), so whatever it "
            "held is gone. It was left as it is; restore the newest backup."
        )
    present = {suffix for suffix in ("-wal", "-shm") if Path(f"{path}{suffix}").exists()}
    try:
        with open_read_only(path) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            leftover = unfinished_creation(lambda sql: conn.execute(sql).fetchall())
    except sqlite3.Error as exc:
        if sqlite_code(exc) in DAMAGE_CODES:
            _remove_new_sidecars(path, present)
        raise _refused(path, info.st_size, exc) from None
    if revision is None and tables - {"sqlite_sequence"} and not leftover:
        raise _fail(path, "it is an SQLite file that was not made by Equitone")
    if revision is not None and revision not in REVISIONS:
        raise NewerSchemaError(
            f"The database {path} was written by a newer version of Equitone "
            f"(schema {revision}); this version knows up to {HEAD_REVISION}. "
            "It has not been changed. Please update Equitone to open it."
        )
    read_only = not (folder_writable and os.access(path, os.W_OK))
    return Probe(exists=True, revision=revision, read_only=read_only)


def _remove_new_sidecars(path: Path, present: set[str]) -> None:
    """A read-only look at a file whose header says WAL makes SQLite create an empty -wal and
    an -shm index beside it; for a damaged file nobody can use, leave the folder as found."""
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{path}{suffix}")
        if suffix in present:
            continue
        with contextlib.suppress(OSError):
            if suffix == "-shm" or sidecar.stat().st_size == 0:
                sidecar.unlink()


def _refused(path: Path, size: int, exc: sqlite3.Error) -> DatabaseError:
    """The error for an SQLite failure while probing: busy, damaged, or what SQLite said."""
    if is_busy(exc):
        return busy_error(path)
    if sqlite_code(exc) in DAMAGE_CODES:
        why = describe_damage(path, size, has_journal=has_journal(path))
        if why == NOT_SQLITE:
            return DamagedDatabaseError(f"Cannot open the database {path}: it is {why}.")
        if why is not None:
            return DamagedDatabaseError(f"Cannot open the database {path}: the file is "
                                        f"damaged: {why}.")
    mapped = translate(exc, path)
    if isinstance(mapped, DamagedDatabaseError) or mapped is None:
        return DamagedDatabaseError(
            f"Cannot open the database {path}: the file is damaged ({exc})."
        )
    return mapped


def tighten_modes(path: Path) -> None:
    """The database and its working files readable by their owner only.

    SQLite gives -wal and -shm the mode of the database file, so a database copied in as 0644
    would spread its pages to everyone through them; a file we own is tightened (logged), one
    we do not own is left alone and only logged."""
    for suffix in ("", *SIDECARS):
        file = Path(f"{path}{suffix}")
        try:
            info = file.stat()
            if not info.st_mode & 0o077 or not stat.S_ISREG(info.st_mode):
                continue
            file.chmod(PRIVATE_FILE)
        except FileNotFoundError:
            continue
        except OSError:
            log.warning("%s%s is readable by others and could not be made private",
                        path.name, suffix)
            continue
        log.warning("%s%s was readable by others; made private (0600)", path.name, suffix)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The knob lives in storage.database (where tests shorten it), read at connect time.
    from equitone.storage.database import BUSY_TIMEOUT_MS

    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: with WAL, NORMAL may lose the last commits on power loss; clinical notes are
    # worth the ~0.2 ms per commit measured on this stack.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    return engine


def _on_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    from equitone.storage.database import BUSY_TIMEOUT_MS

    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    cursor.close()


class SqliteBackend(Backend):
    has_file = True

    def __init__(self, location: DatabaseLocation) -> None:
        super().__init__(location)
        assert location.path is not None
        self.path: Path = location.path
        self.read_only = False  # set by probe(): open for reading only

    def probe(self) -> Probe:
        found = probe(self.path)
        self.read_only = found.read_only
        return found

    def prepare(self, *, create_directory: bool) -> None:
        if create_directory and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, mode=0o700)
        remove_abandoned(self.path)

    def create_engine(self) -> Engine:
        if self.read_only:
            immutable = "" if os.access(self.path.parent, os.W_OK) else "&immutable=1"
            engine = create_engine(
                f"sqlite:///{self.path.resolve().as_uri()}?mode=ro{immutable}&uri=true",
                hide_parameters=True,
            )
            event.listen(engine, "connect", _on_connect_read_only)
            return engine
        tighten_modes(self.path)
        return _engine(self.path)

    def create(self) -> None:
        create_whole(self.path, _engine)

    def translate(self, error: BaseException) -> DatabaseError | None:
        return translate(error, self.path)
