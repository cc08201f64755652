"""The audit trail as a read-only table model (newest first)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from equitone.domain.catalog import Catalog
from equitone.services.audit import AuditEntry, summary
from equitone.services.audit_words import RecordNames, local_time, record_label, who

COLUMNS = ("When", "Who", "Record", "Action", "Change")

_ACTIONS = {
    "create": "created", "update": "changed", "delete": "deleted", "sign": "signed",
    "amend": "amended", "new-version": "new version", "archive": "archived",
    "unarchive": "restored", "deliver": "delivered", "status": "status",
    "bulk-insert": "bulk load",
}

Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    def __init__(self, catalog: Catalog | None = None) -> None:
        super().__init__()
        self._entries: list[AuditEntry] = []
        self._summaries: list[str] = []
        self._catalog = catalog
        self._names = RecordNames()

    def set_entries(self, entries: list[AuditEntry], names: RecordNames | None = None) -> None:
        """`names`: the patients, visits and clinicians the entries are about (without them
        the records are named by id)."""
        self.beginResetModel()
        self._entries = list(entries)
        self._names = names or RecordNames()
        self._summaries = [summary(e, self._catalog) for e in self._entries]
        self.endResetModel()

    def entry(self, row: int) -> AuditEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return local_time(entry.at_utc)
            if column == 1:
                return who(entry, self._names)
            if column == 2:
                return record_label(entry, self._names)
            if column == 3:
                return _ACTIONS.get(entry.action, entry.action)
            if column == 4:
                text = self._summaries[index.row()]
                return f"{text}  [{entry.note}]" if entry.note else text
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return self._summaries[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{entry.at_utc:%Y-%m-%d %H:%M:%S} UTC"
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return f"Workstation account: {entry.actor}"
        return None
