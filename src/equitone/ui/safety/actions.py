"""File → Back up now… and File → Restore…, and putting a restored database into the window.

The main window owns one `SafetyActions` (built with the window, so it imports no
SQLAlchemy: start-up is timed). Every flow reports failures as one message and leaves the
stored data as it was; cancelling writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from equitone.errors import EquitoneError
from equitone.ui import messages

if TYPE_CHECKING:
    from equitone.storage.database import Database
    from equitone.storage.location import DatabaseLocation
    from equitone.ui.main_window import MainWindow
    from equitone.ui.safety.daily import DailyBackup
    from equitone.ui.safety.instance_server import InstanceServer


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


class SafetyActions:
    """A plain object owned by the window (a QObject subclass costs milliseconds to create
    at import, and start-up is timed): the actions are the window's children."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self.window = window
        # Set by the start-up when the database could not be opened: Restore… still works.
        self.database_path: Path | None = None
        self.daily: DailyBackup | None = None
        self.instance_server: InstanceServer | None = None  # one window per database
        self.act_backup = self._action("&Back up now…", self.back_up_now)
        self.act_restore = self._action("&Restore from backup…", self.restore_from_file)
        menu.addAction(self.act_backup)
        menu.addAction(self.act_restore)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def path(self) -> Path | None:
        db = self.window.db
        if db is not None and db.path is not None:
            return db.path
        return self.database_path

    # -- daily backup -------------------------------------------------------------------
    def start_daily_backup(self) -> bool:
        """Called once the database is open; the copy runs in the background."""
        from equitone.ui.safety.daily import DailyBackup

        if self.path is None or (self.daily is not None and self.daily.running):
            return False
        self.daily = DailyBackup(self.path, self.window)
        self.daily.finished.connect(self._daily_done)
        self.daily.damaged.connect(self._daily_found_damage)
        return self.daily.start()

    def _daily_done(self, written: object) -> None:
        if isinstance(written, Path):
            self.window.statusBar().showMessage(f"Daily backup saved: {written.name}", 5000)

    def _daily_found_damage(self, text: str) -> None:
        self.window.statusBar().showMessage("The database is damaged: see the message.")
        messages.bridge.error(self.window, "The database is damaged", text)

    def wait_for_daily_backup(self) -> None:
        if self.daily is not None:
            self.daily.wait()

    # -- back up now ----------------------------------------------------------------------
    def back_up_now(self) -> Path | None:
        from equitone.services.backups import backup_now, suggested_backup
        from equitone.ui.safety.progress import run_copy

        file = self.path
        database: Path | DatabaseLocation
        if self.window.db is not None and self.window.db.is_server:
            database = self.window.db.location  # a clinic server: a pg_dump archive
        elif file is None or not file.is_file():
            messages.bridge.error(self.window, "Back up", "No database is open to back up.")
            return None
        else:
            database = file
        suggested = suggested_backup(database)
        from equitone.ui.safety import prompts as prompting

        target = prompting.prompts.save_file(self.window, "Back up the database", suggested)
        if target is None:
            return None
        try:
            written = run_copy(
                self.window, "Back up", f"Copying the database to {target.name}…",
                lambda progress, cancelled: backup_now(
                    database, target, progress=progress, cancelled=cancelled
                ),
            )
        except EquitoneError as exc:
            messages.bridge.error(self.window, "Backup failed", str(exc))
            return None
        if written is None:
            self.window.statusBar().showMessage("Backup cancelled; nothing was written.", 5000)
            return None
        self.window.statusBar().showMessage(f"Backup saved: {written}", 8000)
        messages.bridge.info(
            self.window, "Backup saved",
            f"The database was copied to\n{written}\n({_size(written)}).",
        )
        return written

    # -- restore --------------------------------------------------------------------------
    def restore_from_file(self) -> bool:
        from equitone.services.backups import backup_folder, restore_refusal, verify_candidate
        from equitone.ui.safety import prompts as prompting

        if self.window.db is not None and (refusal := restore_refusal(self.window.db.location)):
            messages.bridge.error(self.window, "Restore", refusal)
            return False
        database = self.path
        if database is None:
            messages.bridge.error(self.window, "Restore", "No database is chosen.")
            return False
        chosen = prompting.prompts.open_file(
            self.window, "Restore from a backup", backup_folder(database)
        )
        if chosen is None:
            return False
        try:
            found = verify_candidate(chosen)
        except EquitoneError as exc:
            messages.bridge.error(
                self.window, "Cannot restore", f"{exc}\n\nNothing was changed."
            )
            return False
        if not messages.bridge.confirm(
            self.window,
            "Restore from backup",
            f"Replace the current database with the backup\n{chosen}\n"
            f"({found.patients} patients)?\n\nThe current database is kept in "
            f"{backup_folder(database)} first, so this can be undone by restoring it.",
        ):
            return False
        return self.restore(chosen)

    def restore(self, candidate: Path, *, current_damaged: bool = False) -> bool:
        """Verify, switch and reopen in the window; True when the restored data is shown."""
        from equitone.services.backups import restore
        from equitone.ui.safety.progress import run_copy

        database = self.path
        if database is None:
            return False
        self.wait_for_daily_backup()
        if self.window.db is not None:
            self.window.db.close()  # reconnects by itself if the restore is refused
        try:
            done = run_copy(
                self.window, "Restore", f"Copying {candidate.name}…",
                lambda progress, cancelled: restore(
                    database, candidate, progress=progress, cancelled=cancelled,
                    current_damaged=current_damaged,
                ),
                after_copy="Checking the copy…",
            )
        except EquitoneError as exc:
            messages.bridge.error(self.window, "Cannot restore", str(exc))
            return False
        if done is None:
            self.window.statusBar().showMessage("Restore cancelled; nothing was changed.", 5000)
            return False
        if not self.reopen(database):
            return False
        kept = f"\n\nThe previous database was kept as\n{done.kept}" if done.kept else ""
        messages.bridge.info(
            self.window, "Restored",
            f"Restored {done.source.patients} patients from\n{candidate}.{kept}",
        )
        return True

    def reopen(self, database: Path) -> bool:
        """Open (and upgrade) the file again and show it; screens keep their Database object."""
        from equitone.services.workspace import open_workspace

        try:
            fresh = open_workspace(database)
        except EquitoneError as exc:
            messages.bridge.error(self.window, "Cannot open the database", str(exc))
            return False
        show_database(self.window, fresh)
        if self.instance_server is not None:  # the restored file is a new inode
            self.instance_server.follow(database)
        return True


def show_database(window: MainWindow, fresh: Database) -> None:
    """Put `fresh` into the window: the same Database object keeps serving every screen that
    holds it (it adopts the new engine); undo history of the old file is dropped."""
    window.undo_stack.clear()
    window.stack.setCurrentWidget(window.empty)
    for action in (window.act_new, window.act_demo, window.act_settings):
        action.setEnabled(True)
    window.list_panel.new_button.setEnabled(True)
    if window.db is not None:
        window.db.adopt(fresh)
        window.attach_database(window.db)
    else:
        window.attach_database(fresh)
    window.statusBar().showMessage(f"Database: {fresh.describe()}")
