"""The timeline's actions: shortcuts while the timeline has focus, its context menu, and the
inspector's buttons — one QAction each, enabled for what the selected card allows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import Block
from equitone.domain.techniques import Suitability
from equitone.domain.types import ExerciseKind
from equitone.services.sessions import DesignContext
from equitone.ui.designer import text
from equitone.ui.designer.editing import SessionEditor
from equitone.ui.designer.operations import swap_options

_Keys = str | QKeySequence.StandardKey | None


class TimelineActions(QObject):
    def __init__(
        self,
        view: QWidget,
        editor: SessionEditor,
        catalog: Callable[[], Catalog],
        current: Callable[[], Block | None],
        edit_dose: Callable[[], None],
        context: Callable[[], DesignContext | None] = lambda: None,
        relax_after: Callable[[tuple[str, ...], bool], object] = lambda _m, _on: None,
    ) -> None:
        super().__init__(view)
        self._editor, self._catalog, self._current = editor, catalog, current
        self._context = context

        def make(label: str, keys: _Keys, slot: Callable[[], object], tip: str) -> QAction:
            action = QAction(label, view)
            if keys is not None:
                action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False: slot())
            view.addAction(action)
            return action

        def on_block(work: Callable[[str], object]) -> Callable[[], object]:
            def run() -> object:
                block = self._current()
                return work(block.id) if block is not None else None

            return run

        self.edit_dose = make("Edit dose", "F2", edit_dose, "Sets, reps, hold and rest (F2)")
        self.up = make("Move up", "Ctrl+Up", on_block(lambda i: editor.shift(i, -1)),
                       "One place earlier (Ctrl+Up)")
        self.down = make("Move down", "Ctrl+Down", on_block(lambda i: editor.shift(i, 1)),
                         "One place later (Ctrl+Down)")
        self.duplicate = make("Duplicate", "Ctrl+D", on_block(editor.duplicate),
                              "A copy right after it (Ctrl+D)")
        self.delete = make("Delete", QKeySequence.StandardKey.Delete, on_block(editor.remove),
                           "Remove your block; an automatic one is dismissed with a reason (Del)")
        self.dismiss = make("Dismiss…", None, on_block(editor.dismiss),
                            "Remove an automatic block, with your reason; it is not added again")
        self.unpin = make("Let the engine place it", None, on_block(editor.unpin),
                          "Undo your move or dose change of this automatic block")
        self.reciprocal = make(
            "Reciprocal inhibition", None,
            on_block(lambda i: editor.set_reciprocal(i, self.reciprocal.isChecked())),
            "Progression (rule 2): tighten the opposing muscle at the end of each lowering",
        )
        self.reciprocal.setCheckable(True)
        self.relax_after = make(
            "Always relax after", None,
            lambda: self._toggle_relax_after(relax_after),
            "For this patient, a relaxation block follows every activation of these muscles, "
            "even where each rep relaxes them (rule 1)",
        )
        self.relax_after.setCheckable(True)
        self.swap_menu = QMenu("Swap technique ▾", view)
        self.swap_menu.setToolTipsVisible(True)
        self.swap_menu.aboutToShow.connect(self._fill_swap_menu)
        self.swap = self.swap_menu.menuAction()
        self.swap.setToolTip(
            "Use another technique for this automatic block: the ones suited to its muscle "
            "first; one that must not be used there carries a warning"
        )
        view.insertAction(self.dismiss, self.swap)
        self.relevant: list[QAction] = []
        self.all = [self.edit_dose, self.swap, self.dismiss, self.duplicate, self.delete,
                    self.up, self.down, self.unpin, self.reciprocal, self.relax_after]
        self.update(None, read_only=True)

    def update(self, block: Block | None, *, read_only: bool, row: int = -1,
               rows: int = 0) -> None:
        """Enable what the selected card allows (nothing in a delivered session)."""
        editable = block is not None and not read_only
        auto = editable and block is not None and block.auto
        self.edit_dose.setEnabled(editable)
        self.swap.setEnabled(auto)
        self.dismiss.setEnabled(auto)
        self.duplicate.setEnabled(editable)
        self.delete.setEnabled(editable)
        self.up.setEnabled(editable and row > 0)
        self.down.setEnabled(editable and 0 <= row < rows - 1)
        self.unpin.setEnabled(auto and block is not None and block.pinned)
        rep_based = False
        if editable and block is not None and not block.auto:
            exercise = self._catalog().exercises.get(block.exercise)
            rep_based = (
                exercise is not None
                and exercise.kind is ExerciseKind.ACTIVATION
                and not exercise.sustained
            )
        self.reciprocal.setEnabled(rep_based)
        self.reciprocal.blockSignals(True)
        self.reciprocal.setChecked(bool(block is not None and block.reciprocal_inhibition))
        self.reciprocal.blockSignals(False)
        trains = False
        if editable and block is not None and not block.auto:
            exercise = self._catalog().exercises.get(block.exercise)
            trains = exercise is not None and exercise.kind.trains
        context = self._context()
        asked = bool(
            block is not None
            and block.muscles
            and context is not None
            and all(context.preferences.relax_after(m) for m in block.muscles)
        )
        self.relax_after.setEnabled(trains and context is not None)
        self.relax_after.blockSignals(True)
        self.relax_after.setChecked(asked)
        self.relax_after.blockSignals(False)
        # What the menu and the inspector offer for this card (the shortcuts stay as they
        # are: Delete on an automatic card asks to dismiss it).
        if block is None:
            self.relevant = []
        elif block.auto:
            self.relevant = [self.edit_dose, self.swap, self.dismiss, self.unpin,
                             self.duplicate, self.up, self.down]
        else:
            self.relevant = [self.edit_dose, self.duplicate, self.delete, self.up, self.down]
            if rep_based:
                self.relevant.append(self.reciprocal)
            if trains:
                self.relevant.append(self.relax_after)

    def menu(self, parent: QWidget) -> QMenu:
        """The context menu of the selected card."""
        menu = QMenu(parent)
        for action in self.relevant:
            menu.addAction(action)
        return menu

    def _toggle_relax_after(self, apply: Callable[[tuple[str, ...], bool], object]) -> None:
        block = self._current()
        if block is not None and block.muscles:
            apply(block.muscles, self.relax_after.isChecked())

    def _fill_swap_menu(self) -> None:
        """The techniques that treat the block's muscle, grouped by how they suit it now."""
        self.swap_menu.clear()
        block = self._current()
        if block is None:
            return
        catalog, context = self._catalog(), self._context()
        options = swap_options(
            catalog, block,
            context.assessment if context is not None else None,
            context.preferences if context is not None else None,
        )
        if not options:
            none = self.swap_menu.addAction("No other technique treats this muscle")
            none.setEnabled(False)
            return
        where = text.muscles_text(block.muscles[:1], catalog.muscles) or "the session"
        titles = {
            Suitability.SUITABLE: f"Suits the {where}",
            Suitability.PRECAUTION: "With a precaution",
            Suitability.CONTRAINDICATED: f"Not for the {where} now (you may; it will warn)",
        }
        shown: set[Suitability] = set()
        for option in options:
            if option.level not in shown:
                shown.add(option.level)
                self.swap_menu.addSection(titles[option.level])
            exercise = option.exercise
            label = exercise.name
            if option.level is Suitability.CONTRAINDICATED:
                label = f"⚠ {label}"
            action = self.swap_menu.addAction(label)
            tip = f"Performed by: {exercise.performer.value}"
            action.setToolTip(f"{option.note}\n{tip}" if option.note else tip)
            action.triggered.connect(
                lambda _checked=False, b=block.id, s=exercise.slug: self._editor.swap(b, s)
            )
