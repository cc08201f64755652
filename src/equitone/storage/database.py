"""Opening, checking and migrating the database, whichever engine holds it.

Opening is staged so that a damaged, foreign or newer database is diagnosed before SQLAlchemy
or Alembic write to it (the backend's read-only `probe`): such a database is never written to.
The engine-specific parts live behind storage/engines.py (SQLite file, PostgreSQL server).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from equitone.storage import audit, sqlite_migration, versioning
from equitone.storage.engines import Backend, Probe, backend_for
from equitone.storage.location import DatabaseLocation
from equitone.storage.schema import HEAD_REVISION

# Kept importable from here: tests and services have always found them in this module.
from equitone.storage.sqlite_backend import probe

__all__ = ["Database", "DatabaseLocation", "Probe", "migrate", "open_database", "probe"]

log = logging.getLogger(__name__)

# How long a write waits for a lock held by another program before it is reported busy
# (SQLite's busy timeout; PostgreSQL's lock_timeout), read whenever an engine is made.
BUSY_TIMEOUT_MS = 5000

Where = Path | str | DatabaseLocation


def as_location(where: Where) -> DatabaseLocation:
    if isinstance(where, DatabaseLocation):
        return where
    return DatabaseLocation.parse(where) if isinstance(where, str) else DatabaseLocation.sqlite(
        where
    )


class Database:
    """An open, migrated database. Writes go through `transaction()`, one transaction each.

    `location` says where it is; `path` is the SQLite file, None on a server (file-only
    features such as SQLite's backup API check it)."""

    def __init__(self, engine: Engine, where: Where | Backend | None = None) -> None:
        self.engine = engine
        if isinstance(where, Backend):
            self.backend = where
        else:
            self.backend = backend_for(
                as_location(where if where is not None else engine.url.database or ":memory:")
            )
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._joined: ContextVar[Session | None] = ContextVar(f"joined-{id(self)}", default=None)
        # Every write is audited in its own transaction (storage/audit.py), and raises the
        # row version of each record it changes (storage/versioning.py).
        audit.install(self._sessions)
        versioning.install(self._sessions)

    @property
    def location(self) -> DatabaseLocation:
        return self.backend.location

    @property
    def path(self) -> Path | None:
        return self.location.path

    @property
    def read_only(self) -> bool:
        """True when the file can be read but not changed (every save says so)."""
        return self.backend.read_only

    @property
    def is_server(self) -> bool:
        """True on a shared server (several workstations); False on a local file."""
        return self.location.is_server

    def describe(self) -> str:
        """The database as messages name it: the file, or the server address (no password)."""
        return self.backend.describe()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit on success, roll back on any exception: every write is all-or-nothing.
        Engine failures (busy, disk full, damaged, server gone) leave as clear errors.
        Inside `all_or_nothing()` it is that block's transaction (committed at its end)."""
        joined = self._joined.get()
        if joined is not None:
            yield joined
            return
        with self.backend.translated(), self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        joined = self._joined.get()
        if joined is not None:  # sees what the block has written so far
            yield joined
            return
        with self.backend.translated(), self._sessions() as session:
            yield session

    @contextlib.contextmanager
    def all_or_nothing(self) -> Iterator[Session]:
        """One transaction for a use-case made of many service calls (the demo clinic):
        every `transaction()` and `reading()` inside the block, in this thread, joins it;
        nothing is committed until the block ends, and an error or a kill leaves nothing."""
        joined = self._joined.get()
        if joined is not None:
            yield joined
            return
        with self.transaction() as session:
            token = self._joined.set(session)
            try:
                yield session
            finally:
                self._joined.reset(token)

    def adopt(self, other: Database) -> None:
        """Continue on `other`'s engine (a restore replaced the file, or the window switched
        to another database): every screen holding this object then works on the new data
        without being rebuilt."""
        self.engine.dispose()
        self.engine, self.backend, self._sessions = other.engine, other.backend, other._sessions

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def migrate(engine: Engine, target: str = "head", backend: Backend | None = None) -> None:
    """Run Alembic migrations up to `target` (imported lazily: Alembic costs start-up time).

    One transaction on either engine, so an upgrade that fails or is killed half-way leaves
    the schema as it was: PostgreSQL's DDL is transactional, and SQLite's is once the
    transaction is begun explicitly (storage/sqlite_migration.py). The backend may lock out
    other workstations upgrading at the same moment."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            sqlite_migration.begin(connection)
        if backend is not None:
            backend.lock_for_migration(connection)
        run_migrations(connection, target)


def run_migrations(connection: Connection, target: str = "head") -> None:
    """Alembic's upgrade on `connection`, inside the caller's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "equitone.storage:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def open_database(
    where: Where,
    *,
    create_directory: bool = False,
    before_migration: Callable[[DatabaseLocation, Probe], None] | None = None,
) -> Database:
    """Probe, migrate if needed, and return the database (a file path or a server address).

    `before_migration` runs only when an existing database is about to be upgraded (the
    data-safety layer uses it to take a backup first).
    """
    backend = backend_for(as_location(where))
    backend.prepare(create_directory=create_directory)
    found = backend.probe()
    if not found.exists:
        log.info("creating %s", _short(backend))
        with _private_files(), backend.translated():
            backend.create()
        found = backend.probe()
    if found.read_only and found.needs_migration:
        from equitone.storage.failures import ReadOnlyDatabaseError

        raise ReadOnlyDatabaseError(
            f"The database {backend.describe()} needs an upgrade (schema {found.revision}), "
            "but it is read-only (the file or its folder). Nothing was changed; make it "
            "writable, or open it with the version of Equitone that wrote it."
        )
    engine = backend.create_engine()
    if found.needs_migration:
        if found.exists and found.revision is not None and before_migration is not None:
            try:
                before_migration(backend.location, found)
            except BaseException:
                engine.dispose()
                raise
        log.info("migrating %s from %s to %s", _short(backend), found.revision, HEAD_REVISION)
        try:
            with _private_files(), backend.translated():
                migrate(engine, backend=backend)
        except BaseException:
            engine.dispose()
            raise
    return Database(engine, backend)


@contextlib.contextmanager
def _private_files() -> Iterator[None]:
    """Files made inside (the database, its journal) are readable by the owner only."""
    old_umask = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old_umask)


def _short(backend: Backend) -> str:
    """For the log: the file's name, or the server address (no password)."""
    path = backend.location.path
    return path.name if path is not None else backend.describe()
