"""`equitone catalog … --format json`: the original keys stay, the clinical content is added."""

from __future__ import annotations

from .conftest import Run, as_json

MUSCLE_KEYS_V1 = {"slug", "name", "short_name", "region", "layer", "views", "janda",
                  "antagonists", "compensators"}
MUSCLE_KEYS_NEW = {"plain_name", "patient_name", "description", "ri_antagonist", "ri_cue",
                   "ri_reason", "length_tests"}
EXERCISE_KEYS_V1 = {"slug", "name", "kind", "muscles", "muscle_parameter", "sustained",
                    "performer", "sets", "reps", "hold_seconds", "rest_seconds", "equipment",
                    "custom", "instruction"}
EXERCISE_KEYS_NEW = {"tags", "family", "pressure", "gentle", "made_for", "suitability",
                     "technique_text", "picture"}


def test_muscles_json_keeps_its_keys_and_adds_the_new_ones(run: Run) -> None:
    code, out, _ = run("catalog", "muscles", "--format", "json")
    muscles = {m["slug"]: m for m in as_json(out)}
    assert code == 0
    for muscle in muscles.values():
        assert set(muscle) == MUSCLE_KEYS_V1 | MUSCLE_KEYS_NEW, muscle["slug"]
    glute = muscles["gluteus-medius"]
    assert glute["patient_name"] == "outer hip muscle (gluteus medius)"
    assert glute["ri_antagonist"] == "hip-adductors" and glute["ri_cue"]
    assert muscles["deep-neck-flexors"]["ri_antagonist"] is None
    assert muscles["deep-neck-flexors"]["ri_reason"]
    assert muscles["transversus-abdominis"]["janda"] == "unclassified"
    assert muscles["levator-scapulae"]["layer"] == "deep"


def test_exercises_json_carries_suitability_and_texts(run: Run) -> None:
    code, out, _ = run("catalog", "exercises", "--format", "json")
    exercises = {e["slug"]: e for e in as_json(out)}
    assert code == 0
    for exercise in exercises.values():
        assert set(exercise) == EXERCISE_KEYS_V1 | EXERCISE_KEYS_NEW, exercise["slug"]
    ball = exercises["lacrosse-ball-release"]
    assert ball["family"] == "ball" and ball["pressure"] == "firm" and ball["gentle"] is False
    assert len(ball["suitability"]) == len(as_json(run("catalog", "muscles", "--format",
                                                       "json")[1]))
    assert ball["suitability"]["sartorius"]["level"] == "contraindicated"
    assert ball["suitability"]["quadratus-lumborum"] == {
        "level": "precaution",
        "note": "Kidney region: press on the muscle's outer edge at the side of the lower back,"
                " just above the pelvis, not deep into the flank.",
        "rule": "quadratus-lumborum-outer-edge",
    }
    assert set(ball["technique_text"]) == set(ball["muscles"])
    clam = exercises["clamshell"]
    assert clam["family"] is None and clam["suitability"] == {} and clam["technique_text"] == {}
    assert exercises["scalene-stretch"]["made_for"] == ["scalenes"]
    assert exercises["post-isometric-relaxation"]["gentle"] is True


def test_filters_still_work_and_bad_filters_fail_cleanly(run: Run) -> None:
    code, out, _ = run("catalog", "exercises", "--muscle", "fibularis", "--kind", "stretch",
                       "--format", "json")
    slugs = {e["slug"] for e in as_json(out)}
    assert code == 0 and "seated-ankle-inversion-stretch" in slugs
    assert "kneeling-shin-stretch" not in slugs  # it does not stretch the fibularis
    code, out, err = run("catalog", "exercises", "--kind", "juggling")
    assert code != 0 and out == "" and "Unknown kind" in err and "Traceback" not in err


def test_length_tests_list_their_unit_sign_and_normal(run: Run) -> None:
    code, out, err = run("catalog", "length-tests", "--format", "json")
    assert code == 0, err
    tests = {t["id"]: t for t in as_json(out)}
    thomas = tests["thomas-hip-flexors"]
    assert {"id", "name", "muscles", "unit", "measured", "sign", "normal", "normal_is",
            "minimum", "maximum", "states"} <= set(thomas)
    assert thomas["unit"] == "degrees" and thomas["normal_text"] == "≤ 0°"
    assert tests["craniocervical-flexion"]["unit"] == "mmHg"
    hamstrings = as_json(run("catalog", "length-tests", "--muscle", "hamstrings",
                             "--format", "json")[1])
    assert [t["id"] for t in hamstrings] == ["straight-leg-raise", "hamstring-90-90"]
    muscles = {m["slug"]: m for m in as_json(run("catalog", "muscles", "--format", "json")[1])}
    assert muscles["hamstrings"]["length_tests"] == ["straight-leg-raise", "hamstring-90-90"]
    table = run("catalog", "length-tests")[1]
    assert "Ober test" in table
    code, _, err = run("catalog", "length-tests", "--muscle", "wing")
    assert code != 0 and "Unknown muscle 'wing'" in err
