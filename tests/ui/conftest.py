from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def automatic_collection_after_each_test() -> Iterator[None]:
    """A start-up under test hands collection to the GUI thread's timer for the rest of the
    process: give it back, so the next test runs as the ones before it did."""
    yield
    from PySide6.QtCore import QCoreApplication

    from equitone.ui.gui_collector import GuiThreadCollector

    app = QCoreApplication.instance()
    found = app.findChild(GuiThreadCollector) if app is not None else None
    if isinstance(found, GuiThreadCollector):
        found.stop()
        found.setParent(None)
        found.deleteLater()


@pytest.fixture
def window(qtbot: QtBot, db: Database, bridge: object) -> Iterator[MainWindow]:
    from equitone.app import app_settings

    win = MainWindow(app_settings())
    qtbot.addWidget(win)
    win.show()
    win.attach_database(db)
    yield win
    win.undo_stack.clear()


def accept_dialog_with(fill: Callable[[object], None]) -> Callable[[], None]:
    """Schedule filling and accepting the next modal dialog (exec blocks the test)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(10, act)
            return
        fill(dialog)
        dialog.accept()

    return lambda: QTimer.singleShot(0, act)
