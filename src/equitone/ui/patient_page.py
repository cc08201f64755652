"""The patient page: a header with who this is, and tabs where the clinical work happens."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.patients import Patient
from equitone.services.changes import Change
from equitone.ui import style
from equitone.ui.operations import Operations
from equitone.ui.overview import OverviewTab

if TYPE_CHECKING:
    from equitone.storage.database import Database
    from equitone.ui.assessment import AssessmentTab
    from equitone.ui.designer import SessionTab
    from equitone.ui.history import HistoryTab
    from equitone.ui.record.tab import VisitTab
    from equitone.ui.trends import TrendsTab


class PatientHeader(QWidget):
    edit_requested = Signal()
    archive_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setStyleSheet(style.text())
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the patient's details (Ctrl+E)")
        self.archive_button = QPushButton("Archive")
        self.edit_button.clicked.connect(self.edit_requested)
        self.archive_button.clicked.connect(self.archive_requested)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        row = QHBoxLayout(self)
        row.addLayout(text, 1)
        row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignTop)

    def show_patient(self, patient: Patient) -> None:
        self.title.setText(patient.name + ("  — archived" if patient.archived else ""))
        parts = []
        age = patient.age_on(date.today())
        if patient.date_of_birth:
            parts.append(f"born {patient.date_of_birth.isoformat()} ({age} years)")
        parts.extend(p for p in (patient.phone, patient.email) if p)
        self.subtitle.setText("   ·   ".join(parts) or "No contact details yet")
        self.archive_button.setText("Restore" if patient.archived else "Archive")
        self.archive_button.setToolTip(
            "Bring the patient back to the working list"
            if patient.archived
            else "Hide from the working list; nothing is deleted"
        )


class PatientPage(QWidget):
    def __init__(self, db: Database | None = None, ops: Operations | None = None) -> None:
        super().__init__()
        self.header = PatientHeader()
        self.tabs = QTabWidget()
        self.overview = OverviewTab(db)
        self.tabs.addTab(self.overview, "&Overview")
        self.overview.tab_requested.connect(self.show_tab)
        self.overview.record_requested.connect(self.open_record)
        if ops is not None:
            ops.listen(self.on_change, self)
        self.assessment: AssessmentTab | None = None
        if db is not None and ops is not None:
            from equitone.ui.assessment import AssessmentTab

            self.assessment = AssessmentTab(db, ops)
            self.tabs.addTab(self.assessment, "&Assessment")
        self.session: SessionTab | None = None
        if db is not None and ops is not None:
            from equitone.ui.designer import SessionTab

            self.session = SessionTab(db, ops)
            self.tabs.addTab(self.session, "&Session")
        self.visit: VisitTab | None = None
        if db is not None:
            from equitone.ui.record.tab import VisitTab

            self.visit = VisitTab(db)
            self.tabs.addTab(self.visit, "&Visit")
        self.trends: TrendsTab | None = None
        if db is not None:
            from equitone.ui.trends import TrendsTab

            self.trends = TrendsTab(db, ops)
            self.tabs.addTab(self.trends, "&Trends")
            self.trends.session_requested.connect(self.open_session)
        self.history: HistoryTab | None = None
        if db is not None:
            from equitone.ui.history import HistoryTab

            self.history = HistoryTab(db, ops)
            self.tabs.addTab(self.history, "&History")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.patient: Patient | None = None

    def show_patient(self, patient: Patient) -> None:
        self.patient = patient
        self.header.show_patient(patient)
        self.overview.show_patient(patient)
        if self.assessment is not None:
            self.assessment.show_patient(patient)
        if self.session is not None:
            self.session.show_patient(patient)
        if self.visit is not None:
            self.visit.show_patient(patient)
        if self.trends is not None:
            self.trends.show_patient(patient)
        if self.history is not None:
            self.history.show_patient(patient)

    def show_tab(self, name: str) -> None:
        """The Overview's links: "assessment", "session" or "trends"."""
        tab = {"assessment": self.assessment, "session": self.session, "trends": self.trends,
               "visit": self.visit}
        target = tab.get(name)
        if target is not None:
            self.tabs.setCurrentWidget(target)

    def open_record(self, kind: str, value: int) -> None:
        """The Overview's visit timeline: ("assessment" | "session", id) opens that record in
        its tab, ("visit", the day's ordinal) the visit on the Visit tab."""
        if kind == "session":
            self.open_session(value)
        elif kind == "assessment" and self.assessment is not None:
            self.tabs.setCurrentWidget(self.assessment)
            self.assessment.reload(select_id=value)
        elif kind == "visit" and self.visit is not None:
            from datetime import date as day_type

            self.tabs.setCurrentWidget(self.visit)
            self.visit.show_day(day_type.fromordinal(value))

    def open_session(self, session_id: int) -> None:
        """A rising-tightness flag's "Open session": show the session that activated it."""
        if self.session is None:
            return
        self.tabs.setCurrentWidget(self.session)  # shown first: the tab loads when visible
        self.session.reload(select_id=session_id)

    def show_details(self, patient: Patient) -> None:
        """Header and overview only (reads nothing): an edit that waits for the server, or
        staying on this patient while the server is unreachable."""
        self.patient = patient
        self.header.show_patient(patient)
        self.overview.show_contact(patient)

    def refresh_from_store(self, patient: Patient) -> bool:
        """Another workstation changed this patient's records: show what is stored now, in
        every tab but one the clinician is typing in (returns False then: ask again later)."""
        from equitone.ui.sync.refresh import Refreshable

        self.show_details(patient)
        done = True
        for tab in (self.assessment, self.session, self.visit, self.trends, self.history):
            if tab is None:
                continue
            if isinstance(tab, Refreshable):
                if tab.is_editing():
                    done = False
                else:
                    tab.reload_from_store()
            else:
                tab.show_patient(patient)
        return done

    def on_change(self, change: Change) -> None:
        """Anything of this patient changed (here or elsewhere): the overview's summary
        follows when it is shown (the other tabs decide for themselves)."""
        if self.patient is not None and change.touches(self.patient.id):
            self.overview.refresh()
