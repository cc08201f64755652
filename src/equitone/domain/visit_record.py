"""The visit as a clinical record, beside its assessment and session: the SOAP notes, the
patient's response to each block of an in-clinic session, and the next-day report on each
activated muscle.

Pure values with their own checks; the services store them (services/visit_notes.py,
services/responses.py) and the same checks answer the CLI and the GUI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum

from equitone.domain.limits import check_text
from equitone.domain.sequencing import Block
from equitone.domain.types import Exercise, Side
from equitone.errors import ValidationError

__all__ = [
    "SOAP_FIELDS",
    "SOAP_LABELS",
    "BlockResponse",
    "NextDayReport",
    "Outcome",
    "VisitNotes",
    "activated_sides",
    "check_score",
]

SOAP_FIELDS = ("subjective", "objective", "assessment", "plan")
SOAP_LABELS = {"subjective": "Subjective", "objective": "Objective",
               "assessment": "Assessment", "plan": "Plan"}


def check_score(value: int | None, what: str, *, low: int = 0, high: int = 10) -> int | None:
    """`value` if it is None or within low..high, else one line saying why."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"The {what} must be a whole number from {low} to {high}, "
                              f"not {value!r}.")
    return value


@dataclass(frozen=True, slots=True)
class VisitNotes:
    """The SOAP notes of one visit: what the patient says (subjective), what was found and
    done (objective), the clinician's reading of it (assessment) and what comes next (plan)."""

    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""

    @property
    def empty(self) -> bool:
        return not any(self.section(name).strip() for name in SOAP_FIELDS)

    def section(self, name: str) -> str:
        if name not in SOAP_FIELDS:
            raise ValidationError(f"There is no note section {name!r}; use one of "
                                  f"{', '.join(SOAP_FIELDS)}.")
        value: str = getattr(self, name)
        return value

    def with_section(self, name: str, text: str) -> VisitNotes:
        self.section(name)
        return replace(self, **{name: text})

    def validated(self) -> VisitNotes:
        for f in fields(self):
            check_text(getattr(self, f.name), f"visit_notes.{f.name}")
        return self

    def summary(self, limit: int = 80) -> str:
        """The first words of the first section written ("S: knee better on stairs…")."""
        for name in SOAP_FIELDS:
            text = " ".join(self.section(name).split())
            if text:
                shown = text if len(text) <= limit else text[: limit - 1] + "…"
                return f"{name[0].upper()}: {shown}"
        return ""


class Outcome(StrEnum):
    """What became of one block in the clinic."""

    DONE = "done"
    MODIFIED = "modified"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class BlockResponse:
    """How the patient responded to one block: pain during it and effort (RPE), both 0-10
    when asked, whether it was done as planned, modified or skipped, and a short note."""

    block_id: str
    outcome: Outcome = Outcome.DONE
    pain: int | None = None
    rpe: int | None = None
    note: str = ""

    def validated(self) -> BlockResponse:
        check_score(self.pain, "pain during the block (0-10)")
        check_score(self.rpe, "effort (RPE 0-10)")
        check_text(self.note, "block_responses.note")
        return replace(self, note=self.note.strip())

    def text(self) -> str:
        """'modified · pain 3 · RPE 6 · knee clicked'."""
        bits = [self.outcome.value]
        if self.pain is not None:
            bits.append(f"pain {self.pain}")
        if self.rpe is not None:
            bits.append(f"RPE {self.rpe}")
        if self.note:
            bits.append(self.note)
        return " · ".join(bits)


@dataclass(frozen=True, slots=True)
class NextDayReport:
    """How an activated muscle side felt on the days after the session (the warning sign the
    method names: "tight and barely firing"), as the patient reported it on `reported_on`."""

    muscle: str
    side: Side
    reported_on: date
    tight: bool = False
    sore: int | None = None
    barely_firing: bool = False
    note: str = ""

    @property
    def key(self) -> tuple[str, Side]:
        return (self.muscle, self.side)

    @property
    def warning(self) -> bool:
        """The patient reported the sign: tight, barely firing, or sore 4 or more."""
        return self.tight or self.barely_firing or (self.sore is not None and self.sore >= 4)

    def validated(self) -> NextDayReport:
        check_score(self.sore, "soreness (0-10)")
        check_text(self.note, "next_day_reports.note")
        return replace(self, note=self.note.strip())

    def text(self) -> str:
        """'tight · sore 6 · barely firing' ('felt fine' when nothing was reported)."""
        bits = []
        if self.tight:
            bits.append("tight")
        if self.sore is not None:
            bits.append(f"sore {self.sore}")
        if self.barely_firing:
            bits.append("barely firing")
        if self.note:
            bits.append(self.note)
        return " · ".join(bits) or "felt fine"


def activated_sides(
    blocks: Iterable[Block], exercises: Mapping[str, Exercise]
) -> tuple[tuple[str, Side], ...]:
    """The muscle sides a session activated: its clinician's blocks of a training kind, in
    session order (what the next-day report asks about, and what trends mark)."""
    found: dict[tuple[str, Side], None] = {}
    for block in blocks:
        record = exercises.get(block.exercise)
        if block.auto or record is None or not record.kind.trains:
            continue
        for muscle in block.muscles:
            for side in block.side.sides:
                found.setdefault((muscle, side), None)
    return tuple(found)
