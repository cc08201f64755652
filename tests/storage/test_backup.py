"""Online backups (copy, inspection), the header's truncation check and rotation rules."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from equitone.errors import DamagedDatabaseError, DatabaseError, NewerSchemaError
from equitone.storage.backup import BackupCancelledError, copy_database, inspect
from equitone.storage.header import parse_header, truncation_problem
from equitone.storage.rotation import (
    BackupEntry,
    backup_name,
    list_backups,
    parse_name,
    to_delete,
)


def _add_patients(path: Path, count: int, prefix: str = "P") -> None:
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(patients)")}
        uuid, value = ("uuid, ", "lower(hex(randomblob(16))), ") if "uuid" in columns else ("", "")
        conn.executemany(
            f"INSERT INTO patients ({uuid}name, phone, email, address, notes, archived)"
            f" VALUES ({value}?, '', '', '', '', 0)",
            [(f"{prefix}{i}",) for i in range(count)],
        )
    conn.close()


def _names(path: Path) -> list[str]:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM patients ORDER BY id")]
    conn.close()
    return names


def test_copy_is_complete_private_self_contained_and_reports_progress(
    db_path: Path, tmp_path: Path
) -> None:
    _add_patients(db_path, 2000)
    seen: list[tuple[int, int]] = []
    target = copy_database(
        db_path, tmp_path / "copy.sqlite3", progress=lambda d, t: seen.append((d, t)),
        step_pages=8,
    )
    assert _names(target) == _names(db_path)
    assert target.stat().st_mode & 0o777 == 0o600
    assert len(seen) > 3 and seen[-1][0] == seen[-1][1]
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    # One file: not in WAL mode, nothing beside it, and a read-only open needs no -shm.
    assert target.read_bytes()[18:20] == b"\x01\x01"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == [
        "copy.sqlite3"
    ]


def test_copy_includes_commits_still_in_the_wal(db_path: Path, tmp_path: Path) -> None:
    """A live database keeps recent commits in -wal; a plain file copy would miss them."""
    writer = sqlite3.connect(db_path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.commit()
    _add_patients(db_path, 1, prefix="Only in the WAL")
    try:
        assert Path(f"{db_path}-wal").stat().st_size > 0
        target = copy_database(db_path, tmp_path / "copy.sqlite3")
        assert "Only in the WAL0" in _names(target)
    finally:
        writer.close()


def test_cancelled_copy_leaves_nothing(db_path: Path, tmp_path: Path) -> None:
    _add_patients(db_path, 2000)
    with pytest.raises(BackupCancelledError):
        copy_database(db_path, tmp_path / "copy.sqlite3", cancelled=lambda: True, step_pages=4)
    assert [p.name for p in tmp_path.iterdir() if "copy" in p.name] == []


def _page_of(path: Path, name: str) -> tuple[int, int]:
    """(offset, size) of the root page of table or index `name`, after a checkpoint that
    leaves every page in the main file."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,))
        offset = (root.fetchone()[0] - 1) * size
    conn.close()
    return offset, size


def _break_a_record(path: Path) -> None:
    """One byte inside the first patient's record: its name's type becomes NULL. The page
    header, the cell pointers and the cell sizes stay valid, so walking the b-tree (a COUNT)
    notices nothing; only reading the records does."""
    offset, _size = _page_of(path, "patients")
    with path.open("r+b") as handle:
        page = bytearray(handle.read()[offset : offset + 16])
        assert page[0] == 0x0D  # a table leaf: the few patients fit in the root page
        handle.seek(offset + int.from_bytes(page[8:10], "big"))  # the last cell (first row)
        cell = handle.read(8)
        # payload length and rowid are one-byte varints here; then the record header:
        # its length, the id (stored as NULL: it is the rowid), then the name's type
        assert cell[0] < 0x80 and cell[1] < 0x80 and cell[3] == 0 and cell[4] >= 13
        handle.seek(-4, 1)
        handle.write(b"\x00")


def _break_an_index(path: Path) -> None:
    """Random bytes over the root page of the name index; the table itself stays readable."""
    offset, size = _page_of(path, "ix_patients_name")
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(size))


@pytest.mark.parametrize("damage", [_break_a_record, _break_an_index])
def test_a_checked_copy_refuses_damage_the_tables_still_read_through(
    db_path: Path, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    """The health check reads every page and record: damage that a scan of the patients
    (or a count per table) goes straight past still keeps the copy from counting."""
    _add_patients(db_path, 3)
    damage(db_path)
    with sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM patients").fetchone() == (3,)
    conn.close()
    kept = tmp_path / "kept-damaged.sqlite3"
    with pytest.raises(DamagedDatabaseError, match="damaged") as caught:
        copy_database(db_path, tmp_path / "copy.sqlite3", checked=True, damaged_as=kept)
    assert "kept apart as kept-damaged.sqlite3" in str(caught.value)
    assert kept.exists() and not (tmp_path / "copy.sqlite3").exists()


def test_copy_of_a_non_database_names_the_source(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database at all\n" * 40)
    with pytest.raises(DamagedDatabaseError, match=r"bad\.sqlite3"):
        copy_database(bad, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()


def test_inspect_accepts_a_good_copy(db_path: Path, tmp_path: Path) -> None:
    _add_patients(db_path, 3)
    found = inspect(copy_database(db_path, tmp_path / "copy.sqlite3"))
    assert found.patients == 3 and found.revision


@pytest.mark.parametrize(
    ("damage", "error", "message"),
    [
        ("garbage", DamagedDatabaseError, "not an SQLite file"),
        ("truncated", DamagedDatabaseError, "truncated"),
        ("foreign", DatabaseError, "not made by Equitone"),
        ("newer", NewerSchemaError, "newer version"),
        ("overwritten", DamagedDatabaseError, "damaged|integrity"),
    ],
)
def test_inspect_refuses_bad_files(
    db_path: Path, tmp_path: Path, damage: str, error: type[Exception], message: str
) -> None:
    _add_patients(db_path, 500)
    path = copy_database(db_path, tmp_path / "candidate.sqlite3")
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00garbage" * 4000)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "foreign":
        path.unlink()
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        conn.close()
    elif damage == "newer":
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.close()
    else:  # the patients' table pages overwritten in the middle of the file
        page = int.from_bytes(data[16:18], "big")
        with sqlite3.connect(path) as conn:
            root = conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = 'patients'"
            ).fetchone()[0]
        conn.close()
        broken = bytearray(data)
        start = (root - 1) * page
        broken[start : start + page] = b"\xa5" * page
        path.write_bytes(bytes(broken))
    before = path.read_bytes()
    with pytest.raises(error, match=message) as caught:
        inspect(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before


def test_header_reports_truncation_only_without_a_journal(db_path: Path) -> None:
    data = db_path.read_bytes()
    header = parse_header(data[:100])
    assert header is not None and header.page_count == len(data) // header.page_size
    assert truncation_problem(data[:100], len(data), has_journal=False) is None
    half = (len(data) // 2 // header.page_size) * header.page_size
    assert "truncated" in (truncation_problem(data[:100], half, has_journal=False) or "")
    assert "whole number" in (truncation_problem(data[:100], half + 7, has_journal=False) or "")
    assert truncation_problem(data[:100], half, has_journal=True) is None
    assert "truncated" in (truncation_problem(data[:50], 50, has_journal=False) or "")
    assert parse_header(b"x" * 100) is None


# -- names and rotation ---------------------------------------------------------------------
def _entry(taken: datetime, kind: str = "daily") -> BackupEntry:
    return BackupEntry(Path(backup_name("clinic", taken, kind)), "clinic", taken, kind)


def test_names_round_trip_and_foreign_files_are_ignored(tmp_path: Path) -> None:
    taken = datetime(2026, 3, 4, 5, 6, 7)
    name = backup_name("my-clinic", taken, "pre-migration")
    assert name == "my-clinic-2026-03-04T050607-pre-migration.sqlite3"
    entry = parse_name(Path(name))
    assert entry is not None and (entry.stem, entry.taken, entry.kind) == (
        "my-clinic", taken, "pre-migration"
    )
    for other in ("notes.txt", "clinic-2026-13-40T000000-daily.sqlite3",
                  "clinic-2026-03-04T050607-weird.sqlite3", name + "-wal"):
        assert parse_name(Path(other)) is None
    (tmp_path / name).write_bytes(b"")
    (tmp_path / backup_name("other", taken, "daily")).write_bytes(b"")
    (tmp_path / "readme.txt").write_text("x")
    assert [e.path.name for e in list_backups(tmp_path, "my-clinic")] == [name]


def test_rotation_keeps_seven_days_and_four_weeks() -> None:
    start = datetime(2026, 1, 1, 8, 0, 0)
    entries = [_entry(start + timedelta(days=d)) for d in range(60)]
    entries.append(_entry(start + timedelta(days=59, hours=2)))  # two on the last day
    kept = {e.path for e in entries} - {e.path for e in to_delete(entries)}
    kept_days = sorted({p.name[7:17] for p in kept})
    last = start + timedelta(days=59)
    # the newest backup of each of the last 7 days…
    for d in range(7):
        day = (last - timedelta(days=d)).date().isoformat()
        assert day in kept_days
    assert Path(backup_name("clinic", last + timedelta(hours=2), "daily")) in kept
    assert Path(backup_name("clinic", last, "daily")) not in kept
    # …and one in each of the last 4 ISO weeks, so history reaches back about a month
    weeks = {datetime.fromisoformat(d).isocalendar()[:2] for d in kept_days}
    assert len(weeks) >= 4
    oldest = min(datetime.fromisoformat(d) for d in kept_days)
    assert (last - oldest).days >= 21
    assert len(kept) <= 7 + 4


def test_rotation_keeps_manual_and_recent_safety_backups() -> None:
    start = datetime(2026, 1, 1)
    manual = [_entry(start + timedelta(days=d), "manual") for d in range(30)]
    safety = [_entry(start + timedelta(days=d), "pre-migration") for d in range(15)]
    removed = {e.path for e in to_delete(manual + safety)}
    assert not removed & {e.path for e in manual}
    assert removed == {e.path for e in safety[:5]}
