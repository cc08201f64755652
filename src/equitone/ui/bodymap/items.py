"""Scene items for the body map: one path item per region plus two decoration layers.

Regions paint through :func:`palette.paint_region` (fill + hatch + outline) and report their
exact path as ``shape()``, so hit-testing follows the muscle outline, not its bounding box.
"""

from __future__ import annotations

import html
from typing import ClassVar

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from equitone.bodymap.info import NameLookup, RegionInfo
from equitone.bodymap.palette import (
    STATE_STYLES,
    RegionLook,
    fill_brush,
    paint_decoration,
    paint_region,
)
from equitone.bodymap.svgregions import BodyMapArt, DecorationShape, RegionKey

_BOUNDS_MARGIN = 6.0  # scene units; covers the 3 px cosmetic emphasis pen at sensible zooms


def tooltip_html(key: RegionKey, info: RegionInfo | None, names: NameLookup) -> str:
    """Rich tooltip: name and side, then state (with grade), tightness and the last note."""
    esc = html.escape
    lines = [f"<b>{esc(names(key.slug))}</b> — {esc(key.side.value)}"]
    if info is None or info.state is None:
        lines.append("<i>Not tagged</i>")
    else:
        grade = f" ({esc(info.grade)})" if info.grade else ""
        shown = []
        for n, state in enumerate(info.states):
            style = STATE_STYLES[state]
            shown.append(f"<span style='color:{style.colour.name()}'>&#9632;</span> "
                         f"{esc(style.label)} [{esc(style.glyph)}]{grade if n == 0 else ''}")
        label = "States" if len(shown) > 1 else "State"
        lines.append(f"{label}: " + " + ".join(shown))
    if info is not None and info.tightness is not None:
        lines.append(f"Tightness: {info.tightness}/10")
    if info is not None and info.note:
        note = info.note if len(info.note) <= 160 else info.note[:157] + "…"
        lines.append(f"Note: {esc(note)}")
    return "<br>".join(lines)


class RegionItem(QGraphicsPathItem):
    """One muscle side. Its look is a small immutable value; unchanged looks skip repainting."""

    Type: ClassVar[int] = 65536 + 71  # QGraphicsItem::UserType + 71 (not in the stubs)

    def __init__(self, key: RegionKey, path: QPainterPath) -> None:
        super().__init__(path)
        self.key = key
        self.info: RegionInfo | None = None
        self._look = RegionLook()
        self._bounds = path.boundingRect().adjusted(
            -_BOUNDS_MARGIN, -_BOUNDS_MARGIN, _BOUNDS_MARGIN, _BOUNDS_MARGIN
        )
        self._shape = path
        self.setBrush(fill_brush(self._look))
        self.setAcceptHoverEvents(False)  # hover is tracked by the view (one lookup per move)

    def type(self) -> int:
        return self.Type

    @property
    def look(self) -> RegionLook:
        return self._look

    def set_look(self, look: RegionLook) -> bool:
        """Apply ``look``; returns whether anything changed (and so was repainted)."""
        if look == self._look:
            return False
        if (look.state, look.hovered) != (self._look.state, self._look.hovered):  # base fill
            self.setBrush(fill_brush(look))  # also schedules the repaint
        else:
            self.update()
        self._look = look
        return True

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        paint_region(painter, self._shape, self._look)


class DecorationItem(QGraphicsItem):
    """Draws many decoration shapes in one item; never takes mouse input.

    While the figure is about the size of the window it is kept as a pixmap at screen
    resolution (`cache_decoration`): the silhouette and fibres never change with the tags, and
    redrawing them was half of a repaint after a recolour. Zoomed in further, only the shapes
    in the part on screen are drawn: a pixmap of the whole figure would be large, and
    stroking every fibre of the body took ~30 ms a frame.
    """

    def __init__(self, shapes: tuple[DecorationShape, ...]) -> None:
        super().__init__()
        self._shapes = shapes
        # each shape's reach: its outline, and half its stroke beyond it
        self._reach = [s.path.boundingRect().adjusted(
            -s.stroke_width, -s.stroke_width, s.stroke_width, s.stroke_width) for s in shapes]
        rect = QRectF()
        for s in shapes:
            rect = rect.united(s.path.boundingRect())
        self._bounds = rect.adjusted(-4, -4, 4, 4)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never hit

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        exposed = option.exposedRect
        if exposed.isNull() or exposed.contains(self._bounds):
            paint_decoration(painter, self._shapes)
            return
        paint_decoration(painter, tuple(
            shape for shape, reach in zip(self._shapes, self._reach, strict=True)
            if reach.intersects(exposed)))


def cache_decoration(scene: QGraphicsScene, cached: bool) -> None:
    """Keep the decoration as screen pixmaps (the figure about fits the window) or not."""
    mode = (QGraphicsItem.CacheMode.DeviceCoordinateCache if cached
            else QGraphicsItem.CacheMode.NoCache)
    for item in scene.items():
        if isinstance(item, DecorationItem) and item.cacheMode() != mode:
            item.setCacheMode(mode)


def populate_scene(scene: QGraphicsScene, art: BodyMapArt) -> dict[RegionKey, RegionItem]:
    """Fill ``scene`` (cleared first) with decoration below, regions, decoration above."""
    scene.clear()
    below, above = art.decoration_below(), art.decoration_above()
    if below:
        item = DecorationItem(below)
        item.setZValue(-1)
        scene.addItem(item)
    items: dict[RegionKey, RegionItem] = {}
    for key, path in art.regions.items():
        region = RegionItem(key, path)
        scene.addItem(region)
        items[key] = region
    if above:
        item = DecorationItem(above)
        item.setZValue(1)
        scene.addItem(item)
    return items
