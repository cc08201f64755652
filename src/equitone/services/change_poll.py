"""What other workstations changed: a cheap change marker for screens that refresh by
themselves.

Every change to clinical data writes an audit entry in the same transaction
(storage/audit.py), so the newest audit id is a change counter that every writer — GUI, CLI,
importer, another workstation — already keeps, on SQLite and PostgreSQL alike. A poll reads
`max(id)` (the primary key's index answers it without touching the table) and, only when it
moved, which patients' records the new entries are about.

Not covered: clinic settings, templates and custom exercises (not clinical records, not in
the audit trail); they are re-read when their screens open.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from equitone.services.changes import Change, Entity, Origin
from equitone.storage.database import Database
from equitone.storage.models import AuditRow

# More new entries than this (a bulk import, a restore) and the details are not worth reading:
# everything is reloaded.
DETAIL_LIMIT = 2000
_KINDS = frozenset(kind.value for kind in Entity)


@dataclass(frozen=True, slots=True)
class Polled:
    """What one poll found: the marker for the next poll, and what changed since the last."""

    marker: int  # the newest audit id now: pass it to the next `changes_since`
    change: Change  # empty when nothing changed


def change_marker(db: Database) -> int:
    """The newest audit id (0 on a database with no entries yet)."""
    with db.reading() as session:
        return int(session.scalar(select(func.max(AuditRow.id))) or 0)


def changes_since(db: Database, marker: int) -> Polled:
    """Everything recorded after `marker`; one indexed read when nothing changed."""
    with db.reading() as session:
        newest = int(session.scalar(select(func.max(AuditRow.id))) or 0)
        if newest == marker:
            return Polled(marker, Change(Origin.ELSEWHERE))
        if newest < marker or newest - marker > DETAIL_LIMIT:
            # fewer entries than before: the database was restored or replaced
            return Polled(newest, Change(Origin.ELSEWHERE, frozenset(Entity), everything=True))
        rows = session.execute(
            select(AuditRow.patient_id, AuditRow.entity)
            .where(AuditRow.id > marker, AuditRow.id <= newest)
        ).all()
    ids = frozenset(int(r[0]) for r in rows if r[0] is not None)
    kinds = frozenset(Entity(r[1]) for r in rows if r[1] in _KINDS)
    bulk = any(r[0] is None for r in rows)  # bulk inserts name no patient
    if bulk:
        kinds = frozenset(Entity)
    return Polled(newest, Change(Origin.ELSEWHERE, kinds, ids, everything=bulk))
