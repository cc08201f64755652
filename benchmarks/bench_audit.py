"""`equitone audit` over a long trail (issue 12): 300,000 entries, printed whole.

Measures, median of --runs, each a real `equitone audit` process reading through a pipe:
- the moment its first entry arrives (goal < 1 s after the command starts);
- the whole listing's time;
- the process's peak memory (maximum resident set size; goal < 100 MB — flat, because the
  trail is read in batches, not loaded);
for the table and for `--format json`, and, for comparison, `--limit 1` (what the process
costs before any entry).

The trail is generated in bulk (raw inserts of realistic entries: patient edits, tag changes,
signatures, deliveries); today's daily backup is taken before the timed runs, as it would
have been by the first command of the day.
Run: .venv/bin/python benchmarks/bench_audit.py [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from budget import Figure, main
from generated import generated_database, options

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

ENTRIES = 300_000
PATIENTS = 3_000
MUSCLES = ("gluteus-medius", "tensor-fasciae-latae", "upper-trapezius", "psoas-major",
           "soleus", "gastrocnemius")


def _entry(n: int, rng: random.Random, start: datetime) -> tuple[object, ...]:
    patient = rng.randrange(1, PATIENTS + 1)
    at = (start + timedelta(seconds=40 * n)).isoformat(sep=" ")
    kind = rng.random()
    if kind < 0.25:
        return (at, "kim@clinic-1", patient, "patient", patient, "update",
                json.dumps({"phone": f"+44 20 7946 {n % 10000:04d}", "row_version": 3}),
                json.dumps({"phone": f"+44 20 7946 {(n + 1) % 10000:04d}", "row_version": 4}),
                "")
    if kind < 0.8:
        muscle = rng.choice(MUSCLES)
        old = {"state": "underactive", "tightness": rng.randint(0, 10)}
        new = {"state": "overactive", "tightness": rng.randint(0, 10)}
        return (at, "sam@clinic-2", patient, "assessment", n // 7 + 1, "update",
                json.dumps({f"tag {muscle} left": old}),
                json.dumps({f"tag {muscle} left": new, "row_version": n % 9 + 1}), "")
    if kind < 0.9:
        return (at, "kim@clinic-1", patient, "assessment", n // 7 + 1, "sign", None,
                json.dumps({"signed_by": "kim@clinic-1", "signed_at": at, "row_version": 5}),
                "")
    return (at, "sam@clinic-2", patient, "session", n // 5 + 1, "deliver",
            json.dumps({"status": "planned"}),
            json.dumps({"status": "delivered", "delivered_at": at, "row_version": 2}), "")


def make_database(path: Path) -> None:
    from equitone.services.workspace import open_workspace

    open_workspace(path).close()  # schema and catalog, the way the app makes them
    rng = random.Random(12)
    start = datetime(2024, 1, 1, 8, 0, 0)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO patients (id, uuid, name, phone, email, address, notes, archived)"
            " VALUES (?, lower(hex(randomblob(16))), ?, '', '', '', '', 0)",
            ((i, f"Patient {i:05d}") for i in range(1, PATIENTS + 1)),
        )
        conn.executemany(
            "INSERT INTO audit_log (at_utc, actor, patient_id, entity, entity_id, action,"
            " old_values, new_values, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_entry(n, rng, start) for n in range(ENTRIES)),
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    count = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    conn.close()
    assert count >= ENTRIES, count


def run_audit(database: Path, env: dict[str, str], *extra: str) -> tuple[float, float, float]:
    """(seconds to the first entry, seconds in all, peak resident MB) of one process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "equitone", "--db", str(database), "audit", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
    )
    assert proc.stdout is not None
    fd, seen, first = proc.stdout.fileno(), b"", None
    # The table's first entry is its third line (header, rule); JSON's is after "[\n  {".
    marker_lines = 3 if "json" not in extra else 2
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        chunk = os.read(fd, 1 << 16) if ready else b""
        if not chunk:
            break
        if first is None:
            seen += chunk
            if seen.count(b"\n") >= marker_lines:
                first = time.perf_counter() - started
                seen = b""
    _pid, status, usage = os.wait4(proc.pid, 0)
    total = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) == 0, status
    return (first if first is not None else total), total, usage.ru_maxrss / 1024


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    with generated_database("bench-audit.sqlite3", make_database,
                            f"{ENTRIES:,} audit entries", args.keep) as (database, _scratch):
        env = dict(os.environ)
        subprocess.run([sys.executable, "-m", "equitone", "--db", str(database), "patient",
                        "list", "--search", "nobody"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # today's daily backup, as at 8 am
        med = statistics.median
        for label, extra in (("audit (table)", ()),
                             ("audit --format json", ("--format", "json")),
                             ("audit --limit 1", ("--limit", "1"))):
            results = [run_audit(database, env, *extra) for _ in range(args.runs)]
            first, total, peak = (med(r[i] for r in results) for i in range(3))
            yield Figure(f"{label}: first entry", first, "s", goal=1.0)
            yield Figure(f"{label}: all of it", total, "s")
            yield Figure(f"{label}: peak memory", peak, "MB", goal=100.0, note="flat")


if __name__ == "__main__":
    main(figures, options(__doc__))
