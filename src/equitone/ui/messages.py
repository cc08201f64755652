"""Dialog bridge: widgets ask questions through `bridge`, tests swap in a recorder instead of
monkeypatching QMessageBox (qutebrowser's message bridge)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget


class MessageBridge:
    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: Sequence[str],
        default: int = 0,
    ) -> int:
        """One of several answers named by their buttons; the index in `choices`, or
        `default` when the box is closed another way (Escape)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        buttons = [box.addButton(c, QMessageBox.ButtonRole.ActionRole) for c in choices]
        box.setDefaultButton(buttons[default])
        box.setEscapeButton(buttons[default])
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(buttons) if b is clicked), default)


class RecordingBridge(MessageBridge):
    """For tests: records every message and answers confirmations with `answer`.

    A plain class, not a dataclass: this module is imported before the window's first paint,
    and importing `dataclasses` costs a measurable share of that time."""

    def __init__(self, answer: bool = True, choice: int = 0) -> None:
        self.answer = answer
        self.choice = choice  # what `choose` answers
        self.shown: list[tuple[str, str, str]] = []

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        return self.answer

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: Sequence[str],
        default: int = 0,
    ) -> int:
        self.shown.append(("choose", title, text))
        return self.choice


bridge: MessageBridge = MessageBridge()
