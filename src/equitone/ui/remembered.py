"""Splitter positions the clinician chose, kept across restarts (per user, in the window's
QSettings file beside its geometry)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter


def remember_splitter(splitter: QSplitter, settings: QSettings, key: str) -> None:
    """Restore ``splitter`` from ``key`` now, and store it there each time it is dragged."""
    state = settings.value(key)
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)
    splitter.splitterMoved.connect(lambda _pos, _index: settings.setValue(
        key, splitter.saveState()))
