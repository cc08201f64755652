"""The workstation shell: patient list on the left, the chosen patient's page on the right.

The window is built and painted before the database is opened (start-up is timed against a
bare Qt window), so this module imports no SQLAlchemy: services are imported on first use. Nor
does anything before the first paint name the Qt namespace (ui/patient_model.py says why).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from equitone import __version__
from equitone.ui import prompts, style
from equitone.ui.clinic.actions import ClinicActions
from equitone.ui.empty_state import EmptyState
from equitone.ui.operations import Operations
from equitone.ui.patient_model import (
    PatientFilterModel,
    PatientTableModel,
    patient_at,
)
from equitone.ui.printing.controller import PrintController
from equitone.ui.safety.actions import SafetyActions
from equitone.ui.shortcuts import set_shortcut
from equitone.ui.transfer_actions import TransferActions
from equitone.ui.undo_actions import UndoActions
from equitone.ui.wheel_guard import install_wheel_guard

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from equitone.domain.patients import Patient
    from equitone.services.changes import Change
    from equitone.storage.database import Database
    from equitone.ui.commands import PatientClash
    from equitone.ui.edits import Clash
    from equitone.ui.patient_page import PatientPage
    from equitone.ui.sync.controller import SyncController


Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class PatientListPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search patients (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.show_archived = QCheckBox("Show archived")
        self.new_button = QPushButton("New patient")
        self.new_button.setToolTip("Create a patient (Ctrl+N)")
        self.model = PatientTableModel()
        self.proxy = PatientFilterModel()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        metrics = self.table.fontMetrics()
        # The columns appear with the first list (after the first paint): size them then.
        self.model.modelReset.connect(self._size_columns)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(metrics.height() + 8)
        self.count = QLabel()
        self.count.setStyleSheet(style.text())
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_archived)
        bottom.addStretch(1)
        bottom.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.new_button)
        # Never narrower than a readable name beside the born/phone columns, whatever room
        # the patient page asks for.
        self.setMinimumWidth(metrics.horizontalAdvance("0000-00-00+00 00 0000 0000") + 140)
        self.search.textChanged.connect(self._filter)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)

    def _size_columns(self) -> None:
        """Fixed sizes from font metrics: ResizeToContents asks the model for every row
        (48,000 data() calls for 1,000 patients) and dominated start-up."""
        self.model.modelReset.disconnect(self._size_columns)
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, metrics.horizontalAdvance("0000-00-00") + 16)
        header.resizeSection(2, metrics.horizontalAdvance("+00 00 0000 0000") + 16)

    def _filter(self, text: str) -> None:
        chosen = self.selected_patient()
        self.proxy.set_search(text)
        if chosen is not None:  # the rows were replaced: keep the open patient marked
            self.select_patient(chosen.id)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.total()
        noun = "patient" if total == 1 else "patients"
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} {noun}")

    def selected_patient(self) -> Patient | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return patient_at(indexes[0])

    def select_patient(self, patient_id: int) -> None:
        row = self.model.row_of(patient_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)


class MainWindow(QMainWindow):
    patient_opened = Signal(object)
    database_ready = Signal()

    def __init__(self, settings: QSettings, *, guard_wheel: bool = True) -> None:
        super().__init__()
        if guard_wheel:  # the staged start installs it after the first paint (see app.py)
            install_wheel_guard()  # the wheel never edits a value unasked
        self.settings = settings
        self.db: Database | None = None
        self.sync: SyncController | None = None  # other workstations, lost connections
        self._quiet_selection = False  # re-selecting after a background reload: no reopen
        self._stale_open = False  # the open patient changed elsewhere; refresh when possible
        self._refresh_timer: QTimer | None = None
        self.ops = Operations(self)  # the undo stack and the change bus every screen hears
        self.undo_stack = self.ops.undo_stack
        self.ops.listen(self._on_change, self)
        self.setWindowTitle("Equitone")
        self.list_panel = PatientListPanel()
        self._page: PatientPage | None = None  # built on first use: start-up is timed
        self.empty = EmptyState(text="Opening the database…")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 900])
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self._build_menus()
        self.statusBar().showMessage("Starting…")
        self.list_panel.new_button.clicked.connect(self.new_patient)
        self.list_panel.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.list_panel.table.doubleClicked.connect(lambda _i: self.edit_patient())
        self.list_panel.show_archived.toggled.connect(lambda _on: self.reload_patients())
        self._set_patient_actions(None)
        self.restore_geometry()

    @property
    def page(self) -> PatientPage:
        if self._page is None:
            from equitone.ui.patient_page import PatientPage

            self._page = PatientPage(self.db, self.ops)
            if self._page.assessment is not None:
                self._page.assessment.remember_layout(self.settings)
            self.stack.addWidget(self._page)
            self._page.header.edit_requested.connect(self.edit_patient)
            self._page.header.archive_requested.connect(self.toggle_archive)
        return self._page

    def _open_patient_id(self) -> int | None:
        if self._page is None or self._page.patient is None:
            return None
        return self._page.patient.id

    # -- actions and menus -------------------------------------------------------------
    def _action(self, text: str, shortcut: Shortcut, slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            set_shortcut(action, shortcut)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.act_new = self._action(
            "&New patient…", QKeySequence.StandardKey.New, self.new_patient
        )
        self.act_edit = self._action("&Edit patient…", "Ctrl+E", self.edit_patient)
        self.act_archive = self._action("&Archive patient", "Ctrl+Shift+A", self.toggle_archive)
        self.act_find = self._action(
            "&Find patient", QKeySequence.StandardKey.Find, self.focus_search
        )
        self.act_demo = self._action("Load &demo data…", None, self.offer_demo)
        self.act_settings = self._action("&Settings…", "Ctrl+,", self.open_settings)
        self.act_quit = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.act_about = self._action("&About Equitone", None, self.show_about)
        self.act_guide = self._action("&Guide", QKeySequence.StandardKey.HelpContents,
                                      self.show_guide)
        self.act_shortcuts = self._action("&Keyboard shortcuts", "Ctrl+/", self.show_shortcuts)
        self.undo_actions = UndoActions(self, self.undo_stack, self._open_patient_id,
                                        self.list_panel.model.name_of)
        self.act_undo, self.act_redo = self.undo_actions.undo, self.undo_actions.redo
        self.patient_opened.connect(lambda _p: self.undo_actions.refresh())

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.act_new)
        self.file_menu.addSeparator()
        self.printing = PrintController(self, self.file_menu)  # Print…, Export PDF…, report
        self.file_menu.addSeparator()
        self.safety = SafetyActions(self, self.file_menu)  # Back up now…, Restore…
        # Connect to clinic server…, Use local database
        self.clinic = ClinicActions(self, self.file_menu, self.safety)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_demo)
        self.file_menu.addAction(self.act_settings)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.act_undo)
        self.edit_menu.addAction(self.act_redo)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_find)
        self.patient_menu = bar.addMenu("&Patient")
        self.patient_menu.addAction(self.act_edit)
        self.patient_menu.addAction(self.act_archive)
        self.patient_menu.addSeparator()
        self.transfer = TransferActions(self, self.patient_menu, lambda: self.db,
                                        self._show_imported)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_guide)
        help_menu.addAction(self.act_shortcuts)
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)

    def _show_imported(self, patient_id: int) -> None:
        self.reload_patients()
        self.list_panel.select_patient(patient_id)

    def _set_patient_actions(self, patient: Patient | None) -> None:
        self.printing.set_patient(patient)
        self.transfer.set_patient(patient)
        self.act_edit.setEnabled(patient is not None)
        self.act_archive.setEnabled(patient is not None)
        if patient is not None:
            self.act_archive.setText("&Restore patient" if patient.archived else "&Archive patient")

    # -- database ----------------------------------------------------------------------
    def attach_database(self, db: Database) -> None:
        self.db = db
        self.empty.setText("Select a patient on the left, or create one with Ctrl+N.")
        self.reload_patients()
        read_only = " (read-only: it can be viewed and backed up, not changed)" if (
            db.read_only) else ""
        self.statusBar().showMessage(f"Database: {db.describe()}{read_only}")
        self.clinic.update()
        self._start_sync(db)
        self.database_ready.emit()

    def show_patients_preview(self, patients: list[Patient]) -> None:
        """Show the list from a read-only glance while the database finishes opening."""
        if self.db is None:
            self.list_panel.model.set_patients(patients)
            self.statusBar().showMessage("Opening the database…")

    # -- what the helpers may ask (ui/shell.py) -------------------------------------------
    def say(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def show_database(self, fresh: Database) -> None:
        """Put a (re)opened database into the window: the same Database object keeps serving
        every screen that holds it (it adopts the new engine); the undo history of the old
        file is dropped."""
        self.undo_stack.clear()
        self.stack.setCurrentWidget(self.empty)
        for action in (self.act_new, self.act_demo, self.act_settings):
            action.setEnabled(True)
        self.list_panel.new_button.setEnabled(True)
        if self.db is not None:
            self.db.adopt(fresh)
            self.attach_database(self.db)
        else:
            self.attach_database(fresh)
        self.say(f"Database: {fresh.describe()}")

    def show_database_error(self, text: str) -> None:
        self.empty.setText(text)
        self.statusBar().showMessage("No database open")
        for action in (self.act_new, self.act_demo, self.act_settings):
            action.setEnabled(False)
        self.list_panel.new_button.setEnabled(False)

    def reload_patients(self) -> None:
        if self.db is None:
            return
        from equitone.services.patients import list_patients

        current = self._open_patient_id()
        patients = list_patients(
            self.db, include_archived=self.list_panel.show_archived.isChecked()
        )
        self.list_panel.model.set_patients(patients)
        if current is not None:
            self.list_panel.select_patient(current)

    def is_first_run(self) -> bool:
        return self.db is not None and self.list_panel.model.total() == 0 and not (
            self.list_panel.show_archived.isChecked()
        )

    # -- patient workflow ----------------------------------------------------------------
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet_selection:
            return
        patient = patient_at(current)
        if patient is not None and patient == self.current_patient():
            return  # the same record marked again (the search replaced the rows)
        if patient is not None:
            self.open_patient(patient)

    def open_patient(self, patient: Patient) -> None:
        from equitone.errors import ServerUnavailableError

        previous = self._page.patient if self._page is not None else None
        try:
            self.page.show_patient(patient)
        except ServerUnavailableError:
            # Never a patient's name over another patient's records: stay where we were.
            self.report_connection_lost()
            self.statusBar().showMessage(
                f"Offline: {patient.name} opens when the server answers again.", 8000)
            if previous is not None and previous.id != patient.id:
                self.page.show_details(previous)
                self._quiet_selection = True
                try:
                    self.list_panel.select_patient(previous.id)
                finally:
                    self._quiet_selection = False
            return
        self._stale_open = False
        self.stack.setCurrentWidget(self.page)
        self._set_patient_actions(patient)
        self.patient_opened.emit(patient)

    def _patient_changed(self, patient: Patient) -> None:
        """Every patient write ends here (also on undo/redo), so all views stay in step."""
        if patient.archived and not self.list_panel.show_archived.isChecked():
            self.list_panel.model.remove(patient.id)  # off the active list at once
        else:
            self.list_panel.model.upsert(patient)
        if self._open_patient_id() in (None, patient.id):
            self.open_patient(patient)
            self.list_panel.select_patient(patient.id)

    def current_patient(self) -> Patient | None:
        if self._page is None or self.stack.currentWidget() is not self._page:
            return None
        return self._page.patient

    def new_patient(self) -> None:
        if self.db is None:
            return
        from equitone.services.outbox import Outcome
        from equitone.services.patients import create_patient_write, likely_duplicates
        from equitone.services.write_gate import gate_for
        from equitone.ui.patient_dialog import PatientDialog

        db = self.db
        draft = prompts.bridge.ask(
            PatientDialog(self, duplicates=lambda d: likely_duplicates(db, d)))
        if draft is None:
            return
        queued = False

        from equitone.services.changes import Change, Entity, Origin

        def created(patient: Patient) -> None:
            self.ops.publish(Change.of(Entity.PATIENT, patient.id, Origin.EDIT,
                                       record_id=patient.id, detail=patient, initiator=self))
            if queued:  # saved later, when the server came back: don't switch patients
                self.statusBar().showMessage(f"Saved the new patient {patient.name}", 6000)
                return
            self.list_panel.search.clear()
            self.list_panel.select_patient(patient.id)
            self.open_patient(patient)
            self.statusBar().showMessage(f"Created patient {patient.name}", 4000)

        # The uuid is drawn now, so a retry after a lost connection cannot create it twice.
        write = create_patient_write(self.db, draft, created)
        if gate_for(self.db).submit(write) is Outcome.QUEUED:
            queued = True
            self.statusBar().showMessage(
                "Offline: the new patient is kept and saved when the server answers again.",
                8000)

    def edit_patient(self) -> None:
        patient = self.current_patient()
        if self.db is None or patient is None:
            return
        from equitone.services.patients import likely_duplicates
        from equitone.ui.commands import EditPatientCommand
        from equitone.ui.patient_dialog import PatientDialog

        db = self.db
        draft = prompts.bridge.ask(PatientDialog(
            self, patient.draft,
            duplicates=lambda d: likely_duplicates(db, d, other_than=patient.id)))
        if draft is None or draft.validated() == patient.draft.validated():
            return
        self.ops.push(EditPatientCommand(self.db, patient, draft, self.ops, self))

    def toggle_archive(self) -> None:
        patient = self.current_patient()
        if self.db is None or patient is None:
            return
        from equitone.ui.commands import ArchivePatientCommand

        if not patient.archived and not prompts.bridge.confirm(
            self,
            "Archive patient",
            f"Archive {patient.name}? The record and its history are kept; "
            "you can restore it from the archived list (or undo with Ctrl+Z).",
        ):
            return
        self.ops.push(ArchivePatientCommand(self.db, patient, not patient.archived, self.ops,
                                            self))

    def focus_search(self) -> None:
        self.list_panel.search.setFocus()
        self.list_panel.search.selectAll()

    def offer_demo(self) -> None:
        if self.db is None:
            return
        patients = self.list_panel.model.total()
        beside = (f"\n\nThis database already has {patients} patient(s); the demo patients "
                  "would be added beside them." if patients else "")
        if not prompts.bridge.confirm(
            self,
            "Demo data",
            "Load a demo clinic with example patients and their histories into this "
            f"database?{beside}",
        ):
            return
        from equitone.services.demo import load_demo
        from equitone.ui.background import run_in_background

        db = self.db
        created = run_in_background(  # seconds of work: the window stays alive meanwhile
            self, "Demo data", "Adding the demo clinic's patients and their histories…",
            lambda progress, _cancelled: load_demo(db, force=True, progress=progress),
        )  # the question above was the check
        if created is None:
            self.statusBar().showMessage("Demo data not loaded: stopped, nothing was added", 5000)
            return
        self.reload_patients()
        if created:
            self.list_panel.select_patient(created[0].id)
        self.statusBar().showMessage(f"Loaded {len(created)} demo patients", 5000)

    def open_settings(self) -> None:
        if self.db is None:
            return
        from equitone.services.catalog import load_catalog
        from equitone.services.settings import load_settings, save_settings
        from equitone.ui.settings_dialog import SettingsDialog

        catalog = load_catalog(self.db)
        modalities = [
            e for e in catalog.exercises.values() if e.kind.relaxes and e.muscle_parameter
        ]
        chosen = prompts.bridge.ask(SettingsDialog(load_settings(self.db), modalities, self))
        if chosen is not None:
            save_settings(self.db, chosen)
            self.statusBar().showMessage("Settings saved", 3000)

    def show_guide(self) -> None:
        from equitone.ui.help_dialogs import guide_dialog

        prompts.bridge.show(guide_dialog(self))

    def show_shortcuts(self) -> None:
        from equitone.ui.help_dialogs import shortcuts_dialog

        if self.db is not None:
            _ = self.page  # built, so its tabs' actions are listed too
        prompts.bridge.show(shortcuts_dialog(self, self))

    def show_about(self) -> None:
        prompts.bridge.about(
            self,
            "About Equitone",
            f"<h3>Equitone {__version__}</h3>"
            "<p>An offline workstation for tone-balancing rehab: relax the overactive, "
            "strengthen the underactive — and then relax the underactive as well.</p>"
            "<p>Your data stays on this computer.</p>",
        )

    # -- other workstations, lost connections ---------------------------------------------
    def _start_sync(self, db: Database) -> None:
        """Poll for other workstations' changes; keep writes while the server is away."""
        from equitone.ui.sync.controller import SyncController

        if self.sync is not None:
            if self.sync.waiting:  # switching databases with changes unsaved: keep them
                count, path = self.sync.waiting, self.sync.save_recovery()
                prompts.bridge.info(
                    self, "Changes not saved",
                    f"{count} change{'s' if count != 1 else ''} made while the previous "
                    f"database could not be reached {'were' if count != 1 else 'was'} not "
                    f"saved there; {'they are' if count != 1 else 'it is'} in {path}.")
            self.sync.stop()
            self.statusBar().removeWidget(self.sync.indicator)
            self.sync.deleteLater()
        self.sync = SyncController(db, self.ops, self)  # publishes others' changes
        self.statusBar().addPermanentWidget(self.sync.indicator)
        self.sync.saved_after_outage.connect(
            lambda tally: self.statusBar().showMessage(f"Back online: {tally.text()}.", 8000))
        from equitone.ui.sync.replay import wire

        wire(self, self.sync)
        self.sync.write_failed.connect(
            lambda what, why: prompts.bridge.error(
                self, "Not saved", f"“{what}” could not be saved when the server came back: "
                f"{why}"))
        self.sync.start()

    def report_connection_lost(self) -> None:
        """A read or write found the server unreachable (no dialog: the status bar says it)."""
        if self.sync is not None:
            self.sync.note_offline()

    # -- the change bus ----------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        """The list, the header and the open patient follow every change of a patient."""
        from equitone.domain.patients import Patient
        from equitone.services.changes import Entity, Origin

        if change.origin is Origin.ELSEWHERE:
            self._remote_changes(change)
            return
        patient = change.detail
        if not (change.about(Entity.PATIENT) and isinstance(patient, Patient)):
            return
        if change.pending:
            self._patient_pending(patient)
        elif self._created_here(change, patient):
            self.list_panel.model.upsert(patient)  # new_patient() decides whether to open it
        else:
            self._patient_changed(patient)

    def _created_here(self, change: Change, patient: Patient) -> bool:
        return (change.initiator is self and not patient.archived
                and not self.list_panel.model.holds(patient.id)
                and self._open_patient_id() != patient.id)

    def refused(self, text: str) -> None:
        """A patient edit of this window was refused (nothing was written)."""
        prompts.bridge.error(self, "Patient", text)

    def _patient_pending(self, patient: Patient) -> None:
        """An edit waits for the server: show it (marked) without reading anything."""
        self.list_panel.model.upsert(patient)
        if self._open_patient_id() == patient.id:
            self.page.show_details(patient)
        self.statusBar().showMessage(
            "Offline: the change is kept and saved when the server answers again.", 8000)

    def clashed(self, clash: Clash) -> None:
        """The same fields were changed on another workstation: show theirs, then the editor
        again with this edit on top (after the undo stack has finished its step)."""
        from PySide6.QtCore import QTimer

        from equitone.ui.commands import PatientClash

        detail = clash.detail
        assert isinstance(detail, PatientClash)
        self._patient_changed(detail.current)
        QTimer.singleShot(0, lambda: self._edit_again(clash.error, detail, clash.what))

    def _edit_again(self, error: object, detail: PatientClash, what: str) -> None:
        from equitone.errors import StaleRecordError
        from equitone.ui.commands import EditPatientCommand
        from equitone.ui.sync.patient_clash import edit_on_top

        if self.db is None:
            return
        assert isinstance(error, StaleRecordError)
        draft = edit_on_top(self, error, detail.current, detail.mine, detail.both, what)
        if draft is not None and draft.validated() != detail.current.draft.validated():
            self.ops.push(EditPatientCommand(self.db, detail.current, draft, self.ops, self))

    def _remote_changes(self, changes: Change) -> None:
        """Another workstation (or program) changed data: the list and the open patient show
        it — the list keeping its selection, a tab being typed in left for later."""

        from equitone.services.changes import Entity

        if self.db is None:
            return
        if changes.about(Entity.PATIENT):
            self._reload_list_quietly()
        opened = self._open_patient_id()
        if opened is not None and changes.touches(opened):
            self._stale_open = True
        self._refresh_open_patient()

    def _reload_list_quietly(self) -> None:
        from equitone.errors import ServerUnavailableError

        table = self.list_panel.table
        scrolled = table.verticalScrollBar().value()
        self._quiet_selection = True
        try:
            self.reload_patients()
        except ServerUnavailableError:
            self.report_connection_lost()
        finally:
            self._quiet_selection = False
        if self._open_patient_id() is None:
            table.verticalScrollBar().setValue(scrolled)

    def _refresh_open_patient(self) -> None:
        from equitone.errors import ServerUnavailableError
        from equitone.services.patients import get_patient
        from equitone.ui.sync.refresh import dialog_open

        opened = self._open_patient_id()
        if not self._stale_open or opened is None or self.db is None or self._page is None:
            return
        if dialog_open():
            self._refresh_later()
            return
        try:
            patient = get_patient(self.db, opened)
            done = self._page.refresh_from_store(patient)
        except ServerUnavailableError:
            self.report_connection_lost()
            return
        self.list_panel.model.upsert(patient)
        self._set_patient_actions(patient)
        self._stale_open = not done
        if not done:  # a tab is being typed in: try again in a moment
            self._refresh_later()

    def _refresh_later(self) -> None:
        from PySide6.QtCore import QTimer

        if self._refresh_timer is None:
            self._refresh_timer = QTimer(self)
            self._refresh_timer.setSingleShot(True)
            self._refresh_timer.setInterval(1500)
            self._refresh_timer.timeout.connect(self._refresh_open_patient)
        self._refresh_timer.start()  # one pending retry, however many polls asked

    # -- geometry ----------------------------------------------------------------------
    def restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.sync is not None:
            from equitone.ui.sync.closing import may_close

            if not may_close(self, self.sync):
                event.ignore()
                return
            self.sync.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
