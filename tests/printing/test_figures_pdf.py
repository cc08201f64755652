"""Exercise pictures on the printed plan: drawn as vectors (one PDF form per distinct
picture), start → end on each card, a half-hour plan on two pages of A4 or Letter with its
weekly log, and hostile names still printing."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from equitone.domain.types import Side
from equitone.figures import picture
from equitone.printing import PlanDocument, render_plan
from tests.printing.samples import sample_plan, thirty_minute_plan

from . import pdftools
from .test_plan import HOSTILE


def _forms(pdf: Path) -> int:
    return len(re.findall(rb"/Subtype\s*/Form", pdf.read_bytes()))


def _images(pdf: Path) -> list[str]:
    result = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("pdfimages is not installed")
    return result.stdout.splitlines()[2:]


def test_pictures_are_vectors_one_form_per_distinct_picture(tmp_path: Path) -> None:
    doc, _seconds = thirty_minute_plan()
    distinct = {scene.key for block in doc.blocks for scene in block.pictures}
    assert all(len(b.pictures) in (1, 2) for b in doc.blocks)
    pdf = tmp_path / "plan.pdf"
    render_plan(doc, pdf)
    assert _forms(pdf) == len(distinct)
    assert _images(pdf) == []  # no raster pictures at all: sharp at any zoom, and small
    assert pdf.stat().st_size < 1_500_000
    pdftools.assert_sound(pdf)


def _half_hour_pdf(tmp_path: Path, paper: str) -> tuple[Path, str]:
    doc, seconds = thirty_minute_plan(paper=paper)  # type: ignore[arg-type]
    assert 27 * 60 <= seconds <= 33 * 60 and len(doc.blocks) >= 16
    pdf = tmp_path / f"{paper}.pdf"
    render_plan(doc, pdf)
    text = re.sub(r"\s+", " ", pdftools.text(pdf))
    for block in doc.blocks:
        assert block.exercise_name in text
    return pdf, text


def test_a_half_hour_plan_with_pictures_fits_two_pages_every_card_in_full(
        tmp_path: Path) -> None:
    for paper in ("a4", "letter"):
        pdf, text = _half_hour_pdf(tmp_path, paper)
        assert pdftools.pages(pdf) == 2, paper
        assert "Weekly log" in text and "Week 4" in text
        assert "Same as card" not in text  # each ball card says where it goes on its muscle
        assert "front of the outer hip" in text and "side of your lower back" in text
        assert text.count("Keep the ball off bone, nerves") == 3  # each ball card's care
        assert text.count("Why:") == sum(1 for b in _doc(paper).blocks if b.reason)


def _doc(paper: str) -> PlanDocument:
    return thirty_minute_plan(paper=paper)[0]  # type: ignore[arg-type]


def test_cards_say_dose_set_up_and_muscles_beside_the_pictures(tmp_path: Path) -> None:
    doc, _seconds = thirty_minute_plan(blocks=6)
    pdf = tmp_path / "plan.pdf"
    render_plan(doc, pdf)
    text = re.sub(r"\s+", " ", pdftools.text(pdf))
    # the clamshell's dose on its title line, then which side works and how to lie
    assert "Clamshell 2 × 10, rest 45 s Left outer hip muscle (gluteus medius) works: lie on " \
        "your right side." in text
    assert "Left front-of-hip muscle (tensor fasciae latae)" in text
    clinician = tmp_path / "clinician.pdf"
    render_plan(thirty_minute_plan(blocks=6, copy="clinician")[0], clinician)
    text = re.sub(r"\s+", " ", pdftools.text(clinician))
    assert "2 × 10, rest 45 s · Left" in text and "Gluteus medius" in text  # anatomical names


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_print_with_pictures(tmp_path: Path, name: str) -> None:
    scenes = tuple(s for f in ("start", "end") if (s := picture(
        "clamshell", frame=f, side=Side.LEFT, muscles=("gluteus-medius",))) is not None)
    doc = sample_plan(patient_name=name, notes=f"Notes for {name}")
    doc = replace(doc, blocks=tuple(replace(b, pictures=scenes, exercise_name=name)
                                    for b in doc.blocks[:4]))
    pdf = tmp_path / "plan.pdf"
    render_plan(doc, pdf)
    text = re.sub(r"\s+", " ", pdftools.text(pdf))
    assert text.count(name) >= 4
    assert 2 <= _forms(pdf) <= 8  # one per picture and size (a card sets its pictures height)
    pdftools.assert_sound(pdf)
