"""The visit as a record on screen: the Overview's timeline opens each part in its tab, the
notes editor autosaves off the typing path with quick phrases and is read-only once signed,
and responses and next-day reports are entered from the keyboard."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListView, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.domain.visit_record import Outcome, VisitNotes
from equitone.services import assessments, responses, sessions, visit_notes
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from equitone.ui.record import autosave

DAY = date.today() - timedelta(days=3)
GM = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)


@pytest.fixture
def maria(db: Database) -> Patient:
    patient = create_patient(db, PatientDraft(name="Maria Keller"))
    earlier = assessments.create_assessment(db, patient.id, day=DAY - timedelta(days=7),
                                            clinician="Dr Ana", tags=[GM])
    visit_notes.save_notes(db, earlier.id, VisitNotes("Hip sore on stairs."))
    assessments.create_assessment(db, patient.id, day=DAY, clinician="Dr Ana", tags=[GM])
    catalog = load_catalog(db)
    for day in (DAY - timedelta(days=7), DAY):
        sessions.create_session(
            db, patient.id,
            [sessions.parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")],
            SessionDetails(day, in_clinic=True), status=SessionStatus.DELIVERED)
    return patient


def _open(window: MainWindow, patient: Patient) -> None:
    window.reload_patients()
    window.open_patient(patient)


def test_the_timeline_lists_visits_newest_first_and_opens_their_tabs(
    window: MainWindow, db: Database, maria: Patient, qtbot: QtBot
) -> None:
    _open(window, maria)
    page = window.page
    timeline = page.overview.timeline
    qtbot.waitUntil(lambda: timeline.model().rowCount() == 2)
    first = timeline.timeline.row(0)
    second = timeline.timeline.row(1)
    assert first is not None and second is not None
    assert first.visit.day == DAY and second.visit.day == DAY - timedelta(days=7)
    assert first.title.endswith("— Dr Ana")
    assert "glute med L underactive 4/10" in first.assessment
    assert first.session.startswith("Session: delivered, in clinic · Clamshell")
    assert second.record == "S: Hip sore on stairs."
    rect = timeline.visualRect(timeline.model().index(0, 0))
    line = timeline.delegate.line_height(_option(timeline))
    qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + 20, rect.top() + 6 + line * 2 + line // 2))
    assert page.tabs.currentWidget() is page.session
    qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + 20, rect.top() + 6 + line + line // 2))
    assert page.tabs.currentWidget() is page.assessment
    timeline.setCurrentIndex(timeline.model().index(1, 0))
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert page.tabs.currentWidget() is page.visit
    assert page.visit is not None and page.visit.visit is not None
    assert page.visit.visit.day == DAY - timedelta(days=7)


def _option(view: QListView) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    return option


def _visit_tab(window: MainWindow, patient: Patient, qtbot: QtBot) -> object:
    _open(window, patient)
    page = window.page
    assert page.visit is not None
    page.tabs.setCurrentWidget(page.visit)
    qtbot.waitUntil(lambda: page.visit is not None and page.visit.visit is not None)
    return page.visit


def test_notes_autosave_with_quick_phrases(
    window: MainWindow, db: Database, maria: Patient, qtbot: QtBot
) -> None:
    visit_notes.save_phrase(db, "gm", "Glute med activation tolerated well.")
    tab = _visit_tab(window, maria, qtbot)
    assert tab.visit.day == DAY  # type: ignore[attr-defined]
    tab.reload()  # type: ignore[attr-defined]
    edit = tab.editor.sections["objective"]  # type: ignore[attr-defined]
    edit.setFocus()
    qtbot.keyClicks(edit, "Clams 2x10. ;gm ")
    assert edit.toPlainText() == "Clams 2x10. Glute med activation tolerated well. "
    aid = tab.visit.assessment.id  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: visit_notes.get_notes(db, aid).objective.startswith("Clams"),
                    timeout=5000)
    qtbot.waitUntil(lambda: tab.status.text() == "Saved")  # type: ignore[attr-defined]


def test_a_keystroke_never_waits_for_the_database(
    window: MainWindow, db: Database, maria: Patient, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A save held up in the worker (a slow server) does not hold up typing; what was typed
    meanwhile is saved next, and nothing is lost."""
    release = threading.Event()
    threads: list[str] = []
    real = autosave.save_notes

    def slow(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        release.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(autosave, "save_notes", slow)
    tab = _visit_tab(window, maria, qtbot)
    tab.autosaver.timer.setInterval(10)  # type: ignore[attr-defined]
    edit = tab.editor.sections["plan"]  # type: ignore[attr-defined]
    qtbot.keyClicks(edit, "Add walks.")
    qtbot.waitUntil(lambda: bool(threads))  # the first save is stuck in the worker
    qtbot.keyClicks(edit, " Review in a week.")  # typing goes on meanwhile
    assert edit.toPlainText() == "Add walks. Review in a week."
    assert threads[0].startswith("equitone-notes")
    release.set()
    aid = tab.visit.assessment.id  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: visit_notes.get_notes(db, aid).plan == "Add walks. Review in a week.",
                    timeout=5000)


def test_signed_notes_are_shown_read_only(
    window: MainWindow, db: Database, maria: Patient, qtbot: QtBot
) -> None:
    latest = assessments.latest_assessment(db, maria.id)
    assert latest is not None
    visit_notes.save_notes(db, latest.id, VisitNotes(plan="Add walks."))
    assessments.sign_assessment(db, latest.id, by="Dr Ana")
    tab = _visit_tab(window, maria, qtbot)
    edit = tab.editor.sections["plan"]  # type: ignore[attr-defined]
    assert edit.isReadOnly() and edit.toPlainText() == "Add walks."
    assert "Signed by Dr Ana" in tab.editor.banner.text()  # type: ignore[attr-defined]


def test_responses_and_next_day_from_the_keyboard(
    window: MainWindow, db: Database, maria: Patient, qtbot: QtBot
) -> None:
    tab = _visit_tab(window, maria, qtbot)
    table = tab.response_table  # type: ignore[attr-defined]
    session = tab.visit.session  # type: ignore[attr-defined]
    row = next(n for n, b in enumerate(session.blocks) if b.exercise == "clamshell")
    table.setFocus()
    for column, typed in ((2, "m"), (3, "3"), (4, "6"), (5, "knee clicked")):
        table.setCurrentCell(row, column)
        _type_cell(qtbot, table, typed)
    stored = responses.responses(db, session.id)[session.blocks[row].id]
    assert (stored.outcome, stored.pain, stored.rpe, stored.note) == (
        Outcome.MODIFIED, 3, 6, "knee clicked")
    # out of range: one line, the stored value stays
    table.setCurrentCell(row, 3)
    _type_cell(qtbot, table, "11")
    assert responses.responses(db, session.id)[session.blocks[row].id].pain == 3
    assert table.item(row, 3).text() == "3"
    # the next-day report on the session before this visit
    reports = tab.next_day_table  # type: ignore[attr-defined]
    assert tab.report_session.day == DAY - timedelta(days=7)  # type: ignore[attr-defined]
    reports.setFocus()
    reports.setCurrentCell(0, 1)
    qtbot.keyClick(reports, Qt.Key.Key_Space)
    reports.setCurrentCell(0, 2)
    _type_cell(qtbot, reports, "6")
    stored_report = responses.next_day_reports(db, tab.report_session.id)  # type: ignore[attr-defined]
    assert [(r.tight, r.sore) for r in stored_report] == [(True, 6)]


def _type_cell(qtbot: QtBot, table: object, text: str) -> None:
    """Type into the current cell as a person does: the first key opens the editor, the rest
    go to it, Enter commits."""
    from PySide6.QtWidgets import QLineEdit, QTableWidget

    assert isinstance(table, QTableWidget)
    qtbot.keyClick(table, text[0])
    editors = [e for e in table.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "the key opened the cell's editor"
    editor = editors[0]
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: table.state() != QTableWidget.State.EditingState)
