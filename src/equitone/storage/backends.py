"""The engine for a location: a file is SQLite's, a `postgresql://` address PostgreSQL's
(storage/engines.py describes what each does)."""

from __future__ import annotations

from equitone.storage.engines import Backend
from equitone.storage.location import DatabaseLocation


def backend_for(location: DatabaseLocation) -> Backend:
    if location.is_server:
        # psycopg and the server code load only for a server
        from equitone.storage.postgres_backend import PostgresBackend

        return PostgresBackend(location)
    from equitone.storage.sqlite_backend import SqliteBackend

    return SqliteBackend(location)
