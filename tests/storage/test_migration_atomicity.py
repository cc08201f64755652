"""SQLite migrations are all-or-nothing, and what older versions left half-done is repaired.

pysqlite runs DDL outside any transaction unless one was begun explicitly, so a failure (or
a kill) in the middle of an upgrade used to keep its first statements: tables without a
version row ("not made by Equitone" at every start) or a column added twice ("duplicate
column name: row_version"). Here a statement is made to fail in the middle of each kind of
upgrade, and the leftovers of the old behaviour are opened. The kill tests at random moments
are tests/storage/test_migration_kills.py.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event

from equitone.errors import DatabaseError
from equitone.services.workspace import open_workspace
from equitone.storage.database import migrate, open_database
from equitone.storage.schema import APPLICATION_ID, HEAD_REVISION

PREVIOUS = "0004_audit_versions"


class InjectedError(RuntimeError):
    """The failure a test injects into one statement of a migration."""


def _fail_on(engine: Engine, fragment: str) -> None:
    """Make the first statement containing `fragment` fail (a full disk, a bug, a kill)."""

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if fragment in statement:
            raise InjectedError(f"injected failure on: {statement[:60]}")

    event.listen(engine, "before_cursor_execute", before)


def _schema(path: Path) -> list[tuple[str, str, str | None]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        conn.close()


def _revision(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


@pytest.fixture
def at_previous(tmp_path: Path) -> Iterator[Path]:
    """A file made by the previous release's schema, with a patient in it."""
    path = tmp_path / "clinic.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, PREVIOUS)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO patients (uuid, name, phone, email, address, notes, archived) "
            "VALUES ('" + "a" * 32 + "', 'Maria Keller', '', '', '', '', 0)")
    engine.dispose()
    yield path


def test_a_failed_first_creation_leaves_no_table_behind(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    _fail_on(engine, "CREATE TABLE sessions")  # migration 0003, after 0001 and 0002
    with pytest.raises(InjectedError):
        migrate(engine)
    engine.dispose()
    assert [row for row in _schema(path) if row[1] != "sqlite_sequence"] == []
    # The next start creates it: the file is empty and was never backed up, so the workspace
    # (every entry point's way in) starts it again instead of refusing it as emptied.
    open_workspace(path).close()
    assert _revision(path) == HEAD_REVISION


def test_a_failed_upgrade_leaves_the_previous_schema(at_previous: Path) -> None:
    before = _schema(at_previous)
    engine = create_engine(f"sqlite:///{at_previous}")
    _fail_on(engine, "ALTER TABLE sessions ADD")  # the third and last statement of 0005
    with pytest.raises(InjectedError):
        migrate(engine)
    engine.dispose()
    assert _schema(at_previous) == before
    assert _revision(at_previous) == PREVIOUS
    db = open_database(at_previous)  # no "duplicate column name: row_version"
    db.close()
    assert _revision(at_previous) == HEAD_REVISION


def test_an_upgrade_an_older_version_left_half_done_is_finished(at_previous: Path) -> None:
    """An older Equitone killed after the first statement of 0005: patients has the column,
    the version row still says 0004."""
    conn = sqlite3.connect(at_previous)
    conn.execute("ALTER TABLE patients ADD COLUMN row_version INTEGER DEFAULT 1 NOT NULL")
    conn.commit()
    conn.close()
    db = open_database(at_previous)
    with db.engine.connect() as c:
        for table in ("patients", "assessments", "sessions"):
            assert c.exec_driver_sql(f"SELECT row_version FROM {table}").fetchall() in (
                [], [(1,)])
    db.close()
    assert _revision(at_previous) == HEAD_REVISION


def _left_by_an_older_creation(path: Path, revision: str | None, drop: tuple[str, ...]) -> None:
    """What an older Equitone killed during its first creation left: empty tables, and
    either no version row or one that is behind the tables."""
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0002_assessments")
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM alembic_version")
        if revision is not None:
            conn.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{revision}')")
        for table in drop:
            conn.exec_driver_sql(f"DROP TABLE {table}")
    engine.dispose()


@pytest.mark.parametrize(("revision", "drop"), [
    (None, ()),  # every table of 0001 and 0002, no version row
    (None, ("psfs_items", "tone_tags")),  # stopped inside 0002
    ("0001_foundation", ("psfs_items",)),  # 0001 recorded, 0002 half made
])
def test_an_interrupted_first_creation_is_started_over(
    tmp_path: Path, revision: str | None, drop: tuple[str, ...]
) -> None:
    path = tmp_path / "clinic.sqlite3"
    _left_by_an_older_creation(path, revision, drop)
    open_database(path).close()
    assert _revision(path) == HEAD_REVISION
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_half_made_file_with_data_is_never_started_over(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    _left_by_an_older_creation(path, None, ())
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO patients (name, phone, email, address, notes, archived) "
                 "VALUES ('Maria Keller', '', '', '', '', 0)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not made by Equitone"):
        open_database(path)
    assert path.read_bytes() == before


def test_another_programs_file_is_never_started_over(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY)")  # one of our names
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")  # and one of theirs
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not made by Equitone"):
        open_database(path)
    assert {row[1] for row in _schema(path)} == {"patients", "notes"}


def test_what_a_killed_creation_left_is_removed_at_the_next_start(tmp_path: Path) -> None:
    """Killed after linking the new file into place, before removing its building name: a
    second name of the live database; or killed while building: a half-made file."""
    import subprocess
    import sys

    path = tmp_path / "clinic.sqlite3"
    open_database(path).close()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(gone.stdout)
    second_name = tmp_path / f".clinic.sqlite3.new-{dead}"
    os.link(path, second_name)
    half_made = tmp_path / f".clinic.sqlite3.new-{dead}-wal"
    half_made.write_bytes(b"\0" * 100)
    mine = tmp_path / f".clinic.sqlite3.new-{os.getppid()}"  # a live process's: kept
    mine.write_bytes(b"")
    open_database(path).close()
    assert sorted(p.name for p in tmp_path.glob(".*")) == [mine.name]
    assert _revision(path) == HEAD_REVISION
