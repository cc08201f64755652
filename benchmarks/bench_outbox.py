"""What keeping waiting edits on disk costs (issue 21), on SQLite and, when the PostgreSQL
test cluster can run here, on a local PostgreSQL:

- journaling a waiting edit: an outbox submit while the server is away, with the journal
  (one JSON line appended and fsync'd) against without; goal: the journal adds < 2 ms;
- replaying 1,000 journaled edits after a restart: read the journal, check the server has not
  gone back in time, say what each edit is and for whom, and write each through the version
  checks (100 assessments, 10 edits each, made one after the other offline); goal < 10 s.
  Each edit is still its own transaction (each is confirmed on its own), so the total cannot
  go below the plain saves; "what the replay adds" is the part the replay itself costs.

fsync's cost depends on the disk: the figure is this machine's temporary folder.
Run: .venv/bin/python benchmarks/bench_outbox.py [--runs 300]
(benchmarks/run_all.py runs it with the others: one table of goals.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from budget import Figure, main
from generated import postgres_database

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ASSESSMENTS, EDITS_EACH = 100, 10


def bench_journaling(folder: Path, runs: int) -> Iterator[Figure]:
    from equitone.domain import waiting_edits as codec
    from equitone.domain.assessment import ToneTag
    from equitone.domain.types import Side, ToneState
    from equitone.errors import ServerUnavailableError
    from equitone.services.journal import Journal
    from equitone.services.outbox import Outbox, PendingWrite, Result

    key = ("gluteus-medius", Side.LEFT)
    intent = {"kind": codec.TAGS, "assessment_id": 42, "expected_version": 7,
              "tags": codec.snapshot_json({key: ToneTag(*key, ToneState.UNDERACTIVE, 4,
                                                        note="worse after stairs")}),
              "before": codec.snapshot_json({key: ToneTag(*key, ToneState.TIGHT, 2)})}

    def gone() -> Result:
        raise ServerUnavailableError("gone")

    def timed(box: Outbox) -> float:
        times = []
        for n in range(runs):
            write = PendingWrite(f"Tag Gluteus medius L underactive {n}", "assessment 42",
                                 intent, gone)
            start = time.perf_counter()
            box.submit(write)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    basis = {"server": "0" * 32, "marker": 1234, "marker_at": "2026-12-07T10:00:00"}
    plain = Outbox(basis=lambda: basis)
    plain.offline = True
    kept = Outbox(journal=Journal(folder / "journal.jsonl"), basis=lambda: basis)
    kept.offline = True
    without, with_journal = timed(plain), timed(kept)
    yield Figure("what journaling adds to a waiting edit", with_journal - without, goal=2.0,
                 note=f"{with_journal:.3f} ms vs {without:.3f} ms in memory only")


def bench_replay(where: str, label: str, folder: Path) -> Iterator[Figure]:
    from tests.services.waiting import chain

    from equitone.domain.patients import PatientDraft
    from equitone.services import assessments, patients, time_travel
    from equitone.services.journal import Journal
    from equitone.services.replay import Run, describe, replay_and_forget
    from equitone.services.workspace import open_workspace

    db = open_workspace(where)
    path = folder / f"replay-{label}.jsonl"
    try:
        journal = Journal(path)
        made = []
        for n in range(ASSESSMENTS):
            p = patients.create_patient(db, PatientDraft(f"Replay patient {n}"))
            a = assessments.create_assessment(db, p.id)
            made.append((a, chain(db, a, EDITS_EACH)))
        for _a, entries in made:
            for entry in entries:
                journal.add(entry)
        journal.close()
        in_writes = _timing(assessments, "replace_tags")
        start = time.perf_counter()
        restarted = Journal(path)  # the next start
        waiting = restarted.waiting
        assert not time_travel.differences(db, waiting)
        shown = describe(db, waiting)
        run = Run()
        with restarted.batch():
            for entry in waiting:
                replay_and_forget(db, restarted, entry, run=run)
        elapsed = time.perf_counter() - start
        writes_s = in_writes()
        assert len(shown) == ASSESSMENTS * EDITS_EACH and not path.exists()
        for a, _entries in made:  # each exactly once
            assert assessments.get_assessment(db, a.id).row_version == a.row_version + EDITS_EACH
        bare = _bare_writes_s(db, made[0][0].id, len(waiting))
        yield Figure(f"{label} replaying {len(waiting):,} journaled edits after a restart",
                     elapsed, unit="s", goal=10.0,
                     note=f"of which the writes themselves {writes_s:.2f} s; the same number "
                          f"of plain saves through the service: {bare:.2f} s")
        yield Figure(f"{label} what the replay adds to its writes (journal, checks, names)",
                     (elapsed - writes_s) * 1000 / len(waiting), unit="ms per edit")
    finally:
        db.close()


def _timing(module: object, name: str) -> Callable[[], float]:
    """Time spent in `module.name` from now on; the returned function puts it back and says
    the total in seconds."""
    original = getattr(module, name)
    spent = [0.0]

    def timed(*args: object, **kwargs: object) -> object:
        begun = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - begun

    def stop() -> float:
        setattr(module, name, original)
        return spent[0]

    setattr(module, name, timed)
    return stop


def _bare_writes_s(db: object, assessment_id: int, count: int) -> float:
    """What `count` edits cost as plain saves (no journal, no checks beyond the version):
    the floor of any replay, measured on 200 and scaled."""
    from equitone.domain.assessment import ToneTag
    from equitone.domain.types import Side, ToneState
    from equitone.services import assessments

    version = assessments.get_assessment(db, assessment_id).row_version  # type: ignore[arg-type]
    start = time.perf_counter()
    for n in range(200):
        state = (ToneState.TIGHT, ToneState.OVERACTIVE)[n % 2]
        version = assessments.replace_tags(
            db, assessment_id, [ToneTag("soleus", Side.LEFT, state)],  # type: ignore[arg-type]
            expected_version=version).row_version
    return (time.perf_counter() - start) * count / 200


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        yield from bench_journaling(folder, args.runs)
        yield from bench_replay(str(folder / "bench.sqlite3"), "SQLite", folder)
        with postgres_database() as url:
            if url is not None:
                yield from bench_replay(url, "PostgreSQL", folder)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    main(figures, parser)
