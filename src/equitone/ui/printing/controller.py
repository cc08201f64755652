"""File → Print…, Export PDF… and Print progress report… for the open patient.

The main window owns one :class:`PrintController` and gives it a `Shell` (ui/shell.py): the
open database and patient, the status bar, the app's settings. It adds the three actions to
the File menu, enables them only while a patient is open and runs each flow:

- Print… (Ctrl+P): choose session/copy/paper → render with progress → preview → Print… in
  the preview opens the system print dialog (a printer, or "Print to file").
- Export PDF… (Ctrl+Shift+E): choose session/copy/paper → choose a file → render into it.
- Print progress report…: choose the period → render with progress → preview.

Documents are written by :mod:`equitone.services.printing`; a preview's PDF lives in a private
temporary folder that is removed when the preview closes. Every failure (no session yet, an
unwritable folder, a period without assessments) is one message; cancelling writes nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from equitone.errors import EquitoneError
from equitone.ui import prompts
from equitone.ui.shortcuts import set_shortcut

if TYPE_CHECKING:
    from equitone.domain.patients import Patient
    from equitone.services.pictures import Pictures
    from equitone.storage.database import Database
    from equitone.ui.progress import CancelledFn, ProgressFn
    from equitone.ui.shell import Shell

    from .options import Paper, PlanOptions

Work = Callable[["ProgressFn", "CancelledFn"], object]
FOLDER_KEY = "printing/export_folder"


class PrintController(QObject):
    """Built with the main window, so it imports nothing heavy until an action runs (the
    window's start-up is timed): dialogs, reportlab and the services load on first use."""

    def __init__(self, shell: Shell, menu: QMenu) -> None:
        super().__init__(shell.window())
        self.shell = shell
        self.window = shell.window()  # the parent of its actions and dialogs
        self.act_print = self._action("&Print…", QKeySequence.StandardKey.Print, self.print_plan)
        self.act_export = self._action("&Export PDF…", "Ctrl+Shift+E", self.export_plan)
        self.act_report = self._action("Print progress &report…", None, self.print_report)
        menu.addAction(self.act_print)
        menu.addAction(self.act_export)
        menu.addAction(self.act_report)
        self.set_patient(None)

    def _action(
        self, text: str, shortcut: QKeySequence.StandardKey | str | None, slot: Callable[[], None]
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            set_shortcut(action, shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def pictures(self) -> Pictures:
        """The painter the printing services draw their pictures with (made on first use)."""
        from equitone.bodymap.pictures import QtPictures

        return QtPictures()

    def set_patient(self, patient: Patient | None) -> None:
        """Printing works on the open patient: without one the actions are disabled."""
        for action in (self.act_print, self.act_export, self.act_report):
            action.setEnabled(patient is not None)

    # -- context ------------------------------------------------------------------------
    def _context(self) -> tuple[Database, Patient] | None:
        db, patient = self.shell.db, self.shell.current_patient()
        if db is None or patient is None:
            return None
        return db, patient

    def _paper(self, db: Database) -> Paper:
        from equitone.services.settings import load_settings

        return "letter" if load_settings(db).paper_size == "letter" else "a4"

    def _status(self, text: str) -> None:
        self.shell.say(text, 6000)

    def _export_folder(self) -> Path:
        """The folder of the last export (kept in the app's settings), else home."""
        stored = self.shell.settings.value(FOLDER_KEY)
        folder = Path(str(stored)) if stored else Path.home()
        return folder if folder.is_dir() else Path.home()

    def _remember_folder(self, path: Path) -> None:
        self.shell.settings.setValue(FOLDER_KEY, str(path.parent))

    def _run(self, title: str, label: str, work: Work) -> bool:
        """Run with a cancellable progress dialog; errors become one message. True = done."""
        from equitone.ui.progress import run_with_progress

        def job(progress: ProgressFn, cancelled: CancelledFn) -> bool:
            work(progress, cancelled)
            return True

        try:
            done = run_with_progress(self.window, label, label, job) is not None
        except EquitoneError as error:
            prompts.bridge.error(self.window, title, str(error))
            return False
        except OSError as error:
            reason = (error.strerror or str(error)).rstrip(".")
            prompts.bridge.error(self.window, title, f"{title} failed: {reason}.")
            return False
        if not done:
            self._status(f"{title}: cancelled, nothing was written.")
        return done

    def _preview(self, pdf: Path, title: str, export_name: str) -> None:
        from .preview import PrintPreviewDialog

        preview = PrintPreviewDialog(
            pdf, self.window, title=title, export_name=export_name,
            export_folder=self._export_folder(),
        )
        preview.printed.connect(
            lambda pages: self._status(f"Sent {pages} page{'s' if pages != 1 else ''} to print.")
        )
        preview.exported.connect(self._exported)
        try:
            prompts.bridge.show(preview)
        finally:
            preview.deleteLater()

    def _exported(self, path: Path) -> None:
        self._remember_folder(path)
        self._status(f"Saved {path}")

    # -- session plan --------------------------------------------------------------------
    def _plan_options(self, export: bool) -> tuple[Database, Patient, PlanOptions] | None:
        from equitone.services.sessions import list_sessions

        context = self._context()
        if context is None:
            return None
        db, patient = context
        sessions = list_sessions(db, patient.id)
        if not sessions:
            prompts.bridge.info(
                self.window, "Session plan",
                f"{patient.name} has no session plans yet: design one first.",
            )
            return None
        from .options import PlanOptionsDialog

        options = prompts.bridge.ask(PlanOptionsDialog(
            sessions, self._paper(db), self.window,
            title="Export session plan" if export else "Print session plan",
            accept_text="Export…" if export else "Preview…",
        ))
        if options is None:
            return None
        return db, patient, options

    def print_plan(self) -> None:
        from equitone.services.printing import plan_file_name, print_session
        from equitone.services.sessions import get_session

        chosen = self._plan_options(export=False)
        if chosen is None:
            return
        db, patient, options = chosen
        record = get_session(db, options.session_id, with_warnings=False)
        name = plan_file_name(record, patient.name, options.copy)
        with tempfile.TemporaryDirectory(prefix="equitone-print-") as folder:
            pdf = Path(folder) / name
            if not self._run("Print", "Preparing the session plan…", lambda p, c: print_session(
                db, options.session_id, pdf, copy=options.copy, paper=options.paper,
                progress=p, cancelled=c, pictures=self.pictures,
            )):
                return
            self._preview(pdf, f"Print preview — {patient.name}", name)

    def export_plan(self) -> None:
        from equitone.services.printing import plan_file_name, print_session
        from equitone.services.sessions import get_session

        chosen = self._plan_options(export=True)
        if chosen is None:
            return
        db, patient, options = chosen
        record = get_session(db, options.session_id, with_warnings=False)
        suggested = self._export_folder() / plan_file_name(record, patient.name, options.copy)
        target = prompts.bridge.save_file(self.window, "Export PDF", suggested,
                                          prompts.PDF_FILES)
        if target is None:
            return
        target = prompts.pdf_named(target)
        if self._run("Export PDF", "Writing the PDF…", lambda p, c: print_session(
            db, options.session_id, target, copy=options.copy, paper=options.paper,
            progress=p, cancelled=c, pictures=self.pictures,
        )):
            self._exported(target)

    # -- progress report -----------------------------------------------------------------
    def print_report(self) -> None:
        from equitone.services.assessments import history
        from equitone.services.printing import print_report, report_file_name

        context = self._context()
        if context is None:
            return
        db, patient = context
        days = [assessment.day for assessment in history(db, patient.id)]
        if not days:
            prompts.bridge.info(
                self.window, "Progress report",
                f"{patient.name} has no assessments yet: a progress report compares them.",
            )
            return
        from .options import ReportOptionsDialog

        options = prompts.bridge.ask(ReportOptionsDialog(days, self._paper(db), self.window))
        if options is None:
            return
        name = report_file_name(patient.name, options.until)
        with tempfile.TemporaryDirectory(prefix="equitone-print-") as folder:
            pdf = Path(folder) / name
            if not self._run("Progress report", "Preparing the progress report…",
                             lambda p, c: print_report(
                                 db, patient.id, pdf, since=options.since, until=options.until,
                                 paper=options.paper, progress=p, cancelled=c,
                                 pictures=self.pictures)):
                return
            self._preview(pdf, f"Progress report — {patient.name}", name)
