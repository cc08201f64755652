"""The outbox on disk: every edit that waits for the database server is in a journal file in
the user data folder before the window shows it as waiting, and leaves it once the server has
confirmed it — so a crash, a power cut or a kill loses nothing the clinician was told is kept.

One journal per database (named by a hash of its description: no server address in the file
name), owner-only (0600, in a 0700 folder). It is a log of JSON lines:

    {"op": "wait", "entry": {...}}   an edit began waiting (the entry says what to write)
    {"op": "done", "id": "..."}      that edit is in the database (or was declined)

Each line is appended with one `write()` on an O_APPEND descriptor before `add()` returns:
from then on it survives any end of the process (a crash, a SIGKILL: the operating system
holds it). The fsync that also carries it through a power cut follows on a worker thread a
few milliseconds later (services/file_sync.py) — an fsync costs ~4 ms on an ordinary virtual
disk, twice what an edit may wait. A kill leaves at most a torn last line, which reading
ignores (its edit was never shown as waiting: the append had not returned). A lost "done"
line costs nothing but an offer: the replay finds that edit already written.

A "done" line is appended but not fsync'd on its own: losing it to a power cut costs an offer,
never an edit, and a replay of a thousand edits would otherwise pay a second disk flush for
each of the database's own. It reaches the disk with the next fsync of the file.

When nothing waits any more the file is removed; otherwise, once the done lines outnumber the
waiting ones, it is rewritten with only what still waits (a temporary file, fsync, rename:
old or new, never half). Inside `batch()` (a replay of many edits) that rewrite waits for the
end of the batch: once, not every time the done lines pile up again.

No password, no connection address and no more patient data than the edit itself: an entry
holds the record's id and version, the values the edit changes (before and after), and a
label in the clinician's words. No Qt here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from equitone import paths
from equitone.services.file_sync import Syncer

log = logging.getLogger(__name__)

FOLDER = "waiting"
Entry = dict[str, Any]


def journal_folder() -> Path:
    return paths.data_dir() / FOLDER


def journal_path(database: str, folder: Path | None = None) -> Path:
    """The journal of the database described as `database` (Database.describe())."""
    key = hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]
    return (folder if folder is not None else journal_folder()) / f"{key}.jsonl"


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # not on every platform
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class Journal:
    """The waiting edits of one database, on disk. Not shared between processes: one window
    owns it (a second instance of Equitone is refused at start)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._waiting: dict[str, Entry] = {}
        self._done_lines = 0
        self._descriptor: int | None = None
        self._torn = False  # the file ends in a torn line: rewrite before appending to it
        self._batches = 0  # inside batch(): compact at its end, not on the way
        self._syncer = Syncer()
        self._read()

    # -- reading ---------------------------------------------------------------------------
    def _read(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        self._torn = bool(text) and not text.endswith("\n")
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except ValueError:  # a torn last line: its append never returned
                log.warning("a torn line in the waiting-edits journal was ignored")
                continue
            if not isinstance(record, dict):
                continue
            if record.get("op") == "wait" and isinstance(record.get("entry"), dict):
                entry = record["entry"]
                self._waiting[str(entry.get("id"))] = entry
            elif record.get("op") == "done":
                self._waiting.pop(str(record.get("id")), None)
                self._done_lines += 1
        if not self._waiting:  # all done (stopped before it was removed): nothing to keep
            self.clear()

    @property
    def waiting(self) -> list[Entry]:
        """What still waits, oldest first."""
        return list(self._waiting.values())

    def __len__(self) -> int:
        return len(self._waiting)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._waiting

    # -- writing ---------------------------------------------------------------------------
    def _append(self, record: Mapping[str, Any], *, durable: bool = True) -> None:
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        if self._torn:  # an append after a torn line would be read as part of it
            self.compact()
        if self._descriptor is None:
            folder = self.path.parent
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._descriptor = os.open(
                self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        written = os.write(self._descriptor, line)
        if written != len(line):  # a full disk: never leave half a line behind silently
            raise OSError(f"only {written} of {len(line)} bytes reached {self.path}")
        if durable:
            self._syncer.request(self._descriptor)

    def add(self, entry: Entry) -> None:
        """Keep `entry` (it must have a unique "id"); in the file when this returns (fsync'd
        moments later)."""
        self._append({"op": "wait", "entry": entry})
        self._waiting[str(entry["id"])] = entry

    def done(self, entry_id: str) -> None:
        """The edit is in the database (or the clinician declined it): forget it."""
        if entry_id not in self._waiting:
            return
        self._append({"op": "done", "id": entry_id}, durable=False)
        del self._waiting[entry_id]
        self._done_lines += 1
        if not self._waiting:
            self.clear()
        elif not self._batches and self._piled_up():
            self.compact()

    def _piled_up(self) -> bool:
        return self._done_lines > max(32, len(self._waiting))

    def done_many(self, entry_ids: Iterable[str]) -> None:
        with self.batch():
            for entry_id in entry_ids:
                self.done(entry_id)

    @contextmanager
    def batch(self) -> Iterator[Journal]:
        """Many edits confirmed one after the other (a replay): each done line is appended as
        its edit is confirmed, but the file is rewritten at most once, at the end."""
        self._batches += 1
        try:
            yield self
        finally:
            self._batches -= 1
            if not self._batches and self._waiting and self._piled_up():
                self.compact()

    def compact(self) -> None:
        """Rewrite the file with only what still waits (atomically)."""
        self.close()
        temporary = self.path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            for entry in self._waiting.values():
                handle.write(json.dumps({"op": "wait", "entry": entry}, ensure_ascii=False,
                                        separators=(",", ":")) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(self.path)
        _fsync_folder(self.path.parent)
        self._done_lines = 0
        self._torn = False

    def clear(self) -> None:
        """Nothing waits: remove the file."""
        self.close()
        self._waiting.clear()
        self._done_lines = 0
        self._torn = False
        try:
            self.path.unlink()
        except FileNotFoundError:
            return
        _fsync_folder(self.path.parent)

    def close(self) -> None:
        """Wait for the last fsync, then let go of the file."""
        if self._descriptor is not None:
            self._syncer.wait()
            os.close(self._descriptor)
            self._descriptor = None
