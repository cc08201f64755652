"""The session sequencing engine: DOMAIN.md's sequencing rules applied to a clinician's blocks.

How a run goes:

1. *Skeleton.* The input's clinician blocks, in their order, plus the automatic blocks the
   clinician pinned (moved or edited). Unpinned automatic blocks are dropped: they are the
   engine's own output and are regenerated, which is what makes `sequence` idempotent. A pinned
   block whose anchor is gone, or which a dismissal covers, is dropped too.
2. *Walk.* For each skeleton block, in order: the compensator releases it needs (rule 6) go
   right before it; its cues are recomputed (rules 1, 2, 4, 5, 9); the relaxations it needs
   (rules 3, 4, 5, 8) go right after it (after the last of a run of explosive blocks for rule 4).
3. *Warm-down* (rule 7) appended if the session trains anything and does not already end with
   a warm-down.
4. *Checks.* Placements the method advises against become warnings (see `checks`).

Requirements are worked out per muscle and single side, then filtered: a pinned block with the
same key, a clinician relaxation of that muscle side right after the block (for rules 3/4/5/8)
or anywhere before it (rule 6), or a dismissal, means no automatic block. What remains is merged
back into one block per (anchor, rule, muscle), on BOTH sides when both remain.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from equitone.domain.sequencing.checks import CheckContext, check_plan
from equitone.domain.sequencing.facts import BlockFacts, MuscleSide, facts_of
from equitone.domain.sequencing.inputs import (
    DEFAULT_CEILING,
    Assessment,
    CatalogLike,
    DoseCeiling,
    Preferences,
    short_name,
)
from equitone.domain.sequencing.modality import ModalityChooser
from equitone.domain.sequencing.model import (
    WHOLE_SESSION,
    AutoKey,
    AutoOverride,
    Block,
    BlockSide,
    Cue,
    Dismissal,
    PlanWarning,
    RuleId,
    SessionPlan,
    WarningCode,
    with_cues,
)
from equitone.domain.sequencing.reasons import cue_text, join_names, reason_text, your
from equitone.domain.types import Dose, Exercise, ExerciseKind, Side, ToneState

__all__ = ["INTERSET_HOLD_SECONDS", "RELEASE_STATES", "sequence"]

#: States of a compensator that call for its release before its partner is activated (rule 6).
RELEASE_STATES = (ToneState.OVERACTIVE, ToneState.TIGHT, ToneState.SPASM)
#: Rule 5's "quick" relax between postural sets: one hold of this length per set.
INTERSET_HOLD_SECONDS = 20
#: Rules whose automatic block relaxes a muscle after the work that loaded it.
POST_RULES = frozenset(
    {
        RuleId.SUSTAINED_RELAX,
        RuleId.EXPLOSIVE_POST_RELAX,
        RuleId.POSTURAL_INTERSET_RELAX,
        RuleId.PRE_SPORT_RELAX,
    }
)

_Flat = tuple[str | None, RuleId, str, Side]  # an AutoKey on one body side
_Need = tuple[str, RuleId, str, Side, str]  # anchor, rule, muscle, side, partner muscle


def sequence(
    placed: Sequence[Block],
    *,
    catalog: CatalogLike,
    assessment: Assessment,
    preferences: Preferences | None = None,
    dismissals: Iterable[Dismissal] = (),
    overrides: Iterable[AutoOverride] = (),
    pre_sport: bool = False,
    ceiling: DoseCeiling = DEFAULT_CEILING,
) -> SessionPlan:
    """Build the session from the clinician's `placed` blocks (or from a previous plan's blocks).

    `pre_sport` marks a session done right before training or competing: every activation is
    then followed by a relaxation of its muscles (rule 8), rep-based ones included.
    `ceiling` is rule 9's dose above which an underactive muscle's activation is warned about.
    Raises ValueError if two kept blocks share an id. Pure: the inputs are not changed.
    """
    run = _Run(
        catalog,
        assessment,
        preferences or Preferences(),
        tuple(dismissals),
        tuple(overrides),
        pre_sport,
        ceiling,
    )
    return run.plan(placed)


def _flat(key: AutoKey) -> Iterable[_Flat]:
    return ((key.anchor, key.rule, key.muscle, side) for side in key.side.sides)


class _Run:
    """The state of one `sequence` call: look-ups, kept ids, warnings, dismissals that applied."""

    def __init__(
        self,
        catalog: CatalogLike,
        assessment: Assessment,
        preferences: Preferences,
        dismissals: tuple[Dismissal, ...],
        overrides: tuple[AutoOverride, ...],
        pre_sport: bool,
        ceiling: DoseCeiling,
    ) -> None:
        self.catalog = catalog
        self.assessment = assessment
        self.pre_sport = pre_sport
        self.ceiling = ceiling
        self.chooser = ModalityChooser(catalog, preferences)
        self.dismissals: dict[_Flat, Dismissal] = {}
        for dismissal in dismissals:
            for flat in _flat(dismissal.key):
                self.dismissals.setdefault(flat, dismissal)
        self.overrides: dict[_Flat, str] = {}
        for override in overrides:
            for flat in _flat(override.key):
                self.overrides.setdefault(flat, override.exercise)
        self.short_names: dict[str, str] = {}
        self.pinned: set[_Flat] = set()
        self.ids: set[str] = set()
        self.warnings: list[PlanWarning] = []
        self.applied: dict[Dismissal, None] = {}

    def short(self, muscle: str) -> str:
        name = self.short_names.get(muscle)
        if name is None:
            name = self.short_names[muscle] = short_name(self.catalog, muscle)
        return name

    def warn(self, code: WarningCode, message: str, block_id: str | None) -> None:
        self.warnings.append(PlanWarning(code, message, block_id))

    # -- 1. skeleton -------------------------------------------------------------------------

    def skeleton(self, placed: Sequence[Block]) -> list[Block]:
        clinician_ids = {block.id for block in placed if not block.auto}
        kept: list[Block] = []
        for block in placed:
            if block.auto:
                key = block.key
                if not block.pinned or key is None:
                    continue
                if key.anchor is not None and key.anchor not in clinician_ids:
                    continue
                if all(flat in self.dismissals for flat in _flat(key)):
                    continue
                self.pinned.update(_flat(key))
            if block.id in self.ids:
                raise ValueError(f"two blocks share the id {block.id!r}")
            self.ids.add(block.id)
            kept.append(block)
        return kept

    # -- 2. walk -----------------------------------------------------------------------------

    def plan(self, placed: Sequence[Block]) -> SessionPlan:
        skeleton = self.skeleton(placed)
        facts = [facts_of(block, self.catalog) for block in skeleton]
        follow = _following_relaxation(facts)
        out: list[Block] = []
        out_facts: list[BlockFacts] = []
        relaxed: set[MuscleSide] = set()
        activated: set[MuscleSide] = set()
        run_start = 0

        def emit(blocks: list[tuple[Block, BlockFacts]]) -> None:
            for new, new_facts in blocks:
                out.append(new)
                out_facts.append(new_facts)
                relaxed.update(new_facts.relaxed)

        for i, (block, fact) in enumerate(zip(skeleton, facts, strict=True)):
            if fact.exercise is None:
                self.warn(
                    WarningCode.UNKNOWN_EXERCISE,
                    f"The exercise {block.exercise!r} is not in the library; no rule applies.",
                    block.id,
                )
            if fact.trained:
                emit(self.blocks_for(self.compensator_needs(block, fact, relaxed, activated)))
            out.append(block if block.auto else self.cued(block, fact))
            out_facts.append(fact)
            relaxed.update(fact.relaxed)
            relaxed.difference_update(fact.trained)
            kind = fact.kind
            if kind is ExerciseKind.EXPLOSIVE and (i == 0 or facts[i - 1].kind is not kind):
                run_start = i
            needs = self.post_needs(i, skeleton, facts, run_start)
            emit(self.blocks_for([n for n in needs if (n[2], n[3]) not in follow[i]], block))

        warm_down = self.warm_down(skeleton, facts)
        if warm_down is not None:
            emit([(warm_down, facts_of(warm_down, self.catalog))])
        context = CheckContext(self.catalog, self.assessment, self.dismissals, RELEASE_STATES)
        self.warnings.extend(check_plan(out, out_facts, context))
        return SessionPlan(tuple(out), tuple(self.warnings), tuple(self.applied))

    # -- rules ---------------------------------------------------------------------------------

    def compensator_needs(
        self,
        block: Block,
        fact: BlockFacts,
        relaxed: set[MuscleSide],
        activated: set[MuscleSide],
    ) -> list[_Need]:
        """Rule 6: releases of the overactive compensators of underactive muscles first worked
        here, on the same side, unless that compensator side was already relaxed earlier."""
        needs: list[_Need] = []
        for muscle, side in fact.trained:
            if (muscle, side) in activated:
                continue
            activated.add((muscle, side))
            record = self.catalog.muscles.get(muscle)
            if record is None or not self.assessment.has(muscle, side, ToneState.UNDERACTIVE):
                continue
            for compensator in record.compensators:
                if (compensator, side) not in relaxed and self.assessment.has(
                    compensator, side, *RELEASE_STATES
                ):
                    needs.append(
                        (block.id, RuleId.RELEASE_COMPENSATORS_FIRST, compensator, side, muscle)
                    )
        return needs

    def post_needs(
        self, i: int, skeleton: list[Block], facts: list[BlockFacts], run_start: int
    ) -> list[_Need]:
        """Rules 3, 4, 5 and 8: which muscle sides need relaxing right after skeleton block i."""
        fact = facts[i]
        exercise = fact.exercise
        if exercise is None or not fact.trained or skeleton[i].auto:
            return []
        anchor = skeleton[i].id
        kind = exercise.kind
        if kind is ExerciseKind.EXPLOSIVE:
            if i + 1 < len(facts) and facts[i + 1].kind is ExerciseKind.EXPLOSIVE:
                return []  # the run's last block relaxes everything the run trained
            last_anchor: dict[MuscleSide, str] = {}
            for j in range(run_start, i + 1):
                for pair in facts[j].trained:
                    last_anchor[pair] = skeleton[j].id
            rule = RuleId.EXPLOSIVE_POST_RELAX
            return [(a, rule, m, s, "") for (m, s), a in last_anchor.items()]
        if kind is ExerciseKind.POSTURAL:
            rule = RuleId.POSTURAL_INTERSET_RELAX
        elif exercise.sustained:
            rule = RuleId.SUSTAINED_RELAX
        elif self.pre_sport:
            rule = RuleId.PRE_SPORT_RELAX
        else:
            return []  # rule 1: relaxed within the rep, and finally by the warm-down
        return [(anchor, rule, m, s, "") for m, s in fact.trained]

    def cued(self, block: Block, fact: BlockFacts) -> Block:
        """A clinician block with its cues recomputed (rules 1, 2, 4, 5, 9) and its warnings."""
        cues = self.cues(block, fact)
        return block if block.cues == cues else with_cues(block, cues)

    def cues(self, block: Block, fact: BlockFacts) -> tuple[Cue, ...]:
        exercise = fact.exercise
        if exercise is None:
            return ()
        kind = exercise.kind
        rep_based = kind is ExerciseKind.ACTIVATION and not exercise.sustained
        if block.reciprocal_inhibition and not rep_based:
            self.warn(
                WarningCode.RECIPROCAL_INHIBITION_NOT_APPLICABLE,
                f"Reciprocal inhibition needs a rep-based activation; {exercise.name} is not.",
                block.id,
            )
        if not kind.trains:
            return ()
        short = self.short
        names = join_names([short(m) for m in fact.targets])
        cues: list[Cue] = []
        if rep_based and block.reciprocal_inhibition:
            rule = RuleId.RECIPROCAL_INHIBITION
            cues.append(Cue(rule, cue_text(rule, names, self.antagonists(fact.targets))))
        elif rep_based:
            cues.append(Cue(RuleId.PER_REP_RELAX, cue_text(RuleId.PER_REP_RELAX, names)))
        elif kind is ExerciseKind.EXPLOSIVE:
            rule = RuleId.EXPLOSIVE_POST_RELAX
            cues.append(Cue(rule, cue_text(rule, names)))
        elif kind is ExerciseKind.POSTURAL:
            rule = RuleId.POSTURAL_INTERSET_RELAX
            cues.append(Cue(rule, cue_text(rule, names)))
        under: list[str] = []
        spasm: list[MuscleSide] = []
        tags = self.assessment.tags
        for pair in fact.trained:
            tagged = tags.get(pair)
            if tagged:
                if ToneState.UNDERACTIVE in tagged and pair[0] not in under:
                    under.append(pair[0])
                if ToneState.SPASM in tagged:
                    spasm.append(pair)
        if under:
            rule = RuleId.DOSE_BELOW_FAILURE
            under_names = join_names([short(m) for m in under])
            cues.append(Cue(rule, cue_text(rule, under_names)))
            if self.ceiling.exceeded_by(block.dose):
                c = self.ceiling
                self.warn(
                    WarningCode.DOSE_ABOVE_CEILING,
                    f"Underactive {under_names}: keep {exercise.name} to just enough to switch"
                    f" on (at most {c.max_sets} sets, {c.max_reps} reps,"
                    f" {c.max_hold_seconds} s holds), well before fatigue.",
                    block.id,
                )
        if spasm:
            where = join_names([f"{s.value} {short(m)}" for m, s in spasm])
            self.warn(
                WarningCode.SPASM_LOADED,
                f"The {where} is tagged spasm: relax only, no loading.",
                block.id,
            )
        return tuple(cues)

    def antagonists(self, targets: tuple[str, ...]) -> str:
        names: list[str] = []
        for target in targets:
            record = self.catalog.muscles.get(target)
            for antagonist in record.antagonists if record is not None else ():
                name = self.short(antagonist)
                if name not in names:
                    names.append(name)
                break
        return join_names(names) if names else "opposing muscle"

    def warm_down(self, skeleton: list[Block], facts: list[BlockFacts]) -> Block | None:
        """Rule 7: one warm-down for every trained muscle, unless the session ends with one."""
        trained: dict[str, set[Side]] = {}
        for fact in facts:
            for muscle, side in fact.trained:
                trained.setdefault(muscle, set()).add(side)
        if not trained or facts[-1].kind is ExerciseKind.WARM_DOWN:
            return None
        key = AutoKey(None, RuleId.WARM_DOWN, WHOLE_SESSION, BlockSide.BOTH)
        flat = next(iter(_flat(key)))
        if flat in self.pinned:
            return None  # moved elsewhere by the clinician; `checks` warns
        dismissal = self.dismissals.get(flat)
        if dismissal is not None:
            self.applied[dismissal] = None
            return None
        exercise = self.override(key) or self.chooser.warm_down()
        if exercise is None:
            self.warn(WarningCode.NO_MODALITY, "The library has no warm-down exercise.", None)
            return None
        sides = set().union(*trained.values())
        return Block(
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

    # -- needs to blocks -------------------------------------------------------------------------

    def admit(self, need: _Need) -> bool:
        anchor, rule, muscle, side, _ = need
        flat: _Flat = (anchor, rule, muscle, side)
        if flat in self.pinned:
            return False
        dismissal = self.dismissals.get(flat)
        if dismissal is None:
            return True
        if dismissal not in self.applied:
            self.applied[dismissal] = None
            if rule in POST_RULES:
                where = your(self.short(muscle), dismissal.key.side)
                self.warn(
                    WarningCode.RELAXATION_DISMISSED,
                    f"The relaxation of the {where} after this exercise was dismissed"
                    f" ({dismissal.reason or 'no reason given'}); the method relaxes a muscle"
                    " after loading it.",
                    anchor,
                )
        return False

    def blocks_for(
        self, needs: list[_Need], host: Block | None = None
    ) -> list[tuple[Block, BlockFacts]]:
        """Automatic blocks (with their facts) for the admitted needs, one per (anchor, rule,
        muscle)."""
        if not needs:
            return []
        groups: dict[tuple[str, RuleId, str], tuple[set[Side], str]] = {}
        for need in needs:
            if self.admit(need):
                anchor, rule, muscle, side, partner = need
                groups.setdefault((anchor, rule, muscle), (set(), partner))[0].add(side)
        blocks: list[tuple[Block, BlockFacts]] = []
        for (anchor, rule, muscle), (sides, partner) in groups.items():
            key = AutoKey(anchor, rule, muscle, BlockSide.of(sides))
            block = self.auto_block(key, partner, host)
            if block is not None:
                exercise = self.catalog.exercises[block.exercise]
                relaxed = frozenset((muscle, side) for side in key.side.sides)
                blocks.append((block, BlockFacts(exercise, (muscle,), (), relaxed, False)))
        return blocks

    def override(self, key: AutoKey) -> Exercise | None:
        if not self.overrides:
            return None
        slugs = {self.overrides.get(flat) for flat in _flat(key)}
        slug = next(iter(slugs)) if len(slugs) == 1 else None
        if slug is None:
            return None
        exercise = self.catalog.exercises.get(slug)
        wanted = key.rule is RuleId.WARM_DOWN
        if (
            exercise is None
            or (exercise.kind is ExerciseKind.WARM_DOWN) is not wanted
            or (not exercise.kind.relaxes)
        ):
            self.warn(
                WarningCode.UNKNOWN_EXERCISE,
                f"The swap to {slug!r} was ignored: it is not a suitable library exercise.",
                key.anchor,
            )
            return None
        return exercise

    def auto_block(self, key: AutoKey, partner: str, host: Block | None) -> Block | None:
        block_id = key.block_id
        if block_id in self.ids:
            return None  # a kept block already carries this identity (an edited pin)
        muscle = key.muscle
        exercise = self.override(key) or self.chooser.relaxation(muscle)
        short = self.short
        if exercise is None:
            self.warn(
                WarningCode.NO_MODALITY,
                f"No allowed relaxation in the library works the {short(muscle)}.",
                key.anchor,
            )
            return None
        dose = exercise.dose
        cues: tuple[Cue, ...] = ()
        if key.rule is RuleId.POSTURAL_INTERSET_RELAX and host is not None:
            dose = Dose(sets=max(host.dose.sets, 1), hold_seconds=INTERSET_HOLD_SECONDS)
            host_name = self.catalog.exercises[host.exercise].name
            cues = (Cue(key.rule, f"Do this between every set of {host_name}."),)
        reason = reason_text(key.rule, your(short(muscle), key.side), short(partner))
        return Block(
            id=block_id,
            exercise=exercise.slug,
            muscles=(muscle,),
            side=key.side,
            dose=dose,
            auto=True,
            rule=key.rule,
            reason=reason,
            cues=cues,
            anchor=key.anchor,
        )


def _following_relaxation(facts: list[BlockFacts]) -> list[frozenset[MuscleSide]]:
    """For each skeleton index, what the run of relaxing blocks right after it relaxes."""
    follow: list[frozenset[MuscleSide]] = [frozenset()] * len(facts)
    for i in range(len(facts) - 2, -1, -1):
        nxt = facts[i + 1]
        if nxt.relaxing:
            follow[i] = nxt.relaxed | follow[i + 1]
    return follow
