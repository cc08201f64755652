"""The poll that notices other workstations' changes and whether the server answers.

Every `interval_ms` (backing off while the server is unreachable) one worker thread asks
services.changes what changed since the last marker. The worker only queries: its answer comes
back to the GUI thread as a queued signal, and only there is anything shown. A query that
cannot reach the server is how the window learns it is offline, and the first that answers
again is how it learns the server is back — without the GUI ever waiting on the network.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from equitone.errors import ServerUnavailableError
from equitone.services.change_poll import Polled, changes_since
from equitone.storage.database import Database

log = logging.getLogger(__name__)

POLL_MS = 2500
BACKOFF_MS: tuple[int, ...] = (1000, 2000, 4000, 8000, 15000, 30000)


@dataclass(frozen=True, slots=True)
class _Answer:
    polled: Polled | None  # None: the server could not be reached
    failure: str = ""  # another error (logged, the poll goes on)


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits through it (a queued connection)."""

    answered = Signal(object)


class ChangePoller(QObject):
    changed = Signal(object)  # services.changes.Change, not empty
    reachable = Signal(bool)  # emitted when the server's reachability changes

    def __init__(
        self,
        db: Database,
        marker: int,
        parent: QObject | None = None,
        *,
        interval_ms: int = POLL_MS,
        backoff_ms: Sequence[int] = BACKOFF_MS,
    ) -> None:
        super().__init__(parent)
        self.db, self.marker = db, marker
        self.marker_at: str | None = None  # when entry `marker` was written (None: unknown)
        self.interval_ms, self.backoff_ms = interval_ms, tuple(backoff_ms)
        self.online = True
        self.failures = 0  # consecutive unreachable answers (the backoff step)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="equitone-poll")
        self._busy = threading.Event()  # a query is under way
        self._idle = threading.Event()  # ... or not (what stop() waits for)
        self._idle.set()
        self._relay = _Relay(self)
        self._relay.answered.connect(self._answered)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.poll_now)

    # -- control ---------------------------------------------------------------------------
    def start(self) -> None:
        self.timer.start(self.interval_ms)

    def stop(self, wait_s: float = 2.0) -> None:
        """Stop polling; give a query under way a moment to finish (it touches no widget)."""
        self.timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._busy.is_set():
            self._idle.wait(wait_s)

    @property
    def next_delay_ms(self) -> int:
        if self.online:
            return self.interval_ms
        return self.backoff_ms[min(self.failures, len(self.backoff_ms)) - 1]

    def poll_now(self) -> None:
        """Ask at once (the timer, a retry button, or a write that found the server gone)."""
        if self._busy.is_set():
            return
        self.timer.stop()
        self._busy.set()
        self._idle.clear()
        try:
            future = self._pool.submit(self._query, self.marker, self.marker_at)
        except RuntimeError:  # stopped
            self._busy.clear()
            self._idle.set()
            return
        future.add_done_callback(self._deliver)

    def note_unreachable(self) -> None:
        """A write or read on the GUI thread found the server gone: back off from now."""
        if self.online:
            self.online = False
            self.failures = 1
            self.reachable.emit(False)
            self.timer.start(self.next_delay_ms)

    # -- worker thread -----------------------------------------------------------------------
    def _query(self, marker: int, marker_at: str | None) -> _Answer:
        try:
            return _Answer(changes_since(self.db, marker, marker_at))
        except ServerUnavailableError:
            return _Answer(None)
        except Exception as exc:  # a worker thread must not die: the GUI thread logs it
            return _Answer(None, type(exc).__name__)

    def _deliver(self, future: Future[_Answer]) -> None:
        try:
            answer = future.result()
        except BaseException:  # cancelled at shutdown
            answer = _Answer(None, "cancelled")
        try:
            self._relay.answered.emit(answer)
        except RuntimeError:  # the window is gone
            pass
        finally:
            self._busy.clear()
            self._idle.set()

    # -- GUI thread --------------------------------------------------------------------------
    def _answered(self, answer: _Answer) -> None:
        if answer.failure:
            # Not the network (a damaged file, a bug): keep polling at the normal pace; the
            # next read or write on the GUI thread reports it properly.
            log.warning("change poll failed: %s", answer.failure)
            if answer.failure != "cancelled":
                self.timer.start(self.interval_ms)
            return
        if answer.polled is None:
            self.failures += 1
            if self.online:
                self.online = False
                self.reachable.emit(False)
        else:
            was_online = self.online
            self.online, self.failures = True, 0
            self.marker, self.marker_at = answer.polled.marker, answer.polled.marker_at
            if answer.polled.rewound:
                log.warning("the database's history was rewritten (restored from a backup?)")
            if not was_online:
                self.reachable.emit(True)
            if not answer.polled.change.empty:
                self.changed.emit(answer.polled.change)
        self.timer.start(self.next_delay_ms)
