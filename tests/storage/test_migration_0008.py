"""Migration 0008 (visit notes, quick phrases, responses per block, next-day reports) on
databases the previous version made: on SQLite the release file brought to 0007 as that
version left it, on PostgreSQL a database at 0007 with the same kind of rows. Every row is kept,
the new tables start empty, and the upgraded database takes notes on an unsigned visit and
refuses them on a signed one."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from equitone.domain.visit_record import VisitNotes
from equitone.errors import ValidationError
from equitone.storage.database import migrate

from .migration_steps import seed_at

FIXTURE = Path(__file__).parent / "fixtures" / "release-0005.sqlite3"
PREVIOUS = "0007_relax_after_activation"
THIS = "0008_visit_record"
TABLES = ("patients", "assessments", "tone_tags", "psfs_items", "sessions", "session_blocks",
          "session_decisions", "audit_log")
NEW_TABLES = ("visit_notes", "quick_phrases", "block_responses", "next_day_reports")


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {table: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
                for table in TABLES}


def _upgrade_keeps_everything(url: str) -> None:
    engine = create_engine(url)
    try:
        before = _dump(engine)
        assert before["assessments"] and before["tone_tags"]
        # later revisions (0009's pictures, 0010's identity, 0011's patient keys): own tests
        migrate(engine, THIS)
        assert _dump(engine) == before
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == THIS
            present = set(inspect(conn).get_table_names())
            for table in NEW_TABLES:
                assert table in present
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
    finally:
        engine.dispose()


def _notes_work(target: str, unsigned: int, signed: int | None) -> None:
    from equitone.services import visit_notes
    from equitone.services.workspace import open_workspace

    db = open_workspace(target)
    try:
        saved = visit_notes.save_notes(db, unsigned, VisitNotes(subjective="Better on stairs."))
        assert visit_notes.get_notes(db, unsigned) == saved.notes
        if signed is not None:
            with pytest.raises(ValidationError, match="signed"):
                visit_notes.save_notes(db, signed, VisitNotes(plan="x"))
    finally:
        db.close()


@pytest.fixture
def file_at_0007(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(FIXTURE, path)
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, PREVIOUS)
    engine.dispose()
    return path


def test_the_previous_versions_file_upgrades_with_every_row_kept(file_at_0007: Path) -> None:
    _upgrade_keeps_everything(f"sqlite:///{file_at_0007}")
    _notes_work(str(file_at_0007), unsigned=2, signed=1)  # 1 is signed, 2 amends it


ROWS: dict[str, list[dict[str, Any]]] = {
    "patients": [{"uuid": "d" * 32, "name": "Zoë Ångström", "date_of_birth": date(1988, 3, 14),
                  "phone": "", "email": "", "address": "", "notes": "", "archived": False}],
    "assessments": [
        {"patient_id": 1, "date": date(2026, 1, 5), "clinician": "Ana", "findings": "",
         "signed_at": None, "signed_by": "", "version": 1, "supersedes_id": None,
         "neurological": False},
    ],
    "tone_tags": [{"assessment_id": 1, "muscle": "gluteus-medius", "side": "left",
                   "state": "underactive", "tightness": 3, "grade": 2, "note": "",
                   "other_states": None, "rom_test": None}],
    "sessions": [{"patient_id": 1, "date": date(2026, 1, 5), "frequency_per_week": 3,
                  "status": "delivered", "version": 1, "in_clinic": True, "pre_sport": False,
                  "notes": ""}],
    "session_blocks": [{"session_id": 1, "position": 0, "block_id": "b1",
                        "exercise": "clamshell", "muscles": ["gluteus-medius"], "side": "left",
                        "sets": 2, "reps": 10, "rest_seconds": 30, "auto": False, "reason": "",
                        "cues": [], "reciprocal_inhibition": False, "pinned": False,
                        "note": ""}],
    "session_decisions": [],
    "audit_log": [],
}


@pytest.fixture
def pg_at_0007(pg_empty_url: str) -> Iterator[str]:
    seed_at(pg_empty_url, PREVIOUS, {name: rows for name, rows in ROWS.items() if rows})
    yield pg_empty_url


def test_postgres_database_of_the_previous_version_upgrades(pg_at_0007: str) -> None:
    _upgrade_keeps_everything(pg_at_0007)
    _notes_work(pg_at_0007, unsigned=1, signed=None)
