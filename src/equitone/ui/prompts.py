"""Every question the window asks goes through one object, `bridge`: message boxes, a choice
between named buttons, a line of text, file choosers, the system print dialog, and
`ask(dialog)` for Equitone's own dialogs (a patient's details, the settings, the clinic
server, the designer's and the printing's questions: each has an `answer()`).

Modal dialogs block: the code asks the bridge instead of running them itself, so tests put a
scripted bridge in its place (tests/prompts.py) — the same idea as qutebrowser's message
bridge — and everything around the question runs for real. The dialogs live with their
screens; this module knows none of them.

One rule for choices: Enter answers `default`, and Escape (or closing the box) answers
`escape` — the choice that changes nothing, which the caller names.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QMessageBox, QWidget

T = TypeVar("T", covariant=True)

DATABASE_FILES = "Equitone databases (*.sqlite3 *.db);;All files (*)"
PDF_FILES = "PDF documents (*.pdf)"
MAP_FILES = "PNG image (*.png);;SVG drawing (*.svg)"
IMAGE_FILES = "Images (*.png *.jpg *.jpeg)"


class Question(Protocol[T]):
    """One of Equitone's dialogs: modal, accepted or cancelled, with one answer."""

    def exec(self) -> int: ...

    def answer(self) -> T:
        """What was chosen or typed (asked only after the dialog was accepted)."""
        ...

    def deleteLater(self) -> None: ...


class Shown(Protocol):
    def exec(self) -> int: ...


class PromptBridge:
    # -- messages ---------------------------------------------------------------------------
    # Message texts carry stored text (a patient's name, a file's name): always plain, or Qt
    # guesses rich text and a name like "<b>Grace</b>" would show in bold.
    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        plain_box(QMessageBox.Icon.Critical, parent, title, text).exec()

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        plain_box(QMessageBox.Icon.Information, parent, title, text).exec()

    def about(self, parent: QWidget | None, title: str, rich_text: str) -> None:
        """Equitone's own rich text (the About box), never stored text."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(parent, title, rich_text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        """Yes or No; Escape is No."""
        from PySide6.QtWidgets import QMessageBox

        box = plain_box(QMessageBox.Icon.Question, parent, title, text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.exec()
        return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: Sequence[str], *,
        default: int = 0, escape: int | None = None,
    ) -> int:
        """The index in `choices` of the button pressed. Enter presses `default`; Escape or
        closing the box answers `escape` (when not given: `default`)."""
        from PySide6.QtWidgets import QMessageBox

        safe = default if escape is None else escape
        box = plain_box(QMessageBox.Icon.Warning, parent, title, text)
        buttons = [box.addButton(c, QMessageBox.ButtonRole.ActionRole) for c in choices]
        box.setDefaultButton(buttons[default])
        box.setEscapeButton(buttons[safe])
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(buttons) if b is clicked), safe)

    def text(self, parent: QWidget | None, title: str, label: str, suggested: str) -> str | None:
        """One line of text, or None when cancelled."""
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(parent, title, label, text=suggested)
        return value if ok else None

    # -- files ------------------------------------------------------------------------------
    def save_file(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        """Where to write a new file (None: cancelled)."""
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return Path(name) if name else None

    def open_file(
        self, parent: QWidget | None, title: str, folder: Path, filters: str
    ) -> Path | None:
        """An existing file to read (None: cancelled)."""
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getOpenFileName(parent, title, str(folder), filters)
        return Path(name) if name else None

    # -- the app's own dialogs -------------------------------------------------------------
    def ask(self, dialog: Question[T]) -> T | None:
        """Run one of Equitone's dialogs (a patient's details, the settings, the clinic server,
        a dismissal's reason, the print options, …): its answer, or None when cancelled."""
        from PySide6.QtWidgets import QDialog

        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.answer()
        finally:
            dialog.deleteLater()

    def show(self, dialog: Shown) -> None:
        """A dialog that only shows something (the print preview) until it is closed."""
        dialog.exec()

    # -- printing ---------------------------------------------------------------------------
    def choose_printer(self, parent: QWidget | None, printer: QPrinter, pages: int) -> bool:
        """The system print dialog (a real printer, or "Print to file"); True to go ahead."""
        from PySide6.QtPrintSupport import QPrintDialog
        from PySide6.QtWidgets import QDialog

        dialog = QPrintDialog(printer, parent)
        dialog.setMinMax(1, pages)
        return dialog.exec() == QDialog.DialogCode.Accepted


def plain_box(icon: QMessageBox.Icon, parent: QWidget | None, title: str,
              text: str) -> QMessageBox:
    """A message box that shows `text` as written (Qt.TextFormat.PlainText)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def pdf_named(path: Path) -> Path:
    """A chosen PDF file name, ``.pdf`` added when it has no suffix."""
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


bridge: PromptBridge = PromptBridge()
