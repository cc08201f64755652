"""Foundation: patients, the muscle and exercise catalogs, settings, meta.

Revision ID: 0001_foundation
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None

APPLICATION_ID = 0x45715431  # keep equal to equitone.storage.schema.APPLICATION_ID


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(64), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("preferred_modality", sa.String(80), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(), server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.Column(
            "updated_at", sa.DateTime(), server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
    )
    op.create_index("ix_patients_name", "patients", ["name"])
    op.create_index("ix_patients_archived", "patients", ["archived"])
    op.create_table(
        "muscles",
        sa.Column("slug", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("short_name", sa.String(60), nullable=False),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("layer", sa.String(20), nullable=False),
        sa.Column("views", sa.JSON(), nullable=False),
        sa.Column("janda", sa.String(20), nullable=False),
        sa.Column("antagonists", sa.JSON(), nullable=False),
        sa.Column("compensators", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
    )
    op.create_table(
        "exercises",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
        sa.Column("name", sa.String(160), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("muscles", sa.JSON(), nullable=False),
        sa.Column("muscle_parameter", sa.Boolean(), nullable=False),
        sa.Column("sustained", sa.Boolean(), nullable=False),
        sa.Column("performer", sa.String(20), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("hold_seconds", sa.Integer(), nullable=True),
        sa.Column("rest_seconds", sa.Integer(), nullable=False),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.Column("instruction", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("custom", sa.Boolean(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_exercises_kind", "exercises", ["kind"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=True),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in ("meta", "settings", "exercises", "muscles", "patients"):
        op.drop_table(table)
