"""The workstation fits a 1280 x 720 screen (no tab asks for more height) and a 1280 x 800
one: no tab of the patient page asks for so much width
that the patient list beside it is squeezed (it once shrank to 200 px and scrolled its names
out of sight when a session card was selected)."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.services.assessments import create_assessment
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient
from equitone.services.sessions import create_session, parse_exercise_spec, set_status
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow

SCREEN_WIDTH = 1280


def test_every_tab_leaves_the_patient_list_its_room(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    name = "Fatima Zahra El Idrissi-Ångström & <Sons>"
    patient = create_patient(db, PatientDraft(name=name))
    create_assessment(db, patient.id, day=date(2026, 3, 2), clinician="Dr Ana Silva-Berg", tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)])
    catalog = load_catalog(db)
    create_session(db, patient.id, [parse_exercise_spec(catalog, "lateral-band-walk")],
                   SessionDetails(date(2026, 3, 3)))
    window.resize(SCREEN_WIDTH, 800)
    window.reload_patients()
    window.open_patient(patient)
    page = window.page
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        qtbot.wait(10)
    assert page.session is not None
    page.tabs.setCurrentWidget(page.session)
    timeline = page.session.timeline
    timeline.setCurrentIndex(timeline.model().index(0, 0))  # a card's buttons are shown
    qtbot.wait(10)
    panel = window.list_panel
    assert window.minimumSizeHint().width() <= SCREEN_WIDTH
    assert page.minimumSizeHint().width() + panel.minimumWidth() + 40 <= SCREEN_WIDTH
    assert panel.width() >= panel.minimumWidth() >= 250
    assert window.list_panel.table.horizontalScrollBar().value() == 0


def test_no_tab_makes_the_window_taller_than_a_1280_by_720_screen(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    """The Visit tab with notes, the in-clinic responses and the next-day report once forced
    the window to 877 px: its column scrolls instead."""
    patient = create_patient(db, PatientDraft(name="Maria Keller"))
    day = date(2026, 3, 2)
    create_assessment(db, patient.id, day=day, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)])
    catalog = load_catalog(db)
    session = create_session(db, patient.id,
                             [parse_exercise_spec(catalog, "lateral-band-walk")],
                             SessionDetails(day, in_clinic=True))
    set_status(db, session.id, SessionStatus.DELIVERED, acknowledge_warnings=True)
    window.resize(SCREEN_WIDTH, 720)
    window.reload_patients()
    window.open_patient(patient)
    page = window.page
    assert page.visit is not None
    page.tabs.setCurrentWidget(page.visit)
    visit = page.visit
    qtbot.waitUntil(lambda: visit.response_box.isVisible() and visit.next_day_box.isVisible())
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        assert window.minimumSizeHint().height() <= 720, page.tabs.tabText(index)
    assert window.height() == 720
