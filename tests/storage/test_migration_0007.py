"""Migration 0007 (relaxation after every activation) on a database made by 0006 with clinical
data in it, on both engines: every row kept, no patient asks for it, and the setting works."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from equitone.storage.database import open_database
from equitone.storage.schema import HEAD_REVISION

from .migration_steps import seed_at, upgrade_then_downgrade
from .migration_steps import where as _where

ROWS: dict[str, list[dict[str, Any]]] = {
    "patients": [
        {"uuid": "a" * 32, "name": "Zoë Ångström", "date_of_birth": date(1992, 11, 23),
         "phone": "", "email": "", "address": "", "notes": "hip", "archived": False,
         "preferred_modality": "foam-roll", "row_version": 3},
        {"uuid": "b" * 32, "name": "王小明", "date_of_birth": None, "phone": "+44",
         "email": "w@example.org", "address": "Harbour St", "notes": "", "archived": True,
         "preferred_modality": None, "row_version": 1},
    ],
    "sessions": [
        {"patient_id": 1, "date": date(2026, 1, 5), "frequency_per_week": 3, "status": "draft",
         "version": 1, "supersedes_id": None, "in_clinic": False, "pre_sport": False,
         "template": None, "notes": "", "delivered_at": None, "row_version": 1},
    ],
    "session_blocks": [
        {"session_id": 1, "position": 0, "block_id": "b1", "exercise": "clamshell",
         "muscles": ["gluteus-medius"], "side": "left", "sets": 2, "reps": 10,
         "hold_seconds": None, "rest_seconds": 45, "auto": False, "rule": None, "reason": "",
         "cues": [], "anchor": None, "reciprocal_inhibition": False, "pinned": False,
         "note": ""},
    ],
}


@pytest.fixture
def at_0006(empty_url: str) -> Iterator[str]:
    """A database at 0006 holding ROWS; yields the URL (the engine is disposed)."""
    seed_at(empty_url, "0006_tag_states", ROWS)
    yield empty_url


def _dump(engine: Engine, table: str, skip: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        columns = [c["name"] for c in inspect(conn).get_columns(table) if c["name"] not in skip]
        return [tuple(r) for r in conn.execute(
            text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"))]


NEW = ("relax_after_every_activation", "relax_after_muscles")
LATER = ("search_key", "name_sort_key")  # 0011, tested in its own file


def test_upgrade_keeps_every_row_and_asks_nothing_of_existing_patients(at_0006: str) -> None:
    engine = create_engine(at_0006)
    before = {t: _dump(engine, t) for t in ROWS}
    engine.dispose()
    open_database(_where(at_0006)).close()
    engine = create_engine(at_0006)
    try:
        assert {t: _dump(engine, t, NEW + LATER) for t in ROWS} == before
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION)
            rows = conn.execute(text(
                f"SELECT {', '.join(NEW)} FROM patients ORDER BY id")).all()
            assert [(bool(every), muscles) for every, muscles in rows] in (
                [(False, [])] * 2, [(False, "[]")] * 2)
            columns = {c["name"]: c for c in inspect(conn).get_columns("patients")}
            assert all(columns[name]["nullable"] is False for name in NEW)
    finally:
        engine.dispose()


def test_the_setting_on_an_upgraded_database_reaches_the_engine(at_0006: str) -> None:
    from equitone.domain.sequencing import RuleId
    from equitone.services import patients, sessions
    from equitone.services.workspace import open_workspace

    db = open_workspace(_where(at_0006))
    try:
        record = sessions.save_session(db, 1, sessions.get_session(db, 1).placed)
        assert [b.rule for b in record.blocks if b.auto] == [RuleId.WARM_DOWN]
        assert record.blocks[0].relaxed_within_rep
        updated = patients.set_relax_after(db, 1, "gluteus-medius", True, expected_version=3)
        assert updated.relax_after_muscles == ("gluteus-medius",)
        assert updated.row_version == 4
        saved = sessions.save_session(db, 1, record.placed)
        assert [b.rule for b in saved.blocks if b.auto] == [
            RuleId.PER_REP_RELAX, RuleId.WARM_DOWN]
        assert not saved.blocks[0].relaxed_within_rep
        assert patients.get_patient(db, 2).relax_after_muscles == ()  # untouched
    finally:
        db.close()


@pytest.mark.sqlite_only("downgrade exists for development on the file")
def test_downgrade_drops_the_columns_again(at_0006: str) -> None:
    upgrade_then_downgrade(at_0006, "0006_tag_states")
    engine = create_engine(at_0006)
    with engine.connect() as conn:
        assert not set(NEW) & {c["name"] for c in inspect(conn).get_columns("patients")}
    engine.dispose()
