"""Every benchmark under benchmarks/, each in its own process, and one table of their goals.

Run:  .venv/bin/python benchmarks/run_all.py [--only NAME ...] [--skip NAME ...] [--all]
                                             [--keep DIR] [--build] [--logs DIR]

Each bench_*.py runs as `python bench_x.py --json FILE` with its own options at their
defaults, one after the other (never side by side: they time things), its output going to
LOGS/bench_x.log. Then one table lists benchmark, measure, goal, figure and result for every
figure held to a goal (--all: every figure), and the load average. The exit code is 1 when a
goal was missed or a benchmark did not finish (listed as such), else 0.

The whole run takes about 15 minutes on 2 cores: bench_backup and bench_audit generate large
databases first (--keep DIR keeps them for the next run), bench_clinic runs a PostgreSQL
server for two minutes (skip it with --skip clinic where there is none), and bench_bundle
measures a built bundle (installer/build.sh, or --build here). On a busy machine the wall
clock is noisy: several benchmarks print CPU time beside it, see their logs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from budget import Figure, number, read_figures

HERE = Path(__file__).resolve().parent
KEEPS_DATABASES = ("bench_audit", "bench_backup", "bench_search")  # they take --keep DIR


@dataclass(frozen=True)
class Outcome:
    benchmark: str
    figures: list[Figure]
    error: str = ""  # why it did not finish


def benchmarks(only: list[str], skip: list[str]) -> list[Path]:
    def name(text: str) -> str:
        return "bench_" + text.removeprefix("bench_").removesuffix(".py")

    found = sorted(HERE.glob("bench_*.py"))
    unknown = {name(n) for n in only + skip} - {p.stem for p in found}
    if unknown:
        raise SystemExit(f"run_all: no benchmark named {', '.join(sorted(unknown))} "
                         f"(there are: {', '.join(p.stem for p in found)})")
    chosen = {name(n) for n in only} or {p.stem for p in found}
    return [p for p in found if p.stem in chosen - {name(n) for n in skip}]


def run_one(script: Path, args: argparse.Namespace, logs: Path) -> Outcome:
    extra: list[str] = []
    if script.stem in KEEPS_DATABASES and args.keep is not None:
        extra += ["--keep", str(args.keep / script.stem)]
    if script.stem == "bench_bundle" and args.build:
        extra.append("--build")
    result = logs / f"{script.stem}.json"
    result.unlink(missing_ok=True)
    log = logs / f"{script.stem}.log"
    with log.open("w", encoding="utf-8") as out:
        try:
            done = subprocess.run([sys.executable, str(script), "--json", str(result), *extra],
                                  stdout=out, stderr=subprocess.STDOUT, cwd=HERE,
                                  timeout=args.timeout, check=False)
        except subprocess.TimeoutExpired:
            return Outcome(script.stem, [], f"still running after {args.timeout:.0f} s")
    if result.is_file():
        return Outcome(script.stem, read_figures(result))
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return Outcome(script.stem, [],
                   f"exit {done.returncode}: {lines[-1] if lines else 'no output'}")


def table(outcomes: list[Outcome], every: bool) -> list[list[str]]:
    rows = [["benchmark", "measure", "goal", "figure", "result"]]
    for outcome in outcomes:
        if outcome.error:
            rows.append([outcome.benchmark, f"did not finish ({outcome.error})", "", "", "ERROR"])
            continue
        shown = [f for f in outcome.figures if every or f.goal is not None]
        if not shown:
            rows.append([outcome.benchmark, f"({len(outcome.figures)} figures, no goals)",
                         "", "", "info"])
        for f in shown:
            result = {True: "pass", False: "MISSED", None: "info"}[f.met]
            rows.append([outcome.benchmark, f.measure, f.goal_text, f.value_text, result])
    return rows


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    widths[1] = min(widths[1], 78)
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), _cut(row[1], widths[1]).ljust(widths[1]),
                 row[2].rjust(widths[2]), row[3].rjust(widths[3]), row[4]]
        print("  ".join(cells).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME",
                        help="run these benchmarks only (e.g. startup trends)")
    parser.add_argument("--skip", nargs="+", default=[], metavar="NAME",
                        help="leave these benchmarks out")
    parser.add_argument("--all", action="store_true", help="list figures without goals too")
    parser.add_argument("--keep", type=Path,
                        help="keep the generated databases of the audit and backup benchmarks")
    parser.add_argument("--build", action="store_true",
                        help="let bench_bundle build the bundle first (installer/build.sh)")
    parser.add_argument("--logs", type=Path, help="folder for each benchmark's output")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per benchmark")
    args = parser.parse_args()
    scripts = benchmarks(args.only, args.skip)
    logs = args.logs or Path(tempfile.mkdtemp(prefix="equitone-benchmarks-"))
    logs.mkdir(parents=True, exist_ok=True)
    print(f"{len(scripts)} benchmarks, one after the other; their output is in {logs}",
          flush=True)
    outcomes = []
    for script in scripts:
        started = time.perf_counter()
        print(f"{script.stem} …", end=" ", flush=True)
        outcome = run_one(script, args, logs)
        goals = [f for f in outcome.figures if f.goal is not None]
        missed = sum(f.met is False for f in goals)
        status = (outcome.error or f"{len(goals)} goals" + (f", {missed} missed" if missed
                                                              else ", all met"))
        print(f"{time.perf_counter() - started:.0f} s: {status}", flush=True)
        outcomes.append(outcome)
    print()
    print_table(table(outcomes, args.all))
    load = ", ".join(number(v) for v in os.getloadavg())
    print(f"\nload average now: {load} (1, 5, 15 min) on {os.cpu_count()} cores")
    failed = [o.benchmark for o in outcomes
              if o.error or any(f.met is False for f in o.figures)]
    print("ALL GOALS MET" if not failed else f"MISSED OR NOT RUN: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
