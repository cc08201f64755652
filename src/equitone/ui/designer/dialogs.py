"""The designer's small questions: why an automatic block is dismissed, which template to
start from, what to call a new template, which muscle a modality is for.

Each is a plain modal dialog; the tab calls them through replaceable functions
(`SessionTab.ask_*`) so tests can answer without a dialog, and one test drives each dialog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.catalog import Template
from equitone.domain.types import Exercise, Muscle
from equitone.services.templates import TemplateEntry
from equitone.ui import prompts, style

#: Offered in the dismissal dialog; the clinician may type any other reason.
COMMON_REASONS = (
    "Patient has no equipment for it at home",
    "Done in clinic instead",
    "Muscle is already relaxed at this point",
    "Patient finds it painful",
    "Time: session too long",
)


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
    ok_button.setText(ok)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class DismissDialog(QDialog):
    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dismiss automatic block")
        intro = QLabel(
            f"Dismiss <b>{what}</b>?<br>The method added it for a reason: the dismissal and "
            "your reason are kept with the session, the engine will not add it again, and the "
            "timeline keeps warning about what is missing."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(COMMON_REASONS)
        self.reason.setCurrentText("")
        line_edit = self.reason.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText("Why? (required)")
        self.buttons = _buttons(self, "Dismiss")
        self.reason.editTextChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow("&Reason", self.reason)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason_text()))

    def answer(self) -> str:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.reason_text()

    def reason_text(self) -> str:
        return " ".join(self.reason.currentText().split())


class TemplateDialog(QDialog):
    """Pick a template: the shipped ones and the clinic's own, with each one's description."""

    def __init__(self, entries: Sequence[TemplateEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start a session from a template")
        self.list = QListWidget()
        for entry in entries:
            template = entry.template
            mark = "  (yours)" if entry.custom else ""
            item = QListWidgetItem(f"{template.name}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, template)
            item.setToolTip(template.description)
            self.list.addItem(item)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(72)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = _buttons(self, "Start session")
        self.list.currentItemChanged.connect(lambda _c, _p: self._describe())
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.buttons)
        self.resize(520, 420)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _describe(self) -> None:
        template = self.chosen()
        if template is None:
            self.description.clear()
            return
        count = len(template.blocks)
        self.description.setText(
            f"{template.description}\n\n{count} exercises · {template.frequency_per_week}× / week"
            " — the engine adds the relaxations."
        )

    def answer(self) -> Template | None:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.chosen()

    def chosen(self) -> Template | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, Template) else None


class SaveTemplateDialog(QDialog):
    def __init__(self, suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as template")
        self.name = QLineEdit(suggested)
        self.name.selectAll()
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("What the template is for (optional)")
        self.description.setFixedHeight(80)
        note = QLabel(
            "The template keeps your exercises in their order; the engine adds the "
            "relaxations again for each patient."
        )
        note.setWordWrap(True)
        note.setStyleSheet(style.text())
        self.buttons = _buttons(self, "Save template")
        self.name.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Description", self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(440, self.sizeHint().height())
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def answer(self) -> tuple[str, str]:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.values()

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.description.toPlainText().strip()


class MuscleDialog(QDialog):
    """A modality (lacrosse ball, PIR, …) is applied to one muscle: which?"""

    def __init__(
        self, exercise: Exercise, muscles: Sequence[Muscle], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(exercise.name)
        self.muscle = QComboBox()
        for muscle in sorted(muscles, key=lambda m: m.name.casefold()):
            self.muscle.addItem(muscle.name, muscle.slug)
        self.muscle.setEditable(True)  # type to find among the 50 muscles
        self.muscle.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        intro = QLabel(f"{exercise.name} is applied to one muscle. Which one?")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.muscle)
        layout.addWidget(_buttons(self, "Add"))

    def answer(self) -> str | None:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.chosen()

    def chosen(self) -> str | None:
        index = self.muscle.findText(self.muscle.currentText(), Qt.MatchFlag.MatchFixedString)
        value = self.muscle.itemData(index) if index >= 0 else None
        return value if isinstance(value, str) else None


def ask_dismiss_reason(parent: QWidget | None, what: str) -> str | None:
    return prompts.bridge.ask(DismissDialog(what, parent))


def ask_muscle(
    parent: QWidget | None, exercise: Exercise, muscles: Mapping[str, Muscle]
) -> str | None:
    options = [muscles[m] for m in exercise.muscles if m in muscles]
    return prompts.bridge.ask(MuscleDialog(exercise, options, parent))


def ask_template(parent: QWidget | None, entries: Sequence[TemplateEntry]) -> Template | None:
    return prompts.bridge.ask(TemplateDialog(entries, parent))


def ask_template_name(parent: QWidget | None, suggested: str) -> tuple[str, str] | None:
    return prompts.bridge.ask(SaveTemplateDialog(suggested, parent))
