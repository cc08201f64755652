"""The audit trail in people's words: "Maria Keller — session of 2 Dec", the local time, and
the clinician's name rather than the workstation account where the record names one.

The trail itself stores ids, UTC times and `user@host` (what a machine can vouch for); this
module reads the names, dates and clinicians of the records a page of entries is about, in
one query per kind of record, and words each entry from them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select

from equitone.domain.trends import format_day
from equitone.services.audit import AuditEntry
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, PatientRow, SessionRow

__all__ = ["RecordNames", "local_time", "record_label", "record_names", "who"]


@dataclass(frozen=True, slots=True)
class _Visit:
    patient_id: int
    day: date
    clinician: str = ""
    signed_by: str = ""


@dataclass(frozen=True, slots=True)
class RecordNames:
    patients: dict[int, str] = field(default_factory=dict)
    assessments: dict[int, _Visit] = field(default_factory=dict)
    sessions: dict[int, _Visit] = field(default_factory=dict)
    # (patient, day) -> the clinician of that day's assessment: who ran the day's session
    clinician_on: dict[tuple[int, date], str] = field(default_factory=dict)


def record_names(db: Database, entries: Iterable[AuditEntry]) -> RecordNames:
    entries = list(entries)
    patient_ids = {e.patient_id for e in entries if e.patient_id is not None}
    assessment_ids = {e.entity_id for e in entries
                      if e.entity == "assessment" and e.entity_id is not None}
    session_ids = {e.entity_id for e in entries
                   if e.entity == "session" and e.entity_id is not None}
    names = RecordNames()
    with db.reading() as session:
        if patient_ids:
            for pid, name in session.execute(
                select(PatientRow.id, PatientRow.name).where(PatientRow.id.in_(patient_ids))
            ):
                names.patients[pid] = name
        if assessment_ids or session_ids:
            for aid, pid, day, clinician, signer in session.execute(
                select(AssessmentRow.id, AssessmentRow.patient_id, AssessmentRow.date,
                       AssessmentRow.clinician, AssessmentRow.signed_by)
                .where(AssessmentRow.patient_id.in_(patient_ids))
            ):
                names.assessments[aid] = _Visit(pid, day, clinician, signer)
                if clinician:
                    names.clinician_on.setdefault((pid, day), clinician)
        if session_ids:
            for sid, pid, day in session.execute(
                select(SessionRow.id, SessionRow.patient_id, SessionRow.date)
                .where(SessionRow.id.in_(session_ids))
            ):
                names.sessions[sid] = _Visit(pid, day)
    return names


def _day(day: date, today: date) -> str:
    """'2 Dec' this year, '2 Dec 2025' otherwise."""
    text = format_day(day)
    return text.rsplit(" ", 1)[0] if day.year == today.year else text


def record_label(entry: AuditEntry, names: RecordNames, today: date | None = None) -> str:
    """'Maria Keller — session of 2 Dec'; the ids only when the record is gone."""
    today = today or date.today()
    patient = names.patients.get(entry.patient_id or -1, "")
    visit = None
    if entry.entity == "assessment" and entry.entity_id is not None:
        visit = names.assessments.get(entry.entity_id)
    elif entry.entity == "session" and entry.entity_id is not None:
        visit = names.sessions.get(entry.entity_id)
    if entry.entity == "patient":
        what = "patient record"
    elif visit is not None:
        what = f"{entry.entity} of {_day(visit.day, today)}"
    else:
        what = entry.record  # deleted since: "session 93"
    return f"{patient} — {what}" if patient else what[:1].upper() + what[1:]


def who(entry: AuditEntry, names: RecordNames) -> str:
    """The clinician where the record names one (the signer of a signature, the clinician
    of the assessment, or of the day's assessment for a session), else `user@host`."""
    if entry.entity == "assessment" and entry.entity_id is not None:
        visit = names.assessments.get(entry.entity_id)
        if visit is not None:
            if entry.action == "sign" and visit.signed_by:
                return visit.signed_by
            if visit.clinician:
                return visit.clinician
    if entry.entity == "session" and entry.entity_id is not None:
        visit = names.sessions.get(entry.entity_id)
        if visit is not None:
            clinician = names.clinician_on.get((visit.patient_id, visit.day))
            if clinician:
                return clinician
    return entry.actor


def local_time(at_utc: datetime) -> str:
    """'7 Dec 2026 11:02' in this computer's time zone."""
    local = at_utc.replace(tzinfo=UTC).astimezone()
    return f"{format_day(local.date())} {local:%H:%M}"
