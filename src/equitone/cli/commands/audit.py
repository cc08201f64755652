"""`equitone audit` (the audit trail) and `equitone versions` (a record's versions)."""

from __future__ import annotations

import argparse
import itertools
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, print_table
from equitone.cli.parser import positive_int
from equitone.cli.streamed import stream_json, stream_table

if TYPE_CHECKING:
    from equitone.services.versions import VersionInfo
    from equitone.storage.database import Database


def register(subparsers: Any) -> None:
    trail = subparsers.add_parser(
        "audit", help="who changed what and when (UTC), oldest first"
    )
    trail.add_argument("--patient", type=positive_int, metavar="ID",
                       help="only this patient's records")
    trail.add_argument("--entity", choices=("patient", "assessment", "session"),
                       help="only this kind of record")
    trail.add_argument("--id", type=positive_int, metavar="ID", dest="entity_id",
                       help="only this record (with --entity)")
    trail.add_argument("--limit", type=positive_int, metavar="N", help="only the newest N")
    trail.add_argument("--format", choices=("table", "json"), default="table")
    trail.set_defaults(handler=_audit)

    versions = subparsers.add_parser(
        "versions", help="every version of an assessment or session, with who and when"
    )
    versions.add_argument("kind", choices=("assessment", "session"))
    versions.add_argument("id", type=positive_int)
    versions.add_argument("--format", choices=("table", "json"), default="table")
    versions.set_defaults(handler=_versions)


def _audit(args: argparse.Namespace, db: Database) -> int:
    from equitone.errors import ValidationError
    from equitone.services.audit import stream_audit_entries, summary
    from equitone.services.catalog import load_catalog
    from equitone.services.patients import get_patient

    if args.entity_id is not None and args.entity is None:
        raise ValidationError("--id needs --entity (patient, assessment or session).")
    if args.patient is not None:
        get_patient(db, args.patient)  # a clear error for an unknown id, not an empty list
    # Streamed: the trail can hold hundreds of thousands of entries (flat memory, and the
    # first rows print at once).
    entries = stream_audit_entries(db, patient_id=args.patient, entity=args.entity,
                                   entity_id=args.entity_id, limit=args.limit)
    catalog = load_catalog(db)
    if args.format == "json":
        stream_json({**e.as_json(), "summary": summary(e, catalog)} for e in entries)
        return 0
    rows = (
        {
            "id": e.id, "when (UTC)": e.at_utc.strftime("%Y-%m-%d %H:%M:%S"), "user": e.actor,
            "patient": e.patient_id, "record": e.record, "action": e.action,
            "change": summary(e, catalog) + (f" [{e.note}]" if e.note else ""),
        }
        for e in entries
    )
    first = next(rows, None)
    if first is None:
        print("No changes recorded.")
        return 0
    stream_table(itertools.chain([first], rows),
                 ["id", "when (UTC)", "user", "patient", "record", "action", "change"])
    return 0


def version_json(v: VersionInfo) -> dict[str, Any]:
    def when(value: Any) -> str | None:
        return value.isoformat(timespec="seconds") + "Z" if value is not None else None

    return {
        "id": v.id, "kind": v.kind, "version": v.version, "supersedes_id": v.supersedes_id,
        "date": v.day.isoformat(), "status": v.status, "current": v.current,
        "created_at_utc": when(v.created_at), "created_by": v.created_by,
        "locked_at_utc": when(v.locked_at), "locked_by": v.locked_by,
    }


def _versions(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.versions import versions

    found = versions(db, args.kind, args.id)
    if args.format == "json":
        print_json([version_json(v) for v in found])
        return 0
    lock = "signed" if args.kind == "assessment" else "delivered"
    rows = [
        {
            "version": v.version, "id": v.id, "date": v.day.isoformat(), "status": v.status,
            "current": "yes" if v.current else "",
            "created (UTC)": f"{v.created_at:%Y-%m-%d %H:%M}" if v.created_at else "",
            "by": v.created_by,
            f"{lock} (UTC)": f"{v.locked_at:%Y-%m-%d %H:%M}" if v.locked_at else "",
            f"{lock} by": v.locked_by,
        }
        for v in found
    ]
    print_table(rows, list(rows[0]))
    return 0
