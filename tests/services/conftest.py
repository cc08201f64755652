"""Service tests run on SQLite and PostgreSQL (see tests/conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from equitone.storage.database import Database
from tests.pg.cluster import Cluster
from tests.pg.fixtures import clone

DEMO_TODAY = date(2026, 11, 25)
PG_DEMO_TEMPLATE = "equitone_demo"


@pytest.fixture
def db(engine_db: Database) -> Database:
    return engine_db


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory, template_database: Path) -> Path:
    """The demo clinic, built once; tests copy it (or only read it)."""
    from equitone.services.demo import load_demo
    from equitone.services.workspace import open_workspace

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copyfile(template_database, path)
    db = open_workspace(path)
    load_demo(db, today=DEMO_TODAY)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture(scope="session")
def pg_demo_template(pg_cluster: Cluster, pg_template: str) -> str:
    """The demo clinic on PostgreSQL, built once as a template for `demo_db`."""
    from equitone.services.demo import load_demo
    from equitone.services.workspace import open_workspace

    pg_cluster.create_database(PG_DEMO_TEMPLATE, template=pg_template)
    db = open_workspace(pg_cluster.url(PG_DEMO_TEMPLATE))
    load_demo(db, today=DEMO_TODAY)
    db.close()
    return PG_DEMO_TEMPLATE


@pytest.fixture
def demo_target(backend_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh copy of the demo clinic: a file path or a PostgreSQL URL."""
    if backend_name == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        yield from clone(cluster, request.getfixturevalue("pg_demo_template"))
        return
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(request.getfixturevalue("demo_database"), path)
    yield str(path)


@pytest.fixture
def demo_db(demo_target: str) -> Iterator[Database]:
    from equitone.services.workspace import open_workspace

    database = open_workspace(demo_target)
    yield database
    database.close()
