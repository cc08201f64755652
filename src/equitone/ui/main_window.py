"""The workstation shell: patient list on the left, the chosen patient's page on the right.

The window is built and painted before the database is opened (start-up is timed against a
bare Qt window), so this module imports no SQLAlchemy: services are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from equitone import __version__
from equitone.domain.patients import Patient
from equitone.ui import messages
from equitone.ui.clinic.actions import ClinicActions
from equitone.ui.patient_model import PATIENT_ROLE, PatientFilterModel, PatientTableModel
from equitone.ui.printing.controller import PrintController
from equitone.ui.safety.actions import SafetyActions

if TYPE_CHECKING:
    from equitone.storage.database import Database
    from equitone.ui.patient_page import PatientPage


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
        # Fixed sizes from font metrics: ResizeToContents asks the model for every row
        # (48,000 data() calls for 1,000 patients) and dominated start-up.
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, metrics.horizontalAdvance("0000-00-00") + 16)
        header.resizeSection(2, metrics.horizontalAdvance("+00 00 0000 0000") + 16)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(metrics.height() + 8)
        self.count = QLabel()
        self.count.setStyleSheet("color: #666;")
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
        self.search.textChanged.connect(self._filter)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)

    def _filter(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} patients")

    def selected_patient(self) -> Patient | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        patient = indexes[0].data(PATIENT_ROLE)
        return patient if isinstance(patient, Patient) else None

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


class EmptyState(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet("color: #666; font-size: 15px;")
        self.setText("Opening the database…")


class MainWindow(QMainWindow):
    patient_opened = Signal(object)
    database_ready = Signal()

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.db: Database | None = None
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("Equitone")
        self.list_panel = PatientListPanel()
        self._page: PatientPage | None = None  # built on first use: start-up is timed
        self.empty = EmptyState()
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

            self._page = PatientPage(self.db, self.undo_stack)
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
            action.setShortcut(QKeySequence(shortcut))
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
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcut(QKeySequence.StandardKey.Redo)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.act_new)
        self.file_menu.addSeparator()
        self.printing = PrintController(self, self.file_menu)  # Print…, Export PDF…, report
        self.file_menu.addSeparator()
        self.safety = SafetyActions(self, self.file_menu)  # Back up now…, Restore…
        self.clinic = ClinicActions(self, self.file_menu)  # Connect to clinic server…, local
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
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)

    def _set_patient_actions(self, patient: Patient | None) -> None:
        self.printing.set_patient(patient)
        self.act_edit.setEnabled(patient is not None)
        self.act_archive.setEnabled(patient is not None)
        if patient is not None:
            self.act_archive.setText("&Restore patient" if patient.archived else "&Archive patient")

    # -- database ----------------------------------------------------------------------
    def attach_database(self, db: Database) -> None:
        self.db = db
        self.empty.setText("Select a patient on the left, or create one with Ctrl+N.")
        self.reload_patients()
        self.statusBar().showMessage(f"Database: {db.describe()}")
        self.clinic.update()
        self.database_ready.emit()

    def show_patients_preview(self, patients: list[Patient]) -> None:
        """Show the list from a read-only glance while the database finishes opening."""
        if self.db is None:
            self.list_panel.model.set_patients(patients)
            self.statusBar().showMessage("Opening the database…")

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
        return self.db is not None and self.list_panel.model.rowCount() == 0 and not (
            self.list_panel.show_archived.isChecked()
        )

    # -- patient workflow ----------------------------------------------------------------
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        patient = current.data(PATIENT_ROLE) if current.isValid() else None
        if isinstance(patient, Patient):
            self.open_patient(patient)

    def open_patient(self, patient: Patient) -> None:
        self.page.show_patient(patient)
        self.stack.setCurrentWidget(self.page)
        self._set_patient_actions(patient)
        self.patient_opened.emit(patient)

    def _patient_changed(self, patient: Patient) -> None:
        """Every patient write ends here (also on undo/redo), so all views stay in step."""
        self.list_panel.model.upsert(patient)
        if patient.archived and not self.list_panel.show_archived.isChecked():
            self.reload_patients()
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
        from equitone.services.patients import create_patient
        from equitone.ui.patient_dialog import PatientDialog

        dialog = PatientDialog(self)
        if dialog.exec() != PatientDialog.DialogCode.Accepted:
            return
        patient = create_patient(self.db, dialog.draft())
        self.list_panel.search.clear()
        self.list_panel.model.upsert(patient)
        self.list_panel.select_patient(patient.id)
        self.open_patient(patient)
        self.statusBar().showMessage(f"Created patient {patient.id}", 4000)

    def edit_patient(self) -> None:
        patient = self.current_patient()
        if self.db is None or patient is None:
            return
        from equitone.ui.commands import EditPatientCommand
        from equitone.ui.patient_dialog import PatientDialog

        dialog = PatientDialog(self, patient.draft)
        if dialog.exec() != PatientDialog.DialogCode.Accepted:
            return
        if dialog.draft().validated() == patient.draft.validated():
            return
        self.undo_stack.push(
            EditPatientCommand(self.db, patient, dialog.draft(), self._patient_changed)
        )

    def toggle_archive(self) -> None:
        patient = self.current_patient()
        if self.db is None or patient is None:
            return
        from equitone.ui.commands import ArchivePatientCommand

        if not patient.archived and not messages.bridge.confirm(
            self,
            "Archive patient",
            f"Archive {patient.name}? The record and its history are kept; "
            "you can restore it from the archived list (or undo with Ctrl+Z).",
        ):
            return
        self.undo_stack.push(
            ArchivePatientCommand(self.db, patient, not patient.archived, self._patient_changed)
        )

    def focus_search(self) -> None:
        self.list_panel.search.setFocus()
        self.list_panel.search.selectAll()

    def offer_demo(self) -> None:
        if self.db is None:
            return
        if not messages.bridge.confirm(
            self,
            "Demo data",
            "Load a demo clinic with example patients and their histories into this database?",
        ):
            return
        from equitone.services.demo import load_demo

        created = load_demo(self.db)
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
        dialog = SettingsDialog(load_settings(self.db), modalities, self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            save_settings(self.db, dialog.settings())
            self.statusBar().showMessage("Settings saved", 3000)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Equitone",
            f"<h3>Equitone {__version__}</h3>"
            "<p>An offline workstation for tone-balancing rehab: relax the overactive, "
            "strengthen the underactive — and then relax the underactive as well.</p>"
            "<p>Your data stays on this computer.</p>",
        )

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
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
