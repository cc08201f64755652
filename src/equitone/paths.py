"""Where Equitone keeps its files.

One place decides every path so that tests, development checkouts and the installed app agree:
- `--db PATH|URL` (passed in) beats `EQUITONE_DB`, which beats the clinic server saved by
  File → Connect to clinic server… (storage/saved_server.py), which beats the default
  database in the user data directory;
- `EQUITONE_HOME` moves every per-user directory (data, config, logs) under one folder, which
  the test-suite uses to keep each test away from the real user profile.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from equitone.storage.location import DatabaseLocation

APP_NAME = "Equitone"
DB_ENV = "EQUITONE_DB"
HOME_ENV = "EQUITONE_HOME"
DEFAULT_DB_NAME = "equitone.sqlite3"


def _user_dir(kind: str) -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / kind
    import platformdirs  # imported lazily: start-up time matters

    if kind == "data":
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if kind == "config":
        return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return _user_dir("data")


def config_dir() -> Path:
    return _user_dir("config")


def log_dir() -> Path:
    return _user_dir("logs")


def default_database_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def resolve_location(
    explicit: str | os.PathLike[str] | None = None,
) -> tuple[DatabaseLocation, bool]:
    """The database to open — a file or a `postgresql://` server — and whether it is the
    default location. Only the default location's folder is created on first run: an
    explicitly chosen file's folder must already exist (a typo in `--db` should not silently
    create folders). Raises ValidationError for an address that is neither a path nor a
    PostgreSQL URL."""
    from equitone.storage.location import DatabaseLocation

    if explicit is not None and not os.fspath(explicit):
        from equitone.errors import ValidationError

        raise ValidationError(
            "--db is empty: give the database file or a postgresql:// address (or leave "
            "--db out for the default database)."
        )
    chosen = explicit or os.environ.get(DB_ENV)
    if chosen:
        return DatabaseLocation.parse(os.fspath(chosen)), False
    from equitone.storage.saved_server import saved_server

    server = saved_server()
    if server is not None:
        return server, False
    return DatabaseLocation.sqlite(default_database_path()), True


def backups_dir(database: Path) -> Path:
    """Backups live beside the database they protect."""
    return database.parent / "backups"


def settings_file() -> Path:
    return config_dir() / "equitone.ini"
