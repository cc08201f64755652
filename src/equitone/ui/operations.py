"""How a screen changes data and how every screen hears about it.

An edit is an undo command (an `Operation`) that calls a service — one transaction — and then
publishes one `Change` on the window's change bus: which kinds of records, whose, and who
started it (services/changes.py). Undo and redo publish the same way, and so does the change
poll for other workstations (ui/sync/controller.py). Every screen that shows data listens to
`Operations.changed` and decides for itself whether to show something new; no command ever
touches a widget. (Anki's operations work the same way.) A change made elsewhere is
published by the change poll; so that a screen being typed in is not reloaded under the
clinician's hands, the window passes those on to the open patient's tabs itself
(`reload_from_store`, ui/sync/refresh.py) and the tabs leave them alone here.

What concerns only the screen that started an edit goes to that screen (`Screen`, in
ui/edits.py with the `Operation` base class of every command): a refusal, or a clash with
another workstation's change to the same record.

    ops = Operations(window)                           # one per window
    ops.listen(tab.on_change, tab)                     # every screen that shows data
    ops.push(EditPatientCommand(db, ops, screen, …))   # an edit: one undo step
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from equitone.errors import ServerUnavailableError

if TYPE_CHECKING:  # the window makes its Operations before its first paint: keep it light
    from equitone.services.changes import Change

Listener = Callable[["Change"], None]


class Operations(QObject):
    """The window's undo stack and its change bus.

    The bus calls its listeners in the order they joined, at once (an undo step's screens are
    up to date when `undo()` returns) and each with every change: a listener that finds the
    server gone does not keep the others from hearing it, and the lost connection is raised
    to the publisher afterwards (services/write_gate.after_write reports it once)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener, owner: QObject | None = None) -> None:
        """`listener` hears every change from now on — until `owner` (the screen it belongs
        to) is destroyed."""
        self._listeners.append(listener)
        if owner is not None:
            owner.destroyed.connect(lambda *_args: self._forget(listener))

    def _forget(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def push(self, command: QUndoCommand) -> None:
        """Run `command` (its redo) and keep it as one undo step, unless it was refused."""
        self.undo_stack.push(command)

    def publish(self, change: Change) -> None:
        lost: ServerUnavailableError | None = None
        for listener in list(self._listeners):
            try:
                listener(change)
            except ServerUnavailableError as exc:  # that screen keeps what it shows
                lost = lost or exc
        if lost is not None:
            raise lost
