"""Migration 0012 (the patient search's indexes) on a database made by the previous version
with patients in it: on PostgreSQL the order and trigram indexes exist afterwards and the
search still finds and sorts as before; SQLite is left as it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, inspect, text

from equitone.storage.database import open_database
from equitone.storage.schema import ENGINE_SPECIFIC_INDEXES

from .migration_steps import seed_at, upgrade_then_downgrade
from .migration_steps import where as _where
from .test_migration_0011 import _patient

PREVIOUS = "0011_patient_search_keys"
ROWS = {
    "patients": [
        _patient(1, "Zoë Ångström", search_key="zoe angstrom", name_sort_key="zoe angstrom"),
        _patient(2, "Seán O'Brien", search_key="sean obrien", name_sort_key="sean obrien"),
        _patient(3, "Emil Berg", search_key="emil berg", name_sort_key="emil berg"),
    ],
}


@pytest.fixture
def at_previous(empty_url: str) -> Iterator[str]:
    seed_at(empty_url, PREVIOUS, ROWS)
    yield empty_url


def _indexes(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {str(i["name"]) for i in inspect(conn).get_indexes("patients")}
    finally:
        engine.dispose()


def test_upgrade_adds_the_search_indexes_on_postgresql_only(
    at_previous: str, backend_name: str
) -> None:
    open_database(_where(at_previous)).close()
    made = _indexes(at_previous) & ENGINE_SPECIFIC_INDEXES
    if backend_name == "postgres":
        assert made == ENGINE_SPECIFIC_INDEXES  # the test cluster ships pg_trgm
        engine = create_engine(at_previous)
        with engine.connect() as conn:
            assert conn.execute(text(
                "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() == 1
        engine.dispose()
    else:
        assert made == set()


def test_an_upgraded_database_searches_as_before(at_previous: str) -> None:
    from equitone.services.patients import list_patients
    from equitone.services.workspace import open_workspace

    db = open_workspace(_where(at_previous))
    try:
        assert [p.name for p in list_patients(db)] == [
            "Emil Berg", "Seán O'Brien", "Zoë Ångström"]
        assert [p.name for p in list_patients(db, search="BRIEN")] == ["Seán O'Brien"]
        assert [p.name for p in list_patients(db, search="e", limit=2)] == [
            "Emil Berg", "Seán O'Brien"]
    finally:
        db.close()


def test_downgrade_drops_the_indexes_again(at_previous: str) -> None:
    upgrade_then_downgrade(at_previous, PREVIOUS)
    assert not _indexes(at_previous) & ENGINE_SPECIFIC_INDEXES


def test_a_server_without_the_extension_goes_on_without_the_trigram_index(
    pg_empty_url: str,
) -> None:
    import importlib

    step = importlib.import_module(
        "equitone.storage.migrations.versions.0012_patient_search_indexes")
    engine = create_engine(pg_empty_url)
    try:
        with engine.begin() as conn:
            assert not step.extension_available(conn, "no_such_extension")
            assert conn.execute(text("SELECT 1")).scalar() == 1  # the transaction goes on
            assert step.extension_available(conn, "pg_trgm")
    finally:
        engine.dispose()
