"""The muscle-side chooser beside the chart: a filterable check list with quick picks.

Each muscle side is its own line (left and right are separate series), shown with the
curve's colour, line style and symbol so the list doubles as the chart's legend.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.trends import SeriesKey

KEY_ROLE = Qt.ItemDataRole.UserRole


class SeriesChooser(QWidget):
    """Signals: `changed` when the clinician changes what is checked (never for changes
    made by code); `reset_requested` for "Tagged at last assessment"."""

    changed = Signal()
    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setObjectName("trendFilter")
        self.filter.setPlaceholderText("Filter muscles")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.list = QListWidget()
        self.list.setObjectName("trendSeries")
        self.list.setMinimumWidth(210)
        self.list.itemChanged.connect(self._on_item_changed)
        self.tagged = QPushButton("Tagged at last assessment")
        self.tagged.setToolTip("Show the muscle sides tagged at the latest assessment (Ctrl+T)")
        self.tagged.clicked.connect(self.reset_requested)
        self.all = QPushButton("All")
        self.all.setToolTip("Check every muscle side in the list (the filtered ones only, "
                            "while a filter is set)")
        self.all.clicked.connect(lambda: self._check_visible(True))
        self.none = QPushButton("None")
        self.none.setToolTip("Uncheck every muscle side in the list")
        self.none.clicked.connect(lambda: self._check_visible(False))
        self.both = QPushButton("Both sides")
        self.both.setToolTip("Add the other side of every checked muscle")
        self.both.clicked.connect(self._both_sides)
        title = QLabel("Muscle sides")
        title.setStyleSheet("font-weight: bold;")
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.tagged, 0, 0, 1, 3)
        buttons.addWidget(self.all, 1, 0)
        buttons.addWidget(self.none, 1, 1)
        buttons.addWidget(self.both, 1, 2)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(title)
        column.addWidget(self.filter)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)

    # ------------------------------------------------------------------ content

    def set_series(self, entries: Iterable[tuple[SeriesKey, str, QIcon]]) -> None:
        """Replace the list: (key, label, legend icon) per muscle side, all unchecked."""
        self.list.blockSignals(True)
        self.list.clear()
        for key, label, icon in entries:
            item = QListWidgetItem(icon, label)
            item.setData(KEY_ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._apply_filter(self.filter.text())

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def checked(self) -> list[SeriesKey]:
        return [item.data(KEY_ROLE) for item in self.items()
                if item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, keys: Sequence[SeriesKey]) -> None:
        """Check exactly `keys` (no `changed` signal: the caller redraws)."""
        wanted = set(keys)
        self.list.blockSignals(True)
        for item in self.items():
            on = item.data(KEY_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)

    # ------------------------------------------------------------------ clinician's actions

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self.changed.emit()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for item in self.items():
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _check_visible(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for item in self.items():
            if not item.isHidden():
                item.setCheckState(state)
        self.list.blockSignals(False)
        self.changed.emit()  # one redraw, not one per line

    def _both_sides(self) -> None:
        muscles = {muscle for muscle, _side in self.checked()}
        self.list.blockSignals(True)
        for item in self.items():
            if item.data(KEY_ROLE)[0] in muscles:
                item.setCheckState(Qt.CheckState.Checked)
        self.list.blockSignals(False)
        self.changed.emit()
