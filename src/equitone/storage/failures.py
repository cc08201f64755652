"""Database failures turned into sentences a clinician can act on (SQLite and PostgreSQL).

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


class EmptyDatabaseError(DamagedDatabaseError):
    """The database file exists but holds nothing (0 bytes): its contents were lost."""


class DiskFullError(DatabaseError):
    """A write did not fit on the disk; it was rolled back."""


class ReadOnlyDatabaseError(DatabaseError):
    """The file (or its folder) cannot be written."""


class ServerUnavailableError(DatabaseError):
    """The database server cannot be reached, or the connection to it was lost; whatever was
    being written was rolled back by the server. Worth retrying once the server is back."""


class ServerLoginError(DatabaseError):
    """The server refused the user name or password (retrying will not help; ask again)."""


def _where(path: Path | None) -> str:
    return f"the database {path}" if path is not None else "the database"


# SQLite's primary result codes (https://www.sqlite.org/rescode.html). Python reports the
# extended code in `sqlite_errorcode`; its low byte is the primary one. Decisions are made on
# these codes, never on the wording of a message (which differs between SQLite versions).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
BUSY_CODES = frozenset({SQLITE_BUSY, SQLITE_LOCKED})
DAMAGE_CODES = frozenset({SQLITE_CORRUPT, SQLITE_NOTADB})


def sqlite_code(error: BaseException) -> int | None:
    """The primary SQLite result code of an sqlite3 (or SQLAlchemy-wrapped) error, if any."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_busy(error: BaseException) -> bool:
    """True when SQLite gave up waiting for a lock another connection holds."""
    return sqlite_code(error) in BUSY_CODES


def busy_error(path: Path | None) -> DatabaseBusyError:
    return DatabaseBusyError(
        f"The database is busy: another program is using {path or 'it'} and holds a lock on "
        "it. Nothing was changed; try again in a moment (or close the other program)."
    )


def translate(error: BaseException, path: Path | None) -> DatabaseError | None:
    """The user-facing error for an sqlite3 (or SQLAlchemy-wrapped) error, None if unknown."""
    original = getattr(error, "orig", None) or error
    if not isinstance(original, sqlite3.Error):
        return None
    code = sqlite_code(original)
    where = _where(path)
    if code in BUSY_CODES:
        return busy_error(path)
    if code == SQLITE_FULL:
        return DiskFullError(
            f"Cannot save to {where}: the disk is full. This change was not saved and the "
            "stored records are unchanged; free some disk space and try again."
        )
    if code == SQLITE_READONLY:
        return ReadOnlyDatabaseError(
            f"Cannot save to {where}: the file (or its folder) is read-only. This change was "
            "not saved."
        )
    if code == SQLITE_PERM:
        return ReadOnlyDatabaseError(
            f"Cannot use {where}: permission denied ({original}). Nothing was changed."
        )
    if code in DAMAGE_CODES or code == SQLITE_IOERR:
        return DamagedDatabaseError(
            f"{where[0].upper()}{where[1:]} is damaged ({original}). Nothing more was written "
            "to it; restore the newest backup (File → Restore… or `equitone restore`)."
        )
    if code == SQLITE_CANTOPEN:
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


# -- PostgreSQL (psycopg 3) ----------------------------------------------------------------
# SQLSTATE classes and codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
_BUSY_STATES = frozenset({"40001", "40P01", "55P03", "57014"})
_GONE_STATES = frozenset({"57P01", "57P02", "57P03", "57P05"})
_DAMAGE_STATES = frozenset({"XX001", "XX002"})
_LOST_SIGNS = ("server closed the connection", "connection is closed", "consuming input failed",
               "terminating connection", "connection to server", "could not receive data",
               "could not send data", "the connection is lost", "ssl connection has been closed",
               "connection timeout expired", "timeout expired", "connection refused",
               "could not translate host name", "no route to host", "network is unreachable",
               "name or service not known", "connection reset")


def _server_text(original: BaseException) -> str:
    """The server's primary message only: the DETAIL of an error may quote row values."""
    diag = getattr(original, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or str(original).splitlines()[0] if str(original) else type(original).__name__
    from equitone.storage.location import mask_passwords

    return mask_passwords(str(text)).rstrip(".")


def translate_server(
    error: BaseException, where: str, user: str = "", *, invalidated: bool = False
) -> DatabaseError | None:
    """The user-facing error for a psycopg (or SQLAlchemy-wrapped) failure on the server
    `where` (its address without password), None if unknown."""
    original = getattr(error, "orig", None) or error
    if not type(original).__module__.startswith("psycopg"):
        return None
    state = str(getattr(original, "sqlstate", None) or "")
    text = str(original).lower()
    invalidated = invalidated or bool(getattr(error, "connection_invalidated", False))
    if not state and type(original).__name__ == "ProgrammingError":
        # Raised before any server answers: libpq refused a parameter of the address.
        return DatabaseError(
            f"The address {where} cannot be used: {_server_text(original)}. Nothing was "
            "changed; correct the address."
        )
    if state in ("28P01", "28000") or "password authentication failed" in text or (
        "no password supplied" in text
    ):
        return ServerLoginError(
            f"The server {where} refused the login of '{user}' (wrong or missing password). "
            "Nothing was changed; connect again with the right password "
            "(File → Connect to clinic server…)."
        )
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return DatabaseError(
            f"The database {where} does not exist on its server; ask the server's "
            "administrator to create it (for example with createdb)."
        )
    if state in _BUSY_STATES:
        return DatabaseBusyError(
            f"The database {where} is busy: another workstation is changing the same records. "
            "Nothing was changed; try again in a moment."
        )
    if state == "53100":
        return DiskFullError(
            f"Cannot save to {where}: the server's disk is full. This change was not saved and "
            "the stored records are unchanged; ask the server's administrator to free space."
        )
    if state == "25006":
        return ReadOnlyDatabaseError(
            f"Cannot save to {where}: the server only accepts reading (a standby or a "
            "read-only user). This change was not saved."
        )
    if state == "42501":
        return DatabaseError(
            f"The user '{user}' may not do this on {where} ({_server_text(original)}). "
            "Ask the server's administrator to grant the rights Equitone needs."
        )
    if state in _DAMAGE_STATES:
        return DamagedDatabaseError(
            f"The database {where} reports damaged data ({_server_text(original)}). Nothing "
            "more was written; ask the server's administrator to restore it."
        )
    if (invalidated or state in _GONE_STATES or state.startswith("08")
            or any(sign in text for sign in _LOST_SIGNS)):
        return ServerUnavailableError(
            f"Cannot reach the clinic server {where} ({_server_text(original)}). "
            "Whatever was being saved was not saved; check the network, or try again when "
            "the server is back."
        )
    return None
