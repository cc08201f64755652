"""The real prompt bridge's one rule for choices: Enter presses the default, Escape answers
the choice that changes nothing — driven on a real message box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from equitone.ui.prompts import PromptBridge


def _press_on_the_box(qtbot: QtBot, key: Qt.Key) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)
            return
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, press)


@pytest.mark.parametrize(("key", "answer"), [(Qt.Key.Key_Return, 0), (Qt.Key.Key_Escape, 2)])
def test_enter_is_the_default_and_escape_the_safe_choice(
    qtbot: QtBot, key: Qt.Key, answer: int
) -> None:
    _press_on_the_box(qtbot, key)
    chosen = PromptBridge().choose(None, "Backup found", "Open it?",
                                   ["Open newest backup", "Choose another…", "Close"],
                                   default=0, escape=2)
    assert chosen == answer


def test_without_a_named_escape_escape_is_the_default(qtbot: QtBot) -> None:
    _press_on_the_box(qtbot, Qt.Key.Key_Escape)
    assert PromptBridge().choose(None, "Changes not saved yet", "…",
                                 ["Keep waiting", "Try again now"], default=0) == 0


HOSTILE = "Grace <b>Gigi</b> Turner & <i>Sons</i>"


@pytest.mark.parametrize("kind", ["error", "info", "confirm", "choose"])
def test_stored_text_in_a_message_box_shows_as_written_never_as_rich_text(
    qtbot: QtBot, kind: str
) -> None:
    seen: list[tuple[Qt.TextFormat, str]] = []

    def look_then_answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, look_then_answer)
            return
        seen.append((box.textFormat(), box.text()))
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, look_then_answer)
    bridge = PromptBridge()
    text = f"Exported {HOSTILE} to {HOSTILE}.zip"
    if kind == "error":
        bridge.error(None, "Export", text)
    elif kind == "info":
        bridge.info(None, "Export", text)
    elif kind == "confirm":
        assert bridge.confirm(None, "Import", text) is True  # Enter is Yes
    else:
        assert bridge.choose(None, "Import", text, ["Import", "Cancel"], escape=1) == 0
    assert seen == [(Qt.TextFormat.PlainText, text)]


def test_escape_on_a_confirmation_is_no(qtbot: QtBot) -> None:
    _press_on_the_box(qtbot, Qt.Key.Key_Escape)
    assert PromptBridge().confirm(None, "Archive", f"Archive {HOSTILE}?") is False
