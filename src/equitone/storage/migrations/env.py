"""Alembic environment: always run online, on the connection the app hands over."""

from __future__ import annotations

from alembic import context

from equitone.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app always passes a connection
    raise RuntimeError("Equitone migrations run through equitone.storage.database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
