"""Crash safety: a process writing assessments and sessions through the services is killed
with SIGKILL at random moments; after every kill the database passes SQLite's integrity check
and every write the process reported committed is there, complete.

Default run: 50 kills. Long run (500 kills):
`pytest -m slow tests/services/test_crash_safety.py`.
"""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from tests.services.killing import kill_round, worker

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def _check(path: Path, patients: set[int], assessments: dict[int, int],
           sessions: dict[int, int]) -> None:
    conn = sqlite3.connect(path)  # read-write, like the next start: it recovers the WAL
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {r[0] for r in conn.execute("SELECT id FROM patients")}
        assert patients <= stored, f"lost patients {sorted(patients - stored)}"
        tags = dict(conn.execute(
            "SELECT a.id, count(t.id) FROM assessments a LEFT JOIN tone_tags t"
            " ON t.assessment_id = a.id GROUP BY a.id"
        ).fetchall())
        for assessment_id, count in assessments.items():
            assert assessment_id in tags, f"lost assessment {assessment_id}"
            assert tags[assessment_id] >= count, f"assessment {assessment_id} lost tags"
        blocks = dict(conn.execute(
            "SELECT s.id, count(b.id) FROM sessions s LEFT JOIN session_blocks b"
            " ON b.session_id = s.id GROUP BY s.id"
        ).fetchall())
        for session_id, count in sessions.items():
            assert blocks.get(session_id) == count, f"session {session_id} lost or partial"
        # No half-written session: every stored session has its blocks (one transaction).
        assert all(n > 0 for n in blocks.values()) or not sessions
    finally:
        conn.close()


def _kill_rounds(db_path: Path, rounds: int, seed: int) -> tuple[int, int]:
    """Returns (kills, committed writes seen)."""
    rng = random.Random(seed)
    patients: set[int] = set()
    assessments: dict[int, int] = {}
    sessions: dict[int, int] = {}
    writes = 0
    with worker("tests.services.crash_writer", str(db_path)) as proc:
        for n in range(rounds):
            # committed writes to let through, then a random delay
            writes += kill_round(
                proc, str(seed * 1000 + n), rng, rng.randint(0, 6),
                lambda line: _record(line, patients, assessments, sessions), delay=0.015,
            )
            _check(db_path, patients, assessments, sessions)
    return rounds, writes


def _record(line: str, patients: set[int], assessments: dict[int, int],
            sessions: dict[int, int]) -> int:
    words = line.split()
    if words[0] == "patient":
        patients.add(int(words[1]))
    elif words[0] == "assessment":
        assessments[int(words[1])] = int(words[2])
    elif words[0] == "session":
        sessions[int(words[1])] = int(words[2])
    else:
        raise AssertionError(f"unexpected line from the writer: {line!r}")
    return 1


def test_fifty_kills_lose_nothing_committed(db_path: Path) -> None:
    kills, writes = _kill_rounds(db_path, 50, seed=7)
    assert kills == 50 and writes > 50  # kills landed between and inside many writes


@pytest.mark.slow
def test_five_hundred_kills_lose_nothing_committed(db_path: Path) -> None:
    kills, writes = _kill_rounds(db_path, 500, seed=11)
    assert kills == 500 and writes > 500
