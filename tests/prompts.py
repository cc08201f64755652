"""The prompt bridge in tests (the product's is ui/prompts.py): every question is answered
from a script at once and noted, so modal dialogs never block a test while everything around
them runs for real.

- `shown`: every message, choice and question, as (kind, title, text).
- `answer`: what confirm() says (yes by default).
- `choices`: the next choose() answers; then `choice` if set; else the box's Escape answer.
- `files`: the next save_file()/open_file() answers (None: cancelled); `asked` notes each
  file question and each line of text asked for as (title, suggested).
- `texts`: the next text() answers (None: cancelled; a function is given the suggestion).
- `answers`: by dialog class name, the next ask() answers; an answer that is a function is
  given the real dialog (built, never shown) and returns the answer. A dialog without a
  scripted answer runs for real: drive it with tests/ui/conftest.accept_dialog_with.
- `print_to`: choose_printer() prints to this PDF file at 72 dpi (None: cancelled).
- `on_show`: what show() does with a dialog (default: nothing; it is not opened).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from equitone.ui.prompts import PromptBridge, Question, Shown

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QWidget

T = TypeVar("T")


class ScriptedPrompts(PromptBridge):
    def __init__(self, *, answer: bool = True, files: Sequence[Path | None] = (),
                 choices: Sequence[int] = (), texts: Sequence[Any] = ()) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = answer
        self.choices = list(choices)
        self.choice: int | None = None
        self.files = list(files)
        self.asked: list[tuple[str, str]] = []
        self.texts: list[Any] = list(texts)
        self.answers: dict[str, list[Any]] = {}
        self.dialogs: list[str] = []  # every ask(), by dialog class name
        self.print_to: Path | None = None
        self.printed_pages: list[int] = []
        self.on_show: Callable[[Any], None] | None = None

    # -- messages ---------------------------------------------------------------------------
    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def about(self, parent: QWidget | None, title: str, rich_text: str) -> None:
        self.shown.append(("about", title, rich_text))

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        return self.answer

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: Sequence[str], *,
        default: int = 0, escape: int | None = None,
    ) -> int:
        self.shown.append(("choose", title, text))
        if self.choices:
            return self.choices.pop(0)
        if self.choice is not None:
            return self.choice
        return default if escape is None else escape

    def text(self, parent: QWidget | None, title: str, label: str, suggested: str) -> str | None:
        self.shown.append(("text", title, label))
        self.asked.append((title, suggested))
        answer = self.texts.pop(0) if self.texts else None
        return answer(suggested) if callable(answer) else answer

    # -- files ------------------------------------------------------------------------------
    def save_file(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        self.asked.append((title, str(suggested)))
        return self.files.pop(0) if self.files else None

    def open_file(
        self, parent: QWidget | None, title: str, folder: Path, filters: str
    ) -> Path | None:
        self.asked.append((title, str(folder)))
        return self.files.pop(0) if self.files else None

    # -- dialogs ----------------------------------------------------------------------------
    def ask(self, dialog: Question[T]) -> T | None:
        name = type(dialog).__name__
        self.dialogs.append(name)
        queue = self.answers.get(name)
        if not queue:
            return super().ask(dialog)  # the real dialog: the test drives it
        scripted = queue.pop(0)
        try:
            return scripted(dialog) if callable(scripted) else scripted  # type: ignore[no-any-return]
        finally:
            dialog.deleteLater()

    def show(self, dialog: Shown) -> None:
        if self.on_show is not None:
            self.on_show(dialog)

    def choose_printer(self, parent: QWidget | None, printer: QPrinter, pages: int) -> bool:
        from PySide6.QtPrintSupport import QPrinter

        self.printed_pages.append(pages)
        if self.print_to is None:
            return False
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.print_to))
        printer.setResolution(72)  # fast; a real printer gets the PDF at up to 300 dpi
        return True
