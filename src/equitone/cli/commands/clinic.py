"""`equitone migrate-to URL`: copy this (local) database into an empty clinic server database."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, print_table

if TYPE_CHECKING:
    from equitone.storage.database import Database


def register(subparsers: Any) -> None:
    migrate = subparsers.add_parser(
        "migrate-to",
        help="copy this database into an empty PostgreSQL database (all or nothing, verified)",
        description="Copy every record of the database (--db, default: your local one) into "
        "the EMPTY PostgreSQL database at URL, in one transaction, then compare both sides "
        "table by table (row counts and SHA-256 checksums). A target that is not empty is "
        "refused untouched; the source is only read. Afterwards, connect the workstations "
        "to the server (--db URL, EQUITONE_DB or File → Connect to clinic server…).",
    )
    migrate.add_argument("url", metavar="URL", help="postgresql://user@host[:port]/dbname")
    migrate.add_argument("--format", choices=("table", "json"), default="table")
    migrate.set_defaults(handler=_migrate)


class _Progress:
    """One line per table on stderr (updated in place on a terminal)."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()

    def __call__(self, table: str, done: int, total: int) -> None:
        if self.live:
            end = "\n" if done >= total else ""
            print(f"\rcopying {table}: {done:,}/{total:,}", end=end, file=sys.stderr)
        elif done >= total:
            print(f"copied {table}: {total:,} rows", file=sys.stderr)


def _migrate(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.migrate import migrate_to

    result = migrate_to(db, args.url, progress=_Progress())
    rows = [
        {"table": t.table, "source_rows": t.source_rows, "target_rows": t.target_rows,
         "sha256": t.target_sha256, "verified": t.ok}
        for t in result.tables
    ]
    if args.format == "json":
        print_json([{"source": result.source, "target": result.target, "ok": result.ok,
                     "rows": result.rows, "seconds": round(result.seconds, 3),
                     "tables": rows}])
    else:
        print_table([{**r, "sha256": str(r["sha256"])[:16]} for r in rows],
                    ["table", "source_rows", "target_rows", "sha256", "verified"])
        verdict = "verified: every table equal" if result.ok else "VERIFICATION FAILED"
        print(f"Copied {result.rows:,} rows from {result.source} to {result.target} "
              f"in {result.seconds:.1f} s; {verdict}.")
    return 0 if result.ok else 1
