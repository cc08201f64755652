"""Backup benchmark (issue 7): a clinic of 10,000 patients and 1,000,000 tone observations
(100,000 assessments of 10 tagged muscle sides each), generated in bulk with raw sqlite3.

Measures, median of --runs:
- backup with SQLite's online backup API in the app's steps, with progress (goal < 5 s), and
  the longest gap between two progress updates (how smoothly the dialog moves);
- what the health check every backup now runs (quick_check of the pages being copied, beside
  the copy) adds to it (issue 12: goal < 20 %), alternating runs with and without, with how
  long the copy waited for a CPU (the check costs about as much CPU as the copy: its wall
  cost is small only while a core is free);
- the same backup through the window's progress dialog (File → Back up now…, offscreen);
- the full integrity check of the copy, and the quick check;
- a restore (copy + full integrity check of the copy + atomic switch).

Run: .venv/bin/python benchmarks/bench_backup.py [--runs 3] [--keep DIR]
(--keep reuses the generated database between invocations: generating takes a while.)
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from budget import Figure, main
from generated import generated_database, options

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

PATIENTS = 10_000
ASSESSMENTS_PER_PATIENT = 10
TAGS_PER_ASSESSMENT = 10
STATES = ("overactive", "underactive", "tight", "inhibited", "normal")


def make_database(path: Path) -> None:
    from equitone.services.workspace import open_workspace

    open_workspace(path).close()  # schema + catalog, the way the app makes it
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    muscles = [r[0] for r in conn.execute("SELECT slug FROM muscles ORDER BY slug")]
    keys = [(m, side) for m in muscles for side in ("left", "right")]
    columns = {r[1] for r in conn.execute("PRAGMA table_info(patients)")}
    with conn:
        if "uuid" in columns:
            conn.executemany(
                "INSERT INTO patients (id, uuid, name, phone, email, address, notes, archived)"
                " VALUES (?, ?, ?, '', '', '', ?, 0)",
                ((i, str(uuid.UUID(int=rng.getrandbits(128))), f"Patient {i:05d}",
                  "Lower back pain, desk work.") for i in range(1, PATIENTS + 1)),
            )
        else:
            conn.executemany(
                "INSERT INTO patients (id, name, phone, email, address, notes, archived)"
                " VALUES (?, ?, '', '', '', ?, 0)",
                ((i, f"Patient {i:05d}", "Lower back pain, desk work.")
                 for i in range(1, PATIENTS + 1)),
            )
        start = date(2024, 1, 1)
        conn.executemany(
            "INSERT INTO assessments (id, patient_id, date, clinician, findings, signed_by)"
            " VALUES (?, ?, ?, 'Dr Weber', '', '')",
            ((p * ASSESSMENTS_PER_PATIENT + a + 1 - ASSESSMENTS_PER_PATIENT, p,
              (start + timedelta(days=14 * a + p % 14)).isoformat())
             for p in range(1, PATIENTS + 1) for a in range(ASSESSMENTS_PER_PATIENT)),
        )

        def tags() -> Iterator[tuple[int, str, str, str, int]]:
            for assessment in range(1, PATIENTS * ASSESSMENTS_PER_PATIENT + 1):
                for muscle, side in rng.sample(keys, TAGS_PER_ASSESSMENT):
                    yield (assessment, muscle, side, rng.choice(STATES), rng.randint(0, 10))

        conn.executemany(
            "INSERT INTO tone_tags (assessment_id, muscle, side, state, tightness, note)"
            " VALUES (?, ?, ?, ?, ?, '')",
            tags(),
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    count = conn.execute("SELECT count(*) FROM tone_tags").fetchone()[0]
    conn.close()
    assert count == PATIENTS * ASSESSMENTS_PER_PATIENT * TAGS_PER_ASSESSMENT, count


def timed_backup(
    source: Path, target: Path, *, checked: bool = False, step_pages: int | None = None
) -> tuple[float, int, float]:
    """(seconds, progress updates, longest gap between updates in seconds)."""
    from equitone.storage.backup import copy_database

    stamps: list[float] = []
    started = time.perf_counter()
    copy_database(source, target, progress=lambda _d, _t: stamps.append(time.perf_counter()),
                  checked=checked, step_pages=step_pages)
    elapsed = time.perf_counter() - started
    marks = [started, *stamps]
    gap = max(b - a for a, b in itertools.pairwise(marks)) if stamps else elapsed
    return elapsed, len(stamps), gap


def _cpu_wait_s() -> float | None:
    """Seconds this thread has spent runnable but waiting for a CPU (Linux schedstat)."""
    try:
        return int(Path("/proc/thread-self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


def _machine_idle() -> tuple[int, int] | None:
    """(idle, total) clock ticks of the whole machine so far (Linux /proc/stat)."""
    try:
        ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return ticks[3] + ticks[4], sum(ticks)


def health_check_overhead(source: Path, work: Path, pairs: int) -> dict[str, float]:
    """Backups without and with the health check, in pairs whose order alternates (drift in
    the machine's load falls on both sides), medians: wall time and the process's CPU time
    (the check runs beside the copy, so its wall cost depends on a free core; its CPU cost
    does not). On Linux also how long the copying thread waited for a CPU and how much of
    the machine was idle meanwhile: on a busy machine the wall figures measure the queue."""
    import resource

    seconds: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    waited: dict[bool, list[float]] = {False: [], True: []}
    idle: list[float] = []
    for n in range(pairs * 2):
        with_check = (n % 2 == 1) != (n // 2 % 2 == 1)  # without-with, with-without, ...
        before = resource.getrusage(resource.RUSAGE_SELF)
        wait_before, idle_before = _cpu_wait_s(), _machine_idle()
        elapsed, _count, _gap = timed_backup(source, work / f"health-{n}.sqlite3",
                                             checked=with_check)
        after = resource.getrusage(resource.RUSAGE_SELF)
        wait_after, idle_after = _cpu_wait_s(), _machine_idle()
        seconds[with_check].append(elapsed)
        cpu[with_check].append(after.ru_utime + after.ru_stime
                               - before.ru_utime - before.ru_stime)
        if wait_before is not None and wait_after is not None:
            waited[with_check].append(wait_after - wait_before)
        if idle_before is not None and idle_after is not None:
            ticks = idle_after[1] - idle_before[1]
            idle.append((os.cpu_count() or 1) * (idle_after[0] - idle_before[0]) / max(1, ticks))
        (work / f"health-{n}.sqlite3").unlink()
    med = statistics.median
    found = {"without": med(seconds[False]), "with": med(seconds[True]),
             "cpu_without": med(cpu[False]), "cpu_with": med(cpu[True])}
    if waited[False] and waited[True]:
        found |= {"waited_without": med(waited[False]), "waited_with": med(waited[True])}
    if idle:
        found["idle_cores"] = med(idle)
    return found


def _queue_note(health: dict[str, float]) -> str:
    if "waited_with" not in health:
        return ""
    note = (f"; the copying thread waited {health['waited_without']:.2f} s / "
            f"{health['waited_with']:.2f} s for a CPU")
    if "idle_cores" in health:
        note += f", {health['idle_cores']:.2f} cores idle meanwhile"
    return note


def timed_dialog_backup(source: Path, target: Path) -> tuple[float, int]:
    """The window's path: run_with_progress with the real QProgressDialog (offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QWidget

    from equitone.services.backups import backup_now
    from equitone.ui import progress as ui_progress

    app = QApplication.instance() or QApplication([])
    parent = QWidget()
    parent.show()
    updates: list[int] = []
    real = ui_progress.ProgressDialog.progress

    def counting(self: ui_progress.ProgressDialog, done: int, total: int) -> None:
        updates.append(done)
        real(self, done, total)

    ui_progress.ProgressDialog.progress = counting  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        ui_progress.run_with_progress(
            parent, "Back up", "Copying the database…",
            lambda progress, cancelled: backup_now(
                source, target, progress=progress, cancelled=cancelled
            ),
        )
        elapsed = time.perf_counter() - started
    finally:
        ui_progress.ProgressDialog.progress = real  # type: ignore[method-assign]
        parent.close()
        app.processEvents()
    return elapsed, len(updates)


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    from equitone.services.backups import restore
    from equitone.storage.backup import inspect

    with generated_database("bench-backup.sqlite3", make_database,
                            "10,000 patients / 1,000,000 tone observations",
                            args.keep) as (source, scratch):
        work = scratch / "work"
        work.mkdir()
        backups, gaps, updates, dialog, integrity, quick, restores = [], [], [], [], [], [], []
        for n in range(args.runs):
            target = work / f"copy-{n}.sqlite3"
            seconds, count, gap = timed_backup(source, target)
            backups.append(seconds)
            updates.append(count)
            gaps.append(gap)
            dialog_seconds, _dialog_updates = timed_dialog_backup(source, work / f"ui-{n}.sqlite3")
            dialog.append(dialog_seconds)
            integrity.append(timed(partial(inspect, target, thorough=True)))
            quick.append(timed(partial(inspect, target, thorough=False)))
            live = work / f"live-{n}.sqlite3"
            target.replace(live)
            restores.append(timed(partial(restore, live, work / f"ui-{n}.sqlite3")))
            for leftover in work.iterdir():
                if leftover.is_file():
                    leftover.unlink()
        health = health_check_overhead(source, work, max(5, args.runs))
        overhead = 100 * (health["with"] - health["without"]) / health["without"]
        cpu_overhead = 100 * (health["cpu_with"] - health["cpu_without"]) / health["cpu_without"]
        med = statistics.median
        yield Figure("backup (online backup API)", med(backups), "s", goal=5.0,
                     note=f"{med(updates):.0f} progress updates")
        yield Figure("longest gap between progress updates", 1000 * med(gaps), "ms",
                     goal=500.0, at_most=True, note="the dialog moves at least every 500 ms")
        yield Figure("backup through the window's progress dialog (checked)", med(dialog), "s",
                     goal=5.0)
        yield Figure("what the health check adds to a backup", overhead, "%", goal=20.0,
                     note=f"{health['without']:.2f} s without, {health['with']:.2f} s with; "
                          f"CPU {health['cpu_without']:.2f} s -> {health['cpu_with']:.2f} s "
                          f"(+{cpu_overhead:.0f} %, paid on another core when one is free)"
                          + _queue_note(health))
        yield Figure("load average while measuring", os.getloadavg()[0], "",
                     note=f"{os.cpu_count()} cores")
        yield Figure("integrity check (PRAGMA integrity_check)", med(integrity), "s")
        yield Figure("quick check (PRAGMA quick_check)", med(quick), "s")
        yield Figure("restore (copy, integrity check, atomic switch)", med(restores), "s")


if __name__ == "__main__":
    main(figures, options(__doc__))
