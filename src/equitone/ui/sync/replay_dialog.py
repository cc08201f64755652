"""The list of changes that waited for the server when Equitone last stopped (or that a
recovery file holds): what, for whom, when — in the clinician's words, never internal keys —
each with a tick. "Save all" or "Save ticked" answers which to write; the unticked ones are
declined (kept in a readable file). "Later" writes nothing and asks again next time."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from equitone.services.replay import Shown

COLUMNS = ("Change", "Patient", "Made")


@dataclass(frozen=True, slots=True)
class ReplayChoice:
    save: tuple[str, ...]  # entry ids, in the order they were made
    decline: tuple[str, ...]


def intro(count: int, source: str) -> str:
    many = count != 1
    return (f"{count} change{'s' if many else ''} made {source} "
            f"{'were' if many else 'was'} not saved in the database yet. Tick the ones to "
            "save now: each is checked against the record as it is stored, like any edit. "
            "Unticked ones are not saved; they are kept in a file, and you are told where.")


class ReplayDialog(QDialog):
    def __init__(self, shown: list[Shown], source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changes not saved yet")
        self.setObjectName("replayDialog")
        self.resize(760, 380)
        layout = QVBoxLayout(self)
        text = QLabel(intro(len(shown), source))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(list(COLUMNS))
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        for entry in shown:
            item = QTreeWidgetItem([entry.what, entry.whom, entry.when])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            item.setCheckState(0, Qt.CheckState.Checked if entry.replayable
                               else Qt.CheckState.Unchecked)
            if not entry.replayable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setToolTip(0, "This kind of change is not saved again from the file: "
                                   "it is kept in the file, to be made again by hand.")
            self.list.addTopLevelItem(item)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.save_all = buttons.addButton("Save all", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_ticked = buttons.addButton("Save ticked",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.later = buttons.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_all.clicked.connect(self._all)
        self.save_ticked.clicked.connect(self.accept)
        self.later.clicked.connect(self.reject)
        self.save_all.setDefault(True)
        layout.addWidget(buttons)

    def items(self) -> list[QTreeWidgetItem]:
        found = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item for item in found if item is not None]

    def _all(self) -> None:
        for item in self.items():
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(0, Qt.CheckState.Checked)
        self.accept()

    def answer(self) -> ReplayChoice:
        save: list[str] = []
        decline: list[str] = []
        for item in self.items():
            entry_id = str(item.data(0, Qt.ItemDataRole.UserRole))
            (save if item.checkState(0) == Qt.CheckState.Checked else decline).append(entry_id)
        return ReplayChoice(tuple(save), tuple(decline))
