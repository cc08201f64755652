"""The window's link to a database other programs share: writes wait in an outbox while the
server is unreachable, a poll brings other workstations' changes, and the status bar says
which it is.

- A write goes through `submit()` (commands find this object with write_gate.gate_for(db)). When the
  server cannot be reached it is kept, the status bar turns to "Offline", and the poll backs
  off (1, 2, 4, 8, 15, 30 s). The first poll that reaches the server again writes what waits,
  oldest first, and says so; nothing is dropped without the clinician being told.
- Changes made elsewhere are published on the window's change bus (ui/operations.py) like any
  edit made here; each screen decides what to reload.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from equitone import paths
from equitone.errors import ServerUnavailableError
from equitone.services import write_gate
from equitone.services.change_poll import change_marker
from equitone.services.changes import Change
from equitone.services.outbox import Outbox, Outcome, PendingWrite
from equitone.storage.database import Database
from equitone.ui.operations import Operations
from equitone.ui.sync.poller import BACKOFF_MS, POLL_MS, ChangePoller
from equitone.ui.sync.status import ConnectionIndicator

log = logging.getLogger(__name__)


class SyncController(QObject):
    state_changed = Signal()  # online/offline or the number of waiting writes changed
    saved_after_outage = Signal(int)  # how many waiting writes were just written
    write_failed = Signal(str, str)  # (what the clinician did, why it could not be saved)

    def __init__(
        self,
        db: Database,
        ops: Operations,
        parent: QObject | None = None,
        *,
        poll_ms: int = POLL_MS,
        backoff_ms: Sequence[int] = BACKOFF_MS,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.outbox = Outbox(on_error=self._failed_later)
        try:
            marker = change_marker(db)
        except ServerUnavailableError:
            marker, self.outbox.offline = 0, True
        self.poller = ChangePoller(db, marker, self, interval_ms=poll_ms, backoff_ms=backoff_ms)
        self.ops = ops
        self.poller.changed.connect(self._arrived)
        self.poller.reachable.connect(self._reachable)
        self.indicator = ConnectionIndicator(server=bool(getattr(db, "is_server", False)))
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._show_state)
        write_gate.register(db, self)
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

    def stop(self) -> None:
        self._countdown.stop()
        self.poller.stop()
        write_gate.unregister(self.db, self)

    def retry_now(self) -> None:
        self.poller.poll_now()

    def flush_now(self) -> bool:
        """Try the waiting writes at once, on this thread; True when nothing waits any more."""
        written = self.outbox.flush()
        if self.outbox.offline:
            self.poller.note_unreachable()
        elif written:
            self.saved_after_outage.emit(written)
        self._show_state()
        return not self.outbox.pending

    def save_recovery(self, folder: Path | None = None) -> Path:
        """Write the waiting changes to a recovery file and stop waiting for them."""
        target = folder if folder is not None else paths.data_dir() / "recovery"
        path = self.outbox.save_recovery(target, self.db.describe())
        self.outbox.discard()
        self._show_state()
        return path

    # -- reactions ---------------------------------------------------------------------------
    def _reachable(self, online: bool) -> None:
        if not online:
            self.outbox.mark_offline()
            self._show_state()
            return
        waiting = len(self.outbox)
        written = self.outbox.flush()
        if self.outbox.offline:  # lost again while writing
            self.poller.note_unreachable()
        elif waiting:
            log.info("server back: %d waiting write(s) saved", written)
            self.saved_after_outage.emit(written)
        self._show_state()

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
        if self.offline:
            remaining = self.poller.timer.remainingTime()
            seconds = (remaining + 999) // 1000 if remaining > 0 else None
            self.indicator.show_offline(len(self.outbox), seconds)
            if not self._countdown.isActive():
                self._countdown.start()
        else:
            self._countdown.stop()
            self.indicator.show_online()
        self.state_changed.emit()
