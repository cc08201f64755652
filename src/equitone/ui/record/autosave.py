"""Autosave of visit notes, off the typing path.

A keystroke only restarts a short timer (`DELAY_MS`); when typing pauses, the notes are handed
to one worker thread that saves them (services.visit_notes.save_notes, merged with whatever
another workstation stored meanwhile). The worker touches no widget: its answer comes back to
the GUI thread as a queued signal. Saves are made one at a time in the order asked, so a later
text never loses to an earlier one; while one is under way, newer text waits for it and goes
next. A save that fails (the server unreachable) keeps the text dirty and is tried again.
"""

from __future__ import annotations

import contextlib
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from equitone.domain.visit_record import VisitNotes
from equitone.errors import EquitoneError
from equitone.services.visit_notes import SavedNotes, save_notes
from equitone.storage.database import Database

log = logging.getLogger(__name__)

DELAY_MS = 600  # typing pause before a save
RETRY_MS = 5000  # after a failed save


@dataclass(frozen=True, slots=True)
class SaveAnswer:
    assessment_id: int
    sent: VisitNotes
    saved: SavedNotes | None
    error: str = ""


class _Relay(QObject):
    answered = Signal(object)  # SaveAnswer


class NotesAutosaver(QObject):
    """`edited(notes)` on every change; `saved(SaveAnswer)` / `failed(str)` come back."""

    saved = Signal(object)  # SaveAnswer
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, db: Database, parent: QObject | None = None, *,
                 delay_ms: int = DELAY_MS) -> None:
        super().__init__(parent)
        self.db = db
        self.assessment_id: int | None = None
        self.base = VisitNotes()  # what the store held when we last read or saved
        self._pending: VisitNotes | None = None
        self._in_flight = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="equitone-notes")
        self._relay = _Relay(self)
        self._relay.answered.connect(self._answered)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)

    @property
    def dirty(self) -> bool:
        return self._pending is not None or self._in_flight

    def start(self, assessment_id: int | None, stored: VisitNotes) -> None:
        """Follow another visit (what is pending for the previous one goes first)."""
        self.flush()
        self.assessment_id, self.base = assessment_id, stored

    def edited(self, notes: VisitNotes) -> None:
        """Called on each keystroke: only remembers and restarts the timer."""
        if self.assessment_id is None:
            return
        self._pending = notes
        self.timer.start()

    def flush(self) -> None:
        """Hand what is pending to the worker now (never waits for it)."""
        self.timer.stop()
        if self._pending is None or self.assessment_id is None or self._in_flight:
            return
        notes, self._pending = self._pending, None
        self._in_flight = True
        self.busy_changed.emit(True)
        aid, base = self.assessment_id, self.base
        try:
            future = self._pool.submit(self._save, aid, notes, base)
        except RuntimeError:  # shut down
            self._in_flight = False
            return
        future.add_done_callback(self._deliver)

    def stop(self, wait: bool = True) -> None:
        self.flush()
        self._pool.shutdown(wait=wait)

    # -- worker thread -------------------------------------------------------------------------
    def _save(self, assessment_id: int, notes: VisitNotes, base: VisitNotes) -> SaveAnswer:
        try:
            return SaveAnswer(assessment_id, notes, save_notes(self.db, assessment_id, notes,
                                                               base=base))
        except EquitoneError as exc:
            return SaveAnswer(assessment_id, notes, None, str(exc))
        except Exception as exc:  # logged; the text stays in the editor and is retried
            log.exception("saving visit notes failed")
            return SaveAnswer(assessment_id, notes, None, f"{type(exc).__name__}: {exc}")

    def _deliver(self, future: Future[SaveAnswer]) -> None:
        try:
            answer = future.result()
        except BaseException:  # cancelled at shutdown
            return
        with contextlib.suppress(RuntimeError):  # the window is gone
            self._relay.answered.emit(answer)

    # -- GUI thread ----------------------------------------------------------------------------
    def _answered(self, answer: SaveAnswer) -> None:
        self._in_flight = False
        self.busy_changed.emit(False)
        if answer.saved is None:
            if answer.assessment_id == self.assessment_id and self._pending is None:
                self._pending = answer.sent  # keep it: tried again
                self.timer.start(RETRY_MS)
            self.failed.emit(answer.error)
            return
        if answer.assessment_id == self.assessment_id:
            self.base = answer.saved.notes
        self.saved.emit(answer)
        if self._pending is not None:
            self.flush()
