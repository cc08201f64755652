"""The History tab: a patient's versions (sign, amend) and audit trail (who changed what, when).

A thin adapter over services.versions, services.audit and the signing use-cases: it re-reads
everything whenever it is shown or after its own actions, and tells the page when records
changed so the Assessment tab can reload.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.patients import Patient
from equitone.errors import EquitoneError, ServerUnavailableError
from equitone.services import assessments
from equitone.services.audit import audit_entries, describe_change, summary
from equitone.services.audit_words import local_time, record_names
from equitone.services.catalog import load_catalog
from equitone.services.changes import Change, Entity, Origin
from equitone.services.versions import patient_versions
from equitone.storage.audit import current_actor
from equitone.storage.database import Database
from equitone.ui import prompts, style
from equitone.ui.operations import Operations
from equitone.ui.sync.offline_notice import OfflineNotice

from .model import AuditTableModel
from .versions_tree import VersionsTree

SHOWN_ENTRIES = 5000  # newest first; older ones stay in the database (`equitone audit`)


class HistoryTab(QWidget):
    def __init__(
        self, db: Database, ops: Operations | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.ops = db, ops
        if ops is not None:
            ops.listen(self.on_change, self)
        self.patient: Patient | None = None

        intro = QLabel(
            "Every change to this patient's record, assessments and sessions, with who made "
            "it and when (this computer's time). Signed assessments and delivered sessions "
            "are read-only: an amendment or a new version keeps the original."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(style.text())

        self.versions = VersionsTree()
        self.sign_button = QPushButton("Sign assessment…")
        self.sign_button.setObjectName("signAssessment")
        self.sign_button.setToolTip("Sign the selected assessment: it becomes read-only")
        self.amend_button = QPushButton("Amend assessment")
        self.amend_button.setObjectName("amendAssessment")
        self.amend_button.setToolTip(
            "Start a new, editable version of the selected signed assessment"
        )
        self.only_selected = QCheckBox("Show only the selected record's changes")
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.amend_button)
        buttons.addStretch(1)
        buttons.addWidget(self.only_selected)
        versions_box = QGroupBox("Versions")
        versions_layout = QVBoxLayout(versions_box)
        versions_layout.addWidget(self.versions, 1)
        versions_layout.addLayout(buttons)

        self.model = AuditTableModel(load_catalog(db))
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("auditDetail")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Select a change to see the old and new values.")
        self.count = QLabel()
        self.count.setStyleSheet(style.text())
        trail_box = QGroupBox("Audit trail")
        trail_layout = QVBoxLayout(trail_box)
        trail_split = QSplitter(Qt.Orientation.Vertical)
        trail_split.addWidget(self.table)
        trail_split.addWidget(self.detail)
        trail_split.setStretchFactor(0, 3)
        trail_split.setStretchFactor(1, 1)
        trail_layout.addWidget(trail_split, 1)
        trail_layout.addWidget(self.count)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(versions_box)
        split.addWidget(trail_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([400, 500])  # relative: the versions get room for a dozen records
        self.offline = OfflineNotice()
        layout = QVBoxLayout(self)
        layout.addWidget(self.offline)
        layout.addWidget(intro)
        layout.addWidget(split, 1)

        self.versions.itemSelectionChanged.connect(self._version_selected)
        self.only_selected.toggled.connect(lambda _on: self._reload_trail())
        self.table.selectionModel().selectionChanged.connect(self._entry_selected)
        self.sign_button.clicked.connect(self.sign_selected)
        self.amend_button.clicked.connect(self.amend_selected)
        self._update_buttons()

    # ---------------------------------------------------------------- loading
    def show_patient(self, patient: Patient) -> None:
        self.patient = patient
        if self.isVisible():  # otherwise showEvent reloads: switching patients stays cheap
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # other tabs may have changed records since

    def on_change(self, change: Change) -> None:
        """Shown while another screen here changes this patient's records (an undo from the
        Edit menu): the versions and the trail follow."""
        if (change.initiator is not self and change.origin is not Origin.ELSEWHERE
                and self.patient is not None and change.touches(self.patient.id)
                and self.isVisible()):
            self.reload()

    def reload(self) -> None:
        if self.patient is None:
            return
        try:
            self.versions.show_versions(
                patient_versions(self.db, self.patient.id, "assessment"),
                patient_versions(self.db, self.patient.id, "session"),
            )
            self._reload_trail()
        except ServerUnavailableError:
            self.offline.went_offline(self.db)  # what was read before stays shown
            self._update_buttons()
            return
        except EquitoneError as exc:
            prompts.bridge.error(self, "History", str(exc))
            return
        self.offline.hide()
        self._update_buttons()

    def _reload_trail(self) -> None:
        if self.patient is None:
            return
        chosen = self.versions.selected() if self.only_selected.isChecked() else None
        if chosen is not None:
            entries = audit_entries(self.db, entity=chosen.kind, entity_id=chosen.id,
                                    newest_first=True, limit=SHOWN_ENTRIES)
        else:
            entries = audit_entries(self.db, patient_id=self.patient.id, newest_first=True,
                                    limit=SHOWN_ENTRIES)
        self.model.set_entries(entries, record_names(self.db, entries))
        self.detail.clear()
        shown = f"{len(entries)} change(s)"
        if len(entries) == SHOWN_ENTRIES:
            shown += f" (the newest {SHOWN_ENTRIES}; `equitone audit` lists all)"
        self.count.setText(shown)

    # ---------------------------------------------------------------- selection
    def _version_selected(self) -> None:
        self._update_buttons()
        if self.only_selected.isChecked():
            self._reload_trail()

    def _update_buttons(self) -> None:
        info = self.versions.selected()
        is_assessment = info is not None and info.kind == "assessment"
        self.sign_button.setEnabled(is_assessment and info is not None
                                    and info.status == "draft")
        self.amend_button.setEnabled(is_assessment and info is not None
                                     and info.status == "signed" and info.current)

    def _entry_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        entry = self.model.entry(rows[0].row()) if rows else None
        if entry is None:
            self.detail.clear()
            return
        catalog = load_catalog(self.db)
        row = rows[0].row()
        who, record, action = (self.model.index(row, c).data() for c in (1, 2, 3))
        account = f" ({entry.actor})" if who != entry.actor else ""
        lines = [f"{local_time(entry.at_utc)} · {who}{account} · {record} · {action}"]
        if entry.note:
            lines.append(f"Note: {entry.note}")
        if entry.action not in ("create", "amend", "new-version", "delete"):
            lines.extend(f"  • {describe_change(c, catalog)}" for c in entry.changes())
            if entry.action == "sign":
                lines[1:] = [f"  • {summary(entry, catalog)}"]
        else:
            lines.append(f"  {summary(entry, catalog)}")
            values = entry.new if entry.action != "delete" else entry.old
            lines.extend(
                f"  • {describe_change(c, catalog)}"
                for c in entry.changes()
                if values and (c.field.startswith(("tag ", "psfs ", "block "))
                               or c.field in ("name", "date", "status", "clinician"))
            )
        self.detail.setPlainText("\n".join(lines))

    # ---------------------------------------------------------------- actions
    def ask_signer(self, default: str) -> str | None:
        """The signer's name, or None when cancelled."""
        return prompts.bridge.text(self, "Sign assessment",
                                   "Signed by (name shown on the record):", default)

    def sign_selected(self) -> None:
        info = self.versions.selected()
        if info is None or info.kind != "assessment" or info.status != "draft":
            return
        current = assessments.get_assessment(self.db, info.id)
        signer = self.ask_signer(current.clinician or current_actor())
        if signer is None:
            return
        if not prompts.bridge.confirm(
            self, "Sign assessment",
            f"Sign assessment {info.id} of {info.day.isoformat()} as {signer.strip()}? It "
            "becomes read-only for good; later corrections are made as an amendment.",
        ):
            return
        # What is signed is what was read above: a change made elsewhere while the signer
        # was asked is refused (who changed what, when), not signed unseen.
        self._run(lambda: assessments.sign_assessment(
            self.db, info.id, by=signer, expected_version=current.row_version).id, "sign")

    def amend_selected(self) -> None:
        info = self.versions.selected()
        if info is None or info.kind != "assessment" or info.status != "signed":
            return
        new_id = self._run(lambda: assessments.amend_assessment(self.db, info.id).id, "amend")
        if new_id is not None:
            prompts.bridge.info(
                self, "Amendment started",
                f"Assessment {new_id} is version {info.version + 1} of the assessment of "
                f"{info.day.isoformat()}. Edit it on the Assessment tab and sign it when "
                "done; the signed version stays as it was.",
            )

    def _run(self, action: Callable[[], int], what: str) -> int | None:
        try:
            record_id = action()
        except EquitoneError as exc:
            prompts.bridge.error(self, f"Cannot {what} the assessment", str(exc))
            self.reload()
            return None
        self.reload()
        self.versions.select("assessment", record_id)
        if self.ops is not None and self.patient is not None:  # the other tabs follow
            self.ops.publish(Change.of(Entity.ASSESSMENT, self.patient.id, Origin.EDIT,
                                       record_id=record_id, initiator=self))
        return record_id
