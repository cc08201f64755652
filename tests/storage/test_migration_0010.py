"""Migration 0010 (the database's identity) on a database made by the previous version with
clinical data in it, on both engines: every row kept, one identity drawn, a different one for
every database; kept by a copy of the file, drawn anew by migrate-to."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from equitone.storage.database import open_database
from equitone.storage.schema import HEAD_REVISION, REVISIONS

from .migration_steps import seed_at, upgrade_then_downgrade
from .migration_steps import where as _where

PREVIOUS = REVISIONS[REVISIONS.index("0010_server_identity") - 1]
ROWS: dict[str, list[dict[str, Any]]] = {
    "patients": [
        {"uuid": "a" * 32, "name": "Zoë Ångström", "date_of_birth": None, "phone": "",
         "email": "", "address": "", "notes": "hip", "archived": False,
         "preferred_modality": None, "row_version": 3},
    ],
}


@pytest.fixture
def at_previous(empty_url: str) -> Iterator[str]:
    seed_at(empty_url, PREVIOUS, ROWS)
    yield empty_url


def _identities(url: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(
                text("SELECT id, identity FROM server_identity"))]
    finally:
        engine.dispose()


def test_upgrade_keeps_the_rows_and_draws_one_identity(at_previous: str) -> None:
    from equitone.services import patients, time_travel
    from equitone.services.workspace import open_workspace

    open_database(_where(at_previous)).close()
    found = _identities(at_previous)
    assert len(found) == 1 and found[0][0] == 1 and len(found[0][1]) == 32
    engine = create_engine(at_previous)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            HEAD_REVISION)
        assert conn.execute(text("SELECT name, row_version FROM patients")).all() == [
            ("Zoë Ångström", 3)]
    engine.dispose()
    db = open_workspace(_where(at_previous))
    try:
        assert time_travel.identity(db) == found[0][1]  # opening again draws nothing
        assert patients.get_patient(db, 1).notes == "hip"
    finally:
        db.close()


@pytest.mark.sqlite_only("two fresh files stand for two databases")
def test_every_database_has_its_own_identity(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    open_database(first).close()
    open_database(second).close()
    assert _identities(f"sqlite:///{first}") != _identities(f"sqlite:///{second}")


@pytest.mark.sqlite_only("downgrade exists for development on the file")
def test_downgrade_drops_the_table_again(at_previous: str) -> None:
    upgrade_then_downgrade(at_previous, PREVIOUS)
    engine = create_engine(at_previous)
    with engine.connect() as conn:
        assert "server_identity" not in inspect(conn).get_table_names()
    engine.dispose()
