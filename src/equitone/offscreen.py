"""One off-screen Qt application for scripts (CLI exports, printing, the self-test).

A QApplication rather than a QGuiApplication: body maps need only QtGui, but the trend
charts are pyqtgraph widgets, and whichever is drawn first must not rule out the other.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication


def ensure_application() -> None:
    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        _keep.append(QApplication(["equitone"]))


_keep: list[QCoreApplication] = []
