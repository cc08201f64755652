"""Create / edit a patient, with validation messages shown inline (nothing stored until OK)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.patients import PatientDraft
from equitone.errors import ValidationError
from equitone.ui import style


class PatientDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, draft: PatientDraft | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit patient" if draft else "New patient")
        self.setMinimumWidth(440)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Full name")
        self.name.setMaxLength(200)
        self.has_birth_date = QCheckBox("Known")
        self.birth_date = QDateEdit()
        self.birth_date.setDisplayFormat("yyyy-MM-dd")
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setMaximumDate(QDate.currentDate())
        self.birth_date.setMinimumDate(QDate(1900, 1, 1))
        self.birth_date.setDate(QDate(1980, 1, 1))
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

        born_row = QHBoxLayout()
        born_row.addWidget(self.has_birth_date)
        born_row.addWidget(self.birth_date, 1)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        born_label = QLabel("Date of &birth:")  # a layout row gets no mnemonic of its own
        born_label.setBuddy(self.has_birth_date)
        form.addRow(born_label, born_row)
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

        self.has_birth_date.toggled.connect(self.birth_date.setEnabled)
        self.birth_date.setEnabled(False)
        if draft is not None:
            self._fill(draft)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self, draft: PatientDraft) -> None:
        self.name.setText(draft.name)
        if draft.date_of_birth:
            self.has_birth_date.setChecked(True)
            self.birth_date.setDate(QDate(draft.date_of_birth))
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
        born: date | None = None
        if self.has_birth_date.isChecked():
            born = self.birth_date.date().toPython()  # type: ignore[assignment]
        return PatientDraft(
            name=self.name.text(),
            date_of_birth=born,
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            notes=self.notes.toPlainText(),
        )

    def accept(self) -> None:
        try:
            self.draft().validated()
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.name.setFocus()
            return
        super().accept()
