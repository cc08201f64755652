"""A clinical record's `row_version`: raised whenever the record changes, checked on save.

A record is a patient, an assessment (with its tone tags and PSFS items) or a session (with
its blocks and decisions). Every transaction that changes a record — its own columns or any
child row — raises its `row_version` by exactly one, whoever the writer is (GUI, CLI,
importer, demo loader), because these listeners sit on every session that
`Database.transaction()` makes.

An editor remembers the number it loaded. A service saving that editor's change first calls
`claim(session, row, expected)`: one `UPDATE … SET row_version = n + 1 WHERE id = ? AND
row_version = n`. It matches no row when another workstation saved in between — even in the
instant between our read and our write, as the database decides it — and then the service
refuses the save (services/concurrency.py). The UPDATE also holds the row for the rest of the
transaction. It is one plain statement (the ORM's bulk UPDATE would cost the audit trail two
more reads); the audit trail learns the versions made from `versions_made()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Table, event, inspect, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from equitone.storage.models import (
    AssessmentRow,
    PatientRow,
    PsfsItemRow,
    SessionBlockRow,
    SessionDecisionRow,
    SessionRow,
    ToneTagRow,
)

VersionedRow = PatientRow | AssessmentRow | SessionRow
ROOTS: tuple[type[VersionedRow], ...] = (PatientRow, AssessmentRow, SessionRow)

# child class -> (parent class, the child's column naming the parent)
CHILDREN: dict[type[Any], tuple[type[VersionedRow], str]] = {
    ToneTagRow: (AssessmentRow, "assessment_id"),
    PsfsItemRow: (AssessmentRow, "assessment_id"),
    SessionBlockRow: (SessionRow, "session_id"),
    SessionDecisionRow: (SessionRow, "session_id"),
}

_BUMPED = "equitone.versioning.bumped"


def _bumped(session: Session) -> set[tuple[str, int]]:
    found = session.info.get(_BUMPED)
    if found is None:
        found = session.info[_BUMPED] = set()
    assert isinstance(found, set)
    return found


def _key(row: VersionedRow) -> tuple[str, int]:
    return (type(row).__tablename__, row.id)


def claim(
    session: Session, row: VersionedRow, expected: int,
    state: ColumnElement[bool] | None = None,
) -> bool:
    """Raise `row`'s version from `expected` to `expected + 1`, atomically; False when the
    stored version is no longer `expected` (someone else saved the record meanwhile) or the
    stored row does not meet `state` (a condition on the row's table: "not signed yet").
    Call it before changing the row, once per transaction."""
    table = type(row).__table__
    assert isinstance(table, Table)
    matches = [table.c.id == row.id, table.c.row_version == expected]
    if state is not None:
        matches.append(state)
    result = session.connection().execute(
        update(table).where(*matches).values(row_version=expected + 1)
    )
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        return False
    set_committed_value(row, "row_version", expected + 1)  # as stored now: no change pending
    _bumped(session).add(_key(row))
    return True


def versions_made(session: Session) -> dict[tuple[str, int], int]:
    """(table, id) -> the version each record changed or created in this transaction has now
    (the audit trail records it with the change)."""
    made = {}
    for table, row_id in _bumped(session):
        model = next(m for m in ROOTS if m.__tablename__ == table)
        row = session.identity_map.get(session.identity_key(model, row_id))
        if isinstance(row, ROOTS):
            made[(table, row_id)] = row.row_version
    return made


def bump(session: Session, row: VersionedRow) -> None:
    """Raise `row`'s version, once per transaction (for writers that do not check one)."""
    key = _key(row)
    seen = _bumped(session)
    if row.id is not None and key not in seen:
        seen.add(key)
        row.row_version = (row.row_version or 0) + 1


def _changed_columns(obj: object) -> bool:
    state = inspect(obj)
    return any(
        state.attrs[attr.key].history.has_changes()
        for attr in state.mapper.column_attrs
        if attr.key not in ("row_version", "updated_at")
    )


def _before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    """Bump every record whose columns or children this flush changes (unless claimed)."""
    with session.no_autoflush:
        for obj in list(session.dirty):
            if isinstance(obj, ROOTS) and _changed_columns(obj):
                bump(session, obj)
        children = [*session.new, *session.deleted]
        children += [obj for obj in session.dirty if type(obj) in CHILDREN]
        for obj in children:
            parent_of = CHILDREN.get(type(obj))
            if parent_of is None or (obj in session.dirty and not _changed_columns(obj)):
                continue
            parent_class, column = parent_of
            parent_id = getattr(obj, column)
            if parent_id is None:
                continue
            parent = session.get(parent_class, parent_id)
            if isinstance(parent, ROOTS) and parent not in session.deleted:
                bump(session, parent)


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    """A record created in this transaction stays at version 1 while it gets its children."""
    seen = _bumped(session)
    for obj in session.new:
        if isinstance(obj, ROOTS):
            seen.add(_key(obj))


def created(session: Session, table: str, ids: Iterable[int]) -> None:
    """Records a bulk writer (storage/bulk_rows.py) inserted in this transaction: like those
    added as ORM objects, they stay at version 1 while they get their children."""
    if any(root.__tablename__ == table for root in ROOTS):
        _bumped(session).update((table, row_id) for row_id in ids)


def _forget(session: Session, *_args: object) -> None:
    session.info.pop(_BUMPED, None)


def install(sessions: sessionmaker[Session]) -> None:
    """Version every record that sessions of this factory change."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "after_commit", _forget)
    event.listen(sessions, "after_rollback", _forget)
