"""The History tab: versions with sign/amend, and the patient's audit trail."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.session import SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.services import assessments, patients, sessions
from equitone.services.catalog import load_catalog
from equitone.services.changes import Change, Entity
from equitone.storage.audit import acting_as
from equitone.storage.database import Database
from equitone.ui.history import HistoryTab
from equitone.ui.main_window import MainWindow
from equitone.ui.operations import Operations
from tests.prompts import ScriptedPrompts

GM = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)


@pytest.fixture
def patient(db: Database) -> Patient:
    with acting_as("ana@front-desk"):
        p = patients.create_patient(db, PatientDraft(name="Maria Keller"))
        assessments.create_assessment(db, p.id, day=date(2026, 1, 5), clinician="Dr Ana Silva",
                                      tags=[GM])
        record = sessions.create_session(
            db, p.id, [sessions.parse_exercise_spec(load_catalog(db), "clamshell")])
        sessions.set_status(db, record.id, SessionStatus.DELIVERED)
        sessions.new_version(db, record.id)
    return p


@pytest.fixture
def ops() -> Operations:
    return Operations()


@pytest.fixture
def tab(
    qtbot: QtBot, db: Database, patient: Patient, bridge: ScriptedPrompts, ops: Operations
) -> HistoryTab:
    widget = HistoryTab(db, ops)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show_patient(patient)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _select(tab: HistoryTab, kind: str, record_id: int) -> None:
    assert tab.versions.select(kind, record_id)


def test_versions_and_trail_are_listed(tab: HistoryTab, qtmodeltester: object) -> None:
    tree = tab.versions
    assert tree.topLevelItemCount() == 2
    assessments_group, sessions_group = (tree.topLevelItem(i) for i in range(2))
    assert assessments_group is not None and sessions_group is not None
    assert assessments_group.text(0) == "Assessments (1)"
    assert sessions_group.text(0) == "Sessions (1)"
    newest = sessions_group.child(0)
    assert newest is not None and newest.childCount() == 1  # v2 on top, v1 beneath
    assert newest.text(1) == "2" and "draft" in newest.text(2)
    older = newest.child(0)
    assert older is not None and "delivered" in older.text(2) and "replaced" in older.text(2)
    assert older.text(4) == "ana@front-desk" and older.text(6) == "ana@front-desk"
    model = tab.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    actions = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert actions == ["new version", "delivered", "created", "created", "created"]
    assert model.index(0, 1).data() == "ana@front-desk"
    assert tab.count.text() == "5 change(s)"


def test_sign_and_amend_from_the_tab(
    tab: HistoryTab, db: Database, patient: Patient, bridge: ScriptedPrompts, qtbot: QtBot,
    ops: Operations,
) -> None:
    first = assessments.list_assessments(db, patient.id)[0]
    _select(tab, "assessment", first.id)
    assert tab.sign_button.isEnabled() and not tab.amend_button.isEnabled()
    bridge.texts = [lambda suggested: f"{suggested} (checked)"]
    published: list[Change] = []
    ops.listen(published.append)  # what the other tabs hear
    tab.sign_button.click()
    [change] = published
    assert change.about(Entity.ASSESSMENT) and change.touches(patient.id)
    assert change.record_id == first.id and change.initiator is tab
    signed = assessments.get_assessment(db, first.id)
    assert signed.signed and signed.signed_by == "Dr Ana Silva (checked)"
    assert bridge.shown[-1][0] == "confirm"
    assert tab.versions.selected() is not None and tab.versions.selected().status == "signed"  # type: ignore[union-attr]
    assert not tab.sign_button.isEnabled() and tab.amend_button.isEnabled()
    assert tab.model.index(0, 3).data() == "signed"

    tab.amend_button.click()
    assert len(published) == 2 and published[-1].record_id != first.id
    current = assessments.list_assessments(db, patient.id)[0]
    assert (current.version, current.supersedes_id) == (2, first.id)
    assert bridge.shown[-1][:2] == ("info", "Amendment started")
    selected = tab.versions.selected()
    assert selected is not None and selected.id == current.id
    assert tab.model.index(0, 3).data() == "amended"


def test_cancelled_or_refused_signing_changes_nothing(
    tab: HistoryTab, db: Database, patient: Patient, bridge: ScriptedPrompts
) -> None:
    first = assessments.list_assessments(db, patient.id)[0]
    _select(tab, "assessment", first.id)
    bridge.texts = [None]  # cancelled
    tab.sign_button.click()
    bridge.answer = False
    bridge.texts = ["Tom"]
    tab.sign_button.click()
    assert not assessments.get_assessment(db, first.id).signed
    bridge.answer = True
    bridge.texts = ["   "]
    tab.sign_button.click()
    assert bridge.shown[-1][0] == "error" and "who signs" in bridge.shown[-1][2]
    assert not assessments.get_assessment(db, first.id).signed


def test_detail_and_only_selected_filter(
    tab: HistoryTab, db: Database, patient: Patient
) -> None:
    first = assessments.list_assessments(db, patient.id)[0]
    assessments.set_tags(db, first.id, [ToneTag("gluteus-medius", Side.LEFT,
                                                ToneState.BALANCED, 2)])
    tab.reload()
    selection = tab.table.selectionModel()
    selection.select(tab.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows)
    text = tab.detail.toPlainText()
    assert "gluteus-medius left: underactive 4/10 → balanced 2/10" in text
    _select(tab, "assessment", first.id)
    tab.only_selected.setChecked(True)
    assert tab.model.rowCount() == 2
    labels = {tab.model.index(r, 2).data() for r in range(2)}
    assert len(labels) == 1 and labels.pop().startswith("Maria Keller — assessment of 5 Jan")
    # the clinician the assessment names, not the workstation account; the account in the tip
    assert tab.model.index(0, 1).data() == "Dr Ana Silva"
    assert tab.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole).startswith(
        "Workstation account: ")


def test_history_tab_in_the_window_refreshes_the_assessment_tab(
    window: MainWindow, db: Database, patient: Patient, bridge: ScriptedPrompts, qtbot: QtBot,
    tmp_path: Path,
) -> None:
    window.open_patient(patient)
    page = window.page
    history = page.history
    assert history is not None and page.assessment is not None
    page.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.versions.topLevelItemCount() == 2)
    first = assessments.list_assessments(db, patient.id)[0]
    _select(history, "assessment", first.id)
    bridge.texts = [lambda suggested: suggested]
    history.sign_button.click()
    assert page.assessment.current is not None and page.assessment.current.signed
    window.resize(1200, 820)
    history.grab().save(str(tmp_path / "history.png"))
