"""Create / edit a patient, with validation messages shown inline (nothing stored until OK)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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

from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.typed_dates import EXAMPLE
from equitone.errors import EquitoneError, ValidationError
from equitone.ui import style
from equitone.ui.date_field import DateField, shown

Duplicates = Callable[[PatientDraft], list[Patient]]


def _described(patient: Patient, draft: PatientDraft) -> str:
    born = f", born {shown(patient.date_of_birth)}" if patient.date_of_birth else ""
    same_day = draft.date_of_birth is not None and patient.date_of_birth == draft.date_of_birth
    why = "same name and birth date" if same_day else "same name"
    archived = ", archived" if patient.archived else ""
    return f"• {patient.name}{born} ({why}{archived})"


class PatientDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, draft: PatientDraft | None = None,
                 *, duplicates: Duplicates | None = None) -> None:
        super().__init__(parent)
        # Who may already be recorded (services.patients.likely_duplicates): shown before
        # anything is saved; a second OK with the same name and birth date saves anyway.
        self._duplicates = duplicates
        self._warned_for: tuple[str, object] | None = None
        self._original_name = draft.name if draft else None
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
        self.duplicate_note = QLabel()
        self.duplicate_note.setObjectName("duplicateNote")
        self.duplicate_note.setWordWrap(True)
        self.duplicate_note.setTextFormat(Qt.TextFormat.PlainText)
        self.duplicate_note.setStyleSheet(style.note("notice", padding_px=6))
        self.duplicate_note.hide()
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
        layout.addWidget(self.duplicate_note)
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
            clean = self.draft().validated()
        except ValidationError as exc:
            self._refuse(str(exc), self.name)
            return
        if self._warn_of_duplicates(clean):
            return
        super().accept()

    def _warn_of_duplicates(self, clean: PatientDraft) -> bool:
        """True (and the dialog stays open) the first time a likely duplicate is found for
        this name and birth date; the clinician then decides."""
        if self._duplicates is None or clean.name == self._original_name:
            return False
        asked = (clean.name.casefold(), clean.date_of_birth)
        if asked == self._warned_for:
            return False  # warned, and OK pressed again: the clinician decided
        try:
            found = self._duplicates(clean)
        except EquitoneError:  # offline or busy: the record is saved without the check
            found = []
        if not found:
            self.duplicate_note.hide()
            return False
        self._warned_for = asked
        who = "\n".join(_described(p, clean) for p in found[:5])
        more = f"\n… and {len(found) - 5} more" if len(found) > 5 else ""
        self.duplicate_note.setText(
            f"This may be someone already recorded:\n{who}{more}\n"
            "Cancel and search the list for them, or press “Save anyway” for a new record.")
        self.duplicate_note.show()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Save anyway")
        ok.setFocus()
        self.error.hide()
        return True

    def _refuse(self, message: str, field: QWidget) -> None:
        self.error.setText(message)
        self.error.show()
        field.setFocus()
