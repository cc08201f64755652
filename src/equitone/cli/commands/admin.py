"""`equitone demo`, `equitone check` and `equitone new-identity`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from equitone.cli.output import shown

if TYPE_CHECKING:
    from equitone.storage.database import Database



def register(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo", help="fill an empty database with a realistic demo clinic (all or nothing)"
    )
    demo.add_argument("--force", action="store_true",
                      help="add the demo patients even though the database has patients")
    demo.set_defaults(handler=_demo)
    check = subparsers.add_parser(
        "check", help="check the database read-only (a file: SQLite's integrity check; a "
        "server: connection, schema and audit trail)"
    )
    check.set_defaults(handler=_check, needs_db=False)
    identity = subparsers.add_parser(
        "new-identity", help="give the database a new identity (after making a copy into a "
        "database of its own): changes waiting on workstations for the old one are then not "
        "written to it without being shown first")
    identity.add_argument("--yes", action="store_true", help="yes, draw a new identity")
    identity.set_defaults(handler=_new_identity)


def _demo(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.demo import load_demo

    created = load_demo(db, force=args.force)
    print(f"Added {len(created)} demo patients.")
    return 0


def _check(args: argparse.Namespace, _db: None) -> int:
    from equitone.services.health import check_database
    from equitone.storage.choice import resolve_location

    location, _default = resolve_location(args.db)
    report = check_database(location)
    print(f"Database: {shown(report.name)}")
    for line in report.findings:
        print(f"  ok: {shown(line)}")
    for line in report.problems:
        print(f"  PROBLEM: {shown(line)}")
    print(f"  backup: {shown(report.backup_note)}")
    print("No problems found." if report.ok else f"{len(report.problems)} problem(s) found.")
    return 0 if report.ok else 1


def _new_identity(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.time_travel import identity, new_identity

    if not args.yes:
        print("Nothing changed: add --yes to give this database a new identity.")
        return 2
    before = identity(db)
    print(f"Identity of {shown(db.describe())}: {before or '(none)'} -> {new_identity(db)}")
    return 0
