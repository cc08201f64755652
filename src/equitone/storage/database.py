"""Opening, checking and migrating the database.

Opening is staged so that a damaged or foreign file is diagnosed with the standard library's
sqlite3 *read-only* before SQLAlchemy or Alembic touch it: such a file is never written to.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from equitone.errors import DatabaseError, NewerSchemaError
from equitone.storage import audit
from equitone.storage.failures import translated
from equitone.storage.header import truncation_problem
from equitone.storage.schema import HEAD_REVISION, REVISIONS

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True, slots=True)
class Probe:
    """What a read-only look at a database file found."""

    exists: bool
    revision: str | None

    @property
    def needs_migration(self) -> bool:
        return self.revision != HEAD_REVISION


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
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _fail(path, f"the file is damaged ({exc}).") from None
    if revision is None and tables - {"sqlite_sequence"}:
        raise _fail(path, "it is an SQLite file that was not made by Equitone.")
    if revision is not None and revision not in REVISIONS:
        raise NewerSchemaError(
            f"The database {path} was written by a newer version of Equitone "
            f"(schema {revision}); this version knows up to {HEAD_REVISION}. "
            "It has not been changed. Please update Equitone to open it."
        )
    return Probe(exists=True, revision=revision)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: with WAL, NORMAL may lose the last commits on power loss; clinical notes are
    # worth the ~0.2 ms per commit PLATFORM.md measured.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _make_engine(path: Path) -> Engine:
    # hide_parameters: error texts (and so logs) never carry patient names or notes.
    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    return engine


class Database:
    """An open, migrated database. Writes go through `transaction()`, one transaction each."""

    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Every write is audited in its own transaction (storage/audit.py).
        audit.install(self._sessions)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit on success, roll back on any exception: every write is all-or-nothing.
        SQLite failures (busy, disk full, damaged) leave as clear errors (storage/failures)."""
        with translated(self.path), self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        with translated(self.path), self._sessions() as session:
            yield session

    def adopt(self, other: Database) -> None:
        """Continue on `other`'s engine (a restore replaced the file): every screen holding
        this object then works on the restored data without being rebuilt."""
        self.engine.dispose()
        self.engine, self.path, self._sessions = other.engine, other.path, other._sessions

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def migrate(engine: Engine, target: str = "head") -> None:
    """Run Alembic migrations up to `target` (imported lazily: Alembic costs start-up time)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "equitone.storage:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def open_database(
    path: Path,
    *,
    create_directory: bool = False,
    before_migration: Callable[[Path, Probe], None] | None = None,
) -> Database:
    """Probe, migrate if needed, and return the database.

    `before_migration` runs only when an existing file is about to be upgraded (the data-safety
    layer uses it to take a backup first).
    """
    if create_directory and not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    found = probe(path)
    engine = _make_engine(path)
    if found.needs_migration:
        if found.exists and found.revision is not None and before_migration is not None:
            before_migration(path, found)
        log.info("migrating %s from %s to %s", path.name, found.revision, HEAD_REVISION)
        old_umask = os.umask(0o077)
        try:
            with translated(path):
                migrate(engine)
        except Exception:
            engine.dispose()
            raise
        finally:
            os.umask(old_umask)
    return Database(engine, path)
