"""BodyMapView: clicking, keyboard, context menu, recolouring, tooltips, view swaps, zoom."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from equitone.bodymap.palette import BASE_FILL, RegionLook
from equitone.domain.types import Layer, Side, ToneState, View
from equitone.ui.bodymap import (
    STATE_STYLES,
    BodyMapView,
    RegionInfo,
    RegionKey,
    region_centres,
)
from equitone.ui.bodymap.items import RegionItem

FIXTURES = Path(__file__).parent / "fixtures" / "bodymap"
GMED_L = RegionKey("gluteus-medius", Side.LEFT)
GMED_R = RegionKey("gluteus-medius", Side.RIGHT)
TRAP_L = RegionKey("upper-trapezius", Side.LEFT)
HAMS_L = RegionKey("hamstrings", Side.LEFT)
MAX_L = RegionKey("gluteus-maximus", Side.LEFT)


@pytest.fixture
def view(qtbot: QtBot) -> BodyMapView:
    v = BodyMapView(FIXTURES, view=View.BACK, layer=Layer.SUPERFICIAL)
    qtbot.addWidget(v)
    v.resize(400, 760)
    v.show()
    qtbot.waitExposed(v)
    v.fit()
    return v


def point_of(view: BodyMapView, key: RegionKey) -> QPoint:
    """Viewport pixel inside the region (interior point, not the bounding-box centre)."""
    return view.mapFromScene(region_centres(view.art)[key])


def click(
    qtbot: QtBot,
    view: BodyMapView,
    key: RegionKey,
    mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, mods, point_of(view, key))


def test_click_selects_exactly_the_region_under_the_pointer(
    qtbot: QtBot, view: BodyMapView
) -> None:
    for key in view.regions():
        with qtbot.waitSignal(view.selectionChanged) as sig:
            click(qtbot, view, key)
        assert sig.args == [[key]]
        assert view.selection() == [key]


def test_concave_region_hit_uses_the_outline_not_the_box(view: BodyMapView) -> None:
    path = view.art.regions[TRAP_L]
    centre = path.boundingRect().center()
    assert not path.contains(centre)  # the fixture trapezius is a hook shape
    assert view.region_at(centre) != TRAP_L


def test_shift_adds_ctrl_toggles_empty_click_clears(qtbot: QtBot, view: BodyMapView) -> None:
    click(qtbot, view, GMED_L)
    click(qtbot, view, HAMS_L, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == [GMED_L, HAMS_L]
    click(qtbot, view, GMED_L, Qt.KeyboardModifier.ControlModifier)
    assert view.selection() == [HAMS_L]
    click(qtbot, view, GMED_R, Qt.KeyboardModifier.ControlModifier)
    assert view.selection() == [HAMS_L, GMED_R]
    empty = view.mapFromScene(QPointF(40, 40))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert view.selection() == []


def test_rubber_band_selects_regions_it_touches(qtbot: QtBot, view: BodyMapView) -> None:
    vp = view.viewport()
    start = view.mapFromScene(QPointF(150, 500))  # empty space left of the hips
    end = view.mapFromScene(QPointF(298, 650))
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, start + QPoint(10, 10))
    qtbot.mouseMove(vp, end)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    assert set(view.selection()) == {GMED_L, MAX_L}


@pytest.mark.parametrize(
    ("key", "state"), [(k, s.state) for s in STATE_STYLES.values() for k in [str(s.shortcut)]]
)
def test_number_keys_request_a_tag(
    qtbot: QtBot, view: BodyMapView, key: str, state: ToneState
) -> None:
    view.select([GMED_L, GMED_R])
    with qtbot.waitSignal(view.tagRequested) as sig:
        qtbot.keyClicks(view, key)
    assert sig.args == [[GMED_L, GMED_R], state]


def test_key_one_is_underactive(qtbot: QtBot, view: BodyMapView) -> None:
    click(qtbot, view, GMED_L)
    with qtbot.waitSignal(view.tagRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_1)
    assert sig.args == [[GMED_L], ToneState.UNDERACTIVE]


@pytest.mark.parametrize("key", [Qt.Key.Key_0, Qt.Key.Key_Delete])
def test_zero_and_delete_request_clearing(qtbot: QtBot, view: BodyMapView, key: Qt.Key) -> None:
    view.select([HAMS_L])
    with qtbot.waitSignal(view.tagRequested) as sig:
        qtbot.keyClick(view, key)
    assert sig.args == [[HAMS_L], None]


def test_no_tag_request_without_selection(qtbot: QtBot, view: BodyMapView) -> None:
    with qtbot.assertNotEmitted(view.tagRequested):
        qtbot.keyClick(view, Qt.Key.Key_2)


def test_enter_requests_note_and_m_requests_mirror(qtbot: QtBot, view: BodyMapView) -> None:
    view.select([GMED_L])
    with qtbot.waitSignal(view.noteEditRequested) as note:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert note.args == [GMED_L]
    view.select([GMED_L, HAMS_L])
    with qtbot.waitSignal(view.mirrorRequested) as mirror:
        qtbot.keyClick(view, Qt.Key.Key_M)
    assert mirror.args == [[GMED_L, HAMS_L]]


def test_arrow_keys_move_to_the_neighbour_in_that_direction(
    qtbot: QtBot, view: BodyMapView
) -> None:
    # back view: patient's left is the viewer's left
    view.select([GMED_L])
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.selection() == [GMED_R]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.selection() == [GMED_L]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selection() == [MAX_L]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selection() == [HAMS_L]
    qtbot.keyClick(view, Qt.Key.Key_Down)  # nothing below: stays
    assert view.selection() == [HAMS_L]
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)  # extend
    assert view.selection() == [HAMS_L, MAX_L]


def test_arrow_without_selection_picks_a_region(qtbot: QtBot, view: BodyMapView) -> None:
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert len(view.selection()) == 1


def _menu_for(qtbot: QtBot, view: BodyMapView, key: RegionKey) -> QMenu:
    shown: list[QMenu] = []
    view.menu_exec = lambda menu, pos: shown.append(menu)
    pos = point_of(view, key)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    view.contextMenuEvent(event)
    assert len(shown) == 1
    return shown[0]


def test_context_menu_selects_region_and_emits_intents(qtbot: QtBot, view: BodyMapView) -> None:
    view.select([HAMS_L])
    menu = _menu_for(qtbot, view, GMED_L)
    assert view.selection() == [GMED_L]  # right-click outside the selection re-targets it
    actions = {a.text(): a for a in menu.actions() if a.text()}
    for style in STATE_STYLES.values():
        assert actions[style.label].shortcut().toString() == str(style.shortcut)
    with qtbot.waitSignal(view.tagRequested) as sig:
        actions["Overactive"].trigger()
    assert sig.args == [[GMED_L], ToneState.OVERACTIVE]
    with qtbot.waitSignal(view.tagRequested) as sig:
        actions["Clear tag"].trigger()
    assert sig.args == [[GMED_L], None]
    with qtbot.waitSignal(view.noteEditRequested) as note:
        actions["Edit note…"].trigger()
    assert note.args == [GMED_L]
    with qtbot.waitSignal(view.mirrorRequested) as mirror:
        actions["Mirror to other side"].trigger()
    assert mirror.args == [[GMED_L]]


def test_context_menu_keeps_a_multi_selection(qtbot: QtBot, view: BodyMapView) -> None:
    view.select([GMED_L, HAMS_L])
    menu = _menu_for(qtbot, view, HAMS_L)
    assert view.selection() == [GMED_L, HAMS_L]
    tight = next(a for a in menu.actions() if a.text() == "Tight")
    with qtbot.waitSignal(view.tagRequested) as sig:
        tight.trigger()
    assert sig.args == [[GMED_L, HAMS_L], ToneState.TIGHT]


def test_set_tags_recolours_and_updates_tooltips(view: BodyMapView) -> None:
    item = view.region_item(GMED_L)
    assert item is not None
    assert item.brush().color() == BASE_FILL
    view.set_name_lookup(
        lambda slug: {"gluteus-medius": "Gluteus medius (glute med)"}.get(slug, slug)
    )
    info = RegionInfo(ToneState.UNDERACTIVE, tightness=7, note="fires late <b>", grade="MRC 3/5")
    view.set_tags({GMED_L: info})
    assert item.brush().color() == QColor("#0072B2")
    tip = item.toolTip()
    for text in (
        "Gluteus medius (glute med)",
        "left",
        "Underactive",
        "MRC 3/5",
        "7/10",
        "fires late &lt;b&gt;",
    ):
        assert text in tip
    assert view.tooltip_text(GMED_L) == tip
    view.set_tags({})
    assert item.brush().color() == BASE_FILL
    assert "Not tagged" in item.toolTip()


def test_set_tags_only_touches_changed_items(view: BodyMapView) -> None:
    view.set_tags({GMED_L: RegionInfo(ToneState.TIGHT)})
    others = [view.region_item(k) for k in view.regions() if k != GMED_R]
    looks = {id(i): i.look for i in others if i is not None}
    tips = {id(i): i.toolTip() for i in others if i is not None}
    changed: list[RegionKey] = []

    def spy(item: RegionItem) -> None:
        original = item.set_look

        def set_look(look: RegionLook) -> bool:
            result = original(look)
            if result:
                changed.append(item.key)
            return result

        item.set_look = set_look  # type: ignore[method-assign]

    for k in view.regions():
        region = view.region_item(k)
        assert region is not None
        spy(region)
    view.set_tags({GMED_L: RegionInfo(ToneState.TIGHT), GMED_R: RegionInfo(ToneState.SPASM)})
    assert changed == [GMED_R]
    assert all(
        i.look == looks[id(i)] and i.toolTip() == tips[id(i)] for i in others if i is not None
    )


def test_hover_highlights_and_reports(qtbot: QtBot, view: BodyMapView) -> None:
    with qtbot.waitSignal(view.regionHovered) as sig:
        qtbot.mouseMove(view.viewport(), point_of(view, HAMS_L))
    assert sig.args == [HAMS_L]
    item = view.region_item(HAMS_L)
    assert item is not None and item.look.hovered
    with qtbot.waitSignal(view.regionHovered) as sig:
        qtbot.mouseMove(view.viewport(), view.mapFromScene(QPointF(30, 30)))
    assert sig.args == [None]
    assert not item.look.hovered


def test_set_view_keeps_selection_where_the_region_exists(qtbot: QtBot, view: BodyMapView) -> None:
    view.set_tags({GMED_L: RegionInfo(ToneState.UNDERACTIVE)})
    view.select([GMED_L, HAMS_L])
    with qtbot.waitSignal(view.selectionChanged) as sig:
        view.set_view(View.BACK, Layer.DEEP)  # deep has gluteus medius but no hamstrings
    assert sig.args == [[GMED_L]]
    assert view.current_view == (View.BACK, Layer.DEEP)
    item = view.region_item(GMED_L)
    assert item is not None and item.look.selected
    assert item.brush().color() == QColor("#0072B2")  # tags re-applied to the new items
    view.set_view(View.BACK, Layer.SUPERFICIAL)
    assert view.selection() == [GMED_L]


def test_zoom_keys_wheel_and_fit(qtbot: QtBot, view: BodyMapView) -> None:
    fit = view.zoom_level()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom_level() == pytest.approx(fit * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom_level() < fit
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert view.zoom_level() == pytest.approx(fit)
    for _ in range(40):
        view.zoom_in()
    assert view.zoom_level() == pytest.approx(view.fit_scale() * 12)  # clamped
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_level() == pytest.approx(fit)


def test_zoom_about_a_point_keeps_it_under_the_cursor(view: BodyMapView) -> None:
    anchor = point_of(view, GMED_L)
    before = view.mapToScene(anchor)
    view.zoom_by(2.0, anchor)
    after = view.mapToScene(anchor)
    assert (after - before).manhattanLength() < 2.0
    assert view.region_at(after) == GMED_L


def test_wheel_zooms(qtbot: QtBot, view: BodyMapView) -> None:
    from PySide6.QtGui import QWheelEvent

    fit = view.zoom_level()
    pos = QPointF(point_of(view, GMED_L))
    event = QWheelEvent(
        pos,
        QPointF(view.viewport().mapToGlobal(pos.toPoint())),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    view.wheelEvent(event)
    assert view.zoom_level() == pytest.approx(fit * 1.25)


def test_middle_button_drag_pans(qtbot: QtBot, view: BodyMapView) -> None:
    view.zoom_by(3.0)
    vp = view.viewport()
    centre = vp.rect().center()
    before = view.mapToScene(centre)
    qtbot.mousePress(vp, Qt.MouseButton.MiddleButton, pos=centre)
    qtbot.mouseMove(vp, centre + QPoint(40, 30))
    qtbot.mouseRelease(vp, Qt.MouseButton.MiddleButton, pos=centre + QPoint(40, 30))
    moved = view.mapToScene(centre) - before
    assert moved.x() < -5 and moved.y() < -5  # content followed the pointer
    assert view.selection() == []


# -- what keeps a repaint quick ------------------------------------------------------------
def test_the_decoration_is_kept_as_pixmaps_while_the_figure_fits(view: BodyMapView) -> None:
    """A recolour then repaints the regions only; zoomed in past CACHE_OVER_FIT, only the
    decoration on screen is drawn and nothing is kept."""
    from PySide6.QtWidgets import QGraphicsItem

    from equitone.ui.bodymap.items import DecorationItem
    from equitone.ui.bodymap.view import CACHE_OVER_FIT

    decoration = [i for i in view.scene().items() if isinstance(i, DecorationItem)]
    assert len(decoration) == 2

    def modes() -> set[QGraphicsItem.CacheMode]:
        return {item.cacheMode() for item in decoration}

    assert modes() == {QGraphicsItem.CacheMode.DeviceCoordinateCache}
    before = view.grab().toImage()
    view.set_tags({GMED_L: RegionInfo(ToneState.TIGHT)})
    view.set_tags({})
    assert view.grab().toImage() == before  # the kept pixmaps draw what was drawn
    view.zoom_by(CACHE_OVER_FIT * 1.5)
    assert modes() == {QGraphicsItem.CacheMode.NoCache}
    view.grab()
    view.fit()
    assert modes() == {QGraphicsItem.CacheMode.DeviceCoordinateCache}


def test_hatched_fills_look_as_the_pattern_brushes_did(tmp_path: Path) -> None:
    """One textured pass (fill and hatch in an 8x8 tile) instead of a fill and a pattern
    brush: the same colours in the same shares, the hatch in the same places up to its phase."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter, QPainterPath, QTransform
    from PySide6.QtSvg import QSvgGenerator

    from equitone.bodymap import palette

    path = QPainterPath()
    path.addEllipse(QRectF(10, 10, 180, 120))

    def render(state: ToneState, textured: bool) -> dict[int, int]:
        image = QImage(200, 140, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(QTransform.fromScale(0.9, 0.9))
        if textured:
            palette.paint_region(painter, path, RegionLook(state))
        else:  # the two passes, as before (what a vector device still gets)
            painter.setBrush(palette.fill_brush(RegionLook(state)))
            painter.drawPath(path)
            hatch = palette.hatch_brush(state)
            assert hatch is not None
            painter.setBrush(hatch)
            painter.drawPath(path)
        painter.end()
        inside = image.copy(40, 40, 80, 40)
        counts: dict[int, int] = {}
        for y in range(inside.height()):
            for x in range(inside.width()):
                rgba = inside.pixel(x, y)
                counts[rgba] = counts.get(rgba, 0) + 1
        return counts

    for state in ToneState:
        if palette.STATE_STYLES[state].pattern.name == "NoBrush":
            continue
        ours, before = render(state, True), render(state, False)
        assert set(ours) == set(before), state
        for colour, count in before.items():
            assert abs(ours[colour] - count) <= 0.1 * sum(before.values()), state
    # a vector export keeps its two passes: no texture of ours ends up in an SVG
    target = tmp_path / "region.svg"
    generator = QSvgGenerator()
    generator.setFileName(str(target))
    painter = QPainter(generator)
    palette.paint_region(painter, path, RegionLook(ToneState.TIGHT))
    painter.end()
    svg = target.read_bytes()
    assert svg.count(b"<path") >= 3 and b"<image" not in svg
