"""A lean plot cell: a ViewBox with a left axis, an optional bottom axis and a title.

pyqtgraph's PlotItem builds a "Plot Options" form and a ViewBox context menu for every plot,
plus hidden top and right axes that still follow each range change: ~14 ms per plot to build
here, and small multiples make two plots per muscle. The trend charts use none of that, so
each plot is assembled from the parts it shows (~1 ms).
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsItem

TITLE_ROW_PX = 26


class Caption(pg.LabelItem):  # type: ignore[misc]
    """A LabelItem that never widens the layout: a long legend or title is cut at the edge of
    the view instead of pushing every plot past it (pyqtgraph makes a label's text width its
    minimum width, so one long title pushed the charts out of sight on a narrow window)."""

    def updateMin(self) -> None:  # pyqtgraph's name
        super().updateMin()
        self.setMinimumWidth(0)
        height = self._sizeHint[Qt.SizeHint.MinimumSize][1]
        self._sizeHint[Qt.SizeHint.MinimumSize] = (0, height)


class LightPlot(pg.GraphicsWidget):  # type: ignore[misc]
    """The subset of PlotItem's interface the trend canvas uses, with the same names."""

    def __init__(self, bottom: pg.AxisItem | None = None) -> None:
        super().__init__()
        grid = QGraphicsGridLayout()
        grid.setContentsMargins(1, 1, 1, 1)
        grid.setHorizontalSpacing(0)
        grid.setVerticalSpacing(0)
        self.setLayout(grid)
        self.grid = grid
        self.vb = pg.ViewBox(parent=self, enableMenu=False)
        # PlotItem's ViewBox has an invisible (NoPen) border whose closed path the SVG export
        # cannot parse ('Z'); no border at all draws the same and exports
        self.vb.border = None
        self.sigXRangeChanged = self.vb.sigXRangeChanged
        self.titleLabel = Caption("", size="10pt", parent=self)
        self.items: list[QGraphicsItem] = []
        self._axes: dict[str, pg.AxisItem] = {"left": pg.AxisItem("left", parent=self)}
        if bottom is not None:
            self._axes["bottom"] = bottom
        grid.addItem(self.titleLabel, 0, 1)
        grid.addItem(self.vb, 1, 1)
        for name, (row, col) in (("left", (1, 0)), ("bottom", (2, 1))):
            axis = self._axes.get(name)
            if axis is not None:
                axis.linkToView(self.vb)
                axis.setZValue(0.5)
                grid.addItem(axis, row, col)
        for i in range(3):
            grid.setRowMinimumHeight(i, 0)
            grid.setRowPreferredHeight(i, 0)
            grid.setRowSpacing(i, 0)
        for i in range(2):
            grid.setColumnMinimumWidth(i, 0)
            grid.setColumnPreferredWidth(i, 0)
            grid.setColumnSpacing(i, 0)
        grid.setRowStretchFactor(1, 100)
        grid.setColumnStretchFactor(1, 100)
        self.setTitle(None)

    # ------------------------------------------------------------------ PlotItem's names

    def getViewBox(self) -> pg.ViewBox:  # pyqtgraph's name
        return self.vb

    def getAxis(self, name: str) -> pg.AxisItem:  # pyqtgraph's name
        return self._axes[name]

    def addItem(self, item: QGraphicsItem, *, ignoreBounds: bool = False) -> None:  # noqa: N803
        self.items.append(item)
        self.vb.addItem(item, ignoreBounds=ignoreBounds)

    def setTitle(self, title: str | None = None, **args: Any) -> None:  # pyqtgraph's name
        if title is None:
            self.titleLabel.setVisible(False)
            self.titleLabel.setMaximumHeight(0)
            self.grid.setRowFixedHeight(0, 0)
            return
        self.titleLabel.setMaximumHeight(TITLE_ROW_PX)
        self.grid.setRowFixedHeight(0, TITLE_ROW_PX)
        self.titleLabel.setVisible(True)
        self.titleLabel.setText(title, **args)

    def setLabel(self, axis: str, text: str, **args: Any) -> None:  # pyqtgraph's name
        self._axes[axis].setLabel(text, **args)

    def showGrid(self, *, y: bool, alpha: float) -> None:  # pyqtgraph's name
        """Horizontal grid lines only (a date axis's vertical grid is drawn per tick level)."""
        self._axes["left"].setGrid(int(alpha * 255) if y else False)

    def setXRange(self, lo: float, hi: float, padding: float = 0.0) -> None:  # pyqtgraph's name
        self.vb.setXRange(lo, hi, padding=padding)

    def setYRange(self, lo: float, hi: float, padding: float = 0.0) -> None:  # pyqtgraph's name
        self.vb.setYRange(lo, hi, padding=padding)

    def setXLink(self, other: LightPlot) -> None:  # pyqtgraph's name
        self.vb.setXLink(other.vb)
