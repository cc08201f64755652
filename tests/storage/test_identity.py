"""One answer to "is this an Equitone SQLite file?" for opening, checking and restoring."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from equitone.errors import DatabaseError
from equitone.storage.backup import inspect
from equitone.storage.schema import APPLICATION_ID, HEAD_REVISION, FileIdentity, identify
from equitone.storage.sqlite_backend import probe


def _identity(path: Path) -> FileIdentity:
    with sqlite3.connect(path) as conn:
        found = identify(lambda sql: conn.execute(sql).fetchall())
    conn.close()
    return found


def test_an_equitone_database(db_path: Path) -> None:
    found = _identity(db_path)
    assert found.equitone and found.revision == HEAD_REVISION
    assert found.application_id == APPLICATION_ID
    assert "patients" in found.tables and not found.empty


def test_another_programs_file_with_an_alembic_table_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (HEAD_REVISION,))
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    found = _identity(path)
    assert found.revision == HEAD_REVISION and not found.equitone
    with pytest.raises(DatabaseError, match="not made by Equitone"):
        probe(path)
    with pytest.raises(DatabaseError, match="not made by Equitone"):
        inspect(path)


def test_an_empty_sqlite_file_is_empty_not_foreign(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    sqlite3.connect(path).close()
    assert _identity(path).empty
