"""The life of one versioned write from an undo command: submitted through the write gate
(services/write_gate.py: the outbox while the server is away), attempted with the
optimistic-concurrency steps of services/write_steps.py, and reported.

Shared by the patient, assessment and session commands, which differ only in what they write
and what they publish.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from equitone.errors import EquitoneError, ServerUnavailableError, StaleRecordError
from equitone.services.outbox import Outcome, PendingWrite, Result
from equitone.services.write_gate import gate_for
from equitone.services.write_steps import Done, Step, perform
from equitone.storage.database import Database
from equitone.ui.edits import Operation

R = TypeVar("R")


def submit(op: Operation, db: Database, write: PendingWrite, *,
           queued: Callable[[], None]) -> None:
    """Hand `write` to the database's gate: written now, or queued while the server is away
    (`queued` then shows it as pending). A refusal drops the command from the stack."""
    try:
        outcome = gate_for(db).submit(write)
    except EquitoneError as exc:
        op.refused(str(exc))
        return
    if outcome is Outcome.QUEUED:
        queued()


def attempt(
    op: Operation, step: Step[R], version: int, *,
    done: Callable[[R], None], clash: Callable[[StaleRecordError, R], None],
) -> Result:
    """Write `step` on `version`. A lost connection propagates (the outbox keeps the write);
    a refusal or a clash retires the command and is reported; success calls `done`. Says
    which it was, so the count after an outage is exact."""
    try:
        outcome = perform(step, version)
    except ServerUnavailableError:
        raise  # the outbox keeps the write
    except EquitoneError as exc:
        op.refused(str(exc))
        return Result.REFUSED
    if isinstance(outcome, Done):
        done(outcome.record)
        return Result.MERGED if outcome.rebased else Result.SAVED
    op.retire()
    clash(outcome.error, outcome.current)
    return Result.HELD
