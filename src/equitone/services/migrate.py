"""`equitone migrate-to URL`: a solo practice's database grows into a clinic server.

The local database is copied into an *empty* PostgreSQL database in one transaction on the
server: the schema is created by the same migrations as always, every table is copied
parents first, the id sequences are moved past the copied ids, and both sides are compared
table by table (row counts and SHA-256 checksums, storage/copy.py) before the commit. Any
failure or difference rolls everything back — PostgreSQL's DDL is transactional, so the
target is left exactly as empty as it was. After the commit the target is read again through
a fresh connection and compared once more: that comparison is what the command prints.

A target that already holds anything (an Equitone schema, or other tables) is refused
untouched. The source is only read, in one snapshot, so a window left open on it does not
disturb the copy; it stays as it was, and stays usable.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from equitone.errors import DatabaseError, ValidationError
from equitone.storage.backends import backend_for
from equitone.storage.copy import (
    CopyProgress,
    MisfitError,
    TableDigest,
    copy_rows,
    digests,
    read_snapshot,
)
from equitone.storage.copy import reset_sequences as reset_target_sequences
from equitone.storage.database import Database
from equitone.storage.location import EXAMPLE, DatabaseLocation

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_sha256: str
    target_sha256: str

    @property
    def ok(self) -> bool:
        return (self.source_rows, self.source_sha256) == (self.target_rows, self.target_sha256)


@dataclass(frozen=True, slots=True)
class MigrationResult:
    source: str
    target: str
    tables: tuple[TableCheck, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    @property
    def rows(self) -> int:
        return sum(t.target_rows for t in self.tables)


def _compare(source: list[TableDigest], target: list[TableDigest]) -> tuple[TableCheck, ...]:
    by_name = {d.table: d for d in target}
    checks = []
    for s in source:
        t = by_name.get(s.table, TableDigest(s.table, 0, ""))
        checks.append(TableCheck(s.table, s.rows, t.rows, s.sha256, t.sha256))
    return tuple(checks)


def _refused_value(error: DBAPIError) -> str | None:
    """The server's own words when it refused a value (data or integrity classes 22, 23)
    that the checks before the copy did not foresee; None for any other failure. Never the
    DETAIL, which may quote patient data."""
    state = str(getattr(error.orig, "sqlstate", None) or "")
    if not state.startswith(("22", "23")):
        return None
    diag = getattr(error.orig, "diag", None)
    primary = getattr(diag, "message_primary", None)
    return str(primary or state)


def _target(address: str | DatabaseLocation) -> DatabaseLocation:
    location = address if isinstance(address, DatabaseLocation) else DatabaseLocation.parse(
        address
    )
    if not location.is_server:
        raise ValidationError(
            f"migrate-to copies into a PostgreSQL database; give its address, like {EXAMPLE}."
        )
    return location


def migrate_to(
    source: Database, address: str | DatabaseLocation, *, progress: CopyProgress | None = None
) -> MigrationResult:
    """Copy `source` into the empty server database at `address`; all or nothing."""
    from equitone.storage.upgrade import run_migrations

    location = _target(address)
    if source.location.key() == location.key():
        raise ValidationError("The target is the database being copied; choose an empty one.")
    backend = backend_for(location)
    found = backend.probe()  # unreachable, wrong password, other program's tables: refused
    if found.revision is not None:
        raise ValidationError(
            f"The database {location.display()} is not empty: it already holds Equitone "
            f"data (schema {found.revision}). Nothing was changed; migrate-to only copies "
            "into an empty database (ask for a new one, e.g. createdb)."
        )
    started = time.monotonic()
    engine = backend.create_engine()
    try:
        with source.backend.translated(), read_snapshot(source.engine) as reader:
            before = digests(reader)
            with backend.translated(), engine.begin() as writer:
                backend.lock_for_migration(writer)
                run_migrations(writer)
                try:
                    copy_rows(reader, writer, progress)
                except MisfitError as exc:
                    raise ValidationError(
                        f"{exc} Correct them in {source.describe()} first; nothing was copied "
                        "(the target is as empty as before)."
                    ) from None
                except DBAPIError as exc:
                    if (refused := _refused_value(exc)) is None:
                        raise
                    raise DatabaseError(
                        f"The server refused a value of the copy ({refused}); nothing was "
                        "copied (the target is as empty as before)."
                    ) from None
                reset_target_sequences(writer)
                inside = _compare(before, digests(writer))
                if not all(check.ok for check in inside):
                    bad = ", ".join(c.table for c in inside if not c.ok)
                    raise DatabaseError(
                        f"The copy in {location.display()} differs from the source in: {bad}. "
                        "Nothing was committed; the target is as empty as before."
                    )
        with backend.translated(), engine.connect() as fresh:
            after = _compare(before, digests(fresh))
        # Statistics of the copied rows now, not when autovacuum comes round: until then the
        # planner takes every table for empty (a patient search read all 10,000 and sorted
        # them instead of reading its index in order).
        with backend.translated(), engine.begin() as statistics:
            statistics.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    result = MigrationResult(source.describe(), location.display(), after,
                             time.monotonic() - started)
    log.info("migrated %d rows in %d tables to the server (verified: %s)",
             result.rows, len(result.tables), result.ok)
    return result
