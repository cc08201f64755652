"""What the window's helpers may ask of it, and no more.

The File menu's controllers — printing (ui/printing/controller.py), backups and restores
(ui/safety/actions.py), the clinic server (ui/clinic/actions.py) — are given a `Shell`, not
the main window: they cannot flip its actions, replace its panels or rewire each other. What
they need beyond this is passed to them explicitly when the window builds them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from equitone.domain.patients import Patient
    from equitone.storage.database import Database
    from equitone.ui.sync.controller import SyncController


class Shell(Protocol):
    settings: QSettings  # the app's own settings (window geometry, the last export folder)

    @property
    def db(self) -> Database | None:
        """The open database (None before it opened, or when it could not be)."""
        ...

    @property
    def sync(self) -> SyncController | None:
        """The link to a shared database: its waiting changes (None before one opened)."""
        ...

    def window(self) -> QWidget:
        """The window itself: the parent of every dialog a helper opens."""
        ...

    def current_patient(self) -> Patient | None:
        """The patient whose page is shown, if any."""
        ...

    def say(self, text: str, timeout_ms: int = 0) -> None:
        """A line in the status bar (0: until the next one)."""
        ...

    def show_database(self, fresh: Database) -> None:
        """Put a database that was (re)opened — restored, or another one chosen — into the
        window: every screen keeps its Database object, which adopts the new engine; the undo
        history of the old one is dropped."""
        ...

    def show_database_error(self, text: str) -> None:
        """No database could be opened: say why where the patient page would be."""
        ...
