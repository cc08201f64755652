"""Migration 0004 (audit trail, assessment versions, patient uuids) on a database made by 0003
with clinical data in it: nothing lost or changed, and the new behaviour works."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from equitone.storage.database import migrate, open_database
from equitone.storage.schema import HEAD_REVISION

TABLES = ("patients", "assessments", "tone_tags", "psfs_items", "sessions", "session_blocks",
          "session_decisions")


def _make_0003(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0003_sessions")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")  # as the app runs: cascades would fire
    conn.executescript("""
        INSERT INTO patients (id, name, date_of_birth, phone, email, address, notes, archived)
        VALUES (1, 'Zoë Ångström', '1992-11-23', '', '', '', 'calf', 0),
               (2, '王小明', NULL, '+44', 'w@example.org', 'Harbour St', '', 1);
        INSERT INTO assessments (id, patient_id, date, clinician, findings, signed_at, signed_by)
        VALUES (1, 1, '2026-01-05', 'Ana', 'Initial.', '2026-01-05 10:00:00.000000', 'Ana'),
               (2, 1, '2026-02-05', 'Tom', '', NULL, ''),
               (3, 2, '2026-03-01', '', 'neck', NULL, '');
        INSERT INTO tone_tags (assessment_id, muscle, side, state, tightness, note)
        VALUES (1, 'gastrocnemius', 'left', 'underactive', 3, 'baseline'),
               (1, 'soleus', 'left', 'tight', 5, ''),
               (2, 'gastrocnemius', 'left', 'underactive', 4, ''),
               (3, 'upper-trapezius', 'right', 'overactive', 8, '');
        INSERT INTO psfs_items (assessment_id, position, activity, score)
        VALUES (1, 0, 'Running 10 km', 3), (1, 1, 'Stairs', NULL), (2, 0, 'Running 10 km', 5);
        INSERT INTO sessions (id, patient_id, date, frequency_per_week, status, version,
                              supersedes_id, in_clinic, pre_sport, template, notes, delivered_at)
        VALUES (1, 1, '2026-01-05', 3, 'delivered', 1, NULL, 0, 0, 'runner-calf', '',
                '2026-01-05 11:00:00.000000'),
               (2, 1, '2026-02-05', 3, 'draft', 2, 1, 1, 0, NULL, 'v2', NULL);
        INSERT INTO session_blocks (session_id, position, block_id, exercise, muscles, side,
                                    sets, reps, hold_seconds, rest_seconds, auto, rule, reason,
                                    cues, anchor, reciprocal_inhibition, pinned, note)
        VALUES (1, 0, 'b1', 'calf-raise', '["gastrocnemius"]', 'both', 3, 12, NULL, 30, 0,
                NULL, '', '[]', NULL, 0, 0, ''),
               (2, 0, 'b1', 'calf-raise', '["gastrocnemius"]', 'both', 2, 10, NULL, 30, 0,
                NULL, '', '[]', NULL, 0, 0, '');
        INSERT INTO session_decisions (session_id, kind, anchor, rule, muscle, side, exercise,
                                       reason)
        VALUES (1, 'dismiss', 'b1', 'relax-after-sustained', 'gastrocnemius', 'left', NULL,
                'not today');
    """)
    conn.commit()
    conn.close()


LATER = ("row_version", "other_states", "rom_test", "neurological",
         "relax_after_every_activation", "relax_after_muscles")


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        dump = {}
        for table in TABLES:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            # columns added by 0004 (and by 0005, 0006) are not in the 0003 file
            kept = [c for c in columns if c not in LATER and (
                c not in ("uuid", "version", "supersedes_id") or table == "sessions")]
            dump[table] = conn.execute(
                f"SELECT {', '.join(kept)} FROM {table} ORDER BY id"
            ).fetchall()
        return dump
    finally:
        conn.close()


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "clinic-0003.sqlite3"
    _make_0003(path)
    return path


def test_upgrade_keeps_every_row_and_value(old_db: Path) -> None:
    before = _dump(old_db)
    db = open_database(old_db)
    db.close()
    after = _dump(old_db)
    assert after == before
    assert sum(len(rows) for rows in after.values()) == 17
    conn = sqlite3.connect(old_db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
        HEAD_REVISION,
    )
    conn.close()


def test_upgrade_gives_versions_and_distinct_uuids(old_db: Path) -> None:
    open_database(old_db).close()
    conn = sqlite3.connect(old_db)
    assert conn.execute("SELECT version, supersedes_id FROM assessments").fetchall() == [
        (1, None)] * 3
    uuids = [r[0] for r in conn.execute("SELECT uuid FROM patients")]
    assert len(set(uuids)) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}", u) for u in uuids)
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)
    conn.close()


def test_upgraded_database_audits_and_versions(old_db: Path) -> None:
    """The new behaviour on the migrated data: writes are audited, signed stays read-only,
    amendments become version 2, raw inserts still get a uuid, the trail is append-only."""
    from equitone.domain.assessment import ToneTag
    from equitone.domain.types import Side, ToneState
    from equitone.errors import ValidationError
    from equitone.services.assessments import amend_assessment, list_assessments, set_tags
    from equitone.services.audit import audit_entries
    from equitone.services.workspace import open_workspace
    from equitone.storage.audit import acting_as

    db = open_workspace(old_db)
    try:
        tag = ToneTag("gastrocnemius", Side.LEFT, ToneState.BALANCED, 2)
        with pytest.raises(ValidationError, match="signed"):
            set_tags(db, 1, [tag])
        with acting_as("ana@clinic-pc"):
            amended = amend_assessment(db, 1)
        assert (amended.version, amended.supersedes_id) == (2, 1)
        assert [t.tightness for t in amended.tags] == [3, 5]
        assert [a.id for a in list_assessments(db, 1)] == [2, amended.id]
        entries = audit_entries(db, patient_id=1)
        assert [(e.entity, e.entity_id, e.action, e.actor) for e in entries] == [
            ("assessment", amended.id, "amend", "ana@clinic-pc")]
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO patients (name, phone, email, address, notes, archived) "
                "VALUES ('raw', '', '', '', '', 0)"))
            assert conn.execute(text("SELECT uuid FROM patients WHERE name = 'raw'")).scalar()
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'someone else'"))
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
        with pytest.raises(Exception, match="keeps its uuid"), db.engine.begin() as conn:
            conn.execute(text("UPDATE patients SET uuid = NULL WHERE id = 1"))
    finally:
        db.close()
