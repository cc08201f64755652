"""Where Equitone keeps its files.

One place decides every folder so that tests, development checkouts and the installed app
agree: `EQUITONE_HOME` moves every per-user directory (data, config, logs) under one folder,
which the test-suite uses to keep each test away from the real user profile. Which database
opens (`--db`, EQUITONE_DB, the saved clinic server, the default file) is decided by
storage/choice.py from these folders; this module imports nothing of Equitone's.
"""

from __future__ import annotations

import os
from pathlib import Path

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


def backups_dir(database: Path) -> Path:
    """Backups live beside the database they protect."""
    return database.parent / "backups"


def server_backups_dir() -> Path:
    """Backups of clinic servers taken on this workstation (pg_dump archives)."""
    return data_dir() / "server-backups"


def settings_file() -> Path:
    return config_dir() / "equitone.ini"
