"""Backups that can be trusted (issue 12, items 6–9): a copy is checked before it counts, a
damaged one is kept apart and named so, rotation never drops the newest good backup, a
future date proves nothing, an empty database file is refused with a backup offered, and
what killed copies leave behind is removed at the next start."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from equitone.errors import DatabaseError
from equitone.services import backups
from equitone.services.workspace import open_workspace
from equitone.storage.failures import DamagedDatabaseError, EmptyDatabaseError
from equitone.storage.rotation import backup_name

DAY = datetime(2026, 3, 2, 8, 0, 0)


def _add(path: Path, count: int, prefix: str = "P") -> None:
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO patients (uuid, name, phone, email, address, notes, archived)"
            " VALUES (lower(hex(randomblob(16))), ?, '', '', '', ?, 0)",
            [(f"{prefix}{i}", "x" * 300) for i in range(count)],
        )
    conn.close()


def _damage_last_page(path: Path) -> None:
    """Random bytes over the last page: the header and the first pages stay fine."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size - page)
        handle.write(os.urandom(page))


def _kinds(db_path: Path) -> list[str]:
    return [e.kind for e in backups.backups_of(db_path)]


@pytest.fixture
def damaged(db_path: Path) -> Path:
    """A database with a good backup of yesterday, then damage inside its last page."""
    _add(db_path, 400)
    good = backups.backup_now(db_path, kind="daily", now=DAY - timedelta(days=1))
    assert good.exists()
    _damage_last_page(db_path)
    return good


def test_a_copy_of_a_damaged_database_never_counts_as_a_backup(
    db_path: Path, damaged: Path
) -> None:
    with pytest.raises(DamagedDatabaseError, match="damaged") as caught:
        backups.backup_now(db_path, now=DAY)
    assert str(db_path) in str(caught.value) and "kept apart" in str(caught.value)
    assert _kinds(db_path) == ["damaged", "daily"]  # no "manual" came of it
    kept = backups.backups_of(db_path)[0].path
    assert kept.name.endswith("-damaged.sqlite3") and kept.name in str(caught.value)
    good = backups.newest_good_backup(db_path, now=DAY)
    assert good is not None and good.path == damaged


def test_a_copy_to_a_chosen_file_is_checked_too(
    db_path: Path, damaged: Path, tmp_path: Path
) -> None:
    target = tmp_path / "usb-copy.sqlite3"
    with pytest.raises(DamagedDatabaseError):
        backups.backup_now(db_path, target, now=DAY)
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_the_daily_backup_warns_once_and_keeps_the_good_ones(
    db_path: Path, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", lambda _fd: None)  # 12 copies: durability is not tested
    heard: list[str] = []
    assert backups.ensure_daily_backup(db_path, DAY, warn=heard.append) is None
    assert len(heard) == 1 and "damaged" in heard[0]
    assert not backups.daily_backup_due(db_path, DAY + timedelta(hours=3))  # once a day
    # A week and more of a damaged database: the last good daily is never rotated away.
    for day in range(1, 12):
        backups.ensure_daily_backup(db_path, DAY + timedelta(days=day), warn=heard.append)
    assert len(heard) == 12
    assert damaged.exists()
    good = backups.newest_good_backup(db_path, now=DAY + timedelta(days=12))
    assert good is not None and good.path == damaged
    assert _kinds(db_path).count("damaged") == 10  # the newest 10, kept apart


def test_rotation_never_drops_the_newest_good_backup(db_path: Path) -> None:
    """Seven newer dailies that are all damaged (taken before copies were checked) must not
    push out the only good one."""
    _add(db_path, 50)
    folder = db_path.parent / "backups"
    good = backups.backup_now(db_path, kind="daily", now=DAY)
    for day in range(1, 9):
        broken = folder / backup_name(db_path.stem, DAY + timedelta(days=day), "daily")
        broken.write_bytes(good.read_bytes()[:8192])
    backups.rotate(db_path, now=DAY + timedelta(days=9))
    assert good.exists()
    found = backups.newest_good_backup(db_path, now=DAY + timedelta(days=9))
    assert found is not None and found.path == good


def test_backups_dated_in_the_future_neither_crowd_out_nor_count_as_newest(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", lambda _fd: None)
    _add(db_path, 5, prefix="Old")
    wrong_clock = datetime(2031, 1, 1, 9, 0, 0)
    for n in range(9):  # a week of dailies while the clock was five years ahead
        backups.ensure_daily_backup(db_path, wrong_clock + timedelta(days=n))
    from_the_wrong_clock = {e.path for e in backups.backups_of(db_path)}
    _add(db_path, 5, prefix="New")
    for n in range(9):  # the clock fixed: the real dailies
        backups.ensure_daily_backup(db_path, DAY + timedelta(days=n))
    today = DAY + timedelta(days=8)
    entries = backups.backups_of(db_path)
    real = sorted({e.taken.date() for e in entries if e.taken < wrong_clock})
    assert real[-7:] == [(today - timedelta(days=d)).date() for d in range(6, -1, -1)]
    assert {e.path for e in entries if e.taken >= wrong_clock} == from_the_wrong_clock
    good = backups.newest_good_backup(db_path, now=today)
    assert good is not None and good.patients == 10
    assert good.path.name.startswith(f"{db_path.stem}-{today:%Y-%m-%d}")


# -- an empty database file ------------------------------------------------------------------
def test_an_empty_database_file_is_refused_with_the_newest_good_backup_offered(
    db_path: Path,
) -> None:
    _add(db_path, 3)
    backup = backups.backup_now(db_path)
    db_path.write_bytes(b"")
    for sidecar in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        sidecar.unlink(missing_ok=True)
    with pytest.raises(EmptyDatabaseError, match="empty") as caught:
        open_workspace(db_path)
    assert db_path.stat().st_size == 0  # not silently re-created as an empty clinic
    offer = backups.recovery_candidate(db_path, caught.value)
    assert offer is not None and offer.path == backup and offer.patients == 3
    done = backups.restore(db_path, backup, current_damaged=True)
    assert done.kept is not None and done.kept.name.endswith("-unusable.sqlite3")
    assert done.source.patients == 3


def test_an_empty_file_never_backed_up_is_a_first_creation_to_finish(tmp_path: Path) -> None:
    """A first creation killed before its first write leaves 0 bytes and nothing else:
    there was never anything in it, so it is created afresh."""
    path = tmp_path / "new.sqlite3"
    path.write_bytes(b"")
    open_workspace(path).close()
    assert path.stat().st_size > 0


def test_the_command_line_refuses_an_empty_database(
    db_path: Path, tmp_path: Path
) -> None:
    backups.backup_now(db_path)
    db_path.write_bytes(b"")
    env = {**os.environ, "EQUITONE_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "equitone", "--db", str(db_path), "patient", "list"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.returncode == 4 and "empty" in done.stderr and done.stderr.count("\n") == 1
    assert db_path.stat().st_size == 0


# -- leftovers of killed copies ---------------------------------------------------------------
def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_killed_copies_are_removed_at_the_next_start(db_path: Path) -> None:
    folder = db_path.parent / "backups"
    folder.mkdir()
    dead, alive = _dead_pid(), os.getppid()
    name = backup_name(db_path.stem, DAY, "daily")
    stale = [
        folder / f".{name}.{dead}.k2j4h1x0.part",
        folder / f".{name}.{dead}.k2j4h1x0.part-journal",
        db_path.parent / f".{db_path.name}.{dead}.restoring",
        db_path.parent / f"..{db_path.name}.{dead}.restoring.{dead}.ab12cd34.part",
    ]
    running = [folder / f".{name}.{alive}.zz99yy88.part",  # another window's daily copy
               db_path.parent / f".{db_path.name}.{alive}.restoring"]
    unrelated = [db_path.parent / ".hidden-notes.part", folder / "readme.txt"]
    for path in (*stale, *running, *unrelated):
        path.write_bytes(b"x" * 1024)
    open_workspace(db_path).close()
    assert [p for p in stale if p.exists()] == []
    assert all(p.exists() for p in (*running, *unrelated))


def test_old_leftovers_without_a_pid_are_removed_once_a_day_old(db_path: Path) -> None:
    old = db_path.parent / f".{db_path.name}.restoring"
    new = db_path.parent / f".{db_path.name}.abcdefgh.part"
    for path in (old, new):
        path.write_bytes(b"x")
    day_ago = (datetime.now() - timedelta(days=2)).timestamp()
    os.utime(old, (day_ago, day_ago))
    assert backups.clean_leftovers(db_path) == [old]
    assert new.exists()


def test_a_backup_in_a_read_only_folder_says_so(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read-only is reported as what it is, never as damage (the real, unprivileged case is
    in tests/cli/test_cli_files.py)."""
    import tempfile

    def refused(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(DatabaseError, match="read-only") as caught:
        backups.backup_now(db_path)
    assert "damaged" not in str(caught.value)


def test_copies_are_checked_while_they_are_made(db_path: Path, tmp_path: Path) -> None:
    """The check reads the same pages the copy writes: a healthy copy passes whole."""
    _add(db_path, 300)
    target = backups.backup_now(db_path, tmp_path / "copy.sqlite3")
    copy = tmp_path / "again.sqlite3"
    shutil.copyfile(target, copy)
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
