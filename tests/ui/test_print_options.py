"""What to print: the options dialogs' defaults and their refusals."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from equitone.domain.session import SessionDetails, SessionRecord, SessionStatus
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

    dialog.since_edit.setDate(QDate(2026, 11, 1))
    assert dialog.summary.text() == "The start date is after the end date."
    assert not dialog.accept_button.isEnabled()

    dialog.since_edit.setDate(QDate(2026, 6, 2))
    dialog.until_edit.setDate(QDate(2026, 6, 30))
    assert dialog.summary.text() == "No assessments in this period: choose a wider one."
    assert not dialog.accept_button.isEnabled()

    dialog.since_edit.setDate(QDate(2026, 5, 1))
    assert dialog.summary.text().startswith("1 assessment (1 Jun 2026)")
    assert dialog.accept_button.isEnabled()
