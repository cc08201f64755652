"""The time axis of the trend charts: calendar ticks (calendar.py) on a pyqtgraph AxisItem."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

from .calendar import Unit, calendar_ticks, label_kind, step_seconds, tick_labels, widest_labels

OVERFLOW_PX = 30  # a label may reach this far past the axis ends (the left axis is there)


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
        if font is not None:
            self.setStyle(tickFont=font)

    def setStyle(self, **kwargs: Any) -> None:  # pyqtgraph's name
        super().setStyle(**kwargs)
        self._label_px = None  # the font may have changed

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
