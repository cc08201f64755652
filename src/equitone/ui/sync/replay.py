"""Offering changes that waited for the server when Equitone last stopped — or that a recovery
file holds — and writing the ones the clinician accepts (services/replay.py), after checking
that the server has not gone back in time (services/time_travel.py).

Nothing is written before the clinician has seen the list; nothing is written on a server
that looks older than the changes until the clinician has seen how. Each write is counted as
what it was (saved, merged, kept theirs, held, not saved) and said that way; every change not
written ends up in a readable file whose place is said too.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from equitone.errors import ServerUnavailableError
from equitone.services import replay as service
from equitone.services import time_travel
from equitone.services.journal import Entry
from equitone.services.outbox import Result, Tally
from equitone.ui import prompts
from equitone.ui.sync.conflict import Resolution, resolve
from equitone.ui.sync.controller import SyncController
from equitone.ui.sync.replay_dialog import ReplayDialog

log = logging.getLogger(__name__)

WRITE_ANYWAY, TO_FILE, NOT_NOW = range(3)
OLDER_CHOICES = ("Write them anyway", "Keep them in a file", "Not now")
_SHOWN_DIFFERENCES = 8


def went_back_text(differences: Sequence[time_travel.Difference], count: int) -> str:
    lines = [f"• {d.text}" for d in differences[:_SHOWN_DIFFERENCES]]
    if len(differences) > _SHOWN_DIFFERENCES:
        lines.append(f"• … and {len(differences) - _SHOWN_DIFFERENCES} more")
    many = count != 1
    return (
        f"The database looks older than when the {count} waiting change{'s' if many else ''} "
        f"{'were' if many else 'was'} made, so nothing has been written:\n\n"
        + "\n".join(lines) + "\n\n"
        "Changes saved after that backup — on this workstation or another — may be missing "
        "from the database. Writing anyway puts these changes on the records as they are "
        "now; keeping them in a file writes nothing and tells you where the file is."
    )


def ask_older(parent: QWidget | None, differences: Sequence[time_travel.Difference],
              count: int) -> int:
    return prompts.bridge.choose(parent, "The database went back in time",
                                 went_back_text(differences, count), OLDER_CHOICES,
                                 default=NOT_NOW, escape=NOT_NOW)


def _pending(sync: SyncController) -> list[Entry]:
    """Journaled entries that are not this run's live writes (those the outbox writes)."""
    live = {w.id for w in sync.outbox.pending}
    return [e for e in sync.journal.waiting if str(e.get("id")) not in live]


def offer(parent: QWidget | None, sync: SyncController, source: str) -> Tally | None:
    """Offer what the journal holds from before (None: nothing was decided now)."""
    entries = _pending(sync)
    sync.leftovers = []
    if not entries:
        return None
    try:
        shown = service.describe(sync.db, entries)
        differences = time_travel.differences(sync.db, entries,
                                              {s.id: f"{s.what}, {s.whom}" for s in shown})
    except ServerUnavailableError:
        sync.note_offline()
        sync.leftovers = entries  # offered again when the server answers
        return None
    if differences:
        answer = ask_older(parent, differences, len(entries))
        if answer == TO_FILE:
            _say_declined(parent, Tally(), _decline(sync, entries))
            return Tally()
        if answer != WRITE_ANYWAY:
            return None
    choice = prompts.bridge.ask(ReplayDialog(shown, source, parent))
    if choice is None:
        return None
    by_id = {str(e["id"]): e for e in entries}
    tally, declined = _write(parent, sync, [by_id[i] for i in choice.save], shown)
    declined += [by_id[i] for i in choice.decline]
    path = _decline(sync, declined) if declined else None
    sync.refresh_screens()
    _say_declined(parent, tally, path, declined=len(choice.decline))
    return tally


def _write(
    parent: QWidget | None, sync: SyncController, entries: list[Entry],
    shown: list[service.Shown],
) -> tuple[Tally, list[Entry]]:
    """Replay in order; held ones are the clinician's to decide. Returns the tally and what
    was not written (kept theirs, not writable)."""
    tally, declined, run = Tally(), [], service.Run()
    labels = {s.id: s for s in shown}
    with sync.journal.batch():  # one rewrite of the journal at the end, not many
        for index, entry in enumerate(entries):
            try:
                done = service.replay_and_forget(sync.db, sync.journal, entry, run=run)
                if done.result is Result.HELD:
                    what = labels[str(entry["id"])]
                    mine = f"{what.what} ({what.whom}, {what.when})"
                    if resolve(parent, "Changed on another workstation", done.message,
                               mine) is Resolution.MINE_ON_TOP:
                        done = service.replay_and_forget(sync.db, sync.journal, entry,
                                                         on_top=True)
                    else:
                        tally.kept_theirs += 1
                        declined.append(entry)
                        continue
            except ServerUnavailableError:
                sync.note_offline()
                left = len(entries) - index
                prompts.bridge.error(
                    parent, "Server gone again",
                    f"The database server could not be reached any more; {left} change"
                    f"{'s were' if left != 1 else ' was'} not saved yet and will be offered "
                    "again.")
                return tally, declined
            if done.result is Result.REFUSED:
                log.warning("a replayed change was refused")
                declined.append(entry)
            tally.add(done.result, str(entry.get("record")))
    return tally, declined


def _decline(sync: SyncController, entries: list[Entry]) -> Path:
    return service.decline(sync.journal, entries, sync.db.describe())


def _say_declined(parent: QWidget | None, tally: Tally, path: Path | None, *,
                  declined: int = 0) -> None:
    text = tally.text() + "." if tally.total else ""
    if declined:
        text += (f" {declined} not chosen for saving." if text else
                 f"{declined} change{'s' if declined != 1 else ''} not chosen for saving.")
    if path is not None:
        text += f"\n\nWhat was not saved is in {path}; File → Open recovery file… offers it again."
    prompts.bridge.info(parent, "Changes from before", text.strip())


def open_recovery_file(parent: QWidget | None, sync: SyncController, path: Path) -> None:
    """File → Open recovery file…: its changes join the journal, then the same offer."""
    from equitone.errors import EquitoneError

    try:
        entries = service.read_recovery(path)
        service.take_in(sync.journal, entries)
    except (EquitoneError, OSError) as exc:
        prompts.bridge.error(parent, "Open recovery file", str(exc))
        return
    if not _pending(sync):
        prompts.bridge.info(parent, "Open recovery file",
                            f"{path.name} holds no change that is not already waiting here.")
        return
    offer(parent, sync, f"in {path.name}")


LEFT_FROM_BEFORE = ("while the database server could not be reached, before Equitone last "
                    "stopped,")


def wire(parent: QWidget, sync: SyncController) -> None:
    """The window's answers to the controller: offer the changes left from before once the
    server answers; show what differs when it went back in time; say what a flush did."""
    from PySide6.QtCore import QTimer

    def older(differences: list[time_travel.Difference]) -> None:
        answer = ask_older(parent, differences, sync.waiting)
        if answer == WRITE_ANYWAY:
            sync.write_anyway()
        elif answer == TO_FILE:
            count, path = sync.waiting, sync.save_recovery()
            prompts.bridge.info(parent, "Kept in a file",
                                f"The {count} waiting change{'s are' if count != 1 else ' is'}"
                                f" not in the database; {'they are' if count != 1 else 'it is'}"
                                f" in {path} (File → Open recovery file… offers them again).")

    sync.leftovers_ready.connect(
        lambda: QTimer.singleShot(0, lambda: offer(parent, sync, LEFT_FROM_BEFORE)))
    sync.went_back.connect(older)
