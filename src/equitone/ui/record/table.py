"""The shared shape of the visit's entry tables: a row per block or muscle side, typed into
from the keyboard (any key starts editing, Enter or Tab commits), the last column stretched."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


class RecordTable(QTableWidget):
    """`problem(str)` when an entry is refused; `saved(object)` when one is stored."""

    problem = Signal(str)
    saved = Signal(object)

    def __init__(self, name: str, columns: Sequence[str]) -> None:
        super().__init__(0, len(columns))
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(list(columns))
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.horizontalHeader()
        for column in range(len(columns) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._filling = False

    def fit_rows(self, most: int = 6) -> None:
        """As tall as its rows (up to `most`, then it scrolls): a short list leaves no gap."""
        rows = min(self.rowCount(), most)
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(rows))
        self.setFixedHeight(height + 2)
