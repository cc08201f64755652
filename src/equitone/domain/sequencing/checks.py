"""Warnings about the assembled session: what the method advises against, never silently fixed.

These read the final block order, so they see the clinician's moves (pinned blocks), swaps
and dismissals. The rules only add blocks; every objection that remains is reported here
(with the technique checks of `safety` and the dose checks of `volume`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from equitone.domain.sequencing.body import compensator_sides, region_words
from equitone.domain.sequencing.choice import missing_regions
from equitone.domain.sequencing.facts import BlockFacts, MuscleSide
from equitone.domain.sequencing.inputs import (
    Assessment,
    CatalogLike,
    DoseCeiling,
    Preferences,
    short_name,
)
from equitone.domain.sequencing.model import (
    Block,
    Dismissal,
    PlanWarning,
    RuleId,
    WarningCode,
    dose_seconds,
)
from equitone.domain.sequencing.reasons import join_names
from equitone.domain.sequencing.safety import check_techniques
from equitone.domain.sequencing.volume import check_volume
from equitone.domain.types import ExerciseKind, Side

__all__ = ["CheckContext", "check_plan"]

_AFTER_RULES = frozenset(
    {
        RuleId.PER_REP_RELAX,
        RuleId.SUSTAINED_RELAX,
        RuleId.EXPLOSIVE_POST_RELAX,
        RuleId.POSTURAL_INTERSET_RELAX,
        RuleId.PRE_SPORT_RELAX,
        RuleId.DOSE_BELOW_FAILURE,
    }
)


@dataclass(frozen=True, slots=True)
class CheckContext:
    catalog: CatalogLike
    assessment: Assessment
    dismissals: Mapping[tuple[str | None, RuleId, str, Side], Dismissal]
    preferences: Preferences = field(default_factory=Preferences)
    pre_sport: bool = False
    ceiling: DoseCeiling = field(default_factory=DoseCeiling)
    accepted: frozenset[MuscleSide] = frozenset()
    swapped: frozenset[str] = frozenset()


def check_plan(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], context: CheckContext
) -> list[PlanWarning]:
    """All session-level warnings, in a stable order (the plan must compare equal on re-runs)."""
    warnings: list[PlanWarning] = []
    warnings += _relaxation_before_activation(blocks)
    warnings += _compensators_not_released(blocks, facts, context)
    warnings += _compensator_between_activations(blocks, facts, context)
    warnings += _no_relaxation_after(blocks, facts, context.catalog)
    warnings += check_techniques(blocks, facts, context)
    warnings += check_volume(blocks, facts, context)
    warnings += _finish(blocks, facts, context)
    warnings += _duration(blocks, context.preferences)
    return warnings


def _relaxation_before_activation(blocks: Sequence[Block]) -> list[PlanWarning]:
    """A pinned after-work relaxation the clinician moved before the block it belongs to."""
    if not any(block.pinned for block in blocks):
        return []
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
    release of each of its overactive compensators (on the sides the pattern needs)."""
    catalog = context.catalog
    underactive, overworking = context.assessment.underactive, context.assessment.overworking
    if not underactive:
        return []
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
        if block.auto and block.rule is RuleId.PRE_SPORT_READY:
            continue
        for muscle, side in fact.trained:
            if (muscle, side) in activated:
                continue
            activated.add((muscle, side))
            if (muscle, side) not in underactive:
                continue
            record = catalog.muscles.get(muscle)
            for compensator in record.compensators if record is not None else ():
                for comp_side in compensator_sides(catalog, muscle, side, compensator):
                    if (compensator, comp_side) in relaxed or (
                        compensator, comp_side) not in overworking:
                        continue
                    flat = (block.id, RuleId.RELEASE_COMPENSATORS_FIRST, compensator, comp_side)
                    dismissal = context.dismissals.get(flat)
                    if dismissal is not None:
                        why = f"its release was dismissed ({dismissal.reason or 'no reason given'})"
                    elif (block.id, compensator, comp_side) in pinned_release:
                        why = "its release was moved after this activation"
                    else:
                        why = "nothing releases it before"
                    warnings.append(
                        PlanWarning(
                            WarningCode.COMPENSATOR_NOT_RELEASED_FIRST,
                            f"Release the {comp_side.value} {short(compensator)} before"
                            f" activating the {side.value} {short(muscle)}: {why}.",
                            block.id,
                        )
                    )
        relaxed.update(fact.relaxed)
        relaxed.difference_update(fact.trained)
    return warnings


def _compensator_between_activations(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], context: CheckContext
) -> list[PlanWarning]:
    """Rule 6: an overactive compensator loaded between two activations of its underactive
    partner takes over again; the second activation then works against it."""
    catalog = context.catalog
    underactive, overworking = context.assessment.underactive, context.assessment.overworking
    if not underactive or not overworking:
        return []
    first: dict[MuscleSide, int] = {}
    last: dict[MuscleSide, int] = {}
    partners: dict[MuscleSide, list[MuscleSide]] = {}
    for i, fact in enumerate(facts):
        for pair in fact.trained:
            if pair not in underactive:
                continue
            if pair not in first:
                first[pair] = i
                muscle, side = pair
                record = catalog.muscles.get(muscle)
                for compensator in record.compensators if record is not None else ():
                    for comp_side in compensator_sides(catalog, muscle, side, compensator):
                        if (compensator, comp_side) in overworking:
                            partners.setdefault((compensator, comp_side), []).append(pair)
            last[pair] = i
    if not partners:
        return []
    warnings: list[PlanWarning] = []
    for i, (block, fact) in enumerate(zip(blocks, facts, strict=True)):
        between: list[tuple[MuscleSide, MuscleSide]] = []
        for pair in fact.trained:
            for partner in partners.get(pair, ()):
                if first[partner] < i < last[partner] and partner not in fact.trained:
                    between.append((pair, partner))
        for (comp, comp_side), (muscle, side) in between:
            warnings.append(
                PlanWarning(
                    WarningCode.COMPENSATOR_BETWEEN_ACTIVATIONS,
                    f"This loads the {comp_side.value} {short_name(catalog, comp)}, an"
                    f" overactive compensator, between two activations of the {side.value}"
                    f" {short_name(catalog, muscle)}: it takes over again. Move it after the"
                    " last of them, or release it again before the next.",
                    block.id,
                )
            )
    return warnings


def _no_relaxation_after(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], catalog: CatalogLike
) -> list[PlanWarning]:
    """Every trained muscle side needs some relaxation after its last activation (the
    re-activation that ends a session before sport is meant to leave it switched on)."""
    after: set[MuscleSide] = set()
    everything_after = False
    seen: set[MuscleSide] = set()
    found: list[PlanWarning] = []
    for block, fact in zip(reversed(blocks), reversed(facts), strict=True):
        if block.auto and block.rule is RuleId.PRE_SPORT_READY:
            continue
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


def _trained(facts: Sequence[BlockFacts]) -> list[str]:
    return list(dict.fromkeys(m for fact in facts for m, _side in fact.trained))


def _finish(
    blocks: Sequence[Block], facts: Sequence[BlockFacts], context: CheckContext
) -> list[PlanWarning]:
    """Rule 7 as a check: a session that trains ends with a warm-down for the regions it
    trained (before sport it ends with the re-activation instead)."""
    trained = _trained(facts)
    if not trained or context.pre_sport:
        return []
    last = facts[-1]
    if last.kind is not ExerciseKind.WARM_DOWN:
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
    assert last.exercise is not None
    missing = missing_regions(context.catalog, last.exercise, trained)
    if not missing:
        return []
    names = join_names(sorted(region_words(r) for r in missing))
    return [
        PlanWarning(
            WarningCode.WARM_DOWN_WRONG_REGION,
            f"The warm-down {last.exercise.name} does not relax the {names}, which this"
            " session trains: choose a warm-down for the regions trained.",
            blocks[-1].id,
        )
    ]


def _duration(blocks: Sequence[Block], preferences: Preferences) -> list[PlanWarning]:
    """Relaxation must not swallow the session: warn past the clinician's limit."""
    seconds = sum(dose_seconds(block.dose) for block in blocks)
    limit = preferences.session_limit_minutes
    if limit <= 0 or seconds <= limit * 60:
        return []
    return [
        PlanWarning(
            WarningCode.SESSION_TOO_LONG,
            f"This session takes about {round(seconds / 60)} minutes, past your limit of"
            f" {limit}: shorten doses, drop exercises or split it over two sessions.",
            None,
        )
    ]
