"""The clinical review's catalog corrections, one test each, against the shipped catalog."""

from __future__ import annotations

import pytest

from equitone.domain.catalog import Catalog
from equitone.domain.techniques import Suitability
from equitone.domain.types import JandaType, Layer, View
from equitone.services.catalog import shipped_catalog

C, P, S = Suitability.CONTRAINDICATED, Suitability.PRECAUTION, Suitability.SUITABLE


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


@pytest.mark.parametrize(
    ("technique", "muscle", "level"),
    [
        ("myofascial-release", "deep-neck-flexors", C),
        ("myofascial-release", "transversus-abdominis", C),
        ("lacrosse-ball-release", "hip-adductors", C),
        ("lacrosse-ball-release", "sartorius", C),
        ("lacrosse-ball-release", "pectoralis-minor", P),
        ("lacrosse-ball-release", "serratus-anterior", P),
        ("lacrosse-ball-release", "quadratus-lumborum", P),
    ],
)
def test_modality_corrections(
    catalog: Catalog, technique: str, muscle: str, level: Suitability
) -> None:
    fit = catalog.suitability(technique, muscle)
    assert fit.level is level
    assert fit.note  # a precaution shows its text, a contraindication its reason
    if level is C:
        # nor is it offered: the engine only picks from the technique's own muscles
        assert muscle not in catalog.exercise(technique).muscles
    else:
        assert muscle in catalog.exercise(technique).muscles


def test_quadratus_lumborum_ball_goes_on_the_outer_edge(catalog: Catalog) -> None:
    note = catalog.suitability("lacrosse-ball-release", "quadratus-lumborum").note
    assert "outer edge" in note and "flank" in note
    text = catalog.technique_text("lacrosse-ball-release", "quadratus-lumborum")
    assert "just above the pelvis" in text and "not into the flank" in text


def test_lacrosse_ball_instruction_avoids_what_it_must(catalog: Catalog) -> None:
    text = catalog.exercise("lacrosse-ball-release").instruction.lower()
    assert "placed on the tender spot" not in text
    for must in ("bone", "nerves", "jump or pull away", "tingling", "stop"):
        assert must in text, must


@pytest.mark.parametrize(
    ("exercise", "muscle"),
    [("butterfly-stretch", "sartorius"), ("kneeling-shin-stretch", "fibularis")],
)
def test_stretch_does_not_claim_a_muscle_it_misses(
    catalog: Catalog, exercise: str, muscle: str
) -> None:
    assert muscle not in catalog.exercise(exercise).muscles


def test_pogo_hops_are_short_stiff_contacts(catalog: Catalog) -> None:
    text = catalog.exercise("pogo-hops").instruction.lower()
    assert "stiff" in text and "quick" in text and "short" in text
    assert "move through full range" not in text


def test_wall_biceps_stretch_is_thumb_down(catalog: Catalog) -> None:
    text = catalog.exercise("wall-biceps-stretch").instruction.lower()
    assert "thumb pointing down" in text and "thumb up" not in text


def test_upper_trap_stretch_says_which_ear_to_which_shoulder(catalog: Catalog) -> None:
    text = catalog.exercise("upper-trap-stretch").instruction.lower()
    assert "right hand and tip your left ear towards your left shoulder" in text
    assert "tip the right ear towards the right shoulder" in text


def test_scalene_stretch_stops_on_dizziness_or_arm_symptoms(catalog: Catalog) -> None:
    text = catalog.exercise("scalene-stretch").instruction.lower()
    assert "stop" in text and "dizzy" in text and "arm" in text
    fit = catalog.suitability("scalene-stretch", "scalenes")
    assert fit.level is P and "dizziness" in fit.note


def test_levator_scapulae_is_deep_and_not_opposed_by_its_synergists(catalog: Catalog) -> None:
    levator = catalog.muscle("levator-scapulae")
    assert levator.layer is Layer.DEEP
    assert not {"sternocleidomastoid", "scalenes"} & set(levator.antagonists)
    assert levator.antagonists  # still opposed by the scapular depressors
    assert "levator-scapulae" not in catalog.muscle("sternocleidomastoid").antagonists
    assert "levator-scapulae" not in catalog.muscle("scalenes").antagonists


@pytest.mark.parametrize("muscle", ["middle-trapezius", "lower-trapezius", "rhomboids"])
def test_upper_crossed_lists_pectoralis_major(catalog: Catalog, muscle: str) -> None:
    assert "pectoralis-major" in catalog.muscle(muscle).compensators


def test_lower_crossed_lists_rectus_femoris_for_glute_max(catalog: Catalog) -> None:
    assert "rectus-femoris" in catalog.muscle("gluteus-maximus").compensators


def test_quadratus_lumborum_side_bend_antagonists(catalog: Catalog) -> None:
    # the muscle naming itself means the same muscle on the other side
    assert set(catalog.muscle("quadratus-lumborum").antagonists) == {
        "quadratus-lumborum", "external-oblique", "internal-oblique",
    }


def test_tibialis_anterior_lifts_the_foot_not_the_toes(catalog: Catalog) -> None:
    text = catalog.muscle("tibialis-anterior").description.lower()
    assert "dorsiflexion" in text and "toes" not in text


JANDA_POSTURAL = {
    "sternocleidomastoid", "upper-trapezius", "levator-scapulae", "scalenes", "suboccipitals",
    "pectoralis-major", "pectoralis-minor", "biceps-brachii", "brachioradialis", "wrist-flexors",
    "erector-spinae", "quadratus-lumborum", "iliopsoas", "piriformis", "tensor-fasciae-latae",
    "hip-adductors", "rectus-femoris", "hamstrings", "gastrocnemius", "soleus",
    "tibialis-posterior",
}
JANDA_PHASIC = {
    "middle-trapezius", "lower-trapezius", "rhomboids", "serratus-anterior", "triceps-brachii",
    "wrist-extensors", "rectus-abdominis", "external-oblique", "internal-oblique",
    "gluteus-maximus", "gluteus-medius", "gluteus-minimus", "vastus-lateralis",
    "vastus-medialis", "tibialis-anterior", "fibularis", "deep-neck-flexors",
}


def test_janda_labels_only_where_janda_classified(catalog: Catalog) -> None:
    labels = {slug: m.janda for slug, m in catalog.muscles.items()}
    assert {s for s, j in labels.items() if j is JandaType.POSTURAL} == JANDA_POSTURAL
    assert {s for s, j in labels.items() if j is JandaType.PHASIC} == JANDA_PHASIC
    unclassified = {s for s, j in labels.items() if j is JandaType.UNCLASSIFIED}
    assert {"transversus-abdominis", "multifidus", "diaphragm", "sartorius",
            "supraspinatus", "latissimus-dorsi"} <= unclassified


def test_antagonists_are_symmetric(catalog: Catalog) -> None:
    for slug, muscle in catalog.muscles.items():
        for other in muscle.antagonists:
            assert slug in catalog.muscle(other).antagonists, (slug, other)


@pytest.mark.parametrize(
    ("muscle", "antagonist"),
    [
        ("gluteus-medius", "hip-adductors"),
        ("vastus-medialis", "hamstrings"),
        ("hamstrings", "vastus-medialis"),
        ("gluteus-maximus", "iliopsoas"),
        ("deep-neck-flexors", None),
    ],
)
def test_reciprocal_inhibition_follows_the_method(
    catalog: Catalog, muscle: str, antagonist: str | None
) -> None:
    choice = catalog.ri_antagonist(muscle)
    assert choice.antagonist == antagonist
    assert choice.reason


def test_every_muscle_has_a_considered_ri_choice(catalog: Catalog) -> None:
    for slug, muscle in catalog.muscles.items():
        choice = catalog.ri_antagonist(slug)
        if choice.antagonist is None:
            assert choice.reason and not choice.cue, slug
        else:
            # chosen from the anatomical opponents, and never one of its own compensators
            assert choice.antagonist in muscle.antagonists, slug
            # the method's own two examples name a compensator, to be left out when it is a
            # problem (adductors overactive or tender; hip flexors tight)
            assert choice.antagonist not in muscle.compensators or slug in (
                "gluteus-medius", "gluteus-maximus",
            ), slug
            assert choice.cue and not choice.cue.endswith("."), slug
    # the glute med cue names the condition under which the engine must leave it out
    assert "overactive or tender" in catalog.ri_antagonist("gluteus-medius").reason


def test_every_muscle_has_plain_words_for_the_patient(catalog: Catalog) -> None:
    for muscle in catalog.muscles.values():
        assert muscle.plain_name and muscle.plain_name == muscle.plain_name.lower(), muscle.slug
    assert catalog.muscle("gluteus-medius").patient_name == "outer hip muscle (gluteus medius)"
    shorthand = {"glute", "tfl", "ql", "traps", "delt", "scm", "vmo", "lats", "abs"}
    for muscle in catalog.muscles.values():
        assert not shorthand & set(muscle.plain_name.split()), muscle.plain_name


def test_views_fixed_where_the_art_draws_the_muscle(catalog: Catalog) -> None:
    assert View.FRONT in catalog.muscle("latissimus-dorsi").views
    assert catalog.muscle("gluteus-minimus").views == (View.BACK,)
    assert catalog.muscle("iliopsoas").layer is Layer.DEEP
