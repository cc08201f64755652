"""The engine on the shipped catalog, presentation by presentation: one table (or more) per
rule and per safety fact of the method — glute med with TFL/QL/adductors, upper crossed,
spasm, tender, bilateral, before sport, a 30-block session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import count

import pytest

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import (
    Assessment,
    AutoOverride,
    Block,
    BlockSide,
    Dismissal,
    Flag,
    Preferences,
    ProposalResponse,
    RuleId,
    SessionPlan,
    WarningCode,
    dismiss,
    dose_seconds,
    lowered,
    sequence,
    swap,
)
from equitone.domain.techniques import Suitability
from equitone.domain.types import Dose, Side, TechniqueFamily, ToneState
from equitone.services.catalog import shipped_catalog

L, R = Side.LEFT, Side.RIGHT
U, OV, T, S, TE = (ToneState.UNDERACTIVE, ToneState.OVERACTIVE, ToneState.TIGHT,
                  ToneState.SPASM, ToneState.TENDER)
GM, TFL, QL, ADD = "gluteus-medius", "tensor-fasciae-latae", "quadratus-lumborum", "hip-adductors"
Tags = Mapping[tuple[str, Side], ToneState | frozenset[ToneState]]
_ids = count()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


def block(catalog: Catalog, slug: str, muscles: Sequence[str] | None = None,
          side: str = "both", *, ri: bool = False, dose: Dose | None = None,
          id: str | None = None) -> Block:
    exercise = catalog.exercises[slug]
    chosen = tuple(muscles) if muscles else exercise.muscles
    return Block(id or f"b{next(_ids)}", slug, chosen, BlockSide(side), dose or exercise.dose,
                 reciprocal_inhibition=ri)


def run(catalog: Catalog, blocks: Sequence[Block], tags: Tags | None = None, *,
        tenderness: Mapping[tuple[str, Side], int] | None = None,
        strength: Mapping[tuple[str, Side], int] | None = None,
        preferences: Preferences | None = None, pre_sport: bool = False,
        flags: Sequence[Flag] = (), responses: Sequence[ProposalResponse] = (),
        dismissals: Sequence[Dismissal] = (), overrides: Sequence[AutoOverride] = ()
        ) -> SessionPlan:
    assessment = Assessment.of(tags or {}, tenderness=tenderness, strength=strength)
    plan = sequence(blocks, catalog=catalog, assessment=assessment, preferences=preferences,
                    pre_sport=pre_sport, flags=flags, responses=responses,
                    dismissals=dismissals, overrides=overrides)
    again = sequence(plan.blocks, catalog=catalog, assessment=assessment,
                     preferences=preferences, pre_sport=pre_sport, flags=flags,
                     responses=responses, dismissals=dismissals, overrides=overrides)
    assert again == plan  # idempotent on every presentation
    return plan


def autos(plan: SessionPlan, rule: RuleId | None = None) -> list[Block]:
    return [b for b in plan.blocks if b.auto and (rule is None or b.rule is rule)]


def codes(plan: SessionPlan) -> list[WarningCode]:
    return [w.code for w in plan.warnings]


def by_id(plan: SessionPlan, block_id: str) -> Block:
    return next(b for b in plan.blocks if b.id == block_id)


# -- where a technique may go -------------------------------------------------------------------

PRESSURE = {TechniqueFamily.BALL, TechniqueFamily.ROLLER, TechniqueFamily.MANUAL_PRESSURE}


@pytest.mark.parametrize("in_clinic", [False, True], ids=["home", "clinic"])
@pytest.mark.parametrize(
    ("muscle", "never", "why"),
    [
        pytest.param("deep-neck-flexors", PRESSURE | {TechniqueFamily.STRETCH},
                      "front of the neck, cannot be released by pressure", id="deep-neck-flexors"),
        pytest.param("sternocleidomastoid", PRESSURE, "carotid artery, vagus nerve", id="scm"),
        pytest.param("scalenes", PRESSURE, "front and side of the neck", id="scalenes"),
        pytest.param("transversus-abdominis", PRESSURE | {TechniqueFamily.STRETCH},
                     "not isolatable", id="transversus"),
        pytest.param("diaphragm", PRESSURE | {TechniqueFamily.STRETCH}, "breathing only",
                     id="diaphragm"),
        pytest.param(ADD, {TechniqueFamily.BALL}, "no ball in the groin", id="adductors"),
        pytest.param("sartorius", PRESSURE, "femoral triangle", id="sartorius"),
    ],
)
def test_the_engine_never_chooses_pressure_where_it_must_not_go(
    catalog: Catalog, muscle: str, never: set[TechniqueFamily], why: str, in_clinic: bool
) -> None:
    """Chin tucks once chose myofascial release for the deep neck flexors; a ball went on the
    adductors and sartorius. Whatever preference asks, never there."""
    activation = next(e for e in catalog.activations_for(muscle) if e.kind.trains)
    every = tuple(s for s in ("myofascial-release", "lacrosse-ball-release", "foam-roll",
                              "active-release-technique"))
    prefs = Preferences(patient=every, clinic=every, clinician_present=in_clinic,
                        relax_after_every_activation=True)
    plan = run(catalog, [block(catalog, activation.slug, [muscle])], {(muscle, L): OV},
               preferences=prefs)
    relaxing = [b for b in autos(plan) if muscle in b.muscles and b.rule is not RuleId.WARM_DOWN]
    assert relaxing, why
    for relax in relaxing:
        family = catalog.exercises[relax.exercise].family
        assert family not in never, (relax.exercise, why)
        fit = catalog.suitability(relax.exercise, muscle)
        assert fit.level is not Suitability.CONTRAINDICATED


@pytest.mark.parametrize(
    ("muscle", "made_for"),
    [
        ("scalenes", "scalene-stretch"),
        ("iliopsoas", "half-kneeling-hip-flexor-stretch"),
        (ADD, "adductor-rock-back"),
        ("deep-neck-flexors", "supported-neck-rest"),
        (GM, "cross-over-glute-stretch"),
        ("pectoralis-minor", "doorway-pec-stretch"),
    ],
)
def test_a_technique_made_for_the_muscle_comes_before_a_generic_one(
    catalog: Catalog, muscle: str, made_for: str
) -> None:
    activation = next(e for e in catalog.activations_for(muscle) if e.kind.trains)
    prefs = Preferences(relax_after_every_activation=True)  # default clinic order: ball first
    plan = run(catalog, [block(catalog, activation.slug, [muscle], "left")],
               preferences=prefs)
    relax = next(b for b in autos(plan) if b.rule is not RuleId.WARM_DOWN and muscle in b.muscles)
    assert relax.exercise == made_for


def test_the_patients_own_preference_comes_first_where_it_suits(catalog: Catalog) -> None:
    prefs = Preferences(patient=("lacrosse-ball-release",))
    plan = run(catalog, [block(catalog, "lateral-band-walk", side="left")], preferences=prefs)
    assert autos(plan, RuleId.SUSTAINED_RELAX)[0].exercise == "lacrosse-ball-release"
    # ... but not where it is only a precaution and a suitable made-for technique exists
    plan = run(catalog, [block(catalog, "side-plank", side="left")],
               preferences=Preferences(patient=("lacrosse-ball-release",)))
    assert autos(plan, RuleId.POSTURAL_INTERSET_RELAX)[0].exercise == (
        "standing-side-bend-stretch")


@pytest.mark.parametrize(
    ("muscle", "activation"),
    [("scalenes", "neck-isometric-side-bend"), (QL, "side-plank"), (GM, "lateral-band-walk"),
     ("upper-trapezius", "shoulder-shrug")],
)
def test_spasm_gets_only_gentle_techniques_and_its_loading_is_a_safety_warning(
    catalog: Catalog, muscle: str, activation: str
) -> None:
    """A scalene in spasm once got a generic active stretch."""
    plan = run(catalog, [block(catalog, activation, side="left", id="x")],
               {(GM, L): U, (muscle, L): S},
               preferences=Preferences(relax_after_every_activation=True))
    relaxing = [b for b in autos(plan) if muscle in b.muscles and b.rule is not RuleId.WARM_DOWN]
    assert relaxing
    for relax in relaxing:
        family = catalog.exercises[relax.exercise].family
        assert family is not None and family.gentle, relax.exercise
    spasm = [w for w in plan.warnings if w.code is WarningCode.SPASM_LOADED]
    assert spasm and spasm[0].block_id == "x" and spasm[0].safety
    assert "relax only, no loading" in spasm[0].message


@pytest.mark.parametrize("grade", [3, 4])
def test_grade_3_to_4_tenderness_gets_no_pressure(catalog: Catalog, grade: int) -> None:
    prefs = Preferences(patient=("lacrosse-ball-release",), relax_after_every_activation=True)
    plan = run(catalog, [block(catalog, "glute-bridge", side="left")], {("gluteus-maximus", L): TE},
               tenderness={("gluteus-maximus", L): grade}, preferences=prefs)
    relax = next(b for b in autos(plan) if "gluteus-maximus" in b.muscles
                 and b.rule is not RuleId.WARM_DOWN)
    family = catalog.exercises[relax.exercise].family
    assert family is not None and family.pressure.value != "firm"


def test_lower_tenderness_keeps_the_ball_but_says_to_go_lighter(catalog: Catalog) -> None:
    prefs = Preferences(patient=("lacrosse-ball-release",))
    walk = block(catalog, "lateral-band-walk", side="left", id="walk")
    plan = run(catalog, [walk], {(GM, L): TE}, tenderness={(GM, L): 2}, preferences=prefs)
    relax = autos(plan, RuleId.SUSTAINED_RELAX)[0]
    # pressure on a tender muscle is ranked last, so the made-for stretch wins ...
    assert relax.exercise == "cross-over-glute-stretch"
    # ... and when the clinician chooses the ball anyway, the card says to go lighter
    swapped = run(catalog, [walk], {(GM, L): TE}, tenderness={(GM, L): 2},
                  overrides=[swap(relax, "lacrosse-ball-release")])
    ball = autos(swapped, RuleId.SUSTAINED_RELAX)[0]
    assert ball.exercise == "lacrosse-ball-release"
    assert WarningCode.TECHNIQUE_PRECAUTION in codes(swapped)


@pytest.mark.parametrize(
    ("technique", "muscle", "tags", "tenderness", "code", "safety"),
    [
        pytest.param("lacrosse-ball-release", QL, {}, {(QL, L): 3},
                     WarningCode.CONTRAINDICATED_TECHNIQUE, True, id="ball-on-grade-3"),
        pytest.param("scalene-stretch", "scalenes", {("scalenes", L): S}, {},
                     WarningCode.SPASM_NOT_GENTLE, True, id="stretch-in-spasm"),
        pytest.param("lacrosse-ball-release", QL, {}, {}, WarningCode.TECHNIQUE_PRECAUTION,
                     False, id="ball-on-ql-precaution"),
        pytest.param("lacrosse-ball-release", "pectoralis-minor", {}, {},
                     WarningCode.TECHNIQUE_PRECAUTION, False, id="pec-minor-precaution"),
        pytest.param("lacrosse-ball-release", "serratus-anterior", {}, {},
                     WarningCode.TECHNIQUE_PRECAUTION, False, id="serratus-precaution"),
        pytest.param("lacrosse-ball-release", GM, {}, {}, None, False, id="ball-on-glute-fine"),
    ],
)
def test_a_manual_choice_carries_a_warning_with_its_reason(
    catalog: Catalog, technique: str, muscle: str, tags: Tags,
    tenderness: dict[tuple[str, Side], int], code: WarningCode | None, safety: bool
) -> None:
    assert muscle in catalog.exercises[technique].muscles
    plan = run(catalog, [block(catalog, technique, [muscle], "left", id="x")], tags,
               tenderness=tenderness)
    found = [w for w in plan.warnings if w.block_id == "x"]
    if code is None:
        assert found == []
        return
    (warning,) = found
    assert warning.code is code and warning.safety is safety
    assert ": " in warning.message  # with its reason


def test_a_swap_to_a_technique_that_does_not_treat_the_muscle_is_refused(
    catalog: Catalog
) -> None:
    walk = block(catalog, "lateral-band-walk", side="left", id="walk")
    plan = run(catalog, [walk])
    relax = autos(plan, RuleId.SUSTAINED_RELAX)[0]
    refused = run(catalog, [walk], overrides=[swap(relax, "scalene-stretch")])
    assert autos(refused, RuleId.SUSTAINED_RELAX)[0].exercise == relax.exercise
    assert WarningCode.TECHNIQUE_NOT_FOR_MUSCLE in codes(refused)
    assert refused.swaps == ()


# -- rule 1: the cue fits the contraction; relaxed within every rep ------------------------------


@pytest.mark.parametrize(
    ("slug", "phrase", "never"),
    [
        ("clamshell", "end of each lowering phase", None),
        ("band-external-rotation", "end of each return phase", "lowering"),
        ("quad-set", "go completely between holds", "lowering"),
        ("supine-chin-nod", "fully between repetitions", "lowering"),
        ("abdominal-drawing-in", "fully between repetitions", "lowering"),
        ("90-90-breathing", "fully between repetitions", "lowering"),
    ],
)
def test_the_per_rep_cue_fits_the_contraction(
    catalog: Catalog, slug: str, phrase: str, never: str | None
) -> None:
    plan = run(catalog, [block(catalog, slug, id="x")])
    texts = " ".join(c.text for c in by_id(plan, "x").cues)
    assert phrase in texts
    if never:
        assert never not in texts  # no lowering phase the exercise does not have


def test_a_clamshell_is_marked_relaxed_within_every_rep_with_the_reason(
    catalog: Catalog
) -> None:
    """A clinician once saw a clamshell get no relaxation and thought the rule was broken."""
    plan = run(catalog, [block(catalog, "clamshell", side="left", id="clam")], {(GM, L): U})
    clam = by_id(plan, "clam")
    assert clam.relaxed_within_rep
    (mark,) = [c for c in clam.cues if c.rule is RuleId.RELAXED_WITHIN_REP]
    assert mark.text.startswith("Relaxed within every rep:")
    assert "warm-down finishes" in mark.text and "outer hip muscle" in mark.text
    assert [b.rule for b in autos(plan)] == [RuleId.WARM_DOWN]


@pytest.mark.parametrize(
    ("prefs", "relaxed_after"),
    [
        pytest.param(Preferences(), False, id="no-setting"),
        pytest.param(Preferences(relax_after_every_activation=True), True, id="every-muscle"),
        pytest.param(Preferences(relax_after_muscles=frozenset({GM})), True, id="this-muscle"),
        pytest.param(Preferences(relax_after_muscles=frozenset({"soleus"})), False,
                     id="another-muscle"),
    ],
)
def test_the_setting_adds_a_relaxation_after_every_activation(
    catalog: Catalog, prefs: Preferences, relaxed_after: bool
) -> None:
    plan = run(catalog, [block(catalog, "clamshell", side="left", id="clam"),
                         block(catalog, "hip-hike", side="left", id="hike")], preferences=prefs)
    added = autos(plan, RuleId.PER_REP_RELAX)
    assert [b.anchor for b in added] == (["clam", "hike"] if relaxed_after else [])
    assert all(b.muscles == (GM,) and b.side is BlockSide.LEFT for b in added)
    assert by_id(plan, "clam").relaxed_within_rep is not relaxed_after
    if relaxed_after:
        assert plan.blocks[1].rule is RuleId.PER_REP_RELAX  # right after the clamshell


# -- rule 2: the reciprocal-inhibition antagonist ------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "muscle", "tags", "tenderness", "cue"),
    [
        pytest.param("clamshell", GM, {}, {}, "press the knees lightly together",
                     id="gm-adductors"),
        pytest.param("clamshell", GM, {(ADD, L): OV}, {}, None, id="gm-adductors-overactive"),
        pytest.param("clamshell", GM, {(ADD, L): S}, {}, None, id="gm-adductors-spasm"),
        pytest.param("clamshell", GM, {(ADD, L): TE}, {(ADD, L): 3}, None,
                     id="gm-adductors-tender-grade-3"),
        pytest.param("terminal-knee-extension", "vastus-medialis", {}, {},
                     "press the heel lightly down and back", id="vm-hamstrings"),
        pytest.param("swiss-ball-hamstring-curl", "hamstrings", {}, {},
                     "tighten the front of the thigh slightly", id="hamstrings-quadriceps"),
        pytest.param("glute-bridge", "gluteus-maximus", {}, {},
                     "lift the thigh very slightly forward", id="gmax-hip-flexors"),
        pytest.param("glute-bridge", "gluteus-maximus", {("iliopsoas", L): T}, {}, None,
                     id="gmax-hip-flexors-tight"),
        pytest.param("supine-chin-nod", "deep-neck-flexors", {}, {}, None, id="dnf-none"),
    ],
)
def test_the_ri_antagonist_comes_from_the_catalog_and_is_skipped_when_a_problem(
    catalog: Catalog, slug: str, muscle: str, tags: Tags,
    tenderness: dict[tuple[str, Side], int], cue: str | None
) -> None:
    plan = run(catalog, [block(catalog, slug, [muscle], "left", ri=True, id="x")], tags,
               tenderness=tenderness)
    ri = [c.text for c in by_id(plan, "x").cues if c.rule is RuleId.RECIPROCAL_INHIBITION]
    if cue is None:
        assert ri == []
        assert {WarningCode.RECIPROCAL_INHIBITION_SKIPPED,
                WarningCode.RECIPROCAL_INHIBITION_NOT_APPLICABLE} & set(codes(plan))
    else:
        (text,) = ri
        assert cue in text


def test_ri_is_left_out_for_an_antagonist_just_released(catalog: Catalog) -> None:
    """The adductors released first (rule 6) are not tightened on cue right after."""
    plan = run(catalog, [block(catalog, "clamshell", side="left", ri=True, id="x")],
               {(GM, L): U, (ADD, L): T})
    assert autos(plan, RuleId.RELEASE_COMPENSATORS_FIRST)[0].muscles == (ADD,)
    assert not [c for c in by_id(plan, "x").cues if c.rule is RuleId.RECIPROCAL_INHIBITION]
    (warning,) = [w for w in plan.warnings if w.code is WarningCode.RECIPROCAL_INHIBITION_SKIPPED]
    assert "tagged tight" in warning.message or "just released" in warning.message


# -- rules 3-5: grouped, quick, combined ---------------------------------------------------------


def test_postural_sets_get_one_quick_block_for_the_worked_region(catalog: Catalog) -> None:
    """A side plank once got 3 x 20 s of ball work per muscle between sets."""
    plan = run(catalog, [block(catalog, "side-plank", side="left", id="plank")])
    (interset,) = autos(plan, RuleId.POSTURAL_INTERSET_RELAX)
    assert set(interset.muscles) == {QL, "external-oblique", "internal-oblique"}
    assert interset.dose == Dose(3, hold_seconds=20)
    family = catalog.exercises[interset.exercise].family
    assert family is TechniqueFamily.STRETCH  # a quick lengthening, not ball work


def test_an_explosive_run_gets_one_combined_block_per_region(catalog: Catalog) -> None:
    blocks = [block(catalog, slug, id=slug) for slug in ("box-jump", "squat-jump", "pogo-hops")]
    plan = run(catalog, blocks)
    after = autos(plan, RuleId.EXPLOSIVE_POST_RELAX)
    assert {b.anchor for b in after} == {"pogo-hops"}  # after the run, not after each jump
    areas = [{catalog.muscles[m].region for m in b.muscles} for b in after]
    assert len(after) <= 4 and all(len(a) <= 2 for a in areas)
    positions = [plan.blocks.index(b) for b in after]
    assert min(positions) > [b.id for b in plan.blocks].index("pogo-hops")


# -- rule 6: compensators, both sides where the pattern needs it ---------------------------------


@pytest.mark.parametrize(
    ("slug", "side", "tags", "released"),
    [
        pytest.param("clamshell", "left", {(GM, L): U, (TFL, L): OV, (QL, L): OV, (ADD, L): OV},
                     {(TFL, "left"), (QL, "left"), (ADD, "left")}, id="glute-med-pattern"),
        pytest.param("clamshell", "left", {(GM, L): U, (QL, R): OV},
                     {(QL, "right")}, id="ql-other-side"),
        pytest.param("clamshell", "left", {(GM, L): U, (TFL, R): OV}, set(),
                     id="tfl-other-side-not"),
        pytest.param("supine-chin-nod", "both",
                     {("deep-neck-flexors", L): U, ("deep-neck-flexors", R): U,
                      ("upper-trapezius", L): OV, ("upper-trapezius", R): OV},
                     {("upper-trapezius", "both")}, id="upper-crossed-midline"),
        pytest.param("clamshell", "both",
                     {(GM, L): U, (GM, R): U, (TFL, L): OV, (TFL, R): OV},
                     {(TFL, "both")}, id="bilateral"),
    ],
)
def test_compensators_are_released_first_on_the_sides_the_pattern_needs(
    catalog: Catalog, slug: str, side: str, tags: Tags, released: set[tuple[str, str]]
) -> None:
    plan = run(catalog, [block(catalog, slug, side=side, id="x")], tags)
    found = {(b.muscles[0], b.side.value) for b in autos(plan, RuleId.RELEASE_COMPENSATORS_FIRST)}
    assert found == released
    at = [b.id for b in plan.blocks].index("x")
    assert all(plan.blocks.index(b) < at for b in autos(plan, RuleId.RELEASE_COMPENSATORS_FIRST))
    assert WarningCode.COMPENSATOR_NOT_RELEASED_FIRST not in codes(plan)


def test_a_compensator_loaded_between_two_activations_warns(catalog: Catalog) -> None:
    tags = {(GM, L): U, (TFL, L): OV}
    tfl_work = next(e.slug for e in catalog.activations_for(TFL) if GM not in e.muscles)
    plan = run(catalog, [block(catalog, "clamshell", side="left"),
                         block(catalog, tfl_work, [TFL], "left", id="between"),
                         block(catalog, "hip-hike", side="left")], tags)
    (warning,) = [w for w in plan.warnings
                  if w.code is WarningCode.COMPENSATOR_BETWEEN_ACTIVATIONS]
    assert warning.block_id == "between" and "left TFL" in warning.message
    calm = run(catalog, [block(catalog, "clamshell", side="left"),
                         block(catalog, "hip-hike", side="left"),
                         block(catalog, tfl_work, [TFL], "left")], tags)
    assert WarningCode.COMPENSATOR_BETWEEN_ACTIVATIONS not in codes(calm)


# -- rule 7: the warm-down fits the regions trained ----------------------------------------------


@pytest.mark.parametrize(
    ("slugs", "warm_down"),
    [
        (["clamshell", "lateral-band-walk"], "walking-warm-down"),
        (["chin-tuck", "prone-y-raise"], "upper-body-shake-out-warm-down"),
        (["chin-tuck", "clamshell"], "full-body-breathing-warm-down"),
    ],
)
def test_the_warm_down_is_chosen_for_the_regions_trained(
    catalog: Catalog, slugs: list[str], warm_down: str
) -> None:
    plan = run(catalog, [block(catalog, s) for s in slugs])
    assert plan.blocks[-1].rule is RuleId.WARM_DOWN
    assert plan.blocks[-1].exercise == warm_down
    assert WarningCode.WARM_DOWN_WRONG_REGION not in codes(plan)


def test_a_warm_down_swapped_for_other_regions_warns(catalog: Catalog) -> None:
    blocks = [block(catalog, "clamshell", id="c")]
    warm = run(catalog, blocks).blocks[-1]
    swapped = run(catalog, blocks, overrides=[swap(warm, "upper-body-shake-out-warm-down")])
    assert swapped.blocks[-1].exercise == "upper-body-shake-out-warm-down"
    (warning,) = [w for w in swapped.warnings if w.code is WarningCode.WARM_DOWN_WRONG_REGION]
    assert "hip" in warning.message
    assert [(s.chosen, s.instead_of) for s in swapped.swaps] == [
        ("upper-body-shake-out-warm-down", "walking-warm-down")]


# -- rule 8: before sport ------------------------------------------------------------------------


def test_before_sport_relaxes_briefly_and_ends_switched_on(catalog: Catalog) -> None:
    """A 'before sport' session once ended in 12 minutes of inhibition."""
    blocks = [block(catalog, "clamshell", id="clam"), block(catalog, "lateral-band-walk"),
              block(catalog, "box-jump", id="jump"), block(catalog, "side-plank")]
    plan = run(catalog, blocks, pre_sport=True)
    assert not autos(plan, RuleId.WARM_DOWN)
    ready = autos(plan, RuleId.PRE_SPORT_READY)
    assert ready and plan.blocks[-len(ready):] == tuple(ready)
    assert all(b.dose.sets == 1 and (b.dose.reps or 0) <= 5 for b in ready)
    relaxing = [b for b in autos(plan) if catalog.exercises[b.exercise].kind.relaxes]
    assert relaxing and all(dose_seconds(b.dose) <= 60 for b in relaxing)
    assert all(catalog.exercises[b.exercise].family in (TechniqueFamily.STRETCH,
                                                        TechniqueFamily.MOVEMENT)
               for b in relaxing if b.rule is not RuleId.POSTURAL_INTERSET_RELAX)
    assert not by_id(plan, "clam").relaxed_within_rep
    assert WarningCode.WARM_DOWN_MISSING not in codes(plan)
    assert WarningCode.NO_RELAXATION_AFTER not in codes(plan)


def test_before_sport_never_re_activates_a_weak_muscle_explosively(catalog: Catalog) -> None:
    blocks = [block(catalog, "glute-bridge", id="bridge"), block(catalog, "box-jump", id="jump")]
    plan = run(catalog, blocks, {("gluteus-maximus", L): U}, strength={("gluteus-maximus", L): 3},
               pre_sport=True)
    assert {b.anchor for b in autos(plan, RuleId.PRE_SPORT_READY)} <= {"bridge"}
    assert WarningCode.EXPLOSIVE_ON_WEAK in codes(plan)


# -- rule 9: dose and the tightness flag ---------------------------------------------------------


def test_the_dose_is_summed_over_the_session_and_falls_with_mrc(catalog: Catalog) -> None:
    blocks = [block(catalog, s, side="left") for s in
              ("clamshell", "side-lying-wall-abduction", "hip-hike")]  # 60 reps of glute med
    assert WarningCode.DOSE_ABOVE_CEILING not in codes(run(catalog, blocks, {(GM, L): U}))
    weak = run(catalog, blocks, {(GM, L): U}, strength={(GM, L): 3})
    (warning,) = [w for w in weak.warnings if w.code is WarningCode.DOSE_ABOVE_CEILING]
    assert "MRC 3" in warning.message and warning.block_id == blocks[-1].id


FLAG = Flag("soleus", L, "Left soleus was activated on 3 Mar 2026 and its tightness rose.")


@pytest.mark.parametrize(
    ("responses", "relaxations", "proposal_pending"),
    [
        pytest.param((), 0, True, id="proposed-never-applied"),
        pytest.param((ProposalResponse("soleus", L, True, "agreed"),), 2, False, id="accepted"),
        pytest.param((ProposalResponse("soleus", L, False, "a match on Sunday"),), 0, False,
                     id="dismissed"),
    ],
)
def test_a_standing_flag_is_proposed_and_applied_only_when_accepted(
    catalog: Catalog, responses: tuple[ProposalResponse, ...], relaxations: int,
    proposal_pending: bool
) -> None:
    blocks = [block(catalog, "bent-knee-calf-raise", side="left", id="a"),
              block(catalog, "clamshell", side="left"),
              block(catalog, "bent-knee-calf-raise", side="left", id="b")]
    plan = run(catalog, blocks, {("soleus", L): U}, flags=[FLAG], responses=responses)
    (proposal,) = plan.proposals
    assert proposal.pending is proposal_pending
    assert proposal.activations == ("a", "b")
    assert "lower the dose" in proposal.text
    added = autos(plan, RuleId.DOSE_BELOW_FAILURE)
    assert len(added) == relaxations
    assert [b.anchor for b in added] == (["a", "b"] if relaxations else [])
    assert all(b.muscles == ("soleus",) for b in added)


def test_accepting_lowers_the_dose_of_the_activations() -> None:
    assert lowered(Dose(3, 12, rest_seconds=45)) == Dose(2, 8, rest_seconds=45)
    assert lowered(Dose(2, hold_seconds=30)) == Dose(2, hold_seconds=20)
    assert lowered(Dose(1, 3)) == Dose(1, 3)  # never below a few reps


# -- a whole session ---------------------------------------------------------------------------


def test_a_24_exercise_session_stays_a_session(catalog: Catalog) -> None:
    """24 exercises once became 55 blocks, about 90 minutes."""
    slugs = ["clamshell", "lateral-band-walk", "hip-hike", "side-plank", "glute-bridge",
             "monster-walk", "single-leg-stance", "calf-raise", "soleus-wall-hold", "bird-dog",
             "dead-bug", "chin-tuck", "prone-y-raise", "band-pull-apart", "wall-angel",
             "serratus-punch", "face-pull", "side-lying-external-rotation", "step-up",
             "split-squat", "terminal-knee-extension", "tibialis-raise", "front-plank",
             "pallof-press"]
    tags = {(GM, L): U, (GM, R): U, (TFL, L): OV, (QL, L): OV, ("upper-trapezius", L): OV,
            ("deep-neck-flexors", L): U, ("deep-neck-flexors", R): U}
    plan = run(catalog, [block(catalog, s) for s in slugs], tags)
    assert len(plan.blocks) < 50
    minutes = plan.estimated_duration_seconds() / 60
    too_long = [w for w in plan.warnings if w.code is WarningCode.SESSION_TOO_LONG]
    assert bool(too_long) is (minutes > 45)
    assert too_long and "limit of 45" in too_long[0].message
    relaxing = sum(dose_seconds(b.dose) for b in plan.blocks
                   if catalog.exercises[b.exercise].kind.relaxes)
    assert relaxing < plan.estimated_duration_seconds() / 2  # relaxation does not swallow it
    # a higher limit of the clinician's own: no warning
    roomy = run(catalog, [block(catalog, s) for s in slugs], tags,
                preferences=Preferences(session_limit_minutes=240))
    assert WarningCode.SESSION_TOO_LONG not in codes(roomy)


def test_dismissed_blocks_stay_dismissed_and_warn(catalog: Catalog) -> None:
    blocks = [block(catalog, "lateral-band-walk", side="left", id="walk")]
    plan = run(catalog, blocks)
    relax = autos(plan, RuleId.SUSTAINED_RELAX)[0]
    gone = run(catalog, blocks, dismissals=[dismiss(relax, "done in clinic")])
    assert not autos(gone, RuleId.SUSTAINED_RELAX)
    (warning,) = [w for w in gone.warnings if w.code is WarningCode.RELAXATION_DISMISSED]
    assert "done in clinic" in warning.message and not warning.safety


def test_people_read_sentences_never_rule_ids(catalog: Catalog) -> None:
    blocks = [block(catalog, s) for s in ("clamshell", "lateral-band-walk", "side-plank",
                                          "box-jump")]
    plan = run(catalog, blocks, {(GM, L): U, (TFL, L): OV}, pre_sport=True)
    texts = [b.reason for b in plan.blocks] + [c.text for b in plan.blocks for c in b.cues]
    texts += [w.message for w in plan.warnings]
    ids = [r.value for r in RuleId if "-" in r.value and r is not RuleId.WARM_DOWN]
    assert not [t for t in texts for rule in ids if rule in t]
