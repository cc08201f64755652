"""Migration 0011 (the patients' search and sort keys) on a database made by the previous
version with patients in it, on both engines: every row kept, every key filled, and the
upgraded database finds and sorts people without accents, case or punctuation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from equitone.storage.database import open_database
from equitone.storage.schema import HEAD_REVISION

from .migration_steps import seed_at, upgrade_then_downgrade
from .migration_steps import where as _where

PREVIOUS = "0010_server_identity"


def _patient(n: int, name: str, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "uuid": f"{n:032x}", "name": name, "date_of_birth": None, "phone": "", "email": "",
        "address": "", "notes": "", "archived": False, "preferred_modality": None,
        "row_version": 1, "relax_after_every_activation": False, "relax_after_muscles": [],
    }
    return row | extra


ROWS: dict[str, list[dict[str, Any]]] = {
    "patients": [
        _patient(1, "Zoë Ångström", date_of_birth=date(1992, 11, 23), notes="hip"),
        _patient(2, "Élodie Núñez", phone="+41 44 123 45 67", archived=True),
        _patient(3, "Seán O'Brien", email="sob@example.org", row_version=4),
        _patient(4, "王小明"),
        _patient(5, "Emil Berg"),
    ],
}
NEW = ("search_key", "name_sort_key")


@pytest.fixture
def at_previous(empty_url: str) -> Iterator[str]:
    seed_at(empty_url, PREVIOUS, ROWS)
    yield empty_url


def _dump(engine: Engine, skip: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        columns = [c["name"] for c in inspect(conn).get_columns("patients")
                   if c["name"] not in skip]
        return [tuple(r) for r in conn.execute(
            text(f"SELECT {', '.join(columns)} FROM patients ORDER BY id"))]


def test_upgrade_keeps_every_row_and_fills_every_key(at_previous: str) -> None:
    engine = create_engine(at_previous)
    before = _dump(engine)
    engine.dispose()
    open_database(_where(at_previous)).close()
    engine = create_engine(at_previous)
    try:
        assert _dump(engine, NEW) == before
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION)
            keys = conn.execute(text(
                "SELECT search_key, name_sort_key FROM patients ORDER BY id")).all()
            indexes = {i["name"] for i in inspect(conn).get_indexes("patients")}
        assert [tuple(k) for k in keys] == [
            ("zoe angstrom hip", "zoe angstrom"),
            ("elodie nunez 41 44 123 45 67 41441234567", "elodie nunez"),
            ("sean obrien sob example org", "sean obrien"),
            ("王小明", "王小明"),
            ("emil berg", "emil berg"),
        ]
        assert "ix_patients_name_sort_key" in indexes
    finally:
        engine.dispose()


def test_an_upgraded_database_finds_and_sorts_people_as_typed(at_previous: str) -> None:
    from equitone.domain.patients import PatientDraft
    from equitone.services import patients
    from equitone.services.workspace import open_workspace

    db = open_workspace(_where(at_previous))
    try:
        every = patients.list_patients(db, include_archived=True)
        assert [p.name for p in every] == [
            "Élodie Núñez", "Emil Berg", "Seán O'Brien", "Zoë Ångström", "王小明"]
        assert [p.name for p in patients.list_patients(db, search="obrien")] == [
            "Seán O'Brien"]
        assert [p.name for p in patients.list_patients(db, search="NUNEZ",
                                                       include_archived=True)] == [
            "Élodie Núñez"]
        assert [p.name for p in patients.list_patients(db, search="angst")] == [
            "Zoë Ångström"]
        # an edit keeps the keys in step
        renamed = patients.update_patient(db, 5, PatientDraft(name="Émile Bérg"),
                                          expected_version=1)
        assert [p.id for p in patients.list_patients(db, search="emile berg")] == [renamed.id]
    finally:
        db.close()


@pytest.mark.sqlite_only("downgrade exists for development on the file")
def test_downgrade_drops_the_keys_again(at_previous: str) -> None:
    upgrade_then_downgrade(at_previous, PREVIOUS)
    engine = create_engine(at_previous)
    with engine.connect() as conn:
        assert not set(NEW) & {c["name"] for c in inspect(conn).get_columns("patients")}
    engine.dispose()
