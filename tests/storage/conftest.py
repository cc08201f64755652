"""Storage tests run on SQLite and PostgreSQL (see tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from equitone.storage.database import Database


@pytest.fixture
def db(engine_db: Database) -> Database:
    return engine_db


@pytest.fixture
def empty_url(backend_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty database on the engine under test, for a migration test to build the
    previous version in."""
    if backend_name == "postgres":
        return str(request.getfixturevalue("pg_empty_url"))
    return f"sqlite:///{tmp_path / 'clinic-previous.sqlite3'}"
