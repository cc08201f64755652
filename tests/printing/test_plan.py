"""Plan handouts: content, length, paper, fonts, metadata and hostile names."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from equitone.printing import render_plan
from tests.printing.samples import RECORD, RULE_TITLES, RULES, plan_blocks, sample_plan

from . import pdftools
from .conftest import Pictures


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_patient_copy_has_cards_reasons_log_and_notes(tmp_path: Path, pictures: Pictures) -> None:
    pdf = tmp_path / "plan.pdf"
    render_plan(sample_plan(thumbnail=pictures.thumbnail), pdf)

    text = _one_line(pdftools.text(pdf))
    assert "Maria Keller" in text
    assert "Lakeside Physiotherapy" in text
    for block in plan_blocks():
        assert block.exercise_name in text
        assert block.dose_text in text
        if block.reason:
            assert block.reason in text
    assert "So your glute med does not tighten after it has been woken up." in text
    assert "RELAX" in text
    for section in ("Warm-down", "Weekly log", "Week 4", "Clinician's notes"):
        assert section in text
    assert "Page 1 of 2" in text
    assert "Page 2 of 2" in text
    assert "(rule 3)" not in text and "sustained-relax" not in text  # no rules on the handout
    assert "Warnings and decisions" not in text
    pdftools.assert_sound(pdf)


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("blocks", [8, 10])
def test_patient_plan_of_8_to_10_blocks_is_one_or_two_pages(
    tmp_path: Path, pictures: Pictures, paper: str, blocks: int
) -> None:
    pdf = tmp_path / "plan.pdf"
    render_plan(sample_plan(thumbnail=pictures.thumbnail, paper=paper, blocks=blocks), pdf)  # type: ignore[arg-type]
    assert 1 <= pdftools.pages(pdf) <= 2


@pytest.mark.parametrize(("paper", "label"), [("a4", "(A4)"), ("letter", "(letter)")])
def test_paper_size(tmp_path: Path, paper: str, label: str) -> None:
    pdf = tmp_path / "plan.pdf"
    render_plan(sample_plan(paper=paper), pdf)  # type: ignore[arg-type]
    assert pdftools.info(pdf)["Page size"].endswith(label)


def test_metadata(tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    render_plan(sample_plan(), pdf)
    meta = pdftools.info(pdf)
    assert meta["Title"] == "Session plan — Maria Keller — 2026-11-25"
    assert meta["Author"] == "Dr. Anna Weber"
    assert meta["Subject"] == "Home exercise plan"


def test_clinician_copy_adds_assessment_and_rules(tmp_path: Path, pictures: Pictures) -> None:
    pdf = tmp_path / "clinician.pdf"
    doc = sample_plan(copy="clinician", thumbnail=pictures.thumbnail, map_image=pictures.body_map)
    render_plan(doc, pdf)

    text = _one_line(pdftools.text(pdf))
    assert "clinician copy" in text
    assert "Latest assessment — 22 Nov 2026, Dr. Anna Weber" in text
    for state, muscles in doc.assessment.tagged if doc.assessment else ():
        assert state in text
        for muscle in muscles:
            assert muscle in text
    assert "Left glute med fires late" in text
    for rule_id, explanation in RULES:
        assert explanation in text
        if rule_id != "warm-down":  # an ordinary word too
            assert rule_id not in text  # people read sentences, never rule identifiers
        assert f"Added by: {RULE_TITLES[rule_id]}" in text
    warm_down_rule = (r"Warm-down for the trained muscles \(rule 7\) Every session ends with a"
                      r" warm-down for the trained muscles\. 9, 10")
    assert f"{RULE_TITLES['warm-down']} " in text
    assert re.search(warm_down_rule, text)
    assert "Warnings and decisions" in text
    for line in RECORD:
        assert line.kind in text and _one_line(line.text) in text
    assert "STATUS Final" in text or ("STATUS" in text and "Final" in text)
    assert pdftools.info(pdf)["Title"].startswith("Session plan (clinician copy) — Maria Keller")
    pdftools.assert_sound(pdf)


SIXTY = "Anna-Lena Maria Oberhauser-Wittgenstein van der Berg-Lindqvi"
HOSTILE = [
    "Zoë Ångström",
    "王小明",
    "O'Brien & <Sons>",
    'Quote "Q"',
    "Ørsted–Łukasz <b>x</b>",
    SIXTY,
]


def test_sixty_characters() -> None:
    assert len(SIXTY) == 60


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_print_intact(tmp_path: Path, name: str) -> None:
    pdf = tmp_path / "plan.pdf"
    doc = sample_plan(patient_name=name, notes=f"Notes for {name}: 每天 & <daily>")
    render_plan(doc, pdf)

    text = _one_line(pdftools.text(pdf))
    pages = pdftools.pages(pdf)
    assert text.count(name) >= 1 + pages  # the notes and the footer of every page
    assert f"{name} · printed 25 Nov 2026 Page 1 of {pages}" in text  # footer on one line
    facts = text[text.index("PATIENT"):text.index("From your clinician")]
    assert all(word in facts for word in name.split())  # a long name wraps in the facts row
    assert "Notes for" in text and "每天 & <daily>" in text
    assert pdftools.info(pdf)["Title"] == f"Session plan — {name} — 2026-11-25"
    pdftools.assert_sound(pdf)


def test_cjk_uses_embedded_fallback_font(tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    render_plan(sample_plan(patient_name="王小明"), pdf)
    names = [name for name, _emb in pdftools.fonts(pdf)]
    assert any(name.endswith("+DroidSansFallback") for name in names)


def test_latin_only_plan_does_not_embed_the_cjk_font(tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    render_plan(sample_plan(), pdf)
    names = [name for name, _emb in pdftools.fonts(pdf)]
    assert not any("DroidSansFallback" in name for name in names)


def test_hostile_text_in_every_block_field(tmp_path: Path) -> None:
    nasty = "<i>not italic</i> & \"q\" 'a' 王"
    blocks = tuple(
        replace(
            block,
            exercise_name=f"{block.exercise_name} {nasty}",
            instruction=nasty,
            cues=(nasty,),
            dose_text=nasty,
            muscle_names=(nasty,),
            reason=nasty if block.reason else "",
        )
        for block in plan_blocks(count=3)
    )
    pdf = tmp_path / "plan.pdf"
    render_plan(replace(sample_plan(copy="clinician"), blocks=blocks), pdf)
    assert "<i>not italic</i> & \"q\" 'a' 王" in pdftools.text(pdf)


def test_logo_is_drawn_when_the_file_exists(tmp_path: Path, pictures: Pictures) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(pictures.thumbnail)
    clinic = replace(sample_plan().clinic, logo_path=str(logo))
    with_logo, without = tmp_path / "with.pdf", tmp_path / "without.pdf"
    render_plan(sample_plan(clinic=clinic), with_logo)
    render_plan(sample_plan(clinic=replace(clinic, logo_path=str(tmp_path / "gone.png"))), without)
    assert with_logo.stat().st_size > without.stat().st_size
    pdftools.assert_sound(with_logo)


def test_broken_or_missing_pictures_do_not_stop_printing(tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    doc = sample_plan(copy="clinician", thumbnail=b"not a png", map_image=b"\x89PNG\r\n\x1a\n")
    render_plan(doc, pdf)
    assert "Clamshell" in pdftools.text(pdf)


def test_empty_plan_still_prints(tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    doc = replace(sample_plan(), blocks=(), clinician_notes="", frequency_text="")
    render_plan(doc, pdf)
    text = pdftools.text(pdf)
    assert "Warm-down" in text and "Page 1 of 1" in text


def test_a_four_block_plan_fits_one_page(tmp_path: Path, pictures: Pictures) -> None:
    """Clinic header, notes, four cards with thumbnails, warm-down, a 4-week log and lines
    to write on: the one-page handout of the benchmark, on A4."""
    pdf = tmp_path / "plan.pdf"
    render_plan(sample_plan(blocks=4, thumbnail=pictures.thumbnail), pdf)
    text = _one_line(pdftools.text(pdf))
    assert pdftools.pages(pdf) == 1
    assert text.index("From your clinician: Keep every rep slow") < text.index("Work in this order")
    assert "Clinician's notes" in text and "Week 4" in text


@pytest.mark.parametrize("copy", ["patient", "clinician"])
def test_page_long_texts_break_across_pages(tmp_path: Path, copy: str) -> None:
    """A card taller than a page, a page-long note or findings used to stop the print
    (reportlab's LayoutError); they now flow onto the next pages."""
    doc = sample_plan(copy=copy, notes="Keep going. " * 600)  # type: ignore[arg-type]
    long_card = replace(doc.blocks[1], instruction="Hold, then breathe out slowly. " * 250)
    doc = replace(doc, blocks=(doc.blocks[0], long_card, *doc.blocks[2:]))
    if doc.assessment is not None:
        doc = replace(doc, assessment=replace(doc.assessment, findings="Tender. " * 1500))
    pdf = tmp_path / "plan.pdf"
    render_plan(doc, pdf)
    text = _one_line(pdftools.text(pdf))
    assert pdftools.pages(pdf) >= 3
    assert text.count("Hold, then breathe out slowly.") >= 245  # a few break across pages
    assert "Active stretch" in text and "Clamshell" in text
    pdftools.assert_sound(pdf)


def test_every_card_prints_its_own_text_never_same_as(tmp_path: Path) -> None:
    doc = sample_plan()
    first = doc.blocks[0]
    again = replace(doc.blocks[5], exercise_name=first.exercise_name,
                    instruction=first.instruction)
    doc = replace(doc, blocks=(*doc.blocks[:5], again, *doc.blocks[6:]))
    pdf = tmp_path / "plan.pdf"
    render_plan(doc, pdf)
    text = _one_line(pdftools.text(pdf))
    assert text.count(first.instruction) == 2
    assert "Same as card" not in text
