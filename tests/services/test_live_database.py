"""A database another process has open is busy — for a restore, for an upgrade, for every
command — never "damaged", and never replaced under that process (issue 12, items 2 and 3).

The other process is real: POSIX locks are per process, so only a second process shows
whether this one can see them (and whether the window's own locks survive its daily backup).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from equitone.errors import DatabaseBusyError
from equitone.services import backups
from equitone.services.health import check_database
from equitone.storage.file_lock import in_use_elsewhere
from tests.databases import older_database

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")

HOLDER = Path(__file__).with_name("lock_holder.py")
ROOT = Path(__file__).resolve().parents[2]


class Holder:
    def __init__(self, mode: str, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HOLDER), mode, str(path)], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        assert self.read() == "ready"

    def read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"the holder ended (exit {self.proc.wait()})")
        return line.strip()

    def write(self, name: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"write {name}\n")
        self.proc.stdin.flush()
        assert self.read() == "wrote"

    def stop(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=20)


@pytest.fixture
def short_busy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    from equitone.storage import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def backup(db_path: Path) -> Path:
    _add(db_path, "In the backup")
    return backups.backup_now(db_path)


@pytest.fixture
def window(db_path: Path, backup: Path) -> Iterator[Holder]:
    holder = Holder("equitone", db_path)
    yield holder
    holder.stop()


@pytest.fixture
def exclusive(db_path: Path, backup: Path) -> Iterator[Holder]:
    holder = Holder("exclusive", db_path)
    yield holder
    holder.stop()


def _add(path: Path, name: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO patients (uuid, name, phone, email, address, notes, archived)"
            " VALUES (lower(hex(randomblob(16))), ?, '', '', '', '', 0)", (name,)
        )
    conn.close()


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(path, timeout=10)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM patients ORDER BY id")]
    finally:
        conn.close()


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if not p.name.endswith(("-wal", "-shm")))


def test_the_open_database_stays_busy_after_its_daily_backup(
    db_path: Path, window: Holder
) -> None:
    """The daily backup once read the database's header with plain open(), which dropped
    every lock of the window's process: a restore then replaced the file under it."""
    assert in_use_elsewhere(db_path)
    blocked = sqlite3.connect(db_path, timeout=0.2)
    try:  # what a migration or a switch needs: the file to itself
        with pytest.raises(sqlite3.OperationalError) as caught:
            blocked.execute("PRAGMA journal_mode = DELETE").fetchone()
        assert caught.value.sqlite_errorcode & 0xFF == 5  # SQLITE_BUSY
    finally:
        blocked.close()


def test_restore_refuses_while_a_window_has_the_database_open(
    db_path: Path, backup: Path, window: Holder
) -> None:
    window.write("Saved by the window")
    folder_before = _files(db_path.parent)
    with pytest.raises(DatabaseBusyError, match="busy"):
        backups.restore(db_path, backup)
    assert _files(db_path.parent) == folder_before  # nothing set aside, nothing staged
    window.write("Saved after the refused restore")
    window.stop()
    assert _names(db_path) == [
        "In the backup", "Saved by the window", "Saved after the refused restore"
    ]


def test_the_command_line_restore_says_busy(
    db_path: Path, backup: Path, window: Holder, tmp_path: Path
) -> None:
    before = db_path.stat().st_ino
    done = subprocess.run(
        [sys.executable, "-m", "equitone", "--db", str(db_path), "restore", str(backup)],
        capture_output=True, text=True, cwd=ROOT, env={**_env(tmp_path)}, timeout=60,
    )
    assert done.returncode == 4, done.stderr
    assert "busy" in done.stderr and done.stderr.count("\n") == 1
    assert db_path.stat().st_ino == before


def test_an_upgrade_waits_for_the_other_process(
    tmp_path: Path, short_busy_wait: None
) -> None:
    """An old database open elsewhere (an older Equitone's window) is not upgraded under it."""
    from equitone.services.workspace import open_workspace

    path = older_database(tmp_path / "old.sqlite3")
    other = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         f"c = sqlite3.connect({str(path)!r}); c.execute('PRAGMA journal_mode=WAL')\n"
         "c.execute('SELECT 1 FROM patients').fetchall(); print('ready', flush=True)\n"
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseBusyError, match="upgrade"):
            open_workspace(path)
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=20)
    open_workspace(path).close()  # alone now: upgraded


# -- another program's exclusive lock ---------------------------------------------------------
def test_an_exclusive_lock_is_busy_never_damage(
    db_path: Path, backup: Path, exclusive: Holder, short_busy_wait: None
) -> None:
    from equitone.services.workspace import open_workspace

    with pytest.raises(DatabaseBusyError, match="busy") as caught:
        open_workspace(db_path)
    assert "damaged" not in str(caught.value)
    assert backups.recovery_candidate(db_path, caught.value) is None  # wait, do not restore
    report = check_database(db_path)
    assert not report.ok and "busy" in " ".join(report.problems)
    assert "damaged" not in " ".join(report.problems)


def test_restore_refuses_a_database_another_program_has_locked(
    db_path: Path, backup: Path, exclusive: Holder, short_busy_wait: None
) -> None:
    folder_before = _files(db_path.parent)
    for damaged in (False, True):  # even when told the current file is damaged
        with pytest.raises(DatabaseBusyError, match="busy"):
            backups.restore(db_path, backup, current_damaged=damaged)
    assert _files(db_path.parent) == folder_before
    assert not [e for e in backups.backups_of(db_path) if e.kind == "unusable"]
    exclusive.write("Committed by the other program")
    exclusive.stop()
    assert _names(db_path) == ["In the backup", "Committed by the other program"]


def _env(tmp_path: Path) -> dict[str, str]:
    import os

    return {**os.environ, "EQUITONE_HOME": str(tmp_path / "home")}


def test_a_real_window_keeps_its_database_busy(
    db_path: Path, backup: Path, tmp_path: Path
) -> None:
    """The issue's case end to end: the window (offscreen) takes its daily backup, then a
    restore from the command line is refused and the window's database stays in place."""
    import time

    env = {**_env(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    window = subprocess.Popen([sys.executable, "-m", "equitone", "--db", str(db_path)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        folder = db_path.parent / "backups"
        while not [p for p in folder.iterdir() if p.name.endswith("-daily.sqlite3")]:
            assert window.poll() is None, window.communicate()[1]
            assert time.monotonic() < deadline, "the window took no daily backup"
            time.sleep(0.05)  # another process: there is no Qt signal to wait for here
        while [p for p in folder.iterdir() if p.name.endswith(".part")]:
            time.sleep(0.05)
        assert in_use_elsewhere(db_path)
        inode = db_path.stat().st_ino
        done = subprocess.run(
            [sys.executable, "-m", "equitone", "--db", str(db_path), "restore", str(backup)],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
        )
        assert done.returncode == 4 and "busy" in done.stderr, done.stderr
        assert db_path.stat().st_ino == inode
    finally:
        window.terminate()
        window.wait(timeout=30)
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".restoring")]
