"""Alembic history matches what the app believes, and the models match the migrations."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from equitone.storage.database import migrate, open_database
from equitone.storage.models import Base
from equitone.storage.schema import HEAD_REVISION, REVISIONS, compared


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", "equitone.storage:migrations")
    return ScriptDirectory.from_config(config)


def test_schema_revisions_list_matches_alembic_history() -> None:
    history = [rev.revision for rev in _scripts().walk_revisions()]
    assert tuple(reversed(history)) == REVISIONS
    assert _scripts().get_current_head() == HEAD_REVISION


def test_models_match_migrated_schema(tmp_path: Path) -> None:
    db = open_database(tmp_path / "m.sqlite3")
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": compared})
        diff = compare_metadata(context, Base.metadata)
    db.close()
    assert diff == []


def test_upgrade_step_by_step_from_empty_file(tmp_path: Path) -> None:
    """Each migration applies on a database made by the previous one."""
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'steps.sqlite3'}")
    for revision in REVISIONS:
        migrate(engine, revision)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                revision
            )
    engine.dispose()
