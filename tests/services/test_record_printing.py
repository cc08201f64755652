"""The clinical record on paper: the progress report counts the PSFS the way the Overview does,
and the clinician copy carries every muscle's measures and note, the PSFS, the visit notes,
the responses and next-day reports, and the engine's warnings and the clinician's decisions."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from equitone.domain.assessment import Measures, PsfsItem, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.domain.visit_record import BlockResponse, NextDayReport, Outcome, VisitNotes
from equitone.services import assessments, patients, printing, responses, sessions, visit_notes
from equitone.services.catalog import load_catalog
from equitone.storage.database import Database
from tests.pictures import RecordedPictures

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"),
                                reason="poppler-utils are installed by installer/bootstrap.sh test")

START = date.today() - timedelta(days=60)
GM = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)


@pytest.fixture
def patient_id(db: Database) -> int:
    return patients.create_patient(db, PatientDraft(name="Maria Keller")).id


def test_the_report_counts_psfs_when_the_latest_visit_has_no_scores_yet(
    db: Database, patient_id: int, pictures: RecordedPictures
) -> None:
    """The bug: the Overview showed PSFS 4.5/10 and the report 'No PSFS scores in this
    period', because the last visit carried the activities over without scores."""
    items = [PsfsItem("Stairs", 3), PsfsItem("Running", 4), PsfsItem("Squats", 4)]
    assessments.create_assessment(db, patient_id, day=START, tags=[GM], psfs=items)
    assessments.create_assessment(db, patient_id, day=START + timedelta(days=14), tags=[GM],
                                  psfs=[PsfsItem("Stairs", 5), PsfsItem("Running", 5),
                                        PsfsItem("Squats", 4)])
    assessments.create_assessment(db, patient_id, day=START + timedelta(days=28), tags=[GM])
    doc = printing.report_document(db, patient_id, pictures=pictures)
    assert doc.psfs_text.startswith(
        f"Mean score 3.7 on {START.day} ")
    assert "→ 4.7 on" in doc.psfs_text and "+1.0 points" in doc.psfs_text


def test_one_scored_visit_in_the_period_is_shown_not_hidden(
    db: Database, patient_id: int, pictures: RecordedPictures
) -> None:
    items = [PsfsItem("Stairs", 4), PsfsItem("Running", 5), PsfsItem("Squats", 5)]
    assessments.create_assessment(db, patient_id, day=START, tags=[GM], psfs=items)
    assessments.create_assessment(db, patient_id, day=START + timedelta(days=7), tags=[GM])
    doc = printing.report_document(db, patient_id, pictures=pictures)
    assert doc.psfs_text.startswith("Mean score 4.7 on ")
    assert "the only PSFS scored in this period" in doc.psfs_text


def test_the_clinician_copy_carries_the_visit_as_a_record(
    db: Database, patient_id: int, tmp_path: Path, pictures: RecordedPictures
) -> None:
    day = date.today() - timedelta(days=2)
    tagged = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4, note="fires late",
                     measures=Measures(strength=3))
    visit = assessments.create_assessment(
        db, patient_id, day=day, tags=[tagged],
        psfs=[PsfsItem("Stairs", 4), PsfsItem("Running", 5), PsfsItem("Squats", 5)])
    visit_notes.save_notes(db, visit.id, VisitNotes(
        "Stairs easier since last week.", "Clams tolerated.", "Firing better.", "Add walks."))
    catalog = load_catalog(db)
    record = sessions.create_session(
        db, patient_id, [sessions.parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")],
        SessionDetails(day, in_clinic=True), status=SessionStatus.DELIVERED)
    first = record.placed[0].id
    responses.record_response(db, record.id, BlockResponse(first, Outcome.MODIFIED, 3, 6,
                                                            "knee clicked"))
    responses.record_next_day(db, record.id, NextDayReport(
        "gluteus-medius", Side.LEFT, day + timedelta(days=1), tight=True, sore=6))
    pdf = printing.print_session(db, record.id, tmp_path / "copy.pdf", copy="clinician",
                                 pictures=pictures)
    text = " ".join(_text(pdf).split())
    for expected in ("fires late", "MRC 3/5", "Patient-Specific Functional Scale — mean 4.7/10",
                     "Stairs 4/10", "Visit notes", "Subjective Stairs easier since last week.",
                     "Plan Add walks.", "The patient's response",
                     "modified · pain 3 · RPE 6 · knee clicked", "Next-day report",
                     "tight · sore 6"):
        assert expected in text, expected
    patient_copy = printing.print_session(db, record.id, tmp_path / "plan.pdf",
                                          pictures=pictures)
    assert "Visit notes" not in _text(patient_copy) and "knee clicked" not in _text(patient_copy)


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
