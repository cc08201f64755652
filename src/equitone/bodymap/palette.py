"""How each tone state looks: colour *and* a second cue, so state is never told by colour alone.

Colours, hatches, outline styles and glyphs come from :mod:`equitone.looks` (plain data shared
with the exercise figures and the printed legends); this module turns them into Qt brushes and
pens, for the map and the trend charts' state band. A muscle side carrying several states is
filled with its primary state (fill, hatch, outline) and crossed by diagonal stripes of each
other state's fill and hatch, so both colours and both hatchings show.
The painting helpers are shared by the on-screen items and the offscreen exporter so the map
looks the same everywhere. QtGui only (no widgets), so exports run under a QGuiApplication.
"""

from __future__ import annotations

import functools
import math
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)

from equitone.bodymap.svgregions import DecorationShape
from equitone.domain.types import ToneState
from equitone.looks import TONE_LOOKS, hatch_ink

BASE_FILL = QColor("#E3CFC8")  # untagged muscle: a quiet warm neutral so tags stand out
BASE_OUTLINE = QColor("#8C6E66")
SELECTED_OUTLINE = QColor("#1A1A1A")
HOVER_OUTLINE = QColor("#56B4E9")  # Okabe–Ito sky blue: visible on every state colour


@dataclass(frozen=True, slots=True)
class StateStyle:
    state: ToneState
    label: str
    colour: QColor
    pattern: Qt.BrushStyle  # hatch drawn over the fill; NoBrush = plain
    outline: Qt.PenStyle
    glyph: str
    shortcut: int  # number key 1–6

    @property
    def pattern_colour(self) -> QColor:
        """Dark hatch on light fills, light hatch on dark fills (keeps the hatch visible)."""
        ink, opacity = hatch_ink(self.colour.name())
        colour = QColor(ink)
        colour.setAlphaF(opacity)
        return colour


_PATTERNS: dict[str | None, Qt.BrushStyle] = {
    "dots": Qt.BrushStyle.Dense6Pattern,
    "bdiag": Qt.BrushStyle.BDiagPattern,
    "cross": Qt.BrushStyle.CrossPattern,
    "diagcross": Qt.BrushStyle.DiagCrossPattern,
    "horizontal": Qt.BrushStyle.HorPattern,
    None: Qt.BrushStyle.NoBrush,
}
STATE_STYLES: dict[ToneState, StateStyle] = {
    look.state: StateStyle(
        look.state, look.label, QColor(look.colour), _PATTERNS[look.hatch],
        Qt.PenStyle.DashLine if look.dashed else Qt.PenStyle.SolidLine, look.glyph,
        look.shortcut,
    )
    for look in TONE_LOOKS.values()
}
STATE_BY_SHORTCUT: dict[int, ToneState] = {s.shortcut: s.state for s in STATE_STYLES.values()}


STRIPE_UNITS = 12.0
"""Width of one stripe of a combined state, in artwork units (the body is 1,200 tall): about
6 px on a fitted map, wide enough for a stripe's hatch to show."""


@dataclass(frozen=True, slots=True)
class RegionLook:
    """Everything that decides how one region is painted; compared to skip needless repaints."""

    state: ToneState | None = None  # the primary state
    selected: bool = False
    hovered: bool = False
    highlighted: bool = False  # export emphasis (PDF thumbnails)
    others: tuple[ToneState, ...] = ()  # further states, drawn as stripes

    @classmethod
    def of(cls, states: tuple[ToneState, ...], **flags: bool) -> RegionLook:
        """The look of a side carrying `states` (primary first; empty = untagged)."""
        return cls(states[0] if states else None, others=tuple(states[1:]), **flags)


def fill_colour(state: ToneState | None, *, hovered: bool = False) -> QColor:
    colour = QColor(BASE_FILL if state is None else STATE_STYLES[state].colour)
    return colour.lighter(112) if hovered else colour


def fill_brush(look: RegionLook) -> QBrush:
    return QBrush(fill_colour(look.state, hovered=look.hovered))


def hatch_brush(state: ToneState | None) -> QBrush | None:
    if state is None or STATE_STYLES[state].pattern == Qt.BrushStyle.NoBrush:
        return None
    style = STATE_STYLES[state]
    return QBrush(style.pattern_colour, style.pattern)


def outline_pen(look: RegionLook, *, scale: float = 1.0) -> QPen:
    """Cosmetic pen (constant on-screen width whatever the zoom); ``scale`` for hi-res export."""
    if look.state is None:
        colour, style = QColor(BASE_OUTLINE), Qt.PenStyle.SolidLine
    else:
        colour, style = (
            STATE_STYLES[look.state].colour.darker(170),
            STATE_STYLES[look.state].outline,
        )
    width = 1.0
    if look.hovered:
        colour, width, style = QColor(HOVER_OUTLINE), 2.5, Qt.PenStyle.SolidLine
    pen = QPen(colour, width * scale, style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def emphasis_pen(*, scale: float = 1.0) -> QPen:
    """Thick dark outline for selected/highlighted regions (readable over any state colour)."""
    pen = QPen(SELECTED_OUTLINE, 3.0 * scale, Qt.PenStyle.SolidLine)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def stripes(bounds: QRectF, index: int, count: int, width: float) -> QPainterPath:
    """Every `count`-th diagonal band (rising to the right) of `width`, starting with band
    `index`, across `bounds`: the part of a region a combined state's `index`-th state
    paints (band 0 is left to the primary fill)."""
    path = QPainterPath()
    period = width * count
    left, right = bounds.left(), bounds.right()
    # bands run along x + y = c; each is the parallelogram between x + y = c and
    # x + y = c + width over the rectangle's x range (kept small: a pattern brush costs by
    # the area it fills, clipped or not)
    c = math.floor((left + bounds.top()) / period) * period + index * width - period
    while c < right + bounds.bottom():
        path.addPolygon(QPolygonF([
            QPointF(left, c - left), QPointF(right, c - right),
            QPointF(right, c + width - right), QPointF(left, c + width - left),
        ]))
        c += period
    return path


_STRIPED: OrderedDict[tuple[int, int, int, float], tuple[QPainterPath, QPainterPath]] = (
    OrderedDict())
_STRIPED_KEPT = 1024  # regions × states of a few maps; the art's paths live as long as it


def striped(path: QPainterPath, index: int, count: int, width: float) -> QPainterPath:
    """`path`'s share of stripe `index` of `count` (cached: a region's outline is fixed, and
    intersecting is much cheaper once than clipping on every paint)."""
    key = (id(path), index, count, width)
    found = _STRIPED.get(key)
    if found is not None and found[0] is path:  # the cache holds `path`: its id is its own
        _STRIPED.move_to_end(key)
        return found[1]
    part = path.intersected(stripes(path.boundingRect(), index, count, width))
    _STRIPED[key] = (path, part)
    if len(_STRIPED) > _STRIPED_KEPT:
        _STRIPED.popitem(last=False)
    return part


_TILES: dict[tuple[ToneState, bool], QImage] = {}


def state_tile(state: ToneState, hovered: bool = False) -> QImage:
    """A hatched state's fill with its hatch over it, as one 8×8 texture."""
    tile = _TILES.get((state, hovered))
    if tile is None:
        tile = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
        tile.fill(fill_colour(state, hovered=hovered))
        painter = QPainter(tile)
        hatch = hatch_brush(state)
        if hatch is not None:
            painter.fillRect(tile.rect(), hatch)
        painter.end()
        _TILES[(state, hovered)] = tile
    return tile


def _fill(painter: QPainter, path: QPainterPath, state: ToneState | None,
          hovered: bool) -> None:
    hatched = state is not None and STATE_STYLES[state].pattern != Qt.BrushStyle.NoBrush
    if state is not None and hatched and _is_raster(painter):
        # One pass with the fill and hatch as a texture in device pixels, from the scene's
        # origin (so the hatch moves with the map when it pans): an antialiased fill costs
        # by its area, and the solid fill under a pattern brush was a second pass.
        world = painter.worldTransform()
        inverse, _invertible = world.inverted()
        brush = QBrush(state_tile(state, hovered))
        brush.setTransform(QTransform.fromTranslate(world.dx(), world.dy()) * inverse)
        painter.setBrush(brush)
        painter.drawPath(path)
        return
    painter.setBrush(QBrush(fill_colour(state, hovered=hovered)))
    painter.drawPath(path)
    hatch = hatch_brush(state)
    if hatch is not None:
        painter.setBrush(hatch)
        painter.drawPath(path)


def _is_raster(painter: QPainter) -> bool:
    """Painting into pixels (the screen, an image); a vector device gets the pattern brush."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Raster


def paint_region(
    painter: QPainter, path: QPainterPath, look: RegionLook, *, scale: float = 1.0,
    stripe: float = STRIPE_UNITS,
) -> None:
    """Fill, hatch overlay, the stripes of further states, then outline(s). Used by scene
    items and by exports; `stripe` is a stripe's width in the painter's units."""
    painter.setPen(Qt.PenStyle.NoPen)
    # the hatch tiles are drawn pixel for pixel: never resampled
    smooth = painter.testRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    _fill(painter, path, look.state, look.hovered)
    count = len(look.others) + 1
    for index, state in enumerate(look.others, 1):
        _fill(painter, striped(path, index, count, stripe), state, look.hovered)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if look.selected or look.highlighted:
        painter.setPen(emphasis_pen(scale=scale))
        painter.drawPath(path)
        if look.hovered:
            inner = QPen(HOVER_OUTLINE, 1.5 * scale)
            inner.setCosmetic(True)
            painter.setPen(inner)
            painter.drawPath(path)
    else:
        painter.setPen(_outline_pen(look, scale))
        painter.drawPath(path)


@functools.lru_cache(maxsize=256)
def _outline_pen(look: RegionLook, scale: float) -> QPen:
    """outline_pen, made once per look: a full repaint asks for it once per region."""
    return outline_pen(look, scale=scale)


def swatch_pixmap(
    state: ToneState | None, size: int = 18, *, device_pixel_ratio: float = 1.0,
    others: tuple[ToneState, ...] = (),
) -> QPixmap:
    """A small square showing colour + hatch + outline (and the stripes of `others`, for a
    side carrying several states): for buttons, menus, lists and the legend."""
    px = round(size * device_pixel_ratio)
    pixmap = QPixmap(px, px)
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 3, 3)
    look = RegionLook(state, others=others)
    paint_region(painter, path, look, stripe=max(3.0, size / 4))
    if state is not None:
        pen = outline_pen(look)
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    painter.end()
    return pixmap


def paint_decoration(painter: QPainter, shapes: tuple[DecorationShape, ...]) -> None:
    """Silhouette, structures and fibres with the SVG's own fill and stroke."""
    for s in shapes:
        painter.setBrush(s.fill if s.fill is not None else Qt.BrushStyle.NoBrush)
        if s.stroke is not None:
            pen = QPen(s.stroke, s.stroke_width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPath(s.path)
