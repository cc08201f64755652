"""Upgrading a schema: Alembic's migrations, in one transaction on either engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from equitone.storage import sqlite_migration

if TYPE_CHECKING:
    from equitone.storage.engines import Backend


def migrate(engine: Engine, target: str = "head", backend: Backend | None = None) -> None:
    """Run Alembic migrations up to `target` (imported lazily: Alembic costs start-up time).

    One transaction on either engine, so an upgrade that fails or is killed half-way leaves
    the schema as it was: PostgreSQL's DDL is transactional, and SQLite's is once the
    transaction is begun explicitly (storage/sqlite_migration.py). The backend may lock out
    other workstations upgrading at the same moment."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            sqlite_migration.begin(connection)
        if backend is not None:
            backend.lock_for_migration(connection)
        run_migrations(connection, target)


def run_migrations(connection: Connection, target: str = "head") -> None:
    """Alembic's upgrade on `connection`, inside the caller's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "equitone.storage:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, target)
