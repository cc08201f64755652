"""Migration 0005 (row versions) on a database made by 0004 with clinical data in it, on both
engines: every row and value kept, every record at version 1, and the versions work."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from equitone.storage.database import open_database
from equitone.storage.schema import HEAD_REVISION

from .migration_steps import seed_at, upgrade_then_downgrade
from .migration_steps import where as _where

TABLES = ("patients", "assessments", "tone_tags", "psfs_items", "sessions", "session_blocks",
          "session_decisions", "audit_log")
VERSIONED = ("patients", "assessments", "sessions")

ROWS: dict[str, list[dict[str, Any]]] = {
    "patients": [
        {"id": 1, "uuid": "a" * 32, "name": "Zoë Ångström", "date_of_birth": date(1992, 11, 23),
         "phone": "", "email": "", "address": "", "notes": "calf", "archived": False},
        {"id": 2, "uuid": "b" * 32, "name": "王小明", "date_of_birth": None, "phone": "+44",
         "email": "w@example.org", "address": "Harbour St", "notes": "", "archived": True},
    ],
    "assessments": [
        {"id": 1, "patient_id": 1, "date": date(2026, 1, 5), "clinician": "Ana",
         "findings": "Initial.", "signed_at": datetime(2026, 1, 5, 10), "signed_by": "Ana",
         "version": 1, "supersedes_id": None},
        {"id": 2, "patient_id": 1, "date": date(2026, 1, 5), "clinician": "Ana",
         "findings": "Amended.", "signed_at": None, "signed_by": "", "version": 2,
         "supersedes_id": 1},
    ],
    "tone_tags": [
        {"id": 1, "assessment_id": 1, "muscle": "gastrocnemius", "side": "left",
         "state": "underactive", "tightness": 3, "note": "baseline"},
        {"id": 2, "assessment_id": 2, "muscle": "gastrocnemius", "side": "left",
         "state": "underactive", "tightness": 4, "note": ""},
    ],
    "psfs_items": [
        {"id": 1, "assessment_id": 2, "position": 0, "activity": "Running 10 km", "score": 5},
    ],
    "sessions": [
        {"id": 1, "patient_id": 1, "date": date(2026, 1, 5), "frequency_per_week": 3,
         "status": "draft", "version": 1, "supersedes_id": None, "in_clinic": True,
         "pre_sport": False, "template": None, "notes": "first", "delivered_at": None},
    ],
    "session_blocks": [
        {"id": 1, "session_id": 1, "position": 0, "block_id": "b1", "exercise": "calf-raise",
         "muscles": ["gastrocnemius"], "side": "both", "sets": 3, "reps": 12,
         "hold_seconds": None, "rest_seconds": 30, "auto": False, "rule": None, "reason": "",
         "cues": [], "anchor": None, "reciprocal_inhibition": False, "pinned": False,
         "note": ""},
    ],
    "session_decisions": [
        {"id": 1, "session_id": 1, "kind": "dismiss", "anchor": "b1",
         "rule": "sustained-relax", "muscle": "gastrocnemius", "side": "left",
         "exercise": None, "reason": "not today"},
    ],
    "audit_log": [
        {"id": 1, "at_utc": datetime(2026, 1, 5, 9), "actor": "ana@room1", "patient_id": 1,
         "entity": "patient", "entity_id": 1, "action": "update",
         "old_values": {"notes": ""}, "new_values": {"notes": "calf"}, "note": ""},
    ],
}


@pytest.fixture
def at_0004(empty_url: str) -> Iterator[str]:
    """A database at 0004 holding ROWS; yields the URL (the engine is disposed)."""
    # Without the ids, which a fresh database hands out in the same order (and PostgreSQL's
    # sequences then stay in step).
    seed_at(empty_url, "0004_audit_versions", {
        name: [{k: v for k, v in r.items() if k != "id"} for r in rows]
        for name, rows in ROWS.items()})
    yield empty_url


# added by 0005 itself, and by later migrations (tested in their own files)
LATER_COLUMNS = ("row_version", "other_states", "rom_test", "neurological",
                 "relax_after_every_activation", "relax_after_muscles", "search_key",
                 "name_sort_key")


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    found = {}
    with engine.connect() as conn:
        for table in TABLES:
            columns = [c["name"] for c in inspect(conn).get_columns(table)
                       if c["name"] not in LATER_COLUMNS]
            found[table] = [tuple(r) for r in conn.execute(
                text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"))]
    return found


def test_upgrade_keeps_rows_and_starts_every_record_at_version_1(at_0004: str) -> None:
    engine = create_engine(at_0004)
    before = _dump(engine)
    engine.dispose()
    assert sum(len(rows) for rows in before.values()) == 11
    open_database(_where(at_0004)).close()
    engine = create_engine(at_0004)
    try:
        assert _dump(engine) == before
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION)
            for table in VERSIONED:
                versions = conn.execute(text(f"SELECT row_version FROM {table}")).scalars()
                assert set(versions) == {1}, table
            column = next(c for c in inspect(conn).get_columns("patients")
                          if c["name"] == "row_version")
            assert column["nullable"] is False
            # rows inserted without the ORM (bulk loaders) get version 1 from the server
            conn.execute(text(
                "INSERT INTO patients (name, phone, email, address, notes, archived) "
                "VALUES ('raw', '', '', '', '', :no)"), {"no": False})
            assert conn.execute(text(
                "SELECT row_version FROM patients WHERE name = 'raw'")).scalar() == 1
            conn.rollback()
    finally:
        engine.dispose()


def test_upgraded_records_are_versioned_and_checked(at_0004: str) -> None:
    from equitone.domain.assessment import PsfsItem
    from equitone.domain.patients import PatientDraft
    from equitone.errors import StaleRecordError
    from equitone.services import assessments, patients, sessions
    from equitone.services.workspace import open_workspace

    db = open_workspace(_where(at_0004))
    try:
        updated = patients.update_patient(
            db, 1, PatientDraft("Zoë Ångström", notes="calf, left"), expected_version=1)
        assert updated.row_version == 2
        with pytest.raises(StaleRecordError, match=r"calf → calf, left"):
            patients.update_patient(db, 1, PatientDraft("Zoë"), expected_version=1)
        amended = assessments.set_psfs(db, 2, [PsfsItem("Running 10 km", 6), PsfsItem("Stairs", 5),
                                                   PsfsItem("Squats", 7)],
                                       expected_version=1)
        assert amended.row_version == 2
        record = sessions.get_session(db, 1)
        assert record.row_version == 1
        saved = sessions.save_session(db, 1, record.placed, expected_version=1)
        assert saved.row_version == 2
        assert patients.get_patient(db, 2).row_version == 1  # untouched records stay at 1
    finally:
        db.close()


@pytest.mark.sqlite_only("downgrade exists for development on the file")
def test_downgrade_drops_the_columns_again(at_0004: str) -> None:
    upgrade_then_downgrade(at_0004, "0004_audit_versions")
    engine = create_engine(at_0004)
    with engine.connect() as conn:
        for table in VERSIONED:
            assert "row_version" not in {c["name"] for c in inspect(conn).get_columns(table)}
    engine.dispose()
