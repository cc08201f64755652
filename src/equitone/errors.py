"""Errors that carry a message fit to show a clinician (CLI one-liner or dialog).

Anything that is *not* an EquitoneError reaching the top level is a bug: the CLI and the GUI
report it as an internal error and log the traceback instead of showing it.
"""

from __future__ import annotations


class OperationCancelled(Exception):  # noqa: N818 - what happened, not a fault
    """The user stopped a job (a print, a copy, a dump) part-way; nothing was written under the
    target's name. Each kind of job raises its own subclass."""


class EquitoneError(Exception):
    """Base class: `str(error)` is a complete, user-facing sentence."""

    exit_code = 1


class ValidationError(EquitoneError):
    """Input that cannot be stored as given (bad date, empty name, unknown slug, …)."""

    exit_code = 2


class NotFoundError(EquitoneError):
    """An id or slug that names nothing in this database."""

    exit_code = 3


class DatabaseError(EquitoneError):
    """The database file cannot be used; the message names the file and what is wrong."""

    exit_code = 4


class NewerSchemaError(DatabaseError):
    """The file was written by a newer Equitone; it is refused and never modified."""


class DatabaseBusyError(DatabaseError):
    """Another program holds a write lock for longer than we are willing to wait."""


class StaleRecordError(EquitoneError):
    """A save based on an older version of a record that someone else changed meanwhile;
    refused, nothing written. The message says who changed what and when
    (services/concurrency.py builds it from the audit trail)."""

    exit_code = 6

    def __init__(
        self, message: str, *, entity: str, entity_id: int, expected: int, current: int | None
    ) -> None:
        super().__init__(message)
        self.entity, self.entity_id = entity, entity_id
        self.expected, self.current = expected, current


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
