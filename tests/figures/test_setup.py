"""The set-up a card spells out is read from the exercise's picture: which side lies down,
which leg stands, which knee kneels, which hand holds the weight, and whether both sides do
the same thing at once."""

from __future__ import annotations

import pytest

from equitone.domain.setup_words import Relative, Setup, setup_sentence
from equitone.domain.types import Side
from equitone.figures import library
from equitone.services.catalog import shipped_catalog

SAME, OTHER = Relative.WORKED, Relative.OTHER


def _setup(exercise: str, muscle: str | None = None) -> Setup:
    spec = library().spec(exercise, muscle)
    assert spec is not None, exercise
    return library().setup(spec)


@pytest.mark.parametrize(("exercise", "expected"), [
    ("clamshell", Setup(lies_on=OTHER)),  # the top hip works: lie on the other side
    ("side-lying-hip-adduction", Setup(lies_on=SAME)),  # the bottom leg works
    ("hip-hike", Setup(stands_on=SAME)),
    ("standing-band-hip-abduction", Setup(stands_on=OTHER)),  # the moving leg works
    ("single-leg-romanian-deadlift", Setup(stands_on=SAME, holds=(("weight", OTHER),))),
    ("suitcase-carry", Setup(holds=(("weight", OTHER),))),  # carried on the far side
    ("biceps-curl", Setup(holds=(("weight", SAME),))),
    ("half-kneeling-hip-flexor-stretch", Setup(kneels_on=SAME)),
    ("side-plank", Setup(lies_on=SAME, propped_on=SAME)),
    ("glute-bridge", Setup(one_sided=False)),
])
def test_set_up_facts_from_the_pose(exercise: str, expected: Setup) -> None:
    found = _setup(exercise)
    assert (found.lies_on, found.stands_on, found.kneels_on, found.propped_on,
            found.holds) == (expected.lies_on, expected.stands_on, expected.kneels_on,
                             expected.propped_on, expected.holds)
    if not expected.one_sided:
        assert not found.one_sided


def test_a_side_step_and_a_seat_are_not_a_single_leg_stance() -> None:
    assert _setup("lateral-band-walk").stands_on is None  # both feet down at the start
    assert _setup("seated-band-hip-internal-rotation").stands_on is None  # sitting
    assert _setup("quad-set").kneels_on is None  # long sitting, the knee on the floor


@pytest.mark.parametrize(("side", "expected"), [
    (Side.LEFT, "Left hip works: lie on your right side."),
    (Side.RIGHT, "Right hip works: lie on your left side."),
])
def test_the_mirror_image_swaps_the_sides(side: Side, expected: str) -> None:
    assert setup_sentence(_setup("clamshell"), (side,), "hip", trains=True) == expected


def test_every_catalog_picture_has_its_set_up() -> None:
    catalog = shipped_catalog()
    for exercise in catalog.exercises.values():
        muscles = exercise.muscles if exercise.muscle_parameter else (None,)
        for muscle in muscles:
            setup = _setup(exercise.slug, muscle)
            sentence = setup_sentence(setup, (Side.LEFT,), "hip",
                                      trains=exercise.kind.trains)
            assert sentence.startswith("Left hip") and "right right" not in sentence
            if setup.lies_on is not None and setup.stands_on is not None:
                pytest.fail(f"{exercise.slug}: lying and standing at once")
