"""Warnings about the assembled session: what the method advises against, never silently fixed.

These read the final block order, so they see the clinician's moves (pinned blocks) and
dismissals. The rules only add blocks; every objection that remains is reported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from equitone.domain.sequencing.facts import BlockFacts, MuscleSide
from equitone.domain.sequencing.inputs import Assessment, CatalogLike, short_name
from equitone.domain.sequencing.model import (
    Block,
    Dismissal,
    PlanWarning,
    RuleId,
    WarningCode,
)
from equitone.domain.types import ExerciseKind, Side, ToneState

__all__ = ["CheckContext", "check_plan"]

_AFTER_RULES = frozenset(
    {
        RuleId.SUSTAINED_RELAX,
        RuleId.EXPLOSIVE_POST_RELAX,
        RuleId.POSTURAL_INTERSET_RELAX,
        RuleId.PRE_SPORT_RELAX,
    }
)


@dataclass(frozen=True, slots=True)
class CheckContext:
    catalog: CatalogLike
    assessment: Assessment
    dismissals: Mapping[tuple[str | None, RuleId, str, Side], Dismissal]
    release_states: tuple[ToneState, ...]


def check_plan(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], context: CheckContext
) -> list[PlanWarning]:
    """All session-level warnings, in a stable order (the plan must compare equal on re-runs)."""
    warnings: list[PlanWarning] = []
    warnings += _relaxation_before_activation(blocks)
    warnings += _compensators_not_released(blocks, facts, context)
    warnings += _no_relaxation_after(blocks, facts, context.catalog)
    warnings += _warm_down_missing(blocks, facts, context)
    return warnings


def _relaxation_before_activation(blocks: Sequence[Block]) -> list[PlanWarning]:
    """A pinned after-work relaxation the clinician moved before the block it belongs to."""
    position = {block.id: i for i, block in enumerate(blocks)}
    warnings = []
    for i, block in enumerate(blocks):
        anchor_at = position.get(block.anchor or "", -1)
        if block.pinned and block.rule in _AFTER_RULES and i < anchor_at:
            warnings.append(
                PlanWarning(
                    WarningCode.RELAXATION_BEFORE_ACTIVATION,
                    "This relaxation now comes before the exercise it should follow.",
                    block.id,
                )
            )
    return warnings


def _compensators_not_released(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], context: CheckContext
) -> list[PlanWarning]:
    """Rule 6 as a check: the first activation of an underactive muscle side must come after a
    release of each of its overactive compensators on that side (training it again undoes it)."""
    catalog, assessment = context.catalog, context.assessment
    short = partial(short_name, catalog)
    pinned_release = {
        (b.anchor, b.muscles[0], side): b.id
        for b in blocks
        if b.pinned and b.rule is RuleId.RELEASE_COMPENSATORS_FIRST and b.muscles
        for side in b.side.sides
    }
    relaxed: set[MuscleSide] = set()
    activated: set[MuscleSide] = set()
    warnings: list[PlanWarning] = []
    for block, fact in zip(blocks, facts, strict=True):
        for muscle, side in fact.trained:
            if (muscle, side) in activated:
                continue
            activated.add((muscle, side))
            record = catalog.muscles.get(muscle)
            if record is None or not assessment.has(muscle, side, ToneState.UNDERACTIVE):
                continue
            for compensator in record.compensators:
                if (compensator, side) in relaxed or not assessment.has(
                    compensator, side, *context.release_states
                ):
                    continue
                flat = (block.id, RuleId.RELEASE_COMPENSATORS_FIRST, compensator, side)
                dismissal = context.dismissals.get(flat)
                if dismissal is not None:
                    why = f"its release was dismissed ({dismissal.reason or 'no reason given'})"
                elif (block.id, compensator, side) in pinned_release:
                    why = "its release was moved after this activation"
                else:
                    why = "nothing releases it before"
                warnings.append(
                    PlanWarning(
                        WarningCode.COMPENSATOR_NOT_RELEASED_FIRST,
                        f"Release the {side.value} {short(compensator)} before activating the"
                        f" {side.value} {short(muscle)}: {why}.",
                        block.id,
                    )
                )
        relaxed.update(fact.relaxed)
        relaxed.difference_update(fact.trained)
    return warnings


def _no_relaxation_after(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], catalog: CatalogLike
) -> list[PlanWarning]:
    """Every trained muscle side needs some relaxation after its last activation."""
    after: set[MuscleSide] = set()
    everything_after = False
    seen: set[MuscleSide] = set()
    found: list[PlanWarning] = []
    for block, fact in zip(reversed(blocks), reversed(facts), strict=True):
        for pair in fact.trained:
            if pair in seen:
                continue
            seen.add(pair)
            if not everything_after and pair not in after:
                muscle, side = pair
                found.append(
                    PlanWarning(
                        WarningCode.NO_RELAXATION_AFTER,
                        f"The {side.value} {short_name(catalog, muscle)} is not relaxed after"
                        " this activation before the session ends.",
                        block.id,
                    )
                )
        after.update(fact.relaxed)
        everything_after = everything_after or fact.relaxes_all
    found.reverse()
    return found


def _warm_down_missing(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], context: CheckContext
) -> list[PlanWarning]:
    """Rule 7 as a check: a session that trains must end with a warm-down."""
    if not any(fact.trained for fact in facts) or facts[-1].kind is ExerciseKind.WARM_DOWN:
        return []
    dismissal = context.dismissals.get((None, RuleId.WARM_DOWN, "", Side.LEFT))
    if dismissal is not None:
        why = f"it was dismissed ({dismissal.reason or 'no reason given'})"
    elif any(b.pinned and b.rule is RuleId.WARM_DOWN for b in blocks):
        why = "it was moved"
    else:
        why = "there is none"
    return [
        PlanWarning(
            WarningCode.WARM_DOWN_MISSING,
            f"The session should end with a warm-down for the trained muscles: {why}.",
            None,
        )
    ]
