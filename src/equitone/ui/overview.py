"""The patient page's Overview: contact details, then where the patient stands clinically.

Read through `services.overview` when the tab is shown (not on every patient switch); links
take the clinician to the tab that acts on what they read.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from equitone.domain.patients import Patient
from equitone.domain.types import STATE_PRIORITY, ToneState
from equitone.ui import style
from equitone.ui.record.timeline import VisitTimeline

if TYPE_CHECKING:
    from equitone.domain.catalog import Catalog
    from equitone.services.overview import PatientOverview
    from equitone.storage.database import Database

def _row(label: str, value: str) -> str:
    shown = html.escape(value).replace("\n", "<br>") if value else "<i>—</i>"
    return (f"<tr><td style='color:{style.MUTED};padding-right:12px'>{label}</td>"
            f"<td>{shown}</td></tr>")


def contact_html(patient: Patient) -> str:
    born = patient.date_of_birth.isoformat() if patient.date_of_birth else ""
    return (
        "<table cellspacing=4>"
        + _row("Name", patient.name)
        + _row("Date of birth", born)
        + _row("Phone", patient.phone)
        + _row("E-mail", patient.email)
        + _row("Address", patient.address)
        + _row("Notes", patient.notes)
        + "</table>"
    )


def clinical_html(overview: PatientOverview, catalog: Catalog) -> str:
    """The clinical summary as rich text; every stored text is escaped."""
    from equitone.domain.assessment import psfs_change_is_meaningful
    from equitone.domain.method import suggestion

    e = html.escape
    parts: list[str] = []
    latest = overview.latest
    if latest is None:
        parts.append(
            "<h3>Assessment</h3><p>No assessment yet. <a href='tab:assessment'>Record the "
            "first one</a> on the body map: tag each muscle side's tone, and the session "
            "designer suggests what to release and what to activate.</p>"
        )
    else:
        who = f" by {e(latest.clinician)}" if latest.clinician else ""
        signed = " · signed" if latest.signed else ""
        parts.append(
            f"<h3>Latest assessment — {latest.day.isoformat()}{who}{signed}</h3>"
            f"<p style='color:{style.MUTED}'>{overview.assessments} assessment(s) in all · "
            "<a href='tab:assessment'>open the body map</a></p>"
        )
        by_state: dict[ToneState, list[str]] = {}
        for tag in latest.tags:
            muscle = catalog.muscles.get(tag.muscle)
            name = muscle.name if muscle else tag.muscle
            score = f" {tag.tightness}/10" if tag.tightness is not None else ""
            advice = suggestion(catalog, tag.muscle, tag.states)
            also = "".join(f" + {o.state.value}" for o in tag.others)  # filed by its primary
            by_state.setdefault(tag.state, []).append(
                f"{e(name)} {tag.side.value[0].upper()}{also}{score} — {e(advice)}"
            )
        if by_state:
            rows = "".join(
                f"<tr><td style='padding-right:12px;vertical-align:top'><b>"
                f"{state.value.capitalize()}</b></td><td>{'<br>'.join(by_state[state])}"
                "</td></tr>"
                for state in STATE_PRIORITY
                if state in by_state
            )
            parts.append(f"<table cellspacing=3>{rows}</table>")
        else:
            parts.append("<p>No muscle tagged at this visit.</p>")
        if latest.findings:
            parts.append(f"<p><b>Findings:</b> {e(latest.findings)}</p>")
        psfs = latest.psfs_score
        if psfs is not None:
            change = overview.psfs_change
            since = ""
            if change is not None and overview.assessments > 1:
                meaningful = (" — a meaningful change" if psfs_change_is_meaningful(change)
                              else "")
                since = f" ({change:+.1f} since the first visit{meaningful})"
            parts.append(f"<p><b>PSFS:</b> {psfs:.1f}/10{since}</p>")
    parts.append("<h3>Sessions</h3>")
    if overview.sessions == 0:
        parts.append(
            "<p>No session yet. <a href='tab:session'>Design one</a>: drag exercises into "
            "the timeline and Equitone adds the relaxation each activation needs.</p>"
        )
    else:
        lines = [f"{overview.sessions} session(s), {overview.delivered} delivered."]
        if overview.upcoming is not None:
            s = overview.upcoming
            lines.append(
                f"Next: {s.day.isoformat()}, {s.status.value}, "
                f"{s.details.frequency_per_week}× per week, {len(s.blocks)} blocks."
            )
        if overview.last_delivered is not None:
            lines.append(f"Last delivered: {overview.last_delivered.day.isoformat()}.")
        parts.append(
            "<p>" + "<br>".join(lines) + " <a href='tab:session'>Open the designer</a></p>"
        )
    if overview.flags:
        count = len(overview.flags)
        newest = max(overview.flags, key=lambda f: f.session_day)
        parts.append(
            f"<h3 style='color:{style.ERROR}'>Needs attention</h3>"
            f"<p>Tightness rose after activation ({count} time{'s' if count > 1 else ''}). "
            f"Most recent: {e(newest.explanation)} <a href='tab:trends'>See the trend</a></p>"
        )
    return "".join(parts)


class OverviewTab(QWidget):
    """Contact details and notes, then the clinical summary (read when shown)."""

    tab_requested = Signal(str)  # "assessment" | "session" | "trends"
    record_requested = Signal(str, int)  # ("assessment" | "session", id) or ("visit", day ordinal)

    def __init__(self, db: Database | None = None) -> None:
        super().__init__()
        self.db = db
        self.patient: Patient | None = None
        self.details = QLabel()
        self.clinical = QLabel()
        for label in (self.details, self.clinical):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
        self.clinical.linkActivated.connect(self._link)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.details)
        column.addWidget(self.clinical)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.timeline = VisitTimeline()
        self.timeline.open_requested.connect(self._open_record)
        visits = QGroupBox("Visits, newest first")
        visits_layout = QVBoxLayout(visits)
        visits_layout.addWidget(self.timeline)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(visits)
        scroll.setMinimumWidth(340)  # the summary reads as prose: never squeezed to a column
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_patient(self, patient: Patient) -> None:
        self.show_contact(patient)
        self.refresh()

    def show_contact(self, patient: Patient) -> None:
        """The contact details only; reads nothing (the summary follows when shown)."""
        if self.patient is None or self.patient.id != patient.id:
            self.clinical.clear()
            self.timeline.set_visits([], None)
        self.patient = patient
        self.details.setText(contact_html(patient))

    def refresh(self) -> None:
        """Re-read the summary now if the tab is visible, else when it is next shown."""
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:
        """Every time: the other tabs may have changed what the summary says."""
        super().showEvent(event)
        self._load()

    def _load(self) -> None:
        if self.db is None or self.patient is None:
            self.clinical.clear()
            return
        from equitone.errors import EquitoneError
        from equitone.services.catalog import load_catalog
        from equitone.services.overview import patient_overview

        try:
            summary = patient_overview(self.db, self.patient.id)
        except EquitoneError as exc:  # e.g. the server went away: say so, keep the page
            self.clinical.setText(f"<p style='color:{style.ERROR}'>{html.escape(str(exc))}</p>")
            return
        catalog = load_catalog(self.db)
        self.clinical.setText(clinical_html(summary, catalog))
        self.timeline.set_visits(list(summary.visits), catalog)

    def _open_record(self, kind: str, value: int) -> None:
        if kind == "visit":
            row = self.timeline.timeline.row(value)
            if row is not None:
                self.record_requested.emit("visit", row.visit.day.toordinal())
            return
        self.record_requested.emit(kind, value)

    def _link(self, target: str) -> None:
        if target.startswith("tab:"):
            self.tab_requested.emit(target.removeprefix("tab:"))
