"""Edit → Undo and Redo that say whose change they undo, and never act on a read-only record.

The window keeps one undo stack for every patient (an edit and its undo are one transaction
each, whoever is on screen). On another patient's page, "Undo Add Clamshell" used to undo the
previous patient's change without saying so — and failed with an error once that session had
been delivered. The actions now name the patient whose change is next ("Undo Add Clamshell
(Maria Keller)"), ask before changing a record that is not on screen, and refuse plainly, doing
nothing, when the record has become read-only (a delivered session, a signed assessment).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from equitone.ui import prompts
from equitone.ui.edits import Operation
from equitone.ui.shortcuts import set_shortcut


class UndoActions(QObject):
    def __init__(
        self, window: QWidget, stack: QUndoStack, on_screen: Callable[[], int | None],
        name_of: Callable[[int], str | None],
    ) -> None:
        super().__init__(window)
        self._window, self._stack = window, stack
        self._on_screen, self._name_of = on_screen, name_of
        self.undo = QAction("&Undo", window)
        set_shortcut(self.undo, QKeySequence.StandardKey.Undo)
        self.undo.triggered.connect(lambda: self._step(backwards=True))
        self.redo = QAction("&Redo", window)
        set_shortcut(self.redo, QKeySequence.StandardKey.Redo)
        self.redo.triggered.connect(lambda: self._step(backwards=False))
        stack.indexChanged.connect(lambda _i: self.refresh())
        stack.cleanChanged.connect(lambda _c: self.refresh())
        self.refresh()

    def _next(self, *, backwards: bool) -> QUndoCommand | None:
        index = self._stack.index() - 1 if backwards else self._stack.index()
        if not 0 <= index < self._stack.count():
            return None
        return self._stack.command(index)

    def _elsewhere(self, command: QUndoCommand | None) -> str | None:
        """The name of the patient `command` belongs to, when that is not the one on screen."""
        if not isinstance(command, Operation) or command.patient_id == self._on_screen():
            return None
        return self._name_of(command.patient_id) or "another patient"

    def refresh(self) -> None:
        """The actions' texts for the change next in line (call on a patient change too)."""
        for action, backwards, verb in ((self.undo, True, "&Undo"), (self.redo, False, "&Redo")):
            command = self._next(backwards=backwards)
            action.setEnabled(command is not None)
            if command is None:
                action.setText(verb)
                continue
            whose = self._elsewhere(command)
            action.setText(f"{verb} {command.text()}" + (f" ({whose})" if whose else ""))

    def _step(self, *, backwards: bool) -> None:
        command = self._next(backwards=backwards)
        if command is None:
            return
        verb = "Undo" if backwards else "Redo"
        reason = command.read_only_reason() if isinstance(command, Operation) else None
        if reason is not None:
            prompts.bridge.info(self._window, verb,
                                f"“{command.text()}” cannot be {verb.lower()}ne: {reason}.")
            return
        whose = self._elsewhere(command)
        if whose is not None and not prompts.bridge.confirm(
            self._window, verb,
            f"“{command.text()}” changes {whose}'s record, not the one on screen. "
            f"{verb} it anyway?",
        ):
            return
        if backwards:
            self._stack.undo()
        else:
            self._stack.redo()
