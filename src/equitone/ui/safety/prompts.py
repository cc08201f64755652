"""The questions the data-safety flows ask (which file, which choice), behind one object that
tests replace with `ScriptedPrompts` — the same idea as `ui.messages.bridge`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

DB_FILTER = "Equitone databases (*.sqlite3 *.db);;All files (*)"


class SafetyPrompts:
    def save_file(self, parent: QWidget, title: str, suggested: Path,
                  filters: str = DB_FILTER) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return Path(name) if name else None

    def open_file(self, parent: QWidget, title: str, folder: Path,
                  filters: str = DB_FILTER) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, str(folder), filters)
        return Path(name) if name else None

    def choose(
        self, parent: QWidget | None, title: str, text: str, options: Sequence[str]
    ) -> int | None:
        """Index of the button pressed (the first is the default), None if closed."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        buttons = [
            box.addButton(label, QMessageBox.ButtonRole.AcceptRole if i == 0
                          else QMessageBox.ButtonRole.RejectRole)
            for i, label in enumerate(options)
        ]
        if buttons:
            box.setDefaultButton(buttons[0])
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(buttons) if b is clicked), None)


@dataclass
class ScriptedPrompts(SafetyPrompts):
    """For tests: answers from lists, and a record of every question."""

    files: list[Path | None] = field(default_factory=list)
    choices: list[int | None] = field(default_factory=list)
    asked: list[tuple[str, str]] = field(default_factory=list)

    def save_file(self, parent: QWidget, title: str, suggested: Path,
                  filters: str = DB_FILTER) -> Path | None:
        self.asked.append((title, str(suggested)))
        return self.files.pop(0) if self.files else None

    def open_file(self, parent: QWidget, title: str, folder: Path,
                  filters: str = DB_FILTER) -> Path | None:
        self.asked.append((title, str(folder)))
        return self.files.pop(0) if self.files else None

    def choose(
        self, parent: QWidget | None, title: str, text: str, options: Sequence[str]
    ) -> int | None:
        self.asked.append((title, text))
        return self.choices.pop(0) if self.choices else None


prompts: SafetyPrompts = SafetyPrompts()
