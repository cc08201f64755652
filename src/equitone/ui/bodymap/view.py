"""``BodyMapView``: the interactive body map.

A thin view: it shows the artwork and the tags it is given, keeps a selection, and turns
clicks, keys and menu picks into *intent* signals. It never changes data itself; the owner
applies each request (through an undo command) and pushes the new state back with
:meth:`BodyMapView.set_tags`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGestureEvent,
    QGraphicsScene,
    QGraphicsView,
    QMenu,
    QPinchGesture,
    QRubberBand,
    QWidget,
)

from equitone.bodymap.info import NameLookup, RegionInfo, default_name
from equitone.bodymap.palette import STATE_BY_SHORTCUT
from equitone.bodymap.svgregions import (
    ArtDir,
    BodyMapArt,
    RegionKey,
    default_art_dir,
    load_art,
    region_centres,
)
from equitone.domain.types import Layer, ToneState, View

from .items import RegionItem, cache_decoration, populate_scene, tooltip_html
from .menus import build_region_menu
from .navigation import DIRECTIONS, nearest_in_direction
from .side_labels import SideLabels

ZOOM_STEP = 1.25
MAX_ZOOM_OVER_FIT = 12.0
MIN_ZOOM_OVER_FIT = 0.5
CACHE_OVER_FIT = 2.0  # up to this zoom the decoration is kept as a pixmap (items.py)
_ARROWS = {
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
}


class BodyMapView(QGraphicsView):
    """Interactive map of one view (front/back) and layer (superficial/deep).

    Signals carry lists of :class:`RegionKey`; ``tagRequested`` carries ``ToneState | None``:
    a state to toggle on the selected regions (keys 1–6, the palette, the menu), or ``None``
    to clear their tags (key 0).
    """

    selectionChanged = Signal(list)  # noqa: N815 (Qt naming)
    tagRequested = Signal(list, object)  # noqa: N815 (Qt naming)
    noteEditRequested = Signal(object)  # noqa: N815 (Qt naming)
    mirrorRequested = Signal(list)  # noqa: N815 (Qt naming)
    regionHovered = Signal(object)  # noqa: N815 (Qt naming)

    def __init__(
        self,
        art_dir: ArtDir | None = None,
        parent: QWidget | None = None,
        *,
        view: View = View.FRONT,
        layer: Layer = Layer.SUPERFICIAL,
        names: NameLookup = default_name,
    ) -> None:
        super().__init__(parent)
        self._art_dir = art_dir if art_dir is not None else default_art_dir()
        self._names = names
        self._tags: dict[RegionKey, RegionInfo] = {}
        self._items: dict[RegionKey, RegionItem] = {}
        self._selection: list[RegionKey] = []  # ordered; last = current (keyboard anchor)
        self._hovered: RegionKey | None = None
        self._auto_fit = True
        self._pan_from: QPoint | None = None
        self._space_held = False
        self._band_origin: QPoint | None = None
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())
        self.menu_exec: Callable[[QMenu, QPoint], object] = lambda menu, pos: menu.exec(pos)
        """Seam for tests: how the context menu is shown (default: blocking ``exec``)."""

        self.setScene(QGraphicsScene(self))
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QColor("#FAF8F6"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.setAccessibleName("Body map")
        self.side_labels = SideLabels(self)
        self.set_view(view, layer)

    # ----------------------------------------------------------------- content
    @property
    def art(self) -> BodyMapArt:
        return self._art

    @property
    def current_view(self) -> tuple[View, Layer]:
        return self._view, self._layer

    def set_view(self, view: View, layer: Layer) -> None:
        """Swap artwork; the selection keeps every region that exists in the new art."""
        self._art = load_art(self._art_dir, view, layer)
        self._view, self._layer = view, layer
        self.side_labels.show_for(view)
        scene = self.scene()
        self._items = populate_scene(scene, self._art)
        box = self._art.view_box
        scene.setSceneRect(
            box.adjusted(-box.width() / 2, -box.height() / 2, box.width() / 2, box.height() / 2)
        )
        self._hovered = None
        for item in self._items.values():
            item.info = None
        self._apply(self._items.keys())
        kept = [k for k in self._selection if k in self._items]
        self._set_selection(kept)
        self._apply(self._items.keys())
        if self._auto_fit:
            self.fit()

    def set_tags(self, tags: Mapping[RegionKey, RegionInfo]) -> None:
        """Show the owner's current tags (regions not in ``tags`` are untagged). Cheap: only
        items whose state or info changed are touched."""
        self._tags = dict(tags)
        self._apply(self._items.keys())

    def tags(self) -> dict[RegionKey, RegionInfo]:
        return dict(self._tags)

    def set_name_lookup(self, names: NameLookup) -> None:
        self._names = names
        for item in self._items.values():
            item.info = None  # force tooltip rebuild
        self._apply(self._items.keys())

    def region_item(self, key: RegionKey) -> RegionItem | None:
        return self._items.get(key)

    def regions(self) -> list[RegionKey]:
        return list(self._items)

    def tooltip_text(self, key: RegionKey) -> str:
        return tooltip_html(key, self._tags.get(key), self._names)

    def _apply(self, keys: Iterable[RegionKey]) -> None:
        selected = set(self._selection)
        for key in keys:
            item = self._items[key]
            info = self._tags.get(key)
            if info != item.info or not item.toolTip():
                item.info = info
                item.setToolTip(tooltip_html(key, info, self._names))
            item.set_look(
                type(item.look)(
                    state=info.state if info else None,
                    selected=key in selected,
                    hovered=key == self._hovered,
                    others=info.others if info else (),
                )
            )

    # --------------------------------------------------------------- selection
    def selection(self) -> list[RegionKey]:
        return list(self._selection)

    def select(self, keys: Iterable[RegionKey]) -> None:
        """Replace the selection (unknown keys are ignored)."""
        self._set_selection([k for k in dict.fromkeys(keys) if k in self._items])

    def clear_selection(self) -> None:
        self._set_selection([])

    def _set_selection(self, keys: list[RegionKey]) -> None:
        if keys == self._selection:
            return
        changed = set(keys) ^ set(self._selection)
        self._selection = keys
        self._apply(k for k in changed if k in self._items)
        self.selectionChanged.emit(list(keys))

    def region_at(self, scene_pos: QPointF) -> RegionKey | None:
        """Topmost region whose exact outline contains ``scene_pos``."""
        for item in self.scene().items(
            scene_pos,
            Qt.ItemSelectionMode.IntersectsItemShape,
            Qt.SortOrder.DescendingOrder,
            QTransform(),
        ):
            if isinstance(item, RegionItem):
                return item.key
        return None

    def hover_at(self, scene_pos: QPointF | None) -> RegionKey | None:
        """Update the hover highlight for a pointer at ``scene_pos`` (``None`` = left)."""
        key = self.region_at(scene_pos) if scene_pos is not None else None
        if key != self._hovered:
            old, self._hovered = self._hovered, key
            self._apply(k for k in (old, key) if k is not None and k in self._items)
            self.regionHovered.emit(key)
        return key

    def hovered(self) -> RegionKey | None:
        return self._hovered

    def move_selection(self, direction: str, *, extend: bool = False) -> RegionKey | None:
        """Select the nearest region in ``direction`` ("left"/"right"/"up"/"down", screen axes)."""
        centres = region_centres(self._art)
        if not centres:
            return None
        target: RegionKey | None
        if not self._selection:
            middle = self.mapToScene(self.viewport().rect().center())
            target = min(centres, key=lambda k: (centres[k] - middle).manhattanLength())
        else:
            target = nearest_in_direction(centres, self._selection[-1], DIRECTIONS[direction])
        if target is None:
            return None
        if extend:
            self._set_selection([k for k in self._selection if k != target] + [target])
        else:
            self._set_selection([target])
        self.ensureVisible(self._items[target], 20, 20)
        return target

    # ------------------------------------------------------------------ intents
    def request_tag(self, state: ToneState | None) -> None:
        """Emit ``tagRequested`` for the selection (no-op without one)."""
        if self._selection:
            self.tagRequested.emit(list(self._selection), state)

    def request_note(self) -> None:
        if self._selection:
            self.noteEditRequested.emit(self._selection[-1])

    def request_mirror(self) -> None:
        if self._selection:
            self.mirrorRequested.emit(list(self._selection))

    def build_context_menu(self) -> QMenu:
        keys = list(self._selection)
        if len(keys) == 1:
            title = f"{self._names(keys[0].slug)} ({keys[0].side.letter})"
        else:
            title = f"{len(keys)} regions"
        carried = [set(self._tags[k].states) if k in self._tags else set() for k in keys]
        return build_region_menu(
            self,
            keys,
            title,
            on_tag=self.request_tag,
            on_note=self.request_note,
            on_mirror=self.request_mirror,
            carried=frozenset(set.intersection(*carried)) if carried else frozenset(),
        )

    # --------------------------------------------------------------------- zoom
    def fit(self) -> None:
        """Fit the whole figure in the window (F / Ctrl+0)."""
        self._auto_fit = True
        self.fitInView(self._art.view_box, Qt.AspectRatioMode.KeepAspectRatio)
        self._zoomed()

    def _zoomed(self) -> None:
        cache_decoration(self.scene(), self.zoom_level() <= self.fit_scale() * CACHE_OVER_FIT)

    def fit_scale(self) -> float:
        box = self._art.view_box
        vp = self.viewport().rect()
        return min(vp.width() / box.width(), vp.height() / box.height()) if box.width() else 1.0

    def zoom_level(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom about ``anchor`` (viewport pixels; default centre) keeping that point still."""
        fit = self.fit_scale()
        target = max(
            fit * MIN_ZOOM_OVER_FIT, min(fit * MAX_ZOOM_OVER_FIT, self.zoom_level() * factor)
        )
        factor = target / self.zoom_level()
        if abs(factor - 1) < 1e-6:
            return
        self._auto_fit = False
        anchor = anchor if anchor is not None else self.viewport().rect().center()
        before = self.mapToScene(anchor)
        self.scale(factor, factor)
        self._zoomed()
        delta = self.mapFromScene(before) - anchor
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def pan_by(self, dx: int, dy: int) -> None:
        self._auto_fit = False
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - dy)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.side_labels.place()
        if self._auto_fit:
            self.fit()

    def sizeHint(self) -> QSize:
        return QSize(360, 640)

    # ------------------------------------------------------------------- events
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120 or event.pixelDelta().y() / 60
        if steps:
            self.zoom_by(ZOOM_STEP**steps, event.position().toPoint())
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                if pinch.changeFlags() & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    centre = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                    self.zoom_by(pinch.scaleFactor(), centre)
                event.accept()
                return True
        if (
            isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(1.0 + event.value(), event.position().toPoint())
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space_held
        ):
            self._pan_from = pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if button != Qt.MouseButton.LeftButton:
            event.ignore() if button != Qt.MouseButton.RightButton else event.accept()
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        key = self.region_at(self.mapToScene(pos))
        mods = event.modifiers()
        if key is None:
            self._band_origin = pos
            self._band.setGeometry(QRect(pos, QSize()))
        elif mods & Qt.KeyboardModifier.ControlModifier:
            if key in self._selection:
                self._set_selection([k for k in self._selection if k != key])
            else:
                self._set_selection([*self._selection, key])
        elif mods & Qt.KeyboardModifier.ShiftModifier:
            self._set_selection([k for k in self._selection if k != key] + [key])
        else:
            self._set_selection([key])
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._pan_from is not None:
            delta = pos - self._pan_from
            self._pan_from = pos
            self.pan_by(delta.x(), delta.y())
        elif self._band_origin is not None:
            self._band.setGeometry(QRect(self._band_origin, pos).normalized())
            if (pos - self._band_origin).manhattanLength() > 4:
                self._band.show()
        else:
            self.hover_at(self.mapToScene(pos))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
        elif self._band_origin is not None:
            additive = bool(
                event.modifiers()
                & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
            )
            if self._band.isVisible():
                self._band.hide()
                area = self.mapToScene(self._band.geometry())
                hits = [
                    i.key
                    for i in self.scene().items(area, Qt.ItemSelectionMode.IntersectsItemShape)
                    if isinstance(i, RegionItem)
                ]
                base = self._selection if additive else []
                self._set_selection(base + [k for k in hits if k not in base])
            elif not additive:
                self.clear_selection()  # click on empty space
            self._band_origin = None
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        self.hover_at(None)
        super().leaveEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        key = self.region_at(self.mapToScene(event.pos()))
        if key is None:
            return
        if key not in self._selection:
            self._set_selection([key])
        self.menu_exec(self.build_context_menu(), event.globalPos())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        text = event.text()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key == Qt.Key.Key_Space:
            pass
        elif (key == Qt.Key.Key_0 and ctrl) or (key == Qt.Key.Key_F and not ctrl):
            self.fit()
        elif text and text in "123456" and not ctrl:
            self.request_tag(STATE_BY_SHORTCUT[int(text)])
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.request_tag(None)
        elif key in _ARROWS:
            self.move_selection(_ARROWS[key], extend=bool(mods & Qt.KeyboardModifier.ShiftModifier))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.request_note()
        elif key == Qt.Key.Key_M and not ctrl:
            self.request_mirror()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Escape:
            self.clear_selection()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            if self._pan_from is None:
                self.viewport().unsetCursor()
        super().keyReleaseEvent(event)
