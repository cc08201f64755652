"""Steps the migration tests share: where a test database is, and going back a revision."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, create_engine

from equitone.storage.database import migrate, open_database


def where(url: str) -> str | Path:
    """What `open_database` takes for a test URL: the file of a SQLite URL, else the URL."""
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite") else url


def upgrade_then_downgrade(url: str, revision: str) -> None:
    """Open (and so migrate to the head) the database at `url`, then downgrade it to
    `revision` with Alembic, as a developer would."""
    from alembic import command
    from alembic.config import Config

    open_database(where(url)).close()
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", "equitone.storage:migrations")
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, revision)
    finally:
        engine.dispose()


def seed_at(url: str, revision: str, rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    """Bring the empty database at `url` to `revision` and insert `rows` (table name → rows)
    through reflected tables: each engine's own types, as that version's code would write."""
    engine = create_engine(url)
    try:
        migrate(engine, revision)
        with engine.begin() as conn:
            for name, table_rows in rows.items():
                conn.execute(Table(name, MetaData(), autoload_with=conn).insert(),
                             list(table_rows))
    finally:
        engine.dispose()
