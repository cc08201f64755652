"""The seam between Equitone and the database engine underneath (SQLite or PostgreSQL).

Everything engine-specific lives behind `Backend`: how a database is looked at before it is
opened (without writing to it), how connections are set up, how the engine's failures become
sentences a clinician can act on, and how a schema upgrade is kept to one writer at a time.
`Database` (storage/database.py) holds a backend; nothing outside `storage` asks which one.

    backend = backend_for(DatabaseLocation.parse("postgresql://kim@clinic/equitone"))
    found = backend.probe()            # Probe(exists, revision); raises a DatabaseError
    engine = backend.create_engine()
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from equitone.errors import DatabaseError
from equitone.storage.schema import HEAD_REVISION

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from equitone.storage.location import DatabaseLocation


@dataclass(frozen=True, slots=True)
class Probe:
    """What a read-only look at a database found."""

    exists: bool
    revision: str | None
    read_only: bool = False  # it can be read (listed, checked, backed up) but not changed

    @property
    def needs_migration(self) -> bool:
        return self.revision != HEAD_REVISION


class Backend(ABC):
    """One engine's way of doing the engine-specific steps for one location."""

    #: False where the engine has no file to copy with SQLite's backup API or to replace.
    has_file = False
    #: True when the probe found a database that can be read but not changed.
    read_only = False

    def __init__(self, location: DatabaseLocation) -> None:
        self.location = location

    @property
    def name(self) -> str:
        return self.location.engine_name

    def describe(self) -> str:
        """The database as messages name it (never with a password)."""
        return self.location.display()

    @abstractmethod
    def probe(self) -> Probe:
        """Look at the database without writing to it; raise DatabaseError (with a clear
        message) if it cannot be used, NewerSchemaError if a newer Equitone wrote it."""

    def prepare(self, *, create_directory: bool) -> None:  # noqa: B027 - optional step
        """Make the place for a new database (the default folder); nothing by default."""

    def create(self) -> None:  # noqa: B027 - optional step
        """Make the database that `probe` found missing, with the current schema, all or
        nothing (a file is built aside and linked into place); nothing by default: a
        server's first migration is one transaction already."""

    @abstractmethod
    def create_engine(self) -> Engine:
        """A configured SQLAlchemy engine (hide_parameters: errors never carry patient data)."""

    @abstractmethod
    def translate(self, error: BaseException) -> DatabaseError | None:
        """The user-facing error for an engine failure, None if it is not one we know."""

    @contextlib.contextmanager
    def translated(self) -> Iterator[None]:
        """Re-raise known engine failures inside the block as their user-facing errors."""
        try:
            yield
        except DatabaseError:
            raise
        except Exception as error:
            mapped = self.translate(error)
            if mapped is None:
                raise
            raise mapped from error

    def lock_for_migration(self, connection: Connection) -> None:  # noqa: B027 - optional
        """Inside the migration's transaction: keep other workstations from upgrading the same
        schema at the same moment (nothing to do where one file has one writer)."""


    @contextlib.contextmanager
    def one_at_a_time(self, engine: Engine) -> Iterator[None]:
        """Keep other workstations out of a start-up step (loading the shipped catalog) while
        this one does it; a file needs nothing beyond its own write lock."""
        yield


def backend_for(location: DatabaseLocation) -> Backend:
    if location.is_server:
        from equitone.storage.postgres_backend import PostgresBackend

        return PostgresBackend(location)
    from equitone.storage.sqlite_backend import SqliteBackend

    return SqliteBackend(location)
