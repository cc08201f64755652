"""Indexes for the patient search on PostgreSQL: a keystroke's query stays fast at 10,000.

The search (services/patients.list_patients) matches every typed word anywhere in the stored
`search_key` and returns the first page in the list's order (`name_sort_key` compared byte by
byte). Without an index in that order, PostgreSQL read every patient and sorted the matches
for each keystroke. Two indexes, on PostgreSQL only:

- `ix_patients_name_order` (name_sort_key COLLATE "C", id): a search matching thousands (one
  or two letters) reads patients in order and stops at the page's end;
- `ix_patients_search_trigrams`, a GIN index of the keys' trigrams (the pg_trgm extension):
  a search matching few finds them without reading the rest. pg_trgm ships with PostgreSQL
  and is a trusted extension, but a server without the contrib package, or a role that may
  not create it, simply goes without this index (the search is right either way).

SQLite reads its name index (0011) in order already and stays as it is.

Revision ID: 0012_patient_search_indexes
Revises: 0011_patient_search_keys
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_patient_search_indexes"
down_revision = "0011_patient_search_keys"
branch_labels = None
depends_on = None


def extension_available(conn: sa.Connection, name: str) -> bool:
    """Create the extension if it is not there yet; False when this server or role cannot (a
    failed CREATE EXTENSION is rolled back to its savepoint, the migration goes on)."""
    try:
        with conn.begin_nested():
            conn.execute(sa.text(f'CREATE EXTENSION IF NOT EXISTS "{name}"'))
    except sa.exc.DBAPIError:
        return False
    return True


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    op.create_index("ix_patients_name_order", "patients",
                    [sa.text('name_sort_key COLLATE "C"'), "id"])
    if extension_available(conn, "pg_trgm"):
        op.create_index("ix_patients_search_trigrams", "patients", ["search_key"],
                        postgresql_using="gin", postgresql_ops={"search_key": "gin_trgm_ops"})
    conn.execute(sa.text("ANALYZE patients"))  # the planner sees the new indexes at once


def downgrade() -> None:
    # Development only (a clinic's database is never downgraded); pg_trgm stays installed.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_patients_search_trigrams")
    op.drop_index("ix_patients_name_order", table_name="patients")
