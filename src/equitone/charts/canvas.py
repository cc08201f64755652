"""Draws prepared trends into a pyqtgraph layout: the part shared by the widget and exports.

Overlay mode stacks, on one shared time axis: the muscle legend, the tightness plot (every
selected series), the tone-state band (one strip per series), the state key and the PSFS plot.
Small-multiples mode puts one tightness plot + two-row band per muscle in a grid instead.
Everything is scene items, so PNG/SVG exports and offscreen renders show exactly this.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QGraphicsItem

from equitone.domain.trends import SeriesKey, format_day, psfs_meaningful_change

from . import hover
from .axis import CalendarAxis
from .hover import Hit, HoverTarget
from .layers import ClippedCurve, CurveLayer, SettlingItem, StateBand
from .plot import Caption, LightPlot
from .prepared import DAY_S, PreparedTrends, SeriesArrays
from .style import (
    AXIS_COLOUR,
    FLAG_COLOUR,
    GRID_ALPHA,
    PROGRAM_COLOUR,
    PSFS_BAND_COLOUR,
    PSFS_COLOUR,
    SESSION_COLOUR,
    legend_html,
    state_legend_html,
)

MODES = ("overlay", "small-multiples")
BAND_ROW_PX = 15.0
LABEL_MIN_PX = 11.0
LABEL_SPAN = 0.8  # share of the x span between two labelled flags (a label is ~0.4 wide)
MIN_SPAN_S = 3 * DAY_S  # zooming in further than three days shows nothing more


def _pen(colour: str, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen: QPen = pg.mkPen(colour, width=width, style=style)
    pen.setCosmetic(True)
    return pen


class TrendCanvas:
    """Builds and rebuilds the chart scene inside `view` (a GraphicsLayoutWidget)."""

    def __init__(self, view: pg.GraphicsLayoutWidget,
                 on_flag_clicked: Callable[[int], None] | None = None) -> None:
        self.view = view
        self.root: pg.GraphicsLayout = view.ci
        self.on_flag_clicked = on_flag_clicked
        self.plots: list[LightPlot] = []  # tightness plots, first one is the x master
        self.band_plots: list[LightPlot] = []
        self.psfs_plot: LightPlot | None = None
        self.layers: list[CurveLayer] = []  # one per tightness plot
        self.settling: list[SettlingItem] = []  # every item painted cheaply while moving
        self.bands: list[StateBand] = []
        self.curves: dict[SeriesKey, CurveLayer] = {}  # the layer drawing each series
        self.targets: list[HoverTarget] = []
        self.session_items: list[pg.ScatterPlotItem] = []
        self.flag_items: list[pg.ScatterPlotItem] = []
        self.next_day_items: list[pg.ScatterPlotItem] = []
        self._band_rows = 0
        self._left = 64  # left axis width shared by every plot (x-linking aligns by pixel)
        self._grid: tuple[pg.GraphicsLayout, int] | None = None
        self._legend: tuple[Caption, list[tuple[str, str]], int] | None = None
        self._psfs_titles: tuple[LightPlot, list[str]] | None = None
        self._quiet = False  # True while the range is set by code (presets), not by the user
        self.font = QFont(view.font())
        self.font.setPointSizeF(max(8.0, self.font.pointSizeF()))

    # ---------------------------------------------------------------- building

    def clear(self) -> None:
        self.root.clear()
        self.plots, self.band_plots, self.targets = [], [], []
        self.layers, self.bands, self.settling = [], [], []
        self.curves, self.session_items, self.flag_items = {}, [], []
        self.next_day_items = []
        self.psfs_plot = None
        self._grid = None
        self._legend = None
        self._psfs_titles = None

    def _caption(self, text: str, row: int, **style: object) -> Caption:
        label = Caption(text, **style)
        self.root.addItem(label, row=row, col=0)
        return label

    def draw(self, prepared: PreparedTrends, selection: Sequence[SeriesKey], mode: str,
             x_range: tuple[float, float], *, title: str | None = None,
             include_psfs: bool = True) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {MODES}")
        self.clear()
        chosen = [prepared.series[k] for k in selection if k in prepared.series]
        row = 0
        if title:
            self._caption(title, row, size="12pt", bold=True)
            row += 1
        looks = {s.key[0]: s.look.colour for s in chosen}
        entries = [(colour, prepared.muscle_name(m)) for m, colour in looks.items()]
        self._legend = (self._caption("", row, size="9pt", color=AXIS_COLOUR, justify="left"),
                        entries, 0)
        self._wrap_legend()
        row += 1
        self._left = self._left_width(
            [s.short_label for s in chosen] if mode == "overlay" else ["Right"]
        )
        if mode == "overlay":
            row = self._draw_overlay(prepared, chosen, row)
            self._add_state_legend(row)
            if include_psfs:
                self._draw_psfs(prepared, self.root, row + 1, 0)
        else:
            grid, cell = self._draw_multiples(prepared, chosen, row)
            if include_psfs:
                self._draw_psfs(prepared, grid, *cell)
            self._add_state_legend(row + 1)
        self._limit_range(prepared)
        self._cache_static_items()
        self.set_x_range(*x_range)
        master = self.plots[0] if self.plots else self.psfs_plot
        if master is not None:
            master.sigXRangeChanged.connect(self._on_x_changed)

    def _limit_range(self, prepared: PreparedTrends) -> None:
        """Keep pans and zooms near the data: a lost view (year 1970, a 2-minute span) helps
        nobody, and the calendar axis need not handle it."""
        span = prepared.x_max - prepared.x_min
        margin = max(0.5 * span, 60 * DAY_S)
        for plot in [*self.plots, *([self.psfs_plot] if self.psfs_plot else [])]:
            plot.getViewBox().setLimits(
                xMin=prepared.x_min - margin, xMax=prepared.x_max + margin,
                minXRange=MIN_SPAN_S, maxXRange=span + 2 * margin,
            )

    def _static_items(self) -> list[QGraphicsItem]:
        """Items a pan or zoom never changes: legends, titles and the left axes (their
        grid lines included). Kept as pixmaps, they are blitted instead of re-typeset on
        every frame (~2.5 ms of a frame, bench_trends.py)."""
        items: list[QGraphicsItem] = [
            item for item in self.root.items if isinstance(item, Caption)
        ]
        for plot in [*self.plots, *self.band_plots, *([self.psfs_plot] if self.psfs_plot else [])]:
            items.append(plot.getAxis("left"))
            if plot.titleLabel.isVisible():
                items.append(plot.titleLabel)
        return items

    def _cache_static_items(self) -> None:
        for item in self._static_items():
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    @contextmanager
    def uncached(self) -> Iterator[None]:
        """Paint the static items directly for a while: a vector export must get their text
        and lines, not the pixmaps they are cached as on screen."""
        items = self._static_items()
        for item in items:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        try:
            yield
        finally:
            for item in items:
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def _on_x_changed(self, *_args: object) -> None:
        if not self._quiet:
            for item in self.settling:
                item.mark_moving()

    def _add_state_legend(self, row: int) -> None:
        self._caption(state_legend_html(), row, size="9pt", color=AXIS_COLOUR, justify="left")

    def _wrap_legend(self) -> None:
        """Muscles per legend line from the view's width (LabelItem text does not wrap)."""
        if self._legend is None:
            return
        label, entries, shown = self._legend
        room = max(self.view.width() - 40, 200)
        if room != shown:
            font = QFont(self.font)
            font.setPointSizeF(9)
            metrics = QFontMetrics(font)
            label.setText(legend_html(entries, room, metrics.horizontalAdvance))
            self._legend = (label, entries, room)

    def _plot(self, layout: pg.GraphicsLayout, row: int, col: int, *, left_width: int,
              dates: bool = True) -> LightPlot:
        bottom = CalendarAxis(self.font) if dates else None
        plot = LightPlot(bottom)
        layout.addItem(plot, row=row, col=col)
        self._style_plot(plot, left_width=left_width, bottom=bottom)
        return plot

    def _style_plot(self, plot: LightPlot, *, left_width: int,
                    bottom: CalendarAxis | None) -> None:
        for axis in (plot.getAxis("left"), *([bottom] if bottom is not None else [])):
            axis.setPen(_pen(AXIS_COLOUR))
            axis.setTextPen(_pen(AXIS_COLOUR))
            axis.setStyle(tickFont=self.font)
        # no SI prefixes on days or 0–10 scores; with them on, every range change
        # re-typesets the axis label (bench_trends.py)
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.getAxis("left").setWidth(left_width)
        plot.getViewBox().setMouseEnabled(x=True, y=False)  # scores are 0–10: only time moves

    def _tightness_plot(self, row: int, col: int, left_width: int,
                        layout: pg.GraphicsLayout, title: str | None = None) -> LightPlot:
        plot = self._plot(layout, row, col, left_width=left_width)
        if title:
            plot.setTitle(title, size="10pt", color=AXIS_COLOUR)
        plot.setLabel("left", "Tightness (0–10)", color=AXIS_COLOUR)
        plot.setYRange(-0.4, 10.9, padding=0)
        plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 11, 2)]])
        plot.showGrid(y=True, alpha=GRID_ALPHA)  # see GRID_ALPHA
        if self.plots:
            plot.setXLink(self.plots[0])
        self.plots.append(plot)
        return plot

    def _left_width(self, labels: Sequence[str]) -> int:
        metrics = QFontMetrics(self.font)
        widest = max((metrics.horizontalAdvance(t) for t in labels), default=0)
        return int(min(max(widest + 14, 64), 190))

    def _draw_overlay(self, prepared: PreparedTrends, chosen: list[SeriesArrays], row: int) -> int:
        plot = self._tightness_plot(row, 0, self._left, self.root)
        self.root.layout.setRowStretchFactor(row, 5)
        self._add_series(plot, prepared, chosen)
        band = self._band_plot(row + 1, 0, self._left, self.root, chosen,
                               [s.short_label for s in chosen])
        self._fit_band(band, len(chosen))
        return row + 2

    def _draw_multiples(self, prepared: PreparedTrends, chosen: list[SeriesArrays],
                        row: int) -> tuple[pg.GraphicsLayout, tuple[int, int]]:
        """One cell per muscle (its sides together), PSFS in the next free cell: equal cells
        keep pyqtgraph's x-linking (which lines up overlapping views by pixel) exact."""
        muscles = list(dict.fromkeys(s.key[0] for s in chosen))
        grid = self.root.addLayout(row=row, col=0)
        self.root.layout.setRowStretchFactor(row, 5)
        cells = len(muscles) + 1
        cols = 1 if cells <= 1 else 2 if cells <= 4 else 3
        left = self._left
        for i, muscle in enumerate(muscles):
            r, c = divmod(i, cols)
            cell = grid.addLayout(row=r, col=c)
            cell.setSpacing(0)
            mine = [s for s in chosen if s.key[0] == muscle]
            plot = self._tightness_plot(0, 0, left, cell, title=prepared.muscle_name(muscle))
            plot.setLabel("left", "")
            self._add_series(plot, prepared, mine)
            # the muscle is the cell's title: its strips need only say which side
            band = self._band_plot(1, 0, left, cell, mine,
                                   [s.key[1].value.capitalize() for s in mine])
            band_px = 2 * BAND_ROW_PX + 4
            band.setMinimumHeight(band_px)
            band.setMaximumHeight(band_px)
        rows = math.ceil(cells / cols)
        self._grid = (grid, cols)
        self._fit_columns()
        for r in range(rows):
            grid.layout.setRowStretchFactor(r, 1)
        return grid, divmod(len(muscles), cols)

    def _add_series(self, plot: LightPlot, prepared: PreparedTrends,
                    chosen: list[SeriesArrays]) -> None:
        layer = CurveLayer(chosen)
        plot.addItem(layer)
        self.layers.append(layer)
        self.settling.append(layer)
        for s in chosen:
            self.curves[s.key] = layer
        self._add_sessions(plot, prepared)
        self._add_flags(plot, prepared, {s.key for s in chosen})
        self._add_next_day(plot, prepared, {s.key for s in chosen})
        self._add_hover_target(plot, chosen)

    def _add_sessions(self, plot: LightPlot, prepared: PreparedTrends) -> None:
        if not prepared.sessions:
            return
        spots = []
        for x, s in prepared.sessions:
            program = s.kind == "program-change"
            colour = PROGRAM_COLOUR if program else SESSION_COLOUR
            spots.append({
                "pos": (x, 10.45), "symbol": "d" if program else "t", "size": 11,
                "brush": pg.mkBrush(colour), "pen": _pen("#FFFFFF"), "data": s,
            })
        self._session_lines(plot, prepared)
        item = pg.ScatterPlotItem(hoverable=True, tip=_session_tip)
        item.addPoints(spots)
        plot.addItem(item, ignoreBounds=True)
        self.session_items.append(item)

    @staticmethod
    def _session_lines(plot: LightPlot, prepared: PreparedTrends) -> None:
        """Vertical lines at sessions: one item per kind (pairs of points), not one per line.

        They span exactly the plot's y range: an SVG export keeps no clipping, and longer
        lines would cross the legends there."""
        bottom, top = plot.getViewBox().viewRange()[1]
        for kind, colour, style in (
            ("delivered", SESSION_COLOUR, Qt.PenStyle.DotLine),
            ("program-change", PROGRAM_COLOUR, Qt.PenStyle.DashDotLine),
        ):
            xs = np.array([x for x, s in prepared.sessions if s.kind == kind], dtype=np.float64)
            if not len(xs):
                continue
            line = ClippedCurve(np.repeat(xs, 2), np.tile([bottom, top], len(xs)),
                                _pen(colour, 1.0, style), antialias=True, pairs=True)
            line.setZValue(-5)
            plot.addItem(line, ignoreBounds=True)

    def _add_flags(self, plot: LightPlot, prepared: PreparedTrends,
                   keys: set[SeriesKey]) -> None:
        mine = [f for f in prepared.flags if (f.muscle, f.side) in keys]
        if not mine:
            return
        spots = []
        span = prepared.x_max - prepared.x_min
        labelled_at: float | None = None
        for f in sorted(mine, key=lambda flag: flag.peak_day):
            x = prepared.clock(f.peak_day)
            y = min(f.peak + 0.9, 10.0) if f.peak is not None else 9.5  # a tag, no score

            spots.append({"pos": (x, y), "data": f})
            # Labels of nearby stars would overprint each other: a star close to a labelled
            # one keeps only its tooltip (the flags panel lists every flag in words).
            if labelled_at is not None and x - labelled_at < LABEL_SPAN * span:
                continue
            labelled_at = x
            # late in the history the label goes left of the star, or it runs off the plot
            late = x > prepared.x_min + 0.6 * span
            words = {"tightness": "tightness rising after activation",
                     "next-day": "reported tight or weak the next days"}.get(
                f.sign, "tighter after activation")
            text = pg.TextItem(f"{words} ▲  " if late else f"  ▲ {words}", color=FLAG_COLOUR,
                               anchor=(1 if late else 0, 0.5),
                               fill=pg.mkBrush(255, 255, 255, 200))
            text.setFont(self.font)
            text.setPos(x, y)
            text.setToolTip(f.explanation)
            plot.addItem(text, ignoreBounds=True)
        item = pg.ScatterPlotItem(
            symbol="star", size=16, brush=pg.mkBrush("#F0E442"), pen=_pen(FLAG_COLOUR, 1.5),
            hoverable=True, tip=_flag_tip,
        )
        item.addPoints(spots)
        item.sigClicked.connect(self._flag_clicked)
        plot.addItem(item, ignoreBounds=True)
        self.flag_items.append(item)

    def _add_next_day(self, plot: LightPlot, prepared: PreparedTrends,
                      keys: set[SeriesKey]) -> None:
        """The patient's next-day reports beside the curve: a circle on the day it was told,
        just under the top, filled red when it was the warning sign (tight, barely firing or
        sore); the tooltip says what was reported about which session."""
        mine = [n for n in prepared.data.next_day if n.key in keys]
        if not mine:
            return
        spots = [{
            "pos": (prepared.clock(n.day), 9.6), "data": n, "symbol": "o", "size": 10,
            "brush": pg.mkBrush(FLAG_COLOUR if n.warning else "#FFFFFF"),
            "pen": _pen(FLAG_COLOUR, 1.5),
        } for n in mine]
        item = pg.ScatterPlotItem(hoverable=True, tip=_next_day_tip)
        item.addPoints(spots)
        plot.addItem(item, ignoreBounds=True)
        self.next_day_items.append(item)

    def _flag_clicked(self, _item: object, points: Sequence[object], _ev: object = None) -> None:
        if points and self.on_flag_clicked is not None:
            self.on_flag_clicked(points[0].data().session_id)  # type: ignore[attr-defined]

    def _add_hover_target(self, plot: LightPlot, chosen: list[SeriesArrays]) -> None:
        self.targets.append(hover.make_target(plot, chosen))

    def _band_plot(self, row: int, col: int, left_width: int, layout: pg.GraphicsLayout,
                   chosen: list[SeriesArrays], labels: list[str]) -> LightPlot:
        band = self._plot(layout, row, col, left_width=left_width, dates=False)
        band.getAxis("left").setPen(_pen("#FFFFFF"))
        band.getAxis("left").setTextPen(_pen(AXIS_COLOUR))
        band.getAxis("left").setStyle(tickLength=0)
        n = len(chosen)
        band.setYRange(0, max(n, 1), padding=0)
        band.setXLink(self.plots[0])
        strips = StateBand(chosen)
        band.addItem(strips)
        self.bands.append(strips)
        self.band_plots.append(band)
        band.setProperty("band_labels", labels)
        band.getAxis("left").setTicks([[(n - 1 - i + 0.5, t) for i, t in enumerate(labels)], []])
        return band

    def _fit_band(self, band: LightPlot, rows: int) -> None:
        """Strip height per series: 15 px when there is room, thinner (labels thinned) when
        dozens of series are selected so the curves keep most of the height."""
        self._band_rows = rows
        available = max(self.view.height(), 300) * 0.35
        row_px = max(3.0, min(BAND_ROW_PX, available / max(rows, 1)))
        height = row_px * max(rows, 1) + 4
        band.setMinimumHeight(height)
        band.setMaximumHeight(height)
        step = max(1, math.ceil(LABEL_MIN_PX / row_px))
        labels = band.property("band_labels") or []
        ticks = [(rows - 1 - i + 0.5, t) for i, t in enumerate(labels) if i % step == 0]
        band.getAxis("left").setTicks([ticks, []])

    def _fit_columns(self) -> None:
        """Equal columns: QGraphicsGridLayout would size them by their contents otherwise."""
        if self._grid is None:
            return
        grid, cols = self._grid
        spacing = grid.layout.horizontalSpacing() * (cols - 1)
        width = (max(self.view.viewport().width(), 300) - 24 - spacing) / cols
        for c in range(cols):
            grid.layout.setColumnFixedWidth(c, width)

    def refit(self) -> None:
        """Re-fit to the view's new size: legend lines, PSFS title, grid columns, band."""
        self._wrap_legend()
        self._title_psfs()
        self._fit_columns()
        if len(self.band_plots) == 1 and len(self.plots) == 1:
            self._fit_band(self.band_plots[0], self._band_rows)

    def _draw_psfs(self, prepared: PreparedTrends, layout: pg.GraphicsLayout, row: int,
                   col: int) -> None:
        if not len(prepared.psfs_x):
            return
        plot = self._plot(layout, row, col, left_width=self._left)
        layout.layout.setRowStretchFactor(row, 2 if layout is self.root else 1)
        plot.setLabel("left", "PSFS (0–10)", color=AXIS_COLOUR)
        plot.setYRange(-0.8, 10.8, padding=0)
        plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 11, 2)]])
        plot.showGrid(y=True, alpha=GRID_ALPHA)  # see GRID_ALPHA
        plot.setMinimumHeight(110)
        titles = ["Patient-Specific Functional Scale (mean of activities)", "PSFS"]
        if prepared.psfs_band is not None:
            base, low, high = prepared.psfs_band
            region = pg.LinearRegionItem(values=(low, high), orientation="horizontal",
                                         movable=False, brush=pg.mkBrush(*PSFS_BAND_COLOUR),
                                         pen=_pen("#009E73", 1.0, Qt.PenStyle.DotLine))
            region.setZValue(-10)
            plot.addItem(region, ignoreBounds=True)
            change = f"{psfs_meaningful_change:g}"
            titles = [
                f"{titles[0]} — shaded: baseline {base:.1f} ± {change}, the minimal "
                "meaningful change",
                f"PSFS — shaded: baseline {base:.1f} ± {change}, the minimal meaningful change",
                f"PSFS — shaded: baseline ± {change} (meaningful change)",
                f"PSFS — shaded: baseline ± {change}",
            ]
        # small multiples: never the long ones, whatever the cell's width
        self._psfs_titles = (plot, titles if layout is self.root else titles[-1:])
        self._title_psfs()
        line = ClippedCurve(prepared.psfs_x, prepared.psfs_y, _pen(PSFS_COLOUR, 2.0),
                            antialias=True)
        plot.addItem(line)
        self.settling.append(line)
        plot.addItem(pg.ScatterPlotItem(
            prepared.psfs_x, prepared.psfs_y, symbol="d", size=8, brush=PSFS_COLOUR,
            pen=_pen("#FFFFFF"), antialias=True,
        ))
        self._session_lines(plot, prepared)
        if self.plots:
            plot.setXLink(self.plots[0])
        self.psfs_plot = plot

    def _title_psfs(self) -> None:
        """The most explicit PSFS title that fits over the plot."""
        if self._psfs_titles is None:
            return
        plot, titles = self._psfs_titles
        font = QFont(self.font)
        font.setPointSizeF(9)  # the title's size
        metrics = QFontMetrics(font)
        # the title sits over the plot area only, right of the shared left axis
        room = (plot.width() if plot.width() > 0 else self.view.width() - 40) - self._left
        title = next((t for t in titles if metrics.horizontalAdvance(t) + 24 <= room),
                     titles[-1])
        plot.setTitle(title, size="9pt", color=AXIS_COLOUR)

    # ---------------------------------------------------------------- range and symbols

    def set_x_range(self, lo: float, hi: float) -> None:
        """Show [lo, hi] at once at full detail (a preset, not a drag)."""
        master = self.plots[0] if self.plots else self.psfs_plot
        if master is None:
            return
        self._quiet = True
        try:
            master.setXRange(lo, hi, padding=0)
        finally:
            self._quiet = False

    def x_range(self) -> tuple[float, float]:
        master = self.plots[0] if self.plots else self.psfs_plot
        if master is None:
            return (0.0, 0.0)
        lo, hi = master.getViewBox().viewRange()[0]
        return float(lo), float(hi)

    # ---------------------------------------------------------------- hover

    def nearest(self, scene_pos: QPointF, prepared: PreparedTrends) -> Hit | None:
        return hover.nearest(self.targets, scene_pos, prepared)

    def show_crosshair(self, hit: Hit | None) -> None:
        hover.show_crosshair(self.targets, hit)

    def sessions_near(self, scene_pos: QPointF, prepared: PreparedTrends) -> list[str]:
        return hover.sessions_near(
            [*self.plots, *([self.psfs_plot] if self.psfs_plot else [])], scene_pos, prepared
        )


def _session_tip(x: float, y: float, data: object) -> str:
    from equitone.domain.trends import SessionMarker

    assert isinstance(data, SessionMarker)
    kind = "Program change" if data.kind == "program-change" else "Delivered session"
    return f"{kind} — {format_day(data.day)}\n{data.title}\n{data.details}"


def _flag_tip(x: float, y: float, data: object) -> str:
    from equitone.domain.activation_flags import RisingFlag

    assert isinstance(data, RisingFlag)
    return f"{data.explanation}\n(click to open the session of {format_day(data.session_day)})"


def _next_day_tip(x: float, y: float, data: object) -> str:
    from equitone.domain.trends import NextDayPoint, series_label

    assert isinstance(data, NextDayPoint)
    return (f"Next-day report, told on {format_day(data.day)}: {data.words()}\n"
            f"after the session of {format_day(data.session_day)} "
            f"({series_label(data.key, {})})")
