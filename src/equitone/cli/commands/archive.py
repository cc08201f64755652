"""`equitone export` and `equitone import`: one patient as a JSON archive file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, shown
from equitone.cli.parser import positive_int

if TYPE_CHECKING:
    from equitone.storage.database import Database


def register(subparsers: Any) -> None:
    export = subparsers.add_parser(
        "export", help="write one patient's archive (JSON, owner-only) for another database",
        description="Write a patient's record, assessments, sessions and the custom exercises "
                    "they use to one JSON file (docs/archive-format.md). The file is readable "
                    "by you only and replaced atomically if it exists.",
    )
    export.add_argument("--patient", type=positive_int, required=True, metavar="ID")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument("--format", choices=("text", "json"), default="text")
    export.set_defaults(handler=_export)

    imp = subparsers.add_parser(
        "import", help="bring a patient archive into this database (all or nothing)",
        description="Check the archive completely (schema, muscles, exercises, versions), then "
                    "write it in one transaction. A patient who is already here (same archive "
                    "identity, or same name and date of birth) is not imported again: the "
                    "command exits with status 5 unless --force-new is given.",
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--force-new", action="store_true",
                     help="import even if the patient seems to exist (as a separate patient)")
    imp.add_argument("--dry-run", action="store_true",
                     help="only check the archive against this database; write nothing")
    imp.add_argument("--format", choices=("text", "json"), default="text")
    imp.set_defaults(handler=_import)


def _export(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.archive import export_patient

    result = export_patient(db, args.patient, Path(args.output))
    if args.format == "json":
        print_json({
            "file": str(result.path), "patient_id": result.patient_id,
            "assessments": result.assessments, "sessions": result.sessions,
            "custom_exercises": result.custom_exercises,
        })
        return 0
    print(f"Exported patient {result.patient_id} ({result.assessments} assessment(s), "
          f"{result.sessions} session(s), {result.custom_exercises} custom exercise(s)) "
          f"to {shown(result.path)}")
    return 0


def _import(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.archive import describe_import, import_archive

    result = import_archive(db, Path(args.file), force_new=args.force_new,
                            dry_run=args.dry_run)
    if args.format == "json":
        print_json({
            "patient_id": result.patient_id if not result.dry_run else None,
            "name": result.name, "assessments": result.assessments,
            "sessions": result.sessions, "exercises_added": list(result.exercises_added),
            "exercises_matched": list(result.exercises_matched), "dry_run": result.dry_run,
        })
        return 0
    print(shown(describe_import(result)))
    return 0
