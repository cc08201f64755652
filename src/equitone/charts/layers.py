"""The two heavy layers of a tightness plot, each one pyqtgraph item however many series.

`CurveLayer` paints every curve of a plot; `StateBand` paints every tone-state strip. One
PlotDataItem per series re-clipped, re-downsampled and re-measured itself in Python on every
range change (~0.4 ms per series per frame), and the state band was thousands of rectangles.
Here each paint() slices the visible part of each series with a binary search, decimates it
when it has more points than pixels, and picks the detail the frame can afford (detail.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.functions import arrayToQPolygonF
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPaintEngine,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)

from equitone.bodymap.palette import STATE_STYLES
from equitone.domain.trends import SeriesKey

from .detail import Mode, choose_detail, peak_decimate, state_columns, visible_slice
from .prepared import SeriesArrays
from .style import STATE_ORDER, UNTAGGED_COLOUR, SeriesLook

SYMBOL_SIZE = 7.0
SETTLE_MS = 180  # after the last range change, repaint once at the settled detail
BAND_FILL = 0.72  # share of a band row the strip fills; the rest is white space between rows
_NO_STATE = len(STATE_ORDER)  # code for "no segment here" (transparent)


def _is_raster(painter: QPainter) -> bool:
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Raster


def _cosmetic(colour: str, width: float, style: Qt.PenStyle) -> QPen:
    pen = QPen(QColor(colour), width, style)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


class SettlingItem(pg.GraphicsObject):  # type: ignore[misc]
    """An item that paints cheaply while the view pans or zooms and once more, at full
    detail, when it has rested for SETTLE_MS."""

    def __init__(self) -> None:
        super().__init__()
        self._moving = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)

    @property
    def moving(self) -> bool:
        return self._moving

    def mark_moving(self) -> None:
        """The view is being panned or zoomed: paint cheaply until it rests for SETTLE_MS."""
        self._moving = True
        self._settle.start()

    def _settled(self) -> None:
        self._moving = False
        self.update()


class CurveLayer(SettlingItem):
    """Every tightness curve of one plot (and its symbols), in one item."""

    def __init__(self, series: Sequence[SeriesArrays]) -> None:
        super().__init__()
        self._series = list(series)
        self._pens = {
            width: [_cosmetic(s.look.colour, width, s.look.pen_style) for s in self._series]
            for width in (1.0, 2.0)
        }
        self._symbol_pixmaps: dict[tuple[str, str, str, float], QPixmap] = {}
        # series assessed on the same days share one x array: slice it once per frame
        self._x_group = _groups([s.x for s in self._series])
        xs = [s.x for s in self._series if len(s.x)]
        self._x0 = float(min(x[0] for x in xs)) if xs else 0.0
        self._x1 = float(max(x[-1] for x in xs)) if xs else 1.0

    # ------------------------------------------------------------------ queries

    def keys(self) -> list[SeriesKey]:
        return [s.key for s in self._series]

    def series(self, key: SeriesKey) -> SeriesArrays:
        return next(s for s in self._series if s.key == key)

    def pen(self, key: SeriesKey) -> QPen:
        """The series' pen at full detail (2 px, its side's line style)."""
        index = next(i for i, s in enumerate(self._series) if s.key == key)
        return QPen(self._pens[2.0][index])

    def look(self, key: SeriesKey) -> SeriesLook:
        return self.series(key).look

    # ------------------------------------------------------------------ QGraphicsItem

    def boundingRect(self) -> QRectF:  # Qt's name
        return QRectF(self._x0, -1.0, max(self._x1 - self._x0, 1.0), 12.0)

    def dataBounds(  # pyqtgraph's name
        self, ax: int, frac: float = 1.0, orthoRange: Any = None  # noqa: N803
    ) -> tuple[float, float]:
        return (self._x0, self._x1) if ax == 0 else (0.0, 10.0)

    def paint(self, p: QPainter, *args: Any) -> None:
        widget = args[1] if len(args) > 1 else None
        view = self.viewRect()
        lo, hi = (view.left(), view.right()) if view is not None else (self._x0, self._x1)
        transform = p.transform()
        width_px = abs(transform.m11()) * (hi - lo)
        shared: dict[int, tuple[int, int]] = {}
        slices = []
        for s, group in zip(self._series, self._x_group, strict=True):
            cut = shared.get(group)
            if cut is None:
                cut = shared[group] = visible_slice(s.x, lo, hi)
            slices.append(cut)
        mode: Mode = "export" if widget is None else "moving" if self._moving else "settled"
        detail = choose_detail([i1 - i0 for i0, i1 in slices], width_px, mode)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, detail.antialias)
        pens = self._pens[detail.width]
        buckets = max(int(width_px), 1)
        for s, pen, (i0, i1) in zip(self._series, pens, slices, strict=True):
            if i1 - i0 < 2:
                continue
            x, y = peak_decimate(s.x[i0:i1], s.y[i0:i1], buckets)
            p.setPen(pen)
            for line in polylines(x, y):
                p.drawPolyline(line)
        if detail.symbols:
            self._draw_symbols(p, transform, slices)

    # ------------------------------------------------------------------ symbols

    def _symbol_pixmap(self, look: SeriesLook, dpr: float) -> QPixmap:
        key = (look.symbol, look.colour, look.symbol_brush, dpr)
        pixmap = self._symbol_pixmaps.get(key)
        if pixmap is None:
            side = math.ceil(SYMBOL_SIZE + 3)
            pixmap = QPixmap(round(side * dpr), round(side * dpr))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(side / 2, side / 2)
            self._paint_symbol(painter, look, QPointF(0, 0))
            painter.end()
            self._symbol_pixmaps[key] = pixmap
        return pixmap

    @staticmethod
    def _paint_symbol(p: QPainter, look: SeriesLook, at: QPointF) -> None:
        path = QTransform().translate(at.x(), at.y()).scale(SYMBOL_SIZE, SYMBOL_SIZE).map(
            Symbols[look.symbol]
        )
        p.setPen(_cosmetic(look.colour, 1.5, Qt.PenStyle.SolidLine))
        p.setBrush(QBrush(QColor(look.symbol_brush)))
        p.drawPath(path)

    def _draw_symbols(self, p: QPainter, transform: QTransform,
                      slices: Sequence[tuple[int, int]]) -> None:
        """Symbols in device pixels: pre-rendered pixmaps on screen (fast), paths elsewhere
        (an SVG export keeps them as vectors)."""
        raster = _is_raster(p)
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        p.save()
        p.resetTransform()
        for s, (i0, i1) in zip(self._series, slices, strict=True):
            x, y = s.x[i0:i1], s.y[i0:i1]
            ok = np.isfinite(y)
            if not ok.any():
                continue
            x, y = x[ok], y[ok]
            dx = transform.m11() * x + transform.m21() * y + transform.dx()
            dy = transform.m12() * x + transform.m22() * y + transform.dy()
            if raster:
                pixmap = self._symbol_pixmap(s.look, dpr)
                half = pixmap.width() / dpr / 2
                for px, py in zip(dx.tolist(), dy.tolist(), strict=True):
                    p.drawPixmap(QPointF(px - half, py - half), pixmap)
            else:
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                for px, py in zip(dx.tolist(), dy.tolist(), strict=True):
                    self._paint_symbol(p, s.look, QPointF(px, py))
        p.restore()


class ClippedCurve(SettlingItem):
    """A line through (x, y) — or, with `pairs`, one segment per pair of points — drawn only
    where it is visible, plus one point beyond each edge of the view; `antialias` applies
    once the view rests (an antialiased 2-px line costs ~0.1 ms per 100 px: the PSFS line
    took ~1 ms of every frame at one year shown, where pyqtgraph's PlotCurveItem also
    stroked all of it outside the view)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, pen: QPen, *, antialias: bool = False,
                 pairs: bool = False) -> None:
        super().__init__()
        self._x, self._y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        self._pen, self._antialias, self._pairs = QPen(pen), antialias, pairs
        finite = self._y[np.isfinite(self._y)]
        self._bounds = QRectF(
            float(self._x[0]), float(finite.min()) if len(finite) else 0.0,
            float(self._x[-1] - self._x[0]), float(np.ptp(finite)) if len(finite) else 0.0,
        ) if len(self._x) else QRectF()

    def boundingRect(self) -> QRectF:  # Qt's name
        return QRectF(self._bounds)

    def dataBounds(  # pyqtgraph's name
        self, ax: int, frac: float = 1.0, orthoRange: Any = None  # noqa: N803
    ) -> tuple[float, float]:
        b = self._bounds
        return (b.left(), b.right()) if ax == 0 else (b.top(), b.bottom())

    def paint(self, p: QPainter, *_args: Any) -> None:
        view = self.viewRect()
        if not len(self._x) or view is None:
            return
        i0, i1 = visible_slice(self._x, view.left(), view.right())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, self._antialias and not self._moving)
        p.setPen(self._pen)
        if self._pairs:
            i0, i1 = i0 - i0 % 2, i1 + i1 % 2
            if i1 > i0:
                p.drawPath(pg.arrayToQPath(self._x[i0:i1], self._y[i0:i1], connect="pairs"))
            return
        for line in polylines(self._x[i0:i1], self._y[i0:i1]):
            p.drawPolyline(line)


def polylines(x: np.ndarray, y: np.ndarray) -> Iterator[QPolygonF]:
    """The runs of finite points as polylines: a NaN (not scored) breaks the line, and a
    lone point between two makes none. Filled through numpy (pyqtgraph's arrayToQPolygonF):
    a QPainterPath built per series per frame cost more than drawing it."""
    finite = np.isfinite(y)
    if finite.all():
        yield arrayToQPolygonF(x, y)
        return
    edges = np.flatnonzero(np.diff(np.concatenate(([0], finite.view(np.int8), [0]))))
    for start, stop in zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True):
        if stop - start >= 2:
            yield arrayToQPolygonF(x[start:stop], y[start:stop])


def _groups(arrays: Sequence[np.ndarray]) -> list[int]:
    """Group number of each array; equal arrays get the same number."""
    seen: dict[bytes, int] = {}
    return [seen.setdefault(a.tobytes(), len(seen)) for a in arrays]


def state_brushes() -> list[list[QBrush]]:
    """Brush layers per band code: index 0 = not tagged, 1 + i = STATE_ORDER[i]."""
    layers = [[QBrush(QColor(UNTAGGED_COLOUR))]]
    for state in STATE_ORDER:
        style = STATE_STYLES[state]
        brushes = [QBrush(style.colour)]
        if style.pattern != Qt.BrushStyle.NoBrush:
            brushes.append(QBrush(style.pattern_colour, style.pattern))
        layers.append(brushes)
    return layers


_TILES: list[np.ndarray] = []


def state_tiles() -> np.ndarray:
    """(codes + 1, 8, 8) premultiplied ARGB32 pixels: each state's fill + hatch as one 8×8
    tile, exactly as Qt paints the pattern brush; the last tile is transparent."""
    if not _TILES:
        layers = state_brushes()
        tiles = np.zeros((len(layers) + 1, 8, 8), dtype=np.uint32)
        for index, brushes in enumerate(layers):
            image = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            for brush in brushes:
                painter.fillRect(QRect(0, 0, 8, 8), brush)
            painter.end()
            raw = np.frombuffer(image.constBits(), dtype=np.uint32, count=64)
            tiles[index] = raw.reshape(8, 8)
        _TILES.append(tiles)
    return _TILES[0]


class StateBand(pg.GraphicsObject):  # type: ignore[misc]
    """Every chosen series' tone state as one strip per row (top row = first series). Where a
    side carried two or more states the strip is split: its primary state above, the next
    one below (the hover text names them all).

    On screen the visible part is rasterised with numpy at device resolution (cost bounded by
    the pixels, not by the number of assessments); vector exports get merged rectangles.
    """

    def __init__(self, rows: Sequence[SeriesArrays]) -> None:
        super().__init__()
        self._rows = list(rows)
        # rows with the same segments (muscles assessed on the same days, the usual case)
        # share one binary search per frame and read their states from one matrix
        group_of = _groups([np.concatenate([s.seg_x0, s.seg_x1]) for s in self._rows])
        self._groups: list[tuple[SeriesArrays, np.ndarray, np.ndarray, np.ndarray]] = []
        for group in sorted(set(group_of)):
            members = [i for i, g in enumerate(group_of) if g == group]
            self._groups.append((
                self._rows[members[0]], np.array(members, dtype=np.int64),
                np.stack([self._rows[i].states for i in members]),
                np.stack([self._rows[i].second for i in members]),
            ))
        self._pixels = np.empty(0, dtype=np.uint32)
        ends = [(s.seg_x0[0], s.seg_x1[-1]) for s in self._rows if len(s.seg_x0)]
        self._x0 = float(min(e[0] for e in ends)) if ends else 0.0
        self._x1 = float(max(e[1] for e in ends)) if ends else 1.0

    def row_count(self) -> int:
        return len(self._rows)

    def _buffer(self, height: int, width: int) -> np.ndarray:
        """Room for a frame's pixels, kept from frame to frame (a zoom changes the size on
        every frame: the room only grows)."""
        if len(self._pixels) < height * width:
            self._pixels = np.empty(height * width, dtype=np.uint32)
        return self._pixels[: height * width].reshape(height, width)

    def codes_at(self, x: float) -> list[int]:
        """State code of every row at `x` (-1 not tagged, i = STATE_ORDER[i], len = none)."""
        xs = np.array([x], dtype=np.float64)
        return [int(state_columns(s.seg_x0, s.seg_x1, s.states, xs, _NO_STATE)[0])
                for s in self._rows]

    def boundingRect(self) -> QRectF:  # Qt's name
        return QRectF(self._x0, 0.0, max(self._x1 - self._x0, 1.0), max(len(self._rows), 1))

    def dataBounds(  # pyqtgraph's name
        self, ax: int, frac: float = 1.0, orthoRange: Any = None  # noqa: N803
    ) -> tuple[float, float]:
        return (self._x0, self._x1) if ax == 0 else (0.0, float(len(self._rows)))

    def paint(self, p: QPainter, *_args: Any) -> None:
        if not self._rows:
            return
        view = self.viewRect()
        lo, hi = (view.left(), view.right()) if view is not None else (self._x0, self._x1)
        lo, hi = max(lo, self._x0), min(hi, self._x1)
        if hi <= lo:
            return
        if _is_raster(p):
            self._paint_image(p, lo, hi)
        else:
            self._paint_rects(p, lo, hi)

    def _paint_image(self, p: QPainter, lo: float, hi: float) -> None:
        n = len(self._rows)
        t = p.transform()
        rect = t.mapRect(QRectF(lo, 0.0, hi - lo, float(n)))
        left, top = math.floor(rect.left()), math.floor(rect.top())
        width = min(math.ceil(rect.right()) - left, 8000)
        height = min(math.ceil(rect.bottom()) - top, 4000)
        if width <= 0 or height <= 0:
            return
        inverse, _ok = t.inverted()
        cols = np.arange(left, left + width, dtype=np.float64) + 0.5
        rows = np.arange(top, top + height, dtype=np.float64) + 0.5
        # device -> data: x depends on the device column only, y on the device row only
        xs = inverse.m11() * cols + inverse.dx()
        ys = inverse.m22() * rows + inverse.dy()
        floor = np.floor(ys)
        row_index = (n - 1 - floor).astype(np.int64)
        frac = ys - floor
        inside = (row_index >= 0) & (row_index < n) & (np.abs(frac - 0.5) <= BAND_FILL / 2)
        # Codes by band row: rows 0..n the upper half of each strip (its state), rows
        # n+1..2n+1 the lower half (the second state where there is one); row n of each
        # half, never covered, is for the pixel rows between the strips.
        per_row = np.full((2 * (n + 1), width), _NO_STATE, dtype=np.int16)
        second_rows = np.full((n + 1, width), -1, dtype=np.int16)
        for first, members, states, second in self._groups:
            if not len(first.seg_x0):
                continue
            index = np.searchsorted(first.seg_x0, xs, "right") - 1
            safe = np.clip(index, 0, len(first.seg_x0) - 1)
            covered = (index >= 0) & (xs < first.seg_x1[safe])
            per_row[np.ix_(members, covered)] = states[:, safe[covered]]
            second_rows[np.ix_(members, covered)] = second[:, safe[covered]]
        upper = per_row[: n + 1]
        np.copyto(per_row[n + 1 :], np.where(second_rows >= 0, second_rows, upper))
        # Each device pixel reads its state's 8x8 tile at (row % 8, column % 8), as one flat
        # index into the tiles built from whole rows: a gather of rows and one take are
        # several times quicker than indexing the tiles by three arrays. Small integers and
        # a kept output buffer: fresh megabytes every frame cost page faults.
        per_row += 1
        per_row *= 64
        per_row += (np.arange(left, left + width) % 8).astype(np.int16)
        strip = np.where(inside, row_index, n) + (n + 1) * (frac < 0.5)
        flat = per_row[strip]
        flat += ((np.arange(top, top + height) % 8) * 8).astype(np.int16)[:, None]
        pixels = self._buffer(height, width)
        np.take(state_tiles().reshape(-1), flat, out=pixels)
        image = QImage(pixels.data, width, height, width * 4,
                       QImage.Format.Format_ARGB32_Premultiplied)
        p.save()
        p.resetTransform()
        p.drawImage(QPointF(left, top), image)
        p.restore()

    def _paint_rects(self, p: QPainter, lo: float, hi: float) -> None:
        """Merged runs of one state as rectangles, in device coordinates (hatches stay crisp)."""
        n = len(self._rows)
        layers = state_brushes()
        t = p.transform()
        p.save()
        p.resetTransform()
        p.setPen(Qt.PenStyle.NoPen)
        for i, s in enumerate(self._rows):
            i0, i1 = visible_slice(s.seg_x0, lo, hi)
            if i1 <= i0:
                continue
            states = s.states[i0:i1]
            second = s.second[i0:i1]
            changes = (states[1:] != states[:-1]) | (second[1:] != second[:-1])
            starts = np.flatnonzero(np.r_[True, changes])
            ends = np.r_[starts[1:], len(states)]
            y0 = n - 1 - i + (1 - BAND_FILL) / 2
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
                x0 = max(float(s.seg_x0[i0 + a]), lo)
                x1 = min(float(s.seg_x1[i0 + b - 1]), hi)
                if x1 <= x0:
                    continue
                box = t.mapRect(QRectF(x0, y0, x1 - x0, BAND_FILL))
                for brush in layers[int(states[a]) + 1]:
                    p.fillRect(box, brush)
                if second[a] >= 0:  # the lower half (data y below the middle) for it
                    half = t.mapRect(QRectF(x0, y0, x1 - x0, BAND_FILL / 2))
                    for brush in layers[int(second[a]) + 1]:
                        p.fillRect(half, brush)
        p.restore()


__all__ = [
    "ClippedCurve", "CurveLayer", "SettlingItem", "StateBand", "state_brushes", "state_tiles",
]
