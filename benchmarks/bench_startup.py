"""Start-up benchmark (issue 2): process start → main window's first paint, and → patient list
filled, on a 1,000-patient database; side by side in the same run with the floor, a bare
PySide6 script that shows an empty QMainWindow.

Run: .venv/bin/python benchmarks/bench_startup.py [--runs 7]
Goals: first paint within 1.5x the floor, list filled within 4x the floor.
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
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

BARE = r"""
import time, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
            obj.removeEventFilter(self)
        return False
app = QApplication(sys.argv[:1])
window = QMainWindow(); probe = Probe(); window.installEventFilter(probe)
window.resize(1280, 800); window.show(); app.exec()
"""


def _timed(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    marks = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("first-paint", "list-filled"):
            marks[parts[0]] = (float(parts[1]) - start) * 1000
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--patients", type=int, default=1000)
    args = parser.parse_args()
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
        floor, paint, filled = [], [], []
        for _ in range(args.runs):  # interleaved so machine noise hits both alike
            floor.append(_timed(bare, env)["first-paint"])
            marks = _timed(equitone, env)
            paint.append(marks["first-paint"])
            filled.append(marks["list-filled"])
    f, p, fill = (statistics.median(x) for x in (floor, paint, filled))
    print(f"floor (bare QMainWindow first paint): {f:.0f} ms")
    print(f"equitone first paint: {p:.0f} ms = {p / f:.2f}x floor (goal <= 1.5x)")
    print(f"equitone list filled ({args.patients} patients): {fill:.0f} ms = {fill / f:.2f}x floor "
          "(goal <= 4x)")
    ok = p / f <= 1.5 and fill / f <= 4
    print("PASS" if ok else "MISSED GOAL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
