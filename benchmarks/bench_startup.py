"""Start-up benchmark (issues 2 and 13): process start → main window's first paint, and →
patient list filled, on a 1,000-patient database; side by side in the same run with the floor,
a bare PySide6 script that shows an empty QMainWindow.

Run: .venv/bin/python benchmarks/bench_startup.py [--runs 7]
Goals (wall clock, medians of interleaved runs): first paint within 1.3x the floor, list
filled within 2x. The same ratios in CPU time are printed beside them: a busy machine moves
the wall clock of both sides by more than the difference being measured, CPU time hardly.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from budget import Figure, main

SRC = Path(__file__).resolve().parents[1] / "src"
PAINT_GOAL = 1.3
FILLED_GOAL = 2.0
MARKS = ("first-paint", "list-filled")

BARE = r"""
import time, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.time():.6f}", flush=True)
            print(f"first-paint-cpu {time.process_time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
            obj.removeEventFilter(self)
        return False
app = QApplication(sys.argv[:1])
window = QMainWindow(); probe = Probe(); window.installEventFilter(probe)
window.resize(1280, 800); window.show(); app.exec()
"""


def _timed(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Milliseconds from the process's start to each mark: wall clock (`first-paint`) and the
    process's CPU time (`first-paint-cpu`)."""
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    marks = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in MARKS:
            marks[parts[0]] = (float(parts[1]) - start) * 1000
        elif len(parts) == 2 and parts[0].removesuffix("-cpu") in MARKS:
            marks[parts[0]] = float(parts[1]) * 1000
    return marks


def make_database(path: Path, patients: int) -> None:
    sys.path.insert(0, str(SRC))
    from sqlalchemy import insert

    from equitone.services.workspace import open_workspace
    from equitone.storage.models import PatientRow

    db = open_workspace(path)
    rows = [
        {"name": f"Patient {i:05d} Müller-Ångström", "phone": f"+44 {i:07d}", "email": "",
         "address": "", "notes": "demo", "archived": False}
        for i in range(patients)
    ]
    with db.transaction() as session:
        session.execute(insert(PatientRow), rows)
    db.close()


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   EQUITONE_HOME=str(home), EQUITONE_STARTUP_PROBE="1")
        db = home / "bench.sqlite3"
        make_database(db, args.patients)
        # An installed app runs from bytecode (pip and PyInstaller compile it). Without this,
        # an editable checkout under PYTHONDONTWRITEBYTECODE=1 re-compiles every module of
        # Equitone at each start while the bare script has almost nothing to compile.
        compileall.compile_dir(str(SRC), quiet=1)
        equitone = [sys.executable, "-m", "equitone", "--db", str(db)]
        bare = [sys.executable, "-c", BARE]
        _timed(bare, env), _timed(equitone, env)  # warm the file cache
        floor: list[dict[str, float]] = []
        ours: list[dict[str, float]] = []
        for _ in range(args.runs):  # interleaved so machine noise hits both alike
            floor.append(_timed(bare, env))
            ours.append(_timed(equitone, env))

    def med(runs: list[dict[str, float]], mark: str) -> float:
        return statistics.median(run[mark] for run in runs)

    f, f_cpu = med(floor, "first-paint"), med(floor, "first-paint-cpu")
    yield Figure("floor: bare QMainWindow, first paint", f,
                 note=f"CPU {f_cpu:.0f} ms; median of {args.runs}")
    for mark, label, goal in (("first-paint", "first paint", PAINT_GOAL),
                              ("list-filled", f"list filled ({args.patients} patients)",
                               FILLED_GOAL)):
        wall, cpu = med(ours, mark), med(ours, f"{mark}-cpu")
        yield Figure(f"{label} vs the floor", wall / f, "x", goal, at_most=True,
                     note=f"{wall:.0f} ms, wall clock")
        yield Figure(f"{label} vs the floor, CPU time", cpu / f_cpu, "x",
                     note=f"{cpu:.0f} ms of CPU")
    yield Figure("load average while measuring", os.getloadavg()[0], "",
                 note=f"{os.cpu_count()} cores")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--patients", type=int, default=1000)
    main(figures, parser)
