"""`migrate-to`: the demo clinic copied from SQLite into an empty PostgreSQL database, verified;
refusals leave the target untouched; a failure half-way leaves it empty."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from equitone.errors import DatabaseError, EquitoneError, ValidationError
from equitone.services import migrate as migrating
from equitone.services.migrate import migrate_to
from equitone.services.patients import create_patient, list_patients
from equitone.services.workspace import open_workspace
from equitone.storage import copy as copying
from equitone.storage.copy import OWN_TABLES
from equitone.storage.database import Database
from equitone.storage.models import Base

pytestmark = pytest.mark.usefixtures("pg_cluster")


@pytest.fixture
def demo_file(tmp_path: Path, demo_database: Path) -> Iterator[Database]:
    path = tmp_path / "solo.sqlite3"
    shutil.copyfile(demo_database, path)
    database = open_workspace(path)
    yield database
    database.close()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()")).scalars())
    finally:
        engine.dispose()


def test_demo_clinic_is_copied_and_verified(demo_file: Database, pg_empty_url: str) -> None:
    seen: list[tuple[str, int, int]] = []
    before = list_patients(demo_file, include_archived=True)
    result = migrate_to(demo_file, pg_empty_url, progress=lambda *a: seen.append(a))
    assert result.ok and result.rows > 2000
    copied = set(Base.metadata.tables) - OWN_TABLES  # the identity is each database's own
    assert {t.table for t in result.tables} == copied
    for check in result.tables:
        assert check.source_rows == check.target_rows
        assert check.source_sha256 == check.target_sha256 and len(check.target_sha256) == 64
    assert {name for name, done, total in seen if done == total} == copied
    assert "***" not in result.target and result.source == str(demo_file.path)
    engine = create_engine(pg_empty_url)
    with engine.connect() as conn:  # analysed: the planner knows the copied rows at once
        tuples = conn.execute(text(
            "SELECT reltuples FROM pg_class WHERE relname = 'patients'")).scalar()
    engine.dispose()
    assert tuples == len(before)
    server = open_workspace(pg_empty_url)
    try:
        assert server.is_server
        assert list_patients(server, include_archived=True) == before
        # a database of its own: edits waiting for the file are not written to it unseen
        from equitone.services.time_travel import identity

        assert identity(server) != identity(demo_file) and len(identity(server)) == 32
        # several states per side, length tests and the neurological mark come across
        from equitone.services.assessments import history

        tomas = next(p for p in before if p.name == "Tomás Ferreira")
        visits = history(server, tomas.id)
        assert visits == history(demo_file, tomas.id)
        assert any(len(t.states) > 1 for t in visits[0].tags)
        assert any(t.measures.rom_test for t in visits[0].tags)
        # the id sequences moved past the copied rows: new records get fresh ids
        newest = max(p.id for p in before)
        from equitone.domain.patients import PatientDraft

        added = create_patient(server, PatientDraft(name="First patient on the server"))
        assert added.id == newest + 1
    finally:
        server.close()
    assert list_patients(demo_file, include_archived=True) == before  # the source is untouched


def test_a_target_that_is_not_empty_is_refused_untouched(
    demo_file: Database, pg_url: str
) -> None:
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        before = copying.digests(conn)
    with pytest.raises(ValidationError, match="not empty") as caught:
        migrate_to(demo_file, pg_url)
    assert "\n" not in str(caught.value) and "Nothing was changed" in str(caught.value)
    with engine.connect() as conn:
        assert copying.digests(conn) == before
    engine.dispose()


def test_foreign_tables_are_refused_untouched(demo_file: Database, pg_empty_url: str) -> None:
    engine = create_engine(pg_empty_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer primary key)"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="not made by Equitone"):
        migrate_to(demo_file, pg_empty_url)
    assert _tables(pg_empty_url) == {"invoices"}


def test_a_failure_half_way_leaves_the_target_empty(
    demo_file: Database, pg_empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = copying.copy_rows

    def copy_then_fail(*args: object, **kwargs: object) -> dict[str, int]:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise DatabaseError("The network went away (simulated).")

    monkeypatch.setattr(migrating, "copy_rows", copy_then_fail)
    with pytest.raises(DatabaseError, match="simulated"):
        migrate_to(demo_file, pg_empty_url)
    assert _tables(pg_empty_url) == set()  # schema and rows rolled back together


def test_a_difference_found_before_commit_rolls_everything_back(
    demo_file: Database, pg_empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = copying.copy_rows

    def copy_and_lose_a_row(source: object, target: object, progress: object = None) -> object:
        copied = real(source, target, progress)  # type: ignore[arg-type]
        lose = text("DELETE FROM tone_tags WHERE id = (SELECT min(id) FROM tone_tags)")
        target.execute(lose)  # type: ignore[attr-defined]
        return copied

    monkeypatch.setattr(migrating, "copy_rows", copy_and_lose_a_row)
    with pytest.raises(DatabaseError, match="differs from the source in: tone_tags"):
        migrate_to(demo_file, pg_empty_url)
    assert _tables(pg_empty_url) == set()


@pytest.mark.parametrize(
    ("address", "message"),
    [("/tmp/other.sqlite3", "copies into a PostgreSQL database"),
     ("mysql://u@h/d", "cannot use a 'mysql' database"),
     ("postgresql://kim@127.0.0.1:1/none", "Cannot reach the clinic server")],
    ids=["file", "other-engine", "unreachable"],
)
def test_bad_targets_are_one_clear_line(
    demo_file: Database, address: str, message: str
) -> None:
    with pytest.raises(EquitoneError, match=message) as caught:
        migrate_to(demo_file, address)
    assert "\n" not in str(caught.value)


def test_values_the_server_cannot_hold_are_named_not_an_internal_error(
    demo_file: Database, pg_empty_url: str
) -> None:
    """Rows stored on SQLite before the limits (or by hand): a 100-digit phone, a NUL in the
    findings. Refused before anything is committed, with the rows named."""
    from sqlalchemy import update

    from equitone.storage.models import AssessmentRow, PatientRow

    with demo_file.engine.begin() as conn:
        first = conn.execute(select(func.min(PatientRow.id))).scalar_one()
        visit = conn.execute(select(func.min(AssessmentRow.id))).scalar_one()
        conn.execute(update(PatientRow).where(PatientRow.id == first).values(phone="1" * 100))
        conn.execute(update(AssessmentRow).where(AssessmentRow.id == visit).values(
            findings="before\x00after"))
    with pytest.raises(ValidationError) as caught:
        migrate_to(demo_file, pg_empty_url)
    message = str(caught.value)
    assert "\n" not in message
    assert f"patients {first}: phone is 100 characters (at most 64)" in message
    assert f"assessments {visit}: findings contains a NUL character" in message
    assert "nothing was copied" in message
    assert _tables(pg_empty_url) == set()


def test_a_value_the_server_refuses_unforeseen_is_one_line(
    demo_file: Database, pg_empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the checks before the copy miss a kind of value, the server's refusal is still
    one line (its own words, never the row's data) and nothing is committed."""
    from sqlalchemy import update

    from equitone.storage.models import PatientRow

    with demo_file.engine.begin() as conn:
        conn.execute(update(PatientRow).values(phone="secret-" + "1" * 100))
    monkeypatch.setattr(copying, "misfits", lambda table, row: [])
    with pytest.raises(DatabaseError, match="value too long") as caught:
        migrate_to(demo_file, pg_empty_url)
    assert "\n" not in str(caught.value) and "secret" not in str(caught.value)
    assert _tables(pg_empty_url) == set()
