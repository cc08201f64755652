"""The designer's side of the clinical record, driven like a clinician would: a standing
"activated, then tighter" flag proposed and answered, the acknowledgement of safety warnings
before planning, the relax-after settings, the within-rep mark, and a swap to a technique that
must not be used there."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import Measures, ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.sequencing import PlanWarning, RuleId, WarningCode
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.services import sessions as svc
from equitone.services.assessments import create_assessment
from equitone.services.audit import audit_entries
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient, get_patient
from equitone.storage.database import Database
from equitone.ui.designer import SessionTab
from equitone.ui.main_window import MainWindow

from .test_designer import _auto, drop, library_mime, open_tab

L = Side.LEFT
GM, QL = "gluteus-medius", "quadratus-lumborum"
TODAY = date.today()


def _session(db: Database, patient: Patient, *specs: str, day: date = TODAY,
             status: SessionStatus = SessionStatus.DRAFT) -> int:
    catalog = load_catalog(db)
    blocks = [svc.parse_exercise_spec(catalog, s) for s in specs]
    return svc.create_session(db, patient.id, blocks, SessionDetails(day), status=status).id


def _show(window: MainWindow, qtbot: QtBot, patient: Patient, session_id: int) -> SessionTab:
    tab = open_tab(window, qtbot, patient)
    tab.reload(session_id)
    assert tab.record is not None and tab.record.id == session_id
    return tab


@pytest.fixture
def runner(db: Database) -> Patient:
    """Activated soleus, then tagged tight: the flag stands for today's session."""
    patient = create_patient(db, PatientDraft(name="Priya Natarajan"))
    earlier = TODAY - timedelta(days=14)
    create_assessment(db, patient.id, day=earlier,
                      tags=[ToneTag("soleus", L, ToneState.UNDERACTIVE, 3)])
    _session(db, patient, "bent-knee-calf-raise::left", day=earlier,
             status=SessionStatus.DELIVERED)
    create_assessment(db, patient.id, day=TODAY - timedelta(days=1),
                      tags=[ToneTag("soleus", L, ToneState.TIGHT, 5)])
    return patient


def test_a_standing_flag_is_proposed_and_accepted_in_one_undo_step(
    window: MainWindow, qtbot: QtBot, db: Database, runner: Patient
) -> None:
    session_id = _session(db, runner, "bent-knee-calf-raise::left", "clamshell::left")
    tab = _show(window, qtbot, runner, session_id)
    bar = tab.proposals
    assert bar.isVisible()
    (label, buttons) = bar.rows[0]
    assert "Left soleus was activated on" in label.text() and "Proposed:" in label.text()
    assert [b.text() for b in buttons] == ["Accept…", "Dismiss…"]
    assert not [b for b in tab.model.blocks if b.rule is RuleId.DOSE_BELOW_FAILURE]
    before = next(b.dose for b in tab.model.blocks if b.exercise == "bent-knee-calf-raise")
    tab.ask_proposal_reason = lambda proposal, accept: "Agreed with Priya"
    buttons[0].click()
    relax = [b for b in tab.model.blocks if b.rule is RuleId.DOSE_BELOW_FAILURE]
    assert len(relax) == 1 and relax[0].muscles == ("soleus",)
    after = next(b.dose for b in tab.model.blocks if b.exercise == "bent-knee-calf-raise")
    assert after.reps is not None and before.reps is not None and after.reps < before.reps
    stored = svc.get_session(db, session_id)
    assert [(r.accepted, r.reason) for r in stored.responses] == [(True, "Agreed with Priya")]
    label, buttons = tab.proposals.rows[0]
    assert "Accepted: Agreed with Priya" in label.text() and buttons[0].text() == "Withdraw"
    window.undo_stack.undo()
    assert not [b for b in tab.model.blocks if b.rule is RuleId.DOSE_BELOW_FAILURE]
    assert svc.get_session(db, session_id).responses == ()


def test_a_dismissal_needs_a_reason_and_can_be_withdrawn(
    window: MainWindow, qtbot: QtBot, db: Database, runner: Patient
) -> None:
    session_id = _session(db, runner, "bent-knee-calf-raise::left")
    tab = _show(window, qtbot, runner, session_id)
    tab.ask_proposal_reason = lambda proposal, accept: "   "
    tab.proposals.rows[0][1][1].click()  # Dismiss…
    assert "needs a reason" in tab.status.text()
    assert svc.get_session(db, session_id).responses == ()
    tab.ask_proposal_reason = lambda proposal, accept: "Tight from a match on Sunday"
    tab.proposals.rows[0][1][1].click()
    assert [r.reason for r in svc.get_session(db, session_id).responses] == [
        "Tight from a match on Sunday"]
    assert "Dismissed: Tight from a match" in tab.proposals.rows[0][0].text()
    tab.proposals.rows[0][1][0].click()  # Withdraw
    assert svc.get_session(db, session_id).responses == ()
    assert tab.proposals.rows[0][1][0].text() == "Accept…"


@pytest.fixture
def spasm(db: Database) -> Patient:
    patient = create_patient(db, PatientDraft(name="Tomás Ferreira"))
    create_assessment(db, patient.id, tags=[
        ToneTag(QL, L, ToneState.SPASM, 7),
        ToneTag(GM, L, ToneState.UNDERACTIVE, 3, measures=Measures(tenderness=3)),
    ])
    return patient


def test_planning_a_session_with_a_safety_warning_asks_for_an_acknowledgement(
    window: MainWindow, qtbot: QtBot, db: Database, spasm: Patient
) -> None:
    session_id = _session(db, spasm, "side-plank::left")
    tab = _show(window, qtbot, spasm, session_id)
    asked: list[tuple[SessionStatus, tuple[PlanWarning, ...]]] = []

    def refuse(status: SessionStatus, warnings: tuple[PlanWarning, ...]) -> bool:
        asked.append((status, tuple(warnings)))
        return False

    tab.ask_acknowledgement = refuse  # type: ignore[assignment]
    status = tab.bar.status
    status.setCurrentIndex(status.findData("planned"))
    status.activated.emit(status.currentIndex())
    assert asked and asked[0][0] is SessionStatus.PLANNED
    assert [w.code for w in asked[0][1]] == [WarningCode.SPASM_LOADED]
    assert svc.get_session(db, session_id).status is SessionStatus.DRAFT
    assert status.currentData() == "draft"  # the choice is put back
    tab.ask_acknowledgement = lambda status, warnings: True
    status.setCurrentIndex(status.findData("planned"))
    status.activated.emit(status.currentIndex())
    assert svc.get_session(db, session_id).status is SessionStatus.PLANNED
    note = audit_entries(db, entity="session", entity_id=session_id)[-1].note
    assert "acknowledged" in note and "tagged spasm" in note


def test_relax_after_every_activation_for_the_patient_and_for_one_muscle(
    window: MainWindow, qtbot: QtBot, db: Database, spasm: Patient
) -> None:
    session_id = _session(db, spasm, "clamshell::left", "soleus-wall-hold::left")
    tab = _show(window, qtbot, spasm, session_id)
    clam = next(b for b in tab.model.blocks if b.exercise == "clamshell")
    assert clam.relaxed_within_rep
    row = tab.model.row_of(clam.id)
    assert tab.model.card(row).badge == "Relaxed within every rep"
    tab.timeline.setCurrentIndex(tab.model.index(row, 0))
    html = tab.inspector.card_text.text()
    assert "Relaxed within every rep" in html and "warm-down finishes" in html
    assert "per-rep-relax" not in html and "relaxed-within-rep" not in html
    # per muscle, from the card's action
    action = tab.timeline_actions.relax_after
    assert action.isEnabled() and not action.isChecked()
    action.trigger()
    assert get_patient(db, spasm.id).relax_after_muscles == (GM,)
    assert [b.anchor for b in tab.model.blocks if b.rule is RuleId.PER_REP_RELAX] == [clam.id]
    assert "every activation of glute med" in tab.status.text()
    # for every muscle, from the session bar
    tab.bar.relax_after.setChecked(True)
    assert get_patient(db, spasm.id).relax_after_every_activation
    assert not any(b.relaxed_within_rep for b in tab.model.blocks)
    tab.bar.relax_after.setChecked(False)
    assert not get_patient(db, spasm.id).relax_after_every_activation


def test_a_contraindicated_technique_is_offered_last_marked_and_warned_about(
    window: MainWindow, qtbot: QtBot, db: Database, spasm: Patient
) -> None:
    """Glute med tender grade III: no ball into it, unless the clinician says so — then the
    session carries a safety warning with the reason."""
    session_id = _session(db, spasm, "lateral-band-walk::left")
    tab = _show(window, qtbot, spasm, session_id)
    row = _auto(tab, RuleId.SUSTAINED_RELAX)
    tab.timeline.setCurrentIndex(tab.model.index(row, 0))
    menu = tab.timeline_actions.swap_menu
    menu.aboutToShow.emit()
    actions = menu.actions()
    sections = [a.text() for a in actions if a.isSeparator()]
    assert sections[0] == "Suits the glute med" and sections[-1].startswith("Not for the")
    ball = next(a for a in actions if a.text() == "⚠ Lacrosse-ball release")
    assert "Grade III-IV tenderness" in ball.toolTip()
    assert actions.index(ball) > actions.index(next(a for a in actions if a.isSeparator()
                                                     and a.text().startswith("Not for")))
    ball.trigger()
    row = _auto(tab, RuleId.SUSTAINED_RELAX)
    swapped = tab.model.blocks[row]
    assert swapped.exercise == "lacrosse-ball-release"
    tab.timeline.setCurrentIndex(tab.model.index(row, 0))
    html = tab.inspector.card_text.text()
    assert "Swapped by you" in html and "Cross-over glute stretch" in html
    assert "Grade III-IV tenderness" in html  # the card's warning, with its reason
    record = svc.get_session(db, session_id)
    (warning,) = [w for w in record.warnings if w.code is WarningCode.CONTRAINDICATED_TECHNIQUE]
    assert warning.safety and "Grade III-IV tenderness" in warning.message
    assert record.swaps and record.swaps[0].chosen == "lacrosse-ball-release"


def test_the_duration_turns_red_past_the_clinics_limit(
    window: MainWindow, qtbot: QtBot, db: Database, spasm: Patient
) -> None:
    session_id = _session(db, spasm, "clamshell::left")
    tab = _show(window, qtbot, spasm, session_id)
    assert "over" not in tab.bar.duration.text()
    for slug in ("wall-sit", "front-plank", "bird-dog", "side-plank") * 3:
        drop(tab, library_mime(tab, slug), -1)
    assert "over 45 min" in tab.bar.duration.text()
    assert "B3261E" in tab.bar.duration.styleSheet()
    shown = tab.inspector.warnings_text.text()
    assert "past your limit of 45" in shown
