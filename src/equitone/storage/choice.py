"""Which database to open: `--db PATH|URL` (passed in) beats `EQUITONE_DB`, which beats the
clinic server saved by File → Connect to clinic server… (storage/saved_server.py), which beats
the default database in the user data folder (paths.py)."""

from __future__ import annotations

import os

from equitone import paths
from equitone.errors import ValidationError
from equitone.storage.location import DatabaseLocation
from equitone.storage.saved_server import saved_server


def resolve_location(
    explicit: str | os.PathLike[str] | None = None,
) -> tuple[DatabaseLocation, bool]:
    """The database to open — a file or a `postgresql://` server — and whether it is the
    default location. Only the default location's folder is created on first run: an
    explicitly chosen file's folder must already exist (a typo in `--db` should not silently
    create folders). Raises ValidationError for an address that is neither a path nor a
    PostgreSQL URL."""
    if explicit is not None and not os.fspath(explicit):
        raise ValidationError(
            "--db is empty: give the database file or a postgresql:// address (or leave "
            "--db out for the default database)."
        )
    chosen = explicit or os.environ.get(paths.DB_ENV)
    if chosen:
        return DatabaseLocation.parse(os.fspath(chosen)), False
    server = saved_server()
    if server is not None:
        return server, False
    return DatabaseLocation.sqlite(paths.default_database_path()), True
