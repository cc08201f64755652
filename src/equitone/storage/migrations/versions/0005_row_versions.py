"""Row versions for optimistic concurrency on clinical records.

`patients.row_version`, `assessments.row_version`, `sessions.row_version`: a counter raised by
every change of the record (its own columns or its child rows: tags, PSFS items, blocks,
decisions). An editor remembers the number it loaded; a save that names an older number was
made on stale data and is refused (services/concurrency.py), so two workstations editing the
same record never overwrite each other silently. Not to be confused with `version` (an
assessment's amendment number, a session's delivered-version number).

Portable: plain ADD COLUMN with a server default, which SQLite and PostgreSQL both do in place
(no table copy: on SQLite a rebuild would DROP the table and cascade into its children).
Existing rows start at 1. A column already there is kept: older versions of Equitone ran
this upgrade on SQLite one statement at a time, and one killed half-way left the first
column added and the version row at 0004.

Revision ID: 0005_row_versions
Revises: 0004_audit_versions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_row_versions"
down_revision = "0004_audit_versions"
branch_labels = None
depends_on = None

TABLES = ("patients", "assessments", "sessions")


def upgrade() -> None:
    present = sa.inspect(op.get_bind())
    for table in TABLES:
        if "row_version" in {c["name"] for c in present.get_columns(table)}:
            continue  # added by an older Equitone killed in this upgrade (not atomic then)
        op.add_column(
            table,
            sa.Column("row_version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        )


def downgrade() -> None:
    # Development only (a clinic's database is never downgraded). Plain DROP COLUMN, which
    # both engines have (SQLite since 3.35).
    for table in reversed(TABLES):
        op.drop_column(table, "row_version")
