"""Crash safety of restores and backups: a process restoring or backing up is killed with
SIGKILL at random moments. After every kill the database is the old one or the new one,
whole, and opens; every file with a backup's name is a good backup; and the next start
removes what the killed copy left behind (issue 12, items 6 and 9).

Default run: 50 kills of each. Long run (500 each):
`pytest -m slow tests/services/test_crash_backups.py`.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from equitone.services import backups
from equitone.storage.backup import inspect

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

WORKER = Path(__file__).with_name("crash_switcher.py")
TEMPORARY = (".part", ".part-journal", ".restoring", ".restoring-journal")


def _read_line(stream: IO[str]) -> str:
    line = stream.readline()
    if not line:
        raise AssertionError("the worker process ended unexpectedly")
    return line.strip()


def _names(path: Path) -> tuple[str, ...]:
    conn = sqlite3.connect(path)  # read-write, like the next start
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(r[0] for r in conn.execute("SELECT name FROM patients ORDER BY id"))
    finally:
        conn.close()


def _add(path: Path, *names: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO patients (uuid, name, phone, email, address, notes, archived)"
            " VALUES (lower(hex(randomblob(16))), ?, '', '', '', ?, 0)",
            [(name, "x" * 2000) for name in names],
        )
    conn.close()


def _temporary(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*") if p.name.endswith(TEMPORARY))


def _kill_rounds(db_path: Path, mode: str, rounds: int, seed: int,
                 candidates: list[Path]) -> tuple[int, int]:
    """(kills, operations that completed before a kill)."""
    from equitone.services.workspace import open_workspace

    rng = random.Random(seed)
    expected = {_names(c) for c in candidates} | {_names(db_path)}
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(db_path), *map(str, candidates)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdin is not None and proc.stdout is not None
    done = 0
    try:
        assert _read_line(proc.stdout) == "ready"
        for n in range(rounds):
            proc.stdin.write(f"go {mode} {seed * 1000 + n}\n")
            proc.stdin.flush()
            kind, pid_text = _read_line(proc.stdout).split()
            assert kind == "child"
            for _ in range(rng.randint(0, 2)):  # let some finish, then kill inside one
                line = _read_line(proc.stdout)
                assert not line.startswith("reaped"), line
                done += 1
            time.sleep(rng.uniform(0, 0.03))
            os.kill(int(pid_text), signal.SIGKILL)
            while not (line := _read_line(proc.stdout)).startswith("reaped"):
                done += 1
            # The next start: leftovers removed; the database old or new, whole.
            backups.clean_leftovers(db_path)
            assert _temporary(db_path.parent) == []
            assert _names(db_path) in expected
            if n % 10 == 9:
                open_workspace(db_path).close()  # and it opens (probe, catalog) as the app does
    finally:
        proc.stdin.close()
        proc.kill()
        proc.wait(timeout=10)
    return rounds, done


@pytest.fixture
def candidates(db_path: Path, tmp_path: Path) -> list[Path]:
    """Two different good backups to restore in turn (outside the backups folder)."""
    folder = tmp_path / "candidates"
    folder.mkdir()
    _add(db_path, *(f"A{n}" for n in range(150)))
    first = backups.backup_now(db_path, folder / "a.sqlite3")
    _add(db_path, *(f"B{n}" for n in range(150)))
    second = backups.backup_now(db_path, folder / "b.sqlite3")
    return [first, second]


def _check_backups(db_path: Path) -> None:
    for entry in backups.backups_of(db_path):
        if entry.kind not in ("damaged", "unusable"):
            inspect(entry.path, thorough=False)  # every file with a backup's name is good


def test_fifty_killed_restores_leave_the_old_or_the_new_database(
    db_path: Path, candidates: list[Path]
) -> None:
    kills, done = _kill_rounds(db_path, "restore", 50, seed=5, candidates=candidates)
    assert kills == 50 and done > 20  # kills landed between and inside many restores
    _check_backups(db_path)


def test_fifty_killed_backups_leave_only_good_backups(
    db_path: Path, candidates: list[Path]
) -> None:
    kills, done = _kill_rounds(db_path, "backup", 50, seed=6, candidates=candidates)
    assert kills == 50 and done > 20
    _check_backups(db_path)


@pytest.mark.slow
def test_five_hundred_killed_restores(db_path: Path, candidates: list[Path]) -> None:
    kills, done = _kill_rounds(db_path, "restore", 500, seed=15, candidates=candidates)
    assert kills == 500 and done > 200
    _check_backups(db_path)


@pytest.mark.slow
def test_five_hundred_killed_backups(db_path: Path, candidates: list[Path]) -> None:
    kills, done = _kill_rounds(db_path, "backup", 500, seed=16, candidates=candidates)
    assert kills == 500 and done > 200
    _check_backups(db_path)
