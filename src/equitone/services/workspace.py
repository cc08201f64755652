"""Opening the database the way every entry point (CLI, GUI, self-test) should."""

from __future__ import annotations

import os

from equitone import paths
from equitone.services.backups import backup_before_migration
from equitone.storage.database import Database, open_database
from equitone.storage.location import DatabaseLocation


def open_workspace(explicit: str | os.PathLike[str] | DatabaseLocation | None = None) -> Database:
    """Resolve `--db`/`EQUITONE_DB`/saved server/default, open and migrate, and load the
    shipped catalog. `explicit` is a file path or a `postgresql://` address.

    Files are created owner-only (umask 077): they hold clinical data.
    """
    if isinstance(explicit, DatabaseLocation):
        location, is_default = explicit, False
    else:
        location, is_default = paths.resolve_location(explicit)
    old_umask = os.umask(0o077)
    try:
        db = open_database(
            location, create_directory=is_default, before_migration=backup_before_migration
        )
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
