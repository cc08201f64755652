"""How a session ends: a warm-down for the regions trained (rule 7), or, before sport, a
short re-activation of each region trained (rule 8) — switched on, not switched off."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from equitone.domain.sequencing.body import group_name, region_of
from equitone.domain.sequencing.choice import TechniqueChooser
from equitone.domain.sequencing.decisions import Decisions, flat_keys
from equitone.domain.sequencing.facts import BlockFacts, facts_of
from equitone.domain.sequencing.inputs import Assessment, CatalogLike
from equitone.domain.sequencing.model import (
    WHOLE_SESSION,
    AutoKey,
    Block,
    BlockSide,
    Cue,
    RuleId,
    WarningCode,
)
from equitone.domain.sequencing.reasons import cue_text, reason_text, your
from equitone.domain.sequencing.volume import WEAK_MRC
from equitone.domain.types import Dose, ExerciseKind, Side

__all__ = ["READY_HOLD_SECONDS", "READY_REPS", "ready_phase", "warm_down"]

#: Rule 8's re-activation: at most this many brisk reps (or seconds of hold), one set.
READY_REPS = 5
READY_HOLD_SECONDS = 10

Made = list[tuple[Block, BlockFacts]]
Warn = Callable[[WarningCode, str, "str | None"], None]


def warm_down(
    catalog: CatalogLike,
    facts: Sequence[BlockFacts],
    chooser: TechniqueChooser,
    decisions: Decisions,
    warn: Warn,
) -> Made:
    """Rule 7: one warm-down for the regions trained, unless the session ends with one."""
    trained: dict[str, set[Side]] = {}
    for fact in facts:
        for muscle, side in fact.trained:
            trained.setdefault(muscle, set()).add(side)
    if not trained or facts[-1].kind is ExerciseKind.WARM_DOWN:
        return []
    key = AutoKey(None, RuleId.WARM_DOWN, WHOLE_SESSION, BlockSide.BOTH)
    flat = next(iter(flat_keys(key)))
    if flat in decisions.pinned:
        return []  # moved elsewhere by the clinician; `checks` warns
    dismissal = decisions.dismissals.get(flat)
    if dismissal is not None:
        decisions.applied[dismissal] = None
        return []
    chosen = chooser.warm_down(tuple(trained))
    exercise = decisions.override(key, None, warm_down=True) or chosen
    if exercise is None:
        warn(WarningCode.NO_MODALITY, "The library has no warm-down exercise.", None)
        return []
    if exercise is not chosen:
        decisions.swapped(key.block_id, exercise, chosen)
    sides = set().union(*trained.values())
    block = Block(
        id=key.block_id,
        exercise=exercise.slug,
        muscles=tuple(trained),
        side=BlockSide.of(sides),
        dose=exercise.dose,
        auto=True,
        rule=RuleId.WARM_DOWN,
        reason=reason_text(RuleId.WARM_DOWN, ""),
        anchor=None,
    )
    return [(block, facts_of(block, catalog))]


def _ready_dose(dose: Dose) -> Dose:
    return Dose(
        sets=1,
        reps=min(dose.reps, READY_REPS) if dose.reps is not None else None,
        hold_seconds=min(dose.hold_seconds, READY_HOLD_SECONDS)
        if dose.hold_seconds is not None
        else None,
    )


def ready_phase(
    catalog: CatalogLike,
    assessment: Assessment,
    skeleton: Sequence[Block],
    facts: Sequence[BlockFacts],
    decisions: Decisions,
    taken: set[str],
    plain: Callable[[str], str],
) -> Made:
    """Rule 8: before sport the session ends switched on: per region trained, one brisk set
    of its last activation (never explosive work for a muscle graded MRC 3 or less)."""
    by_region: dict[str, int] = {}
    strength = assessment.strength
    for i, (block, fact) in enumerate(zip(skeleton, facts, strict=True)):
        if block.auto or not fact.trained or fact.exercise is None:
            continue
        if fact.kind is ExerciseKind.EXPLOSIVE and any(
            (grade := strength.get(pair)) is not None and grade <= WEAK_MRC
            for pair in fact.trained
        ):
            continue
        for muscle, _side in fact.trained:
            by_region[region_of(catalog, muscle)] = i
    made: Made = []
    rule = RuleId.PRE_SPORT_READY
    for i in dict.fromkeys(sorted(by_region.values())):
        host, fact = skeleton[i], facts[i]
        assert fact.exercise is not None
        kept = decisions.admit(host.id, rule, fact.targets[0], host.side)
        if kept is None:
            continue
        key = AutoKey(host.id, rule, fact.targets[0], kept)
        if key.block_id in taken:
            continue
        names = group_name(catalog, fact.targets, plain)
        block = Block(
            id=key.block_id,
            exercise=fact.exercise.slug,
            muscles=fact.targets,
            side=kept,
            dose=_ready_dose(host.dose),
            auto=True,
            rule=rule,
            reason=reason_text(rule, your(names, kept)),
            cues=(Cue(rule, cue_text(rule, names)),),
            anchor=host.id,
        )
        made.append((block, facts_of(block, catalog)))
    return made
