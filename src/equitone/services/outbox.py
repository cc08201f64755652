"""Writes waiting for the database server: nothing a clinician saves is dropped because the
connection went away.

A write is submitted as a `PendingWrite` whose `attempt()` does the whole service call (and
reports its outcome to whoever asked). When the attempt finds the server unreachable
(ServerUnavailableError), the write is kept, in order, and the outbox is offline; `flush()`
tries the waiting writes again, oldest first, once the server answers. A later write never
overtakes a waiting one: while anything waits, new writes queue behind it.

Exactly once: a write is retried only when its attempt raised, and the transaction it ran was
rolled back by the server (ServerUnavailableError says so) — except when the connection broke
while the COMMIT itself was under way, when the outcome is unknown. Attempts therefore name the
version of the record they were made on (services/concurrency.py): a retry of a write that did
land meets its own version change and sees that the stored record already holds its change.

No Qt here: ui/sync schedules the retries and shows the state.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from equitone import __version__
from equitone.errors import ServerUnavailableError
from equitone.services.journal import Entry, Journal

log = logging.getLogger(__name__)

RECOVERY_FORMAT = "equitone-pending-writes"
RECOVERY_FORMAT_VERSION = 2  # 2: each write has its id and basis (replayable as is)


class Outcome(Enum):
    DONE = "done"  # written now
    QUEUED = "queued"  # kept; written when the server is back


class Result(Enum):
    """What one attempt of a write did (counted and said as it is)."""

    SAVED = "saved"  # written as made
    MERGED = "merged"  # written on top of another workstation's change, which was kept
    HELD = "held"  # clashed with another change: held for the clinician to decide
    REFUSED = "refused"  # not writable any more (signed meanwhile, deleted, a bad value)
    ALREADY = "already"  # found in the database already (an earlier try landed): not written


@dataclass(slots=True)
class Tally:
    """The outcome of writing what waited, in numbers the message can say exactly."""

    saved: int = 0
    merged: int = 0
    held: int = 0
    refused: int = 0
    kept_theirs: int = 0
    already: int = 0
    records: set[str] = field(default_factory=set)  # the records written so far
    held_what: list[str] = field(default_factory=list)  # the held ones' labels, to decide

    def add(self, result: Result | None, record: str | None = None) -> None:
        """Count one write of `record`. Written on top of this workstation's own earlier
        waiting edit of the same record is not a merge with someone else's change."""
        if result is Result.MERGED and record is not None and record in self.records:
            result = Result.SAVED
        if record is not None and result in (None, Result.SAVED, Result.MERGED):
            self.records.add(record)
        if result is Result.ALREADY:
            self.already += 1
        elif result is Result.MERGED:
            self.merged += 1
        elif result is Result.HELD:
            self.held += 1
        elif result is Result.REFUSED:
            self.refused += 1
        else:
            self.saved += 1

    @property
    def written(self) -> int:
        return self.saved + self.merged

    @property
    def total(self) -> int:
        return (self.saved + self.merged + self.held + self.refused + self.kept_theirs
                + self.already)

    def decided(self, what: str, mine_on_top: bool) -> bool:
        """The clinician settled the held change `what`: saved (theirs below it) or theirs
        kept. False when no held change of this count is called so."""
        if what not in self.held_what:
            return False
        self.held_what.remove(what)
        self.held -= 1
        if mine_on_top:
            self.saved += 1
        else:
            self.kept_theirs += 1
        return True

    def text(self) -> str:
        """ "2 waiting changes: 1 saved, 1 merged with a change made elsewhere"."""
        parts = []
        if self.saved:
            parts.append(f"{self.saved} saved")
        if self.merged:
            parts.append(f"{self.merged} merged with a change made elsewhere")
        if self.already:
            parts.append(f"{self.already} already in the database (not written again)")
        if self.kept_theirs:
            parts.append(f"{self.kept_theirs} not saved (theirs kept)")
        if self.held:
            parts.append(f"{self.held} held: it clashed with a change made elsewhere"
                         if self.held == 1 else
                         f"{self.held} held: they clashed with changes made elsewhere")
        if self.refused:
            parts.append(f"{self.refused} could not be saved")
        n = self.total
        changes = f"{n} waiting change{'s' if n != 1 else ''}"
        if n and n == self.saved:
            return f"{changes} saved"
        return f"{changes}: " + ", ".join(parts or ["none"])


@dataclass(slots=True)
class PendingWrite:
    """One change waiting to be written.

    `label` says what the clinician did ("Tag Gluteus medius — left as tight"), `record` which
    record it changes, `intent` what exactly to write as plain JSON values (saved in a
    recovery file if the app must close before the server is back)."""

    label: str
    record: str
    intent: dict[str, Any]
    attempt: Callable[[], Result | None]
    """Write it; None counts as saved. Raises ServerUnavailableError to be kept."""
    queued_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    tries: int = 0
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    basis: dict[str, Any] = field(default_factory=dict)
    """What the server looked like when it began waiting (services/time_travel.py)."""

    def entry(self) -> Entry:
        """The journal's copy: what to write and what it was based on (services/replay.py
        writes it again from this alone)."""
        return {"id": self.id, "label": self.label, "record": self.record,
                "queued_at_utc": _utc(self.queued_at), "intent": self.intent,
                "basis": self.basis}


ErrorHandler = Callable[[PendingWrite, Exception], None]


class Outbox:
    def __init__(
        self, on_error: ErrorHandler | None = None, *, journal: Journal | None = None,
        basis: Callable[[], dict[str, Any]] = dict,
    ) -> None:
        self._queue: list[PendingWrite] = []
        self.offline = False
        self.on_error = on_error
        """Told when a waiting write fails for another reason than the connection during
        `flush()` (it is then dropped from the queue: the handler must tell the user)."""
        self.journal = journal
        """Where a waiting write is kept on disk before `submit` says it is queued."""
        self.basis = basis
        """What the server looked like when an edit was made (identity, change marker)."""
        self.last = Tally()  # what the last flush did

    @property
    def pending(self) -> tuple[PendingWrite, ...]:
        return tuple(self._queue)

    def __len__(self) -> int:
        return len(self._queue)

    def submit(self, write: PendingWrite) -> Outcome:
        """Write now, or keep it when the server is unreachable (or writes already wait).
        Any other failure of the attempt propagates: nothing was queued."""
        if self._queue or self.offline:
            self._keep(write)
            return Outcome.QUEUED
        try:
            write.tries += 1
            write.attempt()
        except ServerUnavailableError:
            self.offline = True
            self._keep(write)
            return Outcome.QUEUED
        return Outcome.DONE

    def _keep(self, write: PendingWrite) -> None:
        """On disk first (when there is a journal), then in the queue."""
        write.basis = self.basis()
        if self.journal is not None:
            try:
                self.journal.add(write.entry())
            except OSError as exc:  # a full or read-only disk: kept in memory, and said
                log.error("a waiting change could not be kept on disk: %s", exc)
        self._queue.append(write)

    def _forget(self, write: PendingWrite) -> None:
        if self.journal is not None:
            try:
                self.journal.done(write.id)
            except OSError as exc:  # replay finds it already written (exactly once)
                log.error("the waiting-edits journal could not be updated: %s", exc)

    def flush(self) -> int:
        """Try the waiting writes in order; stop (offline again) at the first that finds the
        server unreachable. Returns how many were written (saved or merged); `last` says
        exactly what happened to each."""
        self.last = tally = Tally()
        if self.journal is None:
            return self._flush(tally)
        with self.journal.batch():  # one rewrite of the journal at the end, not many
            return self._flush(tally)

    def _flush(self, tally: Tally) -> int:
        while self._queue:
            write = self._queue[0]
            try:
                write.tries += 1
                result = write.attempt()
            except ServerUnavailableError:
                self.offline = True
                return tally.written
            except Exception as exc:  # refused (or a bug): dropped, and the handler tells why
                self._queue.pop(0)
                self._forget(write)
                tally.add(Result.REFUSED)
                if self.on_error is None:
                    raise
                self.on_error(write, exc)
                continue
            self._queue.pop(0)
            self._forget(write)
            tally.add(result, write.record)
            if result is Result.HELD:
                tally.held_what.append(write.label)
        self.offline = False
        return tally.written

    def mark_offline(self) -> None:
        """Someone else (a read, the poll) found the server unreachable."""
        self.offline = True

    def discard(self) -> list[PendingWrite]:
        """Drop every waiting write (after they were saved to a recovery file)."""
        dropped, self._queue = self._queue, []
        for write in dropped:
            self._forget(write)
        return dropped

    # -- recovery file ----------------------------------------------------------------------
    def save_recovery(self, folder: Path, database: str) -> Path:
        """Write the waiting writes to a new JSON file in `folder` (readable by the owner
        only: it holds clinical data); returns its path. The queue is left as it is."""
        return write_recovery_file(folder, database, [w.entry() for w in self._queue])


NOTE = ("Changes made while the database server could not be reached; they were NOT saved in "
        "the database. Each entry says what was changed and to what. File > Open recovery "
        "file... in Equitone offers to save them.")


def recovery_folder() -> Path:
    from equitone import paths

    return paths.data_dir() / "recovery"


def write_recovery_file(
    folder: Path, database: str, entries: list[Entry], *, note: str = NOTE,
    stem: str = "pending",
) -> Path:
    """A new owner-only JSON file in `folder` holding `entries`, on disk (fsync) when this
    returns."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stem}-{stamp}.json"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{stamp}-{n}.json"
    document = {
        "format": RECOVERY_FORMAT,
        "format_version": RECOVERY_FORMAT_VERSION,
        "saved_at_utc": _utc(datetime.now(UTC)),
        "equitone_version": __version__,
        "database": database,
        "note": note,
        "writes": entries,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return path


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
