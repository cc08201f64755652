"""The assessment tab's toolbar: picker, new, date, clinician, export (first row) and the
history slider with the compare toggle (second row). Widgets only; the tab wires them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.assessment import Assessment


def assessment_title(assessment: Assessment) -> str:
    who = f" — {assessment.clinician}" if assessment.clinician else ""
    signed = "  (signed)" if assessment.signed else ""
    return f"{assessment.day.isoformat()}{who}{signed}"


class AssessmentToolbar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = QComboBox()
        self.picker.setObjectName("assessmentPicker")
        self.picker.setToolTip("Which assessment to show (newest first)")
        # A fixed minimum, not the longest entry: the patient list beside the page must keep
        # its room on a 1280-pixel screen (the popup still shows every entry in full).
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setMinimumContentsLength(22)
        self.new_button = QToolButton()
        self.new_button.setObjectName("newAssessment")
        self.new_button.setText("New assessment")
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.new_button)
        self.act_new_copy = menu.addAction("Copy of previous")
        self.act_new_copy.setToolTip("Start from the last visit's tags; PSFS activities carry over")
        self.act_new_empty = menu.addAction("Empty")
        self.act_new_empty.setToolTip("No tags; PSFS activities still carry over")
        self.new_button.setMenu(menu)
        self.date = QDateEdit()
        self.date.setObjectName("assessmentDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.clinician = QComboBox()
        self.clinician.setObjectName("assessmentClinician")
        self.clinician.setEditable(True)
        self.clinician.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.clinician.setMinimumContentsLength(14)
        line = self.clinician.lineEdit()
        assert line is not None  # editable combo
        self.clinician_edit = line
        line.setPlaceholderText("Clinician")
        self.export_button = QToolButton()
        self.export_button.setObjectName("exportMap")
        self.export_button.setText("Export map…")
        self.export_button.setToolTip("Save the map as shown (view, layer, mode) as PNG or SVG")

        self.compare = QToolButton()
        self.compare.setObjectName("compareToggle")
        self.compare.setText("Compare with previous")
        self.compare.setCheckable(True)
        self.compare.setToolTip(
            "What changed since the previous assessment: the map shows only changed muscles"
        )
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("historySlider")
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setPageStep(1)
        self.slider.setToolTip("Scrub through this patient's assessments (read-only preview)")
        self.slider_label = QLabel()
        self.slider_label.setObjectName("historyLabel")
        self.slider_label.setTextFormat(Qt.TextFormat.PlainText)
        self.slider_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * 30))
        self.open_scrubbed = QToolButton()
        self.open_scrubbed.setObjectName("openScrubbed")
        self.open_scrubbed.setText("Open this one")
        self.open_scrubbed.setToolTip("Select the assessment shown by the history slider")

        self.neurological = QCheckBox("Neurological")
        self.neurological.setObjectName("neurological")
        self.neurological.setToolTip(
            "The presentation is neurological (stroke, MS, cerebral palsy, spinal cord "
            "injury): the Modified Ashworth Scale is offered for hypertonic muscles")

        first = QHBoxLayout()
        first.setSpacing(6)
        first.addWidget(QLabel("Assessment"))
        first.addWidget(self.picker)
        first.addWidget(self.new_button)
        first.addSpacing(12)
        first.addWidget(QLabel("Date"))
        first.addWidget(self.date)
        first.addWidget(QLabel("Clinician"))
        first.addWidget(self.clinician, 1)
        second = QHBoxLayout()
        second.setSpacing(6)
        second.addWidget(QLabel("History"))
        second.addWidget(self.slider, 1)
        second.addWidget(self.slider_label)
        second.addWidget(self.open_scrubbed)
        second.addSpacing(12)
        second.addWidget(self.neurological)
        second.addWidget(self.compare)
        # On the second row: one row of everything made the page too wide for a 1280-px
        # screen beside the patient list.
        second.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(first)
        layout.addLayout(second)

    def set_assessments(self, newest_first: Sequence[Assessment], current_id: int) -> None:
        self.picker.blockSignals(True)
        try:
            self.picker.clear()
            for a in newest_first:
                self.picker.addItem(assessment_title(a), a.id)
            self.picker.setCurrentIndex(max(self.picker.findData(current_id), 0))
        finally:
            self.picker.blockSignals(False)

    def set_details(self, assessment: Assessment, clinicians: Sequence[str]) -> None:
        for widget in (self.date, self.clinician):
            widget.blockSignals(True)
        try:
            self.date.setDate(QDate(assessment.day))
            self.neurological.setChecked(assessment.neurological)
            names = list(clinicians)
            if assessment.clinician and assessment.clinician not in names:
                names.append(assessment.clinician)
            if [self.clinician.itemText(i) for i in range(self.clinician.count())] != names:
                self.clinician.clear()
                self.clinician.addItems(names)
            if not self.clinician_edit.hasFocus():
                self.clinician.setEditText(assessment.clinician)
        finally:
            for widget in (self.date, self.clinician):
                widget.blockSignals(False)

    def chosen_day(self) -> date:
        value = self.date.date().toPython()
        assert isinstance(value, date)
        return value
