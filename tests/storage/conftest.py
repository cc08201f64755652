"""Storage tests run on SQLite and PostgreSQL (see tests/conftest.py)."""

from __future__ import annotations

import pytest

from equitone.storage.database import Database


@pytest.fixture
def db(engine_db: Database) -> Database:
    return engine_db
