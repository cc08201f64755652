"""Test set-up: offscreen Qt, a private home folder and a fresh database per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from equitone.storage.database import Database


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real user profile and from each other."""
    home = tmp_path / "home"
    monkeypatch.setenv("EQUITONE_HOME", str(home))
    monkeypatch.delenv("EQUITONE_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated database with the catalog loaded, made once and copied per test."""
    from equitone.services.workspace import open_workspace

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = open_workspace(path)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, template_database: Path) -> Path:
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(template_database, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    from equitone.services.workspace import open_workspace

    database = open_workspace(db_path)
    yield database
    database.close()


@pytest.fixture
def bridge(monkeypatch: pytest.MonkeyPatch) -> object:
    from equitone.ui import messages

    recorder = messages.RecordingBridge()
    monkeypatch.setattr(messages, "bridge", recorder)
    return recorder
