"""Backups of a clinic server database: pg_dump archives on this workstation.

The server counterpart of services/backups.py (which dispatches here for server locations):
- `equitone backup` / File → Back up now… write a pg_dump custom-format archive, with
  progress, into `server-backups/` in the user data folder (owner-only, named like file
  backups with `.pgdump`, kept until deleted) or to a chosen file;
- before a schema upgrade a `pre-migration` dump is taken when pg_dump is installed; without
  it the upgrade still runs, because PostgreSQL upgrades in one transaction (a failed
  upgrade changes nothing) — the server's own backups are the administrator's business;
- no daily copy from every workstation (eight rooms would copy the same database eight
  times a day), and no restore over a shared database from one workstation: both are the
  server administrator's tools (`pg_restore`), and the message says so.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from pathlib import Path

from equitone import paths
from equitone.errors import DatabaseError
from equitone.services.output_target import checked_output
from equitone.storage.backup import make_private_dir
from equitone.storage.engines import Probe
from equitone.storage.location import DatabaseLocation
from equitone.storage.pg_dump import (
    Cancelled,
    Progress,
    dump_database,
    find_tool,
)
from equitone.storage.rotation import SERVER_SUFFIX, BackupEntry, backup_name, list_backups

log = logging.getLogger(__name__)

FOLDER = "server-backups"


def backup_folder(location: DatabaseLocation) -> Path:
    return paths.data_dir() / FOLDER


def stem(location: DatabaseLocation) -> str:
    """`dbname@host-port`, safe as a file name."""
    raw = f"{location.database}@{location.host}-{location.port}"
    return re.sub(r"[^A-Za-z0-9._@-]", "_", raw)


def backups_of(location: DatabaseLocation) -> list[BackupEntry]:
    return list_backups(backup_folder(location), stem(location))


def _new_target(location: DatabaseLocation, kind: str, now: datetime | None) -> Path:
    folder = backup_folder(location)
    make_private_dir(folder)
    taken = now or datetime.now().replace(microsecond=0)
    target = folder / backup_name(stem(location), taken, kind, SERVER_SUFFIX)
    while target.exists():
        taken += timedelta(seconds=1)
        target = folder / backup_name(stem(location), taken, kind, SERVER_SUFFIX)
    return target


def _table_count() -> int:
    from equitone.storage.models import Base

    return len(Base.metadata.tables) + 1  # + alembic_version


def backup_now(
    location: DatabaseLocation,
    output: Path | None = None,
    *,
    kind: str = "manual",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    now: datetime | None = None,
) -> Path:
    if output is not None:
        target = checked_output(output, location, new_backup=True)
    else:
        if find_tool("pg_dump") is None:
            from equitone.storage.pg_dump import unavailable

            raise unavailable(location)
        target = _new_target(location, kind, now)
    dump_database(location, target, tables=_table_count(), progress=progress,
                  cancelled=cancelled)
    log.info("server backup written: %s (%s, %d bytes)", target.name, kind,
             target.stat().st_size)
    return target


def backup_before_migration(location: DatabaseLocation, found: Probe) -> None:
    """A dump before the upgrade when pg_dump is here; never stops the upgrade (see above)."""
    if find_tool("pg_dump") is None:
        log.warning("no pg_dump here: upgrading the server schema %s without a dump first",
                    found.revision)
        return
    try:
        target = backup_now(location, kind="pre-migration")
    except DatabaseError as exc:
        log.warning("pre-migration dump failed (%s); upgrading in one transaction anyway",
                    type(exc).__name__)
        return
    log.info("pre-migration dump written: %s (schema %s)", target.name, found.revision)


def restore_unavailable(location: DatabaseLocation) -> DatabaseError:
    return DatabaseError(
        f"Equitone does not restore over the shared clinic database {location.display()}: "
        "every workstation uses it. Nothing was changed. The server's administrator restores "
        "a backup with pg_restore (for example: pg_restore --clean --if-exists "
        f"--dbname={location.database} FILE)."
    )
