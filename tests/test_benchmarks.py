"""benchmarks/run_all.py, the one command for every timing goal: one table of goals and
figures, and a non-zero exit when a goal is missed or a benchmark does not finish."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

FAST = '''
import argparse
from budget import Figure, main
def figures(args):
    yield Figure("frame", 9.5, goal=16.0, note="CPU 8 ms")
    yield Figure("ratio", 1.3, "x", 1.3, at_most=True)
    yield Figure("size", 12.0, "MB")
main(figures, argparse.ArgumentParser())
'''

SLOW = '''
import argparse
from budget import Figure, main
def figures(args):
    yield Figure("repaint", 16.0, goal=16.0)
main(figures, argparse.ArgumentParser())
'''

BROKEN = '''
raise SystemExit("bench_broken: needs a server")
'''


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("run_all.py", "budget.py"):
        shutil.copy(BENCHMARKS / name, tmp_path / name)
    for name, text in (("fast", FAST), ("slow", SLOW), ("broken", BROKEN)):
        (tmp_path / f"bench_{name}.py").write_text(text, encoding="utf-8")
    return tmp_path


def _run_all(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(folder / "run_all.py"), "--logs",
                           str(folder / "logs"), *args], capture_output=True, text=True,
                          timeout=120, check=False)


def _rows(out: str) -> list[list[str]]:
    return [line.split() for line in out.splitlines() if line.startswith("bench_")
            and "…" not in line]


def test_goals_met_exit_zero_and_fill_one_table(folder: Path) -> None:
    done = _run_all(folder, "--only", "fast")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _rows(done.stdout) == [["bench_fast", "frame", "<", "16", "ms", "9.5", "ms", "pass"],
                                  ["bench_fast", "ratio", "<=", "1.3", "x", "1.3", "x", "pass"]]
    assert "ALL GOALS MET" in done.stdout and "load average now" in done.stdout
    assert "size" not in done.stdout  # no goal: listed with --all only
    assert "bench_fast  size" in _run_all(folder, "--only", "fast", "--all").stdout


def test_a_missed_goal_or_a_benchmark_that_cannot_run_exits_non_zero(folder: Path) -> None:
    done = _run_all(folder)
    assert done.returncode == 1
    rows = _rows(done.stdout)
    assert ["bench_slow", "repaint", "<", "16", "ms", "16", "ms", "MISSED"] in rows
    [broken] = [row for row in rows if row[0] == "bench_broken"]
    assert broken[-1] == "ERROR" and "needs a server" in " ".join(broken)
    assert "MISSED OR NOT RUN: bench_broken, bench_slow" in done.stdout
    assert (folder / "logs" / "bench_slow.log").read_text().splitlines()[-1].startswith(
        "MISSED GOAL: repaint")


def test_an_unknown_name_is_refused(folder: Path) -> None:
    done = _run_all(folder, "--only", "nothing")
    assert done.returncode == 1 and "no benchmark named bench_nothing" in done.stderr
