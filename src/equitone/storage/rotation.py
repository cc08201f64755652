"""Names of backup files and which of them to keep.

Backups live in `backups/` beside the database (paths.backups_dir) and are named
`<database stem>-<YYYY-MM-DD>T<HHMMSS>-<kind>.sqlite3`, so a listing sorts by time, several
databases can share a folder, and nothing but the name is needed to rotate them. Dumps of a
clinic server (pg_dump's custom format) are named the same way with `.pgdump`.

Kinds and how long they stay:
- `daily` (first start of each day): the newest of each of the last 7 days that have one, plus
  the newest of each of the last 4 calendar weeks (ISO weeks) that have one;
- `pre-migration` and `pre-restore` (taken automatically before a risky switch): newest 10;
- `manual` (File → Back up now…, `equitone backup`): kept until the user deletes them;
- `unusable` (a damaged file set aside by a restore, never a restore candidate): newest 10;
- `damaged` (a copy that failed its check while it was taken: the database was damaged;
  never a restore candidate, never counted among the dailies): newest 10.

Whatever the rules, the newest backup known to be good is never removed (the caller names
it), and a backup dated in the future — taken while the clock was wrong — neither takes one
of the day and week slots of the real ones nor counts as newer than them: such backups are
kept apart (newest 10) and are the last candidates for "newest good backup".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

KINDS = ("daily", "manual", "pre-migration", "pre-restore", "unusable", "damaged")
RESTORABLE = ("daily", "manual", "pre-migration", "pre-restore")
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_SAFETY = 10
# Local time stamps: a change of daylight saving time moves the clock back by an hour, so
# only a backup more than this far ahead of now counts as dated in the future.
FUTURE_TOLERANCE = timedelta(hours=2)
SUFFIX = ".sqlite3"
SERVER_SUFFIX = ".pgdump"

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{4}-\d{2}-\d{2}T\d{6})-(?P<kind>"
    + "|".join(re.escape(k) for k in KINDS)
    + r")\.(sqlite3|pgdump)$"
)
STAMP = "%Y-%m-%dT%H%M%S"


@dataclass(frozen=True, slots=True)
class BackupEntry:
    path: Path
    stem: str
    taken: datetime
    kind: str


def backup_name(stem: str, taken: datetime, kind: str, suffix: str = SUFFIX) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    return f"{stem}-{taken.strftime(STAMP)}-{kind}{suffix}"


def parse_name(path: Path) -> BackupEntry | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match["stamp"], STAMP)
    except ValueError:
        return None
    return BackupEntry(path=path, stem=match["stem"], taken=taken, kind=match["kind"])


def list_backups(directory: Path, stem: str) -> list[BackupEntry]:
    """Backups of the database named `stem` in `directory`, newest first."""
    if not directory.is_dir():
        return []
    found = [
        entry
        for child in directory.iterdir()
        if (entry := parse_name(child)) is not None and entry.stem == stem and child.is_file()
    ]
    return sorted(found, key=lambda e: (e.taken, e.path.name), reverse=True)


def is_future(entry: BackupEntry, now: datetime) -> bool:
    """Dated after now (beyond the tolerance): taken while the clock was wrong."""
    return entry.taken > now + FUTURE_TOLERANCE


def by_trust(entries: list[BackupEntry], now: datetime) -> list[BackupEntry]:
    """Newest first, those dated in the future after all the others (their date says
    nothing about how recent their content is)."""
    newest_first = sorted(entries, key=lambda e: (e.taken, e.path.name), reverse=True)
    return sorted(newest_first, key=lambda e: is_future(e, now))


def to_delete(
    entries: list[BackupEntry], *, now: datetime | None = None, keep: Path | None = None
) -> list[BackupEntry]:
    """The backups rotation removes (entries of one database, any order). `keep` (the
    newest good backup) is never among them."""
    now = now or datetime.now()
    newest_first = sorted(entries, key=lambda e: (e.taken, e.path.name), reverse=True)
    future = [e for e in newest_first if is_future(e, now)]
    present = [e for e in newest_first if not is_future(e, now)]
    kept: set[Path] = {e.path for e in future[:KEEP_SAFETY]}
    kept.update(e.path for e in future if e.kind == "manual")
    if keep is not None:
        kept.add(keep)
    daily = [e for e in present if e.kind == "daily"]
    days: dict[object, BackupEntry] = {}
    weeks: dict[object, BackupEntry] = {}
    for entry in daily:  # newest first: the first seen of a day/week is its newest
        days.setdefault(entry.taken.date(), entry)
        weeks.setdefault(entry.taken.isocalendar()[:2], entry)
    kept.update(e.path for e in list(days.values())[:KEEP_DAILY])
    kept.update(e.path for e in list(weeks.values())[:KEEP_WEEKLY])
    for kind in ("pre-migration", "pre-restore", "unusable", "damaged"):
        kept.update(e.path for e in [e for e in present if e.kind == kind][:KEEP_SAFETY])
    kept.update(e.path for e in present if e.kind == "manual")
    return [e for e in newest_first if e.path not in kept]
