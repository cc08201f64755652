"""Sign, amend, deliver and new version are atomic: several processes attempt the same
transition on the same record at the same instant, on SQLite and on PostgreSQL, and exactly
one succeeds every time; the others are refused with one line saying why, and the record
is left as the winner made it (one signature, one successor, one delivery).

Four worker processes (tests/services/race_worker.py) start each attempt at the same
wall-clock instant; 20 rounds per transition and engine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import func, select

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.services import assessments, patients, sessions
from equitone.services.catalog import load_catalog
from equitone.storage.database import Database
from equitone.storage.models import AssessmentRow, AuditRow, SessionRow

pytestmark = pytest.mark.skipif(os.name != "posix", reason="worker processes need POSIX")

WORKER = Path(__file__).with_name("race_worker.py")
WORKERS = 4
ROUNDS = 20
START_DELAY_S = 0.05  # every worker has the command before the common start instant


def _read_line(stream: IO[str]) -> str:
    line = stream.readline()
    if not line:
        raise AssertionError("a race worker ended unexpectedly")
    return line.rstrip("\n")


class Racers:
    """Worker processes that run one transition each at the same instant."""

    def __init__(self) -> None:
        self.procs = [
            subprocess.Popen(
                [sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                text=True, bufsize=1, cwd=Path(__file__).resolve().parents[2],
            )
            for _ in range(WORKERS)
        ]
        for line in self._all(""):
            assert line == "ready"

    def _all(self, command: str) -> list[str]:
        for proc in self.procs:
            if command:
                assert proc.stdin is not None
                proc.stdin.write(command + "\n")
                proc.stdin.flush()
        replies = []
        for proc in self.procs:
            assert proc.stdout is not None
            replies.append(_read_line(proc.stdout))
        return replies

    def open(self, target: str) -> None:
        assert self._all(f"open {target}") == ["opened"] * WORKERS

    def close_database(self) -> None:
        assert self._all("close") == ["closed"] * WORKERS

    def race(self, action: str, record: int) -> list[str]:
        return self._all(f"{action} {record} {time.time() + START_DELAY_S!r}")

    def stop(self) -> None:
        for proc in self.procs:
            assert proc.stdin is not None
            proc.stdin.close()
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def worker_pool() -> Iterator[Racers]:
    pool = Racers()
    yield pool
    pool.stop()


@pytest.fixture
def racers(worker_pool: Racers, db: Database, db_target: str) -> Iterator[Racers]:
    worker_pool.open(db_target)
    yield worker_pool
    worker_pool.close_database()  # a server database is dropped after the test


@dataclass(frozen=True)
class Transition:
    prepare: Callable[[Database, int], int]  # a fresh record in the state the race starts from
    refusal: str  # what every loser's message says
    check: Callable[[Database, int, int, str], None]  # (db, record, winner's id, winner)


def _assessment(db: Database, patient_id: int) -> int:
    tag = ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4)
    return assessments.create_assessment(db, patient_id, day=date(2026, 3, 2), tags=[tag]).id


def _signed(db: Database, patient_id: int) -> int:
    record = _assessment(db, patient_id)
    assessments.sign_assessment(db, record, by="Dr Ana Silva")
    return record


def _session(db: Database, patient_id: int, status: SessionStatus) -> int:
    blocks = [sessions.parse_exercise_spec(load_catalog(db), "clamshell:gluteus-medius:left")]
    return sessions.create_session(db, patient_id, blocks, SessionDetails(date(2026, 3, 2)),
                                   status=status).id


def _successors(db: Database, table: type[AssessmentRow] | type[SessionRow],
                record: int) -> list[int]:
    with db.reading() as s:
        return list(s.scalars(select(table.id).where(table.supersedes_id == record)))


def _check_signed(db: Database, record: int, winner_id: int, winner: str) -> None:
    stored = assessments.get_assessment(db, record)
    assert (winner_id, stored.signed_by) == (record, winner)


def _check_amended(db: Database, record: int, winner_id: int, _winner: str) -> None:
    assert _successors(db, AssessmentRow, record) == [winner_id]


def _check_delivered(db: Database, record: int, winner_id: int, _winner: str) -> None:
    assert winner_id == record
    assert sessions.get_session(db, record).status is SessionStatus.DELIVERED
    with db.reading() as s:
        deliveries = s.scalar(select(func.count()).select_from(AuditRow).where(
            AuditRow.entity == "session", AuditRow.entity_id == record,
            AuditRow.action == "deliver"))
    assert deliveries == 1


def _check_new_version(db: Database, record: int, winner_id: int, _winner: str) -> None:
    assert _successors(db, SessionRow, record) == [winner_id]


TRANSITIONS = {
    "sign": Transition(_assessment, "already signed", _check_signed),
    "amend": Transition(_signed, "already amended", _check_amended),
    "deliver": Transition(lambda db, p: _session(db, p, SessionStatus.PLANNED),
                          "already delivered", _check_delivered),
    "new-version": Transition(lambda db, p: _session(db, p, SessionStatus.DELIVERED),
                              "already has a newer version", _check_new_version),
}


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_exactly_one_of_parallel_attempts_succeeds(
    action: str, db: Database, racers: Racers
) -> None:
    transition = TRANSITIONS[action]
    patient_id = patients.create_patient(db, PatientDraft(name="Maria Keller")).id
    for round_ in range(ROUNDS):
        record = transition.prepare(db, patient_id)
        replies = racers.race(action, record)
        winners = [r.split() for r in replies if r.startswith("ok ")]
        losers = [r for r in replies if not r.startswith("ok ")]
        assert len(winners) == 1, f"round {round_}: {replies}"
        for loser in losers:
            assert loser.startswith("refused ") and transition.refusal in loser, (
                f"round {round_}: {replies}")
        _, winner_id, winner = winners[0]
        transition.check(db, record, int(winner_id), winner)
