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
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from equitone import __version__
from equitone.errors import ServerUnavailableError

RECOVERY_FORMAT = "equitone-pending-writes"
RECOVERY_FORMAT_VERSION = 1


class Outcome(Enum):
    DONE = "done"  # written now
    QUEUED = "queued"  # kept; written when the server is back


@dataclass(slots=True)
class PendingWrite:
    """One change waiting to be written.

    `label` says what the clinician did ("Tag Gluteus medius — left as tight"), `record` which
    record it changes, `intent` what exactly to write as plain JSON values (saved in a
    recovery file if the app must close before the server is back)."""

    label: str
    record: str
    intent: dict[str, Any]
    attempt: Callable[[], None]
    queued_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    tries: int = 0


ErrorHandler = Callable[[PendingWrite, Exception], None]


class Outbox:
    def __init__(self, on_error: ErrorHandler | None = None) -> None:
        self._queue: list[PendingWrite] = []
        self.offline = False
        self.on_error = on_error
        """Told when a waiting write fails for another reason than the connection during
        `flush()` (it is then dropped from the queue: the handler must tell the user)."""

    @property
    def pending(self) -> tuple[PendingWrite, ...]:
        return tuple(self._queue)

    def __len__(self) -> int:
        return len(self._queue)

    def submit(self, write: PendingWrite) -> Outcome:
        """Write now, or keep it when the server is unreachable (or writes already wait).
        Any other failure of the attempt propagates: nothing was queued."""
        if self._queue or self.offline:
            self._queue.append(write)
            return Outcome.QUEUED
        try:
            write.tries += 1
            write.attempt()
        except ServerUnavailableError:
            self.offline = True
            self._queue.append(write)
            return Outcome.QUEUED
        return Outcome.DONE

    def flush(self) -> int:
        """Try the waiting writes in order; stop (offline again) at the first that finds the
        server unreachable. Returns how many were written."""
        written = 0
        while self._queue:
            write = self._queue[0]
            try:
                write.tries += 1
                write.attempt()
            except ServerUnavailableError:
                self.offline = True
                return written
            except Exception as exc:  # refused (or a bug): dropped, and the handler tells why
                self._queue.pop(0)
                if self.on_error is None:
                    raise
                self.on_error(write, exc)
                continue
            self._queue.pop(0)
            written += 1
        self.offline = False
        return written

    def mark_offline(self) -> None:
        """Someone else (a read, the poll) found the server unreachable."""
        self.offline = True

    def discard(self) -> list[PendingWrite]:
        """Drop every waiting write (after they were saved to a recovery file)."""
        dropped, self._queue = self._queue, []
        return dropped

    # -- recovery file ----------------------------------------------------------------------
    def recovery_document(self, database: str) -> dict[str, Any]:
        return {
            "format": RECOVERY_FORMAT,
            "format_version": RECOVERY_FORMAT_VERSION,
            "saved_at_utc": _utc(datetime.now(UTC)),
            "equitone_version": __version__,
            "database": database,
            "note": "Changes made while the database server could not be reached; they were "
                    "NOT saved in the database. Each entry says what was changed and to what.",
            "writes": [
                {"label": w.label, "record": w.record, "queued_at_utc": _utc(w.queued_at),
                 "intent": w.intent}
                for w in self._queue
            ],
        }

    def save_recovery(self, folder: Path, database: str) -> Path:
        """Write the waiting writes to a new JSON file in `folder` (readable by the owner
        only: it holds clinical data); returns its path. The queue is left as it is."""
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"pending-{stamp}.json"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"pending-{stamp}-{n}.json"
        text = json.dumps(self.recovery_document(database), ensure_ascii=False, indent=2)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        return path


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
