"""Help → Guide (F1) and Help → Keyboard shortcuts (Ctrl+/): read offline, from the app.

The guide is a short page shipped with the program (resources/help/guide.html). The shortcut
list is gathered from the window's own actions when it is opened — so a new action with a
shortcut is listed without anyone remembering to — plus the keys that widgets handle
themselves (the body map's 1–6, the date fields' Alt+Down, …), which are no actions.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from equitone.resources_access import read_text

#: Keys that widgets handle themselves (no QAction to read them from), by where they work.
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Body map", "1 … 6", "Switch a state on or off for the selected muscles"),
    ("Body map", "0, Delete", "Clear the selected muscles' tags"),
    ("Body map", "Enter", "Write the note of the selected muscle"),
    ("Body map", "M", "Mirror the tag to the other side"),
    ("Body map", "Arrow keys", "Select the nearest muscle that way (Shift: add it)"),
    ("Body map", "+ / −, F", "Zoom in / out, fit the body"),
    ("Body map", "Space + drag, middle drag", "Pan"),
    ("Body map", "Escape", "Clear the selection"),
    ("Tag panel", "Ctrl+Enter", "Save the note now"),
    ("Date fields", "Alt+Down, F4", "Open the calendar"),
    ("Session", "Ctrl+L", "Search the exercise library"),
    ("Session", "Enter (in the library)", "Add the exercise found"),
    ("Session", "Menu key, Shift+F10", "The selected block's menu"),
    ("Lists and forms", "Tab / Shift+Tab", "Next / previous field"),
)


def _viewer(title: str, body: str, parent: QWidget | None) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.resize(640, 620)
    text = QTextBrowser(dialog)
    text.setObjectName("helpText")
    text.setOpenExternalLinks(False)  # offline: nothing to follow outside the program
    text.setHtml(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    return dialog


def guide_dialog(parent: QWidget | None = None) -> QDialog:
    return _viewer("Equitone guide", read_text("help", "guide.html"), parent)


def action_shortcuts(root: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every action under ``root`` that has a shortcut, sorted by name."""
    found: dict[tuple[str, str], None] = {}
    for action in root.findChildren(QAction):
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                         for k in action.shortcuts() if not k.isEmpty())
        name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
        name = name.removesuffix("…").strip()
        if keys and name:
            found[(name, keys)] = None
    return sorted(found, key=lambda item: item[0].casefold())


def shortcuts_dialog(root: QWidget, parent: QWidget | None = None) -> QDialog:
    rows = [("Menus and buttons", keys, what) for what, keys in action_shortcuts(root)]
    rows += list(WIDGET_KEYS)
    body = ["<h2>Keyboard shortcuts</h2><table cellspacing='0' cellpadding='3'>"]
    section = ""
    for where, keys, what in rows:
        if where != section:
            section = where
            body.append(f"<tr><td colspan='2'><h3>{html.escape(where)}</h3></td></tr>")
        body.append(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>")
    body.append("</table>")
    return _viewer("Keyboard shortcuts", "".join(body), parent)
