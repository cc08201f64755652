"""Waiting edits and SIGKILL, on the real PostgreSQL server.

- Kept: an edit the outbox has said is queued is on disk, whenever the process is killed.
- Replayed exactly once: the replay that the next start runs is killed at random points
  (50 times here, 500 in the slow run: `pytest -m slow tests/pg/test_crash_replay.py`);
  after every kill each edit is in the database once or still offered — never twice, never
  lost — and the replays after the last kill leave every edit stored exactly once.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from equitone.domain import waiting_edits as codec
from equitone.domain.patients import PatientDraft
from equitone.services import assessments, patients
from equitone.services.journal import Journal
from equitone.services.replay import replay_and_forget
from equitone.storage.database import Database
from tests.services.killing import kill_round, worker
from tests.services.waiting import chain

EDITS_PER_CHAIN = 10


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    from equitone.services.workspace import open_workspace

    database = open_workspace(pg_url)
    yield database
    database.close()


@dataclass
class Chain:
    """One assessment's offline edits, journaled in order."""

    assessment_id: int
    base_version: int
    entries: list[dict[str, Any]]
    done: set[str] = field(default_factory=set)

    def expected_tags(self) -> dict[Any, Any]:
        final: dict[Any, Any] = {}
        for made in self.entries:
            final.update(codec.snapshot_from_json(made["intent"]["tags"]))
        return final


def _new_chain(db: Database, journal: Journal, n: int) -> Chain:
    patient = patients.create_patient(db, PatientDraft(f"Kill {n}"))
    a = assessments.create_assessment(db, patient.id)
    entries = chain(db, a, EDITS_PER_CHAIN)
    for made in entries:
        journal.add(made)
    journal.close()
    return Chain(a.id, a.row_version, entries)


def _check(db: Database, journal_path: Path, current: Chain) -> None:
    """Each edit saved once or still offered: the offered ones are the last ones, in order,
    and the record's version counts exactly the edits that are not offered — plus at most
    the first offered one (killed after its commit, before the journal heard)."""
    offered = [e["id"] for e in Journal(journal_path).waiting]
    ids = [e["id"] for e in current.entries]
    assert offered == ids[len(ids) - len(offered):], "an edit was lost or reordered"
    stored = assessments.get_assessment(db, current.assessment_id).row_version
    written = stored - current.base_version
    assert written in (len(ids) - len(offered), len(ids) - len(offered) + 1), (
        f"{written} versions for {len(ids) - len(offered)} edits no longer offered")


def _finish(db: Database, journal_path: Path, current: Chain) -> None:
    journal = Journal(journal_path)
    results = [replay_and_forget(db, journal, made) for made in journal.waiting]
    journal.close()
    assert all(r.result.value in ("saved", "merged", "already") for r in results), results
    stored = assessments.get_assessment(db, current.assessment_id)
    assert stored.row_version == current.base_version + EDITS_PER_CHAIN  # each once
    tags = stored.tag_map()
    assert {k: tags.get(k) for k in current.expected_tags()} == {
        k: v.validated() if v else None for k, v in current.expected_tags().items()}
    assert not journal_path.exists()


def _kill_replays(pg_db: Database, pg_url: str, tmp_path: Path, rounds: int,
                  seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    path = tmp_path / "waiting" / "journal.jsonl"
    chains = 0
    current = _new_chain(pg_db, Journal(path), chains)
    finished = 0
    with worker("tests.pg.replay_worker") as proc:
        for _ in range(rounds):
            if not path.exists():  # the last replay got through: a new outage
                _finish(pg_db, path, current)
                finished += 1
                chains += 1
                current = _new_chain(pg_db, Journal(path), chains)

            def seen(line: str) -> int:
                return 1 if line.startswith("done") else 0

            # let a random number of the edits still offered through, then kill within a
            # few milliseconds: before, inside or after the next write or journal line
            offered = len(Journal(path).waiting)
            kill_round(proc, f"replay {pg_url} {path}", rng, rng.randint(0, offered), seen,
                       delay=0.03)
            _check(pg_db, path, current)
    _finish(pg_db, path, current)
    return chains + 1, finished


def test_fifty_kills_during_replay_save_each_edit_once(
    pg_db: Database, pg_url: str, tmp_path: Path
) -> None:
    _chains, finished = _kill_replays(pg_db, pg_url, tmp_path, 50, seed=21)
    assert finished >= 3  # kills landed all along the replay, and replays got through


@pytest.mark.slow
def test_five_hundred_kills_during_replay_save_each_edit_once(
    pg_db: Database, pg_url: str, tmp_path: Path
) -> None:
    _chains, finished = _kill_replays(pg_db, pg_url, tmp_path, 500, seed=22)
    assert finished >= 5  # many replays got through between kills too


def test_a_kill_never_loses_an_edit_said_to_be_queued(tmp_path: Path) -> None:
    rng = random.Random(5)
    path = tmp_path / "journal.jsonl"
    queued: list[str] = []

    def seen(line: str) -> int:
        kind, entry_id = line.split()
        assert kind == "queued"
        queued.append(entry_id)
        return 1

    with worker("tests.pg.replay_worker") as proc:
        for n in range(10):
            kill_round(proc, f"queue {path} {n}", rng, rng.randint(0, 20), seen, delay=0.01)
            kept = {e["id"] for e in Journal(path).waiting}
            missing = [i for i in queued if i not in kept]
            assert not missing, f"{len(missing)} edit(s) said queued are not on disk"
    assert len(queued) >= 10
