"""What the clinician sees when a save clashes with a change made on another workstation: who
changed what and when (the service's message, from the audit trail), what their own change
was, and the choice to put theirs on top or keep the other one. Nothing either side typed is
lost: the other change stays in the History whichever is chosen, and a text of one's own that
is not saved goes to the clipboard."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QApplication, QWidget

from equitone.ui import prompts

MINE_ON_TOP = "Put mine on top"
KEEP_THEIRS = "Keep theirs"


class Resolution(Enum):
    MINE_ON_TOP = "mine"
    KEEP_THEIRS = "theirs"


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
    if answer == 0:
        return Resolution.MINE_ON_TOP
    if mine_text:
        QApplication.clipboard().setText(mine_text)
    return Resolution.KEEP_THEIRS
