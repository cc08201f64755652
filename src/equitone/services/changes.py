"""What changed: the one message every screen hears after an operation.

A `Change` says which kinds of records changed (patients, assessments, sessions), whose they
are, and who started it — an edit made here, its undo, or another workstation (or program,
found by services/change_poll.py). The window's change bus (ui/operations.py) carries it;
each screen decides from it whether to show something new. Plain data: the window imports
it before its first paint, so nothing heavy comes with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum


class Entity(StrEnum):
    """The kinds of records a change is about (the audit trail's names for them)."""

    PATIENT = "patient"
    ASSESSMENT = "assessment"
    SESSION = "session"


class Origin(Enum):
    """Who started a change."""

    EDIT = "edit"  # an edit made here (done, or done again by redo)
    UNDO = "undo"  # an edit made here, undone
    ELSEWHERE = "elsewhere"  # another workstation or program, found by the change poll


@dataclass(frozen=True, slots=True)
class Change:
    """What one operation changed, and who started it.

    `record_id` names the record an edit wrote; `detail` is what the screen showing it needs
    to show it without reading: a Patient, a SessionRecord (None: the session is gone), or —
    while `pending` (the edit waits for the server) — how the record will look. `initiator` is
    the screen whose edit it was (None for another workstation's)."""

    origin: Origin
    kinds: frozenset[Entity] = frozenset()
    patient_ids: frozenset[int] = frozenset()
    record_id: int | None = None
    detail: object = None
    pending: bool = False
    everything: bool = False  # too much to say, or the database was replaced: reload all
    initiator: object = None

    @classmethod
    def of(
        cls, kind: Entity, patient_id: int, origin: Origin, *, record_id: int | None = None,
        detail: object = None, pending: bool = False, initiator: object = None,
    ) -> Change:
        """One record of one patient."""
        return cls(origin, frozenset({kind}), frozenset({patient_id}), record_id, detail,
                   pending, initiator=initiator)

    def about(self, kind: Entity) -> bool:
        return self.everything or kind in self.kinds

    def touches(self, patient_id: int) -> bool:
        return self.everything or patient_id in self.patient_ids

    @property
    def empty(self) -> bool:
        return not (self.kinds or self.patient_ids or self.everything)
