"""A tightness trend chart as a reportlab flowable: vector lines and text in the embedded font.

Drawn by reportlab rather than pasted as a screen grab so that its labels stay sharp and
readable at half a page width (a 900-pixel screen chart shrinks its 8 pt labels to 3 pt), and
so a report needs neither pyqtgraph nor a Qt widget. It keeps the app's conventions: left is
a solid line with filled dots, right a dashed line with hollow dots, states in the body-map
colours on a band under the curve.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors

from .fonts import REGULAR
from .model import TrendChart
from .platypus import Flowable
from .styles import INK, MUTED, RULE

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FONT_SIZE = 6.5
LEGEND_H = 11.0
AXIS_W = 16.0
X_LABELS_H = 10.0
BAND_H = 5.0
BAND_GAP = 2.0
SESSION_COLOUR = colors.HexColor("#8A96A0")
FLAG_COLOUR = colors.black
BAND_BG = colors.HexColor("#EEF1F3")
TICK_SPACING = 34.0  # points between month labels, room for "Sep 2026"


def month_ticks(start: date, end: date, most: int = 7) -> list[date]:
    """First days of months inside [start, end], thinned to at most ``most`` ticks."""
    months: list[date] = []
    year, month = start.year, start.month
    while True:
        tick = date(year, month, 1)
        if tick > end:
            break
        if tick >= start:
            months.append(tick)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = max(1, -(-len(months) // most))
    return months[::step]


def _tick_label(tick: date, first: bool) -> str:
    name = _MONTHS[tick.month - 1]
    return f"{name} {tick.year}" if first or tick.month == 1 else name


class TrendChartFlowable(Flowable):  # type: ignore[misc]
    def __init__(self, chart: TrendChart, width: float, height: float) -> None:
        super().__init__()
        self.chart = chart
        self.width = width
        self.height = height
        first = min(chart.start, chart.end)
        last = max(chart.start, chart.end)
        if first == last:  # one assessment: give the single point some room
            first, last = date.fromordinal(first.toordinal() - 15), date.fromordinal(
                last.toordinal() + 15
            )
        self._first, self._last = first, last

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    # -- geometry ------------------------------------------------------------------------
    @property
    def _bands_h(self) -> float:
        rows = len(self.chart.bands)
        return rows * BAND_H + max(0, rows - 1) * BAND_GAP + (3 if rows else 0)

    @property
    def _plot(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of the plotting area."""
        bottom = self._bands_h + X_LABELS_H
        return AXIS_W, bottom, self.width - 4, self.height - LEGEND_H

    def _x(self, day: date) -> float:
        left, _b, right, _t = self._plot
        span = self._last.toordinal() - self._first.toordinal()
        pad = span * 0.03
        share = (day.toordinal() - self._first.toordinal() + pad) / (span + 2 * pad)
        return left + (right - left) * share

    def _y(self, value: float) -> float:
        _l, bottom, _r, top = self._plot
        return bottom + (top - bottom) * max(0.0, min(10.0, value)) / 10

    # -- drawing -------------------------------------------------------------------------
    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(REGULAR, FONT_SIZE)
        self._grid()
        self._time_axis()
        self._sessions()
        for series in self.chart.series:
            self._series(series.points, colors.HexColor(series.colour), series.dashed)
        self._flags()
        self._bands()
        self._legend()
        canvas.restoreState()

    def _grid(self) -> None:
        canvas = self.canv
        left, bottom, right, _top = self._plot
        for level in range(0, 11, 2):
            y = self._y(level)
            canvas.setStrokeColor(MUTED if level == 0 else RULE)
            canvas.setLineWidth(0.6 if level == 0 else 0.35)
            canvas.line(left, y, right, y)
            canvas.setFillColor(MUTED)
            canvas.drawRightString(left - 3, y - FONT_SIZE * 0.35, str(level))
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        canvas.line(left, bottom, left, self._y(10))

    def _time_axis(self) -> None:
        canvas = self.canv
        bottom = self._plot[1]
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.5)
        left, _b, right, _t = self._plot
        most = max(2, int((right - left) / TICK_SPACING))
        for index, tick in enumerate(month_ticks(self._first, self._last, most)):
            x = self._x(tick)
            canvas.line(x, bottom, x, bottom - 2)
            canvas.drawCentredString(x, bottom - 2 - FONT_SIZE, _tick_label(tick, index == 0))

    def _sessions(self) -> None:
        canvas = self.canv
        _l, bottom, _r, _t = self._plot
        canvas.setStrokeColor(SESSION_COLOUR)
        canvas.setLineWidth(0.8)
        for day in self.chart.sessions:
            if self._first <= day <= self._last:
                x = self._x(day)
                canvas.line(x, bottom, x, bottom + 4)

    def _series(
        self, points: tuple[tuple[date, float], ...], colour: colors.Color, dashed: bool
    ) -> None:
        canvas = self.canv
        xy = [(self._x(day), self._y(value)) for day, value in points]
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(1.1)
        if len(xy) > 1:
            if dashed:
                canvas.setDash(3, 2)
            path = canvas.beginPath()
            path.moveTo(*xy[0])
            for x, y in xy[1:]:
                path.lineTo(x, y)
            canvas.drawPath(path, stroke=1, fill=0)
            canvas.setDash()
        canvas.setFillColor(colors.white if dashed else colour)
        canvas.setLineWidth(0.8)
        for x, y in xy:
            canvas.circle(x, y, 1.9, stroke=1, fill=1)

    def _flags(self) -> None:
        canvas = self.canv
        canvas.setFillColor(FLAG_COLOUR)
        for day, value in self.chart.flags:
            x, y = self._x(day), self._y(value) + 4
            path = canvas.beginPath()
            path.moveTo(x - 2.6, y + 4.5)
            path.lineTo(x + 2.6, y + 4.5)
            path.lineTo(x, y)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)

    def _bands(self) -> None:
        canvas = self.canv
        left, _b, right, _t = self._plot
        y = self._bands_h - 3 - BAND_H
        for label, spans in self.chart.bands:
            canvas.setFillColor(MUTED)
            canvas.drawRightString(left - 3, y + 0.5, label)
            canvas.setFillColor(BAND_BG)  # "not tagged" where no state covers the row
            canvas.rect(left, y, right - left, BAND_H, stroke=0, fill=1)
            for span in spans:
                x0, x1 = self._x(max(span.start, self._first)), self._x(min(span.end, self._last))
                canvas.setFillColor(colors.HexColor(span.colour))
                canvas.rect(x0, y, max(x1 - x0, 1.2), BAND_H, stroke=0, fill=1)
                if span.second is not None:  # a second state: the lower half of the strip
                    canvas.setFillColor(colors.HexColor(span.second))
                    canvas.rect(x0, y, max(x1 - x0, 1.2), BAND_H / 2, stroke=0, fill=1)
            y -= BAND_H + BAND_GAP

    def _legend(self) -> None:
        canvas = self.canv
        left, _b, _r, _t = self._plot
        y = self.height - LEGEND_H / 2 - 1
        x = left
        for series in self.chart.series:
            colour = colors.HexColor(series.colour)
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(1.1)
            if series.dashed:
                canvas.setDash(3, 2)
            canvas.line(x, y, x + 14, y)
            canvas.setDash()
            canvas.setFillColor(colors.white if series.dashed else colour)
            canvas.setLineWidth(0.8)
            canvas.circle(x + 7, y, 1.9, stroke=1, fill=1)
            canvas.setFillColor(INK)
            canvas.drawString(x + 17, y - FONT_SIZE * 0.35, series.label)
            x += 22 + canvas.stringWidth(series.label, REGULAR, FONT_SIZE) + 8
        if self.chart.sessions:
            canvas.setStrokeColor(SESSION_COLOUR)
            canvas.setLineWidth(0.8)
            canvas.line(x, y - 2, x, y + 2)
            canvas.setFillColor(INK)
            canvas.drawString(x + 4, y - FONT_SIZE * 0.35, "session")
            x += 4 + canvas.stringWidth("session", REGULAR, FONT_SIZE) + 10
        if self.chart.flags:
            canvas.setFillColor(FLAG_COLOUR)
            path = canvas.beginPath()
            path.moveTo(x - 2.6, y + 2.5)
            path.lineTo(x + 2.6, y + 2.5)
            path.lineTo(x, y - 2)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
            canvas.setFillColor(INK)
            canvas.drawString(x + 5, y - FONT_SIZE * 0.35, "rising after activation")
