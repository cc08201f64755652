"""Undoable assessment edits.

Each command changes the *model* through :mod:`equitone.services.assessments` and then
publishes which assessment changed on the change bus (ui/operations.py); the tab reloads
from that (never from the command). A service refusal (a signed assessment, a bad value)
makes the command obsolete, so ``QUndoStack.push`` drops it instead of recording an edit
that never happened.

Several workstations (services/write_steps.py): every write names the version of the
assessment it was made on. Changed meanwhile elsewhere, but not the muscle sides / fields this
command touches: the command is written on top, keeping the other change. The same ones: a
clash, shown by the tab with a way to put this edit on top. Server unreachable: the write
waits in the outbox and the change is published as pending, with how the assessment will
look (a `View`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtGui import QUndoCommand

from equitone.domain import waiting_edits
from equitone.domain.assessment import Assessment, PsfsItem, ToneTag, validate_psfs
from equitone.domain.merge import changed_names, merge_fields, merge_tag
from equitone.domain.types import Side
from equitone.domain.waiting_edits import holds_tags
from equitone.errors import EquitoneError, ServerUnavailableError, StaleRecordError
from equitone.services import assessments as service
from equitone.services.changes import Entity, Origin
from equitone.services.outbox import PendingWrite, Result
from equitone.services.write_gate import after_write, gate_for
from equitone.services.write_steps import Step
from equitone.storage.database import Database
from equitone.ui.edits import Clash, Operation, Screen
from equitone.ui.operations import Operations
from equitone.ui.sync.versioned import attempt, submit

TagKey = tuple[str, Side]
TagSnapshot = Mapping[TagKey, ToneTag | None]
"""Per muscle side: the full tag, or ``None`` for "not tagged"."""
View = Callable[[Assessment], Assessment]
"""How an assessment looks with a change applied (to show a write that waits)."""


# Merge ids: rapid edits of one field on the same regions collapse into one undo step.
MERGE_IDS = {"tightness": 101, "pain": 102, "rom": 103, "note": 104}
DETAIL_FIELDS = ("day", "clinician", "findings", "neurological")


class _ServiceCommand(Operation):
    """Runs ``apply`` and publishes; a refusal marks the command obsolete and reports it."""

    def __init__(self, text: str, ops: Operations, screen: Screen, patient_id: int) -> None:
        super().__init__(text, ops, screen, Entity.ASSESSMENT, patient_id)

    def _run(self, apply: Callable[[], int | None]) -> None:
        try:
            shown = apply()
        except EquitoneError as exc:
            self.refused(str(exc))
            return
        self.changed(shown)


class _VersionedCommand(_ServiceCommand):
    """An edit of one existing assessment, written with optimistic concurrency."""

    def __init__(
        self, text: str, db: Database, assessment: Assessment, ops: Operations, screen: Screen
    ) -> None:
        super().__init__(text, ops, screen, assessment.patient_id)
        self._db, self._id = db, assessment.id
        self._version = assessment.row_version  # last written or seen by this workstation

    def _load(self) -> Assessment:
        return service.get_assessment(self._db, self._id)

    def read_only_reason(self) -> str | None:
        try:
            assessment = self._load()
        except EquitoneError:
            return None  # the command itself reports what went wrong
        if not assessment.signed:
            return None
        day = assessment.day
        return f"the assessment of {day.day} {day:%b %Y} is signed (read-only)"

    def _write(
        self, step: Step[Assessment], view: View, intent: Mapping[str, object],
        reapply: Callable[[Assessment], QUndoCommand], mine_text: str | None = None,
    ) -> None:
        label, origin = self.text(), self.origin
        write = PendingWrite(
            label, f"assessment {self._id}",
            {"assessment_id": self._id, "expected_version": self._version, **intent},
            lambda: self._attempt(step, reapply, mine_text, label, origin),
        )
        submit(self, self._db, write, queued=lambda: self.pending(self._id, view))

    def _attempt(
        self, step: Step[Assessment], reapply: Callable[[Assessment], QUndoCommand],
        mine_text: str | None, label: str, origin: Origin,
    ) -> Result:
        def done(record: Assessment) -> None:
            self._version = record.row_version
            after_write(self._db, lambda: self.changed(self._id, origin=origin))

        def clash(error: StaleRecordError, _current: Assessment) -> None:
            def again(current: object) -> QUndoCommand:
                assert isinstance(current, Assessment)
                return reapply(current)

            self.screen.clashed(Clash(error, Entity.ASSESSMENT, self._id, label, again,
                                      mine_text))

        return attempt(self, step, self._version, done=done, clash=clash)


def _with_tags(assessment: Assessment, snapshot: TagSnapshot) -> Assessment:
    tags = dict(assessment.tag_map())
    for key, tag in snapshot.items():
        if tag is None:
            tags.pop(key, None)
        else:
            tags[key] = tag
    return replace(assessment, tags=tuple(sorted(tags.values(), key=lambda t: t.key)))


class ReplaceTagsCommand(_VersionedCommand):
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
        ops: Operations,
        screen: Screen,
        *,
        merge_field: str | None = None,
    ) -> None:
        super().__init__(text, db, assessment, ops, screen)
        self._assessment_id = assessment.id
        self._before, self._after = dict(before), dict(after)
        self._merge_field = merge_field

    def _apply(self, source: TagSnapshot, target: TagSnapshot) -> None:
        upserts = [tag for tag in target.values() if tag is not None]
        cleared = [key for key, tag in target.items() if tag is None]

        def write(expected: int, _base: Assessment | None) -> Assessment:
            # only the touched sides are written: whatever else changed is kept as it is
            return service.replace_tags(self._db, self._id, upserts, cleared,
                                        expected_version=expected)

        step = Step[Assessment](write, self._load, lambda a: a.row_version,
                                lambda a: holds_tags(a, target), lambda a: holds_tags(a, source))
        db, text, ops, screen = self._db, self.text(), self.ops, self.screen  # outlive it

        def reapply(current: Assessment) -> QUndoCommand:
            now = current.tag_map()  # this edit's changes of each side, on top of theirs
            merged = {k: merge_tag(source.get(k), target.get(k), now.get(k)) for k in target}
            return ReplaceTagsCommand(db, current, {k: now.get(k) for k in target}, merged,
                                      text, ops, screen)

        note = "; ".join(t.note for t in upserts if t.note) or None
        intent = {"kind": waiting_edits.TAGS, "tags": waiting_edits.snapshot_json(target),
                  "before": waiting_edits.snapshot_json(source)}
        self._write(step, lambda a: _with_tags(a, target), intent, reapply, note)

    def forward(self) -> None:
        self._apply(self._before, self._after)

    def backward(self) -> None:
        self._apply(self._after, self._before)

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
        self._version = other._version
        return True


@dataclass(frozen=True, slots=True)
class Details:
    day: date
    clinician: str
    findings: str
    neurological: bool = False

    @classmethod
    def of(cls, assessment: Assessment) -> Details:
        return cls(assessment.day, assessment.clinician, assessment.findings,
                   assessment.neurological)

    def normalised(self) -> Details:
        """As the service stores it (clinician and findings stripped)."""
        return replace(self, clinician=self.clinician.strip(), findings=self.findings.strip())


class DetailsCommand(_VersionedCommand):
    """Date, clinician and findings (committed on editingFinished, not per keystroke)."""

    def __init__(
        self, db: Database, assessment: Assessment, after: Details, text: str,
        ops: Operations, screen: Screen,
    ) -> None:
        super().__init__(text, db, assessment, ops, screen)
        self._before, self._after = Details.of(assessment), after.normalised()

    def _apply(self, source: Details, target: Details) -> None:
        names = changed_names(source, target, DETAIL_FIELDS)

        def write(expected: int, base: Assessment | None) -> Assessment:
            # on top of the stored record: only this step's own fields are written
            d = merge_fields(source, target, Details.of(base or self._load()), DETAIL_FIELDS)
            return service.update_details(self._db, self._id, day=d.day, clinician=d.clinician,
                                          findings=d.findings, neurological=d.neurological,
                                          expected_version=expected)

        def holds(a: Assessment, wanted: Details) -> bool:
            stored = Details.of(a)
            return all(getattr(stored, n) == getattr(wanted, n) for n in names)

        step = Step[Assessment](write, self._load, lambda a: a.row_version,
                                lambda a: holds(a, target), lambda a: holds(a, source))

        db, text, ops, screen = self._db, self.text(), self.ops, self.screen  # outlive it

        def reapply(current: Assessment) -> QUndoCommand:
            after = merge_fields(source, target, Details.of(current), DETAIL_FIELDS)
            return DetailsCommand(db, current, after, text, ops, screen)

        def view(a: Assessment) -> Assessment:
            d = merge_fields(source, target, Details.of(a), DETAIL_FIELDS)
            return replace(a, day=d.day, clinician=d.clinician, findings=d.findings,
                           neurological=d.neurological)

        typed = target.findings if "findings" in names and target.findings else None
        intent = {"kind": waiting_edits.DETAILS,
                  "details": {n: waiting_edits.plain(getattr(target, n)) for n in names},
                  "before": {n: waiting_edits.plain(getattr(source, n)) for n in names}}
        self._write(step, view, intent, reapply, typed)

    def forward(self) -> None:
        self._apply(self._before, self._after)

    def backward(self) -> None:
        self._apply(self._after, self._before)


class PsfsCommand(_VersionedCommand):
    def __init__(
        self, db: Database, assessment: Assessment, after: tuple[PsfsItem, ...],
        ops: Operations, screen: Screen,
    ) -> None:
        super().__init__("Edit PSFS", db, assessment, ops, screen)
        self._before, self._after = assessment.psfs, after

    def _apply(self, source: tuple[PsfsItem, ...], target: tuple[PsfsItem, ...]) -> None:
        def write(expected: int, _base: Assessment | None) -> Assessment:
            # an undo may put back an older record's PSFS of fewer than three activities
            return service.set_psfs(self._db, self._id, target, expected_version=expected,
                                    complete=target is self._after)

        def holds(a: Assessment, wanted: tuple[PsfsItem, ...]) -> bool:
            try:
                return a.psfs == validate_psfs(wanted, complete=False)
            except EquitoneError:
                return False

        step = Step[Assessment](write, self._load, lambda a: a.row_version,
                                lambda a: holds(a, target), lambda a: holds(a, source))
        typed = "\n".join(f"{i.activity}: {i.score if i.score is not None else '—'}"
                          for i in target) or None
        intent = {"kind": waiting_edits.PSFS, "psfs": waiting_edits.psfs_json(target),
                  "before": waiting_edits.psfs_json(source), "complete": target is self._after}
        db, ops, screen = self._db, self.ops, self.screen  # outlive this command
        self._write(step, lambda a: replace(a, psfs=target), intent,
                    lambda current: PsfsCommand(db, current, target, ops, screen), typed)

    def forward(self) -> None:
        self._apply(self._before, self._after)

    def backward(self) -> None:
        self._apply(self._after, self._before)


OFFLINE_CREATE = ("The database server cannot be reached, so a new assessment cannot be "
                  "started now; it can as soon as the status bar no longer says Offline.")


class CreateAssessmentCommand(_ServiceCommand):
    """New assessment; undo deletes it, redo restores it with the same id and content.

    Not while offline (a create whose commit is cut off could not be told from one that never
    happened); undo deletes only an assessment nobody changed elsewhere meanwhile."""

    def __init__(
        self, db: Database, patient_id: int, *, clinician: str, copy_previous: bool,
        ops: Operations, screen: Screen,
    ) -> None:
        text = "New assessment (copy of previous)" if copy_previous else "New assessment"
        super().__init__(text, ops, screen, patient_id)
        self._db, self._clinician, self._copy = db, clinician, copy_previous
        self._snapshot: Assessment | None = None

    @property
    def assessment_id(self) -> int | None:
        return self._snapshot.id if self._snapshot is not None else None

    def _online(self) -> None:
        gate = gate_for(self._db)
        if gate.offline:
            raise _OfflineError(OFFLINE_CREATE)

    def _create(self) -> int:
        self._online()
        try:
            if self._snapshot is None:
                self._snapshot = service.create_assessment(
                    self._db, self.patient_id, clinician=self._clinician,
                    copy_previous=self._copy,
                )
            else:
                self._snapshot = service.restore_assessment(self._db, self._snapshot)
        except ServerUnavailableError:
            gate_for(self._db).note_offline()
            raise
        return self._snapshot.id

    def _delete(self) -> None:
        assert self._snapshot is not None
        self._online()
        # Later edits were undone before this point, but re-read to keep exactly what is stored.
        stored = service.get_assessment(self._db, self._snapshot.id)
        if _content(stored) != _content(self._snapshot):
            raise EquitoneError(
                f"The assessment of {stored.day.isoformat()} was changed on another "
                "workstation since it was started here, so it was not deleted.")
        self._snapshot = stored
        service.delete_assessment(self._db, stored.id, expected_version=stored.row_version)

    def forward(self) -> None:
        self._run(self._create)

    def backward(self) -> None:
        self._run(lambda: self._delete())


class _OfflineError(EquitoneError):
    """A step that cannot be kept for later (create, delete) while the server is away."""


def _content(a: Assessment) -> tuple[object, ...]:
    return (a.day, a.clinician, a.findings, a.tags, a.psfs, a.signed_at)
