"""The line a screen shows while the database server cannot be reached: what is shown was
read before (or nothing could be), and it is read again once the server answers. Showing it
also tells the window it is offline (the status bar and the poll's backoff follow), so no
screen raises ServerUnavailableError to the exception hook from a show handler."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from equitone.services.write_gate import gate_for
from equitone.storage.database import Database
from equitone.ui import style

TEXT = ("Offline — the database server cannot be reached. What is shown was read before; it "
        "is read again as soon as the server answers.")


class OfflineNotice(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TEXT, parent)
        self.setObjectName("offlineNotice")
        self.setWordWrap(True)
        self.setStyleSheet(style.note("alert"))
        self.hide()

    def went_offline(self, db: Database) -> None:
        gate_for(db).note_offline()
        self.show()
