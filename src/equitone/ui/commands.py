"""Undoable edits. Each command changes the *model* through a service (one transaction) and
announces the result; widgets refresh from that announcement, never from the command."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from equitone.domain.patients import Patient, PatientDraft
from equitone.services import patients as service
from equitone.storage.database import Database

PatientChanged = Callable[[Patient], None]


class EditPatientCommand(QUndoCommand):
    def __init__(
        self, db: Database, before: Patient, after: PatientDraft, changed: PatientChanged
    ) -> None:
        super().__init__(f"Edit {before.name}")
        self._db, self._id, self._changed = db, before.id, changed
        self._before, self._after = before.draft, after

    def redo(self) -> None:
        self._changed(service.update_patient(self._db, self._id, self._after))

    def undo(self) -> None:
        self._changed(service.update_patient(self._db, self._id, self._before))


class ArchivePatientCommand(QUndoCommand):
    def __init__(
        self, db: Database, patient: Patient, archived: bool, changed: PatientChanged
    ) -> None:
        verb = "Archive" if archived else "Restore"
        super().__init__(f"{verb} {patient.name}")
        self._db, self._id, self._archived, self._changed = db, patient.id, archived, changed

    def redo(self) -> None:
        self._changed(service.set_archived(self._db, self._id, self._archived))

    def undo(self) -> None:
        self._changed(service.set_archived(self._db, self._id, not self._archived))
