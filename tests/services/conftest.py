from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from equitone.storage.database import Database

DEMO_TODAY = date(2026, 11, 25)


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


@pytest.fixture
def demo_db(tmp_path: Path, demo_database: Path) -> Iterator[Database]:
    from equitone.services.workspace import open_workspace

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_database, path)
    database = open_workspace(path)
    yield database
    database.close()
