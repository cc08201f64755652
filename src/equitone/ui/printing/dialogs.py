"""Every modal dialog the printing flow opens, behind one replaceable object.

Modal dialogs block a test (``exec`` runs its own event loop), so — as with the message
bridge in :mod:`equitone.ui.messages` — the printing code asks this object instead of
constructing dialogs itself, and tests pass a scripted subclass that answers at once while
the rest of the flow (rendering, progress, preview, QPrinter output) runs for real.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from equitone.domain.session import SessionRecord

from .options import (
    Paper,
    PlanOptions,
    PlanOptionsDialog,
    ReportOptions,
    ReportOptionsDialog,
)

if TYPE_CHECKING:
    from .preview import PrintPreviewDialog


class PrintDialogs:
    """The real dialogs."""

    def plan_options(
        self,
        parent: QWidget | None,
        sessions: Sequence[SessionRecord],
        paper: Paper,
        *,
        export: bool = False,
    ) -> PlanOptions | None:
        dialog = PlanOptionsDialog(
            sessions,
            paper,
            parent,
            title="Export session plan" if export else "Print session plan",
            accept_text="Export…" if export else "Preview…",
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.options()

    def report_options(
        self, parent: QWidget | None, assessment_days: Sequence[date], paper: Paper
    ) -> ReportOptions | None:
        dialog = ReportOptionsDialog(assessment_days, paper, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.options()

    def save_path(self, parent: QWidget | None, title: str, suggested: Path) -> Path | None:
        """Where to save a PDF; ``.pdf`` is added when the name has no suffix."""
        name, _filter = QFileDialog.getSaveFileName(
            parent, title, str(suggested), "PDF documents (*.pdf)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def choose_printer(self, parent: QWidget | None, printer: QPrinter, pages: int) -> bool:
        """The system print dialog (a real printer, or "Print to file"); True to go ahead."""
        dialog = QPrintDialog(printer, parent)
        dialog.setMinMax(1, pages)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_preview(self, preview: PrintPreviewDialog) -> None:
        preview.exec()
