"""`export --as fhir`: one patient as a FHIR R4 Bundle file, every resource checked first.

A Bundle this version would refuse to import is never written: each resource goes through the
same R4 checks as on import (services/fhir_check.py) before the file is replaced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from equitone.services.archive import exportable_archive
from equitone.services.archive_format import write_private
from equitone.services.bulk import collector_paused
from equitone.services.catalog import load_catalog
from equitone.services.fhir_bundle import bundle_of
from equitone.services.fhir_check import check_bundle_shell, check_resource
from equitone.services.output_target import checked_output
from equitone.storage.database import Database


@dataclass(frozen=True, slots=True)
class FhirExportResult:
    path: Path
    patient_id: int
    name: str
    resources: dict[str, int]
    bundle_type: str


def check_bundle(bundle: dict[str, Any]) -> None:
    """Every entry's resource, then the Bundle around them, as valid R4."""
    for entry in bundle["entry"]:
        check_resource(entry["resource"])
    check_bundle_shell(bundle)


def patient_bundle(db: Database, patient_id: int, *, transaction: bool = False) -> dict[str, Any]:
    """The checked Bundle for one patient (read in one snapshot, like the archive)."""
    document = exportable_archive(db, patient_id)
    bundle = bundle_of(document, load_catalog(db), transaction=transaction)
    check_bundle(bundle)
    return bundle


def export_fhir(db: Database, patient_id: int, path: Path, *,
                transaction: bool = False) -> FhirExportResult:
    """Write the patient's Bundle to `path` (owner-only, replaced atomically)."""
    path = checked_output(path, db)
    with collector_paused():
        bundle = patient_bundle(db, patient_id, transaction=transaction)
        data = json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    write_private(path, data)
    counts: dict[str, int] = {}
    for entry in bundle["entry"]:
        kind = entry["resource"]["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
    patient = bundle["entry"][0]["resource"]
    return FhirExportResult(path, patient_id, patient["name"][0]["text"], counts,
                            bundle["type"])
