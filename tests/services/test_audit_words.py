"""The audit trail in people's words: records by patient and date, the clinician where the
record names one, local time; records deleted since are still named."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.visit_record import VisitNotes
from equitone.services import assessments, patients, sessions, visit_notes
from equitone.services.audit import audit_entries
from equitone.services.audit_words import local_time, record_label, record_names, who
from equitone.services.catalog import load_catalog
from equitone.storage.audit import acting_as
from equitone.storage.database import Database

TODAY = date.today()
DAY = TODAY - timedelta(days=2)


def test_entries_are_worded_for_people(db: Database) -> None:
    with acting_as("root@front-desk"):
        maria = patients.create_patient(db, PatientDraft(name="Maria Keller"))
        visit = assessments.create_assessment(db, maria.id, day=DAY, clinician="Dr Ana Silva")
        visit_notes.save_notes(db, visit.id, VisitNotes(plan="Add walks."))
        catalog = load_catalog(db)
        plan = sessions.create_session(
            db, maria.id, [sessions.parse_exercise_spec(catalog, "clamshell")],
            SessionDetails(DAY), status=SessionStatus.DRAFT)
        sessions.delete_draft(db, plan.id)
        assessments.sign_assessment(db, visit.id, by="Ana Silva, PT")
    entries = audit_entries(db, patient_id=maria.id)
    names = record_names(db, entries)
    day = f"{DAY.day} {DAY:%b}"
    labels = [record_label(e, names, TODAY) for e in entries]
    assert labels[0] == "Maria Keller — patient record"
    assert labels[1] == labels[2] == f"Maria Keller — assessment of {day}"
    assert labels[3] == f"Maria Keller — session {plan.id}"  # deleted since: by its id
    assert [who(e, names) for e in entries] == [
        "root@front-desk", "Dr Ana Silva", "Dr Ana Silva", "root@front-desk",
        "root@front-desk", "Ana Silva, PT"]
    assert record_label(entries[1], names, TODAY.replace(year=TODAY.year + 1)).endswith(
        f"assessment of {day} {DAY.year}")


def test_local_time_is_this_computers() -> None:
    moment = datetime(2026, 12, 2, 9, 30)
    local = moment.replace(tzinfo=UTC).astimezone()
    assert local_time(moment) == f"{local.day} {local:%b} {local.year} {local:%H:%M}"
