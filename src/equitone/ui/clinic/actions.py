"""File → Connect to clinic server… and File → Use local database.

A plain object owned by the window (built with it, so it imports nothing heavy: start-up is
timed), given a `Shell` (ui/shell.py) and the window's `SafetyActions` (whose daily backup
and one-window-per-database guard follow a switch). Switching opens the new database first;
only when that worked is the choice saved for the next start and the window moved over
(every screen keeps its Database object, which adopts the new engine). A failure is one
message and the window stays on the database it had.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from equitone.errors import EquitoneError
from equitone.ui import prompts
from equitone.ui.shell import Shell

if TYPE_CHECKING:
    from equitone.storage.location import DatabaseLocation
    from equitone.ui.safety.actions import SafetyActions

TITLE = "Clinic server"


class ClinicActions:
    def __init__(self, shell: Shell, menu: QMenu, safety: SafetyActions) -> None:
        self.shell, self.safety = shell, safety
        self.window = shell.window()  # the parent of its actions and dialogs
        self.act_connect = self._action("Connect to clinic &server…", self.connect_to_server)
        self.act_local = self._action("Use &local database", self.use_local_database)
        self.act_recovery = self._action("Open &recovery file…", self.open_recovery_file)
        menu.addSeparator()
        menu.addAction(self.act_connect)
        menu.addAction(self.act_local)
        menu.addAction(self.act_recovery)
        self.update()

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def update(self) -> None:
        """Called when the window's database changes: 'Use local database' unless the window
        is on a local file already (also when a saved server could not be reached)."""
        db = self.shell.db
        self.act_local.setEnabled(db is None or db.is_server)

    # -- recovery file ------------------------------------------------------------------------
    def open_recovery_file(self) -> None:
        """Changes saved to a file while the server was away (or declined at a start): the
        same offer as the changes left from before."""
        from equitone.services.outbox import recovery_folder
        from equitone.ui.sync.replay import open_recovery_file

        sync = self.shell.sync
        if sync is None:
            prompts.bridge.error(self.window, "Open recovery file",
                                 "Open a database first: the changes are written into it.")
            return
        path = prompts.bridge.open_file(self.window, "Open recovery file", recovery_folder(),
                                        "Equitone recovery files (*.json)")
        if path is not None:
            open_recovery_file(self.window, sync, path)

    # -- connect --------------------------------------------------------------------------
    def connect_to_server(self) -> bool:
        from equitone.storage.credentials import store_name
        from equitone.ui.clinic.connect_dialog import ConnectDialog

        current = self.shell.db.location if self.shell.db is not None else None
        location = prompts.bridge.ask(
            ConnectDialog(self.window, current=current, password_store=store_name()))
        return location is not None and self.switch_to(location, remember=True)

    def use_local_database(self) -> bool:
        from equitone import paths
        from equitone.services.clinic_server import forget
        from equitone.storage.location import DatabaseLocation

        local = DatabaseLocation.sqlite(paths.default_database_path())
        local.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # type: ignore[union-attr]
        if not self.switch_to(local, remember=False):
            return False
        forget()
        return True

    def switch_to(self, location: DatabaseLocation, *, remember: bool) -> bool:
        """Open `location`, then show it in the window (and keep it for the next start)."""
        from equitone.services.clinic_server import remember as keep
        from equitone.services.workspace import open_workspace

        self.shell.say(f"Connecting to {location.display()}…")
        try:
            fresh = open_workspace(location)
        except EquitoneError as exc:
            self.shell.say("Not connected; nothing was changed.", 8000)
            prompts.bridge.error(self.window, TITLE, str(exc))
            return False
        note = ""
        if remember:
            try:
                stored = keep(location)
            except EquitoneError as exc:  # e.g. a password file others can read
                fresh.close()
                prompts.bridge.error(self.window, TITLE, str(exc))
                return False
            note = f" (password kept in {stored})" if stored else ""
        self.safety.wait_for_daily_backup()
        self.shell.show_database(fresh)
        self.safety.guard(fresh.location)
        self.update()
        self.shell.say(f"Database: {fresh.describe()}{note}")
        return True
