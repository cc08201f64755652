"""The window's link to a database other programs share: writes wait in an outbox while the
server is unreachable, a poll brings other workstations' changes, and the status bar says
which it is.

- A write goes through `submit()` (commands find this object with write_gate.gate_for(db)). When the
  server cannot be reached it is kept, the status bar turns to "Offline", and the poll backs
  off (1, 2, 4, 8, 15, 30 s). The first poll that reaches the server again writes what waits,
  oldest first, and says so; nothing is dropped without the clinician being told.
- A write that waits is in the journal on disk first (services/journal.py): edits left by a
  run that crashed or was killed are `leftovers`, offered by the window (ui/sync/replay.py)
  once the server answers.
- Before writing what waited, the server is checked for having gone back in time
  (services/time_travel.py); if it has, nothing is written and `went_back` says what differs.
- A change held by a clash is settled by the clinician afterwards ("Put mine on top", "Keep
  theirs"); each decision updates the count and `saved_after_outage` says it again.
- Changes made elsewhere are published on the window's change bus (ui/operations.py) like any
  edit made here; each screen decides what to reload.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from equitone.errors import ServerUnavailableError
from equitone.services import time_travel, write_gate
from equitone.services.changes import Change, Entity, Origin
from equitone.services.journal import Entry, Journal, journal_path
from equitone.services.outbox import Outbox, Outcome, PendingWrite, Tally, recovery_folder
from equitone.storage.database import Database
from equitone.ui.operations import Operations
from equitone.ui.sync.conflict import Resolution, on_decided
from equitone.ui.sync.poller import BACKOFF_MS, POLL_MS, ChangePoller
from equitone.ui.sync.status import ConnectionIndicator

log = logging.getLogger(__name__)


class SyncController(QObject):
    state_changed = Signal()  # online/offline or the number of waiting writes changed
    saved_after_outage = Signal(object)  # a Tally: what writing the waiting writes did
    write_failed = Signal(str, str)  # (what the clinician did, why it could not be saved)
    leftovers_ready = Signal()  # edits of an earlier run wait, and the server answers
    went_back = Signal(object)  # list[time_travel.Difference]: nothing was written

    def __init__(
        self,
        db: Database,
        ops: Operations,
        parent: QObject | None = None,
        *,
        poll_ms: int = POLL_MS,
        backoff_ms: Sequence[int] = BACKOFF_MS,
        journal_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.journal = Journal(journal_path(db.describe(), journal_folder))
        self.leftovers: list[Entry] = self.journal.waiting  # from a run that did not end well
        self.outbox = Outbox(on_error=self._failed_later, journal=self.journal,
                             basis=self._basis)
        self.identity, marker, marker_at = "", 0, None
        try:
            now = time_travel.basis(db)
            self.identity, marker, marker_at = now.identity, now.marker, now.marker_at
        except ServerUnavailableError:
            self.outbox.offline = True
        self.poller = ChangePoller(db, marker, self, interval_ms=poll_ms, backoff_ms=backoff_ms)
        self.poller.marker_at = marker_at
        self.held_back: list[time_travel.Difference] = []  # why what waits is not written
        self.confirmed_older = False  # the clinician saw the differences and said write
        self.ops = ops
        self.poller.changed.connect(self._arrived)
        self.poller.reachable.connect(self._reachable)
        self.indicator = ConnectionIndicator(server=bool(getattr(db, "is_server", False)))
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._show_state)
        write_gate.register(db, self)
        self.settled: Tally | None = None  # the last flush's count, while clashes await
        self._stop_hearing = on_decided(self._decided)
        if self.outbox.offline:
            self.poller.note_unreachable()
        self._show_state()

    # -- WriteGate ---------------------------------------------------------------------------
    @property
    def offline(self) -> bool:
        return self.outbox.offline

    @property
    def waiting(self) -> int:
        return len(self.outbox)

    def submit(self, write: PendingWrite) -> Outcome:
        outcome = self.outbox.submit(write)
        if outcome is Outcome.QUEUED:
            log.info("write kept until the server is back (%d waiting)", len(self.outbox))
            if not self.held_back:  # held by time travel, the server does answer
                self.poller.note_unreachable()
            self._show_state()
        return outcome

    def note_offline(self) -> None:
        """A read found the server gone (the exception hook, a screen's reload)."""
        self.outbox.mark_offline()
        self.poller.note_unreachable()
        self._show_state()

    # -- life cycle --------------------------------------------------------------------------
    def start(self) -> None:
        self.poller.start()
        if self.leftovers and not self.offline:
            self.leftovers_ready.emit()

    def stop(self) -> None:
        self._countdown.stop()
        self.poller.stop()
        self._stop_hearing()
        write_gate.unregister(self.db, self)
        self.journal.close()

    def _basis(self) -> dict[str, Any]:
        """What this workstation last knew of the server (no read: it may be gone)."""
        return {"server": self.identity, "marker": self.poller.marker,
                "marker_at": self.poller.marker_at or ""}

    def _may_write(self) -> bool:
        """Nothing waits, or the server has not gone back in time since it began waiting (or
        the clinician saw how and chose to write anyway). Otherwise `went_back` is emitted."""
        pending = self.outbox.pending
        if not pending or self.confirmed_older:
            return True
        self.held_back = time_travel.differences(self.db, [w.entry() for w in pending])
        if not self.held_back:
            return True
        log.warning("waiting writes held: the database looks older than when they were made")
        self.went_back.emit(self.held_back)
        return False

    def write_anyway(self) -> bool:
        """The clinician saw the differences and chose to write what waits; True when nothing
        waits any more."""
        self.confirmed_older = True
        try:
            return self.flush_now()
        finally:
            self.confirmed_older = False
            self.held_back = []

    def _flush(self) -> Tally | None:
        """Write what waits after the time-travel check; None when held back by it."""
        if not self._may_write():
            return None
        self.held_back = []
        try:
            with self.ops.held():  # the screens redraw once per record, not per write
                self.outbox.flush()
        except ServerUnavailableError:  # a screen's re-read found it gone: the writes stand
            self.note_offline()
        tally = self.outbox.last
        if tally.total:
            self.settled = tally if tally.held_what else None
        if not self.outbox.offline and not self.outbox.pending:
            self._refresh_basis()
        return tally

    def _refresh_basis(self) -> None:
        try:
            now = time_travel.basis(self.db)
        except ServerUnavailableError:
            return
        self.identity = now.identity

    def retry_now(self) -> None:
        self.poller.poll_now()

    def flush_now(self) -> bool:
        """Try the waiting writes at once, on this thread; True when nothing waits any more."""
        try:
            tally = self._flush()
        except ServerUnavailableError:  # the check itself found the server gone
            self.outbox.mark_offline()
            tally = None
        if self.outbox.offline and not self.held_back:
            self.poller.note_unreachable()
        elif tally is not None and tally.total:
            self.saved_after_outage.emit(tally)
        self._show_state()
        return not self.outbox.pending

    def save_recovery(self, folder: Path | None = None) -> Path:
        """Write the waiting changes to a recovery file and stop waiting for them."""
        target = folder if folder is not None else recovery_folder()
        path = self.outbox.save_recovery(target, self.db.describe())
        self.outbox.discard()
        self.held_back = []
        self._show_state()
        return path

    # -- reactions ---------------------------------------------------------------------------
    def _decided(self, what: str, resolution: Resolution) -> None:
        """A clash was settled: if it was one of the last flush's held changes, the count
        says now what became of it."""
        tally = self.settled
        if tally is None or not tally.decided(what, resolution is Resolution.MINE_ON_TOP):
            return
        if not tally.held_what:
            self.settled = None
        self.saved_after_outage.emit(tally)

    def _reachable(self, online: bool) -> None:
        """The server went away, or answers again. Answering again is when held writes are
        checked (and, if the server still looks older, asked about) again: after "Not now"
        the poll goes on at its normal pace without asking, until the server is lost and
        back, or the clinician tries again or closes."""
        if not online:
            self.outbox.mark_offline()
            self.held_back = []  # checked again when it answers
            self._show_state()
            return
        if not self.identity:
            self._refresh_basis()
        try:
            tally = self._flush()
        except ServerUnavailableError:
            self.outbox.mark_offline()
            tally = None
        if self.outbox.offline and not self.held_back:  # lost again while writing
            self.poller.note_unreachable()
        elif tally is not None and tally.total:
            log.info("server back: %s", tally.text())
            self.saved_after_outage.emit(tally)
        self._show_state()
        if self.leftovers and not self.outbox.offline:
            self.leftovers_ready.emit()

    def refresh_screens(self) -> None:
        """After a replay: every screen re-reads what it shows."""
        self._arrived(Change(Origin.ELSEWHERE, frozenset(Entity), everything=True))

    def _arrived(self, change: Change) -> None:
        """Another workstation's change: every screen hears it like one made here."""
        try:
            self.ops.publish(change)
        except ServerUnavailableError:  # a screen's re-read found the server gone again
            self.note_offline()

    def _failed_later(self, write: PendingWrite, error: Exception) -> None:
        """A waiting write was refused when the server came back (not a clash: those the
        command shows itself). Logged without the text (it may name a patient)."""
        log.warning("a waiting write was refused: %s", type(error).__name__)
        self.write_failed.emit(write.label, str(error))

    def _show_state(self) -> None:
        if self.held_back and self.outbox.pending:
            self._countdown.stop()
            self.indicator.show_held(len(self.outbox))
        elif self.offline:
            remaining = self.poller.timer.remainingTime()
            seconds = (remaining + 999) // 1000 if remaining > 0 else None
            self.indicator.show_offline(len(self.outbox), seconds)
            if not self._countdown.isActive():
                self._countdown.start()
        else:
            self._countdown.stop()
            self.indicator.show_online()
        self.state_changed.emit()
