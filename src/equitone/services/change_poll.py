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
from datetime import datetime

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
    marker_at: str = ""  # when the entry `marker` was written: pass it along too
    rewound: bool = False  # the history was rewritten (a restore): nothing since is known


def change_marker(db: Database) -> int:
    """The newest audit id (0 on a database with no entries yet)."""
    with db.reading() as session:
        return int(session.scalar(select(func.max(AuditRow.id))) or 0)


def stamp(at: datetime | None) -> str:
    """How a marker's time is compared (naive UTC, ISO)."""
    return "" if at is None else at.replace(tzinfo=None).isoformat()


def _everything(newest: int, at: datetime | None, *, rewound: bool) -> Polled:
    return Polled(newest, Change(Origin.ELSEWHERE, frozenset(Entity), everything=True),
                  stamp(at), rewound)


def changes_since(db: Database, marker: int, marker_at: str | None = None) -> Polled:
    """Everything recorded after `marker`; two indexed reads when nothing changed.

    `marker_at` (when the entry `marker` was written, from the last poll) tells a restored
    database from a live one: after a restore from an older dump, audit ids are handed out
    again, so the newest id alone can look unchanged — or merely higher — while the entries
    behind it are different ones."""
    with db.reading() as session:
        newest = int(session.scalar(select(func.max(AuditRow.id))) or 0)
        at = session.scalar(select(AuditRow.at_utc).where(AuditRow.id == newest))
        if marker_at is not None and marker and newest >= marker:
            then = session.scalar(select(AuditRow.at_utc).where(AuditRow.id == marker))
            if stamp(then) != marker_at:  # the entry we last saw is not there any more
                return _everything(newest, at, rewound=True)
        if newest == marker:
            return Polled(marker, Change(Origin.ELSEWHERE), stamp(at))
        if newest < marker:
            # fewer entries than before: the database was restored or replaced
            return _everything(newest, at, rewound=True)
        if newest - marker > DETAIL_LIMIT:
            return _everything(newest, at, rewound=False)
        rows = session.execute(
            select(AuditRow.patient_id, AuditRow.entity)
            .where(AuditRow.id > marker, AuditRow.id <= newest)
        ).all()
    ids = frozenset(int(r[0]) for r in rows if r[0] is not None)
    kinds = frozenset(Entity(r[1]) for r in rows if r[1] in _KINDS)
    bulk = any(r[0] is None for r in rows)  # bulk inserts name no patient
    if bulk:
        kinds = frozenset(Entity)
    return Polled(newest, Change(Origin.ELSEWHERE, kinds, ids, everything=bulk), stamp(at))
