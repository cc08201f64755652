"""The daily backup, taken in the background after the window is ready.

The copy runs in a plain Python thread with its own sqlite3 connection (SQLite releases the
GIL while it copies pages) and touches no widget: it only emits `finished` with the file
written, which Qt delivers on the GUI thread. The window keeps working meanwhile; WAL lets it
write while the copy reads one snapshot.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal


class DailyBackup(QObject):
    finished = Signal(object)  # Path of the backup written, or None
    damaged = Signal(str)  # the copy failed its check: the database is damaged (message)

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Start the copy if today has no daily backup yet (a directory listing decides)."""
        from equitone.services.backups import daily_backup_due

        if self.running or not daily_backup_due(self.database):
            return False
        # Not a daemon: quitting waits for the copy to finish rather than leave a temp file.
        self._thread = threading.Thread(target=self._run, name="daily-backup")
        self._thread.start()
        return True

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the copy is done (before a restore replaces the file, and at exit)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        from equitone.services.backups import ensure_daily_backup

        problems: list[str] = []
        written = ensure_daily_backup(self.database, warn=problems.append)
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            for problem in problems:
                self.damaged.emit(problem)
            self.finished.emit(written)
