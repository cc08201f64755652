"""Signing assessments, amending them as new versions, and the version histories."""

from __future__ import annotations

from datetime import date

import pytest

from equitone.domain.assessment import PsfsItem, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.errors import NotFoundError, ValidationError
from equitone.services import assessments, patients, sessions
from equitone.services.catalog import load_catalog
from equitone.services.trends import trend_data
from equitone.services.versions import versions
from equitone.storage.audit import acting_as
from equitone.storage.database import Database

GM = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)
PSFS = [PsfsItem("Stairs", 4), PsfsItem("Running", 3), PsfsItem("Squats", 5)]


@pytest.fixture
def patient_id(db: Database) -> int:
    return patients.create_patient(db, PatientDraft(name="Maria Keller")).id


def test_sign_makes_read_only(db: Database, patient_id: int) -> None:
    a = assessments.create_assessment(db, patient_id, tags=[GM], psfs=PSFS)
    with acting_as("ana@pc1"):
        signed = assessments.sign_assessment(db, a.id)
    assert signed.signed and signed.signed_by == "ana@pc1"
    for attempt in (
        lambda: assessments.set_tags(db, a.id, [GM]),
        lambda: assessments.clear_tags(db, a.id, [GM.key]),
        lambda: assessments.set_psfs(db, a.id, []),
        lambda: assessments.update_details(db, a.id, day=date.today(), clinician="x",
                                           findings="y"),
        lambda: assessments.delete_assessment(db, a.id),
    ):
        with pytest.raises(ValidationError, match="signed and read-only"):
            attempt()
    with pytest.raises(ValidationError, match="already signed"):
        assessments.sign_assessment(db, a.id, by="Tom")
    assert assessments.get_assessment(db, a.id) == signed


def test_sign_validates_the_name_and_the_id(db: Database, patient_id: int) -> None:
    a = assessments.create_assessment(db, patient_id)
    with pytest.raises(ValidationError, match="who signs"):
        assessments.sign_assessment(db, a.id, by="  ")
    with pytest.raises(ValidationError, match="120"):
        assessments.sign_assessment(db, a.id, by="x" * 121)
    with pytest.raises(NotFoundError):
        assessments.sign_assessment(db, 999, by="Tom")
    assert not assessments.get_assessment(db, a.id).signed


def test_amend_creates_new_version_and_keeps_the_signed_one(
    db: Database, patient_id: int
) -> None:
    a = assessments.create_assessment(db, patient_id, day=date(2026, 3, 1), clinician="Ana",
                                      findings="Initial.", tags=[GM],
                                      psfs=PSFS)
    assessments.sign_assessment(db, a.id, by="Ana")
    with pytest.raises(ValidationError, match="not signed"):
        assessments.amend_assessment(db, assessments.create_assessment(db, patient_id).id)
    with acting_as("tom@pc2"):
        amended = assessments.amend_assessment(db, a.id)
    assert (amended.version, amended.supersedes_id, amended.signed) == (2, a.id, False)
    assert (amended.day, amended.clinician, amended.findings) == (a.day, "Ana", "Initial.")
    assert amended.tags == (GM,) and amended.psfs == tuple(PSFS)
    fixed = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 5)
    assessments.set_tags(db, amended.id, [fixed])
    assert assessments.get_assessment(db, a.id).tags == (GM,)  # the original is untouched
    with pytest.raises(ValidationError, match="already amended"):
        assessments.amend_assessment(db, a.id)
    # only current versions in the lists, the history slider and the trends
    listed = [x.id for x in assessments.list_assessments(db, patient_id)]
    assert a.id not in listed and amended.id in listed
    assert a.id not in [x.id for x in assessments.history(db, patient_id)]
    points = [p for p in trend_data(db, patient_id).points if p.muscle == "gluteus-medius"]
    assert [p.tightness for p in points] == [5]


def test_version_history_with_who_and_when(db: Database, patient_id: int) -> None:
    with acting_as("ana@pc1"):
        a = assessments.create_assessment(db, patient_id, tags=[GM])
        assessments.sign_assessment(db, a.id, by="Dr Ana Silva")
    with acting_as("tom@pc2"):
        v2 = assessments.amend_assessment(db, a.id)
        assessments.sign_assessment(db, v2.id, by="Tom Berg")
        v3 = assessments.amend_assessment(db, v2.id)
    for member in (a.id, v2.id, v3.id):
        found = versions(db, "assessment", member)
        assert [(v.id, v.version, v.supersedes_id) for v in found] == [
            (a.id, 1, None), (v2.id, 2, a.id), (v3.id, 3, v2.id)]
    found = versions(db, "assessment", a.id)
    assert [v.created_by for v in found] == ["ana@pc1", "tom@pc2", "tom@pc2"]
    assert [v.status for v in found] == ["signed", "signed", "draft"]
    assert [v.locked_by for v in found] == ["Dr Ana Silva", "Tom Berg", ""]
    assert [v.current for v in found] == [False, False, True]
    assert all(v.created_at is not None for v in found)
    assert found[0].locked_at is not None and found[2].locked_at is None
    # abandoning the draft amendment makes the signed version current again
    assessments.delete_assessment(db, v3.id)
    assert [v.current for v in versions(db, "assessment", a.id)] == [False, True]
    with pytest.raises(NotFoundError):
        versions(db, "assessment", 999)


def test_session_versions(db: Database, patient_id: int) -> None:
    catalog = load_catalog(db)
    with acting_as("ana@pc1"):
        first = sessions.create_session(
            db, patient_id, [sessions.parse_exercise_spec(catalog, "clamshell")])
        sessions.set_status(db, first.id, SessionStatus.DELIVERED)
    with acting_as("tom@pc2"):
        second = sessions.new_version(db, first.id)
    with pytest.raises(ValidationError, match="read-only"):
        sessions.save_session(db, first.id, first.placed)
    found = versions(db, "session", second.id)
    assert [(v.id, v.version, v.status, v.created_by) for v in found] == [
        (first.id, 1, "delivered", "ana@pc1"), (second.id, 2, "draft", "tom@pc2")]
    assert found[0].locked_by == "ana@pc1" and found[0].read_only
    assert [v.current for v in found] == [False, True]
