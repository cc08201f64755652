"""Long work on a worker thread, under a progress dialog that keeps the window alive.

Loading the demo clinic takes seconds; run on the GUI thread it froze the window with the
dismissed question still painted. Here the work runs on a plain Python thread and touches no
Qt object: it reports through a relay whose signals are delivered to the GUI thread (queued,
as the relay lives there), and its result or error comes back the same way. The caller waits
in a local event loop, so the window repaints and the dialog's Cancel works meanwhile; the
dialog is window-modal, so nothing else in the window can change the data under the work.
Cancel is a request: the work checks it at its next step and stops by raising
`OperationCancelled` (what it wrote is rolled back by its own transaction).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from equitone.errors import OperationCancelled
from equitone.ui import gui_collector
from equitone.ui.progress import SHOW_AFTER_MS

T = TypeVar("T")
ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class _Relay(QObject):
    """Lives on the GUI thread; the worker only emits its signals."""

    progressed = Signal(int, int)
    finished = Signal(object)  # ("done", result) or ("failed", exception)


class BackgroundJob:
    """One job: `run()` starts the thread, waits (events flowing) and returns its result."""

    def __init__(self, parent: QWidget | None, title: str, label: str,
                 work: Callable[[ProgressFn, CancelledFn], T]) -> None:
        self._work = work
        self._stop = threading.Event()
        self._outcome: tuple[str, object] | None = None
        self.relay = _Relay()
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)  # busy until a step
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.relay.progressed.connect(self._progressed)
        self._loop = QEventLoop()
        self.relay.finished.connect(self._finished)
        self.thread = threading.Thread(target=self._run, name=f"equitone: {title}",
                                       daemon=True)

    def run(self) -> object:
        with gui_collector.held_for_a_worker():
            self.thread.start()
            self._loop.exec()  # the outcome arrives queued, so never before this loop runs
            self.thread.join()
        self.dialog.close()
        self.dialog.deleteLater()
        assert self._outcome is not None
        kind, value = self._outcome
        if kind == "failed":
            raise cast(BaseException, value)
        return value

    def cancel(self) -> None:
        self._stop.set()
        self.dialog.setLabelText("Stopping…")

    # ------------------------------------------------- the worker thread (no Qt objects)
    def _run(self) -> None:
        try:
            result = self._work(self._step, self._stop.is_set)
        except BaseException as exc:  # handed to the GUI thread, raised there
            self.relay.finished.emit(("failed", exc))
            return
        self.relay.finished.emit(("done", result))

    def _step(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise OperationCancelled("Stopped by the user.")
        self.relay.progressed.emit(done, total)

    # ------------------------------------------------------------- the GUI thread
    def _progressed(self, done: int, total: int) -> None:
        if self.dialog.wasCanceled():  # closed or cancelled some way other than the button
            self.cancel()
        if total > 0 and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total))

    def _finished(self, outcome: tuple[str, object]) -> None:
        self._outcome = outcome
        self._loop.quit()


def run_in_background(
    parent: QWidget | None, title: str, label: str,
    work: Callable[[ProgressFn, CancelledFn], T],
) -> T | None:
    """`work(progress, cancelled)` on a worker thread under a progress dialog: its result, or
    None when it was cancelled. Other errors are raised here, on the GUI thread."""
    try:
        return cast(T, BackgroundJob(parent, title, label, work).run())
    except OperationCancelled:
        return None
