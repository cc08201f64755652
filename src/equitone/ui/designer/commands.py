"""Undoable session edits on the window's shared QUndoStack.

Every command changes the *model* through `equitone.services.sessions` — one transaction per
redo or undo — and then announces the stored record; the tab shows what it announces, never
what the command meant to do. Edits of a session's contents also ask for a `preview` first:
the tab runs the pure engine on the new contents and repaints at once, so a drop shows its
automatic blocks within a frame while the save (which re-runs the engine on what it stores)
follows. A service refusal makes the command obsolete (QUndoStack drops it) and is reported.

Several workstations (ui/sync/guard.py): an edit names the session's version it was made on.
If the session changed elsewhere meanwhile but its contents are still as this edit found them
(or this workstation's own later edit was undone), the edit is written on top; otherwise it
is a clash, announced with the way to put this edit on top of theirs (ui/sync/merge.py). While
the server is unreachable the edit waits in the outbox and the tab keeps showing its preview.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from equitone.domain.sequencing import Block
from equitone.domain.session import SessionDetails, SessionRecord, SessionStatus
from equitone.errors import EquitoneError, StaleRecordError
from equitone.services import sessions as service
from equitone.services.outbox import PendingWrite
from equitone.storage.database import Database
from equitone.ui.designer.operations import SessionState
from equitone.ui.sync.gate import after_write, gate_for
from equitone.ui.sync.guard import Step
from equitone.ui.sync.merge import merge_session, session_key
from equitone.ui.sync.versioned import attempt, submit


@dataclass(frozen=True, slots=True)
class SessionClash:
    """Another workstation changed the session this edit changes; nothing was written.
    `reapply(current)` makes the command that puts this edit on top of `current`."""

    error: StaleRecordError
    session_id: int
    what: str
    reapply: Callable[[SessionRecord], QUndoCommand]


def _ignore_pending(_session_id: int, _state: SessionState | None) -> None:
    """Where nothing shows pending writes."""


def _refuse_clash(_clash: SessionClash) -> None:
    raise AssertionError("an announcer that cannot show clashes")


@dataclass(frozen=True, slots=True)
class Announcer:
    """Where commands report.

    - `preview(session_id, state, focus)`: show `state` now (before it is stored);
    - `changed(patient_id, session_id, record)`: this is what is stored (`record` None when
      the session is gone, `session_id` then None too unless another should be shown);
    - `failed(text)`: a service refused the change; nothing was written;
    - `pending(session_id, state)`: the change waits for the server (`state`: the contents
      it will have; None when only the status changes);
    - `clash(SessionClash)`: another workstation changed the same session.
    """

    preview: Callable[[int, SessionState, str | None], None]
    changed: Callable[[int, int | None, SessionRecord | None], None]
    failed: Callable[[str], None]
    pending: Callable[[int, SessionState | None], None] = _ignore_pending
    clash: Callable[[SessionClash], None] = _refuse_clash


class _SessionCommand(QUndoCommand):
    def __init__(self, text: str, db: Database, patient_id: int, announce: Announcer) -> None:
        super().__init__(text)
        self._db, self._patient_id, self._announce = db, patient_id, announce

    def _run(self, apply: Callable[[], SessionRecord | None], shown: int | None = None) -> None:
        try:
            record = apply()
        except EquitoneError as exc:
            self.setObsolete(True)
            self._announce.failed(str(exc))
            return
        self._announce.changed(self._patient_id, record.id if record else shown, record)


class _VersionedCommand(_SessionCommand):
    """A change of one existing session, written with optimistic concurrency."""

    def __init__(
        self, text: str, db: Database, record: SessionRecord, announce: Announcer
    ) -> None:
        super().__init__(text, db, record.patient_id, announce)
        self.session_id = record.id
        self._version = record.row_version  # last written or seen by this workstation

    def _load(self) -> SessionRecord:
        return service.get_session(self._db, self.session_id)  # with the engine's notes

    def _write(
        self, step: Step[SessionRecord], pending: SessionState | None,
        intent: dict[str, object], reapply: Callable[[SessionRecord], QUndoCommand],
    ) -> None:
        label = self.text()
        write = PendingWrite(
            label, f"session {self.session_id}",
            {"session_id": self.session_id, "expected_version": self._version, **intent},
            lambda: self._attempt(step, reapply, label),
        )
        submit(self, self._db, write, failed=self._announce.failed,
               queued=lambda: self._announce.pending(self.session_id, pending))

    def _attempt(
        self, step: Step[SessionRecord], reapply: Callable[[SessionRecord], QUndoCommand],
        label: str,
    ) -> None:
        def done(record: SessionRecord) -> None:
            self._version = record.row_version
            after_write(self._db,
                        lambda: self._announce.changed(self._patient_id, record.id, record))

        attempt(
            self, step, self._version, done=done, failed=self._announce.failed,
            clash=lambda error: self._announce.clash(
                SessionClash(error, self.session_id, label, reapply)),
        )


class EditSessionCommand(_VersionedCommand):
    """Contents or details of one session, from `before` to `after` (full states, so undo
    restores dismissals and swaps exactly). `focus` is the block to select afterwards."""

    def __init__(
        self,
        db: Database,
        record: SessionRecord,
        after: SessionState,
        text: str,
        announce: Announcer,
        focus: str | None = None,
    ) -> None:
        super().__init__(text, db, record, announce)
        self.before, self.after = SessionState.of(record), after
        self._focus = focus

    def _apply(self, source: SessionState, target: SessionState, focus: str | None) -> None:
        self._announce.preview(self.session_id, target, focus)

        def write(expected: int, base: SessionRecord | None) -> SessionRecord:
            state = target if base is None else merge_session(source, target,
                                                              SessionState.of(base))
            return service.save_session(
                self._db, self.session_id, state.blocks, details=state.details,
                dismissals=state.dismissals, overrides=state.overrides,
                responses=state.responses, expected_version=expected,
            )

        def holds(record: SessionRecord, wanted: SessionState) -> bool:
            return session_key(SessionState.of(record)) == session_key(wanted)

        step = Step[SessionRecord](write, self._load, lambda r: r.row_version,
                                   lambda r: holds(r, target), lambda r: holds(r, source))

        db, text, announce = self._db, self.text(), self._announce  # outlive this command

        def reapply(current: SessionRecord) -> QUndoCommand:
            after = merge_session(source, target, SessionState.of(current))
            return EditSessionCommand(db, current, after, text, announce, focus)

        intent: dict[str, object] = {"session": _state_json(target)}
        self._write(step, target, intent, reapply)

    def redo(self) -> None:
        self._apply(self.before, self.after, self._focus)

    def undo(self) -> None:
        self._apply(self.after, self.before, self._focus)


def _state_json(state: SessionState) -> dict[str, object]:
    """What a session edit writes, as plain values (for a recovery file)."""
    d = state.details
    return {
        "date": d.day.isoformat(), "frequency_per_week": d.frequency_per_week,
        "in_clinic": d.in_clinic, "pre_sport": d.pre_sport, "notes": d.notes,
        "blocks": [
            {"block_id": b.id, "exercise": b.exercise, "muscles": list(b.muscles),
             "side": b.side.value, "sets": b.dose.sets, "reps": b.dose.reps,
             "hold_seconds": b.dose.hold_seconds, "rest_seconds": b.dose.rest_seconds,
             "note": b.note}
            for b in state.blocks if not b.auto or b.pinned
        ],
        "dismissals": [{"rule": x.key.rule.value, "muscle": x.key.muscle,
                        "side": x.key.side.value, "anchor": x.key.anchor, "reason": x.reason}
                       for x in state.dismissals],
        "swaps": [{"rule": o.key.rule.value, "muscle": o.key.muscle, "side": o.key.side.value,
                   "anchor": o.key.anchor, "exercise": o.exercise} for o in state.overrides],
        "answers": [{"muscle": r.muscle, "side": r.side.value, "accepted": r.accepted,
                     "reason": r.reason} for r in state.responses],
    }


OFFLINE_CHANGE = ("The database server cannot be reached, so this cannot be done now; it can "
                  "as soon as the status bar no longer says Offline.")


def _online(db: Database) -> None:
    """Creating and deleting sessions are not kept for later (a create whose commit is cut
    off could not be told from one that never happened)."""
    if gate_for(db).offline:
        raise EquitoneError(OFFLINE_CHANGE)


def _unchanged_since(db: Database, snapshot: SessionRecord) -> SessionRecord:
    """The stored session, if nobody changed its contents since `snapshot`; else refuse."""
    stored = service.get_session(db, snapshot.id, with_warnings=False)
    if session_key(SessionState.of(stored)) != session_key(SessionState.of(snapshot)):
        raise EquitoneError(
            f"The session of {stored.day.isoformat()} was changed on another workstation "
            "meanwhile, so it was not deleted.")
    return stored


class CreateSessionCommand(_SessionCommand):
    """A new draft: blank, from template blocks, or a new version of a session.

    Undo deletes the draft; redo restores it with the same id and contents, so later commands
    on the stack that name it still apply.
    """

    def __init__(
        self,
        db: Database,
        patient_id: int,
        text: str,
        announce: Announcer,
        *,
        blocks: tuple[Block, ...] = (),
        details: SessionDetails | None = None,
        template: str | None = None,
        version_of: int | None = None,
        then_show: int | None = None,
    ) -> None:
        super().__init__(text, db, patient_id, announce)
        self._blocks, self._details, self._template = blocks, details, template
        self._version_of = version_of
        self._then_show = then_show  # shown after an undo (the session we came from)
        self.snapshot: SessionRecord | None = None

    def _create(self) -> SessionRecord:
        _online(self._db)
        if self.snapshot is not None:
            self.snapshot = service.restore_session(self._db, self.snapshot)
        elif self._version_of is not None:
            self.snapshot = service.new_version(self._db, self._version_of)
        else:
            self.snapshot = service.create_session(
                self._db, self._patient_id, self._blocks, self._details, template=self._template
            )
        return self.snapshot

    def _delete(self) -> None:
        assert self.snapshot is not None
        _online(self._db)
        # Later edits were undone before this point; re-read to keep exactly what is stored.
        stored = _unchanged_since(self._db, self.snapshot)
        self.snapshot = service.get_session(self._db, stored.id)
        service.delete_draft(self._db, stored.id, expected_version=stored.row_version)

    def redo(self) -> None:
        self._run(self._create)

    def undo(self) -> None:
        self._run(lambda: self._delete(), shown=self._then_show)


class DeleteDraftCommand(_SessionCommand):
    def __init__(self, db: Database, record: SessionRecord, announce: Announcer) -> None:
        super().__init__(f"Delete the draft of {record.day.isoformat()}", db,
                         record.patient_id, announce)
        self._record = record

    def redo(self) -> None:
        def delete() -> None:
            _online(self._db)
            stored = _unchanged_since(self._db, self._record)
            self._record = service.get_session(self._db, stored.id)
            service.delete_draft(self._db, stored.id, expected_version=stored.row_version)

        self._run(lambda: delete())

    def undo(self) -> None:
        def restore() -> SessionRecord:
            _online(self._db)
            return service.restore_session(self._db, self._record)

        self._run(restore)


class StatusCommand(_VersionedCommand):
    """Draft ⇄ planned. Delivery is not on the undo stack: a delivered session is final."""

    def __init__(
        self, db: Database, record: SessionRecord, after: SessionStatus, announce: Announcer,
        *, acknowledge_warnings: bool = False,
    ) -> None:
        super().__init__(f"Mark the session {after.value}", db, record, announce)
        self._before, self._after = record.status, after
        self._acknowledged = acknowledge_warnings  # the clinician said so when asked

    def _apply(self, source: SessionStatus, target: SessionStatus) -> None:
        acknowledged = self._acknowledged
        step = Step[SessionRecord](
            lambda expected, _base: service.set_status(
                self._db, self.session_id, target, expected_version=expected,
                acknowledge_warnings=acknowledged),
            self._load, lambda r: r.row_version,
            lambda r: r.status is target, lambda r: r.status is source,
        )
        db, announce = self._db, self._announce  # outlive this command
        self._write(step, None, {"status": target.value},
                    lambda current: StatusCommand(db, current, target, announce,
                                                  acknowledge_warnings=acknowledged))

    def redo(self) -> None:
        self._apply(self._before, self._after)

    def undo(self) -> None:
        self._apply(self._after, self._before)
