"""Invariants of the engine on the shipped catalog, over random sessions, assessments (spasm,
tenderness grades, MRC strength), preferences and flags: the safety facts hold whatever the
clinician places."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import (
    Assessment,
    Block,
    BlockSide,
    Flag,
    Preferences,
    ProposalResponse,
    RuleId,
    SessionPlan,
    sequence,
)
from equitone.domain.sequencing.facts import facts_of
from equitone.domain.sequencing.inputs import patient_name
from equitone.domain.techniques import Suitability
from equitone.domain.types import Dose, Side, ToneState
from equitone.services.catalog import shipped_catalog

from .test_sequencing_properties import check_followed_or_marked

CATALOG: Catalog = shipped_catalog()
TRAINING = sorted(e.slug for e in CATALOG.exercises.values() if e.kind.trains)
MODALITIES = sorted(e.slug for e in CATALOG.exercises.values() if e.muscle_parameter)
NAMED = sorted(e.slug for e in CATALOG.exercises.values()
               if e.kind.relaxes and not e.muscle_parameter)
# the muscles the method's presentations revolve around, and the ones pressure must avoid
MUSCLES = ("gluteus-medius", "tensor-fasciae-latae", "quadratus-lumborum", "hip-adductors",
           "gluteus-maximus", "iliopsoas", "rectus-femoris", "hamstrings", "soleus",
           "gastrocnemius", "deep-neck-flexors", "upper-trapezius", "levator-scapulae",
           "scalenes", "sternocleidomastoid", "pectoralis-minor", "lower-trapezius",
           "transversus-abdominis", "diaphragm", "sartorius", "vastus-medialis")
SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def sessions(draw: st.DrawFn) -> tuple[list[Block], Assessment, Preferences, bool,
                                       list[Flag], list[ProposalResponse]]:
    blocks: list[Block] = []
    for n in range(draw(st.integers(1, 14), label="blocks")):
        slug = draw(st.sampled_from(TRAINING * 3 + NAMED + MODALITIES))
        exercise = CATALOG.exercises[slug]
        if exercise.muscle_parameter:
            muscles: tuple[str, ...] = (draw(st.sampled_from(exercise.muscles)),)
        else:
            muscles = tuple(draw(st.lists(st.sampled_from(exercise.muscles), min_size=1,
                                          unique=True)))
        dose = Dose(draw(st.integers(1, 4)), draw(st.none() | st.integers(3, 15)),
                    draw(st.none() | st.integers(5, 40)))
        blocks.append(Block(f"b{n}", slug, muscles, draw(st.sampled_from(list(BlockSide))),
                            dose, reciprocal_inhibition=draw(st.booleans())))
    keys = st.tuples(st.sampled_from(MUSCLES), st.sampled_from(list(Side)))
    tags = draw(st.dictionaries(keys, st.frozensets(st.sampled_from(list(ToneState)),
                                                    min_size=1, max_size=2)), label="tags")
    tenderness = draw(st.dictionaries(keys, st.integers(0, 4)), label="tenderness")
    strength = draw(st.dictionaries(keys, st.integers(0, 5)), label="strength")
    assessment = Assessment.of(tags, tenderness=tenderness, strength=strength)
    techniques = st.sampled_from(MODALITIES + NAMED)
    preferences = Preferences(
        patient=tuple(draw(st.lists(techniques, max_size=2))),
        clinic=tuple(draw(st.lists(techniques, max_size=1))),
        clinician_present=draw(st.booleans()),
        relax_after_every_activation=draw(st.booleans()),
        relax_after_muscles=frozenset(draw(st.lists(st.sampled_from(MUSCLES), max_size=3))),
    )
    flagged = draw(st.lists(keys, max_size=2, unique=True), label="flags")
    flags = [Flag(m, s, f"{m} was tighter.") for m, s in flagged]
    responses = [ProposalResponse(m, s, draw(st.booleans()), "because")
                 for m, s in flagged if draw(st.booleans())]
    return blocks, assessment, preferences, draw(st.booleans()), flags, responses


def _run(blocks: list[Block], assessment: Assessment, preferences: Preferences,
         pre_sport: bool, flags: list[Flag], responses: list[ProposalResponse]) -> SessionPlan:
    return sequence(blocks, catalog=CATALOG, assessment=assessment, preferences=preferences,
                    pre_sport=pre_sport, flags=flags, responses=responses)


@SETTINGS
@given(case=sessions())
def test_no_contraindicated_or_ungentle_technique_is_ever_chosen_automatically(
    case: tuple[list[Block], Assessment, Preferences, bool, list[Flag],
                list[ProposalResponse]],
) -> None:
    plan = _run(*case)
    assessment = case[1]
    for block in plan.blocks:
        exercise = CATALOG.exercises[block.exercise]
        if not block.auto or not exercise.kind.relaxes or block.rule is RuleId.WARM_DOWN:
            continue
        for muscle in block.muscles:
            assert muscle in exercise.muscles
            for side in block.side.sides:
                grade = assessment.tender_grade(muscle, side)
                fit = CATALOG.suitability(exercise.slug, muscle, tenderness=grade)
                assert fit.level is not Suitability.CONTRAINDICATED, (exercise.slug, muscle)
                if assessment.has(muscle, side, ToneState.SPASM):
                    assert exercise.family is not None and exercise.family.gentle


@SETTINGS
@given(case=sessions())
def test_no_reciprocal_inhibition_cue_names_a_muscle_in_spasm_or_overactive(
    case: tuple[list[Block], Assessment, Preferences, bool, list[Flag],
                list[ProposalResponse]],
) -> None:
    plan = _run(*case)
    assessment = case[1]
    for block in plan.blocks:
        cues = [c.text for c in block.cues if c.rule is RuleId.RECIPROCAL_INHIBITION]
        for text in cues:
            targets = [m for m in block.muscles if f"your {patient_name(CATALOG, m)} must" in text]
            assert targets, text
            for muscle in targets:
                antagonist = CATALOG.ri_antagonist(muscle).antagonist
                assert antagonist is not None
                for side in block.side.sides:
                    assert not assessment.has(antagonist, side, ToneState.SPASM,
                                              ToneState.OVERACTIVE, ToneState.TIGHT)


@SETTINGS
@given(case=sessions())
def test_every_activation_is_relaxed_after_or_within_every_rep_and_nothing_moves(
    case: tuple[list[Block], Assessment, Preferences, bool, list[Flag],
                list[ProposalResponse]],
) -> None:
    blocks = case[0]
    plan = _run(*case)
    facts = [facts_of(b, CATALOG) for b in plan.blocks]
    check_followed_or_marked(plan, facts, ())
    # idempotent, and the clinician's blocks keep their order and their doses
    assert _run(list(plan.blocks), *case[1:]) == plan
    mine = [b for b in plan.blocks if not b.auto]
    assert [(b.id, b.exercise, b.muscles, b.side, b.dose) for b in mine] == [
        (b.id, b.exercise, b.muscles, b.side, b.dose) for b in blocks]
