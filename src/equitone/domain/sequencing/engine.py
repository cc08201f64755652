"""The session sequencing engine: the method's sequencing rules applied to a clinician's blocks.

How a run goes:

1. *Skeleton.* The input's clinician blocks, in their order, plus the automatic blocks the
   clinician pinned (moved or edited). Unpinned automatic blocks are dropped: they are the
   engine's own output and are regenerated, which is what makes `sequence` idempotent. A pinned
   block whose anchor is gone, or which a dismissal covers, is dropped too.
2. *Walk.* For each skeleton block, in order: the compensator releases it needs (rule 6) go
   right before it; the relaxations it needs (rules 1, 3, 4, 5, 8, 9) are worked out and go
   right after it (after the last of a run of explosive blocks for rule 4); its cues are
   recomputed (rules 1, 2, 4, 5, 9), including the "relaxed within every rep" mark when no
   relaxation follows a rep-based activation.
3. *Finish.* A warm-down for the regions trained (rule 7), or before sport a short
   re-activation of each region trained (rule 8).
4. *Checks.* Placements the method advises against become warnings (see `checks`, `safety`,
   `volume`), and standing "activated, then tighter" flags become proposals (`proposals`).

After-work relaxations are grouped: one block per body region and side(s) of the work, with
one technique covering as many of the region's muscles as it can (`choice`). Each block is
keyed by its anchor, rule, first muscle and side; a pinned block with that key, a clinician
relaxation of that muscle side right after the work, or a dismissal means no automatic block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from equitone.domain.sequencing.body import areas, compensator_sides, group_name
from equitone.domain.sequencing.checks import CheckContext, check_plan
from equitone.domain.sequencing.choice import Choice, Profile, Purpose, TechniqueChooser
from equitone.domain.sequencing.cues import CueMaker
from equitone.domain.sequencing.decisions import Decisions
from equitone.domain.sequencing.facts import BlockFacts, MuscleSide, facts_of
from equitone.domain.sequencing.finish import ready_phase, warm_down
from equitone.domain.sequencing.inputs import (
    DEFAULT_CEILING,
    RELEASE_STATES,
    Assessment,
    CatalogLike,
    DoseCeiling,
    Preferences,
)
from equitone.domain.sequencing.model import (
    AutoKey,
    AutoOverride,
    Block,
    BlockSide,
    Cue,
    Dismissal,
    Flag,
    PlanWarning,
    ProposalResponse,
    RuleId,
    SessionPlan,
    WarningCode,
)
from equitone.domain.sequencing.proposals import proposals_for
from equitone.domain.sequencing.reasons import reason_text, your
from equitone.domain.types import Dose, Exercise, ExerciseKind, Side

__all__ = [
    "INTERSET_HOLD_SECONDS",
    "PRE_SPORT_HOLD_SECONDS",
    "RELEASE_STATES",
    "sequence",
]

#: Rule 5's "quick" relax between postural sets: one hold of this length per set.
INTERSET_HOLD_SECONDS = 20
#: Rule 8's brief relaxation before sport: loosened, not switched off.
PRE_SPORT_HOLD_SECONDS = 20
_Need = tuple[str, RuleId, str, Side]  # anchor, rule, muscle, side
_BRIEF = Dose(sets=1, hold_seconds=PRE_SPORT_HOLD_SECONDS)


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
    flags: Iterable[Flag] = (),
    responses: Iterable[ProposalResponse] = (),
) -> SessionPlan:
    """Build the session from the clinician's `placed` blocks (or from a previous plan's blocks).

    `pre_sport` marks a session done right before training or competing: every activation is
    followed by a brief relaxation and the session ends with a short re-activation (rule 8).
    `ceiling` is rule 9's work per underactive muscle side by MRC grade. `flags` are the
    standing "activated, then tighter" flags of this patient; each becomes a proposal, applied
    only when `responses` accept it. Raises ValueError if two kept blocks share an id. Pure:
    the inputs are not changed.
    """
    run = _Run(
        catalog,
        assessment,
        preferences or Preferences(),
        tuple(dismissals),
        tuple(overrides),
        pre_sport,
        ceiling,
        tuple(flags),
        tuple(responses),
    )
    return run.plan(placed)


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
        flags: tuple[Flag, ...],
        responses: tuple[ProposalResponse, ...],
    ) -> None:
        self.catalog = catalog
        self.assessment = assessment
        self.preferences = preferences
        self.pre_sport = pre_sport
        self.ceiling = ceiling
        self.flags = flags
        self.responses = responses
        self.accepted = frozenset((r.muscle, r.side) for r in responses if r.accepted)
        self.chooser = TechniqueChooser(catalog, preferences)
        self.ids: set[str] = set()
        self.warnings: list[PlanWarning] = []
        self.areas = areas(catalog)
        self.profiles: dict[tuple[str, BlockSide], Profile] = {}
        self.cues = CueMaker(catalog, assessment, self.warn)
        self.decisions = Decisions(
            dismissals, overrides, catalog.exercises.get, self.short, self.warn
        )
        self.admit = self.decisions.admit

    def short(self, muscle: str) -> str:
        return self.cues.short(muscle)

    def plain(self, muscle: str) -> str:
        return self.cues.plain(muscle)

    def warn(self, code: WarningCode, message: str, block_id: str | None) -> None:
        self.warnings.append(PlanWarning(code, message, block_id))

    def profile(self, muscle: str, side: BlockSide) -> Profile:
        key = (muscle, side)
        found = self.profiles.get(key)
        if found is None:
            found = self.profiles[key] = Profile.of(self.assessment, muscle, side.sides)
        return found

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
                if self.decisions.dismissed(key):
                    continue
                self.decisions.pin(key)
            if block.id in self.ids:
                raise ValueError(f"two blocks share the id {block.id!r}")
            self.ids.add(block.id)
            kept.append(block)
        return kept

    # -- 2. walk -----------------------------------------------------------------------------

    def plan(self, placed: Sequence[Block]) -> SessionPlan:
        skeleton = self.skeleton(placed)
        catalog = self.catalog
        facts = [facts_of(block, catalog) for block in skeleton]
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
            kind = fact.kind
            if kind is ExerciseKind.EXPLOSIVE and (i == 0 or facts[i - 1].kind is not kind):
                run_start = i
            if block.auto:
                out.append(block)
                out_facts.append(fact)
                relaxed.update(fact.relaxed)
                relaxed.difference_update(fact.trained)
                continue
            if fact.trained:
                emit(self.releases(block, fact, relaxed, activated))
            post = self.post_blocks(i, skeleton, facts, run_start, follow[i])
            covered = follow[i]
            if post:
                covered = covered.union(*(new_facts.relaxed for _new, new_facts in post))
            out.append(self.cues.cued(block, fact, relaxed, covered, self.pre_sport))
            out_facts.append(fact)
            relaxed.update(fact.relaxed)
            relaxed.difference_update(fact.trained)
            emit(post)

        decisions = self.decisions
        if self.pre_sport:
            emit(ready_phase(catalog, self.assessment, skeleton, facts, decisions, self.ids,
                             self.plain))
        else:
            emit(warm_down(catalog, facts, self.chooser, decisions, self.warn))
        swapped = frozenset(s.block_id for s in decisions.swaps)
        context = CheckContext(
            catalog,
            self.assessment,
            decisions.dismissals,
            self.preferences,
            self.pre_sport,
            self.ceiling,
            self.accepted,
            swapped,
        )
        self.warnings.extend(check_plan(out, out_facts, context))
        proposals = proposals_for(self.flags, self.responses, out, out_facts, self.short)
        return SessionPlan(
            tuple(out), tuple(self.warnings), tuple(decisions.applied), proposals,
            tuple(decisions.swaps),
        )

    # -- rule 6 --------------------------------------------------------------------------------

    def releases(
        self,
        block: Block,
        fact: BlockFacts,
        relaxed: set[MuscleSide],
        activated: set[MuscleSide],
    ) -> list[tuple[Block, BlockFacts]]:
        """Rule 6: releases of the overactive compensators of underactive muscles first worked
        here (same side, or both where the pattern works across the midline), unless that
        compensator side was already relaxed since it was last loaded."""
        catalog = self.catalog
        underactive, overworking = self.assessment.underactive, self.assessment.overworking
        wanted: dict[str, tuple[set[Side], str]] = {}
        for pair in fact.trained:
            if pair not in underactive or pair in activated:
                continue  # only an underactive side's first activation has releases
            activated.add(pair)
            muscle, side = pair
            record = catalog.muscles.get(muscle)
            for compensator in record.compensators if record is not None else ():
                for comp_side in compensator_sides(catalog, muscle, side, compensator):
                    target = (compensator, comp_side)
                    if target in relaxed or target not in overworking:
                        continue
                    wanted.setdefault(compensator, (set(), muscle))[0].add(comp_side)
        made: list[tuple[Block, BlockFacts]] = []
        for compensator, (sides, partner) in wanted.items():
            rule = RuleId.RELEASE_COMPENSATORS_FIRST
            kept = self.admit(block.id, rule, compensator, BlockSide.of(sides))
            if kept is None:
                continue
            profile = self.profile(compensator, kept)
            choice = self.chooser.one(compensator, profile, Purpose.RELEASE)
            key = AutoKey(block.id, rule, compensator, kept)
            new = self.auto_block(key, choice, None, Purpose.RELEASE, partner)
            if new is not None:
                made.append(new)
        return made

    # -- rules 1, 3, 4, 5, 8, 9: relaxation after the work ------------------------------------

    def post_blocks(
        self,
        i: int,
        skeleton: list[Block],
        facts: list[BlockFacts],
        run_start: int,
        follow: frozenset[MuscleSide],
    ) -> list[tuple[Block, BlockFacts]]:
        fact = facts[i]
        exercise = fact.exercise
        if exercise is None or not fact.trained:
            return []
        host = skeleton[i]
        kind = exercise.kind
        needs: list[_Need] = []
        if kind is ExerciseKind.EXPLOSIVE:
            if i + 1 < len(facts) and facts[i + 1].kind is ExerciseKind.EXPLOSIVE:
                return []  # the run's last block relaxes everything the run trained
            pairs = dict.fromkeys(p for j in range(run_start, i + 1) for p in facts[j].trained)
            needs = [(host.id, RuleId.EXPLOSIVE_POST_RELAX, m, s) for m, s in pairs]
        elif kind is ExerciseKind.POSTURAL:
            needs = [(host.id, RuleId.POSTURAL_INTERSET_RELAX, m, s) for m, s in fact.trained]
        elif exercise.sustained:
            needs = [(host.id, RuleId.SUSTAINED_RELAX, m, s) for m, s in fact.trained]
        elif self.pre_sport:
            needs = [(host.id, RuleId.PRE_SPORT_RELAX, m, s) for m, s in fact.trained]
        else:  # rule 1: relaxed within the rep, unless a setting or an accepted flag asks
            for muscle, side in fact.trained:
                if self.preferences.relax_after(muscle):
                    needs.append((host.id, RuleId.PER_REP_RELAX, muscle, side))
                elif (muscle, side) in self.accepted:
                    needs.append((host.id, RuleId.DOSE_BELOW_FAILURE, muscle, side))
        return self.grouped([n for n in needs if (n[2], n[3]) not in follow], host)

    def purpose(self, rule: RuleId) -> Purpose:
        if rule is RuleId.POSTURAL_INTERSET_RELAX:
            return Purpose.QUICK
        if self.pre_sport:
            return Purpose.BRIEF
        return Purpose.AFTER

    def grouped(self, needs: list[_Need], host: Block) -> list[tuple[Block, BlockFacts]]:
        """One block per (anchor, rule, body area, sides), each technique covering as many
        of the area's muscles as it can."""
        if not needs:
            return []
        slots: dict[tuple[str, RuleId, str], dict[str, set[Side]]] = {}
        area_map = self.areas
        for anchor, rule, muscle, side in needs:
            area = area_map.get(muscle, muscle)
            slots.setdefault((anchor, rule, area), {}).setdefault(muscle, set()).add(side)
        made: list[tuple[Block, BlockFacts]] = []
        for (anchor, rule, _area), muscles in slots.items():
            by_side: dict[BlockSide, list[str]] = {}
            for muscle, sides in muscles.items():
                by_side.setdefault(BlockSide.of(sides), []).append(muscle)
            purpose = self.purpose(rule)
            for block_side, group in by_side.items():
                profiles = tuple(self.profile(m, block_side) for m in group)
                choices = self.chooser.cover(group, profiles, purpose)
                covered = {m for choice in choices for m in choice.muscles}
                for muscle in group:
                    if muscle not in covered:
                        self.no_modality(muscle, anchor)
                for choice in choices:
                    kept = self.admit(anchor, rule, choice.muscles[0], block_side)
                    if kept is None:
                        continue
                    key = AutoKey(anchor, rule, choice.muscles[0], kept)
                    new = self.auto_block(key, choice, host, purpose)
                    if new is not None:
                        made.append(new)
        return made

    def no_modality(self, muscle: str, anchor: str | None) -> None:
        self.warn(
            WarningCode.NO_MODALITY,
            f"No allowed relaxation in the library works the {self.short(muscle)}"
            " (in clinic, clinician techniques may be used).",
            anchor,
        )

    # -- needs to blocks -------------------------------------------------------------------------

    def auto_block(
        self,
        key: AutoKey,
        choice: Choice | None,
        host: Block | None,
        purpose: Purpose,
        partner: str = "",
    ) -> tuple[Block, BlockFacts] | None:
        block_id = key.block_id
        if block_id in self.ids:
            return None  # a kept block already carries this identity (an edited pin)
        lead = key.muscle
        swapped = self.decisions.override(key, lead)
        if choice is None and swapped is None:
            self.no_modality(lead, key.anchor)
            return None
        muscles: tuple[str, ...]
        notes: tuple[str, ...]
        if swapped is not None:
            muscles = (lead,) if choice is None else choice.muscles
            if swapped.muscle_parameter:
                muscles = (lead,)
            muscles = tuple(m for m in muscles if m in swapped.muscles)
            self.decisions.swapped(block_id, swapped, choice.exercise if choice else None)
            exercise, notes = swapped, ()
        else:
            assert choice is not None
            exercise, muscles, notes = choice.exercise, choice.muscles, choice.notes
        interset = key.rule is RuleId.POSTURAL_INTERSET_RELAX and host is not None
        host_exercise = host.exercise if interset and host is not None else ""
        host_sets = host.dose.sets if interset and host is not None else 0
        # the same key, technique and host make the same block on every run: remembered
        # (for this catalog and assessment; a swapped block is the clinician's, never kept)
        made_key = (key, exercise.slug, muscles, notes, purpose, partner, host_exercise,
                    host_sets)
        made = None if swapped is not None else self.cues.memo.blocks.get(made_key)
        if made is None:
            made = self.make_block(key, exercise, muscles, notes, purpose, partner,
                                   host if interset else None)
            if swapped is None:
                self.cues.memo.blocks[made_key] = made
        return made

    def make_block(
        self,
        key: AutoKey,
        exercise: Exercise,
        muscles: tuple[str, ...],
        notes: tuple[str, ...],
        purpose: Purpose,
        partner: str,
        interset_host: Block | None,
    ) -> tuple[Block, BlockFacts]:
        """An automatic block with its dose, reason and cues, and what it relaxes."""
        cues: list[Cue] = []
        if interset_host is not None:
            dose = Dose(sets=max(interset_host.dose.sets, 1), hold_seconds=INTERSET_HOLD_SECONDS)
            host_exercise = self.catalog.exercises[interset_host.exercise]
            cues.append(Cue(key.rule, f"Do this between every set of {host_exercise.name}."))
        elif purpose is Purpose.BRIEF:
            dose = _BRIEF
            cues.append(Cue(key.rule, "Briefly: loosen up, without switching the muscle off."))
        else:
            dose = exercise.dose
        cues += [Cue(key.rule, f"Take care: {note}") for note in notes]
        cues += self.cues.tender_cues(key.rule, exercise, muscles, key.side)
        names = group_name(self.catalog, muscles, self.plain)
        partner_name = self.plain(partner) if partner else ""
        block = Block(
            id=key.block_id,
            exercise=exercise.slug,
            muscles=muscles,
            side=key.side,
            dose=dose,
            auto=True,
            rule=key.rule,
            reason=reason_text(key.rule, your(names, key.side), partner_name),
            cues=tuple(cues),
            anchor=key.anchor,
        )
        relaxed = frozenset((m, side) for m in muscles for side in key.side.sides)
        return block, BlockFacts(exercise, muscles, (), relaxed, False)


def _following_relaxation(facts: list[BlockFacts]) -> list[frozenset[MuscleSide]]:
    """For each skeleton index, what the run of relaxing blocks right after it relaxes."""
    follow: list[frozenset[MuscleSide]] = [frozenset()] * len(facts)
    for i in range(len(facts) - 2, -1, -1):
        nxt = facts[i + 1]
        if nxt.relaxing:
            follow[i] = nxt.relaxed | follow[i + 1]
    return follow
