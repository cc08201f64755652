"""The right-click menu on a region: one toggle per state, clear, note, mirror.

Building the menu is separate from showing it so tests (and a future keyboard "menu" key) can
trigger actions without a blocking ``exec``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from equitone.bodymap.palette import STATE_STYLES, swatch_pixmap
from equitone.bodymap.svgregions import RegionKey
from equitone.domain.types import ToneState


def build_region_menu(
    parent: QWidget,
    keys: list[RegionKey],
    title: str,
    *,
    on_tag: Callable[[ToneState | None], None],
    on_note: Callable[[], None],
    on_mirror: Callable[[], None],
    carried: frozenset[ToneState] = frozenset(),
) -> QMenu:
    """One checkable action per state (checked: every selected region carries it; choosing it
    toggles it), clear, note, mirror."""
    menu = QMenu(parent)
    menu.setObjectName("bodymapRegionMenu")
    header = menu.addSection(title)
    header.setEnabled(False)
    for style in STATE_STYLES.values():
        action = menu.addAction(QIcon(swatch_pixmap(style.state)), style.label)
        action.setShortcut(QKeySequence(str(style.shortcut)))
        action.setShortcutVisibleInContextMenu(True)
        action.setData(style.state.value)
        action.setCheckable(True)
        action.setChecked(style.state in carried)
        action.triggered.connect(lambda _=False, s=style.state: on_tag(s))
    menu.addSeparator()
    clear = menu.addAction(QIcon(swatch_pixmap(None)), "Clear tag")
    clear.setShortcut(QKeySequence("0"))
    clear.setShortcutVisibleInContextMenu(True)
    clear.triggered.connect(lambda _=False: on_tag(None))
    note = menu.addAction("Edit note…")
    note.setShortcut(QKeySequence("Return"))
    note.setShortcutVisibleInContextMenu(True)
    note.setEnabled(bool(keys))
    note.triggered.connect(lambda _=False: on_note())
    mirror = menu.addAction("Mirror to other side")
    mirror.setShortcut(QKeySequence("M"))
    mirror.setShortcutVisibleInContextMenu(True)
    mirror.triggered.connect(lambda _=False: on_mirror())
    return menu
