"""The line a screen shows while the database server cannot be reached: what is shown was
read before (or nothing could be), and it is read again once the server answers. Showing it
also tells the window it is offline (the status bar and the poll's backoff follow), so no
screen raises ServerUnavailableError to the exception hook from a show handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

from equitone.errors import ServerUnavailableError, ValidationError
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


T = TypeVar("T")

NOT_KEPT = ("The database server cannot be reached, so {what} was not saved. Unlike other "
            "changes it cannot wait for the server ({why}). What you entered stays here: press "
            "Save again once the status bar no longer says Offline.")


def saved_now(db: Database, save: Callable[[], T], what: str, why: str) -> T:
    """Run a save that cannot be kept for later (a dialog's own save). With the server gone,
    the window hears it (status bar, poll) and the dialog gets one line saying what to do,
    `what` naming the thing and `why` why it cannot wait; its fields stay as typed."""
    try:
        return save()
    except ServerUnavailableError:
        gate_for(db).note_offline()
        raise ValidationError(NOT_KEPT.format(what=what, why=why)) from None
