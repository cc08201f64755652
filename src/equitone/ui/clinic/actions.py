"""File → Connect to clinic server… and File → Use local database.

A plain object owned by the window (built with it, so it imports nothing heavy: start-up is
timed). Switching opens the new database first; only when that worked is the choice saved
for the next start and the window moved over (every screen keeps its Database object, which
adopts the new engine — ui/safety/actions.show_database). A failure is one message and the
window stays on the database it had.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from equitone.errors import EquitoneError
from equitone.ui import messages

if TYPE_CHECKING:
    from equitone.storage.location import DatabaseLocation
    from equitone.ui.clinic.connect_dialog import ConnectDialog
    from equitone.ui.main_window import MainWindow

TITLE = "Clinic server"


class ClinicActions:
    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self.window = window
        self.act_connect = self._action("Connect to clinic &server…", self.connect_to_server)
        self.act_local = self._action("Use &local database", self.use_local_database)
        menu.addSeparator()
        menu.addAction(self.act_connect)
        menu.addAction(self.act_local)
        self.update()

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def update(self) -> None:
        """Called when the window's database changes: 'Use local database' unless the window
        is on a local file already (also when a saved server could not be reached)."""
        db = self.window.db
        self.act_local.setEnabled(db is None or db.is_server)

    # -- connect --------------------------------------------------------------------------
    def dialog(self) -> ConnectDialog:
        from equitone.storage.credentials import store_name
        from equitone.ui.clinic.connect_dialog import ConnectDialog

        current = self.window.db.location if self.window.db is not None else None
        return ConnectDialog(self.window, current=current, password_store=store_name())

    def connect_to_server(self) -> bool:
        dialog = self.dialog()
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            return self.switch_to(dialog.location(), remember=True)
        finally:
            dialog.deleteLater()

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
        from equitone.ui.safety.actions import show_database

        self.window.statusBar().showMessage(f"Connecting to {location.display()}…")
        try:
            fresh = open_workspace(location)
        except EquitoneError as exc:
            self.window.statusBar().showMessage("Not connected; nothing was changed.", 8000)
            messages.bridge.error(self.window, TITLE, str(exc))
            return False
        note = ""
        if remember:
            try:
                stored = keep(location)
            except EquitoneError as exc:  # e.g. a password file others can read
                fresh.close()
                messages.bridge.error(self.window, TITLE, str(exc))
                return False
            note = f" (password kept in {stored})" if stored else ""
        self.window.safety.wait_for_daily_backup()
        show_database(self.window, fresh)
        self._guard(fresh.location)
        self.update()
        self.window.statusBar().showMessage(f"Database: {fresh.describe()}{note}")
        return True

    def _guard(self, location: DatabaseLocation) -> None:
        """One window per database follows the switch (best effort: when another window
        already serves the new database, both stay open — a server is made for several)."""
        from equitone.ui.safety.instance_server import InstanceServer, bring_to_front

        old = self.window.safety.instance_server
        if old is not None:
            old.close()
            self.window.safety.instance_server = None
        server = InstanceServer(location, self.window)
        if server.listen() and server.listening:
            server.activation_requested.connect(lambda: bring_to_front(self.window))
            self.window.safety.instance_server = server
        else:
            server.deleteLater()
