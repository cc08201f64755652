"""The life of one versioned write from an undo command: submitted through the outbox gate,
attempted with the optimistic-concurrency steps of `guard`, and reported.

Shared by the assessment and session commands, which differ only in what they write and how
they announce it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QUndoCommand

from equitone.errors import EquitoneError, ServerUnavailableError, StaleRecordError
from equitone.services.outbox import Outcome, PendingWrite
from equitone.services.write_gate import gate_for
from equitone.services.write_steps import Done, Step, perform
from equitone.storage.database import Database

R = TypeVar("R")


def submit(
    command: QUndoCommand, db: Database, write: PendingWrite, *,
    failed: Callable[[str], None], queued: Callable[[], None],
) -> None:
    """Hand `write` to the database's gate: written now, or queued while the server is away
    (`queued` then shows it as pending). A refusal drops the command from the stack."""
    try:
        outcome = gate_for(db).submit(write)
    except EquitoneError as exc:
        command.setObsolete(True)
        failed(str(exc))
        return
    if outcome is Outcome.QUEUED:
        queued()


def attempt(
    command: QUndoCommand, step: Step[R], version: int, *,
    done: Callable[[R], None], failed: Callable[[str], None],
    clash: Callable[[StaleRecordError], None],
) -> None:
    """Write `step` on `version`. A lost connection propagates (the outbox keeps the write);
    a refusal or a clash retires the command and is reported; success calls `done`."""
    try:
        outcome = perform(step, version)
    except ServerUnavailableError:
        raise  # the outbox keeps the write
    except EquitoneError as exc:
        retire(command)
        failed(str(exc))
        return
    if isinstance(outcome, Done):
        done(outcome.record)
        return
    retire(command)
    clash(outcome.error)


def retire(command: object) -> None:
    """Mark an undo command obsolete (QUndoStack then drops it) — unless the stack already
    deleted it: a write kept while offline may outlive its command."""
    import shiboken6

    if shiboken6.isValid(command):
        command.setObsolete(True)  # type: ignore[attr-defined]
