"""`import FILE`: an Equitone patient archive or a FHIR R4 Bundle, told apart by content.

The CLI and the window call this one function; the file is read once (a regular file, never
more than the larger of the two limits) and handed to the importer its content names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from equitone.errors import NotFoundError
from equitone.services.archive import ImportResult, describe_import, plan_document, write_plan
from equitone.services.archive_format import ArchiveError, decode_json
from equitone.services.bulk import collector_paused
from equitone.storage.database import Database
from equitone.storage.files import FileProblemError, read_bounded

MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportedFile:
    result: ImportResult
    source: str  # "archive" | "fhir"
    skipped: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        text = describe_import(self.result)
        if self.skipped:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.skipped.items()))
            text = text.rstrip(".") + f"; skipped {kinds} (not read by Equitone)."
        return text


def import_file(db: Database, path: Path, *, force_new: bool = False, dry_run: bool = False,
                skip_unknown: bool = False) -> ImportedFile:
    with collector_paused():
        return _import_file(db, path, force_new=force_new, dry_run=dry_run,
                            skip_unknown=skip_unknown)


def _import_file(db: Database, path: Path, *, force_new: bool, dry_run: bool,
                 skip_unknown: bool) -> ImportedFile:
    try:
        data = read_bounded(path, MAX_BYTES)
    except FileNotFoundError:
        raise NotFoundError(f"The file {path} does not exist.") from None
    except FileProblemError as problem:
        raise ArchiveError(f"The file {path} cannot be read: {problem}.") from None
    document = decode_json(data, "The file")
    if isinstance(document, dict) and "resourceType" in document:
        from equitone.services.fhir_import import import_bundle

        fhir = import_bundle(db, document, path.name, force_new=force_new, dry_run=dry_run,
                             skip_unknown=skip_unknown)
        return ImportedFile(fhir.result, "fhir", fhir.skipped)
    if not isinstance(document, dict):
        raise ArchiveError("The file is neither an Equitone patient archive nor a FHIR Bundle "
                           "(it does not hold one JSON object).")
    from equitone.services.archive_format import MAX_BYTES as ARCHIVE_MAX
    from equitone.services.archive_format import parse_archive

    if len(data) > ARCHIVE_MAX:
        raise ArchiveError(f"The archive {path} cannot be read: it is larger than "
                           f"{ARCHIVE_MAX // (1024 * 1024)} MB.")
    plan = plan_document(db, parse_archive(data))
    result = write_plan(db, plan, note=f"imported from archive {path.name}",
                        force_new=force_new, dry_run=dry_run)
    return ImportedFile(result, "archive")
