"""Create / edit a patient, with validation messages shown inline (nothing stored until OK)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.patients import PatientDraft
from equitone.domain.typed_dates import EXAMPLE
from equitone.errors import ValidationError
from equitone.ui import style
from equitone.ui.date_field import DateField


class PatientDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, draft: PatientDraft | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit patient" if draft else "New patient")
        self.setMinimumWidth(440)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Full name")
        self.name.setMaxLength(200)
        self.birth_date = DateField(placeholder=f"Not known — or type it, {EXAMPLE}")
        self.birth_date.setObjectName("birthDate")
        self.birth_date.set_range(date(1900, 1, 1), date.today())
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(52)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("History, goals, anything to remember…")
        self.conflict = QLabel()  # another workstation's change (show_conflict)
        self.conflict.setObjectName("conflictNote")
        self.conflict.setWordWrap(True)
        self.conflict.setTextFormat(Qt.TextFormat.PlainText)
        self.conflict.setStyleSheet(style.note("notice", padding_px=6))
        self.conflict.hide()
        self.error = QLabel()
        self.error.setStyleSheet(style.text(style.ERROR))
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("Date of &birth:", self.birth_date)
        form.addRow("&Phone:", self.phone)
        form.addRow("&E-mail:", self.email)
        form.addRow("&Address:", self.address)
        form.addRow("N&otes:", self.notes)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.conflict)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        if draft is not None:
            self._fill(draft)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self, draft: PatientDraft) -> None:
        self.name.setText(draft.name)
        self.birth_date.set_value(draft.date_of_birth)
        self.phone.setText(draft.phone)
        self.email.setText(draft.email)
        self.address.setPlainText(draft.address)
        self.notes.setPlainText(draft.notes)

    def show_conflict(self, text: str, theirs: Mapping[str, str]) -> None:
        """Say who changed the record meanwhile, and mark the fields both changed (`theirs`:
        field name -> their value, shown in the field's tooltip)."""
        self.setWindowTitle("Edit patient — changed on another workstation")
        self.conflict.setText(text)
        self.conflict.show()
        widgets: dict[str, QWidget] = {
            "name": self.name, "date_of_birth": self.birth_date, "phone": self.phone,
            "email": self.email, "address": self.address, "notes": self.notes,
        }
        for name, value in theirs.items():
            widget = widgets.get(name)
            if widget is not None:
                widget.setStyleSheet(style.highlight())
                widget.setToolTip(f"Their value: {value}")
        self.setMinimumWidth(520)

    def answer(self) -> PatientDraft:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.draft()

    def draft(self) -> PatientDraft:
        return PatientDraft(
            name=self.name.text(),
            date_of_birth=self.birth_date.value(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            notes=self.notes.toPlainText(),
        )

    def accept(self) -> None:
        born_problem = self.birth_date.problem()
        if born_problem is not None:
            self._refuse(born_problem, self.birth_date)
            return
        try:
            self.draft().validated()
        except ValidationError as exc:
            self._refuse(str(exc), self.name)
            return
        super().accept()

    def _refuse(self, message: str, field: QWidget) -> None:
        self.error.setText(message)
        self.error.show()
        field.setFocus()
