"""Session designer timings: drop-to-repaint on a 40-block timeline (goal: < 16 ms at its
worst).

Run:  .venv/bin/python benchmarks/bench_designer.py   (offscreen unless QT_QPA_PLATFORM is set)

A library exercise is dropped (a real QDropEvent on the timeline's viewport) into the middle of
a 40-block session of a patient with underactive and overactive muscles, so the engine adds
releases, relaxations and the warm-down. "drop-to-repaint" runs from sending the drop until
the timeline has painted the engine's new plan — what the clinician sees. The save (one
transaction, the engine again on what it stores) follows in the same call; "drop-to-saved"
is the whole of it. Each drop is undone (untimed) before the next.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = Path(tempfile.mkdtemp(prefix="equitone-bench-designer-"))
os.environ["EQUITONE_HOME"] = str(HOME)

from budget import Figure, main  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QPaintEvent,
)
from PySide6.QtWidgets import QApplication  # noqa: E402

RUNS = 30
GOAL_MS = 16.0
TIMELINE_BLOCKS = 40

painted_at: list[float] = []  # when the timeline's paintEvent returned
shown_at: list[float] = []  # when the repaint returned: painted and flushed to the window


def figures(_args: argparse.Namespace) -> Iterator[Figure]:
    app = QApplication(sys.argv[:1])
    from equitone.domain.assessment import ToneTag
    from equitone.domain.patients import PatientDraft
    from equitone.domain.sequencing import Block
    from equitone.domain.session import SessionDetails
    from equitone.domain.types import Side, ToneState
    from equitone.services import sessions as svc
    from equitone.services.assessments import create_assessment
    from equitone.services.catalog import load_catalog
    from equitone.services.patients import create_patient
    from equitone.services.workspace import open_workspace
    from equitone.ui.designer import SessionTab
    from equitone.ui.designer.timeline_view import TimelineView
    from equitone.ui.operations import Operations

    original_paint, original_show = TimelineView.paintEvent, TimelineView.show_now

    def timed_paint(self: TimelineView, event: QPaintEvent) -> None:
        original_paint(self, event)
        painted_at.append(time.perf_counter())

    def timed_show(self: TimelineView) -> None:
        original_show(self)
        shown_at.append(time.perf_counter())

    TimelineView.paintEvent = timed_paint  # type: ignore[method-assign]
    TimelineView.show_now = timed_show  # type: ignore[method-assign]

    db = open_workspace(HOME / "bench.sqlite3")
    patient = create_patient(db, PatientDraft(name="Bench Patient"))
    under, over = ToneState.UNDERACTIVE, ToneState.OVERACTIVE
    create_assessment(db, patient.id, tags=[
        ToneTag(m, side, state, 5)
        for m, state in (("gluteus-medius", under), ("tensor-fasciae-latae", over),
                         ("quadratus-lumborum", over), ("gluteus-maximus", under),
                         ("iliopsoas", over), ("lower-trapezius", under),
                         ("upper-trapezius", over))
        for side in Side
    ])
    catalog = load_catalog(db)
    cycle = ["clamshell", "lateral-band-walk", "hip-hike", "glute-bridge", "side-plank",
             "prone-y-raise", "reverse-clamshell", "monster-walk", "bird-dog"]
    cycle = [slug for slug in cycle if slug in catalog.exercises]
    context = svc.design_context(db, patient.id, SessionDetails(date.today()))
    blocks: list[Block] = []
    while len(context.run(blocks).blocks) < TIMELINE_BLOCKS:
        # near the end, a rep-based exercise whose compensators are released adds one card
        near = len(context.run(blocks).blocks) >= TIMELINE_BLOCKS - 4
        slug = "clamshell" if near else cycle[len(blocks) % len(cycle)]
        blocks.append(svc.block_for(catalog, slug))
    record = svc.create_session(db, patient.id, blocks)

    ops = Operations()
    tab = SessionTab(db, ops)
    tab.resize(1400, 900)
    tab.show()
    tab.show_patient(patient)
    tab.show_record(svc.get_session(db, record.id))
    for _ in range(5):
        app.processEvents()
    view, model = tab.timeline, tab.model
    rows = model.rowCount()
    library = tab.library.model
    data = library.mimeData([library.index(library.row_of("lateral-band-walk"), 0)])
    middle = view.visualRect(model.index(min(rows // 2, 8), 0))
    point = QPoint(middle.center().x(), middle.top() + 3)
    copy = Qt.DropAction.CopyAction
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    to_paint: list[float] = []
    to_frame: list[float] = []
    to_saved: list[float] = []
    engine: list[float] = []
    grown: list[int] = []
    for _ in range(RUNS + 1):
        viewport = view.viewport()
        QApplication.sendEvent(viewport, QDragEnterEvent(QPointF(point), copy, data, left, none))
        QApplication.sendEvent(viewport, QDragMoveEvent(QPointF(point), copy, data, left, none))
        app.processEvents()
        painted_at.clear()
        shown_at.clear()
        start = time.perf_counter()
        QApplication.sendEvent(viewport, QDropEvent(QPointF(point), copy, data, left, none))
        saved = time.perf_counter()
        assert painted_at and shown_at, "the drop did not repaint the timeline"
        assert painted_at[0] <= shown_at[0]
        to_paint.append((painted_at[0] - start) * 1000)
        to_frame.append((shown_at[0] - start) * 1000)
        to_saved.append((saved - start) * 1000)
        grown.append(model.rowCount())
        assert tab.record is not None and tab.context is not None
        state = tab.record
        t0 = time.perf_counter()
        tab.context.run(state.blocks, state.dismissals, state.overrides)
        engine.append((time.perf_counter() - t0) * 1000)
        ops.undo_stack.undo()
        app.processEvents()
        assert model.rowCount() == rows
    del to_paint[0], to_frame[0], to_saved[0], engine[0]  # warm-up
    print(f"timeline: {rows} blocks; a drop makes it {grown[-1]} (the engine's additions)")
    yield Figure("drop-to-repaint, at its worst", max(to_frame), goal=GOAL_MS,
                 note=f"{statistics.median(to_frame):.1f} ms median of {RUNS}")
    yield Figure("until the cards are painted", statistics.median(to_paint),
                 note="median; the rest is the flush to the window")
    yield Figure("drop-to-saved (repaint + one-transaction save)", statistics.median(to_saved),
                 note=f"median of {RUNS}; no goal, the timeline already shows the result")
    yield Figure(f"engine on the {grown[-1]}-block plan", statistics.median(engine),
                 note="median")
    tab.close()
    db.close()


if __name__ == "__main__":
    main(figures, argparse.ArgumentParser(description=__doc__.splitlines()[0]))
