"""Opening a PostgreSQL database: migrations, refusals untouched, the audit trail's triggers,
failures as one clear sentence, reconnecting after a restart, one upgrade at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from equitone.errors import (
    DatabaseBusyError,
    DatabaseError,
    NewerSchemaError,
    ServerLoginError,
    ServerUnavailableError,
)
from equitone.services.patients import list_patients
from equitone.services.workspace import open_workspace
from equitone.storage.database import migrate, open_database
from equitone.storage.location import DatabaseLocation
from equitone.storage.models import Base
from equitone.storage.schema import HEAD_REVISION, REVISIONS, compared
from tests.pg.cluster import Cluster


@pytest.fixture
def raw(pg_url: str) -> Iterator[Engine]:
    """A plain engine on the test database (no Equitone listeners)."""
    engine = create_engine(pg_url)
    yield engine
    engine.dispose()


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_models_match_the_migrated_schema(pg_empty_url: str) -> None:
    db = open_database(pg_empty_url)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": compared})
        diff = compare_metadata(context, Base.metadata)
    db.close()
    assert diff == []


def test_upgrade_step_by_step_from_an_empty_database(pg_empty_url: str) -> None:
    engine = create_engine(pg_empty_url)
    for revision in REVISIONS:
        migrate(engine, revision)
        assert _revision(engine) == revision
    engine.dispose()


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET actor = 'someone else'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
], ids=["update", "delete", "truncate"])
def test_the_audit_trail_is_append_only(pg_url: str, raw: Engine, statement: str) -> None:
    from equitone.domain.patients import PatientDraft
    from equitone.services.patients import create_patient

    db = open_workspace(pg_url)
    create_patient(db, PatientDraft(name="Audited"))
    db.close()
    with pytest.raises(DBAPIError, match="append-only"), raw.begin() as conn:
        conn.execute(text(statement))
    with raw.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 1


def test_patient_uuids_are_filled_and_kept(raw: Engine) -> None:
    with raw.begin() as conn:
        uuid = conn.execute(text(
            "INSERT INTO patients (name, phone, email, address, notes, archived) "
            "VALUES ('Bulk', '', '', '', '', false) RETURNING uuid")).scalar()
    assert isinstance(uuid, str) and len(uuid) == 32 and int(uuid, 16) >= 0
    with pytest.raises(DBAPIError, match="keeps its uuid"), raw.begin() as conn:
        conn.execute(text("UPDATE patients SET uuid = NULL"))


def test_server_timestamps_are_utc_like_sqlite(pg_url: str, raw: Engine) -> None:
    from datetime import UTC, datetime

    name = DatabaseLocation.parse(pg_url).database
    with raw.begin() as conn:  # a server in another zone than UTC
        conn.execute(text(f"ALTER DATABASE \"{name}\" SET TimeZone = 'America/Los_Angeles'"))
    raw.dispose()  # new sessions get the database's setting
    with raw.connect() as conn:
        assert conn.execute(text("SHOW TimeZone")).scalar() == "America/Los_Angeles"
    db = open_workspace(pg_url)
    with db.engine.connect() as conn:
        stamp = conn.execute(text("SELECT CAST(current_timestamp AS timestamp)")).scalar()
    db.close()
    now = datetime.now(UTC).replace(tzinfo=None)
    assert abs((now - stamp).total_seconds()) < 60


def test_a_newer_schema_is_refused_untouched(pg_url: str, raw: Engine) -> None:
    with raw.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(NewerSchemaError, match="newer version of Equitone") as caught:
        open_workspace(pg_url)
    assert "postgresql://equitone_test@127.0.0.1" in str(caught.value)
    assert _revision(raw) == "9999_from_the_future"


def test_another_programs_tables_are_refused_untouched(pg_empty_url: str) -> None:
    engine = create_engine(pg_empty_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer primary key)"))
    with pytest.raises(DatabaseError, match="not made by Equitone"):
        open_workspace(pg_empty_url)
    with engine.connect() as conn:
        assert conn.execute(text(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )).scalar() == 1
    engine.dispose()


def test_an_unreachable_server_is_one_clear_sentence(pg_cluster: Cluster) -> None:
    with pytest.raises(ServerUnavailableError, match="Cannot reach the clinic server") as caught:
        open_workspace("postgresql://kim:s3cret@127.0.0.1:1/clinic")
    message = str(caught.value)
    assert "\n" not in message and "s3cret" not in message
    assert "postgresql://kim@127.0.0.1:1/clinic" in message


def test_a_missing_database_is_named(pg_cluster: Cluster) -> None:
    url = pg_cluster.url("no_such_clinic")
    with pytest.raises(DatabaseError, match="does not exist") as caught:
        open_workspace(url)
    assert "no_such_clinic" in str(caught.value) and "\n" not in str(caught.value)


def test_a_wrong_password_is_a_login_error_without_the_password(
    pg_cluster: Cluster, pg_url: str
) -> None:
    role = pg_cluster.create_password_role("right-one")
    address = DatabaseLocation.parse(pg_url)
    wrong = f"postgresql://{role}:wrong-one@127.0.0.1:{address.port}/{address.database}"
    with pytest.raises(ServerLoginError, match=f"refused the login of '{role}'") as caught:
        open_workspace(wrong)
    assert "wrong-one" not in str(caught.value) and "\n" not in str(caught.value)
    pg_cluster.grant_all(address.database, role)
    right = wrong.replace("wrong-one", "right-one")
    db = open_workspace(right)
    assert "right-one" not in db.describe() and "right-one" not in repr(db.engine)
    db.close()


def test_a_locked_row_is_reported_busy_not_a_traceback(
    pg_url: str, raw: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from equitone.domain.patients import PatientDraft
    from equitone.services.patients import create_patient, update_patient
    from equitone.storage import engines

    db = open_workspace(pg_url)
    patient = create_patient(db, PatientDraft(name="Locked"))
    db.close()
    monkeypatch.setattr(engines, "BUSY_TIMEOUT_MS", 300)
    db = open_workspace(pg_url)
    with raw.connect() as holder:  # another workstation holds the row
        holder.execute(text("SELECT 1 FROM patients WHERE id = :id FOR UPDATE"),
                       {"id": patient.id})
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError, match="busy") as caught:
            update_patient(db, patient.id, PatientDraft(name="Changed"))
        waited = time.monotonic() - started
        holder.rollback()
    assert 0.25 <= waited < 5 and "\n" not in str(caught.value)
    assert [p.name for p in list_patients(db)] == ["Locked"]
    db.close()


def test_a_restarted_server_is_reconnected_to(
    pg_url: str, pg_server_down: object
) -> None:
    db = open_workspace(pg_url)
    assert list_patients(db) == []
    with pg_server_down():  # type: ignore[operator]
        with pytest.raises(ServerUnavailableError) as caught:
            list_patients(db)
        assert "\n" not in str(caught.value)
    assert list_patients(db) == []  # the pool noticed the dead connection and made a new one
    db.close()


def test_two_workstations_upgrading_at_once_upgrade_once(pg_empty_url: str) -> None:
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            open_workspace(pg_empty_url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    engine = create_engine(pg_empty_url)
    assert _revision(engine) == HEAD_REVISION
    engine.dispose()
