"""Real drags (`QDrag.exec`) on the session designer, for tests/ui/test_designer_drag.py; not a
test module.

Run as `python -m tests.ui.drag_driver DATABASE` from the repository, on a platform where
`QDrag.exec` really runs its own event loop (minimal, or xcb under Xvfb): it reorders a card
and drops a library exercise between two cards, driving the mouse from timers while the drag
runs, and prints what happened as one line of JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QDrag
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

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

STEP_MS = 60  # between the mouse moves that carry a drag to its target
WATCHDOG_MS = 5000  # a drag still running then is cancelled (and reported as such)


def drag(source: QWidget, press_at: QPoint, target: QWidget, drop_at: QPoint) -> str:
    """Press on `source`, start a drag, and drive it to `drop_at` on `target` from timers
    (`QDrag.exec` blocks in its own loop); "done", or "cancelled" by the watchdog."""
    cancelled: list[bool] = []
    steps: list[Callable[[], None]] = [
        lambda: QTest.mouseMove(target, drop_at + QPoint(0, 12)),
        lambda: QTest.mouseMove(target, drop_at + QPoint(0, 6)),
        lambda: QTest.mouseMove(target, drop_at),
        lambda: QTest.mouseRelease(target, Qt.MouseButton.LeftButton,
                                   Qt.KeyboardModifier.NoModifier, drop_at),
    ]
    for n, step in enumerate(steps):
        QTimer.singleShot(150 + STEP_MS * n, step)

    def watchdog() -> None:
        cancelled.append(True)
        QDrag.cancel()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(watchdog)
    guard.start(WATCHDOG_MS)
    QTest.mousePress(source, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     press_at)
    far = press_at + QPoint(0, 3 * QApplication.startDragDistance())
    QTest.mouseMove(source, press_at + QPoint(0, 2))
    QTest.mouseMove(source, far)  # starts the drag: QDrag.exec runs its own loop here
    guard.stop()
    QTest.qWait(50)  # the drop's queued updates
    return "cancelled" if cancelled else "done"


def run(database: Path) -> dict[str, object]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = open_workspace(database)
    patient = create_patient(db, PatientDraft(name="Drag Test"))
    create_assessment(db, patient.id, tags=[ToneTag("gluteus-medius", Side.LEFT,
                                                    ToneState.UNDERACTIVE, 3)])
    ops = Operations()
    tab = SessionTab(db, ops)
    tab.setGeometry(0, 0, 1000, 700)
    tab.show()
    tab.show_patient(patient)
    QTest.qWaitForWindowExposed(tab)
    tab.new_session()
    for slug in ("clamshell", "hip-hike", "reverse-clamshell"):
        tab.editor.add(ExercisePayload(slug), -1)
    view, model = tab.timeline, tab.model
    result: dict[str, object] = {"platform": QApplication.platformName()}
    assert app is not None

    def placed() -> list[str]:
        return [b.exercise for b in model.blocks if not b.auto]

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
    assert tab.record is not None
    result["stored"] = [b.exercise for b in svc.get_session(db, tab.record.id).blocks
                        if not b.auto]
    stack = ops.undo_stack
    result["undo"] = [stack.text(n) for n in range(stack.count())]
    tab.close()
    db.close()
    return result


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]))))
