"""Rows written in bulk (the importers' way) are audited and versioned exactly like rows added
one by one as ORM objects, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from equitone.domain.patients import PatientDraft
from equitone.services import patients
from equitone.services.audit import audit_entries
from equitone.storage import audit
from equitone.storage.bulk_rows import insert_rows
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, PsfsItemRow, ToneTagRow, VisitNoteRow

VISITS: list[dict[str, Any]] = [
    {"date": date(2026, 1, 5), "clinician": "Dr Ana Silva", "findings": "Hip drop.",
     "signed_at": datetime(2026, 1, 5, 10, 30), "signed_by": "Dr Ana Silva"},
    {"date": date(2026, 1, 12), "neurological": True},  # defaults for the rest
]
TAGS: list[dict[str, Any]] = [
    {"muscle": "gluteus-medius", "side": "left", "state": "underactive", "tightness": 4,
     "grade": 2, "other_states": [{"state": "tender", "grade": None}]},
    {"muscle": "tensor-fasciae-latae", "side": "right", "state": "tight", "pain": 6},
]
PSFS: list[dict[str, Any]] = [{"position": 0, "activity": "Stairs", "score": 3}]
NOTES: dict[str, Any] = {"subjective": "Better.", "plan": "Continue."}


def _patient(db: Database, name: str) -> int:
    return patients.create_patient(db, PatientDraft(name=name)).id


def _one_by_one(db: Database, patient_id: int) -> list[int]:
    ids = []
    with db.transaction() as session:
        for visit in VISITS:
            row = AssessmentRow(patient_id=patient_id, **visit)
            session.add(row)
            session.flush()
            ids.append(row.id)
            session.add_all(ToneTagRow(assessment_id=row.id, **t) for t in TAGS)
            session.add_all(PsfsItemRow(assessment_id=row.id, **p) for p in PSFS)
            session.add(VisitNoteRow(assessment_id=row.id, **NOTES))
    return ids


def _in_bulk(db: Database, patient_id: int) -> list[int]:
    with db.transaction() as session:
        ids = insert_rows(session, AssessmentRow,
                          [{"patient_id": patient_id, **v} for v in VISITS], with_ids=True)
        insert_rows(session, ToneTagRow, [{"assessment_id": i, **t} for i in ids for t in TAGS])
        insert_rows(session, PsfsItemRow, [{"assessment_id": i, **p} for i in ids for p in PSFS])
        insert_rows(session, VisitNoteRow, [{"assessment_id": i, **NOTES} for i in ids])
    return ids


def _trail(db: Database, patient_id: int) -> list[tuple[Any, ...]]:
    """The patient's assessment entries, but for the patient's id."""
    return [(e.entity, e.action, e.old, {k: v for k, v in (e.new or {}).items()
                                         if k != "patient_id"}, e.actor)
            for e in audit_entries(db, patient_id=patient_id) if e.entity == "assessment"]


def test_the_trail_cannot_tell_bulk_rows_from_orm_objects(engine_db: Database) -> None:
    with audit.acting_as("importer@test"):
        first, second = _patient(engine_db, "Ann One"), _patient(engine_db, "Ann Two")
        _one_by_one(engine_db, first)
        bulk_ids = _in_bulk(engine_db, second)
    assert len(bulk_ids) == 2 and bulk_ids[0] < bulk_ids[1]  # the order of the rows given
    orm, bulk = _trail(engine_db, first), _trail(engine_db, second)
    assert len(bulk) == 2 and bulk == orm
    created = bulk[0][3]
    assert created["tag gluteus-medius left"]["other_states"] == [
        {"state": "tender", "grade": None}]
    assert created["tag gluteus-medius left"]["note"] == ""  # the column default, recorded
    assert created["visit notes"]["objective"] == ""
    with engine_db.reading() as s:
        stored = s.scalars(select(AssessmentRow).where(AssessmentRow.id.in_(bulk_ids))).all()
        assert [a.row_version for a in stored] == [1, 1]
        assert [a.created_at is not None for a in stored] == [True, True]
        assert s.scalar(select(func.count()).select_from(ToneTagRow).where(
            ToneTagRow.assessment_id.in_(bulk_ids))) == 4


def test_a_record_made_in_bulk_stays_at_version_one_while_it_gets_children(
    engine_db: Database,
) -> None:
    patient_id = _patient(engine_db, "Ann Three")
    with engine_db.transaction() as session:
        (made,) = insert_rows(session, AssessmentRow,
                              [{"patient_id": patient_id, "date": date(2026, 2, 2)}],
                              with_ids=True)
        session.add(ToneTagRow(assessment_id=made, muscle="soleus", side="left",
                               state="tight"))
    with engine_db.reading() as s:
        assert s.get(AssessmentRow, made).row_version == 1  # type: ignore[union-attr]


def test_a_failing_bulk_write_leaves_nothing(engine_db: Database) -> None:
    patient_id = _patient(engine_db, "Ann Four")
    before = len(audit_entries(engine_db))
    with pytest.raises(TypeError, match="no column 'colour'"), \
            engine_db.transaction() as session:
        ids = insert_rows(session, AssessmentRow,
                          [{"patient_id": patient_id, "date": date(2026, 3, 3)}], with_ids=True)
        insert_rows(session, ToneTagRow, [{"assessment_id": ids[0], "muscle": "soleus",
                                           "side": "left", "state": "tight", "colour": "red"}])
    with engine_db.reading() as s:
        assert s.scalar(select(func.count()).select_from(AssessmentRow)) == 0
    assert len(audit_entries(engine_db)) == before
