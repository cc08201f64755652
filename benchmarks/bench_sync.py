"""What working beside other workstations costs (issue 9), on SQLite and, when the PostgreSQL
test cluster can run here, on a local PostgreSQL:

- the poll every window runs every 2.5 s, when nothing changed (one indexed max(id) read) and
  when another workstation changed one patient's assessment (plus the read of the new audit
  entries); goal < 5 ms, so even 8 workstations polling add no noticeable load;
- a guarded save (claim of the row version + write) against an unguarded one: what optimistic
  concurrency adds to every edit; goal < 1 ms.

The audit trail holds 50,000 entries first, so max(id) must come from the index.
Run: .venv/bin/python benchmarks/bench_sync.py [--runs 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from budget import Figure, main
from generated import postgres_database

AUDIT_ROWS = 50_000


def _median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench(where: str, label: str, runs: int) -> Iterator[Figure]:
    from sqlalchemy import insert

    from equitone.domain.assessment import ToneTag
    from equitone.domain.patients import PatientDraft
    from equitone.domain.types import Side, ToneState
    from equitone.services import assessments, patients
    from equitone.services.change_poll import change_marker, changes_since
    from equitone.services.workspace import open_workspace
    from equitone.storage.models import AuditRow

    db = open_workspace(where)
    other = open_workspace(where)
    try:
        now = datetime.now(UTC).replace(tzinfo=None)
        with db.engine.begin() as conn:
            conn.execute(insert(AuditRow), [
                {"at_utc": now, "actor": "bench@host", "patient_id": i % 1000,
                 "entity": "patient", "entity_id": i % 1000, "action": "update",
                 "old_values": {"phone": "1"}, "new_values": {"phone": "2"}, "note": ""}
                for i in range(AUDIT_ROWS)
            ])
        p = patients.create_patient(db, PatientDraft("Bench Patient"))
        a = assessments.create_assessment(db, p.id)
        marker = change_marker(db)
        idle = _median_ms(lambda: changes_since(db, marker), runs)

        state = {"marker": marker, "tightness": 0}

        def changed_then_poll() -> None:
            state["tightness"] = (state["tightness"] + 1) % 10
            assessments.set_tags(other, a.id, [ToneTag("soleus", Side.LEFT, ToneState.TIGHT,
                                                       state["tightness"])])
            start = time.perf_counter()
            found = changes_since(db, state["marker"])
            state["poll_ms"] = (time.perf_counter() - start) * 1000
            state["marker"] = found.marker

        polls = []
        for _ in range(max(20, runs // 10)):
            changed_then_poll()
            polls.append(state["poll_ms"])

        def guarded() -> None:
            current = assessments.get_assessment(db, a.id)
            assessments.update_details(db, a.id, day=current.day, clinician="x",
                                       findings=str(time.perf_counter()),
                                       expected_version=current.row_version)

        def unguarded() -> None:
            current = assessments.get_assessment(db, a.id)
            assessments.update_details(db, a.id, day=current.day, clinician="x",
                                       findings=str(time.perf_counter()))

        n = max(20, runs // 5)
        plain = _median_ms(unguarded, n)
        checked = _median_ms(guarded, n)
        yield Figure(f"{label} poll, nothing changed", idle, goal=5.0)
        yield Figure(f"{label} poll, one assessment changed elsewhere",
                     statistics.median(polls), goal=5.0)
        yield Figure(f"{label} what the version check adds to a save", checked - plain,
                     goal=1.0, note=f"{checked:.2f} ms vs {plain:.2f} ms without")
    finally:
        other.close()
        db.close()


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        yield from bench(str(path), "SQLite", args.runs)
    with postgres_database() as url:
        if url is not None:
            yield from bench(url, "PostgreSQL", args.runs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    main(figures, parser)
