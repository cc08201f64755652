"""A column that fills the height it is given and scrolls only below its minimum.

QScrollArea's resizable mode sizes a column holding word-wrapped labels by its *preferred*
height for the width (the layout has height-for-width), so on a short screen every text box
grew to its preferred size and the column scrolled even where the boxes could simply have
been smaller. This area gives the column the viewport's height, never less than the column's
minimum: the boxes shrink first, and only a screen too short for their minimum scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QWidget


class FittingScrollArea(QScrollArea):
    def __init__(self, column: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(column)
        column.installEventFilter(self)  # a box shown or hidden changes the column's minimum

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        column = self.widget()
        if column is None:
            return
        viewport = self.viewport()  # its width leaves a shown scroll bar its room
        column.resize(viewport.width(),
                      max(viewport.height(), column.minimumSizeHint().height()))
