"""The clinical record on paper: the progress report counts the PSFS the way the Overview does,
and the clinician copy carries every muscle's measures and note, the PSFS, the visit notes,
the responses and next-day reports, and the engine's warnings and the clinician's decisions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from equitone.domain.assessment import PsfsItem, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.services import assessments, patients, printing
from equitone.storage.database import Database

START = date.today() - timedelta(days=60)
GM = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)


@pytest.fixture
def patient_id(db: Database) -> int:
    return patients.create_patient(db, PatientDraft(name="Maria Keller")).id


def test_the_report_counts_psfs_when_the_latest_visit_has_no_scores_yet(
    db: Database, patient_id: int
) -> None:
    """The bug: the Overview showed PSFS 4.5/10 and the report 'No PSFS scores in this
    period', because the last visit carried the activities over without scores."""
    items = [PsfsItem("Stairs", 3), PsfsItem("Running", 4), PsfsItem("Squats", 4)]
    assessments.create_assessment(db, patient_id, day=START, tags=[GM], psfs=items)
    assessments.create_assessment(db, patient_id, day=START + timedelta(days=14), tags=[GM],
                                  psfs=[PsfsItem("Stairs", 5), PsfsItem("Running", 5),
                                        PsfsItem("Squats", 4)])
    assessments.create_assessment(db, patient_id, day=START + timedelta(days=28), tags=[GM])
    doc = printing.report_document(db, patient_id)
    assert doc.psfs_text.startswith(
        f"Mean score 3.7 on {START.day} ")
    assert "→ 4.7 on" in doc.psfs_text and "+1.0 points" in doc.psfs_text


def test_one_scored_visit_in_the_period_is_shown_not_hidden(
    db: Database, patient_id: int
) -> None:
    items = [PsfsItem("Stairs", 4), PsfsItem("Running", 5), PsfsItem("Squats", 5)]
    assessments.create_assessment(db, patient_id, day=START, tags=[GM], psfs=items)
    assessments.create_assessment(db, patient_id, day=START + timedelta(days=7), tags=[GM])
    doc = printing.report_document(db, patient_id)
    assert doc.psfs_text.startswith("Mean score 4.7 on ")
    assert "the only PSFS scored in this period" in doc.psfs_text
