"""Techniques the clinician chose by hand, checked against where they may go.

The engine never chooses a contraindicated pair, a firm technique on a grade III-IV tender
spot or anything but a gentle technique for spasm (see `choice`). A clinician still may — a
relaxation placed by hand, an automatic block swapped or moved and edited — and then the
choice carries a warning with its reason: contraindicated, not gentle enough for spasm
(safety warnings, acknowledged before the session is planned), or a precaution.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from equitone.domain.sequencing.choice import Profile
from equitone.domain.sequencing.facts import BlockFacts
from equitone.domain.sequencing.inputs import short_name
from equitone.domain.sequencing.model import Block, PlanWarning, WarningCode
from equitone.domain.techniques import Suitability
from equitone.domain.types import ExerciseKind, Pressure

if TYPE_CHECKING:
    from equitone.domain.sequencing.checks import CheckContext

__all__ = ["check_techniques"]


def check_techniques(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], context: CheckContext
) -> list[PlanWarning]:
    catalog, assessment = context.catalog, context.assessment
    found: list[PlanWarning] = []
    for block, fact in zip(blocks, facts, strict=True):
        exercise = fact.exercise
        if exercise is None or not exercise.kind.relaxes or exercise.kind is ExerciseKind.WARM_DOWN:
            continue
        if block.auto and not block.pinned and block.id not in context.swapped:
            continue  # the engine's own choice
        family = exercise.family
        sides = block.side.sides
        for muscle in fact.targets:
            if muscle not in catalog.muscles:
                continue
            profile = Profile.of(assessment, muscle, sides)
            spasm, tender = profile.spasm, profile.tender
            fit = catalog.suitability(exercise.slug, muscle, tenderness=profile.tenderness)
            if fit.level is Suitability.SUITABLE and not spasm and not tender:
                continue
            side_word = "" if len(sides) == 2 else f"{sides[0].value} "
            where = f"{side_word}{short_name(catalog, muscle)}"
            if fit.level is Suitability.CONTRAINDICATED:
                code, text = (
                    WarningCode.CONTRAINDICATED_TECHNIQUE,
                    f"{exercise.name} must not be used on the {where}: {fit.note}",
                )
            elif spasm and (family is None or not family.gentle):
                code, text = (
                    WarningCode.SPASM_NOT_GENTLE,
                    f"The {where} is in spasm: {exercise.name} is not gentle enough. Use PIR at"
                    " 10-20 % effort, strain-counterstrain or positional rest; no loading, no"
                    " vigorous stretch, no deep pressure.",
                )
            elif fit.level is Suitability.PRECAUTION:
                code, text = (
                    WarningCode.TECHNIQUE_PRECAUTION,
                    f"{exercise.name} on the {where} is a precaution: {fit.note}",
                )
            elif tender and family is not None and family.pressure is Pressure.FIRM:
                code, text = (
                    WarningCode.TECHNIQUE_PRECAUTION,
                    f"The {where} is tender: {exercise.name} with lighter pressure, or a"
                    " technique without pressure.",
                )
            else:
                continue
            found.append(PlanWarning(code, text, block.id))
    return found
