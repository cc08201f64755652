"""Test set-up: offscreen Qt, a private home folder and a fresh database per test.

Engines: tests/storage, tests/services and tests/cli run on both SQLite and PostgreSQL. Their
conftests define `db` (and the CLI's `run`) over `db_target`, which is parametrized by
`backend_name` ("sqlite" | "postgres"; test ids end in [sqlite] / [postgres]). A test stays
on SQLite only when it asks for `db_path` (it works on the file itself) or is marked
`@pytest.mark.sqlite_only("why")`. The PostgreSQL side comes from tests/pg/fixtures.py.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the user's real keyring: stored passwords go to the private file in EQUITONE_HOME
# (tests that need a keyring install an in-memory one).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from equitone.storage.database import Database

# CI runs the property and fuzz tests on a fixed sequence of examples, so a submission's result
# is reproducible; a developer's run stays random and keeps finding new cases.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

pytest_plugins = ["tests.pg.fixtures"]

BACKENDS = ("sqlite", "postgres")


def pytest_unconfigure(config: pytest.Config) -> None:
    """A chart test copies to the clipboard; offscreen, that crashes the interpreter at exit
    unless released (equitone.ui.clipboard explains), which would fail the run with 139."""
    from equitone.ui.clipboard import release_process_local_clipboard

    release_process_local_clipboard()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): runs on SQLite only (file-specific behaviour)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses `backend_name` once per engine (see the module docstring)."""
    if "backend_name" not in metafunc.fixturenames:
        return
    only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None or (
        "db_path" in metafunc.fixturenames
    )
    metafunc.parametrize("backend_name", ["sqlite"] if only_sqlite else list(BACKENDS))


@pytest.fixture
def db_target(backend_name: str, request: pytest.FixtureRequest) -> str:
    """The database of this test: a copied SQLite file's path or a cloned PostgreSQL URL
    (migrated, catalog loaded). Pass it to `open_workspace` or `--db`."""
    if backend_name == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return str(request.getfixturevalue("db_path"))


@pytest.fixture(autouse=True)
def every_database_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Close every Database a test opened, the ones the code under test opened for itself
    too (a window opening its file, a restore reopening it): one left open is collected later,
    during another test, whose run then fails on an "unclosed database" warning."""
    opened: list[Database] = []
    init = Database.__init__

    def noting(self: Database, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(Database, "__init__", noting)
    yield
    for db in opened:
        db.close()  # disposing an engine twice is harmless


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
def engine_db(db_target: str) -> Iterator[Database]:
    """`db` on each engine; the engine-parametrized suites alias their `db` to it."""
    from equitone.services.workspace import open_workspace

    database = open_workspace(db_target)
    yield database
    database.close()


@pytest.fixture
def bridge(monkeypatch: pytest.MonkeyPatch) -> object:
    """The window's prompt bridge, answering from a script (tests/prompts.py)."""
    from equitone.ui import prompts
    from tests.prompts import ScriptedPrompts

    scripted = ScriptedPrompts()
    monkeypatch.setattr(prompts, "bridge", scripted)
    return scripted


@pytest.fixture
def pictures() -> object:
    """The services' painter in tests below the window (no Qt): tests/pictures.py."""
    from tests.pictures import RecordedPictures

    return RecordedPictures()
