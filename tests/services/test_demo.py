"""`equitone demo` is all or nothing and only for an empty database (issue 12, "smaller")."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from equitone.domain.patients import PatientDraft
from equitone.errors import ValidationError
from equitone.services import demo_history
from equitone.services.demo import DEMO_PEOPLE, load_demo
from equitone.services.patients import create_patient, list_patients
from equitone.storage.database import Database
from equitone.storage.models import AuditRow

TODAY = date(2026, 11, 25)


def _audit_entries(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(AuditRow)) or 0


def test_the_demo_refuses_a_database_with_patients_unless_forced(db: Database) -> None:
    create_patient(db, PatientDraft(name="A real patient"))
    with pytest.raises(ValidationError, match=r"already has 1 patient.*--force"):
        load_demo(db, today=TODAY)
    assert [p.name for p in list_patients(db)] == ["A real patient"]
    created = load_demo(db, today=TODAY, force=True)
    assert len(created) == len(DEMO_PEOPLE)
    assert len(list_patients(db)) == len(DEMO_PEOPLE) + 1


def test_a_failure_half_way_leaves_nothing(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = demo_history.build_history
    calls = 0

    def failing(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("the disk went away")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_history, "build_history", failing)
    entries_before = _audit_entries(db)
    with pytest.raises(RuntimeError):
        load_demo(db, today=TODAY)
    assert list_patients(db) == [] and _audit_entries(db) == entries_before
    monkeypatch.setattr(demo_history, "build_history", real)
    assert len(load_demo(db, today=TODAY)) == len(DEMO_PEOPLE)  # and then it works


def test_the_demo_keeps_one_audit_entry_per_record(db: Database) -> None:
    """One transaction, but the trail still says what was created, record by record."""
    load_demo(db, today=TODAY)
    with db.reading() as session:
        created = session.scalars(select(AuditRow.entity).where(AuditRow.action == "create"))
        kinds = sorted(set(created))
    assert kinds == ["assessment", "patient", "session"]
    with db.reading() as session:
        patients = session.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.entity == "patient")
        )
    assert patients == len(DEMO_PEOPLE)


def _patients(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM patients").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_demo_killed_at_any_moment_leaves_all_or_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "EQUITONE_HOME": str(tmp_path / "home")}
    rng = random.Random(3)
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-m", "equitone", "--db", str(db_path),
                                 "demo"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.6, 1.8))  # start-up is ~0.5 s, the demo ~1.5 s more
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _patients(db_path) in (0, len(DEMO_PEOPLE))
        if _patients(db_path):
            break


def test_the_demo_reports_each_patient_and_a_stop_leaves_nothing(db: Database) -> None:
    from equitone.errors import OperationCancelled

    seen: list[tuple[int, int]] = []

    def stop_at_the_third(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 3:
            raise OperationCancelled("Stopped by the user.")

    with pytest.raises(OperationCancelled):
        load_demo(db, progress=stop_at_the_third)
    assert seen == [(1, len(DEMO_PEOPLE)), (2, len(DEMO_PEOPLE)), (3, len(DEMO_PEOPLE))]
    assert list_patients(db, include_archived=True) == []  # one transaction, rolled back
