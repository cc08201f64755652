"""Undoable session edits on the window's shared QUndoStack.

Every command changes the *model* through `equitone.services.sessions` — one transaction per
redo or undo — and then announces the stored record; the tab shows what it announces, never
what the command meant to do. Edits of a session's contents also ask for a `preview` first:
the tab runs the pure engine on the new contents and repaints at once, so a drop shows its
automatic blocks within a frame while the save (which re-runs the engine on what it stores)
follows. A service refusal makes the command obsolete (QUndoStack drops it) and is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from equitone.domain.sequencing import Block
from equitone.domain.session import SessionDetails, SessionRecord, SessionStatus
from equitone.errors import EquitoneError
from equitone.services import sessions as service
from equitone.storage.database import Database
from equitone.ui.designer.operations import SessionState


@dataclass(frozen=True, slots=True)
class Announcer:
    """Where commands report.

    - `preview(session_id, state, focus)`: show `state` now (before it is stored);
    - `changed(patient_id, session_id, record)`: this is what is stored (`record` None when
      the session is gone, `session_id` then None too unless another should be shown);
    - `failed(text)`: a service refused the change; nothing was written.
    """

    preview: Callable[[int, SessionState, str | None], None]
    changed: Callable[[int, int | None, SessionRecord | None], None]
    failed: Callable[[str], None]


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


class EditSessionCommand(_SessionCommand):
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
        super().__init__(text, db, record.patient_id, announce)
        self.session_id = record.id
        self.before, self.after = SessionState.of(record), after
        self._focus = focus

    def _apply(self, state: SessionState, focus: str | None) -> SessionRecord:
        self._announce.preview(self.session_id, state, focus)
        return service.save_session(
            self._db,
            self.session_id,
            state.blocks,
            details=state.details,
            dismissals=state.dismissals,
            overrides=state.overrides,
        )

    def redo(self) -> None:
        self._run(lambda: self._apply(self.after, self._focus))

    def undo(self) -> None:
        self._run(lambda: self._apply(self.before, self._focus))


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
        # Later edits were undone before this point; re-read to keep exactly what is stored.
        self.snapshot = service.get_session(self._db, self.snapshot.id)
        service.delete_draft(self._db, self.snapshot.id)

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
            self._record = service.get_session(self._db, self._record.id)
            service.delete_draft(self._db, self._record.id)

        self._run(lambda: delete())

    def undo(self) -> None:
        self._run(lambda: service.restore_session(self._db, self._record))


class StatusCommand(_SessionCommand):
    """Draft ⇄ planned. Delivery is not on the undo stack: a delivered session is final."""

    def __init__(
        self, db: Database, record: SessionRecord, after: SessionStatus, announce: Announcer
    ) -> None:
        super().__init__(f"Mark the session {after.value}", db, record.patient_id, announce)
        self._id, self._before, self._after = record.id, record.status, after

    def redo(self) -> None:
        self._run(lambda: service.set_status(self._db, self._id, self._after))

    def undo(self) -> None:
        self._run(lambda: service.set_status(self._db, self._id, self._before))
