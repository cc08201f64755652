"""Undoable patient edits. Each command changes the *model* through a service (one
transaction) and publishes the result on the change bus (ui/operations.py); the patient list,
the header and the page follow that, never the command.

Patient edits name the record version they were made on (services/write_steps.py): a change
made meanwhile on another workstation to other fields is kept (the edit is written on top of
it), one to the same fields is a clash the window shows; while the server is unreachable the
edit waits in the outbox (services/write_gate.py) and the window shows it as not saved yet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QUndoCommand

from equitone.domain import waiting_edits
from equitone.domain.merge import clashing_fields, merge_fields
from equitone.domain.patients import DRAFT_FIELDS, Patient, PatientDraft
from equitone.domain.waiting_edits import plain
from equitone.errors import StaleRecordError
from equitone.services import patients as service
from equitone.services.changes import Entity, Origin
from equitone.services.outbox import PendingWrite, Result
from equitone.services.write_gate import after_write
from equitone.services.write_steps import Step
from equitone.storage.database import Database
from equitone.ui.edits import Clash, Operation, Screen
from equitone.ui.operations import Operations
from equitone.ui.sync.versioned import attempt, submit


@dataclass(frozen=True, slots=True)
class PatientClash:
    """A patient clash's detail: the record as stored now, this edit's draft put on top of
    it, and the fields both workstations changed (by name)."""

    current: Patient
    mine: PatientDraft
    both: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _State:
    """What a patient command sets: the editable details and the archived flag."""

    draft: PatientDraft
    archived: bool

    @classmethod
    def of(cls, patient: Patient) -> _State:
        return cls(patient.draft.validated(), patient.archived)


class _PatientCommand(Operation):
    """Runs one direction (redo/undo) from `source` to `target` through the gate."""

    def __init__(
        self, text: str, db: Database, patient: Patient, ops: Operations, screen: Screen
    ) -> None:
        super().__init__(text, ops, screen, Entity.PATIENT, patient.id)
        self._db, self._id = db, patient.id
        self._version = patient.row_version  # the version this workstation last wrote or saw
        self._shown = patient  # the last state published (pending edits are shown on it)

    # what a subclass says
    def _fields(self, source: _State, target: _State) -> tuple[str, ...]:
        """The draft fields this direction changes (empty: only the archived flag)."""
        return tuple(n for n in DRAFT_FIELDS
                     if getattr(source.draft, n) != getattr(target.draft, n))

    def _store(self, target: _State, expected: int) -> Patient:
        raise NotImplementedError

    # the run
    def _load(self) -> Patient:
        return service.get_patient(self._db, self._id)

    def _holds(self, patient: Patient, wanted: _State, names: tuple[str, ...]) -> bool:
        stored = _State.of(patient)
        return stored.archived == wanted.archived if not names else all(
            getattr(stored.draft, n) == getattr(wanted.draft, n) for n in names)

    def _on_top(self, source: _State, target: _State, base: Patient) -> _State:
        draft = merge_fields(source.draft, target.draft, base.draft.validated(), DRAFT_FIELDS)
        return _State(draft, target.archived if source.archived != target.archived
                      else base.archived)

    def _step(self, source: _State, target: _State) -> Step[Patient]:
        names = self._fields(source, target)
        # Always on top of the stored record: a write at the expected version must not carry
        # anything but this step's own fields (a whole draft could hold an older value).
        return Step[Patient](
            write=lambda expected, base: self._store(
                self._on_top(source, target, base or self._load()), expected),
            load=self._load,
            version=lambda p: p.row_version,
            applied=lambda p: self._holds(p, target, names),
            based_on=lambda p: self._holds(p, source, names),
        )

    def _run(self, source: _State, target: _State) -> None:
        step = self._step(source, target)
        names = self._fields(source, target)
        intent = {  # only what this step changes: the journal keeps no more than it needs
            "kind": waiting_edits.PATIENT, "patient_id": self._id,
            "expected_version": self._version,
            "details": {n: plain(getattr(target.draft, n)) for n in names},
            "before": {n: plain(getattr(source.draft, n)) for n in names},
            "archived": target.archived, "was_archived": source.archived,
        }
        origin = self.origin  # a write kept for later still says who made it
        write = PendingWrite(self.text(), f"patient {self._id}", intent,
                             lambda: self._attempt(step, source, target, origin))

        def queued() -> None:
            self._shown = replace(self._shown, archived=target.archived, **{
                n: getattr(target.draft, n) for n in DRAFT_FIELDS})
            self.pending(self._id, self._shown)

        submit(self, self._db, write, queued=queued)

    def _attempt(self, step: Step[Patient], source: _State, target: _State,
                 origin: Origin) -> Result:
        """Raises when the server is unreachable (the outbox keeps the write); reports the
        rest itself."""

        def done(record: Patient) -> None:
            self._version, self._shown = record.row_version, record
            after_write(self._db, lambda: self.changed(record.id, record, origin=origin))

        def clash(error: StaleRecordError, current: Patient) -> None:
            self._shown = current
            mine = self._on_top(source, target, current).draft
            both = clashing_fields(source.draft, target.draft, current.draft.validated(),
                                   DRAFT_FIELDS)
            db, ops, screen, text = self._db, self.ops, self.screen, self.text()

            def reapply(stored: object) -> QUndoCommand:
                assert isinstance(stored, Patient)
                return EditPatientCommand(db, stored, mine, ops, screen, text=text)

            self.screen.clashed(Clash(error, Entity.PATIENT, self._id, text, reapply,
                                      detail=PatientClash(current, mine, both)))

        return attempt(self, step, self._version, done=done, clash=clash)


class EditPatientCommand(_PatientCommand):
    def __init__(
        self, db: Database, before: Patient, after: PatientDraft, ops: Operations,
        screen: Screen, *, text: str | None = None,
    ) -> None:
        super().__init__(text or f"Edit {before.name}", db, before, ops, screen)
        self._before = _State.of(before)
        self._after = _State(after.validated(), before.archived)

    def _store(self, target: _State, expected: int) -> Patient:
        return service.update_patient(self._db, self._id, target.draft,
                                      expected_version=expected)

    def forward(self) -> None:
        self._run(self._before, self._after)

    def backward(self) -> None:
        self._run(self._after, self._before)


class ArchivePatientCommand(_PatientCommand):
    def __init__(
        self, db: Database, patient: Patient, archived: bool, ops: Operations, screen: Screen
    ) -> None:
        verb = "Archive" if archived else "Restore"
        super().__init__(f"{verb} {patient.name}", db, patient, ops, screen)
        self._before = _State.of(patient)
        self._after = replace(self._before, archived=archived)

    def _store(self, target: _State, expected: int) -> Patient:
        return service.set_archived(self._db, self._id, target.archived,
                                    expected_version=expected)

    def forward(self) -> None:
        self._run(self._before, self._after)

    def backward(self) -> None:
        self._run(self._after, self._before)
