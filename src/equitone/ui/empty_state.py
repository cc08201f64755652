"""What a screen shows when it has nothing to show yet: why, in a few centred words, with an
optional title above and the buttons that start the work below. The window's own (before the
database opens, or when it cannot) and each tab's use it.

The window's is built before its first paint, when naming the Qt namespace would cost its
~100 enum classes (ui/patient_model.py): the labels are centred through their style sheets,
and `Qt` is named only when a text is set later.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from equitone.ui import style

CENTRED = " qproperty-alignment: AlignCenter;"


class EmptyState(QWidget):
    def __init__(
        self, buttons: Sequence[QPushButton] = (), parent: QWidget | None = None, *,
        text: str = "", titled: bool = False,
    ) -> None:
        super().__init__(parent)
        self.title = QLabel(self)  # a child from the start: shown, it must not be a window
        self.title.setStyleSheet(style.text(style.TEXT, size_px=17, bold=True) + CENTRED)
        self.title.setVisible(titled)
        self.message = QLabel(text, self)  # the window's own words: no markup to read
        self.message.setWordWrap(True)
        self.message.setStyleSheet(style.text(size_px=15) + CENTRED)
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
        from PySide6.QtCore import Qt  # after the first paint (see the module docstring)

        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it may name a file: never markup
        self.message.setText(text)

    def text(self) -> str:
        return self.message.text()
