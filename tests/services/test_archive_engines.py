"""Patient archives move between any two databases: SQLite → PostgreSQL and back."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from equitone.services import assessments
from equitone.services.archive import (
    DuplicatePatientError,
    export_patient,
    import_archive,
    patient_archive,
)
from equitone.services.workspace import open_workspace
from equitone.storage.database import Database

from .archive_data import build_patient
from .test_archive import comparable


@pytest.fixture
def local(tmp_path: Path, template_database: Path) -> Iterator[Database]:
    path = tmp_path / "local.sqlite3"
    shutil.copyfile(template_database, path)
    database = open_workspace(path)
    yield database
    database.close()


@pytest.fixture
def server(pg_url: str) -> Iterator[Database]:
    database = open_workspace(pg_url)
    yield database
    database.close()


@pytest.mark.parametrize("direction", ["sqlite-to-postgres", "postgres-to-sqlite"])
def test_archive_round_trip_between_engines(
    direction: str, local: Database, server: Database, tmp_path: Path
) -> None:
    source, target = (local, server) if direction == "sqlite-to-postgres" else (server, local)
    patient_id = build_patient(source)
    path = tmp_path / "patient.json"
    export_patient(source, patient_id, path)
    result = import_archive(target, path)
    assert (result.assessments, result.sessions) == (3, 2)
    original = json.loads(path.read_text(encoding="utf-8"))
    assert comparable(patient_archive(target, result.patient_id)) == comparable(original)
    amended = assessments.history(target, result.patient_id)[0]
    signed = assessments.get_assessment(target, amended.supersedes_id or 0)
    assert signed.signed and signed.signed_by == "Dr Ana Silva"
    with pytest.raises(DuplicatePatientError):  # the same patient is recognised on any engine
        import_archive(target, path)
