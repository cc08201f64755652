"""The designer's top bar: which session (pick, new, new version, templates) and its details
(date, frequency, status, in clinic, before sport), the patient's "relax after every
activation" setting, the estimated duration (red past the clinic's limit) and when it was
last saved. It only shows and emits; the tab turns changes into commands."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.session import SessionRecord, SessionStatus

STATUS_LABELS = {
    SessionStatus.DRAFT: "Draft",
    SessionStatus.PLANNED: "Planned",
    SessionStatus.DELIVERED: "Delivered",
}
STATUS_VALUES = frozenset(status.value for status in SessionStatus)


def session_label(record: SessionRecord) -> str:
    """ "2026-11-20 · Planned · v2 · 9 exercises" for the picker."""
    placed = len(record.placed)
    parts = [record.day.isoformat(), STATUS_LABELS[record.status]]
    if record.version > 1:
        parts.append(f"v{record.version}")
    parts.append(f"{placed} exercise" + ("s" if placed != 1 else ""))
    return "  ·  ".join(parts)


class SessionBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = QComboBox()
        self.picker.setObjectName("sessionPicker")
        # A fixed minimum, not the longest entry: the patient list beside the page must keep
        # its room on a 1280-pixel screen (the popup still shows every entry in full).
        self.picker.setMinimumContentsLength(20)
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setToolTip("The patient's sessions, newest first")
        self.new_button = QToolButton()
        self.new_button.setText("New session")
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.new_menu = QMenu(self.new_button)
        self.act_new_blank = self.new_menu.addAction("Blank session")
        self.act_new_template = self.new_menu.addAction("From a template…")
        self.new_button.setMenu(self.new_menu)
        self.new_button.setDefaultAction(self.act_new_blank)
        self.new_button.setText("New session")
        self.new_version = QPushButton("New version")
        self.new_version.setToolTip(
            "An editable copy of this session (a delivered one stays as it was)"
        )
        self.save_template = QPushButton("Save as template…")
        self.delete_draft = QPushButton("Delete draft")
        self.saved = QLabel()
        self.saved.setObjectName("savedNote")
        self.saved.setStyleSheet("color: #59616E; padding: 0 6px;")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        session_label_widget = QLabel("Sess&ion")
        session_label_widget.setBuddy(self.picker)
        top.addWidget(session_label_widget)
        top.addWidget(self.picker, 1)
        top.addWidget(self.saved)
        for widget in (self.new_button, self.new_version, self.save_template, self.delete_draft):
            top.addWidget(widget)

        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.frequency = QSpinBox()
        self.frequency.setRange(1, 14)
        self.frequency.setSuffix(" × / week")
        self.frequency.setToolTip("How often the patient does this session")
        self.status = QComboBox()
        self.status.setObjectName("sessionStatus")
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status.value)  # Qt hands str enums back as str
        self.status.setToolTip("Draft → planned → delivered. A delivered session is read-only.")
        self.in_clinic = QCheckBox("In clinic")
        self.in_clinic.setToolTip(
            "Done with the clinician present: clinician-applied modalities (ART, PIR by the "
            "clinician, strain-counterstrain) may be chosen for the automatic relaxations"
        )
        self.pre_sport = QCheckBox("Before sport")
        self.pre_sport.setToolTip(
            "Done right before training or competing: every activation is followed by a "
            "brief relaxation of its muscles, and the session ends with a short re-activation "
            "instead of a warm-down (rule 8)"
        )
        self.relax_after = QCheckBox("Relax after every activation")
        self.relax_after.setObjectName("relaxAfterEveryActivation")
        self.relax_after.setToolTip(
            "For this patient (every session): a relaxation block follows every activation, "
            "even where each rep relaxes the muscle — for people for whom that is not enough "
            "(rule 1)"
        )
        self.duration = QLabel()
        self.duration.setObjectName("sessionDuration")
        font = self.duration.font()
        font.setBold(True)
        self.duration.setFont(font)
        details = QHBoxLayout()
        details.setContentsMargins(0, 0, 0, 0)
        # Mnemonics avoid the menus (F, E, P, H), page tabs (O, A, S, T) and the library's
        for label, field in (("Date", self.date), ("Fre&quency", self.frequency),
                             ("Stat&us", self.status)):
            caption = QLabel(label)
            caption.setBuddy(field)
            details.addWidget(caption)
            details.addWidget(field)
            details.addSpacing(8)
        details.addWidget(self.in_clinic)
        details.addWidget(self.pre_sport)
        details.addStretch(1)
        # the patient's own setting and the length: a line of their own, so the details above
        # still fit beside the patient list on a 1280-pixel screen
        patient = QHBoxLayout()
        patient.setContentsMargins(0, 0, 0, 0)
        patient.addWidget(self.relax_after)
        patient.addWidget(QLabel("(this patient)"))
        patient.addStretch(1)
        patient.addWidget(self.duration)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(details)
        layout.addLayout(patient)

    def set_sessions(self, records: Sequence[SessionRecord], current: int | None) -> None:
        self.picker.blockSignals(True)
        try:
            self.picker.clear()
            for record in records:
                self.picker.addItem(session_label(record), record.id)
            self.picker.setCurrentIndex(max(0, self.picker.findData(current)))
        finally:
            self.picker.blockSignals(False)

    def show_record(self, record: SessionRecord) -> None:
        """Fill the detail fields without emitting (they emit only on the user's edits)."""
        editable = not record.read_only
        fields = (self.date, self.frequency, self.status, self.in_clinic, self.pre_sport)
        for widget in fields:
            widget.blockSignals(True)
        try:
            day = record.details.day
            self.date.setDate(QDate(day.year, day.month, day.day))
            self.frequency.setValue(record.details.frequency_per_week)
            self.status.setCurrentIndex(self.status.findData(record.status.value))
            self.in_clinic.setChecked(record.details.in_clinic)
            self.pre_sport.setChecked(record.details.pre_sport)
        finally:
            for widget in fields:
                widget.blockSignals(False)
        for widget in fields:
            widget.setEnabled(editable)
        self.delete_draft.setEnabled(record.status is SessionStatus.DRAFT)
        self.new_version.setEnabled(True)
        self.save_template.setEnabled(bool(record.placed))
        self.new_version.setDefault(record.read_only)

    def chosen_day(self) -> date:
        value = self.date.date()
        return date(value.year(), value.month(), value.day())

    def chosen_status(self) -> SessionStatus:
        value = self.status.currentData()
        return SessionStatus(value) if value in STATUS_VALUES else SessionStatus.DRAFT

    def show_duration(self, seconds: int, blocks: int, text: str, limit_minutes: int = 0) -> None:
        over = bool(limit_minutes) and seconds > limit_minutes * 60
        shown = f"{text}  ·  {blocks} blocks" if blocks else text
        self.duration.setText(f"{shown}  ·  over {limit_minutes} min" if over else shown)
        self.duration.setStyleSheet("color: #B3261E;" if over else "")
        limit = f" Your limit is {limit_minutes} min (Settings)." if limit_minutes else ""
        self.duration.setToolTip(
            f"Estimated {seconds // 60} min {seconds % 60:02d} s: every set's work and rests; "
            f"changing over between exercises is not counted.{limit}"
        )

    def show_patient_setting(self, every: bool, editable: bool) -> None:
        """The patient's "relax after every activation" (without emitting)."""
        self.relax_after.blockSignals(True)
        self.relax_after.setChecked(every)
        self.relax_after.blockSignals(False)
        self.relax_after.setEnabled(editable)

    def show_saved(self, when: str) -> None:
        self.saved.setText(when)

