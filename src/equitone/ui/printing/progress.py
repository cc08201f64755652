"""A cancellable progress dialog for short jobs that run on the GUI thread.

Documents render in well under two seconds, so a worker thread would only add risk (GUI
objects must stay on the GUI thread); instead the job calls back between its steps and the
dialog processes events there, which keeps the Cancel button live.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from equitone.printing.errors import PrintCancelled

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]
Work = Callable[[ProgressFn, CancelledFn], None]

SHOW_AFTER_MS = 400


def run_with_progress(parent: QWidget | None, title: str, work: Work) -> bool:
    """Run ``work(progress, cancelled)``; True when it completed, False when cancelled.

    ``work`` may raise :class:`PrintCancelled` or simply return once ``cancelled()`` is true.
    Any other exception propagates to the caller after the dialog is closed.
    """
    dialog = QProgressDialog(title, "Cancel", 0, 100, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    seen_cancel = False

    def progress(done: int, total: int) -> None:
        if total > 0 and dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setValue(min(done, dialog.maximum()))
        QCoreApplication.processEvents()

    def cancelled() -> bool:
        nonlocal seen_cancel
        QCoreApplication.processEvents()
        seen_cancel = seen_cancel or dialog.wasCanceled()
        return seen_cancel

    try:
        work(progress, cancelled)
    except PrintCancelled:
        return False
    finally:
        dialog.reset()
        dialog.close()
        dialog.deleteLater()
    return not seen_cancel
