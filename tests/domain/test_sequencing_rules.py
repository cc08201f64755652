"""One table per sequencing rule (docs/sequencing.md), on the small catalog of
tests/domain/conftest.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from equitone.domain.sequencing import (
    INTERSET_HOLD_SECONDS,
    Assessment,
    Block,
    BlockSide,
    CatalogView,
    Preferences,
    RuleId,
    SessionPlan,
    WarningCode,
    sequence,
)
from equitone.domain.types import Dose, ExerciseKind, Side, ToneState

if TYPE_CHECKING:
    from tests.domain.conftest import Kit

GM, TFL, QL, ADD = "gluteus-medius", "tensor-fasciae-latae", "quadratus-lumborum", "hip-adductors"
GMAX, QUADS, CALF = "gluteus-maximus", "quadriceps", "gastrocnemius"
DNF, UT = "deep-neck-flexors", "upper-trapezius"
L, RT, BOTH = BlockSide.LEFT, BlockSide.RIGHT, BlockSide.BOTH
LEFT, RIGHT = Side.LEFT, Side.RIGHT
UNDER, OVER, TIGHT, SPASM = (
    ToneState.UNDERACTIVE,
    ToneState.OVERACTIVE,
    ToneState.TIGHT,
    ToneState.SPASM,
)
# (exercise, muscles, side): a clinician block before the kit gives it an id
Spec = tuple[str, tuple[str, ...], BlockSide]


def autos(plan: SessionPlan, rule: RuleId | None = None) -> list[Block]:
    return [b for b in plan.blocks if b.auto and (rule is None or b.rule is rule)]


def cue_rules(b: Block) -> list[RuleId]:
    return [c.rule for c in b.cues]


def codes(plan: SessionPlan) -> list[WarningCode]:
    return [w.code for w in plan.warnings]


def placed(plan: SessionPlan, block_id: str) -> Block:
    return next(b for b in plan.blocks if b.id == block_id)


# -- rules 1 and 2: cues within the rep ---------------------------------------------------------


@pytest.mark.parametrize(
    ("exercise", "ri", "expected"),
    [
        pytest.param(
            "clamshell",
            False,
            [RuleId.PER_REP_RELAX, RuleId.RELAXED_WITHIN_REP],
            id="rep-based-gets-per-rep",
        ),
        pytest.param(
            "clamshell",
            True,
            [RuleId.RECIPROCAL_INHIBITION, RuleId.RELAXED_WITHIN_REP],
            id="progressed-gets-ri",
        ),
        pytest.param("lateral-band-walk", False, [], id="sustained-no-per-rep"),
        pytest.param("box-jump", False, [RuleId.EXPLOSIVE_POST_RELAX], id="explosive-pretension"),
        pytest.param("chin-tuck", False, [RuleId.POSTURAL_INTERSET_RELAX], id="postural-interset"),
        pytest.param("active-stretch", False, [], id="relaxation-no-cue"),
    ],
)
def test_exercise_cues(kit: Kit, exercise: str, ri: bool, expected: list[RuleId]) -> None:
    plan = kit.run([kit.block(exercise, id="x", ri=ri)])
    assert cue_rules(placed(plan, "x")) == expected


def test_per_rep_cue_names_the_muscle_and_adds_no_block_but_the_warm_down(kit: Kit) -> None:
    plan = kit.run([kit.block("clamshell", side=L, id="x")])
    assert [c.text for c in placed(plan, "x").cues] == [
        "Relax your glute med fully at the end of each lowering phase.",
        "Relaxed within every rep: relax your glute med fully at the end of each lowering"
        " phase; this is the relaxation, so no separate one follows and the warm-down"
        " finishes the job.",
    ]
    assert placed(plan, "x").relaxed_within_rep
    assert [b.rule for b in autos(plan)] == [RuleId.WARM_DOWN]
    assert plan.warnings == ()


def test_engine_cues_replace_stale_cues_but_keep_the_clinician_note(kit: Kit) -> None:
    from dataclasses import replace

    from equitone.domain.sequencing import Cue

    stale = replace(
        kit.block("clamshell", id="x"), cues=(Cue(RuleId.WARM_DOWN, "old"),), note="slowly"
    )
    out = placed(kit.run([stale]), "x")
    assert cue_rules(out) == [RuleId.PER_REP_RELAX, RuleId.RELAXED_WITHIN_REP]
    assert out.note == "slowly"


@pytest.mark.parametrize(
    ("muscles", "tones", "cue", "skipped"),
    [
        pytest.param((GM,), {}, "press the knees lightly together", False, id="catalog-choice"),
        pytest.param((GMAX,), {}, None, True, id="catalog-has-none"),
        pytest.param((GM,), {(ADD, LEFT): OVER}, None, True, id="antagonist-overactive"),
        pytest.param((GM,), {(ADD, RIGHT): OVER}, "press the knees", False, id="other-side-ok"),
    ],
)
def test_reciprocal_inhibition_cue_comes_from_the_catalog_field(
    kit: Kit,
    muscles: tuple[str, ...],
    tones: dict[tuple[str, Side], ToneState],
    cue: str | None,
    skipped: bool,
) -> None:
    plan = kit.run([kit.block("clamshell", muscles, side=L, id="x", ri=True)], tones)
    texts = [c.text for c in placed(plan, "x").cues if c.rule is RuleId.RECIPROCAL_INHIBITION]
    if cue is None:
        assert texts == []
        assert RuleId.PER_REP_RELAX in cue_rules(placed(plan, "x"))
    else:
        (text,) = texts
        assert cue in text and "end of each lowering phase" in text
    assert (WarningCode.RECIPROCAL_INHIBITION_SKIPPED in codes(plan)) is skipped


@pytest.mark.parametrize(
    "exercise", ["lateral-band-walk", "box-jump", "chin-tuck", "active-stretch"]
)
def test_reciprocal_inhibition_on_a_non_rep_block_warns(kit: Kit, exercise: str) -> None:
    plan = kit.run([kit.block(exercise, id="x", ri=True)])
    assert WarningCode.RECIPROCAL_INHIBITION_NOT_APPLICABLE in codes(plan)
    assert RuleId.RECIPROCAL_INHIBITION not in cue_rules(placed(plan, "x"))


# -- rule 3: sustained activation -> relaxation right after -------------------------------------


@pytest.mark.parametrize("side", list(BlockSide), ids=str)
def test_sustained_activation_is_followed_by_relaxation_of_same_muscle_and_side(
    kit: Kit, side: BlockSide
) -> None:
    plan = kit.run([kit.block("lateral-band-walk", side=side, id="walk"), kit.block("chin-tuck")])
    relax = plan.blocks[1]
    assert [b.rule for b in plan.blocks[:2]] == [None, RuleId.SUSTAINED_RELAX]
    assert (relax.muscles, relax.side, relax.anchor) == ((GM,), side, "walk")
    assert relax.exercise == "lacrosse-ball-release"
    assert relax.dose == kit.catalog.exercises["lacrosse-ball-release"].dose
    where = "glute med" if side is BOTH else f"{side} glute med"
    assert relax.reason == f"To keep your {where} from tightening after being woken up."


@pytest.mark.parametrize(
    ("after", "expect_auto"),
    [
        pytest.param(("lacrosse-ball-release", (GM,), BOTH), False, id="clinician-relax-both"),
        pytest.param(("active-stretch", (GM,), L), False, id="clinician-relax-same-side"),
        pytest.param(("active-stretch", (GM,), RT), True, id="clinician-relax-other-side"),
        pytest.param(("active-stretch", (TFL,), L), True, id="clinician-relax-other-muscle"),
    ],
)
def test_clinician_relaxation_right_after_sustained_work_counts(
    kit: Kit, after: Spec, expect_auto: bool
) -> None:
    plan = kit.run([kit.block("lateral-band-walk", side=L), kit.block(*after)])
    assert bool(autos(plan, RuleId.SUSTAINED_RELAX)) is expect_auto


# -- rule 4: explosive ------------------------------------------------------------------------


def test_explosive_run_is_followed_by_one_relaxation_per_trained_muscle(kit: Kit) -> None:
    blocks = [kit.block("box-jump", id="box"), kit.block("tuck-jump", id="tuck")]
    plan = kit.run([*blocks, kit.block("clamshell")])
    assert [b.rule for b in plan.blocks[:5]] == [None, None] + [RuleId.EXPLOSIVE_POST_RELAX] * 3
    relax = autos(plan, RuleId.EXPLOSIVE_POST_RELAX)
    # the relaxations follow the run and belong to its last block (one modality per muscle
    # here: the kit has no technique covering two muscles)
    assert [(b.muscles, b.anchor) for b in relax] == [
        ((GMAX,), "tuck"),
        ((QUADS,), "tuck"),
        ((CALF,), "tuck"),
    ]


def test_explosive_blocks_apart_each_get_their_relaxation(kit: Kit) -> None:
    blocks = [kit.block("box-jump", id="a"), kit.block("chin-tuck"), kit.block("tuck-jump", id="b")]
    plan = kit.run(blocks)
    relax = autos(plan, RuleId.EXPLOSIVE_POST_RELAX)
    assert [b.anchor for b in relax] == ["a", "a", "a", "b", "b"]


@pytest.mark.parametrize(
    ("preferences", "modality"),
    [
        pytest.param(Preferences(), "lacrosse-ball-release", id="home-default"),
        pytest.param(
            Preferences(clinic=("active-release-technique",), clinician_present=True),
            "active-release-technique",
            id="in-clinic-art",
        ),
        pytest.param(
            Preferences(clinic=("active-release-technique",)),
            "lacrosse-ball-release",
            id="home-skips-clinician-only",
        ),
    ],
)
def test_explosive_relaxation_modality(kit: Kit, preferences: Preferences, modality: str) -> None:
    plan = kit.run([kit.block("box-jump")], preferences=preferences)
    assert {b.exercise for b in autos(plan, RuleId.EXPLOSIVE_POST_RELAX)} == {modality}


# -- rule 5: postural -----------------------------------------------------------------------------


@pytest.mark.parametrize("sets", [1, 3, 5])
def test_postural_work_gets_an_interset_relaxation_per_set(kit: Kit, sets: int) -> None:
    plan = kit.run([kit.block("chin-tuck", id="tuck", dose=Dose(sets, 10, 5))])
    tuck, interset = plan.blocks[0], plan.blocks[1]
    assert interset.rule is RuleId.POSTURAL_INTERSET_RELAX
    assert interset.anchor == "tuck"
    assert interset.muscles == (DNF,)
    assert interset.dose == Dose(sets, hold_seconds=INTERSET_HOLD_SECONDS)
    assert interset.cues[0].text == "Do this between every set of Chin tuck."
    assert "between every set" in tuck.cues[0].text
    # the catalog has no lacrosse ball for the deep neck flexors: the next preference applies
    assert interset.exercise == "active-stretch"


# -- rule 6: compensators first ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("side", "tones", "expected"),
    [
        pytest.param(L, {(GM, LEFT): UNDER, (TFL, LEFT): OVER}, [(TFL, L)], id="tfl-same-side"),
        pytest.param(L, {(GM, LEFT): UNDER, (TFL, RIGHT): OVER}, [], id="other-side-ignored"),
        pytest.param(
            BOTH,
            {
                (GM, LEFT): UNDER,
                (GM, RIGHT): UNDER,
                (TFL, LEFT): OVER,
                (TFL, RIGHT): OVER,
                (QL, RIGHT): TIGHT,
            },
            [(TFL, BOTH), (QL, RT)],
            id="both-sides-merged",
        ),
        pytest.param(RT, {(GM, RIGHT): UNDER, (ADD, RIGHT): SPASM}, [(ADD, RT)], id="spasm"),
        pytest.param(
            L,
            {(GM, LEFT): ToneState.BALANCED, (TFL, LEFT): OVER},
            [],
            id="partner-not-underactive",
        ),
        pytest.param(
            L, {(GM, LEFT): UNDER, (TFL, LEFT): ToneState.TENDER}, [], id="tender-not-released"
        ),
    ],
)
def test_overactive_compensators_released_before_activation(
    kit: Kit,
    side: BlockSide,
    tones: dict[tuple[str, Side], ToneState],
    expected: list[tuple[str, BlockSide]],
) -> None:
    blocks = [kit.block("active-stretch", [UT]), kit.block("clamshell", side=side, id="clam")]
    plan = kit.run(blocks, tones)
    clam_at = [b.id for b in plan.blocks].index("clam")
    released = autos(plan, RuleId.RELEASE_COMPENSATORS_FIRST)
    assert [(b.muscles[0], b.side) for b in released] == expected
    assert all(plan.blocks.index(b) < clam_at for b in released)
    assert all(b.anchor == "clam" and "glute med" in b.reason for b in released)
    assert WarningCode.COMPENSATOR_NOT_RELEASED_FIRST not in codes(plan)


def test_release_goes_only_before_the_first_activation(kit: Kit) -> None:
    tones = {(GM, LEFT): UNDER, (TFL, LEFT): OVER}
    blocks = [kit.block("clamshell", side=L, id="a"), kit.block("clamshell", side=L, id="b")]
    plan = kit.run(blocks, tones)
    assert [b.anchor for b in autos(plan, RuleId.RELEASE_COMPENSATORS_FIRST)] == ["a"]
    assert plan.blocks[0].reason == (
        "Releasing your left TFL first lets your glute med switch on instead of being overruled."
    )


def test_compensator_worked_in_between_is_released_again(kit: Kit) -> None:
    tones = {(GMAX, LEFT): UNDER, (GM, LEFT): UNDER, (QL, LEFT): OVER}
    blocks = [
        kit.block("clamshell", side=L, id="a"),
        kit.block("glute-bridge", [QL], L),  # loading the QL undoes its release
        kit.block("glute-bridge", [GMAX], L, id="b"),
    ]
    plan = kit.run(blocks, tones)
    assert [b.anchor for b in autos(plan, RuleId.RELEASE_COMPENSATORS_FIRST)] == ["a", "b"]


@pytest.mark.parametrize(
    ("earlier", "expect_auto"),
    [
        pytest.param(("lacrosse-ball-release", (TFL,), L), False, id="released-already"),
        pytest.param(("active-stretch", (TFL,), RT), True, id="other-side-released"),
    ],
)
def test_clinician_release_earlier_counts(kit: Kit, earlier: Spec, expect_auto: bool) -> None:
    tones = {(GM, LEFT): UNDER, (TFL, LEFT): OVER}
    blocks = [kit.block(*earlier), kit.block("chin-tuck"), kit.block("clamshell", side=L)]
    plan = kit.run(blocks, tones)
    assert bool(autos(plan, RuleId.RELEASE_COMPENSATORS_FIRST)) is expect_auto
    assert WarningCode.COMPENSATOR_NOT_RELEASED_FIRST not in codes(plan)


# -- rule 7: warm-down ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("specs", "auto_warm_down"),
    [
        pytest.param([("clamshell", (GM,), L)], True, id="appended"),
        pytest.param(
            [("clamshell", (GM,), BOTH), ("walk-and-breathe", (), BOTH)],
            False,
            id="clinician-warm-down-last",
        ),
        pytest.param(
            [("walk-and-breathe", (), BOTH), ("clamshell", (GM,), BOTH)],
            True,
            id="clinician-warm-down-not-last",
        ),
        pytest.param([("active-stretch", (TFL,), BOTH)], False, id="nothing-trained"),
        pytest.param([], False, id="empty-session"),
    ],
)
def test_warm_down(kit: Kit, specs: list[Spec], auto_warm_down: bool) -> None:
    plan = kit.run([kit.block(*spec) for spec in specs])
    assert bool(autos(plan, RuleId.WARM_DOWN)) is auto_warm_down
    if any(spec[0] == "clamshell" for spec in specs):
        assert plan.blocks[-1].exercise == "walk-and-breathe"
    assert plan.warnings == ()


def test_warm_down_lists_every_trained_muscle_and_side(kit: Kit) -> None:
    blocks = [
        kit.block("clamshell", side=L),
        kit.block("tuck-jump", side=L),
        kit.block("chin-tuck", side=L),
    ]
    warm = kit.run(blocks).blocks[-1]
    assert warm.rule is RuleId.WARM_DOWN
    assert warm.muscles == (GM, QUADS, CALF, DNF)
    assert warm.side is L
    assert warm.anchor is None
    assert warm.reason.startswith("To finish")


def test_preferred_warm_down_exercise(kit: Kit) -> None:
    from equitone.domain.types import Exercise, Performer

    stroll = Exercise("z-stroll", "Stroll", ExerciseKind.WARM_DOWN, (), Performer.SELF, Dose())
    catalog = CatalogView({**kit.catalog.exercises, "z-stroll": stroll}, kit.catalog.muscles)
    assert (
        sequence([kit.block("clamshell")], catalog=catalog, assessment=Assessment())
        .blocks[-1]
        .exercise
        == "walk-and-breathe"
    )
    plan = sequence(
        [kit.block("clamshell")],
        catalog=catalog,
        assessment=Assessment(),
        preferences=Preferences(warm_down="z-stroll"),
    )
    assert plan.blocks[-1].exercise == "z-stroll"


# -- rule 8: before sport ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pre_sport", "expected"),
    [
        pytest.param(False, [RuleId.WARM_DOWN], id="ordinary"),
        pytest.param(
            True,
            [RuleId.PRE_SPORT_RELAX, RuleId.PRE_SPORT_RELAX, RuleId.PRE_SPORT_READY],
            id="pre-sport",
        ),
    ],
)
def test_pre_sport_relaxes_rep_based_work_too(
    kit: Kit, pre_sport: bool, expected: list[RuleId]
) -> None:
    plan = kit.run([kit.block("glute-bridge", side=RT, id="b")], pre_sport=pre_sport)
    assert [b.rule for b in autos(plan)] == expected
    relax = autos(plan, RuleId.PRE_SPORT_RELAX)
    assert all(b.side is RT and b.anchor == "b" for b in relax)
    assert [b.muscles for b in relax] == ([(GMAX,), (GM,)] if pre_sport else [])
    # brief: loosened, never switched off
    assert all(b.dose == Dose(1, hold_seconds=20) for b in relax)


@pytest.mark.parametrize(
    ("exercise", "rule"),
    [
        pytest.param("lateral-band-walk", RuleId.SUSTAINED_RELAX, id="sustained"),
        pytest.param("chin-tuck", RuleId.POSTURAL_INTERSET_RELAX, id="postural"),
        pytest.param("tuck-jump", RuleId.EXPLOSIVE_POST_RELAX, id="explosive"),
    ],
)
def test_pre_sport_does_not_double_existing_relaxation(
    kit: Kit, exercise: str, rule: RuleId
) -> None:
    plan = kit.run([kit.block(exercise)], pre_sport=True)
    assert not autos(plan, RuleId.PRE_SPORT_RELAX)
    assert autos(plan, rule)


# -- rule 9: dose ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doses", "grade", "underactive", "warned"),
    [
        pytest.param([Dose(3, 15)], None, True, False, id="45-reps-at-mrc-5"),
        pytest.param([Dose(3, 15), Dose(3, 12)], None, True, True, id="81-reps-over-80"),
        pytest.param([Dose(3, 16)], 3, True, True, id="48-reps-over-45-at-mrc-3"),
        pytest.param([Dose(3, 15)], 3, True, False, id="45-reps-at-mrc-3"),
        pytest.param([Dose(2, 10)], 2, True, False, id="20-reps-at-mrc-2"),
        pytest.param([Dose(3, 10)], 1, True, True, id="30-reps-over-12-at-mrc-1"),
        pytest.param([Dose(4, hold_seconds=80)], None, True, True, id="320-s-of-holds"),
        pytest.param([Dose(2, 10, 10)], 2, True, True, id="200-s-of-holds-at-mrc-2"),
        pytest.param([Dose(5, 30), Dose(5, 30)], None, False, False, id="not-underactive"),
    ],
)
def test_dose_is_summed_over_the_session_against_a_ceiling_falling_with_mrc(
    kit: Kit, doses: list[Dose], grade: int | None, underactive: bool, warned: bool
) -> None:
    tones = {(GM, LEFT): UNDER if underactive else ToneState.BALANCED}
    strength = {(GM, LEFT): grade} if grade is not None else {}
    blocks = [kit.block("clamshell", side=L, id=f"x{n}", dose=d) for n, d in enumerate(doses)]
    plan = sequence(
        blocks, catalog=kit.catalog, assessment=Assessment.of(tones, strength=strength)
    )
    assert [placed(plan, b.id).dose for b in blocks] == doses  # warned, never changed
    over = [w for w in plan.warnings if w.code is WarningCode.DOSE_ABOVE_CEILING]
    assert bool(over) is warned
    if warned:  # on the block where the session crossed the ceiling
        assert over[0].block_id == blocks[-1].id
    assert (RuleId.DOSE_BELOW_FAILURE in cue_rules(placed(plan, "x0"))) is underactive


@pytest.mark.parametrize(("grade", "warned"), [(3, True), (2, True), (4, False), (None, False)])
def test_explosive_work_on_a_weak_muscle_warns(kit: Kit, grade: int | None, warned: bool) -> None:
    strength = {(GMAX, LEFT): grade} if grade is not None else {}
    assessment = Assessment.of({(GMAX, LEFT): UNDER}, strength=strength)
    plan = sequence(
        [kit.block("box-jump", side=L, id="x")], catalog=kit.catalog, assessment=assessment
    )
    weak = [w for w in plan.warnings if w.code is WarningCode.EXPLOSIVE_ON_WEAK]
    assert bool(weak) is warned
    assert all(w.safety and w.block_id == "x" for w in weak)


# -- warnings on the clinician's own blocks -----------------------------------------------------


@pytest.mark.parametrize(
    ("tones", "warned"),
    [
        pytest.param({(GM, LEFT): SPASM}, True, id="spasm-same-side"),
        pytest.param({(GM, RIGHT): SPASM}, False, id="spasm-other-side"),
        pytest.param({(GM, LEFT): frozenset({TIGHT, SPASM})}, True, id="spasm-among-tags"),
    ],
)
def test_activating_a_muscle_in_spasm_warns(
    kit: Kit, tones: dict[tuple[str, Side], ToneState], warned: bool
) -> None:
    plan = kit.run([kit.block("clamshell", side=L, id="x")], tones)
    spasm = [w for w in plan.warnings if w.code is WarningCode.SPASM_LOADED]
    assert bool(spasm) is warned
    if warned:
        assert spasm[0].block_id == "x"
        assert "relax only, no loading" in spasm[0].message


@pytest.mark.parametrize(
    ("technique", "warned"),
    [
        ("post-isometric-relaxation", False),
        ("active-stretch", True),
        ("lacrosse-ball-release", True),
    ],
)
def test_relaxing_a_muscle_in_spasm_must_be_gentle(kit: Kit, technique: str, warned: bool) -> None:
    plan = kit.run([kit.block(technique, [GM], L)], {(GM, LEFT): SPASM})
    assert (WarningCode.SPASM_NOT_GENTLE in codes(plan)) is warned
    assert all(w.code is WarningCode.SPASM_NOT_GENTLE for w in plan.warnings)


def test_unknown_exercise_is_kept_and_warned(kit: Kit) -> None:
    ghost = Block("g", "no-such-exercise", (GM,), L, Dose())
    plan = kit.run([ghost, kit.block("clamshell")])
    assert plan.blocks[0] == ghost
    assert codes(plan)[0] is WarningCode.UNKNOWN_EXERCISE


def test_no_modality_for_a_muscle_warns(kit: Kit) -> None:
    no_relaxations = CatalogView(
        {
            s: e
            for s, e in kit.catalog.exercises.items()
            if e.kind.trains or s == "walk-and-breathe"
        },
        kit.catalog.muscles,
    )
    plan = sequence(
        [kit.block("lateral-band-walk")], catalog=no_relaxations, assessment=Assessment()
    )
    assert WarningCode.NO_MODALITY in codes(plan)
    assert [b.rule for b in autos(plan)] == [RuleId.WARM_DOWN]


def test_duplicate_ids_are_rejected(kit: Kit) -> None:
    with pytest.raises(ValueError, match="share the id"):
        kit.run([kit.block("clamshell", id="same"), kit.block("chin-tuck", id="same")])


# -- modality preferences -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferences", "modality"),
    [
        pytest.param(Preferences(), "lacrosse-ball-release", id="default-order"),
        pytest.param(Preferences(patient=("active-stretch",)), "active-stretch", id="patient"),
        pytest.param(
            Preferences(patient=("post-isometric-relaxation",), clinic=("active-stretch",)),
            "post-isometric-relaxation",
            id="patient-before-clinic",
        ),
        pytest.param(Preferences(clinic=("active-stretch",)), "active-stretch", id="clinic"),
        pytest.param(
            Preferences(patient=("no-such-thing",)), "lacrosse-ball-release", id="unknown-skipped"
        ),
        pytest.param(
            Preferences(patient=("active-release-technique",)),
            "lacrosse-ball-release",
            id="clinician-only-not-at-home",
        ),
        pytest.param(
            Preferences(patient=("active-release-technique",), clinician_present=True),
            "active-release-technique",
            id="clinician-only-in-clinic",
        ),
        pytest.param(
            Preferences(patient=("walk-and-breathe",)),
            "lacrosse-ball-release",
            id="warm-down-is-not-a-modality",
        ),
    ],
)
def test_relaxation_modality_follows_preferences(
    kit: Kit, preferences: Preferences, modality: str
) -> None:
    plan = kit.run([kit.block("lateral-band-walk")], preferences=preferences)
    (relax,) = autos(plan, RuleId.SUSTAINED_RELAX)
    assert relax.exercise == modality


def test_fallback_to_any_relaxation_naming_the_muscle(kit: Kit) -> None:
    only_pir = CatalogView(
        {
            s: e
            for s, e in kit.catalog.exercises.items()
            if s not in ("lacrosse-ball-release", "active-stretch")
        },
        kit.catalog.muscles,
    )
    plan = sequence(
        [kit.block("lateral-band-walk")],
        catalog=only_pir,
        assessment=Assessment(),
        preferences=Preferences(patient=("no-such-thing",)),
    )
    assert plan.blocks[1].exercise == "post-isometric-relaxation"


def test_duration_estimate(kit: Kit) -> None:
    plan = kit.run([kit.block("clamshell", dose=Dose(3, 10, rest_seconds=30))])
    # clamshell: 3 sets x 10 reps x 4 s + 2 rests x 30 s; the warm-down: one 180 s hold
    assert plan.estimated_duration_seconds() == 3 * 10 * 4 + 2 * 30 + 180
