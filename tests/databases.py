"""Databases in states a test needs to start from (shared by the storage, service and CLI
tests)."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

Where = TypeVar("Where", Path, str)


def older_database(path: Where) -> Where:
    """A database (file path or server URL) at the schema before the current one, as the
    previous version of Equitone left it; returns `path`."""
    from sqlalchemy import create_engine

    from equitone.storage.database import migrate
    from equitone.storage.schema import REVISIONS

    engine = create_engine(path if isinstance(path, str) else f"sqlite:///{path}")
    migrate(engine, REVISIONS[-2])
    engine.dispose()
    return path
