"""What the clinician sees when a save clashes with a change made on another workstation: who
changed what and when (the service's message, from the audit trail), what their own change
was, and the choice to put theirs on top or keep the other one. Nothing either side typed is
lost: the other change stays in the History whichever is chosen, and a text of one's own that
is not saved goes to the clipboard.

Whoever counts what happened to a change (the status bar's word after an outage) hears each
decision through `on_decided`: a change held by a clash is not settled until it is made."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtWidgets import QApplication, QWidget

from equitone.ui import prompts

MINE_ON_TOP = "Put mine on top"
KEEP_THEIRS = "Keep theirs"


class Resolution(Enum):
    MINE_ON_TOP = "mine"
    KEEP_THEIRS = "theirs"


Decided = Callable[[str, Resolution], None]
_listeners: list[Decided] = []


def on_decided(listener: Decided) -> Callable[[], None]:
    """Call `listener(mine, resolution)` after every decision; returns the way to stop."""
    _listeners.append(listener)

    def stop() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return stop


def conflict_text(error: str, mine: str, mine_text: str | None) -> str:
    keep = "shows their version"
    if mine_text:
        keep += " and copies your text to the clipboard"
    return (
        f"{error}\n\nYour change: {mine}.\n\n"
        f"“{MINE_ON_TOP}” saves your change over theirs; “{KEEP_THEIRS}” {keep}. "
        "Their change stays in the History tab either way."
    )


def resolve(
    parent: QWidget | None, title: str, error: str, mine: str, mine_text: str | None = None
) -> Resolution:
    """Ask; on "keep theirs" put `mine_text` (what the clinician typed) on the clipboard."""
    answer = prompts.bridge.choose(
        parent, title, conflict_text(error, mine, mine_text), (MINE_ON_TOP, KEEP_THEIRS),
        default=1, escape=1,
    )
    resolution = Resolution.MINE_ON_TOP if answer == 0 else Resolution.KEEP_THEIRS
    if resolution is Resolution.KEEP_THEIRS and mine_text:
        QApplication.clipboard().setText(mine_text)
    decided(mine, resolution)
    return resolution


def decided(what: str, resolution: Resolution) -> None:
    """Tell whoever counts (`on_decided`) how the clash of the change `what` was settled
    (`resolve` does; a screen that asks in its own way calls this itself)."""
    for listener in list(_listeners):
        listener(what, resolution)
