"""Undoable assessment edits.

Each command changes the *model* through :mod:`equitone.services.assessments` and then
announces which assessment changed; the tab reloads from that announcement (never from the
command). A service refusal (a signed assessment, a bad value) makes the command obsolete, so
``QUndoStack.push`` drops it instead of recording an edit that never happened.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtGui import QUndoCommand

from equitone.domain.assessment import Assessment, PsfsItem, ToneTag
from equitone.domain.types import Side
from equitone.errors import EquitoneError
from equitone.services import assessments as service
from equitone.storage.database import Database

TagKey = tuple[str, Side]
TagSnapshot = Mapping[TagKey, ToneTag | None]
"""Per muscle side: the full tag, or ``None`` for "not tagged"."""


@dataclass(frozen=True, slots=True)
class Announcer:
    """Where commands report: ``changed(patient_id, assessment_id or None)`` after a write,
    ``failed(text)`` when a service refused it."""

    changed: Callable[[int, int | None], None]
    failed: Callable[[str], None]


# Merge ids: rapid edits of one field on the same regions collapse into one undo step.
MERGE_IDS = {"tightness": 101, "pain": 102, "rom_degrees": 103, "note": 104}


class _ServiceCommand(QUndoCommand):
    """Runs ``apply`` and announces; a refusal marks the command obsolete and reports it."""

    def __init__(self, text: str, announce: Announcer, patient_id: int) -> None:
        super().__init__(text)
        self._announce = announce
        self._patient_id = patient_id

    def _run(self, apply: Callable[[], int | None]) -> None:
        try:
            shown = apply()
        except EquitoneError as exc:
            self.setObsolete(True)
            self._announce.failed(str(exc))
            return
        self._announce.changed(self._patient_id, shown)


class ReplaceTagsCommand(_ServiceCommand):
    """Replace some muscle sides' tags (tag, clear, edit a field, mirror) as one undo step.

    ``before``/``after`` are full snapshots of the touched sides, so undo restores exactly what
    was there (a cleared tag comes back with its note and measures).
    """

    def __init__(
        self,
        db: Database,
        assessment: Assessment,
        before: TagSnapshot,
        after: TagSnapshot,
        text: str,
        announce: Announcer,
        *,
        merge_field: str | None = None,
    ) -> None:
        super().__init__(text, announce, assessment.patient_id)
        self._db, self._assessment_id = db, assessment.id
        self._before, self._after = dict(before), dict(after)
        self._merge_field = merge_field

    def _apply(self, snapshot: Mapping[TagKey, ToneTag | None]) -> int:
        upserts = [tag for tag in snapshot.values() if tag is not None]
        removed = [key for key, tag in snapshot.items() if tag is None]
        # Mixed snapshots only happen when undoing a multi-selection edit; the upsert is the
        # call that validates, so it runs first and a refusal leaves nothing half-done.
        if upserts or not removed:
            service.set_tags(self._db, self._assessment_id, upserts)
        if removed:
            service.clear_tags(self._db, self._assessment_id, removed)
        return self._assessment_id

    def redo(self) -> None:
        self._run(lambda: self._apply(self._after))

    def undo(self) -> None:
        self._run(lambda: self._apply(self._before))

    def id(self) -> int:
        return MERGE_IDS.get(self._merge_field or "", -1)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, ReplaceTagsCommand)
            and other._merge_field == self._merge_field
            and other._assessment_id == self._assessment_id
            and other._after.keys() == self._after.keys()
        ):
            return False
        self._after = dict(other._after)
        return True


@dataclass(frozen=True, slots=True)
class Details:
    day: date
    clinician: str
    findings: str

    @classmethod
    def of(cls, assessment: Assessment) -> Details:
        return cls(assessment.day, assessment.clinician, assessment.findings)


class DetailsCommand(_ServiceCommand):
    """Date, clinician and findings (committed on editingFinished, not per keystroke)."""

    def __init__(
        self, db: Database, assessment: Assessment, after: Details, text: str,
        announce: Announcer,
    ) -> None:
        super().__init__(text, announce, assessment.patient_id)
        self._db, self._id = db, assessment.id
        self._before, self._after = Details.of(assessment), after

    def _apply(self, details: Details) -> int:
        service.update_details(
            self._db, self._id, day=details.day, clinician=details.clinician,
            findings=details.findings,
        )
        return self._id

    def redo(self) -> None:
        self._run(lambda: self._apply(self._after))

    def undo(self) -> None:
        self._run(lambda: self._apply(self._before))


class PsfsCommand(_ServiceCommand):
    def __init__(
        self, db: Database, assessment: Assessment, after: tuple[PsfsItem, ...],
        announce: Announcer,
    ) -> None:
        super().__init__("Edit PSFS", announce, assessment.patient_id)
        self._db, self._id = db, assessment.id
        self._before, self._after = assessment.psfs, after

    def _apply(self, items: tuple[PsfsItem, ...]) -> int:
        service.set_psfs(self._db, self._id, items)
        return self._id

    def redo(self) -> None:
        self._run(lambda: self._apply(self._after))

    def undo(self) -> None:
        self._run(lambda: self._apply(self._before))


class CreateAssessmentCommand(_ServiceCommand):
    """New assessment; undo deletes it, redo restores it with the same id and content."""

    def __init__(
        self, db: Database, patient_id: int, *, clinician: str, copy_previous: bool,
        announce: Announcer,
    ) -> None:
        text = "New assessment (copy of previous)" if copy_previous else "New assessment"
        super().__init__(text, announce, patient_id)
        self._db, self._clinician, self._copy = db, clinician, copy_previous
        self._snapshot: Assessment | None = None

    @property
    def assessment_id(self) -> int | None:
        return self._snapshot.id if self._snapshot is not None else None

    def _create(self) -> int:
        if self._snapshot is None:
            self._snapshot = service.create_assessment(
                self._db, self._patient_id, clinician=self._clinician,
                copy_previous=self._copy,
            )
        else:
            self._snapshot = service.restore_assessment(self._db, self._snapshot)
        return self._snapshot.id

    def _delete(self) -> None:
        assert self._snapshot is not None
        # Later edits were undone before this point, but re-read to keep exactly what is stored.
        self._snapshot = service.get_assessment(self._db, self._snapshot.id)
        service.delete_assessment(self._db, self._snapshot.id)

    def redo(self) -> None:
        self._run(self._create)

    def undo(self) -> None:
        self._run(lambda: self._delete())
