"""Dialog bridge: widgets ask questions through `bridge`, tests swap in a recorder instead of
monkeypatching QMessageBox (qutebrowser's message bridge)."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class RecordingBridge(MessageBridge):
    """For tests: records every message and answers confirmations with `answer`."""

    answer: bool = True
    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        return self.answer


bridge: MessageBridge = MessageBridge()
