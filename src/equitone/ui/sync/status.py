"""The status bar's word on the connection: nothing to say on a healthy local file, a quiet
"Connected" on a clinic server, and a red "Offline" with what waits while it is gone."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from equitone.ui import style

ONLINE_STYLE = f"color: {style.GOOD}; padding: 0 6px;"
OFFLINE_STYLE = (f"color: white; background: {style.ERROR}; border-radius: 3px;"
                 " padding: 1px 8px;")


def offline_text(waiting: int, retry_s: int | None) -> str:
    """ "Offline — 2 changes not saved yet, kept here; retrying in 8 s"."""
    text = "Offline"
    if waiting:
        text += f" — {waiting} change{'s' if waiting != 1 else ''} not saved yet, kept here"
    return text + (f"; retrying in {retry_s} s" if retry_s else "; retrying…")


class ConnectionIndicator(QLabel):
    def __init__(self, server: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionIndicator")
        self.server = server
        self.show_online()

    def show_online(self) -> None:
        self.setStyleSheet(ONLINE_STYLE)
        font = self.font()
        font.setBold(False)
        self.setFont(font)
        self.setText("● Connected" if self.server else "")
        self.setToolTip("Changes from other workstations appear by themselves."
                        if self.server else "")
        self.setVisible(self.server)

    def show_offline(self, waiting: int, retry_s: int | None) -> None:
        self.setStyleSheet(OFFLINE_STYLE)
        font = self.font()
        font.setBold(True)  # as a font, not in the style sheet: the size hint then fits it
        self.setFont(font)
        self.setText(offline_text(waiting, retry_s))
        self.setToolTip(
            "The database cannot be reached. Your changes are kept on this computer and saved "
            "as soon as it answers again; do not close Equitone until then (it will ask)."
        )
        self.setVisible(True)

    def show_held(self, waiting: int) -> None:
        """The server answers, but looks older than when the changes were made."""
        self.show_offline(waiting, None)
        self.setText(f"Held — {waiting} change{'s' if waiting != 1 else ''} not saved: the "
                     "database looks older than when they were made")
        self.setToolTip("Nothing is written until you have seen what differs; closing "
                        "Equitone asks what to do with them.")
