"""What other workstations changed: a cheap change marker for lists that refresh by themselves.

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

from equitone.storage.database import Database
from equitone.storage.models import AuditRow

# More new entries than this (a bulk import, a restore) and the details are not worth reading:
# everything is reloaded.
DETAIL_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What changed since a marker."""

    marker: int  # the newest audit id now: pass it to the next `changes_since`
    patients: bool = False  # patient records were created or changed: the list reloads
    patient_ids: frozenset[int] = frozenset()  # whose records (assessments, sessions) changed
    everything: bool = False  # too much, or the database was replaced: reload all

    @property
    def empty(self) -> bool:
        return not (self.patients or self.patient_ids or self.everything)

    def touches(self, patient_id: int) -> bool:
        return self.everything or patient_id in self.patient_ids


def change_marker(db: Database) -> int:
    """The newest audit id (0 on a database with no entries yet)."""
    with db.reading() as session:
        return int(session.scalar(select(func.max(AuditRow.id))) or 0)


def changes_since(db: Database, marker: int) -> ChangeSet:
    """Everything recorded after `marker`; one indexed read when nothing changed."""
    with db.reading() as session:
        newest = int(session.scalar(select(func.max(AuditRow.id))) or 0)
        if newest == marker:
            return ChangeSet(marker)
        if newest < marker or newest - marker > DETAIL_LIMIT:
            # fewer entries than before: the database was restored or replaced
            return ChangeSet(newest, patients=True, everything=True)
        rows = session.execute(
            select(AuditRow.patient_id, AuditRow.entity)
            .where(AuditRow.id > marker, AuditRow.id <= newest)
        ).all()
    ids = frozenset(int(r[0]) for r in rows if r[0] is not None)
    patients = any(r[1] == "patient" for r in rows)
    bulk = any(r[0] is None for r in rows)  # bulk inserts name no patient
    return ChangeSet(newest, patients=patients or bulk, patient_ids=ids, everything=bulk)
