"""The Visit tab: one visit as a clinical record.

Left, the visits newest first. Right, for the chosen one: its SOAP notes (autosaved, read-only
once the assessment is signed), the patient's response per block when the day's session was in
the clinic, and the next-day report on the session before it (what the patient says at this
contact about how the activated muscles felt the following days).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.catalog import Catalog
from equitone.domain.patients import Patient
from equitone.domain.session import SessionRecord, SessionStatus
from equitone.domain.trends import format_day
from equitone.domain.visit_record import (
    BlockResponse,
    NextDayReport,
    VisitNotes,
    activated_sides,
)
from equitone.errors import EquitoneError, ServerUnavailableError
from equitone.services import responses, visit_notes
from equitone.services.catalog import load_catalog
from equitone.services.visits import Visit, visit_timeline
from equitone.storage.database import Database
from equitone.ui import prompts, style
from equitone.ui.fitting_scroll import FittingScrollArea
from equitone.ui.record.autosave import NotesAutosaver, SaveAnswer
from equitone.ui.record.next_day import NextDayTable
from equitone.ui.record.notes_editor import NotesEditor
from equitone.ui.record.responses import ResponseTable
from equitone.ui.sync.offline_notice import OfflineNotice


class VisitTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.patient: Patient | None = None
        self.visits: list[Visit] = []
        self.visit: Visit | None = None
        self.report_session: SessionRecord | None = None

        self.visit_list = QListWidget()
        self.visit_list.setObjectName("visitList")
        self.visit_list.currentRowChanged.connect(self._chosen)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel()
        self.status.setObjectName("notesStatus")
        self.status.setStyleSheet(style.text())
        self.editor = NotesEditor()
        self.phrases_button = QPushButton("Quick phrases…")
        self.phrases_button.setToolTip("Save a phrase under a short key; type ;key and a space "
                                       "in a note to insert it (Ctrl+Space lists them)")
        self.phrases_button.clicked.connect(self.edit_phrases)
        notes_box = QGroupBox("Visit notes")
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.addWidget(self.editor)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.phrases_button)
        notes_layout.addLayout(bar)

        self.response_table = ResponseTable()
        self.response_table.save = self._save_response
        self.response_box = QGroupBox("The patient's response, block by block")
        response_layout = QVBoxLayout(self.response_box)
        hint = QLabel("Type in a cell, Enter or Tab to go on: d / m / s for done, modified, "
                      "skipped; pain and effort (RPE) 0–10; a short note.")
        hint.setWordWrap(True)
        hint.setStyleSheet(style.text())
        response_layout.addWidget(hint)
        response_layout.addWidget(self.response_table)

        self.next_day_table = NextDayTable()
        self.next_day_table.save = self._save_next_day
        self.next_day_box = QGroupBox("Next-day report")
        next_layout = QVBoxLayout(self.next_day_box)
        self.next_day_label = QLabel()
        self.next_day_label.setWordWrap(True)
        self.next_day_label.setStyleSheet(style.text())
        next_layout.addWidget(self.next_day_label)
        next_layout.addWidget(self.next_day_table)
        for table in (self.response_table, self.next_day_table):
            table.problem.connect(self._problem)

        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.title)
        column.addWidget(notes_box, 5)
        column.addWidget(self.response_box, 3)
        column.addWidget(self.next_day_box, 0)
        # Notes, responses and the next-day report stacked need more height than a 1280 x 720
        # screen leaves the tab: the column scrolls there instead of forcing the whole window
        # taller than the screen.
        right_scroll = FittingScrollArea(right)
        right_scroll.setObjectName("visitColumn")
        self.column_scroll = right_scroll
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.visit_list)
        split.addWidget(right_scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 800])
        self.offline = OfflineNotice()
        layout = QVBoxLayout(self)
        layout.addWidget(self.offline)
        layout.addWidget(split)

        self.autosaver = NotesAutosaver(db, self)
        self.editor.edited.connect(self._typed)
        self.autosaver.saved.connect(self._notes_saved)
        self.autosaver.failed.connect(self._notes_failed)

    # ---------------------------------------------------------------- loading
    def show_patient(self, patient: Patient) -> None:
        changed = self.patient is None or self.patient.id != patient.id
        self.patient = patient
        if changed:
            self.visits, self.visit = [], None
            self.visit_list.clear()
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def is_editing(self) -> bool:
        """Typing in a note or a cell, or a note not saved yet: a refresh waits."""
        from equitone.ui.sync.refresh import typing_in, view_editing

        return (self.autosaver.dirty or typing_in(self) or view_editing(self.response_table)
                or view_editing(self.next_day_table))

    def reload_from_store(self) -> None:
        self.reload()

    def reload(self, day: date | None = None) -> None:
        if self.patient is None:
            return
        keep = day or (self.visit.day if self.visit is not None else None)
        try:
            self.visits = visit_timeline(self.db, self.patient.id)
            self.editor.set_phrases(visit_notes.list_phrases(self.db))
        except ServerUnavailableError:
            self.offline.went_offline(self.db)  # what was read before stays shown, read-only
            if self.visit is not None:
                self.editor.show_notes(self.editor.notes(), read_only=True)
            return
        except EquitoneError as exc:
            prompts.bridge.error(self, "Visit", str(exc))
            return
        self.offline.hide()
        self.visit_list.blockSignals(True)
        self.visit_list.clear()
        for visit in self.visits:
            parts = [p for p in ("assessment" if visit.assessment else "",
                                 "session" if visit.session else "") if p]
            item = QListWidgetItem(f"{format_day(visit.day)}\n{' + '.join(parts)}")
            item.setSizeHint(item.sizeHint().expandedTo(QSize(0, 3 * self.fontMetrics().height())))
            self.visit_list.addItem(item)
        self.visit_list.blockSignals(False)
        row = next((n for n, v in enumerate(self.visits) if v.day == keep), 0)
        if self.visits:
            self.visit_list.setCurrentRow(row)
            self._chosen(row)
        else:
            self.title.setText(f"{self.patient.name} — no visits yet")
            self.editor.show_notes(VisitNotes(), read_only=True,
                                   banner="Record an assessment or a session first.")
            self.response_box.hide()
            self.next_day_box.hide()

    def show_day(self, day: date) -> None:
        """The Overview's timeline: open this visit."""
        self.reload(day)

    def _chosen(self, row: int) -> None:
        if not 0 <= row < len(self.visits) or self.patient is None:
            return
        visit = self.visits[row]
        self.visit = visit
        self.title.setText(f"{self.patient.name} — visit of {format_day(visit.day)}")
        catalog = load_catalog(self.db)
        self._show_notes(visit)
        session = visit.session
        if session is not None and session.details.in_clinic:
            self.response_table.show_blocks(session.blocks, catalog, visit.responses)
            self.response_box.show()
        else:
            self.response_box.hide()
        self._show_next_day(visit, catalog)

    def _show_notes(self, visit: Visit) -> None:
        assessment = visit.assessment
        if assessment is None:
            self.autosaver.start(None, visit.notes)
            self.editor.show_notes(visit.notes, read_only=True, banner=(
                "Notes are kept and signed with the visit's assessment: record the "
                "assessment of this day on the Assessment tab to write them."))
            self.status.clear()
            return
        self.autosaver.start(assessment.id, visit.notes)
        if assessment.signed:
            when = assessment.signed_at.strftime("%Y-%m-%d") if assessment.signed_at else ""
            banner = (f"Signed by {assessment.signed_by} on {when}: read-only. Amend the "
                      "assessment on the History tab to correct them.")
            self.editor.show_notes(visit.notes, read_only=True, banner=banner)
        else:
            self.editor.show_notes(visit.notes, read_only=False)
        self.status.setText("Saved" if not visit.notes.empty else "Saved as you type")

    def _show_next_day(self, visit: Visit, catalog: Catalog) -> None:
        earlier = [v.session for v in self.visits
                   if v.session is not None and v.session.status is SessionStatus.DELIVERED
                   and v.day < visit.day]
        same_day = visit.session if (visit.session is not None and visit.session.status
                                     is SessionStatus.DELIVERED) else None
        target = earlier[0] if earlier else same_day
        self.report_session = target
        if target is None:
            self.next_day_box.hide()
            return
        sides = activated_sides(target.blocks, catalog.exercises)
        if not sides:
            self.next_day_box.hide()
            return
        reports = next(v.reported for v in self.visits if v.session is target)
        on = max(visit.day, target.day)
        told = min(on, date.today())
        self.next_day_label.setText(
            f"How the muscles the session of {format_day(target.day)} activated felt the "
            f"following days; what is entered here is dated {format_day(told)}. Space ticks "
            "a box.")
        self.next_day_table.show_sides(sides, catalog, reports, told)
        self.next_day_table.fit_rows()
        self.next_day_box.show()

    # ---------------------------------------------------------------- notes
    def _typed(self, notes: VisitNotes) -> None:
        self.status.setText("Saving…")
        self.autosaver.edited(notes)

    def _notes_saved(self, answer: SaveAnswer) -> None:
        if self.visit is None or self.visit.assessment is None or (
                answer.assessment_id != self.visit.assessment.id) or answer.saved is None:
            return
        typed_on = self.editor.notes() != answer.sent
        if answer.saved.merged and not typed_on:
            self.editor.show_notes(answer.saved.notes, read_only=False)
        if answer.saved.merged:
            self.status.setText("Saved — merged with text typed on another workstation"
                                + ("" if answer.saved.clean else " (both versions kept, marked)"))
        elif not self.autosaver.dirty:
            self.status.setText("Saved")

    def _notes_failed(self, error: str) -> None:
        self.status.setText(f"Not saved yet: {error} Your text stays here and is tried again.")

    def edit_phrases(self) -> None:
        text = prompts.bridge.text(
            self, "Quick phrase", "Key and phrase, e.g.  gm Glute med activation tolerated well."
            "\n(an existing key is replaced; a key alone deletes it)", "")
        if text is None or not text.strip():
            return
        key, _, phrase = text.strip().partition(" ")
        try:
            if phrase.strip():
                visit_notes.save_phrase(self.db, key, phrase)
            else:
                visit_notes.delete_phrase(self.db, key)
        except EquitoneError as exc:
            prompts.bridge.error(self, "Quick phrase", str(exc))
            return
        self.editor.set_phrases(visit_notes.list_phrases(self.db))

    # ---------------------------------------------------------------- responses
    def _save_response(self, response: BlockResponse) -> BlockResponse:
        assert self.visit is not None and self.visit.session is not None
        return responses.record_response(self.db, self.visit.session.id, response)

    def _save_next_day(self, report: NextDayReport) -> NextDayReport:
        assert self.report_session is not None
        return responses.record_next_day(self.db, self.report_session.id, report)

    def _problem(self, text: str) -> None:
        prompts.bridge.error(self, "Not saved", text)
