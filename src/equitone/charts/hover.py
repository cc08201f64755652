"""The hover read-out's geometry: the nearest scored point under the pointer (within a
radius in pixels, so a click-sized target at any zoom), its crosshair, and the sessions
whose marker line the pointer is on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt

from equitone.domain.trends import SeriesKey, TrendPoint, format_day

from .plot import LightPlot
from .prepared import FloatArray, PreparedTrends, SeriesArrays

HOVER_RADIUS_PX = 40.0
SESSION_RADIUS_PX = 6.0


@dataclass(slots=True)
class HoverTarget:
    """One tightness plot and the flat arrays its nearest-point search runs on."""

    plot: LightPlot
    keys: list[SeriesKey]
    x: FloatArray
    y: FloatArray
    owner: np.ndarray  # index into keys
    index: np.ndarray  # index into that series' points
    vline: pg.InfiniteLine
    hline: pg.InfiniteLine
    marker: pg.ScatterPlotItem


@dataclass(frozen=True, slots=True)
class Hit:
    key: SeriesKey
    point: TrendPoint
    x: float
    y: float
    plot: LightPlot


def _pen(colour: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> object:
    pen = pg.mkPen(colour, width=width, style=style)
    pen.setCosmetic(True)
    return pen


def _cat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.empty(0, dtype=dtype)


def make_target(plot: LightPlot, chosen: Sequence[SeriesArrays]) -> HoverTarget:
    """The scored points of `chosen` flattened once, and the (hidden) crosshair items."""
    xs, ys, owners, idx = [], [], [], []
    for i, s in enumerate(chosen):
        ok = np.isfinite(s.y)
        xs.append(s.x[ok])
        ys.append(s.y[ok])
        owners.append(np.full(int(ok.sum()), i, dtype=np.int32))
        idx.append(np.nonzero(ok)[0].astype(np.int32))
    cross = _pen("#888888", 1.0, Qt.PenStyle.DashLine)
    vline = pg.InfiniteLine(angle=90, pen=cross, movable=False)
    hline = pg.InfiniteLine(angle=0, pen=cross, movable=False)
    marker = pg.ScatterPlotItem(size=15, pen=_pen("#000000", 2.0), brush=None)
    for item in (vline, hline, marker):
        item.setVisible(False)
        item.setZValue(50)
        plot.addItem(item, ignoreBounds=True)
    return HoverTarget(
        plot, [s.key for s in chosen], _cat(xs, np.float64), _cat(ys, np.float64),
        _cat(owners, np.int32), _cat(idx, np.int32), vline, hline, marker,
    )


def nearest(targets: Sequence[HoverTarget], scene_pos: QPointF,
            prepared: PreparedTrends) -> Hit | None:
    for t in targets:
        vb = t.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos) or not len(t.x):
            continue
        view_pos = vb.mapSceneToView(scene_pos)
        px_w, px_h = vb.viewPixelSize()
        dx = (t.x - view_pos.x()) / px_w
        dy = (t.y - view_pos.y()) / px_h
        d2 = dx * dx + dy * dy
        best = int(np.argmin(d2))
        if d2[best] > HOVER_RADIUS_PX**2:
            return None
        key = t.keys[int(t.owner[best])]
        point = prepared.series[key].points[int(t.index[best])]
        return Hit(key, point, float(t.x[best]), float(t.y[best]), t.plot)
    return None


def show_crosshair(targets: Sequence[HoverTarget], hit: Hit | None) -> None:
    for t in targets:
        visible = hit is not None and hit.plot is t.plot
        for item in (t.vline, t.hline, t.marker):
            item.setVisible(visible)
        if visible and hit is not None:
            t.vline.setPos(hit.x)
            t.hline.setPos(hit.y)
            t.marker.setData([hit.x], [hit.y])


def sessions_near(plots: Sequence[LightPlot], scene_pos: QPointF,
                  prepared: PreparedTrends) -> list[str]:
    """Sessions whose marker line is within a few pixels of the pointer (any plot), one
    line each: '<kind> <day>: <title> — <exercises, in order>'."""
    for plot in plots:
        vb = plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            continue
        x = vb.mapSceneToView(scene_pos).x()
        px_w = vb.viewPixelSize()[0]
        return [
            f"{'Program change' if s.kind == 'program-change' else 'Session'} "
            f"{format_day(s.day)}: {s.title} — {', '.join(s.details.splitlines())}"
            for sx, s in prepared.sessions
            if abs(sx - x) / px_w <= SESSION_RADIUS_PX
        ]
    return []
