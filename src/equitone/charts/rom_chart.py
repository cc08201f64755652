"""Range of motion over time: one series per muscle side and named length test, drawn in the
test's unit with its normal limit, so a clinician sees the value against normal and whether
it moves towards it. A thin view over `TrendData.rom` (domain.trends.rom_series).

One test at a time: two tests measure different things in different units (a Thomas test in
degrees against the horizontal, a craniocervical flexion test in mmHg), so they never share
an axis. The series of both sides for that test are drawn together.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from equitone.domain.length_tests import LengthTest, length_tests
from equitone.domain.trends import RomKey, RomPoint, TrendData, display_name, rom_series

from .axis import CalendarAxis
from .calendar import noon
from .prepared import DAY_S
from .style import ROM_NORMAL_COLOUR, ROM_SIDE_COLOURS

_UNITS = {"degrees": "°", "mmHg": "mmHg", "mm": "mm"}


def rom_choices(data: TrendData) -> list[tuple[str, str]]:
    """(muscle slug, test id) pairs with a series, and their labels, in the data's order."""
    seen: dict[tuple[str, str], None] = {}
    for muscle, _side, test in rom_series(data):
        seen[(muscle, test)] = None
    return list(seen)


def choice_label(muscle: str, test: LengthTest | None, names: dict[str, str]) -> str:
    name = display_name(muscle, names)
    return f"{name[:1].upper()}{name[1:]} — {test.name if test else '?'}"


class RomChart(QWidget):
    """A test chooser over a plot of that test's series (left and right) with the normal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: TrendData | None = None
        self._series: dict[RomKey, list[RomPoint]] = {}
        self.chooser = QComboBox()
        self.chooser.setObjectName("romTest")
        self.chooser.setToolTip("Which muscle and length test to chart")
        self.caption = QLabel()
        self.caption.setObjectName("romCaption")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: #555;")
        self.plot = pg.PlotWidget(axisItems={"bottom": CalendarAxis()})
        self.plot.setObjectName("romPlot")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.25)
        self.plot.addLegend(offset=(10, 10))
        self.plot.setMinimumSize(420, 280)
        top = QHBoxLayout()
        top.addWidget(QLabel("Length test"))
        top.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        self.chooser.currentIndexChanged.connect(lambda _i: self._draw())

    def set_data(self, data: TrendData) -> None:
        """Show `data`'s ranges of motion, keeping the chosen test when it is still there."""
        kept = self.chooser.currentData()
        self._data = data
        self._series = rom_series(data)
        tests = length_tests()
        self.chooser.blockSignals(True)
        try:
            self.chooser.clear()
            for muscle, test in rom_choices(data):
                names = dict(data.muscle_names)
                self.chooser.addItem(choice_label(muscle, tests.get(test), names),
                                     (muscle, test))
            index = self.chooser.findData(kept) if kept is not None else -1
            self.chooser.setCurrentIndex(max(index, 0))
        finally:
            self.chooser.blockSignals(False)
        self._draw()

    def shown_series(self) -> list[RomKey]:
        """The series on the plot now (tests, accessibility)."""
        chosen = self.chooser.currentData()
        if chosen is None:
            return []
        return [k for k in self._series if (k[0], k[2]) == tuple(chosen)]

    def _draw(self) -> None:
        self.plot.clear()
        keys = self.shown_series()
        if not keys:
            self.caption.setText("No range of motion was recorded against a named length "
                                 "test yet.")
            return
        test = length_tests().get(keys[0][2])
        xs_all: list[float] = []
        for key in keys:
            points = self._series[key]
            xs = [noon(p.day) for p in points]
            ys = [float(p.value) for p in points]
            xs_all += xs
            colour = ROM_SIDE_COLOURS[key[1]]
            self.plot.plot(xs, ys, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=7,
                           symbolBrush=colour, symbolPen=pg.mkPen(colour),
                           name=key[1].value.capitalize())
        if test is not None:
            self._normal(test, xs_all)
            self.plot.setLabel("left", f"{test.name} ({_UNITS[test.unit]})")
            self.caption.setText(f"{test.measured}. {test.sign}. Normal {test.normal_text}.")

    def _normal(self, test: LengthTest, xs: Sequence[float]) -> None:
        pen = QPen(QColor(ROM_NORMAL_COLOUR), 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        line = pg.InfiniteLine(pos=test.normal, angle=0, pen=pen,
                               label=f"normal {test.normal_text}",
                               labelOpts={"position": 0.02, "color": ROM_NORMAL_COLOUR,
                                          "anchors": [(0, 1), (0, 1)]})
        self.plot.addItem(line)
        values = [p.value for k in self.shown_series() for p in self._series[k]]
        low = min([*values, test.normal])
        high = max([*values, test.normal])
        pad = max(2.0, (high - low) * 0.15)
        self.plot.setYRange(low - pad, high + pad, padding=0)
        if xs:
            self.plot.setXRange(min(xs) - 7 * DAY_S, max(xs) + 7 * DAY_S, padding=0)
