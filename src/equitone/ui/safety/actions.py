"""File → Back up now… and File → Restore…, and putting a restored database into the window.

The main window owns one `SafetyActions` (built with the window, so it imports no
SQLAlchemy: start-up is timed) and gives it a `Shell` (ui/shell.py), not itself. Every flow
reports failures as one message and leaves the stored data as it was; cancelling writes
nothing. It also keeps the window the only one on its database (`instance_server`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from equitone.errors import EquitoneError
from equitone.ui import prompts
from equitone.ui.shell import Shell

if TYPE_CHECKING:
    from equitone.storage.location import DatabaseLocation
    from equitone.ui.safety.daily import DailyBackup
    from equitone.ui.safety.instance_server import InstanceServer


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


class SafetyActions:
    """A plain object owned by the window (a QObject subclass costs milliseconds to create
    at import, and start-up is timed): the actions are the window's children."""

    def __init__(self, shell: Shell, menu: QMenu) -> None:
        self.shell = shell
        self.window = shell.window()  # the parent of its actions and dialogs
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
        db = self.shell.db
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
            self.shell.say(f"Daily backup saved: {written.name}", 5000)

    def _daily_found_damage(self, text: str) -> None:
        self.shell.say("The database is damaged: see the message.")
        prompts.bridge.error(self.window, "The database is damaged", text)

    def wait_for_daily_backup(self) -> None:
        if self.daily is not None:
            self.daily.wait()

    # -- back up now ----------------------------------------------------------------------
    def back_up_now(self) -> Path | None:
        from equitone.services.backups import backup_now, suggested_backup
        from equitone.ui.progress import run_with_progress

        file = self.path
        database: Path | DatabaseLocation
        db = self.shell.db
        if db is not None and db.is_server:
            database = db.location  # a clinic server: a pg_dump archive
        elif file is None or not file.is_file():
            prompts.bridge.error(self.window, "Back up", "No database is open to back up.")
            return None
        else:
            database = file
        suggested = suggested_backup(database)
        target = prompts.bridge.save_file(self.window, "Back up the database", suggested,
                                          prompts.DATABASE_FILES)
        if target is None:
            return None
        try:
            written = run_with_progress(
                self.window, "Back up", f"Copying the database to {target.name}…",
                lambda progress, cancelled: backup_now(
                    database, target, progress=progress, cancelled=cancelled
                ),
            )
        except EquitoneError as exc:
            prompts.bridge.error(self.window, "Backup failed", str(exc))
            return None
        if written is None:
            self.shell.say("Backup cancelled; nothing was written.", 5000)
            return None
        self.shell.say(f"Backup saved: {written}", 8000)
        prompts.bridge.info(
            self.window, "Backup saved",
            f"The database was copied to\n{written}\n({_size(written)}).",
        )
        return written

    # -- restore --------------------------------------------------------------------------
    def restore_from_file(self) -> bool:
        from equitone.services.backups import backup_folder, restore_refusal, verify_candidate

        db = self.shell.db
        if db is not None and (refusal := restore_refusal(db.location)):
            prompts.bridge.error(self.window, "Restore", refusal)
            return False
        database = self.path
        if database is None:
            prompts.bridge.error(self.window, "Restore", "No database is chosen.")
            return False
        chosen = prompts.bridge.open_file(
            self.window, "Restore from a backup", backup_folder(database), prompts.DATABASE_FILES
        )
        if chosen is None:
            return False
        try:
            found = verify_candidate(chosen)
        except EquitoneError as exc:
            prompts.bridge.error(
                self.window, "Cannot restore", f"{exc}\n\nNothing was changed."
            )
            return False
        if not prompts.bridge.confirm(
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
        from equitone.ui.progress import run_with_progress

        database = self.path
        if database is None:
            return False
        self.wait_for_daily_backup()
        if self.shell.db is not None:
            self.shell.db.close()  # reconnects by itself if the restore is refused
        try:
            done = run_with_progress(
                self.window, "Restore", f"Copying {candidate.name}…",
                lambda progress, cancelled: restore(
                    database, candidate, progress=progress, cancelled=cancelled,
                    current_damaged=current_damaged,
                ),
                then="Checking the copy…",
            )
        except EquitoneError as exc:
            prompts.bridge.error(self.window, "Cannot restore", str(exc))
            return False
        if done is None:
            self.shell.say("Restore cancelled; nothing was changed.", 5000)
            return False
        if not self.reopen(database):
            return False
        kept = f"\n\nThe previous database was kept as\n{done.kept}" if done.kept else ""
        prompts.bridge.info(
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
            prompts.bridge.error(self.window, "Cannot open the database", str(exc))
            return False
        self.shell.show_database(fresh)
        if self.instance_server is not None:  # the restored file is a new inode
            self.instance_server.follow(database)
        return True

    # -- one window per database -------------------------------------------------------------
    def serve(self, database: Path | DatabaseLocation) -> bool:
        """At start-up (after the first paint): serve `database` to later starts. False when
        another window got there first: it was brought to the front and this one closes."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from equitone.ui.safety.instance_server import InstanceServer, bring_to_front

        server = InstanceServer(database, self.window)
        if not server.listen():
            self.window.close()
            QTimer.singleShot(0, QApplication.quit)
            return False
        server.activation_requested.connect(lambda: bring_to_front(self.window))
        self.instance_server = server
        return True

    def guard(self, location: DatabaseLocation) -> None:
        """After switching databases: serve the new one to later starts (best effort: when
        another window already serves it, both stay open — a server is made for several)."""
        from equitone.ui.safety.instance_server import InstanceServer, bring_to_front

        if self.instance_server is not None:
            self.instance_server.close()
            self.instance_server = None
        server = InstanceServer(location, self.window)
        if server.listen() and server.listening:
            server.activation_requested.connect(lambda: bring_to_front(self.window))
            self.instance_server = server
        else:
            server.deleteLater()
