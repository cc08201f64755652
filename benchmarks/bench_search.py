"""Finding a patient among 10,000, one keystroke at a time: accents, case and punctuation
ignored (`nunez` finds Núñez), on SQLite, on PostgreSQL and in the window's instant filter.

Run:  .venv/bin/python benchmarks/bench_search.py [--runs 5] [--keep DIR] [--json FILE]
Measures, per keystroke of a few searches typed letter by letter ("n", "nu", "nun", …):
- `services.patients.list_patients(search=…, limit=PAGE)` on a SQLite file and on a throwaway
  PostgreSQL cluster (tests/pg/cluster.py) holding the same 10,000 patients: the search on
  the stored keys and the first page of matches, in the list's order (the 30 ms goal);
- the same without a limit (every match read: after one letter that is most of the
  10,000, so this is a list read more than a search; shown for comparison);
- the window's filter (ui/patient_model.PatientFilterModel) over the 10,000 patients loaded.
Prints the median, the 95th percentile and the slowest keystroke of each against the issue's
30 ms goal, and for the searches what the slow ones are: the first query of the run (cold),
one or two letters (matching thousands) or longer words; slow ones anywhere are load noise.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.pg.cluster: the same throwaway cluster as the tests
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.budget import Figure, main  # noqa: E402
from benchmarks.generated import generated_database, options  # noqa: E402

PATIENTS = 10_000
GOAL_MS = 30.0
PAGE = 100
TYPED = ("nunez", "angstrom", "obrien", "maria keller", "0171")
FIRST = ("Maria", "Élodie", "Zoë", "Seán", "Jürgen", "Ångela", "Björn", "Chloé", "Ørjan",
         "Renée", "José", "Ana", "Mårten", "Siobhán", "Łukasz", "Anna", "Emil", "Eva")
LAST = ("Keller", "Núñez", "Ångström", "O'Brien", "Müller", "García", "Smith-Jones",
        "Dubois", "Nakamura", "Kowalski", "Rossi", "Novák", "Ó Briain", "Lund", "Berg")


def make_patients(path: Path) -> None:
    from equitone.services.workspace import open_workspace
    from equitone.storage.models import PatientRow

    rng = random.Random(18)
    db = open_workspace(path)
    try:
        with db.transaction() as session:  # the ORM, so the stored keys are filled as usual
            session.add_all(
                PatientRow(
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                    phone=f"0171 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
                    email=f"p{n}@example.org",
                    notes=rng.choice(("", "Right hip after a fall", "Runner, left knee")),
                    archived=n % 10 == 0,
                )
                for n in range(PATIENTS)
            )
    finally:
        db.close()


def keystrokes() -> list[str]:
    return [word[:n] for word in TYPED for n in range(1, len(word) + 1)]


@dataclass(frozen=True)
class Timed:
    """One keystroke's search: what was typed, in which pass, how long it took."""

    typed: str
    run: int
    ms: float


def time_each(search: Callable[[str], int], runs: int) -> tuple[list[Timed], int]:
    """Every keystroke of `runs` passes, timed; the last pass's number of patients found for
    the whole words, as a sanity check."""
    times: list[Timed] = []
    found = 0
    for run in range(runs):
        for typed in keystrokes():
            started = time.perf_counter()
            hits = search(typed)
            times.append(Timed(typed, run, (time.perf_counter() - started) * 1000))
            if typed in TYPED:
                found += hits
    return times, found // runs


def per_keystroke(name: str, timed: tuple[list[Timed], int], *, goal: float | None,
                  breakdown: bool = False) -> Iterator[Figure]:
    """Median, 95th percentile and slowest; with `breakdown`, also what the slow ones are: the
    very first query (cold cache, first plan), short prefixes (1–2 letters match thousands)
    and longer ones, so load noise (slow ones anywhere) can be told from a cause."""
    times, found = timed
    values = [t.ms for t in times]
    slowest = max(times, key=lambda t: t.ms)
    note = f"{found} found for the whole words"
    yield Figure(f"{name}: median", statistics.median(values), goal=goal, note=note)
    yield Figure(f"{name}: 95th percentile", _percentile(values, 95), goal=goal)
    yield Figure(f"{name}: slowest", slowest.ms,
                 note=f"typing {slowest.typed!r}, pass {slowest.run + 1}")
    if breakdown:
        short = [t.ms for t in times[1:] if len(t.typed) <= 2]
        longer = [t.ms for t in times[1:] if len(t.typed) > 2]
        yield Figure(f"{name}: the first query", times[0].ms, note="cold: first plan")
        yield Figure(f"{name}: 1-2 letters, median", statistics.median(short),
                     note=f"slowest {max(short):.1f} ms")
        yield Figure(f"{name}: 3+ letters, median", statistics.median(longer),
                     note=f"slowest {max(longer):.1f} ms")


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100)[percent - 1]


def bench_service(engine: str, target: str | Path, runs: int) -> Iterator[Figure]:
    from equitone.services.patients import list_patients
    from equitone.services.workspace import open_workspace

    db = open_workspace(target)
    try:
        yield from per_keystroke(f"{engine} search, first {PAGE}", time_each(
            lambda typed: len(list_patients(db, search=typed, limit=PAGE)), runs),
            goal=GOAL_MS, breakdown=True)
        yield from per_keystroke(f"{engine} search, every match", time_each(
            lambda typed: len(list_patients(db, search=typed)), runs), goal=None)
    finally:
        db.close()


def bench_window_filter(path: Path, runs: int) -> tuple[list[Timed], int]:
    from PySide6.QtWidgets import QApplication

    from equitone.services.patients import list_patients
    from equitone.services.workspace import open_workspace
    from equitone.ui.patient_model import PatientFilterModel, PatientTableModel

    _app = QApplication.instance() or QApplication([])
    db = open_workspace(path)
    try:
        patients = list_patients(db, include_archived=True)
    finally:
        db.close()
    model, proxy = PatientTableModel(), PatientFilterModel()
    proxy.setSourceModel(model)
    model.set_patients(patients)

    def search(typed: str) -> int:
        proxy.set_search(typed)
        return proxy.rowCount()

    return time_each(search, runs)


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    with generated_database("search-10k.sqlite3", make_patients, f"{PATIENTS} patients",
                            args.keep) as (path, _scratch):
        yield from bench_service("sqlite", path, args.runs)
        yield from per_keystroke("window filter", bench_window_filter(path, args.runs),
                                 goal=GOAL_MS)
        from tests.pg.cluster import Cluster

        from equitone.services.migrate import migrate_to
        from equitone.services.workspace import open_workspace

        cluster = Cluster.launch()
        try:
            name = cluster.create_database("search")
            source = open_workspace(path)
            migrate_to(source, cluster.url(name))  # as a clinic moves to its server
            source.close()
            yield from bench_service("postgres", cluster.url(name), args.runs)
        finally:
            cluster.destroy()


if __name__ == "__main__":
    main(figures, options(__doc__.splitlines()[0] if __doc__ else None))
