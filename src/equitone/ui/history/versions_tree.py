"""Assessments and sessions with their versions: the current version on top, the versions it
replaced beneath it, each with who created it and who signed or delivered it, and when."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from equitone.domain.trends import format_day
from equitone.services.audit_words import local_time
from equitone.services.versions import VersionInfo

HEADERS = ("Record", "Version", "Status", "Created", "By", "Signed / delivered", "By")
ROLE = Qt.ItemDataRole.UserRole


def _when(info: VersionInfo, locked: bool) -> str:
    """This computer's time (the trail keeps UTC)."""
    value = info.locked_at if locked else info.created_at
    return local_time(value) if value is not None else ""


class VersionsTree(QTreeWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("versionsTree")
        self.setColumnCount(len(HEADERS))
        self.setHeaderLabels(list(HEADERS))
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self._groups: dict[str, QTreeWidgetItem] = {}

    def selected(self) -> VersionInfo | None:
        items = self.selectedItems()
        value = items[0].data(0, ROLE) if items else None
        return value if isinstance(value, VersionInfo) else None

    def show_versions(
        self, assessments: list[list[VersionInfo]], sessions: list[list[VersionInfo]]
    ) -> None:
        chosen = self.selected()
        self.clear()
        self._groups = {}
        for kind, title, chains in (("assessment", "Assessments", assessments),
                                    ("session", "Sessions", sessions)):
            group = QTreeWidgetItem([f"{title} ({len(chains)})"])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(group)
            self._groups[kind] = group
            for chain in chains:
                newest = chain[-1]
                top = self._item(newest)
                group.addChild(top)
                for older in reversed(chain[:-1]):
                    top.addChild(self._item(older))
            group.setExpanded(True)
        for column in range(len(HEADERS)):
            self.resizeColumnToContents(column)
        if chosen is not None:
            self.select(chosen.kind, chosen.id)

    def _item(self, info: VersionInfo) -> QTreeWidgetItem:
        label = f"{info.kind.capitalize()} of {format_day(info.day)}"
        status = info.status + ("" if info.current else ", replaced")
        item = QTreeWidgetItem([
            label, str(info.version), status, _when(info, False), info.created_by,
            _when(info, True), info.locked_by,
        ])
        item.setData(0, ROLE, info)
        tip = f"{info.kind.capitalize()} {info.id}"
        if info.supersedes_id is not None:
            tip += (f"; amends assessment {info.supersedes_id}" if info.kind == "assessment"
                    else f"; new version of session {info.supersedes_id}")
        item.setToolTip(0, tip)
        if not info.current:
            for column in range(len(HEADERS)):
                item.setForeground(column, QBrush(QColor("#777777")))
        if info.read_only:  # words, not a lock emoji: the shipped fonts have no emoji
            item.setText(2, f"{status} (read-only)")
        if info.current and info.version > 1:
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(1, font)
        return item

    def select(self, kind: str, record_id: int) -> bool:
        group = self._groups.get(kind)
        if group is None:
            return False
        stack: list[QTreeWidgetItem] = [group]
        while stack:
            item = stack.pop()
            info = item.data(0, ROLE)
            if isinstance(info, VersionInfo) and info.id == record_id:
                self.setCurrentItem(item)
                return True
            for i in range(item.childCount()):
                child = item.child(i)
                if child is not None:
                    stack.append(child)
        return False
