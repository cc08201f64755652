"""The audit trail records every change to clinical data, in the change's own transaction."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, insert, select, text, update

from equitone.domain.assessment import PsfsItem, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.errors import ValidationError
from equitone.services import assessments, patients, sessions
from equitone.services.audit import AuditEntry, audit_entries
from equitone.services.catalog import load_catalog
from equitone.storage import audit
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, AuditRow, PatientRow, SessionBlockRow, ToneTagRow

GM = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)
TFL = ToneTag("tensor-fasciae-latae", Side.LEFT, ToneState.OVERACTIVE, 7)
MORE = (PsfsItem("Running", 4), PsfsItem("Squats", 6))  # the PSFS asks for three


def _count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRow)) or 0)


def _last(db: Database) -> AuditEntry:
    return audit_entries(db, newest_first=True, limit=1)[0]


@pytest.fixture
def patient_id(db: Database) -> int:
    with audit.acting_as("setup@test"):
        return patients.create_patient(db, PatientDraft(name="Maria Keller")).id


def test_patient_create_update_archive(db: Database) -> None:
    with audit.acting_as("ana@front-desk"):
        p = patients.create_patient(db, PatientDraft(name="Ann", notes="first"))
        patients.update_patient(db, p.id, PatientDraft(name="Ann Berg", notes="first"))
        patients.set_archived(db, p.id, True)
    entries = audit_entries(db, patient_id=p.id)
    assert [(e.entity, e.entity_id, e.action) for e in entries] == [
        ("patient", p.id, "create"), ("patient", p.id, "update"), ("patient", p.id, "archive")]
    created, renamed, archived = entries
    assert created.old is None and created.new is not None
    assert created.new["name"] == "Ann" and created.new["notes"] == "first"
    assert renamed.old == {"name": "Ann"} and renamed.new == {"name": "Ann Berg"}
    assert archived.old == {"archived": False} and archived.new == {"archived": True}
    assert {e.actor for e in entries} == {"ana@front-desk"}


def test_when_is_utc_and_who_defaults_to_user_at_host(db: Database) -> None:
    before = datetime.now(UTC).replace(tzinfo=None)
    patients.create_patient(db, PatientDraft(name="Ann"))
    entry = _last(db)
    assert before - timedelta(seconds=1) <= entry.at_utc <= datetime.now(UTC).replace(
        tzinfo=None) + timedelta(seconds=1)
    assert re.fullmatch(r".+@.+", entry.actor)
    assert entry.actor == audit.workstation_user()


def test_assessment_tags_and_psfs_old_and_new(db: Database, patient_id: int) -> None:
    a = assessments.create_assessment(db, patient_id, day=date(2026, 1, 5), tags=[GM],
                                      psfs=[PsfsItem("Stairs", 3), *MORE])
    created = _last(db)
    assert (created.entity, created.entity_id, created.action) == ("assessment", a.id, "create")
    assert created.new is not None
    assert created.new["tag gluteus-medius left"]["tightness"] == 4
    assert created.new["psfs 1"] == {"position": 0, "activity": "Stairs", "score": 3}

    assessments.set_tags(db, a.id, [ToneTag("gluteus-medius", Side.LEFT, ToneState.BALANCED, 2),
                                     TFL])
    changed = _last(db)
    assert changed.action == "update" and changed.patient_id == patient_id
    assert changed.old is not None and changed.new is not None
    assert changed.old["tag gluteus-medius left"]["state"] == "underactive"
    assert changed.new["tag gluteus-medius left"]["state"] == "balanced"
    assert changed.old["tag tensor-fasciae-latae left"] is None
    assert changed.new["tag tensor-fasciae-latae left"]["tightness"] == 7

    assessments.clear_tags(db, a.id, [("tensor-fasciae-latae", Side.LEFT)])
    cleared = _last(db)
    assert cleared.new == {"tag tensor-fasciae-latae left": None}

    assessments.update_details(db, a.id, day=date(2026, 1, 6), clinician="Tom", findings="x")
    details = _last(db)
    assert details.old == {"date": "2026-01-05", "clinician": "", "findings": ""}
    assert details.new == {"date": "2026-01-06", "clinician": "Tom", "findings": "x"}


def test_rewrites_that_change_nothing_leave_no_entry(db: Database, patient_id: int) -> None:
    """set_psfs deletes and re-inserts; autosave rewrites all blocks: only real changes count."""
    a = assessments.create_assessment(db, patient_id, psfs=[PsfsItem("Stairs", 3), *MORE])
    record = sessions.create_session(
        db, patient_id, [sessions.parse_exercise_spec(load_catalog(db), "clamshell")])
    count = _count(db)
    assessments.set_psfs(db, a.id, [PsfsItem("Stairs", 3), *MORE])
    sessions.save_session(db, record.id, record.placed)
    assert _count(db) == count
    assessments.set_psfs(db, a.id, [PsfsItem("Stairs", 5), *MORE])
    assert _last(db).new == {"psfs 1": {"position": 0, "activity": "Stairs", "score": 5}}


def test_session_blocks_status_and_delete(db: Database, patient_id: int) -> None:
    catalog = load_catalog(db)
    record = sessions.create_session(
        db, patient_id, [sessions.parse_exercise_spec(catalog, "clamshell")])
    created = _last(db)
    assert created.entity == "session" and created.new is not None
    assert any(k.startswith("block ") for k in created.new)
    placed = [*record.placed, sessions.parse_exercise_spec(catalog, "hip-hike")]
    saved = sessions.save_session(db, record.id, placed)
    added = _last(db)
    assert added.old is not None and added.new is not None
    new_blocks = [v for k, v in added.new.items() if k.startswith("block ") and v]
    assert any(v["exercise"] == "hip-hike" for v in new_blocks)
    sessions.delete_draft(db, record.id)
    deleted = _last(db)
    assert deleted.action == "delete" and deleted.new is None and deleted.old is not None
    # the blocks SQLite removed by cascade are in the record of what was deleted
    old_blocks = [v for k, v in deleted.old.items() if k.startswith("block ")]
    assert len(old_blocks) == len(saved.blocks)
    assert any(v["exercise"] == "hip-hike" for v in old_blocks)


def test_delivery_recorded_and_delivered_session_locked(db: Database, patient_id: int) -> None:
    record = sessions.create_session(
        db, patient_id, [sessions.parse_exercise_spec(load_catalog(db), "clamshell")])
    sessions.set_status(db, record.id, SessionStatus.DELIVERED)
    delivered = _last(db)
    assert delivered.action == "deliver"
    assert delivered.old is not None and delivered.old["status"] == "draft"
    count = _count(db)
    # a writer that bypasses the service's check is refused at commit, and nothing is written
    with pytest.raises(ValidationError, match="delivered and is read-only"), \
            db.transaction() as s:
        s.execute(update(SessionBlockRow).where(SessionBlockRow.session_id == record.id)
                  .values(sets=9))
    with db.reading() as s:
        assert 9 not in s.scalars(select(SessionBlockRow.sets)).all()
    assert _count(db) == count


def test_signed_assessment_locked_for_every_writer(db: Database, patient_id: int) -> None:
    a = assessments.create_assessment(db, patient_id, tags=[GM])
    assessments.sign_assessment(db, a.id, by="Dr Ana Silva")
    count = _count(db)
    with pytest.raises(ValidationError, match="signed and read-only"), db.transaction() as s:
        tag = s.scalars(select(ToneTagRow).where(ToneTagRow.assessment_id == a.id)).one()
        tag.tightness = 9
    with pytest.raises(ValidationError, match="signed and read-only"), db.transaction() as s:
        row = s.get(AssessmentRow, a.id)
        assert row is not None
        row.findings = "changed afterwards"
    with pytest.raises(ValidationError, match="signed and read-only"), db.transaction() as s:
        row = s.get(AssessmentRow, a.id)
        s.delete(row)
    assert assessments.get_assessment(db, a.id).tags == (GM,)
    assert _count(db) == count


def test_rolled_back_transaction_leaves_no_entry(db: Database, patient_id: int) -> None:
    count = _count(db)
    with pytest.raises(RuntimeError), db.transaction() as s:
        row = s.get(PatientRow, patient_id)
        assert row is not None
        row.notes = "never saved"
        s.flush()
        raise RuntimeError("boom")
    patients.update_patient(db, patient_id, PatientDraft(name="Maria Keller", notes="saved"))
    assert _count(db) == count + 1
    assert _last(db).new == {"notes": "saved"}


def test_orm_bulk_update_and_insert_are_recorded(db: Database, patient_id: int) -> None:
    a = assessments.create_assessment(db, patient_id)
    with db.transaction() as s:
        s.execute(update(PatientRow).where(PatientRow.id == patient_id).values(phone="+44 1"))
    assert _last(db).new == {"phone": "+44 1"}
    with db.transaction() as s:
        s.execute(insert(ToneTagRow), [
            {"assessment_id": a.id, "muscle": "gluteus-medius", "side": "right",
             "state": "tight", "note": ""}])
    bulk = _last(db)
    assert (bulk.entity, bulk.entity_id) == ("assessment", a.id)
    assert bulk.new is not None and bulk.new["tag gluteus-medius right"]["state"] == "tight"
    with db.transaction() as s:
        s.execute(insert(PatientRow), [{"name": "Bulk A"}, {"name": "Bulk B"}])
    summary = _last(db)
    assert (summary.entity, summary.action, summary.new) == (
        "patient", "bulk-insert", {"table": "patients", "rows": 2})
    many = [{"assessment_id": a.id, "muscle": f"m{i}", "side": "left", "state": "tight",
             "note": ""} for i in range(audit.BULK_DETAIL_LIMIT + 1)]
    with db.transaction() as s:
        s.execute(insert(ToneTagRow), many)
    loaded = _last(db)
    assert (loaded.entity, loaded.action, loaded.new) == (
        "tone_tags", "bulk-insert", {"table": "tone_tags", "rows": audit.BULK_DETAIL_LIMIT + 1})


def test_orm_bulk_delete_of_a_record_keeps_its_cascaded_children(
    db: Database, patient_id: int
) -> None:
    a = assessments.create_assessment(db, patient_id, tags=[GM, TFL])
    with db.transaction() as s:
        s.execute(delete(AssessmentRow).where(AssessmentRow.id == a.id))
    gone = _last(db)
    assert (gone.entity, gone.entity_id, gone.action) == ("assessment", a.id, "delete")
    assert gone.old is not None
    assert gone.old["tag tensor-fasciae-latae left"]["tightness"] == 7


def test_note_attached_to_the_transaction(db: Database, patient_id: int) -> None:
    with db.transaction() as s:
        audit.set_note(s, "imported from archive x.json")
        row = s.get(PatientRow, patient_id)
        assert row is not None
        row.notes = "imported"
    assert _last(db).note == "imported from archive x.json"
    patients.update_patient(db, patient_id, PatientDraft(name="Maria Keller"))
    assert _last(db).note == ""


def test_trail_is_append_only(db: Database, patient_id: int) -> None:
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
    assert _count(db) == 1
