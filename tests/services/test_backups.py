"""Backup and restore use-cases: manual, daily with rotation, before migrations, restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from equitone.errors import DatabaseBusyError, DatabaseError, NewerSchemaError, ValidationError
from equitone.services import backups
from equitone.storage.backup import inspect
from equitone.storage.failures import DamagedDatabaseError
from equitone.storage.schema import HEAD_REVISION, REVISIONS
from tests.databases import older_database


def _add_patient(path: Path, *names: str) -> None:
    """Raw insert (one transaction), so it also works on files at an older schema."""
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(patients)")}
        uuid = "uuid, " if "uuid" in columns else ""
        value = "lower(hex(randomblob(16))), " if uuid else ""
        conn.executemany(
            f"INSERT INTO patients ({uuid}name, phone, email, address, notes, archived)"
            f" VALUES ({value}?, '', '', '', '', 0)",
            [(name,) for name in names],
        )
    conn.close()


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM patients ORDER BY id")]
    finally:
        conn.close()


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_manual_backup_goes_to_a_private_backups_folder(db_path: Path) -> None:
    _add_patient(db_path, "Ada")
    written = backups.backup_now(db_path, now=datetime(2026, 5, 1, 9, 30, 0))
    assert written.parent == db_path.parent / "backups"
    assert written.name == "clinic-2026-05-01T093000-manual.sqlite3"
    assert written.parent.stat().st_mode & 0o777 == 0o700
    assert written.stat().st_mode & 0o777 == 0o600
    assert _names(written) == ["Ada"]
    again = backups.backup_now(db_path, now=datetime(2026, 5, 1, 9, 30, 0))
    assert again != written and again.exists()  # same second: a new name, nothing overwritten


def test_backup_to_a_chosen_file_and_bad_targets(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "usb" / "copy.sqlite3"
    out.parent.mkdir()
    assert backups.backup_now(db_path, out) == out and out.stat().st_mode & 0o777 == 0o600
    with pytest.raises(ValidationError, match="does not exist"):
        backups.backup_now(db_path, tmp_path / "nowhere" / "x.sqlite3")
    with pytest.raises(ValidationError, match="is a folder"):
        backups.backup_now(db_path, tmp_path)
    with pytest.raises(ValidationError, match="is the open database"):
        backups.backup_now(db_path, db_path)
    with pytest.raises(DatabaseError, match="no database"):
        backups.backup_now(tmp_path / "missing.sqlite3")


def test_daily_backup_once_a_day_with_rotation(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setattr(os, "fsync", lambda _fd: None)  # 40 copies: durability is not tested
    start = datetime(2026, 2, 1, 8, 0, 0)
    for day in range(40):
        now = start + timedelta(days=day)
        assert backups.daily_backup_due(db_path, now)
        assert backups.ensure_daily_backup(db_path, now) is not None
        assert not backups.daily_backup_due(db_path, now + timedelta(hours=5))
        assert backups.ensure_daily_backup(db_path, now + timedelta(hours=5)) is None
    daily = [e for e in backups.backups_of(db_path) if e.kind == "daily"]
    days = sorted(e.taken.date() for e in daily)
    last = (start + timedelta(days=39)).date()
    assert days[-7:] == [last - timedelta(days=d) for d in range(6, -1, -1)]
    assert len({d.isocalendar()[:2] for d in days}) >= 4
    assert len(daily) <= 11


def test_daily_backup_never_raises(tmp_path: Path, db_path: Path) -> None:
    assert backups.ensure_daily_backup(tmp_path / "missing.sqlite3") is None
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 100)
    assert backups.ensure_daily_backup(bad) is None


def test_backup_before_each_migration(tmp_path: Path) -> None:
    from equitone.services.workspace import open_workspace

    path = older_database(tmp_path / "old.sqlite3")
    _add_patient(path, "Before upgrade")
    open_workspace(path).close()
    taken = [e for e in backups.backups_of(path) if e.kind == "pre-migration"]
    assert len(taken) == 1
    found = inspect(taken[0].path)
    assert found.revision == REVISIONS[-2] and found.patients == 1
    open_workspace(path).close()  # already current: no second backup
    assert len([e for e in backups.backups_of(path) if e.kind == "pre-migration"]) == 1


def test_failed_pre_migration_backup_stops_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from equitone.services.workspace import open_workspace

    path = older_database(tmp_path / "old.sqlite3")
    before = _fingerprint(path)

    def no_space(*_args: object, **_kw: object) -> Path:
        raise DatabaseError("Cannot write the backup x: the disk is full.")

    monkeypatch.setattr(backups, "copy_database", no_space)
    with pytest.raises(DatabaseError, match=r"could not be written.*Nothing was changed"):
        open_workspace(path)
    assert _fingerprint(path) == before


# -- restore ----------------------------------------------------------------------------------
def test_restore_switches_and_keeps_the_current_database(db_path: Path) -> None:
    _add_patient(db_path, "In the backup")
    backup = backups.backup_now(db_path)
    _add_patient(db_path, "Added after the backup")
    done = backups.restore(db_path, backup)
    assert _names(db_path) == ["In the backup"]
    assert done.kept is not None and done.kept.name.endswith("-pre-restore.sqlite3")
    assert _names(done.kept) == ["In the backup", "Added after the backup"]
    assert done.source.patients == 1
    assert db_path.stat().st_mode & 0o777 == 0o600
    assert not [p for p in db_path.parent.iterdir() if p.name.startswith(".")]


def test_restore_with_pending_wal_does_not_replay_old_commits(db_path: Path) -> None:
    """A process killed mid-work leaves commits in -wal. They must be kept in the pre-restore
    copy, and never replayed onto the restored file."""
    _add_patient(db_path, "Kept")
    backup = backups.backup_now(db_path)
    writer = sqlite3.connect(db_path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute(
        "INSERT INTO patients (name, phone, email, address, notes, archived)"
        " VALUES ('Only in the old WAL', '', '', '', '', 0)"
    )
    writer.commit()
    crashed = {suffix: Path(f"{db_path}{suffix}").read_bytes() for suffix in ("", "-wal")}
    writer.close()  # a clean close checkpoints; put the files back as a crash leaves them
    for suffix, data in crashed.items():
        Path(f"{db_path}{suffix}").write_bytes(data)
    assert len(crashed["-wal"]) > 0
    done = backups.restore(db_path, backup)
    assert _names(db_path) == ["Kept"]
    assert done.kept is not None and _names(done.kept) == ["Kept", "Only in the old WAL"]
    assert not Path(f"{db_path}-wal").exists()
    from equitone.services.workspace import open_workspace

    open_workspace(db_path).close()
    assert _names(db_path) == ["Kept"]


def test_restore_refuses_while_another_program_has_the_database_open(db_path: Path) -> None:
    backup = backups.backup_now(db_path)
    _add_patient(db_path, "Current")
    other = sqlite3.connect(db_path)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("SELECT count(*) FROM patients").fetchone()
    try:
        before = _names(db_path)
        with pytest.raises(DatabaseBusyError, match="busy"):
            backups.restore(db_path, backup)
        assert _names(db_path) == before
    finally:
        other.close()
    assert not [p for p in db_path.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "newer", "foreign", "missing"])
def test_restore_refuses_a_bad_file_and_changes_nothing(
    db_path: Path, tmp_path: Path, damage: str
) -> None:
    _add_patient(db_path, "Current")
    candidate = backups.backup_now(db_path, tmp_path / "candidate.sqlite3")
    if damage == "garbage":
        candidate.write_bytes(b"\x00\x01garbage" * 1000)
    elif damage == "truncated":
        data = candidate.read_bytes()
        candidate.write_bytes(data[: len(data) // 3])
    elif damage == "newer":
        with sqlite3.connect(candidate) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.close()
    elif damage == "foreign":
        candidate.unlink()
        with sqlite3.connect(candidate) as conn:
            conn.execute("CREATE TABLE other (x)")
        conn.close()
    else:
        candidate.unlink()
    before = _fingerprint(db_path)
    folder_before = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(DatabaseError) as caught:
        backups.restore(db_path, candidate)
    assert str(candidate) in str(caught.value)
    if damage == "newer":
        assert isinstance(caught.value, NewerSchemaError)
    if damage != "missing":
        assert "nothing was changed" in str(caught.value)
    assert _fingerprint(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == folder_before


def test_restore_over_a_damaged_database_sets_it_aside_untouched(db_path: Path) -> None:
    _add_patient(db_path, "Good")
    backup = backups.backup_now(db_path)
    db_path.write_bytes(b"overwritten by something else" * 100)
    damaged = db_path.read_bytes()
    done = backups.restore(db_path, backup)
    assert _names(db_path) == ["Good"]
    assert done.kept is not None and done.kept.name.endswith("-unusable.sqlite3")
    assert done.kept.read_bytes() == damaged
    assert backups.newest_good_backup(db_path) is not None
    assert all(e.path != done.kept for e in backups.backups_of(db_path) if e.kind != "unusable")


def test_restore_over_damage_deep_inside_never_writes_to_it(db_path: Path) -> None:
    """The header is fine (probe passes) but a table page is overwritten: the file is kept
    as it is, not folded out of WAL mode."""
    _add_patient(db_path, *(f"Patient {n} " + "x" * 200 for n in range(300)))
    backup = backups.backup_now(db_path)
    conn = sqlite3.connect(db_path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='patients'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db_path.open("r+b") as handle:
        handle.seek((root - 1) * page)
        handle.write(b"\xa5" * page)
    damaged = db_path.read_bytes()
    done = backups.restore(db_path, backup)
    assert done.kept is not None and done.kept.name.endswith("-unusable.sqlite3")
    assert done.kept.read_bytes() == damaged
    assert len(_names(db_path)) == 300
    assert not [e for e in backups.backups_of(db_path) if e.kind == "pre-restore"]


def test_restore_the_database_itself_is_refused(db_path: Path) -> None:
    with pytest.raises(ValidationError, match="database itself"):
        backups.restore(db_path, db_path)


def test_restore_an_older_schema_is_upgraded_on_open(db_path: Path, tmp_path: Path) -> None:
    from equitone.services.workspace import open_workspace

    old = older_database(tmp_path / "old.sqlite3")
    _add_patient(old, "From an older version")
    backups.restore(db_path, old)
    db = open_workspace(db_path)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            HEAD_REVISION
        )
    db.close()
    assert _names(db_path) == ["From an older version"]


def test_newest_good_backup_skips_damaged_ones(db_path: Path) -> None:
    _add_patient(db_path, "A")
    good = backups.backup_now(db_path, now=datetime(2026, 1, 1, 8))
    newer = backups.backup_now(db_path, now=datetime(2026, 1, 2, 8))
    newer.write_bytes(newer.read_bytes()[:4096])
    found = backups.newest_good_backup(db_path)
    assert found is not None and found.path == good
    assert backups.recovery_candidate(db_path, DamagedDatabaseError("x")) == found
    assert backups.recovery_candidate(db_path, NewerSchemaError("x")) is None
    assert backups.recovery_candidate(db_path, DatabaseBusyError("x")) is None
