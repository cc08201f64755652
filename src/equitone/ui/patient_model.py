"""The patient list as a Qt item model, filtered in memory for instant search.

The window is built and painted before the list is filled, so nothing here names the Qt
namespace until the list has data: the first use of `Qt` builds all of its ~100 enum classes
(~13 ms), and a model with columns is asked for its header (which hands a `Qt.Orientation` to
Python) while the window is laid out. The model therefore has no columns until it is first
given patients, and the roles it answers are Qt's numbers (tests/ui/test_main_window.py checks
them against `Qt.ItemDataRole`).
"""

from __future__ import annotations

import bisect
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    # Imported lazily at run time: the list is filled after the window's first paint, and
    # the domain's dataclasses are a measurable share of the time before it.
    from equitone.domain.patients import Patient

Index = QModelIndex | QPersistentModelIndex
# Qt::ItemDataRole by number (see the module docstring).
DISPLAY_ROLE, TOOLTIP_ROLE, FOREGROUND_ROLE, USER_ROLE = 0, 3, 9, 0x0100
PATIENT_ROLE = USER_ROLE + 1
COLUMNS = ("Name", "Born", "Phone")


class PatientTableModel(QAbstractTableModel):
    """Every patient read (``total()``), of whom the rows show those matching the search.

    The search is answered here, in one pass over the patients' stored keys, and the rows are
    replaced at once: a filter proxy asks Python about each of 10,000 rows on every keystroke,
    which alone took longer than the 30 ms a keystroke may take (benchmarks/bench_search.py).
    """

    def __init__(self) -> None:
        super().__init__()
        self._all: list[Patient] = []  # in the list's order
        self._order: list[tuple[str, int]] | None = None  # their sort keys, once needed
        self._words: tuple[str, ...] = ()
        self._patients: list[Patient] = []  # the rows: those of _all matching _words
        self._filled = False  # no columns before the first list (see the module docstring)

    def set_patients(self, patients: list[Patient]) -> None:
        """``patients`` in the list's order (services.patients.list_patients sorts them)."""
        self.beginResetModel()
        self._all = list(patients)
        self._order = None
        self._patients = self._matching()
        self._filled = True
        self.endResetModel()

    def set_search(self, words: tuple[str, ...]) -> None:
        """Show the patients whose search key holds every word (domain/search_key.needle)."""
        if words == self._words:
            return
        self.beginResetModel()
        self._words = words
        self._patients = self._matching()
        self.endResetModel()

    def total(self) -> int:
        return len(self._all)

    def name_of(self, patient_id: int) -> str | None:
        return next((p.name for p in self._all if p.id == patient_id), None)

    def holds(self, patient_id: int) -> bool:
        """Whether the patient was read into the list (shown or not by the search)."""
        return any(p.id == patient_id for p in self._all)

    def upsert(self, patient: Patient) -> None:
        """Show a created or changed patient where the name sorts (Élodie among the E's)."""
        if not self._filled:
            self.set_patients([patient])
            return
        order = self._orders()
        at = next((i for i, p in enumerate(self._all) if p.id == patient.id), -1)
        if at >= 0:
            del self._all[at], order[at]
        at = bisect.bisect(order, _order(patient))
        self._all.insert(at, patient)
        order.insert(at, _order(patient))
        self._show(self._matching())

    def remove(self, patient_id: int) -> None:
        """Take a patient off the list (archived while the list shows active ones only)."""
        at = next((i for i, p in enumerate(self._all) if p.id == patient_id), -1)
        if at < 0:
            return
        del self._all[at]
        if self._order is not None:
            del self._order[at]
        self._show(self._matching())

    def _orders(self) -> list[tuple[str, int]]:
        if self._order is None:
            self._order = [_order(p) for p in self._all]
        return self._order

    def _matching(self) -> list[Patient]:
        words = self._words
        if not words:
            return list(self._all)
        return [p for p in self._all if all(word in p.key() for word in words)]

    def _show(self, rows: list[Patient]) -> None:
        """Change the rows to ``rows`` one row at a time (a selection on the others stays):
        rows that went or moved are removed, then the new and moved ones inserted."""
        wanted = {p.id: n for n, p in enumerate(rows)}
        for row in reversed(range(len(self._patients))):
            old = self._patients[row]
            new_row = wanted.get(old.id)
            if new_row is None or rows[new_row].name != old.name:  # gone, or moved
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._patients[row]
                self.endRemoveRows()
        for row, patient in enumerate(rows):
            shown = self._patients[row] if row < len(self._patients) else None
            if shown is not None and shown.id == patient.id:
                if shown is not patient:
                    self._patients[row] = patient
                    self.dataChanged.emit(self.index(row, 0),
                                          self.index(row, len(COLUMNS) - 1))
                continue
            self.beginInsertRows(QModelIndex(), row, row)
            self._patients.insert(row, patient)
            self.endInsertRows()

    def row_of(self, patient_id: int) -> int:
        """The row showing the patient (-1: not read, or hidden by the search)."""
        for row, patient in enumerate(self._patients):
            if patient.id == patient_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._patients)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._filled else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        from PySide6.QtCore import Qt

        if orientation == Qt.Orientation.Horizontal and role == DISPLAY_ROLE:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._patients):
            return None
        patient = self._patients[index.row()]
        column = index.column()
        if role == DISPLAY_ROLE:
            if column == 0:
                return patient.name + ("  (archived)" if patient.archived else "")
            if column == 1:
                return _format_date(patient.date_of_birth)
            return patient.phone
        if role == PATIENT_ROLE:
            return patient
        if role == TOOLTIP_ROLE and patient.notes:
            return patient.notes[:300]
        if role == FOREGROUND_ROLE and patient.archived:
            from PySide6.QtGui import QColor

            return QColor("#888888")
        return None


def _order(patient: Patient) -> tuple[str, int]:
    from equitone.domain.search_key import name_sort_key

    return name_sort_key(patient.name), patient.id


def patient_at(index: Index) -> Patient | None:
    """The patient a row of the list (or of its filter) shows; None for no row."""
    patient: Patient | None = index.data(PATIENT_ROLE) if index.isValid() else None
    return patient


def _format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


class PatientFilterModel(QSortFilterProxyModel):
    """The list as the table shows it. The search itself is the source model's
    (``PatientTableModel.set_search``): words typed are folded once, then matched against
    each patient's stored key, accents, case and punctuation ignored (domain/search_key.py)."""

    def set_search(self, text: str) -> None:
        from equitone.domain.search_key import needle

        model = self.sourceModel()
        assert isinstance(model, PatientTableModel)
        model.set_search(needle(text))
