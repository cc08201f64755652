"""Damaged, unreadable, read-only and full databases: a clear message naming the file and
the problem, the newest good backup offered, the file never written."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from equitone.domain.patients import PatientDraft
from equitone.errors import DatabaseBusyError, DatabaseError
from equitone.services import backups
from equitone.services.health import check_database
from equitone.services.patients import create_patient, list_patients
from equitone.services.workspace import open_workspace
from equitone.storage.database import Database
from equitone.storage.failures import (
    DamagedDatabaseError,
    DiskFullError,
    ReadOnlyDatabaseError,
)


def _fingerprint(path: Path) -> tuple[bytes, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, st.st_mode


def _damage(path: Path, kind: str) -> None:
    data = path.read_bytes()
    if kind == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif kind == "non-sqlite":  # another program's file under the database's name
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000)
    elif kind == "empty-header":
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 40)


@pytest.fixture
def with_backup(db_path: Path) -> Path:
    db = open_workspace(db_path)
    create_patient(db, PatientDraft(name="Backed-up patient"))
    db.close()
    return backups.backup_now(db_path)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("truncated", "truncated"),
        ("garbage", "not an SQLite file"),
        ("non-sqlite", "not an SQLite file"),
        ("empty-header", "truncated"),
    ],
)
def test_damaged_file_is_named_refused_untouched_and_a_backup_offered(
    db_path: Path, with_backup: Path, kind: str, message: str
) -> None:
    _damage(db_path, kind)
    for sidecar in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        sidecar.unlink(missing_ok=True)
    before = _fingerprint(db_path)
    with pytest.raises(DatabaseError, match=message) as caught:
        open_workspace(db_path)
    assert str(db_path) in str(caught.value)
    assert _fingerprint(db_path) == before
    assert not Path(f"{db_path}-wal").exists()  # SQLite never opened it for writing
    offer = backups.recovery_candidate(db_path, caught.value)
    assert offer is not None and offer.path == with_backup
    report = check_database(db_path)
    assert not report.ok and message in " ".join(report.problems)
    assert report.newest_backup == with_backup and "equitone restore" in report.backup_note
    assert _fingerprint(db_path) == before


def _deny(monkeypatch: pytest.MonkeyPatch, path: Path, denied_mode: int) -> None:
    """Root reads and writes everything, so the clinician's view is simulated (the CLI tests
    in tests/cli/test_cli_files.py check it for real without that privilege)."""
    real_access = os.access

    def access(target: object, mode: int) -> bool:
        if Path(str(target)) == path and mode == denied_mode:
            return False
        return real_access(target, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)


def test_unreadable_file(db_path: Path, with_backup: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _deny(monkeypatch, db_path, os.R_OK)
    with pytest.raises(DatabaseError, match="cannot be read") as caught:
        open_workspace(db_path)
    assert str(db_path) in str(caught.value)
    assert backups.recovery_candidate(db_path, caught.value) is not None
    assert "cannot be read" in " ".join(check_database(db_path).problems)


def test_read_only_file_is_listed_and_checked_but_not_changed(
    db_path: Path, with_backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read-only is what it is: not damage. Reading works; a save says why it cannot."""
    _deny(monkeypatch, db_path, os.W_OK)
    before = _fingerprint(db_path)
    db = open_workspace(db_path)
    try:
        assert [p.name for p in list_patients(db)] == ["Backed-up patient"]
        with pytest.raises(ReadOnlyDatabaseError, match="read-only") as caught:
            create_patient(db, PatientDraft(name="Cannot be saved"))
        assert str(db_path) in str(caught.value) and "damaged" not in str(caught.value)
    finally:
        db.close()
    report = check_database(db_path)
    assert report.ok, report.problems
    assert any("read-only" in line for line in report.findings)
    assert _fingerprint(db_path) == before


def test_damage_found_while_working_is_a_clear_error(db_path: Path) -> None:
    """Damage in the middle of the file is only met when a query reaches it."""
    conn = sqlite3.connect(db_path)
    with conn:  # enough rows for the table to span many pages (raw: 300 commits are slow)
        conn.executemany(
            "INSERT INTO patients (name, phone, email, address, notes, archived)"
            " VALUES (?, '', '', '', ?, 0)",
            [(f"Patient {i}", "x" * 200) for i in range(300)],
        )
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='patients'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db_path.open("r+b") as handle:
        handle.seek((root - 1) * page)
        handle.write(b"\xa5" * page)
    db = open_workspace(db_path)
    try:
        with pytest.raises(DamagedDatabaseError, match="is damaged") as caught:
            list_patients(db)
        assert str(db_path) in str(caught.value) and "Restore" in str(caught.value)
    finally:
        db.close()


# -- disk full --------------------------------------------------------------------------------
def _limit_pages(db: Database, extra: int) -> None:
    """Let the file grow by only `extra` pages: SQLite then fails exactly like a full disk."""
    with db.engine.connect() as conn:
        current = conn.exec_driver_sql("PRAGMA page_count").scalar()
    limit = int(current or 0) + extra

    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")

    db.engine.dispose()  # new connections get the cap


def test_disk_full_write_is_refused_clearly_and_data_stays_intact(db_path: Path) -> None:
    db = open_workspace(db_path)
    try:
        kept = create_patient(db, PatientDraft(name="Already saved", notes="keep me"))
        _limit_pages(db, 2)
        with pytest.raises(DiskFullError) as caught:
            create_patient(db, PatientDraft(name="Too big", notes="x" * 19_000))
        text = str(caught.value)
        assert str(db_path) in text and "disk is full" in text and "not saved" in text
        assert [p.name for p in list_patients(db)] == [kept.name]
        create_patient(db, PatientDraft(name="Small one"))  # room for a small write still
    finally:
        db.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_disk_full_at_commit(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_workspace(db_path)
    try:
        create_patient(db, PatientDraft(name="Saved before"))

        def full(*_args: object) -> None:
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite itself reports it
            raise error

        @event.listens_for(db.engine, "commit")
        def _fail(_conn: object) -> None:
            full()

        with pytest.raises(DiskFullError, match="disk is full"):
            create_patient(db, PatientDraft(name="Lost to a full disk"))
        event.remove(db.engine, "commit", _fail)
        assert [p.name for p in list_patients(db)] == ["Saved before"]
    finally:
        db.close()


def test_busy_database_is_a_clear_error_not_a_traceback(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from equitone.storage import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    db = open_workspace(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError, match="busy"):
            create_patient(db, PatientDraft(name="Waits"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()
