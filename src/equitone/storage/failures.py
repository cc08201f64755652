"""SQLite's failures turned into sentences a clinician can act on.

SQLite reports a full disk, a lock held by another program or a damaged page as generic
`OperationalError`/`DatabaseError` texts, which SQLAlchemy wraps again. Every read and write
goes through `Database.transaction()`/`reading()`, which pass them through `translated()`, so
no such error reaches the user as a traceback; the rollback has already happened by then, so
the stored data is as it was before the failed write.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from equitone.errors import DatabaseBusyError, DatabaseError


class DamagedDatabaseError(DatabaseError):
    """The file is not a usable database (truncated, overwritten, not SQLite, malformed)."""


class DiskFullError(DatabaseError):
    """A write did not fit on the disk; it was rolled back."""


class ReadOnlyDatabaseError(DatabaseError):
    """The file (or its folder) cannot be written."""


def _where(path: Path | None) -> str:
    return f"the database {path}" if path is not None else "the database"


def translate(error: BaseException, path: Path | None) -> DatabaseError | None:
    """The user-facing error for an sqlite3 (or SQLAlchemy-wrapped) error, None if unknown."""
    original = getattr(error, "orig", None) or error
    if not isinstance(original, sqlite3.Error):
        return None
    text = str(original).lower()
    where = _where(path)
    if "locked" in text or "busy" in text:
        return DatabaseBusyError(
            f"The database is busy: another Equitone program is using {path or 'it'}. "
            "Nothing was changed; try again in a moment."
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(
            f"Cannot save to {where}: the disk is full. This change was not saved and the "
            "stored records are unchanged; free some disk space and try again."
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyDatabaseError(
            f"Cannot save to {where}: the file is read-only. This change was not saved."
        )
    if any(
        sign in text
        for sign in ("malformed", "not a database", "disk i/o error", "corrupt")
    ):
        return DamagedDatabaseError(
            f"{where[0].upper()}{where[1:]} is damaged ({original}). Nothing more was written "
            "to it; restore the newest backup (File → Restore… or `equitone restore`)."
        )
    if "unable to open" in text:
        return DatabaseError(f"Cannot open {where}: the file cannot be opened ({original}).")
    return None


@contextlib.contextmanager
def translated(path: Path | None) -> Iterator[None]:
    """Re-raise known SQLite failures inside the block as their user-facing errors."""
    try:
        yield
    except Exception as error:
        mapped = translate(error, path)
        if mapped is None:
            raise
        raise mapped from error
