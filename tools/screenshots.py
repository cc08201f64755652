"""Render the screenshots used in the README from a fresh demo database.

Run under a real X server to see what a clinician sees:
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py
(offscreen works too: QT_QPA_PLATFORM=offscreen). Writes docs/screenshots/*.png:
main-window, assessment, designer, trends, trends-multiples, plan-page (the first page of a
printed plan, through pdftoppm when it is installed), clinician-record (the clinician copy's
page with the warnings and decisions of the designer shot: a swap, a dismissal, warnings), and
the visit record: visit-timeline (the Overview), visit-notes and visit-responses (the Visit
tab); the clinic's own exercises: own-exercise-dialog (New exercise…) and own-exercise (the
library, a card and the inspector with one).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="equitone-shots-"))
    os.environ["EQUITONE_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from equitone.app import app_settings, create_application
    from equitone.bodymap.pictures import QtPictures
    from equitone.charts.prepared import DayClock
    from equitone.domain.sequencing import RuleId
    from equitone.domain.session_edits import swap_options
    from equitone.services.demo import load_demo
    from equitone.services.printing import print_session
    from equitone.services.sessions import list_sessions
    from equitone.services.workspace import open_workspace
    from equitone.ui.main_window import MainWindow

    app = create_application()
    db = open_workspace(home / "demo.sqlite3")
    patients = {p.name: p for p in load_demo(db)}
    window = MainWindow(app_settings())
    window.resize(1500, 1000)
    window.show()
    window.attach_database(db)
    OUT.mkdir(parents=True, exist_ok=True)

    def settle(turns: int = 10) -> None:
        for _ in range(turns):
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        window.grab().save(str(OUT / name))
        print(OUT / name)

    def open_tab(patient: str, tab: Callable[[], object]) -> None:
        window.list_panel.select_patient(patients[patient].id)
        settle()
        widget = tab()
        window.page.tabs.setCurrentWidget(widget)  # type: ignore[arg-type]
        settle()

    window.list_panel.select_patient(patients["Maria Keller"].id)
    shot("main-window.png")

    # The first visit of the glute-med story: several states tagged on the body map.
    open_tab("Maria Keller", lambda: window.page.assessment)
    assessment = window.page.assessment
    assert assessment is not None
    assessment.reload(select_id=assessment.history[0].id)
    shot("assessment.png")

    # The designer mid-edit on the runner's planned session: the flag's proposal under the
    # session bar, an automatic relaxation dismissed (reason kept), another one's technique
    # swapped, and a card with its warning selected in the inspector.
    open_tab("Zoë Ångström", lambda: window.page.session)
    designer = window.page.session
    assert designer is not None
    relax = next(
        (b for b in designer.model.blocks if b.rule is RuleId.POSTURAL_INTERSET_RELAX), None
    )
    if relax is not None:
        designer.ask_dismiss_reason = lambda _what: "Short on time today"
        designer.editor.dismiss(relax.id)
    after = next((b for b in designer.model.blocks if b.auto and b.rule is not None
                  and b.rule is not RuleId.WARM_DOWN), None)
    if after is not None and designer.context is not None:
        options = swap_options(designer.catalog, after, designer.context.assessment,
                               designer.context.preferences)
        if options:
            designer.editor.swap(after.id, options[0].exercise.slug)
    swapped = designer.model.row_of(after.id) if after is not None else -1
    if swapped >= 0:  # the swapped card in the inspector; the warned ones red in the timeline
        designer.timeline.setCurrentIndex(designer.model.index(swapped, 0))
        designer.timeline.scrollTo(designer.model.index(swapped, 0))
    designer.library.search.setText("calf")
    shot("designer.png")
    record_session = designer.record
    own_exercise(designer, db, shot, settle)

    # Trends of the runner whose activated soleus tightened: the flag the method warns about.
    open_tab("Zoë Ångström", lambda: window.page.trends)
    trends = window.page.trends
    assert trends is not None and trends.chart is not None
    chart = trends.chart
    key = chart.selected()[0]
    points = [p for p in chart.data().points if p.key == key]
    point = points[len(points) // 2]
    plot = chart.tightness_plots()[0]
    scene = plot.getViewBox().mapViewToScene(QPointF(DayClock()(point.day), point.tightness))
    QTest.mouseMove(chart.view.viewport(), chart.view.mapFromScene(scene))
    shot("trends.png")
    chart.set_mode("small-multiples")
    shot("trends-multiples.png")

    record_visit(db, patients["Maria Keller"].id)
    window.list_panel.select_patient(patients["Zoë Ångström"].id)
    settle()
    open_tab("Maria Keller", lambda: window.page.overview)
    shot("visit-timeline.png")
    open_tab("Maria Keller", lambda: window.page.visit)
    visit = window.page.visit
    assert visit is not None
    plan = visit.editor.sections["plan"]
    plan.setFocus()
    QTest.keyClicks(plan, "Next visit: lateral band walks. ;hep ")
    shot("visit-notes.png")
    visit.response_table.setFocus()
    visit.response_table.setCurrentCell(1, 5)
    visit.response_table.scrollToTop()
    shot("visit-responses.png")

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        session = list_sessions(db, patients["Maria Keller"].id)[0]
        pdf = home / "plan.pdf"
        print_session(db, session.id, pdf, pictures=QtPictures())
        subprocess.run(
            [pdftoppm, "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(OUT / "plan-page")],
            check=True,
        )
        print(OUT / "plan-page.png")
        if record_session is not None:  # the clinician copy's record of the designer shot
            copy = home / "clinician.pdf"
            print_session(db, record_session.id, copy, copy="clinician", pictures=QtPictures())
            page = _page_with(copy, "Warnings and decisions")
            subprocess.run(
                [pdftoppm, "-png", "-r", "90", "-f", str(page), "-l", str(page), "-singlefile",
                 str(copy), str(OUT / "clinician-record")],
                check=True,
            )
            print(OUT / "clinician-record.png")
    window.close()
    db.close()
    QApplication.processEvents()
    return 0


def own_exercise(designer: Any, db: Any, shot: Callable[[str], None],
                 settle: Callable[[], None]) -> None:
    """New exercise… filled in (a figure lying on the back, the bridge's muscles), then the
    saved exercise in the library, on a card and in the inspector."""
    from PySide6.QtCore import Qt

    from equitone.figures import library
    from equitone.services import custom_exercises as own
    from equitone.ui.designer.exercise_dialog import ExerciseDialog

    catalog = designer.catalog

    def save(draft: own.ExerciseDraft) -> Any:
        return own.add_exercise(db, draft)

    dialog = ExerciseDialog(save, catalog.muscles,
                            own.pose_choices(list(catalog.exercises.values())),
                            library().bases(), parent=designer)
    dialog.name.setText("Towel squeeze bridge")
    dialog.kind.setCurrentIndex(dialog.kind.findData("activation"))
    for n in range(dialog.muscles.count()):
        item = dialog.muscles.item(n)
        if item.data(Qt.ItemDataRole.UserRole) in ("gluteus-maximus", "hip-adductors"):
            item.setCheckState(Qt.CheckState.Checked)
    dialog.picture_kind.setCurrentIndex(1)
    dialog.like.setCurrentIndex(dialog.like.findData("glute-bridge"))
    dialog.instruction.setPlainText("Lie on your back, knees bent, a rolled towel between "
                                    "your knees. Squeeze the towel gently and lift your hips "
                                    "for five seconds; lower slowly.")
    dialog.hold.setValue(5)
    dialog.show()
    settle()
    dialog.grab().save(str(OUT / "own-exercise-dialog.png"))
    print(OUT / "own-exercise-dialog.png")
    dialog.buttons.accepted.emit()
    saved = dialog.saved
    assert saved is not None, dialog.problem.text()
    designer.ask_exercise = lambda _exercise: saved
    designer.own_exercise(None)
    designer.add_payload(designer.library.library.current_payload())
    row = next(n for n, b in enumerate(designer.model.blocks) if b.exercise == saved.slug)
    designer.timeline.setCurrentIndex(designer.model.index(row, 0))
    designer.timeline.scrollTo(designer.model.index(row, 0))
    shot("own-exercise.png")


def _page_with(pdf: Path, words: str) -> int:
    """The first page of `pdf` whose text has `words` (1 if pdftotext is missing)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return 1
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for number, page in enumerate(text.split("\f"), 1):
        if words in page:
            return number
    return 1


def record_visit(db: object, patient_id: int) -> None:
    """Today's visit of the demo's Maria Keller as a clinician records it: the assessment
    copied from the last one, notes, an in-clinic session with the patient's response per
    block, and her next-day report on the last delivered session."""
    from datetime import date, timedelta

    from equitone.domain.session import SessionDetails, SessionStatus
    from equitone.domain.visit_record import (
        BlockResponse,
        NextDayReport,
        Outcome,
        VisitNotes,
        activated_sides,
    )
    from equitone.services import assessments, responses, sessions, visit_notes
    from equitone.services.catalog import load_catalog
    from equitone.storage.database import Database

    assert isinstance(db, Database)
    catalog = load_catalog(db)
    delivered = [s for s in sessions.list_sessions(db, patient_id)
                 if s.status is SessionStatus.DELIVERED]
    visit = assessments.create_assessment(db, patient_id, copy_previous=True,
                                          clinician="Dr Ana Silva")
    visit_notes.save_phrase(db, "hep", "Home program reviewed and handed over.")
    visit_notes.save_phrase(db, "gm", "Glute med activation tolerated well, no compensation.")
    visit_notes.save_notes(db, visit.id, VisitNotes(
        "Stairs easier this week; the left hip felt tight and weak for two days after the "
        "band walks.",
        "Clams 2×10 left with full relaxation between reps. TFL released 90 s first. "
        "Glute med activation tolerated well, no compensation.",
        "Glute med firing better; the tightness after sustained work fits the pattern the "
        "method warns about.",
        ""))
    if delivered:
        last = delivered[0]
        for muscle, side in activated_sides(last.blocks, catalog.exercises)[:2]:
            responses.record_next_day(db, last.id, NextDayReport(
                muscle, side, min(date.today(), last.day + timedelta(days=1)),
                tight=True, sore=5, barely_firing=muscle == "gluteus-medius"))
    blocks = [sessions.parse_exercise_spec(catalog, spec) for spec in (
        "clamshell:gluteus-medius:left", "hip-hike:gluteus-medius:left",
        "lateral-band-walk")]
    today = sessions.create_session(db, patient_id, blocks,
                                    SessionDetails(date.today(), in_clinic=True),
                                    status=SessionStatus.PLANNED)
    placed = today.placed
    answers = [BlockResponse(placed[0].id, Outcome.DONE, 1, 5),
               BlockResponse(placed[1].id, Outcome.MODIFIED, 3, 7, "shorter range, hip pinch"),
               BlockResponse(placed[2].id, Outcome.SKIPPED, None, None, "out of time")]
    for answer in answers:
        responses.record_response(db, today.id, answer)


if __name__ == "__main__":
    sys.exit(main())
