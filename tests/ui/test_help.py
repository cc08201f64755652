"""Help → Guide (F1) and the list of every keyboard shortcut (Ctrl+/), shipped offline."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from equitone.domain.patients import PatientDraft
from equitone.services.patients import create_patient
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from tests.prompts import ScriptedPrompts


def _shown_text(bridge: ScriptedPrompts, trigger: Any) -> str:
    shown: list[Any] = []
    bridge.on_show = shown.append
    trigger()
    assert len(shown) == 1
    browser = shown[0].findChild(QTextBrowser)
    assert browser is not None
    text: str = browser.toPlainText()
    shown[0].deleteLater()
    return text


def test_f1_opens_the_guide_to_the_method_and_the_screen(
    window: MainWindow, bridge: ScriptedPrompts
) -> None:
    assert window.act_guide.shortcut().toString() == "F1"
    assert window.act_guide in window.menuBar().actions()[-1].menu().actions()
    text = _shown_text(bridge, window.act_guide.trigger)
    assert "relax the overactive, strengthen the underactive" in text
    for part in ("Assessment", "Session", "Trends", "Undo"):
        assert part in text


def test_ctrl_slash_lists_every_shortcut(
    window: MainWindow, qtbot: QtBot, db: Database, bridge: ScriptedPrompts
) -> None:
    patient = create_patient(db, PatientDraft(name="Maria Keller"))
    window.reload_patients()
    window.open_patient(patient)
    assert window.act_shortcuts.shortcut() == QKeySequence("Ctrl+/")
    text = _shown_text(bridge, window.act_shortcuts.trigger)
    for action in window.findChildren(QAction):
        for keys in action.shortcuts():
            if not keys.isEmpty():
                native = keys.toString(QKeySequence.SequenceFormat.NativeText)
                assert native in text, (action.text(), native)
    for widget_key in ("1 … 6", "Alt+Down", "Ctrl+Enter", "Shift+F10"):
        assert widget_key in text
