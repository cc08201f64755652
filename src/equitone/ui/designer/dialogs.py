"""The designer's small questions: why an automatic block is dismissed, which template to
start from, what to call a new template, which muscle a modality is for, why a flag's proposal
is accepted or dismissed, and the acknowledgement of safety warnings before planning or
delivering a session.

Each is a plain modal dialog; the tab calls them through replaceable functions
(`SessionTab.ask_*`) so tests can answer without a dialog, and one test drives each dialog.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
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

from equitone.domain.catalog import Catalog, Template
from equitone.domain.sequencing import PlanWarning, Proposal
from equitone.domain.session import SessionStatus
from equitone.domain.types import Exercise, Muscle
from equitone.services.templates import TemplateEntry
from equitone.storage.database import Database
from equitone.ui import prompts, style

#: Offered in the dismissal dialog; the clinician may type any other reason.
COMMON_REASONS = (
    "Patient has no equipment for it at home",
    "Done in clinic instead",
    "Muscle is already relaxed at this point",
    "Patient finds it painful",
    "Time: session too long",
)


#: Offered when a flag's proposal is dismissed; the clinician may type any other reason.
PROPOSAL_REASONS = (
    "The tightness has another cause (a match, a fall, a long drive)",
    "It is already relaxed after each activation",
    "The dose is already low",
    "Discussed with the patient: keep the plan",
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


class ReasonDialog(QDialog):
    """A decision and the reason for it: an intro, an editable list of common reasons, and an
    OK button that needs a reason unless `required` is false."""

    def __init__(
        self,
        title: str,
        intro_text: str,
        ok: str,
        reasons: Sequence[str],
        *,
        required: bool = True,
        rich: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        intro = QLabel(intro_text)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.required = required
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(reasons)
        self.reason.setCurrentText("")
        line_edit = self.reason.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText("Why? (required)" if required else "Why? (optional)")
        self.buttons = _buttons(self, ok)
        self.reason.editTextChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow("&Reason", self.reason)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(470, self.sizeHint().height())
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self.required or bool(self.reason_text()))

    def answer(self) -> str:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.reason_text()

    def reason_text(self) -> str:
        return " ".join(self.reason.currentText().split())


class DismissDialog(ReasonDialog):
    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "Dismiss automatic block",
            f"Dismiss <b>{html.escape(what)}</b>?<br>The method added it for a reason: the "
            "dismissal and your reason are kept with the session, the engine will not add it "
            "again, and the timeline keeps warning about what is missing.",
            "Dismiss",
            COMMON_REASONS,
            rich=True,
            parent=parent,
        )


class ProposalDialog(ReasonDialog):
    """Accept or dismiss what a standing "activated, then tighter" flag proposes."""

    def __init__(self, proposal: Proposal, accept: bool, parent: QWidget | None = None) -> None:
        effect = (
            "A relaxation block is added after each activation and their doses are lowered "
            "(one undo step)."
            if accept
            else "Nothing in the session changes; the dismissal and your reason are kept with "
            "it and printed on the clinician copy."
        )
        verb = "Accept" if accept else "Dismiss"
        super().__init__(
            f"{verb} the proposal",
            f"{proposal.explanation}\n\n{proposal.text}\n\n{effect}",
            verb,
            () if accept else PROPOSAL_REASONS,
            required=not accept,
            parent=parent,
        )


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


class AcknowledgeDialog(QDialog):
    """A session with safety warnings is planned or delivered only when the clinician says,
    explicitly, that they read them; the audit trail keeps the acknowledgement."""

    def __init__(
        self, status: SessionStatus, warnings: Sequence[PlanWarning], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        word = status.value
        self.setWindowTitle(f"Mark as {word}: safety warnings")
        count = len(warnings)
        intro = QLabel(
            f"This session has {count} safety warning{'s' if count != 1 else ''}. Marking it"
            f" {word} keeps {'them' if count != 1 else 'it'} on record with your"
            " acknowledgement:"
        )
        intro.setWordWrap(True)
        listing = QLabel("".join(
            f"<p style='color:{style.ERROR}'>⚠ {html.escape(w.message)}</p>" for w in warnings
        ))
        listing.setWordWrap(True)
        listing.setTextFormat(Qt.TextFormat.RichText)
        self.confirm = QCheckBox(
            "I have read these warnings and take responsibility for the session as it is"
        )
        self.confirm.setObjectName("acknowledgeWarnings")
        self.buttons = _buttons(self, f"Mark {word}")
        self.confirm.toggled.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(listing)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.confirm.isChecked())

    def answer(self) -> bool:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.confirm.isChecked()


def ask_dismiss_reason(parent: QWidget | None, what: str) -> str | None:
    return prompts.bridge.ask(DismissDialog(what, parent))


def ask_muscle(
    parent: QWidget | None, exercise: Exercise, muscles: Mapping[str, Muscle]
) -> str | None:
    options = [muscles[m] for m in exercise.muscles if m in muscles]
    return prompts.bridge.ask(MuscleDialog(exercise, options, parent))


def ask_proposal_reason(parent: QWidget | None, proposal: Proposal, accept: bool) -> str | None:
    return prompts.bridge.ask(ProposalDialog(proposal, accept, parent))


def ask_acknowledgement(
    parent: QWidget | None, status: SessionStatus, warnings: Sequence[PlanWarning]
) -> bool:
    return bool(prompts.bridge.ask(AcknowledgeDialog(status, warnings, parent)))


def ask_template(parent: QWidget | None, entries: Sequence[TemplateEntry]) -> Template | None:
    return prompts.bridge.ask(TemplateDialog(entries, parent))


def ask_template_name(parent: QWidget | None, suggested: str) -> tuple[str, str] | None:
    return prompts.bridge.ask(SaveTemplateDialog(suggested, parent))


WHY_NOW = "plans use an exercise as soon as it is saved"


def ask_exercise(parent: QWidget, db: Database, catalog: Catalog,
                 exercise: Exercise | None = None) -> Exercise | None:
    """A new own exercise, or ``exercise`` edited: the stored result, None when cancelled."""
    from equitone.figures import library
    from equitone.services import custom_exercises as own
    from equitone.ui.designer.exercise_dialog import ExerciseDialog
    from equitone.ui.sync.offline_notice import saved_now

    def save(draft: own.ExerciseDraft) -> Exercise:
        if exercise is None:
            return saved_now(db, lambda: own.add_exercise(db, draft), "the exercise", WHY_NOW)
        return saved_now(db, lambda: own.edit_exercise(db, exercise.slug, draft),
                         "the exercise", WHY_NOW)

    dialog = ExerciseDialog(save, catalog.muscles,
                            own.pose_choices(list(catalog.exercises.values())),
                            library().bases(), exercise, parent)
    return prompts.bridge.ask(dialog)
