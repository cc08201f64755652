"""Two small panels of the Session tab: the empty state and a one-line notice with a button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from equitone.domain.patients import Patient
from equitone.ui import style
from equitone.ui.empty_state import EmptyState


class EmptySessions(EmptyState):
    """Shown before a patient's first session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.new_blank = QPushButton("New blank session")
        self.new_blank.setObjectName("newBlankSession")
        self.from_template = QPushButton("Start from a template…")
        self.from_template.setObjectName("newFromTemplate")
        super().__init__([self.new_blank, self.from_template], parent)

    def show_offline(self) -> None:
        """Nothing could be read: the server is away (the status bar says so)."""
        self.new_blank.hide()
        self.from_template.hide()
        self.setText(
            "Offline — the database server cannot be reached, so this patient's sessions "
            "cannot be read now.\n\nThey are shown as soon as it answers again; nothing "
            "can be changed here until then.")

    def show_patient(self, patient: Patient) -> None:
        self.new_blank.show()
        self.from_template.show()
        self.setText(
            f"No session for {patient.name} yet.\n\n"
            "Drag exercises into a session; the relaxation the method asks for after each "
            "activation, the compensators' release and the warm-down are added for you."
        )


class NoticeBar(QFrame):
    """A tinted strip with a sentence and one button (read-only banner, stale plan notice)."""

    def __init__(
        self, name: str, kind: str, button: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(style.note(kind, padding_px=0, selector=f"#{name}"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.show()
