"""Optimistic concurrency: two workstations (two Database objects on one database) edit the
same patient, assessment or session; the stale save is refused, says who changed what and
when, and writes nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from equitone.domain.assessment import PsfsItem, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.errors import DatabaseBusyError, StaleRecordError
from equitone.services import assessments, patients, sessions
from equitone.services.audit import audit_entries
from equitone.services.catalog import load_catalog
from equitone.services.concurrency import claim
from equitone.storage.audit import acting_as
from equitone.storage.database import Database
from equitone.storage.models import AuditRow, PatientRow

L = Side.LEFT
THREE = [PsfsItem("Stairs", 4), PsfsItem("Running", 3), PsfsItem("Squats", 5)]
ROOM2 = "anna@room2"


@pytest.fixture
def other(db_target: str) -> Iterator[Database]:
    """The second workstation, on the same database as `db`."""
    from equitone.services.workspace import open_workspace

    database = open_workspace(db_target)
    yield database
    database.close()


@pytest.fixture
def patient_id(db: Database) -> int:
    pid = patients.create_patient(db, PatientDraft(name="Maria Keller", phone="0601")).id
    assessments.create_assessment(db, pid, tags=[
        ToneTag("gluteus-medius", L, ToneState.UNDERACTIVE, 3)])
    return pid


def _audit_count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRow)) or 0)


def test_stale_patient_save_is_refused_with_who_what_when(
    db: Database, other: Database, patient_id: int
) -> None:
    mine = patients.get_patient(db, patient_id)
    theirs = patients.get_patient(other, patient_id)
    with acting_as(ROOM2):
        saved = patients.update_patient(
            other, patient_id, PatientDraft("Maria Keller", phone="0612 345"),
            expected_version=theirs.row_version)
    assert saved.row_version == mine.row_version + 1
    count = _audit_count(db)
    with pytest.raises(StaleRecordError) as caught:
        patients.update_patient(db, patient_id, PatientDraft("Maria Keller-Berg", phone="0601"),
                                expected_version=mine.row_version)
    text = str(caught.value)
    assert "Maria Keller's record" in text and ROOM2 in text
    assert "phone: 0601 → 0612 345" in text and "not saved" in text
    assert " at " in text  # when (local time)
    err = caught.value
    assert (err.entity, err.entity_id, err.expected, err.current) == (
        "patient", patient_id, mine.row_version, saved.row_version)
    stored = patients.get_patient(db, patient_id)
    assert (stored.name, stored.phone) == ("Maria Keller", "0612 345")
    assert _audit_count(db) == count  # nothing written, not even an audit entry
    # reloaded, the same edit goes through on top of theirs
    again = patients.update_patient(db, patient_id, PatientDraft("Maria Keller-Berg",
                                                                 phone="0612 345"),
                                    expected_version=stored.row_version)
    assert (again.name, again.phone, again.row_version) == (
        "Maria Keller-Berg", "0612 345", stored.row_version + 1)


def test_stale_assessment_writes_are_refused(
    db: Database, other: Database, patient_id: int
) -> None:
    mine = assessments.list_assessments(db, patient_id)[0]
    with acting_as(ROOM2):
        assessments.set_tags(other, mine.id, [
            ToneTag("gluteus-medius", L, ToneState.TIGHT, 6)], expected_version=mine.row_version)
    stale = mine.row_version
    tag = ToneTag("piriformis", L, ToneState.OVERACTIVE, 5)
    writes = [
        lambda: assessments.set_tags(db, mine.id, [tag], expected_version=stale),
        lambda: assessments.clear_tags(db, mine.id, [("gluteus-medius", L)],
                                       expected_version=stale),
        lambda: assessments.update_details(db, mine.id, day=mine.day, clinician="Tom",
                                           findings="x", expected_version=stale),
        lambda: assessments.set_psfs(db, mine.id, THREE, expected_version=stale),
        lambda: assessments.sign_assessment(db, mine.id, by="Tom", expected_version=stale),
        lambda: assessments.delete_assessment(db, mine.id, expected_version=stale),
    ]
    for write in writes:
        with pytest.raises(StaleRecordError, match=f"{ROOM2} at .*gluteus-medius left: "
                                                   "underactive 3/10 → tight 6/10"):
            write()
    stored = assessments.get_assessment(db, mine.id)
    assert [(t.muscle, t.state, t.tightness) for t in stored.tags] == [
        ("gluteus-medius", ToneState.TIGHT, 6)]
    assert (stored.clinician, stored.psfs, stored.signed) == (mine.clinician, (), False)
    assert stored.row_version == stale + 1


def test_stale_session_writes_are_refused(
    db: Database, other: Database, patient_id: int
) -> None:
    catalog = load_catalog(db)
    placed = [sessions.parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")]
    mine = sessions.create_session(db, patient_id, placed, SessionDetails(date(2026, 3, 2)))
    theirs = sessions.get_session(other, mine.id)
    with acting_as(ROOM2):
        sessions.save_session(other, mine.id, theirs.placed,
                              details=SessionDetails(date(2026, 3, 2), 5),
                              expected_version=theirs.row_version)
    stale = mine.row_version
    extra = sessions.parse_exercise_spec(catalog, "lateral-band-walk")
    writes = [
        lambda: sessions.save_session(db, mine.id, (*mine.placed, extra),
                                      expected_version=stale),
        lambda: sessions.set_status(db, mine.id, SessionStatus.PLANNED, expected_version=stale),
        lambda: sessions.delete_draft(db, mine.id, expected_version=stale),
    ]
    for write in writes:
        with pytest.raises(StaleRecordError, match=f"session of 2026-03-02 .*{ROOM2}.*"
                                                   "frequency per week: 3 → 5"):
            write()
    stored = sessions.get_session(db, mine.id)
    assert stored.details.frequency_per_week == 5
    assert stored.status is SessionStatus.DRAFT
    assert len(stored.placed) == 1


def test_the_database_decides_a_race_between_read_and_write(
    db: Database, other: Database, patient_id: int
) -> None:
    """Both read version n; the other commits n+1 before our UPDATE: ours matches no row."""
    with pytest.raises((StaleRecordError, DatabaseBusyError)), db.transaction() as session:
        row = session.get(PatientRow, patient_id)
        assert row is not None
        loaded = row.row_version
        patients.update_patient(other, patient_id, PatientDraft("Someone else"),
                                expected_version=loaded)
        claim(session, row, loaded, "the record")
        row.name = "Lost update"
    assert patients.get_patient(db, patient_id).name == "Someone else"


def test_every_change_raises_the_version_once_and_no_change_none(
    db: Database, patient_id: int
) -> None:
    a = assessments.list_assessments(db, patient_id)[0]
    v = a.row_version
    tag = ToneTag("piriformis", L, ToneState.OVERACTIVE, 5)
    assert assessments.set_tags(db, a.id, [tag]).row_version == v + 1
    assert assessments.set_tags(db, a.id, [tag]).row_version == v + 1  # same values: no change
    assert assessments.clear_tags(db, a.id, [("piriformis", L)]).row_version == v + 2
    assert assessments.set_psfs(db, a.id, THREE).row_version == v + 3
    assert assessments.set_psfs(db, a.id, []).row_version == v + 4
    p = patients.get_patient(db, patient_id)
    assert patients.set_preferred_modality(db, patient_id, "foam-roll").row_version == (
        p.row_version + 1)  # a writer that names no version still raises it
    assert patients.set_archived(db, patient_id, True).row_version == p.row_version + 2
    count = _audit_count(db)
    same = patients.get_patient(db, patient_id)
    assert patients.update_patient(db, patient_id, same.draft,
                                   expected_version=same.row_version).name == same.name
    assert _audit_count(db) == count  # a save that changed nothing records nothing


def test_audit_entries_carry_the_version_they_made(db: Database, patient_id: int) -> None:
    p = patients.get_patient(db, patient_id)
    patients.update_patient(db, patient_id, PatientDraft("Maria K"),
                            expected_version=p.row_version)
    entries = audit_entries(db, entity="patient", entity_id=patient_id)
    assert [e.row_version for e in entries] == [1, 2]
    assert entries[-1].old == {"name": "Maria Keller", "phone": "0601"}
    assert "row_version" not in (entries[-1].new or {})
    assert entries[-1].as_json()["row_version"] == 2


def test_retrying_a_create_with_its_uuid_makes_one_patient(db: Database) -> None:
    uuid = patients.new_uuid()
    first = patients.create_patient(db, PatientDraft("Ann"), uuid=uuid)
    again = patients.create_patient(db, PatientDraft("Ann"), uuid=uuid)
    assert again.id == first.id
    assert patients.count_patients(db) == 1


def test_a_deleted_and_restored_record_never_goes_back_to_an_old_version(
    db: Database, patient_id: int
) -> None:
    a = assessments.list_assessments(db, patient_id)[0]
    tagged = assessments.set_tags(db, a.id, [ToneTag("piriformis", L, ToneState.TIGHT, 4)])
    assessments.delete_assessment(db, a.id, expected_version=tagged.row_version)
    restored = assessments.restore_assessment(db, tagged)
    assert restored.row_version == tagged.row_version + 1
    with pytest.raises(StaleRecordError):  # an editor still holding the old version
        assessments.set_psfs(db, a.id, THREE, expected_version=a.row_version)
    catalog = load_catalog(db)
    record = sessions.create_session(
        db, patient_id, [sessions.parse_exercise_spec(catalog, "clamshell")])
    sessions.delete_draft(db, record.id, expected_version=record.row_version)
    assert sessions.restore_session(db, record).row_version == record.row_version + 1
