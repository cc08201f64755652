"""The patient list as a Qt item model, filtered in memory for instant search.

The window is built and painted before the list is filled, so nothing here names the Qt
namespace until the list has data: the first use of `Qt` builds all of its ~100 enum classes
(~13 ms), and a model with columns is asked for its header (which hands a `Qt.Orientation` to
Python) while the window is laid out. The model therefore has no columns until it is first
given patients, and the roles it answers are Qt's numbers (tests/ui/test_main_window.py checks
them against `Qt.ItemDataRole`).
"""

from __future__ import annotations

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
    def __init__(self) -> None:
        super().__init__()
        self._patients: list[Patient] = []
        self._filled = False  # no columns before the first list (see the module docstring)

    def set_patients(self, patients: list[Patient]) -> None:
        self.beginResetModel()
        self._patients = list(patients)
        self._filled = True
        self.endResetModel()

    def upsert(self, patient: Patient) -> None:
        if not self._filled:
            self.set_patients([patient])
            return
        for row, existing in enumerate(self._patients):
            if existing.id == patient.id:
                self._patients[row] = patient
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return
        row = len(self._patients)
        self.beginInsertRows(QModelIndex(), row, row)
        self._patients.append(patient)
        self.endInsertRows()

    def row_of(self, patient_id: int) -> int:
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


def patient_at(index: Index) -> Patient | None:
    """The patient a row of the list (or of its filter) shows; None for no row."""
    patient: Patient | None = index.data(PATIENT_ROLE) if index.isValid() else None
    return patient


def _format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


class PatientFilterModel(QSortFilterProxyModel):
    """Matches every word typed against name, phone, e-mail and notes (case-insensitive)."""

    def __init__(self) -> None:
        super().__init__()
        self._needle = ""

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10 deprecates invalidateFilter()
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.10 (PySide6 6.8/6.9 on Python 3.11)
            self._needle = needle
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        from equitone.domain.patients import matches

        model = self.sourceModel()
        patient = model.data(model.index(source_row, 0, source_parent), PATIENT_ROLE)
        return patient is not None and matches(patient, self._needle)
