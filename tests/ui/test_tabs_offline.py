"""Offline, every tab of a patient opens with what could be shown and the offline notice;
nothing raises to the exception hook (a Session tab first opened offline used to raise
ServerUnavailableError from its show handler)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.services import assessments as asvc
from equitone.services import patients as psvc
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from tests.prompts import ScriptedPrompts

from ..services.test_concurrency_offline import Outage


@pytest.fixture
def outage(db: Database, monkeypatch: pytest.MonkeyPatch) -> Outage:
    return Outage(db, monkeypatch)


@pytest.fixture
def patient(db: Database) -> Patient:
    p = psvc.create_patient(db, PatientDraft("Maria Keller"))
    asvc.create_assessment(db, p.id, tags=[ToneTag("gluteus-medius", Side.LEFT,
                                                   ToneState.UNDERACTIVE, 3)])
    return psvc.get_patient(db, p.id)


def test_every_tab_opens_offline_without_raising(
    window: MainWindow, outage: Outage, patient: Patient, qtbot: QtBot, tmp_path: Path,
    bridge: ScriptedPrompts,
) -> None:
    window.resize(1400, 860)
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    outage.down = True
    assert window.sync is not None
    window.sync.note_offline()  # what the poll finds
    tabs = window.page.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.waitExposed(tabs.widget(index))
        QApplication.processEvents()
        window.grab().save(f"/tmp/i21/offline-tab-{index}.png")
        assert window.sync.offline, tabs.tabText(index)
    assert bridge.shown == []  # no error box: the notice says it
    for tab in (window.page.history, window.page.trends, window.page.visit):
        assert tab is not None and not tab.offline.isHidden()
    session = window.page.session
    assert session is not None and session.stack.currentWidget() is session.empty
    assert session.empty.text().startswith("Offline — the database server cannot be reached")
    assert session.empty.new_blank.isHidden()  # nothing to start while nothing can be read
    # back online: shown again, the sessions are read
    outage.down = False
    tabs.setCurrentIndex(0)
    tabs.setCurrentWidget(session)
    assert not session.empty.new_blank.isHidden()  # no session yet: start one
    assert session.empty.text().startswith("No session for Maria Keller yet")
    history = window.page.history
    assert history is not None
    tabs.setCurrentWidget(history)
    assert history.offline.isHidden()
