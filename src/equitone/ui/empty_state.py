"""What a screen shows when it has nothing to show yet: why, in a few centred words, with an
optional title above and the buttons that start the work below. The window's own (before the
database opens, or when it cannot) and each tab's use it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from equitone.ui import style


class EmptyState(QWidget):
    def __init__(
        self, buttons: Sequence[QPushButton] = (), parent: QWidget | None = None, *,
        text: str = "", titled: bool = False,
    ) -> None:
        super().__init__(parent)
        self.title = QLabel(self)  # a child from the start: shown, it must not be a window
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet(style.text(style.TEXT, size_px=17, bold=True))
        self.title.setVisible(titled)
        self.message = QLabel(text, self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(style.text(size_px=15))
        self.message.setMaximumWidth(640)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            button.setMinimumHeight(36)
            row.addWidget(button)
        row.addStretch(1)
        # Centred in a row of its own, not by an alignment flag: a wrapped label placed with
        # one is given its one-line height and cut off.
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.message, 100)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addSpacing(8)
        layout.addLayout(centred)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addStretch(2)

    def setText(self, text: str) -> None:  # Qt's spelling: it replaced a QLabel
        self.message.setText(text)

    def text(self) -> str:
        return self.message.text()
