"""One step of an undo command (its redo or its undo) written with optimistic concurrency.

A step writes the part of a record it changes — some muscle sides' tags, some fields, a
session's contents — naming the version of the record it was made on. When the service says
that version is stale (StaleRecordError), the step looks at the record as it is now:

- it already holds the step's change: an earlier try did land (the connection broke while it
  committed, see services/outbox.py), so the step is done — written exactly once;
- the part the step changes is still as the step found it: someone changed *another* part
  (or this workstation's own later edit was undone meanwhile); the step is written again on
  top of the current record, so their change is kept;
- otherwise the same part was changed elsewhere: a clash, which the screen shows to the
  clinician (who changed what, when) with the choice to put their own change on top.

No Qt here; the window's undo commands (ui/commands.py, ui/assessment/commands.py,
ui/designer/commands.py) describe their steps and the screens show the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from equitone.errors import StaleRecordError

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Step(Generic[R]):
    write: Callable[[int, R | None], R]
    """Write at `expected` version; given the current record, build on it (keep its other
    parts). Returns the stored record."""
    load: Callable[[], R]
    """The record as stored now."""
    version: Callable[[R], int]
    applied: Callable[[R], bool]
    """The record already holds this step's change."""
    based_on: Callable[[R], bool]
    """The part this step changes is as the step found it."""


@dataclass(frozen=True, slots=True)
class Done(Generic[R]):
    record: R
    rebased: bool = False  # written on top of someone else's change


@dataclass(frozen=True, slots=True)
class Clash(Generic[R]):
    error: StaleRecordError
    current: R


def perform(step: Step[R], expected: int) -> Done[R] | Clash[R]:
    """Write the step; connection failures and refusals other than staleness propagate."""
    try:
        return Done(step.write(expected, None))
    except StaleRecordError as stale:
        error = stale
    current = step.load()
    if step.applied(current):
        return Done(current)
    if not step.based_on(current):
        return Clash(error, current)
    try:
        return Done(step.write(step.version(current), current), rebased=True)
    except StaleRecordError as again:  # changed once more in this very instant
        return Clash(again, step.load())
