"""The patient page's Trends tab over a real database: lazy chart, default selection, reload
after edits, hover read-out, exports and their failures, keyboard shortcuts, the flags' links,
the empty states and archived patients."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from pytestqt.qtbot import QtBot

from equitone.charts.widget import TrendChart
from equitone.domain.assessment import PsfsItem, ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.services.assessments import create_assessment
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient, set_archived
from equitone.services.sessions import create_session, parse_exercise_spec
from equitone.storage.database import Database
from equitone.ui.messages import RecordingBridge
from equitone.ui.trends import TrendsTab

L, R = Side.LEFT, Side.RIGHT
U, OVER, T = ToneState.UNDERACTIVE, ToneState.OVERACTIVE, ToneState.TIGHT


def _tag(muscle: str, side: Side, state: ToneState, tightness: int) -> ToneTag:
    return ToneTag(muscle, side, state, tightness)


def _history(db: Database, patient: Patient) -> int:
    """Four visits: glute med left activated on 2 Feb and tighter at the next two visits
    (one rising flag), TFL released; the last visit tags glute med (both sides) and TFL left,
    and scores soleus without tagging anything else. Returns the activating session's id."""
    catalog = load_catalog(db)
    visits = [
        (date(2026, 1, 5), 3, 7, 4), (date(2026, 2, 2), 3, 6, 4),
        (date(2026, 2, 23), 5, 5, 3), (date(2026, 3, 16), 6, 4, 3),
    ]
    for i, (day, glute, tfl, glute_r) in enumerate(visits):
        tags = [_tag("gluteus-medius", L, U, glute), _tag("gluteus-medius", R, U, glute_r),
                _tag("tensor-fasciae-latae", L, OVER, tfl)]
        if i < 3:
            tags.append(_tag("soleus", L, T, 5))  # not tagged at the last visit
        create_assessment(db, patient.id, day=day, tags=tags,
                          psfs=[PsfsItem("Stairs", 3 + i), PsfsItem("Running", 2 + i),
                                PsfsItem("Kneeling", 4 + i)])
    session = create_session(
        db, patient.id, [parse_exercise_spec(catalog, "clamshell:gluteus-medius:left")],
        SessionDetails(date(2026, 2, 3)), status=SessionStatus.DELIVERED)
    return session.id


def _charting(tab: TrendsTab) -> bool:
    """The tab shows the tightness chart."""
    return tab.stack.currentWidget() is tab.views and tab.views.currentWidget() is tab.chart


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def tab(qtbot: QtBot, db: Database, stack: QUndoStack, bridge: RecordingBridge) -> TrendsTab:
    widget = TrendsTab(db, stack)
    qtbot.addWidget(widget)
    widget.resize(1300, 820)
    return widget


def _show(qtbot: QtBot, tab: TrendsTab, patient: Patient) -> None:
    tab.show_patient(patient)
    tab.show()
    qtbot.waitExposed(tab)


def _chart_with_history(qtbot: QtBot, db: Database, tab: TrendsTab, name: str) -> TrendChart:
    """A new patient with a few assessments, shown: the tab's chart."""
    patient = create_patient(db, PatientDraft(name=name))
    _history(db, patient)
    _show(qtbot, tab, patient)
    assert tab.chart is not None
    return tab.chart


def test_chart_is_built_on_first_show_with_the_last_assessments_tags(
    qtbot: QtBot, db: Database, tab: TrendsTab
) -> None:
    patient = create_patient(db, PatientDraft(name="Maria Keller"))
    _history(db, patient)
    tab.show_patient(patient)
    assert tab.chart is None  # nothing drawn (or imported) while hidden
    tab.show()
    qtbot.waitExposed(tab)
    assert tab.chart is not None and _charting(tab)
    assert tab.chart.selected() == [("gluteus-medius", L), ("gluteus-medius", R),
                                    ("tensor-fasciae-latae", L)]
    assert tab.chart.chooser.list.count() == 4  # soleus is listed, not shown


def test_patient_without_assessments_gets_an_explaining_empty_state(
    qtbot: QtBot, db: Database, tab: TrendsTab
) -> None:
    patient = create_patient(db, PatientDraft(name="Zoë Ångström"))
    _show(qtbot, tab, patient)
    assert tab.stack.currentWidget() is tab.empty
    assert tab.empty.title.text() == "No trends for Zoë Ångström yet"
    text = tab.empty.text.text()
    assert "There is no assessment yet" in text and "Assessment tab" in text
    assert tab.chart is None  # an empty state costs no pyqtgraph import


def test_assessment_without_tags_says_so(qtbot: QtBot, db: Database, tab: TrendsTab) -> None:
    patient = create_patient(db, PatientDraft(name="Lukas Novák"))
    create_assessment(db, patient.id, day=date(2026, 1, 5), tags=[])
    _show(qtbot, tab, patient)
    assert tab.stack.currentWidget() is tab.empty
    assert "There is one assessment, but no muscle has been tagged" in tab.empty.text.text()


def test_archived_patient_still_shows_its_trend(qtbot: QtBot, db: Database,
                                                tab: TrendsTab) -> None:
    patient = create_patient(db, PatientDraft(name="Henrik Sørensen"))
    _history(db, patient)
    archived = set_archived(db, patient.id, True)
    _show(qtbot, tab, archived)
    assert tab.chart is not None and _charting(tab)
    assert len(tab.chart.selected()) == 3


def test_undo_step_reloads_and_keeps_the_clinicians_selection_and_range(
    qtbot: QtBot, db: Database, tab: TrendsTab, stack: QUndoStack
) -> None:
    patient = create_patient(db, PatientDraft(name="Aisha Rahman"))
    _history(db, patient)
    _show(qtbot, tab, patient)
    chart = tab.chart
    assert chart is not None
    chart.set_selected([("soleus", L)])
    chart.set_range_preset("3m")
    before = chart.x_range()
    create_assessment(db, patient.id, day=date(2026, 3, 30),
                      tags=[_tag("soleus", L, T, 2)])
    stack.push(QUndoCommand("an edit somewhere on the page"))  # what every edit does
    assert chart.selected() == [("soleus", L)]
    assert chart.x_range() == pytest.approx(before)
    assert [p.tightness for p in chart.data().points if p.key == ("soleus", L)] == [5, 5, 5, 2]


def test_switching_patient_while_hidden_reloads_on_show(
    qtbot: QtBot, db: Database, tab: TrendsTab
) -> None:
    first = create_patient(db, PatientDraft(name="First"))
    _history(db, first)
    second = create_patient(db, PatientDraft(name="Second"))
    create_assessment(db, second.id, day=date(2026, 5, 1), tags=[_tag("soleus", R, T, 8)])
    _show(qtbot, tab, first)
    tab.hide()
    tab.show_patient(second)
    assert tab.chart is not None and tab.chart.data().patient_name == "First"  # still hidden
    tab.show()
    qtbot.waitExposed(tab)
    assert tab.chart.data().patient_name == "Second"
    assert tab.chart.selected() == [("soleus", R)]


def test_hover_reads_out_the_point_under_the_pointer(qtbot: QtBot, db: Database,
                                                    tab: TrendsTab) -> None:
    from equitone.charts.prepared import DayClock

    patient = create_patient(db, PatientDraft(name="Owen Price"))
    _history(db, patient)
    _show(qtbot, tab, patient)
    chart = tab.chart
    assert chart is not None
    plot = chart.tightness_plots()[0]
    x = DayClock()(date(2026, 2, 23))
    scene = plot.getViewBox().mapViewToScene(QPointF(x, 5))
    qtbot.mouseMove(chart.view.viewport(), chart.view.mapFromScene(scene))
    qtbot.waitUntil(lambda: "23 Feb 2026" in chart.readout.text())
    assert "Left gluteus medius" in chart.readout.text()
    assert "tightness 5/10" in chart.readout.text()
    assert "state: underactive" in chart.readout.text()


def test_flag_lists_the_rise_and_links_to_its_session(qtbot: QtBot, db: Database,
                                                      tab: TrendsTab) -> None:
    patient = create_patient(db, PatientDraft(name="Grace Turner"))
    session_id = _history(db, patient)
    _show(qtbot, tab, patient)
    chart = tab.chart
    assert chart is not None
    panel = chart.flags_panel
    assert panel.isVisibleTo(tab)
    assert ("Left gluteus medius was activated on 3 Feb 2026 and its tightness rose from 3 "
            "to 6") in panel.text.text()
    with qtbot.waitSignal(tab.session_requested) as blocker:
        panel.text.linkActivated.emit(f"session:{session_id}")
    assert blocker.args == [session_id]


def test_exports_write_files_and_failures_become_one_message(
    qtbot: QtBot, db: Database, tab: TrendsTab, tmp_path: Path, bridge: RecordingBridge
) -> None:
    chart = _chart_with_history(qtbot, db, tab, "Tomás Ferreira")
    chart.ask_path = lambda kind: str(tmp_path / f"trend.{kind}")
    for action in (chart.commands.export_png, chart.commands.export_svg,
                   chart.commands.export_csv):
        action.trigger()
    assert (tmp_path / "trend.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (tmp_path / "trend.svg").read_bytes()[:400]
    rows = (tmp_path / "trend.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "date,muscle,side,state,tightness"
    assert rows[1] == "2026-01-05,gluteus-medius,left,underactive,3"
    assert chart.readout.text() == f"Saved {tmp_path / 'trend.csv'}"
    assert bridge.shown == []
    chart.ask_path = lambda kind: str(tmp_path / "no-such-folder" / f"trend.{kind}")
    chart.commands.export_png.trigger()
    assert len(bridge.shown) == 1
    kind, title, text = bridge.shown[0]
    assert (kind, title) == ("error", "Export failed")
    assert "no-such-folder does not exist" in text and "\n" not in text


def test_an_export_over_the_database_is_refused(
    qtbot: QtBot, db: Database, tab: TrendsTab, bridge: RecordingBridge
) -> None:
    chart = _chart_with_history(qtbot, db, tab, "Tomás Ferreira")
    assert db.path is not None
    before = db.path.stat().st_ino, db.path.read_bytes()[:16]
    chart.ask_path = lambda kind: str(db.path)
    chart.commands.export_png.trigger()
    kind, title, text = bridge.shown[-1]
    assert (kind, title) == ("error", "Export failed") and "open database" in text
    assert (db.path.stat().st_ino, db.path.read_bytes()[:16]) == before


@pytest.mark.skipif(sys.platform == "darwin", reason="Ctrl is Cmd there")
def test_keyboard_shortcuts_work_inside_the_tab(qtbot: QtBot, db: Database,
                                                tab: TrendsTab) -> None:
    patient = create_patient(db, PatientDraft(name="Priya Natarajan"))
    _history(db, patient)
    _show(qtbot, tab, patient)
    chart = tab.chart
    assert chart is not None
    tab.activateWindow()
    chart.view.setFocus()
    qtbot.waitUntil(chart.view.hasFocus)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(chart.view, Qt.Key.Key_1, ctrl)
    lo, hi = chart.x_range()
    assert (hi - lo) / 86400 == pytest.approx(91, abs=1)
    qtbot.keyClick(chart.view, Qt.Key.Key_M, ctrl)
    assert chart.mode() == "small-multiples"
    qtbot.keyClick(chart.view, Qt.Key.Key_M, ctrl)
    assert chart.mode() == "overlay"


def test_patient_page_has_the_trends_tab(qtbot: QtBot, window, db: Database) -> None:  # type: ignore[no-untyped-def]
    patient = create_patient(db, PatientDraft(name="Élodie Marchand"))
    _history(db, patient)
    window.resize(1400, 860)
    window.reload_patients()
    window.open_patient(patient)
    page = window.page
    assert page.trends is not None
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "&Trends" in titles
    page.tabs.setCurrentWidget(page.trends)
    qtbot.waitUntil(lambda: page.trends.chart is not None)
    assert page.trends.chart.data().patient_name == "Élodie Marchand"


def test_open_session_link_shows_that_session_on_the_session_tab(  # type: ignore[no-untyped-def]
    qtbot: QtBot, window, db: Database
) -> None:
    patient = create_patient(db, PatientDraft(name="Owen \"Oz\" Price"))
    session_id = _history(db, patient)
    newer = create_session(db, patient.id, [], SessionDetails(date(2026, 3, 20)))
    window.open_patient(patient)
    page = window.page
    assert page.trends is not None and page.session is not None
    page.tabs.setCurrentWidget(page.trends)
    qtbot.waitUntil(lambda: page.trends.chart is not None)
    page.trends.session_requested.emit(session_id)
    assert page.tabs.currentWidget() is page.session
    record = page.session.record
    assert record is not None and record.id == session_id != newer.id


def test_dates_no_chart_can_place_are_left_out_and_named(
    qtbot: QtBot, db: Database, tab: TrendsTab, tmp_path: Path
) -> None:
    """Rows of an older version or written by hand (0001-01-01, 9999-12-31): the chart shows
    the rest and says which dates it left out, instead of failing."""
    from sqlalchemy import insert

    from equitone.storage.models import AssessmentRow, ToneTagRow

    patient = create_patient(db, PatientDraft(name="Maria Keller"))
    _history(db, patient)
    with db.engine.begin() as conn:
        for day in (date(1, 1, 1), date(9999, 12, 31)):
            visit = conn.execute(insert(AssessmentRow).values(
                patient_id=patient.id, date=day, clinician="", findings="", signed_by="",
                version=1, row_version=1).returning(AssessmentRow.id)).scalar_one()
            conn.execute(insert(ToneTagRow).values(
                assessment_id=visit, muscle="gluteus-medius", side="left", state="tight",
                tightness=8, note=""))
    _show(qtbot, tab, patient)
    assert tab.chart is not None and _charting(tab)
    assert tab.chart.note.isVisibleTo(tab)
    assert "0001-01-01, 9999-12-31" in tab.chart.note.text()
    lo, hi = tab.chart.x_range()
    assert date.fromtimestamp(lo).year >= 2025 and date.fromtimestamp(hi).year <= 2027
    tab.chart.grab().save(str(tmp_path / "odd-dates.png"))


def test_range_of_motion_is_charted_against_its_test_and_normal(
    qtbot: QtBot, db: Database, tab: TrendsTab, tmp_path: Path
) -> None:
    from equitone.domain.assessment import Measures, StateGrade

    patient = create_patient(db, PatientDraft(name="Tomás Ferreira"))
    for n, (slr, lunge) in enumerate(((52, 24), (60, 28), (71, 33))):
        create_assessment(db, patient.id, day=date(2026, 1 + n, 5), tags=[
            ToneTag("hamstrings", L, T, 6 - n, others=(StateGrade(U, 2),), measures=Measures(
                rom_degrees=slr, rom_test="straight-leg-raise")),
            ToneTag("hamstrings", R, T, 4, measures=Measures(
                rom_degrees=slr + 10, rom_test="straight-leg-raise")),
            ToneTag("soleus", L, T, 5, measures=Measures(rom_degrees=lunge,
                                                         rom_test="ankle-lunge")),
        ])
    _show(qtbot, tab, patient)
    assert tab.rom is not None and _charting(tab)
    index = tab.views.indexOf(tab.rom)
    assert tab.views.isTabEnabled(index) and tab.views.tabText(index) == "Range of motion (3)"
    tab.views.setCurrentWidget(tab.rom)
    rom = tab.rom
    assert [rom.chooser.itemText(i) for i in range(rom.chooser.count())] == [
        "Hamstrings — Straight-leg raise (passive)",
        "Soleus — Weight-bearing lunge (ankle dorsiflexion, knee bent)"]
    assert rom.shown_series() == [("hamstrings", L, "straight-leg-raise"),
                                  ("hamstrings", R, "straight-leg-raise")]
    assert "Normal ≥ 80°" in rom.caption.text()
    rom.chooser.setCurrentIndex(1)
    assert rom.shown_series() == [("soleus", L, "ankle-lunge")]
    rom.grab().save(str(tmp_path / "rom.png"))
    tab.views.setCurrentWidget(tab.chart)
    tab.grab().save(str(tmp_path / "band.png"))
    # the tightness chart's band and hover name both states of the combined side
    from equitone.charts.hover import Hit
    from equitone.charts.widget import describe_hit

    assert tab.chart is not None
    prepared = tab.chart._prepared
    assert prepared is not None
    arrays = prepared.series[("hamstrings", L)]
    from equitone.charts.style import STATE_ORDER

    assert arrays.states.tolist() == [STATE_ORDER.index(T)] * 3
    assert arrays.second.tolist() == [STATE_ORDER.index(U)] * 3  # the band's lower half
    point = arrays.points[0]
    text = describe_hit(Hit(("hamstrings", L), point, 0.0, 0.0, None), prepared)  # type: ignore[arg-type]
    assert "states: tight + underactive" in text


def test_no_range_of_motion_leaves_its_view_disabled(
    qtbot: QtBot, db: Database, tab: TrendsTab
) -> None:
    patient = create_patient(db, PatientDraft(name="Maria Keller"))
    _history(db, patient)
    _show(qtbot, tab, patient)
    assert tab.rom is not None
    assert not tab.views.isTabEnabled(tab.views.indexOf(tab.rom))
