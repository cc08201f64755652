"""The Session tab driven like a clinician would: drop library exercises into the timeline
(the model's dropMimeData and real drag events on the viewport), reorder, undo and redo
through the window, see the engine's automatic blocks appear, edit the dose in place,
dismiss and swap automatic blocks, keyboard equivalents, and what is stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt, qVersion
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import Patient, PatientDraft
from equitone.domain.sequencing import BlockSide, RuleId
from equitone.domain.types import Side, ToneState
from equitone.services import sessions as svc
from equitone.services.assessments import create_assessment
from equitone.services.patients import create_patient
from equitone.storage.database import Database
from equitone.ui.designer import SessionTab
from equitone.ui.designer.delegate import CardDelegate
from equitone.ui.designer.dialogs import TemplateDialog
from equitone.ui.designer.dose_editor import DoseEditor
from equitone.ui.designer.mime import BLOCK_MIME, BlockPayload, ExercisePayload, encode_block
from equitone.ui.designer.timeline_view import TimelineView
from equitone.ui.main_window import MainWindow
from tests.prompts import ScriptedPrompts

GM, TFL = "gluteus-medius", "tensor-fasciae-latae"
L = Side.LEFT


@pytest.fixture
def patient(db: Database) -> Patient:
    patient = create_patient(db, PatientDraft(name="Maria Keller"))
    create_assessment(db, patient.id, tags=[
        ToneTag(GM, L, ToneState.UNDERACTIVE, 3),
        ToneTag(TFL, L, ToneState.OVERACTIVE, 7),
    ])
    return patient


def open_tab(window: MainWindow, qtbot: QtBot, patient: Patient) -> SessionTab:
    window.resize(1400, 860)
    window.reload_patients()
    window.open_patient(patient)
    page = window.page
    tab = page.session
    assert tab is not None
    page.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    return tab


@pytest.fixture
def tab(window: MainWindow, qtbot: QtBot, patient: Patient) -> Iterator[SessionTab]:
    """The Session tab on a blank draft session."""
    tab = open_tab(window, qtbot, patient)
    tab.new_session()
    assert tab.record is not None and tab.stack.currentWidget() is tab.work
    yield tab


def library_mime(tab: SessionTab, slug: str) -> QMimeData:
    model = tab.library.model
    row = model.row_of(slug)
    assert row >= 0, slug
    return model.mimeData([model.index(row, 0)])


def shown(tab: SessionTab) -> list[str]:
    """The timeline as 'exercise' for clinician blocks and 'rule:muscle' for automatic ones."""
    return [
        f"{b.rule.value}:{b.muscles[0] if b.muscles else ''}" if b.auto and b.rule
        else b.exercise
        for b in tab.model.blocks
    ]


def placed(tab: SessionTab) -> list[str]:
    return [b.exercise for b in tab.model.blocks if not b.auto]


def stored(db: Database, tab: SessionTab) -> list[str]:
    assert tab.record is not None
    return [b.exercise for b in svc.get_session(db, tab.record.id).blocks]


def drop(tab: SessionTab, data: QMimeData, row: int) -> bool:
    action = (Qt.DropAction.MoveAction if data.hasFormat(BLOCK_MIME)
              else Qt.DropAction.CopyAction)
    return tab.model.dropMimeData(data, action, row, 0, QModelIndex())


def gap_point(view: TimelineView, gap: int) -> QPoint:
    """A viewport point that lands in the gap before row `gap`."""
    model = view.timeline()
    if gap < model.rowCount():
        rect = view.visualRect(model.index(gap, 0))
        return QPoint(rect.center().x(), rect.top() + 4)
    rect = view.visualRect(model.index(model.rowCount() - 1, 0))
    return QPoint(rect.center().x(), rect.bottom() - 4)


def _point(point: QPoint) -> QPoint | QPointF:
    """PySide6 6.12 deprecates the QPoint constructors of drag events, 6.11 has only them."""
    major, minor = (int(part) for part in qVersion().split(".")[:2])
    return QPointF(point) if (major, minor) >= (6, 12) else point


def drag_events(view: TimelineView, data: QMimeData, point: QPoint,
                actions: Qt.DropAction) -> bool:
    """Enter, move and drop on the viewport, as a window system would send them."""
    viewport = view.viewport()
    pos = QPointF(point)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(_point(point), actions, data, buttons, mods)  # type: ignore[arg-type]
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(_point(point), actions, data, buttons, mods)  # type: ignore[arg-type]
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    assert view.gap is not None  # the drop line is drawn where it will land
    dropped = QDropEvent(pos, actions, data, buttons, mods)
    QApplication.sendEvent(viewport, dropped)
    return dropped.isAccepted()


# -- dropping from the library ---------------------------------------------------------------


def test_drop_from_library_adds_the_automatic_blocks(
    tab: SessionTab, window: MainWindow, db: Database
) -> None:
    assert drop(tab, library_mime(tab, "lateral-band-walk"), 0)
    # rule 6 releases TFL first, rule 3 relaxes glute med after the band walk, rule 7 ends
    assert shown(tab) == [
        f"release-compensators-first:{TFL}", "lateral-band-walk", f"sustained-relax:{GM}",
        "warm-down:gluteus-medius",
    ]
    assert stored(db, tab) == [b.exercise for b in tab.model.blocks]
    assert window.undo_stack.undoText() == "Add Lateral band walk"
    window.undo_stack.undo()
    assert shown(tab) == [] and stored(db, tab) == []
    window.undo_stack.redo()
    assert placed(tab) == ["lateral-band-walk"] and len(stored(db, tab)) == 4


def test_drop_at_a_given_position(tab: SessionTab, db: Database) -> None:
    for slug in ("clamshell", "hip-hike"):
        assert drop(tab, library_mime(tab, slug), -1)  # -1: at the end
    assert placed(tab) == ["clamshell", "hip-hike"]
    hip_hike = tab.model.row_of(next(b.id for b in tab.model.blocks if b.exercise == "hip-hike"))
    assert drop(tab, library_mime(tab, "side-lying-wall-abduction"), hip_hike)
    assert placed(tab) == ["clamshell", "side-lying-wall-abduction", "hip-hike"]
    assert [b for b in stored(db, tab) if b in placed(tab)] == placed(tab)
    # the clamshell is rep-based: relaxed within the rep (rule 1), no block after it
    clam = next(b for b in tab.model.blocks if b.exercise == "clamshell")
    assert clam.cues[0].rule is RuleId.PER_REP_RELAX


def test_drag_events_on_the_viewport_drop_between_cards(
    tab: SessionTab, window: MainWindow, db: Database
) -> None:
    for slug in ("clamshell", "hip-hike"):
        drop(tab, library_mime(tab, slug), -1)
    rows_before = tab.model.rowCount()
    view = tab.timeline
    gap = tab.model.row_of(next(b.id for b in tab.model.blocks if b.exercise == "hip-hike"))
    copy = Qt.DropAction.CopyAction
    assert drag_events(view, library_mime(tab, "reverse-clamshell"), gap_point(view, gap), copy)
    assert placed(tab) == ["clamshell", "reverse-clamshell", "hip-hike"]
    assert tab.model.rowCount() == rows_before + 1
    assert view.gap is None
    assert tab.current_block() is not None
    assert tab.current_block().exercise == "reverse-clamshell"  # type: ignore[union-attr]
    window.undo_stack.undo()
    assert placed(tab) == ["clamshell", "hip-hike"]


def test_reorder_by_drag_events_and_by_drop(
    tab: SessionTab, window: MainWindow, db: Database
) -> None:
    for slug in ("clamshell", "hip-hike", "lateral-band-walk"):
        drop(tab, library_mime(tab, slug), -1)
    view, model = tab.timeline, tab.model
    walk = model.row_of(next(b.id for b in model.blocks if b.exercise == "lateral-band-walk"))
    data = model.mimeData([model.index(walk, 0)])
    move = Qt.DropAction.MoveAction
    assert drag_events(view, data, gap_point(view, 0), move)
    # the band walk goes first; its compensator release moves with it, its relaxation follows
    assert placed(tab) == ["lateral-band-walk", "clamshell", "hip-hike"]
    assert shown(tab)[:3] == [
        f"release-compensators-first:{TFL}", "lateral-band-walk", f"sustained-relax:{GM}"]
    assert stored(db, tab) == [b.exercise for b in model.blocks]
    # dropMimeData with a card's own MIME data: the hip hike before the clamshell
    hip = next(b for b in model.blocks if b.exercise == "hip-hike")
    clam = model.row_of(next(b.id for b in model.blocks if b.exercise == "clamshell"))
    assert drop(tab, model.mimeData([model.index(model.row_of(hip.id), 0)]), clam)
    assert placed(tab) == ["lateral-band-walk", "hip-hike", "clamshell"]
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert placed(tab) == ["clamshell", "hip-hike", "lateral-band-walk"]
    window.undo_stack.redo()
    assert placed(tab) == ["lateral-band-walk", "clamshell", "hip-hike"]


def test_refused_drops_change_nothing(tab: SessionTab, db: Database) -> None:
    drop(tab, library_mime(tab, "clamshell"), -1)
    before = list(tab.model.blocks)
    foreign = QMimeData()
    foreign.setText("clamshell")
    assert not drop(tab, foreign, 0)
    other_session = encode_block(BlockPayload(tab.record.id + 99, before[0].id))  # type: ignore[union-attr]
    assert not drop(tab, other_session, 0)
    bad = QMimeData()
    bad.setData("application/x-equitone-exercise", b"{not json")
    assert not drop(tab, bad, 0)
    unknown = QMimeData()
    unknown.setData("application/x-equitone-exercise", b'{"slug": "moonwalk", "side": "both"}')
    assert not drop(tab, unknown, 0)
    assert "Unknown exercise" in tab.status.text()
    assert list(tab.model.blocks) == before


def test_a_modality_asks_for_its_muscle_or_takes_the_filter(
    tab: SessionTab, bridge: ScriptedPrompts
) -> None:
    bridge.answers["MuscleDialog"] = ["piriformis"]
    drop(tab, library_mime(tab, "lacrosse-ball-release"), -1)
    assert bridge.dialogs == ["MuscleDialog"]
    assert tab.model.blocks[0].muscles == ("piriformis",)
    panel = tab.library
    panel.muscle.setCurrentIndex(panel.muscle.findData("quadratus-lumborum"))
    panel.side.setCurrentIndex(panel.side.findData("right"))
    drop(tab, library_mime(tab, "lacrosse-ball-release"), -1)
    assert bridge.dialogs == ["MuscleDialog"]  # not asked again
    last = [b for b in tab.model.blocks if not b.auto][-1]
    assert last.muscles == ("quadratus-lumborum",) and last.side.value == "right"
    bridge.answers["MuscleDialog"] = [None]  # cancelled
    panel.muscle.setCurrentIndex(0)
    count = tab.model.rowCount()
    assert not drop(tab, library_mime(tab, "foam-roll"), -1)  # cancelled: nothing added
    assert tab.model.rowCount() == count


# -- keyboard ------------------------------------------------------------------------------


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key,
          mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key, mods)


def test_keyboard_add_move_duplicate_delete(
    tab: SessionTab, qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    panel = tab.library
    qtbot.keyClicks(panel.search, "clamshell")
    assert panel.proxy.rowCount() >= 1
    press(qtbot, panel.search, Qt.Key.Key_Return)  # Enter adds the current result
    assert placed(tab) == ["clamshell"]
    panel.search.clear()
    qtbot.keyClicks(panel.search, "hip hike")
    press(qtbot, panel.library, Qt.Key.Key_Return)
    assert placed(tab) == ["clamshell", "hip-hike"]
    view = tab.timeline
    assert tab.current_block() is not None and tab.current_block().exercise == "hip-hike"  # type: ignore[union-attr]
    press(qtbot, view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert placed(tab) == ["hip-hike", "clamshell"]
    assert tab.current_block().exercise == "hip-hike"  # type: ignore[union-attr]
    press(qtbot, view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert placed(tab) == ["clamshell", "hip-hike"]
    press(qtbot, view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert placed(tab) == ["clamshell", "hip-hike", "hip-hike"]
    copy = tab.current_block()
    assert copy is not None and copy.exercise == "hip-hike"
    press(qtbot, view, Qt.Key.Key_Delete)
    assert placed(tab) == ["clamshell", "hip-hike"]
    assert stored(db, tab).count("hip-hike") == 1
    assert window.undo_stack.undoText().startswith("Delete Hip hike")
    window.undo_stack.undo()
    assert placed(tab) == ["clamshell", "hip-hike", "hip-hike"]


def test_ctrl_l_searches_and_down_enters_the_results(tab: SessionTab, qtbot: QtBot) -> None:
    tab.timeline.setFocus()
    qtbot.keyClick(tab.timeline, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert tab.library.search.hasFocus()
    qtbot.keyClick(tab.library.search, Qt.Key.Key_Down)
    assert tab.library.library.hasFocus()


def test_f2_edits_the_dose_in_place(
    tab: SessionTab, qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    drop(tab, library_mime(tab, "clamshell"), -1)
    view = tab.timeline
    row = tab.model.row_of(next(b.id for b in tab.model.blocks if b.exercise == "clamshell"))
    view.setCurrentIndex(tab.model.index(row, 0))
    press(qtbot, view, Qt.Key.Key_F2)
    editor = view.findChild(DoseEditor)
    assert editor is not None and editor.isVisible()
    assert editor.sets.value() == 2 and editor.reps.value() == 10
    editor.sets.setValue(3)
    editor.reps.setValue(8)
    editor.hold.setValue(3)
    qtbot.keyClick(editor.hold, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.blocks[row].dose.sets == 3)
    dose = tab.model.blocks[row].dose
    assert (dose.sets, dose.reps, dose.hold_seconds) == (3, 8, 3)
    assert tab.model.card(row).dose.startswith("3 × 8 × 3 s")
    assert svc.get_session(db, tab.record.id).blocks[row].dose == dose  # type: ignore[union-attr]
    window.undo_stack.undo()
    assert tab.model.blocks[row].dose.sets == 2


def test_dose_editor_escape_leaves_it(tab: SessionTab, qtbot: QtBot, window: MainWindow) -> None:
    drop(tab, library_mime(tab, "hip-hike"), -1)
    count = window.undo_stack.count()
    view = tab.timeline
    view.setCurrentIndex(tab.model.index(tab.model.row_of(tab.model.blocks[1].id), 0))
    tab.edit_dose()
    editor = view.findChild(DoseEditor)
    assert editor is not None
    editor.sets.setValue(5)
    qtbot.keyClick(editor.sets, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.findChild(DoseEditor) is None or not editor.isVisible())
    assert window.undo_stack.count() == count


# -- automatic blocks: dismiss, swap, move -------------------------------------------------


def _auto(tab: SessionTab, rule: RuleId) -> int:
    return next(n for n, b in enumerate(tab.model.blocks) if b.rule is rule)


def test_dismiss_with_reason_is_kept_and_not_re_added(
    tab: SessionTab, qtbot: QtBot, window: MainWindow, db: Database, bridge: ScriptedPrompts
) -> None:
    drop(tab, library_mime(tab, "lateral-band-walk"), -1)
    row = _auto(tab, RuleId.SUSTAINED_RELAX)
    tab.timeline.setCurrentIndex(tab.model.index(row, 0))
    bridge.answers["DismissDialog"] = ["Patient has no ball at home"]
    press(qtbot, tab.timeline, Qt.Key.Key_Delete)  # Delete on an automatic card dismisses
    assert all(b.rule is not RuleId.SUSTAINED_RELAX for b in tab.model.blocks)
    record = svc.get_session(db, tab.record.id)  # type: ignore[union-attr]
    assert [d.reason for d in record.dismissals] == ["Patient has no ball at home"]
    # the method still warns, on the band walk's card, and the dismissal is listed
    walk = tab.model.row_of(
        next(b.id for b in tab.model.blocks if b.exercise == "lateral-band-walk"))
    assert any("dismissed" in w for w in tab.model.card(walk).warnings)
    assert tab.inspector.dismissed.count() == 1
    assert "no ball" in tab.inspector.dismissed.item(0).text()
    # another edit re-runs the engine: it does not come back
    drop(tab, library_mime(tab, "clamshell"), -1)
    assert all(b.rule is not RuleId.SUSTAINED_RELAX for b in tab.model.blocks)
    # withdrawn from the inspector's list: it comes back
    tab.inspector.dismissed.setCurrentRow(0)
    qtbot.mouseClick(tab.inspector.restore, Qt.MouseButton.LeftButton)
    assert any(b.rule is RuleId.SUSTAINED_RELAX for b in tab.model.blocks)
    assert svc.get_session(db, tab.record.id).dismissals == ()  # type: ignore[union-attr]
    window.undo_stack.undo()
    assert all(b.rule is not RuleId.SUSTAINED_RELAX for b in tab.model.blocks)


def test_dismissal_needs_a_reason(
    tab: SessionTab, window: MainWindow, bridge: ScriptedPrompts
) -> None:
    drop(tab, library_mime(tab, "lateral-band-walk"), -1)
    block = tab.model.blocks[_auto(tab, RuleId.SUSTAINED_RELAX)]
    count = window.undo_stack.count()
    bridge.answers["DismissDialog"] = ["   "]
    assert not tab.editor.dismiss(block.id)
    assert "needs a reason" in tab.status.text()
    bridge.answers["DismissDialog"] = [None]  # cancelled
    assert not tab.editor.dismiss(block.id)
    assert window.undo_stack.count() == count


def test_swap_modality_from_the_menu(
    tab: SessionTab, window: MainWindow, db: Database
) -> None:
    drop(tab, library_mime(tab, "lateral-band-walk"), -1)
    row = _auto(tab, RuleId.SUSTAINED_RELAX)
    made_for = "cross-over-glute-stretch"  # made for the glute med: the engine's first choice
    assert tab.model.blocks[row].exercise == made_for
    tab.timeline.setCurrentIndex(tab.model.index(row, 0))
    menu = tab.timeline_actions.swap_menu
    menu.aboutToShow.emit()
    names = {a.text(): a for a in menu.actions()}
    sections = [a.text() for a in menu.actions() if a.isSeparator()]
    assert sections[0] == "Suits the glute med"
    assert "Lacrosse-ball release" in names and "Cross-over glute stretch" not in names
    assert "Clamshell" not in names  # only techniques that treat the muscle are offered
    names["Lacrosse-ball release"].trigger()
    swapped = tab.model.blocks[_auto(tab, RuleId.SUSTAINED_RELAX)]
    assert swapped.exercise == "lacrosse-ball-release" and not swapped.pinned
    stored = svc.get_session(db, tab.record.id)  # type: ignore[union-attr]
    assert [o.exercise for o in stored.overrides] == ["lacrosse-ball-release"]
    assert [(s.chosen, s.instead_of) for s in stored.swaps] == [
        ("lacrosse-ball-release", made_for)]
    # the swap follows the band walk when it moves
    drop(tab, library_mime(tab, "clamshell"), 0)
    relax = tab.model.blocks[_auto(tab, RuleId.SUSTAINED_RELAX)].exercise
    assert relax == "lacrosse-ball-release"
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert tab.model.blocks[_auto(tab, RuleId.SUSTAINED_RELAX)].exercise == made_for
    # a technique that does not treat the muscle is refused
    assert not tab.editor.swap(tab.model.blocks[_auto(tab, RuleId.SUSTAINED_RELAX)].id,
                               "scalene-stretch")
    assert "does not treat the glute med" in tab.status.text()


def test_moved_automatic_block_is_pinned_and_can_be_handed_back(
    tab: SessionTab, qtbot: QtBot
) -> None:
    for slug in ("lateral-band-walk", "clamshell"):
        drop(tab, library_mime(tab, slug), -1)
    row = _auto(tab, RuleId.SUSTAINED_RELAX)
    tab.timeline.setCurrentIndex(tab.model.index(row, 0))
    press(qtbot, tab.timeline, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    moved = tab.model.blocks[row + 1]
    assert moved.rule is RuleId.SUSTAINED_RELAX and moved.pinned
    assert "placed" in tab.model.card(row + 1).badge
    assert tab.timeline_actions.unpin.isEnabled()
    tab.timeline_actions.unpin.trigger()
    back = tab.model.blocks[row]
    assert back.rule is RuleId.SUSTAINED_RELAX and not back.pinned


def test_cards_show_badge_reason_and_warnings(tab: SessionTab, db: Database) -> None:
    create_assessment(db, tab.patient.id, tags=[ToneTag(GM, L, ToneState.SPASM, 8)])  # type: ignore[union-attr]
    tab.refresh_context()
    drop(tab, library_mime(tab, "clamshell"), -1)
    clam = tab.model.row_of(next(b.id for b in tab.model.blocks if b.exercise == "clamshell"))
    card = tab.model.card(clam)
    assert any("spasm" in w for w in card.warnings)
    index = tab.model.index(clam, 0)
    assert "⚠" in index.data(Qt.ItemDataRole.ToolTipRole)
    warm = tab.model.card(_auto(tab, RuleId.WARM_DOWN))
    assert warm.badge == "Auto · Warm-down"
    tooltip = tab.model.index(_auto(tab, RuleId.WARM_DOWN), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Added automatically" in tooltip and "To finish" in tooltip
    tab.timeline.setCurrentIndex(index)
    assert "spasm" in tab.inspector.card_text.text()


def test_cards_paint_without_clipping(tab: SessionTab, qtbot: QtBot) -> None:
    for slug in ("lateral-band-walk", "clamshell"):
        drop(tab, library_mime(tab, slug), -1)
    view = tab.timeline
    delegate = view.itemDelegate()
    assert isinstance(delegate, CardDelegate)
    first = view.visualRect(tab.model.index(0, 0))
    assert first.height() >= 3 * view.fontMetrics().height()
    image = view.viewport().grab().toImage()
    assert not image.isNull()
    # the automatic card is indented under the work it belongs to
    auto_row = _auto(tab, RuleId.SUSTAINED_RELAX)
    box = CardDelegate.card_box(view.visualRect(tab.model.index(auto_row, 0)),
                                tab.model.card(auto_row))
    assert box.left() > first.left() + 20


# -- session-level: details, status, versions, templates -----------------------------------


def test_details_are_saved_and_undoable(
    tab: SessionTab, qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    drop(tab, library_mime(tab, "clamshell"), -1)
    bar = tab.bar
    bar.frequency.setValue(5)
    bar.frequency.editingFinished.emit()
    assert svc.get_session(db, tab.record.id).details.frequency_per_week == 5  # type: ignore[union-attr]
    bar.pre_sport.setChecked(True)  # rule 8: the clamshell is now followed by a relaxation
    assert any(b.rule is RuleId.PRE_SPORT_RELAX for b in tab.model.blocks)
    window.undo_stack.undo()
    assert not any(b.rule is RuleId.PRE_SPORT_RELAX for b in tab.model.blocks)
    assert not bar.pre_sport.isChecked()
    assert "min" in bar.duration.text() and "blocks" in bar.duration.text()


def test_status_flow_and_delivered_is_read_only(
    tab: SessionTab, window: MainWindow, db: Database, bridge: ScriptedPrompts, qtbot: QtBot
) -> None:
    from equitone.domain.session import SessionStatus

    drop(tab, library_mime(tab, "lateral-band-walk"), -1)
    bridge.answers["DismissDialog"] = ["Done in clinic instead"]
    tab.editor.dismiss(tab.model.blocks[_auto(tab, RuleId.SUSTAINED_RELAX)].id)
    bar = tab.bar
    bar.status.setCurrentIndex(bar.status.findData(SessionStatus.PLANNED.value))
    bar.status.activated.emit(bar.status.currentIndex())
    assert tab.record is not None and tab.record.status is SessionStatus.PLANNED
    window.undo_stack.undo()
    assert tab.record.status is SessionStatus.DRAFT
    window.undo_stack.redo()
    bar.status.setCurrentIndex(bar.status.findData(SessionStatus.DELIVERED.value))
    bar.status.activated.emit(bar.status.currentIndex())
    assert bridge.shown[-1][0] == "confirm"
    delivered = tab.record
    assert delivered.status is SessionStatus.DELIVERED and delivered.read_only
    assert tab.banner.isVisible() and "read-only" in tab.banner.label.text()
    assert not bar.status.isEnabled()
    # nothing edits it: drops refused, keys and menus do nothing
    before = list(tab.model.blocks)
    assert not drop(tab, library_mime(tab, "clamshell"), -1)
    tab.timeline.setCurrentIndex(tab.model.index(0, 0))
    assert not tab.timeline_actions.delete.isEnabled()
    assert not tab.editor.remove(before[1].id)
    assert "read-only" in tab.status.text()
    assert list(tab.model.blocks) == before
    assert not tab.model.flags(tab.model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    # the banner's button makes an editable copy, with the dismissal and its reason
    qtbot.mouseClick(tab.banner.button, Qt.MouseButton.LeftButton)
    copy = tab.record
    assert copy.id != delivered.id and copy.version == 2 and not copy.read_only
    assert copy.supersedes_id == delivered.id
    assert [b.exercise for b in copy.blocks] == [b.exercise for b in delivered.blocks]
    assert [d.reason for d in copy.dismissals] == ["Done in clinic instead"]
    assert not tab.banner.isVisible()
    assert drop(tab, library_mime(tab, "clamshell"), -1)
    assert svc.get_session(db, delivered.id).blocks == delivered.blocks  # untouched
    window.undo_stack.undo()
    window.undo_stack.undo()  # the new version is deleted again; the delivered one shows
    assert tab.record.id == delivered.id


def test_declined_delivery_changes_nothing(
    tab: SessionTab, bridge: ScriptedPrompts
) -> None:
    from equitone.domain.session import SessionStatus

    bridge.answer = False
    bar = tab.bar
    bar.status.setCurrentIndex(bar.status.findData(SessionStatus.DELIVERED.value))
    bar.status.activated.emit(bar.status.currentIndex())
    assert tab.record is not None and tab.record.status is SessionStatus.DRAFT
    assert bar.chosen_status() is SessionStatus.DRAFT


def test_session_list_pick_and_delete_draft(
    tab: SessionTab, window: MainWindow, db: Database
) -> None:
    first = tab.record
    drop(tab, library_mime(tab, "clamshell"), -1)
    tab.new_session()
    second = tab.record
    assert first is not None and second is not None and second.id != first.id
    assert tab.bar.picker.count() == 2
    tab.bar.picker.setCurrentIndex(tab.bar.picker.findData(first.id))
    tab.bar.picker.activated.emit(tab.bar.picker.currentIndex())
    assert tab.record.id == first.id and placed(tab) == ["clamshell"]
    tab.delete_draft()
    assert [r.id for r in tab.records] == [second.id]
    window.undo_stack.undo()
    assert {r.id for r in tab.records} == {first.id, second.id}
    assert svc.get_session(db, first.id).placed[0].exercise == "clamshell"


def test_templates_start_and_save(
    window: MainWindow, qtbot: QtBot, patient: Patient, db: Database, bridge: ScriptedPrompts
) -> None:
    from equitone.services.templates import list_templates

    tab = open_tab(window, qtbot, patient)
    assert tab.stack.currentWidget() is tab.empty
    chosen: list[int] = []

    def pick(dialog: TemplateDialog) -> object:
        templates = [dialog.list.item(n).data(Qt.ItemDataRole.UserRole)
                     for n in range(dialog.list.count())]
        chosen.append(len(templates))
        return next(t for t in templates if t.slug == "glute-med-beginner")

    bridge.answers["TemplateDialog"] = [pick]
    qtbot.mouseClick(tab.empty.from_template, Qt.MouseButton.LeftButton)
    assert chosen and chosen[0] >= 5
    assert tab.record is not None and tab.record.template == "glute-med-beginner"
    assert placed(tab)[:3] == ["lacrosse-ball-release", "lacrosse-ball-release", "foam-roll"]
    assert any(b.rule is RuleId.SUSTAINED_RELAX for b in tab.model.blocks)
    bridge.answers["SaveTemplateDialog"] = [("Maria's hip plan", "after week 6")]
    tab.save_as_template()
    saved = [e.template for e in list_templates(db) if e.custom]
    assert [t.name for t in saved] == ["Maria's hip plan"]
    assert [b.exercise for b in saved[0].blocks] == placed(tab)
    assert "Saved the template" in tab.status.text()
    window.undo_stack.undo()  # undoes the session creation, not the template
    assert tab.stack.currentWidget() is tab.empty


def test_suggestions_release_first_then_activate(tab: SessionTab) -> None:
    model = tab.library.suggestion_model
    rows = [model.index(n, 0) for n in range(model.rowCount())]
    payloads = [r.data(Qt.ItemDataRole.UserRole + 4) for r in rows]
    assert isinstance(payloads[0], ExercisePayload)
    assert payloads[0].muscle == TFL and payloads[0].side == "left"
    subtitles = [r.data(Qt.ItemDataRole.UserRole + 2) for r in rows]
    assert subtitles[0].startswith("Release TFL")
    assert any(s.startswith("Activate glute med") for s in subtitles)
    first_activation = next(n for n, s in enumerate(subtitles) if s.startswith("Activate"))
    assert all(s.startswith("Release") for s in subtitles[:first_activation])
    assert tab.library.suggested.isVisible()
    # Enter on a suggestion adds it for its side
    tab.library.suggested.setCurrentIndex(rows[0])
    tab.library.suggested.activated.emit(rows[0])
    block = next(b for b in tab.model.blocks if not b.auto)
    assert block.muscles == (TFL,) and block.side.value == "left"


def test_stale_plan_after_a_new_assessment_offers_an_update(
    tab: SessionTab, db: Database, window: MainWindow
) -> None:
    drop(tab, library_mime(tab, "clamshell"), -1)
    assert not tab.stale.isVisible()
    create_assessment(db, tab.patient.id, tags=[  # type: ignore[union-attr]
        ToneTag(GM, L, ToneState.UNDERACTIVE, 3),
        ToneTag("quadratus-lumborum", L, ToneState.OVERACTIVE, 6),
    ])
    window.page.tabs.setCurrentIndex(0)
    window.page.tabs.setCurrentWidget(tab)  # shown again: re-reads the assessment
    assert tab.stale.isVisible()
    tab.stale.button.click()
    assert any(b.muscles == ("quadratus-lumborum",) for b in tab.model.blocks if b.auto)
    assert not tab.stale.isVisible()


def test_service_refusal_is_reported_and_nothing_changes(
    tab: SessionTab, window: MainWindow, db: Database, bridge: ScriptedPrompts
) -> None:
    from equitone.domain.session import SessionStatus

    drop(tab, library_mime(tab, "clamshell"), -1)
    count = window.undo_stack.count()
    svc.set_status(db, tab.record.id, SessionStatus.DELIVERED)  # type: ignore[union-attr]  # elsewhere
    assert drop(tab, library_mime(tab, "hip-hike"), -1)  # the tab did not know yet
    assert bridge.shown[-1][0] == "error" and "read-only" in bridge.shown[-1][2]
    assert window.undo_stack.count() == count  # the refused edit is not on the stack
    assert placed(tab) == ["clamshell"] and tab.record.read_only  # type: ignore[union-attr]


def test_library_search_and_filters(tab: SessionTab, qtbot: QtBot) -> None:
    from equitone.domain.types import ExerciseKind, Performer

    panel, proxy = tab.library, tab.library.proxy
    total = panel.model.rowCount()
    assert proxy.rowCount() == total and f"{total} exercises" == panel.count.text()

    def names() -> list[str]:
        return [proxy.index(n, 0).data() for n in range(proxy.rowCount())]

    qtbot.keyClicks(panel.search, "lateral band")  # every word must match
    assert "Lateral band walk" in names() and "Clamshell" not in names()
    assert "of" in panel.count.text()
    panel.search.clear()
    panel.muscle.setCurrentIndex(panel.muscle.findData(GM))
    rows = [proxy.index(n, 0).data(Qt.ItemDataRole.UserRole + 1) for n in range(proxy.rowCount())]
    assert rows and all(GM in e.muscles for e in rows)
    panel.kind.setCurrentIndex(panel.kind.findData(ExerciseKind.RELAXATION.value))
    rows = [proxy.index(n, 0).data(Qt.ItemDataRole.UserRole + 1) for n in range(proxy.rowCount())]
    assert rows and all(e.kind is ExerciseKind.RELAXATION for e in rows)
    panel.performer.setCurrentIndex(panel.performer.findData(Performer.CLINICIAN.value))
    rows = [proxy.index(n, 0).data(Qt.ItemDataRole.UserRole + 1) for n in range(proxy.rowCount())]
    assert rows and all(e.performer in (Performer.CLINICIAN, Performer.EITHER) for e in rows)
    panel.muscle.setCurrentIndex(0)
    panel.kind.setCurrentIndex(0)
    panel.performer.setCurrentIndex(0)
    panel.equipment.setCurrentIndex(panel.equipment.findData("mini band"))
    rows = [proxy.index(n, 0).data(Qt.ItemDataRole.UserRole + 1) for n in range(proxy.rowCount())]
    assert rows and all("mini band" in e.equipment for e in rows)
    panel.equipment.setCurrentIndex(panel.equipment.findData("(none)"))
    rows = [proxy.index(n, 0).data(Qt.ItemDataRole.UserRole + 1) for n in range(proxy.rowCount())]
    assert rows and all(not e.equipment for e in rows)
    qtbot.keyClicks(panel.search, "zzzz no such exercise")
    assert proxy.rowCount() == 0 and f"0 of {total}" in panel.count.text()


def test_context_menu_by_keyboard_offers_what_the_card_allows(
    tab: SessionTab, qtbot: QtBot
) -> None:
    drop(tab, library_mime(tab, "lateral-band-walk"), -1)
    view = tab.timeline
    walk = tab.model.row_of(
        next(b.id for b in tab.model.blocks if b.exercise == "lateral-band-walk"))
    view.setCurrentIndex(tab.model.index(walk, 0))
    press(qtbot, view, Qt.Key.Key_Menu)
    menu = tab.context_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Edit dose", "Duplicate", "Delete", "Move up", "Move down",
                     "Always relax after"]
    menu.close()
    view.setCurrentIndex(tab.model.index(_auto(tab, RuleId.SUSTAINED_RELAX), 0))
    press(qtbot, view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = tab.context_menu
    qtbot.waitUntil(menu.isVisible)
    texts = [a.text() for a in menu.actions()]
    assert texts[:3] == ["Edit dose", "Swap technique ▾", "Dismiss…"]
    assert "Delete" not in texts
    menu.close()
    # the inspector shows the same choice of buttons
    shown = [b.text() for b in tab.inspector.buttons if not b.isHidden()]
    assert "Dismiss" in shown and "Delete" not in shown


def test_moves_step_over_automatic_blocks_and_a_no_op_records_nothing(
    tab: SessionTab, qtbot: QtBot, window: MainWindow
) -> None:
    panel = tab.library
    for query in ("lateral band walk", "hip hike"):
        panel.search.clear()
        qtbot.keyClicks(panel.search, query)
        press(qtbot, panel.search, Qt.Key.Key_Return)
    assert placed(tab) == ["lateral-band-walk", "hip-hike"]
    hike = next(b for b in tab.model.blocks if b.exercise == "hip-hike")
    walk = next(b for b in tab.model.blocks if b.exercise == "lateral-band-walk")
    between = tab.model.blocks[tab.model.row_of(walk.id) + 1:tab.model.row_of(hike.id)]
    assert between and all(b.auto for b in between)  # the engine's blocks between the two
    tab.timeline.setCurrentIndex(tab.model.index(tab.model.row_of(hike.id), 0))
    depth = window.undo_stack.count()
    press(qtbot, tab.timeline, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert placed(tab) == ["hip-hike", "lateral-band-walk"]
    assert window.undo_stack.count() == depth + 1
    # already first: nothing moves, nothing is recorded
    press(qtbot, tab.timeline, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert window.undo_stack.count() == depth + 1
    # the inspector's buttons do the same
    tab.timeline.setCurrentIndex(tab.model.index(tab.model.row_of(hike.id), 0))
    tab.timeline_actions.down.trigger()
    assert placed(tab) == ["lateral-band-walk", "hip-hike"]
    assert window.undo_stack.count() == depth + 2


def test_enter_adds_at_the_end_and_filters_do_not_follow_to_the_next_patient(
    tab: SessionTab, qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    panel = tab.library
    for query in ("clamshell", "hip hike"):
        panel.search.clear()
        qtbot.keyClicks(panel.search, query)
        press(qtbot, panel.search, Qt.Key.Key_Return)
    first = next(b for b in tab.model.blocks if b.exercise == "clamshell")
    tab.timeline.setCurrentIndex(tab.model.index(tab.model.row_of(first.id), 0))
    panel.search.clear()
    qtbot.keyClicks(panel.search, "reverse clamshell")
    press(qtbot, panel.search, Qt.Key.Key_Return)  # a card is selected: still at the end
    assert placed(tab) == ["clamshell", "hip-hike", "reverse-clamshell"]
    panel.side.setCurrentIndex(panel.side.findData("left"))
    other = create_patient(db, PatientDraft(name="Alan Turing"))
    open_tab(window, qtbot, other)
    assert panel.search.text() == ""
    assert panel.side.currentData() == "both"  # no silent "left" on the next patient's blocks


def _pick_side(tab: SessionTab, side: str) -> None:
    """Choose a side in the inspector's Side box, as a click on its list does."""
    box = tab.inspector.side
    box.setCurrentIndex(box.findData(side))
    box.activated.emit(box.currentIndex())


def _sides(tab: SessionTab) -> list[str]:
    blocks = tab.model.blocks
    return [f"{name}@{b.side.value}" for name, b in zip(shown(tab), blocks, strict=True)]


def test_the_inspector_changes_a_blocks_side_and_its_automatic_blocks_follow(
    tab: SessionTab, window: MainWindow, db: Database
) -> None:
    drop(tab, library_mime(tab, "lateral-band-walk"), -1)
    walk = next(b for b in tab.model.blocks if b.exercise == "lateral-band-walk")
    tab.timeline.setCurrentIndex(tab.model.index(tab.model.row_of(walk.id), 0))
    box = tab.inspector.side
    assert box.isVisibleTo(tab) and box.isEnabled() and box.currentData() == "both"
    before = _sides(tab)
    assert before == [f"release-compensators-first:{TFL}@left", "lateral-band-walk@both",
                      f"sustained-relax:{GM}@both", f"warm-down:{GM}@both"]
    _pick_side(tab, "right")
    # the relaxation after it follows the new side; the left TFL is no longer worked around
    right = ["lateral-band-walk@right", f"sustained-relax:{GM}@right", f"warm-down:{GM}@right"]
    assert _sides(tab) == right
    assert window.undo_stack.undoText() == "Change the side of Lateral band walk to right"
    assert tab.record is not None
    assert [b.side for b in svc.get_session(db, tab.record.id).blocks
            if b.id == walk.id] == [BlockSide.RIGHT]
    assert box.currentData() == "right"  # the box shows what was stored
    depth = window.undo_stack.count()
    _pick_side(tab, "right")  # the same side again: nothing changes, nothing is recorded
    assert window.undo_stack.count() == depth
    window.undo_stack.undo()
    assert _sides(tab) == before
    window.undo_stack.redo()
    assert _sides(tab) == right


def test_the_side_box_is_read_only_for_automatic_blocks_and_delivered_sessions(
    tab: SessionTab, bridge: ScriptedPrompts, db: Database
) -> None:
    from equitone.domain.session import SessionStatus

    drop(tab, library_mime(tab, "lateral-band-walk"), -1)
    box = tab.inspector.side
    tab.timeline.setCurrentIndex(tab.model.index(_auto(tab, RuleId.SUSTAINED_RELAX), 0))
    assert box.isVisibleTo(tab) and not box.isEnabled()
    assert "automatically" in box.toolTip()
    bar = tab.bar
    bar.status.setCurrentIndex(bar.status.findData(SessionStatus.DELIVERED.value))
    bar.status.activated.emit(bar.status.currentIndex())
    assert tab.record is not None and tab.record.read_only
    walk = next(b for b in tab.model.blocks if b.exercise == "lateral-band-walk")
    tab.timeline.setCurrentIndex(tab.model.index(tab.model.row_of(walk.id), 0))
    assert not box.isEnabled() and "read-only" in box.toolTip()
    assert not tab.editor.set_side(walk.id, BlockSide.LEFT)  # refused, with the reason
    assert "read-only" in tab.status.text()
    stored_walk = [b for b in svc.get_session(db, tab.record.id).blocks if b.id == walk.id]
    assert [b.side for b in stored_walk] == [BlockSide.BOTH]
    tab.timeline.setCurrentIndex(QModelIndex())
    assert not box.isVisibleTo(tab)  # nothing selected, no side to show
