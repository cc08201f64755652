"""Lists and the open patient refresh by themselves when another workstation changes data:
the poll (a worker thread that only queries) finds the change marker moved, the window
reloads the list keeping its selection, and the open patient's tabs — except one being typed
in, which follows when the typing stops."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.services import assessments as asvc
from equitone.services import patients as psvc
from equitone.storage.audit import acting_as
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from equitone.ui.sync.poller import ChangePoller
from tests.prompts import ScriptedPrompts

ROOM2 = "anna@room2"
GM, TFL = "gluteus-medius", "tensor-fasciae-latae"
L = Side.LEFT


@pytest.fixture
def other(db_path: Path) -> Iterator[Database]:
    from equitone.services.workspace import open_workspace

    database = open_workspace(db_path)
    yield database
    database.close()


@pytest.fixture
def patient(db: Database) -> Patient:
    p = psvc.create_patient(db, PatientDraft("Maria Keller"))
    asvc.create_assessment(db, p.id, tags=[ToneTag(GM, L, ToneState.UNDERACTIVE, 3)])
    return psvc.get_patient(db, p.id)


def _poll(window: MainWindow) -> None:
    assert window.sync is not None
    window.sync.retry_now()


def _selected_id(window: MainWindow) -> int | None:
    chosen = window.list_panel.selected_patient()
    return chosen.id if chosen is not None else None


def test_patient_list_reloads_and_keeps_the_selection(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
    bridge: ScriptedPrompts,
) -> None:
    psvc.create_patient(db, PatientDraft("Zoë Ångström"))
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    opened = window.page.patient
    with acting_as(ROOM2):
        psvc.create_patient(other, PatientDraft("Anton Abel"))
        psvc.update_patient(other, patient.id, PatientDraft("Maria Keller", phone="0612"),
                            expected_version=patient.row_version)
    _poll(window)
    qtbot.waitUntil(lambda: window.list_panel.model.rowCount() == 3)
    names = [window.list_panel.proxy.index(r, 0).data() for r in range(3)]
    assert names == ["Anton Abel", "Maria Keller", "Zoë Ångström"]
    assert _selected_id(window) == patient.id  # still the same patient, not the new first row
    qtbot.waitUntil(lambda: window.page.header.subtitle.text() == "0612")
    assert window.page.patient is not opened and window.page.patient is not None
    assert window.page.patient.phone == "0612"
    assert bridge.shown == []


def test_open_patients_assessment_follows_other_workstation(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
) -> None:
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    tab = window.page.assessment
    assert tab is not None and tab.current is not None
    a = tab.current
    with acting_as(ROOM2):
        asvc.set_tags(other, a.id, [ToneTag(TFL, L, ToneState.OVERACTIVE, 7)],
                      expected_version=a.row_version)
    _poll(window)
    qtbot.waitUntil(lambda: tab.current is not None and (TFL, L) in tab.current.tag_map())
    assert tab.current is not None
    assert tab.current.id == a.id and tab.current.row_version == a.row_version + 1


def test_a_tab_being_typed_in_is_refreshed_when_the_typing_stops(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
) -> None:
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    page = window.page
    tab = page.assessment
    assert tab is not None and tab.current is not None
    page.tabs.setCurrentWidget(tab)
    tab.side_tabs.setCurrentWidget(tab.findings)
    qtbot.waitExposed(tab)
    editor = tab.toolbar.clinician_edit
    editor.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, "Dr Ana")  # typing, not committed yet
    assert tab.is_editing()
    a = tab.current
    with acting_as(ROOM2):
        asvc.set_tags(other, a.id, [ToneTag(TFL, L, ToneState.OVERACTIVE, 7)],
                      expected_version=a.row_version)
    _poll(window)
    assert window.sync is not None
    # The change arrived and the window tried to refresh at once (in the same slot): the tab
    # being typed in said no, so the window will ask again later.
    qtbot.waitUntil(lambda: window._stale_open)
    assert window._refresh_timer is not None and window._refresh_timer.isActive()
    assert tab.current is not None and (TFL, L) not in tab.current.tag_map()
    assert editor.text() == "Dr Ana"  # what was typed is still there
    tab.map.view.setFocus(Qt.FocusReason.OtherFocusReason)  # typing done (commits the name)
    qtbot.waitUntil(lambda: tab.current is not None and (TFL, L) in tab.current.tag_map(),
                    timeout=4000)
    stored = asvc.get_assessment(db, a.id)
    assert stored.clinician == "Dr Ana" and (TFL, L) in stored.tag_map()


def test_poller_answers_in_the_gui_thread_and_backs_off(
    db: Database, other: Database, patient: Patient, qtbot: QtBot,
) -> None:
    from equitone.services.change_poll import change_marker
    from equitone.services.changes import Entity, Origin

    poller = ChangePoller(db, change_marker(db), interval_ms=60_000, backoff_ms=(10, 20, 40))
    try:
        psvc.create_patient(other, PatientDraft("New"))
        with qtbot.waitSignal(poller.changed, timeout=3000) as got:
            poller.poll_now()
        assert got.args is not None
        change = got.args[0]
        assert change.origin is Origin.ELSEWHERE and change.about(Entity.PATIENT)
        assert poller.timer.isActive() and poller.next_delay_ms == 60_000
        poller.note_unreachable()
        assert [poller.next_delay_ms] == [10]
        poller.failures = 3
        assert poller.next_delay_ms == 40
        poller.failures = 9
        assert poller.next_delay_ms == 40  # capped at the last step
    finally:
        poller.stop()


def test_session_tab_waits_for_an_open_dose_editor(
    window: MainWindow, db: Database, other: Database, patient: Patient, qtbot: QtBot,
) -> None:
    from dataclasses import replace
    from datetime import date

    from equitone.domain.session import SessionDetails
    from equitone.services import sessions as ssvc
    from equitone.services.catalog import load_catalog
    from equitone.ui.designer.dose_editor import DoseEditor

    catalog = load_catalog(db)
    record = ssvc.create_session(db, patient.id, [
        ssvc.parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")],
        SessionDetails(date(2026, 3, 2)))
    window.resize(1400, 860)
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    tab = window.page.session
    assert tab is not None
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    view = tab.timeline
    view.setCurrentIndex(tab.model.index(0, 0))
    tab.edit_dose()
    editor = view.findChild(DoseEditor)
    assert editor is not None and tab.is_editing()
    with acting_as(ROOM2):
        ssvc.save_session(other, record.id, record.placed,
                          details=replace(record.details, frequency_per_week=5),
                          expected_version=record.row_version)
    _poll(window)
    qtbot.waitUntil(lambda: window._stale_open)
    assert tab.record is not None and tab.record.details.frequency_per_week == 3
    assert editor.isVisible()  # not closed under the clinician's hands
    qtbot.keyClick(editor.sets, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.record is not None
                    and tab.record.details.frequency_per_week == 5, timeout=4000)
    assert tab.bar.frequency.value() == 5
