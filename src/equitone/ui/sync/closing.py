"""Closing the window while changes wait for the server: say so, and let the clinician keep
waiting, try once more, or save the changes to a recovery file — never drop them silently."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from equitone.ui import prompts
from equitone.ui.sync.controller import SyncController

KEEP_WAITING, TRY_NOW, SAVE_FILE = range(3)
CHOICES = ("Keep waiting", "Try again now", "Save them to a file and quit")
_LISTED = 8


def waiting_text(sync: SyncController) -> str:
    writes = sync.outbox.pending
    lines = [f"• {w.label}" for w in writes[:_LISTED]]
    if len(writes) > _LISTED:
        lines.append(f"• … and {len(writes) - _LISTED} more")
    n = len(writes)
    return (
        f"{n} change{'s' if n != 1 else ''} made while the database could not be reached "
        f"{'are' if n != 1 else 'is'} not saved yet:\n\n" + "\n".join(lines) + "\n\n"
        "Keep Equitone open and they are saved as soon as the server answers. Or save them to "
        "a recovery file and quit: they are then NOT in the database; File → Open recovery "
        "file… offers them again."
    )


def may_close(parent: QWidget, sync: SyncController) -> bool:
    """True when the window may close now (nothing waits, or it was saved to a file)."""
    while sync.waiting:
        answer = prompts.bridge.choose(
            parent, "Changes not saved yet", waiting_text(sync), CHOICES, default=KEEP_WAITING,
            escape=KEEP_WAITING)
        if answer == TRY_NOW:
            if sync.flush_now():
                return True
            continue
        if answer == SAVE_FILE:
            count = sync.waiting
            path = sync.save_recovery()
            prompts.bridge.info(
                parent, "Saved to a file",
                f"The {count} unsaved change{'s are' if count != 1 else ' is'} in {path}. "
                "They are not in the database: once the server is back, File → Open recovery "
                "file… offers them again.")
            return True
        return False
    return True
