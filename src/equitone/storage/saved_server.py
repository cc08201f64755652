"""The clinic server this workstation uses, as saved by File → Connect to clinic server….

A small owner-only JSON file in the config folder holding the address *without* password
(host, port, database, user, options); the password lives in the keyring or the private
password file (storage/credentials.py). No file: the local database. `--db` and EQUITONE_DB
still win over it (storage/choice.py).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

from equitone import paths
from equitone.errors import EquitoneError
from equitone.storage.location import DatabaseLocation

log = logging.getLogger(__name__)

SERVER_FILE = "clinic-server.json"


def server_file() -> Path:
    return paths.config_dir() / SERVER_FILE


def saved_server() -> DatabaseLocation | None:
    """The saved server, or None (none saved, or the file is unreadable: then the local
    database opens and the log says why)."""
    path = server_file()
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        options = tuple((str(k), str(v)) for k, v in data.get("options", []))
        return DatabaseLocation.server(
            str(data["host"]), int(data["port"]), str(data["database"]), str(data["user"]),
            options=options,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EquitoneError):
        log.warning("ignoring the unreadable saved server file %s", path.name)
        return None


def save_server(location: DatabaseLocation) -> Path:
    """Make `location` the database of the next start (the password is not written)."""
    if not location.is_server:
        raise ValueError("only a server address is saved; use forget_server() for local")
    path = server_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = {"host": location.host, "port": location.port, "database": location.database,
            "user": location.user, "options": [list(pair) for pair in location.options]}
    import tempfile

    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".server.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=1)
        Path(temp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temp).unlink()
        raise
    return path


def forget_server() -> None:
    """Back to the local database at the next start."""
    with contextlib.suppress(FileNotFoundError):
        server_file().unlink()
