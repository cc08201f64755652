"""Invariants of the engine over random placements, assessments, dismissals and moves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equitone.domain.sequencing import (
    Assessment,
    Block,
    BlockSide,
    Dismissal,
    Preferences,
    RuleId,
    SessionPlan,
    WarningCode,
    dismiss,
    move,
    sequence,
)
from equitone.domain.sequencing.body import compensator_sides
from equitone.domain.sequencing.engine import RELEASE_STATES
from equitone.domain.sequencing.facts import BlockFacts, facts_of
from equitone.domain.types import Dose, ExerciseKind, Side, ToneState

if TYPE_CHECKING:
    from tests.domain.conftest import Kit

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# the edit properties reuse the same scenarios; fewer examples keep the suite well under 10 s
EDIT_SETTINGS = settings(SETTINGS, max_examples=100)


class Case:
    """One random scenario: the clinician's blocks plus everything `sequence` is given."""

    def __init__(self, kit: Kit, data: st.DataObject) -> None:
        self.kit = kit
        catalog = kit.catalog
        pool = [*kit.training, *kit.training, *kit.modalities, "walk-and-breathe"]
        count = data.draw(st.integers(0, 10), label="blocks")
        self.placed: list[Block] = []
        for n in range(count):
            slug = data.draw(st.sampled_from(pool), label="exercise")
            exercise = catalog.exercises[slug]
            if exercise.muscle_parameter:
                muscles: tuple[str, ...] = (data.draw(st.sampled_from(exercise.muscles)),)
            elif exercise.muscles:
                chosen = data.draw(
                    st.lists(st.sampled_from(exercise.muscles), min_size=1, unique=True)
                )
                muscles = tuple(chosen)
            else:
                muscles = ()
            dose = Dose(
                sets=data.draw(st.integers(1, 5)),
                reps=data.draw(st.none() | st.integers(1, 20)),
                hold_seconds=data.draw(st.none() | st.integers(5, 60)),
            )
            self.placed.append(
                Block(
                    id=f"b{n}",
                    exercise=slug,
                    muscles=muscles,
                    side=data.draw(st.sampled_from(list(BlockSide))),
                    dose=dose,
                    reciprocal_inhibition=data.draw(st.booleans()),
                )
            )
        keys = st.tuples(st.sampled_from(kit.muscles), st.sampled_from(list(Side)))
        tones = data.draw(st.dictionaries(keys, st.sampled_from(list(ToneState))), label="tones")
        self.assessment = Assessment.of(tones)
        self.preferences = Preferences(
            patient=tuple(data.draw(st.permutations(kit.modalities))[:2]),
            clinician_present=data.draw(st.booleans()),
        )
        self.pre_sport = data.draw(st.booleans(), label="pre_sport")

    def run(self, blocks: Sequence[Block], dismissals: Sequence[Dismissal] = ()) -> SessionPlan:
        return sequence(
            blocks,
            catalog=self.kit.catalog,
            assessment=self.assessment,
            preferences=self.preferences,
            dismissals=dismissals,
            pre_sport=self.pre_sport,
        )

    def facts(self, plan: SessionPlan) -> list[BlockFacts]:
        return [facts_of(b, self.kit.catalog) for b in plan.blocks]


def random_dismissals(plan: SessionPlan, data: st.DataObject) -> list[Dismissal]:
    autos = [b for b in plan.blocks if b.auto]
    if not autos:
        return []
    chosen = data.draw(st.lists(st.sampled_from(autos), unique_by=lambda b: b.id), label="dismiss")
    return [dismiss(b, f"reason {i}") for i, b in enumerate(chosen)]


def warned(plan: SessionPlan, code: WarningCode) -> set[str | None]:
    return {w.block_id for w in plan.warnings if w.code is code}


def relaxed_right_after(facts: Sequence[BlockFacts], i: int) -> set[tuple[str, Side]]:
    """What the run of relaxing blocks right after block i relaxes (after an explosive block,
    after the rest of its explosive run)."""
    kind = facts[i].kind
    found: set[tuple[str, Side]] = set()
    for f in facts[i + 1 :]:
        if f.relaxing:
            found |= f.relaxed
        elif kind is ExerciseKind.EXPLOSIVE and f.kind is ExerciseKind.EXPLOSIVE:
            continue
        else:
            break
    return found


def check_followed_or_marked(
    plan: SessionPlan, facts: Sequence[BlockFacts], dismissals: Sequence[Dismissal]
) -> None:
    """Every clinician activation is followed by a relaxation of each muscle side it trains,
    or is marked "relaxed within every rep" (never an unexplained gap: a dismissal warns)."""
    for i, (block, fact) in enumerate(zip(plan.blocks, facts, strict=True)):
        if block.auto or not fact.trained:
            continue
        exercise = fact.exercise
        assert exercise is not None
        rep_based = exercise.kind is ExerciseKind.ACTIVATION and not exercise.sustained
        if block.relaxed_within_rep:
            assert rep_based
            continue
        missing = set(fact.trained) - relaxed_right_after(facts, i)
        if missing:
            assert dismissals, (block.exercise, missing)
            assert warned(plan, WarningCode.RELAXATION_DISMISSED) or rep_based


def check_invariants(case: Case, plan: SessionPlan, dismissals: Sequence[Dismissal]) -> None:
    blocks, facts = plan.blocks, case.facts(plan)
    trains = any(f.trained for f in facts)

    # (a) every activation is followed by a relaxation of that muscle side or marked relaxed
    # within every rep; and something relaxes each trained side before the session ends, or
    # that is warned about (one warning per side, on its last activation)
    check_followed_or_marked(plan, facts, dismissals)
    uncovered: dict[tuple[str, Side], str] = {}
    for i, fact in enumerate(facts):
        if blocks[i].rule is RuleId.PRE_SPORT_READY:
            continue  # the session before sport ends switched on, by design
        for pair in fact.trained:
            later = facts[i + 1 :]
            if not any(pair in f.relaxed or f.relaxes_all for f in later):
                uncovered[pair] = blocks[i].id
    assert set(uncovered.values()) <= warned(plan, WarningCode.NO_RELAXATION_AFTER)
    if not dismissals:
        assert not uncovered
        assert not warned(plan, WarningCode.NO_RELAXATION_AFTER)
    # ... rep-based activations carry the per-rep (or reciprocal-inhibition) cue
    for block, fact in zip(blocks, facts, strict=True):
        exercise = fact.exercise
        rep_based = exercise and exercise.kind is ExerciseKind.ACTIVATION and not exercise.sustained
        if rep_based and not block.auto:
            rules = {c.rule for c in block.cues}
            assert rules & {RuleId.PER_REP_RELAX, RuleId.RECIPROCAL_INHIBITION}
            assert not (case.pre_sport and block.relaxed_within_rep)

    # (b) a session that trains ends with a warm-down, or before sport with a re-activation
    if trains and not case.pre_sport:
        ends_warm = facts[-1].kind is ExerciseKind.WARM_DOWN
        assert ends_warm or warned(plan, WarningCode.WARM_DOWN_MISSING) == {None}
        if not dismissals:
            assert ends_warm
    if case.pre_sport:
        assert not any(b.rule is RuleId.WARM_DOWN for b in blocks)
        if trains and not dismissals:
            assert blocks[-1].rule is RuleId.PRE_SPORT_READY

    # (c) overactive compensators are released before their partner's first activation
    catalog = case.kit.catalog
    relaxed: set[tuple[str, Side]] = set()
    activated: set[tuple[str, Side]] = set()
    not_released = warned(plan, WarningCode.COMPENSATOR_NOT_RELEASED_FIRST)
    for block, fact in zip(blocks, facts, strict=True):
        for muscle, side in fact.trained:
            if (muscle, side) in activated or block.rule is RuleId.PRE_SPORT_READY:
                continue
            activated.add((muscle, side))
            if not case.assessment.has(muscle, side, ToneState.UNDERACTIVE):
                continue
            for comp in catalog.muscles[muscle].compensators:
                for comp_side in compensator_sides(catalog, muscle, side, comp):
                    if case.assessment.has(comp, comp_side, *RELEASE_STATES):
                        assert (comp, comp_side) in relaxed or block.id in not_released
        relaxed |= fact.relaxed
        relaxed -= set(fact.trained)
    if not dismissals:
        assert not not_released

    # (e) the clinician's blocks all appear once, in their order, untouched but for cues
    mine = [b for b in blocks if not b.auto]
    assert [b.id for b in mine] == [b.id for b in case.placed if not b.auto]
    originals = {b.id: b for b in case.placed}
    assert all(b.dose == originals[b.id].dose and b.side == originals[b.id].side for b in mine)

    # (f) automatic blocks say which rule added them and why, and belong to a clinician block
    ids = {b.id for b in mine}
    for block in blocks:
        if block.auto:
            assert block.rule is not None and block.reason
            assert block.anchor in ids or (block.anchor is None and block.rule is RuleId.WARM_DOWN)
    assert len({b.id for b in blocks}) == len(blocks)

    # (g) nothing dismissed comes back
    for block in blocks:
        key = block.key
        if key is None:
            continue
        for d in dismissals:
            same = (d.key.anchor, d.key.rule, d.key.muscle) == (key.anchor, key.rule, key.muscle)
            assert not (same and set(d.key.side.sides) & set(key.side.sides))


@SETTINGS
@given(data=st.data())
def test_invariants_and_idempotence(kit: Kit, data: st.DataObject) -> None:
    case = Case(kit, data)
    plan = case.run(case.placed)
    check_invariants(case, plan, ())
    # (d) idempotence
    assert case.run(plan.blocks) == plan

    dismissals = random_dismissals(plan, data)
    trimmed = case.run(plan.blocks, dismissals)
    check_invariants(case, trimmed, dismissals)
    assert case.run(trimmed.blocks, dismissals) == trimmed
    assert set(trimmed.dismissed) <= set(dismissals)


@EDIT_SETTINGS
@given(data=st.data())
def test_moved_blocks_stay_where_the_clinician_put_them(kit: Kit, data: st.DataObject) -> None:
    case = Case(kit, data)
    plan = case.run(case.placed)
    autos = [b for b in plan.blocks if b.auto]
    if not autos:
        return
    chosen = data.draw(st.sampled_from(autos), label="moved")
    to = data.draw(st.integers(0, len(plan.blocks) - 1), label="to")
    placed = move(plan.blocks, chosen.id, to)
    moved = case.run(placed)
    assert case.run(moved.blocks) == moved
    out_ids = [b.id for b in moved.blocks]
    assert out_ids.count(chosen.id) == 1

    # the pinned block keeps its place among the clinician's blocks
    def neighbours(blocks: Sequence[Block]) -> list[str]:
        return [b.id for b in blocks if not b.auto or b.id == chosen.id]

    if to != plan.blocks.index(chosen):
        assert neighbours(moved.blocks) == neighbours(placed)
        assert next(b for b in moved.blocks if b.id == chosen.id).pinned


@EDIT_SETTINGS
@given(data=st.data())
def test_automatic_blocks_follow_a_moved_clinician_block(kit: Kit, data: st.DataObject) -> None:
    case = Case(kit, data)
    if not case.placed:
        return
    plan = case.run(case.placed)
    chosen = data.draw(st.sampled_from(case.placed), label="moved")
    to = data.draw(st.integers(0, len(plan.blocks) - 1), label="to")
    reordered = move(plan.blocks, chosen.id, to)
    clinician_only = [b for b in reordered if not b.auto]
    assert case.run(reordered) == case.run(clinician_only)
