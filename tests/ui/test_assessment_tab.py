"""The Assessment tab driven like a clinician would: click muscles on the map, tag them by
keyboard and menu, edit the tag, undo/redo through the window, mirror, new visits, compare,
history, persistence across a reopen, and signed (read-only) assessments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import Measures, PsfsItem, ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.types import Layer, Side, ToneState, View
from equitone.services import assessments as svc
from equitone.services.patients import create_patient
from equitone.storage.database import Database
from equitone.ui.assessment import AssessmentTab
from equitone.ui.bodymap import RegionKey, region_centres
from equitone.ui.main_window import MainWindow
from equitone.ui.messages import RecordingBridge

GMED_L = RegionKey("gluteus-medius", Side.LEFT)
GMED_R = RegionKey("gluteus-medius", Side.RIGHT)
TFL_L = RegionKey("tensor-fasciae-latae", Side.LEFT)
QL_R = RegionKey("quadratus-lumborum", Side.RIGHT)


def _patient(db: Database, name: str = "Ada Lovelace") -> Patient:
    return create_patient(db, PatientDraft(name=name))


def open_tab(window: MainWindow, qtbot: QtBot, patient: Patient) -> AssessmentTab:
    window.resize(1400, 860)
    window.reload_patients()
    window.open_patient(patient)
    page = window.page
    tab = page.assessment
    assert tab is not None
    page.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    tab.map.view.fit()
    return tab


def click(qtbot: QtBot, tab: AssessmentTab, key: RegionKey, view: View, layer: Layer,
          mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Click the region's interior point, computed from the SVG geometry."""
    if tab.map.view.current_view != (view, layer):
        tab.map.set_view(view, layer)
    v = tab.map.view
    point = v.mapFromScene(region_centres(v.art)[key])
    assert v.viewport().rect().contains(point)
    qtbot.mouseClick(v.viewport(), Qt.MouseButton.LeftButton, mods, point)
    assert key in v.selection()


def stored(db: Database, assessment_id: int) -> dict[tuple[str, Side], ToneTag]:
    return svc.get_assessment(db, assessment_id).tag_map()


@pytest.fixture
def patient(db: Database) -> Patient:
    return _patient(db)


def test_empty_state_offers_the_first_assessment(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    tab = open_tab(window, qtbot, patient)
    assert tab.stack.currentWidget() is tab.empty
    assert "No assessment" in tab.empty.text.text()
    qtbot.mouseClick(tab.empty.start, Qt.MouseButton.LeftButton)
    found = svc.list_assessments(db, patient.id)
    assert len(found) == 1
    assert tab.stack.currentWidget() is tab.work
    window.undo_stack.undo()
    assert svc.list_assessments(db, patient.id) == []
    assert tab.stack.currentWidget() is tab.empty
    window.undo_stack.redo()
    again = svc.list_assessments(db, patient.id)
    assert [a.id for a in again] == [found[0].id]  # restored with the same id
    assert tab.current is not None and tab.current.id == found[0].id


def test_tag_by_keyboard_and_by_menu(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id, day=date(2024, 5, 2))
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_1)
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].state is ToneState.UNDERACTIVE
    # the context menu path: build the menu the view would show and trigger "Overactive"
    click(qtbot, tab, GMED_R, View.BACK, Layer.SUPERFICIAL)
    menu = tab.map.view.build_context_menu()
    action = next(act for act in menu.actions() if act.text() == "Overactive")
    action.trigger()
    assert stored(db, a.id)[("gluteus-medius", Side.RIGHT)].state is ToneState.OVERACTIVE
    # the map and the list follow the announcement
    assert tab.map.view.tags()[GMED_L].state is ToneState.UNDERACTIVE
    rows = tab.tagged.rows()
    assert "Underactive (1)" in rows
    assert any(
        r.startswith("Gluteus medius L — activate, then relax it; check its compensators")
        for r in rows
    )


def test_context_menu_event_uses_the_seam(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id)
    tab = open_tab(window, qtbot, patient)
    tab.map.set_view(View.BACK, Layer.SUPERFICIAL)
    v = tab.map.view
    shown: list[QMenu] = []

    def fake_exec(menu: QMenu, _pos: QPoint) -> None:
        shown.append(menu)
        next(act for act in menu.actions() if act.text() == "Tight").trigger()

    v.menu_exec = fake_exec
    point = v.mapFromScene(region_centres(v.art)[GMED_L])
    from PySide6.QtGui import QContextMenuEvent

    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, v.mapToGlobal(point))
    v.contextMenuEvent(event)
    assert shown
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].state is ToneState.TIGHT


def test_multi_selection_tag_is_one_undo_step(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id)
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    click(qtbot, tab, GMED_R, View.BACK, Layer.SUPERFICIAL, Qt.KeyboardModifier.ShiftModifier)
    before = window.undo_stack.count()
    qtbot.keyClick(tab.map.view, Qt.Key.Key_3)
    assert window.undo_stack.count() == before + 1
    assert {t.state for t in stored(db, a.id).values()} == {ToneState.TIGHT}
    assert len(stored(db, a.id)) == 2
    qtbot.keyClick(tab.map.view, Qt.Key.Key_0)
    assert stored(db, a.id) == {}
    window.act_undo.trigger()
    assert len(stored(db, a.id)) == 2
    window.act_undo.trigger()
    assert stored(db, a.id) == {}


def test_tightness_editor_stores_merges_and_undoes(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, tightness=2)
    ])
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    editor = tab.editor
    assert editor.tightness_spin.value() == 2
    depth = window.undo_stack.count()
    for value in (3, 4, 5, 6):  # a slider drag: one undo step
        editor.tightness_slider.setValue(value)
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].tightness == 6
    assert window.undo_stack.count() == depth + 1
    assert editor.tightness_meaning.text() == "6 — moderate–marked"
    assert tab.map.view.tags()[GMED_L].tightness == 6
    window.act_undo.trigger()
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].tightness == 2
    assert editor.tightness_spin.value() == 2
    window.act_redo.trigger()
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].tightness == 6
    # the spin box writes too, and "—" clears the score
    editor.tightness_spin.setValue(-1)
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].tightness is None


def test_measures_show_level_meanings_and_fit_the_states(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE)
    ])
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    editor = tab.editor
    strength = editor.measures["strength"]
    items = [strength.itemText(i) for i in range(strength.count())]
    assert "4 — against gravity and some resistance" in items
    tenderness = editor.measures["tenderness"]
    assert "II — tender with grimace and/or flinch" in [
        tenderness.itemText(i) for i in range(tenderness.count())
    ]
    # strength and tenderness for any state; no Ashworth unless neurological; no length
    # test for glute med
    assert editor.measure_visible("strength") and editor.measure_visible("tenderness")
    assert not editor.measure_visible("ashworth") and not editor.measure_visible("rom")
    strength.setCurrentIndex(strength.findData("4"))
    strength.activated.emit(strength.currentIndex())
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].measures.strength == 4
    # grade the state
    grade = editor.states.grades[ToneState.UNDERACTIVE]
    assert "Moderate — clear; affects movement" in [grade.itemText(i)
                                                    for i in range(grade.count())]
    grade.setCurrentIndex(grade.findData("2"))
    grade.activated.emit(grade.currentIndex())
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].grade == 2
    assert tab.map.view.tags()[GMED_L].grade == "Moderate"
    # tender as well: a second toggle, its own grade; strength stays
    qtbot.mouseClick(editor.states.buttons[ToneState.TENDER], Qt.MouseButton.LeftButton)
    tag = stored(db, a.id)[("gluteus-medius", Side.LEFT)]
    assert tag.states == (ToneState.UNDERACTIVE, ToneState.TENDER)
    assert tag.measures.strength == 4 and tag.grade == 2
    assert editor.states.grades[ToneState.TENDER].isVisible()
    assert tab.map.view.tags()[GMED_L].others == (ToneState.TENDER,)
    assert editor.summary.text() == "Underactive + tender"


def test_length_test_and_ashworth_on_a_neurological_assessment(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id, tags=[
        ToneTag("hamstrings", Side.RIGHT, ToneState.TIGHT)
    ])
    tab = open_tab(window, qtbot, patient)
    tab.show_region(RegionKey("hamstrings", Side.RIGHT))
    editor = tab.editor
    assert editor.measure_visible("rom") and not editor.measure_visible("ashworth")
    rom = editor.rom
    assert [rom.test.itemText(i) for i in range(rom.test.count())] == [
        "— no length test", "Straight-leg raise (passive)",
        "90-90 hamstring test (active knee extension)"]
    assert not rom.value.isEnabled()  # a bare number means nothing: the test comes first
    rom.test.setCurrentIndex(1)
    rom.test.activated.emit(1)
    assert rom.value.isEnabled() and rom.value.suffix() == "°"
    rom.value.setValue(60)
    tag = stored(db, a.id)[("hamstrings", Side.RIGHT)]
    assert (tag.measures.rom_test, tag.measures.rom_degrees) == ("straight-leg-raise", 60)
    assert editor.rom.normal.text() == "normal ≥ 80°: 20° short"
    # marking the assessment neurological offers the Modified Ashworth Scale
    qtbot.mouseClick(tab.toolbar.neurological, Qt.MouseButton.LeftButton)
    assert svc.get_assessment(db, a.id).neurological
    assert editor.measure_visible("ashworth")
    ashworth = editor.measures["ashworth"]
    ashworth.setCurrentIndex(ashworth.findData("1+"))
    ashworth.activated.emit(ashworth.currentIndex())
    assert stored(db, a.id)[("hamstrings", Side.RIGHT)].measures == Measures(
        rom_degrees=60, ashworth="1+", rom_test="straight-leg-raise")
    # retagged underactive: both measures are kept and shown as kept, not dropped
    qtbot.mouseClick(editor.states.buttons[ToneState.UNDERACTIVE], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.states.buttons[ToneState.TIGHT], Qt.MouseButton.LeftButton)
    tag = stored(db, a.id)[("hamstrings", Side.RIGHT)]
    assert tag.states == (ToneState.UNDERACTIVE,) and tag.measures.rom_degrees == 60
    assert editor.measure_visible("rom") and editor.kept["rom"].isVisibleTo(editor)
    assert "does not apply to underactive" in editor.kept["rom"].text()
    assert editor.kept["ashworth"].isVisibleTo(editor)
    assert any("(kept measure)" in row for row in tab.tagged.rows())
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert stored(db, a.id)[("hamstrings", Side.RIGHT)].states == (ToneState.TIGHT,)


def test_note_by_enter_on_the_map(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE)
    ])
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_Return)
    assert tab.editor.note.hasFocus()
    qtbot.keyClicks(tab.editor.note, "fires late in single-leg stance")
    qtbot.keyClick(tab.editor.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].note == (
        "fires late in single-leg stance"
    )
    window.undo_stack.undo()
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].note == ""


def test_mirror_copies_state_and_tightness(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, tightness=4, note="weak")
    ])
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_M)
    right = stored(db, a.id)[("gluteus-medius", Side.RIGHT)]
    assert (right.state, right.tightness, right.note) == (ToneState.UNDERACTIVE, 4, "weak")
    window.undo_stack.undo()
    assert ("gluteus-medius", Side.RIGHT) not in stored(db, a.id)
    qtbot.mouseClick(tab.editor.mirror, Qt.MouseButton.LeftButton)
    assert stored(db, a.id)[("gluteus-medius", Side.RIGHT)].tightness == 4


def test_new_assessment_as_copy_of_previous(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    first = svc.create_assessment(
        db, patient.id, day=date(2024, 3, 1), clinician="Dr Ruiz",
        tags=[ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, tightness=5)],
        psfs=[PsfsItem("Stairs", 4), PsfsItem("Running", 2), PsfsItem("Kneeling", 3)],
    )
    tab = open_tab(window, qtbot, patient)
    tab.toolbar.act_new_copy.trigger()
    newest = svc.latest_assessment(db, patient.id)
    assert newest is not None and newest.id != first.id
    assert newest.tag_map() == first.tag_map()
    assert newest.psfs == (PsfsItem("Stairs", None), PsfsItem("Running", None),
                           PsfsItem("Kneeling", None))
    assert newest.clinician == "Dr Ruiz"
    assert tab.current is not None and tab.current.id == newest.id
    assert tab.toolbar.picker.count() == 2
    assert tab.findings.activities[0].text() == "Stairs"
    assert tab.findings.scores[0].specialValueText() == "—"
    # only the scores need entering; the change vs the previous visit is shown
    tab.findings.scores[0].setValue(8)
    after = svc.get_assessment(db, newest.id)
    assert after.psfs[0] == PsfsItem("Stairs", 8)
    assert "meaningful" in tab.findings.changes[0].text()
    assert "8.0" in tab.findings.mean.text()
    # empty copy: no tags, activities still carried over
    tab.toolbar.act_new_empty.trigger()
    empty = svc.latest_assessment(db, patient.id)
    assert empty is not None and empty.tags == ()
    assert [i.activity for i in empty.psfs] == ["Stairs", "Running", "Kneeling"]


def test_details_commit_on_editing_finished(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id, day=date(2024, 3, 1))
    tab = open_tab(window, qtbot, patient)
    line = tab.toolbar.clinician_edit
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "Dr Okafor")
    assert svc.get_assessment(db, a.id).clinician == ""  # not per keystroke
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert svc.get_assessment(db, a.id).clinician == "Dr Okafor"
    tab.findings.findings.setPlainText("Trendelenburg sign on the left.")
    tab.findings.findings.committed.emit(tab.findings.findings.toPlainText())
    assert svc.get_assessment(db, a.id).findings == "Trendelenburg sign on the left."
    window.undo_stack.undo()
    window.undo_stack.undo()
    got = svc.get_assessment(db, a.id)
    assert (got.clinician, got.findings) == ("", "")
    assert tab.toolbar.clinician.currentText() == ""


def test_compare_mode_lists_the_change(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    svc.create_assessment(db, patient.id, day=date(2024, 3, 1), tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, tightness=6),
        ToneTag("quadratus-lumborum", Side.RIGHT, ToneState.OVERACTIVE),
    ])
    svc.create_assessment(db, patient.id, day=date(2024, 4, 1), tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.BALANCED, tightness=2),
        ToneTag("quadratus-lumborum", Side.RIGHT, ToneState.OVERACTIVE),
    ])
    tab = open_tab(window, qtbot, patient)
    tab.toolbar.compare.setChecked(True)
    rows = tab.changes.rows()
    assert "Gluteus medius L: underactive 6/10 → balanced 2/10" in rows
    assert not any("Quadratus" in r for r in rows)
    shown = tab.map.view.tags()
    assert set(shown) == {GMED_L}
    assert shown[GMED_L].state is ToneState.BALANCED
    assert not tab.mode_note.isHidden()
    # read-only while comparing
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    depth = window.undo_stack.count()
    qtbot.keyClick(tab.map.view, Qt.Key.Key_2)
    assert window.undo_stack.count() == depth
    tab.toolbar.compare.setChecked(False)
    assert set(tab.map.view.tags()) == {GMED_L, QL_R}


def test_history_slider_scrubs_to_older_states(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    for day, state in ((date(2024, 1, 5), ToneState.SPASM), (date(2024, 2, 5), ToneState.TIGHT),
                       (date(2024, 3, 5), ToneState.BALANCED)):
        svc.create_assessment(db, patient.id, day=day, tags=[
            ToneTag("gluteus-medius", Side.LEFT, state)
        ])
    tab = open_tab(window, qtbot, patient)
    slider = tab.toolbar.slider
    assert (slider.minimum(), slider.maximum(), slider.value()) == (0, 2, 2)
    assert tab.map.view.tags()[GMED_L].state is ToneState.BALANCED
    slider.setValue(0)
    assert tab.map.view.tags()[GMED_L].state is ToneState.SPASM
    assert "2024-01-05" in tab.toolbar.slider_label.text()
    assert "read-only" in tab.toolbar.slider_label.text()
    assert not tab.editable
    slider.setValue(1)
    assert tab.map.view.tags()[GMED_L].state is ToneState.TIGHT
    slider.setValue(2)
    assert tab.editable and tab.map.view.tags()[GMED_L].state is ToneState.BALANCED
    slider.setValue(0)
    qtbot.mouseClick(tab.toolbar.open_scrubbed, Qt.MouseButton.LeftButton)
    assert tab.current is not None and tab.current.day == date(2024, 1, 5)
    assert tab.editable


def test_tagged_list_click_selects_and_switches_view(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    svc.create_assessment(db, patient.id, tags=[
        ToneTag("quadratus-lumborum", Side.RIGHT, ToneState.OVERACTIVE, tightness=7),
        ToneTag("tensor-fasciae-latae", Side.LEFT, ToneState.TIGHT),
    ])
    tab = open_tab(window, qtbot, patient)
    tab.map.set_view(View.FRONT, Layer.SUPERFICIAL)
    row = tab.tagged.row_for(QL_R)
    assert row is not None
    assert row.text(0) == "Quadratus lumborum R — 7/10 — relax / release it first"
    rect = tab.tagged.visualItemRect(row)
    qtbot.mouseClick(tab.tagged.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.map.view.current_view == (View.BACK, Layer.DEEP)  # QL is drawn deep, at the back
    assert tab.map.selection() == [QL_R]
    assert tab.editor.title.text().startswith("Quadratus lumborum — right")
    row = tab.tagged.row_for(TFL_L)
    assert row is not None
    qtbot.mouseClick(
        tab.tagged.viewport(), Qt.MouseButton.LeftButton,
        pos=tab.tagged.visualItemRect(row).center(),
    )
    assert tab.map.view.current_view == (View.FRONT, Layer.SUPERFICIAL)
    assert tab.map.selection() == [TFL_L]


def test_signed_assessment_is_read_only_with_a_banner(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE)
    ])
    svc.sign_assessment(db, a.id, by="Dr Ruiz")
    tab = open_tab(window, qtbot, patient)
    assert not tab.banner.isHidden()
    assert "Signed by Dr Ruiz" in tab.banner.text()
    assert not tab.toolbar.date.isEnabled()
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    assert not any(b.isEnabled() for b in tab.editor.states.buttons.values())
    assert not tab.editor.tightness_slider.isEnabled()
    depth = window.undo_stack.count()
    qtbot.keyClick(tab.map.view, Qt.Key.Key_3)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_M)
    assert window.undo_stack.count() == depth
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].state is ToneState.UNDERACTIVE
    assert "signed" in tab.map.status.text()
    assert tab.findings.activities[0].isReadOnly()


def test_refused_write_is_dropped_and_reported(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient, bridge: RecordingBridge
) -> None:
    """If the assessment gets signed behind the tab's back, the service refuses and the
    command never reaches the undo stack."""
    a = svc.create_assessment(db, patient.id)
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    with db.transaction() as session:
        from sqlalchemy import text

        session.execute(text("UPDATE assessments SET signed_at = '2024-05-02 10:00:00'"))
    depth = window.undo_stack.count()
    qtbot.keyClick(tab.map.view, Qt.Key.Key_1)
    assert window.undo_stack.count() == depth
    assert stored(db, a.id) == {}
    assert bridge.shown and bridge.shown[-1][0] == "error"
    assert not tab.banner.isHidden()  # the tab reloaded and now shows it signed


def test_tags_survive_reopening_the_database(
    qtbot: QtBot, db_path: Path, bridge: RecordingBridge
) -> None:
    from equitone.app import app_settings
    from equitone.services.workspace import open_workspace

    def build(database: Database) -> MainWindow:
        win = MainWindow(app_settings())
        qtbot.addWidget(win)
        win.show()
        win.attach_database(database)
        return win

    first_db = open_workspace(db_path)
    patient = _patient(first_db, "Grace Hopper")
    svc.create_assessment(first_db, patient.id)
    win = build(first_db)
    tab = open_tab(win, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_4)
    tab.editor.tightness_slider.setValue(8)
    win.undo_stack.clear()
    win.close()
    first_db.close()

    second_db = open_workspace(db_path)
    try:
        win2 = build(second_db)
        tab2 = open_tab(win2, qtbot, patient)
        info = tab2.map.view.tags()[GMED_L]
        assert (info.state, info.tightness) == (ToneState.SPASM, 8)
        win2.undo_stack.clear()
    finally:
        second_db.close()


def test_export_map_writes_png_and_svg(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient, tmp_path: Path
) -> None:
    svc.create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE)
    ])
    tab = open_tab(window, qtbot, patient)
    tab.map.set_view(View.BACK, Layer.SUPERFICIAL)
    target = tmp_path / "map.png"
    tab.ask_export_path = lambda: str(target)
    qtbot.mouseClick(tab.toolbar.export_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tab.export_map_to(tmp_path / "map.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")
    assert "saved" in tab.map.status.text()


def test_export_map_never_writes_over_the_database_or_its_backups(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient, tmp_path: Path,
    bridge: RecordingBridge,
) -> None:
    from equitone.services.backups import backup_now

    assert db.path is not None
    kept = backup_now(db.path)
    tab = open_tab(window, qtbot, patient)
    for target in (db.path, Path(f"{db.path}-wal"), kept.parent / "map.png"):
        before = sorted(p.name for p in kept.parent.iterdir()), db.path.stat().st_ino
        tab.ask_export_path = lambda target=target: str(target)
        qtbot.mouseClick(tab.toolbar.export_button, Qt.MouseButton.LeftButton)
        kind, title, text = bridge.shown[-1]
        assert (kind, title) == ("error", "Export map") and "\n" not in text
        assert (sorted(p.name for p in kept.parent.iterdir()), db.path.stat().st_ino) == before
    assert len(bridge.shown) == 3


def test_undo_follows_the_patient_not_the_screen(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    """An undo of another patient's edit changes that patient's data, not this screen."""
    a = svc.create_assessment(db, patient.id)
    other = _patient(db, "Alan Turing")
    b = svc.create_assessment(db, other.id, tags=[
        ToneTag("gluteus-medius", Side.RIGHT, ToneState.TIGHT)
    ])
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_1)
    open_tab(window, qtbot, other)
    assert tab.current is not None and tab.current.id == b.id
    window.undo_stack.undo()
    assert stored(db, a.id) == {}
    assert tab.current.id == b.id
    assert set(tab.map.view.tags()) == {GMED_R}


def test_number_keys_toggle_states_one_undo_step_each(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient, bridge: RecordingBridge
) -> None:
    a = svc.create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, tightness=3, note="weak")
    ])
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_5)  # tender as well
    tag = stored(db, a.id)[("gluteus-medius", Side.LEFT)]
    assert tag.states == (ToneState.UNDERACTIVE, ToneState.TENDER)
    assert (tag.tightness, tag.note) == (3, "weak")
    assert tab.map.view.region_item(GMED_L).look.others == (  # type: ignore[union-attr]
        ToneState.TENDER,)
    rows = tab.tagged.rows()
    assert "Underactive (1)" in rows
    assert any(r.startswith("Gluteus medius L — underactive + tender — 3/10 — activate gently")
               for r in rows)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_1)  # no longer underactive: tender only
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].states == (ToneState.TENDER,)
    # two sides, one already tender: the key adds it where it is missing ...
    click(qtbot, tab, GMED_R, View.BACK, Layer.SUPERFICIAL, Qt.KeyboardModifier.ShiftModifier)
    depth = window.undo_stack.count()
    qtbot.keyClick(tab.map.view, Qt.Key.Key_5)
    tags = stored(db, a.id)
    assert tags[("gluteus-medius", Side.RIGHT)].states == (ToneState.TENDER,)
    assert tags[("gluteus-medius", Side.LEFT)].note == "weak"
    # ... and, once both carry it, takes it off both; the left's tag would go with its score
    # and note, so the clinician is asked first: "no" keeps it, "yes" untags both
    bridge.answer = False
    qtbot.keyClick(tab.map.view, Qt.Key.Key_5)
    assert bridge.shown[-1][:2] == ("confirm", "Remove the tag?")
    assert "the only state of Gluteus medius L" in bridge.shown[-1][2]
    assert set(stored(db, a.id)) == {("gluteus-medius", Side.LEFT)}  # the bare right went
    window.undo_stack.undo()
    bridge.answer = True
    qtbot.keyClick(tab.map.view, Qt.Key.Key_5)
    assert stored(db, a.id) == {}
    assert window.undo_stack.count() == depth + 2
    window.undo_stack.undo()
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].note == "weak"
    # the menu shows what the selection carries, checked
    tab.map.select([GMED_L])
    menu = tab.map.view.build_context_menu()
    tender = next(act for act in menu.actions() if act.text() == "Tender")
    assert tender.isCheckable() and tender.isChecked()
    assert not next(act for act in menu.actions() if act.text() == "Tight").isChecked()


def test_combined_states_render_both_colours(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    from equitone.bodymap.palette import STATE_STYLES

    svc.create_assessment(db, patient.id, tags=[ToneTag.of(
        "gluteus-maximus", Side.LEFT, [ToneState.UNDERACTIVE, ToneState.TENDER])])
    tab = open_tab(window, qtbot, patient)
    tab.map.set_view(View.BACK, Layer.SUPERFICIAL)
    path = tab.export_map_to(tmp_path / "combined.png")
    image = QImage(str(path))
    art = tab.map.view.art
    box = art.regions[RegionKey("gluteus-maximus", Side.LEFT)].boundingRect()
    scale = image.width() / art.view_box.width()
    found: set[str] = set()
    for x in range(int(box.left() * scale), int(box.right() * scale), 2):
        for y in range(int(box.top() * scale), int(box.bottom() * scale), 2):
            found.add(QColor(image.pixel(x, y)).name())
    for state in (ToneState.UNDERACTIVE, ToneState.TENDER):
        assert STATE_STYLES[state].colour.name() in found, state


def test_psfs_is_saved_once_three_activities_are_named(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id)
    tab = open_tab(window, qtbot, patient)
    tab.side_tabs.setCurrentWidget(tab.findings)
    findings = tab.findings
    for n, name in enumerate(("Stairs", "Running")):
        findings.activities[n].setText(name)
        findings.activities[n].editingFinished.emit()
    assert svc.get_assessment(db, a.id).psfs == ()  # not yet: two activities
    assert findings.pending.isVisibleTo(findings)
    assert "name 1 more" in findings.pending.text()
    findings.activities[2].setText("Kneeling")
    findings.activities[2].editingFinished.emit()
    assert [i.activity for i in svc.get_assessment(db, a.id).psfs] == [
        "Stairs", "Running", "Kneeling"]
    assert not findings.pending.isVisibleTo(findings)
    window.undo_stack.undo()
    assert svc.get_assessment(db, a.id).psfs == ()


def test_an_older_two_activity_psfs_is_shown_as_it_was(
    window: MainWindow, qtbot: QtBot, db: Database, patient: Patient
) -> None:
    a = svc.create_assessment(db, patient.id)
    svc.set_psfs(db, a.id, [PsfsItem("Stairs", 4), PsfsItem("Running", 2)], complete=False)
    tab = open_tab(window, qtbot, patient)
    findings = tab.findings
    assert [w.text() for w in findings.activities[:3]] == ["Stairs", "Running", ""]
    assert "Kept as recorded: 2 activities" in findings.pending.text()
    findings.activities[2].setText("Kneeling")
    findings.activities[2].editingFinished.emit()
    assert len(svc.get_assessment(db, a.id).psfs) == 3
    window.undo_stack.undo()  # back to the record as it was, two activities
    assert [i.activity for i in svc.get_assessment(db, a.id).psfs] == ["Stairs", "Running"]
