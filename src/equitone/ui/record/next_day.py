"""The next-day report: for each muscle side the session activated, how it felt the
following days — tight, sore 0-10, "barely firing" — as the patient tells it at the next
contact or on the phone. A row is saved when one of its cells changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableWidgetItem

from equitone.domain.catalog import Catalog
from equitone.domain.types import Side
from equitone.domain.visit_record import NextDayReport
from equitone.errors import EquitoneError
from equitone.ui.record.responses import parse_score
from equitone.ui.record.table import RecordTable

COLUMNS = ("Muscle", "Tight", "Sore 0–10", "Barely firing", "Note")
TIGHT, SORE, FIRING, NOTE = 1, 2, 3, 4

Save = Callable[[NextDayReport], NextDayReport]


class NextDayTable(RecordTable):
    def __init__(self) -> None:
        super().__init__("nextDayTable", COLUMNS)
        self.save: Save | None = None
        self.reported_on = date.today()
        self._keys: list[tuple[str, Side]] = []
        self.itemChanged.connect(self._item_changed)

    def show_sides(self, sides: Sequence[tuple[str, Side]], catalog: Catalog,
                   reports: Sequence[NextDayReport], reported_on: date) -> None:
        by_key = {r.key: r for r in reports}
        self.reported_on = reported_on
        self._filling = True
        try:
            self.setRowCount(len(sides))
            self._keys = list(sides)
            for row, (muscle, side) in enumerate(sides):
                record = catalog.muscles.get(muscle)
                name = QTableWidgetItem(f"{record.name if record else muscle} {side.value}")
                name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.setItem(row, 0, name)
                self._show_row(row, by_key.get((muscle, side)))
        finally:
            self._filling = False

    def _check(self, on: bool) -> QTableWidgetItem:
        item = QTableWidgetItem()
        item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                      & ~Qt.ItemFlag.ItemIsEditable)
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        return item

    def _show_row(self, row: int, report: NextDayReport | None) -> None:
        self.setItem(row, TIGHT, self._check(report is not None and report.tight))
        sore = "" if report is None or report.sore is None else str(report.sore)
        self.setItem(row, SORE, QTableWidgetItem(sore))
        self.setItem(row, FIRING, self._check(report is not None and report.barely_firing))
        self.setItem(row, NOTE, QTableWidgetItem(report.note if report else ""))

    def report_of(self, row: int) -> NextDayReport:
        muscle, side = self._keys[row]

        def checked(column: int) -> bool:
            item = self.item(row, column)
            return item is not None and item.checkState() is Qt.CheckState.Checked

        def text(column: int) -> str:
            item = self.item(row, column)
            return item.text() if item is not None else ""

        return NextDayReport(muscle, side, self.reported_on, checked(TIGHT),
                             parse_score(text(SORE), "soreness"), checked(FIRING), text(NOTE))

    def keyPressEvent(self, event: object) -> None:

        assert isinstance(event, QKeyEvent)
        item = self.currentItem()
        if (event.key() == Qt.Key.Key_Space and item is not None
                and item.column() in (TIGHT, FIRING)):
            on = item.checkState() is Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.save is None or item.column() == 0:
            return
        row = item.row()
        try:
            stored = self.save(self.report_of(row))
        except (ValueError, EquitoneError) as exc:
            self.problem.emit(str(exc))
            return
        self.saved.emit(stored)
