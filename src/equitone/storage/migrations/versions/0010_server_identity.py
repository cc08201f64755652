"""The database's identity: a random id drawn once, kept through dump and restore.

A workstation whose edits wait for the server (services/journal.py) remembers which database
they were made on. Before writing them it checks that the server it reaches is the same
database (this id) and has not gone back in time (services/time_travel.py). The id is data,
so a pg_dump/pg_restore or a copied file keeps it; it changes only on purpose — migrate-to
draws a new one for its copy, as does `equitone admin new-identity`.

Its own table of one row, outside the clinical tables (storage/copy.py does not copy it, like
alembic_version). Portable: CREATE TABLE and one INSERT on SQLite and PostgreSQL alike.

Revision ID: 0010_server_identity
Revises: 0009_exercise_pictures
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0010_server_identity"
down_revision = "0009_exercise_pictures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "server_identity",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("identity", sa.String(32), nullable=False),
        sa.Column("drawn_at_utc", sa.DateTime(), nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "identity": uuid.uuid4().hex,
                            "drawn_at_utc": datetime.now(UTC).replace(tzinfo=None)}])


def downgrade() -> None:
    # Development only (a clinic's database is never downgraded).
    op.drop_table("server_identity")
