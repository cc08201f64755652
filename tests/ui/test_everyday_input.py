"""What a clinician tripped over on a first day with a real mouse and keyboard: the wheel over
the Tag panel, the palette caption, dates typed by hand, likely duplicates, finding people."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.types import Layer, Side, ToneState, View
from equitone.services import assessments as svc
from equitone.services.patients import create_patient, list_patients
from equitone.storage.database import Database
from equitone.ui.bodymap import BodyMapView, RegionKey, region_centres
from equitone.ui.date_field import DateField
from equitone.ui.main_window import MainWindow
from equitone.ui.patient_dialog import PatientDialog
from tests.prompts import ScriptedPrompts
from tests.ui.conftest import accept_dialog_with
from tests.ui.test_assessment_tab import GMED_L, click, open_tab, stored


def _patient(db: Database, name: str = "Ada Lovelace") -> Patient:
    return create_patient(db, PatientDraft(name=name))


def wheel(widget: QWidget, steps: int = -1) -> bool:
    """Turn the wheel over ``widget``; True when the widget took the event (False: Qt hands
    it on to the parent, so the scroll area around it scrolls)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre)), QPoint(), QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_wheel_over_an_unfocused_value_changes_nothing(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    patient = _patient(db)
    a = svc.create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.OVERACTIVE, tightness=3, grade=2)
    ])
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    editor = tab.editor
    before = stored(db, a.id)
    depth = window.undo_stack.count()
    values = [editor.states.grades[ToneState.OVERACTIVE], editor.tightness_spin,
              editor.tightness_slider, *editor.measures.values()]
    for value in values:
        assert not value.hasFocus()
        # a wheel never takes the focus: only a click or Tab does
        assert value.focusPolicy() == Qt.FocusPolicy.StrongFocus, value.objectName()
        assert not wheel(value), value.objectName()
        assert not wheel(value, steps=1), value.objectName()
    assert stored(db, a.id) == before
    assert window.undo_stack.count() == depth
    # with the focus (clicked into on purpose) the wheel does step the value
    spin = editor.tightness_spin
    window.activateWindow()
    spin.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(spin.hasFocus)
    assert wheel(spin, steps=1)
    assert stored(db, a.id)[("gluteus-medius", Side.LEFT)].tightness == 4


ADDUCTORS_L = RegionKey("hip-adductors", Side.LEFT)
SARTORIUS_L = RegionKey("sartorius", Side.LEFT)
SARTORIUS_R = RegionKey("sartorius", Side.RIGHT)


def test_the_caption_names_what_a_key_will_change(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    patient = _patient(db)
    a = svc.create_assessment(db, patient.id)
    tab = open_tab(window, qtbot, patient)
    click(qtbot, tab, ADDUCTORS_L, View.FRONT, Layer.SUPERFICIAL)
    view = tab.map.view
    view.hover_at(region_centres(view.art)[ADDUCTORS_L])  # the pointer stays on the adductors
    tab.map.select([SARTORIUS_R])  # as the arrow keys would
    caption = tab.map.status.text()
    assert caption.startswith("Keys change Sartorius (right)"), caption
    assert "Pointer on Hip adductors (left)" in caption
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert set(stored(db, a.id)) == {("sartorius", Side.RIGHT)}
    # a long caption wraps: it never widens the map at the Tag panel's expense
    assert tab.map.minimumSizeHint().width() < tab.map.status.fontMetrics().horizontalAdvance(
        caption)
    # nothing selected: the caption says what a click would pick
    tab.map.select([])
    assert tab.map.status.text().startswith("Hip adductors (left): click to select")


def _tooltip_at(view: BodyMapView, pos: QPoint) -> str:
    """The tooltip the view shows for a pointer resting at ``pos`` ("" for none: a hidden
    tooltip fades out on a timer, so a marker text shown first must be left untouched)."""
    marker = "(no muscle here)"
    QToolTip.showText(view.viewport().mapToGlobal(pos), marker, view.viewport())
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    text = QToolTip.text()
    return "" if text == marker else text


def test_hover_outline_tooltip_and_click_agree_where_muscles_meet(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    """Over the hip adductors and sartorius, every pixel: the tooltip names the muscle the
    outline shows and a click would select."""
    patient = _patient(db)
    svc.create_assessment(db, patient.id)
    tab = open_tab(window, qtbot, patient)
    tab.map.set_view(View.FRONT, Layer.SUPERFICIAL)
    view = tab.map.view
    area = QRectF()
    for key in (ADDUCTORS_L, SARTORIUS_L):
        item = view.region_item(key)
        assert item is not None
        area = area.united(item.sceneBoundingRect())
    box = view.mapFromScene(area).boundingRect() & view.viewport().rect()
    checked = 0
    for x in range(box.left(), box.right(), 2):
        for y in range(box.top(), box.bottom(), 2):
            pos = QPoint(x, y)
            outlined = view.hover_at(view.mapToScene(pos))
            tip = _tooltip_at(view, pos)
            expected = view.tooltip_text(outlined) if outlined is not None else ""
            assert tip == expected, (pos, outlined)
            checked += 1
    assert checked > 500
    QToolTip.hideText()


def test_dates_are_typed_as_people_type_them_and_tab_leaves_the_date(qtbot: QtBot) -> None:
    dialog = PatientDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.name, "Maria Keller")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    born = dialog.focusWidget()
    assert born is dialog.birth_date.line
    qtbot.keyClicks(born, "12.3.1980")
    qtbot.keyClick(born, Qt.Key.Key_Tab)  # one Tab leaves the date ...
    phone = dialog.focusWidget()
    assert phone is dialog.phone  # ... for the phone, not the date's next section
    qtbot.keyClicks(phone, "0171 555 0101")
    assert dialog.birth_date.line.text() == "12 Mar 1980"  # shown back as understood
    draft = dialog.draft()
    assert (draft.date_of_birth, draft.phone) == (date(1980, 3, 12), "0171 555 0101")
    # a year typed in the middle of the text counts
    dialog.birth_date.line.selectAll()
    qtbot.keyClicks(dialog.birth_date.line, "12.3.")
    qtbot.keyClicks(dialog.birth_date.line, "1981")
    assert dialog.draft().date_of_birth == date(1981, 3, 12)
    # text that is no date is refused with its reason, and nothing is accepted
    dialog.birth_date.line.setText("31.2.1980")
    dialog.accept()
    assert dialog.isVisible() and "'31.2.1980' is not a date" in dialog.error.text()
    dialog.birth_date.line.setText("1.1.2999")
    dialog.accept()
    assert dialog.isVisible() and "is after" in dialog.error.text()
    # empty: not known
    dialog.birth_date.line.clear()
    assert dialog.draft().date_of_birth is None


def test_the_date_picker_sets_the_date_for_the_mouse(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    with qtbot.waitSignal(field.edited) as edited:
        field.calendar.clicked.emit(QDate(1975, 6, 30))
    assert edited.args == [date(1975, 6, 30)]
    assert field.value() == date(1975, 6, 30) and field.line.text() == "30 Jun 1975"


def test_the_visit_date_is_typed_too_and_saved_once(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    patient = _patient(db)
    a = svc.create_assessment(db, patient.id, day=date(2024, 3, 1))
    tab = open_tab(window, qtbot, patient)
    line = tab.toolbar.date.line
    assert line.text() == "1 Mar 2024"
    depth = window.undo_stack.count()
    line.selectAll()
    qtbot.keyClicks(line, "2.3.24")
    assert svc.get_assessment(db, a.id).day == date(2024, 3, 1)  # not per keystroke
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert svc.get_assessment(db, a.id).day == date(2024, 3, 2)
    assert window.undo_stack.count() == depth + 1 and line.text() == "2 Mar 2024"
    line.setText("someday")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # refused in place, the stored date stays
    assert svc.get_assessment(db, a.id).day == date(2024, 3, 2)
    assert "'someday' is not a date" in line.toolTip()


def _listed(window: MainWindow) -> list[str]:
    proxy = window.list_panel.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_the_list_finds_people_as_typed_and_sorts_names_as_people_expect(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    for name in ("Zoë Adams", "Élodie Núñez", "Seán O'Brien", "Emil Berg", "Ångström Lund"):
        _patient(db, name)
    window.reload_patients()
    assert _listed(window) == ["Ångström Lund", "Élodie Núñez", "Emil Berg", "Seán O'Brien",
                               "Zoë Adams"]
    search = window.list_panel.search
    for typed, found in (("nunez", ["Élodie Núñez"]), ("obrien", ["Seán O'Brien"]),
                         ("angstrom", ["Ångström Lund"]), ("ZOE", ["Zoë Adams"])):
        search.clear()
        qtbot.keyClicks(search, typed)
        assert _listed(window) == found, typed
    search.clear()
    # a patient created later lands where the name sorts, not at the end
    window.list_panel.model.upsert(_patient(db, "Eva Élan"))
    assert _listed(window)[1:4] == ["Élodie Núñez", "Emil Berg", "Eva Élan"]


def test_a_likely_duplicate_is_shown_before_saving_and_the_clinician_decides(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    create_patient(db, PatientDraft(name="Maria Keller", date_of_birth=date(1980, 3, 12)))
    window.reload_patients()
    seen: list[str] = []

    def fill(dialog: object) -> None:
        assert isinstance(dialog, PatientDialog)
        dialog.name.setText("maria keller")
        dialog.birth_date.line.setText("12.3.1980")
        dialog.accept()  # first OK: the warning, nothing saved
        assert dialog.isVisible()
        seen.append(dialog.duplicate_note.text())
        assert len(list_patients(db)) == 1
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.append(ok.text())

    accept_dialog_with(fill)()  # the helper's own accept() is the second OK: saved anyway
    window.act_new.trigger()
    assert "Maria Keller, born 12 Mar 1980 (same name and birth date)" in seen[0]
    assert seen[1] == "Save anyway"
    assert [p.name for p in list_patients(db)] == ["Maria Keller", "maria keller"]
    # no namesake: no warning, saved at the first OK
    accept_dialog_with(lambda d: d.name.setText("Anna Keller"))()  # type: ignore[attr-defined]
    window.act_new.trigger()
    assert len(list_patients(db)) == 3


def _inside(viewport: QWidget, widget: QWidget) -> bool:
    """The widget is shown whole in the scroll area's viewport."""
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRectF(top_left, widget.size()).toAlignedRect())


def test_the_tag_panel_is_roomy_and_enter_shows_the_note(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    patient = _patient(db)
    svc.create_assessment(db, patient.id, tags=[ToneTag.of(
        "gluteus-medius", Side.LEFT, [ToneState.OVERACTIVE, ToneState.TENDER], tightness=4)])
    tab = open_tab(window, qtbot, patient)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    scroll = tab.editor_scroll
    # no sideways scrolling, and most of the column's height for the fields
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.height() >= 0.6 * (scroll.height() + tab.side_tabs.height())
    # the title says what is being edited
    assert tab.editor.title.text().startswith("Gluteus medius — left")
    viewport = scroll.viewport()
    assert _inside(viewport, tab.editor.states) and _inside(viewport, tab.editor.tightness_box)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _inside(viewport, tab.editor.note))


def test_the_tag_panel_splitters_are_remembered(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    from equitone.app import app_settings

    patient = _patient(db)
    svc.create_assessment(db, patient.id)
    tab = open_tab(window, qtbot, patient)
    window.resize(1400, 860)
    before = tab.splitter.sizes()
    handle = tab.splitter.handle(1)
    start = handle.rect().center()
    left = Qt.MouseButton.LeftButton
    for kind, at, buttons in ((QEvent.Type.MouseButtonPress, start, left),
                              (QEvent.Type.MouseMove, start + QPoint(60, 0), left),
                              (QEvent.Type.MouseButtonRelease, start + QPoint(60, 0),
                               Qt.MouseButton.NoButton)):
        QApplication.sendEvent(handle, QMouseEvent(
            kind, QPointF(at), QPointF(handle.mapToGlobal(at)), left, buttons,
            Qt.KeyboardModifier.NoModifier))
    moved = tab.splitter.sizes()
    assert moved != before and moved[0] > before[0]
    window.close()
    again = MainWindow(app_settings())
    qtbot.addWidget(again)
    again.show()
    again.attach_database(db)
    reopened = open_tab(again, qtbot, patient)
    again.resize(1400, 860)
    qtbot.waitUntil(lambda: reopened.splitter.sizes() == moved)


def test_archiving_from_the_list_takes_the_row_away_at_once(
    window: MainWindow, qtbot: QtBot, db: Database, bridge: ScriptedPrompts
) -> None:
    _patient(db, "Keep Me")
    gone = _patient(db, "Gone Away")
    window.reload_patients()
    qtbot.keyClicks(window.list_panel.search, "e")  # a search is on, as it usually is
    window.list_panel.select_patient(gone.id)
    window.page.header.archive_requested.emit()
    assert _listed(window) == ["Keep Me"]
    assert window.list_panel.count.text() == "1 patient"  # not counted either
    window.act_undo.trigger()
    assert _listed(window) == ["Gone Away", "Keep Me"]


def test_undo_says_whose_change_it_undoes_and_never_acts_on_a_read_only_record(
    window: MainWindow, qtbot: QtBot, db: Database, bridge: ScriptedPrompts
) -> None:
    maria = _patient(db, "Maria Keller")
    alan = _patient(db, "Alan Turing")
    a = svc.create_assessment(db, maria.id)
    svc.create_assessment(db, alan.id)
    tab = open_tab(window, qtbot, maria)
    click(qtbot, tab, GMED_L, View.BACK, Layer.SUPERFICIAL)
    qtbot.keyClick(tab.map.view, Qt.Key.Key_1)
    assert window.act_undo.text().startswith("&Undo ") and "(" not in window.act_undo.text()
    open_tab(window, qtbot, alan)
    assert window.act_undo.text().endswith("(Maria Keller)")  # whose change comes next
    bridge.answer = False  # "not the one on screen — undo it anyway?" no
    window.act_undo.trigger()
    assert bridge.shown[-1][0] == "confirm" and "Maria Keller's record" in bridge.shown[-1][2]
    assert set(stored(db, a.id)) == {("gluteus-medius", Side.LEFT)}
    # signed meanwhile: read-only, so the undo says so and does nothing
    svc.sign_assessment(db, a.id, by="Dr Silva")
    bridge.answer = True
    window.act_undo.trigger()
    assert bridge.shown[-1][0] == "info" and "cannot be undone" in bridge.shown[-1][2]
    assert "signed (read-only)" in bridge.shown[-1][2]
    assert set(stored(db, a.id)) == {("gluteus-medius", Side.LEFT)}
    assert not [s for s in bridge.shown if s[0] == "error"]


def test_the_psfs_rows_are_read_whole_when_findings_is_chosen(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    patient = _patient(db)
    svc.create_assessment(db, patient.id)
    tab = open_tab(window, qtbot, patient)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    tab.side_tabs.setCurrentWidget(tab.findings_page)
    viewport = tab.findings_page.viewport()
    assert tab.findings_page.height() >= min(tab.findings.sizeHint().height(),
                                             0.5 * tab.side_splitter.height())
    assert viewport.height() >= 0.45 * tab.side_splitter.height()


@pytest.mark.parametrize("height", [720, 800])
def test_every_psfs_row_fits_without_scrolling_on_a_1280_wide_screen(
    window: MainWindow, qtbot: QtBot, db: Database, height: int
) -> None:
    patient = _patient(db)
    svc.create_assessment(db, patient.id)
    tab = open_tab(window, qtbot, patient)
    window.resize(1280, height)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (1280, height))
    before = tab.side_splitter.sizes()
    tab.side_tabs.setCurrentWidget(tab.findings_page)
    qtbot.waitUntil(lambda: tab.findings_page.viewport().height() > 0)
    viewport = tab.findings_page.viewport()
    assert tab.findings_page.verticalScrollBar().maximum() == 0
    panel = tab.findings
    for widget in (*panel.activities, *panel.scores, panel.mean):
        bottom = widget.mapTo(viewport, widget.rect().bottomLeft()).y()
        assert bottom <= viewport.height(), widget.objectName()
    tab.side_tabs.setCurrentIndex(0)  # back to the tagged muscles: the Tag panel's room too
    assert tab.side_splitter.sizes() == before
