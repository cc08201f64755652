"""`equitone export` and `equitone import`: one patient as a JSON archive file or a FHIR R4
Bundle (docs/fhir.md), and every patient (or one) as CSV files for spreadsheets."""

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
    export.add_argument("--patient", type=positive_int, metavar="ID",
                        help="the patient (required, but for --as csv: all patients if left out)")
    export.add_argument("-o", "--output", required=True, metavar="FILE|FOLDER")
    export.add_argument("--as", dest="kind", choices=("archive", "fhir", "csv"),
                        default="archive",
                        help="archive: Equitone's patient archive (default); fhir: a FHIR R4 "
                             "Bundle; csv: patients.csv, tags.csv and session_blocks.csv in "
                             "the folder -o names")
    export.add_argument("--transaction", action="store_true",
                        help="with --as fhir: a transaction Bundle (for a FHIR server) instead "
                             "of a collection")
    export.add_argument("--format", choices=("text", "json"), default="text",
                        help="this command's own output")
    export.set_defaults(handler=_export)

    imp = subparsers.add_parser(
        "import", help="bring a patient archive or FHIR R4 Bundle into this database (all or "
                       "nothing)",
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
    imp.add_argument("--skip-unknown", action="store_true",
                     help="FHIR: skip resource types Equitone does not read (they are counted "
                          "in the output) instead of refusing the bundle")
    imp.add_argument("--format", choices=("text", "json"), default="text")
    imp.set_defaults(handler=_import)


def _export(args: argparse.Namespace, db: Database) -> int:
    from equitone.errors import ValidationError

    if args.transaction and args.kind != "fhir":
        raise ValidationError("--transaction goes with --as fhir.")
    if args.patient is None and args.kind != "csv":
        raise ValidationError("Name the patient with --patient ID (only --as csv exports "
                              "every patient).")
    if args.kind == "fhir":
        return _export_fhir(args, db)
    if args.kind == "csv":
        return _export_csv(args, db)
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


def _export_fhir(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.fhir_export import export_fhir

    result = export_fhir(db, args.patient, Path(args.output), transaction=args.transaction)
    if args.format == "json":
        print_json({"file": str(result.path), "patient_id": result.patient_id,
                    "bundle_type": result.bundle_type, "resources": result.resources})
        return 0
    print(f"Exported patient {result.patient_id} as a FHIR R4 {result.bundle_type} bundle "
          f"({sum(result.resources.values())} resources) to {shown(result.path)}")
    return 0


def _export_csv(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.csv_export import export_csv

    result = export_csv(db, Path(args.output), args.patient)
    if args.format == "json":
        print_json({"folder": str(result.folder), "rows": result.rows})
        return 0
    rows = ", ".join(f"{name} {count} row(s)" for name, count in result.rows.items())
    print(f"Wrote {rows} to {shown(result.folder)}")
    return 0


def _import(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.import_file import import_file

    imported = import_file(db, Path(args.file), force_new=args.force_new,
                           dry_run=args.dry_run, skip_unknown=args.skip_unknown)
    result = imported.result
    if args.format == "json":
        print_json({
            "patient_id": result.patient_id if not result.dry_run else None,
            "name": result.name, "assessments": result.assessments,
            "sessions": result.sessions, "exercises_added": list(result.exercises_added),
            "exercises_matched": list(result.exercises_matched), "dry_run": result.dry_run,
            "source": imported.source, "skipped": imported.skipped,
        })
        return 0
    print(shown(imported.describe()))
    return 0
