"""A progress dialog for copying a database (backup, restore), run on the GUI thread.

SQLite's backup API copies in steps and calls back between them; the integrity check polls
a handler. Both callbacks process events here, so the dialog repaints and its Cancel button
works without a worker thread (and without touching widgets from another thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from equitone.storage.backup import BackupCancelledError

T = TypeVar("T")
ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]

SHOW_AFTER_MS = 300


class CopyProgress:
    """Owns one QProgressDialog; `progress(done, total)` while copying, then the dialog turns
    into a busy indicator with `after_copy` as its label (e.g. while the copy is checked)."""

    def __init__(self, parent: QWidget | None, title: str, label: str, after_copy: str) -> None:
        self.dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)
        self._after_copy = after_copy
        self.updates = 0  # how many times the copy reported progress (tests, benchmark)

    def progress(self, done: int, total: int) -> None:
        self.updates += 1
        if total > 0 and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, self.dialog.maximum()))
        if total > 0 and done >= total and self._after_copy:
            self.dialog.setLabelText(self._after_copy)
            self.dialog.setRange(0, 0)  # busy: the check cannot say how far it is
        QCoreApplication.processEvents()

    def cancelled(self) -> bool:
        QCoreApplication.processEvents()
        return self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.close()
        self.dialog.deleteLater()


def run_copy(
    parent: QWidget | None,
    title: str,
    label: str,
    work: Callable[[ProgressFn, CancelledFn], T],
    *,
    after_copy: str = "",
) -> T | None:
    """Run `work(progress, cancelled)` under a progress dialog; None if the user cancelled.

    Other exceptions propagate after the dialog has closed.
    """
    shown = CopyProgress(parent, title, label, after_copy)
    try:
        return work(shown.progress, shown.cancelled)
    except BackupCancelledError:
        return None
    finally:
        shown.close()
