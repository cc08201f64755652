"""Several states per muscle side, the measures each state calls for, named length tests and
the PSFS's three to five activities (domain only)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from equitone.domain.assessment import (
    Measures,
    PsfsItem,
    StateGrade,
    ToneTag,
    compare,
    measure_applies,
    states_text,
    validate_psfs,
)
from equitone.domain.length_tests import (
    length_test,
    length_tests,
    length_tests_for,
    parse_length_tests,
)
from equitone.domain.measures_text import findings_text, measures_text
from equitone.domain.types import STATE_PRIORITY, Side, ToneState, by_priority, primary_state
from equitone.errors import ValidationError
from equitone.resources_access import read_text
from equitone.services.catalog import shipped_catalog

U, OV, T, S, TEN, B = (ToneState.UNDERACTIVE, ToneState.OVERACTIVE, ToneState.TIGHT,
                       ToneState.SPASM, ToneState.TENDER, ToneState.BALANCED)
L = Side.LEFT


def test_primary_state_follows_clinical_priority() -> None:
    assert STATE_PRIORITY == (S, OV, T, U, TEN, B)
    assert primary_state([TEN, U]) is U
    assert primary_state([U, T]) is T
    assert primary_state([TEN, S, OV]) is S
    assert by_priority([TEN, U, TEN, T]) == (T, U, TEN)
    with pytest.raises(ValueError):
        primary_state([])


def test_a_tag_is_canonical_whatever_order_its_states_come_in() -> None:
    a = ToneTag("hamstrings", L, U, 6, grade=1, others=(StateGrade(T, 3),))
    b = ToneTag.of("hamstrings", L, [StateGrade(T, 3), StateGrade(U, 1)], tightness=6)
    assert a == b
    assert (a.state, a.grade) == (T, 3)  # the primary state and its own grade
    assert a.states == (T, U) and a.grade_of(U) == 1
    assert a.findings == (StateGrade(T, 3), StateGrade(U, 1))
    # the one-state form every caller used before is unchanged
    single = ToneTag("soleus", L, T, 4, grade=2)
    assert single.states == (T,) and single.others == ()


def test_toggling_states_keeps_score_note_and_measures() -> None:
    tag = ToneTag("gluteus-medius", L, U, 3, grade=2, note="fires late",
                  measures=Measures(strength=3, tenderness=2))
    both = tag.toggled(TEN)
    assert both is not None and both.states == (U, TEN)
    assert (both.tightness, both.note, both.measures, both.grade_of(U)) == (
        3, "fires late", tag.measures, 2)
    assert both.toggled(U) == ToneTag("gluteus-medius", L, TEN, 3, note="fires late",
                                      measures=tag.measures)
    assert ToneTag("soleus", L, T).toggled(T) is None  # the last state: no tag left
    # balanced excludes the others both ways
    balanced = both.toggled(B)
    assert balanced is not None and balanced.states == (B,)
    assert balanced.measures == tag.measures
    back = balanced.toggled(U)
    assert back is not None and back.states == (U,)


def test_validation_of_several_states() -> None:
    ok = ToneTag.of("hamstrings", L, [StateGrade(T, 2), StateGrade(U, 3)]).validated()
    assert ok.states == (T, U)
    with pytest.raises(ValidationError, match=r"balanced .* cannot be combined"):
        ToneTag("hamstrings", L, B, others=(StateGrade(T),)).validated()
    with pytest.raises(ValidationError, match="Grade must be between 1 and 3"):
        ToneTag("hamstrings", L, T, others=(StateGrade(U, 4),)).validated()
    with pytest.raises(ValidationError, match="at least one state"):
        ToneTag.of("hamstrings", L, [])


def test_measures_apply_by_state_and_the_neurological_mark() -> None:
    for state in ToneState:  # tenderness, MRC strength and pain: any state
        for name in ("strength", "tenderness", "pain"):
            assert measure_applies(name, [state], neurological=False)
    assert not measure_applies("ashworth", [S], neurological=False)
    assert measure_applies("ashworth", [S], neurological=True)
    assert not measure_applies("ashworth", [U, TEN], neurological=True)
    assert measure_applies("rom", [T, U], neurological=False, rom_test="straight-leg-raise")
    assert not measure_applies("rom", [U], neurological=False, rom_test="straight-leg-raise")
    assert measure_applies("rom", [B], neurological=False, rom_test="straight-leg-raise")
    assert measure_applies("rom", [U], neurological=False, rom_test="craniocervical-flexion")


def test_a_retagged_side_keeps_measures_that_no_longer_apply_and_says_so() -> None:
    tight = ToneTag("hamstrings", L, T, 6, measures=Measures(
        strength=4, rom_degrees=55, rom_test="straight-leg-raise", ashworth="1"))
    assert tight.not_applying(neurological=True) == ()
    assert tight.not_applying(neurological=False) == ("ashworth",)
    weak = tight.toggled(U)
    assert weak is not None
    only_weak = weak.toggled(T)
    assert only_weak is not None and only_weak.measures == tight.measures
    assert only_weak.not_applying(neurological=True) == ("rom", "ashworth")
    text = measures_text(only_weak, neurological=False)
    assert "MRC 4/5" in text
    assert ("Straight-leg raise (passive) 55° (normal ≥ 80°: 25° short) (kept: does not apply to "
            "underactive)") in text
    assert "Ashworth 1 (kept: the assessment is not marked neurological)" in text


def test_length_tests_are_complete_and_show_values_against_normal() -> None:
    document = json.loads(read_text("catalog", "length_tests.json"))
    tests = parse_length_tests(document, shipped_catalog().muscles)  # every muscle known
    assert tests == length_tests()
    for wanted in ("thomas-hip-flexors", "ober", "straight-leg-raise", "hamstring-90-90",
                   "craniocervical-flexion", "shoulder-external-rotation", "ankle-lunge"):
        assert wanted in tests
    for test in tests.values():
        assert test.measured and test.sign and test.minimum <= test.normal <= test.maximum
    thomas = length_test("thomas-hip-flexors")
    assert "negative = below the horizontal" in thomas.sign
    assert thomas.against_normal(-10) == "−10° (normal ≤ 0°: within)"
    assert thomas.against_normal(15) == "15° (normal ≤ 0°: 15° short)"
    ccft = length_test("craniocervical-flexion")
    assert ccft.unit == "mmHg" and ccft.against_normal(24) == (
        "24 mmHg (normal ≥ 26 mmHg: 2 mmHg short)")
    assert [t.id for t in length_tests_for("hamstrings")] == [
        "straight-leg-raise", "hamstring-90-90"]


def test_length_test_values_are_checked() -> None:
    ToneTag("iliopsoas", L, T, measures=Measures(rom_degrees=-15,
                                                 rom_test="thomas-hip-flexors")).validated()
    with pytest.raises(ValidationError, match=r"Thomas test .* outside −30° to 60°"):
        ToneTag("iliopsoas", L, T, measures=Measures(rom_degrees=75,
                                                     rom_test="thomas-hip-flexors")).validated()
    with pytest.raises(ValidationError, match="does not measure gastrocnemius"):
        ToneTag("gastrocnemius", L, T, measures=Measures(rom_degrees=70,
                                                         rom_test="straight-leg-raise")).validated()
    with pytest.raises(ValidationError, match="Unknown length test 'sit-and-reach'"):
        Measures(rom_degrees=10, rom_test="sit-and-reach").validated()
    Measures(rom_degrees=40).validated()  # stored before tests were named: kept as it was


def test_malformed_length_tests_are_refused() -> None:
    entry = length_test("ober").as_json()
    with pytest.raises(ValidationError, match="unknown muscle"):
        parse_length_tests({"tests": [{**entry, "muscles": ["wing"]}]}, ["gluteus-medius"])
    with pytest.raises(ValidationError, match="normal value is outside"):
        parse_length_tests({"tests": [{**entry, "normal": 99}]})
    with pytest.raises(ValidationError, match="malformed"):
        parse_length_tests({"tests": [{"id": "x"}]})


def test_psfs_asks_for_three_to_five_activities() -> None:
    three = [PsfsItem("Stairs", 4), PsfsItem("Running", 2), PsfsItem("Squats", 5)]
    assert len(validate_psfs(three)) == 3
    assert validate_psfs([]) == ()  # not done at this visit
    with pytest.raises(ValidationError, match=r"asks for 3 to 5 activities .* 2 given: add 1"):
        validate_psfs(three[:2])
    with pytest.raises(ValidationError, match="at most 5"):
        validate_psfs(three * 2)
    assert validate_psfs(three[:1], complete=False) == (PsfsItem("Stairs", 4),)  # older record


def test_texts_and_changes_name_every_state() -> None:
    tag = ToneTag.of("hamstrings", L, [StateGrade(U, 1), StateGrade(T, 3)], tightness=6)
    assert states_text(tag.states) == "tight + underactive"
    assert findings_text(tag) == "Tight (marked) + underactive (mild)"
    before = ToneTag("hamstrings", L, T, 6, grade=3)
    (change,) = compare({tag.key: before}, {tag.key: tag})
    assert change.summary == "tight 6/10 → tight + underactive 6/10"
    assert compare({tag.key: tag}, {tag.key: replace(tag)}) == []


@pytest.mark.parametrize(("states", "advice"), [
    ((U,), "activate, then relax it"),
    ((U, TEN), "activate gently (pain-free range), then relax it"),
    ((T, U), "lengthen and relax it first, then activate it gently: tight and weak"),
    ((S, U, TEN), "relax only, gently; no loading"),
    ((OV, TEN), "release it gently (light pressure or none)"),
    ((TEN,), "note it; gentle work only"),
])
def test_advice_for_combined_states(states: tuple[ToneState, ...], advice: str) -> None:
    from equitone.domain.method import advice_for, suggestion

    assert advice_for(states) == advice
    text = suggestion(shipped_catalog(), "gluteus-medius", states)
    assert text.startswith(advice)
    assert ("compensators" in text) == (U in states and S not in states)
