"""What to print: the session plan (which session, which copy, paper) or the progress report
(which period, paper). Small modal dialogs; the choices come back as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.session import SessionRecord
from equitone.domain.trends import format_day
from equitone.ui.date_field import DateField

Paper = Literal["a4", "letter"]
CopyKind = Literal["patient", "clinician"]
PAPERS: tuple[tuple[Paper, str], ...] = (("a4", "A4"), ("letter", "US Letter"))


@dataclass(frozen=True, slots=True)
class PlanOptions:
    session_id: int
    copy: CopyKind
    paper: Paper


@dataclass(frozen=True, slots=True)
class ReportOptions:
    since: date
    until: date
    paper: Paper


def session_label(record: SessionRecord) -> str:
    """``25 Nov 2026 · planned · 9 blocks`` (+ the version when the plan was revised)."""
    blocks = len(record.blocks)
    text = f"{format_day(record.day)} · {record.status.value} · {blocks} block"
    text += "" if blocks == 1 else "s"
    return text + (f" · version {record.version}" if record.version > 1 else "")


def _paper_box(paper: Paper, parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    for value, label in PAPERS:
        box.addItem(label, value)
    box.setCurrentIndex(max(0, box.findData(paper)))
    return box


def _paper_of(box: QComboBox) -> Paper:
    return "letter" if box.currentData() == "letter" else "a4"


def _fit_title(dialog: QDialog) -> None:
    """Wide enough for the title bar to show the whole title ("Print progress report —
    Equitone" was cut to "Print prog…"): the text, and room for the window's buttons."""
    title = f"{dialog.windowTitle()} — Equitone"
    dialog.setMinimumWidth(max(dialog.minimumWidth(),
                               dialog.fontMetrics().horizontalAdvance(title) + 160))


class PlanOptionsDialog(QDialog):
    """Session (latest first, preselected), patient or clinician copy, paper."""

    def __init__(
        self,
        sessions: Sequence[SessionRecord],
        paper: Paper,
        parent: QWidget | None = None,
        *,
        title: str = "Print session plan",
        accept_text: str = "Preview…",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        _fit_title(self)
        self.session_box = QComboBox(self)
        for record in sessions:
            self.session_box.addItem(session_label(record), record.id)
        self.patient_copy = QRadioButton("Patient handout", self)
        self.clinician_copy = QRadioButton(
            "Clinician copy (adds the assessment and the rules behind each block)", self
        )
        self.patient_copy.setChecked(True)
        copies = QButtonGroup(self)
        copies.addButton(self.patient_copy)
        copies.addButton(self.clinician_copy)
        self.paper_box = _paper_box(paper, self)
        copy_column = QVBoxLayout()
        copy_column.addWidget(self.patient_copy)
        copy_column.addWidget(self.clinician_copy)
        form = QFormLayout()
        form.addRow("Session:", self.session_box)
        form.addRow("Copy:", copy_column)
        form.addRow("Paper:", self.paper_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.accept_button = QPushButton(accept_text, self)
        self.accept_button.setDefault(True)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def answer(self) -> PlanOptions:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.options()

    def options(self) -> PlanOptions:
        copy: CopyKind = "clinician" if self.clinician_copy.isChecked() else "patient"
        return PlanOptions(int(self.session_box.currentData()), copy, _paper_of(self.paper_box))


class ReportOptionsDialog(QDialog):
    """The period (the first to the last assessment by default) and paper; OK only when the
    period holds at least one assessment, so the report can never come out empty."""

    def __init__(
        self,
        assessment_days: Sequence[date],
        paper: Paper,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print progress report")
        _fit_title(self)
        self._days = sorted(assessment_days)
        first = self._days[0] if self._days else date.today()
        last = self._days[-1] if self._days else date.today()
        self.since_edit = self._date_edit(first)
        self.until_edit = self._date_edit(last)
        self.paper_box = _paper_box(paper, self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow("From:", self.since_edit)
        form.addRow("To:", self.until_edit)
        form.addRow("Paper:", self.paper_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.accept_button = QPushButton("Preview…", self)
        self.accept_button.setDefault(True)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        for field in (self.since_edit, self.until_edit):
            # Left with the same date or with text that is no date, `edited` stays silent:
            # the summary is brought up to date whenever a field is left.
            field.line.editingFinished.connect(self._update)
        self._update()

    def _date_edit(self, day: date) -> DateField:
        """The period's ends are typed like every other date (the calendar is there too)."""
        edit = DateField(self, optional=False)
        edit.set_value(day)
        return edit

    def _update(self) -> None:
        problems = [(label, field.problem()) for label, field in
                    (("From", self.since_edit), ("To", self.until_edit))]
        wrong = [f"{label}: {problem}" for label, problem in problems if problem]
        if wrong:
            self.summary.setText(" ".join(wrong))
            self.accept_button.setEnabled(False)
            return
        since, until = self.period()
        inside = [day for day in self._days if since <= day <= until]
        if since > until:
            text, ok = "The start date is after the end date.", False
        elif not inside:
            text, ok = "No assessments in this period: choose a wider one.", False
        elif len(inside) == 1:
            text = (f"1 assessment ({format_day(inside[0])}): the report shows it, with "
                    "nothing to compare it with yet.")
            ok = True
        else:
            text = (f"{len(inside)} assessments: compares {format_day(inside[0])} with "
                    f"{format_day(inside[-1])}.")
            ok = True
        self.summary.setText(text)
        self.accept_button.setEnabled(ok)

    def period(self) -> tuple[date, date]:
        since, until = self.since_edit.value(), self.until_edit.value()
        assert since is not None and until is not None  # both required, set at the start
        return since, until

    def answer(self) -> ReportOptions:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.options()

    def options(self) -> ReportOptions:
        since, until = self.period()
        return ReportOptions(since, until, _paper_of(self.paper_box))
