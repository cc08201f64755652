"""The change bus: every listener hears every change, in order, at once; a lost connection in
one screen's re-read does not keep the others from hearing it; an edit, its undo and its redo
say who started them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from equitone.errors import ServerUnavailableError
from equitone.services.changes import Change, Entity, Origin
from equitone.ui.edits import Clash, Operation
from equitone.ui.operations import Operations


class Screen:
    def __init__(self) -> None:
        self.refusals: list[str] = []
        self.clashes: list[Clash] = []

    def refused(self, text: str) -> None:
        self.refusals.append(text)

    def clashed(self, clash: Clash) -> None:
        self.clashes.append(clash)


class Rename(Operation):
    """Stands for any edit: "stores" a name and publishes it."""

    def __init__(self, ops: Operations, screen: Screen, store: list[str], name: str) -> None:
        super().__init__(f"Rename to {name}", ops, screen, Entity.PATIENT, 7)
        self.store, self.name, self.before = store, name, store[-1]

    def forward(self) -> None:
        if not self.name:
            self.refused("A name cannot be empty.")
            return
        self.store.append(self.name)
        self.changed(7, self.name)

    def backward(self) -> None:
        self.store.append(self.before)
        self.changed(7, self.before)


def test_an_edit_its_undo_and_its_redo_each_publish_one_change(qtbot: QtBot) -> None:
    ops, screen, store = Operations(), Screen(), ["Ada"]
    heard: list[Change] = []
    ops.listen(heard.append)
    ops.push(Rename(ops, screen, store, "Ada L."))
    ops.undo_stack.undo()
    ops.undo_stack.redo()
    assert [(c.origin, c.detail) for c in heard] == [
        (Origin.EDIT, "Ada L."), (Origin.UNDO, "Ada"), (Origin.EDIT, "Ada L.")]
    assert all(c.kinds == {Entity.PATIENT} and c.touches(7) and not c.touches(8)
               and c.record_id == 7 and c.initiator is screen and not c.pending for c in heard)


def test_a_refused_edit_is_not_kept_and_only_its_screen_hears(qtbot: QtBot) -> None:
    ops, screen, store = Operations(), Screen(), ["Ada"]
    heard: list[Change] = []
    ops.listen(heard.append)
    ops.push(Rename(ops, screen, store, ""))
    assert screen.refusals == ["A name cannot be empty."] and heard == []
    assert ops.undo_stack.count() == 0


def test_listeners_hear_in_order_and_a_lost_connection_is_raised_after_all(
    qtbot: QtBot,
) -> None:
    ops, heard = Operations(), []

    def gone(_change: Change) -> None:
        heard.append("list")
        raise ServerUnavailableError("The server cannot be reached.")

    ops.listen(gone)
    ops.listen(lambda _change: heard.append("page"))
    with pytest.raises(ServerUnavailableError):
        ops.publish(Change(Origin.ELSEWHERE, frozenset({Entity.SESSION}), frozenset({1})))
    assert heard == ["list", "page"]


def test_a_screen_that_is_gone_hears_nothing_more(qtbot: QtBot) -> None:
    ops, heard = Operations(), []
    owner = QObject()
    ops.listen(heard.append, owner)
    ops.publish(Change(Origin.EDIT, everything=True))
    owner.deleteLater()
    qtbot.waitUntil(lambda: not ops._listeners)
    ops.publish(Change(Origin.EDIT, everything=True))
    assert len(heard) == 1


def test_what_a_change_is_about() -> None:
    one = Change.of(Entity.ASSESSMENT, 3, Origin.UNDO, record_id=11)
    assert one.about(Entity.ASSESSMENT) and not one.about(Entity.SESSION) and not one.empty
    assert Change(Origin.ELSEWHERE).empty
    everything = Change(Origin.ELSEWHERE, everything=True)
    assert everything.touches(99) and everything.about(Entity.PATIENT)
