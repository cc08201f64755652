"""`export --as csv -o FOLDER`: patients, tags and session blocks as three CSV files for
spreadsheets (columns in docs/fhir.md, "CSV for spreadsheets").

One row per patient; one row per muscle side *state* per assessment version (a side tagged
tight and underactive is two rows, the measures on the primary state's row); one row per block
per session version. Files are UTF-8 with a byte-order mark (spreadsheets then read accents
right), owner-only and replaced atomically. A text cell that starts with = + - @ (or a tab or
carriage return) is written with a leading apostrophe, so a spreadsheet never runs a name as a
formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from equitone.services.archive import patient_archive
from equitone.services.archive_format import write_private
from equitone.services.output_target import checked_output_folder
from equitone.storage.database import Database
from equitone.storage.models import PatientRow

PATIENT_COLUMNS = ("patient_id", "uuid", "name", "date_of_birth", "phone", "email", "address",
                   "archived", "assessments", "sessions")
TAG_COLUMNS = ("patient_id", "assessment", "version", "date", "clinician", "signed",
               "neurological", "muscle", "side", "state", "grade", "primary", "tightness",
               "strength", "tenderness", "pain", "rom_test", "rom_value", "ashworth", "note")
BLOCK_COLUMNS = ("patient_id", "session", "version", "date", "status", "position", "block_id",
                 "exercise", "muscles", "side", "sets", "reps", "hold_seconds", "rest_seconds",
                 "auto", "rule", "reason", "note")
FILES = {"patients.csv": PATIENT_COLUMNS, "tags.csv": TAG_COLUMNS,
         "session_blocks.csv": BLOCK_COLUMNS}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class CsvExportResult:
    folder: Path
    rows: dict[str, int]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def _tag_rows(pid: int, doc: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for a in doc["assessments"]:
        for tag in a["tags"]:
            for n, state in enumerate(tag["states"]):
                measures = n == 0
                yield {
                    "patient_id": pid, "assessment": a["ref"], "version": a["version"],
                    "date": a["date"], "clinician": a["clinician"],
                    "signed": a["signed_at_utc"] is not None, "neurological": a["neurological"],
                    "muscle": tag["muscle"], "side": tag["side"], "state": state["state"],
                    "grade": state["grade"], "primary": measures,
                    **{k: tag[k] if measures else None for k in (
                        "tightness", "strength", "tenderness", "pain", "rom_test", "ashworth")},
                    "rom_value": tag["rom_degrees"] if measures else None,
                    "note": tag["note"] if measures else "",
                }


def _block_rows(pid: int, doc: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for s in doc["sessions"]:
        for n, b in enumerate(s["blocks"], start=1):
            yield {
                "patient_id": pid, "session": s["ref"], "version": s["version"],
                "date": s["date"], "status": s["status"], "position": n,
                **{k: b[k] for k in ("block_id", "exercise", "side", "sets", "reps",
                                     "hold_seconds", "rest_seconds", "auto", "rule", "reason",
                                     "note")},
                "muscles": " ".join(b["muscles"]),
            }


def _csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> tuple[bytes, int]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
        count += 1
    return out.getvalue().encode("utf-8-sig"), count


def export_csv(db: Database, folder: Path, patient_id: int | None = None) -> CsvExportResult:
    """Write the three files for one patient, or for every patient (archived ones too)."""
    folder = checked_output_folder(folder, db)
    if patient_id is None:
        with db.reading() as session:
            ids = list(session.scalars(select(PatientRow.id).order_by(PatientRow.id)))
    else:
        ids = [patient_id]
    patients: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    blocks: list[dict[str, Any]] = []
    for pid in ids:
        doc = patient_archive(db, pid)
        p = doc["patient"]
        patients.append({"patient_id": pid, **{k: p[k] for k in (
            "uuid", "name", "date_of_birth", "phone", "email", "address", "archived")},
            "assessments": len(doc["assessments"]), "sessions": len(doc["sessions"])})
        tags.extend(_tag_rows(pid, doc))
        blocks.extend(_block_rows(pid, doc))
    counts = {}
    for name, rows in (("patients.csv", patients), ("tags.csv", tags),
                       ("session_blocks.csv", blocks)):
        data, counts[name] = _csv(FILES[name], rows)
        write_private(folder / name, data)
    return CsvExportResult(folder, counts)
