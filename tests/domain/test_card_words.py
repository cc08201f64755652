"""The words a printed card is made of: numbers only from the dose, the per-rep relaxation
said by the engine alone, and the set-up with the side spelt out."""

from __future__ import annotations

import re

import pytest

from equitone.domain.catalog import Catalog, CatalogError, parse_catalog
from equitone.domain.dose_words import dose_fields, fill_dose, seconds_words
from equitone.domain.setup_words import Relative, Setup, setup_sentence
from equitone.domain.types import Dose, Side
from equitone.services.catalog import shipped_catalog

L, R = Side.LEFT, Side.RIGHT
SAME, OTHER = Relative.WORKED, Relative.OTHER


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


@pytest.mark.parametrize(("seconds", "words"), [
    (1, "1 second"), (10, "10 seconds"), (60, "1 minute"), (75, "75 seconds"),
    (90, "90 seconds"), (120, "2 minutes"), (300, "5 minutes"), (150, "150 seconds")])
def test_seconds_in_words(seconds: int, words: str) -> None:
    assert seconds_words(seconds) == words


def test_dose_fields_say_rounds_and_repeats() -> None:
    fields = dose_fields(Dose(3, None, 10, 0))
    assert fields["rounds"] == "3 rounds" and fields["repeat"] == ", 3 times"
    assert dose_fields(Dose(1, 5, None, 0))["repeat"] == ""
    assert dose_fields(Dose(1, None, None))["hold"] == "a few seconds"
    assert fill_dose("hold {hold}{repeat}", Dose(2, None, 20)) == "hold 20 seconds, 2 times"


def _technique_pairs(catalog: Catalog) -> list[tuple[str, str | None]]:
    pairs: list[tuple[str, str | None]] = []
    for exercise in catalog.exercises.values():
        muscles = exercise.muscles if exercise.muscle_parameter else (None,)
        pairs += [(exercise.slug, m) for m in muscles]
    return pairs


def test_every_number_of_seconds_on_a_card_comes_from_its_dose(catalog: Catalog) -> None:
    """A clinician who changes a hold to 37 s never gets a card that says another number
    of seconds beside it (the ball cards used to say 60-90 seconds beside a 75 s dose)."""
    odd = Dose(2, 7, 37, 15)
    for slug, muscle in _technique_pairs(catalog):
        changed = catalog.technique_text(slug, muscle, odd)
        assert "{" not in changed and "}" not in changed, (slug, muscle)
        assert not re.search(r"\d+-\d+ seconds", changed), (slug, muscle)  # no range beside it
        hold = catalog.exercises[slug].dose.hold_seconds
        others = set(re.findall(r"(\d+) (?:seconds|minutes)", changed)) - {"37"}
        assert hold is None or str(hold) not in others, (slug, muscle, others)
    assert "Hold for 37 seconds, 2 times" in catalog.technique_text(
        "lacrosse-ball-release", "gluteus-medius", odd)
    pir = catalog.technique_text("post-isometric-relaxation", "gluteus-medius", odd)
    assert "for 37 seconds while you breathe in" in pir and pir.endswith("2 rounds.")
    assert "hold 37 seconds" in catalog.technique_text("neck-isometric-flexion", None, odd)


def test_the_per_rep_relaxation_is_the_engines_alone(catalog: Catalog) -> None:
    """The engine's cue fits the contraction (lowering, return, holds, drills); an
    instruction that said it too made every card say it twice, sometimes wrongly."""
    for exercise in catalog.exercises.values():
        text = exercise.instruction.lower()
        assert "lowering phase" not in text and "return phase" not in text, exercise.slug
        assert "relax-and-lengthen step between sets" not in text, exercise.slug
        assert "before the next" not in text, exercise.slug


def test_a_shipped_instruction_with_an_unknown_field_is_refused() -> None:
    muscles = {"muscles": [{"slug": "calf", "name": "Calf", "region": "lower-leg",
                            "layer": "superficial", "views": ["back"], "janda": "postural"}]}
    exercises = {"exercises": [{"slug": "raise", "name": "Raise", "kind": "activation",
                                "muscles": ["calf"], "performer": "self",
                                "dose": {"reps": 10}, "instruction": "Rise {heel} times."}]}
    with pytest.raises(CatalogError, match=r"'raise'.*unknown field\(s\) \['heel'\]"):
        parse_catalog(muscles, exercises)


def test_a_clinicians_own_text_keeps_its_braces() -> None:
    from equitone.domain.catalog import parse_exercise

    muscles = {"muscles": [{"slug": "calf", "name": "Calf", "region": "lower-leg",
                            "layer": "superficial", "views": ["back"], "janda": "postural"}]}
    own = parse_exercise({"slug": "x", "name": "X", "kind": "activation", "muscles": ["calf"],
                          "performer": "self", "dose": {"reps": 3},
                          "instruction": "Press {hold} and {nothing}"}, custom=True)
    catalog = parse_catalog(muscles, {"exercises": []}, [own])
    assert catalog.technique_text("x", None, Dose(1, 3, 9)) == "Press {hold} and {nothing}"


# -- set-up and sides --------------------------------------------------------------------------
@pytest.mark.parametrize(("setup", "sides", "trains", "expected"), [
    (Setup(lies_on=OTHER), (L,), True, "Left hip works: lie on your right side."),
    (Setup(lies_on=OTHER), (R,), True, "Right hip works: lie on your left side."),
    (Setup(stands_on=SAME), (L,), True, "Left hip works: stand on your left leg."),
    (Setup(stands_on=SAME, holds=(("weight", OTHER),)), (R,), True,
     "Right hip works: stand on your right leg and hold the weight in your left hand."),
    (Setup(kneels_on=SAME), (L,), False, "Left hip: kneel on your left knee."),
    (Setup(lies_on=SAME, propped_on=SAME), (L,), True,
     "Left hip works: lie on your left side, propped on your left forearm."),
    (Setup(one_sided=False), (L, R), True, "Both sides work together."),
    (Setup(), (L, R), True, "Both sides work."),
    (Setup(), (L, R), False, "Both sides."),
    (Setup(lies_on=OTHER), (L, R), True,
     "Each side in turn — left hip: lie on your right side; then right: lie on your left "
     "side."),
    (None, (R,), False, "Right hip."),
])
def test_set_up_sentences(setup: Setup | None, sides: tuple[Side, ...], trains: bool,
                          expected: str) -> None:
    assert setup_sentence(setup, sides, "hip", trains=trains) == expected


def test_a_single_muscle_is_named_in_the_set_up() -> None:
    name = "outer hip muscle (gluteus medius)"
    assert setup_sentence(Setup(lies_on=OTHER), (L,), "hip", trains=True, muscle=name) == \
        "Left outer hip muscle (gluteus medius) works: lie on your right side."
    assert setup_sentence(Setup(one_sided=False), (L, R), "hip", trains=True, muscle=name) == \
        "Outer hip muscle (gluteus medius), both sides work together."
