"""Patient archives: export, import, round trip, duplicates and every kind of bad file."""

from __future__ import annotations

import copy
import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select

from equitone.errors import EquitoneError, NotFoundError, ValidationError
from equitone.services import assessments
from equitone.services.archive import (
    ArchiveError,
    DuplicatePatientError,
    export_patient,
    import_archive,
    patient_archive,
)
from equitone.services.archive_format import schema
from equitone.services.audit import audit_entries
from equitone.services.catalog import load_catalog
from equitone.services.workspace import open_workspace
from equitone.storage.database import Database
from equitone.storage.models import Base, ExerciseRow, PatientRow

from .archive_data import CUSTOM, build_patient


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, template_database: Path) -> Path:
    """A clinic database with the archive patient, built once for this module."""
    path = tmp_path_factory.mktemp("source") / "source.sqlite3"
    shutil.copyfile(template_database, path)
    database = open_workspace(path)
    build_patient(database)
    database.close()
    return path


@pytest.fixture
def db(tmp_path: Path, source: Path) -> Iterator[Database]:
    """The clinic the patient comes from (a copy per test)."""
    path = tmp_path / "source.sqlite3"
    shutil.copyfile(source, path)
    database = open_workspace(path)
    yield database
    database.close()


@pytest.fixture
def other_db(tmp_path: Path, template_database: Path) -> Iterator[Database]:
    """A second clinic's database to import into."""
    path = tmp_path / "other.sqlite3"
    shutil.copyfile(template_database, path)
    database = open_workspace(path)
    yield database
    database.close()


@pytest.fixture
def exported(db: Database, tmp_path: Path) -> Path:
    path = tmp_path / "patient.json"
    export_patient(db, 1, path)
    return path


def counts(db: Database) -> dict[str, int]:
    with db.reading() as s:
        return {
            name: int(s.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
        }


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """An archive without what legitimately differs between two databases."""
    doc = copy.deepcopy(document)
    for key in ("exported_at_utc", "exported_by"):
        doc.pop(key)
    refs = {kind: {r["ref"]: n for n, r in enumerate(doc[kind])}
            for kind in ("assessments", "sessions")}
    for kind in ("assessments", "sessions"):
        for record in doc[kind]:
            record.pop("ref")
            if record["supersedes"] is not None:
                record["supersedes"] = refs[kind][record["supersedes"]]
    return doc


def test_export_is_owner_only_and_schema_valid(exported: Path) -> None:
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    document = json.loads(exported.read_text(encoding="utf-8"))
    Draft202012Validator(schema()).validate(document)
    assert document["format"] == "equitone-patient-archive" and document["format_version"] == 4
    assert [c["slug"] for c in document["custom_exercises"]] == ["towel-hip-press"]
    assert len(document["assessments"]) == 3 and len(document["sessions"]) == 2
    assert not list(exported.parent.glob(".*.tmp"))


def test_export_is_owner_only_whatever_the_umask(db: Database, tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        export_patient(db, 1, tmp_path / "open-umask.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "open-umask.json").stat().st_mode) == 0o600


def test_export_replaces_an_existing_file_and_refuses_bad_targets(
    db: Database, tmp_path: Path
) -> None:
    patient_id = 1
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    export_patient(db, patient_id, target)
    assert json.loads(target.read_text(encoding="utf-8"))["patient"]["name"] == "Élodie Marchand"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(ValidationError, match="does not exist"):
        export_patient(db, patient_id, tmp_path / "missing" / "x.json")
    with pytest.raises(ValidationError, match="folder"):
        export_patient(db, patient_id, tmp_path)
    with pytest.raises(NotFoundError):
        export_patient(db, 999, tmp_path / "y.json")


def test_round_trip_into_another_database(
    db: Database, other_db: Database, exported: Path
) -> None:
    source = json.loads(exported.read_text(encoding="utf-8"))
    result = import_archive(other_db, exported)
    assert (result.assessments, result.sessions) == (3, 2)
    assert result.exercises_added == ("towel-hip-press",)
    again = patient_archive(other_db, result.patient_id)
    assert comparable(again) == comparable(source)
    # signed stays signed (read-only); the amendment still supersedes it
    imported = assessments.history(other_db, result.patient_id)
    assert [a.version for a in imported] == [2, 1]
    original = assessments.get_assessment(other_db, imported[0].supersedes_id or 0)
    assert original.signed and original.signed_by == "Dr Ana Silva"
    with pytest.raises(ValidationError, match="signed and read-only"):
        assessments.set_tags(other_db, original.id, [])
    assert "towel-hip-press" in load_catalog(other_db).exercises
    entries = audit_entries(other_db, patient_id=result.patient_id)
    assert len(entries) == 1 + 3 + 2
    assert {e.note for e in entries} == {"imported from archive patient.json"}


def test_custom_exercises_are_matched_by_slug(
    db: Database, other_db: Database, exported: Path, tmp_path: Path
) -> None:
    from equitone.services.catalog import add_custom_exercise

    add_custom_exercise(other_db, {**CUSTOM, "name": "Our own towel press"})
    result = import_archive(other_db, exported)
    assert (result.exercises_added, result.exercises_matched) == ((), ("towel-hip-press",))
    assert load_catalog(other_db).exercises["towel-hip-press"].name == "Our own towel press"


def test_existing_patient_is_not_duplicated(
    db: Database, other_db: Database, exported: Path, tmp_path: Path
) -> None:
    before = counts(db)
    with pytest.raises(DuplicatePatientError, match="same archive identity"):
        import_archive(db, exported)  # the clinic it came from
    assert counts(db) == before
    first = import_archive(other_db, exported)
    with pytest.raises(DuplicatePatientError, match=f"patient {first.patient_id}"):
        import_archive(other_db, exported)
    # same name (other case) and date of birth, different identity
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["patient"]["uuid"] = "0" * 32
    document["patient"]["name"] = "ÉLODIE MARCHAND"
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DuplicatePatientError, match="same name and date of birth"):
        import_archive(other_db, renamed)
    copy_ = import_archive(other_db, exported, force_new=True)
    assert copy_.patient_id != first.patient_id
    with other_db.reading() as s:
        uuids = [s.get(PatientRow, i).uuid for i in (first.patient_id, copy_.patient_id)]  # type: ignore[union-attr]
    assert uuids[0] != uuids[1]


def test_dry_run_writes_nothing(other_db: Database, exported: Path) -> None:
    before = counts(other_db)
    result = import_archive(other_db, exported, dry_run=True)
    assert result.dry_run and result.assessments == 3
    assert counts(other_db) == before


def _mutated(exported: Path, tmp_path: Path, change: Any) -> Path:
    document = json.loads(exported.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "bad.json"
    # ASCII escapes: a lone surrogate (\ud800) can only be written that way
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
    return path


def _set(*path: Any, value: Any) -> Any:
    def change(document: Any) -> None:
        target = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return change


@pytest.mark.parametrize(("change", "message"), [
    (_set("assessments", 1, "tags", 0, "tightness", value=12),
     r"assessments\[1\]\.tags\[0\]\.tightness: 12 is out of range \(must be at most 10\)"),
    (_set("assessments", 0, "tags", 0, "tightness", value=3.0),
     r"tightness: expected integer, found number 3\.0"),
    (_set("assessments", 0, "date", value="2026-02-30"), r'assessments\[0\]\.date: "2026-02-30"'
     " is not a real date"),
    (_set("assessments", 0, "tags", 0, "muscle", value="gluteus-maximal"),
     r'unknown muscle "gluteus-maximal"'),
    (_set("sessions", 0, "blocks", 0, "exercise", value="moon-walk"),
     r'sessions\[0\]\.blocks\[0\]\.exercise: unknown exercise "moon-walk"'),
    (_set("assessments", 1, "supersedes", value=3), r"3 is not an earlier assessment"),
    (_set("assessments", 2, "supersedes", value=2), r"assessment 2 is not signed"),
    (_set("patient", "name", value=" "), r"patient: A patient needs a name"),
    (_set("patient", "uuid", value="xyz"), r"patient\.uuid: \"xyz\" is not in the expected form"),
    (_set("patient", "nickname", value="Lo"), r"patient: unexpected field \"nickname\""),
    (lambda d: d["sessions"][0].pop("blocks"), r"sessions\[0\]: missing \"blocks\""),
    (_set("format_version", value=5), r"newer Equitone \(format version 5\)"),
    (_set("format", value="something-else"), r"not an Equitone patient archive"),
    (_set("custom_exercises", 0, "muscles", value=["wing"]),
     r'custom_exercises\[0\]\.muscles\[0\]: unknown muscle "wing"'),
    (_set("sessions", 0, "decisions", 1, "exercise", value=None),
     r"a swap names the exercise swapped in"),
])
def test_invalid_archive_is_refused_with_one_line_and_no_write(
    other_db: Database, exported: Path, tmp_path: Path, change: Any, message: str
) -> None:
    _refused(other_db, _mutated(exported, tmp_path, change), message)


def _refused(db: Database, archive: Path, message: str) -> None:
    """Importing `archive` fails with one printable line matching `message`; no write."""
    before = counts(db)
    with pytest.raises(ArchiveError, match=message) as caught:
        import_archive(db, archive)
    assert "\n" not in str(caught.value)
    assert str(caught.value).encode("utf-8")  # printable as it is: no surrogate in it
    assert counts(db) == before


def _forked_session(document: Any) -> None:
    """A second new version of the delivered session, as two racing workstations made."""
    twin = copy.deepcopy(document["sessions"][1])
    twin["ref"] = 999_999
    document["sessions"].append(twin)


@pytest.mark.parametrize(("change", "message"), [
    (_set("assessments", 0, "signed_at_utc", value="2099-01-01T00:00:00Z"),
     r"assessments\[0\]\.signed_at_utc: signed in the future \(2099-01-01 00:00 UTC\)"),
    (_set("assessments", 0, "signed_at_utc", value="2025-12-01T10:00:00Z"),
     r"assessments\[0\]\.signed_at_utc: signed on 2025-12-01, before the visit of 2026-01-05"),
    (_set("assessments", 0, "signed_by", value=" "),
     r"assessments\[0\]\.signed_by: a signed assessment names who signed it"),
    (_set("assessments", 2, "signed_by", value="Tom Berg"),
     r"assessments\[2\]\.signed_by: names a signer but is not signed"),
    (_set("sessions", 1, "delivered_at", value="2026-02-01T10:00:00"),
     r"sessions\[1\]\.delivered_at: a draft session has no delivery time"),
    (_set("sessions", 0, "delivered_at", value=None),
     r"sessions\[0\]\.delivered_at: a delivered session says when it was delivered"),
    (_set("sessions", 0, "delivered_at", value="2099-01-01T10:00:00"),
     r"sessions\[0\]\.delivered_at: delivered in the future"),
    (_set("assessments", 1, "version", value=3),
     r"assessments\[1\]\.version: is version 3 but replaces version 1 \(assessment \d+\)"),
    (_set("assessments", 2, "version", value=2),
     r"assessments\[2\]\.version: is version 2 but replaces no earlier version"),
    (_forked_session, r"sessions\[0\]: has 2 newer versions \(sessions \d+, 999999\): the "
                      "versions fork"),
    (_set("patient", "date_of_birth", value="2026-01-10"),
     r"patient\.date_of_birth: 2026-01-10 is after the first visit or plan \(2026-01-05\)"),
    (_set("assessments", 2, "date", value="9999-12-31"),
     r"assessments\[2\]\.date: The assessment date 9999-12-31 is outside the dates"),
    (_set("sessions", 0, "date", value="0001-01-01"),
     r"sessions\[0\]\.date: The session date 0001-01-01 is outside the dates"),
    (_set("patient", "name", value="Ann\x00Smith"),
     r"patient\.name: contains a NUL character, which cannot be stored"),
    (_set("assessments", 0, "findings", value="fine \ud800"),
     r"assessments\[0\]\.findings: contains an invalid character \(lone surrogate U\+D800\)"),
    (_set("sessions", 0, "blocks", 0, "note", value="\x00"),
     r"sessions\[0\]\.blocks\[0\]\.note: contains a NUL character"),
], ids=["signed-2099", "signed-before-visit", "empty-signer", "signer-unsigned",
        "draft-delivered", "delivered-undated", "delivered-2099", "version-gap",
        "version-2-alone", "forked-sessions", "born-after-visits", "visit-9999",
        "plan-0001", "nul-in-name", "lone-surrogate", "nul-in-block"])
def test_records_the_app_could_never_make_are_refused(
    other_db: Database, exported: Path, tmp_path: Path, change: Any, message: str
) -> None:
    _refused(other_db, _mutated(exported, tmp_path, change), message)


def test_every_archive_schema_refers_only_inside_itself() -> None:
    """The schema check looks each `$ref` up once and resolves every part against the root's
    resolver (services/archive_format.py): right only while each schema has one `$id`, at its
    root, and refers only to its own `#/$defs/…`."""
    from equitone.services.archive_format import READ_VERSIONS

    def walk(node: Any, at_root: bool) -> Iterator[tuple[str, Any]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("$id", "$ref", "$dynamicRef", "$anchor") and not (
                        key == "$id" and at_root):
                    yield key, value
                yield from walk(value, False)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value, False)

    for version in READ_VERSIONS:
        found = list(walk(schema(version), True))
        assert found and all(k == "$ref" and v.startswith("#/$defs/") for k, v in found), (
            version, found)


def test_values_found_valid_once_do_not_hide_a_lookalike(exported: Path) -> None:
    """The schema check remembers small values (a tag's states) found valid; a value equal to
    one of them for Python but not for JSON (True for 1, 2.0 for 2) is still refused."""
    from equitone.services.archive_format import validate_schema

    document = json.loads(exported.read_text(encoding="utf-8"))
    validate_schema(document)  # every tag's states now remembered as valid
    tag, n = next((t, n) for a in document["assessments"] for t in a["tags"]
                  for n, s in enumerate(t["states"]) if s["grade"] == 1)
    for lookalike in (True, 1.0):
        changed = copy.deepcopy(document)
        twin = next(t for a in changed["assessments"] for t in a["tags"]
                    if t["states"] == tag["states"])
        twin["states"][n]["grade"] = lookalike
        with pytest.raises(ArchiveError, match=rf"states\[{n}\]\.grade"):
            validate_schema(changed)


def test_a_text_that_only_spells_an_escape_is_stored(
    other_db: Database, exported: Path, tmp_path: Path
) -> None:
    """The quick look for NULs over the whole document as JSON text (where a NUL reads
    \\u0000) is not fooled by a clinician who typed those six characters."""
    typed = r"typed \u0000 and \ud800 as text"
    path = _mutated(exported, tmp_path, _set("assessments", 0, "findings", value=typed))
    result = import_archive(other_db, path)
    assert patient_archive(other_db, result.patient_id)["assessments"][0]["findings"] == typed


@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty"),
    (b"\xff\xfe{\x00}", "not UTF-8"),
    (b'{"format": "equitone-patient-archive", "format_version": 1, "patient": {', "truncated"),
    (b'{"format": "equitone-patient-archive", "x": NaN}', "contains NaN"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply|one JSON object"),
    (b"[1, 2]", "one JSON object"),
    (b"SQLite format 3\x00" + bytes(range(256)), "not UTF-8|not valid JSON"),
])
def test_unreadable_files_are_refused(
    other_db: Database, tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "garbage.json"
    path.write_bytes(data)
    with pytest.raises(ArchiveError, match=message):
        import_archive(other_db, path)


def test_missing_file_and_folder(other_db: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="does not exist"):
        import_archive(other_db, tmp_path / "nope.json")
    with pytest.raises(EquitoneError, match="is a folder"):
        import_archive(other_db, tmp_path)


def test_retired_catalog_exercise_still_imports(
    db: Database, other_db: Database, exported: Path
) -> None:
    """Old sessions may name an exercise the shipped catalog has since retired."""
    with other_db.transaction() as s:
        row = s.scalar(select(ExerciseRow).where(ExerciseRow.slug == "lateral-band-walk"))
        assert row is not None
        row.retired = True
    load_catalog.cache_clear()
    result = import_archive(other_db, exported)
    assert result.sessions == 2
