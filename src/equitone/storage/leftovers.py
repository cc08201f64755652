"""Temporary files left by a backup or a restore that was killed half-way, found and removed
at the next start.

A copy is written as `.<target>.<pid>.<random>.part` (storage/backup.py) and a restore stages
its verified copy as `.<database>.<pid>.restoring`; each is renamed into place or deleted when
the work ends — unless the process is killed, which leaves a file as large as the database
(49 killed restores once left 1.5 GB). The pid in the name tells a leftover (its process is
gone) from a copy still being written by another Equitone (its process is alive, e.g. a
window's daily backup); files named before pids were part of the name are removed once they
are a day old.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from pathlib import Path

from equitone.storage.backup import PART_SUFFIX, RESTORING_SUFFIX

log = logging.getLogger(__name__)

_SIDECAR = r"(?:-journal|-wal|-shm)?"
_WITH_PID = re.compile(
    rf"^\.(?P<base>.+)\.(?P<pid>\d+)(?:\.[^.]+{re.escape(PART_SUFFIX)}|"
    rf"{re.escape(RESTORING_SUFFIX)}){_SIDECAR}$"
)
_WITHOUT_PID = re.compile(
    rf"^\.(?P<base>.+)(?:\.[^.]+{re.escape(PART_SUFFIX)}|{re.escape(RESTORING_SUFFIX)})"
    rf"{_SIDECAR}$"
)
OLD_ENOUGH_S = 24 * 3600


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) would end the process there; the age rule decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process
        return True
    return True


def _stale(path: Path, now: float) -> bool:
    match = _WITH_PID.match(path.name)
    if match is not None and not _alive(int(match["pid"])):
        return True
    if match is None and _WITHOUT_PID.match(path.name) is None:
        return False
    try:
        return now - path.stat().st_mtime > OLD_ENOUGH_S
    except OSError:
        return False


def leftovers(folder: Path, belongs: str) -> list[Path]:
    """Stale temporary copies in `folder` whose target's name starts with `belongs`."""
    now = time.time()
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    return sorted(
        child for child in children
        # `..<database>.<pid>.restoring.<pid>.<random>.part`: the copy into a restore's stage
        if child.name.startswith(".") and child.name.lstrip(".").startswith(belongs)
        and _stale(child, now) and child.is_file()
    )


def remove_leftovers(database: Path, backups: Path) -> list[Path]:
    """Remove the stale copies of a restore of `database` (beside it) and of its backups
    (in `backups`); returns what was removed. Never raises: a file that cannot be removed
    is logged and tried again at the next start."""
    removed = []
    for folder, belongs in ((database.parent, database.name), (backups, f"{database.stem}-")):
        for path in leftovers(folder, belongs):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                log.warning("cannot remove the leftover %s: %s", path.name, exc.strerror)
                continue
            removed.append(path)
    if removed:
        log.info("removed %d leftover(s) of interrupted backups or restores", len(removed))
    return removed
