"""The real window on a real X display (xcb under Xvfb), driven by real input: xdotool moves
the X server's pointer, clicks, turns the wheel, presses keys and drags, so the events reach
Qt exactly as a clinician's mouse and keyboard would send them (no test helper in between).

Run by tests/ui/test_real_input.py: `python real_input_script.py DB_PATH` with
QT_QPA_PLATFORM=xcb under xvfb-run; prints one JSON line with what happened.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

home = Path(tempfile.mkdtemp(prefix="equitone-real-input-"))
os.environ["EQUITONE_HOME"] = str(home)

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

app = QApplication(sys.argv[:1])

from equitone.app import app_settings  # noqa: E402
from equitone.domain.assessment import ToneTag  # noqa: E402
from equitone.domain.patients import PatientDraft  # noqa: E402
from equitone.domain.types import Layer, Side, ToneState, View  # noqa: E402
from equitone.services import assessments  # noqa: E402
from equitone.services import sessions as session_service  # noqa: E402
from equitone.services.patients import create_patient  # noqa: E402
from equitone.services.workspace import open_workspace  # noqa: E402
from equitone.ui.bodymap import RegionKey, region_centres  # noqa: E402
from equitone.ui.designer.mime import ExercisePayload  # noqa: E402
from equitone.ui.main_window import MainWindow  # noqa: E402

db = open_workspace(Path(sys.argv[1]))
patient = create_patient(db, PatientDraft(name="Real Input"))
visit = assessments.create_assessment(db, patient.id, tags=[
    ToneTag("gluteus-medius", Side.RIGHT, ToneState.OVERACTIVE, tightness=4, grade=2)])
window = MainWindow(app_settings())
window.setGeometry(0, 0, 1280, 720)  # the smallest screen the layout is made for
window.show()
window.attach_database(db)
QTest.qWaitForWindowExposed(window)
window.activateWindow()
window.reload_patients()
window.open_patient(patient)
page = window.page
result: dict[str, object] = {"platform": app.platformName()}


def xdotool(*steps: str, settle_ms: int = 250) -> None:
    """Run one xdotool command line in the background and keep Qt's event loop turning (a
    drag runs its own loop inside Qt) until it is done, then a little longer."""
    process = subprocess.Popen(["xdotool", *steps])
    deadline = time.monotonic() + 20
    while process.poll() is None and time.monotonic() < deadline:
        QTest.qWait(20)
    if process.poll() is None:
        process.kill()
    QTest.qWait(settle_ms)


def screen(widget: QWidget, point: QPoint) -> tuple[str, str]:
    """The X server's coordinates of `point` in `widget` (the window sits at the origin)."""
    at = widget.mapToGlobal(point)
    return str(at.x()), str(at.y())


def tags() -> dict[str, list[str]]:
    stored = assessments.get_assessment(db, visit.id).tag_map()
    return {f"{m}:{s.value}": [st.value for st in t.states] for (m, s), t in stored.items()}


# -- 1. tagging by click and key --------------------------------------------------------------
tab = page.assessment
assert tab is not None
page.tabs.setCurrentWidget(tab)
QTest.qWait(200)
tab.map.set_view(View.BACK, Layer.SUPERFICIAL)
view = tab.map.view
view.fit()
QTest.qWait(100)
target = RegionKey("gluteus-medius", Side.LEFT)
point = view.mapFromScene(region_centres(view.art)[target])
xdotool("mousemove", *screen(view.viewport(), point), "click", "1")
xdotool("key", "3")
result["selected_by_click"] = [f"{k.slug}:{k.side.value}" for k in view.selection()]
result["caption"] = tab.map.status.text()
result["tags_after_key"] = tags()

# -- 2. the wheel over the Tag panel, on an unfocused grade ----------------------------------
tab.map.select([RegionKey("gluteus-medius", Side.RIGHT)])
QTest.qWait(100)
scroll = tab.editor_scroll
# The Tag panel fits whole at 1280 x 720 since it got its room; the clinician here has dragged
# the splitter down to give the lists below more of the column, so the panel holds about half
# of its fields and has to scroll (as it does on any shorter screen).
column = sum(tab.side_splitter.sizes())
panel = min(scroll.widget().sizeHint().height() // 2, column - 120)
tab.side_splitter.setSizes([panel, column - panel])
QTest.qWait(100)
bar = scroll.verticalScrollBar()
bar.setValue(0)
grade = tab.editor.states.grades[ToneState.OVERACTIVE]
result["tag_panel_scrolls"] = bar.maximum() > 0
before = tags(), assessments.get_assessment(db, visit.id).tag_map()[
    ("gluteus-medius", Side.RIGHT)].grade
depth = window.undo_stack.count()
result["grade_in_view"] = scroll.viewport().rect().contains(
    grade.mapTo(scroll.viewport(), grade.rect().center()))
xdotool("mousemove", *screen(grade, grade.rect().center()), "click", "--repeat", "3", "5")
result["scrolled_by"] = bar.value()
result["grade_unchanged"] = (assessments.get_assessment(db, visit.id).tag_map()[
    ("gluteus-medius", Side.RIGHT)].grade == before[1])
result["undo_entries_from_wheel"] = window.undo_stack.count() - depth

# -- 3. a library drag and a reorder drag on the Session tab ----------------------------------
designer = page.session
assert designer is not None
page.tabs.setCurrentWidget(designer)
QTest.qWait(200)
designer.new_session()
for slug in ("clamshell", "hip-hike", "reverse-clamshell"):
    designer.editor.add(ExercisePayload(slug), -1)
QTest.qWait(200)
timeline, model = designer.timeline, designer.model


def placed() -> list[str]:
    return [b.exercise for b in model.blocks if not b.auto]


def drag(source: QWidget, start: QPoint, target: QWidget, end: QPoint) -> None:
    sx, sy = screen(source, start)
    ex, ey = screen(target, end)
    xdotool("mousemove", sx, sy, "mousedown", "1",
            "mousemove", "--sync", sx, str(int(sy) + 12), "sleep", "0.2",
            "mousemove", ex, str(int(ey) + 14), "sleep", "0.2",
            "mousemove", ex, str(int(ey) + 6), "sleep", "0.2",
            "mousemove", ex, ey, "sleep", "0.3", "mouseup", "1", settle_ms=600)


row = model.row_of(next(b.id for b in model.blocks if b.exercise == "reverse-clamshell"))
first = timeline.visualRect(model.index(0, 0))
drag(timeline.viewport(), timeline.visualRect(model.index(row, 0)).center(),
     timeline.viewport(), QPoint(first.center().x(), first.top() + 3))
result["after_reorder"] = placed()
designer.library.search.setText("lateral band walk")
QTest.qWait(200)
library = designer.library.library
clam = model.row_of(next(b.id for b in model.blocks if b.exercise == "clamshell"))
gap = timeline.visualRect(model.index(clam, 0))
drag(library.viewport(), library.visualRect(designer.library.proxy.index(0, 0)).center(),
     timeline.viewport(), QPoint(gap.center().x(), gap.top() + 3))
result["after_library_drag"] = placed()
assert designer.record is not None
result["stored"] = [b.exercise for b in session_service.get_session(
    db, designer.record.id).blocks if not b.auto]
print(json.dumps(result))
window.undo_stack.clear()
window.close()
db.close()
