"""Warnings are clinical record: acknowledgement before planning or delivering, proposals of
standing flags answered with reasons, the engine's inputs read from the patient's records."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from equitone.domain.assessment import Measures, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.sequencing import RuleId, WarningCode
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.errors import ValidationError
from equitone.services import sessions as service
from equitone.services.archive import export_patient, import_archive
from equitone.services.assessments import create_assessment
from equitone.services.audit import audit_entries
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient, set_relax_after
from equitone.services.settings import load_settings, save_settings
from equitone.storage.database import Database
from tests.pictures import RecordedPictures

L = Side.LEFT
DAY = date(2026, 3, 2)


def _blocks(db: Database, *specs: str) -> list[service.Block]:
    catalog = load_catalog(db)
    return [service.parse_exercise_spec(catalog, s) for s in specs]


@pytest.fixture
def spasm_patient(db: Database) -> int:
    """A QL in spasm, about to be loaded by a side plank (the issue's own example)."""
    pid = create_patient(db, PatientDraft(name="Tomás Ferreira")).id
    create_assessment(db, pid, day=DAY, tags=[
        ToneTag("quadratus-lumborum", L, ToneState.SPASM, 7,
                measures=Measures(tenderness=2, pain=5)),
        ToneTag("gluteus-medius", L, ToneState.UNDERACTIVE, 3, measures=Measures(strength=3)),
    ])
    return pid


def test_the_engine_reads_tenderness_and_strength_from_the_assessment(
    db: Database, spasm_patient: int
) -> None:
    snapshot = service.design_context(db, spasm_patient, SessionDetails(DAY)).assessment
    assert snapshot.tender_grade("quadratus-lumborum", L) == 2
    assert snapshot.mrc("gluteus-medius", L) == 3


@pytest.mark.parametrize("status", [SessionStatus.PLANNED, SessionStatus.DELIVERED])
def test_a_safety_warning_must_be_acknowledged_and_the_audit_trail_keeps_it(
    db: Database, spasm_patient: int, status: SessionStatus
) -> None:
    record = service.create_session(db, spasm_patient, _blocks(db, "side-plank::left"),
                                    SessionDetails(DAY))
    assert [w.code for w in record.safety_warnings] == [WarningCode.SPASM_LOADED]
    before = len(audit_entries(db, entity="session", entity_id=record.id))
    with pytest.raises(service.SafetyWarningsError, match="acknowledge it to mark it"):
        service.set_status(db, record.id, status)
    stored = service.get_session(db, record.id)
    assert stored.status is SessionStatus.DRAFT  # nothing written
    assert len(audit_entries(db, entity="session", entity_id=record.id)) == before
    done = service.set_status(db, record.id, status, acknowledge_warnings=True)
    assert done.status is status
    note = audit_entries(db, entity="session", entity_id=record.id)[-1].note
    assert "1 safety warning(s) acknowledged" in note and "tagged spasm" in note


def test_a_draft_never_needs_acknowledging_and_advisory_warnings_never_do(
    db: Database, spasm_patient: int
) -> None:
    record = service.create_session(db, spasm_patient, _blocks(db, "clamshell::left"),
                                    SessionDetails(DAY))
    assert record.warnings == () or not record.safety_warnings
    assert service.set_status(db, record.id, SessionStatus.PLANNED).status is (
        SessionStatus.PLANNED)


def test_creating_a_planned_session_with_safety_warnings_needs_the_acknowledgement(
    db: Database, spasm_patient: int
) -> None:
    with pytest.raises(service.SafetyWarningsError):
        service.create_session(db, spasm_patient, _blocks(db, "side-plank::left"),
                               SessionDetails(DAY), status=SessionStatus.PLANNED)
    assert service.list_sessions(db, spasm_patient) == []
    made = service.create_session(db, spasm_patient, _blocks(db, "side-plank::left"),
                                  SessionDetails(DAY), status=SessionStatus.PLANNED,
                                  acknowledge_warnings=True)
    assert made.status is SessionStatus.PLANNED


def test_the_clinic_sets_its_session_length_limit(db: Database, spasm_patient: int) -> None:
    long = _blocks(db, *(["side-plank", "wall-sit", "front-plank", "bird-dog"] * 3))
    record = service.create_session(db, spasm_patient, long, SessionDetails(DAY))
    assert WarningCode.SESSION_TOO_LONG in [w.code for w in record.warnings]
    save_settings(db, load_settings(db).__class__(session_limit_minutes=180))
    again = service.get_session(db, record.id)
    assert WarningCode.SESSION_TOO_LONG not in [w.code for w in again.warnings]
    with pytest.raises(ValidationError, match="10-240 minutes"):
        save_settings(db, load_settings(db).__class__(session_limit_minutes=5))


# -- the flag and its proposal ------------------------------------------------------------------


@pytest.fixture
def flagged(db: Database) -> tuple[int, int]:
    """A runner whose activated calf was tighter at the next assessment; returns the patient
    and a draft for today with two calf activations."""
    pid = create_patient(db, PatientDraft(name="Priya Natarajan")).id
    start = DAY - timedelta(days=21)
    create_assessment(db, pid, day=start, tags=[ToneTag("soleus", L, ToneState.UNDERACTIVE, 3)])
    service.create_session(db, pid, _blocks(db, "bent-knee-calf-raise::left"),
                           SessionDetails(start), status=SessionStatus.DELIVERED)
    create_assessment(db, pid, day=DAY, tags=[ToneTag("soleus", L, ToneState.TIGHT, 4)])
    draft = service.create_session(
        db, pid, _blocks(db, "bent-knee-calf-raise::left", "clamshell::left",
                         "bent-knee-calf-raise::left"), SessionDetails(DAY))
    return pid, draft.id


def test_a_standing_flag_is_proposed_in_the_next_session_never_applied(
    db: Database, flagged: tuple[int, int]
) -> None:
    _pid, session_id = flagged
    record = service.get_session(db, session_id)
    (proposal,) = record.proposals
    assert (proposal.muscle, proposal.side, proposal.pending) == ("soleus", L, True)
    assert "was tagged tight" in proposal.explanation  # a retag, no score rise needed
    assert len(proposal.activations) == 2
    assert not [b for b in record.blocks if b.rule is RuleId.DOSE_BELOW_FAILURE]


def test_accepting_adds_the_relaxations_and_lowers_the_dose(
    db: Database, flagged: tuple[int, int]
) -> None:
    _pid, session_id = flagged
    before = service.get_session(db, session_id)
    done = service.decide_proposal(db, session_id, "soleus", L, accept=True,
                                   reason="Agreed with the patient",
                                   expected_version=before.row_version)
    assert [r.reason for r in done.responses] == ["Agreed with the patient"]
    raises = [b for b in done.blocks if b.exercise == "bent-knee-calf-raise"]
    assert all(b.dose.sets <= 2 and (b.dose.reps or 0) < 12 for b in raises)
    relax = [b for b in done.blocks if b.rule is RuleId.DOSE_BELOW_FAILURE]
    assert [b.anchor for b in relax] == [b.id for b in raises]
    assert not done.proposals[0].pending
    # kept by a new version and in a patient archive
    copy = service.new_version(db, session_id)
    assert copy.responses == done.responses


def test_dismissing_needs_a_reason_and_changes_nothing_else(
    db: Database, flagged: tuple[int, int]
) -> None:
    _pid, session_id = flagged
    before = service.get_session(db, session_id)
    with pytest.raises(ValidationError, match="needs a reason"):
        service.decide_proposal(db, session_id, "soleus", L, accept=False, reason="  ")
    done = service.decide_proposal(db, session_id, "soleus", L, accept=False,
                                   reason="Tight from a match on Sunday")
    assert done.placed == before.placed
    assert [(r.accepted, r.reason) for r in done.responses] == [
        (False, "Tight from a match on Sunday")]
    with pytest.raises(ValidationError, match="no proposal for the left gluteus"):
        service.decide_proposal(db, session_id, "gluteus-medius", L, accept=True)


def test_answers_and_the_setting_travel_in_a_patient_archive(
    db: Database, flagged: tuple[int, int], tmp_path: Path
) -> None:
    pid, session_id = flagged
    service.decide_proposal(db, session_id, "soleus", L, accept=False, reason="A match")
    set_relax_after(db, pid, "soleus", True)
    set_relax_after(db, pid, None, True)
    target = tmp_path / "priya.json"
    export_patient(db, pid, target)
    document = json.loads(target.read_text())
    assert document["patient"]["relax_after_muscles"] == ["soleus"]
    decisions = [d for s in document["sessions"] for d in s["decisions"]]
    assert {"kind": "decline", "anchor": None, "rule": "dose-below-failure",
            "muscle": "soleus", "side": "left", "exercise": None,
            "reason": "A match"} in decisions
    imported = import_archive(db, target, force_new=True)
    copy = service.list_sessions(db, imported.patient_id)
    assert any(r.responses for r in copy)


def test_the_clinician_copy_records_every_warning_swap_dismissal_and_answer(
    db: Database, flagged: tuple[int, int], pictures: RecordedPictures,
) -> None:
    from equitone.domain.sequencing import dismiss, swap
    from equitone.services.printing import plan_document

    _pid, session_id = flagged
    record = service.get_session(db, session_id)
    warm = record.blocks[-1]
    relax = next(b for b in record.blocks if b.rule is RuleId.WARM_DOWN)
    assert relax is warm
    record = service.save_session(db, session_id, record.blocks,
                                  overrides=[swap(warm, "upper-body-shake-out-warm-down")])
    walk_plan = _blocks(db, "lateral-band-walk::left")
    record = service.save_session(db, session_id, (*record.placed, *walk_plan))
    sustained = next(b for b in record.blocks if b.rule is RuleId.SUSTAINED_RELAX)
    record = service.save_session(db, session_id, record.blocks,
                                  dismissals=[dismiss(sustained, "Done in clinic")])
    service.decide_proposal(db, session_id, "soleus", L, accept=False, reason="A match")
    service.set_status(db, session_id, SessionStatus.PLANNED)

    clinician = plan_document(db, session_id, copy="clinician", thumbnails=False,
                              pictures=pictures)
    kinds = {line.kind for line in clinician.record}
    assert {"Warning", "Swap", "Dismissed", "Proposal"} <= kinds or {
        "Precaution", "Swap", "Dismissed", "Proposal"} <= kinds
    texts = " | ".join(line.text for line in clinician.record)
    assert "Upper-body shake-out warm-down, chosen by the clinician instead of" in texts
    assert "Reason: Done in clinic" in texts and "Dismissed: A match" in texts
    assert "sustained-relax" not in texts  # sentences, never rule ids
    assert all(b.rule_title or not b.rule for b in clinician.blocks)
    patient = plan_document(db, session_id, copy="patient", thumbnails=False,
                            pictures=pictures)
    assert patient.record == () and all(not b.warnings for b in patient.blocks)


def test_a_technique_card_prints_the_text_for_its_muscle(
    db: Database, spasm_patient: int, pictures: RecordedPictures,
) -> None:
    from equitone.services.printing import plan_document

    catalog = load_catalog(db)
    record = service.create_session(
        db, spasm_patient,
        _blocks(db, "lacrosse-ball-release:gluteus-medius:left",
                "lacrosse-ball-release:piriformis:left", "clamshell::left"),
        SessionDetails(DAY))
    doc = plan_document(db, record.id, thumbnails=False, pictures=pictures)
    first, second = doc.blocks[0], doc.blocks[1]
    assert first.instruction == catalog.technique_text("lacrosse-ball-release", "gluteus-medius")
    assert second.instruction == catalog.technique_text("lacrosse-ball-release", "piriformis")
    assert first.instruction != second.instruction
    assert "move the joint until you feel" not in " ".join(b.instruction for b in doc.blocks)
    # one muscle is named once, in the set-up line, not again in a muscle list
    assert first.muscle_names == () and "outer hip muscle (gluteus medius)" in first.setup


def test_the_demo_runners_flagged_soleus_gets_a_proposal(demo_db: Database) -> None:
    """The demo still tells its story: the runner's activated calf tightened again before
    today's visit, and today's planned session proposes more relaxation for it."""
    from equitone.services.patients import list_patients

    runner = next(p for p in list_patients(demo_db) if p.name == "Zoë Ångström")
    planned = next(s for s in service.list_sessions(demo_db, runner.id)
                   if s.status is SessionStatus.PLANNED)
    record = service.get_session(demo_db, planned.id)
    (proposal,) = record.proposals
    assert (proposal.muscle, proposal.side, proposal.pending) == ("soleus", L, True)
    assert proposal.activations and "tightness rose" in proposal.explanation
    assert not record.safety_warnings  # the demo's sessions can be planned as they are
