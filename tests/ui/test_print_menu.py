"""File → Print…, Export PDF… and Print progress report… driven through the real menu actions:
options → rendering with progress → preview → QPrinter writing a PDF file. Only the modal
dialogs are answered by a scripted prompt bridge (they would block the test)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QWidget

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.services.assessments import create_assessment
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient
from equitone.services.sessions import create_session, parse_exercise_spec
from equitone.services.settings import load_settings, save_settings
from equitone.storage.database import Database
from equitone.ui import prompts
from equitone.ui.main_window import MainWindow
from equitone.ui.printing.options import (
    PlanOptionsDialog,
    ReportOptions,
    ReportOptionsDialog,
)
from equitone.ui.printing.preview import PrintPreviewDialog
from equitone.ui.prompts import Question
from tests.printing import pdftools
from tests.prompts import ScriptedPrompts

T = TypeVar("T")
NAME = "Zoë O'Brien & <Sons> 王小明"
TODAY = date.today()


class Script(ScriptedPrompts):
    """The prompt bridge for printing: the options come from the real options dialogs'
    defaults (so those defaults are what is tested), optionally adjusted by the test; the
    preview opens for real and its Print… button is pressed when `print_to` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.copy: str | None = None
        self.save_to: Path | None = None
        self.cancel_options = False
        self.report_since: date | None = None
        self.previews: list[dict[str, object]] = []
        self.asked_for: list[str] = []
        self.on_show = self._show_preview

    def ask(self, dialog: Question[T]) -> T | None:
        if isinstance(dialog, PlanOptionsDialog):
            export = dialog.windowTitle().startswith("Export")
            self.asked_for.append("export options" if export else "print options")
            if self.copy == "clinician":
                dialog.clinician_copy.setChecked(True)
        elif isinstance(dialog, ReportOptionsDialog):
            self.asked_for.append("report options")
        answer = None if self.cancel_options else dialog.answer()
        if isinstance(answer, ReportOptions) and self.report_since is not None:
            answer = replace(answer, since=self.report_since)
        dialog.deleteLater()
        return answer  # type: ignore[return-value]

    def save_file(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        self.asked_for.append(f"save as {suggested.name}")
        return self.save_to

    def choose_printer(self, parent: QWidget | None, printer: QPrinter, pages: int) -> bool:
        self.asked_for.append(f"printer for {pages} pages")
        return super().choose_printer(parent, printer, pages)

    def _show_preview(self, preview: PrintPreviewDialog) -> None:
        """Open the real preview modally, press its Print… button, then close it."""
        pdf = preview._path
        self.previews.append({
            "title": preview.windowTitle(),
            "pages": preview.page_count,
            "path": pdf,
            "text": re.sub(r"\s+", " ", pdftools.text(pdf)),
            "size": pdftools.info(pdf)["Page size"],
        })

        def press() -> None:
            if self.print_to is not None:
                preview.print_button.click()
            preview.accept()

        QTimer.singleShot(0, press)
        preview.exec()


@pytest.fixture
def patient(db: Database) -> Patient:
    """A patient with two assessments six weeks apart and a planned session."""
    person = create_patient(db, PatientDraft(name=NAME))
    first, last = TODAY - timedelta(days=42), TODAY - timedelta(days=1)
    for day, score in ((first, 6), (last, 3)):
        create_assessment(db, person.id, day=day, clinician="Dr Weber", tags=[
            ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, tightness=score),
            ToneTag("tensor-fasciae-latae", Side.LEFT, ToneState.OVERACTIVE, tightness=score + 2),
        ])
    catalog = load_catalog(db)
    blocks = [parse_exercise_spec(catalog, spec) for spec in
              ("clamshell:gluteus-medius:left", "lateral-band-walk:gluteus-medius:both")]
    create_session(db, person.id, blocks, SessionDetails(TODAY), status=SessionStatus.PLANNED)
    return person


@pytest.fixture
def bridge(monkeypatch: pytest.MonkeyPatch) -> Script:
    """This module's prompt bridge (the window fixture asks for it)."""
    script = Script()
    monkeypatch.setattr(prompts, "bridge", script)
    return script


def _open(window: MainWindow, patient: Patient) -> Script:
    window.reload_patients()
    window.list_panel.select_patient(patient.id)
    assert window.current_patient() is not None
    assert isinstance(prompts.bridge, Script)
    return prompts.bridge


def test_actions_are_in_the_file_menu_and_need_an_open_patient(
    window: MainWindow, patient: Patient
) -> None:
    printing = window.printing
    texts = [a.text() for a in window.file_menu.actions()]
    for action in (printing.act_print, printing.act_export, printing.act_report):
        assert action.text() in texts
        assert not action.isEnabled()
    assert printing.act_print.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert printing.act_export.shortcut().toString() == "Ctrl+Shift+E"
    _open(window, patient)
    assert all(a.isEnabled() for a in (printing.act_print, printing.act_export,
                                       printing.act_report))


def test_print_previews_then_prints_to_a_pdf_file(
    window: MainWindow, db: Database, patient: Patient, tmp_path: Path
) -> None:
    save_settings(db, replace(load_settings(db), paper_size="letter"))
    script = _open(window, patient)
    script.print_to = tmp_path / "printed.pdf"

    window.printing.act_print.trigger()

    (preview,) = script.previews
    assert preview["title"] == f"Print preview — {NAME}"
    assert NAME in str(preview["text"]) and "Your exercise plan" in str(preview["text"])
    assert "Clamshell" in str(preview["text"]) and "Lateral band walk" in str(preview["text"])
    assert str(preview["size"]).endswith("(letter)")  # paper from the clinic's settings
    pages = int(str(preview["pages"]))
    assert script.asked_for == ["print options", f"printer for {pages} pages"]
    assert pdftools.pages(script.print_to) == pages
    assert str(pdftools.info(script.print_to)["Page size"]).endswith("(letter)")
    assert not Path(str(preview["path"])).exists()  # the preview's temporary PDF is gone
    assert window.statusBar().currentMessage() == (
        f"Sent {pages} page{'s' if pages != 1 else ''} to print."
    )


def test_export_writes_the_chosen_copy(
    window: MainWindow, patient: Patient, tmp_path: Path
) -> None:
    script = _open(window, patient)
    script.copy = "clinician"
    script.save_to = tmp_path / "handout.pdf"

    window.printing.act_export.trigger()

    assert script.asked_for[0] == "export options"
    assert script.asked_for[1].startswith(f"save as {TODAY.isoformat()} ")
    assert script.asked_for[1].endswith(" clinician copy.pdf")
    text = re.sub(r"\s+", " ", pdftools.text(script.save_to))
    assert "Session plan — clinician copy" in text and NAME in text
    assert "Latest assessment" in text and "Sequencing rules applied" in text
    pdftools.assert_sound(script.save_to)
    assert window.statusBar().currentMessage() == f"Saved {script.save_to}"
    assert window.settings.value("printing/export_folder") == str(tmp_path)


def test_progress_report_preview(window: MainWindow, patient: Patient) -> None:
    script = _open(window, patient)
    window.printing.act_report.trigger()
    (preview,) = script.previews
    text = str(preview["text"])
    assert preview["title"] == f"Progress report — {NAME}"
    assert "Progress report" in text and NAME in text
    assert "Gluteus medius" in text and "−3, looser" in text
    assert str(preview["size"]).endswith("(A4)")


def test_export_to_a_missing_folder_is_one_message(
    window: MainWindow, patient: Patient, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    script = _open(window, patient)
    script.save_to = tmp_path / "gone" / "plan.pdf"
    window.printing.act_export.trigger()
    assert bridge.shown == [
        ("error", "Export PDF", f"The folder {script.save_to.parent} does not exist.")
    ]
    assert not script.save_to.parent.exists()


def test_export_onto_a_folder_is_one_message(
    window: MainWindow, patient: Patient, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    script = _open(window, patient)
    script.save_to = tmp_path / "taken.pdf"
    script.save_to.mkdir()
    window.printing.act_export.trigger()
    assert bridge.shown == [
        ("error", "Export PDF",
         f"{script.save_to} is a folder; give a file name ending in .pdf.")
    ]


def test_printing_to_an_unwritable_file_is_one_message(
    window: MainWindow, patient: Patient, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    script = _open(window, patient)
    script.print_to = tmp_path / "missing" / "out.pdf"
    window.printing.act_print.trigger()
    assert len(script.previews) == 1
    assert bridge.shown == [("error", "Print", (
        f"Cannot print to {script.print_to}: the folder {script.print_to.parent} does not exist."
    ))]


def test_cancelling_the_progress_writes_nothing(
    window: MainWindow, patient: Patient, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    script = _open(window, patient)
    script.save_to = tmp_path / "plan.pdf"

    def press_cancel() -> None:  # what the user's click on Cancel does
        dialogs = window.findChildren(QProgressDialog)
        if not dialogs:
            QTimer.singleShot(1, press_cancel)
            return
        dialogs[-1].cancel()

    QTimer.singleShot(0, press_cancel)
    window.printing.act_export.trigger()
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*.part")) == []
    assert bridge.shown == []
    assert window.statusBar().currentMessage() == "Export PDF: cancelled, nothing was written."


def test_cancelled_options_do_nothing(window: MainWindow, patient: Patient) -> None:
    script = _open(window, patient)
    script.cancel_options = True
    window.printing.act_print.trigger()
    window.printing.act_export.trigger()
    assert script.asked_for == ["print options", "export options"]
    assert script.previews == []


def test_patient_without_sessions_or_assessments(
    window: MainWindow, db: Database, bridge: ScriptedPrompts
) -> None:
    empty = create_patient(db, PatientDraft(name="New Patient"))
    script = _open(window, empty)
    window.printing.act_print.trigger()
    window.printing.act_report.trigger()
    assert bridge.shown == [
        ("info", "Session plan", "New Patient has no session plans yet: design one first."),
        ("info", "Progress report",
         "New Patient has no assessments yet: a progress report compares them."),
    ]
    assert script.asked_for == []


def test_report_period_without_assessments_is_one_message(
    window: MainWindow, patient: Patient, bridge: ScriptedPrompts
) -> None:
    script = _open(window, patient)
    script.report_since = TODAY + timedelta(days=30)  # after the period's end
    window.printing.act_report.trigger()
    assert bridge.shown == [("error", "Progress report",
                             "The start date is after the end date.")]
    assert script.previews == []
