"""Passwords for clinic servers: never in plain text, never logged, never printed.

Where a password is kept, in order of preference:
1. the operating system's keyring (the `keyring` package: Secret Service on Linux, Keychain
   on macOS, Credential Locker on Windows), when a real backend is available;
2. otherwise a password file in the config folder, created owner-only (0600) and refused on
   reading when anyone else could read it or it belongs to another user.
Both are keyed by the server address without password (`DatabaseLocation.key()`). A password
given in the address itself (`--db postgresql://kim:secret@…`) is used as is and stored
nowhere. libpq's own PGPASSWORD and ~/.pgpass keep working underneath, as with psql.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from equitone import paths
from equitone.errors import DatabaseError
from equitone.storage.location import DatabaseLocation

log = logging.getLogger(__name__)

SERVICE = "Equitone clinic server"
PASSWORD_FILE = "server-passwords.json"
PRIVATE_FILE = 0o600


def password_file() -> Path:
    return paths.config_dir() / PASSWORD_FILE


def _keyring() -> Any | None:
    """The keyring module when it has a usable backend (not the 'fail'/'null' ones)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration must not stop the clinic
        return None
    if isinstance(backend, fail.Keyring) or type(backend).__module__.endswith(".null"):
        return None
    priority = getattr(backend, "priority", 1)
    try:
        if float(priority) <= 0:
            return None
    except (TypeError, ValueError):
        return None
    return keyring


def store_name() -> str:
    """Where `save_password` would keep a password now (for the dialog to say)."""
    if _keyring() is not None:
        return "the system keyring"
    return f"a file only you can read ({password_file()})"


# -- password file -------------------------------------------------------------------------
def _read_file() -> dict[str, str]:
    path = password_file()
    try:
        info = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise DatabaseError(f"Cannot read the password file {path}: {exc.strerror}.") from None
    getuid = getattr(os, "geteuid", None)
    if info.st_mode & 0o077 or (getuid is not None and info.st_uid != getuid()):
        raise DatabaseError(
            f"The password file {path} can be read by other users, so Equitone will not use "
            f"it. Make it private (chmod 600 {path}) or delete it and connect again."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DatabaseError(
            f"The password file {path} is damaged; delete it and connect again."
        ) from None
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


def _write_file(entries: dict[str, str]) -> None:
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".passwords.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:  # mkstemp: already 0600
            json.dump(entries, stream, indent=1, sort_keys=True)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temp).chmod(PRIVATE_FILE)
        Path(temp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temp).unlink()
        raise


# -- public --------------------------------------------------------------------------------
def saved_password(location: DatabaseLocation) -> str | None:
    """The stored password for `location`, or None."""
    key = location.key()
    ring = _keyring()
    if ring is not None:
        try:
            found = ring.get_password(SERVICE, key)
        except Exception:
            log.warning("keyring lookup failed; trying the password file")
        else:
            if found:
                return str(found)
    return _read_file().get(key)


def save_password(location: DatabaseLocation, password: str) -> str:
    """Store `password` for `location`; returns where it went (for the dialog to say)."""
    key = location.key()
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, key, password)
        except Exception:
            log.warning("keyring refused the password; using the private password file")
        else:
            _forget_in_file(key)
            return "the system keyring"
    entries = _read_file()
    entries[key] = password
    _write_file(entries)
    return f"a file only you can read ({password_file()})"


def _forget_in_file(key: str) -> None:
    if not password_file().exists():
        return
    with contextlib.suppress(DatabaseError):
        entries = _read_file()
        if entries.pop(key, None) is not None:
            _write_file(entries)


def forget_password(location: DatabaseLocation) -> None:
    key = location.key()
    ring = _keyring()
    if ring is not None:
        with contextlib.suppress(Exception):
            ring.delete_password(SERVICE, key)
    _forget_in_file(key)


def with_saved_password(location: DatabaseLocation) -> DatabaseLocation:
    """`location` with its stored password filled in, unless it already has one."""
    if not location.is_server or location.password:
        return location
    found = saved_password(location)
    return location.with_password(found) if found else location
