"""Opening databases: new files, migrations, refusal of foreign, damaged and newer files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from equitone.errors import DatabaseError, NewerSchemaError
from equitone.storage.database import open_database, probe
from equitone.storage.schema import APPLICATION_ID, HEAD_REVISION
from tests.databases import older_database


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_new_file_is_created_migrated_and_configured(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = open_database(path)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    db.close()
    assert revision == HEAD_REVISION
    assert probe(path).needs_migration is False


def test_missing_directory_is_refused_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "db.sqlite3"
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(target)
    assert not target.parent.exists()


def test_default_location_creates_its_directory(tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "db.sqlite3"
    open_database(target, create_directory=True).close()
    assert target.exists()


def test_newer_schema_is_refused_and_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = _fingerprint(path)
    with pytest.raises(NewerSchemaError, match="newer version of Equitone"):
        open_database(path)
    assert _fingerprint(path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is a text file, not a database\n" * 20, "not an SQLite file"),
        (b"SQLite format 3\x00" + b"\xff" * 400, "damaged"),
    ],
    ids=["garbage", "truncated-sqlite"],
)
def test_damaged_files_are_refused_untouched(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(content)
    before = _fingerprint(path)
    with pytest.raises(DatabaseError, match=message) as caught:
        open_database(path)
    assert str(path) in str(caught.value)
    assert _fingerprint(path) == before
    assert not Path(str(path) + "-wal").exists()


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.close()
    before = _fingerprint(path)
    with pytest.raises(DatabaseError, match="not made by Equitone"):
        open_database(path)
    assert _fingerprint(path) == before


def _deny_writing(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Root ignores permission bits, so simulate what a clinician's account would see
    (tests/cli/test_cli_files.py does it for real in a process without that privilege)."""
    real_access = os.access

    def access(target: object, mode: int) -> bool:
        if Path(str(target)) == path and mode == os.W_OK:
            return False
        return real_access(target, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)


def test_read_only_file_is_opened_for_reading_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from equitone.storage.failures import ReadOnlyDatabaseError

    path = tmp_path / "ro.sqlite3"
    open_database(path).close()
    before = _fingerprint(path)
    _deny_writing(monkeypatch, path)
    db = open_database(path)
    try:
        assert db.read_only
        with db.reading() as session:
            assert session.execute(text("SELECT count(*) FROM patients")).scalar() == 0
        with pytest.raises(ReadOnlyDatabaseError, match="read-only"), db.transaction() as s:
            s.execute(text("INSERT INTO meta (key, value) VALUES ('x', 'y')"))
    finally:
        db.close()
    assert _fingerprint(path) == before


def test_read_only_file_that_needs_an_upgrade_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = older_database(tmp_path / "old.sqlite3")
    before = _fingerprint(path)
    _deny_writing(monkeypatch, path)
    with pytest.raises(DatabaseError, match=r"needs an upgrade.*read-only.*Nothing was changed"):
        open_database(path)
    assert _fingerprint(path) == before


def test_every_write_is_one_transaction(db_path: Path) -> None:
    from equitone.storage.models import PatientRow

    db = open_database(db_path)
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.add(PatientRow(name="A", phone="", email="", address="", notes="",
                               archived=False))
        session.flush()
        raise RuntimeError("crash in the middle of a write")
    with db.reading() as session:
        assert session.query(PatientRow).count() == 0
    db.close()


def test_new_database_file_is_private(tmp_path: Path) -> None:
    from equitone.services.workspace import open_workspace

    path = tmp_path / "private.sqlite3"
    open_workspace(path).close()
    assert path.stat().st_mode & 0o077 == 0


def test_a_database_copied_in_readable_by_others_is_made_private(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """SQLite gives -wal and -shm the database's mode: 0644 would spread its pages."""
    import logging

    db_path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="equitone.storage.sqlite_backend"):
        db = open_database(db_path)
        try:
            with db.transaction() as session:  # a write: -wal and -shm exist now
                session.execute(text("INSERT INTO meta (key, value) VALUES ('k', 'v')"))
            modes = {p.name: p.stat().st_mode & 0o777
                     for p in db_path.parent.glob(f"{db_path.name}*")}
        finally:
            db.close()
    assert set(modes) >= {db_path.name, f"{db_path.name}-wal", f"{db_path.name}-shm"}
    assert set(modes.values()) == {0o600}
    assert "made private" in caplog.text
