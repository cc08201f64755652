"""Real drags: `startDrag` → `QDrag.exec` on the timeline (a card reordered) and on the
library (an exercise dropped between two cards), driven by QTest mouse events from timers
while the drag's own event loop runs, with a `QDrag.cancel()` watchdog.

Offscreen, `QDrag.exec` returns at once (PLATFORM.md), so the drags run in a subprocess on the
`minimal` platform (always shipped with Qt), and on xcb under Xvfb in the slow run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = r'''"""Real drags (QDrag.exec) on the designer: a card reordered, an exercise dropped.

Run on a platform where QDrag.exec really runs (minimal, or xcb under Xvfb); prints JSON.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

home = Path(tempfile.mkdtemp(prefix="equitone-drag-"))
os.environ["EQUITONE_HOME"] = str(home)

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QDrag
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.services import sessions as svc
from equitone.services.assessments import create_assessment
from equitone.services.patients import create_patient
from equitone.services.workspace import open_workspace
from equitone.ui.designer import SessionTab
from equitone.ui.designer.mime import ExercisePayload
from equitone.ui.operations import Operations

db = open_workspace(Path(sys.argv[1]) if len(sys.argv) > 1 else home / "drag.sqlite3")
patient = create_patient(db, PatientDraft(name="Drag Test"))
create_assessment(db, patient.id, tags=[ToneTag("gluteus-medius", Side.LEFT,
                                                ToneState.UNDERACTIVE, 3)])
ops = Operations()
stack = ops.undo_stack
tab = SessionTab(db, ops)
tab.setGeometry(0, 0, 1000, 700)
tab.show()
tab.show_patient(patient)
QTest.qWaitForWindowExposed(tab)
tab.new_session()
for slug in ("clamshell", "hip-hike", "reverse-clamshell"):
    tab.editor.add(ExercisePayload(slug), -1)
view, model = tab.timeline, tab.model
result: dict[str, object] = {"platform": app.platformName()}


def placed() -> list[str]:
    return [b.exercise for b in model.blocks if not b.auto]


def drag(source, press_at: QPoint, target, drop_at: QPoint) -> str:
    """Press on `source`, start a drag, and drive it to `drop_at` on `target` from timers."""
    cancelled: list[bool] = []
    steps = [
        lambda: QTest.mouseMove(target, drop_at + QPoint(0, 12)),
        lambda: QTest.mouseMove(target, drop_at + QPoint(0, 6)),
        lambda: QTest.mouseMove(target, drop_at),
        lambda: QTest.mouseRelease(target, Qt.MouseButton.LeftButton,
                                   Qt.KeyboardModifier.NoModifier, drop_at),
    ]
    for n, step in enumerate(steps):
        QTimer.singleShot(150 + 60 * n, step)

    def watchdog() -> None:
        cancelled.append(True)
        QDrag.cancel()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(watchdog)
    guard.start(5000)
    QTest.mousePress(source, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     press_at)
    far = press_at + QPoint(0, 3 * QApplication.startDragDistance())
    QTest.mouseMove(source, press_at + QPoint(0, 2))
    QTest.mouseMove(source, far)  # starts the drag: QDrag.exec runs its own loop here
    guard.stop()
    QTest.qWait(50)
    return "cancelled" if cancelled else "done"


# 1. the reverse clamshell card dragged to the top of the timeline
row = model.row_of(next(b.id for b in model.blocks if b.exercise == "reverse-clamshell"))
start = view.visualRect(model.index(row, 0)).center()
top = view.visualRect(model.index(0, 0))
result["reorder"] = drag(view.viewport(), start, view.viewport(),
                         QPoint(top.center().x(), top.top() + 3))
result["after_reorder"] = placed()

# 2. a library exercise dragged between the first and second clinician cards
library = tab.library.library
tab.library.search.setText("lateral band walk")
lib_row = library.visualRect(tab.library.proxy.index(0, 0)).center()
second = model.row_of(next(b.id for b in model.blocks if b.exercise == "clamshell"))
gap = view.visualRect(model.index(second, 0))
result["drop"] = drag(library.viewport(), lib_row, view.viewport(),
                      QPoint(gap.center().x(), gap.top() + 3))
result["after_drop"] = placed()
result["auto_rules"] = [b.rule.value for b in model.blocks if b.auto and b.rule]
result["stored"] = [b.exercise for b in svc.get_session(db, tab.record.id).blocks if not b.auto]
result["undo"] = [stack.text(n) for n in range(stack.count())]
print(json.dumps(result))
tab.close()
db.close()
'''


def run_drags(tmp_path: Path, db_path: Path, platform: str, wrapper: list[str]) -> dict[str, Any]:
    """The script on `platform`, on a copy of the migrated test database (saves a migration)."""
    script = tmp_path / "real_drag.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=platform, EQUITONE_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [*wrapper, sys.executable, str(script), str(db_path)], env=env, capture_output=True,
        text=True,
        timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def check(result: dict[str, Any], platform: str) -> None:
    assert result["platform"] == platform
    assert result["reorder"] == "done" and result["drop"] == "done"  # no watchdog cancel
    assert result["after_reorder"] == ["reverse-clamshell", "clamshell", "hip-hike"]
    expected = ["reverse-clamshell", "lateral-band-walk", "clamshell", "hip-hike"]
    assert result["after_drop"] == expected and result["stored"] == expected
    # the band walk keeps glute med on: the engine adds its relaxation, then the warm-down
    assert result["auto_rules"] == ["sustained-relax", "warm-down"]
    assert result["undo"][-2:] == ["Move Reverse clamshell", "Add Lateral band walk"]


def test_real_drags_on_the_minimal_platform(tmp_path: Path, db_path: Path) -> None:
    check(run_drags(tmp_path, db_path, "minimal", []), "minimal")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_real_drags_on_xcb_under_xvfb(tmp_path: Path, db_path: Path) -> None:
    wrapper = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"]
    check(run_drags(tmp_path, db_path, "xcb", wrapper), "xcb")
