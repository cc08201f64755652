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
import sqlite3
from pathlib import Path

import pytest

from equitone.services import backups
from equitone.storage.backup import inspect
from tests.services.killing import kill_round, worker

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
TEMPORARY = (".part", ".part-journal", ".restoring", ".restoring-journal")


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
    done = 0
    with worker("tests.services.crash_switcher", str(db_path), *map(str, candidates)) as proc:
        for n in range(rounds):
            # let some finish, then kill inside one
            done += kill_round(proc, f"{mode} {seed * 1000 + n}", rng, rng.randint(0, 2),
                               lambda _line: 1, delay=0.03)
            # The next start: leftovers removed; the database old or new, whole.
            backups.clean_leftovers(db_path)
            assert _temporary(db_path.parent) == []
            assert _names(db_path) in expected
            if n % 10 == 9:
                open_workspace(db_path).close()  # and it opens (probe, catalog) as the app does
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
