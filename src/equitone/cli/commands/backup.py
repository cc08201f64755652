"""`equitone backup [-o FILE] [--list]` and `equitone restore FILE`.

Neither opens the database through SQLAlchemy: a backup must work on a file that still needs
an upgrade, and a restore must be able to replace a file that cannot be opened at all. On a
clinic server the backup is a pg_dump archive and a restore is refused with a message (see
services/server_backups.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, print_table

if TYPE_CHECKING:
    from equitone.storage.location import DatabaseLocation


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="copy the database (consistent even while Equitone runs)",
        description="Copy the database with SQLite's online backup API (a clinic server: "
        "pg_dump's custom format). Without -o the copy goes to the backups folder beside the "
        "database (for a server: server-backups in the user data folder).",
    )
    backup.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the copy here")
    backup.add_argument("--list", action="store_true", help="list the existing backups instead")
    backup.add_argument("--format", choices=("table", "json"), default="table")
    backup.set_defaults(handler=_backup, needs_db=False)

    restore = subparsers.add_parser(
        "restore",
        help="replace the database by a verified backup (the current one is kept)",
        description="Check FILE (integrity, Equitone schema no newer than this version), keep "
        "the current database in the backups folder, then switch to the copy atomically. A "
        "file that fails a check is refused and nothing changes.",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--format", choices=("table", "json"), default="table")
    restore.set_defaults(handler=_restore, needs_db=False)


def _database(args: argparse.Namespace) -> DatabaseLocation:
    from equitone import paths

    return paths.resolve_location(args.db)[0]


def _progress_printer() -> Any:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rcopying… {100 * done // max(total, 1):3d} %", end=end, file=sys.stderr)

    return show


def _backup(args: argparse.Namespace, _db: None) -> int:
    from equitone.services import backups

    database = _database(args)
    backups.clean_leftovers(database)  # what a killed backup or restore left behind
    if args.list:
        rows = [
            {"taken": e.taken.isoformat(sep=" "), "kind": e.kind,
             "size_bytes": e.path.stat().st_size, "path": str(e.path)}
            for e in backups.backups_of(database)
        ]
        if args.format == "json":
            print_json(rows)
        elif rows:
            print_table(rows, ["taken", "kind", "size_bytes", "path"])
        else:
            print(f"No backups yet in {backups.backup_folder(database)}.")
        return 0
    written = backups.backup_now(database, args.output, progress=_progress_printer())
    size = written.stat().st_size
    if args.format == "json":
        print_json([{"path": str(written), "size_bytes": size, "database": database.display()}])
    else:
        print(f"Backup written: {written} ({size:,} bytes)")
    return 0


def _restore(args: argparse.Namespace, _db: None) -> int:
    from equitone.services import backups

    database = _database(args)
    backups.clean_leftovers(database)  # what a killed backup or restore left behind
    done = backups.restore(database, args.file, progress=_progress_printer())
    if args.format == "json":
        print_json([{
            "database": str(done.database), "restored_from": str(done.source.path),
            "patients": done.source.patients, "schema": done.source.revision,
            "previous_kept_as": str(done.kept) if done.kept else None,
        }])
        return 0
    print(f"Restored {done.database} from {done.source.path} ({done.source.patients} patients).")
    if done.kept is not None:
        print(f"The previous database was kept as {done.kept}.")
    return 0
