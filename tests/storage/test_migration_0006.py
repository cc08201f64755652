"""Migration 0006 (several states per muscle side, named length tests, the neurological mark)
on databases the previous release wrote: on SQLite the file that release made through its own
services (fixtures/release-0005.sqlite3, see make_release_0005.py), on PostgreSQL a database
migrated to 0005 and filled with the same kind of rows. Every row and value is kept, every tag
reads as the one state it had, and what the release stored that today's rules would not accept
(a Modified Ashworth grade without the neurological mark, a range of motion without a named
test, a two-activity PSFS) is kept and shown as such, not destroyed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from equitone.domain.assessment import Measures, PsfsItem, StateGrade, ToneTag, psfs_incomplete
from equitone.domain.measures_text import measures_text
from equitone.domain.types import Side, ToneState
from equitone.storage.database import migrate
from equitone.storage.schema import HEAD_REVISION

from .migration_steps import seed_at

FIXTURE = Path(__file__).parent / "fixtures" / "release-0005.sqlite3"
TABLES = ("patients", "assessments", "tone_tags", "psfs_items", "sessions", "session_blocks",
          "audit_log")
# 0006's columns, 0005's row_version and 0007's relax-after ones (tested in their own files)
NEW_COLUMNS = ("other_states", "rom_test", "neurological", "row_version",
               "relax_after_every_activation", "relax_after_muscles")
L, R = Side.LEFT, Side.RIGHT


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    found = {}
    with engine.connect() as conn:
        for table in TABLES:
            columns = [c["name"] for c in inspect(conn).get_columns(table)
                       if c["name"] not in NEW_COLUMNS]
            found[table] = [tuple(r) for r in conn.execute(
                text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"))]
    return found


@pytest.fixture
def release_file(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_release_file_upgrades_with_every_row_and_value_kept(release_file: Path) -> None:
    url = f"sqlite:///{release_file}"
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "0005_row_versions")
    before = _dump(engine)
    assert len(before["tone_tags"]) == 18 and len(before["audit_log"]) >= 10
    migrate(engine)
    try:
        assert _dump(engine) == before
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION)
            assert set(conn.execute(text("SELECT other_states FROM tone_tags")).scalars()) == {
                None}
            assert set(conn.execute(text("SELECT rom_test FROM tone_tags")).scalars()) == {None}
            assert set(conn.execute(text("SELECT neurological FROM assessments")).scalars()) == {
                0}
    finally:
        engine.dispose()


def test_what_the_release_stored_reads_and_shows_as_it_was(release_file: Path) -> None:
    from equitone.services import assessments
    from equitone.services.workspace import open_workspace

    db = open_workspace(release_file)
    try:
        (zoe, *_others) = [a for a in assessments.history(db, 1)]
        tags = zoe.tag_map()
        gm = tags[("gluteus-medius", L)]
        assert (gm.states, gm.grade, gm.tightness, gm.note) == (
            (ToneState.UNDERACTIVE,), 2, 3, "fires late")
        assert gm.measures == Measures(strength=3, pain=2)
        tfl = tags[("tensor-fasciae-latae", L)]
        assert tfl.measures.ashworth == "1+" and not zoe.neurological
        assert tfl.not_applying(neurological=zoe.neurological) == ("ashworth",)
        assert "Ashworth 1+ (kept: the assessment is not marked neurological)" in (
            measures_text(tfl, neurological=False))
        bare = tags[("hamstrings", R)]
        assert bare.measures.value("rom") == (None, 65)
        assert "ROM 65° (no named test)" in measures_text(bare, neurological=False)
        assert psfs_incomplete(zoe.psfs) and len(zoe.psfs) == 2
        # the signed original and its amendment are still a chain
        signed = assessments.get_assessment(db, 1)
        assert signed.signed and assessments.get_assessment(db, 2).supersedes_id == 1
    finally:
        db.close()


def test_the_upgraded_file_takes_several_states_and_keeps_the_old_values(
    release_file: Path,
) -> None:
    from equitone.services import assessments
    from equitone.services.audit import audit_entries, summary
    from equitone.services.workspace import open_workspace

    db = open_workspace(release_file)
    try:
        latest = assessments.latest_assessment(db, 1)
        assert latest is not None and not latest.signed
        tfl = latest.tag_map()[("tensor-fasciae-latae", L)]
        # a change of the score keeps the Ashworth grade the release recorded
        kept = assessments.set_tags(db, latest.id, [ToneTag(
            tfl.muscle, tfl.side, tfl.state, 5, tfl.grade, tfl.note, tfl.measures,
            (StateGrade(ToneState.TENDER, 1),))])
        now = kept.tag_map()[("tensor-fasciae-latae", L)]
        assert now.states == (ToneState.OVERACTIVE, ToneState.TENDER)
        assert now.measures.ashworth == "1+"
        assert summary(audit_entries(db, entity="assessment", entity_id=latest.id)[-1]) == (
            "tensor-fasciae-latae left: overactive 7/10 → overactive+tender 5/10")
        # the two-activity PSFS stays until the clinician completes it
        with pytest.raises(Exception, match="asks for 3 to 5 activities"):
            assessments.set_psfs(db, latest.id, [PsfsItem("Running 5 km", 5)])
        assert len(assessments.get_assessment(db, latest.id).psfs) == 2
    finally:
        db.close()


# -- PostgreSQL: a database at 0005 with the release's kind of rows ---------------------------
ROWS: dict[str, list[dict[str, Any]]] = {
    "patients": [{"uuid": "c" * 32, "name": "Zoë Ångström", "date_of_birth": date(1988, 3, 14),
                  "phone": "", "email": "", "address": "", "notes": "", "archived": False}],
    "assessments": [{"patient_id": 1, "date": date(2026, 1, 5), "clinician": "Ana",
                     "findings": "Initial.", "signed_at": None, "signed_by": "",
                     "version": 1, "supersedes_id": None}],
    "tone_tags": [
        {"assessment_id": 1, "muscle": "tensor-fasciae-latae", "side": "left",
         "state": "overactive", "tightness": 7, "grade": 2, "note": "", "ashworth": "1+",
         "rom_degrees": None},
        {"assessment_id": 1, "muscle": "hamstrings", "side": "right", "state": "tight",
         "tightness": 6, "grade": None, "note": "", "ashworth": None, "rom_degrees": 65},
    ],
    "psfs_items": [{"assessment_id": 1, "position": 0, "activity": "Stairs", "score": 6}],
}


@pytest.fixture
def pg_at_0005(pg_empty_url: str) -> Iterator[str]:
    seed_at(pg_empty_url, "0005_row_versions", ROWS)
    yield pg_empty_url


def test_postgres_database_of_the_release_upgrades(pg_at_0005: str) -> None:
    from equitone.services import assessments
    from equitone.services.workspace import open_workspace

    engine = create_engine(pg_at_0005)
    before = _dump(engine)
    db = open_workspace(pg_at_0005)
    try:
        assert _dump(engine) == before
        visit = assessments.get_assessment(db, 1)
        assert not visit.neurological and len(visit.psfs) == 1
        tags = visit.tag_map()
        assert tags[("tensor-fasciae-latae", L)].measures.ashworth == "1+"
        assert tags[("hamstrings", R)].measures.value("rom") == (None, 65)
        assert all(len(t.states) == 1 for t in visit.tags)
        marked = assessments.update_details(db, 1, day=visit.day, clinician="Ana",
                                            findings="Initial.", neurological=True)
        assert marked.neurological
        both = assessments.set_tags(db, 1, [ToneTag.of(
            "hamstrings", R, [ToneState.TIGHT, ToneState.UNDERACTIVE], tightness=6,
            measures=Measures(rom_degrees=60, rom_test="straight-leg-raise", strength=3))])
        hamstrings = both.tag_map()[("hamstrings", R)]
        assert hamstrings.states == (ToneState.TIGHT, ToneState.UNDERACTIVE)
        assert hamstrings.measures.rom_test == "straight-leg-raise"
    finally:
        db.close()
        engine.dispose()
