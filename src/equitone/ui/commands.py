"""Undoable edits. Each command changes the *model* through a service (one transaction) and
announces the result; widgets refresh from that announcement, never from the command.

Patient edits name the record version they were made on (ui/sync/guard.py): a change made
meanwhile on another workstation to other fields is kept (the edit is written on top of it),
one to the same fields is a clash the window shows; while the server is unreachable the edit
waits in the outbox (ui/sync/gate.py) and the window shows it as not saved yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date

from PySide6.QtGui import QUndoCommand

from equitone.domain.merge import clashing_fields, merge_fields
from equitone.domain.patients import Patient, PatientDraft
from equitone.errors import EquitoneError, ServerUnavailableError, StaleRecordError
from equitone.services import patients as service
from equitone.services.outbox import Outcome, PendingWrite
from equitone.services.write_gate import after_write, gate_for
from equitone.services.write_steps import Done, Step, perform
from equitone.storage.database import Database
from equitone.ui.sync.versioned import retire

PatientChanged = Callable[[Patient], None]
DRAFT_FIELDS = tuple(f.name for f in fields(PatientDraft))


@dataclass(frozen=True, slots=True)
class PatientAnnouncer:
    """Where patient commands report.

    - `changed(patient)`: this is what is stored now;
    - `pending(patient)`: the edit waits for the server; show it as not saved yet;
    - `failed(text)`: refused (nothing written);
    - `clash(error, current, mine, both)`: another workstation changed the same fields
      (`both`, by name); `mine` is the draft that puts this edit on top of `current`.
    """

    changed: PatientChanged
    pending: PatientChanged
    failed: Callable[[str], None]
    clash: Callable[[StaleRecordError, Patient, PatientDraft, tuple[str, ...]], None]


@dataclass(frozen=True, slots=True)
class _State:
    """What a patient command sets: the editable details and the archived flag."""

    draft: PatientDraft
    archived: bool

    @classmethod
    def of(cls, patient: Patient) -> _State:
        return cls(patient.draft.validated(), patient.archived)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


class _PatientCommand(QUndoCommand):
    """Runs one direction (redo/undo) from `source` to `target` through the gate."""

    def __init__(self, text: str, db: Database, patient: Patient, announce: PatientAnnouncer):
        super().__init__(text)
        self._db, self._id, self._announce = db, patient.id, announce
        self._version = patient.row_version  # the version this workstation last wrote or saw
        self._shown = patient  # the last state announced (pending edits are shown on it)

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
        intent = {
            "patient_id": self._id, "expected_version": self._version,
            "details": {n: _plain(getattr(target.draft, n)) for n in DRAFT_FIELDS},
            "archived": target.archived,
        }
        write = PendingWrite(self.text(), f"patient {self._id}", intent,
                             lambda: self._attempt(step, source, target))
        try:
            outcome = gate_for(self._db).submit(write)
        except EquitoneError as exc:
            self.setObsolete(True)
            self._announce.failed(str(exc))
            return
        if outcome is Outcome.QUEUED:
            self._shown = replace(self._shown, archived=target.archived, **{
                n: getattr(target.draft, n) for n in DRAFT_FIELDS})
            self._announce.pending(self._shown)

    def _attempt(self, step: Step[Patient], source: _State, target: _State) -> None:
        """Raises when the server is unreachable (the outbox keeps the write); reports the
        rest itself."""
        try:
            outcome = perform(step, self._version)
        except ServerUnavailableError:
            raise  # the outbox keeps the write
        except EquitoneError as exc:
            self._announce.failed(str(exc))
            return
        if isinstance(outcome, Done):
            self._version, self._shown = outcome.record.row_version, outcome.record
            after_write(self._db, lambda: self._announce.changed(outcome.record))
            return
        retire(self)
        self._shown = outcome.current
        mine = self._on_top(source, target, outcome.current).draft
        both = clashing_fields(source.draft, target.draft, outcome.current.draft.validated(),
                               DRAFT_FIELDS)
        self._announce.clash(outcome.error, outcome.current, mine, both)


class EditPatientCommand(_PatientCommand):
    def __init__(
        self, db: Database, before: Patient, after: PatientDraft, announce: PatientAnnouncer
    ) -> None:
        super().__init__(f"Edit {before.name}", db, before, announce)
        self._before = _State.of(before)
        self._after = _State(after.validated(), before.archived)

    def _store(self, target: _State, expected: int) -> Patient:
        return service.update_patient(self._db, self._id, target.draft,
                                      expected_version=expected)

    def redo(self) -> None:
        self._run(self._before, self._after)

    def undo(self) -> None:
        self._run(self._after, self._before)


class ArchivePatientCommand(_PatientCommand):
    def __init__(
        self, db: Database, patient: Patient, archived: bool, announce: PatientAnnouncer
    ) -> None:
        verb = "Archive" if archived else "Restore"
        super().__init__(f"{verb} {patient.name}", db, patient, announce)
        self._before = _State.of(patient)
        self._after = replace(self._before, archived=archived)

    def _store(self, target: _State, expected: int) -> Patient:
        return service.set_archived(self._db, self._id, target.archived,
                                    expected_version=expected)

    def redo(self) -> None:
        self._run(self._before, self._after)

    def undo(self) -> None:
        self._run(self._after, self._before)
