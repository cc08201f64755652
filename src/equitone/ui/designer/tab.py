"""The Session tab: the library, the timeline of the shown session and the inspector, with
the session's details above — every edit one undo step on the window's stack, saved at once.

Data flow (docs/architecture.md): a drop, key or menu → a pure edit (domain/session_edits.py)
→ an undo command (`commands`) → `preview` (the pure engine on the new contents, repainted at
once) → `services.sessions` (one transaction; the engine again on what is stored) → a
`Change` on the window's change bus → `on_change` → `show_record`. Nothing here edits the
timeline "optimistically" beyond the preview, which the stored record then confirms or
corrects.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from equitone.domain import wording
from equitone.domain.catalog import Template
from equitone.domain.patients import Patient
from equitone.domain.sequencing import (
    Block,
    BlockSide,
    PlanWarning,
    Proposal,
    SessionPlan,
    Swap,
    dose_seconds,
)
from equitone.domain.session import SessionDetails, SessionRecord, SessionStatus
from equitone.domain.session_edits import SessionState
from equitone.domain.suggestions import suggest
from equitone.domain.types import Exercise
from equitone.errors import EquitoneError
from equitone.services import patients as patient_service
from equitone.services import sessions as service
from equitone.services import templates
from equitone.services.assessments import latest_assessment
from equitone.services.catalog import load_catalog
from equitone.services.changes import Change, Entity, Origin
from equitone.storage.database import Database
from equitone.ui import prompts, style
from equitone.ui.designer import dialogs, mime
from equitone.ui.designer.actions import TimelineActions
from equitone.ui.designer.editing import SessionEditor, describe_dismissal
from equitone.ui.designer.figures import FigureCache
from equitone.ui.designer.inspector import Inspector
from equitone.ui.designer.library_panel import LibraryPanel
from equitone.ui.designer.lifecycle import SessionLifecycle
from equitone.ui.designer.panels import EmptySessions, NoticeBar
from equitone.ui.designer.proposals import ProposalBar
from equitone.ui.designer.session_bar import SessionBar
from equitone.ui.designer.timeline_model import CARD_ROLE, Card, TimelineModel
from equitone.ui.designer.timeline_view import TimelineView
from equitone.ui.edits import Clash
from equitone.ui.operations import Operations

HINT = "Drag to reorder · Enter in the library adds · F2 dose · Ctrl+↑/↓ move · Del remove"


class SessionTab(QWidget):
    def __init__(
        self, db: Database, ops: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.ops, self.undo_stack = db, ops, ops.undo_stack
        self.catalog = load_catalog(db)
        self.patient: Patient | None = None
        self.records: list[SessionRecord] = []
        self._record: SessionRecord | None = None
        self.context: service.DesignContext | None = None
        self.loaded = False
        self._quiet = False
        self.context_menu: QMenu | None = None
        ops.listen(self.on_change, self)
        # Changes waiting for the server, oldest first: (session id, its contents then).
        self.waiting: list[tuple[int, SessionState | None]] = []
        self.editor = SessionEditor(self)
        self.lifecycle = SessionLifecycle(self, self)

        self.empty = EmptySessions()
        self.bar = SessionBar()
        self.banner = NoticeBar("readOnlyBanner", "notice", "New version")
        self.stale = NoticeBar("staleNotice", "info", "Update")
        self.proposals = ProposalBar()
        self.library = LibraryPanel()
        self.model = TimelineModel()
        self.model.editor = self.editor
        self.timeline = TimelineView()
        self.timeline.setModel(self.model)
        self.timeline_actions = TimelineActions(
            self.timeline, self.editor, lambda: self.catalog, self.current_block,
            self.edit_dose, lambda: self.context, self.set_relax_after,
        )
        a = self.timeline_actions
        self.inspector = Inspector([a.edit_dose, a.swap, a.dismiss, a.unpin, a.duplicate,
                                    a.delete, a.up, a.down, a.reciprocal, a.relax_after])
        self.figures = FigureCache()
        self.timeline.card_delegate.figures = self.figures
        self.library.set_figures(self.figures)
        self.status = QLabel()
        self.status.setObjectName("designerStatus")
        self._hint()
        self._build_layout()
        self._connect()
        self.model.set_catalog(self.catalog.exercises, self.catalog.muscles)
        self.library.set_catalog(self.catalog)

    def _build_layout(self) -> None:
        heading = QLabel("Time&line")
        heading.setBuddy(self.timeline)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 4, 0)
        middle_layout.addWidget(heading)
        middle_layout.addWidget(self.timeline, 1)
        middle_layout.addWidget(self.status)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.inspector)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([290, 600, 290])
        self.splitter.setChildrenCollapsible(False)
        work = QWidget()
        layout = QVBoxLayout(work)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.stale)
        layout.addWidget(self.proposals)
        layout.addWidget(self.splitter, 1)
        self.work = work
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(work)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.stack)

    def _connect(self) -> None:
        bar = self.bar
        self.empty.new_blank.clicked.connect(self.new_session)
        self.empty.from_template.clicked.connect(self.new_from_template)
        bar.act_new_blank.triggered.connect(lambda _c=False: self.new_session())
        bar.act_new_template.triggered.connect(lambda _c=False: self.new_from_template())
        bar.new_version.clicked.connect(self.new_version)
        bar.save_template.clicked.connect(self.save_as_template)
        bar.delete_draft.clicked.connect(self.delete_draft)
        bar.picker.activated.connect(self._picked)
        details = self.lifecycle.commit_details
        bar.date.edited.connect(lambda _d: details())
        bar.frequency.editingFinished.connect(details)
        bar.in_clinic.toggled.connect(lambda _on: details())
        bar.pre_sport.toggled.connect(lambda _on: details())
        bar.relax_after.toggled.connect(lambda on: self.set_relax_after(None, on))
        self.proposals.answerRequested.connect(self.editor.answer)
        self.proposals.withdrawRequested.connect(self.editor.withdraw)
        bar.status.activated.connect(lambda _i: self.lifecycle.status_chosen())
        self.banner.button.clicked.connect(self.new_version)
        self.stale.button.clicked.connect(self.editor.refresh)
        self.library.addRequested.connect(self.add_payload)
        self.library.newExerciseRequested.connect(lambda: self.own_exercise(None))
        self.library.editExerciseRequested.connect(self.own_exercise)
        self.inspector.restoreRequested.connect(self.editor.restore)
        self.inspector.sideChosen.connect(self._side_chosen)
        selection = self.timeline.selectionModel()
        selection.currentChanged.connect(
            lambda _c, _p: None if self._quiet else self._current_changed()
        )
        self.timeline.customContextMenuRequested.connect(self._context_menu)
        menu_key = QAction("Card menu", self.timeline)
        menu_key.setShortcuts([QKeySequence(Qt.Key.Key_Menu), QKeySequence("Shift+F10")])
        menu_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        menu_key.triggered.connect(lambda _c=False: self._context_menu(QPoint(-1, -1)))
        self.timeline.addAction(menu_key)
        search = QShortcut(QKeySequence("Ctrl+L"), self)
        search.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        search.activated.connect(self.focus_search)

    # ------------------------------------------------------------------ loading
    @property
    def record(self) -> SessionRecord | None:
        return self._record

    def show_patient(self, patient: Patient) -> None:
        """Show `patient`'s sessions — read when the tab is first shown, not before, so
        going through the patient list stays as fast as it was."""
        changed = self.patient is None or self.patient.id != patient.id
        self.patient = patient
        self.empty.show_patient(patient)
        if changed:
            self._record = None
            self.records = []
            self.library.reset_filters()  # the last patient's search is not this one's
        self.loaded = False
        if self.isVisible():
            self._load_or_offline()

    def _load_or_offline(self, *, again: bool = False) -> None:
        """Load (or re-read what the engine reads); with the server away, show what was
        loaded before — or, when nothing was, say so — and let the window know it is
        offline. Never raises to the exception hook from a show handler."""
        from equitone.errors import ServerUnavailableError
        from equitone.services.write_gate import gate_for

        try:
            if again and self._record is not None:
                self.refresh_context()
                self._show_banner(self._record)
            else:
                self.load()
        except ServerUnavailableError:
            gate_for(self.db).note_offline()
            if self._record is None:
                self.loaded = False  # read again when shown again
                self.empty.show_offline()
                self.stack.setCurrentWidget(self.empty)
            else:
                self.bar.show_saved("Offline — showing what was read before")

    def load(self) -> None:
        self.loaded = True
        self.refresh_context()
        self.reload()

    def refresh_context(self) -> None:
        """Re-read the catalog, the latest assessment and the preferences (the engine's
        inputs) and the suggestions drawn from them; cheap enough on every tab switch."""
        if self.patient is None:
            return
        catalog = load_catalog(self.db)
        if catalog is not self.catalog:
            self.catalog = catalog
            self.model.set_catalog(catalog.exercises, catalog.muscles)
            self.library.set_catalog(catalog)
        details = self._record.details if self._record else SessionDetails(date.today())
        self.context = service.design_context(self.db, self.patient.id, details)
        latest = latest_assessment(self.db, self.patient.id)
        if self.figures.set_states(latest.states() if latest is not None else {}):
            self.timeline.viewport().update()  # a muscle's colour follows its new tag
            self.library.library.viewport().update()
            self._current_changed()
        if latest is None:
            found, note = [], "No assessment yet: tag muscles in the Assessment tab first."
        else:
            found = suggest(self.catalog, latest.tags, self.context.preferences)
            note = "" if found else (
                f"The assessment of {latest.day.isoformat()} tags no underactive or "
                "overactive muscle."
            )
        self.library.set_suggestions(found, self.catalog, note)

    def own_exercise(self, exercise: Exercise | None) -> None:
        """New exercise… / Edit…: the dialog stores it; the library shows it chosen, and the
        timeline's cards of an edited one take its new name and picture."""
        saved = self.ask_exercise(exercise)
        if saved is None:
            return
        catalog = load_catalog(self.db)
        self.catalog = catalog
        self.model.set_catalog(catalog.exercises, catalog.muscles)
        self.library.set_catalog(catalog)
        self.library.select_exercise(saved.slug)
        self.timeline.viewport().update()
        self._current_changed()

    def reload(self, select_id: int | None = None) -> None:
        """Re-read the patient's sessions; show `select_id` (default: keep the shown one if
        it still exists, else the newest)."""
        if self.patient is None:
            return
        self.records = service.list_sessions(self.db, self.patient.id)
        ids = [r.id for r in self.records]
        if select_id not in ids:
            select_id = self._record.id if self._record and self._record.id in ids else None
        if select_id is None and ids:
            select_id = ids[0]
        if select_id is None:
            self._record = None
            self.empty.show_patient(self.patient)  # (it may have said "offline")
            self.stack.setCurrentWidget(self.empty)
            self.model.set_plan(None, (), read_only=True)
            return
        self.show_record(service.get_session(self.db, select_id))

    def show_record(
        self, record: SessionRecord, focus: str | None = None, *, saved: bool = False
    ) -> None:
        previous = self._record
        self._record = record
        self.records = [record if r.id == record.id else r for r in self.records]
        if self.context is not None:
            self.context = self.context.for_details(record.details)
        self.stack.setCurrentWidget(self.work)
        self.bar.set_sessions(self.records, record.id)
        self.bar.show_record(record)
        same = (
            previous is not None
            and previous.id == record.id
            and self.model.blocks == record.blocks
            and self.model.read_only == record.read_only
            and self._shown_warnings == record.warnings
        )
        if not same:  # the preview already shows exactly this: no second reset
            self._show_plan(record.id, record.blocks, record.warnings, record.read_only, focus,
                            proposals=record.proposals, swaps=record.swaps)
        else:
            self._show_session_notes(record.blocks, record.warnings, record.proposals)
        self._show_banner(record)
        if record.read_only:
            self.bar.show_saved("")
        elif saved:
            self.bar.show_saved(f"Saved {datetime.now():%H:%M:%S}")
        elif previous is None or previous.id != record.id:
            self.bar.show_saved("Saved as you go")

    _shown_warnings: tuple[PlanWarning, ...] = ()

    def _show_plan(
        self,
        session_id: int,
        blocks: Sequence[Block],
        warnings: Sequence[PlanWarning],
        read_only: bool,
        focus: str | None,
        *,
        timeline_first: bool = False,
        proposals: Sequence[Proposal] = (),
        swaps: Sequence[Swap] = (),
    ) -> None:
        """The plan into the timeline, then the panels that describe it. `timeline_first`
        paints the timeline before the panels are refilled, so the frame that shows a drop's
        result is not held up by the inspector's rich text (they follow a moment later)."""
        row = self.timeline.currentIndex().row()
        self._quiet = True  # the selection set below would refill the inspector: later
        try:
            self.model.set_plan(session_id, blocks, warnings, read_only=read_only, swaps=swaps)
            self._shown_warnings = tuple(warnings)
            target = self.model.row_of(focus) if focus is not None else -1
            if target < 0 and row >= 0 and self.model.rowCount():
                target = min(row, self.model.rowCount() - 1)
            if target >= 0:
                index = self.model.index(target, 0)
                self.timeline.setCurrentIndex(index)
                self.timeline.scrollTo(index)
        finally:
            self._quiet = False
        if timeline_first:
            self.timeline.show_now()
        self._show_session_notes(blocks, warnings, proposals)
        self._current_changed()

    def _show_session_notes(
        self,
        blocks: Sequence[Block],
        warnings: Sequence[PlanWarning],
        proposals: Sequence[Proposal] = (),
    ) -> None:
        seconds = sum(dose_seconds(b.dose) for b in blocks)
        limit = self.context.preferences.session_limit_minutes if self.context else 0
        self.bar.show_duration(seconds, len(blocks), wording.duration_text(seconds), limit)
        record = self._record
        read_only = record is None or record.read_only
        dismissed = []
        if record is not None:
            dismissed = [(d, describe_dismissal(self.catalog, record, d))
                         for d in record.dismissals]
        self.inspector.show_session(
            [w for w in warnings if w.block_id is None], dismissed, read_only=read_only
        )
        self.proposals.show_proposals(proposals, read_only=read_only)
        if self.patient is not None:
            self.bar.show_patient_setting(self.patient.relax_after_every_activation,
                                          not read_only)

    def _show_banner(self, record: SessionRecord) -> None:
        if record.read_only:
            self.banner.show_text(
                f"Delivered on {record.day.isoformat()} — this session is read-only. "
                "“New version” makes an editable copy; this one stays as it was delivered."
            )
        else:
            self.banner.hide()
        stale = False
        if not record.read_only and self.context is not None:
            fresh = self.context.run(record.blocks, record.dismissals, record.overrides,
                                     record.responses)
            stale = fresh.blocks != record.blocks
        if stale:
            self.stale.show_text(
                "The latest assessment changes this session's automatic blocks. "
                "“Update” applies it (one undo step)."
            )
        else:
            self.stale.hide()

    # ------------------------------------------------------------------ what the commands say
    def preview(self, session_id: int, state: SessionState, focus: str | None) -> None:
        """Show the engine's result for `state` at once, before the save: a pure run."""
        record = self._record
        if record is None or record.id != session_id or self.context is None:
            return
        plan: SessionPlan = self.context.for_details(state.details).run(
            state.blocks, state.dismissals, state.overrides, state.responses
        )
        self._show_plan(session_id, plan.blocks, plan.warnings, False, focus, timeline_first=True,
                        proposals=plan.proposals, swaps=plan.swaps)

    def on_change(self, change: Change) -> None:
        """Sessions changed here (an edit of this tab, its undo, a delivery). Another
        workstation's changes come through the window, which leaves a tab being typed in
        alone (`reload_from_store`)."""
        if change.origin is Origin.ELSEWHERE or not change.about(Entity.SESSION):
            return
        if change.pending:
            assert change.record_id is not None
            state = change.detail
            assert state is None or isinstance(state, SessionState)
            self._pending(change.record_id, state)
            return
        if self.patient is None or not change.touches(self.patient.id) or not self.loaded:
            return
        record = change.detail if isinstance(change.detail, SessionRecord) else None
        session_id = change.record_id
        self._hint()
        if record is not None:
            self._written(record.id)
        known = record is not None and any(r.id == record.id for r in self.records)
        if record is not None and known and self._record is not None:
            focus = self._current_id()
            if self._record.id != record.id:
                self.reload(record.id)
            elif not self._show_waiting(record):
                self.show_record(record, focus, saved=True)
            return
        self.reload(session_id)

    def refused(self, message: str) -> None:
        from equitone.errors import ServerUnavailableError

        prompts.bridge.error(self, "Session", message)
        with contextlib.suppress(ServerUnavailableError):  # gone: keep showing what was loaded
            self.reload()

    def _pending(self, session_id: int, state: SessionState | None) -> None:
        """A change waits for the server: keep showing it (the preview), marked, and let the
        next edit build on it. Nothing is read: the server cannot be reached."""
        self.waiting.append((session_id, state))
        record = self._record
        if record is not None and record.id == session_id:
            self._show_waiting(record)

    def _written(self, session_id: int) -> None:
        """The oldest waiting change of this session was written (or refused)."""
        for n, (waiting_id, _state) in enumerate(self.waiting):
            if waiting_id == session_id:
                del self.waiting[n]
                return

    def _show_waiting(self, record: SessionRecord) -> bool:
        """Show `record` with the newest change still waiting for it; False if none waits."""
        from equitone.services.write_gate import gate_for

        if not gate_for(self.db).waiting:
            self.waiting.clear()  # written, or dropped after a refusal that was reported
        states = [state for i, state in self.waiting if i == record.id]
        if not states:
            return False
        state = next((x for x in reversed(states) if x is not None), None)
        if state is not None and self.context is not None:
            plan = self.context.for_details(state.details).run(
                state.blocks, state.dismissals, state.overrides, state.responses)
            record = replace(record, blocks=plan.blocks, details=state.details,
                             dismissals=state.dismissals, overrides=state.overrides,
                             responses=state.responses, warnings=plan.warnings,
                             proposals=plan.proposals, swaps=plan.swaps)
        self.show_record(record, self._current_id())
        self.bar.show_saved("Offline — not saved yet, kept here")
        return True

    def clashed(self, clash: Clash) -> None:
        """Another workstation changed this session: show theirs, then ask (after the undo
        stack has finished its step) whether to put this edit on top."""
        from PySide6.QtCore import QTimer

        self._written(clash.record_id)
        self.reload(clash.record_id)
        QTimer.singleShot(0, lambda: self._resolve(clash))

    def _resolve(self, clash: Clash) -> None:
        from equitone.ui.sync.conflict import Resolution, resolve

        answer = resolve(self, "Changed on another workstation", str(clash.error), clash.what)
        if answer is Resolution.MINE_ON_TOP:
            current = service.get_session(self.db, clash.record_id)
            self.undo_stack.push(clash.reapply(current))

    # ------------------------------------------------------------------ other workstations
    def is_editing(self) -> bool:
        """Typing in the details, a dose editor open on the timeline, or the inspector."""
        from equitone.ui.sync.refresh import typing_in, view_editing

        return view_editing(self.timeline) or typing_in(self.bar, self.inspector)

    def reload_from_store(self) -> None:
        """Another workstation changed this patient's sessions or assessment: show them (the
        shown session and the selected card stay). Not yet loaded: it loads when shown."""
        if self.patient is not None and self.loaded:
            self.refresh_context()
            self.reload()

    # ------------------------------------------------------------------ questions
    def ask_dismiss_reason(self, what: str) -> str | None:
        return dialogs.ask_dismiss_reason(self, what)

    def ask_muscle(self, exercise: Exercise) -> str | None:
        return dialogs.ask_muscle(self, exercise, self.catalog.muscles)

    def ask_template(self, entries: Sequence[templates.TemplateEntry]) -> Template | None:
        return dialogs.ask_template(self, entries)

    def ask_template_name(self, suggested: str) -> tuple[str, str] | None:
        return dialogs.ask_template_name(self, suggested)

    def ask_proposal_reason(self, proposal: Proposal, accept: bool) -> str | None:
        return dialogs.ask_proposal_reason(self, proposal, accept)

    def ask_acknowledgement(
        self, status: SessionStatus, warnings: Sequence[PlanWarning]
    ) -> bool:
        return dialogs.ask_acknowledgement(self, status, warnings)

    def ask_exercise(self, exercise: Exercise | None) -> Exercise | None:
        """A new own exercise (``exercise`` None) or that one edited; None when cancelled."""
        return dialogs.ask_exercise(self, self.db, self.catalog, exercise)

    def report(self, message: str) -> None:
        """A one-line answer under the timeline (why nothing happened, what was saved)."""
        self.status.setStyleSheet(style.text(style.WARNING))
        self.status.setText(message)

    def _hint(self) -> None:
        self.status.setStyleSheet(style.text())
        self.status.setText(HINT)

    # ------------------------------------------------------------------ the timeline
    def _current_id(self) -> str | None:
        block = self.current_block()
        return block.id if block is not None else None

    def current_card(self) -> Card | None:
        card = self.timeline.currentIndex().data(CARD_ROLE)
        return card if isinstance(card, Card) else None

    def current_block(self) -> Block | None:
        card = self.current_card()
        return card.block if card is not None else None

    def _current_changed(self) -> None:
        card = self.current_card()
        pictures = self.figures.block(card.block, card.exercise) if card is not None else ()
        self.inspector.show_card(card, pictures)
        self.inspector.show_side(card.block if card else None, read_only=self.model.read_only)
        self.timeline_actions.update(
            card.block if card else None,
            read_only=self.model.read_only,
            row=self.timeline.currentIndex().row(),
            rows=self.model.rowCount(),
        )
        self.inspector.show_buttons(self.timeline_actions.relevant)

    def _side_chosen(self, block_id: str, side: BlockSide) -> None:
        if not self.editor.set_side(block_id, side):
            self._current_changed()  # refused or unchanged: the box shows the stored side again

    def _context_menu(self, pos: QPoint) -> None:
        """Right-click, the Menu key or Shift+F10: the selected card's actions, at the card
        (a keyboard request gives no useful point of its own)."""
        if not self.timeline_actions.relevant:
            return
        if not self.timeline.indexAt(pos).isValid():
            rect = self.timeline.visualRect(self.timeline.currentIndex())
            pos = QPoint(rect.left() + 40, rect.center().y())
        self.context_menu = self.timeline_actions.menu(self)
        self.context_menu.popup(self.timeline.viewport().mapToGlobal(pos))

    def edit_dose(self) -> None:
        index = self.timeline.currentIndex()
        if index.isValid() and not self.model.read_only:
            self.timeline.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.timeline.edit(index)

    def add_payload(self, payload: mime.ExercisePayload) -> None:
        """Enter in the library: at the end of the session, where nothing on screen says
        otherwise (after whatever card happened to be selected surprised people; a drag
        shows its insertion line and goes there)."""
        self.editor.add(payload, -1)

    def focus_search(self) -> None:
        self.library.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library.search.selectAll()

    # ------------------------------------------------------------------ patient setting
    def set_relax_after(self, muscles: Sequence[str] | None, on: bool) -> None:
        """Rule 1's setting for this patient (every muscle when `muscles` is None): stored on
        the patient, then the shown session is stored again so its blocks follow it. Not an
        edit of the session, so not on the undo stack: toggling again takes it back."""
        patient, record = self.patient, self._record
        if patient is None:
            return
        try:
            targets: Sequence[str | None] = [None] if muscles is None else list(muscles)
            for muscle in targets:
                patient = patient_service.set_relax_after(self.db, patient.id, muscle, on)
            self.patient = patient
            self.refresh_context()
            if record is not None and not record.read_only:
                saved = service.save_session(self.db, record.id, record.blocks,
                                             expected_version=record.row_version)
                self.show_record(saved, self._current_id(), saved=True)
        except EquitoneError as exc:
            prompts.bridge.error(self, "Relax after every activation", str(exc))
            self.reload()
            return
        what = "every muscle" if muscles is None else wording.muscles_text(
            muscles, self.catalog.muscles)
        if on:
            self.report(f"A relaxation block now follows every activation of {what} in this "
                        "patient's sessions.")
        else:
            self.report(f"No relaxation block is added any more after every activation of "
                        f"{what} (rule 1 relaxes within each rep).")

    # ------------------------------------------------------------------ session-level
    def new_session(self) -> None:
        self.lifecycle.new_session()

    def new_from_template(self) -> None:
        self.lifecycle.new_from_template()

    def new_version(self) -> None:
        self.lifecycle.new_version()

    def delete_draft(self) -> None:
        self.lifecycle.delete_draft()

    def save_as_template(self) -> None:
        self.lifecycle.save_as_template()

    def _picked(self, index: int) -> None:
        session_id = self.bar.picker.itemData(index)
        if isinstance(session_id, int) and (self._record is None or session_id != self._record.id):
            self.show_record(service.get_session(self.db, session_id))

    def showEvent(self, event: QShowEvent) -> None:
        """Load on first sight; after that the assessment may have changed in its tab, so
        re-read what the engine reads."""
        super().showEvent(event)
        if self.patient is None:
            return
        if not self.loaded:
            self._load_or_offline()
        elif self._record is not None:
            self._load_or_offline(again=True)
