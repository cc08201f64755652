"""Versions form one chain: `equitone check` finds forks (two successors of one version, two
"current" versions of one visit), gaps and misnumbered versions, on SQLite and PostgreSQL;
the services refuse to make them (a second amendment, a second new version, a restore that
would fork)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select, update

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.domain.version_chain import ChainProblem, Link, chain_problems
from equitone.errors import ValidationError
from equitone.services import assessments, patients, sessions
from equitone.services.catalog import load_catalog
from equitone.services.health import check_database
from equitone.storage.database import Database
from equitone.storage.location import DatabaseLocation
from equitone.storage.models import AssessmentRow, SessionRow

GM = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)


def test_a_clean_chain_has_no_problems() -> None:
    links = [Link(1, 7, 1, None), Link(2, 7, 2, 1), Link(5, 7, 3, 2), Link(3, 8, 1, None)]
    assert chain_problems(links) == []


def test_forks_gaps_and_strays_are_named() -> None:
    links = [
        Link(1, 7, 1, None), Link(2, 7, 2, 1), Link(3, 7, 2, 1),  # 1 has two successors
        Link(4, 7, 1, None), Link(5, 7, 3, 4),  # a gap: 1 → 3
        Link(6, 7, 2, None),  # a version 2 that replaces nothing
        Link(8, 9, 2, 4),  # another patient's version
        Link(10, 7, 2, 99),  # replaces nothing known
    ]
    assert chain_problems(links, "assessment") == [
        ChainProblem(1, "has 2 newer versions (assessments 2, 3): the versions fork"),
        ChainProblem(4, "has 2 newer versions (assessments 5, 8): the versions fork"),
        ChainProblem(5, "is version 3 but replaces version 1 (assessment 4): the versions "
                        "are out of order"),
        ChainProblem(6, "is version 2 but replaces no earlier version"),
        ChainProblem(8, "replaces assessment 4, which belongs to another patient"),
        ChainProblem(10, "replaces assessment 99, which does not exist"),
    ]


@pytest.fixture
def patient_id(db: Database) -> int:
    return patients.create_patient(db, PatientDraft(name="Maria Keller")).id


def _check(db_target: str) -> list[str]:
    return check_database(DatabaseLocation.parse(db_target)).problems


def _signed_and_amended(db: Database, patient_id: int) -> tuple[int, int]:
    first = assessments.create_assessment(db, patient_id, day=date(2026, 3, 2), tags=[GM])
    assessments.sign_assessment(db, first.id, by="Dr Ana Silva")
    return first.id, assessments.amend_assessment(db, first.id).id


def _delivered(db: Database, patient_id: int) -> int:
    blocks = [sessions.parse_exercise_spec(load_catalog(db), "clamshell:gluteus-medius:left")]
    return sessions.create_session(db, patient_id, blocks, SessionDetails(date(2026, 3, 2)),
                                   status=SessionStatus.DELIVERED).id


def test_check_finds_forked_and_misnumbered_versions(
    db: Database, db_target: str, patient_id: int
) -> None:
    first, amended = _signed_and_amended(db, patient_id)
    delivered = _delivered(db, patient_id)
    newer = sessions.new_version(db, delivered).id
    assert _check(db_target) == []
    # what two racing workstations (or a hand-made row) could leave behind
    with db.engine.begin() as conn:
        rogue = conn.execute(insert(AssessmentRow).values(
            patient_id=patient_id, date=date(2026, 3, 2), clinician="", findings="",
            signed_by="", version=2, supersedes_id=first, row_version=1,
        ).returning(AssessmentRow.id)).scalar_one()
        conn.execute(update(SessionRow).where(SessionRow.id == newer).values(version=4))
    problems = _check(db_target)
    assert problems == [
        f"Assessment {first} (patient {patient_id}) has 2 newer versions (assessments "
        f"{amended}, {rogue}): the versions fork.",
        f"Session {newer} (patient {patient_id}) is version 4 but replaces version 1 "
        f"(session {delivered}): the versions are out of order.",
    ]
    report = check_database(DatabaseLocation.parse(db_target))
    assert not report.ok


def test_a_second_amendment_or_new_version_is_refused(db: Database, patient_id: int) -> None:
    first, amended = _signed_and_amended(db, patient_id)
    with pytest.raises(ValidationError, match=f"already amended by assessment {amended}"):
        assessments.amend_assessment(db, first)
    delivered = _delivered(db, patient_id)
    newer = sessions.new_version(db, delivered)
    with pytest.raises(ValidationError, match=f"already has a newer version \\(session "
                                              f"{newer.id}\\)"):
        sessions.new_version(db, delivered)
    with pytest.raises(ValidationError, match="already delivered"):
        sessions.set_status(db, delivered, SessionStatus.DELIVERED)


def test_restoring_a_deleted_version_never_forks(db: Database, patient_id: int) -> None:
    """Undo removed my amendment; meanwhile another workstation amended the same version:
    redo must not bring mine back as a second successor."""
    first, amended = _signed_and_amended(db, patient_id)
    mine = assessments.get_assessment(db, amended)
    assessments.delete_assessment(db, amended)
    theirs = assessments.amend_assessment(db, first)
    with pytest.raises(ValidationError, match=f"already amended by assessment {theirs.id}"):
        assessments.restore_assessment(db, mine)
    delivered = _delivered(db, patient_id)
    my_version = sessions.new_version(db, delivered)
    sessions.delete_draft(db, my_version.id)
    their_version = sessions.new_version(db, delivered)
    with pytest.raises(ValidationError, match=f"session {their_version.id}"):
        sessions.restore_session(db, my_version)
    with db.reading() as s:
        assert list(s.scalars(select(AssessmentRow.id).where(
            AssessmentRow.supersedes_id == first))) == [theirs.id]
        assert list(s.scalars(select(SessionRow.id).where(
            SessionRow.supersedes_id == delivered))) == [their_version.id]
