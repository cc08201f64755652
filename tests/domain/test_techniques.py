"""Where relaxation techniques may go, and their per-muscle card texts.

The shipped catalog is checked against the method's safety list; a tiny hand-made catalog
checks that bad technique data is refused with a message that names the culprit.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from equitone.domain.catalog import Catalog, CatalogError, parse_catalog, parse_exercise
from equitone.domain.techniques import Suitability
from equitone.domain.types import ExerciseKind, Pressure, TechniqueFamily
from equitone.services.catalog import shipped_catalog

C, P, S = Suitability.CONTRAINDICATED, Suitability.PRECAUTION, Suitability.SUITABLE
PRESSURE_TOOLS = (
    "lacrosse-ball-release", "foam-roll", "myofascial-release", "active-release-technique",
)
MODALITIES = (
    *PRESSURE_TOOLS, "active-stretch", "post-isometric-relaxation", "strain-counterstrain",
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


# ---------------------------------------------------------------------------- completeness
def test_every_technique_muscle_pair_has_an_answer(catalog: Catalog) -> None:
    pairs = list(catalog.technique_pairs())
    relaxing = [e for e in catalog.exercises.values() if e.kind.relaxes]
    expected = sum(len(catalog.muscles) if e.muscle_parameter else len(e.muscles) for e in relaxing)
    assert len(pairs) == expected > 7 * 51
    levels = {S: 0, P: 0, C: 0}
    for exercise, muscle in pairs:
        fit = catalog.suitability(exercise.slug, muscle.slug)
        levels[fit.level] += 1
        assert fit.rule
        assert (fit.level is S) or fit.note.strip(), (exercise.slug, muscle.slug)
    assert all(levels.values()), levels  # the table really distinguishes


def test_every_shipped_relaxation_states_its_family(catalog: Catalog) -> None:
    from equitone.services.catalog import _shipped_documents

    _digest, _muscles, exercises = _shipped_documents()
    for entry in exercises["exercises"]:
        if ExerciseKind(entry["kind"]).relaxes:
            assert entry.get("family"), entry["slug"]
        else:
            assert "family" not in entry, entry["slug"]


def test_no_technique_lists_a_muscle_it_must_not_go_on(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        if exercise.kind.relaxes:
            for muscle in exercise.muscles:
                assert catalog.suitability(exercise.slug, muscle).allowed, (exercise.slug, muscle)


# ---------------------------------------------------------------------------- the safety list
@pytest.mark.parametrize("technique", PRESSURE_TOOLS)
@pytest.mark.parametrize(
    "muscle",
    ["sternocleidomastoid", "scalenes", "deep-neck-flexors",  # anterior neck
     "sartorius",  # femoral triangle and adductor canal
     "diaphragm", "transversus-abdominis"],  # cannot be released by pressure
)
def test_pressure_never_goes_there(catalog: Catalog, technique: str, muscle: str) -> None:
    fit = catalog.suitability(technique, muscle)
    assert fit.level is C and fit.note


@pytest.mark.parametrize("muscle", ["diaphragm", "transversus-abdominis", "deep-neck-flexors"])
@pytest.mark.parametrize("technique", ["active-stretch", "post-isometric-relaxation"])
def test_muscles_that_cannot_be_released_are_not_stretched_either(
    catalog: Catalog, technique: str, muscle: str
) -> None:
    assert catalog.suitability(technique, muscle).level is C


def test_what_those_muscles_get_instead(catalog: Catalog) -> None:
    def allowed(muscle: str) -> set[str]:
        return {e.slug for e in catalog.relaxations_for(muscle)
                if catalog.suitability(e.slug, muscle).allowed}

    assert "diaphragmatic-breathing" in allowed("diaphragm")
    assert {"diaphragmatic-breathing", "psoas-rest-position"} <= allowed("transversus-abdominis")
    assert {"supported-neck-rest", "strain-counterstrain"} <= allowed("deep-neck-flexors")
    assert catalog.suitability("strain-counterstrain", "deep-neck-flexors").level is P


def test_adductors_get_a_roller_or_the_rock_back_not_a_ball(catalog: Catalog) -> None:
    assert catalog.suitability("lacrosse-ball-release", "hip-adductors").level is C
    roller = catalog.suitability("foam-roll", "hip-adductors")
    assert roller.level is P and "groin" in roller.note
    assert catalog.suitability("adductor-rock-back", "hip-adductors").level is S


@pytest.mark.parametrize(
    ("muscle", "words"),
    [("hamstrings", "behind the knee"), ("gastrocnemius", "behind the knee"),
     ("tibialis-anterior", "shin bone"), ("erector-spinae", "bony bumps"),
     ("piriformis", "sciatic"), ("fibularis", "nerve")],
)
def test_pressure_near_nerves_and_bone_is_a_precaution(
    catalog: Catalog, muscle: str, words: str
) -> None:
    for technique in PRESSURE_TOOLS:
        fit = catalog.suitability(technique, muscle)
        assert fit.level is P and words in fit.note, technique


def test_belly_and_neck_rules_apply_by_region(catalog: Catalog) -> None:
    for muscle in ("rectus-abdominis", "external-oblique", "internal-oblique"):
        fit = catalog.suitability("lacrosse-ball-release", muscle)
        assert fit.level is C and fit.rule == "belly-no-tools"
        assert catalog.suitability("myofascial-release", muscle).level is S
    assert catalog.suitability("foam-roll", "upper-trapezius").rule == "neck-no-roller"
    assert catalog.suitability("lacrosse-ball-release", "upper-trapezius").level is S


@pytest.mark.parametrize("grade", [3, 4])
def test_no_pressure_into_a_grade_three_or_four_tender_spot(catalog: Catalog, grade: int) -> None:
    ball = catalog.suitability("lacrosse-ball-release", "upper-trapezius", tenderness=grade)
    assert ball.level is C and "III-IV" in ball.note
    touch = catalog.suitability("strain-counterstrain", "upper-trapezius", tenderness=grade)
    assert touch.level is P
    stretch = catalog.suitability("upper-trap-stretch", "upper-trapezius", tenderness=grade)
    assert stretch.level is S
    # a worse answer for the muscle itself is kept
    neck = catalog.suitability("strain-counterstrain", "scalenes", tenderness=grade)
    assert neck.rule == "anterior-neck-light-touch"


def test_milder_tenderness_changes_nothing(catalog: Catalog) -> None:
    for grade in (None, 0, 1, 2):
        fit = catalog.suitability("lacrosse-ball-release", "upper-trapezius", tenderness=grade)
        assert fit.level is S


def test_families_say_gentle_and_pressure(catalog: Catalog) -> None:
    family = {slug: catalog.exercise(slug).family for slug in MODALITIES}
    assert family["lacrosse-ball-release"] is TechniqueFamily.BALL
    gentle = {slug for slug, f in family.items() if f is not None and f.gentle}
    assert gentle == {"post-isometric-relaxation", "strain-counterstrain"}
    assert TechniqueFamily.POSITIONAL.gentle and TechniqueFamily.BREATHING.gentle
    assert not TechniqueFamily.STRETCH.gentle and not TechniqueFamily.MOVEMENT.gentle
    assert TechniqueFamily.BALL.pressure is Pressure.FIRM
    assert TechniqueFamily.COUNTERSTRAIN.pressure is Pressure.LIGHT
    assert TechniqueFamily.PIR.pressure is Pressure.NONE


def test_every_muscle_has_a_gentle_and_a_pressure_free_option(catalog: Catalog) -> None:
    """Spasm needs something gentle; a grade III-IV tender muscle something without pressure."""
    for muscle in catalog.muscles:
        options = [e for e in catalog.relaxations_for(muscle)
                   if catalog.suitability(e.slug, muscle, tenderness=4).allowed]
        assert any(e.family is not None and e.family.gentle for e in options), muscle
        assert any(e.family is not None and e.family.pressure is Pressure.NONE
                   for e in options), muscle


def test_every_muscle_has_a_relaxation_beyond_the_generic_modalities(catalog: Catalog) -> None:
    for muscle in catalog.muscles:
        own = [e.slug for e in catalog.relaxations_for(muscle)
               if not e.muscle_parameter and e.kind is not ExerciseKind.WARM_DOWN]
        assert own, muscle


@pytest.mark.parametrize(
    ("exercise", "muscle"),
    [("scalene-stretch", "scalenes"), ("half-kneeling-hip-flexor-stretch", "iliopsoas"),
     ("adductor-rock-back", "hip-adductors"), ("seated-ankle-inversion-stretch", "fibularis"),
     ("shoulder-blade-hug-stretch", "lower-trapezius"),
     ("behind-back-shoulder-stretch", "lateral-deltoid")],
)
def test_specific_techniques_are_marked_as_made_for_their_muscle(
    catalog: Catalog, exercise: str, muscle: str
) -> None:
    assert muscle in catalog.exercise(exercise).made_for
    assert not catalog.exercise("active-stretch").made_for


# ---------------------------------------------------------------------------- card texts
def test_every_modality_has_its_own_text_for_every_muscle_it_lists(catalog: Catalog) -> None:
    for slug in MODALITIES:
        exercise = catalog.exercise(slug)
        texts = {m: catalog.technique_text(slug, m) for m in exercise.muscles}
        for muscle, text in texts.items():
            assert text != exercise.instruction, (slug, muscle)
            lowered = text.lower()
            assert "same as" not in lowered and "move the joint" not in lowered
            assert "{" not in text and "  " not in text, (slug, muscle)
        assert len(set(texts.values())) == len(texts), slug  # never one text for two muscles


def test_technique_text_reads_like_the_brief_example(catalog: Catalog) -> None:
    text = catalog.technique_text("lacrosse-ball-release", "quadratus-lumborum")
    assert text.startswith("Lie on your back with knees bent and the ball at the side of your")
    pir = catalog.technique_text("post-isometric-relaxation", "upper-trapezius")
    assert "10-20%" in pir and "Tip your head away" in pir
    art = catalog.technique_text("active-release-technique", "upper-trapezius")
    assert "You lie on your back or face down; the clinician works along the top" in art


def test_fixed_exercises_keep_their_own_instruction(catalog: Catalog) -> None:
    exercise = catalog.exercise("scalene-stretch")
    assert catalog.technique_text("scalene-stretch", "scalenes") == exercise.instruction
    assert catalog.technique_text("lacrosse-ball-release") == \
        catalog.exercise("lacrosse-ball-release").instruction


# ---------------------------------------------------------------------------- bad data
def _docs() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    muscles = {"muscles": [
        {"slug": "neck", "name": "Neck", "region": "head-neck", "layer": "deep", "views": ["front"],
         "janda": "unclassified"},
        {"slug": "calf", "name": "Calf", "region": "lower-leg", "layer": "superficial",
         "views": ["back"], "janda": "postural", "ri_antagonist": "neck", "ri_cue": "Nod"},
    ]}
    exercises = {"exercises": [
        {"slug": "ball", "name": "Ball", "kind": "relaxation", "muscles": ["calf"],
         "muscle_parameter": True, "performer": "self", "dose": {"hold_seconds": 60},
         "family": "ball"},
        {"slug": "calf-stretch", "name": "Calf stretch", "kind": "stretch", "muscles": ["calf"],
         "performer": "self", "dose": {"hold_seconds": 30}, "family": "stretch",
         "made_for": ["calf"]},
    ]}
    techniques = {
        "rules": [
            {"id": "anywhere", "families": ["ball", "stretch"], "level": "suitable"},
            {"id": "no-neck", "families": ["ball"], "muscles": ["neck"],
             "level": "contraindicated", "note": "Not the neck."},
        ],
        "templates": {"ball": "{ball} Breathe."},
        "muscles": {"calf": {"ball": "Sit on it."}},
    }
    return muscles, exercises, techniques


def test_tiny_catalog_resolves() -> None:
    muscles, exercises, techniques = _docs()
    catalog = parse_catalog(muscles, exercises, techniques_doc=techniques)
    assert catalog.suitability("ball", "neck").level is C
    assert catalog.technique_text("ball", "calf") == "Sit on it. Breathe."
    assert catalog.ri_antagonist("calf").antagonist == "neck"


def _break(edit: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    docs = copy.deepcopy(_docs())
    edit(*docs)
    return docs


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m, e, t: t["rules"].pop(0),
         "no technique rule says whether 'ball' may go on 'calf'"),
        (lambda m, e, t: e["exercises"][0]["muscles"].append("neck"),
         "'ball' lists 'neck', where rule 'no-neck' forbids it"),
        (lambda m, e, t: t["muscles"].pop("calf"), "'ball' on 'calf' needs text field(s) ['ball']"),
        (lambda m, e, t: t["templates"].update(ball="{elbow}"), "unknown field(s) ['elbow']"),
        (lambda m, e, t: t["rules"].append({"id": "x", "level": "suitable"}),
         "give either 'families' or 'techniques'"),
        (lambda m, e, t: t["rules"].append(
            {"id": "x", "families": ["ball"], "regions": ["hip"], "muscles": ["calf"],
             "level": "suitable"}), "not both"),
        (lambda m, e, t: t["rules"].append(
            {"id": "x", "families": ["ball"], "level": "precaution"}), "needs a note"),
        (lambda m, e, t: t["rules"].append(
            {"id": "x", "families": ["kettle"], "level": "suitable"}), "'kettle'"),
        (lambda m, e, t: t["rules"].append(
            {"id": "x", "families": ["ball"], "muscles": ["spleen"], "level": "suitable"}),
         "unknown muscle(s) ['spleen']"),
        (lambda m, e, t: t["rules"].append(
            {"id": "y", "families": ["stretch"], "level": "precaution", "note": "Careful."}),
         "rules anywhere, y disagree"),
        (lambda m, e, t: t["rules"].append(t["rules"][0]), "listed twice"),
        (lambda m, e, t: m["muscles"][1].update(ri_antagonist="calf"), "reciprocal-inhibition"),
        (lambda m, e, t: e["exercises"][1].update(made_for=["neck"]), "made for ['neck']"),
    ],
)
def test_bad_technique_data_is_refused_by_name(edit: Any, message: str) -> None:
    muscles, exercises, techniques = _break(edit)
    with pytest.raises(CatalogError) as caught:
        parse_catalog(muscles, exercises, techniques_doc=techniques)
    assert message in str(caught.value)


def test_a_clinicians_own_technique_is_judged_by_its_inferred_family() -> None:
    muscles, exercises, techniques = _docs()
    own = parse_exercise(
        {"slug": "my-ball", "name": "My ball", "kind": "relaxation", "muscles": ["neck", "calf"],
         "muscle_parameter": True, "performer": "self", "dose": {"hold_seconds": 60},
         "equipment": ["lacrosse ball"]},
        custom=True,
    )
    # a custom technique listing a forbidden muscle still loads; the answer says why not
    catalog = parse_catalog(muscles, exercises, [own], techniques_doc=techniques)
    assert catalog.exercise("my-ball").family is TechniqueFamily.BALL
    assert catalog.suitability("my-ball", "neck").level is C
    assert catalog.technique_text("my-ball", "calf") == ""  # its own (empty) instruction


def test_unknown_names_and_non_relaxations_are_clear() -> None:
    muscles, exercises, techniques = _docs()
    exercises["exercises"].append(
        {"slug": "hop", "name": "Hop", "kind": "explosive", "muscles": ["calf"],
         "performer": "self", "dose": {"reps": 5}})
    catalog = parse_catalog(muscles, exercises, techniques_doc=techniques)
    with pytest.raises(CatalogError, match="not a relaxation technique"):
        catalog.suitability("hop", "calf")
    with pytest.raises(KeyError):
        catalog.suitability("ball", "spleen")
