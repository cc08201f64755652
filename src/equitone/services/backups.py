"""Backups and restore: the use-cases behind `equitone backup|restore`, File → Back up now… /
Restore…, the daily backup at start-up and the backup before every schema migration.

Files are owner-only (storage/backup.py writes them 0600 in a 0700 folder). See
storage/rotation.py for names and what rotation keeps, storage/switch.py for how a restore
replaces the file atomically.

Every function takes the database as a file path or a `DatabaseLocation`; a clinic server's
location is handed to services/server_backups.py (pg_dump), so callers need not know which
engine holds the data.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from equitone import paths
from equitone.errors import DatabaseBusyError, DatabaseError, NewerSchemaError, ValidationError
from equitone.services import server_backups
from equitone.services.output_target import checked_output
from equitone.storage import switch
from equitone.storage.backup import (
    BackupCancelledError,
    Cancelled,
    Inspection,
    Progress,
    copy_database,
    inspect,
    make_private_dir,
    staging_name,
)
from equitone.storage.database import Probe, probe
from equitone.storage.failures import DamagedDatabaseError
from equitone.storage.files import FileProblemError, regular_file, same_file
from equitone.storage.leftovers import remove_leftovers
from equitone.storage.location import DatabaseLocation
from equitone.storage.pg_dump import DumpCancelledError
from equitone.storage.rotation import (
    RESTORABLE,
    SERVER_SUFFIX,
    SUFFIX,
    BackupEntry,
    backup_name,
    by_trust,
    list_backups,
    to_delete,
)

log = logging.getLogger(__name__)


Where = Path | DatabaseLocation


def _server(where: Where) -> DatabaseLocation | None:
    """The server location, or None when `where` is a file."""
    return where if isinstance(where, DatabaseLocation) and where.is_server else None


def _file(where: Where) -> Path:
    if isinstance(where, DatabaseLocation):
        assert where.path is not None
        return where.path
    return where


@dataclass(frozen=True, slots=True)
class Restored:
    """A finished restore: what was put in place and where the previous file was kept."""

    database: Path
    source: Inspection
    kept: Path | None


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def backup_folder(where: Where) -> Path:
    server = _server(where)
    if server is not None:
        return server_backups.backup_folder(server)
    return paths.backups_dir(_file(where))


def backups_of(where: Where) -> list[BackupEntry]:
    """Every backup of the database in its backups folder, newest first."""
    server = _server(where)
    if server is not None:
        return server_backups.backups_of(server)
    database = _file(where)
    try:
        regular_file(database)
    except FileProblemError as problem:
        raise DatabaseError(f"Cannot use {database} as the database: {problem}.") from None
    return list_backups(backup_folder(database), database.stem)


def _new_target(database: Path, kind: str, now: datetime | None) -> Path:
    folder = backup_folder(database)
    make_private_dir(folder)
    taken = now or _now()
    target = folder / backup_name(database.stem, taken, kind)
    while target.exists():  # two backups within one second: the next free second
        taken += timedelta(seconds=1)
        target = folder / backup_name(database.stem, taken, kind)
    return target


def never_used(database: Path) -> bool:
    """True for an empty database file with no backup of it and no journal beside it: what a
    first creation killed before its first write leaves (not a clinic that lost its data)."""
    try:
        if database.stat().st_size:
            return False
    except OSError:
        return False
    beside = [Path(f"{database}{suffix}") for suffix in ("-wal", "-journal")]
    return not backups_of(database) and not any(
        p.exists() and p.stat().st_size for p in beside
    )


def clean_leftovers(where: Where) -> list[Path]:
    """Remove what killed backups and restores of this database left behind (at every start;
    storage/leftovers.py). Nothing for a server."""
    if _server(where) is not None:
        return []
    database = _file(where)
    return remove_leftovers(database, backup_folder(database))


def suggested_backup(where: Where, now: datetime | None = None) -> Path:
    """The file File → Back up now… proposes: a manual backup in the backups folder (beside
    the database file when that folder cannot be made)."""
    server = _server(where)
    if server is not None:
        folder, stem, suffix = (server_backups.backup_folder(server),
                                server_backups.stem(server), SERVER_SUFFIX)
        fallback = paths.data_dir()
    else:
        database = _file(where)
        folder, stem, suffix = backup_folder(database), database.stem, SUFFIX
        fallback = database.parent
    try:
        make_private_dir(folder)
    except OSError:
        folder = fallback
    return folder / backup_name(stem, now or _now(), "manual", suffix)


def restore_refusal(where: Where) -> str | None:
    """Why the database cannot be restored from a workstation (a shared server), or None."""
    server = _server(where)
    return str(server_backups.restore_unavailable(server)) if server is not None else None


def _require_database(database: Path) -> None:
    try:
        found = regular_file(database)
    except FileProblemError as problem:
        raise DatabaseError(f"Cannot use {database} as the database: {problem}.") from None
    if found is None:
        raise DatabaseError(f"There is no database at {database} to back up.")


def backup_now(
    where: Where,
    output: Path | None = None,
    *,
    kind: str = "manual",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    now: datetime | None = None,
) -> Path:
    """Copy the database to `output`, or into its backups folder; returns the file written.
    A server is dumped with pg_dump (cancelling raises BackupCancelledError as for files)."""
    server = _server(where)
    if server is not None:
        try:
            return server_backups.backup_now(server, output, kind=kind, progress=progress,
                                             cancelled=cancelled, now=now)
        except DumpCancelledError:
            raise BackupCancelledError from None
    database = _file(where)
    _require_database(database)
    if output is not None:
        target = checked_output(output, database, new_backup=True)
        copy_database(database, target, progress=progress, cancelled=cancelled, checked=True)
    else:
        target = _take(database, kind, now, progress=progress, cancelled=cancelled)
    log.info("backup written: %s (%s, %d bytes)", target.name, kind, target.stat().st_size)
    return target


def _take(
    database: Path,
    kind: str,
    now: datetime | None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    step_pages: int | None = None,
) -> Path:
    """A checked backup of `kind` in the backups folder, then rotation. A copy that fails its
    check is kept apart as `damaged` (it never counts) and DamagedDatabaseError is raised."""
    target = _new_target(database, kind, now)
    damaged_as = _new_target(database, "damaged", now)
    try:
        copy_database(database, target, progress=progress, cancelled=cancelled,
                      step_pages=step_pages, checked=True, damaged_as=damaged_as)
    except DamagedDatabaseError:
        rotate(database, now=now)
        raise
    rotate(database, keep=target, now=now)
    return target


def rotate(database: Path, *, keep: Path | None = None, now: datetime | None = None) -> list[Path]:
    """Delete the backups rotation no longer keeps (storage/rotation.py); returns them.

    `keep` is the newest good backup (one just taken and checked); without it the newest
    backup that passes its check is looked for, so rotation never removes it."""
    entries = backups_of(database)
    if keep is None:
        good = newest_good_backup(database, now=now)
        keep = good.path if good is not None else None
    removed = []
    for entry in to_delete(entries, now=now or _now(), keep=keep):
        for path in (entry.path, Path(f"{entry.path}-wal"), Path(f"{entry.path}-journal")):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        removed.append(entry.path)
    if removed:
        log.info("rotation removed %d old backup(s)", len(removed))
    return removed


def daily_backup_due(where: Where, today: datetime | None = None) -> bool:
    """Cheap (one directory listing): is there no daily backup of today yet? Never for a
    server (its backups are the administrator's; see services/server_backups.py)."""
    if _server(where) is not None:
        return False
    database = _file(where)
    if not database.is_file():
        return False
    day = (today or _now()).date()
    # A copy that failed its check today counts as today's attempt: one warning, not a new
    # damaged copy at every command.
    return not any(
        e.kind in ("daily", "damaged") and e.taken.date() == day for e in backups_of(database)
    )


def take_daily_backup(where: Where, now: datetime | None = None) -> Path | None:
    """Today's daily backup if there is none yet (None when not due). Raises
    DamagedDatabaseError when the check found the database damaged (the copy is kept apart),
    other DatabaseErrors when it could not be written."""
    if not daily_backup_due(where, now):
        return None
    database = _file(where)
    _require_database(database)
    # One step (-1): a single read snapshot, so writes by the running app meanwhile
    # neither block nor restart the copy.
    target = _take(database, "daily", now, step_pages=-1)
    log.info("daily backup written: %s", target.name)
    return target


def ensure_daily_backup(
    where: Where, now: datetime | None = None, *, warn: Callable[[str], None] | None = None
) -> Path | None:
    """`take_daily_backup` that never raises (a failed backup must not stop the clinic's
    work — it is logged and tried again at the next start); `warn` hears about damage."""
    try:
        return take_daily_backup(where, now)
    except DamagedDatabaseError as exc:
        log.warning("daily backup: the database failed its check")
        if warn is not None:
            warn(str(exc))
        return None
    except (DatabaseError, OSError) as exc:
        log.warning("daily backup failed: %s", type(exc).__name__)
        return None


def backup_before_migration(where: Path | DatabaseLocation, found: Probe) -> None:
    """`open_database`'s hook: a copy of the database as it is, before Alembic upgrades it.

    Raises if the copy fails: upgrading without a way back is not worth the risk.
    """
    server = _server(where)
    if server is not None:
        server_backups.backup_before_migration(server, found)
        return
    database = _file(where)
    try:
        switch.refuse_if_in_use(database)
    except DatabaseBusyError:
        raise DatabaseBusyError(
            f"The database {database} needs an upgrade (schema {found.revision}), but another "
            "program (an Equitone window or command) has it open. Nothing was changed; close "
            "it and try again."
        ) from None
    try:
        target = _take(database, "pre-migration", None)
    except DamagedDatabaseError as exc:
        raise DamagedDatabaseError(
            f"The database {database} needs an upgrade (schema {found.revision}), but it is "
            f"damaged, so it was not upgraded. {exc}"
        ) from None
    except (DatabaseError, OSError) as exc:
        raise DatabaseError(
            f"The database {database} needs an upgrade (schema {found.revision}), but the "
            f"backup before upgrading could not be written ({exc}). Nothing was changed."
        ) from None
    log.info("pre-migration backup written: %s (schema %s)", target.name, found.revision)


def newest_good_backup(
    where: Where, *, thorough: bool = False, now: datetime | None = None
) -> Inspection | None:
    """The newest backup that passes its check, or None (damaged backups are skipped; one
    dated in the future only when no other passes; a server's dumps are not inspected as
    files: None)."""
    if _server(where) is not None:
        return None
    for entry in by_trust(backups_of(where), now or _now()):
        if entry.kind not in RESTORABLE:
            continue
        try:
            return inspect(entry.path, thorough=thorough)
        except DatabaseError as exc:
            log.warning("skipping backup %s: %s", entry.path.name, type(exc).__name__)
    return None


def recovery_candidate(database: Where, error: BaseException) -> Inspection | None:
    """The backup to offer when `database` could not be opened because of `error`.

    None when a backup would not help: a newer schema (update Equitone instead), a busy
    database (wait), or no backups at all.
    """
    if isinstance(error, NewerSchemaError | DatabaseBusyError):
        return None
    return newest_good_backup(database)


def verify_candidate(candidate: Path) -> Inspection:
    """A quick read-only look (no full check): refuses non-Equitone and newer files early."""
    return inspect(candidate, thorough=False)


def restore(
    where: Where,
    candidate: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    now: datetime | None = None,
    current_damaged: bool = False,
) -> Restored:
    """Replace `database` by a verified copy of `candidate`, keeping the current file.

    1. `candidate` is copied next to the database (online backup API) and the copy passes the
       full integrity check, is an Equitone file and no newer than this version — else it is
       refused and nothing is changed;
    2. the current database is kept in the backups folder (a consistent `pre-restore` copy,
       or, when it is damaged — `current_damaged`, or found so here — its files set aside
       byte for byte as `unusable`, never opened for writing);
    3. the copy replaces the database atomically (storage/switch.py).
    The database must not be open (close it first); an open one elsewhere is reported busy.
    A shared server is never restored from a workstation (a clear DatabaseError).
    """
    server = _server(where)
    if server is not None:
        raise server_backups.restore_unavailable(server)
    database = _file(where)
    candidate = candidate.expanduser()
    try:
        regular_file(database)
    except FileProblemError as problem:
        raise DatabaseError(f"Cannot use {database} as the database: {problem}.") from None
    if same_file(candidate, database):
        raise ValidationError("That file is the database itself; choose a backup to restore.")
    if not database.parent.is_dir():
        raise DatabaseError(f"The folder {database.parent} does not exist.")
    switch.refuse_if_in_use(database)  # before the long copy: a window has it open
    staged = database.parent / staging_name(database)
    kept: list[Path] = []
    try:
        try:
            inspect(candidate, thorough=False)
            copy_database(candidate, staged, progress=progress, cancelled=cancelled)
            checked = inspect(staged, thorough=True, shown_as=candidate, cancelled=cancelled)
        except DatabaseError as exc:
            raise type(exc)(f"{exc} It was not restored; nothing was changed.") from None
        kept = _keep_current(database, now, damaged=current_damaged)
        # Held across the rename: nobody opens the old file between the check and the switch.
        with switch.others_kept_out(database):
            switch.replace_database(staged, database)
    except DatabaseBusyError:
        for path in kept:  # the database stays as it was: so do the backups
            path.unlink(missing_ok=True)
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    log.info("restored %s from %s", database.name, candidate.name)
    rotate(database, keep=kept[0] if kept and kept[0].name.endswith("-pre-restore.sqlite3")
           else None)  # pre-restore copies too: the newest 10
    return Restored(database=database, source=checked, kept=kept[0] if kept else None)


def _keep_current(database: Path, now: datetime | None, *, damaged: bool) -> list[Path]:
    """Keep the database about to be replaced; never write to it unless it proved healthy.
    Returns the files written (the kept copy first).

    A consistent copy is taken read-only and checked; only if the copy passes is the original
    folded out of WAL mode (a write) for the switch. A file that fails any step is set aside
    byte for byte instead. A database another program holds a lock on is busy, not damaged:
    the restore stops there.
    """
    if not database.exists():
        return []
    if not damaged:
        try:
            probe(database)
        except DatabaseBusyError:
            raise
        except DatabaseError:
            damaged = True
    if not damaged:
        target = _new_target(database, "pre-restore", now)
        try:
            copy_database(database, target)
            inspect(target, thorough=False)
        except DatabaseBusyError:
            target.unlink(missing_ok=True)
            raise
        except DatabaseError:
            target.unlink(missing_ok=True)
            damaged = True  # damage deep inside the file: treat it as damaged
        else:
            try:
                switch.quiesce(database)  # raises if another program has it open
            except DatabaseError:
                target.unlink(missing_ok=True)
                raise
            return [target]
    switch.refuse_if_in_use(database)
    target = _new_target(database, "unusable", now)
    return switch.set_aside(database, target)
