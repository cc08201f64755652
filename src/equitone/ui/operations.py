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

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
        self._held: list[Change] | None = None  # inside held(): published at its end

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

    @contextmanager
    def held(self) -> Iterator[None]:
        """Changes published inside are told at the end, the last of each record only: many
        writes in a row (the waiting edits after an outage) redraw the screens once per
        record, not once per write."""
        if self._held is not None:
            yield
            return
        self._held = []
        try:
            yield
        finally:
            held, self._held = self._held, None
            latest = {_record_key(c, n): c for n, c in enumerate(held)}
            lost: ServerUnavailableError | None = None
            for change in latest.values():
                try:
                    self.publish(change)
                except ServerUnavailableError as exc:
                    lost = lost or exc
            if lost is not None:
                raise lost

    def publish(self, change: Change) -> None:
        if self._held is not None:
            self._held.append(change)
            return
        lost: ServerUnavailableError | None = None
        for listener in list(self._listeners):
            try:
                listener(change)
            except ServerUnavailableError as exc:  # that screen keeps what it shows
                lost = lost or exc
        if lost is not None:
            raise lost


def _record_key(change: Change, position: int) -> tuple[object, ...]:
    """Changes of one record share a key (the last one says it all); others keep their own.
    A dict keeps the order of first appearance, so records are told in the order written."""
    if change.record_id is None or change.pending or change.everything:
        return ("at", position)
    return (change.kinds, change.patient_ids, change.record_id)
