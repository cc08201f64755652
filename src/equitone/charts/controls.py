"""The chart's commands as actions with keyboard shortcuts, and the toolbar that shows them.

Shortcuts are scoped to the chart (Qt.WidgetWithChildrenShortcut): they work while the
focus is anywhere inside it and never clash with the window's own (Ctrl+E edit patient,
Ctrl+Shift+E export PDF, Ctrl+P print, …) or with another tab's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from .prepared import PRESET_DAYS

PRESET_LABELS = {"3m": "3 months", "6m": "6 months", "1y": "1 year", "all": "All"}
PRESET_KEYS = {"3m": "Ctrl+1", "6m": "Ctrl+2", "1y": "Ctrl+3", "all": "Ctrl+4"}


@dataclass(frozen=True, slots=True)
class Handlers:
    preset: Callable[[str], None]
    multiples: Callable[[bool], None]
    export: Callable[[str], None]  # "png" | "svg" | "csv"
    copy: Callable[[], None]
    tagged: Callable[[], None]


class ChartActions:
    """Every command of the chart as a QAction on `owner` (so its shortcut works there)."""

    def __init__(self, owner: QWidget, handlers: Handlers) -> None:
        self.owner = owner

        def make(text: str, keys: str | None, slot: Callable[[], None], tip: str,
                 checkable: bool = False) -> QAction:
            action = QAction(text, owner)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
                tip = f"{tip} ({native})"
            action.setToolTip(tip)
            action.setCheckable(checkable)
            action.triggered.connect(lambda _checked=False: slot())
            owner.addAction(action)
            return action

        self.presets: dict[str, QAction] = {}
        group = QActionGroup(owner)
        group.setExclusive(True)
        for key in PRESET_DAYS:
            label = PRESET_LABELS[key]
            tip = "Everything recorded" if key == "all" else f"The last {label}"
            action = make(label, PRESET_KEYS[key], _bind(handlers.preset, key), tip, True)
            group.addAction(action)
            self.presets[key] = action
        self.presets["all"].setChecked(True)
        self.multiples = make(
            "One chart per muscle", "Ctrl+M",
            lambda: handlers.multiples(self.multiples.isChecked()),
            "Small multiples: one small chart per muscle, both sides together", True,
        )
        self.export_png = make("Image (PNG)…", "Ctrl+Shift+I", lambda: handlers.export("png"),
                               "Save the chart as a PNG image")
        self.export_svg = make("Vector image (SVG)…", "Ctrl+Shift+G",
                               lambda: handlers.export("svg"),
                               "Save the chart as an SVG vector image")
        self.export_csv = make("Data (CSV)…", "Ctrl+Shift+D", lambda: handlers.export("csv"),
                               "Save the shown series as CSV (date, muscle, side, state, "
                               "tightness)")
        self.copy = make("Copy chart", "Ctrl+Shift+C", handlers.copy,
                         "Copy the chart image (and its data as text) to the clipboard")
        self.tagged = make("Tagged at last assessment", "Ctrl+T", handlers.tagged,
                           "Show the muscle sides tagged at the latest assessment")

    def toolbar(self) -> QHBoxLayout:
        """Range presets, the small-multiples toggle and the Export menu, as buttons."""
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:"))
        for action in self.presets.values():
            row.addWidget(_button(action))
        row.addSpacing(16)
        row.addWidget(_button(self.multiples))
        row.addStretch(1)
        export = QToolButton()
        export.setObjectName("trendExport")
        export.setText("Export")
        export.setToolTip("Save the chart as PNG or SVG, its data as CSV, or copy it")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        for action in (self.export_png, self.export_svg, self.export_csv):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.copy)
        export.setMenu(menu)
        self.export_button = export
        row.addWidget(export)
        return row


def _bind(slot: Callable[[str], None], value: str) -> Callable[[], None]:
    return lambda: slot(value)


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
