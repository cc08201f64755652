"""Steps the migration tests share: where a test database is, and going back a revision."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine

from equitone.storage.database import open_database


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
