"""Opening the database the way every entry point (CLI, GUI, self-test) should."""

from __future__ import annotations

import logging
import os

from equitone import paths
from equitone.services.backups import backup_before_migration, clean_leftovers, never_used
from equitone.storage.database import Database, open_database
from equitone.storage.failures import EmptyDatabaseError
from equitone.storage.location import DatabaseLocation

log = logging.getLogger(__name__)


def _open(location: DatabaseLocation, *, create_directory: bool) -> Database:
    try:
        return open_database(
            location, create_directory=create_directory, before_migration=backup_before_migration
        )
    except EmptyDatabaseError:
        assert location.path is not None
        if not never_used(location.path):
            raise
    # 0 bytes, no backup ever taken, nothing beside it: a first creation killed before its
    # first write (Equitone writes the header right after creating the file). Nothing was
    # in it and nothing can be offered: start it again.
    log.warning("%s is empty and was never backed up: creating it afresh", location.path.name)
    location.path.unlink()
    return open_database(
        location, create_directory=create_directory, before_migration=backup_before_migration
    )


def open_workspace(explicit: str | os.PathLike[str] | DatabaseLocation | None = None) -> Database:
    """Resolve `--db`/`EQUITONE_DB`/saved server/default, open and migrate, and load the
    shipped catalog. `explicit` is a file path or a `postgresql://` address.

    Files are created owner-only (umask 077): they hold clinical data.
    """
    if isinstance(explicit, DatabaseLocation):
        location, is_default = explicit, False
    else:
        location, is_default = paths.resolve_location(explicit)
    if location.path is not None:
        clean_leftovers(location.path)
    old_umask = os.umask(0o077)
    try:
        db = _open(location, create_directory=is_default)
    finally:
        os.umask(old_umask)
    from equitone.services.catalog import sync_catalog

    if db.read_only:
        return db  # read as it is: listing, checking and backing up need no catalog update
    try:
        with db.backend.one_at_a_time(db.engine):  # several workstations starting together
            sync_catalog(db)
    except BaseException:  # busy, disk full, damaged: report it, leave no connection behind
        db.close()
        raise
    return db
