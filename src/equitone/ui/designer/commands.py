"""Undoable session edits on the window's shared QUndoStack.

Every command changes the *model* through `equitone.services.sessions` — one transaction per
redo or undo — and then publishes the stored record on the change bus (ui/operations.py);
the tab shows what is published, never what the command meant to do. Edits of a session's
contents also ask their screen for a `preview` first: the tab runs the pure engine on the new
contents and repaints at once, so a drop shows its automatic blocks within a frame while the
save (which re-runs the engine on what it stores) follows. A service refusal makes the command
obsolete (QUndoStack drops it) and is reported to its screen.

Several workstations (services/write_steps.py): an edit names the session's version it was
made on. If the session changed elsewhere meanwhile but its contents are still as this edit
found them (or this workstation's own later edit was undone), the edit is written on top;
otherwise it is a clash, shown with the way to put this edit on top of theirs
(domain/merge.py). While the server is unreachable the edit waits in the outbox and is
published as pending with the contents it will have.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from equitone.domain import waiting_edits as codec
from equitone.domain.merge import merge_session, session_key
from equitone.domain.sequencing import Block
from equitone.domain.session import SessionDetails, SessionRecord, SessionStatus
from equitone.domain.session_edits import SessionState
from equitone.errors import EquitoneError, StaleRecordError
from equitone.services import sessions as service
from equitone.services.changes import Entity, Origin
from equitone.services.outbox import PendingWrite, Result
from equitone.services.write_gate import after_write, gate_for
from equitone.services.write_steps import Step
from equitone.storage.database import Database
from equitone.ui.edits import Clash, Operation, Screen
from equitone.ui.operations import Operations
from equitone.ui.sync.versioned import attempt, submit


class SessionScreen(Screen, Protocol):
    """The designer: it also shows an edit's contents before they are stored."""

    def preview(self, session_id: int, state: SessionState, focus: str | None) -> None:
        """Show `state` now, `focus` selected (the engine's pure run; the save follows)."""
        ...


class _SessionCommand(Operation):
    def __init__(
        self, text: str, db: Database, patient_id: int, ops: Operations, screen: Screen
    ) -> None:
        super().__init__(text, ops, screen, Entity.SESSION, patient_id)
        self._db = db

    def _run(self, apply: Callable[[], SessionRecord | None], shown: int | None = None) -> None:
        """`shown`: the session to show when `apply` leaves none (an undone create)."""
        try:
            record = apply()
        except EquitoneError as exc:
            self.refused(str(exc))
            return
        self.changed(record.id if record else shown, record)


class _VersionedCommand(_SessionCommand):
    """A change of one existing session, written with optimistic concurrency."""

    def __init__(
        self, text: str, db: Database, record: SessionRecord, ops: Operations, screen: Screen
    ) -> None:
        super().__init__(text, db, record.patient_id, ops, screen)
        self.session_id = record.id
        self._version = record.row_version  # last written or seen by this workstation

    def _load(self) -> SessionRecord:
        return service.get_session(self._db, self.session_id)  # with the engine's notes

    def read_only_reason(self) -> str | None:
        try:
            record = self._load()
        except EquitoneError:
            return None  # the command itself reports what went wrong
        if not record.read_only:
            return None
        day = record.details.day
        return f"the session of {day.day} {day:%b %Y} is {record.status.value} (read-only)"

    def _write(
        self, step: Step[SessionRecord], pending: SessionState | None,
        intent: dict[str, object], reapply: Callable[[SessionRecord], QUndoCommand],
    ) -> None:
        label, origin = self.text(), self.origin
        write = PendingWrite(
            label, f"session {self.session_id}",
            {"session_id": self.session_id, "expected_version": self._version, **intent},
            lambda: self._attempt(step, reapply, label, origin),
        )
        submit(self, self._db, write, queued=lambda: self.pending(self.session_id, pending))

    def _attempt(
        self, step: Step[SessionRecord], reapply: Callable[[SessionRecord], QUndoCommand],
        label: str, origin: Origin,
    ) -> Result:
        def done(record: SessionRecord) -> None:
            self._version = record.row_version
            after_write(self._db, lambda: self.changed(record.id, record, origin=origin))

        def clash(error: StaleRecordError, _current: SessionRecord) -> None:
            def again(current: object) -> QUndoCommand:
                assert isinstance(current, SessionRecord)
                return reapply(current)

            self.screen.clashed(Clash(error, Entity.SESSION, self.session_id, label, again))

        return attempt(self, step, self._version, done=done, clash=clash)


class EditSessionCommand(_VersionedCommand):
    """Contents or details of one session, from `before` to `after` (full states, so undo
    restores dismissals and swaps exactly). `focus` is the block to select afterwards."""

    def __init__(
        self,
        db: Database,
        record: SessionRecord,
        after: SessionState,
        text: str,
        ops: Operations,
        screen: SessionScreen,
        focus: str | None = None,
    ) -> None:
        super().__init__(text, db, record, ops, screen)
        self.before, self.after = SessionState.of(record), after
        self._focus = focus
        self._designer = screen

    def _apply(self, source: SessionState, target: SessionState, focus: str | None) -> None:
        self._designer.preview(self.session_id, target, focus)

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

        db, text, ops, screen = self._db, self.text(), self.ops, self._designer  # outlive it

        def reapply(current: SessionRecord) -> QUndoCommand:
            after = merge_session(source, target, SessionState.of(current))
            return EditSessionCommand(db, current, after, text, ops, screen, focus)

        intent: dict[str, object] = {"kind": codec.SESSION, "session": codec.session_json(target),
                                     "before": codec.session_json(source)}
        self._write(step, target, intent, reapply)

    def forward(self) -> None:
        self._apply(self.before, self.after, self._focus)

    def backward(self) -> None:
        self._apply(self.after, self.before, self._focus)


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
        ops: Operations,
        screen: Screen,
        *,
        blocks: tuple[Block, ...] = (),
        details: SessionDetails | None = None,
        template: str | None = None,
        version_of: int | None = None,
        then_show: int | None = None,
    ) -> None:
        super().__init__(text, db, patient_id, ops, screen)
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
                self._db, self.patient_id, self._blocks, self._details, template=self._template
            )
        return self.snapshot

    def _delete(self) -> None:
        assert self.snapshot is not None
        _online(self._db)
        # Later edits were undone before this point; re-read to keep exactly what is stored.
        stored = _unchanged_since(self._db, self.snapshot)
        self.snapshot = service.get_session(self._db, stored.id)
        service.delete_draft(self._db, stored.id, expected_version=stored.row_version)

    def forward(self) -> None:
        self._run(self._create)

    def backward(self) -> None:
        self._run(lambda: self._delete(), shown=self._then_show)


class DeleteDraftCommand(_SessionCommand):
    def __init__(
        self, db: Database, record: SessionRecord, ops: Operations, screen: Screen
    ) -> None:
        super().__init__(f"Delete the draft of {record.day.isoformat()}", db,
                         record.patient_id, ops, screen)
        self._record = record

    def forward(self) -> None:
        def delete() -> None:
            _online(self._db)
            stored = _unchanged_since(self._db, self._record)
            self._record = service.get_session(self._db, stored.id)
            service.delete_draft(self._db, stored.id, expected_version=stored.row_version)

        self._run(lambda: delete())

    def backward(self) -> None:
        def restore() -> SessionRecord:
            _online(self._db)
            return service.restore_session(self._db, self._record)

        self._run(restore)


class StatusCommand(_VersionedCommand):
    """Draft ⇄ planned. Delivery is not on the undo stack: a delivered session is final."""

    def __init__(
        self, db: Database, record: SessionRecord, after: SessionStatus, ops: Operations,
        screen: Screen, *, acknowledge_warnings: bool = False,
    ) -> None:
        super().__init__(f"Mark the session {after.value}", db, record, ops, screen)
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
        db, ops, screen = self._db, self.ops, self.screen  # outlive this command
        self._write(step, None, {"status": target.value},
                    lambda current: StatusCommand(db, current, target, ops, screen,
                                                  acknowledge_warnings=acknowledged))

    def forward(self) -> None:
        self._apply(self._before, self._after)

    def backward(self) -> None:
        self._apply(self._after, self._before)
