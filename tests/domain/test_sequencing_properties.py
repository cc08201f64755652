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


def check_invariants(case: Case, plan: SessionPlan, dismissals: Sequence[Dismissal]) -> None:
    blocks, facts = plan.blocks, case.facts(plan)
    trains = any(f.trained for f in facts)

    # (a) every activation is followed by a relaxation of that muscle side, or warned about
    # (one warning per muscle side, on its last activation: nothing after that one relaxes it)
    uncovered: dict[tuple[str, Side], str] = {}
    for i, fact in enumerate(facts):
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
        if exercise and exercise.kind is ExerciseKind.ACTIVATION and not exercise.sustained:
            rules = {c.rule for c in block.cues}
            assert rules & {RuleId.PER_REP_RELAX, RuleId.RECIPROCAL_INHIBITION}
    # ... and sustained/postural/explosive work gets its own relaxation right after
    if not dismissals:
        for i, fact in enumerate(facts):
            kind = fact.kind
            needs_own = kind in (ExerciseKind.POSTURAL, ExerciseKind.EXPLOSIVE) or (
                kind is ExerciseKind.ACTIVATION and (case.pre_sport or fact.exercise.sustained)  # type: ignore[union-attr]
            )
            if not needs_own:
                continue
            relaxed_after: set[tuple[str, Side]] = set()
            for f in facts[i + 1 :]:
                if f.relaxing:
                    relaxed_after |= f.relaxed
                elif kind is ExerciseKind.EXPLOSIVE and f.kind is ExerciseKind.EXPLOSIVE:
                    continue
                else:
                    break
            assert set(fact.trained) <= relaxed_after, (i, fact.trained)

    # (b) a session that trains ends with a warm-down
    if trains:
        ends_warm = facts[-1].kind is ExerciseKind.WARM_DOWN
        assert ends_warm or warned(plan, WarningCode.WARM_DOWN_MISSING) == {None}
        if not dismissals:
            assert ends_warm

    # (c) overactive compensators are released before their partner's first activation
    relaxed: set[tuple[str, Side]] = set()
    activated: set[tuple[str, Side]] = set()
    not_released = warned(plan, WarningCode.COMPENSATOR_NOT_RELEASED_FIRST)
    for block, fact in zip(blocks, facts, strict=True):
        for muscle, side in fact.trained:
            if (muscle, side) in activated:
                continue
            activated.add((muscle, side))
            if not case.assessment.has(muscle, side, ToneState.UNDERACTIVE):
                continue
            for comp in case.kit.catalog.muscles[muscle].compensators:
                if case.assessment.has(comp, side, *RELEASE_STATES):
                    assert (comp, side) in relaxed or block.id in not_released
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
