"""Version histories of assessments and sessions: every version of one record, with who made
it and when, and who signed or delivered it.

Both tables link a version to the one it replaces (`supersedes_id`). Who and when come from the
audit trail (workstation user, UTC); records older than the trail fall back to the row's own
creation time and the name stored on it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from equitone.errors import NotFoundError
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, AuditRow, SessionRow

Kind = Literal["assessment", "session"]

_CREATED = ("create", "amend", "new-version")
_LOCKED = ("sign", "deliver")


@dataclass(frozen=True, slots=True)
class VersionInfo:
    kind: Kind
    id: int
    version: int
    supersedes_id: int | None
    day: date
    status: str  # assessments: "draft" | "signed"; sessions: draft | planned | delivered
    created_at: datetime | None  # UTC
    created_by: str
    locked_at: datetime | None  # signed / delivered (UTC where the audit trail knows it)
    locked_by: str
    current: bool  # nothing supersedes it

    @property
    def read_only(self) -> bool:
        return self.status in ("signed", "delivered")


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    version: int
    supersedes_id: int | None
    day: date
    status: str
    created_at: datetime | None
    locked_at: datetime | None
    locked_by: str


def _rows(session: Session, kind: Kind, patient_id: int) -> list[_Row]:
    if kind == "assessment":
        return [
            _Row(r.id, r.version, r.supersedes_id, r.date,
                 "signed" if r.signed_at is not None else "draft", r.created_at, r.signed_at,
                 r.signed_by)
            for r in session.scalars(
                select(AssessmentRow).where(AssessmentRow.patient_id == patient_id)
            )
        ]
    return [
        _Row(r.id, r.version, r.supersedes_id, r.date, r.status, r.created_at, r.delivered_at,
             "")
        for r in session.scalars(select(SessionRow).where(SessionRow.patient_id == patient_id))
    ]


def _chain(rows: list[_Row], start: int) -> list[_Row]:
    """Every version linked to `start` through supersedes (in either direction)."""
    by_id = {r.id: r for r in rows}
    newer: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        if r.supersedes_id is not None:
            newer[r.supersedes_id].append(r.id)
    root = start
    while by_id[root].supersedes_id in by_id:
        root = by_id[root].supersedes_id  # type: ignore[assignment]
    found, todo = [], [root]
    while todo:
        current = todo.pop()
        found.append(by_id[current])
        todo.extend(newer.get(current, ()))
    return sorted(found, key=lambda r: (r.version, r.id))


def _infos(session: Session, kind: Kind, chains: list[list[_Row]]) -> list[list[VersionInfo]]:
    ids = [r.id for chain in chains for r in chain]
    created: dict[int, AuditRow] = {}
    locked: dict[int, AuditRow] = {}
    if ids:
        for entry in session.scalars(
            select(AuditRow).where(
                AuditRow.entity == kind, AuditRow.entity_id.in_(ids),
                AuditRow.action.in_(_CREATED + _LOCKED),
            ).order_by(AuditRow.id)
        ):
            assert entry.entity_id is not None
            target = created if entry.action in _CREATED else locked
            target.setdefault(entry.entity_id, entry)
    result = []
    for chain in chains:
        superseded = {r.supersedes_id for r in chain if r.supersedes_id is not None}
        infos = []
        for r in chain:
            made, lock = created.get(r.id), locked.get(r.id)
            infos.append(VersionInfo(
                kind=kind, id=r.id, version=r.version, supersedes_id=r.supersedes_id,
                day=r.day, status=r.status,
                created_at=made.at_utc if made else r.created_at,
                created_by=made.actor if made else "",
                # the trail's time is UTC for sessions too (delivered_at is the local clock)
                locked_at=lock.at_utc if lock else r.locked_at,
                locked_by=r.locked_by or (lock.actor if lock else ""),
                current=r.id not in superseded,
            ))
        result.append(infos)
    return result


def versions(db: Database, kind: Kind, record_id: int) -> list[VersionInfo]:
    """All versions of the assessment or session `record_id` belongs to, oldest first."""
    table = AssessmentRow if kind == "assessment" else SessionRow
    with db.reading() as session:
        patient_id = session.scalar(select(table.patient_id).where(table.id == record_id))
        if patient_id is None:
            raise NotFoundError(f"There is no {kind} with id {record_id}.")
        chain = _chain(_rows(session, kind, patient_id), record_id)
        return _infos(session, kind, [chain])[0]


def patient_versions(db: Database, patient_id: int, kind: Kind) -> list[list[VersionInfo]]:
    """Every assessment (or session) of a patient as its chain of versions, oldest first
    within a chain; chains newest first (by their current version's date)."""
    with db.reading() as session:
        rows = _rows(session, kind, patient_id)
        ids = {r.id for r in rows}
        roots = [r for r in rows if r.supersedes_id not in ids]
        chains = [_chain(rows, r.id) for r in roots]
        chains.sort(key=lambda c: (max(r.day for r in c), max(r.id for r in c)), reverse=True)
        return _infos(session, kind, chains)
