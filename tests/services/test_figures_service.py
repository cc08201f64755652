"""Pictures from the database's plans: each printed block gets its exercise's frames, coloured
by the assessment the plan was designed from; an exercise without a figure prints its
body-map thumbnail instead."""

from __future__ import annotations

import re
from pathlib import Path

from equitone.domain.sequencing import Block, BlockSide
from equitone.domain.session import SessionStatus
from equitone.domain.types import Dose, Side, ToneState
from equitone.services import printing
from equitone.services.catalog import load_catalog
from equitone.services.figures import block_pictures
from equitone.services.patients import list_patients
from equitone.services.sessions import list_sessions
from equitone.storage.database import Database


def _maria_plan(db: Database) -> int:
    patient = next(p for p in list_patients(db) if p.name == "Maria Keller")
    return next(s.id for s in list_sessions(db, patient.id)
                if s.status is SessionStatus.PLANNED)


def test_every_block_of_a_printed_plan_has_its_pictures(demo_db: Database) -> None:
    doc = printing.plan_document(demo_db, _maria_plan(demo_db))
    assert doc.blocks and all(block.pictures for block in doc.blocks)
    assert all(block.thumbnail is None for block in doc.blocks)  # figures replace the crop
    frames = {b.exercise_name: len(b.pictures) for b in doc.blocks}
    assert frames["Lacrosse-ball release"] == 1  # the ball on the muscle: one position
    assert frames["Clamshell"] == 2  # a movement: start and end


def test_the_printed_plan_draws_them(demo_db: Database, tmp_path: Path) -> None:
    pdf = printing.print_session(demo_db, _maria_plan(demo_db), tmp_path / "plan.pdf")
    assert len(re.findall(rb"/Subtype\s*/Form", pdf.read_bytes())) >= 5


def test_tags_colour_the_worked_muscle(demo_db: Database) -> None:
    catalog = load_catalog(demo_db)
    block = Block(id="b1", exercise="hip-hike", muscles=("gluteus-medius",),
                  side=BlockSide.LEFT, dose=Dose(2, 10))
    tagged = block_pictures(block, catalog,
                            {("gluteus-medius", Side.LEFT): ToneState.OVERACTIVE})
    plain = block_pictures(block, catalog, {})
    assert len(tagged) == len(plain) == 2
    fill = {s.style.fill for s in tagged[-1].shapes if s.role == "muscle"}
    assert fill == {"#D55E00"}
    assert {s.style.fill for s in plain[-1].shapes if s.role == "muscle"} != fill


def test_an_exercise_without_a_figure_has_no_pictures(demo_db: Database) -> None:
    block = Block(id="b1", exercise="not-drawn", muscles=("gluteus-medius",),
                  side=BlockSide.BOTH, dose=Dose(1, 10))
    assert block_pictures(block, load_catalog(demo_db)) == ()
