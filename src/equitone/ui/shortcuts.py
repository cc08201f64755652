"""Keyboard shortcuts for the actions built before the window's first paint."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence


def set_shortcut(action: QAction, key: QKeySequence | QKeySequence.StandardKey | str) -> None:
    """`action.setShortcut(key)`, by way of `setShortcuts`: PySide6 matches setShortcut's
    arguments against `Qt.Key` too, and the first use of the Qt namespace builds all of its ~100
    enum classes (~13 ms), which the menus' actions would otherwise pay before the first paint.
    (A standard key gives its first binding, as setShortcut does.)"""
    action.setShortcuts([QKeySequence(key)])
