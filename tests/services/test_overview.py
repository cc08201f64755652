"""The Overview's summary: latest assessment, PSFS change, sessions, rising-tightness flags."""

from __future__ import annotations

from datetime import date

import pytest

from equitone.domain.assessment import PsfsItem, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.errors import NotFoundError
from equitone.services.assessments import create_assessment
from equitone.services.catalog import load_catalog
from equitone.services.overview import patient_overview
from equitone.services.patients import create_patient
from equitone.services.sessions import create_session, parse_exercise_spec
from equitone.storage.database import Database

L = Side.LEFT
U = ToneState.UNDERACTIVE


def test_a_new_patient_has_nothing_to_summarise(db: Database) -> None:
    patient = create_patient(db, PatientDraft(name="O'Brien & <Sons>"))
    summary = patient_overview(db, patient.id)
    assert summary.latest is None and summary.assessments == 0
    assert summary.sessions == summary.delivered == 0
    assert summary.upcoming is None and summary.last_delivered is None
    assert summary.flags == () and summary.psfs_change is None


def test_latest_assessment_psfs_change_sessions_and_the_rising_flag(db: Database) -> None:
    patient = create_patient(db, PatientDraft(name="Zoë Ångström"))
    catalog = load_catalog(db)
    for day, tightness, scores in (
        (date(2026, 1, 5), 3, (2, 4, 3)), (date(2026, 2, 2), 3, (3, 5, 4)),
        (date(2026, 2, 23), 5, (5, 6, 5)), (date(2026, 3, 16), 6, (6, 8, 7)),
    ):
        create_assessment(db, patient.id, day=day, clinician="Dr Ana Silva",
                          tags=[ToneTag("gluteus-medius", L, U, tightness)],
                          psfs=[PsfsItem("Stairs", scores[0]), PsfsItem("Running", scores[1]),
                                PsfsItem("Squats", scores[2])])
    delivered = create_session(
        db, patient.id, [parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")],
        SessionDetails(date(2026, 2, 3)), status=SessionStatus.DELIVERED)
    planned = create_session(
        db, patient.id, [parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")],
        SessionDetails(date(2026, 3, 20), frequency_per_week=2), status=SessionStatus.PLANNED)
    summary = patient_overview(db, patient.id)
    assert summary.assessments == 4
    assert summary.latest is not None and summary.latest.day == date(2026, 3, 16)
    assert summary.first_psfs == 3.0 and summary.psfs_change == 4.0
    assert (summary.sessions, summary.delivered) == (2, 1)
    assert summary.upcoming is not None and summary.upcoming.id == planned.id
    assert summary.last_delivered is not None and summary.last_delivered.id == delivered.id
    assert [(f.muscle, f.side, f.session_id) for f in summary.flags] == [
        ("gluteus-medius", L, delivered.id)
    ]


def test_unknown_patient_is_refused(db: Database) -> None:
    with pytest.raises(NotFoundError):
        patient_overview(db, 9999)
