"""A modal, cancellable progress dialog for a job run on the GUI thread: a document rendered,
a database copied, restored or dumped.

None of these takes long enough to earn a worker thread (which would add risk: widgets stay on
the GUI thread), so the job calls back between its steps and the dialog processes events
there: it repaints, and its Cancel button works. A job stops early by raising
`OperationCancelled` (errors.py: printing, copying and dumping each raise their own kind of
it); what it returns once finished stands, Cancel or not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from equitone.errors import OperationCancelled

T = TypeVar("T")
ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]

SHOW_AFTER_MS = 300  # a job done sooner shows no dialog at all


class ProgressDialog:
    """One QProgressDialog: `progress(done, total)` while working; with `then`, the dialog
    turns into a busy indicator saying it once the steps are done (a copy being checked)."""

    def __init__(self, parent: QWidget | None, title: str, label: str, then: str = "") -> None:
        self.dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)
        self._then = then
        self.updates = 0  # how many times the job reported progress (tests, benchmark)

    def progress(self, done: int, total: int) -> None:
        self.updates += 1
        if total > 0 and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, self.dialog.maximum()))
        if total > 0 and done >= total and self._then:
            self.dialog.setLabelText(self._then)
            self.dialog.setRange(0, 0)  # busy: what follows cannot say how far it is
        QCoreApplication.processEvents()

    def cancelled(self) -> bool:
        QCoreApplication.processEvents()
        return self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.close()
        self.dialog.deleteLater()


def run_with_progress(
    parent: QWidget | None, title: str, label: str,
    work: Callable[[ProgressFn, CancelledFn], T], *, then: str = "",
) -> T | None:
    """Run `work(progress, cancelled)` under the dialog: its result, or None when it was
    cancelled. Other exceptions propagate after the dialog has closed."""
    shown = ProgressDialog(parent, title, label, then)
    try:
        return work(shown.progress, shown.cancelled)
    except OperationCancelled:
        return None
    finally:
        shown.close()
