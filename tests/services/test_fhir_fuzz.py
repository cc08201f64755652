"""Fuzzing the FHIR importer with random mutations of a valid Bundle, as patient archives are
fuzzed (tests/services/test_archive_fuzz.py; derandomized under CI).

Whatever the file holds, `import_file` either imports the patient completely or raises an
EquitoneError with a one-line message — never another exception — and a refused file changes
no row of any table.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from equitone.errors import EquitoneError
from equitone.services.fhir_export import patient_bundle
from equitone.services.import_file import import_file
from equitone.services.workspace import open_workspace
from equitone.storage.database import Database

from .archive_data import build_patient
from .test_archive_fuzz import (
    FUZZ,
    assert_refused_cleanly,
    counts,
    json_values,
    mutated_document,
)


@pytest.fixture(scope="module")
def base_bundle(template_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("fhir-fuzz") / "base.sqlite3"
    shutil.copyfile(template_database, path)
    db = open_workspace(path)
    try:
        bundle = patient_bundle(db, build_patient(db))
    finally:
        db.close()
    # the definitions are read but not needed: keep the mutations on the clinical records
    bundle["entry"] = [e for e in bundle["entry"]
                       if e["resource"]["resourceType"] not in ("CodeSystem", "Questionnaire")]
    return bundle


@pytest.fixture
def target(tmp_path: Path, template_database: Path) -> Iterator[Database]:
    path = tmp_path / "target.sqlite3"
    shutil.copyfile(template_database, path)
    db = open_workspace(path)
    yield db
    db.close()


@st.composite
def bundle_bytes(draw: st.DrawFn, base: dict[str, Any]) -> bytes:
    how = draw(st.sampled_from(["valid", "mutated", "mutated", "mutated", "truncated", "top"]))
    if how == "top":
        return json.dumps(draw(json_values)).encode()
    doc = base if how != "mutated" else draw(mutated_document(base))
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if how == "truncated":
        return data[: draw(st.integers(0, len(data) - 1))]
    return data


def _check(db: Database, folder: Path, data: bytes, force_new: bool) -> None:
    path = folder / "fuzz.fhir.json"
    path.write_bytes(data)
    before = counts(db)
    try:
        imported = import_file(db, path, force_new=force_new)
    except EquitoneError as exc:
        assert_refused_cleanly(db, before, exc, event)
        return
    event("imported")
    after = counts(db)
    assert after["patients"] == before["patients"] + 1
    assert after["assessments"] == before["assessments"] + imported.result.assessments
    assert after["sessions"] == before["sessions"] + imported.result.sessions


@settings(FUZZ, max_examples=60)
@given(data=st.data(), force_new=st.booleans())
def test_fhir_import_is_complete_or_refused_cleanly(
    target: Database, tmp_path: Path, base_bundle: Any, data: st.DataObject, force_new: bool
) -> None:
    _check(target, tmp_path, data.draw(bundle_bytes(base_bundle)), force_new)


@pytest.mark.slow
@settings(FUZZ, max_examples=1500)
@given(data=st.data(), force_new=st.booleans())
def test_fhir_import_fuzz_long(
    target: Database, tmp_path: Path, base_bundle: Any, data: st.DataObject, force_new: bool
) -> None:
    _check(target, tmp_path, data.draw(bundle_bytes(base_bundle)), force_new)
