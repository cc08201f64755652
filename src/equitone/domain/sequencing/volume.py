"""Rule 9 as checks: "just enough to turn on", counted over the whole session.

The work that loads one underactive muscle side is summed across every block that trains it
(sets x reps, steps counted as reps; seconds held) and compared with a ceiling that falls with
its MRC grade (`DoseCeiling`). Explosive or plyometric work on a muscle graded MRC 3 or less is
premature: it is warned about here and never suggested (the re-activation before sport skips
it, and so do the designer's suggestions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from equitone.domain.sequencing.facts import BlockFacts, MuscleSide
from equitone.domain.sequencing.inputs import DoseCeiling, Volume, short_name
from equitone.domain.sequencing.model import Block, PlanWarning, WarningCode
from equitone.domain.types import Dose, ExerciseKind

if TYPE_CHECKING:
    from equitone.domain.sequencing.checks import CheckContext

__all__ = ["WEAK_MRC", "check_volume", "volume_of"]

#: MRC grade at or below which explosive work is premature (3: moves against gravity only).
WEAK_MRC = 3


def volume_of(dose: Dose) -> Volume:
    """The work of one block: reps over all sets, and seconds held over all reps and sets (a
    dose with neither counts one effort per set)."""
    sets = max(dose.sets, 0)
    reps = sets * dose.reps if dose.reps is not None else 0
    hold = sets * dose.hold_seconds * (dose.reps or 1) if dose.hold_seconds is not None else 0
    if dose.reps is None and dose.hold_seconds is None:
        reps = sets
    return Volume(reps, hold)


def _amount(total: Volume, limit: Volume) -> str:
    parts = []
    if total.reps > limit.reps:
        parts.append(f"{total.reps} reps (at most {limit.reps})")
    if total.hold_seconds > limit.hold_seconds:
        parts.append(f"{total.hold_seconds} s of holds (at most {limit.hold_seconds} s)")
    return " and ".join(parts)


def check_volume(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], context: CheckContext
) -> list[PlanWarning]:
    assessment, ceiling = context.assessment, context.ceiling
    strength, underactive = assessment.strength, assessment.underactive
    totals: dict[MuscleSide, Volume] = {}
    limits: dict[MuscleSide, Volume] = {}
    over: dict[MuscleSide, None] = {}
    found: list[PlanWarning] = []
    # (block, muscle, what was found) -> sides: both sides over at once make one warning
    dose: dict[tuple[str, str, str], list[str]] = {}
    for block, fact in zip(blocks, facts, strict=True):
        if not fact.trained:
            continue
        explosive = fact.kind is ExerciseKind.EXPLOSIVE
        if not explosive and underactive.isdisjoint(fact.trained):
            continue
        work: Volume | None = None
        weak: list[MuscleSide] = []
        for pair in fact.trained:
            grade = strength.get(pair)
            if explosive and grade is not None and grade <= WEAK_MRC:
                weak.append(pair)
            if pair not in underactive or pair in over:
                continue
            if work is None:
                work = volume_of(block.dose)
            before = totals.get(pair)
            total = totals[pair] = work if before is None else before + work
            limit = limits.get(pair)
            if limit is None:
                limit = limits[pair] = ceiling.limit(grade, flagged=pair in context.accepted)
            if not DoseCeiling.exceeded(total, limit):
                continue
            over[pair] = None
            muscle, side = pair
            graded = f", MRC {grade}" if grade is not None else ""
            flagged = ", tighter after its last activations" if pair in context.accepted else ""
            detail = f"underactive{graded}{flagged}) gets {_amount(total, limit)}"
            dose.setdefault((block.id, muscle, detail), []).append(side.value)
        if weak:
            names = ", ".join(
                f"{side.value} {short_name(context.catalog, m)} (MRC {assessment.mrc(m, side)})"
                for m, side in weak
            )
            found.append(
                PlanWarning(
                    WarningCode.EXPLOSIVE_ON_WEAK,
                    f"Explosive work is premature for the {names}: train it with controlled"
                    " activation until it is stronger than MRC 3.",
                    block.id,
                )
            )
    for (block_id, muscle, detail), sides in dose.items():
        where = "both sides" if len(sides) == 2 else sides[0]
        found.append(
            PlanWarning(
                WarningCode.DOSE_ABOVE_CEILING,
                f"The {short_name(context.catalog, muscle)} ({where}, {detail} by the end of"
                " this exercise: more than just enough to switch it on. Lower the dose or drop"
                " an exercise.",
                block_id,
            )
        )
    return found
