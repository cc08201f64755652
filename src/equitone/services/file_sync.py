"""fsync soon, not now: one worker thread makes a file's appended lines durable through a
power cut shortly after they were written, so the writer does not wait for the disk.

Requests made while an fsync runs are folded into the next one (an fsync of a descriptor
covers every write made before it). The thread ends when idle for a while and starts again
on the next request. `wait()` returns once everything requested so far is on disk.
"""

from __future__ import annotations

import logging
import os
import threading

log = logging.getLogger(__name__)

IDLE_S = 5.0


class Syncer:
    def __init__(self) -> None:
        self._state = threading.Condition()
        self._pending: int | None = None  # a duplicate of the descriptor to fsync next
        self._busy = False
        self._thread: threading.Thread | None = None

    def request(self, descriptor: int) -> None:
        with self._state:
            if self._pending is None:
                self._pending = os.dup(descriptor)  # outlives a close() of the original
            self._state.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="equitone-fsync",
                                                daemon=True)
                self._thread.start()

    def wait(self) -> None:
        with self._state:
            while self._pending is not None or self._busy:
                self._state.wait()

    def _run(self) -> None:
        while True:
            with self._state:
                if self._pending is None and not self._state.wait_for(
                        lambda: self._pending is not None, IDLE_S):
                    self._thread = None
                    return
                descriptor, self._pending = self._pending, None
                assert descriptor is not None
                self._busy = True
            try:
                os.fsync(descriptor)
            except OSError as exc:  # the lines are written; only power-cut safety is lost
                log.error("the waiting-edits journal could not be synced to disk: %s", exc)
            finally:
                os.close(descriptor)
                with self._state:
                    self._busy = False
                    self._state.notify_all()
