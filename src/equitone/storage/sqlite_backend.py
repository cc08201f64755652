"""SQLite: one file, diagnosed read-only before SQLAlchemy or Alembic touch it.

A damaged or foreign file is recognised with the standard library's sqlite3 opened
*read-only* (and the header checked without SQLite at all, storage/header.py): such a file is
never written to. Connections run with foreign keys, WAL, a busy timeout and FULL sync.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from equitone.errors import DatabaseError, NewerSchemaError
from equitone.storage.engines import Backend, Probe
from equitone.storage.failures import translate
from equitone.storage.header import truncation_problem
from equitone.storage.location import DatabaseLocation
from equitone.storage.schema import HEAD_REVISION, REVISIONS
from equitone.storage.sqlite_migration import (
    create_whole,
    remove_abandoned,
    unfinished_creation,
)

SQLITE_HEADER = b"SQLite format 3\x00"


def _fail(path: Path, problem: str) -> DatabaseError:
    return DatabaseError(f"Cannot open the database {path}: {problem}")


def probe(path: Path) -> Probe:
    """Check a database file without writing to it; raise DatabaseError with a clear message."""
    if not path.parent.is_dir():
        raise _fail(path, f"the folder {path.parent} does not exist.")
    if not path.exists():
        if not os.access(path.parent, os.W_OK):
            raise _fail(path, f"the folder {path.parent} is not writable.")
        return Probe(exists=False, revision=None)
    if path.is_dir():
        raise _fail(path, "it is a folder, not a database file.")
    if not os.access(path, os.R_OK):
        raise _fail(path, "the file cannot be read (permission denied).")
    try:
        with path.open("rb") as handle:
            first = handle.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(path, f"the file cannot be read ({exc.strerror or exc}).") from None
    header = first[: len(SQLITE_HEADER)]
    if header and header != SQLITE_HEADER:
        raise _fail(path, "it is not an Equitone database (not an SQLite file).")
    if header:
        journals = (Path(f"{path}-wal"), Path(f"{path}-journal"))
        cut = truncation_problem(
            first, size, has_journal=any(j.is_file() and j.stat().st_size for j in journals)
        )
        if cut:
            raise _fail(path, f"the file is damaged: {cut}.")
    if not os.access(path, os.W_OK):
        raise _fail(path, "the file is read-only.")
    if not header:
        return Probe(exists=True, revision=None)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            leftover = unfinished_creation(lambda sql: conn.execute(sql).fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _fail(path, f"the file is damaged ({exc}).") from None
    if revision is None and tables - {"sqlite_sequence"} and not leftover:
        raise _fail(path, "it is an SQLite file that was not made by Equitone.")
    if revision is not None and revision not in REVISIONS:
        raise NewerSchemaError(
            f"The database {path} was written by a newer version of Equitone "
            f"(schema {revision}); this version knows up to {HEAD_REVISION}. "
            "It has not been changed. Please update Equitone to open it."
        )
    return Probe(exists=True, revision=revision)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The knob lives in storage.database (where tests shorten it), read at connect time.
    from equitone.storage.database import BUSY_TIMEOUT_MS

    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: with WAL, NORMAL may lose the last commits on power loss; clinical notes are
    # worth the ~0.2 ms per commit PLATFORM.md measured.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    return engine


class SqliteBackend(Backend):
    has_file = True

    def __init__(self, location: DatabaseLocation) -> None:
        super().__init__(location)
        assert location.path is not None
        self.path: Path = location.path

    def probe(self) -> Probe:
        return probe(self.path)

    def prepare(self, *, create_directory: bool) -> None:
        if create_directory and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, mode=0o700)
        remove_abandoned(self.path)

    def create_engine(self) -> Engine:
        return _engine(self.path)

    def create(self) -> None:
        create_whole(self.path, _engine)

    def translate(self, error: BaseException) -> DatabaseError | None:
        return translate(error, self.path)
