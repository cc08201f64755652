"""A card a patient can follow alone: plain words, the side spelt out, each relaxation placed
on its own muscle with its own hold, the relaxation inside every rep said once as an
instruction, and a half-hour plan on two pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import Block, BlockSide, Cue, RuleId
from equitone.domain.setup_words import Relative, Setup
from equitone.domain.types import Dose
from equitone.printing import render_plan
from equitone.printing.handout import plan_block, within_rep
from equitone.services.catalog import shipped_catalog
from tests.printing.samples import thirty_minute_plan

from . import pdftools

PER_REP = Cue(RuleId.PER_REP_RELAX, "Relax your outer hip muscle fully at the end of each "
                                    "lowering phase.")
MARK = Cue(RuleId.RELAXED_WITHIN_REP, "Relaxed within every rep: relax your outer hip muscle "
                                      "fully at the end of each lowering phase; this is the "
                                      "relaxation, so no separate one follows and the "
                                      "warm-down finishes the job.")
RI = Cue(RuleId.RECIPROCAL_INHIBITION, "At the end of each lowering phase, press the knees "
                                       "lightly together (only slightly), so your outer hip "
                                       "muscle must switch on again from relaxed.")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


def test_the_relaxation_inside_every_rep_is_said_once() -> None:
    text, rest = within_rep((PER_REP, MARK))
    assert text == ("relax your outer hip muscle fully at the end of each lowering phase "
                    "(this is its relaxation: none follows).")
    assert rest == ()
    text, rest = within_rep((PER_REP,))  # a relaxation block follows: no mark
    assert text.endswith("lowering phase.") and rest == ()
    text, rest = within_rep((RI, MARK))  # the progression keeps its own cue
    assert text.startswith("relax your outer hip muscle fully") and rest == (RI,)
    assert within_rep(()) == ("", ())


def _clamshell(side: BlockSide = BlockSide.LEFT) -> Block:
    return Block("b1", "clamshell", ("gluteus-medius",), side, Dose(2, 10, None, 45),
                 cues=(PER_REP, MARK))


def test_a_patient_card_names_the_muscle_once_and_spells_out_the_side(
        catalog: Catalog) -> None:
    card = plan_block(catalog, _clamshell(), 4, setup=Setup(lies_on=Relative.OTHER))
    assert card.setup == ("Left outer hip muscle (gluteus medius) works: lie on your right "
                          "side.")
    assert card.muscle_names == () and card.side_text == ""  # said by the set-up
    words = " ".join((card.setup, card.instruction, card.within_rep, *card.cues, card.reason))
    assert words.count("(gluteus medius)") == 1
    assert "lowering phase" not in card.instruction and card.cues == ()


def test_the_clinician_copy_keeps_anatomical_names_and_the_side(catalog: Catalog) -> None:
    card = plan_block(catalog, _clamshell(), 4, copy="clinician",
                      setup=Setup(lies_on=Relative.OTHER))
    assert card.muscle_names == ("Gluteus medius",) and card.side_text == "Left"
    assert card.setup == "Left hip works: lie on your right side."


def test_a_technique_card_is_placed_on_its_muscle_and_held_for_its_dose(
        catalog: Catalog) -> None:
    block = Block("b2", "lacrosse-ball-release", ("quadratus-lumborum",), BlockSide.RIGHT,
                  Dose(2, None, 50, 0))
    card = plan_block(catalog, block, 2)
    assert card.instruction.startswith("Lie on your back with knees bent and the ball at "
                                       "the side of your lower back")
    assert "Hold for 50 seconds, 2 times" in card.instruction and "75" not in card.instruction
    assert card.dose_text == "2 × 50 s"
    assert card.setup.startswith("Right deep side lower-back muscle (quadratus lumborum)")


def test_long_holds_read_in_minutes(catalog: Catalog) -> None:
    block = Block("b3", "walking-warm-down", ("gluteus-medius",), BlockSide.BOTH,
                  Dose(1, None, 300, 0))
    card = plan_block(catalog, block, 9)
    assert card.dose_text == "5 min" and "about 5 minutes" in card.instruction


@pytest.fixture(scope="module")
def half_hour(tmp_path_factory: pytest.TempPathFactory) -> str:
    pdf = tmp_path_factory.mktemp("plan") / "plan.pdf"
    render_plan(thirty_minute_plan()[0], pdf)
    return re.sub(r"\s+", " ", pdftools.text(pdf))


def test_the_patient_copy_speaks_plainly(half_hour: str) -> None:
    for clinical in ("TFL", " QL", "glute med", "Glute med", "Tensor fasciae latae",
                     "Relax the muscle fully", "Same as card"):
        assert clinical not in half_hour, clinical
    assert "Why: Releasing your front-of-hip muscle first lets your outer hip muscle switch " \
        "on instead of being overruled." in half_hour


def test_every_rep_based_card_says_how_to_relax_within_every_rep(half_hour: str) -> None:
    # clamshell, wall abduction, hip hike and glute bridge: relaxed within every rep
    assert half_hour.count("↻ Relax within every rep:") == 4
    assert half_hour.count("(this is its relaxation: none follows)") == 4


def test_each_relaxation_card_places_its_own_muscle(half_hour: str) -> None:
    for placement in ("the ball on the front of the outer hip",  # TFL
                      "the ball at the side of your lower back",  # QL
                      "the roller under the middle of the inner thigh",  # adductors
                      "the ball on the outer hip between the top of the pelvis"):  # glute med
        assert placement in half_hour, placement
    assert half_hour.count("Hold for 75 seconds, breathing slowly") == 3
    assert "Hold for 25 seconds, 3 times" in half_hour  # the active stretches


def test_sides_are_spelt_out(half_hour: str) -> None:
    for words in ("Left outer hip muscle (gluteus medius) works: lie on your right side.",
                  "Left outer hip muscle (gluteus medius) works: stand on your left leg.",
                  "Main buttock muscle (gluteus maximus), both sides work together.",
                  "Left lower back works: lie on your left side, propped on your left forearm.",
                  "Left hip: kneel on your left knee."):
        assert words in half_hour, words


def test_no_page_ends_with_a_heading(tmp_path: Path) -> None:
    """A section heading ("Warnings and decisions", "Warm-down") never sits alone at the foot
    of a page with its content on the next: notes of growing length move the sections down
    through the page break."""
    from tests.printing.samples import sample_plan

    headings = ("Warnings and decisions", "Sequencing rules applied", "Warm-down",
                "Latest assessment", "Exercises", "Weekly log")
    pdf = tmp_path / "plan.pdf"
    for lines in range(14, 32, 2):
        render_plan(sample_plan(copy="clinician", notes="Keep every rep slow. " * (lines * 6)),
                    pdf)
        for page in pdftools.text(pdf).split("\f"):
            rows = [row.strip() for row in page.splitlines() if row.strip()]
            if len(rows) >= 2:  # the last row is the footer
                assert not rows[-2].startswith(headings), (lines, rows[-2])


def test_a_bracketed_anatomical_name_is_not_bracketed_twice(catalog: Catalog) -> None:
    assert catalog.muscles["fibularis"].patient_name == (
        "outer lower-leg muscles (fibularis, peroneals)")
    block = Block("b4", "lacrosse-ball-release", ("fibularis",), BlockSide.LEFT,
                  Dose(1, None, 75, 0))
    card = plan_block(catalog, block, 2, setup=Setup(lies_on=Relative.WORKED))
    assert "((" not in card.setup and "))" not in card.setup
    assert card.setup.startswith("Left outer lower-leg muscles (fibularis, peroneals)")
