"""Copying every table of one Equitone database into another, and proving the copy equal.

Used by `equitone migrate-to` (services/migrate.py). Rows go through SQLAlchemy Core with the
models' table definitions on both sides, so each engine's types (booleans, JSON, timestamps)
are converted the same way; the audit trail is copied as it is (inserts only: its
append-only triggers allow that), and no new audit entries are written.

Order: parents before children (`sorted_tables`), and within a table by primary key, so a
newer version always finds the version it supersedes already copied.

The proof: per table, the row count and a SHA-256 over the rows in primary-key order, each
row normalised to canonical JSON (column names sorted; dates and times as ISO text; JSON
values with sorted keys). Equal digests on both sides mean equal data, whatever the engine.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Integer, Table, func, insert, select, text

from equitone.errors import ValidationError
from equitone.storage.fit import misfits
from equitone.storage.models import Base

BATCH = 2000
MISFITS_SHOWN = 5  # the message names this many; MisfitError.found holds them all
# (table, rows copied so far, rows in the table)
CopyProgress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class TableDigest:
    table: str
    rows: int
    sha256: str


OWN_TABLES = frozenset({"server_identity"})
"""The database's own, like alembic_version: a copy draws its own (migration 0010)."""


def tables() -> list[Table]:
    """Every table of the models, parents first (alembic_version and OWN_TABLES are the
    database's own)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in OWN_TABLES]


def _order(table: Table) -> list[Any]:
    return list(table.primary_key.columns)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _row_bytes(row: dict[str, Any]) -> bytes:
    data = {key: _canonical(value) for key, value in row.items()}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode("utf-8")


def table_digest(connection: Connection, table: Table) -> TableDigest:
    """Row count and SHA-256 of `table`'s rows in primary-key order (canonical JSON)."""
    digest = hashlib.sha256()
    rows = 0
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(table).order_by(*_order(table))
    )
    for row in result.mappings():
        digest.update(_row_bytes(dict(row)))
        digest.update(b"\n")
        rows += 1
    return TableDigest(table.name, rows, digest.hexdigest())


def digests(connection: Connection) -> list[TableDigest]:
    return [table_digest(connection, table) for table in tables()]


def row_counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar()
                        or 0)
        for table in tables()
    }


@contextlib.contextmanager
def read_snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that sees one consistent state of the database for all its reads, even
    while another program writes (SQLite: an explicit read transaction; PostgreSQL:
    REPEATABLE READ, read-only)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")
        else:
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        try:
            yield connection
        finally:
            connection.rollback()


class MisfitError(ValidationError):
    """Rows of the source hold values the target cannot store (storage/fit.py)."""

    def __init__(self, found: list[str]) -> None:
        shown = "; ".join(found[:MISFITS_SHOWN])
        more = f"; and {len(found) - MISFITS_SHOWN} more" if len(found) > MISFITS_SHOWN else ""
        super().__init__(f"{len(found)} value(s) do not fit the server: {shown}{more}.")
        self.found = found


def copy_rows(
    source: Connection, target: Connection, progress: CopyProgress | None = None
) -> dict[str, int]:
    """Insert every row of every table from `source` into `target` (inside the caller's
    transaction); returns rows copied per table. Every row is checked against the columns
    it goes to first: after the first value that does not fit, nothing more is inserted,
    the rest is only read for more such values, and MisfitError names them all."""
    copied: dict[str, int] = {}
    totals = row_counts(source)
    found: list[str] = []
    for table in tables():
        total = totals[table.name]
        done = 0
        if progress is not None:
            progress(table.name, 0, total)
        result = source.execution_options(stream_results=True, yield_per=BATCH).execute(
            select(table).order_by(*_order(table))
        )
        for chunk in result.mappings().partitions(BATCH):
            rows = [dict(row) for row in chunk]
            for row in rows:
                found += misfits(table, row)
            if not found:
                target.execute(insert(table), rows)
            done += len(chunk)
            if progress is not None:
                progress(table.name, done, total)
        copied[table.name] = done
    if found:
        raise MisfitError(found)
    return copied


def reset_sequences(target: Connection) -> None:
    """After rows were inserted with their ids: the next id of each serial column follows the
    highest copied one (PostgreSQL; SQLite needs nothing)."""
    if target.dialect.name != "postgresql":
        return
    for table in tables():
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = target.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            highest = target.execute(select(func.max(column))).scalar()
            target.execute(
                text("SELECT setval(CAST(:sequence AS regclass), :value, :called)"),
                {"sequence": sequence, "value": int(highest or 1), "called": highest is not None},
            )
