"""Many new rows of one table in a few statements, audited and versioned as if added one by one.

The archive and FHIR importers write a patient's whole history at once: five years of weekly
visits are some 15,000 rows. Added as ORM objects, every row is built, flushed, snapshotted by
the audit trail and looked at by the versioning listeners — most of the import's time. Here the
rows go to the database as one multi-row INSERT per table (SQLAlchemy's "insertmanyvalues",
on SQLite and PostgreSQL alike), inside the session's own transaction, and the audit trail and
the versioning are told exactly what the flush listeners would have recorded: every column's
value, defaults filled in, so the trail's entries are the same as for rows added one by one.

Only tables whose column defaults are plain values are accepted (a callable default would have
to run per row, as the ORM does).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from equitone.storage import audit, versioning
from equitone.storage.models import Base

Row = Mapping[str, Any]


@functools.cache
def _template(table: Table) -> dict[str, Any]:
    """Every column a new row gets a value for here, with its default (None without one); the
    id and the database-stamped times are left to the database."""
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.primary_key or (column.server_default is not None and column.default is None):
            continue
        if column.default is not None and not column.default.is_scalar:
            raise TypeError(f"{table.name}.{column.key} has a computed default")
        values[column.key] = None if column.default is None else (
            column.default.arg)  # type: ignore[attr-defined]
    return values


def _filled(table: Table, template: dict[str, Any], row: Row) -> dict[str, Any]:
    unknown = row.keys() - template.keys()
    if unknown:
        raise TypeError(f"{table.name} has no column {sorted(unknown)[0]!r}")
    return {**template, **row}


def insert_rows(session: Session, model: type[Base], rows: Sequence[Row], *,
                with_ids: bool = False) -> list[int]:
    """INSERT `rows` (attribute name -> value) into `model`'s table in one statement, within
    `session`'s transaction; the new ids in the order of `rows` when `with_ids`, else [].
    Records them in the audit trail; a clinical record created here keeps version 1."""
    if not rows:
        return []
    table = model.__table__
    assert isinstance(table, Table)
    template = _template(table)
    values = [_filled(table, template, row) for row in rows]
    connection = session.connection()
    ids: list[int] | list[None]
    if with_ids:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        ids = [int(i) for i in connection.execute(statement, values).scalars()]
        versioning.created(session, table.name, ids)
    else:
        connection.execute(insert(table), values)
        ids = [None] * len(values)
    audit.record_inserted(session, table.name, zip(ids, values, strict=True))
    return [i for i in ids if i is not None]
