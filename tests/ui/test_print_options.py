"""What to print: the options dialogs' defaults and their refusals."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from equitone.domain.session import SessionDetails, SessionRecord, SessionStatus
from equitone.ui.date_field import DateField
from equitone.ui.printing.options import (
    PlanOptions,
    PlanOptionsDialog,
    ReportOptions,
    ReportOptionsDialog,
    session_label,
)


def _session(sid: int, day: date, status: SessionStatus, version: int = 1) -> SessionRecord:
    return SessionRecord(sid, 1, SessionDetails(day), status, version, None, ())


def test_plan_options_default_to_the_latest_session_patient_copy_and_clinic_paper(
    qtbot: QtBot,
) -> None:
    sessions = [_session(9, date(2026, 11, 25), SessionStatus.PLANNED, 2),
                _session(4, date(2026, 10, 1), SessionStatus.DELIVERED)]
    dialog = PlanOptionsDialog(sessions, "letter")
    qtbot.addWidget(dialog)
    assert dialog.session_box.currentText() == "25 Nov 2026 · planned · 0 blocks · version 2"
    assert dialog.options() == PlanOptions(9, "patient", "letter")
    dialog.session_box.setCurrentIndex(1)
    dialog.clinician_copy.setChecked(True)
    dialog.paper_box.setCurrentIndex(0)
    assert dialog.options() == PlanOptions(4, "clinician", "a4")


def test_session_label_counts_blocks() -> None:
    assert session_label(_session(1, date(2026, 1, 2), SessionStatus.DRAFT)) == (
        "2 Jan 2026 · draft · 0 blocks"
    )


def test_report_options_span_the_assessments_and_refuse_empty_periods(qtbot: QtBot) -> None:
    days = [date(2026, 3, 5), date(2026, 6, 1), date(2026, 10, 31)]
    dialog = ReportOptionsDialog(days, "a4")
    qtbot.addWidget(dialog)
    assert dialog.options() == ReportOptions(date(2026, 3, 5), date(2026, 10, 31), "a4")
    assert dialog.summary.text() == "3 assessments: compares 5 Mar 2026 with 31 Oct 2026."
    assert dialog.accept_button.isEnabled()

    _type(qtbot, dialog.since_edit, "1 Nov 2026")
    assert dialog.summary.text() == "The start date is after the end date."
    assert not dialog.accept_button.isEnabled()

    _type(qtbot, dialog.since_edit, "2.6.2026")
    _type(qtbot, dialog.until_edit, "30 June 2026")
    assert dialog.summary.text() == "No assessments in this period: choose a wider one."
    assert not dialog.accept_button.isEnabled()

    _type(qtbot, dialog.since_edit, "2026-05-01")
    assert dialog.summary.text().startswith("1 assessment (1 Jun 2026)")
    assert dialog.accept_button.isEnabled()
    assert dialog.options() == ReportOptions(date(2026, 5, 1), date(2026, 6, 30), "a4")


def _type(qtbot: QtBot, field: DateField, text: str) -> None:
    """Select what the field shows, type over it, and leave it with Tab."""
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)
    field.line.editingFinished.emit()  # offscreen, Tab may not move focus: leave explicitly


def test_the_report_period_uses_the_typed_date_field_and_refuses_text_that_is_no_date(
    qtbot: QtBot,
) -> None:
    dialog = ReportOptionsDialog([date(2026, 3, 5), date(2026, 6, 1)], "a4")
    qtbot.addWidget(dialog)
    assert isinstance(dialog.since_edit, DateField)
    assert isinstance(dialog.until_edit, DateField)
    assert dialog.since_edit.line.text() == "5 Mar 2026"
    _type(qtbot, dialog.until_edit, "31st of Smarch")
    assert not dialog.accept_button.isEnabled()
    assert dialog.summary.text().startswith("To: ")
    _type(qtbot, dialog.until_edit, "1/6/2026")
    assert dialog.accept_button.isEnabled()
    assert dialog.until_edit.line.text() == "1 Jun 2026"
