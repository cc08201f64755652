"""Patient → Export (patient archive, FHIR bundle) and Patient → Import…: thin menu actions
over the same services as `equitone export` / `equitone import` (services/fhir_export.py,
services/import_file.py). The files are asked for, and every outcome told in one message,
through the prompt bridge (ui/prompts.py; the tests script it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from equitone.errors import EquitoneError
from equitone.ui import prompts

if TYPE_CHECKING:
    from equitone.domain.patients import Patient
    from equitone.storage.database import Database

JSON_FILTER = "FHIR bundles and Equitone archives (*.json);;All files (*)"


def _file_name(name: str, ending: str) -> str:
    return (re.sub(r"[^\w-]+", "-", name).strip("-") or "patient") + ending


class TransferActions:
    """Adds the Export submenu and Import… to the Patient menu."""

    def __init__(self, parent: QWidget, menu: QMenu, database: Callable[[], Database | None],
                 imported: Callable[[int], None]) -> None:
        self.parent = parent
        self.database = database
        self.imported = imported
        self.patient: Patient | None = None
        self.export_menu = menu.addMenu("E&xport")
        self.act_archive = QAction("Patient &archive…", parent)
        self.act_archive.triggered.connect(lambda: self.export("archive"))
        self.act_fhir = QAction("&FHIR bundle…", parent)
        self.act_fhir.triggered.connect(lambda: self.export("fhir"))
        self.export_menu.addAction(self.act_archive)
        self.export_menu.addAction(self.act_fhir)
        self.act_import = QAction("&Import…", parent)
        self.act_import.triggered.connect(self.import_file)
        menu.addAction(self.act_import)
        self.set_patient(None)

    def set_patient(self, patient: Patient | None) -> None:
        self.patient = patient
        self.export_menu.setEnabled(patient is not None)

    def export(self, kind: str) -> None:
        db, patient = self.database(), self.patient
        if db is None or patient is None:
            return
        ending = ".fhir.json" if kind == "fhir" else ".json"
        title = "Export FHIR bundle" if kind == "fhir" else "Export patient archive"
        path = prompts.bridge.save_file(self.parent, title,
                                         Path.home() / _file_name(patient.name, ending),
                                         JSON_FILTER)
        if path is None:
            return
        try:
            if kind == "fhir":
                from equitone.services.fhir_export import export_fhir

                result = export_fhir(db, patient.id, path)
                count = f"{sum(result.resources.values())} FHIR R4 resources"
            else:
                from equitone.services.archive import export_patient

                done = export_patient(db, patient.id, path)
                count = f"{done.assessments} assessment(s), {done.sessions} session(s)"
        except EquitoneError as exc:
            prompts.bridge.error(self.parent, title, str(exc))
            return
        prompts.bridge.info(self.parent, title, f"Exported {patient.name} ({count}) to {path}.")

    def import_file(self) -> None:
        db = self.database()
        if db is None:
            return
        path = prompts.bridge.open_file(self.parent, "Import patient", Path.home(), JSON_FILTER)
        if path is None:
            return
        from equitone.services.import_file import import_file

        try:
            imported = import_file(db, path)
        except EquitoneError as exc:
            prompts.bridge.error(self.parent, "Import patient", str(exc))
            return
        prompts.bridge.info(self.parent, "Import patient", imported.describe())
        self.imported(imported.result.patient_id)
