"""The Assessment tab: pick or start a visit, tag muscles on the map, edit the tag, the
findings and the PSFS — every edit saved at once as one step on the window's undo stack.

Data flow (docs/architecture.md): widgets emit intents → the tab pushes a command → the
command calls a service and publishes a `Change` on the window's change bus →
:meth:`AssessmentTab.on_change` reloads the model and pushes it into every widget. Nothing
here edits widgets "optimistically".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from equitone.bodymap.info import RegionInfo
from equitone.bodymap.render import export_map, regions_of
from equitone.bodymap.svgregions import ArtDir, RegionKey, default_art_dir, locate
from equitone.domain.assessment import (
    MEASURE_NAMES,
    Assessment,
    PsfsItem,
    TagChange,
    ToneTag,
    compare,
)
from equitone.domain.length_tests import length_tests
from equitone.domain.patients import Patient
from equitone.domain.tag_edits import mirrored, toggle_all, with_field
from equitone.domain.types import Side, ToneState
from equitone.errors import EquitoneError
from equitone.services import assessments as service
from equitone.services.catalog import load_catalog
from equitone.services.changes import Change, Entity, Origin
from equitone.services.settings import load_settings
from equitone.storage.database import Database
from equitone.ui import prompts, style
from equitone.ui.bodymap import BodyMapPanel
from equitone.ui.edits import Clash
from equitone.ui.empty_state import EmptyState
from equitone.ui.operations import Operations
from equitone.ui.remembered import remember_splitter

from .commands import (
    MERGE_IDS,
    CreateAssessmentCommand,
    Details,
    DetailsCommand,
    PsfsCommand,
    ReplaceTagsCommand,
)
from .editor import TagEditor
from .findings import FindingsPanel
from .tagged import ChangesTree, TaggedMusclesTree, muscle_label
from .toolbar import AssessmentToolbar

TagKey = tuple[str, Side]


def _holds_data(tag: ToneTag) -> bool:
    """A score, a note or a measure: what removing the tag would take with it."""
    return tag.tightness is not None or bool(tag.note) or any(
        tag.measures.value(name) is not None for name in MEASURE_NAMES)


class EmptyAssessments(EmptyState):
    """Shown before a patient's first assessment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.start = QPushButton("Start the first assessment")
        self.start.setObjectName("startFirstAssessment")
        super().__init__([self.start], parent)

    def show_patient(self, patient: Patient) -> None:
        self.setText(
            f"No assessment for {patient.name} yet.\n\n"
            "An assessment records each muscle's tone (underactive, overactive, tight, …) on the "
            "body map, with findings and the Patient-Specific Functional Scale."
        )


class AssessmentTab(QWidget):
    def __init__(
        self,
        db: Database,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        art_dir: ArtDir | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.ops, self.undo_stack = db, ops, ops.undo_stack
        self.art_dir = art_dir if art_dir is not None else default_art_dir()
        self.catalog = load_catalog(db)
        ops.listen(self.on_change, self)
        self.patient: Patient | None = None
        self.clinicians: tuple[str, ...] = ()  # the clinic's list, read with the assessments
        # Edits waiting for the server, oldest first: (assessment id, how it looks with it).
        # Shown over what is read until each is written (or nothing waits any more).
        self.waiting: list[tuple[int, Callable[[Assessment], Assessment]]] = []
        self.history: list[Assessment] = []  # oldest first
        self.current: Assessment | None = None
        self.scrub_index: int | None = None  # history index shown by the slider, if not current

        self.empty = EmptyAssessments()
        self.toolbar = AssessmentToolbar()
        self.banner = QLabel()
        self.banner.setObjectName("signedBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(style.note("notice", padding_px=6))
        self.banner.hide()
        self.mode_note = QLabel()
        self.mode_note.setObjectName("modeNote")
        self.mode_note.setStyleSheet(style.note("info"))
        self.mode_note.hide()
        self.pending_note = QLabel(
            "Offline — the changes shown are kept on this computer and saved as soon as the "
            "database server answers again.")
        self.pending_note.setObjectName("pendingNote")
        self.pending_note.setWordWrap(True)
        self.pending_note.setStyleSheet(style.note("alert"))
        self.pending_note.hide()
        self.map = BodyMapPanel(self.art_dir)
        self.map.set_name_lookup(self._muscle_name)
        self.editor = TagEditor()
        self.tagged = TaggedMusclesTree(self.catalog)
        self.changes = ChangesTree(self.catalog)
        self.findings = FindingsPanel()

        editor_box = QGroupBox("Tag")
        box_layout = QVBoxLayout(editor_box)
        box_layout.setContentsMargins(8, 4, 8, 8)
        box_layout.addWidget(self.editor)
        editor_scroll = QScrollArea()
        editor_scroll.setObjectName("tagPanel")
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        editor_scroll.setWidget(editor_box)
        self.editor_scroll = editor_scroll
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.tagged, "Tagged muscles")
        self.side_tabs.addTab(self.changes, "Changes")
        # scrolled, not squeezed: the PSFS rows are never clipped, and the Tag panel above
        # keeps most of the height
        self.findings_page = QScrollArea()
        self.findings_page.setWidgetResizable(True)
        self.findings_page.setFrameShape(QScrollArea.Shape.NoFrame)
        self.findings_page.setWidget(self.findings)
        self.side_tabs.addTab(self.findings_page, "Findings && PSFS")
        self._sizes_before_findings: list[int] | None = None
        self.side_tabs.currentChanged.connect(self._room_for_findings)
        self.side_tabs.setTabVisible(1, False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(editor_scroll)
        right.addWidget(self.side_tabs)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        # the Tag panel first: states, grades and measures (the lists below scroll)
        right.setSizes([700, 200])
        self.side_splitter = right
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.map)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 520])

        work = QWidget()
        work_layout = QVBoxLayout(work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.setSpacing(4)
        work_layout.addWidget(self.toolbar)
        work_layout.addWidget(self.banner)
        work_layout.addWidget(self.mode_note)
        work_layout.addWidget(self.pending_note)
        work_layout.addWidget(self.splitter, 1)
        self.work = work
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(work)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)
        self._connect()

    def _connect(self) -> None:
        tb = self.toolbar
        self.empty.start.clicked.connect(lambda: self.new_assessment(copy_previous=False))
        tb.act_new_copy.triggered.connect(lambda: self.new_assessment(copy_previous=True))
        tb.act_new_empty.triggered.connect(lambda: self.new_assessment(copy_previous=False))
        tb.picker.currentIndexChanged.connect(self._picked)
        tb.date.edited.connect(lambda _d: self._commit_details())
        tb.clinician_edit.editingFinished.connect(self._commit_details)
        tb.clinician.activated.connect(lambda _i: self._commit_details())
        tb.neurological.clicked.connect(self._commit_neurological)
        tb.compare.toggled.connect(lambda _on: self.refresh())
        tb.slider.valueChanged.connect(self._scrubbed)
        tb.open_scrubbed.clicked.connect(self._open_scrubbed)
        tb.export_button.clicked.connect(self._export_clicked)
        self.map.tagRequested.connect(self.tag_regions)
        self.map.mirrorRequested.connect(self.mirror_regions)
        self.map.noteEditRequested.connect(self._note_requested)
        self.map.selectionChanged.connect(lambda _keys: self._refresh_editor())
        self.editor.stateToggled.connect(lambda s: self.tag_regions(self.map.selection(), s))
        self.editor.gradeEdited.connect(self.edit_grade)
        self.editor.fieldEdited.connect(self.edit_field)
        self.editor.mirrorClicked.connect(lambda: self.mirror_regions(self.map.selection()))
        self.tagged.regionActivated.connect(self.show_region)
        self.changes.regionActivated.connect(self.show_region)
        self.findings.findingsCommitted.connect(self._commit_findings)
        self.findings.psfsCommitted.connect(self._commit_psfs)

    # ------------------------------------------------------------------ loading
    def show_patient(self, patient: Patient) -> None:
        changed = self.patient is None or self.patient.id != patient.id
        self.patient = patient
        if changed:
            self.current = None
            self.scrub_index = None
            self.toolbar.compare.setChecked(False)
            self.map.select([])
        self.empty.show_patient(patient)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        """Re-read the patient's assessments and show ``select_id`` (default: keep the current
        one if it still exists, else the newest)."""
        if self.patient is None:
            return
        self.history = self._with_waiting(service.history(self.db, self.patient.id))
        self.clinicians = load_settings(self.db).clinicians
        ids = [a.id for a in self.history]
        if select_id is None or select_id not in ids:
            select_id = self.current.id if self.current and self.current.id in ids else None
        if select_id is None and ids:
            select_id = ids[-1]
        self.current = next((a for a in self.history if a.id == select_id), None)
        if self.current is None:
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.work)
        self.toolbar.set_assessments(list(reversed(self.history)), self.current.id)
        self.refresh()

    def _index_of(self, assessment: Assessment) -> int:
        return next(n for n, a in enumerate(self.history) if a.id == assessment.id)

    def previous_of(self, assessment: Assessment) -> Assessment | None:
        n = self._index_of(assessment)
        return self.history[n - 1] if n > 0 else None

    @property
    def shown(self) -> Assessment | None:
        """The assessment on the map: the scrubbed one while scrubbing, else the current."""
        if self.scrub_index is not None and 0 <= self.scrub_index < len(self.history):
            return self.history[self.scrub_index]
        return self.current

    @property
    def comparing(self) -> bool:
        return self.toolbar.compare.isChecked() and self.scrub_index is None

    @property
    def editable(self) -> bool:
        return (
            self.current is not None
            and not self.current.signed
            and self.scrub_index is None
            and not self.comparing
        )

    def refresh(self) -> None:
        """Push the model into every widget (after any change or mode switch)."""
        current, shown = self.current, self.shown
        if current is None or shown is None:
            return
        tb = self.toolbar
        previous = self.previous_of(current)
        tb.compare.setEnabled(previous is not None and self.scrub_index is None)
        tb.set_details(current, self.clinicians)
        for widget in (tb.date, tb.clinician, tb.neurological):
            widget.setEnabled(not current.signed)
        self._refresh_slider()
        if current.signed:
            when = ""
            if current.signed_at is not None:  # stored in UTC; shown in the clinic's local time
                signed = current.signed_at
                if signed.tzinfo is None:
                    signed = signed.replace(tzinfo=UTC)
                when = signed.astimezone().strftime("%Y-%m-%d %H:%M")
            by = f" by {current.signed_by}" if current.signed_by else ""
            self.banner.setText(
                f"Signed{by} on {when} — this assessment is read-only. To correct it, "
                "use Amend on the History tab (a new version; the signed original is kept)."
            )
        self.banner.setVisible(current.signed)
        self.pending_note.setVisible(any(i == current.id for i, _view in self.waiting))
        if self.comparing and previous is not None:
            changes = compare(previous.tag_map(), current.tag_map())
            self._show_compare(previous, current, changes)
        else:
            self.side_tabs.setTabVisible(1, False)
            self.map.set_tags(regions_of(shown.tags))
            self.tagged.show_tags(shown.tags, neurological=shown.neurological)
            if self.scrub_index is not None:
                self.mode_note.setText(
                    f"History: showing {shown.day.isoformat()} — read-only preview. "
                    "Move the slider back, or “Open this one” to edit it."
                )
            self.mode_note.setVisible(self.scrub_index is not None)
        self.findings.show_assessment(shown, self.previous_of(shown), editable=self.editable)
        self._refresh_editor()

    def _show_compare(
        self, previous: Assessment, current: Assessment, changes: list[TagChange]
    ) -> None:
        shown: dict[RegionKey, RegionInfo] = {
            RegionKey(c.muscle, c.side): RegionInfo.of(c.after) for c in changes if c.after
        }
        self.map.set_tags(shown)
        self.tagged.show_tags(current.tags, neurological=current.neurological)
        heading = f"Changes {previous.day.isoformat()} → {current.day.isoformat()}"
        self.changes.show_changes(changes, heading)
        self.side_tabs.setTabVisible(1, True)
        self.side_tabs.setCurrentWidget(self.changes)
        self.mode_note.setText(
            f"Compare: the map shows only the {len(changes)} muscle side(s) that changed since "
            f"{previous.day.isoformat()}, in their new state (read-only)."
        )
        self.mode_note.show()

    def _refresh_slider(self) -> None:
        tb, current = self.toolbar, self.current
        assert current is not None
        index = self.scrub_index if self.scrub_index is not None else self._index_of(current)
        tb.slider.blockSignals(True)
        try:
            tb.slider.setRange(0, max(0, len(self.history) - 1))
            tb.slider.setValue(index)
        finally:
            tb.slider.blockSignals(False)
        tb.slider.setEnabled(len(self.history) > 1)
        shown = self.history[index]
        where = f"{index + 1} of {len(self.history)}"
        if self.scrub_index is None:
            tb.slider_label.setText(f"{shown.day.isoformat()}  ({where}, selected)")
        else:
            tb.slider_label.setText(f"{shown.day.isoformat()}  ({where}, read-only)")
        tb.open_scrubbed.setVisible(self.scrub_index is not None)

    def _current_tags(self) -> dict[TagKey, ToneTag]:
        shown = self.shown
        return shown.tag_map() if shown is not None else {}

    def _refresh_editor(self) -> None:
        selection = self.map.selection()
        if self.current is None or not selection:
            self.editor.show_tag(
                "Select a muscle on the map (Shift/Ctrl-click for several)", None,
                selected=False, editable=False,
            )
            return
        key = selection[-1]
        title = f"{self._muscle_name(key.slug)} — {key.side.value}"
        if len(selection) > 1:
            title += f"  (+{len(selection) - 1} more selected: edits apply to all)"
        tag = self._current_tags().get((key.slug, key.side))
        shown = self.shown
        self.editor.show_tag(title, tag, selected=True, editable=self.editable, muscle=key.slug,
                             neurological=shown.neurological if shown else False)

    # ---------------------------------------------------------------- intents
    def _refuse(self) -> bool:
        """True (and says why) when the shown assessment cannot be edited now."""
        if self.editable:
            return False
        if self.current is not None and self.current.signed:
            reason = "This assessment is signed and read-only."
        elif self.scrub_index is not None:
            reason = "Read-only while the history slider shows another assessment."
        else:
            reason = "Read-only in compare mode; switch Compare off to edit."
        self.map.status.setText(reason)
        return True

    def _push_tags(
        self,
        before: Mapping[TagKey, ToneTag | None],
        after: Mapping[TagKey, ToneTag | None],
        text: str,
        merge_field: str | None = None,
    ) -> None:
        if self.current is None or dict(before) == dict(after):
            return
        self.undo_stack.push(
            ReplaceTagsCommand(
                self.db, self.current, before, after, text, self.ops, self,
                merge_field=merge_field,
            )
        )

    def tag_regions(self, keys: Iterable[RegionKey], state: ToneState | None) -> None:
        """Toggle `state` on several regions (or clear their tags, ``None``) as ONE undo
        step: added where it is missing, taken off when they all carry it already."""
        keys = list(keys)
        if not keys or self._refuse():
            self._refresh_editor()
            return
        tags = self._current_tags()
        before = {(k.slug, k.side): tags.get((k.slug, k.side)) for k in keys}
        what = self._describe(keys)
        if state is None:
            after: dict[TagKey, ToneTag | None] = dict.fromkeys(before)
            text = f"Clear the tag of {what}"
        else:
            after = self._keep_unless_confirmed(before, toggle_all(tags, keys, state), state)
            added = any(t is not None and state in t.states for t in after.values())
            text = f"Tag {what} {state.value}" if added else f"Take {state.value} off {what}"
        self._push_tags(before, after, text)

    def _keep_unless_confirmed(
        self, before: Mapping[TagKey, ToneTag | None], after: dict[TagKey, ToneTag | None],
        state: ToneState,
    ) -> dict[TagKey, ToneTag | None]:
        """Taking off a side's only state removes its tag: when that tag holds a score, a
        note or measures, the clinician is asked first (no measure goes silently)."""
        losing = [k for k, tag in after.items()
                  if tag is None and (old := before.get(k)) is not None and _holds_data(old)]
        if not losing:
            return after
        what = self._describe(losing)
        if prompts.bridge.confirm(
            self, "Remove the tag?",
            f"{state.value.capitalize()} is the only state of {what}: taking it off removes "
            "the tag with its score, note and measures. (Undo brings them back.) Remove it?"
        ):
            return after
        return {**after, **{k: before[k] for k in losing}}

    def edit_grade(self, state: ToneState, grade: int | None) -> None:
        """The grade of one state, on every selected region that carries it."""
        if self._refuse():
            self._refresh_editor()
            return
        tags = self._current_tags()
        keys = [(k.slug, k.side) for k in self.map.selection()
                if (k.slug, k.side) in tags and state in tags[(k.slug, k.side)].states]
        before: dict[TagKey, ToneTag | None] = {k: tags[k] for k in keys}
        after: dict[TagKey, ToneTag | None] = {k: tags[k].with_grade(state, grade)
                                               for k in keys}
        self._push_tags(before, after, f"Grade {state.value} of {self._describe(keys)}")

    def edit_field(self, name: str, value: object) -> None:
        """One editor field for every tagged region in the selection (a length test only on
        the muscles it measures)."""
        if self._refuse():
            self._refresh_editor()
            return
        tags = self._current_tags()
        keys = [(k.slug, k.side) for k in self.map.selection() if (k.slug, k.side) in tags]
        if name == "rom" and isinstance(value, tuple):
            measured = length_tests()[value[0]].muscles
            keys = [k for k in keys if k[0] in measured]
        before: dict[TagKey, ToneTag | None] = {k: tags[k] for k in keys}
        after: dict[TagKey, ToneTag | None] = {k: with_field(tags[k], name, value) for k in keys}
        label = "range of motion" if name == "rom" else name.replace("_", " ")
        merge = name if name in MERGE_IDS else None
        self._push_tags(before, after, f"Set {label} of {self._describe(keys)}", merge)

    def mirror_regions(self, keys: Iterable[RegionKey]) -> None:
        """Copy the selected regions' tags to the other side (untagged ones are skipped)."""
        if self._refuse():
            return
        tags = self._current_tags()
        sources = [tags[(k.slug, k.side)] for k in keys if (k.slug, k.side) in tags]
        if not sources:
            self.map.status.setText("Nothing to mirror: tag the muscle first.")
            return
        after: dict[TagKey, ToneTag | None] = {}
        neurological = self.current.neurological if self.current else False
        for tag in sources:
            copy = mirrored(tag, neurological=neurological)
            after[copy.key] = copy
        before = {k: tags.get(k) for k in after}
        what = self._describe(RegionKey(t.muscle, t.side) for t in sources)
        self._push_tags(before, after, f"Mirror {what} to the other side")

    def _note_requested(self, key: RegionKey) -> None:
        if self._refuse():
            return
        if (key.slug, key.side) not in self._current_tags():
            self.map.status.setText("Tag the muscle first (1–6), then add a note.")
            return
        self.editor.focus_note()
        self.editor_scroll.ensureWidgetVisible(self.editor.note, 0, 8)  # never typed unseen

    def _room_for_findings(self, _index: int) -> None:
        """Choosing Findings & PSFS gives it the room its rows need (up to 80 % of the
        column: on a 1280 x 720 screen that is what they take), so the PSFS rows are read
        whole; the Tag panel scrolls meanwhile, and gets its room back with the other tabs."""
        if self.side_tabs.currentWidget() is not self.findings_page:
            if self._sizes_before_findings is not None:
                self.side_splitter.setSizes(self._sizes_before_findings)
                self._sizes_before_findings = None
            return
        sizes = self.side_splitter.sizes()
        total = sum(sizes)
        tabs_bar = self.side_tabs.tabBar().sizeHint().height()
        # the page is as wide as the tabs (a page not shown yet has no width of its own)
        width = max(self.findings_page.viewport().width(), self.side_tabs.width() - 12)
        needed = self.findings.heightForWidth(width)
        needed = max(needed, self.findings.minimumSizeHint().height()) + tabs_bar + 8
        wanted = min(needed, int(total * 0.8))
        if total and sizes[1] < wanted:
            self._sizes_before_findings = sizes
            self.side_splitter.setSizes([total - wanted, wanted])

    def remember_layout(self, settings: QSettings) -> None:
        """Keep the clinician's splitter positions across restarts."""
        remember_splitter(self.splitter, settings, "assessment/splitter")
        remember_splitter(self.side_splitter, settings, "assessment/tagPanel")

    def new_assessment(self, *, copy_previous: bool) -> None:
        if self.patient is None:
            return
        clinicians = load_settings(self.db).clinicians
        clinician = self.current.clinician if self.current else ""
        clinician = clinician or (clinicians[0] if clinicians else "")
        self.toolbar.compare.setChecked(False)
        self.scrub_index = None
        command = CreateAssessmentCommand(
            self.db, self.patient.id, clinician=clinician, copy_previous=copy_previous,
            ops=self.ops, screen=self,
        )
        self.undo_stack.push(command)

    def _commit_details(self) -> None:
        current = self.current
        if current is None or current.signed:
            return
        tb = self.toolbar
        after = Details(tb.chosen_day(), tb.clinician.currentText().strip(), current.findings,
                        current.neurological)
        if after != Details.of(current):
            self.undo_stack.push(
                DetailsCommand(self.db, current, after, "Edit assessment details", self.ops,
                               self)
            )

    def _commit_findings(self, text: str) -> None:
        current = self.current
        if current is None or self._refuse():
            return
        after = replace(Details.of(current), findings=text.strip())
        if after != Details.of(current):
            self.undo_stack.push(
                DetailsCommand(self.db, current, after, "Edit findings", self.ops, self)
            )

    def _commit_neurological(self, marked: bool) -> None:
        current = self.current
        if current is None or self._refuse() or marked == current.neurological:
            self.refresh()
            return
        text = "Mark the assessment neurological" if marked else "Unmark neurological"
        self.undo_stack.push(DetailsCommand(
            self.db, current, replace(Details.of(current), neurological=marked), text,
            self.ops, self))

    def _commit_psfs(self, items: tuple[PsfsItem, ...]) -> None:
        if self.current is None or self._refuse() or items == self.current.psfs:
            return
        self.undo_stack.push(PsfsCommand(self.db, self.current, items, self.ops, self))

    # ---------------------------------------------------------------- navigation
    def _picked(self, index: int) -> None:
        assessment_id = self.toolbar.picker.itemData(index)
        if isinstance(assessment_id, int):
            self.scrub_index = None
            self.reload(assessment_id)

    def _scrubbed(self, index: int) -> None:
        if self.current is None:
            return
        self.scrub_index = None if index == self._index_of(self.current) else index
        self.refresh()

    def _open_scrubbed(self) -> None:
        shown = self.shown
        self.scrub_index = None
        if shown is not None:
            self.reload(shown.id)

    def show_region(self, key: RegionKey) -> None:
        """Select ``key`` on the map, switching view/layer if it is not drawn in this one."""
        where = locate(self.art_dir, key, self.map.view.current_view)
        if where is None:
            self.map.status.setText(f"{self._muscle_name(key.slug)} is not drawn on the map.")
            return
        if where != self.map.view.current_view:
            self.map.set_view(*where)
        self.map.select([key])
        self.map.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # --------------------------------------------------------------------- export
    def displayed_tags(self) -> dict[RegionKey, RegionInfo]:
        return self.map.view.tags()

    def export_map_to(self, path: Path | str) -> Path:
        view, layer = self.map.view.current_view
        return export_map(path, view, layer, self.displayed_tags(), art_dir=self.art_dir)

    def _export_clicked(self) -> None:
        chosen = self.ask_export_path()
        if chosen is None:
            return
        from equitone.services.output_target import checked_output

        try:
            saved = self.export_map_to(checked_output(chosen, self.db,
                                                      suffixes=(".png", ".svg")))
        except EquitoneError as exc:
            prompts.bridge.error(self, "Export map", str(exc))
            return
        except (OSError, ValueError) as exc:
            prompts.bridge.error(self, "Export map", f"Could not export the map: {exc}")
            return
        self.map.status.setText(f"Map saved to {saved}")

    def ask_export_path(self) -> Path | None:
        shown = self.shown
        view, layer = self.map.view.current_view
        day = shown.day.isoformat() if shown else "map"
        suggested = Path.home() / f"bodymap-{day}-{view.value}-{layer.value}.png"
        return prompts.bridge.save_file(self, "Export map", suggested, prompts.MAP_FILES)

    # ------------------------------------------------------------------- plumbing
    def on_change(self, change: Change) -> None:
        """Assessments changed here: an edit of this tab (shown, selected), its undo, or
        another screen's (signed, amended). Another workstation's changes come through the
        window, which leaves a tab being typed in alone (`reload_from_store`)."""
        if change.origin is Origin.ELSEWHERE or not change.about(Entity.ASSESSMENT):
            return
        if change.pending:
            assert change.record_id is not None and callable(change.detail)
            self._pending(change.record_id, change.detail)
            return
        self._written(change.record_id)
        if self.patient is not None and change.touches(self.patient.id):
            self.reload(change.record_id if change.initiator is self else None)

    def _pending(self, assessment_id: int, view: Callable[[Assessment], Assessment]) -> None:
        """An edit waits for the server: show it from memory (nothing can be read now)."""
        self.waiting.append((assessment_id, view))
        self.history = [view(a) if a.id == assessment_id else a for a in self.history]
        if self.current is not None and self.current.id == assessment_id:
            self.current = next(a for a in self.history if a.id == assessment_id)
            self.refresh()

    def _written(self, assessment_id: int | None) -> None:
        """The oldest waiting edit of this assessment was written (or refused)."""
        for n, (waiting_id, _view) in enumerate(self.waiting):
            if waiting_id == assessment_id:
                del self.waiting[n]
                return

    def _with_waiting(self, history: list[Assessment]) -> list[Assessment]:
        """What was read, with the edits still waiting for the server shown over it."""
        from equitone.services.write_gate import gate_for

        if not gate_for(self.db).waiting:
            self.waiting.clear()  # written, or dropped after a refusal that was reported
        for waiting_id, view in self.waiting:
            history = [view(a) if a.id == waiting_id else a for a in history]
        return history

    def clashed(self, clash: Clash) -> None:
        """Another workstation changed the same: show theirs, then ask (after the undo stack
        has finished its step) whether to put this edit on top."""
        from PySide6.QtCore import QTimer

        self._written(clash.record_id)
        if self.patient is not None:
            self.reload(clash.record_id)
        QTimer.singleShot(0, lambda: self._resolve(clash))

    def _resolve(self, clash: Clash) -> None:
        from equitone.ui.sync.conflict import Resolution, resolve

        answer = resolve(self, "Changed on another workstation", str(clash.error), clash.what,
                         clash.mine_text)
        if answer is Resolution.MINE_ON_TOP:
            current = service.get_assessment(self.db, clash.record_id)
            self.undo_stack.push(clash.reapply(current))

    # ----------------------------------------------------------- other workstations
    def is_editing(self) -> bool:
        """Typing in the date, clinician, findings, PSFS or the tag editor's fields."""
        from equitone.ui.sync.refresh import typing_in

        return typing_in(self.toolbar, self.findings, self.editor)

    def reload_from_store(self) -> None:
        """Another workstation changed this patient's assessments: show them (the selected
        assessment, slider position and compare mode stay)."""
        if self.patient is not None:
            self.reload()

    def refused(self, text: str) -> None:
        prompts.bridge.error(self, "Assessment", text)
        if self.patient is not None:
            self.reload()

    def _muscle_name(self, slug: str) -> str:
        muscle = self.catalog.muscles.get(slug)
        return muscle.name if muscle is not None else slug.replace("-", " ").capitalize()

    def _describe(self, keys: Iterable[RegionKey | TagKey]) -> str:
        keys = list(keys)
        if len(keys) == 1:
            slug, side = keys[0]
            return muscle_label(self.catalog, slug, side)
        return f"{len(keys)} muscle sides"
