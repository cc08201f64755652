"""One set of limits (domain/limits.py), enforced by the services on both engines: a value
at its limit is stored on SQLite and PostgreSQL alike, one character more is refused with
one line and nothing written, and so is a NUL or a lone surrogate in any text. The archive
schema and the PostgreSQL columns agree with the limits. A row stored before the limits (or
by hand) is reported clearly by export and migrate-to, never an internal error."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String, func, select, update

from equitone.domain.assessment import PsfsItem, ToneTag
from equitone.domain.limits import TEXT_LIMITS
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails
from equitone.domain.types import Side, ToneState
from equitone.errors import ValidationError
from equitone.resources_access import read_text
from equitone.services import assessments, patients, sessions, templates
from equitone.services.archive import ArchiveError, export_patient
from equitone.services.catalog import load_catalog
from equitone.storage.database import Database
from equitone.storage.models import AuditRow, Base, PatientRow

Write = Callable[[Database, int, int], object]  # (db, patient id, length) → writes text


def _patient(db: Database, n: int) -> object:
    return patients.create_patient(db, PatientDraft(name="Ann", phone="1" * n))


def _visit(db: Database, patient_id: int) -> int:
    return assessments.create_assessment(db, patient_id, day=date(2026, 3, 2)).id


def _plan(db: Database, patient_id: int) -> Any:
    blocks = [sessions.parse_exercise_spec(load_catalog(db), "clamshell:gluteus-medius:left")]
    return sessions.create_session(db, patient_id, blocks, SessionDetails(date(2026, 3, 2)))


WRITES: dict[str, Write] = {
    "patients.name": lambda db, p, n: patients.create_patient(db, PatientDraft(name="A" * n)),
    "patients.phone": lambda db, p, n: patients.update_patient(
        db, p, PatientDraft(name="Ann", phone="1" * n)),
    "patients.email": lambda db, p, n: patients.update_patient(
        db, p, PatientDraft(name="Ann", email="a@" + "b" * (n - 6) + ".org")),
    "patients.address": lambda db, p, n: patients.update_patient(
        db, p, PatientDraft(name="Ann", address="x" * n)),
    "patients.notes": lambda db, p, n: patients.update_patient(
        db, p, PatientDraft(name="Ann", notes="x" * n)),
    "assessments.clinician": lambda db, p, n: assessments.create_assessment(
        db, p, day=date(2026, 3, 2), clinician="c" * n),
    "assessments.findings": lambda db, p, n: assessments.update_details(
        db, _visit(db, p), day=date(2026, 3, 2), clinician="", findings="f" * n),
    "assessments.signed_by": lambda db, p, n: assessments.sign_assessment(
        db, _visit(db, p), by="s" * n),
    "tone_tags.note": lambda db, p, n: assessments.create_assessment(
        db, p, day=date(2026, 3, 2),
        tags=[ToneTag("gluteus-medius", Side.LEFT, ToneState.TIGHT, 5, note="n" * n)]),
    "psfs_items.activity": lambda db, p, n: assessments.set_psfs(
        db, _visit(db, p), [PsfsItem("a" * n, 5), PsfsItem("b", 5), PsfsItem("c", 5)]),
    "sessions.notes": lambda db, p, n: sessions.create_session(
        db, p, [], SessionDetails(date(2026, 3, 2), notes="n" * n)),
    "session_templates.name": lambda db, p, n: templates.save_as_template(
        db, _plan(db, p), "t" * n),
}


@pytest.fixture
def patient_id(db: Database) -> int:
    return patients.create_patient(db, PatientDraft(name="Ann")).id


def _audit_entries(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRow)) or 0)


@pytest.mark.parametrize("field", sorted(WRITES))
def test_a_value_at_its_limit_is_stored_one_more_is_refused(
    db: Database, patient_id: int, field: str
) -> None:
    limit = TEXT_LIMITS[field].limit
    WRITES[field](db, patient_id, limit)  # stored, on PostgreSQL too
    before = _audit_entries(db)
    with pytest.raises(ValidationError, match=f"at most {limit} characters") as caught:
        WRITES[field](db, patient_id, limit + 1)
    assert "\n" not in str(caught.value)
    assert _audit_entries(db) in (before, before + 1)  # at most the helper's own record


@pytest.mark.parametrize("bad", ["Ann\x00Smith", "Ann \ud800"], ids=["nul", "surrogate"])
def test_text_that_no_engine_can_store_is_refused(
    db: Database, patient_id: int, bad: str
) -> None:
    for write in (
        lambda: patients.create_patient(db, PatientDraft(name=bad)),
        lambda: patients.update_patient(db, patient_id, PatientDraft(name="Ann", notes=bad)),
        lambda: assessments.create_assessment(db, patient_id, day=date(2026, 3, 2),
                                              findings=bad),
        lambda: assessments.create_assessment(db, patient_id, day=date(2026, 3, 2),
                                              clinician=bad),
        lambda: sessions.create_session(db, patient_id, [],
                                        SessionDetails(date(2026, 3, 2), notes=bad)),
    ):
        with pytest.raises(ValidationError, match="cannot be stored") as caught:
            write()
        assert "\n" not in str(caught.value)
    assert patients.count_patients(db) == 1


def test_the_server_columns_are_as_wide_as_the_limits() -> None:
    for key, field in TEXT_LIMITS.items():
        table, column = key.split(".")
        kind = Base.metadata.tables[table].c[column].type
        if isinstance(kind, String) and kind.length is not None:
            assert kind.length == field.limit, key
    clinical = ("patients", "assessments", "tone_tags", "psfs_items", "sessions",
                "session_templates")
    for table in clinical:  # every typed-in text column of a record has its limit
        for column in Base.metadata.tables[table].c:
            if isinstance(column.type, String) and not column.foreign_keys:
                typed = column.name not in ("uuid", "muscle", "side", "state", "ashworth",
                                            "status", "slug", "template",
                                            "preferred_modality", "rom_test")
                if typed:
                    assert f"{table}.{column.name}" in TEXT_LIMITS, f"{table}.{column.name}"


ARCHIVE_FIELDS = {  # the archive schema's object → the table its fields are stored in
    "patient": "patients", "assessment": "assessments", "tag": "tone_tags",
    "psfs_item": "psfs_items", "session": "sessions", "notes": "visit_notes",
    "response": "block_responses", "next_day": "next_day_reports", "exercise": "exercises",
}


@pytest.mark.parametrize("version", [1, 2, 3])
def test_the_archive_schema_agrees_with_the_limits(version: int) -> None:
    schema = json.loads(read_text("archive", f"patient-archive-{version}.schema.json"))
    checked = 0
    for name, table in ARCHIVE_FIELDS.items():
        defined = schema["$defs"].get(name, {"properties": {}})  # newer parts: newer formats
        for field, spec in defined["properties"].items():
            key = f"{table}.{field}"
            if key in TEXT_LIMITS:
                assert spec["maxLength"] == TEXT_LIMITS[key].limit, key
                checked += 1
    assert checked >= 10


def test_an_over_long_row_of_an_older_version_is_reported_by_export(
    db: Database, patient_id: int, tmp_path: Path
) -> None:
    with db.engine.begin() as conn:  # on SQLite nothing stopped this before
        if conn.dialect.name == "postgresql":
            pytest.skip("the server never held such a row")
        conn.execute(update(PatientRow).where(PatientRow.id == patient_id).values(
            phone="1" * 100))
    with pytest.raises(ArchiveError, match=f"Patient {patient_id} cannot be exported: "
                                           r"patient\.phone: text longer than 64") as caught:
        export_patient(db, patient_id, tmp_path / "ann.json")
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "ann.json").exists()
