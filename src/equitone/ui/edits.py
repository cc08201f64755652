"""An edit as an undo command: `Operation`, the base of every command, which publishes what it
changed on the window's change bus (ui/operations.py), and what it tells only the screen that
started it (`Screen`: a refusal, a `Clash` with another workstation's change)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from equitone.errors import StaleRecordError
from equitone.services.changes import Change, Entity, Origin
from equitone.ui.operations import Operations


@dataclass(frozen=True, slots=True)
class Clash:
    """Another workstation changed what an edit changes; nothing of the edit was written.

    `reapply(current)` makes the command that puts this edit on top of `current` (the record
    as stored now); `mine_text` is what the clinician typed, if anything (kept on the
    clipboard when they keep the other version); `detail` is what a kind of record needs
    beyond that (a patient edit: the draft on top of theirs and the fields both changed)."""

    error: StaleRecordError
    kind: Entity
    record_id: int
    what: str
    reapply: Callable[[object], QUndoCommand]
    mine_text: str | None = None
    detail: object = None


class Screen(Protocol):
    """The screen that started an edit: told what concerns no other screen."""

    def refused(self, text: str) -> None:
        """A service refused the edit (nothing was written); `text` says why."""
        ...

    def clashed(self, clash: Clash) -> None:
        """Another workstation changed the same; show theirs and offer to put this on top."""
        ...


class Operation(QUndoCommand):
    """An undo command that reports through the change bus.

    Subclasses implement `forward()` (the edit) and `backward()` (its undo); `redo()` and
    `undo()` note who started the change so that `changed()` can say it."""

    def __init__(
        self, text: str, ops: Operations, screen: Screen, kind: Entity, patient_id: int
    ) -> None:
        super().__init__(text)
        self.ops, self.screen = ops, screen
        self.kind, self.patient_id = kind, patient_id
        self.origin = Origin.EDIT

    def forward(self) -> None:
        raise NotImplementedError

    def read_only_reason(self) -> str | None:
        """Why the record this changes can no longer be changed (it was delivered or signed
        since), or None: undo and redo then refuse instead of failing."""
        return None

    def backward(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        self.origin = Origin.EDIT
        self.forward()

    def undo(self) -> None:
        self.origin = Origin.UNDO
        self.backward()

    # -- reporting ---------------------------------------------------------------------------
    def changed(
        self, record_id: int | None, detail: object = None, *, origin: Origin | None = None
    ) -> None:
        """The edit is stored: tell every screen."""
        self.ops.publish(Change.of(self.kind, self.patient_id, origin or self.origin,
                                   record_id=record_id, detail=detail, initiator=self.screen))

    def pending(self, record_id: int, detail: object) -> None:
        """The edit waits for the server: screens show `detail`, marked as not saved yet."""
        self.ops.publish(Change.of(self.kind, self.patient_id, self.origin, record_id=record_id,
                                   detail=detail, pending=True, initiator=self.screen))

    def refused(self, text: str) -> None:
        """A service refused the edit: drop it from the stack and tell its screen."""
        self.retire()
        self.screen.refused(text)

    def retire(self) -> None:
        """Mark this command obsolete (the stack then drops it) — unless the stack already
        deleted it: a write kept while offline may outlive its command."""
        import shiboken6

        if shiboken6.isValid(self):
            self.setObsolete(True)
