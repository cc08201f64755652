"""The time axis of the trend charts: calendar ticks (calendar.py) on a pyqtgraph AxisItem."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from .calendar import Unit, calendar_ticks, label_kind, step_seconds, tick_labels, widest_labels

OVERFLOW_PX = 30  # a label may reach this far past the axis ends (the left axis is there)
_TEXT_FLAGS = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                  | Qt.TextFlag.TextDontClip)
_MEASURE_FLAGS = int(Qt.AlignmentFlag.AlignCenter)

TickSpec = tuple[QPen, QPointF, QPointF]
TextSpec = tuple[QRectF, int, str]
DrawSpecs = tuple[TickSpec, list[TickSpec], list[TextSpec]]


class CalendarAxis(pg.AxisItem):  # type: ignore[misc]
    """Bottom axis for day-based x values (seconds at local noon): years, months, weeks, days.

    Only the major level is labelled (the minor one is ticks only), and labels come from a
    cache, so a pan frame re-measures a dozen strings at most.
    """

    def __init__(self, font: QFont | None = None) -> None:
        super().__init__(orientation="bottom")
        self.enableAutoSIPrefix(False)
        self.setStyle(hideOverlappingLabels=OVERFLOW_PX)
        self._label_px: dict[str, float] | None = None
        self._units: dict[float, Unit | None] = {}  # spacing -> labelled unit (None: minor)
        self._span: tuple[float, float, float] = (0.0, 1.0, 1.0)  # lo, hi, length in px
        self._labels: dict[tuple[tuple[float, ...], Unit, int, int], list[str]] = {}
        self._text_sizes: dict[str, tuple[float, float]] = {}
        if font is not None:
            self.setStyle(tickFont=font)

    def setStyle(self, **kwargs: Any) -> None:  # pyqtgraph's name
        super().setStyle(**kwargs)
        self._label_px = None  # the font may have changed
        self._text_sizes = {}

    def _widths(self) -> dict[str, float]:
        if self._label_px is None:
            font = self.style.get("tickFont") or QFont()
            metrics = QFontMetricsF(font)
            self._label_px = widest_labels(metrics.horizontalAdvance)
        return self._label_px

    def tickValues(  # pyqtgraph's name
        self, minVal: float, maxVal: float, size: float  # noqa: N803
    ) -> list[tuple[float, list[float]]]:
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)
        self._span = (lo, hi, size)
        levels = calendar_ticks(lo, hi, size, self._widths())
        result = []
        self._units = {}
        for index, ((unit, count), values) in enumerate(levels):
            # pyqtgraph identifies a level by its spacing; the minor level gets no labels
            spacing = step_seconds(unit, count) + (0.0 if index == 0 else 1e-3)
            self._units[spacing] = unit if index == 0 else None
            result.append((spacing, values))
        return result

    def tickStrings(  # pyqtgraph's name
        self, values: Sequence[float], scale: float, spacing: float
    ) -> list[str]:
        unit = self._units.get(spacing)
        if unit is None:
            return []
        lo, hi, size = self._span
        px_per_s = size / (hi - lo) if hi > lo else 0.0
        room = spacing * px_per_s
        # the year goes on the first label pyqtgraph will keep (one cut by the axis end
        # is dropped), so it is never lost with it
        kind = label_kind(unit)
        half = self._widths().get(f"{kind}+year", 0.0) / 2
        first = next((i for i, v in enumerate(values)
                      if (v - lo) * px_per_s - half >= -OVERFLOW_PX), 0)
        key = (tuple(values), unit, int(room), first)
        labels = self._labels.get(key)
        if labels is None:
            if len(self._labels) > 256:
                self._labels.clear()
            labels = tick_labels(list(values), unit, room_px=room, label_px=self._widths(),
                                 first=first)
            self._labels[key] = labels
        return list(labels)

    # ------------------------------------------------------------------ drawing

    def generateDrawSpecs(self, p: QPainter) -> DrawSpecs | None:  # pyqtgraph's name
        """pyqtgraph's AxisItem.generateDrawSpecs for this axis (bottom, no grid, ticks from
        tickValues), computed as the original does but without its per-tick Python objects
        (Point, enum arithmetic) and measuring each label text once: it was a fifth of a
        pan or zoom frame (tests/charts/test_axis.py compares the two)."""
        style = self.style
        if (self.orientation != "bottom" or self.grid is not False
                or self._tickLevels is not None or any(style["stopAxisAtTick"])
                or not style["showValues"]):
            specs: DrawSpecs | None = super().generateDrawSpecs(p)
            return specs
        if style["tickFont"] is not None:
            p.setFont(style["tickFont"])
        bounds = self.mapRectFromParent(self.geometry())
        start = bounds.topLeft() + QPointF(-1.0, 1.0)
        stop = bounds.topRight() + QPointF(1.0, 1.0)
        device = [self.mapToDevice(point) for point in (start, stop)]
        if device[0] is None or device[1] is None:
            return None
        length = QLineF(device[0], device[1]).length()
        if length == 0:
            return None
        lo, hi = self.range
        levels = self.tickValues(lo, hi, length)
        scale = bounds.width() / (hi - lo) if hi != lo else 1.0
        offset = lo * scale if hi != lo else 0.0
        x_min, x_max = sorted((lo * scale - offset, hi * scale - offset))
        top = bounds.top()
        tick_specs: list[TickSpec] = []
        positions: list[list[float | None]] = []
        for level, (_spacing, values) in enumerate(levels):
            pen = self._level_pen(level)
            tick_end = top + style["tickLength"] / (level * 0.5 + 1.0)
            xs: list[float | None] = []
            for value in values:
                x = value * scale - offset
                if x < x_min or x > x_max:
                    xs.append(None)
                    continue
                xs.append(x)
                tick_specs.append((pen, QPointF(x, top), QPointF(x, tick_end)))
            positions.append(xs)
        text_specs = self._text_specs(p, levels, positions, length, top)
        return (self.pen(), start, stop), tick_specs, text_specs

    def _level_pen(self, level: int) -> QPen:
        pen: QPen = self.tickPen()
        alpha = self.style["tickAlpha"]
        if alpha is None:
            alpha = 255 / (level + 1)
        elif isinstance(alpha, float):
            alpha = min(255, max(0, round(alpha * 255)))
        if pen.brush().style() == Qt.BrushStyle.SolidPattern:
            pen = QPen(pen)
            colour = QColor(pen.color())
            colour.setAlpha(int(alpha))
            pen.setColor(colour)
        return pen

    def _text_size(self, p: QPainter, text: str) -> tuple[float, float]:
        size = self._text_sizes.get(text)
        if size is None:
            rect = p.boundingRect(QRectF(0, 0, 100, 100), _MEASURE_FLAGS, text)
            size = self._text_sizes[text] = (rect.width(), rect.height() * 0.8)
        return size

    def _text_specs(self, p: QPainter, levels: list[tuple[float, list[float]]],
                    positions: list[list[float | None]], length: float,
                    top: float) -> list[TextSpec]:
        style = self.style
        gap = max(0, style["tickLength"]) + style["tickTextOffset"][1]
        area = self.boundingRect()
        specs: list[TextSpec] = []
        widths: list[float] = []  # every label measured so far, as pyqtgraph counts them
        heights: list[float] = []
        tallest = 0.0
        for level in range(min(len(levels), style["maxTextLevel"] + 1)):
            spacing, values = levels[level]
            strings = self.tickStrings(values, self.autoSIPrefixScale * self.scale, spacing)
            if not strings:
                continue
            shown = [(x, text) for x, text in zip(positions[level], strings, strict=False)
                     if x is not None]
            sizes = [self._text_size(p, text) for _x, text in shown]
            widths += [w for w, _h in sizes]
            heights += [h for _w, h in sizes]
            if level > 0:  # a crowded finer level is left unlabelled
                fill = sum(widths) / length
                if any(len(specs) >= count and fill >= limit
                       for count, limit in style["textFillLimits"]):
                    break
            tallest = max(heights, default=0.0)
            for (x, text), (width, height) in zip(shown, sizes, strict=True):
                rect = QRectF(x - width / 2, top + gap, width, height)
                if area & rect != rect:
                    continue
                specs.append((rect, _TEXT_FLAGS, text))
        self._updateMaxTextSize(tallest)
        return specs
